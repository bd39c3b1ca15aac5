package fakeaws

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// emulatorAccount is an account with one role (tagged, used), one user
// (tagged), one customer policy and one AWS-managed policy in use.
func emulatorAccount(e Emulator) *Account {
	used := time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC)
	return &Account{
		AccountID: "000000000000",
		Now:       time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC),
		Users: []User{{Name: "u", CreateDate: time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC), Tags: map[string]string{"k": "v"},
			AttachedPolicies: []string{"arn:aws:iam::000000000000:policy/P"}}},
		Roles: []Role{{Name: "r", CreateDate: time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC), AssumeRolePolicy: "{}",
			AttachedPolicies: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}, Tags: map[string]string{"k": "v"},
			LastUsed: &RoleLastUsed{Date: used, Region: "us-east-1"}}},
		Policies: []ManagedPolicy{{Name: "P", CreateDate: time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC),
			Versions: []PolicyVersion{{CreateDate: time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC), Document: "{}"}}}},
		Emulator: e,
	}
}

var collectorFilter = []types.EntityType{types.EntityTypeUser, types.EntityTypeGroup, types.EntityTypeRole, types.EntityTypeLocalManagedPolicy}

func TestEmulatorDefaultIsAWS(t *testing.T) {
	a := emulatorAccount(Emulator{})
	a.CredentialReport.Exists = true
	_, ic, _ := clients(t, a)
	out, err := ic.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{Filter: collectorFilter, MaxItems: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	if !out.IsTruncated || aws.ToString(out.Marker) == "" || len(out.UserDetailList) != 1 || len(out.UserDetailList[0].Tags) != 1 {
		t.Fatalf("page 1: truncated=%v marker=%q users=%+v", out.IsTruncated, aws.ToString(out.Marker), out.UserDetailList)
	}
	all, _ := allAuthz(t, ic, &iam.GetAccountAuthorizationDetailsInput{Filter: collectorFilter})
	if len(all.Policies) != 1 || len(all.Policies[0].PolicyVersionList) != 1 || all.RoleDetailList[0].RoleLastUsed == nil || len(all.RoleDetailList[0].Tags) != 1 {
		t.Fatalf("AWS-faithful details changed: %+v", all)
	}
	rep, err := ic.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
	if err != nil || rep.GeneratedTime == nil {
		t.Fatalf("GeneratedTime missing by default: %v", err)
	}
}

func TestEmulatorAuthorizationDetails(t *testing.T) {
	_, ic, _ := clients(t, emulatorAccount(Emulator{
		IgnoreAuthzFilter: true, NoPaging: true, OmitRoleLastUsed: true, OmitTags: true, OmitPolicyVersionList: true,
		TimestampStyle: TimestampMillis,
	}))
	// MaxItems 1 is ignored: one page, with neither IsTruncated nor Marker.
	out, err := ic.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{Filter: collectorFilter, MaxItems: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	if out.IsTruncated || out.Marker != nil || len(out.UserDetailList) != 1 || len(out.RoleDetailList) != 1 {
		t.Fatalf("truncated=%v marker=%v users=%d roles=%d", out.IsTruncated, out.Marker, len(out.UserDetailList), len(out.RoleDetailList))
	}
	// The filter excludes AWS-managed policies; the whole catalog comes anyway.
	var awsManaged, customer int
	for _, p := range out.Policies {
		if strings.Contains(*p.Arn, ":aws:policy/") {
			awsManaged++
		} else {
			customer++
		}
		if p.PolicyVersionList != nil {
			t.Fatalf("%s has a PolicyVersionList", *p.Arn)
		}
	}
	if customer != 1 || awsManaged != len(BuiltinAWSManagedPolicies()) {
		t.Fatalf("customer=%d aws=%d, want 1 and %d", customer, awsManaged, len(BuiltinAWSManagedPolicies()))
	}
	r, u := out.RoleDetailList[0], out.UserDetailList[0]
	if r.RoleLastUsed != nil || r.Tags != nil || u.Tags != nil {
		t.Fatalf("role last used %+v, role tags %v, user tags %v", r.RoleLastUsed, r.Tags, u.Tags)
	}
	// Milliseconds parse to the same instant.
	if !u.CreateDate.Equal(time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("user create date %v", u.CreateDate)
	}
	// GetPolicyVersion still answers for the versions the listing left out.
	v, err := ic.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String("arn:aws:iam::000000000000:policy/P"), VersionId: aws.String("v1")})
	if err != nil || decodeDoc(t, *v.PolicyVersion.Document) != "{}" {
		t.Fatalf("GetPolicyVersion: %v", err)
	}
}

func TestEmulatorTimestampStyles(t *testing.T) {
	for style, want := range map[string]string{
		"":              "<CreateDate>2026-01-10T09:00:00Z</CreateDate>",
		TimestampMillis: "<CreateDate>2026-01-10T09:00:00.000Z</CreateDate>",
		TimestampOffset: "<CreateDate>2026-01-10T09:00:00+00:00</CreateDate>",
	} {
		srv := New(emulatorAccount(Emulator{TimestampStyle: style}))
		st, body := post(t, srv, "Action=GetAccountAuthorizationDetails&Version=2010-05-08", true)
		srv.Close()
		if st != 200 || !strings.Contains(body, want) {
			t.Errorf("style %q: %d, want %s in\n%s", style, st, want, body)
		}
	}
}

func TestEmulatorSummaryAndReport(t *testing.T) {
	a := emulatorAccount(Emulator{OmitSummaryKeys: []string{"AccountPasswordPresent"}, OmitReportGeneratedTime: true})
	a.CredentialReport.Exists = true
	_, ic, _ := clients(t, a)
	sum, err := ic.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := sum.SummaryMap["AccountPasswordPresent"]; ok {
		t.Fatal("AccountPasswordPresent still reported")
	}
	if v, ok := sum.SummaryMap["AccountMFAEnabled"]; !ok || v != 0 {
		t.Fatalf("AccountMFAEnabled %d %v", v, ok)
	}
	rep, err := ic.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.GeneratedTime != nil || len(rep.Content) == 0 {
		t.Fatalf("GeneratedTime %v, %d bytes", rep.GeneratedTime, len(rep.Content))
	}
}
