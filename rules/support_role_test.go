package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestSupportRole(t *testing.T) {
	support := polAttach("arn:aws:iam::aws:policy/AWSSupportAccess")
	role := polRole("support", "{}")
	role.AttachedPolicies = []audit.AttachedPolicy{support}
	user := polUser("alice")
	user.AttachedPolicies = []audit.AttachedPolicy{support}
	group := polGroup("helpdesk")
	group.AttachedPolicies = []audit.AttachedPolicy{support}
	other := polRole("other", "{}")
	other.AttachedPolicies = []audit.AttachedPolicy{polAttach("arn:aws:iam::aws:policy/ReadOnlyAccess")}

	tests := []struct {
		name string
		a    *audit.AuthorizationDetails
		want ruleWant
	}{
		{"role holds it", &audit.AuthorizationDetails{Users: []audit.User{user}, Roles: []audit.Role{other, role}},
			ruleWant{polAcctRes, result.Pass, []string{"role support"}}},
		{"only user and group", &audit.AuthorizationDetails{Users: []audit.User{user}, Groups: []audit.Group{group}, Roles: []audit.Role{other}},
			ruleWant{polAcctRes, result.Fail, []string{"only to user alice, group helpdesk", "CIS requires a role"}}},
		{"nobody", &audit.AuthorizationDetails{Roles: []audit.Role{other}},
			ruleWant{polAcctRes, result.Fail, []string{"attached to no role"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { runRule(t, SupportRole, polSnap(tt.a), []ruleWant{tt.want}) })
	}
}
