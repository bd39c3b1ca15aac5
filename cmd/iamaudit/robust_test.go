package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/iamaudit/iamaudit/internal/fakeaws"
	"github.com/iamaudit/iamaudit/internal/suppress"
)

// assertClean fails when terminal-facing text carries control sequences.
func assertClean(t *testing.T, what, s string) {
	t.Helper()
	if i := strings.IndexAny(s, "\x1b\x07\u009b\u009d\u202e"); i >= 0 {
		t.Errorf("%s carries a control character at byte %d: %q", what, i, s[max(0, i-40):min(len(s), i+40)])
	}
}

// A run stopped by --timeout still writes its report, marked incomplete,
// and the gaps say what was not collected.
func TestScanTimeoutWritesIncompleteReport(t *testing.T) {
	isolateAWS(t)
	srv := startFake(t, smallFixture,
		fakeaws.Fault{Action: "GetAccountAuthorizationDetails", Kind: fakeaws.FaultStallHeaders})
	path := filepath.Join(t.TempDir(), "report.json")
	code, _, stderr := runCLI(t, "scan", "--endpoint-url", srv.URL(), "--timeout", "1s", "--format", "json", "-o", path, "--fail-on", "none")
	wantExit(t, code, exitIncomplete, stderr)
	if !strings.Contains(stderr, "warning: collection stopped early (the run's --timeout of 1s expired)") {
		t.Errorf("stderr does not say the run was stopped:\n%s", stderr)
	}
	var rep struct {
		Meta struct {
			EvidenceGaps []string `json:"evidence_gaps"`
		} `json:"meta"`
		Score struct {
			Complete *bool `json:"complete"`
		} `json:"score"`
	}
	readJSONFile(t, path, &rep)
	// The stalled listing is cut short; anything else still under way at
	// the deadline (the credential report's polls, rate-limited region
	// listings) is too, and says so.
	want := "authorization: GetAccountAuthorizationDetails: Interrupted: the run was stopped before this was collected (the run's --timeout of 1s expired)"
	if !slices.Contains(rep.Meta.EvidenceGaps, want) {
		t.Errorf("evidence gaps = %q, want one %q", rep.Meta.EvidenceGaps, want)
	}
	for _, g := range rep.Meta.EvidenceGaps {
		if !strings.Contains(g, ": Interrupted: ") || !strings.HasSuffix(g, "the run was stopped before this was collected (the run's --timeout of 1s expired)") {
			t.Errorf("gap %q is not an interruption", g)
		}
	}
	if c := rep.Score.Complete; c == nil || *c {
		t.Error("report not marked incomplete")
	}
}

// A stalled body ends as a gap at --call-timeout, not a hang.
func TestScanStalledBodyIsAGap(t *testing.T) {
	isolateAWS(t)
	srv := startFake(t, smallFixture,
		fakeaws.Fault{Action: "ListVirtualMFADevices", Kind: fakeaws.FaultStallBody})
	code, out, stderr := runCLI(t, "scan", "--endpoint-url", srv.URL(), "--call-timeout", "500ms", "--max-attempts", "2", "--requests-per-second", "0", "--fail-on", "none")
	wantExit(t, code, exitIncomplete, stderr)
	if !strings.Contains(stderr, "warning: evidence virtual_mfa_devices not collected: ListVirtualMFADevices: Timeout: the response from ") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if !strings.Contains(out, "INCOMPLETE") {
		t.Error("table not marked incomplete")
	}
}

// Names and error messages from a hostile account or endpoint reach the
// terminal (table, stderr) without control sequences, and the JSON report
// with their exact value.
func TestHostileTextIsCleanedForPeople(t *testing.T) {
	isolateAWS(t)
	acct, err := fakeaws.LoadFixture(smallFixture)
	if err != nil {
		t.Fatal(err)
	}
	// XML cannot carry ESC; C1 controls and bidi overrides it can.
	const evil = "zed\u009b2J\u202e"
	acct.Users = append(acct.Users, fakeaws.User{Name: evil, CreateDate: fixtureNow.AddDate(-1, 0, 0), PasswordEnabled: true})
	acct.Faults = append(acct.Faults,
		fakeaws.Fault{Action: "ListServerCertificates", Code: "AccessDenied", Message: "no\u009b31m certs\u202e"},
		fakeaws.Fault{Action: "ListAnalyzers", Code: "AccessDeniedException", Message: "\x1b]0;pwned\x07\x1b[2Jdenied"})
	srv := fakeaws.New(acct)
	t.Cleanup(srv.Close)
	code, out, stderr := runCLI(t, "scan", "--endpoint-url", srv.URL(), "--requests-per-second", "0", "--fail-on", "none", "--all")
	wantExit(t, code, exitIncomplete, stderr)
	assertClean(t, "table", out)
	assertClean(t, "stderr", stderr)
	if !strings.Contains(out, "│ zed ") || !strings.Contains(stderr, "AccessDenied: no certs\n") || !strings.Contains(stderr, "us-east-1: denied\n") {
		t.Errorf("cleaned text missing:\nstdout:\n%s\nstderr:\n%s", out, stderr)
	}
	_, js, _ := runCLI(t, "scan", "--endpoint-url", srv.URL(), "--requests-per-second", "0", "--fail-on", "none", "--format", "json")
	if !strings.Contains(js, `zed\u009b2J\u202e`) && !strings.Contains(js, "zed\u009b2J\u202e") {
		t.Error("JSON report lost the exact user name")
	}
}

