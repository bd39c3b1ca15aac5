package rules

import (
	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// PasswordUppercase checks that passwords need an uppercase letter.
var PasswordUppercase = passwordRule(Rule{
	ID:             "IAM-PASSWORD-UPPERCASE",
	Title:          "Password policy requires an uppercase letter",
	Severity:       result.Medium,
	Rationale:      "Requiring several character classes widens the space an attacker must search.",
	Remediation:    "Enable \"Require at least one uppercase letter\" in the account password policy." + passwordPolicyNote,
	RemediationCLI: passwordCLI(),
}, "IAM.11", true, func(p *audit.PasswordPolicy, _ Config) (bool, string) {
	return requireClass(p.RequireUppercaseCharacters, "uppercase letter (A-Z)")
})
