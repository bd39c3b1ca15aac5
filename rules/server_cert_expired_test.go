package rules

import (
	"testing"
	"time"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func credCertARN(name string) string {
	return "arn:aws:iam::" + credAcct + ":server-certificate/" + name
}

// credCerts is a snapshot holding server certificates expiring at the given offsets from credNow.
func credCerts(exp map[string]time.Duration, order ...string) *audit.Snapshot {
	s := credBare()
	s.ServerCertificates = &audit.ServerCertificates{Certificates: []audit.ServerCertificate{}}
	for _, n := range order {
		c := audit.ServerCertificate{Name: n, ARN: credCertARN(n), UploadDate: credNow.Add(-400 * 24 * time.Hour)}
		if d, ok := exp[n]; ok {
			c.Expiration = credNow.Add(d)
		}
		s.ServerCertificates.Certificates = append(s.ServerCertificates.Certificates, c)
	}
	return s
}

func TestServerCertExpired(t *testing.T) {
	oneDay := 24 * time.Hour
	s := credCerts(map[string]time.Duration{"old": -3*oneDay - time.Hour, "just": -time.Second, "now": 0, "fine": 100 * oneDay}, "old", "just", "now", "fine", "no-date")
	runRule(t, ServerCertExpired, s, []ruleWant{
		{credCertARN("old"), result.Fail, []string{"expired on 2026-05-29 (3 days ago)"}},
		{credCertARN("just"), result.Fail, []string{"expired on"}},
		{credCertARN("now"), result.Pass, []string{"valid until 2026-06-01"}},
		{credCertARN("fine"), result.Pass, []string{"(100 days left)"}},
		{credCertARN("no-date"), result.Unknown, []string{"no expiration date"}},
	})
	runRule(t, ServerCertExpired, credCerts(nil), []ruleWant{{credAcctRes, result.Pass, []string{"no server certificates are stored in IAM"}}})
	missing := credBare()
	missing.AddGap(audit.Gap{Evidence: audit.EvidenceServerCertificates, Operation: "ListServerCertificates", Code: "AccessDenied", Message: "denied"})
	runRule(t, ServerCertExpired, missing, []ruleWant{{credAcctRes, result.Unknown, []string{"server certificate list is unavailable", "ListServerCertificates: AccessDenied"}}})
}
