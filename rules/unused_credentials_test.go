package rules

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestUnusedCredentialsBoundaries(t *testing.T) {
	for _, tc := range []struct {
		rule   Rule
		days   int
		status result.Status
	}{
		{UnusedCredentials45, 44, result.Pass}, {UnusedCredentials45, 45, result.Fail}, {UnusedCredentials45, 46, result.Fail},
		{UnusedCredentials90, 89, result.Pass}, {UnusedCredentials90, 90, result.Fail}, {UnusedCredentials90, 91, result.Fail},
		{UnusedCredentials90, 50, result.Pass},
	} {
		t.Run(fmt.Sprintf("%s/%d", tc.rule.ID, tc.days), func(t *testing.T) {
			pw := credConsole(credUser("pw"), credDaysAgo(tc.days), true)
			key := credUser("key")
			key.AccessKeys[0] = credKey(true, credDaysAgo(400), credDaysAgo(tc.days))
			neverPw := credConsole(credUser("never-pw"), credNoInfo, true)
			neverPw.PasswordLastChanged = credDaysAgo(tc.days)
			neverKey := credUser("never-key")
			neverKey.AccessKeys[1] = credKey(true, credDaysAgo(tc.days), credNA)
			phrase := fmt.Sprintf("(%d days ago)", tc.days)
			runRule(t, tc.rule, credSnap(credRoot(true), pw, key, neverPw, neverKey), []ruleWant{
				{credUserARN("pw"), tc.status, []string{"password last used", phrase}},
				{credUserARN("key"), tc.status, []string{"access key 1 last used", phrase}},
				{credUserARN("never-pw"), tc.status, []string{"password never used; set", phrase}},
				{credUserARN("never-key"), tc.status, []string{"access key 2 never used; created", phrase}},
			})
		})
	}
}

func TestUnusedCredentials45(t *testing.T) {
	// never used (N/A), no password_last_changed: aged from creation.
	fromCreation := credConsole(credUser("from-creation"), credNA, false)
	fromCreation.PasswordLastChanged = credNA
	fromCreation.UserCreationTime = credDaysAgo(60)
	// never used, and neither change nor creation date is known.
	noDates := credConsole(credUser("no-dates"), credNoInfo, false)
	noDates.PasswordLastChanged = credNotSupported
	noDates.UserCreationTime = credAbsent
	// a stale inactive key is ignored; the fresh active one passes.
	inactive := credUser("inactive")
	inactive.AccessKeys[0] = credKey(false, credDaysAgo(500), credDaysAgo(400))
	inactive.AccessKeys[1] = credKey(true, credDaysAgo(500), credDaysAgo(2))
	// one stale credential among fresh ones fails, naming only the stale one.
	mixed := credConsole(credUser("mixed"), credDaysAgo(3), true)
	mixed.AccessKeys[0] = credKey(true, credDaysAgo(200), credDaysAgo(100))
	// password_enabled not_supported and absent columns are unknown, not false.
	pwUnsupported := credUser("pw-unsupported")
	pwUnsupported.PasswordEnabled = credBoolNotSupp
	lastUsedAbsent := credConsole(credUser("last-used-absent"), credAbsent, true)
	keyActiveAbsent := credUser("key-active-absent")
	keyActiveAbsent.AccessKeys[0] = audit.AccessKeyStatus{}
	// fail wins over unknown, and the unknown is still reported.
	failAndUnknown := credConsole(credUser("fail-and-unknown"), credDaysAgo(70), true)
	failAndUnknown.AccessKeys[0] = credKey(true, credNotSupported, credNA)

	runRule(t, UnusedCredentials45, credSnap(credRoot(false), credUser("nothing"), fromCreation, noDates, inactive, mixed,
		pwUnsupported, lastUsedAbsent, keyActiveAbsent, failAndUnknown), []ruleWant{
		{credUserARN("nothing"), result.Pass, []string{"no console password and no active access keys"}},
		{credUserARN("from-creation"), result.Fail, []string{"password never used; user created", "(60 days ago)"}},
		{credUserARN("no-dates"), result.Unknown, []string{"password never used", "not_supported", "absent"}},
		{credUserARN("inactive"), result.Pass, []string{"access key 2 last used"}},
		{credUserARN("mixed"), result.Fail, []string{"access key 1 last used", "(100 days ago)"}},
		{credUserARN("pw-unsupported"), result.Unknown, []string{"password_enabled is not_supported"}},
		{credUserARN("last-used-absent"), result.Unknown, []string{"password_last_used is absent"}},
		{credUserARN("key-active-absent"), result.Unknown, []string{"access key 1 active is absent"}},
		{credUserARN("fail-and-unknown"), result.Fail, []string{"password last used", "also undetermined", "access key 1 never used and last_rotated is not_supported"}},
	})
}

