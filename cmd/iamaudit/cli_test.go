package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/rules"
)

const sampleEvidence = "../../testdata/sample-evidence.json"

func TestScanSampleTableAndExitCodes(t *testing.T) {
	code, out, stderr := runCLI(t, "scan", "--from", sampleEvidence)
	if code != exitFindings {
		t.Fatalf("exit %d, want %d (the sample has failing findings); stderr:\n%s", code, exitFindings, stderr)
	}
	for _, want := range []string{"Account:", "123456789012", "Score:", "COMPLETE", "IAM-ROOT-HARDWARE-MFA", "PublicTrustRole"} {
		if !strings.Contains(out, want) {
			t.Errorf("table output lacks %q", want)
		}
	}
	if strings.Contains(out, "IAM-ROOT-MFA ") {
		t.Error("passing rule IAM-ROOT-MFA listed without --all")
	}
	if code, out, _ := runCLI(t, "scan", "--from", sampleEvidence, "--all"); code != exitFindings || !strings.Contains(out, "IAM-ROOT-MFA ") {
		t.Errorf("--all: exit %d, IAM-ROOT-MFA listed: %v", code, strings.Contains(out, "IAM-ROOT-MFA "))
	}
	for _, tc := range []struct {
		failOn string
		want   int
	}{
		{"critical", exitFindings}, // the sample has CRITICAL failures
		{"none", exitClean},
		{"INFO", exitFindings},
	} {
		if code, _, stderr := runCLI(t, "scan", "--from", sampleEvidence, "--format", "json", "--fail-on", tc.failOn); code != tc.want {
			t.Errorf("--fail-on %s: exit %d, want %d; stderr: %s", tc.failOn, code, tc.want, stderr)
		}
	}
}

func TestScanFailOnAboveWorstFinding(t *testing.T) {
	// Only the LOW certificate rule, which fails on the sample: a gate at
	// medium must not trip.
	code, _, stderr := runCLI(t, "scan", "--from", sampleEvidence, "--rule", "IAM-SERVER-CERT-EXPIRING", "--fail-on", "medium")
	wantExit(t, code, exitClean, stderr)
	if code, _, _ := runCLI(t, "scan", "--from", sampleEvidence, "--rule", "IAM-SERVER-CERT-EXPIRING", "--fail-on", "low"); code != exitFindings {
		t.Fatalf("--fail-on low: exit %d, want %d", code, exitFindings)
	}
}

// TestScanIncompleteEvidence: an access-denied credential report must turn
// every rule that needs it into UNKNOWN, keep the other rules' verdicts,
// mark the report incomplete and exit 2.
func TestScanIncompleteEvidence(t *testing.T) {
	srv := startDenied(t, "GetCredentialReport")
	code, out, stderr := runCLI(t, "scan", "--endpoint-url", srv.URL(), "--format", "json", "--fail-on", "none")
	wantExit(t, code, exitIncomplete, stderr)
	wantDeniedNamed(t, stderr, "GetCredentialReport")
	got := map[string]string{}
	for _, l := range triples(t, out) {
		f := strings.Fields(l)
		got[f[0]+" "+f[1]] = f[2]
	}
	for key, want := range map[string]string{
		"IAM-USER-KEY-ROTATION AWS::::Account:123456789012":          "UNKNOWN",
		"IAM-USER-UNUSED-CREDENTIALS-45 AWS::::Account:123456789012": "UNKNOWN",
		"IAM-USER-CONSOLE-MFA AWS::::Account:123456789012":           "UNKNOWN",
		"IAM-ROOT-RECENT-USE arn:aws:iam::123456789012:root":         "UNKNOWN",
		// The account summary still answers these.
		"IAM-ROOT-ACCESS-KEYS arn:aws:iam::123456789012:root": "FAIL",
		"IAM-ROOT-MFA arn:aws:iam::123456789012:root":         "PASS",
		// Evidence from other sources is untouched.
		"IAM-PASSWORD-MIN-LENGTH AWS::::Account:123456789012":      "FAIL",
		"IAM-GROUP-NO-USERS arn:aws:iam::123456789012:group/Empty": "FAIL",
	} {
		if got[key] != want {
			t.Errorf("%s: status %q, want %s", key, got[key], want)
		}
	}
	for key, status := range got {
		if strings.HasPrefix(key, "IAM-USER-KEY-ROTATION ") && status != "UNKNOWN" {
			t.Errorf("%s is %s without a credential report", key, status)
		}
	}
	if !strings.Contains(out, `"complete": false`) {
		t.Error("JSON report is not marked incomplete")
	}
}

