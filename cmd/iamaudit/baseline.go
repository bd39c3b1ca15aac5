package main

import (
	"fmt"

	"github.com/iamaudit/iamaudit/internal/drift"
	"github.com/iamaudit/iamaudit/internal/textsafe"
	"github.com/iamaudit/iamaudit/report"
	"github.com/iamaudit/iamaudit/result"
)

// readReportFile reads a JSON report named by a flag or argument; errors
// name it.
func readReportFile(what, path string) (*report.Report, error) {
	rep, err := readReport(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return rep, nil
}

// compareReports checks that two reports can be compared (one account, the
// older first) and classifies every finding. what names the older report
// in errors ("--baseline prev.json").
func compareReports(old, cur *report.Report, what string) ([]drift.Entry, error) {
	if old.Meta.AccountID != cur.Meta.AccountID {
		return nil, fmt.Errorf("%s is a report of account %s, not of %s: a baseline must be an earlier scan of the same account",
			what, textsafe.Quote(old.Meta.AccountID, 40), textsafe.Quote(cur.Meta.AccountID, 40))
	}
	if old.Meta.CollectedAt.After(cur.Meta.CollectedAt) {
		return nil, fmt.Errorf("%s was collected at %s, after the scan it is compared with (%s): give the older report as the baseline",
			what, old.Meta.CollectedAt.UTC().Format("2006-01-02T15:04:05Z"), cur.Meta.CollectedAt.UTC().Format("2006-01-02T15:04:05Z"))
	}
	return drift.Compare(findingsOf(old), findingsOf(cur), old.Meta.CollectedAt, cur.Meta.CollectedAt), nil
}

// findingsOf is what drift compares of a report's results. Version-1
// reports carry no finding_id: report.ReadJSON gives their results the
// report's account, from which FindingID computes the same ID version 2
// writes.
func findingsOf(rep *report.Report) []drift.Finding {
	out := make([]drift.Finding, len(rep.Results))
	for i, r := range rep.Results {
		out[i] = drift.Finding{ID: r.FindingID(), RuleID: r.RuleID, AccountID: r.AccountID, Resource: r.Resource,
			ResourceName: r.ResourceName, Status: r.Status, Severity: r.Severity, FirstSeen: r.Track().FirstSeen}
	}
	return out
}

// applyBaseline compares rep with a baseline report: every result gets its
// drift kind and first_seen, a changed one the baseline's status and
// severity, and the report a summary listing the resolved results.
func applyBaseline(rep, base *report.Report, path string) ([]drift.Entry, error) {
	entries, err := compareReports(base, rep, "--baseline "+path)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]drift.Entry, len(entries))
	baseByID := resultsByID(base)
	sum := summarize(entries, base)
	for _, e := range entries {
		if e.Cur != nil {
			byID[e.Cur.ID] = e
		} else {
			// The baseline's own comparison with its baseline says nothing
			// here: a resolved result is just that, since first_seen.
			r := baseByID[e.Old.ID]
			r.SetTracking(func(t *result.Tracking) {
				t.Drift, t.PreviousStatus, t.PreviousSeverity = result.DriftResolved, "", ""
			})
			sum.ResolvedResults = append(sum.ResolvedResults, r)
		}
	}
	for i := range rep.Results {
		r := &rep.Results[i]
		e, ok := byID[r.FindingID()]
		if !ok {
			continue
		}
		r.SetTracking(func(t *result.Tracking) {
			t.Drift, t.FirstSeen = string(e.Kind), e.Cur.FirstSeen
			if e.Kind == drift.Changed {
				t.PreviousStatus, t.PreviousSeverity = e.Old.Status, e.Old.Severity
			}
		})
	}
	rep.Drift = &sum
	return entries, nil
}

// maxNewFailure is MaxFailedSeverity over the failures the baseline did not
// have (drift.Entry.NewFailure): what --fail-on-new gates on.
func maxNewFailure(entries []drift.Entry) (sev result.Severity, ok bool) {
	for _, e := range entries {
		if e.NewFailure() && (!ok || e.Cur.Severity.Rank() > sev.Rank()) {
			sev, ok = e.Cur.Severity, true
		}
	}
	return sev, ok
}
