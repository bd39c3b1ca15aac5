package rules

// The effective-admin graph: who is admin, and who can become admin, per
// principal. Nodes are the account's users and roles with their combined
// identity policies (policy.Set); a principal is admin when the set allows
// every action on every resource (policy.Set.FullAdmin). Edges are the ways
// one principal acts as another or makes itself admin, each named by its
// path ID in the pathfinding.cloud catalog (DataDog/pathfinding.cloud,
// Apache-2.0), which lists the escalation path kinds; "-" where the catalog
// has no entry. Shortest paths are found by a breadth-first search backwards
// from the admins.
//
// Decisions documented here:
//   - SCPs are not in the evidence. Outside an organization and in its
//     management account they do not apply; in a member account (or when
//     membership was not collected) a path is reported FAIL "unless an SCP
//     denies" its actions, said in the reason.
//   - A trust policy naming the principal's ARN, or "*", admits a
//     same-account principal without an identity grant (a resource-based
//     policy suffices within one account); one naming the account needs the
//     principal's identity policies to allow sts:AssumeRole on the role.
//   - A principal whose policies, groups or boundary were not all seen has
//     unknown permissions: its own answer is UNKNOWN, and it counts as
//     possibly admin for whoever can reach it.
//   - Writing a policy onto oneself reaches admin only when no permissions
//     boundary limits the result (or the principal may delete it) and no
//     Deny of its own stays in force; otherwise the edge is MAYBE, or absent.

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/rules/policy"
)

// maxYesEdges bounds the one-step YES edges searched per node (see link).
const maxYesEdges = 16

// sinkAdmin is the target of an edge by which a principal makes itself admin.
const sinkAdmin = -1

// adminNode is a user or role with its combined policies.
type adminNode struct {
	p      azPrincipal
	user   *audit.User
	role   *audit.Role
	groups []*audit.Group
	set    policy.Set
	// gaps name what was not seen: the node's permissions are then unknown.
	gaps  []string
	req   policy.Request
	admin policy.Decision
	// sig identifies the documents in force, for the answer cache; lsig
	// the documents and their labels: nodes of one lsig get the same
	// answers word for word (see edgeMemo).
	sig, lsig int
	// attached are the customer-managed policies in force for it (own and
	// its groups'), by ARN.
	attached []*audit.ManagedPolicy
}

// adminEdge is one step: from acts as to (or, with to == sinkAdmin, makes
// itself admin).
type adminEdge struct {
	from, to int
	kind     string
	catalog  string
	answer   policy.Answer
	mfa      bool
	// via quotes the granting statements.
	via []string
	// question is what would settle a MAYBE edge.
	question string
	// actions are the API actions the step uses (for the SCP caveat).
	actions []string
	// text is the rendering shared by the copies of one memoized edge
	// (nil for an edge of its own).
	text *edgeText
}

// edgeText caches an edge's rendering after its source (tail) and the
// same with its target's name taken out (tpl, see renderMaybe), for the
// answer it was rendered at.
type edgeText struct {
	answer        policy.Answer
	tail, tpl     string
	tailOK, tplOK bool
}

// adminGraph is the evaluated graph of one snapshot.
type adminGraph struct {
	ix    *azIndex
	nodes []adminNode
	byARN map[string]int
	out   [][]adminEdge
	// dist is the number of YES hops to admin (0: admin itself), -1 if none.
	dist []int
	next []*adminEdge
	// maybe: reaches admin if MAYBE edges and possibly-admin nodes count.
	maybe []bool
	// scp is the caveat every FAIL carries in a member account ("" if none).
	scp string
	// groupAdmin caches whether a group's own policies make a member admin.
	groupAdmin map[string]policy.Decision
	// capped: edge search stopped at maxYesEdges YES edges for the node.
	capped []bool
	// sigs interns document sets, lsigs sets with their labels; docIDs
	// numbers the documents for the keys.
	sigs, lsigs map[string]int
	docIDs      map[*policy.Document]int
	docs        []docFacts
	// qs are the questions asked of some resource of a pattern (askQ), by
	// number: interned while the graph is set up, so the hot path indexes
	// slices instead of hashing strings. someCache holds their YES/NO
	// answers per document set (sig), classGates the gates per set.
	qs         []question
	qids       map[question]int
	someCache  [][]cachedDecision
	classGates []gates
	// q names the questions of the gates and of the PassRole kinds.
	q struct {
		assume, rewrite, createKey, createLogin, updateLogin, passRole, updateCode int
		attachRole, putRole, attachUser, putUser, attachGroup, putGroup, joinGroup int
		createVersion, setDefault                                                  int
		createProfile, addToProfile                                                int
		kinds                                                                      [][]int
	}
	// sources caches each managed policy's source by ARN: its label is
	// built once, not once per holder.
	sources map[string]managedSrc
	// adminByLsig caches FullAdmin per labelled document set.
	adminByLsig map[int]policy.Decision
	// noPath is the reason of a principal with no path (the same for all).
	noPath string
	// texts, whys: each node's path and MAYBE explanation, rendered once.
	texts, whys map[int]string
	// afterWrites caches afterWrite per node.
	afterWrites map[int]policy.Decision
	// adminPols caches adminPolicies, writingPols writingPolicies.
	adminPols, writingPols []string
	// writers caches writersAllowing.
	writers map[string][]string
	// filler puts the partition and account into resource patterns.
	filler *strings.Replacer
}

// question is one action on some resource of an ARN pattern.
type question struct{ action, pattern string }

// cachedDecision is a cached answer; ok marks a filled slot.
type cachedDecision struct {
	d  policy.Decision
	ok bool
}

// managedSrc is managedSource's answer for one ARN.
type managedSrc struct {
	src policy.Source
	mp  *audit.ManagedPolicy
	gap string
}

// adminGraph builds the graph once per context.
func (ctx *Context) adminGraph() (*adminGraph, *azIndex) {
	ix, _ := newAZIndex(ctx, "administrators")
	if ix == nil {
		return nil, nil
	}
	if ctx.admins == nil {
		ctx.admins = buildAdminGraph(ctx, ix)
	}
	return ctx.admins, ix
}

func buildAdminGraph(ctx *Context, ix *azIndex) *adminGraph {
	s := ctx.Snapshot
	a := s.Authorization
	part := s.Account.Partition
	if part == "" {
		part = "aws"
	}
	g := &adminGraph{ix: ix, byARN: make(map[string]int, len(a.Users)+len(a.Roles)), groupAdmin: map[string]policy.Decision{},
		sigs: map[string]int{}, lsigs: map[string]int{}, docIDs: map[*policy.Document]int{},
		qids: map[question]int{}, sources: map[string]managedSrc{}, adminByLsig: map[int]policy.Decision{},
		filler: strings.NewReplacer("{p}", part, "{a}", s.Account.ID)}
	g.nodes = make([]adminNode, 0, len(a.Users)+len(a.Roles))
	g.internQuestions()
	switch o := s.Organization; {
	case o == nil:
		g.scp = "whether the account is in an AWS organization was not collected, so a service control policy may deny "
	case o.InOrganization && !o.IsManagementAccount(s.Account.ID):
		g.scp = "this is a member account of organization " + o.ID + ": the path holds unless a service control policy denies "
	}
	groups := map[string]*audit.Group{}
	for i := range a.Groups {
		groups[a.Groups[i].Name] = &a.Groups[i]
	}
	grpSrc := map[*audit.Group]*adminNode{}
	for i := range a.Users {
		u := &a.Users[i]
		n := g.add(adminNode{p: azPrincipal{Type: TypeUser, Kind: "user", ARN: u.ARN, Name: u.Name, Path: u.Path, Attached: u.AttachedPolicies, Inline: u.InlinePolicies}, user: u})
		n.req = policy.Request{PrincipalARN: u.ARN, UserName: u.Name, Now: ctx.Now}
		g.addSources(n, "user "+u.Name, u.AttachedPolicies, u.InlinePolicies)
		for _, gn := range u.Groups {
			gr, ok := groups[gn]
			if !ok {
				n.gaps = append(n.gaps, "group "+gn+" (a member of which it is) was not collected")
				continue
			}
			n.groups = append(n.groups, gr)
			// A group's sources, labels and gaps are built once for all
			// its members.
			gs := grpSrc[gr]
			if gs == nil {
				gs = &adminNode{}
				g.addSources(gs, "group "+gr.Name, gr.AttachedPolicies, gr.InlinePolicies)
				grpSrc[gr] = gs
			}
			n.set.Identity = append(n.set.Identity, gs.set.Identity...)
			n.gaps = append(n.gaps, gs.gaps...)
			n.attached = append(n.attached, gs.attached...)
		}
		g.addBoundary(n, u.PermissionsBoundary)
	}
	for i := range a.Roles {
		r := &a.Roles[i]
		n := g.add(adminNode{p: azPrincipal{Type: TypeRole, Kind: "role", ARN: r.ARN, Name: r.Name, Path: r.Path, Attached: r.AttachedPolicies, Inline: r.InlinePolicies}, role: r})
		n.req = policy.Request{PrincipalARN: r.ARN, Now: ctx.Now}
		g.addSources(n, "role "+r.Name, r.AttachedPolicies, r.InlinePolicies)
		g.addBoundary(n, r.PermissionsBoundary)
	}
	for i := range g.nodes {
		n := &g.nodes[i]
		if acct, ok := policy.AccountOf(n.p.ARN); ok {
			n.req.PrincipalAccount = acct
		}
		n.sig, n.lsig = g.signature(n)
		n.admin = g.fullAdmin(n)
		if len(n.gaps) > 0 && n.admin.Answer == policy.Yes {
			n.admin.Answer = policy.Maybe
		}
	}
	g.out = make([][]adminEdge, len(g.nodes))
	g.capped = make([]bool, len(g.nodes))
	g.link(newTakeoverFacts(ctx))
	g.search()
	return g
}

