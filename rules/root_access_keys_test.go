package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestRootAccessKeys(t *testing.T) {
	withKeys := func(k1, k2 audit.AccessKeyStatus) audit.CredentialRow {
		r := credRoot(true)
		r.AccessKeys = [2]audit.AccessKeyStatus{k1, k2}
		return r
	}
	none := credKey(false, credNA, credNA)
	runCases(t, RootAccessKeys, []ruleCase{
		{"summary 0 but the row shows a key", credSummary(credSnap(withKeys(credKey(true, credDaysAgo(5), credNA), none)), map[string]int32{"AccountAccessKeysPresent": 0}),
			[]ruleWant{{credRootARN, result.Fail, []string{"access_key_1 is active"}}}},
		{"summary 0 and no keys in the row", credSummary(credSnap(withKeys(none, none)), map[string]int32{"AccountAccessKeysPresent": 0}),
			[]ruleWant{{credRootARN, result.Pass, []string{"AccountAccessKeysPresent is 0", "access_key_2 is absent"}}}},
		{"summary 0, row silent", credSummary(credSnap(withKeys(audit.AccessKeyStatus{}, none)), map[string]int32{"AccountAccessKeysPresent": 0}),
			[]ruleWant{{credRootARN, result.Pass, []string{"AccountAccessKeysPresent is 0"}}}},
		{"summary 1 and an inactive key in the row", credSummary(credSnap(withKeys(credKey(false, credDaysAgo(10), credNA), none)), map[string]int32{"AccountAccessKeysPresent": 1}),
			[]ruleWant{{credRootARN, result.Fail, []string{"AccountAccessKeysPresent is 1", "access_key_1 exists but is inactive"}}}},
		{"summary 1", credSummary(credSnap(), map[string]int32{"AccountAccessKeysPresent": 1}),
			[]ruleWant{{credRootARN, result.Fail, []string{"AccountAccessKeysPresent is 1"}}}},
		{"row: active key", credSnap(withKeys(none, credKey(true, credDaysAgo(10), credDaysAgo(1)))),
			[]ruleWant{{credRootARN, result.Fail, []string{"access_key_2 is active"}}}},
		{"row: inactive key still exists", credSnap(withKeys(credKey(false, credDaysAgo(10), credNA), none)),
			[]ruleWant{{credRootARN, result.Fail, []string{"access_key_1 exists but is inactive"}}}},
		{"row: no keys", credSnap(withKeys(none, none)),
			[]ruleWant{{credRootARN, result.Pass, []string{"access_key_1 is absent", "access_key_2 is absent"}}}},
		{"row: active not_supported", credSnap(withKeys(audit.AccessKeyStatus{Active: credBoolNotSupp, LastRotated: credNotSupported}, none)),
			[]ruleWant{{credRootARN, result.Unknown, []string{"access_key_1: active is not_supported"}}}},
		{"row: columns absent", credSnap(withKeys(audit.AccessKeyStatus{}, none)),
			[]ruleWant{{credRootARN, result.Unknown, []string{"active is absent"}}}},
		{"no summary, no root row", withoutSummary(credSnap(credUser("bob"))),
			[]ruleWant{{credRootARN, result.Unknown, []string{"no root row", "account_summary: not collected"}}}},
		{"nothing collected", credMissingReport(),
			[]ruleWant{{credRootARN, result.Unknown, []string{"GetCredentialReport: AccessDenied"}}}},
	})
}
