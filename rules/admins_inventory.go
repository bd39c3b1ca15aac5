package rules

import (
	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
	"github.com/iamaudit/iamaudit/rules/policy"
)

// AdminEntry is one principal that is, can become, or may be admin: the
// row of the access-review inventory ('iamaudit admins').
type AdminEntry struct {
	Kind string `json:"kind"` // user, role or root
	Name string `json:"name"`
	ARN  string `json:"arn"`
	// Status is "admin", "can become admin" or "may be admin".
	Status string `json:"status"`
	// Hops is the length of the shortest path (0 for an admin, -1 when
	// only a MAYBE path is known).
	Hops int `json:"hops"`
	// Path describes how: the granting statements or the path hop by hop.
	Path string `json:"path"`
	// Protection is IAM-ADMIN-UNPROTECTED's verdict and reason.
	Protection       result.Status `json:"protection"`
	ProtectionReason string        `json:"protection_reason"`
	// Unknown says what is not settled (for "may be admin", or a
	// protection that cannot be judged).
	Unknown string `json:"unknown,omitempty"`
}

// Admins lists the root user, then every user and role that is or can
// become admin, in snapshot order (users, then roles), and those that may
// be. When the
// authorization details were not collected it returns no entries and the
// UNKNOWN reason.
func Admins(s *audit.Snapshot, cfg Config) ([]AdminEntry, string) {
	ctx := NewContext(s, cfg)
	if err := s.IdentityError(); err != nil {
		return nil, "the evidence's identity is unusable: " + err.Error()
	}
	r := AdminUnprotected
	ctx.rule = &r
	g, _ := ctx.adminGraph()
	if g == nil {
		_, unknown := newAZIndex(ctx, "administrators")
		return nil, unknown[0].Reason
	}
	prot := map[string]result.Result{}
	for _, res := range AdminUnprotected.Check(ctx) {
		prot[res.Resource] = res
	}
	root := rootSubject(s)
	out := []AdminEntry{{Kind: "root", Name: root.name, ARN: root.arn, Status: "admin", Path: rootWhy}}
	if p, ok := prot[root.arn]; ok {
		out[0].Protection, out[0].ProtectionReason = p.Status, p.Reason
	}
	for i := range g.nodes {
		n := &g.nodes[i]
		if n.p.serviceLinked() {
			continue
		}
		e := AdminEntry{Kind: n.p.Kind, Name: n.p.Name, ARN: n.p.ARN, Hops: g.dist[i]}
		switch {
		case n.admin.Answer == policy.Yes:
			e.Status, e.Path = "admin", g.adminWhy(i)
		case g.dist[i] > 0:
			e.Status, e.Path = "can become admin", g.pathText(i)
		case g.maybe[i]:
			e.Status, e.Unknown = "may be admin", g.maybeWhy(i)
		default:
			continue
		}
		if p, ok := prot[n.p.ARN]; ok {
			e.Protection, e.ProtectionReason = p.Status, p.Reason
		}
		out = append(out, e)
	}
	return out, ""
}