func TestScanFromRefusesBadInput(t *testing.T) {
	sample, err := os.ReadFile(sampleEvidence)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	negative := strings.Replace(string(sample), `"schema_version": 1`, `"schema_version": -3`, 1)
	for name, tc := range map[string]struct{ content, want string }{
		"trailing":  {string(sample) + `{"schema_version": 1}`, "unexpected data after the JSON document"},
		"negative":  {negative, "schema_version -3 is not a version iamaudit ever wrote"},
		"future":    {strings.Replace(string(sample), `"schema_version": 1`, `"schema_version": 99`, 1), "schema_version 99 is newer than this build understands"},
		"garbage":   {"\x1b[2J{not json", "decode evidence: invalid character"},
		"huge-name": {`{"` + strings.Repeat("A", 5000) + `": 1}`, "(5022 characters in all)"},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name+".json")
			if err := os.WriteFile(path, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			code, out, stderr := runCLI(t, "scan", "--from", path)
			if code != exitError || out != "" {
				t.Fatalf("exit %d, stdout %q", code, out)
			}
			if !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 || len(stderr) > 1200 {
				t.Errorf("stderr = %q, want one line containing %q", stderr, tc.want)
			}
			assertClean(t, "stderr", stderr)
		})
	}
}

// A fatal identity error is one sentence; --log-level debug adds the SDK's
// full account of it.
func TestIdentityErrorDetailOnlyInDebug(t *testing.T) {
	isolateAWS(t)
	srv := startFake(t, smallFixture, fakeaws.Fault{Action: "GetCallerIdentity", Code: "Throttling"})
	code, _, stderr := runCLI(t, "scan", "--endpoint-url", srv.URL(), "--max-attempts", "1")
	want := "iamaudit: the endpoint " + srv.URL() + " kept throttling sts:GetCallerIdentity through 1 attempt: wait a minute and retry, or raise --max-attempts\n"
	if code != exitError || stderr != want {
		t.Fatalf("exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
	}
	_, _, stderr = runCLI(t, "scan", "--endpoint-url", srv.URL(), "--max-attempts", "1", "--log-level", "debug")
	if !strings.Contains(stderr, "iamaudit: debug: caused by: operation error STS: GetCallerIdentity") {
		t.Errorf("debug stderr lacks the SDK's error:\n%s", stderr)
	}
}

func TestConfigRefusesSecondDocument(t *testing.T) {
	if _, err := parseRuleConfig([]byte("thresholds:\n  key_rotation_days: 90\n---\nthresholds: {}\n")); err == nil ||
		err.Error() != "more than one YAML document; the thresholds file holds one" {
		t.Errorf("err = %v", err)
	}
	if _, err := parseRuleConfig([]byte(strings.Repeat("#", maxConfigBytes+1))); err == nil {
		t.Error("oversized config accepted")
	}
}

func FuzzParseRuleConfig(f *testing.F) {
	for _, seed := range []string{
		"",
		"thresholds:\n  key_rotation_days: 90\n",
		"thresholds:\n  key_rotation_days: -1\n",
		"thresholds:\n  nope: 1\n",
		"thresholds: &a\n  key_rotation_days: *a\n",
		"a: &a [*a, *a]\n",
		"thresholds:\n  min_password_length: 14\n---\nx: 1\n",
		"\x1b[2Jthresholds: {",
		"suppressions:\n  - rule: R\n    resource: '*'\n    reason: r\n    owner: o\n    expires: 2027-01-31\n",
		"suppressions:\n  - {rule: '*', resource: '?*', reason: r, owner: o, expires: 2027-02-30}\n",
		"suppressions: {rule: R}\n",
		"suppressions:\n  - rule: R\n    rule: S\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := parseRuleConfig(data)
		if err != nil {
			return
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("accepted a config that does not validate: %v", err)
		}
		entries, err := suppress.Load(data)
		if err != nil {
			return
		}
		for _, e := range entries {
			if strings.TrimSpace(e.Reason) == "" || strings.TrimSpace(e.Owner) == "" || e.ExpiresAt().IsZero() {
				t.Fatalf("accepted a suppression without reason, owner or expiry: %+v", e)
			}
		}
	})
}

// Ctrl-C or SIGTERM: main's signal.NotifyContext cancels run's context
// with the signal as its cause; the report is written all the same.
func TestScanInterruptWritesIncompleteReport(t *testing.T) {
	isolateAWS(t)
	srv := startFake(t, smallFixture,
		fakeaws.Fault{Action: "GetAccountAuthorizationDetails", Kind: fakeaws.FaultStallHeaders})
	ctx, cancel := context.WithCancelCause(testContext(t))
	defer cancel(nil)
	time.AfterFunc(500*time.Millisecond, func() { cancel(errors.New("interrupt signal received")) })
	var out, errb bytes.Buffer
	code := run(ctx, []string{"scan", "--endpoint-url", srv.URL(), "--fail-on", "none"}, &out, &errb)
	if code != exitIncomplete {
		t.Fatalf("exit %d; stderr:\n%s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "warning: collection stopped early (interrupt signal received)") ||
		!strings.Contains(errb.String(), "GetAccountAuthorizationDetails: Interrupted: the run was stopped before this was collected (interrupt signal received)") {
		t.Errorf("stderr:\n%s", errb.String())
	}
	if !strings.Contains(out.String(), "INCOMPLETE") {
		t.Errorf("no incomplete report on stdout:\n%s", out.String())
	}
}

// TestConfigExplicitZero: a key set to 0 in the file is 0, a key left out
// keeps its default.
func TestConfigExplicitZero(t *testing.T) {
	cfg, err := parseRuleConfig([]byte("thresholds:\n  key_rotation_days: 0\n  clock_skew_minutes: 0\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.KeyRotationDays != 0 || cfg.ClockSkewMinutes != 0 || cfg.UnusedCredentialDays != 45 || cfg.MinPasswordLength != 14 {
		t.Errorf("config %+v: want key rotation 0, skew 0, the rest defaults", cfg)
	}
}
