package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func credPolicy(p audit.PasswordPolicy) *audit.Snapshot {
	s := credBare()
	p.Present = true
	s.PasswordPolicy = &p
	return s
}

// strong meets every default target.
var credStrongPolicy = audit.PasswordPolicy{MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true,
	RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, ExpirePasswords: true, MaxPasswordAge: 90,
	PasswordReusePrevention: 24}

var credPasswordRules = []Rule{PasswordMinLength, PasswordReuse, PasswordUppercase, PasswordLowercase, PasswordNumber, PasswordSymbol, PasswordMaxAge}

func TestPasswordRulesSharedStates(t *testing.T) {
	missing := credBare()
	missing.AddGap(credPolicyDenied)
	for _, r := range credPasswordRules {
		t.Run(r.ID, func(t *testing.T) {
			runRule(t, r, credPolicy(credStrongPolicy), []ruleWant{{credAcctRes, result.Pass, nil}})
			noPolicy := credBare()
			noPolicy.PasswordPolicy = &audit.PasswordPolicy{Present: false}
			runRule(t, r, noPolicy, []ruleWant{{credAcctRes, result.Fail, []string{"no password policy is set; IAM's default applies (minimum length 8"}}})
			runRule(t, r, missing, []ruleWant{{credAcctRes, result.Unknown, []string{"password policy is unavailable", "GetAccountPasswordPolicy: AccessDenied"}}})
			runRule(t, r, credBare(), []ruleWant{{credAcctRes, result.Unknown, []string{"password_policy: not collected"}}})
			if len(r.Controls) == 0 || r.Controls[len(r.Controls)-1] != awsConfig("iam-password-policy") {
				t.Errorf("%s: controls %v lack iam-password-policy", r.ID, r.Controls)
			}
		})
	}
}

func TestPasswordParameters(t *testing.T) {
	with := func(f func(p *audit.PasswordPolicy)) *audit.Snapshot {
		p := credStrongPolicy
		f(&p)
		return credPolicy(p)
	}
	tests := []struct {
		name string
		rule Rule
		snap *audit.Snapshot
		cfg  Config
		want ruleWant
	}{
		{"length 13", PasswordMinLength, with(func(p *audit.PasswordPolicy) { p.MinimumPasswordLength = 13 }), Config{},
			ruleWant{credAcctRes, result.Fail, []string{"minimum password length is 13, below the required 14"}}},
		{"length 14", PasswordMinLength, with(func(p *audit.PasswordPolicy) { p.MinimumPasswordLength = 14 }), Config{},
			ruleWant{credAcctRes, result.Pass, []string{"minimum password length is 14 (required 14 or more)"}}},
		{"length 15 vs configured 16", PasswordMinLength, with(func(p *audit.PasswordPolicy) { p.MinimumPasswordLength = 15 }), cfgWith(func(c *Config) { c.MinPasswordLength = 16 }),
			ruleWant{credAcctRes, result.Fail, []string{"below the required 16"}}},
		{"reuse 0", PasswordReuse, with(func(p *audit.PasswordPolicy) { p.PasswordReusePrevention = 0 }), Config{},
			ruleWant{credAcctRes, result.Fail, []string{"does not prevent password reuse"}}},
		{"reuse 23", PasswordReuse, with(func(p *audit.PasswordPolicy) { p.PasswordReusePrevention = 23 }), Config{},
			ruleWant{credAcctRes, result.Fail, []string{"remembers 23 previous passwords, fewer than the required 24"}}},
		{"reuse 12 vs configured 10", PasswordReuse, with(func(p *audit.PasswordPolicy) { p.PasswordReusePrevention = 12 }), cfgWith(func(c *Config) { c.PasswordReusePrevention = 10 }),
			ruleWant{credAcctRes, result.Pass, []string{"remembers 12"}}},
		{"no uppercase", PasswordUppercase, with(func(p *audit.PasswordPolicy) { p.RequireUppercaseCharacters = false }), Config{},
			ruleWant{credAcctRes, result.Fail, []string{"does not require uppercase"}}},
		{"no lowercase", PasswordLowercase, with(func(p *audit.PasswordPolicy) { p.RequireLowercaseCharacters = false }), Config{},
			ruleWant{credAcctRes, result.Fail, []string{"does not require lowercase"}}},
		{"no number", PasswordNumber, with(func(p *audit.PasswordPolicy) { p.RequireNumbers = false }), Config{},
			ruleWant{credAcctRes, result.Fail, []string{"does not require number"}}},
		{"no symbol", PasswordSymbol, with(func(p *audit.PasswordPolicy) { p.RequireSymbols = false }), Config{},
			ruleWant{credAcctRes, result.Fail, []string{"does not require symbol"}}},
		{"never expires", PasswordMaxAge, with(func(p *audit.PasswordPolicy) { p.ExpirePasswords, p.MaxPasswordAge = false, 0 }), Config{},
			ruleWant{credAcctRes, result.Fail, []string{"passwords never expire"}}},
		// MaxPasswordAge is the setting; ExpirePasswords is derived from it (and
		// reads false when an emulator omits the element).
		{"expiry flag missing", PasswordMaxAge, with(func(p *audit.PasswordPolicy) { p.ExpirePasswords, p.MaxPasswordAge = false, 30 }), Config{},
			ruleWant{credAcctRes, result.Pass, []string{"expire after 30 days", "expire_passwords reads false"}}},
		{"expiry flag without age", PasswordMaxAge, with(func(p *audit.PasswordPolicy) { p.ExpirePasswords, p.MaxPasswordAge = true, 0 }), Config{},
			ruleWant{credAcctRes, result.Fail, []string{"passwords never expire (max_password_age 0, expire_passwords true)"}}},
		{"max age 91", PasswordMaxAge, with(func(p *audit.PasswordPolicy) { p.MaxPasswordAge = 91 }), Config{},
			ruleWant{credAcctRes, result.Fail, []string{"expire after 91 days, more than the allowed 90"}}},
		{"max age 90", PasswordMaxAge, with(func(p *audit.PasswordPolicy) { p.MaxPasswordAge = 90 }), Config{},
			ruleWant{credAcctRes, result.Pass, []string{"expire after 90 days"}}},
		{"max age 1", PasswordMaxAge, with(func(p *audit.PasswordPolicy) { p.MaxPasswordAge = 1 }), Config{},
			ruleWant{credAcctRes, result.Pass, []string{"expire after 1 days"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { runRule(t, tc.rule, tc.snap, []ruleWant{tc.want}, tc.cfg) })
	}
}

func TestPasswordRuleMetadata(t *testing.T) {
	for _, tc := range []struct {
		rule Rule
		hub  string
		sev  result.Severity
	}{
		{PasswordMinLength, "IAM.15", result.Medium}, {PasswordReuse, "IAM.16", result.Low},
		{PasswordUppercase, "IAM.11", result.Medium}, {PasswordLowercase, "IAM.12", result.Medium},
		{PasswordSymbol, "IAM.13", result.Medium}, {PasswordNumber, "IAM.14", result.Medium},
		{PasswordMaxAge, "IAM.17", result.Low},
	} {
		found := false
		for _, c := range tc.rule.Controls {
			found = found || c == securityHub(tc.hub)
		}
		if !found || tc.rule.Severity != tc.sev {
			t.Errorf("%s: want %s severity %s, got controls %v severity %s", tc.rule.ID, tc.hub, tc.sev, tc.rule.Controls, tc.rule.Severity)
		}
	}
}
