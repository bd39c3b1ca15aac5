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
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-9",
	},
	Controls: append(cis("1.5", "1.5", "1.5", "1.5", "1.4", "2.4"), securityHub("IAM.9"), awsConfig("root-account-mfa-enabled")),
	Evidence: []audit.Evidence{audit.EvidenceAccountSummary, audit.EvidenceCredentialReport},
	Check:    checkRootMFA,
}

func checkRootMFA(ctx *Context) []result.Result {
	s := ctx.Snapshot
	arn := accountARN(s)
	res := result.Result{ResourceType: TypeRootUser, Resource: arn, ResourceName: audit.RootUserName}
	// The account summary is authoritative for root; the report row is the fallback.
	if v, ok := s.AccountSummary.Get("AccountMFAEnabled"); ok {
		if v == 1 {
			res.Status, res.Reason = result.Pass, "AccountMFAEnabled is 1 in the account summary"
		} else {
			res.Status, res.Reason = result.Fail, "AccountMFAEnabled is 0 in the account summary: root has no MFA device"
		}
		return []result.Result{res}
	}
	if row, ok := s.CredentialReport.Root(); ok {
		switch {
		case row.MFAActive.True():
			res.Status, res.Reason = result.Pass, "credential report: root mfa_active is true"
			return []result.Result{res}
		case row.MFAActive.False():
			res.Status, res.Reason = result.Fail, "credential report: root mfa_active is false"
			return []result.Result{res}
		}
		return []result.Result{unknownFor(ctx, TypeRootUser, arn, audit.RootUserName,
			"root mfa_active is "+row.MFAActive.String()+" and the account summary is unavailable", audit.EvidenceAccountSummary)}
	}
	return []result.Result{unknownFor(ctx, TypeRootUser, arn, audit.RootUserName,
		"neither the account summary nor a root row in the credential report is available",
		audit.EvidenceAccountSummary, audit.EvidenceCredentialReport)}
}
