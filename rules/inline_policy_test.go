package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestInlinePolicies(t *testing.T) {
	alice := polUser("alice")
	alice.InlinePolicies = []audit.InlinePolicy{polInline("a", polReadDoc), polInline("b", polBrokenDoc)}
	devs := polGroup("devs")
	devs.InlinePolicies = []audit.InlinePolicy{polInline("g", polReadDoc)}
	role := polRole("r", "{}")
	role.InlinePolicies = []audit.InlinePolicy{polInline("ri", polReadDoc)}
	slr := polRole("AWSServiceRoleForX", "{}")
	slr.Path = "/aws-service-role/x.amazonaws.com/"
	slr.InlinePolicies = []audit.InlinePolicy{polInline("aws-owned", polReadDoc)}
	s := polSnap(&audit.AuthorizationDetails{
		Users:  []audit.User{alice, polUser("bob")},
		Groups: []audit.Group{devs, polGroup("empty")},
		Roles:  []audit.Role{role, slr, polRole("plain", "{}")},
	})
	runRule(t, InlinePolicies, s, []ruleWant{
		{polUserARN("alice"), result.Fail, []string{"2 inline policies: a, b"}},
		{polUserARN("bob"), result.Pass, nil},
		{polGroupARN("devs"), result.Fail, []string{"1 inline policy: g"}},
		{polGroupARN("empty"), result.Pass, nil},
		{polRoleARN("r"), result.Fail, []string{"ri"}},
		{polRoleARN("plain"), result.Pass, nil},
	})
	runRule(t, InlinePolicies, polSnap(&audit.AuthorizationDetails{Roles: []audit.Role{slr}}), []ruleWant{{polAcctRes, result.Pass, nil}})
}
