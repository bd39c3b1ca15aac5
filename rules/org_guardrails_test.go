package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestOrgGuardrailPolicies(t *testing.T) {
	root := audit.PolicyTarget{ID: "r-ab12", Name: "Root", Type: audit.TargetRoot}
	prodOU := audit.PolicyTarget{ID: "ou-ab12-prod0001", Name: "Prod", Type: audit.TargetOU}
	acct := audit.PolicyTarget{ID: "444455556666", Name: "sandbox", Type: audit.TargetAccount}
	fullAccess := audit.OrganizationPolicy{ID: "p-FullAWSAccess", Name: "FullAWSAccess", Type: audit.PolicyTypeSCP, AWSManaged: true, Targets: []audit.PolicyTarget{root}}
	pol := func(name, typ string, targets ...audit.PolicyTarget) audit.OrganizationPolicy {
		return audit.OrganizationPolicy{ID: "p-" + name, Name: name, Type: typ, Targets: targets}
	}
	mgmt := func(ps ...audit.OrganizationPolicy) *audit.Snapshot {
		s := withOrg(orgSnap(), orgAcct)
		s.OrganizationPolicies = &audit.OrganizationPolicies{Policies: append([]audit.OrganizationPolicy{}, ps...)}
		return s
	}
	billingOnly := mgmt()
	billingOnly.Organization.FeatureSet = "CONSOLIDATED_BILLING"
	listDenied := withOrg(orgSnap(audit.Gap{Evidence: audit.EvidenceOrganizationPolicies, Operation: "ListPolicies", Code: "AccessDeniedException", Message: "SERVICE_CONTROL_POLICY: denied"}), orgAcct)
	runCases(t, OrgGuardrailPolicies, append([]ruleCase{
		{"a customer SCP at the root passes", mgmt(fullAccess, pol("deny-leave-org", audit.PolicyTypeSCP, root), pol("prod-regions", audit.PolicyTypeSCP, prodOU)),
			[]ruleWant{{orgRes, result.Pass, []string{`SCP "deny-leave-org" attached at the root`, `also SCP "prod-regions" on OU ou-ab12-prod0001 ("Prod")`}}}},
		{"an RCP at the root passes", mgmt(fullAccess, pol("no-public", audit.PolicyTypeRCP, root)),
			[]ruleWant{{orgRes, result.Pass, []string{`RCP "no-public" attached at the root`}}}},
		{"policies only on OUs and accounts are for a person", mgmt(fullAccess, pol("prod-regions", audit.PolicyTypeSCP, prodOU, acct)),
			[]ruleWant{{orgRes, result.Manual, []string{`SCP "prod-regions" on OU ou-ab12-prod0001 ("Prod"), account 444455556666 ("sandbox")`, "confirm every active account"}}}},
		{"only FullAWSAccess fails", mgmt(fullAccess),
			[]ruleWant{{orgRes, result.Fail, []string{"no customer SCP or RCP is attached anywhere"}}}},
		{"unattached guardrails fail and are named", mgmt(fullAccess, pol("draft", audit.PolicyTypeSCP)),
			[]ruleWant{{orgRes, result.Fail, []string{`unattached: SCP "draft"`}}}},
		{"consolidated billing fails", billingOnly,
			[]ruleWant{{orgRes, result.Fail, []string{"consolidated billing only"}}}},
		{"denied listing is unknown", listDenied,
			[]ruleWant{{orgRes, result.Unknown, []string{"ListPolicies: AccessDeniedException"}}}},
	}, orgScopeCases()...))
}
