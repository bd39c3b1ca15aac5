package policy

import (
	"regexp"
	"strings"
)

// This file judges the principals of a role trust policy as an attacker
// would: which strings IAM itself would refuse, and which federated
// identity providers are trusted without conditions that pick identities
// inside the provider.

var (
	// uniqueIDRE is an IAM unique ID (AIDA..., AROA...): IAM shows one in
	// place of a principal ARN when the principal was deleted.
	uniqueIDRE = regexp.MustCompile(`^A[A-Z0-9]{15,127}$`)
	// nameRE is an IAM path and name: printable, no wildcard.
	nameRE = regexp.MustCompile(`^[\x21-\x7e]+$`)
	// serviceRE is a service principal: a DNS name such as
	// ec2.amazonaws.com or states.eu-west-1.amazonaws.com.
	serviceRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)
	// partitionRE is an ARN partition.
	partitionRE = regexp.MustCompile(`^aws(-[a-z]+)*$`)
)

// webIdentityProviders are the Federated principals IAM accepts without an
// ARN: Amazon Cognito identity pools and the public identity providers
// (IAM User Guide, "Principals" — web identity session principals).
var webIdentityProviders = map[string]bool{
	"cognito-identity.amazonaws.com":    true,
	"cognito-identity.amazonaws.com.cn": true,
	"accounts.google.com":               true,
	"graph.facebook.com":                true,
	"www.amazon.com":                    true,
}

// InvalidTrustPrincipals returns the entries of a trust policy's Principal
// (or NotPrincipal) that IAM would reject when the policy is written: a
// wildcard anywhere but the bare "*" of AWS ("arn:aws:iam::*:root"), an
// ARN that is not an IAM/STS principal ARN, an empty string, a service
// that is not a DNS name, a Federated entry that is neither an identity
// provider ARN nor a known web identity provider, and any CanonicalUser
// (an S3 principal, which role trust policies do not accept). Such a
// policy came from somewhere other than IAM, or was read wrongly: nobody
// can say who it lets in, so rules report it UNKNOWN, quoting the entry.
// Unique IDs of deleted principals are valid (IAM writes them itself).
func InvalidTrustPrincipals(p *Principal) []string {
	if p == nil || p.Wildcard {
		return nil
	}
	var bad []string
	for _, a := range p.AWS {
		if a != "*" && !isAccountID(a) && !uniqueIDRE.MatchString(a) && !validPrincipalARN(a) {
			bad = append(bad, a)
		}
	}
	for _, s := range p.Service {
		if !serviceRE.MatchString(s) {
			bad = append(bad, s)
		}
	}
	for _, f := range p.Federated {
		if _, kind := federatedProvider(f); kind == "" {
			bad = append(bad, f)
		}
	}
	bad = append(bad, p.CanonicalUser...)
	return bad
}

// validPrincipalARN accepts the principal ARNs IAM documents for trust
// policies: arn:P:iam::ACCOUNT:root, :user/..., :role/..., and
// arn:P:sts::ACCOUNT:assumed-role/ROLE/SESSION or :federated-user/NAME.
func validPrincipalARN(a string) bool {
	f := strings.SplitN(a, ":", 6)
	if len(f) != 6 || f[0] != "arn" || !partitionRE.MatchString(f[1]) || f[3] != "" || !isAccountID(f[4]) {
		return false
	}
	res := f[5]
	if strings.ContainsAny(res, "*?") || !nameRE.MatchString(res) {
		return false
	}
	typ, rest, _ := strings.Cut(res, "/")
	switch f[2] {
	case "iam":
		switch typ {
		case "root":
			return rest == "" && res == "root"
		case "user", "role":
			return rest != "" && !strings.HasSuffix(rest, "/")
		}
	case "sts":
		switch typ {
		case "assumed-role":
			role, session, ok := strings.Cut(rest, "/")
			return ok && role != "" && session != ""
		case "federated-user":
			return rest != ""
		}
	}
	return false
}

