package rules

import (
	"slices"
	"sort"
	"strings"

	"github.com/iamaudit/iamaudit/rules/policy"
)

// Attaching a managed policy: the attacker picks which one. A condition on
// iam:PolicyARN (the usual guard, "attach only these policies") is judged
// per candidate policy, as the request would carry it:
//   - an admin policy (AWS-managed AdministratorAccess, which every account
//     has, or a managed policy of the snapshot whose default version is full
//     admin) it may attach: the edge is that attachment;
//   - otherwise, a policy it may attach that lets the holder escalate further
//     (its document in the snapshot) is tried as a second step: attach it,
//     then attach an admin policy with what it grants;
//   - otherwise the edge is absent only when every policy it may attach is
//     named literally, is in the snapshot and grants only reads; anything
//     else (a wildcard, a policy whose document is not in the evidence, one
//     granting writes) makes it MAYBE, naming the policies.

// attachProbe are made-up policy ARNs no account holds: a condition that
// admits them admits policies outside the evidence.
var attachProbe = []string{"arn:{p}:iam::aws:policy/iamaudit-probe-not-a-policy", "arn:{p}:iam::{a}:policy/iamaudit-probe-not-a-policy"}

// usesPolicyARN reports whether a document in force for node i has a
// condition on iam:PolicyARN.
func (g *adminGraph) usesPolicyARN(i int) bool {
	n := &g.nodes[i]
	for _, l := range [][]policy.Source{n.set.Identity, n.set.Boundary} {
		for _, src := range l {
			if src.Doc.UsesConditionKey("iam:PolicyARN") {
				return true
			}
		}
	}
	return false
}

// adminPolicies are the managed policies whose attachment makes the holder
// admin: AWS-managed AdministratorAccess, then the snapshot's managed
// policies whose default version is full admin, by ARN.
func (g *adminGraph) adminPolicies() []string {
	if g.adminPols != nil {
		return g.adminPols
	}
	aws := g.fill("arn:{p}:iam::aws:policy/AdministratorAccess")
	out := []string{aws}
	var more []string
	for arn, mp := range g.ix.policies {
		if arn == aws {
			continue
		}
		src, _, gap := g.managedSource(arn, mp.Name)
		if gap != "" {
			continue
		}
		if (policy.Set{Identity: []policy.Source{src}}).FullAdmin(policy.Request{Now: g.ix.ctx.Now}).Answer == policy.Yes {
			more = append(more, arn)
		}
	}
	sort.Strings(more)
	g.adminPols = append(out, more...)
	return g.adminPols
}

// writingPolicies are the snapshot's managed policies, other than the
// admin ones, whose default version grants more than reads (see
// grantsWrites), by ARN; computed once.
func (g *adminGraph) writingPolicies() []string {
	if g.writingPols != nil {
		return g.writingPols
	}
	admin := map[string]bool{}
	for _, a := range g.adminPolicies() {
		admin[a] = true
	}
	out := []string{}
	for arn, mp := range g.ix.policies {
		if admin[arn] {
			continue
		}
		if src, _, gap := g.managedSource(arn, mp.Name); gap == "" && grantsWrites(src.Doc) != "" {
			out = append(out, arn)
		}
	}
	sort.Strings(out)
	g.writingPols = out
	return out
}

// writersAllowing are the writingPolicies with an Allow statement
// covering action (a second step must attach again); cached per action.
func (g *adminGraph) writersAllowing(action string) []string {
	if l, ok := g.writers[action]; ok {
		return l
	}
	out := []string{}
	for _, arn := range g.writingPolicies() {
		mp := g.ix.policies[arn]
		src, _, _ := g.managedSource(arn, mp.Name)
		for _, st := range src.Doc.Statements {
			if st.Allows(action) {
				out = append(out, arn)
				break
			}
		}
	}
	if g.writers == nil {
		g.writers = map[string][]string{}
	}
	g.writers[action] = out
	return out
}

