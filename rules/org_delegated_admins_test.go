package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestOrgDelegatedAdmins(t *testing.T) {
	listDenied := audit.Gap{Evidence: audit.EvidenceDelegatedAdmins, Operation: "ListDelegatedAdministrators", Code: "AccessDeniedException", Message: "denied"}
	mgmt := func(da *audit.DelegatedAdministrators, gaps ...audit.Gap) *audit.Snapshot {
		s := withOrg(orgSnap(gaps...), orgAcct)
		s.DelegatedAdministrators = da
		return s
	}
	runCases(t, OrgDelegatedAdmins, append([]ruleCase{
		{"registered accounts pass and are quoted", mgmt(&audit.DelegatedAdministrators{Accounts: []audit.DelegatedAdministrator{
			{ID: "444455556666", Name: "security", Status: "ACTIVE"}, {ID: "777788889999", Name: "old-log", Status: "SUSPENDED"},
		}}), []ruleWant{{orgRes, result.Pass, []string{`delegated administrators: 444455556666 ("security"), 777788889999 ("old-log") [SUSPENDED]`}}}},
		{"none registered is for a person", mgmt(&audit.DelegatedAdministrators{Accounts: []audit.DelegatedAdministrator{}}),
			[]ruleWant{{orgRes, result.Manual, []string{"no member account is registered", "confirm none is in use"}}}},
		{"denied listing is unknown", mgmt(nil, listDenied),
			[]ruleWant{{orgRes, result.Unknown, []string{"ListDelegatedAdministrators: AccessDeniedException"}}}},
	}, orgScopeCases()...))
}
