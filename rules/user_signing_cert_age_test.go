package rules

import (
	"fmt"
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestUserSigningCertAge(t *testing.T) {
	for days, st := range map[int]result.Status{89: result.Pass, 90: result.Pass, 91: result.Fail} {
		u := credUser("u")
		u.Certs[0] = audit.CertStatus{Active: credTrue, LastRotated: credDaysAgo(days)}
		runRule(t, UserSigningCertAge, credSnap(u), []ruleWant{{credUserARN("u"), st, []string{fmt.Sprintf("cert_1 last rotated %s (%d days ago)", day(credDaysAgo(days).Time), days)}}})
	}
	inactiveOld := credUser("inactive-old")
	inactiveOld.Certs[1] = audit.CertStatus{Active: credFalse, LastRotated: credDaysAgo(1000)}
	rotatedAbsent := credUser("rotated-absent")
	rotatedAbsent.Certs[1] = audit.CertStatus{Active: credTrue, LastRotated: credAbsent}
	activeAbsent := credUser("active-absent")
	activeAbsent.Certs[0] = audit.CertStatus{}
	runRule(t, UserSigningCertAge, credSnap(credRoot(true), credUser("none"), inactiveOld, rotatedAbsent, activeAbsent), []ruleWant{
		{credUserARN("none"), result.Pass, []string{"no active signing certificates"}},
		{credUserARN("inactive-old"), result.Pass, []string{"no active signing certificates"}},
		{credUserARN("rotated-absent"), result.Unknown, []string{"cert_2 is active but last_rotated is absent"}},
		{credUserARN("active-absent"), result.Unknown, []string{"cert_1 active is absent"}},
	})
	runRule(t, UserSigningCertAge, credMissingReport(), credMissingReportWant)
}
