package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/result"
)

// The sample's three CRITICAL failures (evidence collected 2026-11-01T12:00Z).
var sampleCriticals = []string{
	"IAM-ROLE-TRUST-ANY-PRINCIPAL arn:aws:iam::123456789012:role/PublicTrustRole",
	"IAM-ROOT-ACCESS-KEYS arn:aws:iam::123456789012:root",
	"IAM-ROOT-HARDWARE-MFA arn:aws:iam::123456789012:root",
}

// suppressionConfig writes a --config file suppressing the sample's
// CRITICAL failures until expires, plus an entry that matches nothing.
func suppressionConfig(t *testing.T, expires string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("thresholds:\n  key_rotation_days: 90\nsuppressions:\n")
	for _, c := range sampleCriticals {
		rule, res, _ := strings.Cut(c, " ")
		fmt.Fprintf(&b, "  - rule: %s\n    resource: %q\n    reason: accepted for the test\n    owner: sec@example.com\n    expires: %s\n    ticket: SEC-1\n", rule, res, expires)
	}
	b.WriteString("  - rule: IAM-USER-*\n    resource: arn:aws:iam::123456789012:user/gone\n    reason: user leaves\n    owner: it@example.com\n    expires: 2027-01-31\n")
	path := filepath.Join(t.TempDir(), "iamaudit.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// scheduledReport is the part of a JSON report these tests read.
type scheduledReport struct {
	Meta struct {
		AccountID   string `json:"account_id"`
		CollectedAt string `json:"collected_at"`
	} `json:"meta"`
	Score struct {
		Value        *float64 `json:"value"`
		PassedWeight int      `json:"passed_weight"`
		FailedWeight int      `json:"failed_weight"`
		Totals       struct {
			Fail       int `json:"fail"`
			Suppressed int `json:"suppressed"`
		} `json:"totals"`
	} `json:"score"`
	Results []struct {
		FindingID        string              `json:"finding_id"`
		RuleID           string              `json:"rule_id"`
		Resource         string              `json:"resource"`
		Status           string              `json:"status"`
		SuppressedStatus string              `json:"suppressed_status"`
		Suppression      *result.Suppression `json:"suppression"`
		FirstSeen        string              `json:"first_seen"`
		Drift            string              `json:"drift"`
	} `json:"results"`
	Suppressions []result.SuppressionOutcome `json:"suppressions"`
	Drift        *struct {
		New, Resolved, Changed, Unchanged int
		NewFailures                       int `json:"new_failures"`
		ResolvedResults                   []struct {
			RuleID   string `json:"rule_id"`
			Resource string `json:"resource"`
		} `json:"resolved_results"`
	} `json:"drift"`
}

func parseScheduled(t *testing.T, out string) scheduledReport {
	t.Helper()
	var r scheduledReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("JSON report: %v\n%s", err, out)
	}
	return r
}

// withStatus lists "rule resource" of the results with a status, sorted.
func (r scheduledReport) withStatus(st string) []string {
	var out []string
	for _, res := range r.Results {
		if res.Status == st {
			out = append(out, res.RuleID+" "+res.Resource)
		}
	}
	slices.Sort(out)
	return out
}

func (r scheduledReport) outcome(index int) result.SuppressionOutcome {
	for _, o := range r.Suppressions {
		if o.Index == index {
			return o
		}
	}
	return result.SuppressionOutcome{}
}

// TestSuppressionAppliesThenExpires: entries whose last day is the
// collection day suppress the sample's CRITICAL failures (SUPPRESSED, FAIL
// kept, outside the score and --fail-on); the same entries a day earlier
// have expired at the collection time (whatever today's date is): the
// findings FAIL again and the entries are listed as expired. An entry
// matching nothing is stale either way.
func TestSuppressionAppliesThenExpires(t *testing.T) {
	code, out, stderr := runCLI(t, "scan", "--from", sampleEvidence, "-f", "json", "--fail-on", "none")
	if code != exitClean {
		t.Fatalf("plain scan: exit %d: %s", code, stderr)
	}
	plain := parseScheduled(t, out)

	cfg := suppressionConfig(t, "2026-11-01")
	code, out, stderr = runCLI(t, "scan", "--from", sampleEvidence, "--config", cfg, "-f", "json", "--fail-on", "critical")
	if code != exitClean {
		t.Fatalf("suppressed: exit %d, want %d (the only CRITICAL failures are suppressed); stderr: %s", code, exitClean, stderr)
	}
	sup := parseScheduled(t, out)
	if got := sup.withStatus("SUPPRESSED"); !slices.Equal(got, sampleCriticals) {
		t.Errorf("SUPPRESSED results %q, want %q", got, sampleCriticals)
	}
	for _, res := range sup.Results {
		if res.Status == "SUPPRESSED" && (res.SuppressedStatus != "FAIL" || res.Suppression == nil ||
			res.Suppression.Owner != "sec@example.com" || res.Suppression.Expires != "2026-11-01" || res.Suppression.Ticket != "SEC-1" ||
			res.Suppression.Reason != "accepted for the test") {
			t.Errorf("%s %s: suppressed_status %q, suppression %+v", res.RuleID, res.Resource, res.SuppressedStatus, res.Suppression)
		}
	}
	// Three CRITICAL failures (weight 10 each) leave the ratio; passes stay.
	if sup.Score.FailedWeight != plain.Score.FailedWeight-30 || sup.Score.PassedWeight != plain.Score.PassedWeight ||
		sup.Score.Totals.Fail != plain.Score.Totals.Fail-3 || sup.Score.Totals.Suppressed != 3 {
		t.Errorf("score %+v, unsuppressed %+v", sup.Score, plain.Score)
	}
	for i, want := range []string{"applied", "applied", "applied", "stale"} {
		if o := sup.outcome(i + 1); o.State != want {
			t.Errorf("suppressions[%d]: %q matched %d, want %s", i+1, o.State, o.Matched, want)
		}
	}
	// Without --fail-on critical, the other failures still gate.
	if code, _, _ := runCLI(t, "scan", "--from", sampleEvidence, "--config", cfg, "-f", "json"); code != exitFindings {
		t.Errorf("default --fail-on: exit %d, want %d", code, exitFindings)
	}

	cfg = suppressionConfig(t, "2026-10-31")
	code, out, _ = runCLI(t, "scan", "--from", sampleEvidence, "--config", cfg, "-f", "json", "--fail-on", "critical")
	if code != exitFindings {
		t.Fatalf("expired: exit %d, want %d", code, exitFindings)
	}
	exp := parseScheduled(t, out)
	if got := exp.withStatus("SUPPRESSED"); len(got) != 0 {
		t.Errorf("expired entries still suppress %q", got)
	}
	if exp.Score.FailedWeight != plain.Score.FailedWeight {
		t.Errorf("expired: failed weight %d, want %d", exp.Score.FailedWeight, plain.Score.FailedWeight)
	}
	for i, want := range []struct {
		state   string
		matched int
	}{{"expired", 1}, {"expired", 1}, {"expired", 1}, {"stale", 0}} {
		if o := exp.outcome(i + 1); o.State != want.state || o.Matched != want.matched {
			t.Errorf("suppressions[%d]: %s matched %d, want %s matched %d", i+1, o.State, o.Matched, want.state, want.matched)
		}
	}
	_, table, _ := runCLI(t, "scan", "--from", sampleEvidence, "--config", cfg, "--fail-on", "none")
	for _, want := range []string{
		"suppressions[1] (rule IAM-ROLE-TRUST-ANY-PRINCIPAL, resource arn:aws:iam::123456789012:role/PublicTrustRole, owner\n    sec@example.com) expired after 2026-10-31",
		"suppressions[4] (rule IAM-USER-*, resource arn:aws:iam::123456789012:user/gone, owner it@example.com) is stale",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
}

// TestSuppressionNeverTouchesUnknown: an entry covering a rule that is
// UNKNOWN (the credential report denied) leaves it UNKNOWN, exit 2, and the
// entry is stale.
func TestSuppressionNeverTouchesUnknown(t *testing.T) {
	srv := startDenied(t, "GetCredentialReport")
	path := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(path, []byte("suppressions:\n  - rule: IAM-USER-KEY-ROTATION\n    resource: '*'\n    reason: r\n    owner: o\n    expires: 2030-01-01\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "scan", "--endpoint-url", srv.URL(), "--config", path, "-f", "json", "--rule", "IAM-USER-KEY-ROTATION", "--fail-on", "none")
	wantExit(t, code, exitIncomplete, stderr)
	r := parseScheduled(t, out)
	if got := r.withStatus("UNKNOWN"); !slices.Equal(got, []string{"IAM-USER-KEY-ROTATION AWS::::Account:123456789012"}) {
		t.Errorf("UNKNOWN results %q", got)
	}
	if o := r.outcome(1); o.State != "stale" {
		t.Errorf("entry state %q, want stale", o.State)
	}
}

// TestConfigSuppressionErrorsCLI: a bad entry is one sentence naming the
// file, the entry, the key and the problem; exit 3.
func TestConfigSuppressionErrorsCLI(t *testing.T) {
	for file, want := range map[string]string{
		"missing-reason.yaml": "suppressions[1]: reason is required",
		"unknown-key.yaml":    `suppressions[1]: unknown key "expire" (want rule, resource, reason, owner, expires, ticket)`,
	} {
		path := filepath.Join("..", "..", "internal", "suppress", "testdata", "invalid", file)
		code, _, stderr := runCLI(t, "scan", "--from", sampleEvidence, "--config", path)
		if wantErr := "iamaudit: --config " + path + ": " + want + "\n"; code != exitError || stderr != wantErr {
			t.Errorf("%s: exit %d, stderr %q\nwant exit 3, %q", file, code, stderr, wantErr)
		}
	}
}

// editReport rewrites a JSON report as a map, for baselines that differ
// from tonight's scan in known ways.
func editReport(t *testing.T, report string, edit func(doc map[string]any)) string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(report), &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc)
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "baseline.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const (
	// In tonight's scan, not in the edited baseline: new.
	driftNewRule, driftNewRes = "IAM-SERVER-CERT-EXPIRED", "arn:aws:iam::123456789012:server-certificate/legacy-www"
	// PASS in the edited baseline, FAIL tonight: changed, a new failure.
	driftChangedRule, driftChangedRes = "IAM-USER-CONSOLE-MFA", "arn:aws:iam::123456789012:user/bob"
	// In the edited baseline only: resolved.
	driftGoneRule, driftGoneRes = "IAM-USER-MFA", "arn:aws:iam::123456789012:user/gone"
)

// lastMonthBaseline is the sample's own report, collected a month earlier,
// with one finding missing, one passing and one for a user since deleted.
func lastMonthBaseline(t *testing.T, report string) string {
	return editReport(t, report, func(doc map[string]any) {
		doc["meta"].(map[string]any)["collected_at"] = "2026-10-01T12:00:00Z"
		var kept []any
		for _, r := range doc["results"].([]any) {
			res := r.(map[string]any)
			switch res["rule_id"].(string) + " " + res["resource"].(string) {
			case driftNewRule + " " + driftNewRes:
				continue
			case driftChangedRule + " " + driftChangedRes:
				res["status"] = "PASS"
			}
			kept = append(kept, res)
		}
		kept = append(kept, map[string]any{"finding_id": result.FindingID(driftGoneRule, "123456789012", driftGoneRes),
			"rule_id": driftGoneRule, "account_id": "123456789012", "status": "FAIL", "severity": "MEDIUM",
			"resource_type": "AWS::IAM::User", "resource": driftGoneRes, "resource_name": "gone", "reason": "no MFA"})
		doc["results"] = kept
	})
}

// TestBaselineDrift: a scan against last month's report gives exactly the
// new, changed, resolved and unchanged sets, carries first_seen forward,
// and --fail-on-new gates only on the new failure, at --fail-on's severity.
func TestBaselineDrift(t *testing.T) {
	_, tonight, _ := runCLI(t, "scan", "--from", sampleEvidence, "-f", "json", "--fail-on", "none")
	total := len(parseScheduled(t, tonight).Results)
	base := lastMonthBaseline(t, tonight)

	code, out, stderr := runCLI(t, "scan", "--from", sampleEvidence, "--baseline", base, "-f", "json", "--fail-on", "none")
	wantExit(t, code, exitClean, stderr)
	r := parseScheduled(t, out)
	kinds := map[string][]string{}
	for _, res := range r.Results {
		kinds[res.Drift] = append(kinds[res.Drift], res.RuleID+" "+res.Resource)
		want := "2026-10-01T12:00:00Z" // the baseline had no first_seen: its collection time
		if res.Drift == "new" {
			want = "2026-11-01T12:00:00Z"
		}
		if res.FirstSeen != want {
			t.Errorf("%s %s (%s): first_seen %q, want %q", res.RuleID, res.Resource, res.Drift, res.FirstSeen, want)
		}
	}
	if got := kinds["new"]; !slices.Equal(got, []string{driftNewRule + " " + driftNewRes}) {
		t.Errorf("new %q", got)
	}
	if got := kinds["changed"]; !slices.Equal(got, []string{driftChangedRule + " " + driftChangedRes}) {
		t.Errorf("changed %q", got)
	}
	if n := len(kinds["unchanged"]); n != total-2 || len(kinds) != 3 {
		t.Errorf("%d unchanged of %d, kinds %v", n, total, len(kinds))
	}
	if d := r.Drift; d == nil || d.New != 1 || d.Changed != 1 || d.Resolved != 1 || d.Unchanged != total-2 || d.NewFailures != 2 ||
		len(d.ResolvedResults) != 1 || d.ResolvedResults[0].RuleID != driftGoneRule || d.ResolvedResults[0].Resource != driftGoneRes {
		t.Errorf("drift section %+v", d)
	}

	// first_seen is carried forward through a second night.
	second := editReport(t, out, func(doc map[string]any) { doc["meta"].(map[string]any)["collected_at"] = "2026-10-15T12:00:00Z" })
	_, out2, _ := runCLI(t, "scan", "--from", sampleEvidence, "--baseline", second, "-f", "json", "--fail-on", "none")
	for _, res := range parseScheduled(t, out2).Results {
		if res.RuleID+" "+res.Resource == "IAM-ROOT-HARDWARE-MFA arn:aws:iam::123456789012:root" && (res.FirstSeen != "2026-10-01T12:00:00Z" || res.Drift != "unchanged") {
			t.Errorf("second night: root MFA first_seen %q drift %q, want 2026-10-01T12:00:00Z unchanged", res.FirstSeen, res.Drift)
		}
	}

	// The new failures are MEDIUM (the certificate and bob's console MFA).
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"--baseline", base, "--fail-on-new"}, exitFindings},
		{[]string{"--baseline", base, "--fail-on-new", "--fail-on", "medium"}, exitFindings},
		{[]string{"--baseline", base, "--fail-on-new", "--fail-on", "high"}, exitClean}, // old HIGH/CRITICAL failures do not gate
		{[]string{"--baseline", base, "--fail-on", "high"}, exitFindings},               // without --fail-on-new they do
		{[]string{"--baseline", base, "--fail-on-new", "--fail-on", "none"}, exitClean},
	} {
		if code, _, stderr := runCLI(t, append([]string{"scan", "--from", sampleEvidence, "-f", "json"}, tc.args...)...); code != tc.want {
			t.Errorf("%v: exit %d, want %d: %s", tc.args, code, tc.want, stderr)
		}
	}
}

