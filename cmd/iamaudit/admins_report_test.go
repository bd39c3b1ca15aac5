package main

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/result"
)

// scanAdmins runs scan with args and returns its JSON report's
// administrators section and whether the report has one.
func scanAdmins(t *testing.T, args ...string) ([]result.AdminInventory, bool) {
	t.Helper()
	code, out, stderr := runCLI(t, append([]string{"scan", "-f", "json"}, args...)...)
	if code != exitFindings && code != exitIncomplete && code != exitClean {
		t.Fatalf("scan %v: exit %d; stderr:\n%s", args, code, stderr)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	raw, ok := doc["admins"]
	if !ok {
		return nil, false
	}
	var invs []result.AdminInventory
	if err := json.Unmarshal(raw, &invs); err != nil {
		t.Fatal(err)
	}
	return invs, true
}

// TestAdminsReportAgreesWithCommand: the report's administrators section
// is exactly what 'iamaudit admins' prints, whichever admin rule the scan
// ran; a scan that ran neither (--rule, --framework) has no section in
// JSON, table or HTML, rather than an empty one.
func TestAdminsReportAgreesWithCommand(t *testing.T) {
	path := collectFixture(t, "small")
	code, out, stderr := runCLI(t, "admins", "--from", path, "-f", "json")
	if code != exitClean {
		t.Fatalf("admins: exit %d: %s", code, stderr)
	}
	var cmd result.AdminInventory
	if err := json.Unmarshal([]byte(out), &cmd); err != nil {
		t.Fatal(err)
	}
	if len(cmd.Principals) != 5 {
		t.Fatalf("admins lists %d principals, want 5", len(cmd.Principals))
	}
	for _, args := range [][]string{nil, {"--rule", "IAM-ADMIN-ESCALATION-PATH"}, {"--rule", "IAM-ADMIN-UNPROTECTED,IAM-ROOT-MFA"}} {
		invs, ok := scanAdmins(t, append([]string{"--from", path}, args...)...)
		if !ok || len(invs) != 1 || !reflect.DeepEqual(invs[0], cmd) {
			t.Errorf("scan %v: administrators section differs from 'iamaudit admins':\n%+v\n%+v", args, invs, cmd)
		}
	}
	for _, args := range [][]string{{"--rule", "IAM-ROOT-MFA,IAM-USER-CONSOLE-MFA"}, {"--framework", "cis-aws-3.0"}} {
		if invs, ok := scanAdmins(t, append([]string{"--from", path}, args...)...); ok {
			t.Errorf("scan %v ran no admin rule but has an administrators section: %+v", args, invs)
		}
		for f, marker := range map[string]string{"table": "Administrators", "html": `id="admins"`, "markdown": "## Administrators"} {
			_, out, _ := runCLI(t, append([]string{"scan", "--from", path, "-f", f}, args...)...)
			if strings.Contains(out, marker) {
				t.Errorf("scan %v -f %s shows an administrators section", args, f)
			}
		}
	}
	_, table, _ := runCLI(t, "scan", "--from", path)
	if !strings.Contains(table, "4 admin, 1 can become admin, 0 may be admin; 2 not protected, 0 with protections unknown") ||
		!strings.Contains(table, "iamaudit admins --from EVIDENCE") {
		t.Errorf("the table's administrators summary is wrong:\n%s", table)
	}
}

// TestAdminsAttackerFixture: the attacker fixture, collected through the
// fake: root, and ana, admin through "*" on "arn:*" (which covers every resource of
// the partition) and protected; the roles that anyone may assume hold no
// permissions, so none of them is listed.
func TestAdminsAttackerFixture(t *testing.T) {
	isolateAWS(t)
	srv := startFake(t, "../../testdata/fixtures/attacker.yaml")
	invs, ok := scanAdmins(t, "--endpoint-url", srv.URL())
	if !ok || len(invs) != 1 || invs[0].AccountID != "444455556666" || invs[0].Unknown != "" {
		t.Fatalf("inventories: %+v", invs)
	}
	ps := invs[0].Principals
	if len(ps) != 2 || ps[0].Kind != "root" || ps[0].Protection != result.Pass {
		t.Fatalf("got %d principals, want root (protected: hardware MFA, no keys) and ana: %+v", len(ps), ps)
	}
	e := ps[1]
	if e.Kind != "user" || e.Name != "ana" || e.Status != result.AdminIs || e.Hops != 0 || e.Protection != result.Pass ||
		!reflect.DeepEqual(e.GrantedBy, []string{"managed policy AdminByArnPattern (v1) Statement[0]"}) {
		t.Errorf("got %+v", e)
	}
}