// add appends a node and returns it, to be filled in place (g.nodes has
// room for every principal, so the pointer stays valid).
func (g *adminGraph) add(n adminNode) *adminNode {
	g.byARN[n.p.ARN] = len(g.nodes)
	g.nodes = append(g.nodes, n)
	return &g.nodes[len(g.nodes)-1]
}

// managedSource is a managed policy's default version as a source, or the
// gap that keeps it from being one; cached by ARN.
func (g *adminGraph) managedSource(arn, name string) (policy.Source, *audit.ManagedPolicy, string) {
	if c, ok := g.sources[arn]; ok {
		if c.gap != "" && c.mp == nil {
			return policy.Source{}, nil, "managed policy " + name + " was not collected"
		}
		if c.gap != "" {
			return policy.Source{}, nil, c.gap
		}
		return c.src, c.mp, ""
	}
	var c managedSrc
	mp := g.ix.policies[arn]
	if mp == nil {
		c.gap = "not collected"
	} else if doc, ver, bad := g.ix.defaultDoc(mp, ""); bad != nil {
		c.mp, c.gap = mp, bad.Reason
	} else {
		c.src, c.mp = policy.Source{Label: "managed policy " + mp.Name + " (" + ver + ")", Doc: doc}, mp
	}
	g.sources[arn] = c
	return g.managedSource(arn, name)
}

func (g *adminGraph) addSources(n *adminNode, holder string, att []audit.AttachedPolicy, inl []audit.InlinePolicy) {
	for _, ap := range att {
		src, mp, gap := g.managedSource(ap.ARN, ap.Name)
		if gap != "" {
			n.gaps = append(n.gaps, gap)
			continue
		}
		n.set.Identity = append(n.set.Identity, src)
		if !mp.AWSManaged && !azIsAWSManagedARN(mp.ARN) {
			n.attached = append(n.attached, mp)
		}
	}
	for _, ip := range inl {
		d, err := g.ix.parse(ip.Document)
		if err != nil {
			n.gaps = append(n.gaps, "inline policy "+ip.Name+" of "+holder+" cannot be read: "+err.Error())
			continue
		}
		n.set.Identity = append(n.set.Identity, policy.Source{Label: "inline policy " + ip.Name + " of " + holder, Doc: d})
	}
}

func (g *adminGraph) addBoundary(n *adminNode, arn string) {
	if arn == "" {
		return
	}
	n.set.Bounded = true
	src, _, gap := g.managedSource(arn, arn)
	if gap != "" {
		n.gaps = append(n.gaps, "its permissions boundary: "+gap)
		return
	}
	src.Label = "permissions boundary " + strings.TrimPrefix(src.Label, "managed policy ")
	n.set.Boundary = append(n.set.Boundary, src)
}

// ask evaluates one action of node i on a resource ARN.
func (g *adminGraph) ask(i int, action, resource string) policy.Decision {
	r := g.nodes[i].req
	r.Action, r.Resource = action, resource
	// Not cached: keys per target resource would hold principals × targets
	// answers, more memory than they save time (see the benchmark).
	return g.nodes[i].set.Evaluate(r)
}

// qid interns a question ({p} the partition, {a} the account in its
// pattern); only while the graph is set up (see internQuestions).
func (g *adminGraph) qid(action, pattern string) int {
	k := question{action, pattern}
	if id, ok := g.qids[k]; ok {
		return id
	}
	id := len(g.qs)
	g.qids[k] = id
	g.qs = append(g.qs, question{action, g.fill(pattern)})
	return id
}

// internQuestions numbers every question askQ is asked.
func (g *adminGraph) internQuestions() {
	role, user, group, pol, fn := "arn:{p}:iam::{a}:role/*", "arn:{p}:iam::{a}:user/*", "arn:{p}:iam::{a}:group/*", "arn:{p}:iam::{a}:policy/*", "arn:{p}:lambda:*:{a}:function:*"
	q := &g.q
	q.assume, q.rewrite = g.qid("sts:AssumeRole", role), g.qid("iam:UpdateAssumeRolePolicy", role)
	q.createKey, q.createLogin, q.updateLogin = g.qid("iam:CreateAccessKey", user), g.qid("iam:CreateLoginProfile", user), g.qid("iam:UpdateLoginProfile", user)
	q.passRole, q.updateCode = g.qid("iam:PassRole", role), g.qid("lambda:UpdateFunctionCode", fn)
	q.attachRole, q.putRole = g.qid("iam:AttachRolePolicy", role), g.qid("iam:PutRolePolicy", role)
	q.attachUser, q.putUser = g.qid("iam:AttachUserPolicy", user), g.qid("iam:PutUserPolicy", user)
	q.attachGroup, q.putGroup, q.joinGroup = g.qid("iam:AttachGroupPolicy", group), g.qid("iam:PutGroupPolicy", group), g.qid("iam:AddUserToGroup", group)
	q.createVersion, q.setDefault = g.qid("iam:CreatePolicyVersion", pol), g.qid("iam:SetDefaultPolicyVersion", pol)
	q.createProfile = g.qid("iam:CreateInstanceProfile", "arn:{p}:iam::{a}:instance-profile/*")
	q.addToProfile = g.qid("iam:AddRoleToInstanceProfile", "arn:{p}:iam::{a}:instance-profile/*")
	q.kinds = make([][]int, len(passRoleKinds))
	for k, pk := range passRoleKinds {
		for a := range pk.actions {
			q.kinds[k] = append(q.kinds[k], g.qid(pk.actions[a], pk.resources[a]))
		}
	}
}

// askQ evaluates question q of node i: one action on some resource of a
// pattern. Principals holding the same documents (say, the members of the
// same groups with the same inline policy) get the same YES or NO, answered
// once and relabelled with their own policy names. MAYBE answers, whose
// reasons quote labels, and principals whose documents depend on who holds
// them (sig < 0) are evaluated each time.
func (g *adminGraph) askQ(i, q int) policy.Decision {
	n := &g.nodes[i]
	if n.sig >= 0 {
		if c := g.someCache[n.sig]; c != nil && c[q].ok {
			return c[q].d.Relabel(n.set)
		}
	}
	r := n.req
	r.Action, r.Some = g.qs[q].action, g.qs[q].pattern
	d := n.set.Evaluate(r)
	if n.sig >= 0 && d.Answer != policy.Maybe {
		if g.someCache[n.sig] == nil {
			g.someCache[n.sig] = make([]cachedDecision, len(g.qs))
		}
		g.someCache[n.sig][q] = cachedDecision{d, true}
	}
	return d
}

// can reports whether node i may do question q (YES or MAYBE), without
// relabelling.
func (g *adminGraph) can(i, q int) bool {
	n := &g.nodes[i]
	if n.sig >= 0 {
		if c := g.someCache[n.sig]; c != nil && c[q].ok {
			return c[q].d.Answer != policy.No
		}
	}
	if !g.mayAllow(i, q) {
		return false
	}
	return g.askQ(i, q).Answer != policy.No
}

// signature interns the documents in force for node n (sig, -1 when their
// meaning depends on who holds them) and the documents with their labels
// (lsig).
func (g *adminGraph) signature(n *adminNode) (sig, lsig int) {
	b := make([]byte, 0, 64)
	dep := false
	for _, l := range [][]policy.Source{n.set.Identity, n.set.Boundary} {
		for _, src := range l {
			id := g.docID(src.Doc)
			dep = dep || g.docs[id].dep
			b = strconv.AppendInt(b, int64(id), 36)
			b = append(b, ',')
		}
		b = append(b, '|')
	}
	if n.set.Bounded {
		b = append(b, 'B')
	}
	sig = -1
	if !dep {
		sig = intern(g.sigs, string(b))
	}
	for _, l := range [][]policy.Source{n.set.Identity, n.set.Boundary} {
		for _, src := range l {
			b = append(b, src.Label...)
			b = append(b, 0)
		}
	}
	return sig, intern(g.lsigs, string(b))
}

