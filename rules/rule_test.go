package rules

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// TestUnknownForNamesWhatIsMissing: an UNKNOWN result says whether its
// evidence failed (the gap), was never collected, or was collected but
// lacks what the check needs (a report without a root row).
func TestUnknownForNamesWhatIsMissing(t *testing.T) {
	s := credSnap(credUser("bob")) // a report with no root row
	s.AccountSummary = nil
	s.AddGap(audit.Gap{Evidence: audit.EvidenceAccountSummary, Operation: "GetAccountSummary", Code: "AccessDenied", Message: "denied"})
	got := subject{TypeRootUser, "arn", "root"}.missing(NewContext(s, Config{}), "cannot tell",
		audit.EvidenceCredentialReport, audit.EvidenceAccountSummary, audit.EvidenceVirtualMFADevices)
	want := []string{
		"credential_report: collected, but without what this check needs",
		"account_summary: GetAccountSummary: AccessDenied: denied",
		"virtual_mfa_devices: not collected",
	}
	if !reflect.DeepEqual(got.Missing, want) {
		t.Fatalf("missing = %q, want %q", got.Missing, want)
	}
	if got.Reason != "cannot tell ("+want[0]+"; "+want[1]+"; "+want[2]+")" {
		t.Errorf("reason = %q", got.Reason)
	}
}

// TestEvaluateRefusesUnusableIdentity: with an account ID, partition or
// collection time that rules cannot rely on, every rule is UNKNOWN naming the
// field, and none passes by comparing against an ARN built from nothing.
func TestEvaluateRefusesUnusableIdentity(t *testing.T) {
	at := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		account audit.Account
		at      time.Time
		want    string
	}{
		{"empty account", audit.Account{Partition: "aws"}, at, "account.id is empty"},
		{"short account", audit.Account{ID: "1234", Partition: "aws"}, at, `account.id "1234"`},
		{"bad partition", audit.Account{ID: "123456789012", Partition: "aws-moon"}, at, `account.partition "aws-moon"`},
		{"no time", audit.Account{ID: "123456789012", Partition: "aws"}, time.Time{}, "collected_at is missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &audit.Snapshot{CollectedAt: tc.at, Account: tc.account,
				AccountSummary:   &audit.AccountSummary{Values: map[string]int32{"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0}},
				CredentialReport: &audit.CredentialReport{GeneratedTime: tc.at},
				Authorization:    &audit.AuthorizationDetails{}}
			got := Evaluate(s, All(), Config{})
			if len(got) != len(All()) {
				t.Fatalf("got %d results, want one per rule (%d)", len(got), len(All()))
			}
			for _, r := range got {
				if r.Status != result.Unknown || !strings.Contains(r.Reason, tc.want) {
					t.Errorf("%s: %s %q, want UNKNOWN naming %q", r.RuleID, r.Status, r.Reason, tc.want)
				}
			}
		})
	}
}

// TestConfigExplicitZero: the zero Config means the defaults; a
// configuration built on the defaults keeps an explicit 0 (key rotation at 0
// days flags every active key; no clock skew is tolerated).
func TestConfigExplicitZero(t *testing.T) {
	key := credUser("k")
	key.AccessKeys[0] = credKey(true, credDaysAgo(1), credDaysAgo(1))
	runRule(t, KeyRotation, credSnap(key), []ruleWant{{credUserARN("k"), result.Pass, nil}}, Config{})
	runRule(t, KeyRotation, credSnap(key), []ruleWant{{credUserARN("k"), result.Fail, []string{"more than 0 days"}}},
		cfgWith(func(c *Config) { c.KeyRotationDays = 0 }))
	late := credConsole(credUser("late"), audit.ReportTime{State: audit.StateSet, Time: credNow.Add(2 * time.Minute)}, true)
	s := credSnap(late)
	s.CredentialReport.GeneratedTime = credNow
	runRule(t, UserMFA, s, []ruleWant{{credUserARN("late"), result.Pass, nil}})
	runRule(t, UserMFA, s, []ruleWant{{credUserARN("late"), result.Unknown, []string{"after the evidence was collected"}}},
		cfgWith(func(c *Config) { c.ClockSkewMinutes = 0 }))
	all := DefaultConfig()
	all.KeyRotationDays, all.ClockSkewMinutes = 0, 0
	if got := NewContext(s, all).Config; got.KeyRotationDays != 0 || got.ClockSkewMinutes != 0 || got.UnusedCredentialDays != 45 {
		t.Errorf("config %+v: explicit zeros and untouched defaults must stand", got)
	}
}
