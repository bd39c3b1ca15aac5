package rules

import (
	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// RootAccessKeys checks that the root user has no access keys at all.
var RootAccessKeys = Rule{
	ID:       "IAM-ROOT-ACCESS-KEYS",
	Title:    "Root user has no access keys",
	Severity: result.Critical,
	Rationale: "A root access key grants unrestricted, non-interactive access to the whole account and " +
		"cannot be limited by any policy. An inactive key still exists and can be re-activated by " +
		"anyone who signs in as root, so only deletion removes the risk.",
	Remediation: "Sign in as the root user, open Security credentials and delete every access key " +
		"(deactivate first if you need to confirm nothing depends on it). Use IAM roles instead.",
	RemediationCLI: []string{
		"# run with the root user's own credentials; root keys cannot be managed from an IAM principal",
		"aws iam list-access-keys",
		"aws iam update-access-key --access-key-id <root-access-key-id> --status Inactive",
		"aws iam delete-access-key --access-key-id <root-access-key-id>",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-4",
		"https://docs.aws.amazon.com/config/latest/developerguide/iam-root-access-key-check.html",
	},
	Controls: append(cis("1.4", "1.4", "1.4", "1.4", "1.4", "1.3", "2.3", "2.4"), securityHub("IAM.4"), awsConfig("iam-root-access-key-check")),
	Evidence: []audit.Evidence{audit.EvidenceAccountSummary, audit.EvidenceCredentialReport},
	Check: func(ctx *Context) []result.Result {
		return checkRootCredentialAbsent(ctx, "AccountAccessKeysPresent", "access key", accessKeySlots("access_key_%d"))
	},
}
