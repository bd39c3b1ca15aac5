package deploy

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// listedActions returns the API actions named (in backquotes) in a
// document's text from the marker start up to end: a promise of what
// iamaudit calls.
func listedActions(t *testing.T, file, start, end string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, file))
	if err != nil {
		t.Fatal(err)
	}
	_, text, ok := strings.Cut(string(data), start)
	if !ok {
		t.Fatalf("%s has no %q", file, start)
	}
	text, _, _ = strings.Cut(text, end)
	var actions []string
	for _, m := range regexp.MustCompile("`([a-z0-9-]+:[A-Za-z0-9]+)`").FindAllStringSubmatch(text, -1) {
		actions = append(actions, m[1])
	}
	if len(actions) == 0 {
		t.Fatalf("%s names no action after %q", file, start)
	}
	slices.Sort(actions)
	return slices.Compact(actions)
}

// stringOrList is an IAM policy element that is a string or a list of them.
type stringOrList []string

func (s *stringOrList) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*s = []string{one}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(s))
}

// policyDoc is an IAM policy as the tests read it: any other field fails.
type policyDoc struct {
	Version   string
	Statement []struct {
		Sid       string
		Effect    string
		Action    stringOrList
		Resource  stringOrList
		NotAction json.RawMessage
		Condition json.RawMessage
	}
}

// readPolicy decodes docs/NAME strictly.
func readPolicy(t *testing.T, name string) policyDoc {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "docs", name))
	if err != nil {
		t.Fatal(err)
	}
	var policy policyDoc
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&policy); err != nil {
		t.Fatalf("docs/%s: %v", name, err)
	}
	return policy
}

// TestPolicyMatchesReadme: docs/iam-policy.json allows exactly the actions
// README and deploy/README list, no more (least privilege) and no fewer (a role with it sees
// everything), with nothing that widens or narrows them.
func TestPolicyMatchesReadme(t *testing.T) {
	policy := readPolicy(t, "iam-policy.json")
	if policy.Version != "2012-10-17" {
		t.Errorf("policy Version %q, want 2012-10-17", policy.Version)
	}
	var allowed []string
	for _, s := range policy.Statement {
		if s.Effect != "Allow" || s.NotAction != nil || s.Condition != nil || !slices.Equal(s.Resource, stringOrList{"*"}) {
			t.Errorf("statement %q: want a plain Allow of actions on Resource *", s.Sid)
		}
		for _, a := range s.Action {
			if strings.Contains(a, "*") {
				t.Errorf("statement %q allows the wildcard %q", s.Sid, a)
			}
			allowed = append(allowed, a)
		}
	}
	slices.Sort(allowed)
	if listed := listedActions(t, "deploy/README.md", "| action | what iamaudit reads with it |", "\n\n"); !slices.Equal(allowed, listed) {
		t.Errorf("docs/iam-policy.json allows %q\ndeploy/README.md lists %q", allowed, listed)
	}

	// The caller of a multi-account run audits its own account too: its
	// policy is the role's and the organization calls, nothing more.
	caller := callerPolicyActions(t)
	orgCalls := listedActions(t, "deploy/README.md", "| action | what the caller of a multi-account run does with it |", "\n\n")
	if want := slices.Sorted(slices.Values(slices.Concat(allowed, orgCalls))); !slices.Equal(caller, want) {
		t.Errorf("docs/iam-policy-org-caller.json allows %q\nwant docs/iam-policy.json's and deploy/README.md's organization calls: %q", caller, want)
	}
	if listed := listedActions(t, "README.md", "**Read-only.**", "\n\n"); !slices.Equal(caller, listed) {
		t.Errorf("the policies allow %q\nREADME.md lists %q", caller, listed)
	}
}

// callerPolicyActions reads docs/iam-policy-org-caller.json strictly: plain
// Allows, no wildcard action, sts:AssumeRole only on roles.
func callerPolicyActions(t *testing.T) []string {
	t.Helper()
	policy := readPolicy(t, "iam-policy-org-caller.json")
	if policy.Version != "2012-10-17" {
		t.Errorf("docs/iam-policy-org-caller.json: Version %q, want 2012-10-17", policy.Version)
	}
	var out []string
	for _, s := range policy.Statement {
		if s.Effect != "Allow" || s.NotAction != nil || s.Condition != nil || len(s.Resource) != 1 {
			t.Errorf("statement %q: want a plain Allow of actions on one resource", s.Sid)
		}
		for _, a := range s.Action {
			if strings.Contains(a, "*") {
				t.Errorf("statement %q allows the wildcard %q", s.Sid, a)
			}
			if a == "sts:AssumeRole" && !strings.HasPrefix(s.Resource[0], "arn:aws:iam::*:role/") {
				t.Errorf("sts:AssumeRole on %q, want roles only", s.Resource[0])
			} else if a != "sts:AssumeRole" && s.Resource[0] != "*" {
				t.Errorf("%s on %q, want *", a, s.Resource[0])
			}
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
