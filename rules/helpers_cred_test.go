package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// Helpers for the credential rule tests. Names carry a "cred" prefix because
// other rule tests share this package.

const credAcct = "123456789012"

// credNow is the snapshot's collection time: the "now" every rule sees.
var credNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

var (
	credRootARN = "arn:aws:iam::" + credAcct + ":root"
	credAcctRes = "AWS::::Account:" + credAcct

	credNA           = audit.ReportTime{State: audit.StateNA}
	credNoInfo       = audit.ReportTime{State: audit.StateNoInformation}
	credNotSupported = audit.ReportTime{State: audit.StateNotSupported}
	credAbsent       = audit.ReportTime{}

	credTrue          = audit.ReportBool{State: audit.StateSet, Value: true}
	credFalse         = audit.ReportBool{State: audit.StateSet, Value: false}
	credBoolNotSupp   = audit.ReportBool{State: audit.StateNotSupported}
	credBoolAbsent    = audit.ReportBool{}
	credBoolNA        = audit.ReportBool{State: audit.StateNA}
	credBoolNoInfo    = audit.ReportBool{State: audit.StateNoInformation}
	credAccessDenied  = audit.Gap{Evidence: audit.EvidenceCredentialReport, Operation: "GetCredentialReport", Code: "AccessDenied", Message: "not authorized to perform iam:GetCredentialReport"}
	credPolicyDenied  = audit.Gap{Evidence: audit.EvidencePasswordPolicy, Operation: "GetAccountPasswordPolicy", Code: "AccessDenied", Message: "denied"}
	credSummaryDenied = audit.Gap{Evidence: audit.EvidenceAccountSummary, Operation: "GetAccountSummary", Code: "AccessDenied", Message: "denied"}
)

// credDaysAgo is a timestamp n days and one hour before credNow, so its
// floored age is exactly n days.
func credDaysAgo(n int) audit.ReportTime {
	return audit.ReportTime{State: audit.StateSet, Time: credNow.Add(-time.Duration(n)*24*time.Hour - time.Hour)}
}

func credUserARN(name string) string { return "arn:aws:iam::" + credAcct + ":user/" + name }

// credUser is an IAM user with no password, no MFA, no keys and no certificates,
// created 4,000 days ago (before any credential a test gives it): tests add
// the credentials they are about.
func credUser(name string) audit.CredentialRow {
	r := audit.CredentialRow{
		User: name, ARN: credUserARN(name), UserCreationTime: credDaysAgo(4000),
		PasswordEnabled: credFalse, PasswordLastUsed: credNA, PasswordLastChanged: credNA,
		PasswordNextRotation: credNA, MFAActive: credFalse,
	}
	for i := range r.AccessKeys {
		r.AccessKeys[i] = audit.AccessKeyStatus{Active: credFalse, LastRotated: credNA, LastUsedDate: credNA, LastUsedRegion: "N/A", LastUsedService: "N/A"}
		r.Certs[i] = audit.CertStatus{Active: credFalse, LastRotated: credNA}
	}
	return r
}

// credConsole gives a user a console password last used usedDaysAgo days ago.
func credConsole(r audit.CredentialRow, lastUsed audit.ReportTime, mfa bool) audit.CredentialRow {
	r.PasswordEnabled = credTrue
	r.PasswordLastUsed = lastUsed
	r.PasswordLastChanged = credDaysAgo(300)
	r.MFAActive = audit.ReportBool{State: audit.StateSet, Value: mfa}
	return r
}

// credKey is an access key slot.
func credKey(active bool, rotated, used audit.ReportTime) audit.AccessKeyStatus {
	return audit.AccessKeyStatus{Active: audit.ReportBool{State: audit.StateSet, Value: active}, LastRotated: rotated, LastUsedDate: used}
}

// credRoot is the root row as AWS writes it: password fields not_supported
// where AWS does so, no keys, no certificates.
func credRoot(mfa bool) audit.CredentialRow {
	r := credUser(audit.RootUserName)
	r.ARN = credRootARN
	r.PasswordEnabled = credBoolNotSupp
	r.PasswordLastUsed = credNoInfo
	r.PasswordLastChanged = credNotSupported
	r.PasswordNextRotation = credNotSupported
	r.MFAActive = audit.ReportBool{State: audit.StateSet, Value: mfa}
	return r
}

