package audit

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func FuzzParseCredentialReport(f *testing.F) {
	root := "<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,no_information,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"
	user := `"a,b+c=d.e@f_g-h",arn:aws:iam::111122223333:user/x,2021-03-04T05:06:07+00:00,TRUE,2026-01-01T00:00:00+00:00,2025-01-01T00:00:00+00:00,N/A,false,true,2025-06-01T00:00:00+00:00,no_information,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`
	for _, seed := range []string{
		reportHeader + "\n" + root + "\n",
		reportHeader + "\n" + root + "\n" + user + "\n",
		reportHeader + "\n" + user + "\n", // no root row
		"user,arn\nbob,arn:aws:iam::1:user/bob\n",
		reportHeader + "\n" + strings.Replace(user, "TRUE", "maybe", 1) + "\n",
		reportHeader + "\n\"unterminated,\n",
		"\x1b[2J" + reportHeader,
		"",
	} {
		f.Add([]byte(seed))
	}
	generated := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := ParseCredentialReport(data, generated)
		if err != nil {
			if rep != nil {
				t.Fatal("a report and an error")
			}
			return
		}
		if rep == nil {
			t.Fatal("no report and no error")
		}
	})
}

func FuzzReadSnapshot(f *testing.F) {
	var sample bytes.Buffer
	if err := sampleSnapshotForFuzz().WriteJSON(&sample); err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		sample.String(),
		sample.String() + "{}",
		sample.String() + "\n\n  ",
		`{"schema_version": -1, "collected_at": "2026-01-01T00:00:00Z"}`,
		`{"schema_version": 1}`,
		`{"schema_version": 1, "collected_at": "2026-01-01T00:00:00Z", "gaps": [{"evidence": "x", "operation": "y", "resource": "z", "message": "m"}]}`,
		`{"schema_version": 1, "collected_at": "2026-01-01T00:00:00Z", "unknown": 1}`,
		`[]`,
		"",
	} {
		f.Add([]byte(seed))
	}
	for _, seed := range decoderSeeds {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsEncodingJSON(t, data)
		s, err := ReadSnapshot(bytes.NewReader(data))
		if err != nil {
			if s != nil {
				t.Fatal("a snapshot and an error")
			}
			return
		}
		if s.SchemaVersion < 1 || s.SchemaVersion > SchemaVersion || s.CollectedAt.IsZero() {
			t.Fatalf("accepted schema_version %d, collected_at %v", s.SchemaVersion, s.CollectedAt)
		}
		// What was accepted writes back and reads back.
		var buf bytes.Buffer
		if err := s.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadSnapshot(&buf); err != nil {
			t.Fatalf("round trip: %v", err)
		}
	})
}

func sampleSnapshotForFuzz() *Snapshot {
	return &Snapshot{
		SchemaVersion:  SchemaVersion,
		CollectedAt:    time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC),
		Account:        Account{ID: "111122223333", Partition: "aws", CallerARN: "arn:aws:iam::111122223333:user/a"},
		AccountSummary: &AccountSummary{Values: map[string]int32{"Users": 1}},
		Gaps:           []Gap{{Evidence: EvidenceManagedPolicies, Operation: "GetPolicy", Resource: "arn:aws:iam::aws:policy/X", Code: "AccessDenied", Message: "no"}},
	}
}

// endless is an evidence document that never ends: an opening brace and
// then whitespace forever.
type endless struct{ started bool }

func (e *endless) Read(p []byte) (int, error) {
	if !e.started {
		e.started = true
		return copy(p, `{"schema_version": 1, "tool_version": "`), nil
	}
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

func TestReadSnapshotRefusesEndlessInput(t *testing.T) {
	old := maxSnapshotBytes
	maxSnapshotBytes = 1 << 20
	defer func() { maxSnapshotBytes = old }()
	_, err := ReadSnapshot(&endless{})
	if !errors.Is(err, ErrSnapshotTooLarge) || err.Error() != "decode evidence: evidence is larger than 256 MiB, more than any account's evidence" {
		t.Fatalf("err = %v", err)
	}
}

func TestCapReaderExactlyAtCap(t *testing.T) {
	r := &capReader{r: strings.NewReader("abcd"), n: 4}
	if data, err := io.ReadAll(r); err != nil || string(data) != "abcd" {
		t.Errorf("at the cap: %q, %v", data, err)
	}
	r = &capReader{r: strings.NewReader("abcde"), n: 4}
	if _, err := io.ReadAll(r); !errors.Is(err, ErrSnapshotTooLarge) {
		t.Errorf("beyond the cap: %v", err)
	}
}

func TestGapConcerns(t *testing.T) {
	accountWide := Gap{Operation: "GetAccountAuthorizationDetails"}
	onePolicy := Gap{Operation: "GetPolicy", Resource: "arn:aws:iam::aws:policy/A", Code: "AccessDenied", Message: "no"}
	if !accountWide.Concerns("arn:aws:iam::aws:policy/B") || !onePolicy.Concerns("arn:aws:iam::aws:policy/A") || onePolicy.Concerns("arn:aws:iam::aws:policy/B") {
		t.Error("Concerns")
	}
	if got, want := onePolicy.String(), "GetPolicy: AccessDenied: arn:aws:iam::aws:policy/A: no"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}
