package rules

// Helpers of the per-user credential-report rules: iterating users, gathering
// per-credential findings into one verdict, and the checks two rules share.

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// checkActiveCredentialAge fails every active credential slot last rotated
// more than limit days ago; inactive slots are ignored, and an active slot
// whose age cannot be read makes the user UNKNOWN.
func checkActiveCredentialAge(ctx *Context, limit int, none string, slots func(audit.CredentialRow) []credentialSlot) []result.Result {
	return eachUser(ctx, func(row audit.CredentialRow) result.Result {
		var v verdict
		for _, sl := range slots(row) {
			switch {
			case sl.active.False():
				continue
			case !sl.active.True():
				v.unknown(sl.name + " active is " + sl.active.String())
			case !sl.lastRotated.Known():
				v.unknown(sl.name + " is active but last_rotated is " + sl.lastRotated.String())
			default:
				age := ageDays(ctx.Now, sl.lastRotated.Time)
				// Concatenated: a line per key of every user.
				line := sl.name + " last rotated " + day(sl.lastRotated.Time) + " (" + strconv.Itoa(age) + " days ago)"
				if age > limit {
					v.fail(line + ", more than " + strconv.Itoa(limit) + " days")
				} else {
					v.pass(line)
				}
			}
		}
		return v.result(row, none)
	})
}

// credentialSlot is one key or certificate slot of a credential report row.
type credentialSlot struct {
	name        string
	active      audit.ReportBool
	lastRotated audit.ReportTime
}

// accessKeySlots is a row's two access-key slots, named by format with the
// slot number (1 or 2).
func accessKeySlots(format string) func(audit.CredentialRow) []credentialSlot {
	return func(row audit.CredentialRow) []credentialSlot {
		out := make([]credentialSlot, len(row.AccessKeys))
		for i, k := range row.AccessKeys {
			out[i] = credentialSlot{name: fmt.Sprintf(format, i+1), active: k.Active, lastRotated: k.LastRotated}
		}
		return out
	}
}

// certSlots is a row's two signing-certificate slots, named as the report's
// columns (cert_1, cert_2).
func certSlots(row audit.CredentialRow) []credentialSlot {
	out := make([]credentialSlot, len(row.Certs))
	for i, c := range row.Certs {
		out[i] = credentialSlot{name: fmt.Sprintf("cert_%d", i+1), active: c.Active, lastRotated: c.LastRotated}
	}
	return out
}

// eachActiveKey calls active for every access key the row reports active and
// unreadable (with the reason) for every key whose active flag cannot be
// read, in slot order, each named "access key N". Inactive keys cannot sign
// requests and are skipped.
func eachActiveKey(row audit.CredentialRow, active func(name string, k audit.AccessKeyStatus), unreadable func(reason string)) {
	for i, k := range row.AccessKeys {
		name := accessKeyName(i)
		switch {
		case k.Active.True():
			active(name, k)
		case !k.Active.False():
			unreadable(name + " active is " + k.Active.String())
		}
	}
}

const unusedRemediation = "Remove the console password of users who no longer sign in, and deactivate, then " +
	"delete, access keys that are not used. Re-issue credentials when a real need returns."

var unusedRemediationCLI = []string{
	"aws iam delete-login-profile --user-name <user-name>",
	"aws iam update-access-key --user-name <user-name> --access-key-id <access-key-id> --status Inactive",
	"aws iam delete-access-key --user-name <user-name> --access-key-id <access-key-id>",
}

// checkUnusedCredentials judges each user's password and active keys against
// a threshold in whole days. Both CIS ("unused for 45 days or more") and
// Security Hub ("not used within 90 days") make the threshold day itself
// stale, so age >= days fails: 44 passes, 45 fails.
//
// A credential that was never used is aged from when it was issued (password
// last changed, else the user's creation; key last rotated): counting "never
// used" as compliant is the mistake that lets a forgotten credential live forever.
func checkUnusedCredentials(ctx *Context, days int) []result.Result {
	return eachUser(ctx, func(row audit.CredentialRow) result.Result {
		var v verdict
		judge := func(what string, t time.Time, basis string) {
			age := ageDays(ctx.Now, t)
			// Concatenated: a line per credential of every user.
			line := what + " " + basis + " " + day(t) + " (" + strconv.Itoa(age) + " days ago)"
			if age >= days {
				v.fail(line + ", " + strconv.Itoa(days) + " days or more")
			} else {
				v.pass(line)
			}
		}
		switch {
		case row.PasswordEnabled.True():
			switch lu := row.PasswordLastUsed; {
			case lu.Known():
				judge("password", lu.Time, "last used")
			case lu.State == audit.StateNoInformation || lu.State == audit.StateNA:
				if t, basis, ok := passwordIssued(row); ok {
					judge("password", t, "never used; "+basis)
				} else {
					v.unknown(fmt.Sprintf("password never used (password_last_used %s) and neither password_last_changed (%s) nor user_creation_time (%s) is known",
						lu, row.PasswordLastChanged, row.UserCreationTime))
				}
			default:
				v.unknown("password_last_used is " + lu.String())
			}
		case !row.PasswordEnabled.False():
			v.unknown("password_enabled is " + row.PasswordEnabled.String())
		}
		eachActiveKey(row, func(name string, k audit.AccessKeyStatus) {
			switch {
			case k.LastUsedDate.Known():
				judge(name, k.LastUsedDate.Time, "last used")
			case k.LastUsedDate.State == audit.StateNA || k.LastUsedDate.State == audit.StateNoInformation:
				if k.LastRotated.Known() {
					judge(name, k.LastRotated.Time, "never used; created")
				} else {
					v.unknown(fmt.Sprintf("%s never used and last_rotated is %s", name, k.LastRotated))
				}
			default:
				v.unknown(name + " last_used_date is " + k.LastUsedDate.String())
			}
		}, v.unknown)
		return v.result(row, "no console password and no active access keys")
	})
}

