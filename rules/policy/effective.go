package policy

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// This file evaluates a principal's combined policies for one request, the
// way IAM's evaluation logic does for a request inside one account: an
// explicit Deny in any policy wins, otherwise some Allow must grant it, and a
// permissions boundary (when the principal has one) must allow it too
// (IAM User Guide, "Policy evaluation logic"). SCPs, session policies and
// resource-based policies are not evaluated here; callers state what that
// leaves open.
//
// Answers are three-state. Conditions are classified by who controls the
// key (see conditionClass): facts about the principal known to the caller
// are evaluated; keys the caller chooses in its own request are satisfiable;
// MFA keys are satisfiable by signing in with MFA, and the answer says so;
// any other key (network, call path, tags not in the evidence, ...) makes
// the answer Maybe, naming the key.

// Answer is a three-state verdict.
type Answer uint8

// The three answers, ordered so that max is "the most permissive".
const (
	No Answer = iota
	Maybe
	Yes
)

func (a Answer) String() string {
	switch a {
	case Yes:
		return "YES"
	case Maybe:
		return "MAYBE"
	}
	return "NO"
}

// Source is one policy document in force for a principal, with a label for
// reasons ("inline policy dev of user alice", "managed policy Admin v3").
type Source struct {
	Label string
	Doc   *Document
}

// Set is a principal's policies: identity policies, and its permissions
// boundary when Bounded (an empty Boundary with Bounded allows nothing).
type Set struct {
	Identity []Source
	Boundary []Source
	Bounded  bool
}

// Request is one request to judge. Resource is a concrete ARN; with All the
// request stands for the action on every resource (the full-admin probe);
// with Some (an ARN pattern, '*' any run) it is the action on any one
// resource the caller may choose (creating a new function or instance).
type Request struct {
	Action   string
	Resource string
	All      bool
	Some     string
	// Principal facts, evaluated where a condition or policy variable uses them.
	PrincipalARN     string
	PrincipalAccount string
	// UserName is aws:username; empty for roles (IAM leaves it unset).
	UserName string
	// PassedToService is iam:PassedToService for an iam:PassRole request.
	PassedToService string
	// PolicyARN is iam:PolicyARN, the managed policy an Attach*Policy (or
	// Detach*, Put*PermissionsBoundary) request names; empty when not known.
	PolicyARN string
	// Now is the time the answer is for (the collection time): date
	// conditions on aws:CurrentTime and aws:TokenIssueTime are judged at it.
	Now time.Time
}

// Grant is one statement that allows (or denies) a request.
type Grant struct {
	Source    string
	Statement int
	Sid       string
	// Src is the index of the source in its list (Set.Identity, or
	// Set.Boundary when Boundary), so a cached decision can be relabelled
	// for another principal holding the same documents.
	Src      int
	Boundary bool
}

func (g Grant) String() string {
	s := fmt.Sprintf("%s Statement[%d]", g.Source, g.Statement)
	if g.Sid != "" {
		s += " (Sid " + g.Sid + ")"
	}
	return s
}

// Decision is the verdict on a request with its evidence.
type Decision struct {
	Answer Answer
	// NeedsMFA: the request is allowed only in a session signed in with MFA.
	NeedsMFA bool
	// Grants are the Allow statements that grant it (Yes or Maybe).
	Grants []Grant
	// Unsure names what keeps a Maybe from being Yes or No.
	Unsure []string
	// Denied names the Deny statement that refuses it (Answer No).
	Denied string
	// DeniedBy is that statement, when Denied names one.
	DeniedBy *Grant
}

