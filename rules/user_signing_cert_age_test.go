package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestUserSigningCertAge(t *testing.T) {
	// The 89/90/91-day boundary is TestCredentialAgeBoundary's.
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
