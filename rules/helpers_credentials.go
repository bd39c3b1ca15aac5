package rules

// The credential report reconciled with the account summary and the
// authorization details: which rows can be trusted for which user.

import (
	"fmt"
	"strings"
	"time"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// userEvidence is what a per-user credential rule reads: the report's rows,
// and the authorization details and account summary that confirm which
// users exist and that each row describes one of them.
var userEvidence = []audit.Evidence{audit.EvidenceCredentialReport, audit.EvidenceAuthorization, audit.EvidenceAccountSummary}

// credView is the credential report reconciled with the account summary and
// the authorization details, built once per evaluation. The three sources
// describe the same account; a report row is trusted for a user only when
// they agree, and "no user fails" is said only when they agree on who the
// users are. Every disagreement becomes an UNKNOWN naming it, never a PASS.
type credView struct {
	report *audit.CredentialReport
	// stale is non-empty when the report as a whole cannot support a verdict:
	// older than IAM's cache window, dated after the collection, or undated.
	stale string
	// root is the root row, when exactly one trustworthy root row exists;
	// rootProblem says why not otherwise ("" with hasRoot false: no row).
	root        audit.CredentialRow
	hasRoot     bool
	rootProblem string
	// users lists every IAM user known to any source, report order first.
	users []credEntry
	// listProblem is non-empty when the sources do not agree on how many
	// IAM users there are, so the list of users cannot be confirmed.
	listProblem string
	listMissing []string
	// mfaDoubt is non-empty when the account summary counts fewer MFA devices
	// in use than the report has users with mfa_active true.
	mfaDoubt string
}

// credEntry is one IAM user: its report row (nil when it has none) and,
// when the row cannot be trusted for it, why.
type credEntry struct {
	name, arn string
	row       *audit.CredentialRow
	problem   string
	missing   string
}

// credentials returns the reconciled credential report, building it once.
func (ctx *Context) credentials() *credView {
	if ctx.creds == nil {
		ctx.creds = buildCredView(ctx)
	}
	return ctx.creds
}

func buildCredView(ctx *Context) *credView {
	s := ctx.Snapshot
	v := &credView{report: s.CredentialReport}
	if s.CredentialReport == nil {
		return v
	}
	skew := time.Duration(ctx.Config.ClockSkewMinutes) * time.Minute
	v.stale = reportStaleness(s.CredentialReport.GeneratedTime, ctx.Now, time.Duration(ctx.Config.CredentialReportMaxAgeMinutes)*time.Minute, skew)
	lim := newDateLimit(ctx.Now, s.CredentialReport.GeneratedTime, v.stale != "", skew)

	var roots []audit.CredentialRow
	rows := len(s.CredentialReport.Rows)
	byName := make(map[string][]int, rows)
	order := make([]string, 0, rows)
	for i, row := range s.CredentialReport.Rows {
		if row.IsRoot() {
			roots = append(roots, row)
			continue
		}
		k := strings.ToLower(row.User)
		if _, seen := byName[k]; !seen {
			order = append(order, k)
		}
		byName[k] = append(byName[k], i)
	}
	v.rootFrom(ctx, roots, lim)

	var az map[string][]audit.User
	if s.Authorization != nil {
		az = make(map[string][]audit.User, len(s.Authorization.Users))
		for _, u := range s.Authorization.Users {
			k := strings.ToLower(u.Name)
			az[k] = append(az[k], u)
		}
	}
	v.users = make([]credEntry, 0, len(order))
	for _, k := range order {
		idx := byName[k]
		row := &s.CredentialReport.Rows[idx[0]]
		e := credEntry{name: row.User, arn: row.ARN, row: row}
		switch {
		case len(idx) > 1:
			e.problem = fmt.Sprintf("the credential report has %d rows for user %s, so which one describes the user cannot be told", len(idx), row.User)
		default:
			e.problem = rowProblem(ctx, *row, lim)
		}
		if e.problem == "" && az != nil {
			e.problem = matchAZUser(*row, az[k])
		}
		if len(az[k]) == 1 {
			e.arn = az[k][0].ARN
		}
		if e.problem != "" {
			e.missing = string(audit.EvidenceCredentialReport) + ": row for " + row.User + " cannot be trusted"
		}
		v.users = append(v.users, e)
	}
	if s.Authorization != nil {
		gen := s.CredentialReport.GeneratedTime
		for _, u := range s.Authorization.Users {
			if _, inReport := byName[strings.ToLower(u.Name)]; inReport {
				continue
			}
			reason := "the user has no row in the credential report"
			if !gen.IsZero() {
				reason += " generated " + gen.UTC().Format(time.RFC3339)
				if u.CreateDate.After(gen) {
					reason += " (the user was created later, on " + u.CreateDate.UTC().Format(time.RFC3339) + ")"
				}
			}
			reason += ", so its credentials cannot be judged; generate a new report once the cached one is 4 hours old"
			v.users = append(v.users, credEntry{name: u.Name, arn: u.ARN, problem: reason,
				missing: string(audit.EvidenceCredentialReport) + ": no row for " + u.Name})
		}
	}
	v.listProblem, v.listMissing = userListProblem(s, len(order))
	v.mfaDoubt = mfaCountDoubt(s)
	return v
}

// reportStaleness says why a report generated at gen cannot describe the
// account at now, or "". IAM answers GenerateCredentialReport with COMPLETE
// while a report under 4 hours old exists and starts a new one otherwise, so
// right after a Generate -> COMPLETE sequence the report is at most 4 hours
// old: an older one means generation did not happen (an emulator, a replayed
// or edited file) and the rows may predate any change made since.
func reportStaleness(gen, now time.Time, maxAge, skew time.Duration) string {
	switch {
	case gen.IsZero():
		return "the credential report has no generation time, so how old its rows are cannot be told"
	case gen.After(now.Add(skew)):
		return fmt.Sprintf("the credential report is dated %s, after the evidence was collected (%s): its dates cannot be trusted",
			gen.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	case now.Sub(gen) > maxAge+skew:
		return fmt.Sprintf("the credential report was generated %s, %s before the evidence was collected: older than the %s IAM caches a report for, so it may not describe the account now",
			gen.UTC().Format(time.RFC3339), roundAge(now.Sub(gen)), roundAge(maxAge))
	}
	return ""
}

func roundAge(d time.Duration) string {
	if d >= 48*time.Hour {
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	}
	return d.Round(time.Minute).String()
}

// rootFrom picks the root row, or says why none can be trusted. AWS writes
// exactly one, named <root_account>, with the ARN arn:<partition>:iam::<account>:root;
// some emulators name it otherwise, so the ARN is what identifies it.
func (v *credView) rootFrom(ctx *Context, roots []audit.CredentialRow, lim dateLimit) {
	switch len(roots) {
	case 0:
		return
	case 1:
	default:
		v.rootProblem = fmt.Sprintf("the credential report has %d root rows, so which one describes root cannot be told", len(roots))
		return
	}
	row := roots[0]
	if want := accountARN(ctx.Snapshot); row.ARN != want {
		v.rootProblem = fmt.Sprintf("the credential report's root row has ARN %q, not %s: it does not describe this account's root user", row.ARN, want)
		return
	}
	if p := rowDates(row, lim); p != "" {
		v.rootProblem = "the credential report's root row " + p
		return
	}
	v.root, v.hasRoot = row, true
}

// rowProblem says why a user's row cannot describe an IAM user of this
// account, or "".
func rowProblem(ctx *Context, row audit.CredentialRow, lim dateLimit) string {
	a := ctx.Snapshot.Account
	prefix := "arn:" + a.Partition + ":iam::" + a.ID + ":user/"
	if !strings.HasPrefix(row.ARN, prefix) || row.ARN[strings.LastIndexByte(row.ARN, '/')+1:] != row.User {
		return fmt.Sprintf("the credential report's row for %s has ARN %q, which does not name that user in account %s (partition %s)", row.User, row.ARN, a.ID, a.Partition)
	}
	if p := rowDates(row, lim); p != "" {
		return "the credential report's row for " + row.User + " " + p
	}
	return ""
}

// dateLimit is the latest a report's date may be: nothing in a report
// happened after it was generated, nor after the evidence was collected,
// give or take the clock skew. A stale report's generation time is itself in
// doubt (and says so for every row), so then only the collection bounds it.
type dateLimit struct {
	at   time.Time // the bound, skew not included
	what string    // what the bound is, for reasons
	skew time.Duration
}

func newDateLimit(now, generated time.Time, stale bool, skew time.Duration) dateLimit {
	if !stale && !generated.IsZero() && generated.Before(now) {
		return dateLimit{generated, "after the report was generated", skew}
	}
	return dateLimit{now, "after the evidence was collected", skew}
}

// rowDates checks a row's dates against the report's generation, the
// collection time and the user's creation: a last use after the report was
// generated, or after the evidence was collected, is not "recent use",
// and a credential used or issued before its user existed belongs to someone
// else (an earlier user of the same name) or to no one.
func rowDates(row audit.CredentialRow, lim dateLimit) string {
	limit := lim.at.Add(lim.skew)
	fields := []struct {
		name string
		t    audit.ReportTime
	}{
		{"user_creation_time", row.UserCreationTime},
		{"password_last_used", row.PasswordLastUsed},
		{"password_last_changed", row.PasswordLastChanged},
		{"access_key_1_last_rotated", row.AccessKeys[0].LastRotated},
		{"access_key_1_last_used_date", row.AccessKeys[0].LastUsedDate},
		{"access_key_2_last_rotated", row.AccessKeys[1].LastRotated},
		{"access_key_2_last_used_date", row.AccessKeys[1].LastUsedDate},
		{"cert_1_last_rotated", row.Certs[0].LastRotated},
		{"cert_2_last_rotated", row.Certs[1].LastRotated},
	}
	for _, f := range fields {
		if f.t.Known() && f.t.Time.After(limit) {
			return fmt.Sprintf("has %s %s, %s (%s), so its dates cannot be trusted",
				f.name, f.t.Time.UTC().Format(time.RFC3339), lim.what, lim.at.UTC().Format(time.RFC3339))
		}
	}
	if !row.UserCreationTime.Known() || row.IsRoot() {
		return ""
	}
	created := row.UserCreationTime.Time.Add(-lim.skew)
	for _, f := range fields[1:] {
		if f.t.Known() && f.t.Time.Before(created) {
			return fmt.Sprintf("has %s %s, before the user was created (%s), so it describes another credential",
				f.name, f.t.Time.UTC().Format(time.RFC3339), row.UserCreationTime.Time.UTC().Format(time.RFC3339))
		}
	}
	return ""
}

// matchAZUser checks that a row describes the user the authorization details
// list under that name: same ARN (path included) and same creation time. A
// user deleted and recreated after the report was generated keeps its name
// but not its creation time, and its predecessor's row says nothing of it.
func matchAZUser(row audit.CredentialRow, us []audit.User) string {
	switch len(us) {
	case 0:
		return fmt.Sprintf("user %s is in the credential report but not in the authorization details (deleted after the report was generated?), so the row may describe no current user", row.User)
	case 1:
	default:
		return fmt.Sprintf("the authorization details list %d users named %s", len(us), row.User)
	}
	u := us[0]
	if u.ARN != row.ARN {
		return fmt.Sprintf("the credential report's row for %s has ARN %s but the user's ARN is now %s (recreated on another path?), so the row describes an earlier user", row.User, row.ARN, u.ARN)
	}
	if !row.UserCreationTime.Known() {
		return fmt.Sprintf("the credential report's row for %s has user_creation_time %s, so it cannot be matched to the user created %s", row.User, row.UserCreationTime, u.CreateDate.UTC().Format(time.RFC3339))
	}
	if u.CreateDate.IsZero() {
		return fmt.Sprintf("the authorization details give no creation date for %s, so the credential report's row cannot be matched to the user", row.User)
	}
	if d := u.CreateDate.Sub(row.UserCreationTime.Time); d > time.Second || d < -time.Second {
		return fmt.Sprintf("the credential report's row for %s is of a user created %s, but the current user was created %s: the row describes an earlier user of the same name",
			row.User, row.UserCreationTime.Time.UTC().Format(time.RFC3339), u.CreateDate.UTC().Format(time.RFC3339))
	}
	return ""
}

// userListProblem says why the sources do not confirm the list of IAM users.
// The authorization details are the live list; the account summary's Users
// count is a second live witness. Without either, nothing confirms that the
// report (a file up to 4 hours old, or an edited one) lists every user.
func userListProblem(s *audit.Snapshot, reportUsers int) (string, []string) {
	count, haveCount := s.AccountSummary.Get("Users")
	switch {
	case s.Authorization != nil && haveCount && int(count) != len(s.Authorization.Users):
		return fmt.Sprintf("the account summary counts %d IAM users but the authorization details list %d, so the list of users cannot be confirmed",
			count, len(s.Authorization.Users)), []string{"account_summary/authorization: user counts disagree"}
	case s.Authorization != nil:
		return "", nil
	case haveCount && int(count) != reportUsers:
		return fmt.Sprintf("the account summary counts %d IAM users but the credential report lists %d, and without the authorization details the difference cannot be placed",
			count, reportUsers), authzMissing(s)
	case haveCount:
		return "", nil
	}
	return "neither the authorization details nor the account summary's Users count is available, so nothing confirms that the credential report lists every IAM user",
		append(authzMissing(s), summaryMissing(s)...)
}

func authzMissing(s *audit.Snapshot) []string {
	return missingEvidence(s, audit.EvidenceAuthorization, accountResource(s))
}

func summaryMissing(s *audit.Snapshot) []string {
	if s.AccountSummary != nil {
		return []string{string(audit.EvidenceAccountSummary) + ": no Users count"}
	}
	return missingEvidence(s, audit.EvidenceAccountSummary, accountResource(s))
}

// mfaCountDoubt compares the report's users with mfa_active true with the
// account summary's MFADevicesInUse: each such user holds at least one device
// in use, so fewer devices than users means some rows claim an MFA device
// that is no longer there (removed since the report was generated, or an
// edited report).
func mfaCountDoubt(s *audit.Snapshot) string {
	inUse, ok := s.AccountSummary.Get("MFADevicesInUse")
	if !ok {
		return ""
	}
	n := 0
	for i := range s.CredentialReport.Rows {
		if row := &s.CredentialReport.Rows[i]; !row.IsRoot() && row.MFAActive.True() {
			n++
		}
	}
	if n > int(inUse) {
		return fmt.Sprintf("the credential report has %d users with mfa_active true but the account summary counts only %d MFA devices in use, so some of those rows are out of date", n, inUse)
	}
	return ""
}

// qualify turns a verdict read from a stale report into UNKNOWN, keeping
// what the report said so the reader can see what to re-check.
func (v *credView) qualify(r result.Result) result.Result {
	if v.stale == "" || r.Status == result.Unknown {
		return r
	}
	r.Reason = v.stale + "; on that report: " + string(r.Status) + ": " + r.Reason
	r.Status = result.Unknown
	r.Missing = append(r.Missing, string(audit.EvidenceCredentialReport)+": too old or misdated to trust")
	return r
}

// userMFA reads whether a user has MFA, reconciling the report's mfa_active
// with the live virtual MFA device list and the account summary. ok is false
// when the sources cannot settle it; reason names every source it read.
func userMFA(ctx *Context, row audit.CredentialRow) (active bool, reason string, ok bool) {
	v := ctx.credentials()
	var assigned []string
	if row.ARN != "" {
		assigned = ctx.virtualMFAByUser()[row.ARN]
	}
	switch {
	case row.MFAActive.True() && v.mfaDoubt != "":
		return false, "mfa_active true, but " + v.mfaDoubt, false
	case row.MFAActive.True():
		return true, "mfa_active true", true
	case row.MFAActive.False() && len(assigned) > 0:
		// The device list is live; the report may be hours old. A device
		// assigned to the user now is MFA now.
		return true, fmt.Sprintf("virtual MFA device %s is assigned to the user (live device list), although the credential report generated %s says mfa_active false",
			strings.Join(assigned, ", "), v.report.GeneratedTime.UTC().Format(time.RFC3339)), true
	case row.MFAActive.False():
		return false, "mfa_active false", true
	}
	return false, "mfa_active is " + row.MFAActive.String(), false
}

// virtualMFAByUser returns the serial numbers of the virtual MFA devices
// assigned to each principal ARN, in device-list order (see
// audit.VirtualMFADevice.AssignedTo), built once per evaluation: looking
// each user up in the whole device list made a 10,000-user account cost
// 100 million comparisons per rule.
func (ctx *Context) virtualMFAByUser() map[string][]string {
	if ctx.mfaDevs == nil {
		ctx.mfaDevs = map[string][]string{}
		if d := ctx.Snapshot.VirtualMFADevices; d != nil {
			for _, dev := range d.Devices {
				if dev.UserARN != "" {
					ctx.mfaDevs[dev.UserARN] = append(ctx.mfaDevs[dev.UserARN], dev.SerialNumber)
				}
			}
		}
	}
	return ctx.mfaDevs
}

// rootRow returns the root user's report row when one can be trusted, and
// otherwise why not: no report, no root row (AWS always writes one), several
// or foreign root rows, or a report too old or misdated to trust.
func (v *credView) rootRow() (audit.CredentialRow, string) {
	switch {
	case v.report == nil:
		return audit.CredentialRow{}, "the credential report is unavailable"
	case v.stale != "":
		return audit.CredentialRow{}, v.stale
	case v.rootProblem != "":
		return audit.CredentialRow{}, v.rootProblem
	case !v.hasRoot:
		return audit.CredentialRow{}, "the credential report has no root row (AWS always writes <root_account>)"
	}
	return v.root, ""
}
