package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/iamaudit/iamaudit/internal/drift"
	"github.com/iamaudit/iamaudit/internal/textsafe"
	"github.com/iamaudit/iamaudit/report"
	"github.com/iamaudit/iamaudit/result"
)

func newDiffCmd(stdout io.Writer) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:   "diff OLD.json NEW.json",
		Short: "Compare two JSON reports of one account: new, changed, resolved and unchanged findings",
		Long: `diff compares two JSON reports ('scan -f json') of the same account, matched
by finding ID (rule, account, resource): each finding is new, changed (status
or severity), resolved (in OLD only) or unchanged. Version-1 reports, which
carry no finding IDs, are matched by the same ID computed from their rule,
account and resource. The table lists what changed and counts the rest;
-f json lists every finding.

Exits 0 when the comparison is printed, 3 when a file cannot be read or the
reports are of different accounts. To gate on new failures, use
'scan --baseline OLD.json --fail-on-new'.`,
		Example: `  iamaudit diff yesterday.json today.json
  iamaudit diff -f markdown last-week.json today.json > drift.md`,
		Args: cobra.ExactArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			if !containsFold(report.DiffFormats, format) {
				return withCode(exitError, errUnknownDiffFormat(format))
			}
			d, err := diffReports(args[0], args[1])
			if err != nil {
				return withCode(exitError, err)
			}
			if err := report.WriteDiff(stdout, d, format); err != nil {
				return withCode(exitError, err)
			}
			return nil
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "table", "output format: "+strings.Join(report.DiffFormats, ", "))
	return c
}

func errUnknownDiffFormat(f string) error {
	return fmt.Errorf("--format: unknown diff format %s (want %s)", textsafe.Quote(f, 40), strings.Join(report.DiffFormats, ", "))
}

// diffReports reads two reports and compares them, OLD first.
func diffReports(oldPath, newPath string) (*report.Diff, error) {
	old, err := readReportFile("OLD", oldPath)
	if err != nil {
		return nil, err
	}
	cur, err := readReportFile("NEW", newPath)
	if err != nil {
		return nil, err
	}
	entries, err := compareReports(old, cur, oldPath)
	if err != nil {
		return nil, err
	}
	d := &report.Diff{
		AccountID: cur.Meta.AccountID,
		Old:       report.DiffSide{Path: oldPath, CollectedAt: old.Meta.CollectedAt, ToolVersion: old.Meta.ToolVersion},
		New:       report.DiffSide{Path: newPath, CollectedAt: cur.Meta.CollectedAt, ToolVersion: cur.Meta.ToolVersion},
		Summary:   summarize(entries, old),
	}
	oldByID, curByID := resultsByID(old), resultsByID(cur)
	for _, e := range entries {
		de := report.DiffEntry{Kind: string(e.Kind), NewFailure: e.NewFailure()}
		if e.Old != nil {
			r := oldByID[e.Old.ID]
			de.Old = &r
		}
		if e.Cur != nil {
			r := curByID[e.Cur.ID]
			r.SetTracking(func(t *result.Tracking) { t.FirstSeen = e.Cur.FirstSeen })
			de.New = &r
		}
		d.Entries = append(d.Entries, de)
	}
	return d, nil
}

// summarize counts a comparison with the baseline's identity.
func summarize(entries []drift.Entry, base *report.Report) result.DriftSummary {
	return result.DriftSummary{BaselineCollectedAt: base.Meta.CollectedAt, BaselineToolVersion: base.Meta.ToolVersion,
		DriftCounts: drift.Count(entries)}
}

func resultsByID(rep *report.Report) map[string]result.Result {
	out := make(map[string]result.Result, len(rep.Results))
	for _, r := range rep.Results {
		out[r.FindingID()] = r
	}
	return out
}
