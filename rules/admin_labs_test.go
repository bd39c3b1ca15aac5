package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// Ground truth derived, as data, from BishopFox/iam-vulnerable (MIT,
// Copyright (c) 2021 Bishop Fox): its privesc-paths scenarios and its
// tool-testing false-negative (fn*) and false-positive (fp*) cases. Each
// scenario is a user holding the scenario's policy; the account holds the
// lab's shared targets (privesc-high-priv-service-role, Action "*" on "*",
// trusted by EC2, Lambda and CloudFormation) and, so that credential
// takeover has a target, an admin user without a password or keys and one
// with a password and no MFA, and an admin group. As in the lab, the
// high-privilege role is in the instance profile
// privesc-high-priv-service-profile, so privesc3 (PassRole +
// ec2:RunInstances) is FAIL with ec2-001; the scenario roles are in none.
// Policies are restated from the lab's Terraform; no code is copied.
//
// Verdicts that differ from the lab's "exploitable" label, and why:
//   - privesc2 (SetDefaultPolicyVersion): PASS; the lab itself notes it is not
//     exploitable until the policy has an admin version, which it has not.
//   - privesc17 (UpdateFunctionCode): UNKNOWN; functions are not in the
//     evidence.
//   - privesc9 and privesc12 users: PASS; they may write any role's policy
//     but can assume none (no trust names them), while the lab's roles
//     holding the same policy escalate (FAIL).
func TestAdminLabsIAMVulnerable(t *testing.T) {
	s, want := iamVulnerableLab()
	runRule(t, AdminEscalationPath, s, want)
}