// docFacts are what the graph keeps per document: whether its meaning
// depends on who holds it, and per question whether some Allow statement
// names its action (0 not yet known, 1 yes, 2 no).
type docFacts struct {
	dep    bool
	allows []uint8
}

// docID numbers a document, noting its facts on first sight.
func (g *adminGraph) docID(d *policy.Document) int {
	id, ok := g.docIDs[d]
	if !ok {
		id = len(g.docIDs)
		g.docIDs[d] = id
		g.docs = append(g.docs, docFacts{dep: d.PrincipalDependent()})
	}
	return id
}

// mayAllow reports whether some Allow statement of node i's identity
// policies covers question q's action: without one the answer is NO,
// whatever the resource or the Denies.
func (g *adminGraph) mayAllow(i, q int) bool {
	for _, src := range g.nodes[i].set.Identity {
		f := &g.docs[g.docID(src.Doc)]
		if f.allows == nil {
			f.allows = make([]uint8, len(g.qs))
		}
		if f.allows[q] == 0 {
			f.allows[q] = 2
			for _, st := range src.Doc.Statements {
				if st.Effect == policy.Allow && st.Covers(g.qs[q].action) {
					f.allows[q] = 1
					break
				}
			}
		}
		if f.allows[q] == 1 {
			return true
		}
	}
	return false
}

func intern(m map[string]int, k string) int {
	id, ok := m[k]
	if !ok {
		id = len(m)
		m[k] = id
	}
	return id
}

// fullAdmin judges node n once per labelled document set: the decision,
// reasons included, is then the same word for word.
func (g *adminGraph) fullAdmin(n *adminNode) policy.Decision {
	if n.sig < 0 {
		return n.set.FullAdmin(n.req)
	}
	if d, ok := g.adminByLsig[n.lsig]; ok {
		return d
	}
	d := n.set.FullAdmin(n.req)
	g.adminByLsig[n.lsig] = d
	return d
}

func (g *adminGraph) fill(p string) string { return g.filler.Replace(p) }

// step combines the decisions a step needs into an edge (nil when one is NO).
func step(from, to int, kind, catalog string, actions []string, ds ...policy.Decision) *adminEdge {
	e := &adminEdge{from: from, to: to, kind: kind, catalog: catalog, answer: policy.Yes, actions: actions}
	for k, d := range ds {
		if d.Answer == policy.No {
			return nil
		}
		if d.Answer == policy.Maybe {
			e.answer = policy.Maybe
			e.question = joinNotes(e.question, strings.Join(d.Unsure, "; "))
		}
		e.mfa = e.mfa || d.NeedsMFA
		var gs []string
		for _, gr := range d.Grants {
			gs = append(gs, gr.String())
		}
		if len(gs) > 0 && k < len(actions) {
			e.via = append(e.via, actions[k]+" by "+strings.Join(gs, ", "))
		}
	}
	return e
}

// writeGuard is what a policy write by node actor onto node target still
// needs for target to be full admin: target's boundary must not limit the
// result (or actor may delete it) and no Deny of target's own may stay in
// force unless it leaves the result admin (mfa: in an MFA session). It
// returns the extra decision (or nil) and a question that makes the edge
// MAYBE ("" if none); ok is false when the write cannot make target admin.
func (g *adminGraph) writeGuard(actor, target int) (extra *policy.Decision, question string, mfa, ok bool) {
	n := &g.nodes[target]
	if n.set.Bounded {
		b := policy.Set{Identity: n.set.Boundary}.FullAdmin(n.req)
		if b.Answer != policy.Yes {
			act := "iam:DeleteUserPermissionsBoundary"
			if n.role != nil {
				act = "iam:DeleteRolePermissionsBoundary"
			}
			d := g.ask(actor, act, n.p.ARN)
			if d.Answer == policy.No {
				return nil, "", false, false
			}
			extra = &d
		}
	}
	for _, src := range n.set.Identity {
		for _, st := range src.Doc.Statements {
			if st.Effect != policy.Deny {
				continue
			}
			// The Denies stay: judge the policies as they would be after
			// the write. Denies that do not apply (a lapsed date, the
			// "deny unless MFA" shape in an MFA session) leave it admin.
			if after := g.afterWrite(target); after.Answer == policy.Yes {
				return extra, "", after.NeedsMFA, true
			}
			question = "the Deny statements of " + n.p.label() + " (" + src.Label + ") stay in force after the write: does what they leave count as admin?"
			return extra, question, false, true
		}
	}
	return extra, "", false, true
}