func TestScanNoCredentials(t *testing.T) {
	isolateAWS(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	srv := startFake(t, smallFixture)
	code, out, stderr := runCLI(t, "scan", "--endpoint-url", srv.URL())
	if code != exitError {
		t.Fatalf("exit %d, want %d", code, exitError)
	}
	if out != "" {
		t.Errorf("stdout not empty: %q", out)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != 1 || !strings.Contains(stderr, "no AWS credentials") {
		t.Errorf("want one sentence about missing credentials, got:\n%s", stderr)
	}
	if srv.TotalCalls() != 0 {
		t.Errorf("%d API calls made without credentials", srv.TotalCalls())
	}
}

func TestScanUnreachableEndpoint(t *testing.T) {
	isolateAWS(t)
	code, _, stderr := runCLI(t, "scan", "--endpoint-url", "http://127.0.0.1:1", "--max-attempts", "1")
	if code != exitError {
		t.Fatalf("exit %d, want %d", code, exitError)
	}
	if lines := strings.Split(strings.TrimSpace(stderr), "\n"); len(lines) != 1 || !strings.Contains(stderr, "127.0.0.1:1") {
		t.Errorf("want one sentence naming the endpoint, got:\n%s", stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	badConfig := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(badConfig, []byte("thresholds:\n  key_rotation_dayz: 30\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	negConfig := filepath.Join(dir, "neg.yaml")
	if err := os.WriteFile(negConfig, []byte("thresholds:\n  key_rotation_days: -1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	notEvidence := filepath.Join(dir, "report.json")
	if err := os.WriteFile(notEvidence, []byte(`{"results": []}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"unknown format":      {[]string{"scan", "--from", sampleEvidence, "--format", "xml"}, `unknown output format "xml"`},
		"asff without region": {[]string{"scan", "--from", sampleEvidence, "--format", "asff"}, "--format asff needs --region"},
		"bad fail-on":         {[]string{"scan", "--from", sampleEvidence, "--fail-on", "severe"}, `--fail-on: unknown severity "severe"`},
		"unknown flag":        {[]string{"scan", "--frmo", "x"}, "unknown flag: --frmo"},
		"unknown command":     {[]string{"scna"}, `unknown command "scna"`},
		"config typo":         {[]string{"scan", "--from", sampleEvidence, "--config", badConfig}, "key_rotation_dayz"},
		"config negative":     {[]string{"scan", "--from", sampleEvidence, "--config", negConfig}, "key_rotation_days must not be negative"},
		"missing evidence":    {[]string{"scan", "--from", filepath.Join(dir, "nope.json")}, "no such file"},
		"not evidence":        {[]string{"scan", "--from", notEvidence}, `unknown field "results"`},
		"unknown framework":   {[]string{"scan", "--from", sampleEvidence, "--framework", "cis-aws-9.9"}, "cis-aws-9.9"},
		"unknown rule":        {[]string{"scan", "--from", sampleEvidence, "--rule", "IAM-NOPE"}, `unknown rule "IAM-NOPE"`},
		"explain unknown":     {[]string{"explain", "IAM-NOPE"}, `unknown rule "IAM-NOPE"`},
		"rules bad format":    {[]string{"rules", "--format", "yaml"}, `unknown format "yaml"`},
		"admins bad format":   {[]string{"admins", "--from", sampleEvidence, "--format", "yaml"}, `unknown format "yaml" (want table or json)`},
		"bad log level":       {[]string{"collect", "--log-level", "loud", "--endpoint-url", "http://127.0.0.1:1"}, "--log-level"},
		"bad log level, from": {[]string{"scan", "--from", sampleEvidence, "--log-level", "loud"}, "--log-level"},
		"bad max attempts":    {[]string{"collect", "--max-attempts", "0"}, "--max-attempts must be at least 1"},
		"bad endpoint":        {[]string{"collect", "--endpoint-url", "localhost:4566"}, "invalid endpoint URL"},
		"args to version":     {[]string{"version", "extra"}, "unknown command"},
		"report to bad path":  {[]string{"scan", "--from", sampleEvidence, "-o", filepath.Join(dir, "missing", "r.json")}, "write "},
	} {
		t.Run(name, func(t *testing.T) {
			isolateAWS(t)
			code, _, stderr := runCLI(t, tc.args...)
			if code != exitError {
				t.Errorf("exit %d, want %d", code, exitError)
			}
			if !strings.Contains(stderr, tc.want) || !strings.HasPrefix(stderr, "iamaudit: ") {
				t.Errorf("stderr %q does not contain %q", stderr, tc.want)
			}
		})
	}
}

func TestScanWritesOutputFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.csv")
	code, out, _ := runCLI(t, "scan", "--from", sampleEvidence, "--format", "csv", "-o", path, "--fail-on", "none")
	if code != exitClean || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "IAM-ROOT-HARDWARE-MFA") {
		t.Errorf("CSV report lacks results:\n%s", data)
	}
}

func TestScanFrameworkShowsControls(t *testing.T) {
	code, out, stderr := runCLI(t, "scan", "--from", sampleEvidence, "--framework", "cis-aws-3.0", "--format", "json", "--fail-on", "none")
	wantExit(t, code, exitClean, stderr)
	var rep struct {
		Results []struct {
			RuleID string `json:"rule_id"`
		} `json:"results"`
		Controls []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		} `json:"controls"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, c := range rep.Controls {
		status[c.ID] = c.Status
	}
	// CIS 3.0: 1.5 root MFA passes (virtual MFA is enabled); 1.6 hardware MFA
	// fails; 1.4 root keys fails; 1.1 (contact details) is manual.
	for id, want := range map[string]string{"1.5": "PASS", "1.6": "FAIL", "1.4": "FAIL", "1.1": "MANUAL"} {
		if status[id] != want {
			t.Errorf("control %s: %q, want %s", id, status[id], want)
		}
	}
	for _, r := range rep.Results {
		if r.RuleID == "IAM-POLICY-PRIVILEGE-ESCALATION" {
			t.Error("a rule mapped to no CIS 3.0 control was evaluated under --framework cis-aws-3.0")
		}
	}
}

// TestRulesFrameworkJSON: every automated control of every CIS version is
// listed with the rules that cover it, or carries a note saying why none can.
func TestRulesFrameworkJSON(t *testing.T) {
	for _, fw := range []string{"cis-aws-1.4", "cis-aws-1.5", "cis-aws-3.0", "cis-aws-4.0", "cis-aws-5.0", "cis-aws-6.0"} {
		t.Run(fw, func(t *testing.T) {
			v := rulesFrameworkJSON(t, fw)
			if v.Framework != fw || len(v.Controls) < 15 {
				t.Fatalf("framework %q with %d controls", v.Framework, len(v.Controls))
			}
			for _, c := range v.Controls {
				if c.Automated && len(c.Rules) == 0 && c.Note == "" {
					t.Errorf("automated control %s has no rule and no note", c.ID)
				}
				for _, id := range c.Rules {
					if _, ok := rules.ByID(id); !ok {
						t.Errorf("control %s lists unknown rule %s", c.ID, id)
					}
				}
			}
		})
	}
}

func TestRulesExplainVersion(t *testing.T) {
	code, out, _ := runCLI(t, "rules")
	if code != exitClean || !strings.Contains(out, "IAM-PASSWORD-MIN-LENGTH") {
		t.Errorf("rules: exit %d", code)
	}
	code, out, _ = runCLI(t, "rules", "--format", "json")
	var list struct {
		Rules []struct{ ID string } `json:"rules"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil || code != exitClean || len(list.Rules) != len(rules.All()) {
		t.Errorf("rules --format json: exit %d, %d rules, err %v", code, len(list.Rules), err)
	}
	// As scan reads --format: case and surrounding space do not matter.
	if code, upper, _ := runCLI(t, "rules", "--format", " JSON"); code != exitClean || upper != out {
		t.Errorf("rules --format ' JSON': exit %d, output differs from --format json", code)
	}
	code, out, _ = runCLI(t, "explain", "iam-root-hardware-mfa")
	for _, want := range []string{"IAM-ROOT-HARDWARE-MFA", "Why it matters", "AWS CLI", "aws iam ", "https://"} {
		if code != exitClean || !strings.Contains(out, want) {
			t.Errorf("explain: exit %d, output lacks %q", code, want)
		}
	}
	code, out, _ = runCLI(t, "version")
	if code != exitClean || !strings.HasPrefix(out, "iamaudit ") {
		t.Errorf("version: exit %d, %q", code, out)
	}
}

// TestCollectIncompleteExitsTwo: collect writes what it got, records the gap
// in the file, names it on stderr and exits 2.
func TestCollectIncompleteExitsTwo(t *testing.T) {
	srv := startDenied(t, "ListServerCertificates")
	path := filepath.Join(t.TempDir(), "evidence.json")
	code, out, stderr := runCLI(t, "collect", "--endpoint-url", srv.URL(), "-o", path)
	if code != exitIncomplete || out != "" {
		t.Fatalf("exit %d, stdout %q; stderr:\n%s", code, out, stderr)
	}
	wantDeniedNamed(t, stderr, "ListServerCertificates")
	var snap struct {
		ServerCertificates any `json:"server_certificates"`
		Gaps               []struct {
			Operation string `json:"operation"`
			Code      string `json:"code"`
		} `json:"gaps"`
	}
	readJSONFile(t, path, &snap)
	if snap.ServerCertificates != nil || len(snap.Gaps) != 1 || snap.Gaps[0].Operation != "ListServerCertificates" || snap.Gaps[0].Code != "AccessDenied" {
		t.Errorf("evidence file: certificates %v, gaps %+v", snap.ServerCertificates, snap.Gaps)
	}
	// Judging that file offline gives the certificate rules' UNKNOWN.
	code, rep, _ := runCLI(t, "scan", "--from", path, "--rule", "IAM-SERVER-CERT-EXPIRED", "--format", "json", "--fail-on", "none")
	if code != exitIncomplete || !strings.Contains(strings.Join(triples(t, rep), "\n"), "IAM-SERVER-CERT-EXPIRED AWS::::Account:123456789012 UNKNOWN") {
		t.Errorf("scan --from: exit %d, results %v", code, triples(t, rep))
	}
}

// TestScanFromStdin: --from - reads the evidence from standard input.
func TestScanFromStdin(t *testing.T) {
	f, err := os.Open(sampleEvidence)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	old := os.Stdin
	os.Stdin = f
	defer func() { os.Stdin = old }()
	code, out, stderr := runCLI(t, "scan", "--from", "-", "--format", "json", "--fail-on", "none")
	wantExit(t, code, exitClean, stderr)
	if got := len(triples(t, out)); got < 100 {
		t.Errorf("%d results from stdin evidence", got)
	}
}

func TestCompactControls(t *testing.T) {
	r, _ := rules.ByID("IAM-ROOT-MFA")
	want := "CIS 1.5 (1.4-4.0), 1.4 (5.0), 2.4 (6.0), 2.5 (7.0)\nSecurity Hub IAM.9\nConfig root-account-mfa-enabled"
	if got := compactControls(r.Controls); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := compactControls(nil); got != "(no framework control)" {
		t.Errorf("no controls: %q", got)
	}
}

// TestGapNoSelectedRuleNeeds: a gap only in evidence the selected rules do
// not read is reported on stderr but does not make the scan incomplete.
func TestGapNoSelectedRuleNeeds(t *testing.T) {
	srv := startDenied(t, "ListServerCertificates")
	code, _, stderr := runCLI(t, "scan", "--endpoint-url", srv.URL(), "--rule", "IAM-ROOT-MFA", "--fail-on", "none")
	wantExit(t, code, exitClean, stderr)
	wantDeniedNamed(t, stderr, "ListServerCertificates")
	code, _, _ = runCLI(t, "scan", "--endpoint-url", srv.URL(), "--rule", "IAM-SERVER-CERT-EXPIRED", "--fail-on", "none")
	if code != exitIncomplete {
		t.Errorf("rule needing the missing evidence: exit %d, want %d", code, exitIncomplete)
	}
}

// frameworkView is `rules --framework X --format json` as the tests read it.
type frameworkView struct {
	Framework string `json:"framework"`
	Controls  []struct {
		ID        string   `json:"id"`
		Automated bool     `json:"automated"`
		Rules     []string `json:"rules"`
		Note      string   `json:"note"`
	} `json:"controls"`
}

// rulesFrameworkJSON runs `rules --framework fw --format json` and decodes it.
func rulesFrameworkJSON(t *testing.T, fw string) frameworkView {
	t.Helper()
	code, out, stderr := runCLI(t, "rules", "--framework", fw, "--format", "json")
	wantExit(t, code, exitClean, stderr)
	var v frameworkView
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	return v
}
