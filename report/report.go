// Package report turns evaluation results into a scored report and renders it
// in the formats people and pipelines consume (table, JSON, CSV, SARIF, JUnit,
// HTML, ASFF). It sees only the result package: never evidence, never rules.
package report

import (
	"cmp"
	"slices"

	"github.com/iamaudit/iamaudit/result"
)

// Report is one scan's results, ordered for reading, with its score.
type Report struct {
	Meta     result.Meta
	Score    Score
	Results  []result.Result
	Controls []result.ControlResult
}

// New builds a report. Results are copied and sorted (see SortResults) so
// every writer, and every run over the same evidence, lists them in the same
// order; controls keep the caller's order because framework order (1.2 before
// 1.10) is not lexical.
func New(meta result.Meta, results []result.Result, controls []result.ControlResult) *Report {
	rs := slices.Clone(results)
	SortResults(rs)
	return &Report{
		Meta:     meta,
		Score:    ComputeScore(rs),
		Results:  rs,
		Controls: slices.Clone(controls),
	}
}

// statusOrder puts what needs action first: failures, then what could not be
// decided, then what needs a human, then passes.
func statusOrder(s result.Status) int {
	switch s {
	case result.Fail:
		return 0
	case result.Unknown:
		return 1
	case result.Manual:
		return 2
	case result.Pass:
		return 3
	}
	return 4
}

// SortResults orders results in place: status (FAIL, UNKNOWN, MANUAL, PASS),
// then severity (most severe first), rule ID, resource, resource name and
// reason. The trailing keys only break ties so the order is total.
func SortResults(rs []result.Result) {
	slices.SortStableFunc(rs, func(a, b result.Result) int {
		return cmp.Or(
			cmp.Compare(statusOrder(a.Status), statusOrder(b.Status)),
			cmp.Compare(b.Severity.Rank(), a.Severity.Rank()),
			cmp.Compare(a.RuleID, b.RuleID),
			cmp.Compare(a.Resource, b.Resource),
			cmp.Compare(a.ResourceName, b.ResourceName),
			cmp.Compare(a.Reason, b.Reason),
		)
	})
}

// MaxFailedSeverity returns the highest severity among failing results; ok is
// false when nothing failed. The CLI compares it with --fail-on.
func (r *Report) MaxFailedSeverity() (sev result.Severity, ok bool) {
	for _, res := range r.Results {
		if res.Status != result.Fail {
			continue
		}
		if !ok || res.Severity.Rank() > sev.Rank() {
			sev, ok = res.Severity, true
		}
	}
	return sev, ok
}

// HasUnknown reports whether any result is UNKNOWN, i.e. some evidence was
// missing and the score may be too kind.
func (r *Report) HasUnknown() bool {
	for _, res := range r.Results {
		if res.Status == result.Unknown {
			return true
		}
	}
	return false
}