// afterWrite is FullAdmin of node t's identity policies with an admin
// policy written onto it (its boundary is judged by writeGuard), once per
// node.
func (g *adminGraph) afterWrite(t int) policy.Decision {
	if d, ok := g.afterWrites[t]; ok {
		return d
	}
	if g.afterWrites == nil {
		g.afterWrites = map[int]policy.Decision{}
	}
	n := &g.nodes[t]
	written, err := g.ix.parse(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	d := policy.Decision{Answer: policy.Maybe}
	if err == nil {
		ids := append(withoutAttachDenies(n.set.Identity), policy.Source{Label: "the written admin policy", Doc: written})
		d = policy.Set{Identity: ids}.FullAdmin(n.req)
	}
	g.afterWrites[t] = d
	return d
}

// writeThenBecome are the two-step paths where a principal writes an admin
// policy onto another principal and then acts as it (pathfinding.cloud
// iam-014/iam-017: onto a role it can assume; iam-019/iam-021: onto a role
// whose trust it rewrites; iam-015/iam-018: onto a user it takes over).
// become is the edge by which actor acts as target.
func (g *adminGraph) writeThenBecome(actor, target int, become adminEdge) []adminEdge {
	n := &g.nodes[target]
	extra, question, mfa, ok := g.writeGuard(actor, target)
	if !ok {
		return nil
	}
	type write struct{ action, catalog, resource, what string }
	var writes []write
	switch {
	case n.role != nil && become.catalog == "sts-001":
		writes = []write{{"iam:AttachRolePolicy", "iam-014", "", ""}, {"iam:PutRolePolicy", "iam-017", "", ""}}
		for _, mp := range n.attached {
			writes = append(writes, write{"iam:CreatePolicyVersion", "iam-016", mp.ARN, "its policy " + mp.Name})
		}
	case n.role != nil && become.catalog == "iam-012":
		writes = []write{{"iam:AttachRolePolicy", "iam-019", "", ""}, {"iam:PutRolePolicy", "iam-021", "", ""}}
		for _, mp := range n.attached {
			writes = append(writes, write{"iam:CreatePolicyVersion", "iam-020", mp.ARN, "its policy " + mp.Name})
		}
	case n.user != nil && (become.catalog == "iam-002" || become.catalog == "iam-003"):
		writes = []write{{"iam:AttachUserPolicy", "iam-015", "", ""}, {"iam:PutUserPolicy", "iam-018", "", ""}}
	case n.user != nil:
		// A console takeover after the write: the catalog has no entry.
		writes = []write{{"iam:AttachUserPolicy", "-", "", ""}, {"iam:PutUserPolicy", "-", "", ""}}
	}
	var out []adminEdge
	for _, w := range writes {
		res, onto := w.resource, n.p.label()
		if res == "" {
			res = n.p.ARN
		} else {
			onto += " (" + w.what + ")"
		}
		var ds []policy.Decision
		acts := []string{w.action}
		if strings.HasPrefix(w.action, "iam:Attach") {
			var what string
			ds, acts, what = g.attach(actor, target, w.action, res)
			if what != "" {
				onto += " (" + what + ")"
			}
		} else {
			ds = []policy.Decision{g.ask(actor, w.action, res)}
		}
		if ds[0].Answer == policy.No {
			continue
		}
		if extra != nil {
			ds = append(ds, *extra)
			acts = append(acts, "delete the permissions boundary of "+n.p.label())
		}
		e := step(actor, sinkAdmin, "write an admin policy onto "+onto+", then "+become.kind, w.catalog, acts, ds...)
		if e == nil {
			continue
		}
		e.via = append(e.via, become.via...)
		e.actions = append(e.actions, become.actions...)
		e.mfa = e.mfa || become.mfa || mfa
		if become.answer == policy.Maybe {
			e.answer = policy.Maybe
			e.question = joinNotes(e.question, become.question)
		}
		if question != "" {
			e.answer = policy.Maybe
			e.question = joinNotes(e.question, question)
		}
		out = append(out, *e)
	}
	return out
}

// selfEdges are the ways a principal makes itself admin in one step.
func (g *adminGraph) selfEdges(i int) []adminEdge {
	n := &g.nodes[i]
	extra, question, mfa, ok := g.writeGuard(i, i)
	if !ok {
		return nil
	}
	var out []adminEdge
	try := func(kind, catalog, action, resource string) {
		var ds []policy.Decision
		acts := []string{action}
		if strings.HasPrefix(action, "iam:Attach") {
			var what string
			ds, acts, what = g.attach(i, i, action, resource)
			if what != "" {
				kind += " (" + what + ")"
			}
		} else {
			ds = []policy.Decision{g.ask(i, action, resource)}
		}
		if extra != nil {
			ds = append(ds, *extra)
			acts = append(acts, "delete its permissions boundary")
		}
		e := step(i, sinkAdmin, kind, catalog, acts, ds...)
		if e == nil {
			return
		}
		e.mfa = e.mfa || mfa
		if question != "" {
			e.answer = policy.Maybe
			e.question = joinNotes(e.question, question)
		}
		out = append(out, *e)
	}
	if n.user != nil {
		try("put an inline admin policy on itself", "iam-007", "iam:PutUserPolicy", n.p.ARN)
		try("attach an admin managed policy to itself", "iam-008", "iam:AttachUserPolicy", n.p.ARN)
		for _, gr := range n.groups {
			try("put an inline admin policy on its group "+gr.Name, "iam-011", "iam:PutGroupPolicy", gr.ARN)
			try("attach an admin managed policy to its group "+gr.Name, "iam-010", "iam:AttachGroupPolicy", gr.ARN)
		}
		for gi := range g.ix.az.Groups {
			gr := &g.ix.az.Groups[gi]
			if member(n.groups, gr) {
				continue
			}
			ga := g.groupIsAdmin(gr, n)
			if ga.Answer == policy.No {
				continue
			}
			d := g.ask(i, "iam:AddUserToGroup", gr.ARN)
			if d.Answer == policy.No {
				continue
			}
			acts := []string{"iam:AddUserToGroup"}
			ds := []policy.Decision{d, ga}
			e := step(i, sinkAdmin, "add itself to admin group "+gr.Name, "iam-013", acts, ds...)
			if e != nil {
				e.mfa = e.mfa || mfa
				if question != "" {
					e.answer = policy.Maybe
					e.question = joinNotes(e.question, question)
				}
				out = append(out, *e)
			}
		}
	} else {
		try("put an inline admin policy on itself", "iam-005", "iam:PutRolePolicy", n.p.ARN)
		try("attach an admin managed policy to itself", "iam-009", "iam:AttachRolePolicy", n.p.ARN)
	}
	for _, mp := range n.attached {
		try("write a new default version of its policy "+mp.Name, "iam-001", "iam:CreatePolicyVersion", mp.ARN)
		if vs := g.ix.nonDefaultAdmin(mp, defaultID(mp)); len(vs) > 0 {
			try("make admin version "+strings.Join(vs, ", ")+" of its policy "+mp.Name+" the default", "-", "iam:SetDefaultPolicyVersion", mp.ARN)
		}
	}
	return out
}

func defaultID(mp *audit.ManagedPolicy) string {
	if v, err := mp.DefaultVersion(); err == nil {
		return v.VersionID
	}
	return mp.DefaultVersionID
}

func member(gs []*audit.Group, g *audit.Group) bool {
	for _, x := range gs {
		if x.ARN == g.ARN {
			return true
		}
	}
	return false
}

// groupIsAdmin judges whether joining the group makes user node n admin:
// the group's own policies are full admin (n's boundary and Denies are
// judged by writeGuard).
func (g *adminGraph) groupIsAdmin(gr *audit.Group, n *adminNode) policy.Decision {
	if d, ok := g.groupAdmin[gr.ARN]; ok {
		return d
	}
	var tmp adminNode
	g.addSources(&tmp, "group "+gr.Name, gr.AttachedPolicies, gr.InlinePolicies)
	d := tmp.set.FullAdmin(n.req)
	if len(tmp.gaps) > 0 && d.Answer != policy.Yes {
		d = policy.Decision{Answer: policy.Maybe, Unsure: tmp.gaps}
	}
	g.groupAdmin[gr.ARN] = d
	return d
}

// roleTrust is a role's parsed trust policy, indexed for edge search.
type roleTrust struct {
	node int
	doc  *policy.Document
	// names: principal ARNs named; account: trusts the account itself;
	// anyone: Principal "*"; services: service principals trusted.
	names    map[string]bool
	account  bool
	anyone   bool
	services map[string]bool
	// unreadable: why the trust policy cannot be judged.
	unreadable string
	// dep: its conditions use principal facts, so who it admits depends on
	// more than the caller's documents (see edgeMemo).
	dep bool
}

func (g *adminGraph) trustIndex() []roleTrust {
	acct := g.ix.ctx.Snapshot.Account.ID
	var out []roleTrust
	for i := range g.nodes {
		r := g.nodes[i].role
		if r == nil {
			continue
		}
		t := roleTrust{node: i, names: map[string]bool{}, services: map[string]bool{}}
		d, err := g.ix.parse(r.AssumeRolePolicy)
		if strings.TrimSpace(r.AssumeRolePolicy) == "" {
			t.unreadable = "its trust policy was not collected"
		} else if err != nil {
			t.unreadable = "its trust policy cannot be read: " + err.Error()
		}
		t.doc = d
		if d != nil {
			t.dep = d.PrincipalDependent()
			for _, st := range d.Statements {
				if st.Effect != policy.Allow || st.Principal == nil {
					continue
				}
				if st.Principal.AnyAWS() {
					t.anyone = true
				}
				for _, p := range st.Principal.AWS {
					if p == acct || p == "arn:"+partitionOf(g)+":iam::"+acct+":root" {
						t.account = true
					}
					t.names[p] = true
				}
				for _, s := range st.Principal.Service {
					t.services[strings.ToLower(s)] = true
				}
			}
		}
		out = append(out, t)
	}
	return out
}

func partitionOf(g *adminGraph) string {
	if p := g.ix.ctx.Snapshot.Account.Partition; p != "" {
		return p
	}
	return "aws"
}

// trustAdmits judges whether role trust t lets node i call sts:AssumeRole:
// named is the best statement naming it (or "*"), which needs no identity
// grant; viaAccount the best naming its account, which does.
func (g *adminGraph) trustAdmits(t roleTrust, i int) (named, viaAccount policy.Decision) {
	n := &g.nodes[i]
	acct := g.ix.ctx.Snapshot.Account.ID
	root := "arn:" + partitionOf(g) + ":iam::" + acct + ":root"
	role := g.nodes[t.node].p.Name
	r := n.req
	r.Action, r.Resource = "sts:AssumeRole", g.nodes[t.node].p.ARN
	var denyUnsure []string
	for k, st := range t.doc.Statements {
		if !st.Covers("sts:AssumeRole") {
			continue
		}
		if st.NotPrincipal != nil {
			if st.Effect == policy.Allow && named.Answer == policy.No {
				named = policy.Decision{Answer: policy.Maybe, Unsure: []string{fmt.Sprintf("trust policy of role %s Statement[%d] uses NotPrincipal", role, k)}}
			} else if st.Effect == policy.Deny {
				denyUnsure = append(denyUnsure, fmt.Sprintf("trust policy of role %s Statement[%d] (Deny with NotPrincipal) may deny it", role, k))
			}
			continue
		}
		if st.Principal == nil {
			continue
		}
		isNamed, isAccount := st.Principal.AnyAWS(), false
		for _, p := range st.Principal.AWS {
			switch p {
			case n.p.ARN:
				isNamed = true
			case acct, root:
				isAccount = true
			}
		}
		if !isNamed && !isAccount {
			continue
		}
		a, mfa, unsure := st.ConditionsFor(r, st.Effect == policy.Deny)
		if st.Effect == policy.Deny {
			if a == policy.Yes && !mfa {
				no := policy.Decision{Answer: policy.No, Denied: fmt.Sprintf("trust policy of role %s Statement[%d]", role, k)}
				return no, no
			}
			if a == policy.Maybe {
				denyUnsure = append(denyUnsure, fmt.Sprintf("trust policy of role %s Statement[%d] may deny it", role, k))
			}
			continue
		}
		if a == policy.No {
			continue
		}
		d := policy.Decision{Answer: a, NeedsMFA: mfa, Unsure: prefixAll(fmt.Sprintf("trust policy of role %s Statement[%d]: ", role, k), unsure),
			Grants: []policy.Grant{{Source: "trust policy of role " + role, Statement: k, Sid: st.Sid}}}
		if isNamed && better(d, named) {
			named = d
		} else if isAccount && better(d, viaAccount) {
			viaAccount = d
		}
	}
	for _, d := range []*policy.Decision{&named, &viaAccount} {
		if len(denyUnsure) > 0 && d.Answer == policy.Yes {
			d.Answer = policy.Maybe
			d.Unsure = append(d.Unsure, denyUnsure...)
		}
	}
	return named, viaAccount
}

func prefixAll(p string, l []string) []string {
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = p + s
	}
	return out
}