// attach judges node i attaching a managed policy (action on resource),
// which makes holder h (i itself, or the principal i writes onto) admin. It
// returns the decisions and actions the step needs (for step) and the
// policies attached, for the edge's kind ("" when no iam:PolicyARN
// condition is in force for i: then the question is the one it always was).
func (g *adminGraph) attach(i, h int, action, resource string) (ds []policy.Decision, acts []string, what string) {
	if !g.usesPolicyARN(i) {
		return []policy.Decision{g.ask(i, action, resource)}, []string{action}, ""
	}
	ask := func(node int, set policy.Set, arn string) policy.Decision {
		r := g.nodes[node].req
		r.Action, r.Resource, r.PolicyARN = action, resource, arn
		return set.Evaluate(r)
	}
	set := g.nodes[i].set
	admins := g.adminPolicies()
	maybe := -1
	var maybeD policy.Decision
	for k, a := range admins {
		d := ask(i, set, a)
		if d.Answer == policy.Yes {
			return []policy.Decision{d}, []string{action}, "attaching " + a
		}
		if d.Answer == policy.Maybe && maybe < 0 {
			maybe, maybeD = k, d
		}
	}
	if maybe >= 0 {
		return []policy.Decision{maybeD}, []string{action}, "attaching " + admins[maybe]
	}
	// No admin policy: which others may it attach?
	open := false
	for _, p := range attachProbe {
		if ask(i, set, g.fill(p)).Answer != policy.No {
			open = true
		}
	}
	// Under equality operators every ARN its conditions do not name
	// behaves as the probes do: without a wildcard, and with the probes
	// refused, only the named ARNs may be attached. Otherwise (open) the
	// result is MAYBE unless a collected policy gives a second step, so
	// besides the named ones only those allowing this very action are
	// tried.
	cands := map[string]bool{}
	for _, l := range [][]policy.Source{set.Identity, set.Boundary} {
		for _, src := range l {
			for _, v := range src.Doc.ConditionValues("iam:PolicyARN") {
				if strings.ContainsAny(v, "*?") {
					open = true
				} else {
					cands[v] = true
				}
			}
		}
	}
	if open {
		for _, arn := range g.writersAllowing(action) {
			cands[arn] = true
		}
	}
	list := make([]string, 0, len(cands))
	for arn := range cands {
		list = append(list, arn)
	}
	sort.Strings(list)
	var unsure []string
	var grants []policy.Grant
	for _, arn := range list {
		d := ask(i, set, arn)
		if d.Answer == policy.No {
			continue
		}
		for _, gr := range d.Grants {
			if !slices.Contains(grants, gr) {
				grants = append(grants, gr)
			}
		}
		mp := g.ix.policies[arn]
		if mp == nil {
			unsure = append(unsure, arn+" (its document is not in the evidence)")
			continue
		}
		src, _, gap := g.managedSource(arn, mp.Name)
		if gap != "" {
			unsure = append(unsure, arn+" ("+gap+")")
			continue
		}
		if w := grantsWrites(src.Doc); w != "" {
			// Second step: the holder, with the policy attached, attaches
			// an admin policy.
			after := g.nodes[h].set
			after.Identity = append(append([]policy.Source{}, after.Identity...), src)
			if d.Answer == policy.Yes {
				for _, a := range admins {
					d2 := ask(h, after, a)
					if d2.Answer == policy.Yes {
						return []policy.Decision{d, d2}, []string{action, action}, "attaching " + arn + ", then " + a
					}
				}
			}
			unsure = append(unsure, arn+" (it grants "+w+")")
			continue
		}
		// Only reads: attaching it leads nowhere, allowed or not.
	}
	if open {
		unsure = append(unsure, "policies its iam:PolicyARN condition admits beyond those named (a wildcard or a negated operator)")
	}
	if len(unsure) == 0 {
		return []policy.Decision{{Answer: policy.No}}, []string{action}, ""
	}
	q := "its iam:PolicyARN condition lets it attach no admin policy, but it may attach " + strings.Join(unsure, ", ") +
		": can attaching them lead to admin?"
	return []policy.Decision{{Answer: policy.Maybe, Grants: grants, Unsure: []string{q}}}, []string{action}, "attaching a policy its iam:PolicyARN condition allows"
}

// grantsWrites names an action pattern an Allow statement of the document
// grants that is not a read (Get, List, Describe), or "" when it grants
// only reads: an attached policy granting only reads leads nowhere.
func grantsWrites(d *policy.Document) string {
	for _, st := range d.Statements {
		if st.Effect != policy.Allow {
			continue
		}
		if st.HasNotAction {
			return "NotAction " + strings.Join(st.NotAction, ",")
		}
		for _, a := range st.Action {
			svc, name, ok := strings.Cut(a, ":")
			if !ok || strings.ContainsAny(svc, "*?") {
				return a
			}
			l := strings.ToLower(name)
			if !strings.HasPrefix(l, "get") && !strings.HasPrefix(l, "list") && !strings.HasPrefix(l, "describe") {
				return a
			}
		}
	}
	return ""
}

// withoutAttachDenies is a copy of srcs without the Deny statements that
// refuse only the attachment of some managed policies (every action one
// whose request carries iam:PolicyARN, every condition on iam:PolicyARN):
// once an admin policy is written, what they refuse the principal can
// grant itself in an inline policy, so they leave it admin in effect.
// Documents without such statements are kept as they are.
func withoutAttachDenies(srcs []policy.Source) []policy.Source {
	out := make([]policy.Source, 0, len(srcs)+1)
	for _, src := range srcs {
		var keep []policy.Statement
		dropped := false
		for k, st := range src.Doc.Statements {
			if attachOnlyDeny(st) {
				if !dropped {
					keep = append(keep, src.Doc.Statements[:k]...)
					dropped = true
				}
				continue
			}
			if dropped {
				keep = append(keep, st)
			}
		}
		if dropped {
			doc := *src.Doc
			doc.Statements = keep
			src.Doc = &doc
		}
		out = append(out, src)
	}
	return out
}

func attachOnlyDeny(st policy.Statement) bool {
	if st.Effect != policy.Deny || st.HasNotAction || len(st.Action) == 0 || len(st.Condition) == 0 {
		return false
	}
	for _, a := range st.Action {
		if !policy.CarriesPolicyARN(a) {
			return false
		}
	}
	for _, keys := range st.Condition {
		for k := range keys {
			if !strings.EqualFold(k, "iam:PolicyARN") {
				return false
			}
		}
	}
	return true
}
