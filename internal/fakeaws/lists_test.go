package fakeaws

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

func TestListUsersPaging(t *testing.T) {
	srv, ic, _ := clients(t, loadSmall(t))
	var names []string
	p := iam.NewListUsersPaginator(ic, &iam.ListUsersInput{MaxItems: aws.Int32(5)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range out.Users {
			names = append(names, aws.ToString(u.UserName))
		}
	}
	if got := strings.Join(names, " "); got != "alice bob carol dave erin frank grace heidi ci,deploy+bot=1@example.com judy mallory oscar" {
		t.Fatalf("users %s", got)
	}
	if srv.Calls()["ListUsers"] != 3 {
		t.Fatalf("ListUsers calls %d, want 3 pages", srv.Calls()["ListUsers"])
	}
	out, err := ic.ListUsers(ctx, &iam.ListUsersInput{PathPrefix: aws.String("/engineering/")})
	if err != nil || len(out.Users) != 1 || aws.ToString(out.Users[0].UserName) != "judy" ||
		!aws.ToTime(out.Users[0].PasswordLastUsed).Equal(time.Date(2026, 10, 31, 9, 30, 0, 0, time.UTC)) {
		t.Fatalf("%v %+v", err, out)
	}
}

func TestListGroupsRoles(t *testing.T) {
	_, ic, _ := clients(t, loadSmall(t))
	g, err := ic.ListGroups(ctx, &iam.ListGroupsInput{})
	if err != nil || len(g.Groups) != 4 || aws.ToString(g.Groups[3].GroupName) != "Empty" ||
		aws.ToString(g.Groups[3].Arn) != "arn:aws:iam::123456789012:group/Empty" {
		t.Fatalf("%v %+v", err, g)
	}
	r, err := ic.ListRoles(ctx, &iam.ListRolesInput{MaxItems: aws.Int32(1)})
	if err != nil || len(r.Roles) != 1 || !r.IsTruncated || aws.ToString(r.Roles[0].RoleName) != "AWSSupportRole" ||
		aws.ToString(r.Roles[0].Description) != "Lets the security team open AWS Support cases" || aws.ToInt32(r.Roles[0].MaxSessionDuration) != 3600 {
		t.Fatalf("%v %+v", err, r)
	}
}

func TestListPolicies(t *testing.T) {
	_, ic, _ := clients(t, loadSmall(t))
	names := func(in *iam.ListPoliciesInput) string {
		t.Helper()
		out, err := ic.ListPolicies(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		var n []string
		for _, p := range out.Policies {
			n = append(n, aws.ToString(p.PolicyName))
		}
		return strings.Join(n, ",")
	}
	if got := names(&iam.ListPoliciesInput{Scope: types.PolicyScopeTypeLocal}); got != "FullAdminCustom,DeployPolicy,S3FullAccessCustom,UnusedAdminPolicy" {
		t.Errorf("Local: %s", got)
	}
	if got := names(&iam.ListPoliciesInput{Scope: types.PolicyScopeTypeLocal, OnlyAttached: true}); got != "FullAdminCustom,DeployPolicy,S3FullAccessCustom" {
		t.Errorf("Local attached: %s", got)
	}
	if got := names(&iam.ListPoliciesInput{Scope: types.PolicyScopeTypeAws, OnlyAttached: true}); got != "AWSCloudShellFullAccess,AWSSupportAccess,AdministratorAccess,IAMFullAccess,PowerUserAccess,ReadOnlyAccess" {
		t.Errorf("AWS attached: %s", got)
	}
	if got := names(&iam.ListPoliciesInput{PolicyUsageFilter: types.PolicyUsageTypePermissionsBoundary}); got != "PowerUserAccess" {
		t.Errorf("boundaries: %s", got)
	}
}

func TestListEntitiesForPolicy(t *testing.T) {
	_, ic, _ := clients(t, loadSmall(t))
	out, err := ic.ListEntitiesForPolicy(ctx, &iam.ListEntitiesForPolicyInput{PolicyArn: aws.String("arn:aws:iam::aws:policy/AWSSupportAccess")})
	if err != nil || len(out.PolicyRoles) != 1 || aws.ToString(out.PolicyRoles[0].RoleName) != "AWSSupportRole" ||
		len(out.PolicyUsers) != 0 || len(out.PolicyGroups) != 0 || aws.ToString(out.PolicyRoles[0].RoleId) == "" {
		t.Fatalf("%v %+v", err, out)
	}
	// ReadOnlyAccess: group ReadOnly and roles PublicTrustRole, VendorAuditRole; one per page.
	var got []string
	p := iam.NewListEntitiesForPolicyPaginator(ic, &iam.ListEntitiesForPolicyInput{PolicyArn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess"), MaxItems: aws.Int32(1)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range out.PolicyGroups {
			got = append(got, "group:"+aws.ToString(g.GroupName))
		}
		for _, r := range out.PolicyRoles {
			got = append(got, "role:"+aws.ToString(r.RoleName))
		}
	}
	if s := strings.Join(got, ","); s != "group:ReadOnly,role:PublicTrustRole,role:VendorAuditRole" {
		t.Fatalf("entities %s", s)
	}
	// PowerUserAccess is judy's boundary and the Developers group's policy.
	out, err = ic.ListEntitiesForPolicy(ctx, &iam.ListEntitiesForPolicyInput{PolicyArn: aws.String("arn:aws:iam::aws:policy/PowerUserAccess"), PolicyUsageFilter: types.PolicyUsageTypePermissionsBoundary})
	if err != nil || len(out.PolicyUsers) != 1 || aws.ToString(out.PolicyUsers[0].UserName) != "judy" || len(out.PolicyGroups) != 0 {
		t.Fatalf("%v %+v", err, out)
	}
	_, err = ic.ListEntitiesForPolicy(ctx, &iam.ListEntitiesForPolicyInput{PolicyArn: aws.String("arn:aws:iam::123456789012:policy/Nope")})
	var nse *types.NoSuchEntityException
	if !errors.As(err, &nse) {
		t.Fatalf("want NoSuchEntity, got %v", err)
	}
}

func TestListAccessKeysAndMFADevices(t *testing.T) {
	_, ic, _ := clients(t, loadSmall(t))
	out, err := ic.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String("erin")})
	if err != nil || len(out.AccessKeyMetadata) != 2 || aws.ToString(out.AccessKeyMetadata[1].AccessKeyId) != "AKIAERINEXAMPLE00002" ||
		out.AccessKeyMetadata[1].Status != types.StatusTypeActive || aws.ToString(out.AccessKeyMetadata[1].UserName) != "erin" ||
		!aws.ToTime(out.AccessKeyMetadata[1].CreateDate).Equal(time.Date(2026, 8, 1, 12, 0, 0, 0, time.UTC)) {
		t.Fatalf("%v %+v", err, out)
	}
	out, err = ic.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String("mallory")})
	if err != nil || out.AccessKeyMetadata[0].Status != types.StatusTypeInactive {
		t.Fatalf("%v %+v", err, out)
	}
	// No UserName: the caller (alice).
	out, err = ic.ListAccessKeys(ctx, &iam.ListAccessKeysInput{})
	if err != nil || len(out.AccessKeyMetadata) != 1 || aws.ToString(out.AccessKeyMetadata[0].AccessKeyId) != "AKIAALICEEXAMPLE0001" {
		t.Fatalf("%v %+v", err, out)
	}
	_, err = ic.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String("nobody")})
	var nse *types.NoSuchEntityException
	if !errors.As(err, &nse) {
		t.Fatalf("want NoSuchEntity, got %v", err)
	}
	assertHTTPStatus(t, err, 404)

	m, err := ic.ListMFADevices(ctx, &iam.ListMFADevicesInput{UserName: aws.String("erin")})
	if err != nil || len(m.MFADevices) != 1 || aws.ToString(m.MFADevices[0].SerialNumber) != "GAHT10000001" {
		t.Fatalf("%v %+v", err, m)
	}
	m, err = ic.ListMFADevices(ctx, &iam.ListMFADevicesInput{UserName: aws.String("bob")})
	if err != nil || len(m.MFADevices) != 0 {
		t.Fatalf("%v %+v", err, m)
	}
}

