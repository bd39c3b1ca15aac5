package rules

import (
	"reflect"
	"testing"

	"github.com/iamaudit/iamaudit/audit"
)

// An UNKNOWN names the gaps about its own resource and the account-wide
// ones, never another resource's.
func TestUnknownForNamesOnlyItsResourceGaps(t *testing.T) {
	const a, b = "arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/B"
	snap := &audit.Snapshot{
		Account:       audit.Account{ID: "111122223333", Partition: "aws"},
		Authorization: &audit.AuthorizationDetails{},
		Gaps: []audit.Gap{
			{Evidence: audit.EvidenceManagedPolicies, Operation: "GetPolicy", Resource: a, Code: "AccessDenied", Message: "no"},
			{Evidence: audit.EvidenceManagedPolicies, Operation: "GetPolicyVersion", Resource: b, Code: "Throttling", Message: "slow"},
		},
	}
	ctx := NewContext(snap, DefaultConfig())
	got := subject{TypePolicy, a, "A"}.missing(ctx, "cannot judge A", audit.EvidenceManagedPolicies).Missing
	want := []string{"aws_managed_policies: GetPolicy: AccessDenied: " + a + ": no"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("missing = %q, want %q", got, want)
	}
	// A resource with no gap of its own: the evidence was collected, just
	// without what this check needs.
	got = subject{TypePolicy, "arn:aws:iam::aws:policy/C", "C"}.missing(ctx, "cannot judge C", audit.EvidenceManagedPolicies).Missing
	want = []string{"aws_managed_policies: collected, but without what this check needs"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("missing = %q, want %q", got, want)
	}
}