// iamVulnerableLab is the lab's account and IAM-ADMIN-ESCALATION-PATH's
// expected verdict per user and role (see TestAdminLabsIAMVulnerable).
func iamVulnerableLab() (*audit.Snapshot, []ruleWant) {
	const lab = "privesc-high-priv-service-role"
	highTrust := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com","lambda.amazonaws.com","cloudformation.amazonaws.com"]},"Action":"sts:AssumeRole"}}`
	outsideTrust := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:user/lab-entry"},"Action":"sts:AssumeRole"}}`
	one := func(action string) string { return admDoc(admAllow(action, "*")) }
	scenarios := []struct {
		name, doc string
		group     bool // the user is in its own scenario group (privesc8, privesc11)
		want      result.Status
		words     []string
	}{
		{"privesc1-CreateNewPolicyVersion", one("iam:CreatePolicyVersion"), false, result.Fail, []string{"iam-001"}},
		{"privesc2-SetExistingDefaultPolicyVersion", one("iam:SetDefaultPolicyVersion"), false, result.Pass, nil},
		{"privesc3-CreateEC2WithExistingIP", admDoc(`{"Effect":"Allow","Action":["iam:PassRole","ec2:DescribeInstances","ec2:RunInstances","ec2:CreateKeyPair","ec2:AssociateIamInstanceProfile"],"Resource":"*"}`), false, result.Fail, []string{"ec2-001", "instance profile privesc-high-priv-service-profile"}},
		{"privesc4-CreateAccessKey", one("iam:CreateAccessKey"), false, result.Fail, []string{"iam-002"}},
		{"privesc5-CreateLoginProfile", one("iam:CreateLoginProfile"), false, result.Fail, []string{"iam-004"}},
		{"privesc6-UpdateLoginProfile", one("iam:UpdateLoginProfile"), false, result.Fail, []string{"iam-006"}},
		{"privesc7-AttachUserPolicy", one("iam:AttachUserPolicy"), false, result.Fail, []string{"iam-008"}},
		{"privesc8-AttachGroupPolicy", one("iam:AttachGroupPolicy"), true, result.Fail, []string{"iam-010"}},
		{"privesc9-AttachRolePolicy", one("iam:AttachRolePolicy"), false, result.Pass, nil},
		{"privesc10-PutUserPolicy", one("iam:PutUserPolicy"), false, result.Fail, []string{"iam-007"}},
		{"privesc11-PutGroupPolicy", one("iam:PutGroupPolicy"), true, result.Fail, []string{"iam-011"}},
		{"privesc12-PutRolePolicy", one("iam:PutRolePolicy"), false, result.Pass, nil},
		{"privesc13-AddUserToGroup", one("iam:AddUserToGroup"), false, result.Fail, []string{"iam-013"}},
		{"privesc14-UpdatingAssumeRolePolicy", admDoc(`{"Effect":"Allow","Action":["iam:UpdateAssumeRolePolicy","sts:AssumeRole"],"Resource":"*"}`), false, result.Fail, []string{"iam-012", lab}},
		{"privesc15-PassExistingRoleToNewLambdaThenInvoke", admDoc(`{"Effect":"Allow","Action":["iam:PassRole","lambda:CreateFunction","lambda:InvokeFunction"],"Resource":"*"}`), false, result.Fail, []string{"lambda-001"}},
		{"privesc17-EditExistingLambdaFunctionWithRole", admDoc(`{"Effect":"Allow","Action":["lambda:UpdateFunctionCode","lambda:UpdateFunctionConfiguration"],"Resource":"*"}`), false, result.Unknown, []string{"lambda-003"}},
		{"privesc20-PassExistingRoleToCloudFormation", admDoc(`{"Effect":"Allow","Action":["iam:PassRole","cloudformation:CreateStack","cloudformation:DescribeStacks"],"Resource":"*"}`), false, result.Fail, []string{"cloudformation-001"}},
		{"fn2-exploitableResourceConstraint", admDoc(admAllow("iam:CreatePolicyVersion", "arn:aws:iam::*:policy/fn2-*")), false, result.Fail, []string{"iam-001"}},
		{"fn3-exploitableConditionConstraint", admDoc(`{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"*","Condition":{"DateGreaterThan":{"aws:TokenIssueTime":"2020-01-01T00:00:01Z"}}}`), false, result.Fail, []string{"iam-001"}},
		{"fn4-exploitableNotAction", admDoc(`{"Effect":"Allow","NotAction":["iam:Update*","iam:Create*","iam:Attach*"],"Resource":"*"}`), false, result.Fail, []string{"iam-007"}},
		{"fp1-allow-and-deny", admDoc(admAllow("iam:*", "*") + `,{"Effect":"Deny","Action":"iam:*","Resource":"*"}`), false, result.Pass, nil},
		{"fp3-deny-iam", admDoc(`{"Effect":"Deny","Action":"iam:*","Resource":"*"}`), false, result.Pass, nil},
		{"fp4-nonExploitableResourceConstraint", admDoc(admAllow("iam:CreatePolicyVersion", "arn:aws:iam::aws:policy/fp4-*")), false, result.Pass, nil},
		{"fp5-nonExploitableConditionConstraint", admDoc(`{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"2020-01-01T00:00:01Z"}}}`), false, result.Pass, nil},
	}
	adminKeys, adminConsole := admBoss(), admBoss()
	adminKeys.Name, adminKeys.ARN = "admin-keys", polUserARN("admin-keys")
	adminConsole.Name, adminConsole.ARN = "admin-console", polUserARN("admin-console")
	users := []audit.User{adminKeys, adminConsole}
	groups := []audit.Group{admGroup("admins", true)}
	pols := []audit.ManagedPolicy{polCustomer("privesc-high-priv-service-policy", polAdminDoc, 1)}
	high := polRole(lab, highTrust)
	high.AttachedPolicies = []audit.AttachedPolicy{polAttach(polPolicyARN("privesc-high-priv-service-policy"))}
	high.InstanceProfiles = &[]audit.InstanceProfile{{Name: "privesc-high-priv-service-profile",
		ARN: "arn:aws:iam::123456789012:instance-profile/privesc-high-priv-service-profile", Path: "/"}}
	roles := []audit.Role{high}
	want := []ruleWant{
		{polUserARN("admin-keys"), result.Pass, []string{"is itself admin"}},
		{polUserARN("admin-console"), result.Pass, []string{"is itself admin"}},
	}
	var roleWants []ruleWant
	for _, sc := range scenarios {
		pols = append(pols, polCustomer(sc.name, sc.doc, 2))
		u := polUser(sc.name + "-user")
		u.AttachedPolicies = []audit.AttachedPolicy{polAttach(polPolicyARN(sc.name))}
		if sc.group {
			g := polGroup(sc.name + "-group")
			groups = append(groups, g)
			u.Groups = []string{g.Name}
		}
		users = append(users, u)
		want = append(want, ruleWant{u.ARN, sc.want, sc.words})
		r := polRole(sc.name+"-role", outsideTrust)
		r.InstanceProfiles = &[]audit.InstanceProfile{}
		r.AttachedPolicies = u.AttachedPolicies
		roles = append(roles, r)
		rw := ruleWant{r.ARN, sc.want, sc.words}
		switch sc.name {
		case "privesc9-AttachRolePolicy":
			rw = ruleWant{r.ARN, result.Fail, []string{"iam-009"}}
		case "privesc12-PutRolePolicy":
			rw = ruleWant{r.ARN, result.Fail, []string{"iam-005"}}
		case "privesc7-AttachUserPolicy", "privesc10-PutUserPolicy", "fn4-exploitableNotAction":
			// A role writing user policies takes over no user; fn4's
			// NotAction still allows iam:PutRolePolicy on itself.
			rw = ruleWant{r.ARN, result.Pass, nil}
			if sc.name == "fn4-exploitableNotAction" {
				rw = ruleWant{r.ARN, result.Fail, []string{"iam-005"}}
			}
		case "privesc8-AttachGroupPolicy", "privesc11-PutGroupPolicy", "privesc13-AddUserToGroup":
			rw = ruleWant{r.ARN, result.Pass, nil} // roles have no groups
		}
		roleWants = append(roleWants, rw)
	}
	console := credConsole(credUser("admin-console"), credDaysAgo(1), false)
	s := admSnap(users, roles, groups, pols, console)
	want = append(want, ruleWant{polRoleARN(lab), result.Pass, []string{"is itself admin"}})
	return s, append(want, roleWants...)
}
