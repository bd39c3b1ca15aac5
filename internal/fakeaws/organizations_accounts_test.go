package fakeaws

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

func startOrg(t *testing.T, mgmt *Account, org *OrgFixture) (*Server, aws.Config) {
	t.Helper()
	srv, err := NewOrganization(mgmt, org)
	if err != nil {
		t.Fatal(err)
	}
	srv.SetResponseDelay(0)
	t.Cleanup(srv.Close)
	return srv, aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		RetryMaxAttempts: 1,
		HTTPClient:       HTTPClient(),
	}
}

func orgClient(srv *Server, cfg aws.Config) *organizations.Client {
	return organizations.NewFromConfig(cfg, func(o *organizations.Options) { o.BaseEndpoint = aws.String(srv.URL()) })
}

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func TestListAccountsPaging(t *testing.T) {
	mgmt, org := GenerateOrganization(4, 2, 40)
	org.Members[1].State = "SUSPENDED"
	org.Members[2].State = "CLOSED"
	srv, cfg := startOrg(t, mgmt, org)
	oc := orgClient(srv, cfg)
	var ids, states, statuses []string
	p := organizations.NewListAccountsPaginator(oc, &organizations.ListAccountsInput{MaxResults: aws.Int32(2)})
	pages := allPages(t, p.HasMorePages, p.NextPage)
	for _, out := range pages {
		if len(out.Accounts) > 2 {
			t.Fatalf("page of %d accounts with MaxResults 2", len(out.Accounts))
		}
		for _, a := range out.Accounts {
			ids = append(ids, aws.ToString(a.Id))
			states = append(states, string(a.State))
			statuses = append(statuses, string(a.Status)) //nolint:staticcheck
			if want := "arn:aws:organizations::" + mgmt.AccountID + ":account/" + org.ID + "/" + aws.ToString(a.Id); aws.ToString(a.Arn) != want {
				t.Errorf("Arn %s, want %s", aws.ToString(a.Arn), want)
			}
			if a.JoinedTimestamp == nil || a.JoinedMethod == "" || aws.ToString(a.Email) == "" {
				t.Errorf("account %s lacks joined/email fields: %+v", aws.ToString(a.Id), a)
			}
		}
	}
	wantIDs := append([]string{mgmt.AccountID}, org.MemberIDs()...)
	slices.Sort(wantIDs)
	got := slices.Clone(ids)
	slices.Sort(got)
	if len(pages) != 3 || !slices.Equal(got, wantIDs) {
		t.Fatalf("pages %d, ids %v, want 3 pages of %v", len(pages), ids, wantIDs)
	}
	if !slices.Equal(states, []string{"ACTIVE", "ACTIVE", "SUSPENDED", "CLOSED", "ACTIVE"}) ||
		!slices.Equal(statuses, []string{"ACTIVE", "ACTIVE", "SUSPENDED", "SUSPENDED", "ACTIVE"}) {
		t.Errorf("states %v statuses %v", states, statuses)
	}

	_, err := oc.ListAccounts(ctx, &organizations.ListAccountsInput{NextToken: aws.String("bogus")})
	if apiCode(err) != "InvalidInputException" {
		t.Errorf("bogus NextToken: %v", err)
	}
	_, err = oc.ListAccounts(ctx, &organizations.ListAccountsInput{MaxResults: aws.Int32(21)})
	if apiCode(err) != "InvalidInputException" {
		t.Errorf("MaxResults 21: %v", err)
	}
}

func TestListAccountsStatusOnlyAndErrors(t *testing.T) {
	mgmt, org := GenerateOrganization(1, 1, 50)
	org.StatusOnly = true
	srv, cfg := startOrg(t, mgmt, org)
	out, err := orgClient(srv, cfg).ListAccounts(ctx, &organizations.ListAccountsInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range out.Accounts {
		if a.State != "" || a.Status != orgtypes.AccountStatusActive { //nolint:staticcheck
			t.Errorf("status-only organization sent State %q Status %q", a.State, a.Status) //nolint:staticcheck
		}
	}

	// A member's credentials are denied; a fake with no organization is not in use.
	member := org.Members[0].Account
	mcfg := cfg.Copy()
	mcfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(
		sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = aws.String(srv.URL()) }),
		"arn:aws:iam::"+member.AccountID+":role/OrganizationAccountAccessRole"))
	if _, err := orgClient(srv, mcfg).ListAccounts(ctx, &organizations.ListAccountsInput{}); apiCode(err) != "AccessDeniedException" {
		t.Errorf("member ListAccounts: %v", err)
	}
	single := New(Generate(1, 60))
	single.SetResponseDelay(0)
	defer single.Close()
	if _, err := orgClient(single, cfg).ListAccounts(ctx, &organizations.ListAccountsInput{}); apiCode(err) != "AWSOrganizationsNotInUseException" {
		t.Errorf("no organization: %v", err)
	}
}

