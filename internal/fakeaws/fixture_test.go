package fakeaws

import (
	"strings"
	"testing"
)

func TestLoadFixtureSmall(t *testing.T) {
	a, err := LoadFixture("../../testdata/fixtures/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if a.AccountID != "123456789012" || len(a.Users) != 12 || len(a.Groups) != 4 || len(a.Roles) != 5 || len(a.Policies) != 4 {
		t.Fatalf("unexpected fixture shape: acct=%s users=%d groups=%d roles=%d policies=%d",
			a.AccountID, len(a.Users), len(a.Groups), len(a.Roles), len(a.Policies))
	}
}

func TestParseFixtureUnknownField(t *testing.T) {
	_, err := ParseFixture([]byte("account_id: \"123456789012\"\nroot: {}\nusers:\n  - name: a\n    pasword_enabled: true\n"))
	if err == nil || !strings.Contains(err.Error(), "pasword_enabled") {
		t.Fatalf("want an error naming the unknown field, got %v", err)
	}
}
