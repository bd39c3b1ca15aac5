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

func TestValidateRejectsBrokenFixtures(t *testing.T) {
	base := func() *Account {
		return &Account{AccountID: "123456789012", Groups: []Group{{Name: "G"}},
			Policies: []ManagedPolicy{{Name: "P", Versions: []PolicyVersion{{Document: "{}"}}}}}
	}
	cases := []struct {
		name   string
		mutate func(a *Account)
		want   string
	}{
		{"short account", func(a *Account) { a.AccountID = "123" }, "account_id"},
		{"root mfa", func(a *Account) { a.Root.MFA = "yubikey" }, "root.mfa"},
		{"unknown group", func(a *Account) { a.Users = []User{{Name: "u", Groups: []string{"Nope"}}} }, `group "Nope"`},
		{"unknown policy", func(a *Account) {
			a.Users = []User{{Name: "u", AttachedPolicies: []string{"arn:aws:iam::123456789012:policy/Nope"}}}
		}, "policy/Nope"},
		{"three keys", func(a *Account) { a.Users = []User{{Name: "u", AccessKeys: make([]AccessKey, 3)}} }, "at most 2"},
		{"duplicate user", func(a *Account) { a.Users = []User{{Name: "u"}, {Name: "u"}} }, "twice"},
		{"unknown fault kind", func(a *Account) { a.Faults = []Fault{{Action: "ListUsers", Kind: "explode"}} }, `kind "explode"`},
		{"error fault without code", func(a *Account) { a.Faults = []Fault{{Action: "ListUsers"}} }, "action and code are required"},
		{"bad mfa type", func(a *Account) { a.Users = []User{{Name: "u", MFADevices: []MFADevice{{Type: "sms"}}}} }, "sms"},
		{"bad key status", func(a *Account) { a.Users = []User{{Name: "u", AccessKeys: []AccessKey{{Status: "Disabled"}}}} }, "Disabled"},
		{"bad default version", func(a *Account) { a.Policies[0].DefaultVersion = "v7" }, "v7"},
		{"root keys", func(a *Account) { a.Root.AccessKeys = make([]AccessKey, 3) }, "root: at most 2"},
		{"unknown boundary", func(a *Account) {
			a.Roles = []Role{{Name: "r", PermissionsBoundary: "arn:aws:iam::123456789012:policy/Nope"}}
		}, "permissions boundary"},
		{"fault without code", func(a *Account) { a.Faults = []Fault{{Action: "GetCredentialReport"}} }, "required"},
		{"timestamp style", func(a *Account) { a.Emulator.TimestampStyle = "unix" }, "timestamp_style"},
		{"region status", func(a *Account) { a.Regions = []Region{{Name: "us-east-1", Status: "ON"}} }, `status "ON"`},
		{"analyzer type", func(a *Account) {
			a.AccessAnalyzers = map[string][]Analyzer{"us-east-1": {{Name: "x", Type: "EXTERNAL"}}}
		}, `type "EXTERNAL"`},
		{"analyzer status", func(a *Account) {
			a.AccessAnalyzers = map[string][]Analyzer{"us-east-1": {{Name: "x", Type: "ACCOUNT", Status: "ENABLED"}}}
		}, `status "ENABLED"`},
		{"duplicate analyzer", func(a *Account) {
			a.AccessAnalyzers = map[string][]Analyzer{"us-east-1": {{Name: "x", Type: "ACCOUNT"}, {Name: "x", Type: "ACCOUNT_UNUSED_ACCESS"}}}
		}, "twice"},
		{"fault status", func(a *Account) { a.Faults = []Fault{{Action: "ListRegions", Code: "X", Status: 200}} }, "status 200"},
	}
	if err := base().Validate(); err != nil {
		t.Fatalf("base fixture: %v", err)
	}
	for _, c := range cases {
		a := base()
		c.mutate(a)
		err := a.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
}
