package rules

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// TestRulesReadOnlyDeclaredEvidence holds every rule of the catalog to its
// declarations, over full snapshots (the sample account, and a management
// account with every organization source):
//   - removing a source the rule declares neither required nor optional
//     changes none of its results: a rule reads only what it declares, so
//     explain and the UNKNOWN reasons tell the truth about what it needs;
//   - removing a required source makes a result UNKNOWN or names the source
//     in a reason: the declaration is not padding, and no verdict survives
//     silently on evidence that is gone.
//
// Optional sources may change results either way.
func TestRulesReadOnlyDeclaredEvidence(t *testing.T) {
	bases := fullSnapshots(t)
	sample := bases["sample"]
	// The sample with no Users count in the summary: the authorization
	// details are then the only witness of the user list, so a rule that
	// reads them without declaring them changes when they go.
	noUserCount := func() *audit.Snapshot {
		s := sample()
		delete(s.AccountSummary.Values, "Users")
		return s
	}
	bases["sample without a Users count"] = noUserCount
	required := map[string]map[audit.Evidence]bool{} // rule -> source -> seen changing
	for _, r := range All() {
		required[r.ID] = map[audit.Evidence]bool{}
	}
	for name, base := range bases {
		for _, r := range All() {
			want := Evaluate(base(), []Rule{r}, Config{})
			for ev, clear := range clearEvidence {
				s := base()
				if !s.Collected(ev) {
					continue
				}
				clear(s)
				s.AddGap(audit.Gap{Evidence: ev, Operation: "Test", Code: "Removed", Message: "removed by the test"})
				got := Evaluate(s, []Rule{r}, Config{})
				switch {
				case slices.Contains(r.Evidence, ev):
					if unknownOrNames(got, ev) {
						required[r.ID][ev] = true
					}
				case slices.Contains(r.Optional, ev):
				case !sameVerdicts(got, want):
					t.Errorf("%s (%s): removing %s, which it does not declare, changed its results", r.ID, name, ev)
				}
			}
		}
	}
	for _, r := range All() {
		for _, ev := range r.Evidence {
			if ev == audit.EvidenceCallerIdentity || ev == audit.EvidenceManagedPolicies {
				continue // not removable on its own: the identity, and a part of the authorization details
			}
			if !required[r.ID][ev] {
				t.Errorf("%s declares %s required, but removing it neither made a result UNKNOWN nor was named: declare it optional, or make the rule say so", r.ID, ev)
			}
		}
	}
}

// sameVerdicts compares what a reader acts on: resource, status and reason.
func sameVerdicts(a, b []result.Result) bool {
	type v struct{ res, st, reason string }
	pick := func(rs []result.Result) []v {
		out := make([]v, len(rs))
		for i, r := range rs {
			out[i] = v{r.Resource, string(r.Status), r.Reason}
		}
		return out
	}
	return reflect.DeepEqual(pick(a), pick(b))
}

func unknownOrNames(rs []result.Result, ev audit.Evidence) bool {
	for _, r := range rs {
		if r.Status == result.Unknown || strings.Contains(r.Reason, string(ev)) || strings.Contains(r.Reason, strings.ReplaceAll(string(ev), "_", " ")) {
			return true
		}
	}
	return false
}

// fullSnapshots are the fixtures the catalog-wide tests run every rule on,
// by name: the sample account and an organization's management account.
// Each function returns a fresh copy.
func fullSnapshots(t *testing.T) map[string]func() *audit.Snapshot {
	return map[string]func() *audit.Snapshot{"sample": sampleSnapshots(t), "organization": fullOrgSnapshot}
}

// sampleSnapshots returns a function that decodes a fresh copy of the
// sample account's evidence (testdata/sample-evidence.json) on every call.
func sampleSnapshots(t *testing.T) func() *audit.Snapshot {
	t.Helper()
	data, err := os.ReadFile("../testdata/sample-evidence.json")
	if err != nil {
		t.Fatal(err)
	}
	return func() *audit.Snapshot {
		s, err := audit.ReadSnapshot(strings.NewReader(string(data)))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
}