// passwordIssued is when a never-used password came into being: its last
// change, else the user's creation (a password set at creation and never
// changed reports password_last_changed as N/A on some accounts).
func passwordIssued(row audit.CredentialRow) (time.Time, string, bool) {
	if row.PasswordLastChanged.Known() {
		return row.PasswordLastChanged.Time, "set", true
	}
	if row.UserCreationTime.Known() {
		return row.UserCreationTime.Time, "user created", true
	}
	return time.Time{}, "", false
}

// eachUser applies judge to every IAM user row of the credential report (root
// excluded) that the other sources confirm describes a current user (see
// credView). A missing report yields one UNKNOWN result for the account, so
// a failure to collect can never pass silently.
//
// A user the report cannot speak for (no row: IAM hands out a cached report
// for up to four hours; a row of an earlier user of the same name; a
// duplicated, misdated or foreign row) gets an UNKNOWN naming why. Verdicts
// read from a report too old to trust become UNKNOWN. When the sources do not
// agree on how many users there are, one account UNKNOWN says so beside the
// per-user results, and "no IAM users" passes only when they agree.
func eachUser(ctx *Context, judge func(row audit.CredentialRow) result.Result) []result.Result {
	s := ctx.Snapshot
	if s.CredentialReport == nil {
		return []result.Result{accountSubject(s).missing(ctx,
			"the credential report is unavailable, so no IAM user could be judged", audit.EvidenceCredentialReport)}
	}
	v := ctx.credentials()
	out := make([]result.Result, 0, len(v.users)+1)
	for _, e := range v.users {
		if e.problem != "" {
			out = append(out, subject{TypeUser, e.arn, e.name}.unknown(e.problem, e.missing))
			continue
		}
		out = append(out, v.qualify(judge(*e.row)))
	}
	if v.listProblem != "" {
		out = append(out, accountSubject(s).unknown(v.listProblem, v.listMissing...))
	}
	if len(out) == 0 {
		// Accounts run entirely on roles and Identity Center have no IAM
		// users. Say so, rather than return nothing: a control whose rules
		// gave no result would read as unknown, and a reader cannot tell
		// "nothing to judge" from "not checked".
		return []result.Result{v.qualify(accountSubject(s).pass("no IAM users: " + noUsersWitnesses(s) + " (the root user is judged by the root rules)"))}
	}
	return out
}

// noUsersWitnesses names the sources that agree the account has no IAM users.
func noUsersWitnesses(s *audit.Snapshot) string {
	w := []string{"the credential report lists no IAM users"}
	if s.Authorization != nil {
		w = append(w, "the authorization details list none")
	}
	if n, ok := s.AccountSummary.Get("Users"); ok {
		w = append(w, fmt.Sprintf("the account summary counts %d", n))
	}
	return strings.Join(w, ", ")
}

// userResult is a result for the user of a report row.
func userResult(row audit.CredentialRow, st result.Status, reason string) result.Result {
	return subject{TypeUser, row.ARN, row.User}.with(st, reason)
}

// verdict gathers per-credential findings for one user into one result: any
// failure fails the user; otherwise any undecidable credential makes it
// UNKNOWN; otherwise it passes.
type verdict struct{ fails, unknowns, passes []string }

func (v *verdict) fail(s string) { v.fails = append(v.fails, s) }

func (v *verdict) unknown(s string) { v.unknowns = append(v.unknowns, s) }

func (v *verdict) pass(s string) { v.passes = append(v.passes, s) }

// result builds the user's result; empty is the PASS reason when the user
// had nothing to judge.
func (v *verdict) result(row audit.CredentialRow, empty string) result.Result {
	switch {
	case len(v.fails) > 0:
		reason := strings.Join(v.fails, "; ")
		if len(v.unknowns) > 0 {
			reason += "; also undetermined: " + strings.Join(v.unknowns, "; ")
		}
		return userResult(row, result.Fail, reason)
	case len(v.unknowns) > 0:
		return userResult(row, result.Unknown, strings.Join(v.unknowns, "; "))
	case len(v.passes) > 0:
		return userResult(row, result.Pass, strings.Join(v.passes, "; "))
	}
	return userResult(row, result.Pass, empty)
}

// day formats a timestamp for reasons.
func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

// accessKeyName names access key slot i (from 0): "access key 1"; the
// report's two slots without allocating, for every user.
func accessKeyName(i int) string {
	switch i {
	case 0:
		return "access key 1"
	case 1:
		return "access key 2"
	}
	return "access key " + strconv.Itoa(i+1)
}

// unusedRule builds an unused-credentials rule at a default threshold
// (days, for the title) read from the configuration by threshold; hubAnchor
// is the Security Hub control's anchor on the IAM controls page.
func unusedRule(id string, days int, hubAnchor string, controls []result.Control, threshold func(Config) int) Rule {
	return Rule{
		ID:       id,
		Title:    fmt.Sprintf("User credentials unused for %d days or more are disabled", days),
		Severity: result.Medium,
		Rationale: "A password or access key nobody uses is a credential nobody watches: if it leaks, its " +
			"use stands out to no one. Removing it shrinks the attack surface at no cost.",
		Remediation:    unusedRemediation,
		RemediationCLI: unusedRemediationCLI,
		References: []string{
			"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html",
			"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#" + hubAnchor,
			"https://docs.aws.amazon.com/config/latest/developerguide/iam-user-unused-credentials-check.html",
		},
		Controls: controls,
		Evidence: userEvidence,
		Check: func(ctx *Context) []result.Result {
			return checkUnusedCredentials(ctx, threshold(ctx.Config))
		},
	}
}
