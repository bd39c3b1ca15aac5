package rules

import (
	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// RootMFA checks that the root user has MFA enabled.
var RootMFA = Rule{
	ID:       "IAM-ROOT-MFA",
	Title:    "Root user has MFA enabled",
	Severity: result.Critical,
	Rationale: "The root user can do anything in the account, including closing it. A password " +
		"alone is one phishing email away from a full compromise; MFA adds a second factor.",
	Remediation: "Sign in as the root user, open Security credentials and assign an MFA device " +
		"(a FIDO security key or hardware TOTP token is best).",
	RemediationCLI: []string{
		"# Root MFA is assigned in the console (Security credentials > Assign MFA device); to confirm afterwards:",
		"aws iam get-account-summary --query 'SummaryMap.AccountMFAEnabled'",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-9",
		"https://docs.aws.amazon.com/config/latest/developerguide/root-account-mfa-enabled.html",
	},
	Controls: append(cis("1.5", "1.5", "1.5", "1.5", "1.5", "1.4", "2.4", "2.5"), securityHub("IAM.9"), awsConfig("root-account-mfa-enabled")),
	Evidence: []audit.Evidence{audit.EvidenceAccountSummary},
	// The report's root row decides only when the summary lacks the flag.
	Optional: []audit.Evidence{audit.EvidenceCredentialReport},
	Check:    checkRootMFA,
}

func checkRootMFA(ctx *Context) []result.Result {
	sb := rootSubject(ctx.Snapshot)
	enabled, reason, ok := rootMFAEnabled(ctx)
	switch {
	case !ok:
		return []result.Result{sb.missing(ctx, reason, audit.EvidenceAccountSummary, audit.EvidenceCredentialReport)}
	case enabled:
		return []result.Result{sb.pass(reason)}
	}
	return []result.Result{sb.fail(reason + ": root has no MFA device")}
}