func TestUnusedCredentialsMixedReasonOmitsFresh(t *testing.T) {
	mixed := credConsole(credUser("mixed"), credDaysAgo(3), true)
	mixed.AccessKeys[0] = credKey(true, credDaysAgo(200), credDaysAgo(100))
	got := UnusedCredentials45.Check(NewContext(credSnap(mixed), Config{}))
	if len(got) != 1 || got[0].Status != result.Fail || got[0].Reason != "access key 1 last used 2026-02-21 (100 days ago), 45 days or more" {
		t.Fatalf("got %+v", got)
	}
}

func TestUnusedCredentialsNoUsersNoReport(t *testing.T) {
	runRule(t, UnusedCredentials45, credSnap(credRoot(true)), []ruleWant{{credAcctRes, result.Pass, []string{"lists no IAM users"}}})
	runRule(t, UnusedCredentials45, credMissingReport(), credMissingReportWant)
	runRule(t, UnusedCredentials90, credMissingReport(), credMissingReportWant)
}

func TestUnusedCredentialsConfigThreshold(t *testing.T) {
	u := credConsole(credUser("u"), credDaysAgo(30), true)
	runRule(t, UnusedCredentials45, credSnap(u), []ruleWant{{credUserARN("u"), result.Fail, []string{"30 days or more"}}},
		cfgWith(func(c *Config) { c.UnusedCredentialDays = 30 }))
}

// TestEachUserNotInReport: IAM serves a cached credential report for up to
// four hours, so a user created since has no row. The root user's row is
// never judged as an IAM user, whatever its user column says. Every per-user credential
// rule must give that user an UNKNOWN, not silently skip it; a user that has
// a row (matched by ARN, or by name case-insensitively) is judged once.
func TestEachUserNotInReport(t *testing.T) {
	// A root row under another user name (seen in emulators) is still root.
	oddRoot := credRoot(false)
	oddRoot.User = "root"
	old := credConsole(credUser("old"), credDaysAgo(1), true)
	s := credSummary(credSnap(oddRoot, old), map[string]int32{"Users": 2})
	s.Authorization = &audit.AuthorizationDetails{Users: []audit.User{
		{Name: "old", ARN: credUserARN("old"), CreateDate: old.UserCreationTime.Time},
		{Name: "new", ARN: credUserARN("new"), CreateDate: credNow.Add(-30 * time.Minute)},
	}}
	for _, r := range []Rule{UserConsoleMFA, UserMFA, KeyUnusedSinceSetup, UnusedCredentials45, UnusedCredentials90, OneActiveKey, KeyRotation, UserSigningCertAge} {
		got := r.Check(NewContext(s, Config{}))
		if len(got) != 2 || got[0].Resource != credUserARN("old") || got[1].Resource != credUserARN("new") ||
			got[1].Status != result.Unknown || got[1].ResourceType != TypeUser ||
			!strings.Contains(got[1].Reason, "no row in the credential report") || !strings.Contains(got[1].Reason, "created later") {
			t.Errorf("%s: got %+v", r.ID, got)
		}
	}
}
