package rules

import (
	"fmt"
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// TestCredentialAgeBoundary: a key or certificate exactly 90 days old is
// still compliant for both age rules; 91 days fails.
func TestCredentialAgeBoundary(t *testing.T) {
	for _, rc := range []struct {
		rule Rule
		slot string
		set  func(u *audit.CredentialRow, rotated audit.ReportTime)
	}{
		{KeyRotation, "access key 2", func(u *audit.CredentialRow, rotated audit.ReportTime) {
			u.AccessKeys[1] = credKey(true, rotated, credDaysAgo(1))
		}},
		{UserSigningCertAge, "cert_1", func(u *audit.CredentialRow, rotated audit.ReportTime) {
			u.Certs[0] = audit.CertStatus{Active: credTrue, LastRotated: rotated}
		}},
	} {
		for days, st := range map[int]result.Status{89: result.Pass, 90: result.Pass, 91: result.Fail} {
			t.Run(fmt.Sprintf("%s/%d", rc.rule.ID, days), func(t *testing.T) {
				u := credUser("u")
				rc.set(&u, credDaysAgo(days))
				runRule(t, rc.rule, credSnap(u), []ruleWant{{credUserARN("u"), st, []string{fmt.Sprintf("%s last rotated %s (%d days ago)", rc.slot, day(credDaysAgo(days).Time), days)}}})
			})
		}
	}
}

func TestKeyRotation(t *testing.T) {
	inactiveOld := credUser("inactive-old")
	inactiveOld.AccessKeys[0] = credKey(false, credDaysAgo(900), credDaysAgo(800))
	twoKeys := credUser("two-keys")
	twoKeys.AccessKeys[0] = credKey(true, credDaysAgo(10), credNA)
	twoKeys.AccessKeys[1] = credKey(true, credDaysAgo(120), credDaysAgo(1))
	rotatedUnknown := credUser("rotated-unknown")
	rotatedUnknown.AccessKeys[0] = credKey(true, credNotSupported, credNA)
	activeNA := credUser("active-na")
	activeNA.AccessKeys[0] = audit.AccessKeyStatus{Active: credBoolNA, LastRotated: credNA}
	root := credRoot(true)
	root.AccessKeys[0] = credKey(true, credDaysAgo(900), credNA) // root is another rule's business

	runRule(t, KeyRotation, credSnap(root, credUser("no-keys"), inactiveOld, twoKeys, rotatedUnknown, activeNA), []ruleWant{
		{credUserARN("no-keys"), result.Pass, []string{"no active access keys"}},
		{credUserARN("inactive-old"), result.Pass, []string{"no active access keys"}},
		{credUserARN("two-keys"), result.Fail, []string{"access key 2 last rotated", "(120 days ago), more than 90 days"}},
		{credUserARN("rotated-unknown"), result.Unknown, []string{"access key 1 is active but last_rotated is not_supported"}},
		{credUserARN("active-na"), result.Unknown, []string{"access key 1 active is N/A"}},
	})
	runRule(t, KeyRotation, credMissingReport(), credMissingReportWant)
	runRule(t, KeyRotation, credSnap(twoKeys), []ruleWant{{credUserARN("two-keys"), result.Fail, []string{"(10 days ago), more than 5 days"}}}, cfgWith(func(c *Config) { c.KeyRotationDays = 5 }))
}
