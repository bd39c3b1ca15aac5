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
		return result.Result{RuleID: rule, Severity: result.Medium, Status: result.Fail,
			ResourceType: "AWS::IAM::User", Resource: "arn:aws:iam::123456789012:user/" + user, ResourceName: user,
			Reason: "reason for " + user}
	}
	infos := []result.RuleInfo{
		{ID: "IAM-A", Title: "IAM-A", Severity: result.Medium, Remediation: "Fix A now."},
		{ID: "IAM-B", Title: "IAM-B", Severity: result.Medium, Remediation: "Fix B now."},
	}
	rep := New(fixtureMeta(), infos, []result.Result{
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

// TestTableGroupsARuleFailingForMany: the Access Analyzer rule failing in
// four regions is one row naming them, with its fix once; a rule failing
// for fewer keeps a row per resource.
func TestTableGroupsARuleFailingForMany(t *testing.T) {
	out := render(t, "table", Options{Width: 160}, fixtureReport())
	if n := strings.Count(out, "IAM-ACCESS-ANALYZER"); n != 1 {
		t.Errorf("IAM-ACCESS-ANALYZER appears in %d rows, want 1:\n%s", n, out)
	}
	for _, want := range []string{"4 resources", "ap-south-1, eu-west-1, us-east-1, us-west-2", "Fix: Create an external access analyzer"} {
		if !strings.Contains(out, want) {
			t.Errorf("grouped row lacks %q", want)
		}
	}
	if !strings.HasSuffix(out, "Score 43.5/100 (grade F), INCOMPLETE: 7 FAIL, 1 UNKNOWN, 1 MANUAL, 5 PASS (14 results)\n") {
		t.Errorf("table does not end with the score line:\n%s", out[max(0, len(out)-200):])
	}
}

// TestHumanFormatsCleanAccountText: escape sequences in account-controlled
// names never reach a terminal through the table or the Markdown.
func TestHumanFormatsCleanAccountText(t *testing.T) {
	res := result.Result{RuleID: "IAM-USER-MFA", Severity: result.High, Status: result.Fail,
		ResourceType: "AWS::IAM::User", Resource: "arn:aws:iam::123456789012:user/x",
		ResourceName: "evil\x1b]0;pwned\x07\x1b[2Jname", Reason: "reason\x1b[31m red\nforged line"}
	meta := fixtureMeta()
	meta.CallerARN = "arn:aws:iam::123456789012:user/\x1b[8mhidden"
	r := New(meta, nil, []result.Result{res}, nil)
	for _, f := range []string{"table", "markdown"} {
		out := render(t, f, Options{}, r)
		if strings.ContainsAny(out, "\x1b\x07") {
			t.Errorf("%s output contains control characters: %q", f, out)
		}
		if strings.Contains(out, "\nforged line") {
			t.Errorf("%s output lets account text start a line", f)
		}
	}
}

// TestMarkdownEscapes: account text cannot become Markdown or HTML.
func TestMarkdownEscapes(t *testing.T) {
	out := render(t, "markdown", Options{}, hostile())
	for _, bad := range []string{"<script>", "<img", "](", "</td>"} {
		if strings.Contains(out, bad) {
			t.Errorf("Markdown contains %q:\n%s", bad, out)
		}
	}
	if !strings.Contains(out, "&lt;script&gt;alert") {
		t.Errorf("Markdown lacks the escaped name:\n%s", out)
	}
}