// better prefers YES over MAYBE, and without MFA over with.
func better(d, than policy.Decision) bool {
	if d.Answer != than.Answer {
		return d.Answer > than.Answer
	}
	return than.NeedsMFA && !d.NeedsMFA
}

// assumeEdges: role assumption (sts-001) and trust rewrites (iam-012) of
// role t.
func (g *adminGraph) assumeEdges(i int, gt gates, t *roleTrust) []adminEdge {
	n := &g.nodes[i]
	var out []adminEdge
	target := g.nodes[t.node].p
	if t.doc == nil && gt.assume {
		// Who the trust policy admits cannot be read: ask.
		if d := g.ask(i, "sts:AssumeRole", target.ARN); d.Answer != policy.No {
			e := step(i, t.node, "assume role "+target.Name, "sts-001", []string{"sts:AssumeRole"}, d)
			e.answer = policy.Maybe
			e.question = joinNotes(e.question, "does the trust policy of role "+target.Name+" admit it ("+t.unreadable+")?")
			out = append(out, *e)
		}
	}
	if t.doc != nil && (t.names[n.p.ARN] || t.anyone || (t.account && gt.assume)) {
		named, viaAccount := g.trustAdmits(*t, i)
		id := g.ask(i, "sts:AssumeRole", target.ARN)
		var best *adminEdge
		if id.Denied == "" {
			best = step(i, t.node, "assume role "+target.Name, "sts-001", []string{"its trust policy admits it"}, named)
		}
		if e := step(i, t.node, "assume role "+target.Name, "sts-001", []string{"its trust policy admits the account", "sts:AssumeRole"}, viaAccount, id); e != nil &&
			(best == nil || e.answer > best.answer) {
			best = e
		}
		if best != nil {
			out = append(out, *best)
		}
	}
	if gt.rewrite {
		d := g.ask(i, "iam:UpdateAssumeRolePolicy", target.ARN)
		if e := step(i, t.node, "rewrite the trust policy of role "+target.Name+" to admit itself, then assume it", "iam-012", []string{"iam:UpdateAssumeRolePolicy"}, d); e != nil {
			out = append(out, *e)
		}
	}
	return out
}

// gates are what a node may do on some resource of each kind: cheap tests
// that let edge search skip targets a node cannot touch at all. A NO on
// some resource of a pattern is a NO on each resource it matches, so a
// closed gate loses no edge.
type gates struct {
	assume, rewrite, createKey, createLogin, updateLogin, passRole, updateCode bool
	// writeRole, writeUser: may attach or put a policy on some role / user.
	writeRole, writeUser bool
	// writeGroup, joinGroup, writePolicy: may attach or put a policy on some
	// group, add a user to some group, write or pick a version of some
	// customer policy (with writeRole/writeUser: the self edges).
	writeGroup, joinGroup, writePolicy bool
	known                              bool
}

// gatesOf answers the gates once per document set.
func (g *adminGraph) gatesOf(i int) gates {
	sig := g.nodes[i].sig
	if sig >= 0 && g.classGates[sig].known {
		return g.classGates[sig]
	}
	q := &g.q
	some := func(id int) bool { return g.can(i, id) }
	gt := gates{
		assume: some(q.assume), rewrite: some(q.rewrite),
		createKey: some(q.createKey), createLogin: some(q.createLogin),
		updateLogin: some(q.updateLogin), passRole: some(q.passRole),
		updateCode:  some(q.updateCode),
		writeRole:   some(q.attachRole) || some(q.putRole),
		writeUser:   some(q.attachUser) || some(q.putUser),
		writeGroup:  some(q.attachGroup) || some(q.putGroup),
		joinGroup:   some(q.joinGroup),
		writePolicy: some(q.createVersion) || some(q.setDefault),
		known:       true,
	}
	if sig >= 0 {
		g.classGates[sig] = gt
	}
	return gt
}

// selfWrites reports whether a node with gates gt may have a self edge.
func (gt gates) selfWrites(user bool) bool {
	if user {
		return gt.writeUser || gt.writeGroup || gt.joinGroup || gt.writePolicy
	}
	return gt.writeRole || gt.writePolicy
}

// link computes the edges that matter: self edges of every node, then,
// backwards from the nodes that are or may be admin, the edges into nodes
// already known to reach admin (an edge into a node that cannot reach admin
// changes no answer). Each pair is judged at most once, so the cost is the
// number of nodes times the number that reach admin, not nodes squared.
func (g *adminGraph) link(f takeoverFacts) {
	n := len(g.nodes)
	g.someCache = make([][]cachedDecision, len(g.sigs))
	g.classGates = make([]gates, len(g.sigs))
	trust := make([]*roleTrust, n)
	ts := g.trustIndex()
	for k := range ts {
		trust[ts[k].node] = &ts[k]
	}
	gs := make([]gates, n)
	reach := make([]bool, n)
	var frontier []int
	for i := range g.nodes {
		nd := &g.nodes[i]
		if nd.admin.Answer == policy.Yes {
			reach[i] = true
			frontier = append(frontier, i)
			continue
		}
		gs[i] = g.gatesOf(i)
		if gs[i].selfWrites(nd.user != nil) {
			g.out[i] = append(g.out[i], g.selfEdges(i)...)
		}
		// A role is written onto by a policy write or a new version of one
		// of its policies (iam-016, iam-020); a user by a policy write.
		writesRoles := gs[i].writeRole || gs[i].writePolicy
		if writesRoles || gs[i].writeUser {
			for t := range g.nodes {
				if t == i || g.nodes[t].admin.Answer == policy.Yes ||
					(g.nodes[t].role != nil && !writesRoles) || (g.nodes[t].user != nil && !gs[i].writeUser) {
					continue
				}
				for _, b := range g.edgesTo(i, t, gs[i], trust[t], f) {
					if b.catalog == "sts-001" || b.catalog == "iam-012" || (g.nodes[t].user != nil && b.answer != policy.No) {
						g.out[i] = append(g.out[i], g.writeThenBecome(i, t, b)...)
					}
				}
			}
		}
		if nd.admin.Answer == policy.Maybe || len(nd.gaps) > 0 || len(g.out[i]) > 0 {
			reach[i] = true
			frontier = append(frontier, i)
		}
	}
	// A node with maxYesEdges YES edges straight to admin (a self edge, or
	// an edge into a node that is admin) has a one-step path, the shortest
	// there is: further edges would only be counted ("at least N other
	// paths"), and evaluating them all costs principals × admins in an
	// account where everyone may assume every admin role.
	direct := func(e adminEdge) bool {
		return e.answer == policy.Yes && (e.to == sinkAdmin || g.nodes[e.to].admin.Answer == policy.Yes)
	}
	// Only a node that can create a key or a login takes a user over, and
	// only a role with a readable trust policy can be assumed or passed
	// (see edgesTo): the search below asks nobody else. admin caches the
	// nodes' answers, read in the inner loop, out of their large structs.
	var takers []int
	admin := make([]bool, n)
	for i := range g.nodes {
		admin[i] = g.nodes[i].admin.Answer == policy.Yes
		if !admin[i] && (gs[i].createKey || gs[i].createLogin || gs[i].updateLogin) {
			takers = append(takers, i)
		}
	}
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	yes := make([]int, n)
	for i := range g.out {
		for _, e := range g.out[i] {
			if direct(e) {
				yes[i]++
			}
		}
	}
	memo := edgeMemo{stamp: make([]int32, len(g.lsigs)), edges: make([][]adminEdge, len(g.lsigs))}
	for len(frontier) > 0 {
		var next []int
		for _, t := range frontier {
			memo.gen++
			from := all
			switch {
			case g.nodes[t].user != nil:
				from = takers
			case trust[t] == nil:
				from = nil
			}
			for _, i := range from {
				if i == t || admin[i] || yes[i] >= maxYesEdges {
					continue
				}
				es := memo.edgesTo(g, i, t, gs[i], trust[t], f)
				if len(es) == 0 {
					continue
				}
				for _, e := range es {
					if direct(e) {
						yes[i]++
					}
				}
				if yes[i] >= maxYesEdges {
					g.capped[i] = true
				}
				g.out[i] = append(g.out[i], es...)
				if !reach[i] {
					reach[i] = true
					next = append(next, i)
				}
			}
		}
		frontier = next
	}
	for i := range g.nodes {
		if len(g.nodes[i].gaps) == 0 {
			continue
		}
		for k := range g.out[i] {
			if g.out[i][k].answer == policy.Yes {
				g.out[i][k].answer = policy.Maybe
			}
		}
	}
}

// edgeMemo answers edgesTo once per labelled document set (lsig) for the
// target being searched (gen): nodes holding the same documents under the
// same labels get the same edges word for word, but for their source. Not
// for nodes whose documents depend on who holds them, nor into a role
// whose trust policy names the node or judges principal facts.
type edgeMemo struct {
	gen   int32
	stamp []int32
	edges [][]adminEdge
}

