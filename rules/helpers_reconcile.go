package rules

// Cross-checks between evidence sources that concern more than the
// credential report, and the report header's list of doubts.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// authzCountProblem compares the authorization details with the account
// summary's live counts of users, groups, roles and customer-managed
// policies. The two come from separate calls moments apart; when they
// disagree, the details may lack principals or policies (a page lost, an
// edited file), and "no principal fails" cannot be said. "" when they agree
// or when there is nothing to compare.
func authzCountProblem(s *audit.Snapshot) string {
	a := s.Authorization
	if a == nil || s.AccountSummary == nil {
		return ""
	}
	customer := 0
	for _, p := range a.Policies {
		if !p.AWSManaged {
			customer++
		}
	}
	var diffs []string
	for _, c := range []struct {
		key, what string
		listed    int
	}{
		{"Users", "users", len(a.Users)},
		{"Groups", "groups", len(a.Groups)},
		{"Roles", "roles", len(a.Roles)},
		{"Policies", "customer-managed policies", customer},
	} {
		if n, ok := s.AccountSummary.Get(c.key); ok && int(n) != c.listed {
			diffs = append(diffs, fmt.Sprintf("%d %s where the account summary counts %d", c.listed, c.what, n))
		}
	}
	if len(diffs) == 0 {
		return ""
	}
	return "the authorization details list " + strings.Join(diffs, ", ") +
		", so they may not describe every principal and policy and no account-wide verdict can rest on them"
}

// reconcileAuthz adds, for a rule that judges the principals and policies of
// the authorization details, one account UNKNOWN when those details disagree
// with the account summary: the rule's own results stand for what was seen,
// and the UNKNOWN keeps its control from reading as compliant. Per-user
// credential rules are left out: they reconcile the user list themselves
// (see credView) and do not depend on roles, groups or policies.
func reconcileAuthz(ctx *Context, r Rule, out []result.Result) []result.Result {
	if !slices.Contains(r.Evidence, audit.EvidenceAuthorization) || slices.Contains(r.Evidence, audit.EvidenceCredentialReport) {
		return out
	}
	p := authzCountProblem(ctx.Snapshot)
	if p == "" {
		return out
	}
	s := ctx.Snapshot
	return append(out, accountSubject(s).unknown(p, "authorization/account_summary: counts disagree"))
}

// EvidenceDoubts lists, for the report's header, the account-wide reasons
// why collected evidence could not be trusted as it stands: a credential
// report too old or misdated, a root row that does not describe this root,
// sources that disagree on what the account holds. Each of them also turns
// the verdicts that depend on it into UNKNOWN; the header says why once.
func EvidenceDoubts(s *audit.Snapshot, cfg Config) []string {
	if s.IdentityError() != nil {
		return nil
	}
	ctx := NewContext(s, cfg)
	v := ctx.credentials()
	var out []string
	add := func(e audit.Evidence, why string) {
		if why != "" {
			out = append(out, string(e)+": "+why)
		}
	}
	add(audit.EvidenceCredentialReport, v.stale)
	add(audit.EvidenceCredentialReport, v.rootProblem)
	add(audit.EvidenceCredentialReport, v.listProblem)
	add(audit.EvidenceCredentialReport, v.mfaDoubt)
	add(audit.EvidenceAuthorization, authzCountProblem(s))
	return out
}

// summaryFlag reads one of the account summary's root flags
// (AccountMFAEnabled, AccountAccessKeysPresent, ...), which AWS documents as
// 0 or 1. found is false when the key is absent; bad says why a present
// value cannot be read (anything else: an edited file or a broken
// endpoint), and then the flag must not decide anything.
func summaryFlag(s *audit.Snapshot, key string) (v int32, found bool, bad string) {
	v, found = s.AccountSummary.Get(key)
	if found && v != 0 && v != 1 {
		return v, false, fmt.Sprintf("the account summary's %s is %d, not 0 or 1", key, v)
	}
	return v, found, ""
}
