package report

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"
)

// Writer renders a report in one format.
type Writer interface {
	Write(w io.Writer, r *Report) error
}

// Options tune the writers. Each writer ignores the options that do not
// concern it.
type Options struct {
	// All lists every result in the table, not just FAIL and UNKNOWN ones.
	All bool
	// Color adds ANSI colours to the table's status column. The CLI sets it
	// only for a terminal, and never when NO_COLOR is set.
	Color bool
	// Width is the table's target width in columns; 0 means DefaultWidth.
	// The CLI passes the terminal's width, and leaves it 0 (a fixed width,
	// so files and pipes are reproducible) otherwise.
	Width int
	// Region is the Security Hub region ASFF findings are imported into;
	// required by the asff format because it is part of the ProductArn.
	Region string
}

// DefaultWidth keeps the table readable in a 120-column terminal.
const DefaultWidth = 120

// formats lists the valid format names, in the order help text shows them.
var formats = []string{"table", "json", "csv", "html", "sarif", "junit", "asff", "ocsf", "markdown"}

// Compile-time checks that every format's writer is a Writer.
var (
	_ Writer = (*TableWriter)(nil)
	_ Writer = JSONWriter{}
	_ Writer = CSVWriter{}
	_ Writer = HTMLWriter{}
	_ Writer = SARIFWriter{}
	_ Writer = JUnitWriter{}
	_ Writer = ASFFWriter{}
	_ Writer = OCSFWriter{}
	_ Writer = MarkdownWriter{}
)

// extensions maps a file extension to the format a plain "-o PATH" gets.
// ASFF and OCSF files are JSON too, so they are only ever asked for by name
// ("-o asff=findings.json").
var extensions = map[string]string{
	".json": "json", ".csv": "csv", ".html": "html", ".htm": "html", ".sarif": "sarif",
	".md": "markdown", ".xml": "junit", ".txt": "table",
}

// FormatForPath returns the format a file's extension implies; ok is false
// for an extension that implies none.
func FormatForPath(path string) (format string, ok bool) {
	format, ok = extensions[strings.ToLower(filepath.Ext(path))]
	return format, ok
}

// Extensions lists the extensions FormatForPath knows, sorted, for messages.
func Extensions() []string {
	out := slices.Collect(maps.Keys(extensions))
	slices.Sort(out)
	return out
}

// IsFormat reports whether name is a format name (case-insensitive).
func IsFormat(name string) bool {
	return slices.Contains(formats, strings.ToLower(strings.TrimSpace(name)))
}

// Formats returns the valid format names, in the order help text shows them.
func Formats() []string { return slices.Clone(formats) }

// ForFormat returns the writer for a format name (case-insensitive).
func ForFormat(name string, opts Options) (Writer, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "table":
		return &TableWriter{Options: opts}, nil
	case "json":
		return JSONWriter{}, nil
	case "csv":
		return CSVWriter{}, nil
	case "sarif":
		return SARIFWriter{}, nil
	case "junit":
		return JUnitWriter{}, nil
	case "html":
		return HTMLWriter{}, nil
	case "ocsf":
		return OCSFWriter{}, nil
	case "markdown":
		return MarkdownWriter{}, nil
	case "asff":
		if opts.Region == "" {
			return nil, errors.New("output format asff needs a Security Hub region: it is part of every finding's ProductArn")
		}
		return ASFFWriter{Region: opts.Region}, nil
	}
	return nil, fmt.Errorf("unknown output format %q (valid formats: %s)", name, strings.Join(formats, ", "))
}
