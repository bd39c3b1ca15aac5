package rules

// Helpers of the organization-level rules (CIS 7.0 section 2.1 and contacts).

import (
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// Helpers of the account- and organization-level rules (contacts,
// federation, AWS Organizations). Each of those rules has one result, about
// the account.

// accountResult is the single account-level result of a rule.
func accountResult(ctx *Context, st result.Status, reason string) []result.Result {
	s := ctx.Snapshot
	return []result.Result{accountSubject(s).with(st, reason)}
}

// accountUnknown is the single UNKNOWN result naming the missing evidence.
func accountUnknown(ctx *Context, what string, ev ...audit.Evidence) []result.Result {
	s := ctx.Snapshot
	return []result.Result{accountSubject(s).missing(ctx, what, ev...)}
}

// managementScope decides whether an organization-level rule can judge
// from this account. It returns nil when the caller is the management
// account; otherwise the one result to report: UNKNOWN when
// DescribeOrganization failed, and MANUAL (with the reason) outside an
// organization or in a member account, which cannot see the
// organization's policies and registrations.
func managementScope(ctx *Context, what string) []result.Result {
	s := ctx.Snapshot
	o := s.Organization
	switch {
	case o == nil:
		return accountUnknown(ctx, what+" cannot be judged: the account's organization is unknown", audit.EvidenceOrganization)
	case !o.InOrganization:
		return accountResult(ctx, result.Manual, "the account belongs to no AWS organization (DescribeOrganization: "+
			"AWSOrganizationsNotInUseException), so "+what+" does not apply to it; decide whether it should join one")
	case !o.IsManagementAccount(s.Account.ID):
		return accountResult(ctx, result.Manual, "this is a member account of organization "+o.ID+"; "+what+
			" is judged from its management account "+orDash(o.ManagementAccountID)+": run iamaudit there")
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// quoteFields joins the non-empty "label value" pairs for a reason.
func quoteFields(pairs ...string) string {
	var parts []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if v := strings.TrimSpace(pairs[i+1]); v != "" {
			parts = append(parts, pairs[i]+" "+quote(v))
		}
	}
	if len(parts) == 0 {
		return "no details"
	}
	return strings.Join(parts, ", ")
}

func quote(s string) string { return `"` + s + `"` }

// cisV7Only names a control that exists only in CIS v7.0.0 (the
// organization-level recommendations and 2.21).
func cisV7Only(id string) []result.Control {
	return []result.Control{{Framework: FrameworkCIS70, ID: id}}
}
