package rules

import "github.com/iamaudit/iamaudit/audit"

// PasswordSymbol checks that passwords need a symbol.
var PasswordSymbol = classRule("IAM-PASSWORD-SYMBOL", "a symbol", "Require at least one non-alphanumeric character", "IAM.13", "symbol",
	func(p *audit.PasswordPolicy) bool { return p.RequireSymbols })
