package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/iamaudit/iamaudit/internal/fakeaws"
)

// TestFakeServesWhatTheProductCalls: the operations the fake serves are
// exactly the operations iamaudit calls, over every command that calls AWS:
// collections over fixtures that between them make every read call
// (neglected: every source; emulator: policy documents one by one), a role
// profile (the SDK's AssumeRole), an organization scan (ListAccounts) and
// publish securityhub. A new call with
// no faithful fake, or a fake operation nothing calls, fails here.
func TestFakeServesWhatTheProductCalls(t *testing.T) {
	called := collectionCalls(t)
	record := func(srv *fakeaws.Server) {
		for op, n := range srv.Calls() {
			if n > 0 {
				called[op] = true
			}
		}
	}

	// A role profile: the SDK assumes the role through STS.
	isolateAWS(t)
	srv := startFake(t, smallFixture)
	dir := t.TempDir()
	creds, cfg := filepath.Join(dir, "credentials"), filepath.Join(dir, "config")
	if err := os.WriteFile(creds, []byte("[hub]\naws_access_key_id = AKIDHUB0000000000001\naws_secret_access_key = secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, []byte("[profile target]\nrole_arn = arn:aws:iam::123456789012:role/AWSSupportRole\nsource_profile = hub\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	t.Setenv("AWS_CONFIG_FILE", cfg)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	t.Setenv("AWS_ENDPOINT_URL_STS", srv.URL())
	report := filepath.Join(dir, "report.json")
	if code, _, stderr := runCLI(t, "scan", "--profile", "target", "--endpoint-url", srv.URL(), "-o", report, "--fail-on", "none"); code != exitClean && code != exitIncomplete {
		t.Fatalf("role profile scan: exit %d; stderr:\n%s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "publish", "securityhub", report, "--region", "us-east-1", "--profile", "target", "--endpoint-url", srv.URL()); code != exitClean {
		t.Fatalf("publish: exit %d; stderr:\n%s", code, stderr)
	}
	record(srv)

	// An organization: ListAccounts, and AssumeRole into each member.
	isolateAWS(t)
	org, _, _ := testOrg(t)
	if code, _ := scanOrg(t, org, filepath.Join(t.TempDir(), "org.json"), "--org"); code == exitError {
		t.Fatalf("scan --org: exit %d", code)
	}
	record(org)

	served := fakeaws.Operations()
	calledList := make([]string, 0, len(called))
	for op := range called {
		calledList = append(calledList, op)
	}
	slices.Sort(calledList)
	for _, op := range served {
		if !called[op] {
			t.Errorf("the fake serves %s, which no iamaudit command calls: remove it", op)
		}
	}
	for _, op := range calledList {
		if !slices.Contains(served, op) {
			t.Errorf("iamaudit calls %s, which the fake does not serve", op)
		}
	}
}
