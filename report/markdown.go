package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/iamaudit/iamaudit/internal/textsafe"
	"github.com/iamaudit/iamaudit/result"
)

// MarkdownWriter writes a short GitHub-flavoured Markdown summary for
// tickets and pull requests: the score, counts by severity and status, and
// the failing (then unknown) findings grouped by rule, each rule's fix once
// above its resources. Passing results are only counted.
//
// Text from the account (names, reasons) is cleaned of control characters
// (textsafe.Clean) and Markdown-escaped, so a user named "*admin*" or
// "<img src=x>" renders as that text, never as markup or a forged line.
type MarkdownWriter struct{}

// mdMaxResources caps the resources listed under one rule: a ticket about a
// rule failing for 5,000 users needs the count and a sample, not the list.
const mdMaxResources = 50

// mdEscaper backslash-escapes the characters that are Markdown syntax
// inside running text and table cells (account text never starts a line
// here, so line-start syntax such as "#" and "-" needs no escape); "<", ">"
// and "&" become entities so no HTML gets through.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", "&lt;", ">", "&gt;", "|", `\|`, "~", `\~`, "&", "&amp;",
)

// md makes account text safe as Markdown running text.
func md(s string) string { return mdEscaper.Replace(textsafe.Clean(s)) }

// Write implements Writer.
func (MarkdownWriter) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	m := r.Meta
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	if r.MultiAccount() {
		p("# IAM audit report: %d accounts\n\n", len(m.Accounts))
	} else {
		p("# IAM audit report: account %s\n\n", md(orNA(m.AccountID)))
	}
	status := "COMPLETE"
	if !r.Score.Complete {
		status = fmt.Sprintf("INCOMPLETE (%d result(s) UNKNOWN for lack of evidence; the score may be too kind)", r.Score.Totals.Unknown)
	}
	p("**Score:** %s  \n**Status:** %s  \n", r.Score.Text(), status)
	p("**Collected at:** %s  \n**Caller:** %s  \n", formatTime(m.CollectedAt), md(orNA(m.CallerARN)))
	if m.Framework != "" {
		p("**Framework:** %s  \n", md(m.Framework))
	}
	p("**Tool:** iamaudit %s\n\n", md(orNA(m.ToolVersion)))

	t := r.Score.Totals
	if t.Suppressed == 0 {
		p("| Severity | FAIL | UNKNOWN | MANUAL | PASS | Total |\n|---|--:|--:|--:|--:|--:|\n")
		for _, c := range r.Score.Counts {
			p("| %s | %d | %d | %d | %d | %d |\n", md(string(c.Severity)), c.Fail, c.Unknown, c.Manual, c.Pass, c.Total)
		}
		p("| **Total** | **%d** | **%d** | **%d** | **%d** | **%d** |\n\n", t.Fail, t.Unknown, t.Manual, t.Pass, t.Total)
	} else {
		p("| Severity | FAIL | UNKNOWN | MANUAL | PASS | SUPPRESSED | Total |\n|---|--:|--:|--:|--:|--:|--:|\n")
		for _, c := range r.Score.Counts {
			p("| %s | %d | %d | %d | %d | %d | %d |\n", md(string(c.Severity)), c.Fail, c.Unknown, c.Manual, c.Pass, c.Suppressed, c.Total)
		}
		p("| **Total** | **%d** | **%d** | **%d** | **%d** | **%d** | **%d** |\n\n", t.Fail, t.Unknown, t.Manual, t.Pass, t.Suppressed, t.Total)
	}
	if r.MultiAccount() {
		p("## Accounts, worst first (FAIL counts by severity)\n\n")
		cells := make([]string, len(accountRowHeader))
		for i, h := range accountRowHeader {
			cells[i] = md(h)
		}
		p("| %s |\n|%s\n", strings.Join(cells, " | "), strings.Repeat("---|", len(cells)))
		for _, row := range accountRows(r) {
			for i := range row {
				row[i] = md(row[i])
			}
			p("| %s |\n", strings.Join(row, " | "))
		}
		p("\n")
	}
	if d := r.Drift; d != nil {
		p("**Since the baseline** (collected at %s): %d new (%d new failure(s)), %d changed, %d resolved, %d unchanged.\n\n",
			formatTime(d.BaselineCollectedAt), d.New, d.NewFailures, d.Changed, d.Resolved, d.Unchanged)
	}

	for _, sec := range []struct {
		status result.Status
		title  string
	}{
		{result.Fail, "Failing findings"},
		{result.Unknown, "Unknown: evidence missing"},
		{result.Suppressed, "Suppressed: accepted risks"},
	} {
		groups := r.Groups(func(s result.Status) bool { return s == sec.status })
		if len(groups) == 0 {
			continue
		}
		p("## %s\n\n", sec.title)
		for _, g := range groups {
			p("### %s: %s\n\n", md(g.Rule.ID), md(orNA(g.Rule.Title)))
			p("%s, %d resource(s)", md(string(g.Results[0].Severity)), len(g.Results))
			if cs := g.Rule.Controls; len(cs) > 0 {
				p(", controls %s", md(controlList(cs)))
			}
			p("\n\n")
			if sec.status == result.Fail && g.Rule.Remediation != "" {
				p("**Fix:** %s\n\n", md(g.Rule.Remediation))
			}
			for i, res := range g.Results {
				if i == mdMaxResources {
					p("- … and %d more (see the JSON or CSV report)\n", len(g.Results)-i)
					break
				}
				note := driftNote(res)
				if sd := suppressedDetails(res); sd != "" {
					note = sd + "."
				}
				if note != "" {
					note += " "
				}
				p("- **%s**: %s%s\n", md(resourceIn(r, res)), md(note), md(res.Reason))
			}
			p("\n")
		}
	}
	if t.Fail == 0 && t.Unknown == 0 {
		p("No failing or unknown findings.\n\n")
	}
	writeAdminsMarkdown(p, r)
	if notes := suppressionNotes(r); len(notes) > 0 {
		p("## Suppressions to renew or remove\n\n")
		for _, n := range notes {
			p("- %s\n", md(n))
		}
		p("\n")
	}
	if d := r.Drift; d != nil && len(d.ResolvedResults) > 0 {
		p("## Resolved since the baseline\n\n")
		for i, res := range d.ResolvedResults {
			if i == mdMaxResources {
				p("- … and %d more (see the JSON report)\n", len(d.ResolvedResults)-i)
				break
			}
			p("- %s **%s** (%s): was %s %s\n", md(res.RuleID), md(resourceLabel(res)), md(res.Resource), res.Status, res.Severity)
		}
		p("\n")
	}
	if len(m.EvidenceGaps) > 0 {
		p("## Evidence gaps\n\n")
		for _, g := range m.EvidenceGaps {
			p("- %s\n", md(g))
		}
		p("\n")
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write markdown report: %w", err)
	}
	return nil
}
