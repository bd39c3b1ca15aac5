package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
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
		RuleID: "IAM-USER-MFA", Severity: result.High, Status: result.Fail,
		ResourceType: "AWS::IAM::User", Resource: "arn:aws:iam::123456789012:user/x",
		ResourceName: `<script>alert("x")</script>`, Reason: `=HYPERLINK("http://evil")</td><img src=x onerror=alert(1)>`,
	}
	return New(fixtureMeta(), []result.RuleInfo{{ID: "IAM-USER-MFA", Title: "Console users have MFA enabled", Severity: result.High}}, []result.Result{res}, nil)
}

func TestHTMLEscapesResourceNames(t *testing.T) {
	out := render(t, "html", Options{}, hostile())
	// The page's own script is the only one, and exactly the one its CSP
	// hash allows.
	if n := strings.Count(out, "<script"); n != 1 || !strings.Contains(out, "<script>"+htmlScript+"</script>") {
		t.Errorf("HTML has %d script elements, want only the hashed page script", n)
	}
	sum := sha256.Sum256([]byte(htmlScript))
	if page := html.UnescapeString(out); !strings.Contains(page, "script-src 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") || !strings.Contains(page, "default-src 'none'") {
		t.Error("the CSP does not pin the page script by hash, or allows other sources")
	}
	for _, bad := range []string{"<script>alert", "<img", "</td><img"} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML contains unescaped %q", bad)
		}
	}
	for _, want := range []string{`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`, `&lt;img src=x onerror=alert(1)&gt;`} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks escaped %q", want)
		}
	}
	// Self-contained: nothing to load.
	for _, bad := range []string{"<link", ` src="`, "<iframe", "<object", "<embed", "@import", "url("} {
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
	if got := rows[1][13]; got != `'=HYPERLINK("http://evil")</td><img src=x onerror=alert(1)>` {
		t.Errorf("reason cell = %q, want it prefixed with an apostrophe", got)
	}
	if got := rows[1][12]; got != `<script>alert("x")</script>` {
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
		if row[6] != string(res.Status) || row[8] != res.RuleID || row[11] != res.Resource || row[13] != res.Reason {
			t.Errorf("row %d = %v, want %s %s %s", i+1, row, res.Status, res.RuleID, res.Resource)
		}
		// Every row says where and when it comes from, so files of several
		// accounts can be combined.
		wantRegion := Region(res)
		if row[0] != res.FindingID() || row[1] != "2026-11-23T08:00:00Z" || row[2] != "123456789012" || row[3] != "" ||
			row[4] != "aws" || row[5] != wantRegion {
			t.Errorf("row %d identity columns = %v", i+1, row[:6])
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
		ResourceType: "AWS::IAM::User",
	}
	infos := append(fixtureInfos(), result.RuleInfo{ID: long.RuleID, Severity: result.Critical, Remediation: strings.Repeat("fix ", 60)})
	r := New(fixtureMeta(), infos, append(fixtureResults(), long), fixtureControls())
	for _, width := range []int{0, 60, 80, 88, 89, 100, 120, 160} {
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
	if n := len(run.Tool.Driver.Rules); n != 11 {
		t.Errorf("%d rule descriptors, want 11 (every rule evaluated, with or without a result)", n)
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
		"IAM-ACCESS-ANALYZER fail note arn:aws:access-analyzer:ap-south-1:123456789012:analyzer",
		"IAM-ACCESS-ANALYZER fail note arn:aws:access-analyzer:eu-west-1:123456789012:analyzer",
		"IAM-ACCESS-ANALYZER fail note arn:aws:access-analyzer:us-east-1:123456789012:analyzer",
		"IAM-ACCESS-ANALYZER fail note arn:aws:access-analyzer:us-west-2:123456789012:analyzer",
		"IAM-USER-MFA open none arn:aws:iam::123456789012:user/bob",
	}
	wantLines(t, "results", got, want)
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
	if got := fmt.Sprintf("tests=%d failures=%d errors=%d skipped=%d suites=%d", doc.Tests, doc.Failures, doc.Errors, doc.Skipped, len(doc.Suites)); got != "tests=14 failures=7 errors=1 skipped=1 suites=10" {
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

// asffView is the part of an ASFF finding the tests read.
type asffView struct {
	Id, ProductArn, GeneratorId, Title, Description string
	Severity, Workflow                              json.RawMessage
	Types                                           []string
	FindingProviderFields                           struct {
		Severity struct{ Label, Original string }
		Types    []string
	}
	Resources []struct {
		Type, Id, Partition, Region string
	}
	Compliance struct {
		Status              string
		RelatedRequirements []string
		AssociatedStandards []struct{ StandardsId string }
	}
	Remediation struct {
		Recommendation struct{ Text, Url string }
	}
}

func TestASFF(t *testing.T) {
	var findings []asffView
	if err := json.Unmarshal([]byte(render(t, "asff", Options{Region: "eu-west-1"}, fixtureReport())), &findings); err != nil {
		t.Fatalf("invalid ASFF JSON: %v", err)
	}
	if len(findings) != 14 {
		t.Fatalf("%d findings, want 14 (every result)", len(findings))
	}
	var got []string
	for _, f := range findings {
		got = append(got, fmt.Sprintf("%s %s %s %s %s %s", f.GeneratorId, f.Compliance.Status, f.FindingProviderFields.Severity.Label,
			f.Resources[0].Type, f.Resources[0].Region, f.Resources[0].Id))
		if f.ProductArn != "arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default" {
			t.Errorf("ProductArn = %s", f.ProductArn)
		}
		// The provider sets severity and types through FindingProviderFields
		// only; Workflow is the customer's.
		if f.Severity != nil || f.Workflow != nil || f.Types != nil {
			t.Errorf("%s sets top-level Severity %s, Workflow %s or Types %v", f.Id, f.Severity, f.Workflow, f.Types)
		}
		if len(f.FindingProviderFields.Types) == 0 {
			t.Errorf("%s has no FindingProviderFields.Types", f.Id)
		}
	}
	want := []string{
		"iamaudit/IAM-ROOT-MFA FAILED CRITICAL AwsAccount eu-west-1 AWS::::Account:123456789012",
		"iamaudit/IAM-NO-FULL-ADMIN-POLICY FAILED HIGH AwsIamPolicy eu-west-1 arn:aws:iam::123456789012:policy/LegacyAdmin",
		"iamaudit/IAM-ACCESS-KEY-ROTATION FAILED MEDIUM AwsIamUser eu-west-1 arn:aws:iam::123456789012:user/engineering/ci-deploy-pipeline-service-account",
		"iamaudit/IAM-ACCESS-ANALYZER FAILED LOW Other ap-south-1 arn:aws:access-analyzer:ap-south-1:123456789012:analyzer",
		"iamaudit/IAM-ACCESS-ANALYZER FAILED LOW Other eu-west-1 arn:aws:access-analyzer:eu-west-1:123456789012:analyzer",
		"iamaudit/IAM-ACCESS-ANALYZER FAILED LOW Other us-east-1 arn:aws:access-analyzer:us-east-1:123456789012:analyzer",
		"iamaudit/IAM-ACCESS-ANALYZER FAILED LOW Other us-west-2 arn:aws:access-analyzer:us-west-2:123456789012:analyzer",
		"iamaudit/IAM-USER-MFA WARNING HIGH AwsIamUser eu-west-1 arn:aws:iam::123456789012:user/bob",
		"iamaudit/IAM-SECURITY-CONTACT NOT_AVAILABLE MEDIUM AwsAccount eu-west-1 AWS::::Account:123456789012",
		"iamaudit/IAM-ROOT-NO-ACCESS-KEYS PASSED INFORMATIONAL AwsAccount eu-west-1 AWS::::Account:123456789012",
		"iamaudit/IAM-ACCESS-KEY-ROTATION PASSED INFORMATIONAL AwsIamUser eu-west-1 arn:aws:iam::123456789012:user/alice",
		"iamaudit/IAM-PASSWORD-MIN-LENGTH PASSED INFORMATIONAL AwsAccount eu-west-1 AWS::::Account:123456789012",
		"iamaudit/IAM-SUPPORT-ROLE PASSED INFORMATIONAL AwsIamRole eu-west-1 arn:aws:iam::123456789012:role/SupportRole",
		"iamaudit/IAM-EXPIRED-SERVER-CERTS PASSED INFORMATIONAL AwsAccount eu-west-1 AWS::::Account:123456789012",
	}
	wantLines(t, "findings", got, want)
	ids := map[string]bool{}
	for i, f := range findings {
		if ids[f.Id] {
			t.Errorf("duplicate finding Id %s", f.Id)
		}
		ids[f.Id] = true
		if want := fixtureReport().Results[i].FindingID(); f.Id != want {
			t.Errorf("finding %d Id = %s, want the FindingID %s", i, f.Id, want)
		}
	}
	// Types and standards follow each rule's controls: CIS and Security Hub
	// for root MFA, Security Hub only for Access Analyzer, best practices
	// for a rule that maps to no standard.
	byGen := map[string]asffView{}
	for _, f := range findings {
		byGen[f.GeneratorId] = f
	}
	for gen, want := range map[string]string{
		"iamaudit/IAM-ROOT-MFA":        asffTypeCIS + "|" + asffTypeFSBP + " standards/cis-aws-foundations-benchmark/v/3.0.0|standards/aws-foundational-security-best-practices/v/1.0.0",
		"iamaudit/IAM-ACCESS-ANALYZER": asffTypeFSBP + " standards/aws-foundational-security-best-practices/v/1.0.0",
		"iamaudit/IAM-SUPPORT-ROLE":    asffTypeBestPract + " ",
	} {
		f := byGen[gen]
		var stds []string
		for _, s := range f.Compliance.AssociatedStandards {
			stds = append(stds, s.StandardsId)
		}
		if got := strings.Join(f.FindingProviderFields.Types, "|") + " " + strings.Join(stds, "|"); got != want {
			t.Errorf("%s: types and standards %q, want %q", gen, got, want)
		}
	}
	if u := byGen["iamaudit/IAM-ROOT-MFA"].Remediation.Recommendation.Url; u != "https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html" {
		t.Errorf("Recommendation.Url = %q", u)
	}
}

func TestASFFLimits(t *testing.T) {
	res := result.Result{
		RuleID: "R", Severity: result.Low, Status: result.Fail,
		ResourceType: "AWS::IAM::User", Resource: "arn:aws:iam::123456789012:user/" + strings.Repeat("p/", 300) + "u",
		Reason: strings.Repeat("é", 2000),
	}
	info := result.RuleInfo{ID: "R", Title: strings.Repeat("t", 300), Severity: result.Low, Remediation: strings.Repeat("r", 600)}
	var findings []asffView
	if err := json.Unmarshal([]byte(render(t, "asff", Options{Region: "us-east-1"}, New(fixtureMeta(), []result.RuleInfo{info}, []result.Result{res}, nil))), &findings); err != nil {
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
	if len(f.Id) != 32 {
		t.Errorf("Id = %q, want the 32-character FindingID whatever the ARN's length", f.Id)
	}
}

func TestASFFRefusesInvalidInput(t *testing.T) {
	if _, err := ForFormat("asff", Options{}); err == nil {
		t.Error("ForFormat(asff) without a region returned no error")
	}
	meta := fixtureMeta()
	meta.AccountID = ""
	if err := (ASFFWriter{Region: "us-east-1"}).Write(&bytes.Buffer{}, New(meta, nil, nil, nil)); err == nil {
		t.Error("ASFF Write without an account ID returned no error")
	}
	meta = fixtureMeta()
	meta.CollectedAt = time.Time{}
	if err := (ASFFWriter{Region: "us-east-1"}).Write(&bytes.Buffer{}, New(meta, nil, nil, nil)); err == nil {
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
