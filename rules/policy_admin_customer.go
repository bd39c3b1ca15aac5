package rules

import (
	"fmt"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
	"github.com/iamaudit/iamaudit/rules/policy"
)

// This file holds the three full-admin rules and the helpers every
// authorization rule shares (azIndex and friends).

// AdminCustomerPolicy flags attached customer-managed policies whose default
// version allows "*" on "*".
//
// Decisions: only the default version is in force, so an admin grant in
// another version is a PASS that the reason mentions. An unattached policy
// grants nothing and is a PASS that says "not attached" (CIS audits with
// --only-attached). Allow + NotAction that still allows all of IAM counts as
// full admin (see policy.Document.GrantsFullAdmin). Deny statements are not
// subtracted, as CIS and Security Hub judge Allow statements only; the
// reason mentions them.
var AdminCustomerPolicy = Rule{
	ID:        "IAM-POLICY-ADMIN-CUSTOMER",
	Title:     "Attached customer-managed policies do not grant full \"*:*\" administrative privileges",
	Severity:  result.High,
	Rationale: adminRationale,
	Remediation: "Replace the \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\" statement with the " +
		"actions and resources the holders need, publish it as a new default version, and delete the old " +
		"version; or detach the policy from every user, group and role.",
	RemediationCLI: []string{
		"aws iam list-entities-for-policy --policy-arn <policy-arn>",
		"aws iam create-policy-version --policy-arn <policy-arn> --policy-document file://least-privilege.json --set-as-default",
		"aws iam delete-policy-version --policy-arn <policy-arn> --version-id <old-version-id>",
		"aws iam detach-role-policy --role-name <role> --policy-arn <policy-arn>",
	},
	References: adminRefs,
	Controls: append(cis("1.16", "1.16", "1.16", "1.16", "1.16", "1.15", "2.15", "2.14"), securityHub("IAM.1"),
		awsConfig("iam-policy-no-statements-with-admin-access")),
	Evidence: []audit.Evidence{audit.EvidenceAuthorization},
	Check:    checkAdminCustomerPolicy,
}

func checkAdminCustomerPolicy(ctx *Context) []result.Result {
	return eachCustomerPolicy(ctx, func(ix *azIndex, p *audit.ManagedPolicy, ver string, doc *policy.Document) result.Result {
		g, admin := doc.GrantsFullAdmin()
		switch {
		case admin && ix.attached(p):
			reason := fmt.Sprintf("default version %s: %s; attached to %s", ver, g.Describe(), azAttachmentDesc(ix, p))
			return azPolicyResult(p, result.Fail, reason)
		case admin:
			return azPolicyResult(p, result.Pass, fmt.Sprintf(
				"not attached: grants nothing while unattached, although its default version %s allows all actions on all resources", ver))
		}
		reason := fmt.Sprintf("default version %s does not allow all actions on all resources", ver)
		if vs := ix.nonDefaultAdmin(p, ver); len(vs) > 0 {
			reason += "; non-default version(s) " + strings.Join(vs, ", ") + " would, but are not in force"
		}
		return azPolicyResult(p, result.Pass, reason)
	})
}
