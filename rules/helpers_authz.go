package rules

// Helpers of the rules over the authorization details: the index of
// principals and policies, default versions read only when they are seen
// whole, and the per-policy and per-user iterations.

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
	"github.com/iamaudit/iamaudit/rules/policy"
)

// policyHolders returns the users, groups and roles that attach the
// AWS-managed policy with the given name, in any partition.
func (ix *azIndex) policyHolders(name string) []azPrincipal {
	suffix := ":iam::aws:policy/" + name
	var out []azPrincipal
	for _, p := range ix.principals {
		for _, ap := range p.Attached {
			if strings.HasPrefix(ap.ARN, "arn:") && strings.HasSuffix(ap.ARN, suffix) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// azPrincipal is a user, group or role seen uniformly: what the policy rules
// need from each.
type azPrincipal struct {
	Type     string // TypeUser, TypeGroup or TypeRole
	Kind     string // "user", "group", "role" for reasons
	ARN      string
	Name     string
	Path     string
	Attached []audit.AttachedPolicy
	Inline   []audit.InlinePolicy
}

// serviceLinked reports whether the principal is a service-linked role:
// AWS creates and owns those (path /aws-service-role/); the customer can
// neither edit their policies nor their trust.
func (p azPrincipal) serviceLinked() bool {
	return p.Type == TypeRole && strings.HasPrefix(p.Path, "/aws-service-role/")
}

func (p azPrincipal) label() string { return p.Kind + " " + p.Name }

// azParsed is a parsed document or the reason it could not be parsed.
type azParsed struct {
	doc *policy.Document
	err error
}

// azIndex is built once per evaluation (Context.authz) so that thousands of
// principals cost one pass for all the rules that read them: managed
// policies by ARN, the principals attaching each policy, and a cache of
// parsed documents keyed by their text, so a document shared by many
// principals, or read by several rules, is parsed once.
type azIndex struct {
	// ctx is the context the index was built on, for the snapshot and the
	// configuration only: when rules run at once (runTasks) it is not the
	// context of the rule asking, so its rule is no guide to the evidence
	// an UNKNOWN names; pass that evidence to missing.
	ctx        *Context
	az         *audit.AuthorizationDetails
	principals []azPrincipal
	policies   map[string]*audit.ManagedPolicy
	// conflicting counts the entries of policies listed more than once
	// with different contents: which one IAM holds cannot be told.
	conflicting map[string]int
	holders     map[string][]azPrincipal
	// parsed is the one thing rules write, from several workers at once
	// (see runTasks): guarded by mu.
	mu     sync.Mutex
	parsed map[string]azParsed
}

// newAZIndex returns the evaluation's index, or the single UNKNOWN result
// the rule must return when authorization details were not collected.
func newAZIndex(ctx *Context, what string) (*azIndex, []result.Result) {
	s := ctx.Snapshot
	if s.Authorization == nil {
		return nil, []result.Result{accountSubject(s).missing(ctx,
			"cannot assess "+what+": authorization details were not collected", audit.EvidenceAuthorization)}
	}
	if ctx.az == nil {
		ctx.az = buildAZIndex(ctx, s.Authorization)
	}
	return ctx.az, nil
}

// onAZIndex is the Check of a rule that judges the authorization index:
// newAZIndex's one UNKNOWN naming what (for "cannot assess what") when the
// authorization details were not collected, check on the shared index
// otherwise.
func onAZIndex(what string, check func(ctx *Context, ix *azIndex) []result.Result) func(*Context) []result.Result {
	return func(ctx *Context) []result.Result {
		ix, unknown := newAZIndex(ctx, what)
		if ix == nil {
			return unknown
		}
		return check(ctx, ix)
	}
}

// buildAZIndex indexes the authorization details. Rules only read the
// index (and fill its parse cache), so one index serves every rule.
func buildAZIndex(ctx *Context, a *audit.AuthorizationDetails) *azIndex {
	ix := &azIndex{ctx: ctx, az: a,
		policies: make(map[string]*audit.ManagedPolicy, len(a.Policies)),
		holders:  map[string][]azPrincipal{},
		parsed:   map[string]azParsed{},
	}
	count := map[string]int{}
	for i := range a.Policies {
		p := &a.Policies[i]
		count[p.ARN]++
		if prev, ok := ix.policies[p.ARN]; ok {
			if !reflect.DeepEqual(*prev, *p) {
				if ix.conflicting == nil {
					ix.conflicting = map[string]int{}
				}
				ix.conflicting[p.ARN] = count[p.ARN]
			}
			continue
		}
		ix.policies[p.ARN] = p
	}
	for arn := range ix.conflicting {
		ix.conflicting[arn] = count[arn]
	}
	ix.principals = make([]azPrincipal, 0, len(a.Users)+len(a.Groups)+len(a.Roles))
	for _, u := range a.Users {
		ix.principals = append(ix.principals, azPrincipal{Type: TypeUser, Kind: "user", ARN: u.ARN, Name: u.Name, Path: u.Path, Attached: u.AttachedPolicies, Inline: u.InlinePolicies})
	}
	for _, g := range a.Groups {
		ix.principals = append(ix.principals, azPrincipal{Type: TypeGroup, Kind: "group", ARN: g.ARN, Name: g.Name, Path: g.Path, Attached: g.AttachedPolicies, Inline: g.InlinePolicies})
	}
	for _, r := range a.Roles {
		ix.principals = append(ix.principals, azPrincipal{Type: TypeRole, Kind: "role", ARN: r.ARN, Name: r.Name, Path: r.Path, Attached: r.AttachedPolicies, Inline: r.InlinePolicies})
	}
	for _, p := range ix.principals {
		for _, ap := range p.Attached {
			ix.holders[ap.ARN] = append(ix.holders[ap.ARN], p)
		}
	}
	return ix
}

// parse parses a document once per evaluation. Parsed documents are never
// modified, so rules share them.
func (ix *azIndex) parse(doc string) (*policy.Document, error) {
	ix.mu.Lock()
	p, ok := ix.parsed[doc]
	ix.mu.Unlock()
	if ok {
		return p.doc, p.err
	}
	// Parsed outside the lock: two workers may parse one text at once,
	// and the first stored is kept, so every rule sees one document per text.
	d, err := policy.Parse(doc)
	ix.mu.Lock()
	if p, ok := ix.parsed[doc]; ok {
		d, err = p.doc, p.err
	} else {
		ix.parsed[doc] = azParsed{d, err}
	}
	ix.mu.Unlock()
	return d, err
}

// attached reports whether a managed policy is in use: IAM's AttachmentCount,
// or a user, group or role in the snapshot that attaches it (the count can
// lag, and emulators may not fill it).
func (ix *azIndex) attached(p *audit.ManagedPolicy) bool {
	return p.AttachmentCount > 0 || len(ix.holders[p.ARN]) > 0
}

// customerPolicies returns the customer-managed policies in snapshot order,
// each ARN once.
func (ix *azIndex) customerPolicies() []*audit.ManagedPolicy {
	var out []*audit.ManagedPolicy
	for i := range ix.az.Policies {
		p := &ix.az.Policies[i]
		if !p.AWSManaged && !azIsAWSManagedARN(p.ARN) && ix.policies[p.ARN] == p {
			out = append(out, p)
		}
	}
	return out
}

// eachCustomerPolicy judges every customer-managed policy on its parsed
// default version (ver names the version read): one result per policy,
// UNKNOWN where the document is missing, contradictory or unreadable, an
// UNKNOWN for every customer policy a principal attaches that was not
// collected at all, and one account PASS when there are none.
func eachCustomerPolicy(ctx *Context, judge func(ix *azIndex, p *audit.ManagedPolicy, ver string, doc *policy.Document) result.Result) []result.Result {
	ix, unknown := newAZIndex(ctx, "customer-managed policies")
	if ix == nil {
		return unknown
	}
	pols := ix.customerPolicies()
	missing := ix.uncollectedCustomer()
	if len(pols) == 0 && len(missing) == 0 {
		return azAccountPass(ctx, "the account has no customer-managed policies")
	}
	out := make([]result.Result, 0, len(pols)+len(missing))
	for _, p := range pols {
		doc, ver, bad := ix.defaultDoc(p, "")
		if bad != nil {
			out = append(out, *bad)
			continue
		}
		out = append(out, judge(ix, p, ver, doc))
	}
	return append(out, missing...)
}

// uncollectedCustomer returns one UNKNOWN per customer-managed policy that
// a user, group or role attaches but the authorization details do not
// list: what it grants was not seen, so no policy rule may pass it
// (the same treatment AdminAWSManagedPolicy gives an AWS-managed policy
// whose document is missing).
func (ix *azIndex) uncollectedCustomer() []result.Result {
	seen := map[string]bool{}
	var out []result.Result
	for _, pr := range ix.principals {
		for _, ap := range pr.Attached {
			if seen[ap.ARN] || azIsAWSManagedARN(ap.ARN) {
				continue
			}
			seen[ap.ARN] = true
			if _, ok := ix.policies[ap.ARN]; ok {
				continue
			}
			out = append(out, subject{TypePolicy, ap.ARN, ap.Name}.missing(ix.ctx, fmt.Sprintf(
				"customer-managed policy %s is attached to %s but the policy and its document were not collected",
				ap.Name, azHolderNames(ix.holders[ap.ARN])), audit.EvidenceAuthorization))
		}
	}
	return out
}

// azIsAWSManagedARN reports whether arn is an AWS-managed policy ARN
// (arn:<partition>:iam::aws:policy/...), in any partition.
func azIsAWSManagedARN(arn string) bool {
	return strings.HasPrefix(arn, "arn:") && strings.Contains(arn, ":iam::aws:policy/")
}

// azHolderNames lists who holds a policy, for reasons: "user alice, role ops".
// Long lists are cut so a reason stays readable.
func azHolderNames(ps []azPrincipal) string {
	const max = 10
	names := make([]string, 0, len(ps))
	for _, p := range ps {
		names = append(names, p.label())
	}
	if len(names) > max {
		return strings.Join(names[:max], ", ") + fmt.Sprintf(" and %d more", len(names)-max)
	}
	return strings.Join(names, ", ")
}

// azAccountPass is the single PASS a rule returns when the account has no
// resource of the kind it judges, so the rule never silently returns nothing.
func azAccountPass(ctx *Context, reason string) []result.Result {
	s := ctx.Snapshot
	return []result.Result{accountSubject(s).pass(reason)}
}

func azPolicyResult(p *audit.ManagedPolicy, st result.Status, reason string) result.Result {
	return subject{TypePolicy, p.ARN, p.Name}.with(st, reason)
}

// defaultDoc returns the parsed default version of a managed policy and
// the ID of the version it read, or an UNKNOWN result explaining why it
// cannot be judged: the version was not collected, the default-version
// markers contradict each other (audit.ManagedPolicy.DefaultVersion), or the
// document is unreadable or ambiguous. ev names the evidence whose gaps
// explain a missing document; empty when no gap can (a customer policy
// listed without its default version is a collector defect).
func (ix *azIndex) defaultDoc(p *audit.ManagedPolicy, ev audit.Evidence) (*policy.Document, string, *result.Result) {
	if n := ix.conflicting[p.ARN]; n > 0 {
		r := azPolicyResult(p, result.Unknown, fmt.Sprintf("%s is listed %d times in the authorization details with different contents; which one IAM holds cannot be told", p.Name, n))
		return nil, "", &r
	}
	v, err := p.DefaultVersion()
	if err != nil {
		what := fmt.Sprintf("the default version of %s cannot be determined: %v", p.Name, err)
		if audit.IsNotCollected(err) {
			what = fmt.Sprintf("the default version (%s) document of %s was not collected", azOrDash(p.DefaultVersionID), p.Name)
		}
		r := azPolicyResult(p, result.Unknown, what)
		if ev != "" && audit.IsNotCollected(err) {
			r = subject{TypePolicy, p.ARN, p.Name}.missing(ix.ctx, what, ev)
		}
		return nil, "", &r
	}
	d, err := ix.parse(v.Document)
	if err != nil {
		r := azPolicyResult(p, result.Unknown, fmt.Sprintf("default version %s of %s cannot be read: %v", azOrDash(v.VersionID), p.Name, err))
		return nil, "", &r
	}
	return d, azOrDash(v.VersionID), nil
}

// scopeOf is the account a policy or principal ARN belongs to, for
// escalation targets; the audited account's identity fills what the ARN
// does not say (an AWS-managed policy's ARN has "aws" for an account).
func (ix *azIndex) scopeOf(arn string) policy.Scope {
	sc := policy.Scope{Partition: ix.ctx.Snapshot.Account.Partition, Account: ix.ctx.Snapshot.Account.ID}
	if f := strings.SplitN(arn, ":", 6); len(f) == 6 && f[0] == "arn" {
		if f[1] != "" {
			sc.Partition = f[1]
		}
		if acct, ok := policy.AccountOf(arn); ok {
			sc.Account = acct
		}
	}
	return sc
}

// azInlineCount renders "1 inline policy" / "3 inline policies".
func azInlineCount(n int) string {
	if n == 1 {
		return "1 inline policy"
	}
	return fmt.Sprintf("%d inline policies", n)
}

func azOrDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// nonDefaultAdmin names the non-default versions that would grant full admin;
// they are not in force, but a reader should know (SetDefaultPolicyVersion
// brings one back).
func (ix *azIndex) nonDefaultAdmin(p *audit.ManagedPolicy, ver string) []string {
	var out []string
	for _, v := range p.Versions {
		if v.VersionID == ver {
			continue
		}
		if d, err := ix.parse(v.Document); err == nil {
			if _, ok := d.GrantsFullAdmin(); ok {
				out = append(out, v.VersionID)
			}
		}
	}
	sort.Strings(out)
	return out
}

var (
	adminRefs = []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1",
		"https://docs.aws.amazon.com/config/latest/developerguide/iam-policy-no-statements-with-admin-access.html",
	}
	adminRationale = "A policy that allows every action on every resource gives its holder the power to " +
		"do anything in the account, including granting itself any other permission and disabling " +
		"logging. Least privilege keeps a stolen credential or a mistake contained."
)

func azAttachmentDesc(ix *azIndex, p *audit.ManagedPolicy) string {
	if hs := ix.holders[p.ARN]; len(hs) > 0 {
		return azHolderNames(hs)
	}
	return fmt.Sprintf("%d principal(s) (AttachmentCount)", p.AttachmentCount)
}

// judgeInline judges every inline policy of a principal with finding, which
// returns a non-empty description for a policy that fails. One failing
// policy fails the principal; otherwise an unreadable one makes it UNKNOWN;
// otherwise it passes with passReason.
func (ix *azIndex) judgeInline(p azPrincipal, passReason string, finding func(name string, d *policy.Document) string) result.Result {
	var found, unreadable []string
	for _, ip := range p.Inline {
		d, err := ix.parse(ip.Document)
		if err != nil {
			unreadable = append(unreadable, fmt.Sprintf("%s cannot be read: %v", ip.Name, err))
			continue
		}
		if f := finding(ip.Name, d); f != "" {
			found = append(found, f)
		}
	}
	sb := subject{p.Type, p.ARN, p.Name}
	switch {
	case len(found) > 0:
		return sb.fail(strings.Join(append(found, unreadable...), "; "))
	case len(unreadable) > 0:
		return sb.unknown(strings.Join(unreadable, "; "))
	}
	return sb.pass(passReason + " (" + azInlineCount(len(p.Inline)) + ")")
}

// eachAZUser judges every IAM user of the authorization details: one result
// per user, one UNKNOWN when the details were not collected, and one account
// PASS when there are no users.
func eachAZUser(ctx *Context, what string, judge func(u audit.User) (result.Status, string)) []result.Result {
	a := ctx.Snapshot.Authorization
	if a == nil {
		_, unknown := newAZIndex(ctx, what)
		return unknown
	}
	if len(a.Users) == 0 {
		return azAccountPass(ctx, "the account has no IAM users")
	}
	out := make([]result.Result, 0, len(a.Users))
	for _, u := range a.Users {
		st, reason := judge(u)
		out = append(out, subject{TypeUser, u.ARN, u.Name}.with(st, reason))
	}
	return out
}
