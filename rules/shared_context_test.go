package rules

import (
	"reflect"
	"testing"

	"github.com/iamaudit/iamaudit/result"
)

// TestSharedIndexesChangeNoResult: Evaluate builds the credential view,
// the authorization index (with its parsed documents) and the MFA device
// index once and shares them between rules; every rule's results are the
// same as when it runs alone on a fresh context, in catalog order and in
// reverse, so no rule sees what another left in a shared index.
func TestSharedIndexesChangeNoResult(t *testing.T) {
	for name, base := range fullSnapshots(t) {
		all := All()
		var alone []result.Result
		for _, r := range all {
			alone = append(alone, Evaluate(base(), []Rule{r}, Config{})...)
		}
		if got := Evaluate(base(), all, Config{}); !reflect.DeepEqual(got, alone) {
			t.Errorf("%s: evaluating the catalog on one context differs from each rule alone", name)
		}
		reversed := make([]Rule, len(all))
		for i, r := range all {
			reversed[len(all)-1-i] = r
		}
		got := Evaluate(base(), reversed, Config{})
		byRule := map[string][]result.Result{}
		for _, res := range got {
			byRule[res.RuleID] = append(byRule[res.RuleID], res)
		}
		for _, res := range alone {
			want := byRule[res.RuleID]
			if len(want) == 0 || !reflect.DeepEqual(want[0], res) {
				t.Errorf("%s: rule %s in reverse order: got %+v, want %+v", name, res.RuleID, want, res)
				break
			}
			byRule[res.RuleID] = want[1:]
		}
	}
}
