package rules

import (
	"fmt"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// PasswordReuse checks password reuse prevention. CIS wants 24 (IAM's
// maximum); we require >= the configured value, so with the default only 24
// passes, and a team that lowers the target is not failed for exceeding it.
var PasswordReuse = passwordRule(Rule{
	ID:             "IAM-PASSWORD-REUSE",
	Title:          "Password policy prevents reuse of the last 24 passwords",
	Severity:       result.Low,
	Rationale:      "Without reuse prevention a user forced to change a leaked password can simply set it again.",
	Remediation:    "Set the password policy to remember 24 previous passwords." + passwordPolicyNote,
	RemediationCLI: passwordCLI(),
	Controls:       cis("1.9", "1.9", "1.9", "1.9", "1.9", "1.8", "2.8", "2.9"),
}, "IAM.16", false, func(p *audit.PasswordPolicy, c Config) (bool, string) {
	if p.PasswordReusePrevention == 0 {
		return false, "the password policy does not prevent password reuse (password_reuse_prevention is 0)"
	}
	got := fmt.Sprintf("the password policy remembers %d previous passwords", p.PasswordReusePrevention)
	if p.PasswordReusePrevention >= c.PasswordReusePrevention {
		return true, fmt.Sprintf("%s (required %d or more)", got, c.PasswordReusePrevention)
	}
	return false, fmt.Sprintf("%s, fewer than the required %d", got, c.PasswordReusePrevention)
})
