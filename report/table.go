package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/iamaudit/iamaudit/internal/textsafe"
	"github.com/iamaudit/iamaudit/result"
)

// TableWriter renders the report for a terminal: a header block, counts by
// severity and status, the findings that need attention (or every result with
// Options.All) and, when present, the framework controls.
type TableWriter struct {
	Options Options
}

// ANSI colours for statuses; used only with Options.Color.
const (
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiGreen  = "\x1b[32m"
	ansiCyan   = "\x1b[36m"
	ansiReset  = "\x1b[0m"
)

// Write implements Writer.
func (t *TableWriter) Write(w io.Writer, r *Report) error {
	width := t.Options.Width
	if width <= 0 {
		width = DefaultWidth
	}
	bw := bufio.NewWriter(w)
	steps := []func(io.Writer, *Report, int) error{
		t.writeHeader, t.writeSummary, t.writeFindings, t.writeControls,
	}
	for _, step := range steps {
		if err := step(bw, r, width); err != nil {
			return fmt.Errorf("write table report: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write table report: %w", err)
	}
	return nil
}

func (t *TableWriter) writeHeader(w io.Writer, r *Report, width int) error {
	m := r.Meta
	ew := &errWriter{w: w}
	field := func(label, value string) {
		const labelWidth = 23
		v := wrap(value, width-labelWidth-1)
		ew.printf("%-*s %s\n", labelWidth, label+":", indent(v, strings.Repeat(" ", labelWidth+1)))
	}
	ew.printf("IAM audit report\n\n")
	// Everything from the account (or an evidence file) is cleaned of
	// control sequences before it reaches a terminal.
	account := orNA(textsafe.Clean(m.AccountID))
	if m.Partition != "" {
		account += " (partition " + textsafe.Clean(m.Partition) + ")"
	}
	field("Account", account)
	field("Caller", orNA(textsafe.Clean(m.CallerARN)))
	field("Collected at", formatTime(m.CollectedAt))
	field("Credential report age", formatAge(m.CredentialReportAge))
	field("Framework", orNA(m.Framework))
	if m.ToolVersion != "" {
		field("Tool version", textsafe.Clean(m.ToolVersion))
	}
	status := "COMPLETE"
	if !r.Score.Complete {
		status = fmt.Sprintf("INCOMPLETE: %d result(s) UNKNOWN for lack of evidence; the score may be too kind",
			r.Score.Totals.Unknown)
	}
	field("Score", r.Score.Text())
	field("Status", status)
	if len(m.EvidenceGaps) > 0 {
		ew.printf("Evidence gaps:\n")
		for _, g := range m.EvidenceGaps {
			ew.printf("  - %s\n", indent(wrap(textsafe.Short(g, 500), width-4), "    "))
		}
	}
	ew.printf("\n")
	return ew.err
}

func (t *TableWriter) writeSummary(w io.Writer, r *Report, _ int) error {
	if _, err := io.WriteString(w, "Results by severity and status\n"); err != nil {
		return err
	}
	right := tw.AlignRight
	// One-line rows need no separators between them.
	tb := t.newTable(w, tablewriter.WithRendition(tw.Rendition{Settings: tw.Settings{
		Separators: tw.Separators{BetweenRows: tw.Off},
	}}), tablewriter.WithRowAlignmentConfig(tw.CellAlignment{
		PerColumn: []tw.Align{tw.AlignLeft, right, right, right, right, right},
	}), tablewriter.WithFooterAlignmentConfig(tw.CellAlignment{
		PerColumn: []tw.Align{tw.AlignLeft, right, right, right, right, right},
	}))
	tb.Header("SEVERITY", "FAIL", "UNKNOWN", "MANUAL", "PASS", "TOTAL")
	for _, c := range r.Score.Counts {
		if err := tb.Append(string(c.Severity), itoa(c.Fail), itoa(c.Unknown), itoa(c.Manual), itoa(c.Pass), itoa(c.Total)); err != nil {
			return err
		}
	}
	tot := r.Score.Totals
	tb.Footer("TOTAL", itoa(tot.Fail), itoa(tot.Unknown), itoa(tot.Manual), itoa(tot.Pass), itoa(tot.Total))
	if err := tb.Render(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func (t *TableWriter) writeFindings(w io.Writer, r *Report, width int) error {
	var shown []result.Result
	for _, res := range r.Results {
		if t.Options.All || res.Status == result.Fail || res.Status == result.Unknown {
			shown = append(shown, res)
		}
	}
	title := "Findings (FAIL and UNKNOWN)"
	if t.Options.All {
		title = "All results"
	} else if hidden := len(r.Results) - len(shown); hidden > 0 {
		title += fmt.Sprintf(" - %d PASS and %d MANUAL result(s) not shown; list every result with --all",
			r.Score.Totals.Pass, hidden-r.Score.Totals.Pass)
	}
	ew := &errWriter{w: w}
	ew.printf("%s\n", wrap(title, width))
	if ew.err != nil {
		return ew.err
	}
	if len(shown) == 0 {
		ew.printf("No results to show.\n\n")
		return ew.err
	}

	rules := make([]string, len(shown))
	names := make([]string, len(shown))
	for i, res := range shown {
		rules[i], names[i] = res.RuleID, resourceLabel(res)
	}
	// Five columns cost 16 characters of borders and padding; the details
	// column takes whatever the fixed-size ones leave.
	const statusW, sevW, overhead, minDetail = 7, 8, 16, 30
	ruleW := max(maxLen(24, rules...), 4)
	resW := max(maxLen(32, names...), 8)
	// On a narrow terminal the resource, then the rule column give way
	// (down to 16 and 12) before the details column drops below minDetail.
	if short := minDetail - (width - overhead - statusW - sevW - ruleW - resW); short > 0 {
		cut := min(short, max(resW-16, 0))
		resW -= cut
		short -= cut
		ruleW -= min(short, max(ruleW-12, 0))
	}
	detailW := max(width-overhead-statusW-sevW-ruleW-resW, minDetail)

	tb := t.newTable(w)
	tb.Header("STATUS", "SEVERITY", "RULE", "RESOURCE", "DETAILS")
	// Results are sorted by rule within a status, so a rule's failures sit
	// together: its fix is printed once, on the first of them, rather than
	// repeated for every user of a 5,000-user account.
	fixShown := map[string]bool{}
	for i, res := range shown {
		details := wrap(textsafe.Clean(res.Reason), detailW)
		if res.Status == result.Fail && res.Remediation != "" && !fixShown[res.RuleID] {
			fixShown[res.RuleID] = true
			details += "\n" + wrap("Fix: "+res.Remediation, detailW)
		}
		err := tb.Append(t.colorStatus(res.Status), string(res.Severity),
			wrap(rules[i], ruleW), wrap(names[i], resW), details)
		if err != nil {
			return err
		}
	}
	if err := tb.Render(); err != nil {
		return err
	}
	ew.printf("\n")
	return ew.err
}

func (t *TableWriter) writeControls(w io.Writer, r *Report, width int) error {
	if len(r.Controls) == 0 {
		return nil
	}
	// Show bare control IDs when every control is from one framework.
	single := true
	for _, c := range r.Controls {
		single = single && c.Framework == r.Controls[0].Framework
	}
	title := "Controls"
	if single && r.Controls[0].Framework != "" {
		title += " (" + r.Controls[0].Framework + ")"
	}
	ids := make([]string, len(r.Controls))
	for i, c := range r.Controls {
		ids[i] = c.ID
		if !single {
			ids[i] = c.Framework + ":" + c.ID
		}
	}
	// Four columns cost 13 characters of borders and padding.
	const statusW, overhead = 7, 13
	idW := max(maxLen(24, ids...), 7)
	rest := max(width-overhead-statusW-idW, 30)
	titleW := rest * 3 / 5
	rulesW := rest - titleW

	ew := &errWriter{w: w}
	ew.printf("%s\n", title)
	if ew.err != nil {
		return ew.err
	}
	tb := t.newTable(w)
	tb.Header("CONTROL", "TITLE", "STATUS", "RULES")
	for i, c := range r.Controls {
		rules := strings.Join(c.Rules, ", ")
		if !c.Automated && len(c.Rules) == 0 {
			rules = "(manual: no automated rule)"
		}
		if c.Note != "" {
			rules = strings.TrimPrefix(rules+" - "+c.Note, " - ")
		}
		if err := tb.Append(wrap(ids[i], idW), wrap(c.Title, titleW), t.colorStatus(c.Status), wrap(rules, rulesW)); err != nil {
			return err
		}
	}
	if err := tb.Render(); err != nil {
		return err
	}
	ew.printf("\n")
	return ew.err
}

// newTable builds a table that does its own wrapping off: cells arrive
// pre-wrapped so widths are predictable, and rows get separators because a
// multi-line row would otherwise run into the next.
func (t *TableWriter) newTable(w io.Writer, opts ...tablewriter.Option) *tablewriter.Table {
	base := []tablewriter.Option{
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithFooterAutoFormat(tw.Off),
		tablewriter.WithRendition(tw.Rendition{Settings: tw.Settings{
			Separators: tw.Separators{BetweenRows: tw.On},
		}}),
	}
	return tablewriter.NewTable(w, append(base, opts...)...)
}

func (t *TableWriter) colorStatus(s result.Status) string {
	if !t.Options.Color {
		return string(s)
	}
	c := ""
	switch s {
	case result.Fail:
		c = ansiRed
	case result.Unknown:
		c = ansiYellow
	case result.Pass:
		c = ansiGreen
	case result.Manual:
		c = ansiCyan
	}
	if c == "" {
		return string(s)
	}
	return c + string(s) + ansiReset
}

// resourceLabel is what a reader recognises: the name, else the ARN.
func resourceLabel(r result.Result) string {
	if r.ResourceName != "" {
		return textsafe.Clean(r.ResourceName)
	}
	return orNA(textsafe.Clean(r.Resource))
}

func orNA(s string) string {
	if s == "" {
		return "n/a"
	}
	return s
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "n/a"
	}
	return t.UTC().Format(time.RFC3339)
}

// formatAge renders the credential report's age at collection; nil means
// no report was read.
func formatAge(d *result.Duration) string {
	if d == nil {
		// No report was read, or it carried no generation time (some
		// emulators): either way the age is not known.
		return "unknown"
	}
	return time.Duration(*d).Round(time.Second).String()
}

func indent(s, prefix string) string {
	return strings.ReplaceAll(s, "\n", "\n"+prefix)
}

func itoa(n int) string { return strconv.Itoa(n) }

// errWriter keeps the first write error so a run of prints needs one check.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
