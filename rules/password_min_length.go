package rules

import (
	"fmt"
	"strconv"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// PasswordMinLength checks the minimum password length. It also maps to
// IAM.7, whose default minimum is 8: with our default of 14 a length of 8-13
// fails IAM.7 here although Security Hub would pass it; the stricter reading
// was preferred over leaving IAM.7 blind to lengths below 8.
var PasswordMinLength = passwordRule(Rule{
	ID:             "IAM-PASSWORD-MIN-LENGTH",
	Title:          "Password policy requires a minimum length of 14 or more",
	Severity:       result.Medium,
	Rationale:      "Length is the strongest defence against guessing and cracking; short passwords fall to brute force.",
	Remediation:    "Set the account password policy's minimum length to at least 14." + passwordPolicyNote,
	RemediationCLI: passwordCLI(),
	Controls:       cis("1.8", "1.8", "1.8", "1.8", "1.8", "1.7", "2.7", "2.8"),
}, "IAM.15", true, func(p *audit.PasswordPolicy, c Config) (bool, string) {
	got := "minimum password length is " + strconv.Itoa(p.MinimumPasswordLength)
	if p.MinimumPasswordLength >= c.MinPasswordLength {
		return true, fmt.Sprintf("%s (required %d or more)", got, c.MinPasswordLength)
	}
	return false, fmt.Sprintf("%s, below the required %d", got, c.MinPasswordLength)
})
