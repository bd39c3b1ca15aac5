package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestRootSigningCerts(t *testing.T) {
	withCerts := func(c1, c2 audit.CertStatus) audit.CredentialRow {
		r := credRoot(true)
		r.Certs = [2]audit.CertStatus{c1, c2}
		return r
	}
	none := audit.CertStatus{Active: credFalse, LastRotated: credNA}
	runCases(t, RootSigningCerts, []ruleCase{
		{"summary 0", credSummary(credSnap(), map[string]int32{"AccountSigningCertificatesPresent": 0}),
			[]ruleWant{{credRootARN, result.Pass, []string{"AccountSigningCertificatesPresent is 0"}}}},
		{"summary 1", credSummary(credSnap(withCerts(none, none)), map[string]int32{"AccountSigningCertificatesPresent": 1}),
			[]ruleWant{{credRootARN, result.Fail, []string{"AccountSigningCertificatesPresent is 1"}}}},
		{"row: active cert", credSnap(withCerts(audit.CertStatus{Active: credTrue, LastRotated: credDaysAgo(3)}, none)),
			[]ruleWant{{credRootARN, result.Fail, []string{"cert_1 is active"}}}},
		{"row: inactive cert", credSnap(withCerts(none, audit.CertStatus{Active: credFalse, LastRotated: credDaysAgo(3)})),
			[]ruleWant{{credRootARN, result.Fail, []string{"cert_2 exists but is inactive"}}}},
		{"row: none", credSnap(withCerts(none, none)),
			[]ruleWant{{credRootARN, result.Pass, []string{"cert_1 is absent"}}}},
		{"row: not_supported", credSnap(withCerts(audit.CertStatus{Active: credBoolNotSupp, LastRotated: credNotSupported}, none)),
			[]ruleWant{{credRootARN, result.Unknown, []string{"cert_1: active is not_supported"}}}},
		{"no evidence", credMissingReport(),
			[]ruleWant{{credRootARN, result.Unknown, []string{"GetCredentialReport: AccessDenied"}}}},
	})
}