// Relabel returns the decision with its statements named after the
// sources of set, which must hold the same documents in the same order as
// the set the decision was made for (see Document.PrincipalDependent).
func (d Decision) Relabel(set Set) Decision {
	label := func(g Grant) Grant {
		l := set.Identity
		if g.Boundary {
			l = set.Boundary
		}
		if g.Src >= 0 && g.Src < len(l) {
			g.Source = l[g.Src].Label
		}
		return g
	}
	if len(d.Grants) > 0 {
		gs := make([]Grant, len(d.Grants))
		for i, g := range d.Grants {
			gs[i] = label(g)
		}
		d.Grants = gs
	}
	if d.DeniedBy != nil {
		g := label(*d.DeniedBy)
		d.DeniedBy, d.Denied = &g, g.String()
	}
	return d
}

// PrincipalDependent reports whether the document's meaning depends on who
// holds it: a policy variable in a 2012-10-17 resource, or a condition on a
// principal fact. Decisions over documents that are not can be shared by
// every principal holding the same documents.
func (d *Document) PrincipalDependent() bool {
	for _, st := range d.Statements {
		if d.Version == "2012-10-17" {
			for _, l := range [][]string{st.Resource, st.NotResource} {
				for _, r := range l {
					if strings.Contains(r, "${") {
						return true
					}
				}
			}
		}
		for _, keys := range st.Condition {
			for k := range keys {
				if conditionClass(k) == classPrincipal {
					return true
				}
			}
		}
	}
	return false
}

// ConditionValues lists the values the document's statements compare
// condition key key with (any operator, any effect), in no set order.
func (d *Document) ConditionValues(key string) []string {
	var out []string
	for _, st := range d.Statements {
		for _, keys := range st.Condition {
			for k, vals := range keys {
				if strings.EqualFold(k, key) {
					out = append(out, vals...)
				}
			}
		}
	}
	return out
}

// UsesConditionKey reports whether some statement of the document has a
// condition on key.
func (d *Document) UsesConditionKey(key string) bool {
	for _, st := range d.Statements {
		for _, keys := range st.Condition {
			for k := range keys {
				if strings.EqualFold(k, key) {
					return true
				}
			}
		}
	}
	return false
}

// Evaluate judges a request against the set.
func (s Set) Evaluate(r Request) Decision {
	d := evalSources(s.Identity, r, true, false)
	if d.Answer == No || !s.Bounded {
		return d
	}
	b := evalSources(s.Boundary, r, false, true)
	switch {
	case b.Answer == No:
		d.Answer = No
		d.Denied, d.DeniedBy = b.Denied, b.DeniedBy
		if d.Denied == "" {
			d.Denied = "the permissions boundary does not allow it"
		}
		d.Grants = nil
	case b.Answer == Maybe:
		d.Answer = Maybe
		d.Unsure = append(d.Unsure, prefix("permissions boundary: ", b.Unsure)...)
	}
	d.NeedsMFA = d.NeedsMFA || b.NeedsMFA
	return d
}

func prefix(p string, l []string) []string {
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = p + s
	}
	return out
}

