package rules

// UnusedCredentials45 checks that no user holds a password or active access
// key unused for 45 days or more (CIS 1.12, Security Hub IAM.22).
var UnusedCredentials45 = unusedRule("IAM-USER-UNUSED-CREDENTIALS-45", 45, "iam-22",
	append(cis("1.12", "1.12", "1.12", "1.12", "1.12", "1.11", "2.11", "2.11"), securityHub("IAM.22"), awsConfig("iam-user-unused-credentials-check")),
	func(c Config) int { return c.UnusedCredentialDays })