// TestAssumeRoleRoutesToMember: credentials from AssumeRole into a member
// make every later call answer from that member's fixture; a role that is
// missing, an account outside the organization, or a trust policy the
// caller does not meet is AccessDenied, as STS answers.
func TestAssumeRoleRoutesToMember(t *testing.T) {
	mgmt, org := GenerateOrganization(2, 3, 70)
	m := org.Members[1].Account
	m.Roles = append(m.Roles, Role{Name: "NeedsExternalID", CreateDate: m.Now,
		AssumeRolePolicy: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"` + mgmt.AccountID + `"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"s3cret"}}}}`})
	srv, cfg := startOrg(t, mgmt, org)
	sc := sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = aws.String(srv.URL()) })
	assume := func(acct, role, ext string) aws.Config {
		c := cfg.Copy()
		c.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(sc, "arn:aws:iam::"+acct+":role/"+role, func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = "audit"
			if ext != "" {
				o.ExternalID = aws.String(ext)
			}
		}))
		return c
	}
	mc := assume(m.AccountID, "OrganizationAccountAccessRole", "")
	id, err := sts.NewFromConfig(mc, func(o *sts.Options) { o.BaseEndpoint = aws.String(srv.URL()) }).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(id.Account) != m.AccountID || aws.ToString(id.Arn) != "arn:aws:sts::"+m.AccountID+":assumed-role/OrganizationAccountAccessRole/audit" {
		t.Errorf("caller identity %s %s", aws.ToString(id.Account), aws.ToString(id.Arn))
	}
	az, err := iam.NewFromConfig(mc, func(o *iam.Options) { o.BaseEndpoint = aws.String(srv.URL()) }).GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(az.UserDetailList) != 3 || aws.ToString(az.UserDetailList[0].Arn)[:25] != "arn:aws:iam::"+m.AccountID {
		t.Errorf("member authorization details: %d users", len(az.UserDetailList))
	}
	if srv.Member(m.AccountID).Calls()["GetAccountAuthorizationDetails"] != 1 || srv.Calls()["GetAccountAuthorizationDetails"] != 0 {
		t.Errorf("GetAccountAuthorizationDetails was not served by the member")
	}

	for _, tc := range []struct{ acct, role, ext string }{
		{"999999999999", "OrganizationAccountAccessRole", ""}, // not in the organization
		{m.AccountID, "NoSuchRole", ""},
		{m.AccountID, "NeedsExternalID", ""},
		{m.AccountID, "NeedsExternalID", "wrong"},
	} {
		_, err := assume(tc.acct, tc.role, tc.ext).Credentials.Retrieve(ctx)
		if apiCode(err) != "AccessDenied" {
			t.Errorf("%+v: %v, want AccessDenied", tc, err)
		}
	}
	if _, err := assume(m.AccountID, "NeedsExternalID", "s3cret").Credentials.Retrieve(ctx); err != nil {
		t.Errorf("with the external ID: %v", err)
	}
}

func TestLoadOrganization(t *testing.T) {
	org, err := LoadOrganization("../../testdata/fixtures/organization/organization.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(org.Members) != 3 || org.Members[0].Account == nil || org.Members[0].Account.AccountID != "555566667777" ||
		org.Members[2].Account != nil || org.MemberIDs()[0] != "444455556666" {
		t.Fatalf("loaded %+v", org.Members)
	}
	srv, err := NewOrganization(loadSmall(t), org)
	if err != nil {
		t.Fatal(err)
	}
	srv.Close()
	bad := filepath.Join(t.TempDir(), "org.yaml")
	os.WriteFile(bad, []byte("id: o-x\nmembres: []\n"), 0o600)
	if _, err := LoadOrganization(bad); err == nil || !strings.Contains(err.Error(), "membres") {
		t.Errorf("a misspelt field: %v", err)
	}
}
