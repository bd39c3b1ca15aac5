// Package drift compares two scans of the same account (or organization):
// which findings are new, which were resolved, which changed status or
// severity, and which stayed as they were. Findings are matched by their
// stable finding ID (rule, account, resource), never by position or text, so
// a reworded reason or a reordered report changes nothing.
package drift

import (
	"cmp"
	"slices"
	"time"

	"github.com/iamaudit/iamaudit/result"
)

// Finding is what drift needs of one result.
type Finding struct {
	ID           string          `json:"finding_id"`
	RuleID       string          `json:"rule_id"`
	AccountID    string          `json:"account_id,omitempty"`
	Resource     string          `json:"resource"`
	ResourceName string          `json:"resource_name,omitempty"`
	Status       result.Status   `json:"status"`
	Severity     result.Severity `json:"severity"`
	// FirstSeen is when this finding was first reported: carried forward
	// from the baseline, else the time of the scan that first had it.
	FirstSeen time.Time `json:"first_seen"`
}

// Kind classifies one finding across two scans.
type Kind string

// The kinds of drift.
const (
	// New: in the new scan only.
	New Kind = "new"
	// Resolved: in the baseline only (the resource is gone, or the rule
	// no longer reports on it).
	Resolved Kind = "resolved"
	// Changed: in both, with another status or severity.
	Changed Kind = "changed"
	// Unchanged: in both, same status and severity.
	Unchanged Kind = "unchanged"
)

// Entry is one finding's drift: Old is nil for New, Cur is nil for Resolved.
type Entry struct {
	Kind Kind     `json:"kind"`
	Old  *Finding `json:"old,omitempty"`
	Cur  *Finding `json:"new,omitempty"`
}

// NewFailure reports whether the entry is a failure the baseline did not
// have: a new finding that fails, or one that fails now and did not before.
// This is what --fail-on-new gates on: a nightly run fails on what changed,
// not forever on what the team already knows.
func (e Entry) NewFailure() bool {
	if e.Cur == nil || e.Cur.Status != result.Fail {
		return false
	}
	return e.Old == nil || e.Old.Status != result.Fail
}

// Compare classifies every finding of two scans, matched by finding ID, and
// carries FirstSeen forward: a finding in both keeps the baseline's
// (or the baseline's scan time when it had none); a new one gets now, the
// new scan's collection time. The result is sorted: new, changed, resolved,
// unchanged, then by rule and resource.
func Compare(old, cur []Finding, baselineAt, now time.Time) []Entry {
	byID := make(map[string]*Finding, len(old))
	for i := range old {
		byID[old[i].ID] = &old[i]
	}
	seen := make(map[string]bool, len(cur))
	out := make([]Entry, 0, len(cur)+len(old)/8)
	for i := range cur {
		c := cur[i]
		seen[c.ID] = true
		o, ok := byID[c.ID]
		switch {
		case !ok:
			c.FirstSeen = now
			out = append(out, Entry{Kind: New, Cur: &c})
		default:
			c.FirstSeen = o.FirstSeen
			if c.FirstSeen.IsZero() {
				c.FirstSeen = baselineAt
			}
			k := Unchanged
			if o.Status != c.Status || o.Severity != c.Severity {
				k = Changed
			}
			out = append(out, Entry{Kind: k, Old: o, Cur: &c})
		}
	}
	for i := range old {
		if !seen[old[i].ID] {
			out = append(out, Entry{Kind: Resolved, Old: &old[i]})
		}
	}
	order := map[Kind]int{New: 0, Changed: 1, Resolved: 2, Unchanged: 3}
	slices.SortStableFunc(out, func(a, b Entry) int {
		fa, fb := a.finding(), b.finding()
		return cmp.Or(cmp.Compare(order[a.Kind], order[b.Kind]), cmp.Compare(fa.RuleID, fb.RuleID), cmp.Compare(fa.Resource, fb.Resource))
	})
	return out
}

func (e Entry) finding() *Finding {
	if e.Cur != nil {
		return e.Cur
	}
	return e.Old
}

// Counts tallies entries per kind, and the new failures among them.
type Counts = result.DriftCounts

// Count tallies a comparison.
func Count(es []Entry) Counts {
	var c Counts
	for _, e := range es {
		switch e.Kind {
		case New:
			c.New++
		case Resolved:
			c.Resolved++
		case Changed:
			c.Changed++
		case Unchanged:
			c.Unchanged++
		}
		if e.NewFailure() {
			c.NewFailures++
		}
	}
	return c
}
