package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/internal/fakeaws"
	"github.com/iamaudit/iamaudit/internal/schematest"
)

func TestResolveOutputs(t *testing.T) {
	for _, tc := range []struct {
		args      []string
		format    string
		formatSet bool
		want      string // "format path; ..." or "error: substring"
	}{
		{nil, "table", false, "table -"},
		{nil, "json", true, "json -"},
		{[]string{"-"}, "csv", true, "csv -"},
		{[]string{"report.html"}, "table", false, "html report.html"},
		{[]string{"r.JSON", "r.csv", "r.sarif", "r.md", "r.xml", "r.htm", "r.txt"}, "table", false,
			"json r.JSON; csv r.csv; sarif r.sarif; markdown r.md; junit r.xml; html r.htm; table r.txt"},
		{[]string{"json=r.out", "html=r.html", "asff=f.json", "ocsf=o.json", "markdown=-"}, "table", false,
			"json r.out; html r.html; asff f.json; ocsf o.json; markdown -"},
		{[]string{"findings.asff"}, "asff", true, "asff findings.asff"},
		{[]string{"report.json"}, "json", true, "json report.json"},
		{[]string{"a=b.json"}, "table", false, "json a=b.json"},
		{[]string{"report.weird"}, "table", false, "error: cannot tell the format from the file name"},
		{[]string{"report"}, "table", false, "error: cannot tell the format"},
		{[]string{"report.json"}, "csv", true, "error: the extension says json but --format is csv"},
		{[]string{"json=a.json", "csv=a.json"}, "table", false, "error: a.json is already an output"},
		{[]string{"-", "json=-"}, "table", false, "error: only one report can go to stdout"},
		{[]string{"json="}, "table", false, "error: no path after"},
		{nil, "yaml", true, `error: unknown output format "yaml"`},
	} {
		got := ""
		specs, err := resolveOutputs(tc.args, tc.format, tc.formatSet)
		if err != nil {
			got = "error: " + err.Error()
		} else {
			var parts []string
			for _, s := range specs {
				parts = append(parts, s.format+" "+s.path)
			}
			got = strings.Join(parts, "; ")
		}
		if strings.HasPrefix(tc.want, "error: ") && strings.Contains(got, strings.TrimPrefix(tc.want, "error: ")) {
			continue
		}
		if got != tc.want {
			t.Errorf("resolveOutputs(%q, %s, %v) = %q, want %q", tc.args, tc.format, tc.formatSet, got, tc.want)
		}
	}
}

// TestScanHTMLByExtension: "-o report.html" without --format writes HTML,
// never the text table.
func TestScanHTMLByExtension(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.html")
	code, out, stderr := runCLI(t, "scan", "--from", sampleEvidence, "-o", path, "--fail-on", "none")
	if code != exitClean || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, out, stderr)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("<!DOCTYPE html>")) || bytes.Contains(data, []byte("┌")) {
		t.Errorf("report.html is not the HTML report:\n%.300s", data)
	}
	code, _, stderr = runCLI(t, "scan", "--from", sampleEvidence, "-o", filepath.Join(t.TempDir(), "report.weird"))
	if code != exitError || !strings.Contains(stderr, "cannot tell the format") {
		t.Errorf("unknown extension: exit %d, stderr %q", code, stderr)
	}
}

// allFormats is one -o per format, in the order the test reads them.
var allFormats = []string{"table", "json", "csv", "html", "sarif", "junit", "asff", "ocsf", "markdown"}

