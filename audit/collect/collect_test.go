package collect_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/audit/collect"
	"github.com/iamaudit/iamaudit/internal/fakeaws"
)

// Policy documents with the characters URL-encoding gets wrong: '+' (which
// form-decoding turns into a space), spaces, '%', quotes and newlines.
const (
	plusDoc  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/a+b c/100%/*"}]}`
	adminDoc = `{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}
}`
	trustDoc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"a+b=c"}}}]}`
)

const (
	arnAdmin      = "arn:aws:iam::aws:policy/AdministratorAccess"
	arnSupport    = "arn:aws:iam::aws:policy/AWSSupportAccess"
	arnCloudShell = "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"
	arnCustom     = "arn:aws:iam::123456789012:policy/team/custom"
)

// baseAccount is a small account with every evidence source populated and
// every ID explicit, so the expected snapshot can be written out in full.
func baseAccount() *fakeaws.Account {
	rootKeyUsed := time.Date(2026, 10, 30, 8, 0, 0, 0, time.UTC)
	return &fakeaws.Account{
		AccountID: acctID,
		CallerARN: "arn:aws:iam::123456789012:user/auditor",
		Now:       collectedAt,
		Root: fakeaws.Root{
			CreateDate:      created,
			PasswordEnabled: true,
			MFA:             fakeaws.MFAVirtual,
			AccessKeys: []fakeaws.AccessKey{{
				CreateDate: created,
				LastUsed:   &fakeaws.KeyLastUsed{Date: rootKeyUsed, Region: "us-east-1", Service: "s3"},
			}},
		},
		Users: []fakeaws.User{
			{
				Name: "alice", ID: "AIDAALICE00000000001", CreateDate: created,
				PasswordEnabled: true, PasswordLastUsed: ptr(later),
				MFADevices: []fakeaws.MFADevice{{Type: fakeaws.MFAVirtual, Serial: "arn:aws:iam::123456789012:mfa/alice", EnableDate: ptr(later)}},
				Groups:     []string{"admins"},
				InlinePolicies: []fakeaws.InlinePolicy{
					{Name: "plus", Document: plusDoc},
				},
				Tags: map[string]string{"team": "platform"},
			},
			{
				Name: "bob+ops@example.com", Path: "/ops/", ID: "AIDABOB0000000000002", CreateDate: later,
				AttachedPolicies:    []string{arnCloudShell, arnCustom},
				PermissionsBoundary: arnCustom,
				AccessKeys:          []fakeaws.AccessKey{{CreateDate: later}},
			},
		},
		Groups: []fakeaws.Group{
			{Name: "admins", ID: "AGPAADMINS0000000001", CreateDate: created, AttachedPolicies: []string{arnAdmin}},
			{Name: "empty", ID: "AGPAEMPTY00000000002", CreateDate: later,
				InlinePolicies: []fakeaws.InlinePolicy{{Name: "inline-admin", Document: adminDoc}}},
		},
		Roles: []fakeaws.Role{{
			Name: "support", ID: "AROASUPPORT000000001", CreateDate: created,
			AssumeRolePolicy: trustDoc,
			AttachedPolicies: []string{arnSupport, arnAdmin},
			LastUsed:         &fakeaws.RoleLastUsed{Date: later, Region: "eu-west-1"},
		}},
		Policies: []fakeaws.ManagedPolicy{{
			Name: "custom", Path: "/team/", ID: "ANPACUSTOM0000000001", CreateDate: created,
			DefaultVersion: "v1",
			Versions: []fakeaws.PolicyVersion{
				{ID: "v1", CreateDate: created, Document: plusDoc},
				{ID: "v2", CreateDate: later, Document: adminDoc},
			},
		}},
		UnassignedVirtualMFADevices: []string{"arn:aws:iam::123456789012:mfa/spare"},
		PasswordPolicy: &fakeaws.PasswordPolicy{
			MinimumPasswordLength: 8, RequireSymbols: true, RequireNumbers: true,
			AllowUsersToChangePassword: true, MaxPasswordAge: ptr(90), PasswordReusePrevention: ptr(5),
		},
		ServerCertificates: []fakeaws.ServerCertificate{
			{Name: "old", ID: "ASCAOLD0000000000001", UploadDate: created, Expiration: time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)},
			{Name: "soon", Path: "/cloudfront/", ID: "ASCASOON000000000002", UploadDate: later, Expiration: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)},
		},
	}
}

// builtin returns the fake's AWS-managed policy by name: the input the
// collector must reproduce.
func builtin(t *testing.T, name string) fakeaws.ManagedPolicy {
	t.Helper()
	for _, p := range fakeaws.BuiltinAWSManagedPolicies() {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("fake has no built-in AWS-managed policy %s", name)
	return fakeaws.ManagedPolicy{}
}

func wantAWSManaged(t *testing.T, name string) audit.ManagedPolicy {
	p := builtin(t, name)
	v := p.Versions[len(p.Versions)-1]
	for _, cand := range p.Versions {
		if cand.ID == p.DefaultVersion {
			v = cand
		}
	}
	upd := v.CreateDate
	if p.UpdateDate != nil {
		upd = *p.UpdateDate
	}
	return audit.ManagedPolicy{
		Name: name, ARN: "arn:aws:iam::aws:policy/" + name, ID: p.ID, Path: "/",
		AWSManaged: true, DefaultVersionID: v.ID, IsAttachable: true,
		CreateDate: p.CreateDate, UpdateDate: upd,
		Versions: []audit.PolicyVersion{{VersionID: v.ID, IsDefault: true, CreateDate: v.CreateDate, Document: v.Document}},
	}
}

func TestCollectBaseAccount(t *testing.T) {
	isolateEnv(t)
	srv := startFake(t, baseAccount())
	opts := testOptions(srv)
	opts.Logger = debugLogger(t)
	snap := runCollect(t, opts)

	if len(snap.Gaps) != 0 {
		t.Fatalf("gaps = %v, want none", snap.Gaps)
	}
	if snap.SchemaVersion != audit.SchemaVersion || snap.ToolVersion != "test" || !snap.CollectedAt.Equal(collectedAt) {
		t.Errorf("header = %d %q %v", snap.SchemaVersion, snap.ToolVersion, snap.CollectedAt)
	}
	wantAcct := audit.Account{ID: acctID, Partition: "aws", CallerARN: "arn:aws:iam::123456789012:user/auditor"}
	if snap.Account != wantAcct {
		t.Errorf("account = %+v, want %+v", snap.Account, wantAcct)
	}

	t.Run("authorization", func(t *testing.T) {
		ad := snap.Authorization
		if ad == nil {
			t.Fatal("authorization not collected")
		}
		wantUsers := []audit.User{
			{
				Name: "alice", ARN: "arn:aws:iam::123456789012:user/alice", ID: "AIDAALICE00000000001", Path: "/",
				CreateDate: created, Groups: []string{"admins"},
				InlinePolicies: []audit.InlinePolicy{{Name: "plus", Document: plusDoc}},
				Tags:           map[string]string{"team": "platform"},
			},
			{
				Name: "bob+ops@example.com", ARN: "arn:aws:iam::123456789012:user/ops/bob+ops@example.com",
				ID: "AIDABOB0000000000002", Path: "/ops/", CreateDate: later,
				AttachedPolicies: []audit.AttachedPolicy{
					{Name: "AWSCloudShellFullAccess", ARN: arnCloudShell},
					{Name: "custom", ARN: arnCustom},
				},
				PermissionsBoundary: arnCustom,
			},
		}
		wantSame(t, "users", ad.Users, wantUsers)
		wantGroups := []audit.Group{
			{Name: "admins", ARN: "arn:aws:iam::123456789012:group/admins", ID: "AGPAADMINS0000000001", Path: "/",
				CreateDate: created, AttachedPolicies: []audit.AttachedPolicy{{Name: "AdministratorAccess", ARN: arnAdmin}}},
			{Name: "empty", ARN: "arn:aws:iam::123456789012:group/empty", ID: "AGPAEMPTY00000000002", Path: "/",
				CreateDate: later, InlinePolicies: []audit.InlinePolicy{{Name: "inline-admin", Document: adminDoc}}},
		}
		wantSame(t, "groups", ad.Groups, wantGroups)
		wantRoles := []audit.Role{{
			Name: "support", ARN: "arn:aws:iam::123456789012:role/support", ID: "AROASUPPORT000000001", Path: "/",
			CreateDate: created, AssumeRolePolicy: trustDoc,
			AttachedPolicies: []audit.AttachedPolicy{
				{Name: "AWSSupportAccess", ARN: arnSupport},
				{Name: "AdministratorAccess", ARN: arnAdmin},
			},
			LastUsedDate: ptr(later), LastUsedRegion: "eu-west-1",
			// Collected, in no instance profile: an empty list, not nil.
			InstanceProfiles: &[]audit.InstanceProfile{},
		}}
		wantSame(t, "roles", ad.Roles, wantRoles)
		// The customer policy with all its versions, then the AWS-managed
		// policies in use (sorted by ARN, each once although AdministratorAccess
		// is attached twice), with only their default version.
		wantPolicies := []audit.ManagedPolicy{
			{
				Name: "custom", ARN: arnCustom, ID: "ANPACUSTOM0000000001", Path: "/team/",
				DefaultVersionID: "v1", AttachmentCount: 1, IsAttachable: true,
				CreateDate: created, UpdateDate: later,
				Versions: []audit.PolicyVersion{
					{VersionID: "v1", IsDefault: true, CreateDate: created, Document: plusDoc},
					{VersionID: "v2", IsDefault: false, CreateDate: later, Document: adminDoc},
				},
			},
			wantAWSManaged(t, "AWSCloudShellFullAccess"),
			wantAWSManaged(t, "AWSSupportAccess"),
			wantAWSManaged(t, "AdministratorAccess"),
		}
		wantPolicies[1].AttachmentCount = 1
		wantPolicies[2].AttachmentCount = 1
		wantPolicies[3].AttachmentCount = 2
		// The fake derives IDs of catalog policies that do not pin one; any
		// IAM-style policy ID is right then.
		for i := range wantPolicies {
			if wantPolicies[i].ID == "" && i < len(ad.Policies) && strings.HasPrefix(ad.Policies[i].ID, "ANPA") {
				wantPolicies[i].ID = ad.Policies[i].ID
			}
		}
		wantSame(t, "policies", ad.Policies, wantPolicies)
		if doc, ok := ad.Policies[0].DefaultDocument(); !ok || doc != plusDoc {
			t.Errorf("custom default document = %q, %v; want v1's", doc, ok)
		}
	})

	t.Run("password policy", func(t *testing.T) {
		want := &audit.PasswordPolicy{
			Present: true, MinimumPasswordLength: 8, RequireSymbols: true, RequireNumbers: true,
			AllowUsersToChangePassword: true, ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 5,
		}
		wantSame(t, "password policy", snap.PasswordPolicy, want)
	})

	t.Run("virtual MFA devices", func(t *testing.T) {
		want := &audit.VirtualMFADevices{Devices: []audit.VirtualMFADevice{
			{SerialNumber: "arn:aws:iam::123456789012:mfa/root-account-mfa-device", UserARN: "arn:aws:iam::123456789012:root", EnableDate: ptr(created)},
			{SerialNumber: "arn:aws:iam::123456789012:mfa/alice", UserARN: "arn:aws:iam::123456789012:user/alice", UserName: "alice", EnableDate: ptr(later)},
			{SerialNumber: "arn:aws:iam::123456789012:mfa/spare"},
		}}
		wantSame(t, "virtual MFA devices", snap.VirtualMFADevices, want)
	})

	t.Run("server certificates", func(t *testing.T) {
		want := &audit.ServerCertificates{Certificates: []audit.ServerCertificate{
			{Name: "old", ARN: "arn:aws:iam::123456789012:server-certificate/old", ID: "ASCAOLD0000000000001", Path: "/",
				UploadDate: created, Expiration: time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)},
			{Name: "soon", ARN: "arn:aws:iam::123456789012:server-certificate/cloudfront/soon", ID: "ASCASOON000000000002", Path: "/cloudfront/",
				UploadDate: later, Expiration: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)},
		}}
		wantSame(t, "server certificates", snap.ServerCertificates, want)
	})

	t.Run("account summary", func(t *testing.T) {
		for key, want := range map[string]int32{
			"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 1, "AccountPasswordPresent": 1,
			"Users": 2, "Groups": 2, "Roles": 1, "Policies": 1,
		} {
			if got, ok := snap.AccountSummary.Get(key); !ok || got != want {
				t.Errorf("summary %s = %d (present %v), want %d", key, got, ok, want)
			}
		}
	})

	t.Run("credential report", func(t *testing.T) {
		rep := snap.CredentialReport
		if rep == nil {
			t.Fatal("credential report not collected")
		}
		if !rep.GeneratedTime.Equal(collectedAt) {
			t.Errorf("generated time = %v, want %v", rep.GeneratedTime, collectedAt)
		}
		var users []string
		for _, r := range rep.Rows {
			users = append(users, r.User)
		}
		if want := []string{"<root_account>", "alice", "bob+ops@example.com"}; !reflect.DeepEqual(users, want) {
			t.Fatalf("report users = %q, want %q", users, want)
		}
		root, _ := rep.Root()
		// AWS documents root's password_enabled as always not_supported.
		if root.ARN != "arn:aws:iam::123456789012:root" || root.PasswordEnabled.State != audit.StateNotSupported || !root.MFAActive.True() ||
			root.PasswordLastChanged.State != audit.StateNotSupported || root.PasswordLastUsed.State != audit.StateNoInformation {
			t.Errorf("root row = %+v", root)
		}
		k := root.AccessKeys[0]
		if !k.Active.True() || !k.LastUsedDate.Time.Equal(time.Date(2026, 10, 30, 8, 0, 0, 0, time.UTC)) || k.LastUsedService != "s3" || k.LastUsedRegion != "us-east-1" {
			t.Errorf("root key 1 = %+v", k)
		}
		if root.AccessKeys[1].Active.State != audit.StateSet || root.AccessKeys[1].Active.Value || root.AccessKeys[1].LastRotated.State != audit.StateNA {
			t.Errorf("root key 2 = %+v, want inactive N/A slot", root.AccessKeys[1])
		}
		bob := rep.Rows[2]
		if !bob.PasswordEnabled.False() || bob.PasswordLastUsed.State != audit.StateNA || !bob.MFAActive.False() ||
			!bob.AccessKeys[0].Active.True() || bob.AccessKeys[0].LastUsedDate.State != audit.StateNA {
			t.Errorf("bob row = %+v", bob)
		}
	})

	// The call budget of this account: the credential report takes
	// Generate (STARTED), Generate (COMPLETE), Get; one GetPolicy and
	// GetPolicyVersion per distinct AWS-managed policy (3); one ListRegions
	// and one ListAnalyzers per default-enabled region (17); one call for
	// each account-level identity source (outside any organization, so
	// nothing is listed beyond DescribeOrganization).
	wantCalls := map[string]int{
		"GetCallerIdentity": 1, "GenerateCredentialReport": 2, "GetCredentialReport": 1,
		"GetAccountSummary": 1, "GetAccountPasswordPolicy": 1, "ListVirtualMFADevices": 1,
		"GetAccountAuthorizationDetails": 1, "GetPolicy": 3, "GetPolicyVersion": 3, "ListServerCertificates": 1,
		"ListRegions": 1, "ListAnalyzers": 17,
		"ListSAMLProviders": 1, "ListOpenIDConnectProviders": 1, "ListOrganizationsFeatures": 1,
		"GetContactInformation": 1, "GetAlternateContact": 1, "DescribeOrganization": 1,
	}
	if got := srv.Calls(); !reflect.DeepEqual(got, wantCalls) {
		t.Errorf("calls = %v, want %v", got, wantCalls)
	}
}

func TestPolicyDocumentsRawAndEncoded(t *testing.T) {
	isolateEnv(t)
	var docs [2][]string
	for i, raw := range []bool{false, true} {
		acct := baseAccount()
		acct.RawPolicyDocuments = raw
		snap := runCollect(t, testOptions(startFake(t, acct)))
		ad := snap.Authorization
		if ad == nil {
			t.Fatalf("raw=%v: authorization not collected; gaps %v", raw, snap.Gaps)
		}
		docs[i] = []string{ad.Users[0].InlinePolicies[0].Document, ad.Groups[1].InlinePolicies[0].Document,
			ad.Roles[0].AssumeRolePolicy, ad.Policies[0].Versions[0].Document, ad.Policies[0].Versions[1].Document}
		want := []string{plusDoc, adminDoc, trustDoc, plusDoc, adminDoc}
		if !reflect.DeepEqual(docs[i], want) {
			t.Errorf("raw=%v: documents =\n%q\nwant\n%q", raw, docs[i], want)
		}
	}
}

func TestCredentialReportInProgress(t *testing.T) {
	acct := baseAccount()
	acct.CredentialReport.InProgressPolls = 3
	snap, srv := collectFrom(t, acct)
	if snap.CredentialReport == nil || len(snap.CredentialReport.Rows) != 3 {
		t.Fatalf("credential report = %+v, gaps %v; want 3 rows", snap.CredentialReport, snap.Gaps)
	}
	// STARTED, 3 x INPROGRESS, COMPLETE, then one Get.
	wantCalls(t, srv, "credential report", map[string]int{"GenerateCredentialReport": 5, "GetCredentialReport": 1})
	if len(snap.Gaps) != 0 {
		t.Errorf("gaps = %v, want none", snap.Gaps)
	}
}

func TestCredentialReportNotPresentTriggersGenerate(t *testing.T) {
	// The report vanishes between Generate's COMPLETE and Get (e.g. another
	// account-wide cleanup): the collector must generate again.
	snap, srv := collectFrom(t, baseAccount(), fakeaws.Fault{Action: "GetCredentialReport", Code: "ReportNotPresent", Times: 1})
	if snap.CredentialReport == nil {
		t.Fatalf("credential report not collected; gaps %v", snap.Gaps)
	}
	wantCalls(t, srv, "Generate STARTED, COMPLETE; Get -> NotPresent; Generate COMPLETE; Get",
		map[string]int{"GenerateCredentialReport": 3, "GetCredentialReport": 2})
}

func TestCredentialReportExpiredRegeneratesOnce(t *testing.T) {
	snap, srv := collectFrom(t, baseAccount(), fakeaws.Fault{Action: "GetCredentialReport", Code: "ReportExpired"})
	if snap.CredentialReport != nil {
		t.Fatal("credential report collected despite ReportExpired on every Get")
	}
	wantGaps := []audit.Gap{{Evidence: audit.EvidenceCredentialReport, Operation: "GetCredentialReport", Code: "ReportExpired"}}
	assertGaps(t, snap, wantGaps)
	wantCalls(t, srv, "one regeneration", map[string]int{"GetCredentialReport": 2})
}

func TestCredentialReportExistingExpiredIsRegenerated(t *testing.T) {
	acct := baseAccount()
	acct.CredentialReport = fakeaws.CredentialReport{Exists: true, Expired: true, InProgressPolls: 1}
	snap, _ := collectFrom(t, acct)
	if snap.CredentialReport == nil || len(snap.Gaps) != 0 {
		t.Fatalf("credential report %v, gaps %v; want a fresh report and no gaps", snap.CredentialReport != nil, snap.Gaps)
	}
}

func TestCredentialReportLimitExceededBacksOff(t *testing.T) {
	snap, srv := collectFrom(t, baseAccount(), fakeaws.Fault{Action: "GenerateCredentialReport", Code: "LimitExceeded", Times: 2})
	if snap.CredentialReport == nil || len(snap.Gaps) != 0 {
		t.Fatalf("credential report %v, gaps %v; want report and no gaps", snap.CredentialReport != nil, snap.Gaps)
	}
	wantCalls(t, srv, "2 LimitExceeded, STARTED, COMPLETE", map[string]int{"GenerateCredentialReport": 4})
}

func TestCredentialReportTimeout(t *testing.T) {
	isolateEnv(t)
	acct := baseAccount()
	acct.CredentialReport.InProgressPolls = 1_000_000
	opts := testOptions(startFake(t, acct))
	opts.ReportTimeout = 50 * time.Millisecond
	snap := runCollect(t, opts)
	if snap.CredentialReport != nil {
		t.Fatal("credential report collected while always in progress")
	}
	assertGaps(t, snap, []audit.Gap{{Evidence: audit.EvidenceCredentialReport, Operation: "GenerateCredentialReport", Code: collect.CodeReportTimeout}})
	if snap.Authorization == nil || snap.AccountSummary == nil {
		t.Error("a slow credential report must not cost the other evidence")
	}
}

func TestGenerateDeniedButReportReadable(t *testing.T) {
	acct := baseAccount()
	acct.CredentialReport.Exists = true
	snap, _ := collectFrom(t, acct, fakeaws.Fault{Action: "GenerateCredentialReport", Code: "AccessDenied"})
	if snap.CredentialReport == nil || len(snap.Gaps) != 0 {
		t.Fatalf("credential report %v, gaps %v; want the existing report and no gap", snap.CredentialReport != nil, snap.Gaps)
	}
}

func TestGenerateDeniedAndNoReport(t *testing.T) {
	snap, _ := collectFrom(t, baseAccount(), fakeaws.Fault{Action: "GenerateCredentialReport", Code: "AccessDenied"})
	if snap.CredentialReport != nil {
		t.Fatal("credential report collected although none exists and Generate is denied")
	}
	assertGaps(t, snap, []audit.Gap{{Evidence: audit.EvidenceCredentialReport, Operation: "GenerateCredentialReport", Code: "AccessDenied"}})
}

func TestAccessDeniedOnGetCredentialReport(t *testing.T) {
	snap, _ := collectFrom(t, baseAccount(), fakeaws.Fault{Action: "GetCredentialReport", Code: "AccessDenied", Message: "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: iam:GetCredentialReport"})
	if snap.CredentialReport != nil {
		t.Fatal("credential report collected despite AccessDenied")
	}
	assertGaps(t, snap, []audit.Gap{{Evidence: audit.EvidenceCredentialReport, Operation: "GetCredentialReport", Code: "AccessDenied"}})
	if g := snap.Gaps[0]; !strings.Contains(g.Message, "not authorized to perform: iam:GetCredentialReport") {
		t.Errorf("gap message = %q, want AWS's message", g.Message)
	}
	if snap.Authorization == nil || snap.AccountSummary == nil || snap.PasswordPolicy == nil ||
		snap.VirtualMFADevices == nil || snap.ServerCertificates == nil {
		t.Errorf("other evidence missing after one AccessDenied: %s", jsonOf(snap))
	}
}

func TestAccessDeniedPerSource(t *testing.T) {
	tests := []struct {
		action   string
		evidence audit.Evidence
		missing  func(*audit.Snapshot) bool
	}{
		{"GetAccountSummary", audit.EvidenceAccountSummary, func(s *audit.Snapshot) bool { return s.AccountSummary == nil }},
		{"GetAccountPasswordPolicy", audit.EvidencePasswordPolicy, func(s *audit.Snapshot) bool { return s.PasswordPolicy == nil }},
		{"ListVirtualMFADevices", audit.EvidenceVirtualMFADevices, func(s *audit.Snapshot) bool { return s.VirtualMFADevices == nil }},
		{"GetAccountAuthorizationDetails", audit.EvidenceAuthorization, func(s *audit.Snapshot) bool { return s.Authorization == nil }},
		{"ListServerCertificates", audit.EvidenceServerCertificates, func(s *audit.Snapshot) bool { return s.ServerCertificates == nil }},
	}
	for _, tc := range tests {
		t.Run(tc.action, func(t *testing.T) {
			isolateEnv(t)
			acct := baseAccount()
			acct.Faults = []fakeaws.Fault{{Action: tc.action, Code: "AccessDenied"}}
			snap := runCollect(t, testOptions(startFake(t, acct)))
			if !tc.missing(snap) {
				t.Errorf("%s evidence present despite AccessDenied", tc.evidence)
			}
			assertGaps(t, snap, []audit.Gap{{Evidence: tc.evidence, Operation: tc.action, Code: "AccessDenied"}})
			if snap.CredentialReport == nil {
				t.Error("credential report missing after an unrelated AccessDenied")
			}
		})
	}
}

func TestAWSManagedPolicyDenied(t *testing.T) {
	snap, _ := collectFrom(t, baseAccount(), fakeaws.Fault{Action: "GetPolicyVersion", Code: "AccessDenied", Times: 1})
	assertGaps(t, snap, []audit.Gap{{Evidence: audit.EvidenceManagedPolicies, Operation: "GetPolicyVersion", Code: "AccessDenied"}})
	// Sorted by ARN, AWSCloudShellFullAccess is fetched first and so is the
	// one that failed; the gap names it, and the others are still there.
	if g := snap.Gaps[0]; g.Resource != arnCloudShell || !strings.HasPrefix(g.String(), "GetPolicyVersion: AccessDenied: "+arnCloudShell+": ") {
		t.Errorf("gap = %+v (%s), want its resource to be %s", g, g, arnCloudShell)
	}
	var arns []string
	for _, p := range snap.Authorization.Policies {
		arns = append(arns, p.ARN)
	}
	if want := []string{arnCustom, arnSupport, arnAdmin}; !reflect.DeepEqual(arns, want) {
		t.Errorf("policies = %q, want %q", arns, want)
	}
}

func TestThrottlingRetriedBySDK(t *testing.T) {
	snap, srv := collectFrom(t, baseAccount(),
		fakeaws.Fault{Action: "GetAccountSummary", Code: "Throttling", Message: "Rate exceeded", Times: 2},
		fakeaws.Fault{Action: "GetAccountAuthorizationDetails", Code: "Throttling", Message: "Rate exceeded", Times: 2},
	)
	if len(snap.Gaps) != 0 || snap.AccountSummary == nil || snap.Authorization == nil {
		t.Fatalf("gaps %v; want throttled calls retried to success", snap.Gaps)
	}
	wantCalls(t, srv, "attempts", map[string]int{"GetAccountSummary": 3, "GetAccountAuthorizationDetails": 3})
}

func TestThrottlingBeyondMaxAttemptsIsGap(t *testing.T) {
	isolateEnv(t)
	acct := baseAccount()
	acct.Faults = []fakeaws.Fault{{Action: "GetAccountSummary", Code: "Throttling", Message: "Rate exceeded"}}
	srv := startFake(t, acct)
	opts := testOptions(srv)
	opts.MaxAttempts = 4
	snap := runCollect(t, opts)
	assertGaps(t, snap, []audit.Gap{{Evidence: audit.EvidenceAccountSummary, Operation: "GetAccountSummary", Code: "Throttling"}})
	wantCalls(t, srv, "attempts: MaxAttempts", map[string]int{"GetAccountSummary": 4})
}

func TestNoPasswordPolicy(t *testing.T) {
	acct := baseAccount()
	acct.PasswordPolicy = nil
	snap, _ := collectFrom(t, acct)
	if want := (&audit.PasswordPolicy{Present: false}); !reflect.DeepEqual(snap.PasswordPolicy, want) {
		t.Errorf("password policy = %+v, want %+v", snap.PasswordPolicy, want)
	}
	if len(snap.Gaps) != 0 {
		t.Errorf("gaps = %v, want none: NoSuchEntity is an answer", snap.Gaps)
	}
}

func TestMalformedCredentialReport(t *testing.T) {
	tests := []struct {
		name, csv, wantMsg string
	}{
		{"empty", "", "empty content"},
		{"no arn column", "user,password_enabled\nalice,true\n", `no "arn" column`},
		{"bad boolean", "user,arn,password_enabled\nalice,arn:aws:iam::123456789012:user/alice,maybe\n", `invalid boolean "maybe"`},
		{"broken quoting", "user,arn\n\"alice,arn:aws:iam::123456789012:user/alice\n", "malformed credential report"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			isolateEnv(t)
			acct := baseAccount()
			acct.CredentialReport.RawCSV = ptr(tc.csv)
			snap := runCollect(t, testOptions(startFake(t, acct)))
			if snap.CredentialReport != nil {
				t.Fatalf("malformed report stored as %+v", snap.CredentialReport)
			}
			assertGaps(t, snap, []audit.Gap{{Evidence: audit.EvidenceCredentialReport, Operation: "GetCredentialReport", Code: collect.CodeMalformedReport}})
			if !strings.Contains(snap.Gaps[0].Message, tc.wantMsg) {
				t.Errorf("gap message = %q, want it to contain %q", snap.Gaps[0].Message, tc.wantMsg)
			}
		})
	}
}

func TestNoCredentials(t *testing.T) {
	isolateEnv(t)
	srv := startFake(t, baseAccount())
	opts := testOptions(srv)
	opts.Credentials = nil // the default chain, which finds nothing
	_, err := tryCollect(t, opts)
	if !errors.Is(err, collect.ErrNoCredentials) {
		t.Fatalf("err = %v, want ErrNoCredentials", err)
	}
	const want = "no AWS credentials found: set AWS_PROFILE or run `aws configure` / `aws sso login`"
	if err.Error() != want {
		t.Errorf("message = %q, want %q", err.Error(), want)
	}
	if n := srv.TotalCalls(); n != 0 {
		t.Errorf("%d calls reached the endpoint without credentials", n)
	}
}

func TestProfileFromSharedFiles(t *testing.T) {
	isolateEnv(t)
	srv := startFake(t, baseAccount())
	creds := os.Getenv("AWS_SHARED_CREDENTIALS_FILE")
	if err := os.WriteFile(creds, []byte("[audit]\naws_access_key_id = AKIDPROFILE000000001\naws_secret_access_key = secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	snap := runCollect(t, profileOptions(srv, "audit"))
	wantAudited(t, snap)
}

func TestMissingProfile(t *testing.T) {
	isolateEnv(t)
	_, err := collect.LoadAWSConfig(context.Background(), profileOptions(nil, "nope"))
	if !errors.Is(err, collect.ErrNoCredentials) || !strings.Contains(err.Error(), `AWS profile "nope" does not exist`) {
		t.Fatalf("err = %v, want ErrNoCredentials naming the profile", err)
	}
}

func TestRejectedCredentials(t *testing.T) {
	tests := []struct{ code, wantPrefix string }{
		{"ExpiredToken", "the AWS credentials have expired:"},
		{"InvalidClientTokenId", "the AWS credentials were rejected (InvalidClientTokenId):"},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			isolateEnv(t)
			acct := baseAccount()
			acct.Faults = []fakeaws.Fault{{Action: "GetCallerIdentity", Code: tc.code}}
			_, err := tryCollect(t, testOptions(startFake(t, acct)))
			if !errors.Is(err, collect.ErrNoCredentials) {
				t.Fatalf("err = %v, want ErrNoCredentials", err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, tc.wantPrefix) || strings.Contains(msg, "\n") {
				t.Errorf("message = %q, want one sentence starting %q", msg, tc.wantPrefix)
			}
		})
	}
}

func TestUnreachableEndpoint(t *testing.T) {
	isolateEnv(t)
	dead := httptest.NewServer(nil)
	url := dead.URL
	dead.Close() // nothing listens there any more
	opts := testOptions(nil)
	opts.EndpointURL = url
	opts.MaxAttempts = 2
	_, err := tryCollect(t, opts)
	if !errors.Is(err, collect.ErrUnreachable) {
		t.Fatalf("err = %v, want ErrUnreachable", err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "cannot reach the endpoint "+url) || strings.Contains(msg, "\n") {
		t.Errorf("message = %q, want one sentence naming %s", msg, url)
	}
}

func TestEndpointFromEnvironment(t *testing.T) {
	isolateEnv(t)
	srv := startFake(t, baseAccount())
	t.Setenv("AWS_ENDPOINT_URL_IAM", srv.URL())
	t.Setenv("AWS_ENDPOINT_URL_STS", srv.URL())
	t.Setenv("AWS_ENDPOINT_URL_ACCOUNT", srv.URL())
	t.Setenv("AWS_ENDPOINT_URL_ACCESSANALYZER", srv.URL())
	t.Setenv("AWS_ENDPOINT_URL_ORGANIZATIONS", srv.URL())
	opts := testOptions(nil) // no EndpointURL: the SDK resolves the env vars
	snap := runCollect(t, opts)
	wantAudited(t, snap)
	wantCalls(t, srv, "the env endpoints used", map[string]int{
		"GetCallerIdentity": 1, "GetAccountAuthorizationDetails": 1, "ListRegions": 1, "ListAnalyzers": 17,
	})
}

func TestGlobalEndpointFromEnvironment(t *testing.T) {
	isolateEnv(t)
	srv := startFake(t, baseAccount())
	t.Setenv("AWS_ENDPOINT_URL", srv.URL())
	snap := runCollect(t, testOptions(nil))
	wantAudited(t, snap)
}

func TestEndpointOptionOverridesEnvironment(t *testing.T) {
	isolateEnv(t)
	srv := startFake(t, baseAccount())
	for _, svc := range []string{"IAM", "STS", "ACCOUNT", "ACCESSANALYZER", "ORGANIZATIONS"} {
		t.Setenv("AWS_ENDPOINT_URL_"+svc, "http://127.0.0.1:1")
	}
	snap := runCollect(t, testOptions(srv))
	if len(snap.Gaps) != 0 {
		t.Fatalf("gaps %v: --endpoint-url must win over AWS_ENDPOINT_URL_*", snap.Gaps)
	}
}

func TestDefaultRegion(t *testing.T) {
	isolateEnv(t)
	opts := testOptions(nil)
	opts.Region = ""
	cfg, err := collect.LoadAWSConfig(context.Background(), opts)
	if err != nil || cfg.Region != collect.DefaultRegion {
		t.Fatalf("region = %q, %v; want %s", cfg.Region, err, collect.DefaultRegion)
	}
	t.Setenv("AWS_REGION", "us-gov-west-1")
	cfg, err = collect.LoadAWSConfig(context.Background(), opts)
	if err != nil || cfg.Region != "us-gov-west-1" {
		t.Fatalf("region = %q, %v; want the environment's us-gov-west-1", cfg.Region, err)
	}
}

func TestOtherPartition(t *testing.T) {
	isolateEnv(t)
	acct := &fakeaws.Account{
		AccountID: acctID, Partition: "aws-us-gov", Now: collectedAt,
		Root:   fakeaws.Root{CreateDate: created},
		Groups: []fakeaws.Group{{Name: "admins", CreateDate: created, AttachedPolicies: []string{"arn:aws-us-gov:iam::aws:policy/AdministratorAccess"}}},
	}
	opts := testOptions(startFake(t, acct))
	opts.Region = "us-gov-west-1"
	snap := runCollect(t, opts)
	if snap.Account.Partition != "aws-us-gov" || snap.Account.CallerARN != "arn:aws-us-gov:iam::123456789012:root" {
		t.Errorf("account = %+v", snap.Account)
	}
	p, ok := snap.Authorization.Policy("arn:aws-us-gov:iam::aws:policy/AdministratorAccess")
	if !ok || !p.AWSManaged {
		t.Fatalf("AWS-managed policy of the aws-us-gov partition not collected: %+v", snap.Authorization.Policies)
	}
	if doc, ok := p.DefaultDocument(); !ok || !strings.Contains(doc, `"Action": "*"`) {
		t.Errorf("default document = %q", doc)
	}
}

func TestCancelledContext(t *testing.T) {
	isolateEnv(t)
	srv := startFake(t, baseAccount())
	opts := testOptions(srv)
	cfg, err := collect.LoadAWSConfig(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	snap, err := collect.Collect(ctx, cfg, opts)
	if !errors.Is(err, context.Canceled) || snap != nil {
		t.Fatalf("Collect on a cancelled context = %v, %v; want context.Canceled", snap, err)
	}
}

func TestRateLimit(t *testing.T) {
	isolateEnv(t)
	srv := startFake(t, baseAccount())
	opts := testOptions(srv)
	opts.RequestsPerSecond = 200 // 5ms between attempts
	start := time.Now()
	snap := runCollect(t, opts)
	elapsed := time.Since(start)
	n := srv.TotalCalls()
	// n attempts spaced 5ms apart take at least (n-1)*5ms.
	if min := time.Duration(n-1) * 5 * time.Millisecond; elapsed < min {
		t.Errorf("%d calls took %v, want at least %v at 200 requests/s", n, elapsed, min)
	}
	if len(snap.Gaps) != 0 {
		t.Errorf("gaps = %v", snap.Gaps)
	}
}

// assertGaps compares gaps on evidence, operation and code (messages are
// AWS's and are checked where they matter).
func assertGaps(t *testing.T, snap *audit.Snapshot, want []audit.Gap) {
	t.Helper()
	got := make([]audit.Gap, 0, len(snap.Gaps))
	for _, g := range snap.Gaps {
		got = append(got, audit.Gap{Evidence: g.Evidence, Operation: g.Operation, Code: g.Code})
		if g.Message == "" {
			t.Errorf("gap %+v has no message", g)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("gaps = %+v, want %+v", snap.Gaps, want)
	}
}

func TestDebugLogNamesCallsNotSecrets(t *testing.T) {
	isolateEnv(t)
	srv := startFake(t, baseAccount())
	opts := testOptions(srv)
	const secret, token = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY", "FwoGZXIvYXdzSESSIONTOKEN"
	opts.Credentials = credentials.NewStaticCredentialsProvider("AKIDTESTTESTTEST", secret, token)
	var buf bytes.Buffer
	opts.Logger = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	runCollect(t, opts)
	log := buf.String()
	for op := range srv.Calls() {
		if !strings.Contains(log, "operation="+op) {
			t.Errorf("debug log has no record of %s", op)
		}
	}
	if strings.Contains(log, secret) || strings.Contains(log, token) {
		t.Errorf("debug log contains secret material:\n%s", log)
	}
}

// TestAssumeRoleProfile: a profile that assumes a role (role_arn with
// source_profile), as platform teams use to audit many accounts, works
// through the SDK's own AssumeRole call; a role that cannot be assumed is
// one sentence with AWS's reason, not "no credentials".
func TestAssumeRoleProfile(t *testing.T) {
	isolateEnv(t)
	srv := startFake(t, baseAccount())
	if err := os.WriteFile(os.Getenv("AWS_SHARED_CREDENTIALS_FILE"), []byte("[hub]\naws_access_key_id = AKIDHUB0000000000001\naws_secret_access_key = secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfgFile := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(cfgFile, []byte("[profile target]\nrole_arn = arn:aws:iam::123456789012:role/support\nsource_profile = hub\n"+
		"[profile nope]\nrole_arn = arn:aws:iam::123456789012:role/NoSuchRole\nsource_profile = hub\n"+
		"[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/support\nsource_profile = hub\nmfa_serial = arn:aws:iam::123456789012:mfa/hub\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", cfgFile)
	// The SDK's credential provider builds its own STS client: point it at
	// the fake the way a user points the SDK at an endpoint.
	t.Setenv("AWS_ENDPOINT_URL_STS", srv.URL())
	opts := profileOptions(srv, "target")
	snap := runCollect(t, opts)
	wantAudited(t, snap)
	wantCalls(t, srv, "the profile's role assumed once", map[string]int{"AssumeRole": 1})

	// mfa_serial: the code comes from Options.MFAToken (the CLI's prompt).
	asked := 0
	opts.Profile = "mfa"
	opts.MFAToken = func() (string, error) { asked++; return "123456", nil }
	if snap := runCollect(t, opts); snap.Account.ID != acctID || asked != 1 {
		t.Errorf("mfa profile: account %q, MFA code asked %d times", snap.Account.ID, asked)
	}

	opts.Profile = "nope"
	_, err := tryCollect(t, opts)
	want := "the AWS profile's role could not be assumed: AccessDenied: User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/NoSuchRole"
	if !errors.Is(err, collect.ErrNoCredentials) || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

// TestCollectedAtIsTheEnd: the snapshot is stamped when the collection
// ends, so a credential report IAM generated while the collector waited is
// never "dated after the evidence was collected".
func TestCollectedAtIsTheEnd(t *testing.T) {
	srv := startFake(t, baseAccount())
	opts := testOptions(srv)
	start := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	calls := 0
	opts.Now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		calls++
		return start.Add(time.Duration(calls) * time.Minute)
	}
	snap := runCollect(t, opts)
	mu.Lock()
	last := start.Add(time.Duration(calls) * time.Minute)
	mu.Unlock()
	if !snap.CollectedAt.Equal(last) {
		t.Errorf("CollectedAt = %s, want the clock's last reading %s (the end of the collection)", snap.CollectedAt, last)
	}
}

// TestCollectInstanceProfiles: a role's instance profiles reach the
// evidence through the real SDK (name, ARN, path); a role in none gets an
// empty list, which the admin graph reads as "in none", not "not collected".
func TestCollectInstanceProfiles(t *testing.T) {
	isolateEnv(t)
	acct := baseAccount()
	acct.Roles = append(acct.Roles, fakeaws.Role{
		Name: "web", ID: "AROAWEB0000000000001", CreateDate: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
		AssumeRolePolicy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
		InstanceProfiles: []string{"web", "web-batch"},
	})
	snap := runCollect(t, testOptions(startFake(t, acct)))
	got := map[string]*[]audit.InstanceProfile{}
	for _, r := range snap.Authorization.Roles {
		got[r.Name] = r.InstanceProfiles
	}
	wantSame(t, "web", got["web"], &[]audit.InstanceProfile{
		{Name: "web", ARN: "arn:aws:iam::123456789012:instance-profile/web", Path: "/"},
		{Name: "web-batch", ARN: "arn:aws:iam::123456789012:instance-profile/web-batch", Path: "/"},
	})
	wantSame(t, "support", got["support"], &[]audit.InstanceProfile{})
}

// TestCollectInstanceProfilesEmulator: an emulator that lists every
// instance profile of the account under each role (moto) still gives each
// role only the profiles holding it, read from each profile's Roles.
func TestCollectInstanceProfilesEmulator(t *testing.T) {
	isolateEnv(t)
	acct := baseAccount()
	acct.Emulator.AllInstanceProfiles = true
	acct.Roles[0].InstanceProfiles = []string{"support-profile"}
	acct.Roles = append(acct.Roles, fakeaws.Role{
		Name: "web", ID: "AROAWEB0000000000001", CreateDate: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
		AssumeRolePolicy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
		InstanceProfiles: []string{"web"},
	}, fakeaws.Role{
		Name: "bare", ID: "AROABARE000000000001", CreateDate: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
		AssumeRolePolicy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
	})
	snap := runCollect(t, testOptions(startFake(t, acct)))
	got := map[string]*[]audit.InstanceProfile{}
	for _, r := range snap.Authorization.Roles {
		got[r.Name] = r.InstanceProfiles
	}
	wantSame(t, "support", got["support"], &[]audit.InstanceProfile{{Name: "support-profile", ARN: "arn:aws:iam::123456789012:instance-profile/support-profile", Path: "/"}})
	wantSame(t, "web", got["web"], &[]audit.InstanceProfile{{Name: "web", ARN: "arn:aws:iam::123456789012:instance-profile/web", Path: "/"}})
	wantSame(t, "bare", got["bare"], &[]audit.InstanceProfile{})
}
