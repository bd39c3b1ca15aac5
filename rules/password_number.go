package rules

import "github.com/iamaudit/iamaudit/audit"

// PasswordNumber checks that passwords need a digit.
var PasswordNumber = classRule("IAM-PASSWORD-NUMBER", "a number", "Require at least one number", "IAM.14", "number (0-9)",
	func(p *audit.PasswordPolicy) bool { return p.RequireNumbers })
