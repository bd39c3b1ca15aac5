package rules

import (
	"fmt"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
	"github.com/iamaudit/iamaudit/rules/policy"
)

// AdminInlinePolicy flags users, groups and roles whose inline policies
// allow "*" on "*". One result per principal that has inline policies.
// Service-linked roles are skipped: AWS owns their policies.
var AdminInlinePolicy = Rule{
	ID:        "IAM-POLICY-ADMIN-INLINE",
	Title:     "Inline policies do not grant full \"*:*\" administrative privileges",
	Severity:  result.High,
	Rationale: adminRationale + " Inline policies are also invisible to policy-level reviews.",
	Remediation: "Remove the inline policy granting \"*\" on \"*\"; grant the needed actions through a " +
		"least-privilege managed policy attached to a group or role.",
	RemediationCLI: []string{
		"aws iam delete-user-policy --user-name <user> --policy-name <policy>",
		"aws iam delete-group-policy --group-name <group> --policy-name <policy>",
		"aws iam delete-role-policy --role-name <role> --policy-name <policy>",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
	},
	// CIS's audit procedure lists attached managed policies only, but its
	// recommendation is that no policy granting "*:*" is attached; an inline
	// policy is attached by construction, so it counts (as in Prowler).
	Controls: cis("1.16", "1.16", "1.16", "1.16", "1.16", "1.15", "2.15", "2.14"),
	Evidence: []audit.Evidence{audit.EvidenceAuthorization},
	Check:    onAZIndex("inline policies", checkAdminInlinePolicy),
}

func checkAdminInlinePolicy(ctx *Context, ix *azIndex) []result.Result {
	var out []result.Result
	for _, p := range ix.principals {
		if len(p.Inline) == 0 || p.serviceLinked() {
			continue
		}
		out = append(out, ix.judgeInline(p, "no inline policy allows all actions on all resources", func(name string, d *policy.Document) string {
			if g, ok := d.GrantsFullAdmin(); ok {
				return fmt.Sprintf("inline policy %s: %s", name, g.Describe())
			}
			return ""
		}))
	}
	if len(out) == 0 {
		return azAccountPass(ctx, "no user, group or role has an inline policy")
	}
	return out
}