func (m *edgeMemo) edgesTo(g *adminGraph, i, t int, gt gates, tr *roleTrust, f takeoverFacts) []adminEdge {
	n := &g.nodes[i]
	if n.sig < 0 || (tr != nil && tr.doc != nil && (tr.dep || tr.names[n.p.ARN])) {
		return g.edgesTo(i, t, gt, tr, f)
	}
	if m.stamp[n.lsig] != m.gen {
		es := g.edgesTo(i, t, gt, tr, f)
		for k := range es {
			es[k].text = &edgeText{}
		}
		m.stamp[n.lsig], m.edges[n.lsig] = m.gen, es
		return es
	}
	tpl := m.edges[n.lsig]
	if len(tpl) == 0 {
		return nil
	}
	out := make([]adminEdge, len(tpl))
	copy(out, tpl)
	for k := range out {
		out[k].from = i
	}
	return out
}

// edgesTo lists the edges from node i into node t.
func (g *adminGraph) edgesTo(i, t int, gt gates, tr *roleTrust, f takeoverFacts) []adminEdge {
	if g.nodes[t].user != nil {
		if !gt.createKey && !gt.createLogin && !gt.updateLogin {
			return nil
		}
		return g.takeoverEdges(i, t, gt, f)
	}
	if tr == nil {
		return nil
	}
	out := g.assumeEdges(i, gt, tr)
	if (gt.passRole || gt.updateCode) && tr.doc != nil {
		out = append(out, g.passRoleEdges(i, tr)...)
	}
	return out
}

// takeoverFacts are the credential facts of users, from the reconciled
// credential report; problem is set when they cannot be trusted.
type takeoverFacts struct {
	rows    map[string]*audit.CredentialRow
	problem string
}

func newTakeoverFacts(ctx *Context) takeoverFacts {
	v := ctx.credentials()
	f := takeoverFacts{rows: map[string]*audit.CredentialRow{}}
	switch {
	case v.report == nil:
		f.problem = "the credential report was not collected"
	case v.stale != "":
		f.problem = "the credential report cannot be trusted: " + v.stale
	}
	for _, e := range v.users {
		if e.row != nil && e.problem == "" {
			f.rows[e.arn] = e.row
		}
	}
	return f
}

// takeoverEdges: new access keys (iam-002/iam-003) and login profiles
// (iam-004/iam-006) for another user.
func (g *adminGraph) takeoverEdges(i, j int, gt gates, f takeoverFacts) []adminEdge {
	ck, cl, ul := gt.createKey, gt.createLogin, gt.updateLogin
	var out []adminEdge
	{
		u := g.nodes[j].user
		row, known := f.rows[u.ARN]
		unknownWhy := f.problem
		if !known && unknownWhy == "" {
			unknownWhy = "the credential report has no trustworthy row for user " + u.Name
		}
		add := func(e *adminEdge, blocked bool, question string) {
			if e == nil || blocked {
				return
			}
			if !known {
				e.answer = policy.Maybe
				e.question = joinNotes(e.question, unknownWhy+": "+question)
			}
			out = append(out, *e)
		}
		if ck {
			d := g.ask(i, "iam:CreateAccessKey", u.ARN)
			free := !known || !row.AccessKeys[0].LastRotated.Known() || !row.AccessKeys[1].LastRotated.Known()
			if free {
				add(step(i, j, "create an access key for user "+u.Name, "iam-002", []string{"iam:CreateAccessKey"}, d), false, "does it have a free access key slot?")
			} else {
				del := g.ask(i, "iam:DeleteAccessKey", u.ARN)
				add(step(i, j, "delete one of the two access keys of user "+u.Name+" and create a new one", "iam-003", []string{"iam:CreateAccessKey", "iam:DeleteAccessKey"}, d, del), false, "")
			}
		}
		mfa := known && row.MFAActive.True()
		hasPassword := known && row.PasswordEnabled.True()
		if cl && (!known || !hasPassword) {
			add(step(i, j, "create a console password for user "+u.Name, "iam-004", []string{"iam:CreateLoginProfile"}, g.ask(i, "iam:CreateLoginProfile", u.ARN)), mfa, "has it no console password and no MFA device?")
		}
		if ul && (!known || hasPassword) {
			add(step(i, j, "reset the console password of user "+u.Name, "iam-006", []string{"iam:UpdateLoginProfile"}, g.ask(i, "iam:UpdateLoginProfile", u.ARN)), mfa, "has it a console password and no MFA device?")
		}
	}
	return out
}

