package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/result"
)

func TestRootMFA(t *testing.T) {
	rootNoMFA := credRoot(false)
	rootMFAUnsupported := credRoot(false)
	rootMFAUnsupported.MFAActive = credBoolNotSupp
	rootMFAAbsent := credRoot(false)
	rootMFAAbsent.MFAActive = credBoolAbsent
	noSummary := credSnap(credUser("alice"))
	noSummary.AddGap(credSummaryDenied)
	runCases(t, RootMFA, []ruleCase{
		{"summary says enabled", credSummary(credSnap(), map[string]int32{"AccountMFAEnabled": 1}),
			[]ruleWant{{credRootARN, result.Pass, []string{"AccountMFAEnabled is 1"}}}},
		{"summary says disabled", credSummary(credSnap(credRoot(true)), map[string]int32{"AccountMFAEnabled": 0}),
			[]ruleWant{{credRootARN, result.Fail, []string{"AccountMFAEnabled is 0", "no MFA device"}}}},
		{"summary lacks key, row true", credSummary(credSnap(credRoot(true)), map[string]int32{"Users": 3}),
			[]ruleWant{{credRootARN, result.Pass, []string{"mfa_active is true"}}}},
		{"no summary, row false", credSnap(rootNoMFA),
			[]ruleWant{{credRootARN, result.Fail, []string{"mfa_active is false"}}}},
		{"no summary, row not_supported is not false", credSnap(rootMFAUnsupported),
			[]ruleWant{{credRootARN, result.Unknown, []string{"mfa_active is not_supported"}}}},
		{"no summary, column absent", credSnap(rootMFAAbsent),
			[]ruleWant{{credRootARN, result.Unknown, []string{"mfa_active is absent"}}}},
		{"no summary, no root row", noSummary,
			[]ruleWant{{credRootARN, result.Unknown, []string{"has no root row", "GetAccountSummary: AccessDenied"}}}},
		{"nothing collected", credMissingReport(),
			[]ruleWant{{credRootARN, result.Unknown, []string{"account_summary: not collected", "GetCredentialReport: AccessDenied"}}}},
	})
}
