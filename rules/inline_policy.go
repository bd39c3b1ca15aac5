package rules

import (
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// InlinePolicies flags users, groups and roles that have inline policies
// (AWS Config iam-no-inline-policy-check, which covers all three types).
// One result per principal. Service-linked roles (path /aws-service-role/)
// are skipped: AWS creates and owns their policies and the customer cannot
// remove them, so a finding would be unfixable noise. The Config rule's
// documentation does not mention this exclusion; this is our decision.
var InlinePolicies = Rule{
	ID:       "IAM-NO-INLINE-POLICY",
	Title:    "Users, groups and roles have no inline policies",
	Severity: result.Low,
	Rationale: "Inline policies are tied to one principal, cannot be reused or versioned, and are easy to " +
		"miss in reviews; managed policies can be audited, rolled back and attached consistently.",
	Remediation: "Recreate each inline policy as a customer-managed policy, attach it where needed, and " +
		"delete the inline policy.",
	RemediationCLI: []string{
		"aws iam create-policy --policy-name <name> --policy-document file://policy.json",
		"aws iam attach-role-policy --role-name <role> --policy-arn <policy-arn>",
		"aws iam delete-role-policy --role-name <role> --policy-name <inline-policy>",
		"aws iam delete-user-policy --user-name <user> --policy-name <inline-policy>",
		"aws iam delete-group-policy --group-name <group> --policy-name <inline-policy>",
	},
	References: []string{
		"https://docs.aws.amazon.com/config/latest/developerguide/iam-no-inline-policy-check.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html",
	},
	Controls: []result.Control{awsConfig("iam-no-inline-policy-check")},
	Evidence: []audit.Evidence{audit.EvidenceAuthorization},
	Check:    onAZIndex("inline policies", checkInlinePolicies),
}

func checkInlinePolicies(ctx *Context, ix *azIndex) []result.Result {
	out := make([]result.Result, 0, len(ix.principals))
	for _, p := range ix.principals {
		if p.serviceLinked() {
			continue
		}
		sb := subject{p.Type, p.ARN, p.Name}
		if len(p.Inline) == 0 {
			out = append(out, sb.pass("no inline policies"))
			continue
		}
		names := make([]string, len(p.Inline))
		for i, ip := range p.Inline {
			names[i] = ip.Name
		}
		out = append(out, sb.fail(azInlineCount(len(names))+": "+strings.Join(names, ", ")))
	}
	if len(out) == 0 {
		return azAccountPass(ctx, "the account has no users, groups or customer roles")
	}
	return out
}
