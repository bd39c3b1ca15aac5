package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/result"
)

// ec2Fixture: an admin role EC2 may assume in an instance profile, one in
// none, and a user who may pass each to EC2 and run instances.
const ec2Fixture = `account_id: "123456789012"
partition: aws
caller_arn: arn:aws:sts::123456789012:assumed-role/SecurityAudit/iamaudit
now: 2026-11-01T12:00:00Z
%EMULATOR%
users:
  - name: launcher
    create_date: 2025-01-01T00:00:00Z
    inline_policies:
      - name: launch
        document: |-
          {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::123456789012:role/ec2-admin"},{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*"}]}
  - name: bare-launcher
    create_date: 2025-01-01T00:00:00Z
    inline_policies:
      - name: launch
        document: |-
          {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::123456789012:role/bare-admin"},{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*"}]}
roles:
  - name: ec2-admin
    create_date: 2025-01-01T00:00:00Z
    assume_role_policy: |-
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}
    attached_policies: [arn:aws:iam::aws:policy/AdministratorAccess]
    instance_profiles: [ec2-admin-profile]
  - name: bare-admin
    create_date: 2025-01-01T00:00:00Z
    assume_role_policy: |-
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}
    attached_policies: [arn:aws:iam::aws:policy/AdministratorAccess]
`

// TestEC2InstanceProfileEndToEnd: collected through the fake and the real
// SDK, the instance profile of the admin role makes PassRole +
// ec2:RunInstances a path (FAIL, ec2-001, naming the profile), while the
// role in none is no path for a user who may not make a profile; the same
// with an emulator that lists every profile under each role (moto).
func TestEC2InstanceProfileEndToEnd(t *testing.T) {
	for _, emu := range []string{"", "emulator:\n  all_instance_profiles: true"} {
		t.Run("emulator="+emu, func(t *testing.T) {
			isolateAWS(t)
			path := filepath.Join(t.TempDir(), "ec2.yaml")
			if err := os.WriteFile(path, []byte(strings.Replace(ec2Fixture, "%EMULATOR%", emu, 1)), 0o600); err != nil {
				t.Fatal(err)
			}
			srv := startFake(t, path)
			code, out, stderr := runCLI(t, "scan", "--endpoint-url", srv.URL(), "-f", "json")
			if code != exitFindings {
				t.Fatalf("exit %d; stderr:\n%s", code, stderr)
			}
			var got []string
			for _, l := range triples(t, out) {
				if strings.HasPrefix(l, "IAM-ADMIN-ESCALATION-PATH ") {
					got = append(got, l)
				}
			}
			want := []string{
				"IAM-ADMIN-ESCALATION-PATH arn:aws:iam::123456789012:role/bare-admin PASS",
				"IAM-ADMIN-ESCALATION-PATH arn:aws:iam::123456789012:role/ec2-admin PASS",
				"IAM-ADMIN-ESCALATION-PATH arn:aws:iam::123456789012:user/bare-launcher PASS",
				"IAM-ADMIN-ESCALATION-PATH arn:aws:iam::123456789012:user/launcher FAIL",
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("results:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			var doc struct {
				Admins []result.AdminInventory `json:"admins"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Admins) != 1 {
				t.Fatalf("admins: %v, %d inventories", err, len(doc.Admins))
			}
			invs := doc.Admins
			var launcher *result.AdminEntry
			for i, e := range invs[0].Principals {
				if e.Name == "launcher" {
					launcher = &invs[0].Principals[i]
				}
			}
			if launcher == nil || launcher.Status != result.AdminCanBecome || len(launcher.Steps) != 1 || launcher.Steps[0].CatalogID != "ec2-001" ||
				!strings.Contains(launcher.Steps[0].Action, "instance profile ec2-admin-profile") {
				t.Errorf("launcher: %+v", launcher)
			}
		})
	}
}

// TestOldEvidenceScansAsBefore: evidence written before roles carried
// their instance profiles (testdata/old-evidence, the sample evidence as
// it was) gives the same results as the refreshed sample evidence.
func TestOldEvidenceScansAsBefore(t *testing.T) {
	isolateAWS(t)
	code, stdout, stderr := runCLI(t, "scan", "--from", "../../testdata/old-evidence/sample-before-instance-profiles.json", "--format", "json", "--fail-on", "none")
	if code != exitClean {
		t.Fatalf("scan --from exit %d; stderr:\n%s", code, stderr)
	}
	compareLines(t, "testdata/small.expected", triples(t, stdout))
}
