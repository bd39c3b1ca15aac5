package rules

import "github.com/iamaudit/iamaudit/result"

// UnusedCredentials90 is the same check at Security Hub IAM.8's 90 days (the
// AWS Config rule's default maxCredentialUsageAge).
var UnusedCredentials90 = Rule{
	ID:       "IAM-USER-UNUSED-CREDENTIALS-90",
	Title:    "User credentials unused for 90 days or more are disabled",
	Severity: result.Medium,
	Rationale: "A password or access key nobody uses is a credential nobody watches: if it leaks, its " +
		"use stands out to no one. Removing it shrinks the attack surface at no cost.",
	Remediation:    unusedRemediation,
	RemediationCLI: unusedRemediationCLI,
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-8",
		"https://docs.aws.amazon.com/config/latest/developerguide/iam-user-unused-credentials-check.html",
	},
	Controls: []result.Control{securityHub("IAM.8"), awsConfig("iam-user-unused-credentials-check")},
	Evidence: userEvidence,
	Check: func(ctx *Context) []result.Result {
		return checkUnusedCredentials(ctx, ctx.Config.UnusedCredentialDaysLong)
	},
}