// evalSources evaluates one policy type (identity or boundary).
func evalSources(srcs []Source, r Request, wantGrants, boundary bool) Decision {
	var d Decision
	allowYes, allowYesMFA, allowMaybe := false, false, false
	denyMaybe, denyMFA := false, false
	var yesGrants, mfaGrants, maybeGrants []Grant
	var unsure []string
	for k, src := range srcs {
		for i, st := range src.Doc.Statements {
			if !st.Covers(r.Action) {
				continue
			}
			g := Grant{Source: src.Label, Statement: i, Sid: st.Sid, Src: k, Boundary: boundary}
			if st.Effect == Deny {
				res := st.resourceApplies(r, src.Doc, true)
				if res == No {
					continue
				}
				c := st.conditionsHold(r, true)
				a := minAnswer(res, c.answer)
				switch {
				case a == Yes && !c.mfa:
					d.Answer, d.Denied, d.DeniedBy = No, g.String(), &g
					return d
				case a == Yes && c.mfa:
					// Denied without MFA, avoided with it.
					denyMFA = true
				case a == Maybe:
					denyMaybe = true
					unsure = append(unsure, g.String()+" may deny it"+why(c.unsure))
				}
				continue
			}
			res := st.resourceApplies(r, src.Doc, false)
			if res == No {
				continue
			}
			c := st.conditionsHold(r, false)
			a := minAnswer(res, c.answer)
			switch {
			case a == Yes && !c.mfa:
				allowYes = true
				yesGrants = append(yesGrants, g)
			case a == Yes:
				allowYesMFA = true
				mfaGrants = append(mfaGrants, g)
			case a == Maybe:
				allowMaybe = true
				maybeGrants = append(maybeGrants, g)
				if res == Maybe {
					unsure = append(unsure, g.String()+": its resource uses a policy variable whose value is not in the evidence")
				}
				unsure = append(unsure, prefix(g.String()+": ", c.unsure)...)
			}
		}
	}
	switch {
	case allowYes:
		d.Answer, d.Grants = Yes, yesGrants
	case allowYesMFA:
		d.Answer, d.Grants, d.NeedsMFA = Yes, mfaGrants, true
	case allowMaybe:
		d.Answer, d.Grants = Maybe, maybeGrants
	default:
		d.Answer = No
		return d
	}
	if denyMFA {
		d.NeedsMFA = true
	}
	if d.Answer == Yes && denyMaybe {
		d.Answer = Maybe
	}
	if d.Answer == Maybe {
		d.Unsure = unsure
	}
	if !wantGrants {
		d.Grants = nil
	}
	return d
}

func why(l []string) string {
	if len(l) == 0 {
		return ""
	}
	return " (" + strings.Join(l, "; ") + ")"
}

func minAnswer(a, b Answer) Answer {
	if a < b {
		return a
	}
	return b
}

// resourceApplies reports whether the statement's resource element reaches
// the request's resource. For a Deny (deny true) under All, any resource the
// statement touches is enough: the principal then lacks some action on some
// resource. Under Some, an Allow must reach some resource of the pattern and
// a Deny must cover all of it to rule it out (otherwise Maybe).
func (s Statement) resourceApplies(r Request, d *Document, deny bool) Answer {
	if r.All {
		if deny {
			return Yes
		}
		if s.HasNotResource {
			return No
		}
		for _, p := range s.Resource {
			if coversAllResources(p) {
				return Yes
			}
		}
		return No
	}
	if r.Some != "" {
		q := patternTarget(r.Some)
		if s.HasNotResource {
			for _, p := range s.NotResource {
				if covers(p, q, true) {
					return No
				}
			}
			if deny {
				return Maybe
			}
			return Yes
		}
		for _, p := range s.Resource {
			p, ok := r.substitute(p, d)
			if !ok {
				return Maybe
			}
			if deny && covers(p, q, true) {
				return Yes
			}
			if !deny && overlaps(p, q) {
				return Yes
			}
			if deny && overlaps(p, q) {
				return Maybe
			}
		}
		return No
	}
	q := lazyTarget{arn: r.Resource}
	if s.HasNotResource {
		unsure := false
		for _, p := range s.NotResource {
			p, ok := r.substitute(p, d)
			if !ok {
				unsure = true
				continue
			}
			if q.coveredBy(p) {
				return No
			}
		}
		if unsure {
			return Maybe
		}
		return Yes
	}
	out := No
	for _, p := range s.Resource {
		p, ok := r.substitute(p, d)
		if !ok {
			out = Maybe
			continue
		}
		if q.coveredBy(p) {
			return Yes
		}
	}
	return out
}

// lazyTarget is a concrete ARN, matched without allocating for the common
// patterns (literal, "*", a literal prefix and one final '*'); anything else
// goes through covers.
type lazyTarget struct {
	arn string
	q   []tok
}

func (t *lazyTarget) coveredBy(p string) bool {
	switch i := strings.IndexAny(p, "*?"); {
	case i < 0:
		return p == t.arn
	case i == len(p)-1 && p[i] == '*':
		// A final '*' ends its segment, so it may cross ':'.
		return strings.HasPrefix(t.arn, p[:i])
	}
	if t.q == nil {
		t.q = target(t.arn)
	}
	return covers(p, t.q, true)
}