// TestScanAllFormatsOneCollection writes every format in one run from one
// collection: the fake sees exactly the API calls of a one-format scan, and
// never a Security Hub call. Every file names the same findings.
func TestScanAllFormatsOneCollection(t *testing.T) {
	isolateAWS(t)
	srv := startFake(t, smallFixture)
	code, _, stderr := runCLI(t, "scan", "--endpoint-url", srv.URL(), "--format", "json", "-o", filepath.Join(t.TempDir(), "one.json"), "--fail-on", "none", "--requests-per-second", "0")
	if code != exitClean {
		t.Fatalf("one format: exit %d; stderr:\n%s", code, stderr)
	}
	oneCalls := srv.Calls()
	// A fresh fake: the first one has a credential report cached now.
	srv = startFake(t, smallFixture)

	dir := t.TempDir()
	args := []string{"scan", "--endpoint-url", srv.URL(), "--region", "us-east-1", "--fail-on", "none", "--requests-per-second", "0"}
	paths := map[string]string{}
	for _, f := range allFormats {
		paths[f] = filepath.Join(dir, "report-"+f)
		args = append(args, "-o", f+"="+paths[f])
	}
	code, out, stderr := runCLI(t, args...)
	if code != exitClean || out != "" {
		t.Fatalf("all formats: exit %d, stdout %q; stderr:\n%s", code, out, stderr)
	}
	allCalls := srv.Calls()
	if !mapsEqual(oneCalls, allCalls) {
		t.Errorf("API calls differ: one format %v, all formats %v", oneCalls, allCalls)
	}
	if allCalls["BatchImportFindings"] != 0 {
		t.Error("scan called Security Hub")
	}
	read := func(f string) []byte {
		b, err := os.ReadFile(paths[f])
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, f := range allFormats {
		if len(read(f)) == 0 {
			t.Errorf("%s output is empty", f)
		}
	}
	validateFile(t, "../../report/report.schema.json", read("json"))
	validateFile(t, "../../report/testdata/schema/sarif-schema-2.1.0.json", read("sarif"))

	// The finding IDs agree across formats.
	var rep struct {
		Results []struct {
			FindingID string `json:"finding_id"`
			Status    string `json:"status"`
		} `json:"results"`
	}
	if err := json.Unmarshal(read("json"), &rep); err != nil {
		t.Fatal(err)
	}
	var all, acting []string
	for _, r := range rep.Results {
		all = append(all, r.FindingID)
		if r.Status == "FAIL" || r.Status == "UNKNOWN" {
			acting = append(acting, r.FindingID)
		}
	}
	if len(all) == 0 || len(acting) == 0 {
		t.Fatalf("JSON report has %d results, %d failing or unknown", len(all), len(acting))
	}
	rows, err := csv.NewReader(bytes.NewReader(read("csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var csvIDs []string
	for _, row := range rows[1:] {
		csvIDs = append(csvIDs, row[0])
	}
	var asff []struct{ Id string }
	if err := json.Unmarshal(read("asff"), &asff); err != nil {
		t.Fatal(err)
	}
	var asffIDs []string
	for _, f := range asff {
		asffIDs = append(asffIDs, f.Id)
	}
	var ocsf []struct {
		FindingInfo struct{ UID string } `json:"finding_info"`
	}
	if err := json.Unmarshal(read("ocsf"), &ocsf); err != nil {
		t.Fatal(err)
	}
	var ocsfIDs []string
	for _, e := range ocsf {
		ocsfIDs = append(ocsfIDs, e.FindingInfo.UID)
	}
	var sarif struct {
		Runs []struct {
			Results []struct {
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(read("sarif"), &sarif); err != nil {
		t.Fatal(err)
	}
	var sarifIDs []string
	for _, r := range sarif.Runs[0].Results {
		sarifIDs = append(sarifIDs, r.PartialFingerprints["iamauditFindingId/v1"])
	}
	for name, ids := range map[string][]string{"csv": csvIDs, "asff": asffIDs, "ocsf": ocsfIDs} {
		if !sameSet(ids, all) {
			t.Errorf("%s finding IDs differ from the JSON report's", name)
		}
	}
	if !sameSet(sarifIDs, acting) {
		t.Error("SARIF fingerprints differ from the JSON report's failing and unknown findings")
	}
	html := string(read("html"))
	// The run's identity: flags and the rule catalog's version.
	for _, id := range []string{`id="sum-score"`, `id="compliance"`, `id="findings"`, `id="run"`, "--region=us-east-1", `id="run-catalog">sha256:`} {
		if !strings.Contains(html, id) {
			t.Errorf("HTML lacks %s", id)
		}
	}
	if !strings.Contains(string(read("table")), "Score ") || strings.Contains(string(read("table")), "\x1b[") {
		t.Error("table file lacks its closing score line, or has colour codes")
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// validateFile checks doc against the schema file at schemaPath.
func validateFile(t *testing.T, schemaPath string, doc []byte) {
	t.Helper()
	schematest.Validate(t, schematest.Compile(t, schemaPath), "output of "+filepath.Base(schemaPath), doc)
}

// TestPublishSecurityHub imports a scanned report of 150 users into the
// fake's Security Hub: chunks of at most 100, a throttled call retried,
// every finding stored once under its FindingID.
func TestPublishSecurityHub(t *testing.T) {
	isolateAWS(t)
	acct := fakeaws.Generate(150, 7)
	acct.Faults = append(acct.Faults, fakeaws.Fault{Action: "BatchImportFindings", Code: "LimitExceededException", Status: 429, Times: 1})
	srv := fakeaws.New(acct)
	t.Cleanup(srv.Close)
	path := filepath.Join(t.TempDir(), "report.json")
	if code, _, stderr := runCLI(t, "scan", "--endpoint-url", srv.URL(), "-o", path, "--fail-on", "none", "--requests-per-second", "0"); code != exitClean && code != exitIncomplete {
		t.Fatalf("scan: exit %d; stderr:\n%s", code, stderr)
	}
	var rep struct {
		Results []struct {
			FindingID string `json:"finding_id"`
		} `json:"results"`
	}
	readJSONFile(t, path, &rep)
	n := len(rep.Results)
	if n <= 200 {
		t.Fatalf("the report has %d results; the test needs more than 200 to cross two chunk boundaries", n)
	}
	srv.ResetCalls()
	code, out, stderr := runCLI(t, "publish", "securityhub", path, "--region", "eu-west-1", "--endpoint-url", srv.URL())
	if code != exitClean {
		t.Fatalf("publish: exit %d; stdout %s; stderr:\n%s", code, out, stderr)
	}
	chunks := (n + 99) / 100
	if got := srv.Calls()["BatchImportFindings"]; got != chunks+1 {
		t.Errorf("%d BatchImportFindings calls, want %d chunks + 1 retry", got, chunks)
	}
	stored := srv.SecurityHubFindings("eu-west-1")
	if len(stored) != n {
		t.Errorf("Security Hub holds %d findings, want %d", len(stored), n)
	}
	for _, r := range rep.Results {
		if _, ok := stored[r.FindingID]; !ok {
			t.Errorf("finding %s not imported", r.FindingID)
			break
		}
	}
	if want := "imported " + strconv.Itoa(n) + " of " + strconv.Itoa(n) + " findings"; !strings.Contains(out, want) {
		t.Errorf("stdout %q lacks %q", out, want)
	}

	// Security Hub not enabled: one clear sentence, exit 3.
	srv2 := startFake(t, smallFixture, fakeaws.Fault{Action: "BatchImportFindings", Code: "InvalidAccessException", Status: 401,
		Message: "Account 123456789012 is not subscribed to AWS Security Hub"})
	code, _, stderr = runCLI(t, "publish", "securityhub", path, "--region", "eu-west-1", "--endpoint-url", srv2.URL(), "--max-attempts", "1")
	if code != exitError || !strings.Contains(stderr, "not subscribed") {
		t.Errorf("Security Hub disabled: exit %d, stderr %q", code, stderr)
	}
	// Another account's report: Security Hub refuses each finding (the
	// default product imports only the caller's own); they are listed and
	// the exit code says so.
	srv3 := startFake(t, smallFixture)
	code, out, stderr = runCLI(t, "publish", "securityhub", path, "--region", "eu-west-1", "--endpoint-url", srv3.URL())
	if code != exitError || !strings.Contains(out, "imported 0 of "+strconv.Itoa(n)) ||
		!strings.Contains(stderr, "AccessDenied") || !strings.Contains(stderr, "Security Hub refused "+strconv.Itoa(n)+" of "+strconv.Itoa(n)) {
		t.Errorf("another account's report: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if got := srv3.Calls()["BatchImportFindings"]; got != chunks {
		t.Errorf("refused findings: %d calls, want %d (refusals are not retried)", got, chunks)
	}
	// A findings file that is not a report is refused before any call.
	code, _, stderr = runCLI(t, "publish", "securityhub", sampleEvidence, "--region", "eu-west-1", "--endpoint-url", srv2.URL())
	if code != exitError || !strings.Contains(stderr, "not an iamaudit JSON report") {
		t.Errorf("evidence file: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "publish", "securityhub", path); code != exitError || !strings.Contains(stderr, "--region is required") {
		t.Errorf("no region: exit %d, stderr %q", code, stderr)
	}
}
