package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/iamaudit/iamaudit/result"
)

func render(t *testing.T, format string, opts Options, r *Report) string {
	t.Helper()
	w, err := ForFormat(format, opts)
	if err != nil {
		t.Fatalf("ForFormat(%q): %v", format, err)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf, r); err != nil {
		t.Fatalf("%s Write: %v", format, err)
	}
	return buf.String()
}

// hostile is a report whose account-controlled strings try to break out of
// every format.
func hostile() *Report {
	res := result.Result{
		RuleID: "IAM-USER-MFA", Title: "Console users have MFA enabled", Severity: result.High, Status: result.Fail,
		ResourceType: "AWS::IAM::User", Resource: "arn:aws:iam::123456789012:user/x",
		ResourceName: `<script>alert("x")</script>`, Reason: `=HYPERLINK("http://evil")</td><img src=x onerror=alert(1)>`,
	}
	return New(fixtureMeta(), []result.Result{res}, nil)
}

func TestHTMLEscapesResourceNames(t *testing.T) {
	out := render(t, "html", Options{}, hostile())
	for _, bad := range []string{"<script>", "<img", "</td><img"} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML contains unescaped %q", bad)
		}
	}
	for _, want := range []string{`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`, `&lt;img src=x onerror=alert(1)&gt;`} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks escaped %q", want)
		}
	}
	// Self-contained: nothing to load, nothing to run.
	for _, bad := range []string{"<link", "<script", ` src="`, ` href="`, "<iframe"} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML contains %q: the page must be self-contained", bad)
		}
	}
}

func TestCSVDefusesFormulas(t *testing.T) {
	out := render(t, "csv", Options{}, hostile())
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("invalid CSV: %v", err)
	}
	if len(rows) != 2 {
		t.Fatalf("got %d rows, want header + 1", len(rows))
	}
	if got := rows[1][7]; got != `'=HYPERLINK("http://evil")</td><img src=x onerror=alert(1)>` {
		t.Errorf("reason cell = %q, want it prefixed with an apostrophe", got)
	}
	if got := rows[1][6]; got != `<script>alert("x")</script>` {
		t.Errorf("resource_name cell = %q, want it unchanged", got)
	}
}

func TestCSVRoundTrip(t *testing.T) {
	r := fixtureReport()
	rows, err := csv.NewReader(strings.NewReader(render(t, "csv", Options{}, r))).ReadAll()
	if err != nil {
		t.Fatalf("invalid CSV: %v", err)
	}
	if len(rows) != len(r.Results)+1 || strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") {
		t.Fatalf("got %d rows with header %v", len(rows), rows[0])
	}
	for i, res := range r.Results {
		row := rows[i+1]
		if row[0] != string(res.Status) || row[2] != res.RuleID || row[5] != res.Resource || row[7] != res.Reason {
			t.Errorf("row %d = %v, want %s %s %s", i+1, row, res.Status, res.RuleID, res.Resource)
		}
	}
}

func TestTableColorOnlyWhenAsked(t *testing.T) {
	plain := render(t, "table", Options{}, fixtureReport())
	if strings.Contains(plain, "\x1b[") {
		t.Error("table without Color contains ANSI escapes")
	}
	colored := render(t, "table", Options{Color: true}, fixtureReport())
	for _, want := range []string{ansiRed + "FAIL" + ansiReset, ansiYellow + "UNKNOWN" + ansiReset} {
		if !strings.Contains(colored, want) {
			t.Errorf("coloured table lacks %q", want)
		}
	}
}

func TestTableFitsWidth(t *testing.T) {
	long := result.Result{
		RuleID: "IAM-A-VERY-LONG-RULE-IDENTIFIER-THAT-GOES-ON", Severity: result.Critical, Status: result.Fail,
		Resource:     "arn:aws:iam::123456789012:user/" + strings.Repeat("deep/path/", 20) + "name",
		Reason:       strings.Repeat("word ", 80) + strings.Repeat("x", 200),
		Remediation:  strings.Repeat("fix ", 60),
		ResourceType: "AWS::IAM::User",
	}
	r := New(fixtureMeta(), append(fixtureResults(), long), fixtureControls())
	for _, width := range []int{0, 100, 120, 160} {
		want := width
		if want == 0 {
			want = DefaultWidth
		}
		for _, all := range []bool{false, true} {
			out := render(t, "table", Options{Width: width, All: all}, r)
			for i, line := range strings.Split(out, "\n") {
				if n := utf8.RuneCountInString(line); n > want {
					t.Errorf("width %d all=%v: line %d is %d columns: %q", width, all, i+1, n, line)
				}
			}
		}
	}
}

