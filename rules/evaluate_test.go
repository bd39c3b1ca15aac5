package rules

import (
	"reflect"
	"runtime"
	"testing"

	"github.com/iamaudit/iamaudit/result"
)

// TestEvaluateSameOnAnyProcessors: rules run one at a time on one context
// (one processor) or at once on several, the results are the same, in the
// same order.
func TestEvaluateSameOnAnyProcessors(t *testing.T) {
	for name, base := range fullSnapshots(t) {
		var want []result.Result
		for _, procs := range []int{1, 2, 4} {
			old := runtime.GOMAXPROCS(procs)
			got := Evaluate(base(), All(), Config{})
			runtime.GOMAXPROCS(old)
			if procs == 1 {
				want = got
				if len(want) < len(All()) {
					t.Fatalf("%s: %d results for %d rules", name, len(want), len(All()))
				}
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %d processors give other results than one", name, procs)
			}
		}
	}
}

// TestJoinResultsKeepsRuleOrder: the two halves of the join meet where
// they should, whichever rule the split falls in.
func TestJoinResultsKeepsRuleOrder(t *testing.T) {
	for _, sizes := range [][]int{{0}, {5000}, {1, 9000}, {9000, 1}, {3000, 0, 3000, 2500}, {2048, 2048, 2048, 2049}} {
		var perRule [][]result.Result
		var want []result.Result
		for r, n := range sizes {
			rs := make([]result.Result, n)
			for i := range rs {
				rs[i] = result.Result{RuleID: string(rune('A' + r)), Resource: string(rune(i))}
			}
			perRule = append(perRule, rs)
			want = append(want, rs...)
		}
		out := make([]result.Result, len(want))
		joinResults(out, perRule)
		if !reflect.DeepEqual(out, want) && len(want) > 0 {
			t.Errorf("sizes %v: the joined results are out of order", sizes)
		}
		for i, rs := range perRule {
			if rs != nil {
				t.Errorf("sizes %v: rule %d's slice is kept after the join", sizes, i)
			}
		}
	}
}
