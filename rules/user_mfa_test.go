package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/result"
)

func TestUserMFA(t *testing.T) {
	withMFA := credUser("api-with-mfa")
	withMFA.MFAActive = credTrue
	mfaNA := credUser("mfa-na")
	mfaNA.MFAActive = credBoolNA
	runRule(t, UserMFA, credSnap(credRoot(false), credUser("api-only"), withMFA, credConsole(credUser("console"), credNA, false), mfaNA),
		[]ruleWant{
			{credUserARN("api-only"), result.Fail, []string{"mfa_active false"}},
			{credUserARN("api-with-mfa"), result.Pass, []string{"mfa_active true"}},
			{credUserARN("console"), result.Fail, []string{"no MFA device"}},
			{credUserARN("mfa-na"), result.Unknown, []string{"mfa_active is N/A"}},
		})
	runRule(t, UserMFA, credMissingReport(), credMissingReportWant)
}