// passRoleKinds are PassRole paths to a role a service assumes, from the
// pathfinding.cloud catalog (its new-passrole kinds): those that create
// their own resource are judged; those that need a resource the evidence
// does not list (a cluster, an event source, an existing function) are
// MAYBE with the question to ask. The EC2 kinds' question (an instance
// profile) is settled by instanceProfile when the evidence lists them. A service named
// here has every catalog kind listed, so PassRole to it without the
// actions of any kind is no edge; PassRole to another service is asked
// (see passRoleEdges).
var passRoleKinds = []struct {
	catalog, service, what string
	actions, resources     []string
	question               string
}{
	{"lambda-001", "lambda.amazonaws.com", "create and invoke a Lambda function running as role %s",
		[]string{"lambda:CreateFunction", "lambda:InvokeFunction"}, []string{"arn:{p}:lambda:*:{a}:function:*", "arn:{p}:lambda:*:{a}:function:*"}, ""},
	{"lambda-006", "lambda.amazonaws.com", "create a Lambda function running as role %s and grant itself its invocation",
		[]string{"lambda:CreateFunction", "lambda:AddPermission"}, []string{"arn:{p}:lambda:*:{a}:function:*", "arn:{p}:lambda:*:{a}:function:*"}, ""},
	{"lambda-002", "lambda.amazonaws.com", "create a Lambda function running as role %s triggered by an event source mapping",
		[]string{"lambda:CreateFunction", "lambda:CreateEventSourceMapping"}, []string{"arn:{p}:lambda:*:{a}:function:*", "arn:{p}:lambda:*:{a}:event-source-mapping:*"},
		"is there an event source (SQS queue, Kinesis or DynamoDB stream) it can feed to a function running as role %s (event sources are not in the evidence)?"},
	{"-", "lambda.amazonaws.com", "switch an existing Lambda function to role %s",
		[]string{"lambda:UpdateFunctionConfiguration"}, []string{"arn:{p}:lambda:*:{a}:function:*"},
		"does a Lambda function exist that it can run or that runs on its own, to switch to role %s (functions are not in the evidence)?"},
	{"cloudformation-001", "cloudformation.amazonaws.com", "create a CloudFormation stack running as role %s",
		[]string{"cloudformation:CreateStack"}, []string{"arn:{p}:cloudformation:*:{a}:stack/*"}, ""},
	{"cloudformation-003", "cloudformation.amazonaws.com", "create a CloudFormation StackSet administered as role %s and deploy its instances",
		[]string{"cloudformation:CreateStackSet", "cloudformation:CreateStackInstances"}, []string{"arn:{p}:cloudformation:*:{a}:stackset/*", "arn:{p}:cloudformation:*:{a}:stackset/*"}, ""},
	{"ec2-001", "ec2.amazonaws.com", "launch an EC2 instance with role %s",
		[]string{"ec2:RunInstances"}, []string{"arn:{p}:ec2:*:{a}:instance/*"},
		"is role %s in an instance profile (instance profiles are not in the evidence)?"},
	{"ec2-003", "ec2.amazonaws.com", "request an EC2 Spot Instance with role %s",
		[]string{"ec2:RequestSpotInstances"}, []string{"arn:{p}:ec2:*:{a}:spot-instances-request/*"},
		"is role %s in an instance profile (instance profiles are not in the evidence)?"},
	{"ecs-001", "ecs-tasks.amazonaws.com", "create an ECS cluster and a service whose tasks run as role %s",
		[]string{"ecs:CreateCluster", "ecs:RegisterTaskDefinition", "ecs:CreateService"}, []string{"arn:{p}:ecs:*:{a}:cluster/*", "arn:{p}:ecs:*:{a}:task-definition/*", "arn:{p}:ecs:*:{a}:service/*"}, ""},
	{"ecs-002", "ecs-tasks.amazonaws.com", "create an ECS cluster and run a task as role %s",
		[]string{"ecs:CreateCluster", "ecs:RegisterTaskDefinition", "ecs:RunTask"}, []string{"arn:{p}:ecs:*:{a}:cluster/*", "arn:{p}:ecs:*:{a}:task-definition/*", "arn:{p}:ecs:*:{a}:task-definition/*"}, ""},
	{"ecs-003", "ecs-tasks.amazonaws.com", "create an ECS service whose tasks run as role %s",
		[]string{"ecs:RegisterTaskDefinition", "ecs:CreateService"}, []string{"arn:{p}:ecs:*:{a}:task-definition/*", "arn:{p}:ecs:*:{a}:service/*"},
		"is there an ECS cluster to run it in (clusters are not in the evidence)?"},
	{"ecs-004", "ecs-tasks.amazonaws.com", "run an ECS task as role %s",
		[]string{"ecs:RegisterTaskDefinition", "ecs:RunTask"}, []string{"arn:{p}:ecs:*:{a}:task-definition/*", "arn:{p}:ecs:*:{a}:task-definition/*"},
		"is there an ECS cluster to run it in (clusters are not in the evidence)?"},
	{"ecs-005", "ecs-tasks.amazonaws.com", "start an ECS task as role %s on existing container instances",
		[]string{"ecs:RegisterTaskDefinition", "ecs:StartTask"}, []string{"arn:{p}:ecs:*:{a}:task-definition/*", "arn:{p}:ecs:*:{a}:task-definition/*"},
		"is there an ECS cluster with container instances (they are not in the evidence)?"},
	{"glue-001", "glue.amazonaws.com", "create a Glue development endpoint running as role %s",
		[]string{"glue:CreateDevEndpoint"}, []string{"arn:{p}:glue:*:{a}:devEndpoint/*"}, ""},
	{"glue-003", "glue.amazonaws.com", "create and start a Glue job running as role %s",
		[]string{"glue:CreateJob", "glue:StartJobRun"}, []string{"arn:{p}:glue:*:{a}:job/*", "arn:{p}:glue:*:{a}:job/*"}, ""},
	{"glue-004", "glue.amazonaws.com", "create a Glue job running as role %s and a trigger that starts it",
		[]string{"glue:CreateJob", "glue:CreateTrigger"}, []string{"arn:{p}:glue:*:{a}:job/*", "arn:{p}:glue:*:{a}:trigger/*"}, ""},
	{"sagemaker-001", "sagemaker.amazonaws.com", "create a SageMaker notebook instance running as role %s",
		[]string{"sagemaker:CreateNotebookInstance"}, []string{"arn:{p}:sagemaker:*:{a}:notebook-instance/*"}, ""},
	{"sagemaker-002", "sagemaker.amazonaws.com", "create a SageMaker training job running as role %s",
		[]string{"sagemaker:CreateTrainingJob"}, []string{"arn:{p}:sagemaker:*:{a}:training-job/*"}, ""},
	{"sagemaker-003", "sagemaker.amazonaws.com", "create a SageMaker processing job running as role %s",
		[]string{"sagemaker:CreateProcessingJob"}, []string{"arn:{p}:sagemaker:*:{a}:processing-job/*"}, ""},
	{"codebuild-001", "codebuild.amazonaws.com", "create and build a CodeBuild project running as role %s",
		[]string{"codebuild:CreateProject", "codebuild:StartBuild"}, []string{"arn:{p}:codebuild:*:{a}:project/*", "arn:{p}:codebuild:*:{a}:project/*"}, ""},
	{"codebuild-004", "codebuild.amazonaws.com", "create a CodeBuild project running as role %s and start a batch build",
		[]string{"codebuild:CreateProject", "codebuild:StartBuildBatch"}, []string{"arn:{p}:codebuild:*:{a}:project/*", "arn:{p}:codebuild:*:{a}:project/*"}, ""},
	{"apprunner-001", "tasks.apprunner.amazonaws.com", "create an App Runner service running as role %s",
		[]string{"apprunner:CreateService"}, []string{"arn:{p}:apprunner:*:{a}:service/*"}, ""},
	{"bedrock-001", "bedrock-agentcore.amazonaws.com", "create and invoke a Bedrock AgentCore code interpreter running as role %s",
		[]string{"bedrock-agentcore:CreateCodeInterpreter", "bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"},
		[]string{"arn:{p}:bedrock-agentcore:*:{a}:*", "arn:{p}:bedrock-agentcore:*:{a}:*", "arn:{p}:bedrock-agentcore:*:{a}:*"}, ""},
	{"datapipeline-001", "datapipeline.amazonaws.com", "create and activate a Data Pipeline running as role %s",
		[]string{"datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition", "datapipeline:ActivatePipeline"},
		[]string{"arn:{p}:datapipeline:*:{a}:pipeline/*", "arn:{p}:datapipeline:*:{a}:pipeline/*", "arn:{p}:datapipeline:*:{a}:pipeline/*"},
		"which role do its EC2 resources run as (the resource role needs an instance profile, which is not in the evidence)?"},
}

// instanceProfile settles the EC2 kinds' question (is role r in an instance
// profile?) from the evidence. In one: the launch is judged as it stands,
// naming the profile. In none: the principal must also create a profile and
// add the role to it; without CreateInstanceProfile it may still fill a
// profile that holds no role, which the evidence cannot list (asked);
// without AddRoleToInstanceProfile there is no edge (ok false). Not
// collected: the question stays.
func (g *adminGraph) instanceProfile(i int, r *audit.Role, what, question string, acts *[]string, ds *[]policy.Decision) (string, string, bool) {
	if r.InstanceProfiles == nil {
		return what, question, true
	}
	if ps := *r.InstanceProfiles; len(ps) > 0 {
		names := make([]string, len(ps))
		for k, p := range ps {
			names[k] = p.Name
		}
		return what + " (instance profile " + strings.Join(names, ", ") + ")", "", true
	}
	add := g.askQ(i, g.q.addToProfile)
	if add.Answer == policy.No {
		return "", "", false
	}
	if create := g.askQ(i, g.q.createProfile); create.Answer != policy.No {
		*acts = append(*acts, "iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile")
		*ds = append(*ds, create, add)
		return "create an instance profile holding role " + r.Name + ", then " + what, "", true
	}
	*acts = append(*acts, "iam:AddRoleToInstanceProfile")
	*ds = append(*ds, add)
	return "add role " + r.Name + " to an instance profile, then " + what,
		"role %s is in no instance profile and it may not create one: is there an instance profile holding no role it can add it to (profiles without a role are not in the evidence)?", true
}

// passRoleServices are the services passRoleKinds covers.
var passRoleServices = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range passRoleKinds {
		m[k.service] = true
	}
	return m
}()

// passRoleEdges: PassRole to a service whose role is the target, and
// updating the code of an existing function (lambda-003, MAYBE).
func (g *adminGraph) passRoleEdges(i int, t *roleTrust) []adminEdge {
	var out []adminEdge
	target := g.nodes[t.node].p
	// PassRole is asked once per service: the kinds of one service share it.
	passed := map[string]policy.Decision{}
	pass := func(svc string) policy.Decision {
		if d, ok := passed[svc]; ok {
			return d
		}
		r := g.nodes[i].req
		r.Action, r.Resource, r.PassedToService = "iam:PassRole", target.ARN, svc
		d := g.nodes[i].set.Evaluate(r)
		passed[svc] = d
		return d
	}
	for ki, k := range passRoleKinds {
		if !t.services[k.service] {
			continue
		}
		ds := []policy.Decision{pass(k.service)}
		if ds[0].Answer == policy.No {
			continue
		}
		acts := []string{"iam:PassRole"}
		for a := range k.actions {
			ds = append(ds, g.askQ(i, g.q.kinds[ki][a]))
			acts = append(acts, k.actions[a])
		}
		what, question := fmt.Sprintf(k.what, target.Name), k.question
		if k.service == "ec2.amazonaws.com" {
			var ok bool
			if what, question, ok = g.instanceProfile(i, g.nodes[t.node].role, what, question, &acts, &ds); !ok {
				continue
			}
		}
		e := step(i, t.node, what, k.catalog, acts, ds...)
		if e == nil {
			continue
		}
		if question != "" {
			e.answer = policy.Maybe
			e.question = joinNotes(e.question, fmt.Sprintf(question, target.Name))
		}
		out = append(out, *e)
	}
	// PassRole to a service no kind covers: more paths exist than the
	// catalog lists (Step Functions, EventBridge, Batch...), so it is asked,
	// never passed.
	services := make([]string, 0, len(t.services))
	for svc := range t.services {
		if !passRoleServices[svc] {
			services = append(services, svc)
		}
	}
	sort.Strings(services)
	for _, svc := range services {
		if e := step(i, t.node, "pass role "+target.Name+" to "+svc, "-", []string{"iam:PassRole"}, pass(svc)); e != nil {
			e.answer = policy.Maybe
			e.question = joinNotes(e.question, "can it create or change a "+svc+" resource that runs as role "+target.Name+
				"? (no pathfinding.cloud path kind covers this service)")
			out = append(out, *e)
		}
	}
	if t.services["lambda.amazonaws.com"] {
		d := g.askQ(i, g.q.updateCode)
		if e := step(i, t.node, "replace the code of an existing Lambda function that runs as role "+target.Name, "lambda-003", []string{"lambda:UpdateFunctionCode"}, d); e != nil {
			e.answer = policy.Maybe
			e.question = joinNotes(e.question, "does an existing Lambda function run as role "+target.Name+" (functions are not in the evidence)?")
			out = append(out, *e)
		}
	}
	return out
}

