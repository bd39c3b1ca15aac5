// Package suppress holds accountable suppressions: a team's record that it
// accepts one failing finding (or a family of them, by glob) for a reason,
// with an owner, until a date. Established tools offer mutelists without an
// owner or an end; here every entry names who accepted the risk, why, and
// when the acceptance ends, and an entry that no longer matches anything is
// reported as stale so the list cannot rot silently.
//
// Expiry is judged against the evidence's collection time, never the wall
// clock, so replaying stored evidence gives the same report.
package suppress

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/iamaudit/iamaudit/internal/textsafe"
)

// Entry is one suppression as written in the config file.
type Entry struct {
	// Rule is a rule ID or a glob over rule IDs (case-insensitive).
	Rule string `yaml:"rule" json:"rule"`
	// Resource is a result's resource ARN, or a glob over ARNs.
	Resource string `yaml:"resource" json:"resource"`
	Reason   string `yaml:"reason" json:"reason"`
	Owner    string `yaml:"owner" json:"owner"`
	// Expires is the last day (UTC) on which the entry applies, YYYY-MM-DD.
	Expires string `yaml:"expires" json:"expires"`
	// Ticket optionally links the decision to a tracker.
	Ticket string `yaml:"ticket,omitempty" json:"ticket,omitempty"`

	// Index is the entry's position in the file (1-based), for messages.
	Index int `yaml:"-" json:"index"`
	// end is the first instant the entry no longer applies: the day after Expires, 00:00 UTC.
	end time.Time
}

// ExpiresAt is the first instant at which the entry no longer applies.
func (e Entry) ExpiresAt() time.Time { return e.end }

// Label names an entry in messages: its position and its rule and resource.
func (e Entry) Label() string {
	return fmt.Sprintf("suppressions[%d] (rule %s, resource %s)", e.Index, textsafe.Quote(e.Rule, 100), textsafe.Quote(e.Resource, 100))
}

// File is the part of the --config file this package reads.
type File struct {
	Suppressions []Entry `yaml:"suppressions"`
}

// Parse validates a list of entries as decoded from YAML: every required key
// present and non-empty, a real date, patterns that are not empty. The error
// names the entry, the key and the problem.
func Parse(entries []Entry) ([]Entry, error) {
	out := make([]Entry, len(entries))
	for i, e := range entries {
		e.Index = i + 1
		for _, f := range []struct{ key, val string }{
			{"rule", e.Rule}, {"resource", e.Resource}, {"reason", e.Reason}, {"owner", e.Owner}, {"expires", e.Expires},
		} {
			if strings.TrimSpace(f.val) == "" {
				return nil, fmt.Errorf("suppressions[%d]: %s is required", e.Index, f.key)
			}
		}
		day, err := time.Parse(time.DateOnly, strings.TrimSpace(e.Expires))
		if err != nil {
			return nil, fmt.Errorf("suppressions[%d]: expires %s is not a date (want YYYY-MM-DD)", e.Index, textsafe.Quote(e.Expires, 40))
		}
		e.end = day.AddDate(0, 0, 1)
		if strings.Trim(e.Rule, "*?") == "" && strings.Trim(e.Resource, "*?") == "" {
			return nil, fmt.Errorf("suppressions[%d]: rule and resource are both match-everything globs: a suppression accepts a named risk, not all of them", e.Index)
		}
		out[i] = e
	}
	return out, nil
}

// Load reads the suppressions section of a config file (other sections are
// left to their readers). An empty file has no suppressions.
func Load(data []byte) ([]Entry, error) {
	var raw struct {
		Suppressions yaml.Node `yaml:"suppressions"`
	}
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&raw); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	list := raw.Suppressions
	switch {
	case list.Kind == 0 || (list.Kind == yaml.ScalarNode && list.Tag == "!!null"):
		return nil, nil // "suppressions:" with nothing under it
	case list.Kind != yaml.SequenceNode:
		return nil, errors.New("suppressions: want a list of entries, each with rule, resource, reason, owner and expires")
	}
	entries := make([]Entry, len(list.Content))
	for i, n := range list.Content {
		if err := decodeStrict(n, &entries[i]); err != nil {
			return nil, fmt.Errorf("suppressions[%d]: %w", i+1, err)
		}
	}
	return Parse(entries)
}

