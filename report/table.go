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
		t.writeHeader, t.writeSummary, t.writeAccounts, t.writeFindings, t.writeAdmins, t.writeControls, t.writeClosing,
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
	if n := r.Score.Totals.Suppressed; n > 0 {
		field("Suppressed", fmt.Sprintf("%d failing result(s) accepted by suppressions: outside the score and the exit code", n))
	}
	if d := r.Drift; d != nil {
		field("Baseline", fmt.Sprintf("collected at %s: %d new (%d new failure(s)), %d changed, %d resolved, %d unchanged",
			formatTime(d.BaselineCollectedAt), d.New, d.NewFailures, d.Changed, d.Resolved, d.Unchanged))
	}
	if len(m.EvidenceGaps) > 0 {
		ew.printf("Evidence gaps:\n")
		for _, g := range m.EvidenceGaps {
			ew.printf("  - %s\n", indent(wrap(textsafe.Short(g, 500), width-4), "    "))
		}
	}
	if d := r.Drift; d != nil && len(d.ResolvedResults) > 0 {
		ew.printf("Resolved since the baseline:\n")
		for i, res := range d.ResolvedResults {
			if i == tableMaxNames {
				ew.printf("  - and %d more (see the JSON report)\n", len(d.ResolvedResults)-i)
				break
			}
			line := fmt.Sprintf("%s %s (was %s %s)", res.RuleID, orNA(res.Resource), res.Status, res.Severity)
			ew.printf("  - %s\n", indent(wrap(textsafe.Clean(line), width-4), "    "))
		}
	}
	if notes := suppressionNotes(r); len(notes) > 0 {
		ew.printf("Suppressions to renew or remove:\n")
		for _, n := range notes {
			ew.printf("  - %s\n", indent(wrap(textsafe.Clean(n), width-4), "    "))
		}
	}
	ew.printf("\n")
	return ew.err
}

// suppressionNotes is one sentence per expired or stale suppression entry,
// for the formats people read.
func suppressionNotes(r *Report) []string {
	var out []string
	for _, o := range r.Suppressions {
		label := fmt.Sprintf("suppressions[%d] (rule %s, resource %s, owner %s)", o.Index, o.Rule, o.Resource, o.Owner)
		switch o.State {
		case result.SuppressionExpired:
			out = append(out, fmt.Sprintf("%s expired after %s and no longer applies: %d matching result(s) count again; renew it or fix them",
				label, strings.TrimSpace(o.Expires), o.Matched))
		case result.SuppressionStale:
			out = append(out, label+" is stale: it matches no failing result; remove it")
		}
	}
	return out
}

// suppressedDetails is what a suppressed result shows besides its reason:
// the verdict set aside and who accepted it, why, until when.
func suppressedDetails(res result.Result) string {
	tr := res.Track()
	s := tr.Suppression
	if s == nil {
		return ""
	}
	text := fmt.Sprintf("%s accepted by suppressions[%d] until %s, owner %s: %s", tr.SuppressedStatus, s.Index,
		strings.TrimSpace(s.Expires), s.Owner, s.Reason)
	if s.Ticket != "" {
		text += " (" + s.Ticket + ")"
	}
	return text
}

