package rules

import (
	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// SupportRole passes when the AWS-managed AWSSupportAccess policy is
// attached to at least one role; one result for the account. CIS ("Ensure a
// support role has been created to manage incidents with AWS Support")
// audits list-entities-for-policy and requires PolicyRoles to be non-empty:
// attachment to users or groups does not satisfy it, and the reason says so.
// Security Hub IAM.18 runs AWS Config iam-policy-in-use with policyUsageType
// ANY, which would pass on a user or group attachment; we follow the
// stricter CIS wording because the rule exists to provide a role.
var SupportRole = Rule{
	ID:       "IAM-SUPPORT-ROLE",
	Title:    "A support role has been created to manage incidents with AWS Support",
	Severity: result.Low,
	Rationale: "A dedicated role with AWSSupportAccess lets authorised people open and manage AWS Support " +
		"cases during an incident without handing out broader permissions or root credentials.",
	Remediation: "Create a role trusted by the people or identity provider who handle incidents and attach " +
		"the AWS-managed AWSSupportAccess policy to it.",
	RemediationCLI: []string{
		"aws iam create-role --role-name aws-support --assume-role-policy-document file://trust.json",
		"aws iam attach-role-policy --role-name aws-support --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess",
		"aws iam list-entities-for-policy --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess --entity-filter Role",
	},
	References: []string{
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-18",
		"https://docs.aws.amazon.com/awssupport/latest/user/accessing-support.html",
		"https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSSupportAccess.html",
	},
	Controls: append(cis("1.17", "1.17", "1.17", "1.17", "1.17", "1.16", "2.16", "2.15"), securityHub("IAM.18"), awsConfig("iam-policy-in-use")),
	Evidence: []audit.Evidence{audit.EvidenceAuthorization},
	Check:    onAZIndex("the AWS Support role", checkSupportRole),
}

func checkSupportRole(ctx *Context, ix *azIndex) []result.Result {
	var roles, others []azPrincipal
	for _, p := range ix.policyHolders("AWSSupportAccess") {
		if p.Type == TypeRole {
			roles = append(roles, p)
		} else {
			others = append(others, p)
		}
	}
	res := azAccountPass(ctx, "")
	switch {
	case len(roles) > 0:
		res[0].Reason = "AWSSupportAccess is attached to " + azHolderNames(roles)
	case len(others) > 0:
		res[0].Status = result.Fail
		res[0].Reason = "AWSSupportAccess is attached to no role, only to " + azHolderNames(others) + "; CIS requires a role (Security Hub IAM.18 accepts any attachment)"
	default:
		res[0].Status = result.Fail
		res[0].Reason = "AWSSupportAccess is attached to no role"
	}
	return res
}