// patternTarget turns an ARN pattern into a target: a '*' that ends it is
// any run, any other '*' stays inside its ARN segment (a region, an account).
func patternTarget(p string) []tok {
	var parts []any
	for {
		i := strings.IndexByte(p, '*')
		if i < 0 {
			parts = append(parts, p)
			return target(parts...)
		}
		run := segmentRun
		if i == len(p)-1 {
			run = anyRun
		}
		parts = append(parts, p[:i], run)
		p = p[i+1:]
	}
}

// substitute fills the policy variables of a 2012-10-17 document with the
// request's principal facts; ok is false when a variable's value is not
// known. 2008-10-17 documents read "${...}" literally, as IAM does.
func (r Request) substitute(p string, d *Document) (string, bool) {
	if d.Version != "2012-10-17" || !strings.Contains(p, "${") {
		return p, true
	}
	var b strings.Builder
	for {
		i := strings.Index(p, "${")
		if i < 0 {
			b.WriteString(p)
			return b.String(), true
		}
		j := strings.IndexByte(p[i:], '}')
		if j < 0 {
			b.WriteString(p)
			return b.String(), true
		}
		b.WriteString(p[:i])
		name := p[i+2 : i+j]
		switch strings.ToLower(name) {
		case "*", "?", "$":
			b.WriteString(name)
		case "aws:username":
			if r.UserName == "" {
				return "", false
			}
			b.WriteString(r.UserName)
		case "aws:principalaccount":
			if r.PrincipalAccount == "" {
				return "", false
			}
			b.WriteString(r.PrincipalAccount)
		default:
			return "", false
		}
		p = p[i+j+1:]
	}
}

// condResult is how a statement's Condition stands for a request.
type condResult struct {
	answer Answer
	mfa    bool
	unsure []string
}

// Condition key classes.
const (
	classPrincipal = iota // a fact about the principal the evidence holds
	classCaller           // a value the caller chooses in its request
	classMFA              // satisfied by signing in with MFA
	classPassed           // iam:PassedToService, iam:PolicyARN: fixed by the path
	classDate             // aws:CurrentTime, aws:EpochTime, aws:TokenIssueTime
	classOther            // network, call path, unknown tags: not decidable
)

// callerKeys are condition keys whose value the caller chooses freely in
// its own request: it can always pick one that satisfies (or avoids) a
// condition on them.
var callerKeys = map[string]bool{
	"aws:requestedregion": true, "aws:tagkeys": true, "aws:securetransport": true,
	"sts:externalid": true, "sts:rolesessionname": true, "sts:sourceidentity": true,
	"sts:transitivetagkeys": true, "iam:permissionsboundary": true,
}

func conditionClass(key string) int {
	k := strings.ToLower(key)
	switch {
	case k == "aws:multifactorauthpresent" || k == "aws:multifactorauthage":
		return classMFA
	case k == "aws:principalarn" || k == "aws:principalaccount" || k == "aws:username":
		return classPrincipal
	case k == "iam:passedtoservice" || k == "iam:policyarn":
		return classPassed
	case k == "aws:currenttime" || k == "aws:epochtime" || k == "aws:tokenissuetime":
		return classDate
	case callerKeys[k] || strings.HasPrefix(k, "aws:requesttag/"):
		return classCaller
	}
	return classOther
}

