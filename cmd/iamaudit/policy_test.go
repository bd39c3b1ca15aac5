package main

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCallsMatchPolicy: the actions a collection calls, over fixture
// accounts, are exactly the actions docs/iam-policy.json allows (which
// deploy's TestPolicyMatchesReadme holds equal to README's read-only list):
// a role with that policy sees everything, and the policy grants nothing
// iamaudit does not use.
func TestCallsMatchPolicy(t *testing.T) {
	allowed := policyActions(t, "iam-policy.json")
	called := collectionCalls(t)
	for _, action := range slices.Sorted(maps.Keys(called)) {
		if _, ok := allowed[action]; !ok {
			t.Errorf("collection calls %s, which docs/iam-policy.json (and README's read-only list) does not name", action)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(allowed)) {
		if !called[name] {
			t.Errorf("docs/iam-policy.json allows %s, which no collection of the fixtures calls", allowed[name])
		}
	}
}

// TestOrgCallsMatchCallerPolicy: a multi-account run calls, from the
// caller's account, only what docs/iam-policy-org-caller.json allows, and
// every organization action it adds; in the audited accounts, only what
// docs/iam-policy.json allows.
func TestOrgCallsMatchCallerPolicy(t *testing.T) {
	role, caller := policyActions(t, "iam-policy.json"), policyActions(t, "iam-policy-org-caller.json")
	isolateAWS(t)
	srv, _, org := testOrg(t)
	code, _, stderr := runCLI(t, "scan", "--org", "--endpoint-url", srv.URL(), "--requests-per-second", "0", "-o", filepath.Join(t.TempDir(), "org.json"))
	if code != exitFindings && code != exitIncomplete {
		t.Fatalf("scan --org: exit %d; stderr:\n%s", code, stderr)
	}
	called := srv.Calls()
	for action := range called {
		if _, ok := caller[action]; !ok {
			t.Errorf("the caller's account is called %s, which docs/iam-policy-org-caller.json does not allow", action)
		}
	}
	for action := range caller {
		if _, ok := role[action]; !ok && called[action] == 0 {
			t.Errorf("docs/iam-policy-org-caller.json allows %s, which scan --org does not call", action)
		}
	}
	for _, m := range org.Members {
		for action := range srv.Member(m.Account.AccountID).Calls() {
			if _, ok := role[action]; !ok {
				t.Errorf("member %s is called %s, which docs/iam-policy.json does not allow", m.Account.AccountID, action)
			}
		}
	}
}

// policyActions are the actions a policy of docs/ allows, by name without
// the service prefix (the fake counts calls by name; the names are unique
// across the services iamaudit calls), each as the policy writes it.
func policyActions(t *testing.T, file string) map[string]string {
	t.Helper()
	var policy struct {
		Statement []struct{ Action []string }
	}
	readJSONFile(t, "../../docs/"+file, &policy)
	out := map[string]string{}
	for _, s := range policy.Statement {
		for _, a := range s.Action {
			_, name, _ := strings.Cut(a, ":")
			out[name] = a
		}
	}
	return out
}

// collectionCalls collects over the fixtures that between them make every
// read call of a single-account collection, and returns the operations the
// fake served: neglected makes every call (the others wait for the
// credential report, which costs seconds), emulator fetches policy
// documents one by one, and the Organizations lists are asked of a
// management account only.
func collectionCalls(t *testing.T) map[string]bool {
	t.Helper()
	called := map[string]bool{}
	for fixture, args := range map[string][]string{
		"neglected":      {"--region", "us-gov-west-1"},
		"emulator":       nil,
		"org-management": nil,
	} {
		isolateAWS(t)
		srv := startFake(t, "../../testdata/fixtures/"+fixture+".yaml")
		code, _, stderr := runCLI(t, append([]string{"collect", "--endpoint-url", srv.URL(), "-o", filepath.Join(t.TempDir(), "evidence.json")}, args...)...)
		if code != exitClean && code != exitIncomplete {
			t.Fatalf("%s: collect exit %d; stderr:\n%s", fixture, code, stderr)
		}
		for action, n := range srv.Calls() {
			if n > 0 {
				called[action] = true
			}
		}
	}
	return called
}
