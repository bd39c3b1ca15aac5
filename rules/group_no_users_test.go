package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestEmptyGroups(t *testing.T) {
	s := polSnap(&audit.AuthorizationDetails{
		Users:  []audit.User{polUser("alice", "devs", "ops"), polUser("bob", "DEVS"), polUser("carol")},
		Groups: []audit.Group{polGroup("devs"), polGroup("ops"), polGroup("empty")},
	})
	runRule(t, EmptyGroups, s, []ruleWant{
		{polGroupARN("devs"), result.Pass, []string{"2 member(s)"}},
		{polGroupARN("ops"), result.Pass, []string{"1 member(s)"}},
		{polGroupARN("empty"), result.Fail, []string{"no user"}},
	})
	runRule(t, EmptyGroups, polSnap(&audit.AuthorizationDetails{Users: []audit.User{polUser("a", "ghost")}}), []ruleWant{{polAcctRes, result.Pass, []string{"no IAM groups"}}})
}