// conditionsHold judges a statement's Condition for the request. For an
// Allow, Yes means some request of the caller satisfies it; for a Deny, Yes
// means the caller cannot avoid it. mfa means: with MFA (Allow: needed to
// satisfy; Deny: enough to avoid).
func (s Statement) conditionsHold(r Request, deny bool) condResult {
	out := condResult{answer: Yes}
	for op, keys := range s.Condition {
		for k, vals := range keys {
			switch conditionClass(k) {
			case classMFA:
				out.mfa = true
			case classCaller:
				if deny {
					// The caller picks a value the Deny does not match.
					return condResult{answer: No}
				}
			case classDate:
				if deny && strings.EqualFold(k, "aws:TokenIssueTime") {
					// The caller picks when its token was issued: whether
					// every choice falls under the Deny is not judged.
					out.answer = minAnswer(out.answer, Maybe)
					out.unsure = append(out.unsure, fmt.Sprintf("condition %s %s on a Deny is not judged", op, k))
					continue
				}
				switch dateCondition(op, k, vals, r.Now) {
				case No:
					return condResult{answer: No}
				case Maybe:
					out.answer = minAnswer(out.answer, Maybe)
					out.unsure = append(out.unsure, fmt.Sprintf("condition %s %s %s cannot be judged at the collection time", op, k, strings.Join(vals, ",")))
				}
			case classPrincipal, classPassed:
				v := r.principalValue(k)
				if v == "" && strings.EqualFold(k, "iam:PolicyARN") {
					switch {
					case !CarriesPolicyARN(r.Action):
						// The request has no iam:PolicyARN at all.
						if absentKey(op, vals) == No {
							return condResult{answer: No}
						}
						continue
					case r.All:
						// Every request of the action: an Allow limited to
						// some policies does not grant them all, and a Deny
						// refuses some of them.
						if deny {
							continue
						}
						return condResult{answer: No}
					}
				}
				if v == "" {
					out.answer = minAnswer(out.answer, Maybe)
					out.unsure = append(out.unsure, fmt.Sprintf("condition %s %s: value not known for this request", op, k))
					continue
				}
				switch evalOperator(op, v, vals) {
				case No:
					return condResult{answer: No}
				case Maybe:
					out.answer = minAnswer(out.answer, Maybe)
					out.unsure = append(out.unsure, fmt.Sprintf("condition operator %s on %s is not evaluated", op, k))
				}
			default:
				out.answer = minAnswer(out.answer, Maybe)
				out.unsure = append(out.unsure, fmt.Sprintf("condition %s %s %s depends on the request context (network, call path or tags), which the evidence does not hold", op, k, strings.Join(vals, ",")))
			}
		}
	}
	if deny && out.mfa {
		// A Deny on an MFA key applies in sessions without MFA (the usual
		// "deny unless MFA" guard): with MFA it is avoided.
		if !mfaDenyAvoidable(s) {
			out.mfa = false
			out.answer = minAnswer(out.answer, Maybe)
			out.unsure = append(out.unsure, "a Deny on an MFA key in a shape other than \"deny unless MFA\"")
		}
	}
	sort.Strings(out.unsure)
	return out
}

// mfaDenyAvoidable reports whether a Deny's MFA condition is the "deny
// unless MFA" shape (BoolIfExists/Bool aws:MultiFactorAuthPresent false, or
// Null aws:MultiFactorAuthPresent true), which an MFA session avoids.
func mfaDenyAvoidable(s Statement) bool {
	for op, keys := range s.Condition {
		for k, vals := range keys {
			if conditionClass(k) != classMFA {
				continue
			}
			lop := strings.ToLower(op)
			switch {
			case (lop == "bool" || lop == "boolifexists") && allFold(vals, "false"):
			case lop == "null" && allFold(vals, "true"):
			case strings.HasPrefix(lop, "numericgreaterthan"):
			default:
				return false
			}
		}
	}
	return true
}

// policyARNActions are the actions whose requests carry iam:PolicyARN
// (Service Authorization Reference, "Actions defined by AWS Identity and
// Access Management"): attaching and detaching managed policies.
var policyARNActions = map[string]bool{
	"iam:attachuserpolicy": true, "iam:attachgrouppolicy": true, "iam:attachrolepolicy": true,
	"iam:detachuserpolicy": true, "iam:detachgrouppolicy": true, "iam:detachrolepolicy": true,
}

