package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/result"
)

func TestKeyUnusedSinceSetup(t *testing.T) {
	setupKey := credConsole(credUser("setup-key"), credDaysAgo(1), true)
	setupKey.AccessKeys[1] = credKey(true, credDaysAgo(300), credNA)
	usedKey := credConsole(credUser("used-key"), credDaysAgo(1), true)
	usedKey.AccessKeys[0] = credKey(true, credDaysAgo(300), credDaysAgo(2))
	inactiveNever := credConsole(credUser("inactive-never"), credDaysAgo(1), true)
	inactiveNever.AccessKeys[0] = credKey(false, credDaysAgo(300), credNA)
	apiNever := credUser("api-never")
	apiNever.AccessKeys[0] = credKey(true, credDaysAgo(3), credNA)
	pwUnknown := credUser("pw-unknown")
	pwUnknown.PasswordEnabled = credBoolNotSupp
	pwUnknown.AccessKeys[0] = credKey(true, credDaysAgo(3), credNA)
	pwUnknownNoKeys := credUser("pw-unknown-no-keys")
	pwUnknownNoKeys.PasswordEnabled = credBoolAbsent
	usedNoInfo := credConsole(credUser("used-no-info"), credDaysAgo(1), true)
	usedNoInfo.AccessKeys[0] = credKey(true, credDaysAgo(3), credNoInfo)

	runRule(t, KeyUnusedSinceSetup, credSnap(credRoot(true), credConsole(credUser("no-keys"), credDaysAgo(1), true),
		setupKey, usedKey, inactiveNever, apiNever, pwUnknown, pwUnknownNoKeys, usedNoInfo), []ruleWant{
		{credUserARN("no-keys"), result.Pass, []string{"no active access keys"}},
		{credUserARN("setup-key"), result.Fail, []string{"console user: access key 2 is active and has never been used"}},
		{credUserARN("used-key"), result.Pass, []string{"every active access key has been used"}},
		{credUserARN("inactive-never"), result.Pass, []string{"no active access keys"}},
		{credUserARN("api-never"), result.Pass, []string{"no console password"}},
		{credUserARN("pw-unknown"), result.Unknown, []string{"password_enabled is not_supported", "never been used"}},
		{credUserARN("pw-unknown-no-keys"), result.Pass, []string{"no active access keys"}},
		{credUserARN("used-no-info"), result.Unknown, []string{"last_used_date is no_information"}},
	})
	runRule(t, KeyUnusedSinceSetup, credMissingReport(), credMissingReportWant)
}
