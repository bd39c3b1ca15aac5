package rules

// Helpers of the root-user rules: the root result, root MFA read from the
// summary and the report, and the "root holds no credential of this kind" check.

import (
	"fmt"
	"strings"
	"time"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

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
	sb := rootSubject(s)
	summary, haveSummary, bad := summaryFlag(s, summaryKey)
	row, rowWhy := ctx.credentials().rootRow()
	haveRow := rowWhy == ""
	noSummary := "the account summary has no " + summaryKey
	if bad != "" {
		noSummary = bad
	}
	if !haveSummary && !haveRow {
		return []result.Result{sb.missing(ctx,
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
		return []result.Result{sb.fail(strings.Join(because, "; "))}
	case haveSummary:
		reason := fmt.Sprintf("%s is 0 in the account summary: root has no %s", summaryKey, kind)
		switch {
		case !haveRow:
			reason += "; credential report not used: " + rowWhy
		case len(unknown) == 0:
			reason += "; credential report root row: " + strings.Join(empty, "; ")
		default:
			reason += "; the credential report root row does not say: " + strings.Join(unknown, "; ")
		}
		return []result.Result{sb.pass(reason)}
	case len(unknown) > 0:
		return []result.Result{sb.unknown(noSummary + " and the root row does not say: " + strings.Join(unknown, "; "))}
	}
	return []result.Result{sb.pass("credential report root row: " + strings.Join(empty, "; ") + " (" + noSummary + ")")}
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
