package rules

import "github.com/iamaudit/iamaudit/result"

// KeyRotation checks that every active access key was rotated recently.
var KeyRotation = Rule{
	ID:       "IAM-USER-KEY-ROTATION",
	Title:    "Active access keys are rotated every 90 days or less",
	Severity: result.Medium,
	Rationale: "A long-lived access key accumulates copies in scripts, CI systems and laptops; rotating " +
		"it bounds how long a leaked copy stays useful.",
	Remediation: "Create a second key, move every consumer to it, deactivate the old key, confirm nothing " +
		"breaks, then delete it. Prefer roles and short-lived credentials where possible.",
	RemediationCLI: []string{
		"aws iam create-access-key --user-name <user-name>",
		"aws iam update-access-key --user-name <user-name> --access-key-id <old-access-key-id> --status Inactive",
		"aws iam delete-access-key --user-name <user-name> --access-key-id <old-access-key-id>",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id-credentials-access-keys-update.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-3",
		"https://docs.aws.amazon.com/config/latest/developerguide/access-keys-rotated.html",
	},
	Controls: append(cis("1.14", "1.14", "1.14", "1.14", "1.14", "1.13", "2.13", "2.12"), securityHub("IAM.3"), awsConfig("access-keys-rotated")),
	Evidence: userEvidence,
	Check:    checkKeyRotation,
}

// checkKeyRotation fails active keys older than KeyRotationDays. CIS asks for
// rotation "every 90 days or less" and Config for rotation "within" 90 days,
// so a key exactly 90 days old is still compliant: age > days fails.
// Inactive keys cannot sign requests and are ignored.
func checkKeyRotation(ctx *Context) []result.Result {
	return checkActiveCredentialAge(ctx, ctx.Config.KeyRotationDays, "no active access keys", accessKeySlots("access key %d"))
}
