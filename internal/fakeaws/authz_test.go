package fakeaws

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// allAuthz pages GetAccountAuthorizationDetails with the SDK paginator.
func allAuthz(t *testing.T, ic *iam.Client, in *iam.GetAccountAuthorizationDetailsInput) (*iam.GetAccountAuthorizationDetailsOutput, int) {
	t.Helper()
	all := &iam.GetAccountAuthorizationDetailsOutput{}
	p := iam.NewGetAccountAuthorizationDetailsPaginator(ic, in)
	pages := allPages(t, p.HasMorePages, p.NextPage)
	for _, out := range pages {
		all.UserDetailList = append(all.UserDetailList, out.UserDetailList...)
		all.GroupDetailList = append(all.GroupDetailList, out.GroupDetailList...)
		all.RoleDetailList = append(all.RoleDetailList, out.RoleDetailList...)
		all.Policies = append(all.Policies, out.Policies...)
	}
	return all, len(pages)
}

func TestAuthorizationDetails(t *testing.T) {
	_, ic, _ := clients(t, loadSmall(t))
	out, pages := allAuthz(t, ic, &iam.GetAccountAuthorizationDetailsInput{})
	if pages != 1 {
		t.Fatalf("%d pages with the default page size", pages)
	}
	// No filter: every user, group, role, customer policy, and the
	// AWS-managed policies in use (Admin, Support, CloudShell, IAMFull,
	// PowerUser, ReadOnly).
	if len(out.UserDetailList) != 12 || len(out.GroupDetailList) != 4 || len(out.RoleDetailList) != 5 || len(out.Policies) != 10 {
		t.Fatalf("users=%d groups=%d roles=%d policies=%d", len(out.UserDetailList), len(out.GroupDetailList), len(out.RoleDetailList), len(out.Policies))
	}

	var judy, heidi types.UserDetail
	for _, u := range out.UserDetailList {
		switch aws.ToString(u.UserName) {
		case "judy":
			judy = u
		case "heidi":
			heidi = u
		}
	}
	if aws.ToString(judy.Arn) != "arn:aws:iam::123456789012:user/engineering/judy" || aws.ToString(judy.Path) != "/engineering/" ||
		strings.Join(judy.GroupList, ",") != "Developers" || judy.PermissionsBoundary == nil ||
		aws.ToString(judy.PermissionsBoundary.PermissionsBoundaryArn) != "arn:aws:iam::aws:policy/PowerUserAccess" ||
		judy.PermissionsBoundary.PermissionsBoundaryType != types.PermissionsBoundaryAttachmentTypePolicy ||
		len(judy.Tags) != 2 || aws.ToString(judy.Tags[0].Key) != "cost-center" || aws.ToString(judy.Tags[0].Value) != "4711" ||
		!aws.ToTime(judy.CreateDate).Equal(time.Date(2025, 11, 11, 9, 0, 0, 0, time.UTC)) || !strings.HasPrefix(aws.ToString(judy.UserId), "AIDA") {
		t.Fatalf("judy %+v", judy)
	}
	if len(heidi.UserPolicyList) != 1 || aws.ToString(heidi.UserPolicyList[0].PolicyName) != "break-glass" ||
		decodeDoc(t, aws.ToString(heidi.UserPolicyList[0].PolicyDocument)) != "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n    \"Effect\": \"Allow\",\n    \"Action\": \"*\",\n    \"Resource\": \"*\"\n  }\n}" {
		t.Fatalf("heidi %+v", heidi.UserPolicyList)
	}

	var admins types.GroupDetail
	for _, g := range out.GroupDetailList {
		if aws.ToString(g.GroupName) == "Admins" {
			admins = g
		}
	}
	if len(admins.AttachedManagedPolicies) != 1 || aws.ToString(admins.AttachedManagedPolicies[0].PolicyArn) != "arn:aws:iam::aws:policy/AdministratorAccess" ||
		aws.ToString(admins.AttachedManagedPolicies[0].PolicyName) != "AdministratorAccess" {
		t.Fatalf("Admins %+v", admins)
	}

	var pipeline types.RoleDetail
	for _, r := range out.RoleDetailList {
		if aws.ToString(r.RoleName) == "data-pipeline" {
			pipeline = r
		}
	}
	if decodeDoc(t, aws.ToString(pipeline.AssumeRolePolicyDocument)) != `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}` ||
		len(pipeline.InstanceProfileList) != 1 || aws.ToString(pipeline.InstanceProfileList[0].InstanceProfileName) != "data-pipeline" ||
		len(pipeline.InstanceProfileList[0].Roles) != 1 || aws.ToString(pipeline.InstanceProfileList[0].Roles[0].RoleName) != "data-pipeline" ||
		pipeline.RoleLastUsed == nil || !aws.ToTime(pipeline.RoleLastUsed.LastUsedDate).Equal(time.Date(2026, 11, 1, 3, 0, 0, 0, time.UTC)) ||
		aws.ToString(pipeline.RoleLastUsed.Region) != "us-east-1" || len(pipeline.RolePolicyList) != 1 ||
		len(pipeline.AttachedManagedPolicies) != 1 || len(pipeline.Tags) != 1 {
		t.Fatalf("data-pipeline %+v", pipeline)
	}

	var full types.ManagedPolicyDetail
	for _, p := range out.Policies {
		if aws.ToString(p.PolicyName) == "FullAdminCustom" {
			full = p
		}
	}
	if aws.ToString(full.Arn) != "arn:aws:iam::123456789012:policy/custom/FullAdminCustom" || aws.ToString(full.DefaultVersionId) != "v2" ||
		aws.ToInt32(full.AttachmentCount) != 1 || len(full.PolicyVersionList) != 2 || full.PolicyVersionList[0].IsDefaultVersion ||
		!full.PolicyVersionList[1].IsDefaultVersion || aws.ToString(full.Description) != "Break-glass administrator access" ||
		decodeDoc(t, aws.ToString(full.PolicyVersionList[1].Document)) != `{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"}]}` {
		t.Fatalf("FullAdminCustom %+v", full)
	}
}

