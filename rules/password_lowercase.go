package rules

import (
	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// PasswordLowercase checks that passwords need a lowercase letter.
var PasswordLowercase = passwordRule(Rule{
	ID:             "IAM-PASSWORD-LOWERCASE",
	Title:          "Password policy requires a lowercase letter",
	Severity:       result.Medium,
	Rationale:      "Requiring several character classes widens the space an attacker must search.",
	Remediation:    "Enable \"Require at least one lowercase letter\" in the account password policy." + passwordPolicyNote,
	RemediationCLI: passwordCLI(),
}, "IAM.12", true, func(p *audit.PasswordPolicy, _ Config) (bool, string) {
	return requireClass(p.RequireLowercaseCharacters, "lowercase letter (a-z)")
})
