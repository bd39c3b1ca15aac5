package collect_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/internal/golden"
)

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err) // test-only constant input
	}
	return t
}

// TestCollectSmallFixture collects the shared realistic fixture and checks
// the whole snapshot against a golden file (reviewed by hand; regenerate
// with -update when the fixture changes), plus the facts rules depend on
// spelled out, so a wrong golden cannot hide them.
func TestCollectSmallFixture(t *testing.T) {
	isolateEnv(t)
	acct := loadFixture(t, "small")
	srv := startFake(t, acct)
	snap := runCollect(t, testOptions(srv))

	// Plain JSON of the snapshot, not WriteJSON: this golden pins what was
	// collected, independently of the evidence file's wire format.
	data, err := json.MarshalIndent(snap, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	buf := bytes.NewBuffer(append(data, '\n'))
	goldenPath := filepath.Join("testdata", "small.snapshot.json")
	golden.Check(t, goldenPath, buf.Bytes())
	want, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	// The golden must round-trip through the evidence reader.
	if _, err := audit.ReadSnapshot(bytes.NewReader(want)); err != nil {
		t.Errorf("golden does not read back: %v", err)
	}

	if len(snap.Gaps) != 0 {
		t.Fatalf("gaps = %v", snap.Gaps)
	}
	ad := snap.Authorization

	t.Run("users", func(t *testing.T) {
		var names []string
		for _, u := range ad.Users {
			names = append(names, u.Name)
		}
		want := []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
			"ci,deploy+bot=1@example.com", "judy", "mallory", "oscar"}
		if !reflect.DeepEqual(names, want) {
			t.Fatalf("users = %q, want %q", names, want)
		}
		bot := ad.Users[8]
		if bot.ARN != "arn:aws:iam::123456789012:user/automation/ci,deploy+bot=1@example.com" || bot.Path != "/automation/" ||
			!reflect.DeepEqual(bot.Groups, []string{"Developers"}) {
			t.Errorf("bot user = %+v", bot)
		}
		heidi := ad.Users[7]
		wantInline := []audit.InlinePolicy{{Name: "break-glass", Document: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n    \"Effect\": \"Allow\",\n    \"Action\": \"*\",\n    \"Resource\": \"*\"\n  }\n}"}}
		if !reflect.DeepEqual(heidi.InlinePolicies, wantInline) {
			t.Errorf("heidi inline = %q, want %q", heidi.InlinePolicies, wantInline)
		}
		judy := ad.Users[9]
		if judy.PermissionsBoundary != "arn:aws:iam::aws:policy/PowerUserAccess" ||
			!reflect.DeepEqual(judy.Tags, map[string]string{"team": "platform", "cost-center": "4711"}) {
			t.Errorf("judy = %+v", judy)
		}
		oscar := ad.Users[11]
		if !reflect.DeepEqual(oscar.AttachedPolicies, []audit.AttachedPolicy{{Name: "IAMFullAccess", ARN: "arn:aws:iam::aws:policy/IAMFullAccess"}}) {
			t.Errorf("oscar attached = %+v", oscar.AttachedPolicies)
		}
	})

	t.Run("groups and roles", func(t *testing.T) {
		wantGroups := map[string][]audit.AttachedPolicy{
			"Admins":     {{Name: "AdministratorAccess", ARN: "arn:aws:iam::aws:policy/AdministratorAccess"}},
			"Developers": {{Name: "PowerUserAccess", ARN: "arn:aws:iam::aws:policy/PowerUserAccess"}},
			"ReadOnly":   {{Name: "ReadOnlyAccess", ARN: "arn:aws:iam::aws:policy/ReadOnlyAccess"}},
			"Empty":      nil,
		}
		if len(ad.Groups) != len(wantGroups) {
			t.Fatalf("%d groups, want %d", len(ad.Groups), len(wantGroups))
		}
		for _, g := range ad.Groups {
			if !reflect.DeepEqual(g.AttachedPolicies, wantGroups[g.Name]) {
				t.Errorf("group %s attached = %+v, want %+v", g.Name, g.AttachedPolicies, wantGroups[g.Name])
			}
		}
		if ad.Groups[3].Name != "Empty" || ad.Groups[3].InlinePolicies != nil {
			t.Errorf("Empty group = %+v", ad.Groups[3])
		}
		var roles []string
		for _, r := range ad.Roles {
			roles = append(roles, r.Name)
		}
		if want := []string{"AWSSupportRole", "PublicTrustRole", "VendorAuditRole", "PartnerAdminRole", "data-pipeline"}; !reflect.DeepEqual(roles, want) {
			t.Fatalf("roles = %q, want %q", roles, want)
		}
		if got, want := ad.Roles[1].AssumeRolePolicy, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}`; got != want {
			t.Errorf("PublicTrustRole trust = %q, want %q", got, want)
		}
		if r := ad.Roles[0]; r.LastUsedDate == nil || !r.LastUsedDate.Equal(ts("2026-09-01T10:00:00Z")) || r.LastUsedRegion != "us-east-1" {
			t.Errorf("AWSSupportRole last used = %v %q", r.LastUsedDate, r.LastUsedRegion)
		}
		if r := ad.Roles[3]; r.LastUsedDate != nil {
			t.Errorf("PartnerAdminRole never used, got last used %v", r.LastUsedDate)
		}
	})

	t.Run("policies", func(t *testing.T) {
		type row struct {
			ARN        string
			AWSManaged bool
			Default    string
			Versions   int
		}
		var got []row
		for _, p := range ad.Policies {
			got = append(got, row{p.ARN, p.AWSManaged, p.DefaultVersionID, len(p.Versions)})
		}
		want := []row{
			{"arn:aws:iam::123456789012:policy/custom/FullAdminCustom", false, "v2", 2},
			{"arn:aws:iam::123456789012:policy/DeployPolicy", false, "v2", 2},
			{"arn:aws:iam::123456789012:policy/S3FullAccessCustom", false, "v1", 1},
			{"arn:aws:iam::123456789012:policy/UnusedAdminPolicy", false, "v1", 1},
			{"arn:aws:iam::aws:policy/AWSCloudShellFullAccess", true, builtin(t, "AWSCloudShellFullAccess").DefaultVersion, 1},
			{"arn:aws:iam::aws:policy/AWSSupportAccess", true, builtin(t, "AWSSupportAccess").DefaultVersion, 1},
			{"arn:aws:iam::aws:policy/AdministratorAccess", true, builtin(t, "AdministratorAccess").DefaultVersion, 1},
			{"arn:aws:iam::aws:policy/IAMFullAccess", true, builtin(t, "IAMFullAccess").DefaultVersion, 1},
			{"arn:aws:iam::aws:policy/PowerUserAccess", true, builtin(t, "PowerUserAccess").DefaultVersion, 1},
			{"arn:aws:iam::aws:policy/ReadOnlyAccess", true, builtin(t, "ReadOnlyAccess").DefaultVersion, 1},
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("policies =\n%+v\nwant\n%+v", got, want)
		}
		deploy, _ := ad.Policy("arn:aws:iam::123456789012:policy/DeployPolicy")
		if v := deploy.Versions[0]; v.IsDefault || v.Document != `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*:*","Resource":"*"}]}` {
			t.Errorf("DeployPolicy v1 = %+v", v)
		}
		full, _ := ad.Policy("arn:aws:iam::123456789012:policy/custom/FullAdminCustom")
		if doc, ok := full.DefaultDocument(); !ok || doc != `{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"}]}` {
			t.Errorf("FullAdminCustom default = %q", doc)
		}
		if full.AttachmentCount != 1 {
			t.Errorf("FullAdminCustom attachment count = %d, want 1", full.AttachmentCount)
		}
		for _, p := range ad.Policies[4:] {
			want := builtin(t, p.Name)
			var wantDoc string
			for _, v := range want.Versions {
				if v.ID == want.DefaultVersion {
					wantDoc = v.Document
				}
			}
			if doc, ok := p.DefaultDocument(); !ok || doc != wantDoc {
				t.Errorf("%s default document = %q, want the fake's %q", p.Name, doc, wantDoc)
			}
		}
	})

	t.Run("credential report", func(t *testing.T) {
		rep := snap.CredentialReport
		if rep == nil || len(rep.Rows) != 13 {
			t.Fatalf("report = %+v, want root + 12 users", rep)
		}
		root, ok := rep.Root()
		if !ok {
			t.Fatal("no root row")
		}
		if root.PasswordEnabled.State != audit.StateNotSupported || !root.PasswordLastUsed.Time.Equal(ts("2026-10-28T08:12:45Z")) ||
			root.PasswordLastChanged.State != audit.StateNotSupported || root.PasswordNextRotation.State != audit.StateNotSupported ||
			!root.MFAActive.True() || !root.AccessKeys[0].Active.True() ||
			!root.AccessKeys[0].LastUsedDate.Time.Equal(ts("2026-10-20T17:45:00Z")) || root.AccessKeys[0].LastUsedRegion != "us-east-1" {
			t.Errorf("root row = %+v", root)
		}
		byName := map[string]audit.CredentialRow{}
		for _, r := range rep.Users() {
			byName[r.User] = r
		}
		dave := byName["dave"]
		if !dave.PasswordEnabled.True() || dave.PasswordLastUsed.State != audit.StateNoInformation || dave.MFAActive.True() ||
			!dave.AccessKeys[0].Active.True() || dave.AccessKeys[0].LastUsedDate.State != audit.StateNA {
			t.Errorf("dave row = %+v", dave)
		}
		bot := byName["ci,deploy+bot=1@example.com"]
		if bot.AccessKeys[0].LastUsedRegion != "N/A" || bot.AccessKeys[0].LastUsedService != "iam" || !bot.PasswordEnabled.False() {
			t.Errorf("bot row = %+v", bot)
		}
		mallory := byName["mallory"]
		if !mallory.AccessKeys[0].Active.False() || mallory.AccessKeys[0].LastUsedDate.State != audit.StateNA {
			t.Errorf("mallory row = %+v", mallory)
		}
		// 180-day expiry: next rotation is last change + 180 days.
		if bob := byName["bob"]; !bob.PasswordNextRotation.Time.Equal(ts("2026-09-10T14:00:00Z").Add(180 * 24 * time.Hour)) {
			t.Errorf("bob next rotation = %v", bob.PasswordNextRotation)
		}
		if oscar := byName["oscar"]; !oscar.Certs[0].Active.True() || !oscar.Certs[0].LastRotated.Time.Equal(ts("2022-01-01T00:00:00Z")) {
			t.Errorf("oscar certs = %+v", oscar.Certs)
		}
	})

	t.Run("password policy", func(t *testing.T) {
		want := &audit.PasswordPolicy{
			Present: true, MinimumPasswordLength: 8, RequireNumbers: true, RequireLowercaseCharacters: true,
			AllowUsersToChangePassword: true, ExpirePasswords: true, MaxPasswordAge: 180, PasswordReusePrevention: 5,
		}
		wantSame(t, "password policy", snap.PasswordPolicy, want)
	})

	t.Run("virtual MFA devices", func(t *testing.T) {
		dev := func(user, enabled string) audit.VirtualMFADevice {
			return audit.VirtualMFADevice{SerialNumber: "arn:aws:iam::123456789012:mfa/" + user,
				UserARN: "arn:aws:iam::123456789012:user/" + user, UserName: user, EnableDate: ptr(ts(enabled))}
		}
		judy := dev("judy", "2025-11-11T09:15:00Z")
		judy.UserARN = "arn:aws:iam::123456789012:user/engineering/judy"
		want := []audit.VirtualMFADevice{
			{SerialNumber: "arn:aws:iam::123456789012:mfa/root-account-mfa-device", UserARN: "arn:aws:iam::123456789012:root",
				EnableDate: ptr(ts("2018-03-14T10:02:00Z"))},
			dev("alice", "2024-01-10T09:05:00Z"),
			dev("frank", "2022-02-01T09:10:00Z"),
			dev("grace", "2025-04-01T09:10:00Z"),
			judy,
			dev("oscar", "2021-10-10T10:10:00Z"),
			{SerialNumber: "arn:aws:iam::123456789012:mfa/old-phone"},
		}
		if snap.VirtualMFADevices == nil || !reflect.DeepEqual(snap.VirtualMFADevices.Devices, want) {
			t.Errorf("virtual MFA devices =\n%s\nwant\n%s", jsonOf(snap.VirtualMFADevices), jsonOf(want))
		}
	})

	t.Run("server certificates", func(t *testing.T) {
		type row struct {
			Name, ARN          string
			Upload, Expiration time.Time
		}
		var got []row
		for _, c := range snap.ServerCertificates.Certificates {
			got = append(got, row{c.Name, c.ARN, c.UploadDate, c.Expiration})
		}
		want := []row{
			{"legacy-www", "arn:aws:iam::123456789012:server-certificate/legacy-www", ts("2024-03-01T00:00:00Z"), ts("2026-03-01T00:00:00Z")},
			{"api-2026", "arn:aws:iam::123456789012:server-certificate/cloudfront/api-2026", ts("2025-11-21T00:00:00Z"), ts("2026-11-21T12:00:00Z")},
			{"internal-2027", "arn:aws:iam::123456789012:server-certificate/internal-2027", ts("2026-09-30T00:00:00Z"), ts("2027-09-30T00:00:00Z")},
		}
		wantSame(t, "certificates", got, want)
	})

	t.Run("summary", func(t *testing.T) {
		for key, want := range map[string]int32{"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 1, "Users": 12, "Groups": 4, "Roles": 5, "Policies": 4} {
			if got, ok := snap.AccountSummary.Get(key); !ok || got != want {
				t.Errorf("summary %s = %d (present %v), want %d", key, got, ok, want)
			}
		}
	})
}
