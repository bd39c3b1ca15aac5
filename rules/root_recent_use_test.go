package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestRootRecentUse(t *testing.T) {
	root := func(pw, k1, k2 audit.ReportTime) audit.CredentialRow {
		r := credRoot(true)
		r.PasswordLastUsed = pw
		r.AccessKeys[0] = credKey(false, credNA, k1)
		r.AccessKeys[1] = credKey(false, credNA, k2)
		return r
	}
	runCases(t, RootRecentUse, []ruleCase{
		{"never used", credSnap(root(credNoInfo, credNA, credNA)),
			[]ruleWant{{credRootARN, result.Pass, []string{"password never used (no_information)", "access_key_1 never used (N/A)"}}}},
		{"password used 89 days ago", credSnap(root(credDaysAgo(89), credNA, credNA)),
			[]ruleWant{{credRootARN, result.Fail, []string{"within the last 90 days", "password last used", "(89 days ago)"}}}},
		{"password used 90 days ago", credSnap(root(credDaysAgo(90), credNA, credNA)),
			[]ruleWant{{credRootARN, result.Pass, []string{"(90 days ago)"}}}},
		{"password used 91 days ago", credSnap(root(credDaysAgo(91), credNA, credNA)),
			[]ruleWant{{credRootARN, result.Pass, []string{"(91 days ago)"}}}},
		{"inactive key used yesterday", credSnap(root(credNoInfo, credNA, credDaysAgo(1))),
			[]ruleWant{{credRootARN, result.Fail, []string{"access_key_2 last used", "(1 days ago)"}}}},
		{"password not_supported", credSnap(root(credNotSupported, credNA, credNA)),
			[]ruleWant{{credRootARN, result.Unknown, []string{"password last use is not_supported"}}}},
		// not_supported in the last-use column of a credential that does not
		// exist (moto writes it for a missing password) says nothing about use.
		{"no password, last use not_supported", credSnap(func() audit.CredentialRow {
			r := root(credNotSupported, credNA, credNA)
			r.PasswordEnabled = credFalse
			return r
		}()), []ruleWant{{credRootARN, result.Pass, []string{"password does not exist (password_enabled false, last use not_supported)"}}}},
		{"empty key slot, last use not_supported", credSnap(root(credNoInfo, credNotSupported, credNA)),
			[]ruleWant{{credRootARN, result.Pass, []string{"access_key_1 does not exist (empty slot, last use not_supported)"}}}},
		{"existing key, last use not_supported", credSnap(func() audit.CredentialRow {
			r := root(credNoInfo, credNA, credNA)
			r.AccessKeys[0] = credKey(false, credDaysAgo(30), credNotSupported)
			return r
		}()), []ruleWant{{credRootARN, result.Unknown, []string{"access_key_1 last use is not_supported"}}}},
		{"absent column", credSnap(root(credNoInfo, credAbsent, credNA)),
			[]ruleWant{{credRootARN, result.Unknown, []string{"access_key_1 last use is absent"}}}},
		{"recent use beats unknown", credSnap(root(credDaysAgo(2), credAbsent, credNA)),
			[]ruleWant{{credRootARN, result.Fail, []string{"(2 days ago)"}}}},
		{"missing root row", credSummary(credSnap(credUser("bob")), map[string]int32{"AccountMFAEnabled": 1}),
			[]ruleWant{{credRootARN, result.Unknown, []string{"no root row"}}}},
		{"missing report", credMissingReport(),
			[]ruleWant{{credRootARN, result.Unknown, []string{"credential report is unavailable", "GetCredentialReport: AccessDenied"}}}},
	})
	runRule(t, RootRecentUse, credSnap(root(credDaysAgo(20), credNA, credNA)),
		[]ruleWant{{credRootARN, result.Pass, []string{"not used within the last 7 days"}}}, cfgWith(func(c *Config) { c.RootUseDays = 7 }))
}