func TestListMFADevicesRoot(t *testing.T) {
	a := &Account{AccountID: "123456789012", Root: Root{MFA: MFAVirtualHardware}}
	_, ic, _ := clients(t, a)
	m, err := ic.ListMFADevices(ctx, &iam.ListMFADevicesInput{})
	if err != nil || len(m.MFADevices) != 2 || aws.ToString(m.MFADevices[0].SerialNumber) != "arn:aws:iam::123456789012:mfa/root-account-mfa-device" ||
		!strings.HasPrefix(aws.ToString(m.MFADevices[1].SerialNumber), "GAHT") {
		t.Fatalf("%v %+v", err, m)
	}
}

func TestListUserPolicies(t *testing.T) {
	_, ic, _ := clients(t, loadSmall(t))
	out, err := ic.ListUserPolicies(ctx, &iam.ListUserPoliciesInput{UserName: aws.String("oscar")})
	if err != nil || strings.Join(out.PolicyNames, ",") != "s3-reports" {
		t.Fatalf("%v %+v", err, out)
	}
	att, err := ic.ListAttachedUserPolicies(ctx, &iam.ListAttachedUserPoliciesInput{UserName: aws.String("oscar")})
	if err != nil || len(att.AttachedPolicies) != 1 || aws.ToString(att.AttachedPolicies[0].PolicyName) != "IAMFullAccess" {
		t.Fatalf("%v %+v", err, att)
	}
	_, err = ic.ListUserPolicies(ctx, &iam.ListUserPoliciesInput{UserName: aws.String("nobody")})
	assertCode(t, err, "NoSuchEntity", 404)
}

