package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestUserDirectPolicies(t *testing.T) {
	attached := polUser("attached", "devs")
	attached.AttachedPolicies = []audit.AttachedPolicy{polAttach("arn:aws:iam::aws:policy/ReadOnlyAccess")}
	inline := polUser("inline")
	inline.InlinePolicies = []audit.InlinePolicy{polInline("mine", polBrokenDoc)}
	both := polUser("both")
	both.AttachedPolicies = []audit.AttachedPolicy{polAttach(polPolicyARN("p"))}
	both.InlinePolicies = []audit.InlinePolicy{polInline("x", polReadDoc)}
	s := polSnap(&audit.AuthorizationDetails{Users: []audit.User{attached, inline, both, polUser("clean", "devs")}})
	runRule(t, UserDirectPolicies, s, []ruleWant{
		{polUserARN("attached"), result.Fail, []string{"attached managed policies: ReadOnlyAccess"}},
		{polUserARN("inline"), result.Fail, []string{"inline policies: mine"}},
		{polUserARN("both"), result.Fail, []string{"attached managed policies: p; inline policies: x"}},
		{polUserARN("clean"), result.Pass, nil},
	})
	runRule(t, UserDirectPolicies, polSnap(&audit.AuthorizationDetails{}), []ruleWant{{polAcctRes, result.Pass, []string{"no IAM users"}}})
}