// CarriesPolicyARN reports whether a request of action carries the
// iam:PolicyARN condition key.
func CarriesPolicyARN(action string) bool { return policyARNActions[strings.ToLower(action)] }

// absentKey judges a condition on a key the request does not carry (IAM
// User Guide, "Condition operators"): the IfExists forms, the negated
// operators and ForAllValues hold, Null holds when it tests "true", and
// every other operator (ForAnyValue ones included) does not.
func absentKey(op string, vals []string) Answer {
	lop := strings.ToLower(op)
	switch {
	case strings.HasPrefix(lop, "forallvalues:"), strings.HasSuffix(lop, "ifexists"):
		return Yes
	case lop == "null":
		if allFold(vals, "true") {
			return Yes
		}
		return No
	case strings.HasPrefix(lop, "foranyvalue:"):
		// No value, so none that matches.
		return No
	}
	if strings.Contains(lop, "not") {
		return Yes
	}
	return No
}

func (r Request) principalValue(k string) string {
	switch strings.ToLower(k) {
	case "aws:principalarn":
		return r.PrincipalARN
	case "aws:principalaccount":
		return r.PrincipalAccount
	case "aws:username":
		return r.UserName
	case "iam:passedtoservice":
		return r.PassedToService
	case "iam:policyarn":
		return r.PolicyARN
	}
	return ""
}

// evalOperator evaluates a string or ARN operator on a single-valued key
// that is present: Yes when it holds, No when not, Maybe for operators it
// does not know.
func evalOperator(op, v string, vals []string) Answer {
	lop := strings.ToLower(op)
	lop = strings.TrimPrefix(lop, "foranyvalue:")
	lop = strings.TrimSuffix(lop, "ifexists")
	var match func(pattern string) bool
	neg := false
	switch lop {
	case "stringequals", "arnequals":
		match = func(p string) bool { return p == v }
		if lop == "arnequals" {
			match = func(p string) bool { return Match2(p, v, true) }
		}
	case "stringnotequals", "arnnotequals":
		neg = true
		match = func(p string) bool { return p == v }
		if lop == "arnnotequals" {
			match = func(p string) bool { return Match2(p, v, true) }
		}
	case "stringequalsignorecase":
		match = func(p string) bool { return strings.EqualFold(p, v) }
	case "stringnotequalsignorecase":
		neg = true
		match = func(p string) bool { return strings.EqualFold(p, v) }
	case "stringlike", "arnlike":
		match = func(p string) bool { return Match2(p, v, true) }
	case "stringnotlike", "arnnotlike":
		neg = true
		match = func(p string) bool { return Match2(p, v, true) }
	default:
		return Maybe
	}
	any := false
	for _, p := range vals {
		if match(p) {
			any = true
			break
		}
	}
	if any != neg {
		return Yes
	}
	return No
}

// Match2 is case-sensitive glob matching of a condition value ('*' any run,
// '?' one character), as StringLike and ArnLike use it.
func Match2(pattern, s string, caseSensitive bool) bool {
	if !caseSensitive {
		return Match(pattern, s)
	}
	return solve(len(pattern), len(s), func(rec func(i, j int) bool, i, j int) bool {
		switch {
		case i == len(pattern):
			return j == len(s)
		case pattern[i] == '*':
			return rec(i+1, j) || (j < len(s) && rec(i, j+1))
		case j == len(s):
			return false
		case pattern[i] == '?' || pattern[i] == s[j]:
			return rec(i+1, j+1)
		}
		return false
	})
}

// ProbeAction is an action no service defines: a principal allowed it on
// every resource is allowed every action, whatever NotAction leaves out.
const ProbeAction = "iamauditprobe:UndefinedAction"

