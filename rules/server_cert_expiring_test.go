package rules

import (
	"testing"
	"time"

	"github.com/iamaudit/iamaudit/result"
)

func TestServerCertExpiring(t *testing.T) {
	oneDay := 24 * time.Hour
	s := credCerts(map[string]time.Duration{
		"expired": -oneDay, "in-29": 29*oneDay + time.Hour, "in-30": 30 * oneDay, "in-31": 31 * oneDay, "far": 365 * oneDay,
	}, "expired", "in-29", "in-30", "in-31", "far")
	runRule(t, ServerCertExpiring, s, []ruleWant{
		{credCertARN("expired"), result.Pass, []string{"already expired", "IAM-SERVER-CERT-EXPIRED"}},
		{credCertARN("in-29"), result.Fail, []string{"in 29 days (warning window 30 days)"}},
		{credCertARN("in-30"), result.Fail, []string{"in 30 days"}},
		{credCertARN("in-31"), result.Pass, []string{"(31 days left)"}},
		{credCertARN("far"), result.Pass, []string{"(365 days left)"}},
	})
	runRule(t, ServerCertExpiring, credCerts(map[string]time.Duration{"in-31": 31 * oneDay}, "in-31"),
		[]ruleWant{{credCertARN("in-31"), result.Fail, []string{"warning window 60 days"}}}, cfgWith(func(c *Config) { c.CertExpiryWarnDays = 60 }))
	runRule(t, ServerCertExpiring, credCerts(nil), []ruleWant{{credAcctRes, result.Pass, []string{"no server certificates"}}})
	runRule(t, ServerCertExpiring, credBare(), []ruleWant{{credAcctRes, result.Unknown, []string{"server_certificates: not collected"}}})
	if ServerCertExpiring.Severity != result.Low {
		t.Errorf("severity %s, want LOW", ServerCertExpiring.Severity)
	}
}
