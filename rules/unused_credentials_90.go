package rules

import "github.com/iamaudit/iamaudit/result"

// UnusedCredentials90 is the same check at Security Hub IAM.8's 90 days (the
// AWS Config rule's default maxCredentialUsageAge).
var UnusedCredentials90 = unusedRule("IAM-USER-UNUSED-CREDENTIALS-90", 90, "iam-8",
	[]result.Control{securityHub("IAM.8"), awsConfig("iam-user-unused-credentials-check")},
	func(c Config) int { return c.UnusedCredentialDaysLong })
