package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestUserNoGroup(t *testing.T) {
	s := polSnap(&audit.AuthorizationDetails{Users: []audit.User{polUser("alice", "devs", "ops"), polUser("loner")}})
	runRule(t, UserNoGroup, s, []ruleWant{
		{polUserARN("alice"), result.Pass, []string{"devs, ops"}},
		{polUserARN("loner"), result.Fail, []string{"in no group"}},
	})
	runRule(t, UserNoGroup, polSnap(&audit.AuthorizationDetails{}), []ruleWant{{polAcctRes, result.Pass, []string{"no IAM users"}}})
}
