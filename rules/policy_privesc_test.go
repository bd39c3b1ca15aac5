package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestPrivilegeEscalation(t *testing.T) {
	passRoleEC2 := `{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"},{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*"}]}`
	passRoleScoped := `{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::123456789012:role/app"},{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*"}]}`
	nonDefault := polOldVersion("old", `{"Statement":{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"*"}}`)
	alice := polUser("alice")
	alice.InlinePolicies = []audit.InlinePolicy{polInline("keys", `{"Statement":{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"*"}}`)}
	bob := polUser("bob")
	bob.InlinePolicies = []audit.InlinePolicy{polInline("read", polReadDoc)}
	ops := polGroup("ops")
	ops.InlinePolicies = []audit.InlinePolicy{polInline("x", `{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"*",}}`)}
	slr := polRole("AWSServiceRoleForX", "{}")
	slr.Path = "/aws-service-role/x.amazonaws.com/"
	slr.InlinePolicies = []audit.InlinePolicy{polInline("god", polAdminDoc)}

	s := polSnap(&audit.AuthorizationDetails{
		Users: []audit.User{alice, bob}, Groups: []audit.Group{ops}, Roles: []audit.Role{slr},
		Policies: []audit.ManagedPolicy{
			polCustomer("passrole-ec2", passRoleEC2, 1),
			polCustomer("passrole-scoped", passRoleScoped, 1),
			polCustomer("unattached", passRoleEC2, 0), // grants nothing: not reported
			polCustomer("attach", `{"Statement":{"Effect":"Allow","Action":"iam:Attach*Policy","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/t":"x"}}}}`, 1),
			nonDefault,
			polCustomer("broken", polBrokenDoc, 1),
			polAWSManaged("IAMFullAccess", `{"Statement":{"Effect":"Allow","Action":"iam:*","Resource":"*"}}`),
		},
	})
	runRule(t, PrivilegeEscalation, s, []ruleWant{
		{polPolicyARN("passrole-ec2"), result.Fail, []string{"PassRole+EC2 (iam:PassRole + ec2:RunInstances)"}},
		{polPolicyARN("passrole-scoped"), result.Pass, nil},
		{polPolicyARN("attach"), result.Fail, []string{"iam:AttachUserPolicy (conditional)", "iam:AttachRolePolicy"}},
		{polPolicyARN("old"), result.Pass, nil},
		{polPolicyARN("broken"), result.Unknown, []string{"cannot be read"}},
		{polUserARN("alice"), result.Fail, []string{"inline policy keys allows on all resources: iam:CreateAccessKey"}},
		{polUserARN("bob"), result.Pass, nil},
		{polGroupARN("ops"), result.Unknown, []string{"x cannot be read"}},
	})
	runRule(t, PrivilegeEscalation, polSnap(&audit.AuthorizationDetails{Users: []audit.User{polUser("z")}}), []ruleWant{{polAcctRes, result.Pass, nil}})
}
