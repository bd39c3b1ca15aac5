package rules

import (
	"github.com/iamaudit/iamaudit/result"
)

// UnusedCredentials45 checks that no user holds a password or active access
// key unused for 45 days or more (CIS 1.12, Security Hub IAM.22).
var UnusedCredentials45 = Rule{
	ID:       "IAM-USER-UNUSED-CREDENTIALS-45",
	Title:    "User credentials unused for 45 days or more are disabled",
	Severity: result.Medium,
	Rationale: "A password or access key nobody uses is a credential nobody watches: if it leaks, its " +
		"use stands out to no one. Removing it shrinks the attack surface at no cost.",
	Remediation:    unusedRemediation,
	RemediationCLI: unusedRemediationCLI,
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-22",
		"https://docs.aws.amazon.com/config/latest/developerguide/iam-user-unused-credentials-check.html",
	},
	Controls: append(cis("1.12", "1.12", "1.12", "1.12", "1.12", "1.11", "2.11", "2.11"), securityHub("IAM.22"), awsConfig("iam-user-unused-credentials-check")),
	Evidence: userEvidence,
	Check: func(ctx *Context) []result.Result {
		return checkUnusedCredentials(ctx, ctx.Config.UnusedCredentialDays)
	},
}