// TestFailOnNewOnlyOldFindings: against a baseline with the same failures,
// --fail-on-new exits 0 although the scan fails; a version-1 baseline (no
// finding IDs) matches the same findings.
func TestFailOnNewOnlyOldFindings(t *testing.T) {
	_, tonight, _ := runCLI(t, "scan", "--from", sampleEvidence, "-f", "json", "--fail-on", "none")
	same := editReport(t, tonight, func(map[string]any) {})
	v1 := editReport(t, tonight, func(doc map[string]any) {
		doc["report_schema_version"] = 1
		delete(doc, "rules")
		for _, r := range doc["results"].([]any) {
			delete(r.(map[string]any), "finding_id")
			delete(r.(map[string]any), "account_id")
		}
	})
	for name, base := range map[string]string{"v2": same, "v1": v1} {
		code, out, stderr := runCLI(t, "scan", "--from", sampleEvidence, "--baseline", base, "--fail-on-new", "-f", "json")
		if code != exitClean {
			t.Errorf("%s baseline: exit %d, want %d: %s", name, code, exitClean, stderr)
			continue
		}
		if d := parseScheduled(t, out).Drift; d == nil || d.New != 0 || d.Changed != 0 || d.Resolved != 0 || d.NewFailures != 0 {
			t.Errorf("%s baseline: drift %+v", name, d)
		}
	}
}