// federatedProvider names a Federated principal's provider and kind:
// ("token.actions.githubusercontent.com", "oidc") for an OIDC provider ARN
// (the name is the condition-key prefix), ("saml-provider/NAME", "saml") for
// a SAML provider ARN, (host, "oidc") for a web identity provider IAM knows
// by name, and ("", "") for anything IAM would reject.
func federatedProvider(f string) (name, kind string) {
	if webIdentityProviders[f] {
		return f, "oidc"
	}
	fs := strings.SplitN(f, ":", 6)
	if len(fs) != 6 || fs[0] != "arn" || !partitionRE.MatchString(fs[1]) || fs[2] != "iam" || fs[3] != "" || !isAccountID(fs[4]) {
		return "", ""
	}
	if strings.ContainsAny(fs[5], "*?") || !nameRE.MatchString(fs[5]) {
		return "", ""
	}
	typ, rest, _ := strings.Cut(fs[5], "/")
	if rest == "" || strings.HasSuffix(rest, "/") {
		return "", ""
	}
	switch typ {
	case "oidc-provider":
		return rest, "oidc"
	case "saml-provider":
		return "saml-provider/" + rest, "saml"
	}
	return "", ""
}

// Unpinned is a federated provider that a statement trusts without a
// condition confining who, inside the provider, may assume the role.
type Unpinned struct {
	// Provider is the condition-key prefix of an OIDC provider
	// ("token.actions.githubusercontent.com") or "saml-provider/NAME".
	Provider string
	// Need is the condition key that would pin it.
	Need string
	// Who says who can get in without it.
	Who string
}

// pin is one requirement: a positive condition on one of keys whose every
// value passes ok(value, isLikeOperator).
type pin struct {
	keys []string
	who  string
	ok   func(v string, like bool) bool
}

// opaqueValue pins when the value is an exact identifier: audiences, pool
// IDs and application IDs are opaque, so a wildcard in a StringLike value
// can match another tenant's (us-east-1:* is every identity pool).
// StringEquals reads '*' literally.
func opaqueValue(v string, like bool) bool {
	return v != "" && (!like || !strings.ContainsAny(v, "*?"))
}

// someValue pins unless the value is only wildcards (amr "authenticated").
func someValue(v string, like bool) bool {
	return v != "" && (!like || strings.Trim(v, "*?") != "")
}

// literalPrefix is the part of a StringLike value before its first wildcard.
func literalPrefix(v string) string {
	if i := strings.IndexAny(v, "*?"); i >= 0 {
		return v[:i]
	}
	return v
}

// githubOwnerRE: a GitHub Actions sub ("repo:OWNER/REPO:ref:...", or a
// customised claim such as "repository_owner_id:123:...") whose literal
// part names a whole owner: claim name, owner, then a delimiter.
// "repo:octo-org/*" pins the organisation (its owner decides which
// repositories exist and who may run workflows there); "repo:*",
// "repo:*/*" and "repo:octo*" (also "repo:octo-attacker/...") do not.
var githubOwnerRE = regexp.MustCompile(`^[A-Za-z_]+:[^:/*?]+[/:]`)

func githubSub(v string, like bool) bool {
	if !like || !strings.ContainsAny(v, "*?") {
		return v != ""
	}
	return githubOwnerRE.MatchString(literalPrefix(v))
}

// eksSubRE: an EKS service-account sub that names at least a namespace,
// "system:serviceaccount:NAMESPACE:...".
var eksSubRE = regexp.MustCompile(`^system:serviceaccount:[^:*?]+:`)

func eksSub(v string, like bool) bool {
	if !like || !strings.ContainsAny(v, "*?") {
		return v != ""
	}
	return eksSubRE.MatchString(literalPrefix(v))
}

var eksHostRE = regexp.MustCompile(`^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/id/[A-Za-z0-9]+$`)

