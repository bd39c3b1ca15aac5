package rules

import (
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// OneActiveKey checks that no user has two active access keys (CIS 1.13).
var OneActiveKey = Rule{
	ID:       "IAM-USER-ONE-ACTIVE-KEY",
	Title:    "Each IAM user has at most one active access key",
	Severity: result.Medium,
	Rationale: "Two active keys are meant only for the short overlap of a rotation; left in place they " +
		"double the credentials to protect and usually mean the old key was never retired.",
	Remediation: "Find which key is still in use, move every consumer to it, then deactivate and delete the other.",
	RemediationCLI: []string{
		"aws iam list-access-keys --user-name <user-name>",
		"aws iam get-access-key-last-used --access-key-id <access-key-id>",
		"aws iam update-access-key --user-name <user-name> --access-key-id <unused-access-key-id> --status Inactive",
		"aws iam delete-access-key --user-name <user-name> --access-key-id <unused-access-key-id>",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id-credentials-access-keys-update.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html",
	},
	Controls: cis("1.13", "1.13", "1.13", "1.13", "1.13", "1.12", "2.12", ""),
	Evidence: userEvidence,
	Check: func(ctx *Context) []result.Result {
		return eachUser(ctx, func(row audit.CredentialRow) result.Result {
			var active, unknown []string
			eachActiveKey(row, func(name string, k audit.AccessKeyStatus) {
				active = append(active, name+" (last rotated "+k.LastRotated.String()+", last used "+k.LastUsedDate.String()+")")
			}, func(reason string) { unknown = append(unknown, reason) })
			switch {
			case len(active) == 2:
				return userResult(row, result.Fail, "two active access keys: "+strings.Join(active, "; "))
			case len(unknown) > 0:
				return userResult(row, result.Unknown, strings.Join(unknown, "; "))
			case len(active) == 1:
				return userResult(row, result.Pass, "one active access key: "+active[0])
			}
			return userResult(row, result.Pass, "no active access keys")
		})
	},
}
