package rules

import (
	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// RootSigningCerts checks that the root user has no X.509 signing certificates.
var RootSigningCerts = Rule{
	ID:       "IAM-ROOT-SIGNING-CERTS",
	Title:    "Root user has no signing certificates",
	Severity: result.Medium,
	Rationale: "Signing certificates authenticate legacy SOAP requests. On the root user they are a " +
		"long-lived credential with unrestricted power that nobody needs today; an inactive one can " +
		"be re-activated.",
	Remediation: "Sign in as the root user, open Security credentials and delete every X.509 certificate.",
	RemediationCLI: []string{
		"# run with the root user's own credentials",
		"aws iam list-signing-certificates",
		"aws iam delete-signing-certificate --certificate-id <certificate-id>",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html",
		"https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html",
	},
	Evidence: []audit.Evidence{audit.EvidenceAccountSummary, audit.EvidenceCredentialReport},
	Check: func(ctx *Context) []result.Result {
		return checkRootCredentialAbsent(ctx, "AccountSigningCertificatesPresent", "signing certificate", certSlots)
	},
}