// driftNote marks a result that is new or changed since the baseline.
func driftNote(res result.Result) string {
	tr := res.Track()
	switch tr.Drift {
	case result.DriftNew:
		return "New since the baseline."
	case result.DriftChanged:
		return fmt.Sprintf("Changed since the baseline (was %s %s).", tr.PreviousStatus, tr.PreviousSeverity)
	}
	return ""
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
		PerColumn: []tw.Align{tw.AlignLeft, right, right, right, right, right, right},
	}), tablewriter.WithFooterAlignmentConfig(tw.CellAlignment{
		PerColumn: []tw.Align{tw.AlignLeft, right, right, right, right, right, right},
	}))
	// The SUPPRESSED column appears only when something was suppressed.
	sup := r.Score.Totals.Suppressed > 0
	row := func(first string, c StatusCounts) []string {
		cells := []string{first, itoa(c.Fail), itoa(c.Unknown), itoa(c.Manual), itoa(c.Pass)}
		if sup {
			cells = append(cells, itoa(c.Suppressed))
		}
		return append(cells, itoa(c.Total))
	}
	head := []string{"SEVERITY", "FAIL", "UNKNOWN", "MANUAL", "PASS"}
	if sup {
		head = append(head, "SUPPRESSED")
	}
	tb.Header(append(head, "TOTAL"))
	for _, c := range r.Score.Counts {
		if err := tb.Append(row(string(c.Severity), c.StatusCounts)); err != nil {
			return err
		}
	}
	tb.Footer(row("TOTAL", r.Score.Totals))
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
	// Pointers into the report, not copies: with --all, every result of a
	// 5,000-user account is shown.
	var shown []*result.Result
	for i := range r.Results {
		if res := &r.Results[i]; t.Options.All || res.Status == result.Fail || res.Status == result.Unknown || res.Status == result.Suppressed {
			shown = append(shown, res)
		}
	}
	title := "Findings (FAIL and UNKNOWN)"
	if r.Score.Totals.Suppressed > 0 {
		title = "Findings (FAIL, UNKNOWN and SUPPRESSED)"
	}
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
	// "SUPPRESSED" needs three columns more than "UNKNOWN".
	statusW := 7
	if r.Score.Totals.Suppressed > 0 {
		statusW = len(result.Suppressed)
	}
	if width < minFindingsTable+statusW-7 {
		return t.writeFindingList(ew, rows, width)
	}
	rules := make([]string, len(rows))
	names := make([]string, len(rows))
	for i, row := range rows {
		rules[i], names[i] = row.rule, row.resource
	}
	const sevW, overhead, minDetail = 8, 16, 30
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
func tableRows(r *Report, shown []*result.Result) []tableRow {
	var rows []tableRow
	fixShown := map[string]bool{}
	fixFor := func(res *result.Result) string {
		if res.Status != result.Fail || fixShown[res.RuleID] {
			return ""
		}
		ri, _ := r.Rule(res.RuleID)
		if ri.Remediation == "" {
			return ""
		}
		fixShown[res.RuleID] = true
		return ri.Remediation
	}
	for i := 0; i < len(shown); {
		j := i + 1
		for j < len(shown) && !ownRow(*shown[i]) && !ownRow(*shown[j]) && shown[j].RuleID == shown[i].RuleID &&
			shown[j].Status == shown[i].Status && shown[j].Severity == shown[i].Severity {
			j++
		}
		group := shown[i:j]
		if len(group) < tableGroupMin {
			for _, res := range group {
				details := textsafe.Clean(strings.TrimSpace(driftNote(*res) + " " + res.Reason))
				if sd := suppressedDetails(*res); sd != "" {
					details = textsafe.Clean(sd) + "\n" + details
				}
				rows = append(rows, tableRow{status: res.Status, severity: res.Severity, rule: res.RuleID,
					resource: textsafe.Clean(resourceIn(r, *res)), details: details, fix: fixFor(res)})
			}
		} else {
			names := make([]string, 0, min(len(group), tableMaxNames))
			for k, res := range group {
				if k == tableMaxNames {
					names = append(names, fmt.Sprintf("and %d more", len(group)-k))
					break
				}
				names = append(names, textsafe.Clean(resourceIn(r, *res)))
			}
			first := group[0]
			details := strings.Join(names, ", ") + "\n" + "First: " + textsafe.Clean(resourceIn(r, *first)) + ": " + textsafe.Clean(first.Reason)
			rows = append(rows, tableRow{status: first.Status, severity: first.Severity, rule: first.RuleID,
				resource: fmt.Sprintf("%d resources", len(group)), details: details, fix: fixFor(first)})
		}
		i = j
	}
	return rows
}

// ownRow reports whether a result is shown on a row of its own, never in a
// group: a suppressed one (its entry is per result) and one new or changed
// since the baseline, so a new failure is never hidden among old ones.
func ownRow(res result.Result) bool {
	if res.Tracking == nil {
		return res.Status == result.Suppressed
	}
	return res.Status == result.Suppressed || res.Drift == result.DriftNew || res.Drift == result.DriftChanged
}

// writeClosing ends the table with one line a person (or a log grep) reads
// last: the score and the counts.
func (t *TableWriter) writeClosing(w io.Writer, r *Report, width int) error {
	tot := r.Score.Totals
	state := "COMPLETE"
	if !r.Score.Complete {
		state = "INCOMPLETE"
	}
	sup := ""
	if tot.Suppressed > 0 {
		sup = fmt.Sprintf(", %d SUPPRESSED", tot.Suppressed)
	}
	line := fmt.Sprintf("Score %s, %s: %d FAIL, %d UNKNOWN, %d MANUAL, %d PASS%s (%d results)",
		r.Score.Text(), state, tot.Fail, tot.Unknown, tot.Manual, tot.Pass, sup, tot.Total)
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
	case result.Manual, result.Suppressed:
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
