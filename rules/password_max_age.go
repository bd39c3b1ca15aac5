package rules

import (
	"fmt"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// PasswordMaxAge checks that passwords expire within MaxPasswordAgeDays.
var PasswordMaxAge = passwordRule(Rule{
	ID:             "IAM-PASSWORD-MAX-AGE",
	Title:          "Password policy expires passwords within 90 days",
	Severity:       result.Low,
	Rationale:      "Expiry bounds how long a silently leaked password stays valid.",
	Remediation:    "Set the password policy's maximum password age to 90 days or less." + passwordPolicyNote,
	RemediationCLI: passwordCLI(),
}, "IAM.17", false, func(p *audit.PasswordPolicy, c Config) (bool, string) {
	// MaxPasswordAge is the setting (UpdateAccountPasswordPolicy takes only
	// it, and Config's iam-password-policy judges it); AWS documents
	// ExpirePasswords as derived from it ("true if MaxPasswordAge contains a
	// value greater than 0"). The SDK reads a missing ExpirePasswords element
	// as false, so an emulator that omits it must not fail a 90-day policy.
	if p.MaxPasswordAge <= 0 {
		return false, fmt.Sprintf("passwords never expire (max_password_age %d, expire_passwords %t)", p.MaxPasswordAge, p.ExpirePasswords)
	}
	got := fmt.Sprintf("passwords expire after %d days", p.MaxPasswordAge)
	if !p.ExpirePasswords {
		got += " (max_password_age is set although expire_passwords reads false)"
	}
	if p.MaxPasswordAge <= c.MaxPasswordAgeDays {
		return true, fmt.Sprintf("%s (required %d or less)", got, c.MaxPasswordAgeDays)
	}
	return false, fmt.Sprintf("%s, more than the allowed %d", got, c.MaxPasswordAgeDays)
})
