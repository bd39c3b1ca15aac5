package rules

import (
	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// PasswordSymbol checks that passwords need a symbol.
var PasswordSymbol = passwordRule(Rule{
	ID:             "IAM-PASSWORD-SYMBOL",
	Title:          "Password policy requires a symbol",
	Severity:       result.Medium,
	Rationale:      "Requiring several character classes widens the space an attacker must search.",
	Remediation:    "Enable \"Require at least one non-alphanumeric character\" in the account password policy." + passwordPolicyNote,
	RemediationCLI: passwordCLI(),
}, "IAM.13", true, func(p *audit.PasswordPolicy, _ Config) (bool, string) {
	return requireClass(p.RequireSymbols, "symbol")
})
