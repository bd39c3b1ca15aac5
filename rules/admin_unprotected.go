package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
	"github.com/iamaudit/iamaudit/rules/policy"
)

// AdminUnprotected reports the root user and every user and role that is
// admin, directly or by a path (IAM-ADMIN-ESCALATION-PATH), and is not
// protected: console
// access without MFA, an active access key older than the rotation
// threshold, credentials unused past the dormancy threshold, or a trust
// policy that admits principals outside the account without pinning their
// identity. The protections are judged by the rules that own them
// (IAM-USER-CONSOLE-MFA and the credential-age rules for users, the trust
// rules for roles), so both say the same thing; this rule narrows them to
// the principals where a gap means a full account takeover. A principal
// that may be admin (UNKNOWN there) is UNKNOWN here when a protection is
// missing. iamaudit's own rule; it maps to no CIS control.
var AdminUnprotected = Rule{
	ID:       "IAM-ADMIN-UNPROTECTED",
	Title:    "Principals that are or can become admin are protected",
	Severity: result.High,
	Rationale: "An administrator's credentials are the account. A password without MFA, an old or " +
		"forgotten access key, or a role that another account or identity provider can assume without " +
		"naming who turns one leaked secret or one compromised partner into full control.",
	Remediation: "Require MFA for console users who are or can become admin, rotate or delete their access " +
		"keys, remove dormant admin credentials, and pin cross-account and federated trust of admin " +
		"roles to named principals (aws:PrincipalArn, an OIDC sub, SAML:aud).",
	RemediationCLI: []string{
		"aws iam delete-login-profile --user-name <user>",
		"aws iam update-access-key --user-name <user> --access-key-id <key-id> --status Inactive",
		"aws iam update-assume-role-policy --role-name <role> --policy-document file://pinned-trust.json",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html",
	},
	Evidence: []audit.Evidence{audit.EvidenceAuthorization, audit.EvidenceCredentialReport, audit.EvidenceCallerIdentity},
	Optional: []audit.Evidence{audit.EvidenceAccountSummary, audit.EvidenceOrganization, audit.EvidenceVirtualMFADevices},
	Check:    checkAdminUnprotected,
}

// protectionRules judge one protection each, for users or for roles (and,
// for the administrator inventory, the root user); their results, by
// resource, are what this rule quotes.
func protectionRules(typ string) []Rule {
	switch typ {
	case TypeUser:
		return []Rule{UserConsoleMFA, KeyRotation, UnusedCredentials45}
	case TypeRootUser:
		// MFA on its password, and no access key or signing certificate:
		// credentials MFA does not guard.
		return []Rule{RootMFA, RootAccessKeys, RootSigningCerts}
	}
	return []Rule{RoleTrustCrossAccount, RoleTrustAnyPrincipal}
}

// rootWhy is why the root user is admin, whatever the policies say, and
// why no path leads to it.
const rootWhy = "the root user: every action on every resource, limited by no IAM policy (only by service " +
	"control policies, in a member account); no IAM permission creates, resets or takes over root credentials, " +
	"so no path leads to it"

const rootStatus = "is admin: " + rootWhy

// rootUnprotected judges the root user as an admin: its MFA, access keys
// and signing certificates, as the root rules judge them (the credential report's
// <root_account> row and the account summary), quoted so both say the same.
func rootUnprotected(ctx *Context) result.Result {
	s := ctx.Snapshot
	sb := rootSubject(s)
	prot := map[string]map[string]result.Result{}
	for _, r := range protectionRules(TypeRootUser) {
		prot[r.ID] = map[string]result.Result{}
		for _, res := range ctx.checkOnce(r) {
			prot[r.ID][res.Resource] = res
		}
	}
	pr := protectionOf(prot, TypeRootUser, sb.arn, accountResource(s))
	switch {
	case len(pr.fails) > 0:
		return sb.fail(rootStatus + "; unprotected: " + strings.Join(pr.fails, "; "))
	case len(pr.unknowns) > 0:
		return sb.unknown(rootStatus + "; its protections cannot be judged: " + strings.Join(pr.unknowns, "; "))
	}
	return sb.pass(rootStatus + "; protected: " + strings.Join(pr.passes, "; "))
}

