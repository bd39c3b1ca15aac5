package rules

import (
	"slices"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
	"github.com/iamaudit/iamaudit/rules/policy"
)

// AdminEntry is one row of the administrator inventory ('iamaudit admins'
// and the report's administrators section): the result type, so both
// print the same values.
type AdminEntry = result.AdminEntry

// AdminRulesSelected reports whether rs holds one of the admin rules: a scan
// that ran neither did not assess administrators, and its report carries
// no inventory (absent, not empty).
func AdminRulesSelected(rs []Rule) bool {
	return slices.ContainsFunc(rs, func(r Rule) bool { return usesAdminGraph(r.ID) })
}

// Admins is the administrator inventory of a snapshot: the root user, then
// every user and role that is or can become admin, in snapshot order
// (users, then roles), and those that may be. When the authorization details were not collected,
// or the evidence's identity is unusable, it lists no principal and says
// why in Unknown.
func Admins(s *audit.Snapshot, cfg Config) result.AdminInventory {
	_, inv := EvaluateWithAdmins(s, []Rule{AdminUnprotected}, cfg)
	return *inv
}

// EvaluateWithAdmins is Evaluate plus, when rs holds an admin rule (see
// AdminRulesSelected), the administrator inventory, read from the one
// admin graph the rules built (it is built once per evaluation) and from
// IAM-ADMIN-UNPROTECTED's verdicts (evaluated for the inventory when rs
// does not hold that rule). inv is nil when no admin rule was selected.
func EvaluateWithAdmins(s *audit.Snapshot, rs []Rule, cfg Config) (results []result.Result, inv *result.AdminInventory) {
	selected := AdminRulesSelected(rs)
	ctx := NewContext(s, cfg)
	perRule, unusable := evaluateRules(ctx, rs, selected)
	if selected {
		inv = &result.AdminInventory{AccountID: s.Account.ID, Principals: []result.AdminEntry{}}
	}
	if perRule == nil {
		if inv != nil {
			inv.Unknown = "the evidence's identity is unusable: " + s.IdentityError().Error()
		}
		return unusable, inv
	}
	if selected {
		inv.Principals, inv.Unknown = inventory(ctx, rs, perRule)
		if inv.Principals == nil {
			inv.Principals = []result.AdminEntry{}
		}
	}
	// Nothing holds the context any more: its snapshot, indexes and admin
	// graph are garbage while the results are joined.
	return join(perRule), inv
}

// inventory is the administrator inventory's rows (or why there are none)
// from the admin graph evaluateRules left on ctx and the verdicts of
// IAM-ADMIN-UNPROTECTED in perRule (evaluated here when rs does not hold
// that rule).
func inventory(ctx *Context, rs []Rule, perRule [][]result.Result) ([]result.AdminEntry, string) {
	var prot []result.Result
	held := false
	for i, r := range rs {
		if r.ID == AdminUnprotected.ID {
			prot = append(prot, perRule[i]...)
			held = true
		}
	}
	if !held {
		r := AdminUnprotected
		ctx.rule = &r
		prot = r.Check(ctx)
	}
	return adminEntries(ctx, prot)
}

// adminEntries converts the context's admin graph, with the protections
// IAM-ADMIN-UNPROTECTED gave (by resource), into inventory rows; the
// string is why there are none to give.
func adminEntries(ctx *Context, protections []result.Result) ([]result.AdminEntry, string) {
	r := AdminUnprotected
	ctx.rule = &r
	g, _ := ctx.adminGraph()
	if g == nil {
		_, unknown := newAZIndex(ctx, "administrators")
		return nil, unknown[0].Reason
	}
	prot := map[string]result.Result{}
	for _, res := range protections {
		prot[res.Resource] = res
	}
	// IAM-ADMIN-UNPROTECTED gives one result per row (root's included),
	// give or take the account's UNKNOWNs: the rows' number.
	out := make([]result.AdminEntry, 0, len(protections)+1)
	out = append(out, rootEntry(ctx, g, prot))
	for i := range g.nodes {
		n := &g.nodes[i]
		if n.p.serviceLinked() {
			continue
		}
		e := result.AdminEntry{Kind: n.p.Kind, Name: n.p.Name, ARN: n.p.ARN, Hops: g.dist[i]}
		switch {
		case n.admin.Answer == policy.Yes:
			e.Status, e.Path = result.AdminIs, g.adminWhy(i)
			for _, gr := range n.admin.Grants {
				e.GrantedBy = append(e.GrantedBy, gr.String())
			}
		case g.dist[i] > 0:
			e.Status, e.Path = result.AdminCanBecome, g.pathText(i)
			hops := g.path(i)
			for _, h := range hops {
				st := result.AdminStep{From: g.nodes[h.from].p.ARN, Action: h.kind, GrantedBy: slices.Clone(h.via), NeedsMFA: h.mfa}
				if h.to >= 0 {
					st.To = g.nodes[h.to].p.ARN
				}
				if h.catalog != "-" {
					st.CatalogID = h.catalog
				}
				if st.GrantedBy == nil {
					st.GrantedBy = []string{}
				}
				e.Steps = append(e.Steps, st)
			}
			e.OtherPaths = g.otherPaths(i)
			e.OtherPathsAtLeast = e.OtherPaths > 0 && g.capped[i]
			e.Caveat = g.scpCaveat(hops)
		case g.maybe[i]:
			e.Status, e.Unknown = result.AdminMaybe, g.maybeWhy(i)
		default:
			continue
		}
		if p, ok := prot[n.p.ARN]; ok {
			// The rule's reason opens with how the principal is admin,
			// which the row already says: keep what it says of the
			// protections.
			e.Protection, e.ProtectionReason = p.Status, p.Reason
			if st := g.adminStatus(i); strings.HasPrefix(p.Reason, st) && strings.HasPrefix(p.Reason[len(st):], "; ") {
				e.ProtectionReason = p.Reason[len(st)+2:]
			}
		} else {
			e.Protection, e.ProtectionReason = result.Unknown, AdminUnprotected.ID+" gave no result for it"
		}
		out = append(out, e)
	}
	return out, ""
}

// rootEntry is the root user's row: always admin (no IAM policy or
// boundary limits it; in a member account a service control policy can),
// with IAM-ADMIN-UNPROTECTED's verdict on it (which quotes the root
// credential rules, protectionRules).
func rootEntry(ctx *Context, g *adminGraph, prot map[string]result.Result) result.AdminEntry {
	sb := rootSubject(ctx.Snapshot)
	e := result.AdminEntry{Kind: "root", Name: sb.name, ARN: sb.arn, Status: result.AdminIs, Hops: 0,
		Path:      "the account's root user: every action on every resource; no IAM policy or permissions boundary limits it",
		GrantedBy: []string{"the root user (no policy)"}}
	if g.scp != "" {
		e.Caveat = g.scp + "its actions"
	}
	if p, ok := prot[sb.arn]; ok {
		e.Protection, e.ProtectionReason = p.Status, strings.TrimPrefix(p.Reason, rootStatus+"; ")
	} else {
		e.Protection, e.ProtectionReason = result.Unknown, AdminUnprotected.ID+" gave no result for it"
	}
	return e
}
