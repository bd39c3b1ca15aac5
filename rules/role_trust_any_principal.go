package rules

import (
	"fmt"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/internal/textsafe"
	"github.com/iamaudit/iamaudit/result"
	"github.com/iamaudit/iamaudit/rules/policy"
)

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
	return eachTrustPolicy(ctx, func(r audit.Role, d *policy.Document) result.Result {
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
			return azRoleResult(r, result.Fail, reason)
		case len(invalid) > 0 || len(undecided) > 0:
			var parts []string
			if len(invalid) > 0 {
				parts = append(parts, invalidNote(invalid))
			}
			return azRoleResult(r, result.Unknown, strings.Join(append(parts, undecided...), "; "))
		case len(narrowed) > 0:
			return azRoleResult(r, result.Pass, "Principal \"*\" is used but narrowed: "+strings.Join(narrowed, "; "))
		case allowing == 0:
			return azRoleResult(r, result.Pass, "no statement lets anyone assume the role")
		default:
			return azRoleResult(r, result.Pass, "the trust policy names specific principals")
		}
	})
}
