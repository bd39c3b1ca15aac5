package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
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
	tests := []struct {
		name string
		snap *audit.Snapshot
		want []credWant
	}{
		{"summary says enabled", credSummary(credSnap(), map[string]int32{"AccountMFAEnabled": 1}),
			[]credWant{{credRootARN, result.Pass, []string{"AccountMFAEnabled is 1"}}}},
		{"summary says disabled", credSummary(credSnap(credRoot(true)), map[string]int32{"AccountMFAEnabled": 0}),
			[]credWant{{credRootARN, result.Fail, []string{"AccountMFAEnabled is 0", "no MFA device"}}}},
		{"summary lacks key, row true", credSummary(credSnap(credRoot(true)), map[string]int32{"Users": 3}),
			[]credWant{{credRootARN, result.Pass, []string{"mfa_active is true"}}}},
		{"no summary, row false", credSnap(rootNoMFA),
			[]credWant{{credRootARN, result.Fail, []string{"mfa_active is false"}}}},
		{"no summary, row not_supported is not false", credSnap(rootMFAUnsupported),
			[]credWant{{credRootARN, result.Unknown, []string{"mfa_active is not_supported"}}}},
		{"no summary, column absent", credSnap(rootMFAAbsent),
			[]credWant{{credRootARN, result.Unknown, []string{"mfa_active is absent"}}}},
		{"no summary, no root row", noSummary,
			[]credWant{{credRootARN, result.Unknown, []string{"has no root row", "GetAccountSummary: AccessDenied"}}}},
		{"nothing collected", credMissingReport(),
			[]credWant{{credRootARN, result.Unknown, []string{"account_summary: not collected", "GetCredentialReport: AccessDenied"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { credRun(t, RootMFA, tc.snap, tc.want) })
	}
}
