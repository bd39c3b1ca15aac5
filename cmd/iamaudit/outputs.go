package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"github.com/iamaudit/iamaudit/report"
)

// outputSpec is one report to write: a format and a path ("-" is stdout).
type outputSpec struct {
	format, path string
}

func (o outputSpec) stdout() bool { return o.path == "-" || o.path == "" }

// resolveOutputs turns the -o values into output specs.
//
//   - FORMAT=PATH names both (the part before the first "=" must be a
//     format name; otherwise the whole value is a path).
//   - A plain PATH takes its format from its extension; when --format was
//     given too, the two must agree. A PATH whose extension names no
//     format needs --format: guessing would put a text table into
//     report.html.
//   - "-" (or no -o at all) is stdout in --format.
//
// Two outputs to one path, or two to stdout, are refused.
func resolveOutputs(values []string, format string, formatSet bool) ([]outputSpec, error) {
	format = strings.ToLower(strings.TrimSpace(format))
	if !report.IsFormat(format) {
		return nil, fmt.Errorf("--format: unknown output format %q (valid formats: %s)", format, strings.Join(report.Formats(), ", "))
	}
	if len(values) == 0 {
		return []outputSpec{{format: format, path: "-"}}, nil
	}
	var out []outputSpec
	seen := map[string]string{}
	for _, v := range values {
		spec, err := resolveOutput(v, format, formatSet)
		if err != nil {
			return nil, err
		}
		key := spec.path
		if !spec.stdout() {
			if abs, err := filepath.Abs(spec.path); err == nil {
				key = abs
			}
		} else {
			key = "-"
		}
		if prev, dup := seen[key]; dup {
			if key == "-" {
				return nil, fmt.Errorf("-o %s: only one report can go to stdout (already -o %s)", v, prev)
			}
			return nil, fmt.Errorf("-o %s: %s is already an output (-o %s)", v, spec.path, prev)
		}
		seen[key] = v
		out = append(out, spec)
	}
	return out, nil
}

func resolveOutput(v, format string, formatSet bool) (outputSpec, error) {
	if name, path, ok := strings.Cut(v, "="); ok && report.IsFormat(name) {
		if path == "" {
			return outputSpec{}, fmt.Errorf("-o %s: no path after %q (use %s=- for stdout)", v, name+"=", name)
		}
		return outputSpec{format: strings.ToLower(strings.TrimSpace(name)), path: path}, nil
	}
	if v == "" {
		return outputSpec{}, fmt.Errorf("-o: empty path")
	}
	if v == "-" {
		return outputSpec{format: format, path: "-"}, nil
	}
	ext, known := report.FormatForPath(v)
	switch {
	case known && formatSet && ext != format:
		return outputSpec{}, fmt.Errorf("-o %s: the extension says %s but --format is %s; write -o %s=%s to mean it", v, ext, format, format, v)
	case known:
		return outputSpec{format: ext, path: v}, nil
	case formatSet:
		return outputSpec{format: format, path: v}, nil
	}
	return outputSpec{}, fmt.Errorf("-o %s: cannot tell the format from the file name (known extensions: %s); use -o FORMAT=%s or --format",
		v, strings.Join(report.Extensions(), " "), v)
}

// minTerminalWidth is the narrowest width the table is laid out for.
const minTerminalWidth = 60

// terminalStyle is how the table looks on stdout: colour and the terminal's
// width on a terminal, never colour when NO_COLOR is set (no-color.org), and
// a fixed width (0: the writer's default) for files and pipes, so their
// output does not depend on who ran it where.
func terminalStyle(stdout io.Writer) (color bool, width int) {
	f, ok := stdout.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return false, 0
	}
	if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
		// Below 60 columns even the list layout's labels cannot fit.
		width = max(w, minTerminalWidth)
	}
	return os.Getenv("NO_COLOR") == "", width
}
