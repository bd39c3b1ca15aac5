package report

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/iamaudit/iamaudit/internal/golden"
)

// goldenCase names one writer configuration and its golden file.
type goldenCase struct {
	file string
	opts Options
	fmt  string
}

var goldenCases = []goldenCase{
	{file: "table.txt", fmt: "table"},
	{file: "table_all.txt", fmt: "table", opts: Options{All: true}},
	{file: "report.json", fmt: "json"},
	{file: "report.csv", fmt: "csv"},
	{file: "report.sarif", fmt: "sarif"},
	{file: "junit.xml", fmt: "junit"},
	{file: "report.html", fmt: "html"},
	{file: "report.asff.json", fmt: "asff", opts: Options{Region: "eu-west-1"}},
	{file: "report.ocsf.json", fmt: "ocsf"},
	{file: "report.md", fmt: "markdown"},
	{file: "table_color.txt", fmt: "table", opts: Options{Color: true, Width: 100}},
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.file, func(t *testing.T) {
			w, err := ForFormat(tc.fmt, tc.opts)
			if err != nil {
				t.Fatalf("ForFormat(%q): %v", tc.fmt, err)
			}
			var buf bytes.Buffer
			if err := w.Write(&buf, fixtureReport()); err != nil {
				t.Fatalf("Write: %v", err)
			}
			checkGolden(t, tc.file, buf.Bytes())
		})
	}
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", "golden", name), got)
}

// TestGoldenEmpty renders a report with no results: every writer must cope,
// and the score must read n/a rather than 100.
func TestGoldenEmpty(t *testing.T) {
	meta := fixtureMeta()
	meta.EvidenceGaps = nil
	meta.CredentialReportAge = nil
	r := New(meta, nil, nil, nil)
	for _, f := range Formats() {
		t.Run(f, func(t *testing.T) {
			w, err := ForFormat(f, Options{Region: "us-east-1"})
			if err != nil {
				t.Fatalf("ForFormat(%q): %v", f, err)
			}
			var buf bytes.Buffer
			if err := w.Write(&buf, r); err != nil {
				t.Fatalf("Write: %v", err)
			}
			checkGolden(t, "empty."+goldenExt[f], buf.Bytes())
		})
	}
}

// goldenExt is each format's file extension in testdata/golden.
var goldenExt = map[string]string{
	"table": "txt", "json": "json", "csv": "csv", "sarif": "sarif", "junit": "xml", "html": "html", "asff": "asff.json",
	"ocsf": "ocsf.json", "markdown": "md",
}
