package rules

import (
	"fmt"
	"time"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// ServerCertExpiring warns about server certificates that expire soon.
var ServerCertExpiring = Rule{
	ID:       "IAM-SERVER-CERT-EXPIRING",
	Title:    "No IAM server certificate expires within 30 days",
	Severity: result.Low,
	Rationale: "IAM never renews a server certificate. One that expires while still attached to a load " +
		"balancer or CloudFront distribution takes the service down with it.",
	Remediation: "Obtain a new certificate, upload it (or better, import or issue it in AWS Certificate Manager), " +
		"switch every listener or distribution to it, then delete the old one.",
	RemediationCLI: []string{
		"aws iam upload-server-certificate --server-certificate-name <new-certificate-name> --certificate-body file://<cert.pem> --private-key file://<key.pem> --certificate-chain file://<chain.pem>",
		"aws elbv2 modify-listener --listener-arn <listener-arn> --certificates CertificateArn=<new-certificate-arn>",
		"aws iam delete-server-certificate --server-certificate-name <old-certificate-name>",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html",
		"https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListServerCertificates.html",
	},
	Evidence: []audit.Evidence{audit.EvidenceServerCertificates, audit.EvidenceAccountSummary},
	Check: func(ctx *Context) []result.Result {
		warn := ctx.Config.CertExpiryWarnDays
		return eachServerCert(ctx, func(c audit.ServerCertificate) (result.Status, string) {
			if c.Expiration.Before(ctx.Now) {
				// Reported by IAM-SERVER-CERT-EXPIRED; failing it here too would count one problem twice.
				return result.Pass, fmt.Sprintf("already expired on %s: see IAM-SERVER-CERT-EXPIRED", day(c.Expiration))
			}
			// "Within" is inclusive: a certificate expiring exactly warn days from now is flagged.
			left := ageDays(c.Expiration, ctx.Now)
			if c.Expiration.Sub(ctx.Now) <= time.Duration(warn)*24*time.Hour {
				return result.Fail, fmt.Sprintf("expires on %s, in %d days (warning window %d days)", day(c.Expiration), left, warn)
			}
			return result.Pass, fmt.Sprintf("valid until %s (%d days left)", day(c.Expiration), left)
		})
	},
}
