package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestOrgRootAccessCentralized(t *testing.T) {
	denied := audit.Gap{Evidence: audit.EvidenceOrganizationsFeatures, Operation: "ListOrganizationsFeatures", Code: "AccessDenied", Message: "not authorized"}
	with := func(status string, features ...string) *audit.Snapshot {
		s := orgSnap()
		s.OrganizationsFeatures = &audit.OrganizationsFeatures{Status: status, EnabledFeatures: features}
		if status == audit.FeaturesListed {
			s.OrganizationsFeatures.OrganizationID = "o-exampleorg1"
		}
		return s
	}
	runCases(t, OrgRootAccessCentralized, []ruleCase{
		{"root credentials management passes", with(audit.FeaturesListed, "RootCredentialsManagement", "RootSessions"),
			[]ruleWant{{orgRes, result.Pass, []string{"enabled for organization o-exampleorg1 (enabled features: RootCredentialsManagement, RootSessions)"}}}},
		{"root sessions alone fail", with(audit.FeaturesListed, "RootSessions"),
			[]ruleWant{{orgRes, result.Fail, []string{"not enabled", "enabled features: RootSessions"}}}},
		{"no feature fails", with(audit.FeaturesListed),
			[]ruleWant{{orgRes, result.Fail, []string{"enabled features: none"}}}},
		{"trusted access off fails", with(audit.FeaturesTrustedAccessDisabled),
			[]ruleWant{{orgRes, result.Fail, []string{"ServiceAccessNotEnabledException"}}}},
		{"consolidated billing fails", with(audit.FeaturesNotAllFeaturesMode),
			[]ruleWant{{orgRes, result.Fail, []string{"consolidated billing only"}}}},
		{"outside an organization is manual", with(audit.FeaturesNotInOrganization),
			[]ruleWant{{orgRes, result.Manual, []string{"belongs to no AWS organization", "OrganizationNotFoundException"}}}},
		{"a member account is manual", with(audit.FeaturesNotManagementAccount),
			[]ruleWant{{orgRes, result.Manual, []string{"only the management account or IAM's delegated administrator", "run iamaudit there"}}}},
		{"an unknown answer decides nothing", with("maybe"),
			[]ruleWant{{orgRes, result.Unknown, []string{`unrecognised answer "maybe"`}}}},
		{"denied is unknown with the gap", orgSnap(denied),
			[]ruleWant{{orgRes, result.Unknown, []string{"ListOrganizationsFeatures: AccessDenied"}}}},
	})
}
