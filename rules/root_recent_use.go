package rules

import (
	"fmt"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// RootRecentUse checks that the root user was not used recently.
var RootRecentUse = Rule{
	ID:       "IAM-ROOT-RECENT-USE",
	Title:    "Root user has not been used recently",
	Severity: result.Low,
	Rationale: "Only a handful of tasks need the root user. Routine root use means the most powerful, " +
		"least restrictable credential is exposed day to day instead of being locked away.",
	Remediation: "Find out who used root and why (CloudTrail events with userIdentity.type Root), move " +
		"that work to IAM roles or users with least privilege, and keep root for the tasks that require it.",
	RemediationCLI: []string{
		"aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 50",
		"aws iam generate-credential-report",
		"aws iam get-credential-report --query Content --output text | base64 --decode | head -2",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html",
	},
	// Security Hub retired IAM.20; the framework table keeps it for findings that still cite it.
	Controls: append(cis("1.7", "1.7", "1.7", "1.7", "1.7", "1.6", "2.6", "2.7"), securityHub("IAM.20")),
	Evidence: []audit.Evidence{audit.EvidenceCredentialReport},
	Check:    checkRootRecentUse,
}

// checkRootRecentUse fails when root's password or either access key was used
// fewer than RootUseDays days ago (used exactly RootUseDays days ago is not
// "within" the window, matching the >= convention of the unused-credential
// rules). no_information and N/A mean "never used"; only the report has
// last-use dates, so a missing root row is UNKNOWN rather than a summary fallback.
func checkRootRecentUse(ctx *Context) []result.Result {
	s := ctx.Snapshot
	sb := rootSubject(s)
	row, why := ctx.credentials().rootRow()
	if why != "" {
		return []result.Result{sb.missing(ctx,
			why+", and only the report records when root was last used", audit.EvidenceCredentialReport)}
	}
	window := ctx.Config.RootUseDays
	var recent, unknown, old []string
	look := func(what string, t audit.ReportTime) {
		switch {
		case t.Known():
			age := ageDays(ctx.Now, t.Time)
			line := fmt.Sprintf("%s last used %s (%d days ago)", what, day(t.Time), age)
			if age < window {
				recent = append(recent, line)
			} else {
				old = append(old, line)
			}
		case t.State == audit.StateNA || t.State == audit.StateNoInformation:
			old = append(old, what+" never used ("+t.String()+")")
		default:
			unknown = append(unknown, what+" last use is "+t.String())
		}
	}
	// A credential that does not exist has no last use to read: some
	// emulators (moto) write not_supported in the last-use column of a
	// missing password or an empty key slot, which says nothing about use.
	// A real date is still read, since a deleted password keeps its last use;
	// an absent column stays UNKNOWN.
	if row.PasswordEnabled.False() && row.PasswordLastUsed.State == audit.StateNotSupported {
		old = append(old, "password does not exist (password_enabled false, last use not_supported)")
	} else {
		look("password", row.PasswordLastUsed)
	}
	// Every key counts, active or not: a key used last week and deactivated
	// since still shows root was used. An empty slot (inactive, never
	// rotated) holds no key.
	for i, k := range row.AccessKeys {
		name := fmt.Sprintf("access_key_%d", i+1)
		if k.Active.False() && k.LastRotated.State == audit.StateNA && k.LastUsedDate.State == audit.StateNotSupported {
			old = append(old, name+" does not exist (empty slot, last use not_supported)")
			continue
		}
		look(name, k.LastUsedDate)
	}
	switch {
	case len(recent) > 0:
		return []result.Result{sb.fail(fmt.Sprintf("root used within the last %d days: %s", window, strings.Join(recent, "; ")))}
	case len(unknown) > 0:
		return []result.Result{sb.unknown(strings.Join(unknown, "; "))}
	}
	return []result.Result{sb.pass(fmt.Sprintf("root not used within the last %d days: %s", window, strings.Join(old, "; ")))}
}
