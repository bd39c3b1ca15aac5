package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/result"
)

func TestUserConsoleMFA(t *testing.T) {
	pwUnsupported := credUser("pw-unsupported")
	pwUnsupported.PasswordEnabled = credBoolNotSupp
	pwAbsent := credUser("pw-absent")
	pwAbsent.PasswordEnabled = credBoolAbsent
	mfaAbsent := credConsole(credUser("mfa-absent"), credDaysAgo(1), false)
	mfaAbsent.MFAActive = credBoolAbsent
	runRule(t, UserConsoleMFA, credSnap(credRoot(false), credUser("api-only"),
		credConsole(credUser("with-mfa"), credDaysAgo(1), true), credConsole(credUser("without-mfa"), credNoInfo, false),
		pwUnsupported, pwAbsent, mfaAbsent), []ruleWant{
		{credUserARN("api-only"), result.Pass, []string{"no console password"}},
		{credUserARN("with-mfa"), result.Pass, []string{"mfa_active true"}},
		{credUserARN("without-mfa"), result.Fail, []string{"console password enabled but mfa_active false"}},
		{credUserARN("pw-unsupported"), result.Unknown, []string{"password_enabled is not_supported"}},
		{credUserARN("pw-absent"), result.Unknown, []string{"password_enabled is absent"}},
		{credUserARN("mfa-absent"), result.Unknown, []string{"mfa_active is absent"}},
	})
	runRule(t, UserConsoleMFA, credMissingReport(), credMissingReportWant)
	// Root is never judged here; an account of only root says it has no users.
	runRule(t, UserConsoleMFA, credSnap(credRoot(false)), []ruleWant{{credAcctRes, result.Pass, []string{"lists no IAM users"}}})
}
