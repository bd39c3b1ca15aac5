package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestUserNoGroup(t *testing.T) {
	s := polSnap(&audit.AuthorizationDetails{Users: []audit.User{polUser("alice", "devs", "ops"), polUser("loner")}})
	polRun(t, UserNoGroup, s, []polWant{
		{polUserARN("alice"), result.Pass, []string{"devs, ops"}},
		{polUserARN("loner"), result.Fail, []string{"in no group"}},
	})
	polRun(t, UserNoGroup, polSnap(&audit.AuthorizationDetails{}), []polWant{{polAcctRes, result.Pass, []string{"no IAM users"}}})
}
