package drift

import (
	"testing"
	"time"

	"github.com/iamaudit/iamaudit/result"
)

func f(id string, st result.Status, sev result.Severity, first time.Time) Finding {
	return Finding{ID: id, RuleID: "R-" + id, Resource: "arn:" + id, Status: st, Severity: sev, FirstSeen: first}
}

func TestCompare(t *testing.T) {
	t0 := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	t1 := time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)
	t2 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	old := []Finding{
		f("same", result.Fail, result.High, t0),
		f("fixed", result.Fail, result.High, t0),
		f("gone", result.Fail, result.Low, time.Time{}),
		f("regressed", result.Pass, result.High, t0),
		f("resev", result.Fail, result.Low, time.Time{}),
	}
	cur := []Finding{
		f("same", result.Fail, result.High, time.Time{}),
		f("fixed", result.Pass, result.High, time.Time{}),
		f("regressed", result.Fail, result.High, time.Time{}),
		f("resev", result.Fail, result.High, time.Time{}),
		f("brand-new", result.Fail, result.Medium, time.Time{}),
		f("new-pass", result.Pass, result.Medium, time.Time{}),
		f("new-unknown", result.Unknown, result.Medium, time.Time{}),
	}
	got := Compare(old, cur, t1, t2)
	want := []struct {
		id         string
		kind       Kind
		newFailure bool
		first      time.Time
	}{
		{"brand-new", New, true, t2},
		{"new-pass", New, false, t2},
		{"new-unknown", New, false, t2},
		{"fixed", Changed, false, t0},
		{"regressed", Changed, true, t0},
		{"resev", Changed, false, t1}, // failing before too: severity changed, not a new failure
		{"gone", Resolved, false, time.Time{}},
		{"same", Unchanged, false, t0},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d entries, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		fd := g.finding()
		if fd.ID != w.id || g.Kind != w.kind || g.NewFailure() != w.newFailure {
			t.Errorf("entry %d: %s %s newFailure=%v, want %s %s %v", i, fd.ID, g.Kind, g.NewFailure(), w.id, w.kind, w.newFailure)
		}
		if g.Cur != nil && !g.Cur.FirstSeen.Equal(w.first) {
			t.Errorf("%s: first seen %s, want %s", w.id, g.Cur.FirstSeen, w.first)
		}
	}
	if c := Count(got); c != (Counts{New: 3, Resolved: 1, Changed: 3, Unchanged: 1, NewFailures: 2}) {
		t.Errorf("Count = %+v", c)
	}
}
