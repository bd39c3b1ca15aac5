package main

import (
	"encoding/json"
	"maps"
	"os"
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
	data, err := os.ReadFile("../../docs/iam-policy.json")
	if err != nil {
		t.Fatal(err)
	}
	var policy struct {
		Statement []struct{ Action []string }
	}
	if err := json.Unmarshal(data, &policy); err != nil {
		t.Fatalf("docs/iam-policy.json: %v", err)
	}
	// The fake counts calls by action name; the names are unique across the
	// services iamaudit calls.
	allowed := map[string]string{}
	for _, s := range policy.Statement {
		for _, a := range s.Action {
			_, name, _ := strings.Cut(a, ":")
			allowed[name] = a
		}
	}
	called := map[string]bool{}
	// neglected makes every call (the others wait for the credential report,
	// which costs seconds); emulator fetches policy documents one by one.
	for fixture, args := range map[string][]string{
		"neglected":      {"--region", "us-gov-west-1"},
		"emulator":       nil,
		"org-management": nil, // the Organizations lists are asked of the management account only
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