func checkAdminUnprotected(ctx *Context) []result.Result {
	// The root user is admin without policies: judged first, whatever the
	// authorization details hold.
	root := rootUnprotected(ctx)
	g, _ := ctx.adminGraph()
	if g == nil {
		_, unknown := newAZIndex(ctx, "administrators")
		return append([]result.Result{root}, unknown...)
	}
	// Only the principals that are or may become admin, and the account,
	// are looked up: the protection rules judge every user.
	acct := accountResource(ctx.Snapshot)
	status := make([]string, len(g.nodes))
	need := map[string]bool{acct: true}
	for i := range g.nodes {
		if !g.nodes[i].p.serviceLinked() {
			if status[i] = g.adminStatus(i); status[i] != "" {
				need[g.nodes[i].p.ARN] = true
			}
		}
	}
	prot := map[string]map[string]result.Result{}
	for _, typ := range []string{TypeUser, TypeRole} {
		for _, r := range protectionRules(typ) {
			prot[r.ID] = map[string]result.Result{}
			for _, res := range ctx.checkOnce(r) {
				if need[res.Resource] {
					prot[r.ID][res.Resource] = res
				}
			}
		}
	}
	out := []result.Result{root}
	for i := range g.nodes {
		n := &g.nodes[i]
		status := status[i]
		if status == "" {
			continue
		}
		sb := subject{n.p.Type, n.p.ARN, n.p.Name}
		pr := protectionOf(prot, n.p.Type, n.p.ARN, acct)
		if n.role != nil {
			if un := g.unpinnedForeign(i); len(un) > 0 {
				pr.fails = append(pr.fails, un...)
			}
		}
		certain := n.admin.Answer == policy.Yes || g.dist[i] > 0
		switch {
		case len(pr.fails) > 0 && certain:
			out = append(out, sb.fail(status+"; unprotected: "+strings.Join(pr.fails, "; ")))
		case len(pr.fails) > 0:
			out = append(out, sb.unknown(status+"; if so, it is unprotected: "+strings.Join(pr.fails, "; ")))
		case len(pr.unknowns) > 0:
			out = append(out, sb.unknown(status+"; its protections cannot be judged: "+strings.Join(pr.unknowns, "; ")))
		default:
			out = append(out, sb.pass(status+"; protected: "+strings.Join(pr.passes, "; ")))
		}
	}
	return out
}

// adminStatus says how node i is or may be admin ("" when it is not and
// cannot become admin).
func (g *adminGraph) adminStatus(i int) string {
	n := &g.nodes[i]
	switch {
	case n.admin.Answer == policy.Yes:
		return "is admin: " + g.adminWhy(i)
	case g.dist[i] > 0:
		return g.pathText(i)
	case g.maybe[i]:
		return "may be or become admin: " + g.maybeWhy(i)
	}
	return ""
}

// protection collects the protection verdicts for one principal.
type protection struct{ fails, unknowns, passes []string }

// protectionOf gathers what the protection rules of the principal's kind say
// about it: its own result, else the rule's account-wide result (an UNKNOWN
// when the evidence is missing), else an UNKNOWN saying the rule did not
// judge it.
func protectionOf(prot map[string]map[string]result.Result, typ, arn, acct string) *protection {
	p := &protection{}
	for _, r := range protectionRules(typ) {
		res, ok := prot[r.ID][arn]
		if !ok {
			res, ok = prot[r.ID][acct]
			if ok && res.Status == result.Pass {
				ok = false
			}
		}
		if !ok {
			p.unknowns = append(p.unknowns, r.ID+" gave no result for it")
			continue
		}
		line := r.ID + ": " + res.Reason
		switch res.Status {
		case result.Fail:
			p.fails = append(p.fails, line)
		case result.Pass:
			p.passes = append(p.passes, line)
		default:
			p.unknowns = append(p.unknowns, line)
		}
	}
	sort.Strings(p.fails)
	sort.Strings(p.unknowns)
	sort.Strings(p.passes)
	return p
}

// unpinnedForeign lists the trust statements of role node i that admit a
// whole other account (its ID or root) without an identity pin: no
// aws:PrincipalArn condition naming who, and no Deny confining callers. Such
// a role is assumable by anyone the other account's administrators allow;
// an external ID or MFA condition says how, not who (the cross-account rule
// accepts them, this rule does not for admins).
func (g *adminGraph) unpinnedForeign(i int) []string {
	r := g.nodes[i].role
	d, err := g.ix.parse(r.AssumeRolePolicy)
	if err != nil {
		return nil // the trust rules report an unreadable trust policy
	}
	own := g.ix.ctx.Snapshot.Account.ID
	var out []string
	for k, st := range d.Statements {
		if st.Effect != policy.Allow || st.Principal == nil || !allowsAssume(st) {
			continue
		}
		var accts []string
		for _, p := range st.Principal.AWS {
			acct, ok := policy.AccountOf(p)
			if !ok || acct == own || (p != acct && !strings.HasSuffix(p, ":root")) {
				continue
			}
			accts = append(accts, acct)
		}
		if len(accts) == 0 || len(st.NarrowingKeys("aws:PrincipalArn")) > 0 {
			continue
		}
		if _, confined, _ := deniedOutside(d, st); confined {
			continue
		}
		out = append(out, fmt.Sprintf("trust policy Statement[%d] admits every principal of account(s) %s that its administrators allow, with no aws:PrincipalArn condition naming who",
			k, strings.Join(azUniqueSorted(accts), ", ")))
	}
	return out
}
