package rules

import (
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// UserDirectPolicies flags users with attached managed policies or inline
// policies: permissions should come only through groups (or roles).
var UserDirectPolicies = Rule{
	ID:       "IAM-USER-NO-DIRECT-POLICIES",
	Title:    "IAM users receive permissions only through groups",
	Severity: result.Low,
	Rationale: "Permissions granted per user drift apart and are hard to review and revoke; granting them " +
		"through groups or roles keeps access consistent with job function.",
	Remediation: "Put the user in a group that carries the needed policies, then detach the user's managed " +
		"policies and delete its inline policies.",
	RemediationCLI: []string{
		"aws iam add-user-to-group --user-name <user> --group-name <group>",
		"aws iam detach-user-policy --user-name <user> --policy-arn <policy-arn>",
		"aws iam delete-user-policy --user-name <user> --policy-name <inline-policy>",
	},
	References: []string{
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-2",
		"https://docs.aws.amazon.com/config/latest/developerguide/iam-user-no-policies-check.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_manage_attach-policy.html",
	},
	Controls: append(cis("1.15", "1.15", "1.15", "1.15", "1.15", "1.14", "2.14", "2.13"), securityHub("IAM.2"),
		awsConfig("iam-user-no-policies-check")),
	Evidence: []audit.Evidence{audit.EvidenceAuthorization},
	Check:    checkUserDirectPolicies,
}

func checkUserDirectPolicies(ctx *Context) []result.Result {
	return eachAZUser(ctx, "user policies", func(u audit.User) (result.Status, string) {
		var parts []string
		if len(u.AttachedPolicies) > 0 {
			names := make([]string, len(u.AttachedPolicies))
			for i, p := range u.AttachedPolicies {
				names[i] = p.Name
			}
			parts = append(parts, "attached managed policies: "+strings.Join(names, ", "))
		}
		if len(u.InlinePolicies) > 0 {
			names := make([]string, len(u.InlinePolicies))
			for i, p := range u.InlinePolicies {
				names[i] = p.Name
			}
			parts = append(parts, "inline policies: "+strings.Join(names, ", "))
		}
		if len(parts) > 0 {
			return result.Fail, strings.Join(parts, "; ")
		}
		return result.Pass, "no policies attached to or embedded in the user"
	})
}