// TestBaselineRefused: another account's report, an unreadable file and
// --fail-on-new without a baseline are one sentence each, exit 3.
func TestBaselineRefused(t *testing.T) {
	_, tonight, _ := runCLI(t, "scan", "--from", sampleEvidence, "-f", "json", "--fail-on", "none")
	other := editReport(t, tonight, func(doc map[string]any) { doc["meta"].(map[string]any)["account_id"] = "210987654321" })
	later := editReport(t, tonight, func(doc map[string]any) { doc["meta"].(map[string]any)["collected_at"] = "2026-12-01T00:00:00Z" })
	missing := filepath.Join(t.TempDir(), "none.json")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--baseline", other}, "iamaudit: --baseline " + other + ` is a report of account "210987654321", not of "123456789012": a baseline must be an earlier scan of the same account` + "\n"},
		{[]string{"--baseline", later}, "iamaudit: --baseline " + later + " was collected at 2026-12-01T00:00:00Z, after the scan it is compared with (2026-11-01T12:00:00Z): give the older report as the baseline\n"},
		{[]string{"--baseline", missing}, "iamaudit: --baseline: open " + missing + ": no such file or directory\n"},
		{[]string{"--baseline", sampleEvidence}, "iamaudit: --baseline: " + sampleEvidence + ": read json report: no report_schema_version: not an iamaudit JSON report (evidence files from 'iamaudit collect' are scanned with 'scan --from')\n"},
		{[]string{"--fail-on-new"}, "iamaudit: --fail-on-new needs --baseline: new failures are those the baseline report does not have\n"},
	} {
		code, out, stderr := runCLI(t, append([]string{"scan", "--from", sampleEvidence}, tc.args...)...)
		if code != exitError || stderr != tc.want || out != "" {
			t.Errorf("%v: exit %d, stdout %d bytes, stderr %q\nwant exit 3, %q", tc.args, code, len(out), stderr, tc.want)
		}
	}
}

