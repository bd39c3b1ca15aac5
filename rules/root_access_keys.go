package rules

import (
	"fmt"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// RootAccessKeys checks that the root user has no access keys at all.
var RootAccessKeys = Rule{
	ID:       "IAM-ROOT-ACCESS-KEYS",
	Title:    "Root user has no access keys",
	Severity: result.Critical,
	Rationale: "A root access key grants unrestricted, non-interactive access to the whole account and " +
		"cannot be limited by any policy. An inactive key still exists and can be re-activated by " +
		"anyone who signs in as root, so only deletion removes the risk.",
	Remediation: "Sign in as the root user, open Security credentials and delete every access key " +
		"(deactivate first if you need to confirm nothing depends on it). Use IAM roles instead.",
	RemediationCLI: []string{
		"# run with the root user's own credentials; root keys cannot be managed from an IAM principal",
		"aws iam list-access-keys",
		"aws iam update-access-key --access-key-id <root-access-key-id> --status Inactive",
		"aws iam delete-access-key --access-key-id <root-access-key-id>",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-4",
		"https://docs.aws.amazon.com/config/latest/developerguide/iam-root-access-key-check.html",
	},
	Controls: append(cis("1.4", "1.4", "1.4", "1.4", "1.4", "1.3", "2.3", "2.4"), securityHub("IAM.4"), awsConfig("iam-root-access-key-check")),
	Evidence: []audit.Evidence{audit.EvidenceAccountSummary, audit.EvidenceCredentialReport},
	Check: func(ctx *Context) []result.Result {
		return checkRootCredentialAbsent(ctx, "AccountAccessKeysPresent", "access key", func(row audit.CredentialRow) []credentialSlot {
			return []credentialSlot{
				{name: "access_key_1", active: row.AccessKeys[0].Active, lastRotated: row.AccessKeys[0].LastRotated},
				{name: "access_key_2", active: row.AccessKeys[1].Active, lastRotated: row.AccessKeys[1].LastRotated},
			}
		})
	},
}

// credentialSlot is one key or certificate slot of a credential report row.
type credentialSlot struct {
	name        string
	active      audit.ReportBool
	lastRotated audit.ReportTime
}

// checkRootCredentialAbsent fails when root holds any credential of a kind,
// active or not. AWS Config and Security Hub count any existing root key
// (AccountAccessKeysPresent counts inactive keys too), so an inactive one
// fails here as well: it can be re-activated in one click.
//
// Either source showing a credential is enough to fail: the summary is live
// while the report may be hours old, and emulators fill in only one of them,
// so a credential seen by one source is never hidden by the other. In a
// report row, a slot with active=false and a real last_rotated date is an
// existing inactive credential, while active=false with last_rotated N/A is
// an empty slot.
func checkRootCredentialAbsent(ctx *Context, summaryKey, kind string, slots func(audit.CredentialRow) []credentialSlot) []result.Result {
	s := ctx.Snapshot
	res := rootResult(s)
	summary, haveSummary, bad := summaryFlag(s, summaryKey)
	row, rowWhy := ctx.credentials().rootRow()
	haveRow := rowWhy == ""
	noSummary := "the account summary has no " + summaryKey
	if bad != "" {
		noSummary = bad
	}
	if !haveSummary && !haveRow {
		return []result.Result{unknownFor(ctx, TypeRootUser, res.Resource, res.ResourceName,
			noSummary+" and "+rowWhy,
			audit.EvidenceAccountSummary, audit.EvidenceCredentialReport)}
	}
	var present, unknown, empty []string
	if haveRow {
		for _, sl := range slots(row) {
			switch {
			case sl.active.True():
				present = append(present, fmt.Sprintf("%s is active (last rotated %s)", sl.name, sl.lastRotated))
			case sl.active.False() && sl.lastRotated.Known():
				present = append(present, fmt.Sprintf("%s exists but is inactive (last rotated %s)", sl.name, sl.lastRotated))
			case sl.active.False() && (sl.lastRotated.State == audit.StateNA || sl.lastRotated.State == audit.StateNoInformation):
				empty = append(empty, sl.name+" is absent")
			default:
				unknown = append(unknown, fmt.Sprintf("%s: active is %s, last_rotated is %s", sl.name, sl.active, sl.lastRotated))
			}
		}
	}
	var because []string
	if haveSummary && summary > 0 {
		because = append(because, fmt.Sprintf("%s is %d in the account summary: root has at least one %s (active or inactive)", summaryKey, summary, kind))
	}
	if len(present) > 0 {
		because = append(because, "credential report root row: "+strings.Join(present, "; "))
	}
	// The two sources disagree: say both, so a reader knows which one saw
	// the credential (the summary is live, the report up to 4 hours old).
	switch {
	case len(because) == 0:
	case haveSummary && summary == 0:
		because = append(because, fmt.Sprintf("the account summary's %s is 0 (live), but the report shows the %s", summaryKey, kind))
	case haveRow && len(present) == 0 && len(empty) > 0:
		because = append(because, "the credential report (up to 4 hours older) shows none: "+strings.Join(empty, "; "))
	case !haveRow && haveSummary:
		because = append(because, "credential report not used: "+rowWhy)
	}
	switch {
	case len(because) > 0:
		res.Status, res.Reason = result.Fail, strings.Join(because, "; ")
	case haveSummary:
		res.Status, res.Reason = result.Pass, fmt.Sprintf("%s is 0 in the account summary: root has no %s", summaryKey, kind)
		switch {
		case !haveRow:
			res.Reason += "; credential report not used: " + rowWhy
		case len(unknown) == 0:
			res.Reason += "; credential report root row: " + strings.Join(empty, "; ")
		default:
			res.Reason += "; the credential report root row does not say: " + strings.Join(unknown, "; ")
		}
	case len(unknown) > 0:
		res.Status, res.Reason = result.Unknown, noSummary+" and the root row does not say: "+strings.Join(unknown, "; ")
	default:
		res.Status, res.Reason = result.Pass, "credential report root row: "+strings.Join(empty, "; ")+" ("+noSummary+")"
	}
	return []result.Result{res}
}
