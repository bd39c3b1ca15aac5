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
		t.writeHeader, t.writeSummary, t.writeAccounts, t.writeFindings, t.writeControls, t.writeClosing,
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
	if r.MultiAccount() {
		accounts := fmt.Sprintf("%d accounts, ranked below; score over all their results", len(m.Accounts))
		if m.Shard != "" {
			accounts += " (shard " + m.Shard + ")"
		}
		field("Accounts", accounts)
	}
	account := orNA(m.AccountID)
	if m.AccountName != "" {
		account += " " + m.AccountName
	}
	if m.Partition != "" {
		account += " (partition " + m.Partition + ")"
	}
	if r.MultiAccount() {
		field("Caller's account", textsafe.Clean(account))
	} else {
		field("Account", textsafe.Clean(account))
	}
	field("Caller", textsafe.Clean(orNA(m.CallerARN)))
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

// writeAccounts ranks the accounts of a multi-account report, worst first.
func (t *TableWriter) writeAccounts(w io.Writer, r *Report, _ int) error {
	if !r.MultiAccount() {
		return nil
	}
	if _, err := io.WriteString(w, "Accounts, worst first (FAIL counts by severity)\n"); err != nil {
		return err
	}
	tb := t.newTable(w, tablewriter.WithRendition(tw.Rendition{Settings: tw.Settings{
		Separators: tw.Separators{BetweenRows: tw.Off},
	}}))
	tb.Header(accountRowHeader)
	for _, row := range accountRows(r) {
		if err := tb.Append(row); err != nil {
			return err
		}
	}
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

	// Five columns cost 16 characters of borders and padding; the details
	// column takes whatever the fixed-size ones leave.
	rows := tableRows(r, shown)
	if width < minFindingsTable {
		return t.writeFindingList(ew, rows, width)
	}
	rules := make([]string, len(rows))
	names := make([]string, len(rows))
	for i, row := range rows {
		rules[i], names[i] = row.rule, row.resource
	}
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
	for _, row := range rows {
		details := wrap(row.details, detailW)
		if row.fix != "" {
			details += "\n" + wrap("Fix: "+row.fix, detailW)
		}
		err := tb.Append(t.colorStatus(row.status), string(row.severity),
			wrap(row.rule, ruleW), wrap(row.resource, resW), details)
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

// minFindingsTable is the narrowest width the five-column findings table
// fits in (borders, status, severity, a 12-column rule, a 16-column
// resource and 30 columns of details); narrower terminals get a list.
const minFindingsTable = 89

// writeFindingList is the findings for a narrow terminal: a heading line per
// finding, then its resource, details and fix, indented and wrapped.
func (t *TableWriter) writeFindingList(ew *errWriter, rows []tableRow, width int) error {
	body := max(width-2, 20)
	for _, row := range rows {
		ew.printf("%s %s %s\n", t.colorStatus(row.status), row.severity, wrap(row.rule, body))
		ew.printf("  %s\n", indent(wrap(row.resource, body), "  "))
		ew.printf("  %s\n", indent(wrap(row.details, body), "  "))
		if row.fix != "" {
			ew.printf("  %s\n", indent(wrap("Fix: "+row.fix, body), "  "))
		}
		ew.printf("\n")
	}
	return ew.err
}

// tableGroupMin is the number of results of one rule and status from which
// the table shows them as one row listing the resources: the 15 regions
// without an Access Analyzer are one finding to act on, not 15 rows.
const tableGroupMin = 4

// tableMaxNames caps the resource names listed in a grouped row.
const tableMaxNames = 30

// tableRow is one row of the findings table, its account text cleaned.
type tableRow struct {
	status         result.Status
	severity       result.Severity
	rule, resource string
	details, fix   string
}

// tableRows turns the shown results into rows: one per result, or one per
// rule and status when the rule has tableGroupMin results or more. A rule's
// fix is printed once, on its first FAIL row, rather than repeated for every
// user of a 5,000-user account.
func tableRows(r *Report, shown []result.Result) []tableRow {
	var rows []tableRow
	fixShown := map[string]bool{}
	fixFor := func(res result.Result) string {
		if res.Status != result.Fail || res.Remediation == "" || fixShown[res.RuleID] {
			return ""
		}
		fixShown[res.RuleID] = true
		return res.Remediation
	}
	for i := 0; i < len(shown); {
		j := i + 1
		for j < len(shown) && shown[j].RuleID == shown[i].RuleID && shown[j].Status == shown[i].Status &&
			shown[j].Severity == shown[i].Severity {
			j++
		}
		group := shown[i:j]
		if len(group) < tableGroupMin {
			for _, res := range group {
				rows = append(rows, tableRow{status: res.Status, severity: res.Severity, rule: res.RuleID,
					resource: textsafe.Clean(resourceIn(r, res)), details: textsafe.Clean(res.Reason), fix: fixFor(res)})
			}
		} else {
			names := make([]string, 0, min(len(group), tableMaxNames))
			for k, res := range group {
				if k == tableMaxNames {
					names = append(names, fmt.Sprintf("and %d more", len(group)-k))
					break
				}
				names = append(names, textsafe.Clean(resourceIn(r, res)))
			}
			first := group[0]
			details := strings.Join(names, ", ") + "\n" + "First: " + textsafe.Clean(resourceIn(r, first)) + ": " + textsafe.Clean(first.Reason)
			rows = append(rows, tableRow{status: first.Status, severity: first.Severity, rule: first.RuleID,
				resource: fmt.Sprintf("%d resources", len(group)), details: details, fix: fixFor(first)})
		}
		i = j
	}
	return rows
}

// writeClosing ends the table with one line a person (or a log grep) reads
// last: the score and the counts.
func (t *TableWriter) writeClosing(w io.Writer, r *Report, width int) error {
	tot := r.Score.Totals
	state := "COMPLETE"
	if !r.Score.Complete {
		state = "INCOMPLETE"
	}
	line := fmt.Sprintf("Score %s, %s: %d FAIL, %d UNKNOWN, %d MANUAL, %d PASS (%d results)",
		r.Score.Text(), state, tot.Fail, tot.Unknown, tot.Manual, tot.Pass, tot.Total)
	_, err := fmt.Fprintf(w, "%s\n", wrap(line, width))
	return err
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