// decodeStrict decodes one entry, refusing keys it does not know so a typo
// ("expire:") is an error, not a suppression that never expires.
func decodeStrict(n *yaml.Node, e *Entry) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("want a mapping with rule, resource, reason, owner and expires")
	}
	known := map[string]bool{"rule": true, "resource": true, "reason": true, "owner": true, "expires": true, "ticket": true}
	for i := 0; i < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if !known[k] {
			return fmt.Errorf("unknown key %s (want rule, resource, reason, owner, expires, ticket)", textsafe.Quote(k, 40))
		}
		if v := n.Content[i+1]; v.Kind != yaml.ScalarNode {
			return fmt.Errorf("%s must be a single value", k)
		}
	}
	return n.Decode(e)
}

// State is what became of an entry in one evaluation.
type State string

// The states of an entry.
const (
	// Applied: the entry suppressed at least one failing finding.
	Applied State = "applied"
	// Expired: the entry's date has passed at the collection time; it
	// suppresses nothing and is listed so someone renews or removes it.
	Expired State = "expired"
	// Stale: the entry is in force but matches no failing finding (the risk
	// was fixed, or the pattern is wrong): remove it.
	Stale State = "stale"
)

// Outcome is one entry's state after Apply, with how many findings it
// suppressed (or, when expired, would have suppressed).
type Outcome struct {
	Entry   Entry `json:"entry"`
	State   State `json:"state"`
	Matched int   `json:"matched"`
}

// Set is a parsed list of entries, ready to match findings.
type Set struct {
	entries []Entry
	matched []int
}

// NewSet prepares entries for matching.
func NewSet(entries []Entry) *Set {
	return &Set{entries: entries, matched: make([]int, len(entries))}
}

// Match returns the first entry in force at time at that covers a failing
// finding of rule on resource, and counts the match for every entry that
// covers it (so an entry shadowed by an earlier one is not called stale).
// Only failing findings
// are suppressed: a suppression accepts a risk, so a passing result has
// nothing to accept, and an UNKNOWN is never turned into anything else
// (the evidence that would show the risk is missing, and that must stay
// visible). Expired entries that would match are counted for the report
// but do not apply.
func (s *Set) Match(rule, resource string, failing bool, at time.Time) (Entry, bool) {
	if s == nil || !failing {
		return Entry{}, false
	}
	var hit Entry
	found := false
	for i, e := range s.entries {
		if !Glob(strings.ToUpper(e.Rule), strings.ToUpper(rule)) || !Glob(e.Resource, resource) {
			continue
		}
		s.matched[i]++
		if !found && at.Before(e.end) {
			hit, found = e, true
		}
	}
	return hit, found
}

// Outcomes reports every entry's state after matching, in file order.
func (s *Set) Outcomes(at time.Time) []Outcome {
	if s == nil {
		return nil
	}
	out := make([]Outcome, len(s.entries))
	for i, e := range s.entries {
		st := Applied
		switch {
		case !at.Before(e.end):
			st = Expired
		case s.matched[i] == 0:
			st = Stale
		}
		out[i] = Outcome{Entry: e, State: st, Matched: s.matched[i]}
	}
	return out
}

// Glob reports whether s matches pattern: '*' is any run of characters
// (crossing '/' and ':', as in IAM ARN patterns) and '?' exactly one byte;
// everything else is literal.
func Glob(pattern, s string) bool {
	// Iterative matching with one backtrack point: linear in practice and
	// never exponential, whatever the pattern.
	p, i, starP, starI := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			starP, starI = p, i
			p++
		case starP >= 0:
			starI++
			p, i = starP+1, starI
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
