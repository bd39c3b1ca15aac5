package rules

import (
	"fmt"
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
	for _, a := range assumeActions {
		if s.Allows(a) {
			return true
		}
	}
	return false
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
	return result.Result{Status: st, ResourceType: TypeRole, Resource: r.ARN, ResourceName: r.Name, Reason: reason}
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

// RoleTrustAnyPrincipal flags roles that anyone can assume: a trust
// policy that lets any AWS principal (Principal "*" or {"AWS": "*"}, or
// Allow + NotPrincipal) assume them without a condition that confines the
// caller's identity (anyPrincipalNarrowingKeys), or that trusts a federated
// identity provider without the conditions that pick identities inside it
// (policy.Document.UnpinnedFederated: GitHub Actions without a sub naming
// an owner, a Cognito identity pool without aud and amr, an EKS cluster
// without sub, SAML without SAML:aud, any other OIDC provider without an
// audience), which lets every tenant of that provider in. A trust policy
// naming a principal IAM would reject is UNKNOWN, quoting it, unless
// another statement already fails. Service-linked roles are excluded.
var RoleTrustAnyPrincipal = Rule{
	ID:       "IAM-ROLE-TRUST-ANY-PRINCIPAL",
	Title:    "Role trust policies do not allow any principal to assume the role",
	Severity: result.Critical,
	Rationale: "A trust policy with Principal \"*\" and no condition on the caller's identity lets any AWS " +
		"account in the world assume the role and use its permissions; so does trusting an OpenID Connect " +
		"or SAML provider (GitHub Actions, Cognito, EKS...) without conditions that pick your identities " +
		"inside it, since every tenant of that provider can obtain a matching token.",
	Remediation: "Name the trusted accounts or principals explicitly in the trust policy, or add a " +
		"condition on the caller's identity such as aws:PrincipalOrgID (your organization) or " +
		"aws:PrincipalArn; for federated providers pin the audience and subject (e.g. " +
		"token.actions.githubusercontent.com:sub to repo:ORG/REPO:..., cognito-identity.amazonaws.com:aud " +
		"to your identity pool). sts:ExternalId alone does not restrict who the caller is.",
	RemediationCLI: []string{
		"aws iam get-role --role-name <role> --query Role.AssumeRolePolicyDocument",
		"aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html",
		"https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
	},
	Controls: cisV7Only("2.21"),
	Evidence: []audit.Evidence{audit.EvidenceAuthorization},
	Check:    checkRoleTrustAnyPrincipal,
}

func checkRoleTrustAnyPrincipal(ctx *Context) []result.Result {
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
		d, bad := azParseTrust(ix, r)
		if bad != nil {
			out = append(out, *bad)
			continue
		}
		var open, narrowed, undecided []string
		allowing := 0
		for i, s := range d.Statements {
			if s.Effect == policy.Allow && allowsAssume(s) {
				allowing++
			}
			for _, u := range d.UnpinnedFederated(i) {
				open = append(open, fmt.Sprintf("Statement[%d] trusts federated provider %s without a condition pinning %s (%s can assume it)",
					i, textsafe.Quote(u.Provider, quoteMax), u.Need, u.Who))
			}
			anyone := s.Principal.AnyAWS() || (s.Effect == policy.Allow && s.NotPrincipal != nil)
			if !anyone || !allowsAssume(s) {
				continue
			}
			if keys := s.NarrowingKeys(anyPrincipalNarrowingKeys...); len(keys) > 0 {
				narrowed = append(narrowed, fmt.Sprintf("Statement[%d] (narrowed by %s)", i, strings.Join(keys, ", ")))
				continue
			}
			if by, ok, viaNP := deniedOutside(d, s); ok {
				if viaNP {
					undecided = append(undecided, fmt.Sprintf("Statement[%d] is confined only by %s, and IAM does not accept NotPrincipal in a role trust policy", i, by))
				} else {
					narrowed = append(narrowed, fmt.Sprintf("Statement[%d] (confined by %s)", i, by))
				}
				continue
			}
			desc := fmt.Sprintf("Statement[%d]", i)
			if s.NotPrincipal != nil {
				desc += " (Allow + NotPrincipal, which IAM does not accept in a role trust policy; read literally it admits everyone it does not list)"
			}
			if s.Conditional() {
				desc += " (has conditions " + strings.Join(s.ConditionKeys(), ", ") + ", none of which restricts the caller's identity)"
			}
			open = append(open, "any AWS principal can assume the role: "+desc)
		}
		invalid := invalidPrincipals(d)
		switch {
		case len(open) > 0:
			reason := strings.Join(open, "; ")
			if len(invalid) > 0 {
				reason += "; also, " + invalidNote(invalid)
			}
			out = append(out, azRoleResult(r, result.Fail, reason))
		case len(invalid) > 0 || len(undecided) > 0:
			var parts []string
			if len(invalid) > 0 {
				parts = append(parts, invalidNote(invalid))
			}
			out = append(out, azRoleResult(r, result.Unknown, strings.Join(append(parts, undecided...), "; ")))
		case len(narrowed) > 0:
			out = append(out, azRoleResult(r, result.Pass, "Principal \"*\" is used but narrowed: "+strings.Join(narrowed, "; ")))
		case allowing == 0:
			out = append(out, azRoleResult(r, result.Pass, "no statement lets anyone assume the role"))
		default:
			out = append(out, azRoleResult(r, result.Pass, "the trust policy names specific principals"))
		}
	}
	return out
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

// RoleTrustCrossAccount flags roles that another account's principals
// (a foreign account ID, or any ARN in another account) may assume without
// an sts:ExternalId condition or an MFA condition (Bool
// aws:MultiFactorAuthPresent true). Service and federated principals are out
// of scope of this rule, and so is Principal "*" (IAM-ROLE-TRUST-ANY-PRINCIPAL
// judges it). Service-linked roles are excluded: AWS owns them. Unique IDs
// (AROA..., AIDA...) that IAM shows for deleted principals match nobody and
// are only mentioned.
var RoleTrustCrossAccount = Rule{
	ID:       "IAM-ROLE-TRUST-CROSS-ACCOUNT",
	Title:    "Cross-account role trust requires an external ID or MFA",
	Severity: result.Medium,
	Rationale: "A role trusted by another account can be assumed by whoever controls that account. For " +
		"third parties, sts:ExternalId prevents the confused-deputy problem; for people, requiring MFA " +
		"keeps a leaked access key in the other account from reaching this one.",
	Remediation: "Add a Condition to the trust statement: StringEquals sts:ExternalId for third-party " +
		"services, or Bool aws:MultiFactorAuthPresent true for human users; remove trust for accounts " +
		"that no longer need it.",
	RemediationCLI: []string{
		"aws iam get-role --role-name <role> --query Role.AssumeRolePolicyDocument",
		"aws iam update-assume-role-policy --role-name <role> --policy-document file://trust-with-condition.json",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
	},
	Evidence: []audit.Evidence{audit.EvidenceAuthorization, audit.EvidenceCallerIdentity},
	Check:    checkRoleTrustCrossAccount,
}

func checkRoleTrustCrossAccount(ctx *Context) []result.Result {
	ix, unknown := newAZIndex(ctx, "role trust policies")
	if ix == nil {
		return unknown
	}
	roles := trustRoles(ix.az)
	if len(roles) == 0 {
		return azAccountPass(ctx, "the account has no roles other than service-linked roles")
	}
	ours := ctx.Snapshot.Account.ID
	out := make([]result.Result, 0, len(roles))
	for _, r := range roles {
		d, bad := azParseTrust(ix, r)
		if bad != nil {
			out = append(out, *bad)
			continue
		}
		var open, guarded, orphaned []string
		undecided, anyPrincipal := false, false
		invalid := invalidPrincipals(d)
		for i, s := range d.Statements {
			if s.Principal == nil || !allowsAssume(s) {
				continue
			}
			var foreign []string
			rejected := map[string]bool{}
			for _, b := range policy.InvalidTrustPrincipals(s.Principal) {
				rejected[b] = true
			}
			for _, p := range s.Principal.AWS {
				if p == "*" {
					anyPrincipal = true
					continue
				}
				if rejected[p] {
					continue
				}
				acct, ok := policy.AccountOf(p)
				switch {
				case !ok:
					orphaned = append(orphaned, p)
				case ours == "":
					undecided = true
				case acct != ours:
					foreign = append(foreign, acct)
				}
			}
			if len(foreign) == 0 {
				continue
			}
			foreign = azUniqueSorted(foreign)
			var guard []string
			if len(s.NarrowingKeys("sts:ExternalId")) > 0 {
				guard = append(guard, "sts:ExternalId")
			}
			if s.RequiresTrue("aws:MultiFactorAuthPresent") {
				guard = append(guard, "MFA")
			}
			desc := fmt.Sprintf("Statement[%d] trusts account(s) %s", i, strings.Join(foreign, ", "))
			if len(guard) > 0 {
				guarded = append(guarded, desc+" with "+strings.Join(guard, " and "))
			} else {
				open = append(open, desc)
			}
		}
		note := ""
		if len(orphaned) > 0 {
			note = "; unique IDs of deleted principals, which match nobody, ignored: " + strings.Join(azUniqueSorted(orphaned), ", ")
		}
		switch {
		case len(open) > 0:
			if len(invalid) > 0 {
				note += "; also, " + invalidNote(invalid)
			}
			out = append(out, azRoleResult(r, result.Fail, strings.Join(open, "; ")+" without an sts:ExternalId or MFA condition"+note))
		case len(invalid) > 0:
			out = append(out, azRoleResult(r, result.Unknown, invalidNote(invalid)))
		case undecided:
			out = append(out, unknownFor(ctx, TypeRole, r.ARN, r.Name,
				"the trust policy names AWS accounts but the audited account's ID is unknown", audit.EvidenceCallerIdentity))
		case len(guarded) > 0:
			out = append(out, azRoleResult(r, result.Pass, strings.Join(guarded, "; ")+note))
		case anyPrincipal:
			out = append(out, azRoleResult(r, result.Pass, "no other account is named; the trust of any principal (\"*\") is judged by "+RoleTrustAnyPrincipal.ID+note))
		default:
			out = append(out, azRoleResult(r, result.Pass, "no other account's principal is trusted (service and federated principals are out of scope)"+note))
		}
	}
	return out
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
