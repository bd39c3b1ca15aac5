package rules

import (
	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// PasswordNumber checks that passwords need a digit.
var PasswordNumber = passwordRule(Rule{
	ID:             "IAM-PASSWORD-NUMBER",
	Title:          "Password policy requires a number",
	Severity:       result.Medium,
	Rationale:      "Requiring several character classes widens the space an attacker must search.",
	Remediation:    "Enable \"Require at least one number\" in the account password policy." + passwordPolicyNote,
	RemediationCLI: passwordCLI(),
}, "IAM.14", true, func(p *audit.PasswordPolicy, _ Config) (bool, string) {
	return requireClass(p.RequireNumbers, "number (0-9)")
})
