package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// Class 5 of issue 7: resource patterns are patterns. The admin and
// escalation rules judge what a Resource pattern covers in the account.
func TestPolicyRulesResourcePatterns(t *testing.T) {
	docs := []struct{ name, doc string }{
		{"attach-users", `{"Statement":{"Effect":"Allow","Action":"iam:AttachUserPolicy","Resource":"arn:aws:iam::123456789012:user/*"}}`},
		{"iam-account", `{"Statement":{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::123456789012:*"}}`},
		{"star-arn", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:*"}}`},
		{"one-user", `{"Statement":{"Effect":"Allow","Action":"iam:AttachUserPolicy","Resource":"arn:aws:iam::123456789012:user/alice"}}`},
		{"other-account", `{"Statement":{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::999988887777:*"}}`},
		{"s3-only", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::*"}}`},
	}
	var pols []audit.ManagedPolicy
	carol := polUser("carol")
	for _, d := range docs {
		pols = append(pols, polCustomer(d.name, d.doc, 1))
		carol.InlinePolicies = append(carol.InlinePolicies, polInline(d.name, d.doc))
	}
	s := polSnap(&audit.AuthorizationDetails{Users: []audit.User{carol}, Policies: pols})
	runRule(t, PrivilegeEscalation, s, []ruleWant{
		{polPolicyARN("attach-users"), result.Fail, []string{"iam:AttachUserPolicy"}},
		{polPolicyARN("iam-account"), result.Fail, []string{"iam:CreatePolicyVersion", "iam:UpdateAssumeRolePolicy"}},
		{polPolicyARN("star-arn"), result.Fail, []string{"PassRole+EC2"}},
		{polPolicyARN("one-user"), result.Pass, nil},
		{polPolicyARN("other-account"), result.Pass, nil},
		{polPolicyARN("s3-only"), result.Pass, nil},
		{polUserARN("carol"), result.Fail, []string{"inline policy attach-users", "inline policy iam-account", "inline policy star-arn"}},
	})
	runRule(t, AdminCustomerPolicy, s, []ruleWant{
		{polPolicyARN("attach-users"), result.Pass, nil},
		{polPolicyARN("iam-account"), result.Pass, nil},
		{polPolicyARN("star-arn"), result.Fail, []string{"allows all actions on all resources"}},
		{polPolicyARN("one-user"), result.Pass, nil},
		{polPolicyARN("other-account"), result.Pass, nil},
		{polPolicyARN("s3-only"), result.Pass, nil},
	})
	runRule(t, AdminInlinePolicy, s, []ruleWant{
		{polUserARN("carol"), result.Fail, []string{"inline policy star-arn"}},
	})
}
