package rules

import (
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// KeyUnusedSinceSetup checks that console users were not handed access keys
// at creation that they never used (CIS 1.11).
var KeyUnusedSinceSetup = Rule{
	ID:       "IAM-USER-KEY-UNUSED-SINCE-SETUP",
	Title:    "No access keys created at user setup and never used",
	Severity: result.Medium,
	Rationale: "Creating an access key by default for every new console user hands out a long-lived " +
		"credential nobody asked for; an unused key is pure risk. Keys should be created only when " +
		"the user needs programmatic access.",
	Remediation: "Delete access keys that have never been used; create keys only on request.",
	RemediationCLI: []string{
		"aws iam list-access-keys --user-name <user-name>",
		"aws iam delete-access-key --user-name <user-name> --access-key-id <access-key-id>",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html",
	},
	Controls: cis("1.11", "1.11", "1.11", "1.11", "1.11", "1.10", "2.10", ""),
	Evidence: userEvidence,
	Check:    checkKeyUnusedSinceSetup,
}

// checkKeyUnusedSinceSetup uses the CIS audit criterion: a user with
// password_enabled true and an active access key whose last_used_date is N/A.
// (N/A also covers keys last used before 2015-04-22, which the report cannot
// tell apart; the reason quotes the key's age so a reader can.)
// no_information is not the CIS marker, so such a key is UNKNOWN.
func checkKeyUnusedSinceSetup(ctx *Context) []result.Result {
	return eachUser(ctx, func(row audit.CredentialRow) result.Result {
		var never, unknown []string
		active := 0
		eachActiveKey(row, func(name string, k audit.AccessKeyStatus) {
			active++
			switch {
			case k.LastUsedDate.Known():
			case k.LastUsedDate.State == audit.StateNA:
				never = append(never, name+" is active and has never been used (created "+k.LastRotated.String()+")")
			default:
				unknown = append(unknown, name+" last_used_date is "+k.LastUsedDate.String())
			}
		}, func(reason string) { unknown = append(unknown, reason) })
		if len(never) == 0 && len(unknown) == 0 {
			if active == 0 {
				return userResult(row, result.Pass, "no active access keys")
			}
			return userResult(row, result.Pass, "every active access key has been used")
		}
		switch {
		case row.PasswordEnabled.False():
			return userResult(row, result.Pass, "no console password (password_enabled false): CIS 1.11 concerns keys issued to console users at setup")
		case !row.PasswordEnabled.True():
			return userResult(row, result.Unknown, "password_enabled is "+row.PasswordEnabled.String()+"; "+strings.Join(append(never, unknown...), "; "))
		case len(never) > 0:
			reason := "console user: " + strings.Join(never, "; ")
			if len(unknown) > 0 {
				reason += "; also undetermined: " + strings.Join(unknown, "; ")
			}
			return userResult(row, result.Fail, reason)
		}
		return userResult(row, result.Unknown, "console user: "+strings.Join(unknown, "; "))
	})
}
