package audit

import (
	"strings"
	"testing"
	"time"
)

func TestIdentityError(t *testing.T) {
	good := func() *Snapshot {
		return &Snapshot{CollectedAt: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC),
			Account: Account{ID: "123456789012", Partition: "aws-us-gov"}}
	}
	for _, tc := range []struct {
		name   string
		mutate func(*Snapshot)
		want   string // substring of the error; "" means valid
	}{
		{"valid", func(*Snapshot) {}, ""},
		{"china partition", func(s *Snapshot) { s.Account.Partition = "aws-cn" }, ""},
		{"empty account", func(s *Snapshot) { s.Account.ID = "" }, "account.id is empty"},
		{"11 digits", func(s *Snapshot) { s.Account.ID = "12345678901" }, "account.id \"12345678901\" is not"},
		{"letters", func(s *Snapshot) { s.Account.ID = "12345678901a" }, "account.id"},
		{"wildcard", func(s *Snapshot) { s.Account.ID = "*" }, "account.id"},
		{"empty partition", func(s *Snapshot) { s.Account.Partition = "" }, "account.partition is empty"},
		{"unknown partition", func(s *Snapshot) { s.Account.Partition = "aws-mars" }, "account.partition \"aws-mars\""},
		{"no time", func(s *Snapshot) { s.CollectedAt = time.Time{} }, "collected_at is missing"},
		{"ancient time", func(s *Snapshot) { s.CollectedAt = time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC) }, "before AWS existed"},
		{"hostile long value", func(s *Snapshot) { s.Account.ID = strings.Repeat("9", 5000) }, "(5000 bytes)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := good()
			tc.mutate(s)
			err := s.IdentityError()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("IdentityError = %v, want nil", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("IdentityError = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}
