package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/iamaudit/iamaudit/internal/textsafe"
	"github.com/iamaudit/iamaudit/result"
)

// Diff is the comparison of two reports of one account ('iamaudit diff'):
// every finding classified by result.Drift* kind, matched by finding ID.
type Diff struct {
	AccountID string
	Old, New  DiffSide
	// Summary counts the entries (ResolvedResults is left empty: the
	// resolved entries are in Entries).
	Summary result.DriftSummary
	// Entries are ordered new, changed, resolved, unchanged, then by rule
	// and resource.
	Entries []DiffEntry
}

// DiffSide names one of the two reports.
type DiffSide struct {
	Path        string    `json:"path"`
	CollectedAt time.Time `json:"collected_at"`
	ToolVersion string    `json:"tool_version,omitempty"`
}

// DiffEntry is one finding across the two reports: Old is nil for a new
// one, New for a resolved one.
type DiffEntry struct {
	Kind string
	// NewFailure: it fails now and did not in the old report.
	NewFailure bool
	Old, New   *result.Result
}

// DiffFormats are the formats WriteDiff knows.
var DiffFormats = []string{"table", "json", "markdown"}

// WriteDiff renders a diff as a table (for people; unchanged findings are
// only counted), JSON (every entry) or Markdown (for tickets).
func WriteDiff(w io.Writer, d *Diff, format string) error {
	var err error
	switch strings.ToLower(strings.TrimSpace(format)) {
	case "table":
		err = writeDiffTable(w, d)
	case "json":
		err = writeDiffJSON(w, d)
	case "markdown":
		err = writeDiffMarkdown(w, d)
	default:
		return fmt.Errorf("unknown diff format %q (want %s)", format, strings.Join(DiffFormats, ", "))
	}
	if err != nil {
		return fmt.Errorf("write diff: %w", err)
	}
	return nil
}

func (e DiffEntry) finding() *result.Result {
	if e.New != nil {
		return e.New
	}
	return e.Old
}

// statusText is "FAIL HIGH", or "PASS HIGH -> FAIL HIGH" for a changed
// finding, "FAIL HIGH -> gone" for a resolved one.
func (e DiffEntry) statusText() string {
	side := func(r *result.Result) string {
		if r == nil {
			return "none"
		}
		return string(r.Status) + " " + string(r.Severity)
	}
	switch e.Kind {
	case result.DriftNew:
		return side(e.New)
	case result.DriftResolved:
		return side(e.Old) + " -> gone"
	case result.DriftChanged:
		return side(e.Old) + " -> " + side(e.New)
	}
	return side(e.New)
}

func diffCounts(d *Diff) string {
	s := d.Summary
	return fmt.Sprintf("%d new (%d new failure(s)), %d changed, %d resolved, %d unchanged",
		s.New, s.NewFailures, s.Changed, s.Resolved, s.Unchanged)
}

func writeDiffTable(w io.Writer, d *Diff) error {
	bw := bufio.NewWriter(w)
	ew := &errWriter{w: bw}
	ew.printf("Drift of account %s\n\n", textsafe.Clean(orNA(d.AccountID)))
	ew.printf("%-10s %s  %s\n", "Baseline:", formatTime(d.Old.CollectedAt), textsafe.Clean(d.Old.Path))
	ew.printf("%-10s %s  %s\n", "Current:", formatTime(d.New.CollectedAt), textsafe.Clean(d.New.Path))
	ew.printf("%-10s %s\n\n", "Findings:", diffCounts(d))
	if ew.err != nil {
		return ew.err
	}
	var shown []DiffEntry
	for _, e := range d.Entries {
		if e.Kind != result.DriftUnchanged {
			shown = append(shown, e)
		}
	}
	if len(shown) == 0 {
		ew.printf("Nothing changed.\n")
		if ew.err != nil {
			return ew.err
		}
		return bw.Flush()
	}
	t := &TableWriter{}
	tb := t.newTable(bw)
	tb.Header("DRIFT", "STATUS", "RULE", "RESOURCE")
	for _, e := range shown {
		f := e.finding()
		kind := e.Kind
		if e.NewFailure {
			kind += "\n(new failure)"
		}
		res := resourceLabel(*f)
		if f.Resource != "" && f.Resource != f.ResourceName {
			res += "\n" + wrap(textsafe.Clean(f.Resource), 60)
		}
		if err := tb.Append(kind, wrap(textsafe.Clean(e.statusText()), 28), textsafe.Clean(f.RuleID), res); err != nil {
			return err
		}
	}
	if err := tb.Render(); err != nil {
		return err
	}
	return bw.Flush()
}

// jsonDiff is the JSON diff: both reports' identity, the counts, and every
// entry with its old and new status and severity.
type jsonDiff struct {
	AccountID string             `json:"account_id"`
	Baseline  DiffSide           `json:"baseline"`
	Current   DiffSide           `json:"current"`
	Counts    result.DriftCounts `json:"counts"`
	Entries   []jsonDiffEntry    `json:"entries"`
}

type jsonDiffEntry struct {
	Kind         string          `json:"kind"`
	NewFailure   bool            `json:"new_failure"`
	FindingID    string          `json:"finding_id"`
	RuleID       string          `json:"rule_id"`
	Resource     string          `json:"resource"`
	ResourceName string          `json:"resource_name,omitempty"`
	OldStatus    result.Status   `json:"old_status,omitempty"`
	OldSeverity  result.Severity `json:"old_severity,omitempty"`
	Status       result.Status   `json:"status,omitempty"`
	Severity     result.Severity `json:"severity,omitempty"`
	FirstSeen    time.Time       `json:"first_seen,omitzero"`
}

func writeDiffJSON(w io.Writer, d *Diff) error {
	doc := jsonDiff{AccountID: d.AccountID, Baseline: d.Old, Current: d.New,
		Counts: d.Summary.DriftCounts, Entries: make([]jsonDiffEntry, 0, len(d.Entries))}
	for _, e := range d.Entries {
		f := e.finding()
		je := jsonDiffEntry{Kind: e.Kind, NewFailure: e.NewFailure, FindingID: f.FindingID(), RuleID: f.RuleID,
			Resource: f.Resource, ResourceName: f.ResourceName}
		if e.Old != nil {
			je.OldStatus, je.OldSeverity, je.FirstSeen = e.Old.Status, e.Old.Severity, e.Old.Track().FirstSeen
		}
		if e.New != nil {
			je.Status, je.Severity, je.FirstSeen = e.New.Status, e.New.Severity, e.New.Track().FirstSeen
		}
		doc.Entries = append(doc.Entries, je)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func writeDiffMarkdown(w io.Writer, d *Diff) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("# IAM audit drift: account %s\n\n", md(orNA(d.AccountID)))
	p("**Baseline:** %s (%s)  \n**Current:** %s (%s)  \n**Findings:** %s\n\n",
		formatTime(d.Old.CollectedAt), md(d.Old.Path), formatTime(d.New.CollectedAt), md(d.New.Path), diffCounts(d))
	n := 0
	for _, e := range d.Entries {
		if e.Kind == result.DriftUnchanged {
			continue
		}
		if n == 0 {
			p("| Drift | Status | Rule | Resource |\n|---|---|---|---|\n")
		}
		n++
		f := e.finding()
		kind := e.Kind
		if e.NewFailure {
			kind = "**" + kind + " (new failure)**"
		}
		p("| %s | %s | %s | %s |\n", kind, md(e.statusText()), md(f.RuleID), md(resourceLabel(*f)))
	}
	if n == 0 {
		p("Nothing changed.\n")
	}
	return bw.Flush()
}
