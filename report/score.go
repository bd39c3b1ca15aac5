package report

import (
	"fmt"
	"slices"

	"github.com/iamaudit/iamaudit/result"
)

// weights is how much one result of each severity counts towards the score.
// A critical finding weighs ten low ones; informational results are listed
// but never move the score. Severities not in this map weigh 0.
var weights = map[result.Severity]int{
	result.Critical: 10,
	result.High:     5,
	result.Medium:   3,
	result.Low:      1,
	result.Info:     0,
}

// Score summarises a report.
//
// Value = 100 * PassedWeight / (PassedWeight + FailedWeight), rounded DOWN to
// one decimal place, so 100.0 always means "nothing weighted failed" and a
// single failure among many passes still shows (99.9, never 100.0). UNKNOWN
// and MANUAL results are left out of the ratio: they are neither evidence of
// compliance nor of a failure; nor are SUPPRESSED results, whose failure a
// team accepted (they stay failures, so they never count as passes). Instead, any UNKNOWN result makes the score
// incomplete (Complete=false), because the missing evidence could hide
// failures. When nothing weighted was evaluated (no results, or only
// informational, unknown or manual ones) there is no meaningful ratio:
// Applicable is false, Value is 0 and Grade is "n/a" — never a free 100.
type Score struct {
	// Applicable is false when no weighted PASS or FAIL result exists.
	Applicable bool
	// Value is the score, 0–100 with one decimal; 0 when not Applicable.
	Value float64
	// Grade is A (>= 90), B (>= 80), C (>= 70), D (>= 60), F, or "n/a".
	Grade string
	// Complete is false when any result is UNKNOWN.
	Complete bool
	// PassedWeight and FailedWeight are the sums of Weight over PASS and FAIL results.
	PassedWeight int
	FailedWeight int
	// Counts has one row per severity, most severe first (every known
	// severity, even when zero, then any unrecognised ones alphabetically).
	Counts []SeverityCounts
	// Totals sums Counts.
	Totals StatusCounts
}

// StatusCounts counts results by status.
type StatusCounts struct {
	Fail    int `json:"fail"`
	Unknown int `json:"unknown"`
	Manual  int `json:"manual"`
	Pass    int `json:"pass"`
	// Suppressed counts accepted failures (absent from JSON when 0).
	Suppressed int `json:"suppressed,omitempty"`
	// Total includes results with an unrecognised status.
	Total int `json:"total"`
}

func (c *StatusCounts) add(s result.Status) {
	switch s {
	case result.Fail:
		c.Fail++
	case result.Unknown:
		c.Unknown++
	case result.Manual:
		c.Manual++
	case result.Pass:
		c.Pass++
	case result.Suppressed:
		c.Suppressed++
	}
	c.Total++
}

// SeverityCounts is one row of the severity x status table.
type SeverityCounts struct {
	Severity result.Severity `json:"severity"`
	StatusCounts
}

// Weight is how much one PASS or FAIL result of severity s counts towards
// the score: CRITICAL 10, HIGH 5, MEDIUM 3, LOW 1, INFO (and anything
// unrecognised) 0.
func Weight(s result.Severity) int { return weights[s] }

// ComputeScore scores results; see Score for the arithmetic.
func ComputeScore(rs []result.Result) Score {
	sc := newScorer()
	for i := range rs {
		sc.add(&rs[i])
	}
	return sc.score()
}

// scorer accumulates a Score one result at a time, so per-account scores
// of an organization need no per-account copy of the results.
type scorer struct {
	s     Score
	rows  map[result.Severity]*StatusCounts
	other []result.Severity
	// last and lastRow are the previous result's severity and row:
	// results mostly come in runs of one severity.
	last    result.Severity
	lastRow *StatusCounts
}

func newScorer() *scorer {
	sc := &scorer{s: Score{Complete: true}, rows: map[result.Severity]*StatusCounts{}}
	for _, sev := range result.Severities {
		sc.rows[sev] = &StatusCounts{}
	}
	return sc
}

func (sc *scorer) add(r *result.Result) {
	s := &sc.s
	row := sc.lastRow
	if row == nil || r.Severity != sc.last {
		var ok bool
		if row, ok = sc.rows[r.Severity]; !ok {
			row = &StatusCounts{}
			sc.rows[r.Severity] = row
			sc.other = append(sc.other, r.Severity)
		}
		sc.last, sc.lastRow = r.Severity, row
	}
	row.add(r.Status)
	s.Totals.add(r.Status)
	switch r.Status {
	case result.Pass:
		s.PassedWeight += weights[r.Severity]
	case result.Fail:
		s.FailedWeight += weights[r.Severity]
	case result.Unknown:
		s.Complete = false
	}
}

func (sc *scorer) score() Score {
	s := sc.s
	other := slices.Clone(sc.other)
	slices.Sort(other)
	for _, sev := range append(slices.Clone(result.Severities), other...) {
		s.Counts = append(s.Counts, SeverityCounts{Severity: sev, StatusCounts: *sc.rows[sev]})
	}
	if den := s.PassedWeight + s.FailedWeight; den > 0 {
		s.Applicable = true
		// Integer tenths, floored: exact, and never rounds a failure up to 100.
		tenths := 1000 * s.PassedWeight / den
		s.Value = float64(tenths) / 10
		s.Grade = grade(tenths)
	} else {
		s.Grade = "n/a"
	}
	return s
}

// grade maps a score in tenths of a point to a letter.
func grade(tenths int) string {
	switch {
	case tenths >= 900:
		return "A"
	case tenths >= 800:
		return "B"
	case tenths >= 700:
		return "C"
	case tenths >= 600:
		return "D"
	}
	return "F"
}

// Text renders the value for humans: "48.5/100 (grade F)", or "n/a (nothing
// weighted was evaluated)" when the score is not applicable.
func (s Score) Text() string {
	if !s.Applicable {
		return "n/a (nothing weighted was evaluated)"
	}
	return fmt.Sprintf("%.1f/100 (grade %s)", s.Value, s.Grade)
}

// String is Text followed by COMPLETE or INCOMPLETE, for one-line summaries.
func (s Score) String() string {
	if s.Complete {
		return s.Text() + " COMPLETE"
	}
	return s.Text() + " INCOMPLETE"
}
