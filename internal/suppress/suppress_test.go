package suppress

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestInvalidFiles: every invalid file under testdata/invalid gives exactly
// its message, naming the entry, the key and the problem.
func TestInvalidFiles(t *testing.T) {
	want := map[string]string{
		"missing-reason.yaml":            "suppressions[1]: reason is required",
		"missing-owner.yaml":             "suppressions[1]: owner is required",
		"missing-expires.yaml":           "suppressions[1]: expires is required",
		"bad-date.yaml":                  `suppressions[1]: expires "31/01/2027" is not a date (want YYYY-MM-DD)`,
		"unknown-key.yaml":               `suppressions[1]: unknown key "expire" (want rule, resource, reason, owner, expires, ticket)`,
		"match-everything.yaml":          "suppressions[1]: rule and resource are both match-everything globs: a suppression accepts a named risk, not all of them",
		"not-a-mapping.yaml":             "suppressions[1]: want a mapping with rule, resource, reason, owner and expires",
		"list-value.yaml":                "suppressions[1]: owner must be a single value",
		"second-entry-blank-reason.yaml": "suppressions[2]: reason is required",
		"not-a-list.yaml":                "suppressions: want a list of entries, each with rule, resource, reason, owner and expires",
	}
	files, err := filepath.Glob("testdata/invalid/*.yaml")
	if err != nil || len(files) != len(want) {
		t.Fatalf("testdata/invalid has %d files (%v), the table %d", len(files), err, len(want))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			w, ok := want[filepath.Base(f)]
			if !ok {
				t.Fatalf("no expected message for %s", f)
			}
			_, err = Load(data)
			if err == nil || err.Error() != w {
				t.Fatalf("Load error = %v\nwant          %s", err, w)
			}
		})
	}
}

func TestLoadValid(t *testing.T) {
	got, err := Load([]byte(`
thresholds:
  key_rotation_days: 90
suppressions:
  - rule: IAM-USER-KEY-*
    resource: arn:aws:iam::123456789012:user/ci/*
    reason: CI users rotate through the vault job
    owner: platform@example.com
    expires: 2027-03-31
    ticket: PLAT-412
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Ticket != "PLAT-412" || got[0].Index != 1 ||
		!got[0].ExpiresAt().Equal(time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("got %+v", got)
	}
	if none, err := Load(nil); err != nil || len(none) != 0 {
		t.Fatalf("empty file: %v %v", none, err)
	}
}

func TestMatchAndOutcomes(t *testing.T) {
	entries, err := Parse([]Entry{
		{Rule: "IAM-USER-KEY-ROTATION", Resource: "arn:aws:iam::123456789012:user/ci/*", Reason: "r", Owner: "o", Expires: "2027-03-31"},
		{Rule: "iam-root-*", Resource: "arn:aws:iam::123456789012:root", Reason: "r", Owner: "o", Expires: "2026-01-31"},
		{Rule: "IAM-USER-MFA", Resource: "arn:aws:iam::123456789012:user/gone", Reason: "r", Owner: "o", Expires: "2027-03-31"},
		{Rule: "IAM-USER-KEY-ROTATION", Resource: "arn:aws:iam::123456789012:user/ci/deploy", Reason: "shadowed", Owner: "o", Expires: "2027-03-31"},
	})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2027, 3, 31, 23, 59, 0, 0, time.UTC) // the last minute of entry 1's last day
	s := NewSet(entries)
	for _, tc := range []struct {
		rule, resource string
		failing        bool
		want           int // entry index suppressing it, 0 for none
	}{
		{"IAM-USER-KEY-ROTATION", "arn:aws:iam::123456789012:user/ci/deploy", true, 1},
		{"IAM-USER-KEY-ROTATION", "arn:aws:iam::123456789012:user/ci/team/build", true, 1},
		{"IAM-USER-KEY-ROTATION", "arn:aws:iam::123456789012:user/ci/deploy", false, 0}, // PASS and UNKNOWN are never suppressed
		{"IAM-USER-KEY-ROTATION", "arn:aws:iam::123456789012:user/alice", true, 0},
		{"IAM-ROOT-MFA", "arn:aws:iam::123456789012:root", true, 0}, // entry 2 expired
	} {
		e, ok := s.Match(tc.rule, tc.resource, tc.failing, at)
		if (tc.want == 0) == ok || (ok && e.Index != tc.want) {
			t.Errorf("Match(%s, %s, %v) = %d %v, want entry %d", tc.rule, tc.resource, tc.failing, e.Index, ok, tc.want)
		}
	}
	got := s.Outcomes(at)
	want := []struct {
		st State
		n  int
	}{{Applied, 2}, {Expired, 1}, {Stale, 0}, {Applied, 1}}
	for i, w := range want {
		if got[i].State != w.st || got[i].Matched != w.n {
			t.Errorf("entry %d: %s matched %d, want %s matched %d", i+1, got[i].State, got[i].Matched, w.st, w.n)
		}
	}
	// A day later entry 1 has expired too.
	if _, ok := NewSet(entries).Match("IAM-USER-KEY-ROTATION", "arn:aws:iam::123456789012:user/ci/deploy", true, at.Add(time.Minute)); ok {
		t.Errorf("entry 4 still applies on 2027-04-01? it expires the same day as entry 1")
	}
}

func TestGlob(t *testing.T) {
	for _, tc := range []struct {
		p, s string
		want bool
	}{
		{"*", "", true},
		{"arn:aws:iam::*:user/*", "arn:aws:iam::123456789012:user/a/b", true},
		{"arn:aws:iam::*:user/?", "arn:aws:iam::1:user/ab", false},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
		{"IAM-USER-*", "IAM-ROOT-MFA", false},
		{"exact", "exact", true},
		{"exact", "exactly", false},
	} {
		if got := Glob(tc.p, tc.s); got != tc.want {
			t.Errorf("Glob(%q, %q) = %v, want %v", tc.p, tc.s, got, tc.want)
		}
	}
}
