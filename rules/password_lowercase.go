package rules

import "github.com/iamaudit/iamaudit/audit"

// PasswordLowercase checks that passwords need a lowercase letter.
var PasswordLowercase = classRule("IAM-PASSWORD-LOWERCASE", "a lowercase letter", "Require at least one lowercase letter", "IAM.12", "lowercase letter (a-z)",
	func(p *audit.PasswordPolicy) bool { return p.RequireLowercaseCharacters })