func TestAuthorizationDetailsFilterAndPaging(t *testing.T) {
	_, ic, _ := clients(t, loadSmall(t))
	// Filter: the collector's selection. 12 users + 4 groups + 5 roles + 4
	// local policies = 25 items; MaxItems 7 -> 4 pages, and the page
	// boundaries cross from one list into the next.
	out, pages := allAuthz(t, ic, &iam.GetAccountAuthorizationDetailsInput{
		Filter:   []types.EntityType{types.EntityTypeUser, types.EntityTypeGroup, types.EntityTypeRole, types.EntityTypeLocalManagedPolicy},
		MaxItems: aws.Int32(7),
	})
	if pages != 4 || len(out.UserDetailList) != 12 || len(out.GroupDetailList) != 4 || len(out.RoleDetailList) != 5 || len(out.Policies) != 4 {
		t.Fatalf("pages=%d users=%d groups=%d roles=%d policies=%d", pages, len(out.UserDetailList), len(out.GroupDetailList), len(out.RoleDetailList), len(out.Policies))
	}
	for _, p := range out.Policies {
		if strings.Contains(aws.ToString(p.Arn), ":aws:policy/") {
			t.Fatalf("AWS-managed policy %s despite filter", aws.ToString(p.Arn))
		}
	}
	only, _ := allAuthz(t, ic, &iam.GetAccountAuthorizationDetailsInput{Filter: []types.EntityType{types.EntityTypeAWSManagedPolicy}})
	if len(only.UserDetailList)+len(only.GroupDetailList)+len(only.RoleDetailList) != 0 || len(only.Policies) != 6 {
		t.Fatalf("AWSManagedPolicy filter: %d policies", len(only.Policies))
	}
	_, err := ic.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{Filter: []types.EntityType{"Bogus"}})
	assertCode(t, err, "ValidationError", 400)
}

func TestRawPolicyDocuments(t *testing.T) {
	a := loadSmall(t)
	a.RawPolicyDocuments = true
	_, ic, _ := clients(t, a)
	v, err := ic.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{
		PolicyArn: aws.String("arn:aws:iam::123456789012:policy/S3FullAccessCustom"), VersionId: aws.String("v1")})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(v.PolicyVersion.Document); got != `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}` {
		t.Fatalf("raw document %s", got)
	}
}

func TestPartitionAndEscaping(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalTag/team":"<r&d> \"ops\""}}}]}`
	a := &Account{
		AccountID: "210987654321", Partition: "aws-us-gov", RawPolicyDocuments: true,
		Users: []User{{Name: "svc+a=b,c.d@e_f-g", InlinePolicies: []InlinePolicy{{Name: "deny", Document: doc}}}},
	}
	_, ic, sc := clients(t, a)
	out, _ := allAuthz(t, ic, &iam.GetAccountAuthorizationDetailsInput{})
	u := out.UserDetailList[0]
	if aws.ToString(u.Arn) != "arn:aws-us-gov:iam::210987654321:user/svc+a=b,c.d@e_f-g" || aws.ToString(u.UserPolicyList[0].PolicyDocument) != doc {
		t.Fatalf("%s %s", aws.ToString(u.Arn), aws.ToString(u.UserPolicyList[0].PolicyDocument))
	}
	id, err := sc.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(id.Arn) != "arn:aws-us-gov:iam::210987654321:root" || aws.ToString(id.UserId) != "210987654321" {
		t.Fatalf("%v %+v", err, id)
	}
}

// TestAuthorizationDetailsInstanceProfiles: as AWS, each role's
// InstanceProfileList is sent even when empty (the SDK then decodes an
// empty, non-nil list) and holds only the profiles containing the role,
// each naming it in Roles; with Emulator.AllInstanceProfiles (moto) every
// role lists every profile, each with its own role.
func TestAuthorizationDetailsInstanceProfiles(t *testing.T) {
	for _, all := range []bool{false, true} {
		acct := loadSmall(t)
		acct.Emulator.AllInstanceProfiles = all
		_, ic, _ := clients(t, acct)
		out, _ := allAuthz(t, ic, &iam.GetAccountAuthorizationDetailsInput{})
		for _, r := range out.RoleDetailList {
			if r.InstanceProfileList == nil {
				t.Errorf("all=%v: role %s has no InstanceProfileList element", all, aws.ToString(r.RoleName))
			}
			var got []string
			for _, p := range r.InstanceProfileList {
				if len(p.Roles) != 1 {
					t.Errorf("all=%v: profile %s holds %d roles", all, aws.ToString(p.InstanceProfileName), len(p.Roles))
					continue
				}
				got = append(got, aws.ToString(p.InstanceProfileName)+"<-"+aws.ToString(p.Roles[0].RoleName)+" "+aws.ToString(p.Arn))
			}
			want := ""
			if all || aws.ToString(r.RoleName) == "data-pipeline" {
				want = "data-pipeline<-data-pipeline arn:aws:iam::123456789012:instance-profile/data-pipeline"
			}
			if strings.Join(got, ",") != want {
				t.Errorf("all=%v: role %s lists %q, want %q", all, aws.ToString(r.RoleName), got, want)
			}
		}
	}
}
