package rules

import "github.com/iamaudit/iamaudit/audit"

// PasswordUppercase checks that passwords need an uppercase letter.
var PasswordUppercase = classRule("IAM-PASSWORD-UPPERCASE", "an uppercase letter", "Require at least one uppercase letter", "IAM.11", "uppercase letter (A-Z)",
	func(p *audit.PasswordPolicy) bool { return p.RequireUppercaseCharacters })
