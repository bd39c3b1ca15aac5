package rules

import "github.com/iamaudit/iamaudit/result"

// UserSigningCertAge checks that active user signing certificates are rotated.
var UserSigningCertAge = Rule{
	ID:       "IAM-USER-SIGNING-CERT-AGE",
	Title:    "Active user signing certificates are rotated every 90 days or less",
	Severity: result.Low,
	Rationale: "X.509 signing certificates authenticate legacy SOAP requests and, like access keys, are " +
		"long-lived secrets; an old one has had the longest time to leak.",
	Remediation: "Delete signing certificates nothing uses; rotate the rest by uploading a new certificate, " +
		"switching consumers and deleting the old one.",
	RemediationCLI: []string{
		"aws iam list-signing-certificates --user-name <user-name>",
		"aws iam upload-signing-certificate --user-name <user-name> --certificate-body file://<new-cert.pem>",
		"aws iam update-signing-certificate --user-name <user-name> --certificate-id <old-certificate-id> --status Inactive",
		"aws iam delete-signing-certificate --user-name <user-name> --certificate-id <old-certificate-id>",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSigningCertificate.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html",
	},
	Evidence: userEvidence,
	Check:    checkUserSigningCertAge,
}

// checkUserSigningCertAge fails active certificates older than
// SigningCertDays, with the same "older than" boundary as key rotation.
func checkUserSigningCertAge(ctx *Context) []result.Result {
	return checkActiveCredentialAge(ctx, ctx.Config.SigningCertDays, "no active signing certificates", certSlots)
}
