package rules

import (
	"slices"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// OrgRootAccessCentralized checks CIS v7.0.0 2.1.1 "Ensure centralized root
// access in AWS Organizations" from iam:ListOrganizationsFeatures, the API
// behind the console's Root access management page the audit procedure
// reads: it passes when RootCredentialsManagement is enabled and fails when
// it is not, including when IAM says trusted access is off or the
// organization has consolidated billing only (the feature cannot be on).
// Outside an organization the recommendation does not apply, and a member
// account cannot see the setting: both are MANUAL with that reason, since
// neither is a verdict on the account.
var OrgRootAccessCentralized = Rule{
	ID:       "IAM-ORG-ROOT-ACCESS-CENTRALIZED",
	Title:    "Centralized root access is enabled in AWS Organizations",
	Severity: result.Medium,
	Rationale: "With root credentials management, member accounts need no long-lived root password, keys or " +
		"MFA device; the management account removes them and runs short, task-scoped root sessions instead.",
	Remediation: "From the management account, enable trusted access for IAM and turn on root credentials " +
		"management (and, if needed, privileged root actions) in IAM's Root access management page.",
	RemediationCLI: []string{
		"aws organizations enable-aws-service-access --service-principal iam.amazonaws.com",
		"aws iam enable-organizations-root-credentials-management",
		"aws iam enable-organizations-root-sessions",
		"aws iam list-organizations-features",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-enable-root-access.html",
		"https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOrganizationsFeatures.html",
	},
	Controls: cisV7Only("2.1.1"),
	Evidence: []audit.Evidence{audit.EvidenceOrganizationsFeatures},
	Check:    checkOrgRootAccess,
}

func checkOrgRootAccess(ctx *Context) []result.Result {
	f := ctx.Snapshot.OrganizationsFeatures
	if f == nil {
		return accountUnknown(ctx, "whether centralized root access is enabled is unknown", audit.EvidenceOrganizationsFeatures)
	}
	switch f.Status {
	case audit.FeaturesNotInOrganization:
		return accountResult(ctx, result.Manual, "the account belongs to no AWS organization (ListOrganizationsFeatures: "+
			"OrganizationNotFoundException): centralized root access does not apply; its root user is judged by the root rules")
	case audit.FeaturesNotManagementAccount:
		return accountResult(ctx, result.Manual, "only the management account or IAM's delegated administrator can see "+
			"centralized root access (ListOrganizationsFeatures: AccountNotManagementOrDelegatedAdministratorException): run iamaudit there")
	case audit.FeaturesTrustedAccessDisabled:
		return accountResult(ctx, result.Fail, "trusted access for IAM is not enabled in AWS Organizations "+
			"(ListOrganizationsFeatures: ServiceAccessNotEnabledException), so root credentials management is off")
	case audit.FeaturesNotAllFeaturesMode:
		return accountResult(ctx, result.Fail, "the organization has consolidated billing only (ListOrganizationsFeatures: "+
			"OrganizationNotInAllFeaturesModeException); centralized root access needs all features")
	case audit.FeaturesListed:
	default:
		return accountUnknown(ctx, "ListOrganizationsFeatures gave an unrecognised answer "+quote(f.Status), audit.EvidenceOrganizationsFeatures)
	}
	enabled := "none"
	if len(f.EnabledFeatures) > 0 {
		enabled = strings.Join(f.EnabledFeatures, ", ")
	}
	org := orDash(f.OrganizationID)
	if slices.Contains(f.EnabledFeatures, audit.FeatureRootCredentialsManagement) {
		return accountResult(ctx, result.Pass, "root credentials management is enabled for organization "+org+" (enabled features: "+enabled+")")
	}
	return accountResult(ctx, result.Fail, "root credentials management is not enabled for organization "+org+" (enabled features: "+enabled+")")
}
