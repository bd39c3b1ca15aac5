package report

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/iamaudit/iamaudit/result"
)

// TestSortResultsIsTheStableSort: the permutation sort puts results in
// exactly the order a stable sort on the documented keys gives, results
// equal on every key (which differ elsewhere, here in Missing) included.
func TestSortResultsIsTheStableSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	statuses := []result.Status{result.Fail, result.Pass, result.Unknown, result.Manual, result.Suppressed}
	rs := make([]result.Result, 5000)
	for i := range rs {
		rs[i] = result.Result{
			RuleID:   fmt.Sprintf("R-%d", r.IntN(4)),
			Status:   statuses[r.IntN(len(statuses))],
			Severity: result.Severities[r.IntN(len(result.Severities))],
			Resource: fmt.Sprintf("arn:aws:iam::1:user/u%d", r.IntN(20)),
			Reason:   []string{"a", "b"}[r.IntN(2)],
			Missing:  []string{fmt.Sprint(i)}, // tells equal-key results apart
		}
	}
	want := slices.Clone(rs)
	slices.SortStableFunc(want, func(a, b result.Result) int {
		return cmp.Or(
			cmp.Compare(statusOrder(a.Status), statusOrder(b.Status)),
			cmp.Compare(b.Severity.Rank(), a.Severity.Rank()),
			cmp.Compare(a.RuleID, b.RuleID),
			cmp.Compare(a.Resource, b.Resource),
			cmp.Compare(a.ResourceName, b.ResourceName),
			cmp.Compare(a.Reason, b.Reason),
			cmp.Compare(a.AccountID, b.AccountID),
		)
	})
	SortResults(rs)
	if !reflect.DeepEqual(rs, want) {
		for i := range rs {
			if !reflect.DeepEqual(rs[i], want[i]) {
				t.Fatalf("first difference at %d: got %+v, want %+v", i, rs[i], want[i])
			}
		}
	}
}
