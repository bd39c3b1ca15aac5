package audit

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func sampleSnapshot(t *testing.T) *Snapshot {
	t.Helper()
	csv := reportHeader + "\n" +
		"<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,no_information,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n"
	collected := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	rep, err := ParseCredentialReport([]byte(csv), collected.Add(-90*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	enabled := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	return &Snapshot{
		SchemaVersion: SchemaVersion, ToolVersion: "v0.1.0", CollectedAt: collected,
		Account:           Account{ID: "111122223333", Partition: "aws", CallerARN: "arn:aws:iam::111122223333:user/auditor"},
		CredentialReport:  rep,
		AccountSummary:    &AccountSummary{Values: map[string]int32{"AccountMFAEnabled": 1, "Users": 0}},
		PasswordPolicy:    &PasswordPolicy{Present: true, MinimumPasswordLength: 14, ExpirePasswords: true, MaxPasswordAge: 90},
		VirtualMFADevices: &VirtualMFADevices{Devices: []VirtualMFADevice{{SerialNumber: "arn:aws:iam::111122223333:mfa/root", UserARN: "arn:aws:iam::111122223333:root", EnableDate: &enabled}}},
		Authorization: &AuthorizationDetails{
			Users:    []User{{Name: "bob", ARN: "arn:aws:iam::111122223333:user/bob", Groups: []string{"admins"}, InlinePolicies: []InlinePolicy{{Name: "p", Document: `{"Statement":[]}`}}}},
			Policies: []ManagedPolicy{{Name: "Admin", ARN: "arn:aws:iam::aws:policy/AdministratorAccess", AWSManaged: true, DefaultVersionID: "v1", Versions: []PolicyVersion{{VersionID: "v1", IsDefault: true, Document: `{"Version":"2012-10-17"}`}}}},
		},
		ServerCertificates: &ServerCertificates{Certificates: []ServerCertificate{}},
		Regions:            &Regions{Enabled: []string{"eu-west-1", "us-east-1", "us-west-2"}},
		AccessAnalyzers: &AccessAnalyzers{ByRegion: map[string][]Analyzer{
			"us-east-1": {{Name: "ext", ARN: "arn:aws:access-analyzer:us-east-1:111122223333:analyzer/ext", Type: "ACCOUNT", Status: "ACTIVE"}},
			"eu-west-1": {},
		}},
		Gaps: []Gap{
			{Evidence: EvidenceServerCertificates, Operation: "ListServerCertificates", Code: "AccessDenied", Message: "denied"},
			{Evidence: EvidenceAccessAnalyzers, Operation: "ListAnalyzers", Code: "AccessDeniedException", Message: "us-west-2: denied"},
		},
	}
}

func TestSnapshotRoundTripIsLossless(t *testing.T) {
	s := sampleSnapshot(t)
	var first bytes.Buffer
	if err := s.WriteJSON(&first); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(first.String(), `"credential_report_age": "1h30m0s"`) {
		t.Errorf("evidence JSON lacks the credential report age:\n%s", first.String())
	}
	if !strings.Contains(first.String(), `"password_enabled": "not_supported"`) {
		t.Errorf("special values must be written as the report's text")
	}
	back, err := ReadSnapshot(bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var second bytes.Buffer
	if err := back.WriteJSON(&second); err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Fatalf("round trip changed the evidence:\nfirst:\n%s\nsecond:\n%s", first.String(), second.String())
	}
	root, _ := back.CredentialReport.Root()
	if root.PasswordEnabled.State != StateNotSupported || root.PasswordLastUsed.State != StateNoInformation {
		t.Errorf("states lost: %v %v", root.PasswordEnabled, root.PasswordLastUsed)
	}
	if back.CredentialReportAge() != 90*time.Minute {
		t.Errorf("age = %v", back.CredentialReportAge())
	}
}

func TestReadSnapshotRejectsBadInput(t *testing.T) {
	for name, tc := range map[string]struct{ in, want string }{
		"not json":       {"hello", "decode evidence"},
		"no version":     {`{"collected_at":"2026-01-01T00:00:00Z"}`, "no schema_version"},
		"future version": {`{"schema_version":99,"collected_at":"2026-01-01T00:00:00Z"}`, "schema_version 99 is newer"},
		"unknown field":  {`{"schema_version":1,"collected_at":"2026-01-01T00:00:00Z","surprise":1}`, `unknown field "surprise"`},
		"no time":        {`{"schema_version":1,"account":{"id":"123456789012","partition":"aws"}}`, "collected_at is missing"},
		"no account":     {`{"schema_version":1,"collected_at":"2026-01-01T00:00:00Z"}`, "account.id is empty"},
		"bad account":    {`{"schema_version":1,"collected_at":"2026-01-01T00:00:00Z","account":{"id":"12345","partition":"aws"}}`, `account.id "12345" is not an AWS account ID`},
		"bad partition":  {`{"schema_version":1,"collected_at":"2026-01-01T00:00:00Z","account":{"id":"123456789012","partition":"awz"}}`, `account.partition "awz"`},
		"bad state":      {`{"schema_version":1,"collected_at":"2026-01-01T00:00:00Z","credential_report":{"generated_time":"2026-01-01T00:00:00Z","rows":[{"user":"x","arn":"y","mfa_active":"maybe"}]}}`, `invalid boolean "maybe"`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadSnapshot(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestSnapshotRoundTripKeepsRegionsAndAnalyzers(t *testing.T) {
	var buf bytes.Buffer
	if err := sampleSnapshot(t).WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ReadSnapshot(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(back.Regions.Enabled, ","); got != "eu-west-1,us-east-1,us-west-2" {
		t.Errorf("regions = %q", got)
	}
	as, ok := back.AccessAnalyzers.Listed("us-east-1")
	if !ok || len(as) != 1 || as[0] != (Analyzer{Name: "ext", ARN: "arn:aws:access-analyzer:us-east-1:111122223333:analyzer/ext", Type: "ACCOUNT", Status: "ACTIVE"}) {
		t.Errorf("us-east-1 analyzers = %+v, %v", as, ok)
	}
	// Listed and empty must stay distinguishable from not listed.
	if as, ok := back.AccessAnalyzers.Listed("eu-west-1"); !ok || len(as) != 0 {
		t.Errorf("eu-west-1 = %+v, %v; want listed and empty", as, ok)
	}
	if _, ok := back.AccessAnalyzers.Listed("us-west-2"); ok {
		t.Error("us-west-2 failed to list and must be absent")
	}
	if !back.Collected(EvidenceRegions) || !back.Collected(EvidenceAccessAnalyzers) {
		t.Error("regions and analyzers must count as collected")
	}
}

// TestReadSnapshotWithoutRegions reads a file written before regions and
// analyzers were collected: both are simply not collected.
func TestReadSnapshotWithoutRegions(t *testing.T) {
	s, err := ReadSnapshot(strings.NewReader(`{"schema_version":1,"collected_at":"2026-01-01T00:00:00Z","account":{"id":"111122223333","partition":"aws","caller_arn":"x"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if s.Collected(EvidenceRegions) || s.Collected(EvidenceAccessAnalyzers) {
		t.Error("an old file has neither regions nor analyzers")
	}
	if _, ok := s.AccessAnalyzers.Listed("us-east-1"); ok {
		t.Error("Listed on a nil source must report not listed")
	}
}