// search finds, backwards from the admins, the shortest YES path of every
// node and which nodes reach admin if MAYBE edges and possibly-admin nodes
// count.
func (g *adminGraph) search() {
	n := len(g.nodes)
	g.dist = make([]int, n)
	g.next = make([]*adminEdge, n)
	g.maybe = make([]bool, n)
	in := make([][]*adminEdge, n)
	for i := range g.out {
		for k := range g.out[i] {
			e := &g.out[i][k]
			if e.to >= 0 {
				in[e.to] = append(in[e.to], e)
			}
		}
	}
	var queue []int
	for i := range g.nodes {
		g.dist[i] = -1
		if g.nodes[i].admin.Answer == policy.Yes {
			g.dist[i] = 0
			queue = append(queue, i)
		}
	}
	for i := range g.nodes {
		if g.dist[i] >= 0 {
			continue
		}
		for k := range g.out[i] {
			if e := &g.out[i][k]; e.to == sinkAdmin && e.answer == policy.Yes {
				g.dist[i], g.next[i] = 1, e
				queue = append(queue, i)
				break
			}
		}
	}
	// The queue holds every distance-0 node before any distance-1 node,
	// so a plain FIFO gives shortest paths.
	spread(queue, in, func(t int, e *adminEdge) bool {
		if e.answer != policy.Yes || g.dist[e.from] >= 0 {
			return false
		}
		g.dist[e.from], g.next[e.from] = g.dist[t]+1, e
		return true
	})
	queue = nil
	for i := range g.nodes {
		nd := &g.nodes[i]
		if g.dist[i] >= 0 || nd.admin.Answer != policy.No || len(nd.gaps) > 0 {
			g.maybe[i] = true
			queue = append(queue, i)
			continue
		}
		for _, e := range g.out[i] {
			if e.to == sinkAdmin {
				g.maybe[i] = true
				queue = append(queue, i)
				break
			}
		}
	}
	spread(queue, in, func(_ int, e *adminEdge) bool {
		if g.maybe[e.from] {
			return false
		}
		g.maybe[e.from] = true
		return true
	})
}

// spread walks edges backwards from queue, breadth first: visit decides
// whether an edge's source is newly reached (and records it).
func spread(queue []int, in [][]*adminEdge, visit func(t int, e *adminEdge) bool) {
	for len(queue) > 0 {
		t := queue[0]
		queue = queue[1:]
		for _, e := range in[t] {
			if visit(t, e) {
				queue = append(queue, e.from)
			}
		}
	}
}

// path is node i's shortest YES path, hop by hop.
func (g *adminGraph) path(i int) []*adminEdge {
	var out []*adminEdge
	for e := g.next[i]; e != nil; {
		out = append(out, e)
		if e.to == sinkAdmin || g.dist[e.to] == 0 {
			break
		}
		e = g.next[e.to]
	}
	return out
}

// otherPaths counts node i's other YES first steps that lead to admin.
func (g *adminGraph) otherPaths(i int) int {
	c := 0
	for k := range g.out[i] {
		e := &g.out[i][k]
		if e == g.next[i] || e.answer != policy.Yes {
			continue
		}
		if e.to == sinkAdmin || g.dist[e.to] >= 0 {
			c++
		}
	}
	return c
}

// describe renders a hop for a reason.
func (g *adminGraph) describe(e *adminEdge) string {
	return g.nodes[e.from].p.label() + " can " + g.tail(e)
}

// tail renders an edge after its source.
func (g *adminGraph) tail(e *adminEdge) string {
	t := e.text
	if t != nil && t.tailOK && t.answer == e.answer {
		return t.tail
	}
	s := e.kind
	if e.catalog != "-" {
		s += " [pathfinding.cloud " + e.catalog + "]"
	}
	if len(e.via) > 0 {
		s += ", allowed: " + strings.Join(e.via, "; ")
	}
	if e.mfa {
		s += " (needs an MFA session)"
	}
	if e.answer == policy.Maybe && e.question != "" {
		s += " — unsettled: " + e.question
	}
	if t != nil && !t.tailOK && !t.tplOK {
		t.answer, t.tail, t.tailOK = e.answer, s, true
	}
	return s
}

// template renders an edge into a MAYBE target after its source, with the
// target's name as \x00 (see renderMaybe).
func (g *adminGraph) template(e *adminEdge) string {
	t := e.text
	if t != nil && t.tplOK && t.answer == e.answer {
		return t.tpl
	}
	s := g.tail(e)
	if e.to >= 0 {
		if g.dist[e.to] < 0 {
			s += "; and " + g.nodes[e.to].p.label() + " may reach admin itself"
		}
		s = replaceName(s, g.nodes[e.to].p.Kind+" ", g.nodes[e.to].p.Name, "\x00")
	}
	if t != nil && t.tailOK && t.answer == e.answer {
		t.tpl, t.tplOK = s, true
	}
	return s
}

// adminWhy renders why node i is admin.
func (g *adminGraph) adminWhy(i int) string {
	d := g.nodes[i].admin
	var gs []string
	for _, gr := range d.Grants {
		gs = append(gs, gr.String())
	}
	s := "allows every action on every resource by " + strings.Join(gs, ", ")
	if d.NeedsMFA {
		s += " (in an MFA session)"
	}
	return s
}

// replaceName replaces kind+name in s by kind+with where name is a whole
// IAM name (not the start of a longer one).
func replaceName(s, kind, name, with string) string {
	needle := kind + name
	var b strings.Builder
	for {
		k := strings.Index(s, needle)
		if k < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := k + len(needle)
		if end < len(s) && isNameByte(s[end]) {
			b.WriteString(s[:end])
			s = s[end:]
			continue
		}
		b.WriteString(s[:k] + kind + with)
		s = s[end:]
	}
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("+=,.@_-", c) >= 0
}

// scpCaveat is the SCP note for a path's actions ("" when SCPs do not apply).
func (g *adminGraph) scpCaveat(hops []*adminEdge) string {
	if g.scp == "" {
		return ""
	}
	seen := map[string]bool{}
	var acts []string
	for _, e := range hops {
		for _, a := range e.actions {
			if strings.Contains(a, ":") && !seen[a] {
				seen[a] = true
				acts = append(acts, a)
			}
		}
	}
	if len(acts) == 0 {
		acts = []string{"the actions it grants"}
	}
	sort.Strings(acts)
	return g.scp + strings.Join(acts, ", ")
}

// maybeWhy explains an UNKNOWN: the MAYBE edges or unknown nodes on the
// way (rendered once per node).
func (g *adminGraph) maybeWhy(i int) string {
	return rendered(&g.whys, i, g.renderMaybe)
}

// rendered returns node i's text from memo, rendering it on first use.
func rendered(memo *map[int]string, i int, render func(int) string) string {
	if *memo == nil {
		*memo = map[int]string{}
	}
	if s, ok := (*memo)[i]; ok {
		return s
	}
	s := render(i)
	(*memo)[i] = s
	return s
}

func (g *adminGraph) renderMaybe(i int) string {
	nd := &g.nodes[i]
	var parts []string
	if len(nd.gaps) > 0 {
		parts = append(parts, "not everything in force for it was seen: "+strings.Join(nd.gaps, "; "))
	}
	if nd.admin.Answer == policy.Maybe {
		parts = append(parts, "it may allow everything: "+strings.Join(nd.admin.Unsure, "; "))
	}
	// Edges that differ only in their target (the same question about
	// several roles) are one part naming every target: one question per
	// kind, not one per role.
	type group struct {
		tpl   string
		names []string
	}
	var groups []*group
	byTpl := map[string]*group{}
	for k := range g.out[i] {
		e := &g.out[i][k]
		if e.to != sinkAdmin && !g.maybe[e.to] {
			continue
		}
		s := g.nodes[e.from].p.label() + " can " + g.template(e)
		name := ""
		if e.to >= 0 {
			name = g.nodes[e.to].p.Name
		}
		if gr := byTpl[s]; gr != nil && name != "" {
			gr.names = append(gr.names, name)
			continue
		}
		if len(parts)+len(groups) >= 3 {
			continue
		}
		gr := &group{tpl: s, names: []string{name}}
		byTpl[s] = gr
		groups = append(groups, gr)
	}
	for _, gr := range groups {
		names := gr.names[0]
		if n := len(gr.names); n > 1 {
			names = strings.Join(gr.names[:n-1], ", ") + " or " + gr.names[n-1]
		}
		parts = append(parts, strings.ReplaceAll(gr.tpl, "\x00", names))
	}
	return strings.Join(parts, " | ")
}
