package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/rules"
)

// collectFixture collects a fake-AWS fixture into a temp evidence file.
func collectFixture(t *testing.T, fixture string, args ...string) string {
	t.Helper()
	isolateAWS(t)
	srv := startFake(t, "../../testdata/fixtures/"+fixture+".yaml")
	_, evidence, stderr := runCLI(t, append([]string{"collect", "--endpoint-url", srv.URL()}, args...)...)
	if !strings.Contains(evidence, "authorization") {
		t.Fatalf("collect %s: no evidence; stderr:\n%s", fixture, stderr)
	}
	path := filepath.Join(t.TempDir(), "evidence.json")
	if err := os.WriteFile(path, []byte(evidence), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestAdminsCommand: the inventory of small.yaml, as JSON and as a table:
// alice (Admins group) and heidi (inline break-glass) are admin, oscar
// (IAMFullAccess) can make himself admin in one step, PartnerAdminRole is
// admin and trusted by another account without an external ID.
func TestAdminsCommand(t *testing.T) {
	path := collectFixture(t, "small")
	code, out, stderr := runCLI(t, "admins", "--from", path, "-f", "json")
	if code != exitClean {
		t.Fatalf("admins -f json: exit %d; stderr: %s", code, stderr)
	}
	var got struct {
		Admins []rules.AdminEntry `json:"admins"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	type row struct {
		name, status string
		hops         int
		protection   string
	}
	want := []row{{"<root_account>", "admin", 0, "FAIL"}, {"alice", "admin", 0, "PASS"}, {"heidi", "admin", 0, "PASS"}, {"oscar", "can become admin", 1, "PASS"}, {"PartnerAdminRole", "admin", 0, "FAIL"}}
	if len(got.Admins) != len(want) {
		t.Fatalf("got %d entries, want %d: %+v", len(got.Admins), len(want), got.Admins)
	}
	for i, w := range want {
		g := got.Admins[i]
		if g.Name != w.name || g.Status != w.status || g.Hops != w.hops || string(g.Protection) != w.protection {
			t.Errorf("entry %d: got %s %s %d %s, want %+v", i, g.Name, g.Status, g.Hops, g.Protection, w)
		}
		t.Logf("%s %s: %s %s | %s", g.Kind, g.Name, g.Path, g.Unknown, g.ProtectionReason)
	}
	if !strings.Contains(got.Admins[3].Path, "iam-007") || !strings.Contains(got.Admins[3].Path, "IAMFullAccess") {
		t.Errorf("oscar's path does not quote iam-007 and IAMFullAccess: %s", got.Admins[3].Path)
	}
	code, out, _ = runCLI(t, "admins", "--from", path)
	if code != exitClean || !strings.Contains(out, "oscar") || !strings.Contains(out, "IAM-ROLE-TRUST-CROSS-ACCOUNT") {
		t.Errorf("admins table: exit %d:\n%s", code, out)
	}
	if code, _, stderr := runCLI(t, "admins", "--from", path, "-f", "xml"); code != exitError || !strings.Contains(stderr, "want table or json") {
		t.Errorf("-f xml: exit %d, stderr %q", code, stderr)
	}
	if code, _, _ := runCLI(t, "admins"); code != exitError {
		t.Errorf("no --from: exit %d, want %d", code, exitError)
	}
}

// TestAdminsFixtures logs the inventory of the other fixtures, for review.
func TestAdminsFixtures(t *testing.T) {
	for _, fx := range []struct {
		name string
		args []string
	}{{"neglected", []string{"--region", "us-gov-west-1"}}, {"emulator", nil}} {
		path := collectFixture(t, fx.name, fx.args...)
		_, out, _ := runCLI(t, "admins", "--from", path, "-f", "json")
		t.Logf("%s:\n%s", fx.name, out)
	}
}
