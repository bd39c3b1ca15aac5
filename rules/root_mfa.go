package rules

import (
	"fmt"
	"time"

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
	Evidence: []audit.Evidence{audit.EvidenceAccountSummary, audit.EvidenceCredentialReport},
	Check:    checkRootMFA,
}

func checkRootMFA(ctx *Context) []result.Result {
	res := rootResult(ctx.Snapshot)
	enabled, reason, ok := rootMFAEnabled(ctx)
	if !ok {
		return []result.Result{unknownFor(ctx, TypeRootUser, res.Resource, res.ResourceName, reason,
			audit.EvidenceAccountSummary, audit.EvidenceCredentialReport)}
	}
	res.Status, res.Reason = result.Fail, reason+": root has no MFA device"
	if enabled {
		res.Status, res.Reason = result.Pass, reason
	}
	return []result.Result{res}
}

// rootMFAEnabled reads whether root has any MFA device. The account summary is
// live and authoritative for root; the report row (up to 4 hours old) is the
// fallback because some emulators omit the summary key. When both answer and
// disagree, the summary decides and the reason names both values. ok is false
// when neither source gives a trustworthy answer; reason then says why.
func rootMFAEnabled(ctx *Context) (enabled bool, reason string, ok bool) {
	row, rowWhy := ctx.credentials().rootRow()
	rowSays := func() string {
		if rowWhy != "" || !(row.MFAActive.True() || row.MFAActive.False()) {
			return ""
		}
		return row.MFAActive.String()
	}
	v, found, bad := summaryFlag(ctx.Snapshot, "AccountMFAEnabled")
	if found {
		enabled = v == 1
		reason = fmt.Sprintf("AccountMFAEnabled is %d in the account summary", v)
		if said := rowSays(); said != "" && (said == "true") != enabled {
			reason += fmt.Sprintf(" (live; preferred over the credential report generated %s, whose root row says mfa_active %s)",
				ctx.credentials().report.GeneratedTime.UTC().Format(time.RFC3339), said)
		}
		return enabled, reason, true
	}
	noSummary := "the account summary has no AccountMFAEnabled"
	if bad != "" {
		noSummary = bad
	}
	if rowWhy != "" {
		return false, noSummary + " and " + rowWhy, false
	}
	switch {
	case row.MFAActive.True():
		return true, "credential report: root mfa_active is true (" + noSummary + ")", true
	case row.MFAActive.False():
		return false, "credential report: root mfa_active is false (" + noSummary + ")", true
	}
	return false, "root mfa_active is " + row.MFAActive.String() + " and " + noSummary, false
}

// rootResult is the result skeleton for a rule about the root user.
func rootResult(s *audit.Snapshot) result.Result {
	return result.Result{ResourceType: TypeRootUser, Resource: accountARN(s), ResourceName: audit.RootUserName}
}

// accountResource names the account itself, the way Security Hub names
// account-level resources, for results that are about the whole account.
func accountResource(s *audit.Snapshot) string { return "AWS::::Account:" + s.Account.ID }