// TestDiffCommand: 'iamaudit diff' prints the same comparison as --baseline
// in each format, and refuses reports of two accounts.
func TestDiffCommand(t *testing.T) {
	_, tonight, _ := runCLI(t, "scan", "--from", sampleEvidence, "-f", "json", "--fail-on", "none")
	base := lastMonthBaseline(t, tonight)
	cur := editReport(t, tonight, func(map[string]any) {})

	code, out, stderr := runCLI(t, "diff", "-f", "json", base, cur)
	wantExit(t, code, exitClean, stderr)
	var doc struct {
		Counts  map[string]int `json:"counts"`
		Entries []struct {
			Kind, Resource string
			RuleID         string `json:"rule_id"`
			NewFailure     bool   `json:"new_failure"`
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, e := range doc.Entries {
		if e.Kind != "unchanged" {
			got[e.Kind] = append(got[e.Kind], fmt.Sprintf("%s %s %v", e.RuleID, e.Resource, e.NewFailure))
		}
	}
	want := map[string][]string{
		"new":      {driftNewRule + " " + driftNewRes + " true"},
		"changed":  {driftChangedRule + " " + driftChangedRes + " true"},
		"resolved": {driftGoneRule + " " + driftGoneRes + " false"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || doc.Counts["unchanged"] != len(doc.Entries)-3 || doc.Counts["new_failures"] != 2 {
		t.Errorf("diff entries %v counts %v\nwant %v", got, doc.Counts, want)
	}

	_, table, _ := runCLI(t, "diff", base, cur)
	_, markdown, _ := runCLI(t, "diff", "-f", "markdown", base, cur)
	for name, text := range map[string]string{"table": table, "markdown": markdown} {
		for _, w := range []string{"1 new (2 new failure(s)), 1 changed, 1 resolved", driftNewRule, driftChangedRule, driftGoneRule} {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q:\n%s", name, w, text)
			}
		}
		if strings.Contains(text, "IAM-ROOT-HARDWARE-MFA") {
			t.Errorf("%s lists an unchanged finding:\n%s", name, text)
		}
	}

	other := editReport(t, tonight, func(doc map[string]any) { doc["meta"].(map[string]any)["account_id"] = "210987654321" })
	if code, _, stderr := runCLI(t, "diff", other, cur); code != exitError || !strings.Contains(stderr, "a baseline must be an earlier scan of the same account") {
		t.Errorf("two accounts: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "diff", "-f", "html", base, cur); code != exitError || stderr != "iamaudit: --format: unknown diff format \"html\" (want table, json, markdown)\n" {
		t.Errorf("-f html: exit %d, %q", code, stderr)
	}
}