func TestTableAllListsPasses(t *testing.T) {
	r := fixtureReport()
	def := render(t, "table", Options{}, r)
	all := render(t, "table", Options{All: true}, r)
	if strings.Contains(def, "SupportRole") || !strings.Contains(all, "SupportRole") {
		t.Error("passing result SupportRole: want hidden by default and listed with All")
	}
	if !strings.Contains(def, "5 PASS and 1 MANUAL result(s) not shown") {
		t.Error("default table does not say what it hides")
	}
}

func TestSARIF(t *testing.T) {
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Kind      string `json:"kind"`
				Level     string `json:"level"`
				Locations []struct {
					LogicalLocations []struct {
						FullyQualifiedName string `json:"fullyQualifiedName"`
					} `json:"logicalLocations"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(render(t, "sarif", Options{}, fixtureReport())), &log); err != nil {
		t.Fatalf("invalid SARIF JSON: %v", err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q with %d runs, want 2.1.0 with 1", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	if n := len(run.Tool.Driver.Rules); n != 9 {
		t.Errorf("%d rule descriptors, want 9 (one per rule ID)", n)
	}
	var got []string
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s has ruleIndex %d pointing at %s", res.RuleID, res.RuleIndex, run.Tool.Driver.Rules[res.RuleIndex].ID)
		}
		got = append(got, fmt.Sprintf("%s %s %s %s", res.RuleID, res.Kind, res.Level, res.Locations[0].LogicalLocations[0].FullyQualifiedName))
	}
	want := []string{
		"IAM-ROOT-MFA fail error arn:aws:iam::123456789012:root",
		"IAM-NO-FULL-ADMIN-POLICY fail error arn:aws:iam::123456789012:policy/LegacyAdmin",
		"IAM-ACCESS-KEY-ROTATION fail warning arn:aws:iam::123456789012:user/engineering/ci-deploy-pipeline-service-account",
		"IAM-USER-MFA open none arn:aws:iam::123456789012:user/bob",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("results:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSARIFLevels(t *testing.T) {
	for sev, want := range map[result.Severity]string{
		result.Critical: "error", result.High: "error", result.Medium: "warning", result.Low: "note", result.Info: "note",
	} {
		if got := sarifLevel(sev); got != want {
			t.Errorf("sarifLevel(%s) = %s, want %s", sev, got, want)
		}
	}
}

func TestJUnit(t *testing.T) {
	var doc junitSuites
	if err := xml.Unmarshal([]byte(render(t, "junit", Options{}, fixtureReport())), &doc); err != nil {
		t.Fatalf("invalid JUnit XML: %v", err)
	}
	if got := fmt.Sprintf("tests=%d failures=%d errors=%d skipped=%d suites=%d", doc.Tests, doc.Failures, doc.Errors, doc.Skipped, len(doc.Suites)); got != "tests=10 failures=3 errors=1 skipped=1 suites=9" {
		t.Errorf("totals: %s", got)
	}
	for _, s := range doc.Suites {
		if s.Name != "IAM-USER-MFA" {
			continue
		}
		if len(s.Cases) != 1 || s.Cases[0].Error == nil || s.Cases[0].Error.Type != "UNKNOWN" || s.Cases[0].Failure != nil {
			t.Errorf("IAM-USER-MFA suite = %+v, want one testcase with an UNKNOWN error", s)
		}
		return
	}
	t.Error("no IAM-USER-MFA suite")
}

func TestASFF(t *testing.T) {
	var findings []asffFinding
	if err := json.Unmarshal([]byte(render(t, "asff", Options{Region: "eu-west-1"}, fixtureReport())), &findings); err != nil {
		t.Fatalf("invalid ASFF JSON: %v", err)
	}
	if len(findings) != 10 {
		t.Fatalf("%d findings, want 10 (every result)", len(findings))
	}
	var got []string
	for _, f := range findings {
		got = append(got, fmt.Sprintf("%s %s %s %s %s", f.GeneratorID, f.Compliance.Status, f.Severity.Label, f.Resources[0].Type, f.Resources[0].ID))
		if f.ProductArn != "arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default" {
			t.Errorf("ProductArn = %s", f.ProductArn)
		}
	}
	want := []string{
		"IAM-ROOT-MFA FAILED CRITICAL AwsAccount AWS::::Account:123456789012",
		"IAM-NO-FULL-ADMIN-POLICY FAILED HIGH AwsIamPolicy arn:aws:iam::123456789012:policy/LegacyAdmin",
		"IAM-ACCESS-KEY-ROTATION FAILED MEDIUM AwsIamUser arn:aws:iam::123456789012:user/engineering/ci-deploy-pipeline-service-account",
		"IAM-USER-MFA WARNING HIGH AwsIamUser arn:aws:iam::123456789012:user/bob",
		"IAM-SECURITY-CONTACT NOT_AVAILABLE MEDIUM AwsAccount AWS::::Account:123456789012",
		"IAM-ROOT-NO-ACCESS-KEYS PASSED INFORMATIONAL AwsAccount AWS::::Account:123456789012",
		"IAM-ACCESS-KEY-ROTATION PASSED INFORMATIONAL AwsIamUser arn:aws:iam::123456789012:user/alice",
		"IAM-PASSWORD-MIN-LENGTH PASSED INFORMATIONAL AwsAccount AWS::::Account:123456789012",
		"IAM-SUPPORT-ROLE PASSED INFORMATIONAL AwsIamRole arn:aws:iam::123456789012:role/SupportRole",
		"IAM-EXPIRED-SERVER-CERTS PASSED INFORMATIONAL AwsAccount AWS::::Account:123456789012",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	ids := map[string]bool{}
	for _, f := range findings {
		if ids[f.ID] {
			t.Errorf("duplicate finding Id %s", f.ID)
		}
		ids[f.ID] = true
	}
}

func TestASFFLimits(t *testing.T) {
	res := result.Result{
		RuleID: "R", Title: strings.Repeat("t", 300), Severity: result.Low, Status: result.Fail,
		ResourceType: "AWS::IAM::User", Resource: "arn:aws:iam::123456789012:user/" + strings.Repeat("p/", 300) + "u",
		Reason: strings.Repeat("é", 2000), Remediation: strings.Repeat("r", 600),
	}
	var findings []asffFinding
	if err := json.Unmarshal([]byte(render(t, "asff", Options{Region: "us-east-1"}, New(fixtureMeta(), []result.Result{res}, nil))), &findings); err != nil {
		t.Fatal(err)
	}
	f := findings[0]
	if n := utf8.RuneCountInString(f.Title); n != asffMaxTitle {
		t.Errorf("Title is %d characters, want %d", n, asffMaxTitle)
	}
	if n := utf8.RuneCountInString(f.Description); n != asffMaxDesc {
		t.Errorf("Description is %d characters, want %d", n, asffMaxDesc)
	}
	if n := utf8.RuneCountInString(f.Remediation.Recommendation.Text); n != asffMaxRemedy {
		t.Errorf("Recommendation.Text is %d characters, want %d", n, asffMaxRemedy)
	}
	if len(f.ID) > asffMaxID || !strings.Contains(f.ID, "/sha256:") {
		t.Errorf("Id = %q (%d chars), want a hashed Id within %d", f.ID, len(f.ID), asffMaxID)
	}
}

func TestASFFRefusesInvalidInput(t *testing.T) {
	if _, err := ForFormat("asff", Options{}); err == nil {
		t.Error("ForFormat(asff) without a region returned no error")
	}
	meta := fixtureMeta()
	meta.AccountID = ""
	if err := (ASFFWriter{Region: "us-east-1"}).Write(&bytes.Buffer{}, New(meta, nil, nil)); err == nil {
		t.Error("ASFF Write without an account ID returned no error")
	}
	meta = fixtureMeta()
	meta.CollectedAt = time.Time{}
	if err := (ASFFWriter{Region: "us-east-1"}).Write(&bytes.Buffer{}, New(meta, nil, nil)); err == nil {
		t.Error("ASFF Write without a collection time returned no error")
	}
}

// failWriter fails every write, to check that writers report I/O errors.
type failWriter struct{}

var errDiskFull = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func TestWritersReturnIOErrors(t *testing.T) {
	for _, f := range Formats() {
		w, err := ForFormat(f, Options{Region: "us-east-1"})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(failWriter{}, fixtureReport()); !errors.Is(err, errDiskFull) {
			t.Errorf("%s: Write to a failing writer returned %v, want it to wrap %v", f, err, errDiskFull)
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"the quick brown fox", 10, "the quick\nbrown fox"},
		{"arn:aws:iam::123456789012:user/alice", 16, "arn:aws:iam::\n123456789012:\nuser/alice"},
		{"abcdefghij", 4, "abcd\nefgh\nij"},
		{"one\n\ntwo", 10, "one\n\ntwo"},
		{"", 5, ""},
	}
	for _, tc := range tests {
		if got := wrap(tc.in, tc.width); got != tc.want {
			t.Errorf("wrap(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}
