package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/result"
)

// TestTablePrintsEachFixOnce: a rule failing for many resources shows its
// remediation once, not once per resource.
func TestTablePrintsEachFixOnce(t *testing.T) {
	fail := func(rule, user, fix string) result.Result {
		return result.Result{RuleID: rule, Title: rule, Severity: result.Medium, Status: result.Fail,
			ResourceType: "AWS::IAM::User", Resource: "arn:aws:iam::123456789012:user/" + user, ResourceName: user,
			Reason: "reason for " + user, Remediation: fix}
	}
	rep := New(fixtureMeta(), nil, []result.Result{
		fail("IAM-A", "u1", "Fix A now."), fail("IAM-A", "u2", "Fix A now."), fail("IAM-A", "u3", "Fix A now."),
		fail("IAM-B", "u1", "Fix B now."),
	}, nil)
	w, err := ForFormat("table", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf, rep); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if n := strings.Count(out, "Fix: Fix A now."); n != 1 {
		t.Errorf("fix of IAM-A printed %d times, want 1:\n%s", n, out)
	}
	if n := strings.Count(out, "Fix: Fix B now."); n != 1 {
		t.Errorf("fix of IAM-B printed %d times, want 1", n)
	}
	for _, u := range []string{"reason for u1", "reason for u2", "reason for u3"} {
		if !strings.Contains(out, u) {
			t.Errorf("missing %q", u)
		}
	}
}
