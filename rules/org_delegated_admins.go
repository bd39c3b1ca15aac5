package rules

import (
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// OrgDelegatedAdmins lists, from the management account, the member
// accounts registered as delegated administrators (CIS v7.0.0 2.1.6,
// Manual). It passes when at least one is registered and quotes them. With
// none it is MANUAL, not FAIL: the benchmark calls that a gap only for a
// service that is in use organization-wide (its example: an organization
// trail), and which services are in use is not in the evidence. 2.1.5
// (a delegation policy for Organizations itself) is a different mechanism
// that ListDelegatedAdministrators does not show, so this rule does not
// cite it.
var OrgDelegatedAdmins = Rule{
	ID:       "IAM-ORG-DELEGATED-ADMINS",
	Title:    "Organization-integrated services are administered from delegated administrator accounts",
	Severity: result.Low,
	Rationale: "The management account is exempt from SCPs; every service administered from it concentrates " +
		"day-to-day work in the one account whose compromise has no guardrail.",
	Remediation: "Register a purpose-built member account (security, logging) as the delegated administrator " +
		"of each Organizations-integrated service in use.",
	RemediationCLI: []string{
		"aws organizations list-delegated-administrators",
		"aws organizations register-delegated-administrator --account-id 111122223333 --service-principal cloudtrail.amazonaws.com",
	},
	References: []string{
		"https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_delegated_admin.html",
		"https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListDelegatedAdministrators.html",
	},
	Controls: cisV7Only("2.1.6"),
	Evidence: []audit.Evidence{audit.EvidenceOrganization, audit.EvidenceDelegatedAdmins},
	Check:    checkOrgDelegatedAdmins,
}

func checkOrgDelegatedAdmins(ctx *Context) []result.Result {
	const what = "delegated administration"
	if res := managementScope(ctx, what); res != nil {
		return res
	}
	da := ctx.Snapshot.DelegatedAdministrators
	if da == nil {
		return accountUnknown(ctx, "the delegated administrators are unknown", audit.EvidenceDelegatedAdmins)
	}
	if len(da.Accounts) == 0 {
		return accountResult(ctx, result.Manual, "no member account is registered as a delegated administrator: every "+
			"Organizations-integrated service in use (an organization trail, GuardDuty, Security Hub, ...) is administered "+
			"from the management account; confirm none is in use")
	}
	names := make([]string, 0, len(da.Accounts))
	for _, a := range da.Accounts {
		n := a.ID
		if a.Name != "" {
			n += " (" + quote(a.Name) + ")"
		}
		if a.Status != "" && a.Status != "ACTIVE" {
			n += " [" + a.Status + "]"
		}
		names = append(names, n)
	}
	return accountResult(ctx, result.Pass, "delegated administrators: "+strings.Join(names, ", ")+
		"; confirm each is a purpose-built account and each integrated service in use has one")
}
