package rules

import (
	"fmt"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// ServerCertExpired checks that no expired server certificate is stored in IAM.
var ServerCertExpired = Rule{
	ID:       "IAM-SERVER-CERT-EXPIRED",
	Title:    "No expired SSL/TLS server certificates are stored in IAM",
	Severity: result.Medium,
	Rationale: "An expired certificate is useless, and one deployed by mistake to a load balancer or " +
		"CloudFront breaks the service and teaches users to click through certificate warnings.",
	Remediation: "Delete expired server certificates (after checking nothing still references them); " +
		"prefer AWS Certificate Manager, which renews certificates automatically.",
	RemediationCLI: []string{
		"aws iam list-server-certificates --query 'ServerCertificateMetadataList[].[ServerCertificateName,Expiration]' --output table",
		"aws iam delete-server-certificate --server-certificate-name <certificate-name>",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-26",
		"https://docs.aws.amazon.com/config/latest/developerguide/iam-server-certificate-expiration-check.html",
	},
	Controls: append(cis("1.19", "1.19", "1.19", "1.19", "1.19", "1.18", "2.18", "2.17"), securityHub("IAM.26"), awsConfig("iam-server-certificate-expiration-check")),
	Evidence: []audit.Evidence{audit.EvidenceServerCertificates, audit.EvidenceAccountSummary},
	Check: func(ctx *Context) []result.Result {
		return eachServerCert(ctx, func(c audit.ServerCertificate) (result.Status, string) {
			if c.Expiration.Before(ctx.Now) {
				return result.Fail, fmt.Sprintf("expired on %s (%d days ago)", day(c.Expiration), ageDays(ctx.Now, c.Expiration))
			}
			return result.Pass, fmt.Sprintf("valid until %s (%d days left)", day(c.Expiration), ageDays(c.Expiration, ctx.Now))
		})
	},
}

// eachServerCert judges every server certificate. No certificates gives one
// PASS for the account, so the report shows the check ran; missing evidence
// gives one UNKNOWN; a certificate without an expiration date is UNKNOWN.
func eachServerCert(ctx *Context, judge func(c audit.ServerCertificate) (result.Status, string)) []result.Result {
	s := ctx.Snapshot
	if s.ServerCertificates == nil {
		return []result.Result{accountSubject(s).missing(ctx,
			"the server certificate list is unavailable", audit.EvidenceServerCertificates)}
	}
	// The account summary counts the certificates too; when the two
	// disagree, the list may lack one (an edited file, a lost page), so
	// one account UNKNOWN stands beside what was seen.
	var disagree []result.Result
	if n, ok := s.AccountSummary.Get("ServerCertificates"); ok && int(n) != len(s.ServerCertificates.Certificates) {
		disagree = append(disagree, accountSubject(s).unknown(fmt.Sprintf("the account summary counts %d server certificates but ListServerCertificates listed %d, so the list cannot be confirmed",
			n, len(s.ServerCertificates.Certificates)), "server_certificates/account_summary: counts disagree"))
	}
	if len(s.ServerCertificates.Certificates) == 0 {
		if len(disagree) > 0 {
			return disagree
		}
		return []result.Result{accountSubject(s).pass("no server certificates are stored in IAM")}
	}
	out := make([]result.Result, 0, len(s.ServerCertificates.Certificates)+1)
	for _, c := range s.ServerCertificates.Certificates {
		sb := subject{TypeCertificate, c.ARN, c.Name}
		if c.Expiration.IsZero() {
			out = append(out, sb.unknown("ListServerCertificates returned no expiration date for "+c.Name))
		} else {
			out = append(out, sb.with(judge(c)))
		}
	}
	return append(out, disagree...)
}