// cfgWith is the default configuration with one change.
func cfgWith(change func(c *Config)) Config {
	c := DefaultConfig()
	change(&c)
	return c
}

// credSnap is a snapshot with a credential report holding rows (nil rows =
// an empty but present report), generated an hour before collection, and an
// account summary whose Users count agrees with it, so the list of users is
// confirmed (tests of disagreeing sources change the summary).
func credSnap(rows ...audit.CredentialRow) *audit.Snapshot {
	s := credBare()
	s.CredentialReport = &audit.CredentialReport{GeneratedTime: credNow.Add(-time.Hour), Rows: append([]audit.CredentialRow{}, rows...)}
	s.AccountSummary = &audit.AccountSummary{Values: map[string]int32{"Users": int32(len(s.CredentialReport.Users()))}}
	return s
}

// credBare is a snapshot with no evidence at all.
func credBare() *audit.Snapshot {
	return &audit.Snapshot{SchemaVersion: audit.SchemaVersion, CollectedAt: credNow,
		Account: audit.Account{ID: credAcct, Partition: "aws", CallerARN: "arn:aws:iam::" + credAcct + ":user/auditor"}}
}

// withoutSummary drops the account summary.
func withoutSummary(s *audit.Snapshot) *audit.Snapshot {
	s.AccountSummary = nil
	return s
}

// credSummary sets account summary values.
func credSummary(s *audit.Snapshot, kv map[string]int32) *audit.Snapshot {
	if s.AccountSummary == nil {
		s.AccountSummary = &audit.AccountSummary{Values: map[string]int32{}}
	}
	for k, v := range kv {
		s.AccountSummary.Values[k] = v
	}
	return s
}

// ruleWant is an expected result: resource, status and phrases its reason must contain.
type ruleWant struct {
	resource string
	status   result.Status
	phrases  []string
}

// runRule runs a rule's check with default thresholds (or cfg) and compares
// the results, in order, with want: the one runner of every rule test.
// ruleCase is one row of a rule's decision table: a snapshot and the
// results the rule must give it.
type ruleCase struct {
	name string
	snap *audit.Snapshot
	want []ruleWant
}

// runCases runs r on every case, each as a subtest.
func runCases(t *testing.T, r Rule, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { runRule(t, r, tc.snap, tc.want) })
	}
}

func runRule(t *testing.T, r Rule, s *audit.Snapshot, want []ruleWant, cfg ...Config) {
	t.Helper()
	c := Config{}
	if len(cfg) > 0 {
		c = cfg[0]
	}
	got := r.Check(NewContext(s, c))
	if len(got) != len(want) {
		for _, g := range got {
			t.Logf("got %s %s: %s", g.Resource, g.Status, g.Reason)
		}
		t.Fatalf("%s: got %d results, want %d", r.ID, len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Resource != w.resource || g.Status != w.status {
			t.Errorf("%s result %d: got (%s, %s) reason %q; want (%s, %s)", r.ID, i, g.Resource, g.Status, g.Reason, w.resource, w.status)
			continue
		}
		if g.ResourceType == "" || g.Reason == "" {
			t.Errorf("%s result %d: empty resource type or reason: %+v", r.ID, i, g)
		}
		for _, p := range w.phrases {
			if !strings.Contains(g.Reason, p) {
				t.Errorf("%s result %d (%s): reason %q lacks %q", r.ID, i, w.resource, g.Reason, p)
			}
		}
		if g.Status == result.Unknown && g.Reason == "" {
			t.Errorf("%s result %d: UNKNOWN without a reason", r.ID, i)
		}
	}
}

// credMissingReport is a snapshot whose credential report could not be fetched.
func credMissingReport() *audit.Snapshot {
	s := credBare()
	s.AddGap(credAccessDenied)
	return s
}

// credMissingReportWant is the single UNKNOWN every per-user rule must give
// when the report is missing.
var credMissingReportWant = []ruleWant{{credAcctRes, result.Unknown, []string{"credential report is unavailable", "GetCredentialReport: AccessDenied"}}}
