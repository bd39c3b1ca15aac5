package rules

// Helpers of the password-policy rules: one builder for the seven parameter
// rules, and what a policy outside IAM's ranges means.

import (
	"fmt"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// noPolicyReason explains a missing policy. Without a custom policy IAM still
// enforces its default (8 to 128 characters, three of the four character
// types, no expiry, reuse allowed), but no single requirement these rules
// test is guaranteed, so every parameter rule fails.
const noPolicyReason = "no password policy is set; IAM's default applies (minimum length 8, any three of " +
	"uppercase/lowercase/numbers/symbols with none required, passwords never expire, reuse allowed)"

var passwordPolicyRefs = []string{
	"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
	"https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountPasswordPolicy.html",
	"https://docs.aws.amazon.com/config/latest/developerguide/iam-password-policy.html",
}

// passwordRule builds one password policy parameter rule. judge reports
// whether the (present) policy meets the target and describes what it found.
// strong marks the parameters Security Hub's composite IAM.7 ("strong
// configurations": the four character classes and a minimum length) also checks.
func passwordRule(r Rule, hub string, strong bool, judge func(p *audit.PasswordPolicy, c Config) (bool, string)) Rule {
	r.Evidence = []audit.Evidence{audit.EvidencePasswordPolicy}
	r.References = append(append([]string{}, passwordPolicyRefs...),
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#"+hubAnchor(hub))
	r.Controls = append(r.Controls, securityHub(hub))
	if strong {
		r.Controls = append(r.Controls, securityHub("IAM.7"))
	}
	r.Controls = append(r.Controls, awsConfig("iam-password-policy"))
	r.Check = func(ctx *Context) []result.Result {
		s := ctx.Snapshot
		sb := accountSubject(s)
		p := s.PasswordPolicy
		switch {
		case p == nil:
			return []result.Result{sb.missing(ctx, "the account password policy is unavailable", audit.EvidencePasswordPolicy)}
		case !p.Present:
			return []result.Result{sb.fail(noPolicyReason)}
		}
		if why := passwordPolicyProblem(p); why != "" {
			return []result.Result{sb.unknown(why, string(audit.EvidencePasswordPolicy)+": values outside IAM's ranges")}
		}
		ok, reason := judge(p, ctx.Config)
		if !ok {
			return []result.Result{sb.fail(reason)}
		}
		return []result.Result{sb.pass(reason)}
	}
	return r
}

// passwordPolicyProblem says why a policy is not one IAM could hold, or "".
// UpdateAccountPasswordPolicy accepts a minimum length of 6 to 128, reuse
// prevention of 1 to 24 and a maximum age of 1 to 1,095 days (0 meaning
// unset for the last two), so a value outside those ranges comes from an
// edited file or a broken endpoint, and no requirement can be read from it.
func passwordPolicyProblem(p *audit.PasswordPolicy) string {
	switch {
	case p.MinimumPasswordLength < 6 || p.MinimumPasswordLength > 128:
		return fmt.Sprintf("the password policy's minimum length is %d, outside IAM's 6 to 128, so the policy cannot be read", p.MinimumPasswordLength)
	case p.PasswordReusePrevention < 0 || p.PasswordReusePrevention > 24:
		return fmt.Sprintf("the password policy's reuse prevention is %d, outside IAM's 0 to 24, so the policy cannot be read", p.PasswordReusePrevention)
	case p.MaxPasswordAge < 0 || p.MaxPasswordAge > 1095:
		return fmt.Sprintf("the password policy's maximum age is %d days, outside IAM's 0 to 1095, so the policy cannot be read", p.MaxPasswordAge)
	}
	return ""
}

// hubAnchor turns "IAM.15" into the control page anchor "iam-15".
func hubAnchor(id string) string {
	out := []byte(id)
	for i, c := range out {
		switch {
		case c == '.':
			out[i] = '-'
		case c >= 'A' && c <= 'Z':
			out[i] = c + 'a' - 'A'
		}
	}
	return string(out)
}

// requireClass judges one Require* flag.
func requireClass(flag bool, class string) (bool, string) {
	if flag {
		return true, "the password policy requires at least one " + class
	}
	return false, "the password policy does not require " + class
}

const passwordPolicyNote = " All password policy settings can be set in one update-account-password-policy call; " +
	"parameters you omit are reset to their defaults, so pass them all."

func passwordCLI() []string {
	return []string{
		"aws iam get-account-password-policy",
		"aws iam update-account-password-policy --minimum-password-length 14 --require-uppercase-characters " +
			"--require-lowercase-characters --require-numbers --require-symbols --password-reuse-prevention 24 " +
			"--max-password-age 90 --allow-users-to-change-password",
	}
}

// classRule builds one of the four character-class rules (Security Hub
// IAM.11-14, part of IAM.7): the policy must require one character of the
// class; setting is the console's wording of the checkbox.
func classRule(id, what, setting, hub, class string, required func(p *audit.PasswordPolicy) bool) Rule {
	return passwordRule(Rule{
		ID:             id,
		Title:          "Password policy requires " + what,
		Severity:       result.Medium,
		Rationale:      "Requiring several character classes widens the space an attacker must search.",
		Remediation:    "Enable \"" + setting + "\" in the account password policy." + passwordPolicyNote,
		RemediationCLI: passwordCLI(),
	}, hub, true, func(p *audit.PasswordPolicy, _ Config) (bool, string) {
		return requireClass(required(p), class)
	})
}
