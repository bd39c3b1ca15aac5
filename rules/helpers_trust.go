package rules

// Helpers of the role trust-policy rules.

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/internal/textsafe"
	"github.com/iamaudit/iamaudit/result"
	"github.com/iamaudit/iamaudit/rules/policy"
)

// assumeActions are the STS actions a trust policy governs.
var assumeActions = []string{"sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"}

// allowsAssume reports whether an Allow statement lets its principal assume
// the role by any of the STS assume actions.
func allowsAssume(s policy.Statement) bool {
	return slices.ContainsFunc(assumeActions, s.Allows)
}

// anyPrincipalNarrowingKeys are the condition keys that, with a positive
// operator (StringEquals, StringLike, ArnEquals, ArnLike...) and values that
// confine the caller (policy.Statement.NarrowingKeys: no catch-all, no
// wildcard in the account or organization), restrict who can use a
// Principal "*" statement. Each describes the caller's identity, and AWS
// sets it from the request's credentials, so a caller cannot choose it:
//   - aws:PrincipalOrgID, aws:PrincipalOrgPaths: the caller's organization
//     (or OU path);
//   - aws:PrincipalAccount, aws:PrincipalArn: the caller's account or ARN;
//   - aws:SourceAccount, aws:SourceArn, aws:SourceOrgID, aws:SourceOrgPaths:
//     present only when an AWS service calls on behalf of a resource, so
//     they confine the statement to service calls for the named account,
//     resource or organization.
//
// These are not listed because they do not say who the caller is:
// sts:ExternalId is a value shared with a third party against the
// confused-deputy problem (IAM User Guide, "Access to AWS accounts owned by
// third parties"), which anyone who learns it can send; aws:SourceIp,
// aws:SourceVpc(e), aws:SecureTransport and aws:MultiFactorAuthPresent
// restrict how, not who. Negated and ...IfExists operators never count: an
// absent key passes them.
// See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html.
var anyPrincipalNarrowingKeys = []string{
	"aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn",
	"aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths",
}

// quoteMax bounds quoted principal strings in reasons.
const quoteMax = 120

// invalidPrincipals lists, quoted, the principal strings in any statement
// of a trust policy that IAM would reject (policy.InvalidTrustPrincipals):
// the policy is not one IAM could hold, so who it admits is unknown.
func invalidPrincipals(d *policy.Document) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range d.Statements {
		for _, p := range []*policy.Principal{s.Principal, s.NotPrincipal} {
			for _, b := range policy.InvalidTrustPrincipals(p) {
				if !seen[b] {
					seen[b] = true
					out = append(out, textsafe.Quote(b, quoteMax))
				}
			}
		}
	}
	return out
}

func invalidNote(bad []string) string {
	return "the trust policy names principal(s) IAM would reject, so who may assume the role cannot be told: " + strings.Join(bad, ", ")
}

// trustRoles returns the roles the trust rules judge, skipping
// service-linked roles: AWS owns their trust policy (a service principal)
// and the customer cannot change it.
func trustRoles(a *audit.AuthorizationDetails) []audit.Role {
	out := make([]audit.Role, 0, len(a.Roles))
	for _, r := range a.Roles {
		if !strings.HasPrefix(r.Path, "/aws-service-role/") {
			out = append(out, r)
		}
	}
	return out
}

func azRoleResult(r audit.Role, st result.Status, reason string) result.Result {
	return subject{TypeRole, r.ARN, r.Name}.with(st, reason)
}

// azParseTrust parses a role's trust policy once per check, or returns the
// UNKNOWN result for a trust policy that is missing or unreadable.
func azParseTrust(ix *azIndex, r audit.Role) (*policy.Document, *result.Result) {
	if strings.TrimSpace(r.AssumeRolePolicy) == "" {
		res := azRoleResult(r, result.Unknown, "the role's trust policy was not collected")
		return nil, &res
	}
	d, err := ix.parse(r.AssumeRolePolicy)
	if err != nil {
		res := azRoleResult(r, result.Unknown, "trust policy cannot be read: "+err.Error())
		return nil, &res
	}
	return d, nil
}

// deniedOutside reports whether Deny statements confine the Allow statement
// allow: for every assume action it allows, a Deny with Principal "*"
// either refuses everyone (no condition) or refuses every caller outside
// the organizations, accounts or principals its negated condition lists
// (StringNotEquals aws:PrincipalOrgID, the data-perimeter pattern), or an
// unconditional Deny with NotPrincipal refuses everyone but the specific
// principals it names (a Deny always wins over an Allow). by describes the
// Deny statements that do it.
//
// IAM does not accept NotPrincipal in a role trust policy (IAM User Guide,
// "AWS JSON policy elements: NotPrincipal"), so a confinement that rests on
// one is reported through viaNotPrincipal: the document is not one IAM
// could hold, and the caller says UNKNOWN rather than PASS.
func deniedOutside(d *policy.Document, allow policy.Statement) (by string, ok, viaNotPrincipal bool) {
	var parts []string
	for _, a := range assumeActions {
		if !allow.Allows(a) {
			continue
		}
		found := false
		for j, s := range d.Statements {
			if s.Effect == policy.Deny && s.NotPrincipal != nil && !s.Conditional() && s.Covers(a) && namesOnly(s.NotPrincipal) {
				parts = append(parts, fmt.Sprintf("Statement[%d] (Deny for everyone but its NotPrincipal)", j))
				found, viaNotPrincipal = true, true
				break
			}
			if s.Effect != policy.Deny || !s.Principal.AnyAWS() || !s.Covers(a) {
				continue
			}
			if !s.Conditional() {
				parts = append(parts, fmt.Sprintf("Statement[%d] (Deny for everyone)", j))
				found = true
				break
			}
			if keys := s.DenyOutsideKeys(anyPrincipalNarrowingKeys...); len(keys) > 0 {
				parts = append(parts, fmt.Sprintf("Statement[%d] (Deny unless %s matches)", j, strings.Join(keys, ", ")))
				found = true
				break
			}
		}
		if !found {
			return "", false, false
		}
	}
	if len(parts) == 0 {
		return "", false, false
	}
	return strings.Join(azUniqueSorted(parts), ", "), true, viaNotPrincipal
}

// namesOnly reports whether a NotPrincipal lists only specific, valid
// principals: a Deny with it refuses everyone else.
func namesOnly(p *policy.Principal) bool {
	return !p.AnyAWS() && len(policy.InvalidTrustPrincipals(p)) == 0 &&
		len(p.AWS)+len(p.Service)+len(p.Federated) > 0
}

func azUniqueSorted(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// eachTrustPolicy judges the trust policy of every role but service-linked
// ones: one PASS for the account when there are none, an UNKNOWN for a role
// whose trust policy cannot be read, judge's verdict for the others.
func eachTrustPolicy(ctx *Context, judge func(r audit.Role, d *policy.Document) result.Result) []result.Result {
	ix, unknown := newAZIndex(ctx, "role trust policies")
	if ix == nil {
		return unknown
	}
	roles := trustRoles(ix.az)
	if len(roles) == 0 {
		return azAccountPass(ctx, "the account has no roles other than service-linked roles")
	}
	out := make([]result.Result, 0, len(roles))
	for _, r := range roles {
		if d, bad := azParseTrust(ix, r); bad != nil {
			out = append(out, *bad)
		} else {
			out = append(out, judge(r, d))
		}
	}
	return out
}
