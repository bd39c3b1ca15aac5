package rules

import (
	"fmt"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
	"github.com/iamaudit/iamaudit/rules/policy"
)

// ServiceWildcard flags customer-managed policies whose default version
// allows every action of a service ("s3:*", "*") or uses Allow + NotAction.
//
// Decision: like AWS Config's iam-policy-no-statements-with-full-access
// (which backs Security Hub IAM.21), every customer-managed policy is judged,
// attached or not: an unattached policy is one attachment away from being in
// force. The reason says when a failing policy is unattached. Prefixed
// wildcards such as "ec2:Describe*" pass, as in the Config rule.
var ServiceWildcard = Rule{
	ID:       "IAM-POLICY-SERVICE-WILDCARD",
	Title:    "Customer-managed policies do not allow wildcard actions for whole services",
	Severity: result.Low,
	Rationale: "\"service:*\" grants every current and future action of a service, including its " +
		"administrative and destructive ones; scoping actions keeps least privilege and limits " +
		"privilege escalation when the policy is attached to the wrong principal.",
	Remediation: "Replace \"service:*\" (and Allow + NotAction) with the specific actions needed, or a " +
		"prefixed wildcard such as \"ec2:Describe*\", and publish that as the policy's default version.",
	RemediationCLI: []string{
		"aws iam get-policy-version --policy-arn <policy-arn> --version-id <default-version-id>",
		"aws iam create-policy-version --policy-arn <policy-arn> --policy-document file://scoped.json --set-as-default",
	},
	References: []string{
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-21",
		"https://docs.aws.amazon.com/config/latest/developerguide/iam-policy-no-statements-with-full-access.html",
	},
	Controls: []result.Control{securityHub("IAM.21"), awsConfig("iam-policy-no-statements-with-full-access")},
	Evidence: []audit.Evidence{audit.EvidenceAuthorization},
	Check:    checkServiceWildcard,
}

func checkServiceWildcard(ctx *Context) []result.Result {
	return eachCustomerPolicy(ctx, func(ix *azIndex, p *audit.ManagedPolicy, ver string, doc *policy.Document) result.Result {
		ws := doc.ServiceWildcards()
		if len(ws) == 0 {
			return azPolicyResult(p, result.Pass, fmt.Sprintf("default version %s allows no service-wide wildcard action", ver))
		}
		parts := make([]string, 0, len(ws))
		for _, w := range ws {
			s := fmt.Sprintf("Statement[%d] allows %q", w.Statement, w.Pattern)
			if w.Pattern == "NotAction" {
				s = fmt.Sprintf("Statement[%d] uses Allow + NotAction", w.Statement)
			}
			if w.Conditional {
				s += " (conditional)"
			}
			parts = append(parts, s)
		}
		reason := fmt.Sprintf("default version %s: %s", ver, strings.Join(parts, "; "))
		if !ix.attached(p) {
			reason += "; the policy is not attached at present"
		}
		return azPolicyResult(p, result.Fail, reason)
	})
}