// providerPins lists what pins a provider, from the providers' and AWS's
// documentation (IAM User Guide, "Available keys for AWS OIDC federation"
// and "Available keys for SAML-based AWS STS federation"; GitHub, "Configuring
// OpenID Connect in Amazon Web Services"; Amazon EKS, "Assign IAM roles to
// Kubernetes service accounts"; Amazon Cognito, "IAM roles" for identity
// pools).
func providerPins(name, kind string) []pin {
	k := func(suffix string) string { return name + ":" + suffix }
	if kind == "saml" {
		// SAML:aud is the endpoint the assertion was issued for
		// (https://signin.aws.amazon.com/saml): without it, an assertion
		// the IdP issued for another service provider is accepted.
		return []pin{{keys: []string{"SAML:aud"}, who: "assertions the identity provider issued for any audience", ok: someValue}}
	}
	host := strings.ToLower(name)
	switch {
	case host == "token.actions.githubusercontent.com" || strings.HasPrefix(host, "token.actions.githubusercontent.com/"):
		// aud is sts.amazonaws.com for every repository: only sub picks one.
		return []pin{{keys: []string{k("sub")}, who: "a workflow in any GitHub repository", ok: githubSub}}
	case host == "cognito-identity.amazonaws.com" || host == "cognito-identity.amazonaws.com.cn":
		return []pin{
			{keys: []string{k("aud")}, who: "identities of any identity pool in any account", ok: opaqueValue},
			{keys: []string{k("amr")}, who: "both authenticated and unauthenticated (guest) identities", ok: someValue},
		}
	case eksHostRE.MatchString(name):
		return []pin{{keys: []string{k("sub")}, who: "any service account in the cluster", ok: eksSub}}
	case host == "accounts.google.com":
		return []pin{{keys: []string{k("aud"), k("oaud"), k("sub")}, who: "any Google account through any application", ok: opaqueValue}}
	case host == "graph.facebook.com":
		return []pin{{keys: []string{k("app_id"), k("id")}, who: "any Facebook user through any application", ok: opaqueValue}}
	case host == "www.amazon.com":
		return []pin{{keys: []string{k("app_id"), k("user_id")}, who: "any Amazon customer through any application", ok: opaqueValue}}
	}
	// Any other OIDC provider: at least the audience (the client ID).
	return []pin{{keys: []string{k("aud"), k("azp"), k("oaud")}, who: "a token the provider issued for any client", ok: opaqueValue}}
}

// pins reports whether the statement's Condition satisfies pin with a
// positive operator (narrowingOperators: an ...IfExists operator passes
// when the key is absent, a negated one admits every other value).
func (s Statement) pins(p pin) bool {
	for op, keys := range s.Condition {
		lop := strings.ToLower(op)
		if !narrowingOperators[lop] {
			continue
		}
		like := strings.Contains(lop, "like")
		for k, vals := range keys {
			if containsFold(p.keys, k) && len(vals) > 0 && allValues(vals, like, p.ok) {
				return true
			}
		}
	}
	return false
}

func allValues(vals []string, like bool, ok func(string, bool) bool) bool {
	for _, v := range vals {
		if !ok(v, like) {
			return false
		}
	}
	return true
}

// deniedOutsidePin reports whether a Deny statement for the provider (or
// for everyone) refuses action to every caller the pin would refuse: a Deny
// without condition, or one whose Condition is only negated operators on
// the pin's keys with pinning values (StringNotLike sub "repo:octo-org/*").
func (d *Document) deniedOutsidePin(f, action string, p pin) bool {
	for _, t := range d.Statements {
		if t.Effect != Deny || t.Principal == nil || !t.Covers(action) {
			continue
		}
		if !t.Principal.AnyAWS() && !containsFold(t.Principal.Federated, f) {
			continue
		}
		if !t.Conditional() {
			return true
		}
		only := true
		found := false
		for op, keys := range t.Condition {
			lop := strings.ToLower(op)
			for k, vals := range keys {
				if negatedOperators[lop] && containsFold(p.keys, k) && len(vals) > 0 && allValues(vals, strings.Contains(lop, "like"), p.ok) {
					found = true
				} else {
					only = false
				}
			}
		}
		if only && found {
			return true
		}
	}
	return false
}

// UnpinnedFederated lists, for statement i, the federated providers it lets
// assume the role without the conditions that confine the caller to
// identities the role's owner chose (an OIDC provider with Allow
// sts:AssumeRoleWithWebIdentity, a SAML provider with Allow
// sts:AssumeRoleWithSAML). A Deny statement in the same document that
// refuses everyone outside the pin counts as the pin. Entries IAM would
// reject are not judged here (InvalidTrustPrincipals reports them).
func (d *Document) UnpinnedFederated(i int) []Unpinned {
	s := d.Statements[i]
	if s.Effect != Allow || s.Principal == nil {
		return nil
	}
	var out []Unpinned
	for _, f := range s.Principal.Federated {
		name, kind := federatedProvider(f)
		action := "sts:AssumeRoleWithWebIdentity"
		switch kind {
		case "":
			continue
		case "saml":
			action = "sts:AssumeRoleWithSAML"
		}
		if !s.Allows(action) {
			continue
		}
		for _, p := range providerPins(name, kind) {
			if s.pins(p) || d.deniedOutsidePin(f, action, p) {
				continue
			}
			out = append(out, Unpinned{Provider: name, Need: p.keys[0], Who: p.who})
		}
	}
	return out
}
