package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/result"
)

// res builds a minimal result for score and ordering tests.
func res(rule string, sev result.Severity, st result.Status, resource string) result.Result {
	return result.Result{RuleID: rule, Severity: sev, Status: st, Resource: resource}
}

// wantLines compares lines a test rendered with the ones it expects, in
// order, and shows both lists when they differ.
func wantLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n%s\nwant:\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// readBack writes r as the JSON report and reads it back with ReadJSON.
func readBack(t *testing.T, r *Report) *Report {
	t.Helper()
	var buf bytes.Buffer
	if err := (JSONWriter{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

func repeat(n int, r result.Result) []result.Result {
	out := make([]result.Result, n)
	for i := range out {
		out[i] = r
	}
	return out
}

func TestComputeScore(t *testing.T) {
	lowPass := res("R", result.Low, result.Pass, "x")
	tests := []struct {
		name         string
		results      []result.Result
		applicable   bool
		value        float64
		grade        string
		complete     bool
		passW, failW int
	}{
		{name: "empty", results: nil, applicable: false, value: 0, grade: "n/a", complete: true},
		{name: "fixture", results: fixtureResults(), applicable: true, value: 48.5, grade: "F", complete: false, passW: 17, failW: 18},
		{name: "all pass", results: []result.Result{res("A", result.Critical, result.Pass, "x"), lowPass},
			applicable: true, value: 100, grade: "A", complete: true, passW: 11},
		{name: "all fail", results: []result.Result{res("A", result.High, result.Fail, "x")},
			applicable: true, value: 0, grade: "F", complete: true, failW: 5},
		{name: "two thirds floors to 66.6", results: []result.Result{lowPass, lowPass, res("B", result.Low, result.Fail, "y")},
			applicable: true, value: 66.6, grade: "D", complete: true, passW: 2, failW: 1},
		// One low failure among 1999 low passes is 99.95: it must not round up to 100.
		{name: "one failure never shows 100", results: append(repeat(1999, lowPass), res("B", result.Low, result.Fail, "y")),
			applicable: true, value: 99.9, grade: "A", complete: true, passW: 1999, failW: 1},
		{name: "exactly 90 is A", results: append(repeat(9, res("A", result.Critical, result.Pass, "x")), res("B", result.Critical, result.Fail, "y")),
			applicable: true, value: 90, grade: "A", complete: true, passW: 90, failW: 10},
		{name: "just under 90 is B", results: append(repeat(899, lowPass), repeat(101, res("B", result.Low, result.Fail, "y"))...),
			applicable: true, value: 89.9, grade: "B", complete: true, passW: 899, failW: 101},
		{name: "only unknown is n/a and incomplete", results: []result.Result{res("A", result.High, result.Unknown, "x")},
			applicable: false, value: 0, grade: "n/a", complete: false},
		{name: "only info and manual is n/a", results: []result.Result{res("A", result.Info, result.Fail, "x"), res("B", result.Medium, result.Manual, "y")},
			applicable: false, value: 0, grade: "n/a", complete: true},
		{name: "unknown and manual excluded from ratio", results: []result.Result{
			res("A", result.Critical, result.Unknown, "x"), res("B", result.Critical, result.Manual, "x"),
			res("C", result.Medium, result.Pass, "x"), res("D", result.Low, result.Fail, "x")},
			applicable: true, value: 75, grade: "C", complete: false, passW: 3, failW: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := ComputeScore(tc.results)
			got := fmt.Sprintf("applicable=%v value=%v grade=%s complete=%v pass=%d fail=%d",
				s.Applicable, s.Value, s.Grade, s.Complete, s.PassedWeight, s.FailedWeight)
			want := fmt.Sprintf("applicable=%v value=%v grade=%s complete=%v pass=%d fail=%d",
				tc.applicable, tc.value, tc.grade, tc.complete, tc.passW, tc.failW)
			if got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
			if s.Totals.Total != len(tc.results) {
				t.Errorf("Totals.Total = %d, want %d", s.Totals.Total, len(tc.results))
			}
		})
	}
}

func TestScoreCounts(t *testing.T) {
	s := ComputeScore(fixtureResults())
	want := []SeverityCounts{
		{result.Critical, StatusCounts{Fail: 1, Pass: 1, Total: 2}},
		{result.High, StatusCounts{Fail: 1, Unknown: 1, Total: 2}},
		{result.Medium, StatusCounts{Fail: 1, Manual: 1, Pass: 2, Total: 4}},
		{result.Low, StatusCounts{Pass: 1, Total: 1}},
		{result.Info, StatusCounts{Pass: 1, Total: 1}},
	}
	if fmt.Sprint(s.Counts) != fmt.Sprint(want) {
		t.Errorf("Counts = %v\nwant     %v", s.Counts, want)
	}
	if wantTot := (StatusCounts{Fail: 3, Unknown: 1, Manual: 1, Pass: 5, Total: 10}); s.Totals != wantTot {
		t.Errorf("Totals = %+v, want %+v", s.Totals, wantTot)
	}
}

func TestScoreCountsUnrecognisedSeverity(t *testing.T) {
	s := ComputeScore([]result.Result{res("A", "WEIRD", result.Fail, "x"), res("B", result.Low, result.Pass, "y")})
	if len(s.Counts) != 6 || s.Counts[5].Severity != "WEIRD" || s.Counts[5].Fail != 1 {
		t.Fatalf("Counts = %v, want a sixth WEIRD row with one failure", s.Counts)
	}
	// An unrecognised severity weighs nothing: only the low pass counts.
	if !s.Applicable || s.Value != 100 || s.FailedWeight != 0 {
		t.Errorf("score = %+v, want 100 with failed weight 0", s)
	}
}

func TestNewSortsResults(t *testing.T) {
	in := fixtureResults()
	first := in[0]
	r := New(fixtureMeta(), nil, in, fixtureControls())
	var got []string
	for _, x := range r.Results {
		got = append(got, fmt.Sprintf("%s %s %s %s", x.Status, x.Severity, x.RuleID, x.Resource))
	}
	want := []string{
		"FAIL CRITICAL IAM-ROOT-MFA arn:aws:iam::123456789012:root",
		"FAIL HIGH IAM-NO-FULL-ADMIN-POLICY arn:aws:iam::123456789012:policy/LegacyAdmin",
		"FAIL MEDIUM IAM-ACCESS-KEY-ROTATION arn:aws:iam::123456789012:user/engineering/ci-deploy-pipeline-service-account",
		"UNKNOWN HIGH IAM-USER-MFA arn:aws:iam::123456789012:user/bob",
		"MANUAL MEDIUM IAM-SECURITY-CONTACT arn:aws:iam::123456789012:root",
		"PASS CRITICAL IAM-ROOT-NO-ACCESS-KEYS arn:aws:iam::123456789012:root",
		"PASS MEDIUM IAM-ACCESS-KEY-ROTATION arn:aws:iam::123456789012:user/alice",
		"PASS MEDIUM IAM-PASSWORD-MIN-LENGTH arn:aws:iam::123456789012:root",
		"PASS LOW IAM-SUPPORT-ROLE arn:aws:iam::123456789012:role/SupportRole",
		"PASS INFO IAM-EXPIRED-SERVER-CERTS arn:aws:iam::123456789012:root",
	}
	wantLines(t, "order", got, want)
	if in[0].RuleID != first.RuleID || in[0].Resource != first.Resource {
		t.Errorf("New reordered the caller's slice: in[0] = %s %s", in[0].RuleID, in[0].Resource)
	}
	// Controls keep framework order, not lexical order (1.10 after 1.8).
	var ids []string
	for _, c := range r.Controls {
		ids = append(ids, c.ID)
	}
	if got, want := strings.Join(ids, ","), "1.2,1.4,1.5,1.8,1.10,1.14,1.15,1.17,1.22"; got != want {
		t.Errorf("control order = %s, want %s", got, want)
	}
}

func TestSortSameKeysByResource(t *testing.T) {
	rs := []result.Result{
		res("R", result.High, result.Fail, "b"),
		res("R", result.High, result.Fail, "a"),
		res("Q", result.High, result.Fail, "z"),
	}
	SortResults(rs)
	if got := rs[0].RuleID + rs[0].Resource + "," + rs[1].Resource + "," + rs[2].Resource; got != "Qz,a,b" {
		t.Errorf("order = %s, want Qz,a,b", got)
	}
}

func TestMaxFailedSeverityAndHasUnknown(t *testing.T) {
	r := fixtureReport()
	if sev, ok := r.MaxFailedSeverity(); !ok || sev != result.Critical {
		t.Errorf("MaxFailedSeverity = %s, %v; want CRITICAL, true", sev, ok)
	}
	if !r.HasUnknown() {
		t.Error("HasUnknown = false, want true (bob's MFA is UNKNOWN)")
	}

	r = New(result.Meta{}, nil, []result.Result{
		res("A", result.Low, result.Fail, "x"), res("B", result.Medium, result.Fail, "x"),
		res("C", result.Critical, result.Pass, "x"), res("D", result.High, result.Manual, "x"),
	}, nil)
	if sev, ok := r.MaxFailedSeverity(); !ok || sev != result.Medium {
		t.Errorf("MaxFailedSeverity = %s, %v; want MEDIUM, true", sev, ok)
	}
	if r.HasUnknown() {
		t.Error("HasUnknown = true, want false")
	}

	r = New(result.Meta{}, nil, []result.Result{res("A", result.Critical, result.Pass, "x")}, nil)
	if sev, ok := r.MaxFailedSeverity(); ok {
		t.Errorf("MaxFailedSeverity = %s, true; want false with no failures", sev)
	}
}

func TestForFormat(t *testing.T) {
	for _, name := range Formats() {
		if _, err := ForFormat(name, Options{Region: "us-east-1"}); err != nil {
			t.Errorf("ForFormat(%q): %v", name, err)
		}
	}
	if _, err := ForFormat(" JSON ", Options{}); err != nil {
		t.Errorf("ForFormat is not case-insensitive: %v", err)
	}
	_, err := ForFormat("xml", Options{})
	if err == nil {
		t.Fatal("ForFormat(xml) returned no error")
	}
	if want := `unknown output format "xml" (valid formats: ` + strings.Join(Formats(), ", ") + ")"; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
}

func TestJSONNotApplicableScoreIsNull(t *testing.T) {
	var buf bytes.Buffer
	if err := (JSONWriter{}).Write(&buf, New(result.Meta{}, nil, nil, nil)); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version int             `json:"report_schema_version"`
		Results json.RawMessage `json:"results"`
		Score   struct {
			Value json.RawMessage `json:"value"`
			Grade string          `json:"grade"`
		} `json:"score"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("invalid JSON: %v", err)
	}
	if doc.Version != 2 || string(doc.Score.Value) != "null" || doc.Score.Grade != "n/a" || string(doc.Results) != "[]" {
		t.Errorf("got version=%d value=%s grade=%s results=%s; want 2, null, n/a, []",
			doc.Version, doc.Score.Value, doc.Score.Grade, doc.Results)
	}
}

func TestScoreString(t *testing.T) {
	if got, want := ComputeScore(fixtureResults()).String(), "48.5/100 (grade F) INCOMPLETE"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := ComputeScore(nil).String(), "n/a (nothing weighted was evaluated) COMPLETE"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// TestJSONRoundTrip reads the JSON report back (ReadJSON) and checks it
// carries every result, rule and control unchanged.
func TestJSONRoundTrip(t *testing.T) {
	r := fixtureReport()
	got := readBack(t, r)
	if !reflect.DeepEqual(got.Results, r.Results) {
		t.Errorf("results differ after a JSON round trip:\n got %+v\nwant %+v", got.Results, r.Results)
	}
	if !reflect.DeepEqual(got.Rules, r.Rules) {
		t.Errorf("rules differ after a JSON round trip")
	}
	if !reflect.DeepEqual(got.Controls, r.Controls) {
		t.Errorf("controls differ after a JSON round trip")
	}
	if !got.Meta.CollectedAt.Equal(r.Meta.CollectedAt) || *got.Meta.CredentialReportAge != *r.Meta.CredentialReportAge {
		t.Errorf("meta = %+v, want %+v", got.Meta, r.Meta)
	}
	if !reflect.DeepEqual(got.Score, r.Score) {
		t.Errorf("score = %+v, want %+v", got.Score, r.Score)
	}
}

// TestReadJSONVersion1 reads a report written by the version-1 writer (the
// golden file of that release): rule metadata comes from the results and
// the account from the meta, so the finding IDs match a version-2 report of
// the same scan.
func TestReadJSONVersion1(t *testing.T) {
	f, err := os.Open("testdata/report-v1.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Results) != 10 || len(r.Rules) != 9 || len(r.Controls) != 9 {
		t.Fatalf("read %d results, %d rules, %d controls; want 10, 9, 9", len(r.Results), len(r.Rules), len(r.Controls))
	}
	v2 := New(fixtureMeta(), nil, fixtureResults(), nil)
	for i, res := range r.Results {
		if res.AccountID != "123456789012" || res.FindingID() != v2.Results[i].FindingID() {
			t.Errorf("result %d: account %q, finding %s, want %s", i, res.AccountID, res.FindingID(), v2.Results[i].FindingID())
		}
	}
	if ri, _ := r.Rule("IAM-ROOT-MFA"); ri.Remediation == "" || ri.Title != "Root user has MFA enabled" {
		t.Errorf("rule IAM-ROOT-MFA read from version 1 = %+v", ri)
	}
}

func TestReadJSONRefusals(t *testing.T) {
	for in, want := range map[string]string{
		`{"report_schema_version": 3}`: "report_schema_version 3 is newer than this iamaudit understands",
		`{"schema_version": 1}`:        "not an iamaudit JSON report",
		`not json`:                     "not a JSON document",
		`{"report_schema_version": 2, "rules": [], "results": [{"rule_id": "X"}]}`:                               `names rule "X", which the rules section lacks`,
		`{"report_schema_version": 2, "rules": [{"id": "X"}], "results": [{"rule_id": "X", "finding_id": "0"}]}`: "was edited or is corrupt",
	} {
		_, err := ReadJSON(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadJSON(%s) = %v, want an error containing %q", in, err, want)
		}
	}
}