// FullAdmin judges whether the set allows every action on every resource:
// the made-up ProbeAction, every action a Deny or an Allow+NotAction of the
// set names (so a NotAction leftover or a Deny is not overlooked), and the
// IAM actions that would let it grant itself anything.
func (s Set) FullAdmin(r Request) Decision {
	probes := map[string]bool{ProbeAction: true, "iam:AttachUserPolicy": true, "iam:PutRolePolicy": true, "sts:AssumeRole": true}
	for _, srcs := range [][]Source{s.Identity, s.Boundary} {
		for _, src := range srcs {
			for _, st := range src.Doc.Statements {
				if st.HasNotAction {
					for _, a := range st.NotAction {
						probes[a] = true
					}
				} else if st.Effect == Deny {
					for _, a := range st.Action {
						probes[a] = true
					}
				}
			}
		}
	}
	list := make([]string, 0, len(probes))
	for a := range probes {
		list = append(list, a)
	}
	sort.Strings(list)
	var out Decision
	out.Answer = Yes
	seen := map[Grant]bool{}
	for _, a := range list {
		r.Action, r.All = a, true
		d := s.Evaluate(r)
		switch {
		case d.Answer == No:
			if d.Denied != "" {
				return Decision{Answer: No, Denied: d.Denied + " denies " + a}
			}
			return Decision{Answer: No}
		case d.Answer == Maybe:
			out.Answer = Maybe
			out.Unsure = append(out.Unsure, d.Unsure...)
		}
		out.NeedsMFA = out.NeedsMFA || d.NeedsMFA
		for _, g := range d.Grants {
			if !seen[g] {
				seen[g] = true
				out.Grants = append(out.Grants, g)
			}
		}
	}
	return out
}

// ConditionsFor judges the statement's Condition for a request as the
// evaluator does (see conditionClass): for an Allow, whether some request of
// the caller satisfies it; for a Deny, whether the caller cannot avoid it.
// mfa reports that MFA is needed (Allow) or avoids it (Deny).
func (s Statement) ConditionsFor(r Request, deny bool) (a Answer, mfa bool, unsure []string) {
	c := s.conditionsHold(r, deny)
	return c.answer, c.mfa, c.unsure
}

// maxSession is the longest a temporary credential lives (role chaining
// aside, GetSessionToken allows 36 hours): a token in use was issued at
// most this long ago, and a caller can always get a fresh one.
const maxSession = 36 * time.Hour

// dateCondition judges a Date operator at now: aws:CurrentTime and
// aws:EpochTime are now; aws:TokenIssueTime is any time in the last
// maxSession (the caller picks when to get a token). Yes when some
// admissible value satisfies it, No when none does, Maybe otherwise
// (unknown operator, unreadable value, no time).
func dateCondition(op, key string, vals []string, now time.Time) Answer {
	if now.IsZero() {
		return Maybe
	}
	lop := strings.TrimSuffix(strings.ToLower(op), "ifexists")
	lo, hi := now, now
	if strings.EqualFold(key, "aws:TokenIssueTime") {
		lo = now.Add(-maxSession)
	}
	any := false
	for _, v := range vals {
		t, ok := parseDate(v)
		if !ok {
			return Maybe
		}
		var sat bool
		switch lop {
		case "datelessthan":
			sat = lo.Before(t)
		case "datelessthanequals":
			sat = !lo.After(t)
		case "dategreaterthan":
			sat = hi.After(t)
		case "dategreaterthanequals":
			sat = !hi.Before(t)
		case "dateequals":
			sat = !t.Before(lo) && !t.After(hi)
		case "datenotequals":
			sat = !(lo.Equal(hi) && lo.Equal(t))
		default:
			return Maybe
		}
		any = any || sat
	}
	if any {
		return Yes
	}
	return No
}

func parseDate(v string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), true
	}
	return time.Time{}, false
}

// globFold is a case-insensitive '*' and '?' glob that does not allocate:
// an iterative match with one backtrack point, linear in practice and
// without exponential blow-up on patterns like "a*a*a*a*b".
func globFold(p, s string) bool {
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && (p[pi] == '?' || lower(p[pi]) == lower(s[si])):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
