package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// Tests for evidence that disagrees with itself (issue 7, classes 1, 2 and
// 8): the account summary, the credential report and the authorization
// details describe one account, and a verdict stands only where they agree.

// azUsersFor lists the report's user rows in the authorization details, as
// AWS would: same name, ARN and creation time.
func azUsersFor(s *audit.Snapshot) *audit.Snapshot {
	s.Authorization = &audit.AuthorizationDetails{}
	for _, row := range s.CredentialReport.Users() {
		s.Authorization.Users = append(s.Authorization.Users, audit.User{Name: row.User, ARN: row.ARN, CreateDate: row.UserCreationTime.Time})
	}
	return s
}

func TestUserListReconciled(t *testing.T) {
	mfaUser := credConsole(credUser("alice"), credDaysAgo(1), true)
	for _, tc := range []struct {
		name string
		snap *audit.Snapshot
		want []ruleWant
	}{
		{"summary counts users the report lacks, no authorization details",
			credSummary(credSnap(credRoot(true)), map[string]int32{"Users": 3}),
			[]ruleWant{{credAcctRes, result.Unknown, []string{"counts 3 IAM users but the credential report lists 0"}}}},
		{"no users, summary agrees",
			credSnap(credRoot(true)),
			[]ruleWant{{credAcctRes, result.Pass, []string{"lists no IAM users", "account summary counts 0"}}}},
		{"no users, authorization details and summary agree",
			azUsersFor(credSnap(credRoot(true))),
			[]ruleWant{{credAcctRes, result.Pass, []string{"authorization details list none"}}}},
		{"no users, nothing confirms it",
			withoutSummary(credSnap(credRoot(true))),
			[]ruleWant{{credAcctRes, result.Unknown, []string{"nothing confirms that the credential report lists every IAM user"}}}},
		{"one user, summary agrees",
			credSnap(credRoot(true), mfaUser),
			[]ruleWant{{credUserARN("alice"), result.Pass, nil}}},
		{"one user, nothing confirms the list",
			withoutSummary(credSnap(credRoot(true), mfaUser)),
			[]ruleWant{{credUserARN("alice"), result.Pass, nil}, {credAcctRes, result.Unknown, []string{"nothing confirms"}}}},
		{"summary and authorization details disagree",
			credSummary(azUsersFor(credSnap(credRoot(true), mfaUser)), map[string]int32{"Users": 2}),
			[]ruleWant{{credUserARN("alice"), result.Pass, nil}, {credAcctRes, result.Unknown, []string{"counts 2 IAM users but the authorization details list 1"}}}},
		{"authorization details list a user the report lacks",
			func() *audit.Snapshot {
				s := credSummary(azUsersFor(credSnap(credRoot(true), mfaUser)), map[string]int32{"Users": 2})
				s.Authorization.Users = append(s.Authorization.Users, audit.User{Name: "bob", ARN: credUserARN("bob"), CreateDate: credNow.Add(-time.Hour)})
				return s
			}(),
			[]ruleWant{{credUserARN("alice"), result.Pass, nil}, {credUserARN("bob"), result.Unknown, []string{"no row in the credential report"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) { runRule(t, UserConsoleMFA, tc.snap, tc.want) })
	}
}

func TestStaleAndMismatchedRows(t *testing.T) {
	noMFA := credConsole(credUser("alice"), credDaysAgo(1), false)
	withMFA := credConsole(credUser("alice"), credDaysAgo(1), true)
	generated := func(s *audit.Snapshot, before time.Duration) *audit.Snapshot {
		s.CredentialReport.GeneratedTime = credNow.Add(-before)
		return s
	}
	recreated := azUsersFor(credSnap(withMFA))
	recreated.Authorization.Users[0].CreateDate = credNow.Add(-2 * time.Hour)
	otherPath := azUsersFor(credSnap(withMFA))
	otherPath.Authorization.Users[0].ARN = "arn:aws:iam::" + credAcct + ":user/ops/alice"
	gone := credSnap(withMFA)
	gone.Authorization = &audit.AuthorizationDetails{}
	gone.AccountSummary.Values["Users"] = 0
	futureUse := withMFA
	futureUse.PasswordLastUsed = audit.ReportTime{State: audit.StateSet, Time: credNow.Add(time.Hour)}
	skewedUse := withMFA
	skewedUse.PasswordLastUsed = audit.ReportTime{State: audit.StateSet, Time: credNow.Add(2 * time.Minute)}
	beforeCreation := withMFA
	beforeCreation.UserCreationTime = credDaysAgo(10)
	beforeCreation.PasswordLastChanged = credDaysAgo(5)
	beforeCreation.AccessKeys[0] = credKey(true, credDaysAgo(20), credDaysAgo(1))
	foreign := withMFA
	foreign.ARN = "arn:aws:iam::999999999999:user/alice"
	for _, tc := range []struct {
		name string
		snap *audit.Snapshot
		want []ruleWant
	}{
		{"row matches the user", azUsersFor(credSnap(withMFA)), []ruleWant{{credUserARN("alice"), result.Pass, nil}}},
		{"user recreated after the report", recreated,
			[]ruleWant{{credUserARN("alice"), result.Unknown, []string{"describes an earlier user of the same name"}}}},
		{"user recreated on another path", otherPath,
			[]ruleWant{{"arn:aws:iam::" + credAcct + ":user/ops/alice", result.Unknown, []string{"recreated on another path"}}}},
		{"row of a deleted user", gone,
			[]ruleWant{{credUserARN("alice"), result.Unknown, []string{"not in the authorization details"}}}},
		{"duplicate rows", credSummary(credSnap(withMFA, noMFA), map[string]int32{"Users": 1}),
			[]ruleWant{{credUserARN("alice"), result.Unknown, []string{"has 2 rows for user alice"}}}},
		{"row of another account", credSnap(foreign),
			[]ruleWant{{"arn:aws:iam::999999999999:user/alice", result.Unknown, []string{"does not name that user in account " + credAcct}}}},
		{"last use after collection", generated(credSnap(futureUse), 0),
			[]ruleWant{{credUserARN("alice"), result.Unknown, []string{"password_last_used", "after the evidence was collected"}}}},
		{"last use within clock skew", generated(credSnap(skewedUse), 0), []ruleWant{{credUserARN("alice"), result.Pass, nil}}},
		{"last use after the report was generated", credSnap(skewedUse),
			[]ruleWant{{credUserARN("alice"), result.Unknown, []string{"after the report was generated"}}}},
		{"key older than its user", credSnap(beforeCreation),
			[]ruleWant{{credUserARN("alice"), result.Unknown, []string{"access_key_1_last_rotated", "before the user was created"}}}},
		// IAM's cache window is 4 hours, plus 5 minutes of clock skew.
		{"report 3h59m old", generated(credSnap(noMFA), 239*time.Minute), []ruleWant{{credUserARN("alice"), result.Fail, nil}}},
		{"report 4h04m old", generated(credSnap(noMFA), 244*time.Minute), []ruleWant{{credUserARN("alice"), result.Fail, nil}}},
		{"report 4h06m old: a FAIL is not certain", generated(credSnap(noMFA), 246*time.Minute),
			[]ruleWant{{credUserARN("alice"), result.Unknown, []string{"older than the 4h0m0s IAM caches", "on that report: FAIL"}}}},
		{"report 11 years old: a PASS is not earned", generated(credSnap(withMFA), 11*365*24*time.Hour),
			[]ruleWant{{credUserARN("alice"), result.Unknown, []string{"4015 days before the evidence was collected", "on that report: PASS"}}}},
		{"report dated slightly after collection", generated(credSnap(withMFA), -3*time.Minute), []ruleWant{{credUserARN("alice"), result.Pass, nil}}},
		{"report dated after collection", generated(credSnap(withMFA), -time.Hour),
			[]ruleWant{{credUserARN("alice"), result.Unknown, []string{"after the evidence was collected"}}}},
		{"report without generation time", func() *audit.Snapshot {
			s := credSnap(withMFA)
			s.CredentialReport.GeneratedTime = time.Time{}
			return s
		}(),
			[]ruleWant{{credUserARN("alice"), result.Unknown, []string{"no generation time"}}}},
		{"stale report lists no users", generated(credSnap(credRoot(true)), 5*time.Hour),
			[]ruleWant{{credAcctRes, result.Unknown, []string{"on that report: PASS"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) { runRule(t, UserConsoleMFA, tc.snap, tc.want) })
	}
	// The window is configurable, for emulators that stamp a fixed date.
	runRule(t, UserConsoleMFA, generated(credSnap(noMFA), 5*time.Hour), []ruleWant{{credUserARN("alice"), result.Fail, nil}},
		cfgWith(func(c *Config) { c.CredentialReportMaxAgeMinutes = 6 * 60 }))
}

func TestRootRowsReconciled(t *testing.T) {
	dup := credSnap(credRoot(true), credRoot(true))
	foreignRoot := credRoot(true)
	foreignRoot.ARN = "arn:aws:iam::999999999999:root"
	usedLater := credRoot(true)
	usedLater.PasswordLastUsed = audit.ReportTime{State: audit.StateSet, Time: credNow.Add(24 * time.Hour)}
	stale := credSnap(credRoot(true))
	stale.CredentialReport.GeneratedTime = credNow.Add(-30 * 24 * time.Hour)
	for _, tc := range []struct {
		name string
		snap *audit.Snapshot
		want []ruleWant
	}{
		{"root row present", credSnap(credRoot(true)), []ruleWant{{credRootARN, result.Pass, nil}}},
		{"no root row", credSnap(), []ruleWant{{credRootARN, result.Unknown, []string{"no root row (AWS always writes <root_account>)"}}}},
		{"two root rows", dup, []ruleWant{{credRootARN, result.Unknown, []string{"2 root rows"}}}},
		{"root row of another account", credSnap(foreignRoot), []ruleWant{{credRootARN, result.Unknown, []string{"does not describe this account's root user"}}}},
		{"root used after collection", func() *audit.Snapshot {
			s := credSnap(usedLater)
			s.CredentialReport.GeneratedTime = credNow
			return s
		}(), []ruleWant{{credRootARN, result.Unknown, []string{"after the evidence was collected"}}}},
		{"stale report", stale, []ruleWant{{credRootARN, result.Unknown, []string{"IAM caches a report for"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) { runRule(t, RootRecentUse, tc.snap, tc.want) })
	}
}

func TestConflictsNamed(t *testing.T) {
	keyed := credRoot(true)
	keyed.AccessKeys[0] = credKey(true, credDaysAgo(10), credDaysAgo(1))
	stale := func(s *audit.Snapshot) *audit.Snapshot {
		s.CredentialReport.GeneratedTime = credNow.Add(-48 * time.Hour)
		return s
	}
	for _, tc := range []struct {
		name string
		rule Rule
		snap *audit.Snapshot
		want []ruleWant
	}{
		{"root MFA: summary 1, row false", RootMFA, credSummary(credSnap(credRoot(false)), map[string]int32{"AccountMFAEnabled": 1}),
			[]ruleWant{{credRootARN, result.Pass, []string{"AccountMFAEnabled is 1", "root row says mfa_active false"}}}},
		{"root MFA: summary 0, row true", RootMFA, credSummary(credSnap(credRoot(true)), map[string]int32{"AccountMFAEnabled": 0}),
			[]ruleWant{{credRootARN, result.Fail, []string{"AccountMFAEnabled is 0", "root row says mfa_active true"}}}},
		{"root MFA: sources agree", RootMFA, credSummary(credSnap(credRoot(true)), map[string]int32{"AccountMFAEnabled": 1}),
			[]ruleWant{{credRootARN, result.Pass, nil}}},
		{"root MFA: stale report, no summary key", RootMFA, stale(credSnap(credRoot(true))),
			[]ruleWant{{credRootARN, result.Unknown, []string{"IAM caches a report for"}}}},
		{"root keys: summary 0, report shows a key", RootAccessKeys, credSummary(credSnap(keyed), map[string]int32{"AccountAccessKeysPresent": 0}),
			[]ruleWant{{credRootARN, result.Fail, []string{"access_key_1 is active", "AccountAccessKeysPresent is 0 (live)"}}}},
		{"root keys: summary 1, report shows none", RootAccessKeys, credSummary(credSnap(credRoot(true)), map[string]int32{"AccountAccessKeysPresent": 1}),
			[]ruleWant{{credRootARN, result.Fail, []string{"AccountAccessKeysPresent is 1", "the credential report (up to 4 hours older) shows none"}}}},
		{"root keys: summary 0, stale report shows a key", RootAccessKeys, stale(credSummary(credSnap(keyed), map[string]int32{"AccountAccessKeysPresent": 0})),
			[]ruleWant{{credRootARN, result.Pass, []string{"AccountAccessKeysPresent is 0", "credential report not used", "IAM caches a report for"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) { runRule(t, tc.rule, tc.snap, tc.want) })
	}
}

func TestUserMFAReconciled(t *testing.T) {
	a := credConsole(credUser("a"), credDaysAgo(1), true)
	b := credConsole(credUser("b"), credDaysAgo(1), true)
	c := credConsole(credUser("c"), credDaysAgo(1), false)
	assigned := credSnap(c)
	assigned.VirtualMFADevices = &audit.VirtualMFADevices{Devices: []audit.VirtualMFADevice{{SerialNumber: "arn:aws:iam::" + credAcct + ":mfa/c", UserARN: credUserARN("c")}}}
	for _, tc := range []struct {
		name string
		rule Rule
		snap *audit.Snapshot
		want []ruleWant
	}{
		{"devices in use cover the MFA users", UserMFA, credSummary(credSnap(a, b, c), map[string]int32{"MFADevicesInUse": 2}),
			[]ruleWant{{credUserARN("a"), result.Pass, nil}, {credUserARN("b"), result.Pass, nil}, {credUserARN("c"), result.Fail, nil}}},
		{"fewer devices in use than MFA users", UserMFA, credSummary(credSnap(a, b, c), map[string]int32{"MFADevicesInUse": 1}),
			[]ruleWant{{credUserARN("a"), result.Unknown, []string{"counts only 1 MFA devices in use"}}, {credUserARN("b"), result.Unknown, nil}, {credUserARN("c"), result.Fail, nil}}},
		{"console MFA: fewer devices in use", UserConsoleMFA, credSummary(credSnap(a, c), map[string]int32{"MFADevicesInUse": 0}),
			[]ruleWant{{credUserARN("a"), result.Unknown, []string{"mfa_active true, but"}}, {credUserARN("c"), result.Fail, nil}}},
		{"virtual device assigned since the report", UserMFA, assigned,
			[]ruleWant{{credUserARN("c"), result.Pass, []string{"assigned to the user (live device list)", "says mfa_active false"}}}},
		{"no device assigned", UserMFA, credSnap(c), []ruleWant{{credUserARN("c"), result.Fail, nil}}},
	} {
		t.Run(tc.name, func(t *testing.T) { runRule(t, tc.rule, tc.snap, tc.want) })
	}
}

// TestAuthzCountsReconciled: a rule over the authorization details gets one
// account UNKNOWN beside its results when the details list fewer (or more)
// principals or policies than the account summary counts.
func TestAuthzCountsReconciled(t *testing.T) {
	snap := func(summary map[string]int32) *audit.Snapshot {
		s := credBare()
		s.Authorization = &audit.AuthorizationDetails{
			Users:    []audit.User{{Name: "u", ARN: credUserARN("u"), Groups: []string{"g"}}},
			Groups:   []audit.Group{{Name: "g", ARN: "arn:aws:iam::" + credAcct + ":group/g"}},
			Policies: []audit.ManagedPolicy{{Name: "ReadOnlyAccess", ARN: "arn:aws:iam::aws:policy/ReadOnlyAccess", AWSManaged: true}},
		}
		if summary != nil {
			s.AccountSummary = &audit.AccountSummary{Values: summary}
		}
		return s
	}
	for _, tc := range []struct {
		name    string
		summary map[string]int32
		want    []result.Status
		reason  string
	}{
		{"counts agree", map[string]int32{"Users": 1, "Groups": 1, "Roles": 0, "Policies": 0}, []result.Status{result.Pass}, ""},
		{"no summary", nil, []result.Status{result.Pass}, ""},
		{"summary counts more roles", map[string]int32{"Users": 1, "Groups": 1, "Roles": 4, "Policies": 0},
			[]result.Status{result.Pass, result.Unknown}, "0 roles where the account summary counts 4"},
		{"summary counts more users", map[string]int32{"Users": 3},
			[]result.Status{result.Pass, result.Unknown}, "1 users where the account summary counts 3"},
		{"AWS-managed policies are not counted", map[string]int32{"Policies": 1},
			[]result.Status{result.Pass, result.Unknown}, "0 customer-managed policies where the account summary counts 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Evaluate(snap(tc.summary), []Rule{UserNoGroup}, Config{})
			if len(got) != len(tc.want) {
				t.Fatalf("got %d results %+v, want %d", len(got), got, len(tc.want))
			}
			for i, st := range tc.want {
				if got[i].Status != st {
					t.Errorf("result %d: %s %q, want %s", i, got[i].Status, got[i].Reason, st)
				}
			}
			if tc.reason != "" && !strings.Contains(got[len(got)-1].Reason, tc.reason) {
				t.Errorf("reason %q lacks %q", got[len(got)-1].Reason, tc.reason)
			}
			if last := got[len(got)-1]; last.Status == result.Unknown && last.Resource != credAcctRes {
				t.Errorf("the disagreement is about the account, got resource %s", last.Resource)
			}
		})
	}
}

// TestImpossibleValuesAreUnknown: values no AWS API returns (a summary flag
// of 2 or -1, a password policy outside IAM's ranges) decide nothing, and a
// certificate list that disagrees with the summary's count is not confirmed.
func TestImpossibleValuesAreUnknown(t *testing.T) {
	policy := func(f func(p *audit.PasswordPolicy)) *audit.Snapshot {
		p := credStrongPolicy
		f(&p)
		return credPolicy(p)
	}
	certs := func(summary int32, n int) *audit.Snapshot {
		s := credSummary(credBare(), map[string]int32{"ServerCertificates": summary})
		s.ServerCertificates = &audit.ServerCertificates{Certificates: []audit.ServerCertificate{}}
		for i := 0; i < n; i++ {
			s.ServerCertificates.Certificates = append(s.ServerCertificates.Certificates, audit.ServerCertificate{
				Name: "c", ARN: "arn:aws:iam::" + credAcct + ":server-certificate/c", Expiration: credNow.Add(400 * 24 * time.Hour)})
		}
		return s
	}
	certARN := "arn:aws:iam::" + credAcct + ":server-certificate/c"
	for _, tc := range []struct {
		name string
		rule Rule
		snap *audit.Snapshot
		want []ruleWant
	}{
		{"root keys flag -1, no root row", RootAccessKeys, credSummary(credSnap(), map[string]int32{"AccountAccessKeysPresent": -1}),
			[]ruleWant{{credRootARN, result.Unknown, []string{"AccountAccessKeysPresent is -1, not 0 or 1"}}}},
		{"root keys flag -1, clean root row", RootAccessKeys, credSummary(credSnap(credRoot(true)), map[string]int32{"AccountAccessKeysPresent": -1}),
			[]ruleWant{{credRootARN, result.Pass, []string{"credential report root row", "not 0 or 1"}}}},
		{"root keys flag 0", RootAccessKeys, credSummary(credSnap(), map[string]int32{"AccountAccessKeysPresent": 0}),
			[]ruleWant{{credRootARN, result.Pass, nil}}},
		{"root MFA flag 2, no root row", RootMFA, credSummary(credSnap(), map[string]int32{"AccountMFAEnabled": 2}),
			[]ruleWant{{credRootARN, result.Unknown, []string{"AccountMFAEnabled is 2, not 0 or 1"}}}},
		{"password length 200", PasswordMinLength, policy(func(p *audit.PasswordPolicy) { p.MinimumPasswordLength = 200 }),
			[]ruleWant{{credAcctRes, result.Unknown, []string{"minimum length is 200, outside IAM's 6 to 128"}}}},
		{"password length missing", PasswordSymbol, policy(func(p *audit.PasswordPolicy) { p.MinimumPasswordLength = 0 }),
			[]ruleWant{{credAcctRes, result.Unknown, []string{"minimum length is 0"}}}},
		{"password reuse 99", PasswordReuse, policy(func(p *audit.PasswordPolicy) { p.PasswordReusePrevention = 99 }),
			[]ruleWant{{credAcctRes, result.Unknown, []string{"reuse prevention is 99"}}}},
		{"password age 5000", PasswordMaxAge, policy(func(p *audit.PasswordPolicy) { p.MaxPasswordAge = 5000 }),
			[]ruleWant{{credAcctRes, result.Unknown, []string{"maximum age is 5000 days"}}}},
		{"password policy in range", PasswordMinLength, policy(func(p *audit.PasswordPolicy) { p.MinimumPasswordLength = 128 }),
			[]ruleWant{{credAcctRes, result.Pass, nil}}},
		{"certificates: summary counts one the list lacks", ServerCertExpired, certs(1, 0),
			[]ruleWant{{credAcctRes, result.Unknown, []string{"counts 1 server certificates but ListServerCertificates listed 0"}}}},
		{"certificates: counts agree", ServerCertExpired, certs(1, 1), []ruleWant{{certARN, result.Pass, nil}}},
		{"certificates: none, counts agree", ServerCertExpired, certs(0, 0), []ruleWant{{credAcctRes, result.Pass, nil}}},
		{"certificates: list has more", ServerCertExpired, certs(0, 1),
			[]ruleWant{{certARN, result.Pass, nil}, {credAcctRes, result.Unknown, []string{"counts 0 server certificates"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) { runRule(t, tc.rule, tc.snap, tc.want) })
	}
}
