package rules

import (
	"fmt"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
	"github.com/iamaudit/iamaudit/rules/policy"
)

// PrivilegeEscalation flags policies that grant a well-known IAM
// privilege-escalation path on all resources of its target in the account
// (Rhino Security Labs' list; see policy.Document.Escalations). Resources
// are IAM patterns: iam:AttachUserPolicy on "arn:aws:iam::ACCOUNT:user/*",
// "iam:*" on "arn:aws:iam::ACCOUNT:*" and "*" on "arn:*" all count, as "*"
// does; on one named user they do not. The account is the policy's or
// principal's own. It judges attached customer-managed policies
// (default version; one result per policy) and inline policies (one result
// per user, group or role that has any). Unattached customer policies grant
// nothing and are not reported; AWS-managed policies and service-linked
// roles are out of scope (AWS owns them).
var PrivilegeEscalation = Rule{
	ID:       "IAM-POLICY-PRIVILEGE-ESCALATION",
	Title:    "Policies do not grant known IAM privilege-escalation paths",
	Severity: result.High,
	Rationale: "Actions such as iam:CreatePolicyVersion, iam:AttachUserPolicy or iam:PassRole with " +
		"ec2:RunInstances let a principal raise its own privileges to administrator, so a policy that " +
		"grants them on \"*\" is an admin policy in disguise.",
	Remediation: "Remove the escalation actions or scope them to specific resources (e.g. iam:PassRole " +
		"only for named roles, with an iam:PassedToService condition); use permissions boundaries for " +
		"principals that must manage IAM.",
	RemediationCLI: []string{
		"aws iam create-policy-version --policy-arn <policy-arn> --policy-document file://scoped.json --set-as-default",
		"aws iam put-role-policy --role-name <role> --policy-name <policy> --policy-document file://scoped.json",
		"aws iam put-user-permissions-boundary --user-name <user> --permissions-boundary <boundary-policy-arn>",
	},
	References: []string{
		"https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",
	},
	Evidence: []audit.Evidence{audit.EvidenceAuthorization},
	Check:    onAZIndex("privilege escalation", checkPrivilegeEscalation),
}

func describeEscalations(es []policy.Escalation) string {
	parts := make([]string, 0, len(es))
	for _, e := range es {
		s := e.Actions[0]
		if len(e.Actions) > 1 {
			s = e.Name + " (" + strings.Join(e.Actions, " + ") + ")"
		}
		if e.Conditional {
			s += " (conditional)"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

func checkPrivilegeEscalation(ctx *Context, ix *azIndex) []result.Result {
	var out []result.Result
	for _, p := range ix.customerPolicies() {
		if !ix.attached(p) {
			continue
		}
		doc, ver, bad := ix.defaultDoc(p, "")
		if bad != nil {
			out = append(out, *bad)
			continue
		}
		if es := doc.Escalations(ix.scopeOf(p.ARN)); len(es) > 0 {
			out = append(out, azPolicyResult(p, result.Fail, fmt.Sprintf("default version %s allows on all resources: %s; attached to %s",
				ver, describeEscalations(es), azAttachmentDesc(ix, p))))
			continue
		}
		out = append(out, azPolicyResult(p, result.Pass, fmt.Sprintf("default version %s grants no known escalation path on all resources", ver)))
	}
	out = append(out, ix.uncollectedCustomer()...)
	for _, pr := range ix.principals {
		if len(pr.Inline) == 0 || pr.serviceLinked() {
			continue
		}
		sc := ix.scopeOf(pr.ARN)
		out = append(out, ix.judgeInline(pr, "no inline policy grants a known escalation path on all resources", func(name string, d *policy.Document) string {
			if es := d.Escalations(sc); len(es) > 0 {
				return "inline policy " + name + " allows on all resources: " + describeEscalations(es)
			}
			return ""
		}))
	}
	if len(out) == 0 {
		return azAccountPass(ctx, "no attached customer-managed policy and no inline policy to judge")
	}
	return out
}