func TestInlineAndAttachedPerPrincipal(t *testing.T) {
	_, ic, _ := clients(t, loadSmall(t))
	up, err := ic.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: aws.String("heidi"), PolicyName: aws.String("break-glass")})
	if err != nil || aws.ToString(up.UserName) != "heidi" || !strings.Contains(decodeDoc(t, aws.ToString(up.PolicyDocument)), `"Action": "*"`) {
		t.Fatalf("%v %+v", err, up)
	}
	rp, err := ic.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String("data-pipeline"), PolicyName: aws.String("logs")})
	if err != nil || aws.ToString(rp.RoleName) != "data-pipeline" || !strings.HasPrefix(decodeDoc(t, aws.ToString(rp.PolicyDocument)), `{"Version":"2012-10-17"`) {
		t.Fatalf("%v %+v", err, rp)
	}
	gp, err := ic.GetGroupPolicy(ctx, &iam.GetGroupPolicyInput{GroupName: aws.String("Developers"), PolicyName: aws.String("deny-billing")})
	if err != nil || aws.ToString(gp.GroupName) != "Developers" || !strings.Contains(decodeDoc(t, aws.ToString(gp.PolicyDocument)), `"Effect":"Deny"`) {
		t.Fatalf("%v %+v", err, gp)
	}
	_, err = ic.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String("data-pipeline"), PolicyName: aws.String("nope")})
	assertCode(t, err, "NoSuchEntity", 404)

	gs, err := ic.ListGroupsForUser(ctx, &iam.ListGroupsForUserInput{UserName: aws.String("alice")})
	if err != nil || len(gs.Groups) != 1 || aws.ToString(gs.Groups[0].GroupName) != "Admins" {
		t.Fatalf("%v %+v", err, gs)
	}
	ag, err := ic.ListAttachedGroupPolicies(ctx, &iam.ListAttachedGroupPoliciesInput{GroupName: aws.String("Admins")})
	if err != nil || len(ag.AttachedPolicies) != 1 || aws.ToString(ag.AttachedPolicies[0].PolicyArn) != "arn:aws:iam::aws:policy/AdministratorAccess" {
		t.Fatalf("%v %+v", err, ag)
	}
	ar, err := ic.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("PartnerAdminRole"), PathPrefix: aws.String("/custom/")})
	if err != nil || len(ar.AttachedPolicies) != 1 || aws.ToString(ar.AttachedPolicies[0].PolicyName) != "FullAdminCustom" {
		t.Fatalf("%v %+v", err, ar)
	}
	ar, err = ic.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("PartnerAdminRole"), PathPrefix: aws.String("/other/")})
	if err != nil || len(ar.AttachedPolicies) != 0 {
		t.Fatalf("path filter: %v %+v", err, ar)
	}
	rn, err := ic.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: aws.String("data-pipeline")})
	if err != nil || strings.Join(rn.PolicyNames, ",") != "logs" {
		t.Fatalf("%v %+v", err, rn)
	}
	gn, err := ic.ListGroupPolicies(ctx, &iam.ListGroupPoliciesInput{GroupName: aws.String("Empty")})
	if err != nil || len(gn.PolicyNames) != 0 {
		t.Fatalf("%v %+v", err, gn)
	}
	_, err = ic.ListGroupPolicies(ctx, &iam.ListGroupPoliciesInput{GroupName: aws.String("Nope")})
	assertCode(t, err, "NoSuchEntity", 404)

	lp, err := ic.GetLoginProfile(ctx, &iam.GetLoginProfileInput{UserName: aws.String("bob")})
	if err != nil || aws.ToString(lp.LoginProfile.UserName) != "bob" || !aws.ToTime(lp.LoginProfile.CreateDate).Equal(time.Date(2026, 9, 10, 14, 0, 0, 0, time.UTC)) {
		t.Fatalf("%v %+v", err, lp)
	}
	_, err = ic.GetLoginProfile(ctx, &iam.GetLoginProfileInput{UserName: aws.String("carol")})
	assertCode(t, err, "NoSuchEntity", 404)
}
