package report

import (
	"bytes"
	"path/filepath"
	"strings"
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
	if strings.HasSuffix(name, ".html") {
		got = elideAssets(t, got)
	}
	golden.Check(t, filepath.Join("testdata", "golden", name), got)
}

// elideAssets stands a marker for the page's stylesheet and script, which
// every HTML page carries byte for byte from html.css and html.js: the
// golden files then hold what differs between pages, and the assets are
// reviewed once, in their own files. Each must appear exactly once, in its
// element, or the page is wrong.
func elideAssets(t *testing.T, page []byte) []byte {
	t.Helper()
	for _, a := range []struct{ asset, marker string }{
		{"<style>\n" + htmlCSS + "</style>", "<style>/* report/html.css */</style>"},
		{"<script>" + htmlScript + "</script>", "<script>/* report/html.js */</script>"},
	} {
		if n := bytes.Count(page, []byte(a.asset)); n != 1 {
			t.Fatalf("page holds %s %d times, want once", a.marker, n)
		}
		page = bytes.Replace(page, []byte(a.asset), []byte(a.marker), 1)
	}
	return page
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
