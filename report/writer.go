package report

import (
	"errors"
	"fmt"
	"io"
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
	// Color adds ANSI colours to the table's status column.
	Color bool
	// Width is the table's target width in columns; 0 means DefaultWidth.
	Width int
	// Region is the Security Hub region ASFF findings are imported into;
	// required by the asff format because it is part of the ProductArn.
	Region string
}

// DefaultWidth keeps the table readable in a 120-column terminal.
const DefaultWidth = 120

// formats lists the valid format names, in the order help text shows them.
var formats = []string{"table", "json", "csv", "sarif", "junit", "html", "asff"}

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
	case "asff":
		if opts.Region == "" {
			return nil, errors.New("output format asff needs a Security Hub region: it is part of every finding's ProductArn")
		}
		return ASFFWriter{Region: opts.Region}, nil
	}
	return nil, fmt.Errorf("unknown output format %q (valid formats: %s)", name, strings.Join(formats, ", "))
}
