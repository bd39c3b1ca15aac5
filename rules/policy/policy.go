// Package policy is a pure parser and analyser for IAM policy documents
// (identity policies and role trust policies). It knows the grammar, IAM's
// case-insensitive wildcard action matching, and a few questions auditors ask:
// does this document grant full admin, does it grant whole services, does it
// grant a known privilege-escalation path. It never calls AWS.
package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Effect is a statement's effect.
type Effect string

// The two effects IAM accepts (case-sensitive, as IAM requires).
const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Document is a parsed policy document.
type Document struct {
	Version    string
	ID         string
	Statements []Statement
}

// Statement is one policy statement. Exactly one of Action/NotAction is set
// (HasNotAction tells which); Resource/NotResource may both be empty in a
// trust policy, which has no resource element.
type Statement struct {
	Sid    string
	Effect Effect
	// Action and NotAction hold the patterns as written (case preserved).
	Action       []string
	NotAction    []string
	HasNotAction bool
	Resource     []string
	NotResource  []string
	// HasNotResource is true when the statement uses NotResource.
	HasNotResource bool
	Principal      *Principal
	NotPrincipal   *Principal
	// Condition maps operator -> condition key -> values, every value
	// rendered as a string (IAM compares booleans and numbers as strings too).
	Condition map[string]map[string][]string
}

// Principal is a Principal or NotPrincipal element. Wildcard is true for
// the bare string "*"; the map form fills the typed lists.
type Principal struct {
	Wildcard      bool
	AWS           []string
	Service       []string
	Federated     []string
	CanonicalUser []string
}

// AnyAWS reports whether the principal is everyone: "*" or {"AWS": "*"}.
func (p *Principal) AnyAWS() bool {
	if p == nil {
		return false
	}
	if p.Wildcard {
		return true
	}
	for _, a := range p.AWS {
		if a == "*" {
			return true
		}
	}
	return false
}

// Parse parses a policy document. IAM returns documents URL-encoded (RFC
// 3986); the collector decodes them, but a document that still looks encoded
// (starts with "%7B") is decoded here too, so leftovers parse rather than fail.
func Parse(doc string) (*Document, error) {
	text := strings.TrimSpace(doc)
	if len(text) >= 3 && strings.EqualFold(text[:3], "%7B") {
		dec, err := url.PathUnescape(text)
		if err != nil {
			return nil, fmt.Errorf("policy document: URL-decode: %w", err)
		}
		text = strings.TrimSpace(dec)
	}
	if text == "" {
		return nil, fmt.Errorf("policy document: empty")
	}
	var top map[string]json.RawMessage
	if err := strictUnmarshal([]byte(text), &top); err != nil {
		return nil, fmt.Errorf("policy document: %w", err)
	}
	if top == nil {
		return nil, fmt.Errorf("policy document: want a JSON object, got null")
	}
	if err := findDuplicateKeys([]byte(text)); err != nil {
		return nil, fmt.Errorf("policy document: %w", err)
	}
	d := &Document{}
	for k, v := range top {
		switch k {
		case "Version":
			if err := json.Unmarshal(v, &d.Version); err != nil {
				return nil, fmt.Errorf("policy document: Version: want a string")
			}
			// IAM accepts only these two; policy variables mean something
			// only in 2012-10-17, so another value leaves the document's
			// meaning undefined (Access Analyzer: "Error – Invalid version").
			if d.Version != "2012-10-17" && d.Version != "2008-10-17" {
				return nil, fmt.Errorf("policy document: Version: want 2012-10-17 or 2008-10-17, got %q", d.Version)
			}
		case "Id":
			if err := json.Unmarshal(v, &d.ID); err != nil {
				return nil, fmt.Errorf("policy document: Id: want a string")
			}
		case "Statement":
		default:
			// IAM rejects unknown elements; a key we do not know (say
			// "statement") would otherwise be silently ignored and its grants
			// missed, so it is an error.
			return nil, fmt.Errorf("policy document: unknown element %q", k)
		}
	}
	raw, ok := top["Statement"]
	if !ok {
		return nil, fmt.Errorf("policy document: no Statement element")
	}
	var list []json.RawMessage
	switch firstByte(raw) {
	case '[':
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, fmt.Errorf("policy document: Statement: %w", err)
		}
	case '{':
		list = []json.RawMessage{raw}
	default:
		return nil, fmt.Errorf("policy document: Statement: want an object or an array")
	}
	for i, r := range list {
		st, err := parseStatement(r)
		if err != nil {
			return nil, fmt.Errorf("policy document: Statement[%d].%w", i, err)
		}
		d.Statements = append(d.Statements, st)
	}
	return d, nil
}

func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after the JSON object")
	}
	return nil
}

func firstByte(b []byte) byte {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// fieldError is a "Field: message" error; Parse prefixes the statement index.
func fieldError(field, format string, args ...any) error {
	return fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...))
}

func parseStatement(raw json.RawMessage) (Statement, error) {
	var st Statement
	if firstByte(raw) != '{' {
		return st, fieldError("(statement)", "want an object")
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return st, fieldError("(statement)", "%v", err)
	}
	for k, v := range m {
		var err error
		switch k {
		case "Sid":
			if json.Unmarshal(v, &st.Sid) != nil {
				err = fieldError(k, "want a string")
			}
		case "Effect":
			var e string
			if json.Unmarshal(v, &e) != nil {
				err = fieldError(k, "want a string")
			} else if e != string(Allow) && e != string(Deny) {
				err = fieldError(k, "want Allow or Deny, got %q", e)
			}
			st.Effect = Effect(e)
		case "Action":
			st.Action, err = stringOrList(k, v)
		case "NotAction":
			st.NotAction, err = stringOrList(k, v)
			st.HasNotAction = true
		case "Resource":
			st.Resource, err = stringOrList(k, v)
		case "NotResource":
			st.NotResource, err = stringOrList(k, v)
			st.HasNotResource = true
		case "Principal":
			st.Principal, err = parsePrincipal(k, v)
		case "NotPrincipal":
			st.NotPrincipal, err = parsePrincipal(k, v)
		case "Condition":
			st.Condition, err = parseCondition(v)
		default:
			err = fieldError(k, "unknown element")
		}
		if err != nil {
			return st, err
		}
	}
	switch {
	case st.Effect == "":
		return st, fieldError("Effect", "missing")
	case m["Action"] != nil && st.HasNotAction:
		return st, fieldError("Action", "Action and NotAction are both set")
	case m["Action"] == nil && !st.HasNotAction:
		return st, fieldError("Action", "missing (neither Action nor NotAction)")
	case m["Resource"] != nil && st.HasNotResource:
		return st, fieldError("Resource", "Resource and NotResource are both set")
	case st.Principal != nil && st.NotPrincipal != nil:
		return st, fieldError("Principal", "Principal and NotPrincipal are both set")
	}
	return st, nil
}

func stringOrList(field string, v json.RawMessage) ([]string, error) {
	switch firstByte(v) {
	case '"':
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, fieldError(field, "%v", err)
		}
		return []string{s}, nil
	case '[':
		var l []string
		if err := json.Unmarshal(v, &l); err != nil {
			return nil, fieldError(field, "want a string or an array of strings")
		}
		return l, nil
	}
	return nil, fieldError(field, "want a string or an array of strings")
}

func parsePrincipal(field string, v json.RawMessage) (*Principal, error) {
	switch firstByte(v) {
	case '"':
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, fieldError(field, "%v", err)
		}
		if s != "*" {
			return nil, fieldError(field, "a string principal must be \"*\", got %q", s)
		}
		return &Principal{Wildcard: true}, nil
	case '{':
	default:
		return nil, fieldError(field, "want \"*\" or an object")
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(v, &m); err != nil {
		return nil, fieldError(field, "%v", err)
	}
	p := &Principal{}
	for k, raw := range m {
		l, err := stringOrList(field+"."+k, raw)
		if err != nil {
			return nil, err
		}
		switch k {
		case "AWS":
			p.AWS = l
		case "Service":
			p.Service = l
		case "Federated":
			p.Federated = l
		case "CanonicalUser":
			p.CanonicalUser = l
		default:
			return nil, fieldError(field, "unknown principal type %q", k)
		}
	}
	return p, nil
}

func parseCondition(v json.RawMessage) (map[string]map[string][]string, error) {
	var m map[string]map[string]json.RawMessage
	if firstByte(v) != '{' || json.Unmarshal(v, &m) != nil {
		return nil, fieldError("Condition", "want an object of operator -> {key: value}")
	}
	out := make(map[string]map[string][]string, len(m))
	for op, keys := range m {
		if keys == nil {
			return nil, fieldError("Condition", "%s: want an object", op)
		}
		out[op] = make(map[string][]string, len(keys))
		for key, raw := range keys {
			vals, err := conditionValues(raw)
			if err != nil {
				return nil, fieldError("Condition", "%s.%s: %v", op, key, err)
			}
			out[op][key] = vals
		}
	}
	return out, nil
}

// conditionValues renders a condition value (string, bool, number, or an
// array of them) as strings.
func conditionValues(raw json.RawMessage) ([]string, error) {
	var one any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&one); err != nil {
		return nil, err
	}
	scalar := func(x any) (string, error) {
		switch t := x.(type) {
		case string:
			return t, nil
		case bool:
			if t {
				return "true", nil
			}
			return "false", nil
		case json.Number:
			return t.String(), nil
		}
		return "", fmt.Errorf("want a string, boolean or number")
	}
	if l, ok := one.([]any); ok {
		out := make([]string, 0, len(l))
		for _, x := range l {
			s, err := scalar(x)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	}
	s, err := scalar(one)
	if err != nil {
		return nil, err
	}
	return []string{s}, nil
}

// Match reports whether an IAM action pattern matches an action, IAM-style:
// case-insensitive, '*' matches any run of characters (including none), '?'
// matches exactly one.
func Match(pattern, action string) bool {
	p, s := strings.ToLower(pattern), strings.ToLower(action)
	// Iterative glob with single backtrack point: linear in practice, no
	// exponential blow-up on patterns like "a*a*a*a*b".
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
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

// canMatchPrefix reports whether some action starting with prefix matches
// pattern: used to ask "could this NotAction entry exclude any IAM action?".
func canMatchPrefix(pattern, prefix string) bool {
	p, s := strings.ToLower(pattern), strings.ToLower(prefix)
	for i := 0; ; i++ {
		if i == len(s) {
			return true
		}
		if i == len(p) {
			return false
		}
		if p[i] == '*' {
			return true
		}
		if p[i] != '?' && p[i] != s[i] {
			return false
		}
	}
}

// Covers reports whether the statement's action element covers action,
// regardless of effect: Action lists it, or NotAction does not.
func (s Statement) Covers(action string) bool {
	if s.HasNotAction {
		for _, p := range s.NotAction {
			if Match(p, action) {
				return false
			}
		}
		return true
	}
	for _, p := range s.Action {
		if Match(p, action) {
			return true
		}
	}
	return false
}

// Allows reports whether this is an Allow statement whose action element
// covers action. Resource scope and conditions are not considered.
func (s Statement) Allows(action string) bool {
	return s.Effect == Allow && s.Covers(action)
}

// Conditional reports whether the statement has a non-empty Condition.
func (s Statement) Conditional() bool {
	for _, keys := range s.Condition {
		if len(keys) > 0 {
			return true
		}
	}
	return false
}

// AllActions reports whether an Action entry matches every action: "*",
// "*:*", or any other pattern that does ("?*:*", "**").
func (s Statement) AllActions() bool {
	if s.HasNotAction {
		return false
	}
	for _, a := range s.Action {
		if coversAllActions(a) {
			return true
		}
	}
	return false
}

// AllResources reports whether a Resource entry matches every ARN of a
// partition: "*", "arn:*", "arn:aws:*", "arn:aws:*:*:*:*". NotResource never
// counts here (see GrantsFullAdmin for how it is judged).
func (s Statement) AllResources() bool {
	if s.HasNotResource {
		return false
	}
	for _, r := range s.Resource {
		if coversAllResources(r) {
			return true
		}
	}
	return false
}

// notResourceKeepsIAM reports whether an Allow + NotResource statement
// still applies to every IAM resource: none of its NotResource patterns
// might match an IAM ARN.
func (s Statement) notResourceKeepsIAM() bool {
	if !s.HasNotResource {
		return false
	}
	for _, r := range s.NotResource {
		if overlaps(r, iamTarget) {
			return false
		}
	}
	return true
}

// AdminGrant describes how a document grants full administrative access.
type AdminGrant struct {
	// Statements are the indexes of the granting Allow statements.
	Statements []int
	// Conditional: every granting statement carries a Condition, so the grant
	// may be narrower in practice than it reads.
	Conditional bool
	// ViaNotAction: at least one grant is an Allow + NotAction statement.
	ViaNotAction bool
	// ViaNotResource: at least one grant is an Allow + NotResource statement
	// whose exclusions leave every IAM resource.
	ViaNotResource bool
	// DenyStatements counts Deny statements in the same document. CIS and
	// Security Hub judge Allow statements only; a Deny may narrow the grant,
	// and reports mention it rather than discount the finding.
	DenyStatements int
}

// Describe renders the grant for a finding's reason, e.g. "Statement[0]
// allows Action \"*\" on Resource \"*\" (conditional)".
func (g AdminGrant) Describe() string {
	idx := make([]string, len(g.Statements))
	for i, n := range g.Statements {
		idx[i] = fmt.Sprintf("Statement[%d]", n)
	}
	var b strings.Builder
	b.WriteString(strings.Join(idx, ", "))
	b.WriteString(" allows all actions on all resources")
	var notes []string
	if g.ViaNotAction {
		notes = append(notes, "via Allow+NotAction that still allows all of IAM")
	}
	if g.ViaNotResource {
		notes = append(notes, "via Allow+NotResource that excludes no IAM resource")
	}
	if g.Conditional {
		notes = append(notes, "conditional: every granting statement has a Condition")
	}
	if g.DenyStatements > 0 {
		notes = append(notes, fmt.Sprintf("the document also has %d Deny statement(s), which may narrow it; CIS and Security Hub judge Allow statements only", g.DenyStatements))
	}
	if len(notes) > 0 {
		b.WriteString(" (" + strings.Join(notes, "; ") + ")")
	}
	return b.String()
}

// GrantsFullAdmin reports whether any Allow statement grants full admin:
// every action (Action "*", "*:*" or another pattern matching every action)
// over every resource (Resource "*" or a pattern matching every ARN of a
// partition, such as "arn:*" or "arn:aws:*:*:*:*": IAM matches Resource as
// a pattern, so these are "Resource": "*" in all but spelling), the CIS /
// Security Hub IAM.1 / AWS Config iam-policy-no-statements-with-admin-access
// criterion. Two equivalent forms count too, because a principal that keeps
// all of IAM can grant itself anything: Allow + NotAction where no NotAction
// entry can match an IAM action (PowerUserAccess, NotAction iam:*, is
// therefore not admin), and Allow + NotResource where no NotResource entry
// can match an IAM ARN.
// A grant of all IAM actions on the account's IAM resources only
// ("arn:aws:iam::ACCOUNT:*") is not reported here: Escalations reports it.
func (d *Document) GrantsFullAdmin() (AdminGrant, bool) {
	var g AdminGrant
	allConditional := true
	for i, s := range d.Statements {
		if s.Effect == Deny {
			g.DenyStatements++
			continue
		}
		if s.Effect != Allow {
			continue
		}
		viaNR := s.notResourceKeepsIAM()
		if !s.AllResources() && !viaNR {
			continue
		}
		admin := s.AllActions()
		viaNA := false
		if !admin && s.HasNotAction && !notActionTouchesIAM(s.NotAction) {
			admin, viaNA = true, true
		}
		if !admin {
			continue
		}
		g.ViaNotAction = g.ViaNotAction || viaNA
		g.ViaNotResource = g.ViaNotResource || viaNR
		g.Statements = append(g.Statements, i)
		if !s.Conditional() {
			allConditional = false
		}
	}
	if len(g.Statements) == 0 {
		return AdminGrant{}, false
	}
	g.Conditional = allConditional
	return g, true
}

func notActionTouchesIAM(patterns []string) bool {
	for _, p := range patterns {
		if canMatchPrefix(p, "iam:") {
			return true
		}
	}
	return false
}

// ServiceWildcard is one Allow grant of every action of a service.
type ServiceWildcard struct {
	Statement int
	// Pattern is the Action entry as written ("s3:*", "*"), or "NotAction"
	// for an Allow + NotAction statement.
	Pattern     string
	Conditional bool
}

// ServiceWildcards lists Allow statements granting all actions of a service
// (Security Hub IAM.21 / Config iam-policy-no-statements-with-full-access):
// an Action entry whose action part is only '*' ("s3:*", "*", "*:*"), or any
// Allow + NotAction statement. Resource scope does not matter to IAM.21.
// Prefixed wildcards such as "ec2:Describe*" are compliant.
func (d *Document) ServiceWildcards() []ServiceWildcard {
	var out []ServiceWildcard
	for i, s := range d.Statements {
		if s.Effect != Allow {
			continue
		}
		if s.HasNotAction {
			out = append(out, ServiceWildcard{Statement: i, Pattern: "NotAction", Conditional: s.Conditional()})
			continue
		}
		for _, a := range s.Action {
			if isServiceWildcard(a) {
				out = append(out, ServiceWildcard{Statement: i, Pattern: a, Conditional: s.Conditional()})
			}
		}
	}
	return out
}

// isServiceWildcard reports whether an Action entry matches every action of
// the services it names: "s3:*", "s3:?*", "*", "*:*".
func isServiceWildcard(a string) bool {
	return coversWholeService(a)
}

// Escalation is a known privilege-escalation path a document grants.
type Escalation struct {
	// Name identifies the path, e.g. "PassRole+EC2".
	Name string
	// Actions are the actions of the path.
	Actions []string
	// Conditional: some statement needed for the path has a Condition.
	Conditional bool
}

// Scope is the account a document is judged in: escalation targets are
// that account's users, groups, roles and policies. An empty field stands
// for any value.
type Scope struct {
	Partition string
	Account   string
}

// escalationStep is one action of a path and the resources it must reach.
type escalationStep struct {
	action string
	// resource is the target's ARN, with {p} and {a} for the partition and
	// account, {r} for any region and a trailing '*' for any name.
	resource string
	// all: the path needs the action on every resource of the target (an
	// attacker needs it on a principal or policy more privileged than
	// itself, which we cannot rank, so scoping to named resources is the
	// mitigation). Otherwise any one resource of the target will do (an
	// attacker creates its own EC2 instance or Lambda function).
	all bool
	// self: the action on the caller's own resource is already an
	// escalation (attaching a policy to oneself), so a 2012-10-17 policy
	// variable such as ${aws:username} counts as reaching every resource.
	self bool
}

const (
	resUser   = "arn:{p}:iam::{a}:user/*"
	resGroup  = "arn:{p}:iam::{a}:group/*"
	resRole   = "arn:{p}:iam::{a}:role/*"
	resPolicy = "arn:{p}:iam::{a}:policy/*"
)

func iamStep(action, resource string) escalationStep {
	return escalationStep{action: action, resource: resource, all: true}
}

func anyStep(action, resource string) escalationStep {
	return escalationStep{action: action, resource: resource}
}

// escalationPath is a named path and its steps.
type escalationPath struct {
	Name  string
	Steps []escalationStep
}

// escalationPaths are the IAM privilege-escalation methods published by
// Rhino Security Labs ("AWS IAM Privilege Escalation – Methods and
// Mitigation", https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/).
// UpdateAssumeRolePolicy is listed alone: a trust policy that names the
// caller needs no sts:AssumeRole in the caller's own policy. The resource of
// each step follows the Service Authorization Reference's resource types for
// the action.
var escalationPaths = []escalationPath{
	{"CreatePolicyVersion", []escalationStep{iamStep("iam:CreatePolicyVersion", resPolicy)}},
	{"SetDefaultPolicyVersion", []escalationStep{iamStep("iam:SetDefaultPolicyVersion", resPolicy)}},
	{"CreateAccessKey", []escalationStep{iamStep("iam:CreateAccessKey", resUser)}},
	{"CreateLoginProfile", []escalationStep{iamStep("iam:CreateLoginProfile", resUser)}},
	{"UpdateLoginProfile", []escalationStep{iamStep("iam:UpdateLoginProfile", resUser)}},
	{"AttachUserPolicy", []escalationStep{{action: "iam:AttachUserPolicy", resource: resUser, all: true, self: true}}},
	{"AttachGroupPolicy", []escalationStep{iamStep("iam:AttachGroupPolicy", resGroup)}},
	{"AttachRolePolicy", []escalationStep{iamStep("iam:AttachRolePolicy", resRole)}},
	{"PutUserPolicy", []escalationStep{{action: "iam:PutUserPolicy", resource: resUser, all: true, self: true}}},
	{"PutGroupPolicy", []escalationStep{iamStep("iam:PutGroupPolicy", resGroup)}},
	{"PutRolePolicy", []escalationStep{iamStep("iam:PutRolePolicy", resRole)}},
	{"AddUserToGroup", []escalationStep{iamStep("iam:AddUserToGroup", resGroup)}},
	{"UpdateAssumeRolePolicy", []escalationStep{iamStep("iam:UpdateAssumeRolePolicy", resRole)}},
	{"PassRole+EC2", []escalationStep{iamStep("iam:PassRole", resRole), anyStep("ec2:RunInstances", "arn:{p}:ec2:{r}:{a}:instance/*")}},
	{"PassRole+Lambda+Invoke", []escalationStep{iamStep("iam:PassRole", resRole),
		anyStep("lambda:CreateFunction", "arn:{p}:lambda:{r}:{a}:function:*"), anyStep("lambda:InvokeFunction", "arn:{p}:lambda:{r}:{a}:function:*")}},
	{"PassRole+Lambda+EventSourceMapping", []escalationStep{iamStep("iam:PassRole", resRole),
		anyStep("lambda:CreateFunction", "arn:{p}:lambda:{r}:{a}:function:*"), anyStep("lambda:CreateEventSourceMapping", "arn:{p}:lambda:{r}:{a}:event-source-mapping:*")}},
	{"UpdateFunctionCode", []escalationStep{iamStep("lambda:UpdateFunctionCode", "arn:{p}:lambda:{r}:{a}:function:*")}},
	{"PassRole+CloudFormation", []escalationStep{iamStep("iam:PassRole", resRole), anyStep("cloudformation:CreateStack", "arn:{p}:cloudformation:{r}:{a}:stack/*")}},
	{"PassRole+Glue", []escalationStep{iamStep("iam:PassRole", resRole), anyStep("glue:CreateDevEndpoint", "arn:{p}:glue:{r}:{a}:devEndpoint/*")}},
	{"UpdateDevEndpoint", []escalationStep{iamStep("glue:UpdateDevEndpoint", "arn:{p}:glue:{r}:{a}:devEndpoint/*")}},
	{"PassRole+DataPipeline", []escalationStep{iamStep("iam:PassRole", resRole),
		anyStep("datapipeline:CreatePipeline", "arn:{p}:datapipeline:{r}:{a}:*"), anyStep("datapipeline:PutPipelineDefinition", "arn:{p}:datapipeline:{r}:{a}:*")}},
}

// resourceTarget instantiates a step's resource for a scope.
func resourceTarget(res string, sc Scope) []tok {
	var parts []any
	for res != "" {
		i := strings.IndexByte(res, '{')
		if i < 0 {
			if strings.HasSuffix(res, "*") {
				parts = append(parts, strings.TrimSuffix(res, "*"), anyRun)
			} else {
				parts = append(parts, res)
			}
			break
		}
		parts = append(parts, res[:i])
		switch res[i : i+3] {
		case "{p}":
			parts = append(parts, orRun(sc.Partition))
		case "{a}":
			parts = append(parts, orRun(sc.Account))
		case "{r}":
			parts = append(parts, segmentRun)
		}
		res = res[i+3:]
	}
	return target(parts...)
}

// reaches reports whether an Allow statement's resource element reaches the
// step's target: with all, every resource of the target; otherwise at least
// one. Allow + NotResource reaches the target unless a NotResource entry
// excludes all of it (excluding some resources, e.g. one admin user, leaves
// the rest: the broad reading a reviewer needs).
func (s Statement) reaches(st escalationStep, q []tok, vars bool) bool {
	if s.HasNotResource {
		for _, r := range s.NotResource {
			if covers(r, q, true) {
				return false
			}
		}
		return true
	}
	for _, r := range s.Resource {
		if vars && st.self {
			r = expandVariables(r)
		}
		if st.all && covers(r, q, true) || !st.all && overlaps(r, q) {
			return true
		}
	}
	return false
}

// deniesAll reports whether an unconditional Deny statement refuses the
// action on every resource of the target: a Resource entry covers it, or
// no NotResource entry might match it.
func (s Statement) deniesAll(q []tok) bool {
	if s.HasNotResource {
		for _, r := range s.NotResource {
			if overlaps(r, q) {
				return false
			}
		}
		return true
	}
	for _, r := range s.Resource {
		if covers(r, q, true) {
			return true
		}
	}
	return false
}

// Escalations lists the known privilege-escalation paths the document
// grants in the scope's account. Resource elements are matched as IAM
// matches them, as patterns: iam:AttachUserPolicy on
// "arn:aws:iam::ACCOUNT:user/*" reaches every user exactly as on "*" does,
// and "iam:*" on "arn:aws:iam::ACCOUNT:*" grants every IAM path. An IAM step
// must reach every resource of its type (see escalationStep.all); a step
// such as ec2:RunInstances needs any one. An action is not counted when an
// unconditional Deny in the same document refuses it on the whole target
// (a Deny always wins). In a 2012-10-17 document, a policy variable in the
// resource of a self-escalating action (attaching a policy to one's own
// user) reaches the caller itself, which is the escalation; in 2008-10-17
// documents variables are literal text, as IAM reads them.
func (d *Document) Escalations(sc Scope) []Escalation {
	vars := d.Version == "2012-10-17"
	type key struct{ action, resource string }
	judged := map[key]int{} // 0 not allowed, 1 allowed, 2 allowed only conditionally
	judge := func(st escalationStep) int {
		k := key{st.action, st.resource}
		if v, ok := judged[k]; ok {
			return v
		}
		q := resourceTarget(st.resource, sc)
		v := 0
		for _, s := range d.Statements {
			if s.Effect == Deny && !s.Conditional() && s.Covers(st.action) && s.deniesAll(q) {
				v = 0
				break
			}
			if s.Allows(st.action) && s.reaches(st, q, vars) {
				if !s.Conditional() {
					v = 1
				} else if v == 0 {
					v = 2
				}
			}
		}
		judged[k] = v
		return v
	}
	var out []Escalation
	for _, p := range escalationPaths {
		ok, cond := true, false
		for _, st := range p.Steps {
			switch judge(st) {
			case 0:
				ok = false
			case 2:
				cond = true
			}
		}
		if ok {
			e := Escalation{Name: p.Name, Conditional: cond}
			for _, st := range p.Steps {
				e.Actions = append(e.Actions, st.action)
			}
			out = append(out, e)
		}
	}
	return out
}

// ConditionKeys returns the statement's conditions as sorted
// "Operator:key" strings, for reports.
func (s Statement) ConditionKeys() []string {
	var out []string
	for op, keys := range s.Condition {
		for k := range keys {
			out = append(out, op+":"+k)
		}
	}
	sort.Strings(out)
	return out
}

// narrowingOperators are the condition operators that, when the key is
// absent or the value differs, deny the request: they can only narrow a
// grant. Negated operators (StringNotEquals) and ...IfExists variants do not
// narrow reliably (an absent key passes), so they are not listed. The
// ForAnyValue: forms are listed because ForAnyValue is false when the key is
// absent; AWS documents ForAnyValue:StringLike as the way to test the
// multivalued aws:PrincipalOrgPaths. ForAllValues: is not: it is true for
// an absent key.
var narrowingOperators = map[string]bool{
	"stringequals": true, "stringequalsignorecase": true, "stringlike": true,
	"arnequals": true, "arnlike": true,
	"foranyvalue:stringequals": true, "foranyvalue:stringequalsignorecase": true, "foranyvalue:stringlike": true,
	"foranyvalue:arnequals": true, "foranyvalue:arnlike": true,
}

// NarrowingKeys returns the keys among want (case-insensitive) that this
// statement's Condition uses with a narrowing operator and values that
// confine the caller (see valuesNarrow). The result is sorted and uses the
// spelling in the document.
func (s Statement) NarrowingKeys(want ...string) []string {
	var out []string
	for op, keys := range s.Condition {
		if !narrowingOperators[strings.ToLower(op)] {
			continue
		}
		for k, vals := range keys {
			if !containsFold(want, k) || !valuesNarrow(op, k, vals) {
				continue
			}
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// valuesNarrow reports whether a condition's values confine a key to known
// organizations, accounts or principals. A value of only wildcards never
// does. With the wildcard-matching operators (StringLike, ArnLike and
// ArnEquals, which IAM documents as matching '*' and '?' in each ARN
// component) a condition matches when any value matches, so every value
// must be confining: an ARN whose account field holds a wildcard
// ("arn:aws:iam::*:role/x" is role x in every account), an account or
// organization ID with a wildcard, or an organization path whose
// organization ID has one, confines nothing.
func valuesNarrow(op, key string, vals []string) bool {
	if len(vals) == 0 || onlyWildcards(vals) {
		return false
	}
	lop := strings.ToLower(op)
	if !strings.Contains(lop, "like") && !strings.Contains(lop, "arnequals") && !strings.Contains(lop, "arnnotequals") {
		return true
	}
	for _, v := range vals {
		if strings.Trim(v, "*?") == "" {
			return false
		}
		switch strings.ToLower(key) {
		case "aws:principalarn", "aws:sourcearn":
			parts := strings.SplitN(v, ":", 6)
			if len(parts) < 6 {
				if strings.ContainsAny(v, "*?") {
					return false
				}
			} else if strings.ContainsAny(parts[4], "*?") || (parts[4] == "" && strings.ContainsAny(parts[2], "*?")) {
				return false
			}
		case "aws:principalorgpaths", "aws:sourceorgpaths":
			org, _, _ := strings.Cut(v, "/")
			if strings.ContainsAny(org, "*?") {
				return false
			}
		case "aws:principalaccount", "aws:sourceaccount", "aws:principalorgid", "aws:sourceorgid":
			if strings.ContainsAny(v, "*?") {
				return false
			}
		}
	}
	return true
}

// negatedOperators are the condition operators that are true when the key
// is absent or differs from every value: in a Deny statement they deny every
// request that does not carry one of the listed values.
var negatedOperators = map[string]bool{
	"stringnotequals": true, "stringnotequalsignorecase": true, "stringnotlike": true,
	"arnnotequals": true, "arnnotlike": true,
}

// DenyOutsideKeys reports how a Deny statement confines its principal: it
// returns the keys among want (case-insensitive, sorted, as spelled in the
// document) when the statement's Condition consists only of negated
// operators (StringNotEquals, ArnNotLike...) on those keys with values other
// than "*". Such a Deny refuses every caller outside the listed
// organizations, accounts or principals, including callers that lack the
// key altogether (the data-perimeter pattern). Any other condition key
// makes the Deny apply less often, so then nil is returned; so it is for an
// Allow, or a Deny without conditions (which refuses everyone, and is for
// the caller to see through Covers).
func (s Statement) DenyOutsideKeys(want ...string) []string {
	if s.Effect != Deny || !s.Conditional() {
		return nil
	}
	var out []string
	for op, keys := range s.Condition {
		if !negatedOperators[strings.ToLower(op)] {
			if len(keys) > 0 {
				return nil
			}
			continue
		}
		for k, vals := range keys {
			if !containsFold(want, k) || !valuesNarrow(op, k, vals) {
				return nil
			}
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// RequiresTrue reports whether the statement requires a boolean key to be
// true with the Bool operator (not BoolIfExists, which passes when the key
// is absent, e.g. for long-term access keys and aws:MultiFactorAuthPresent).
func (s Statement) RequiresTrue(key string) bool {
	for op, keys := range s.Condition {
		if !strings.EqualFold(op, "Bool") {
			continue
		}
		for k, vals := range keys {
			if strings.EqualFold(k, key) && len(vals) > 0 && allFold(vals, "true") {
				return true
			}
		}
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func allFold(list []string, s string) bool {
	for _, x := range list {
		if !strings.EqualFold(x, s) {
			return false
		}
	}
	return true
}

func onlyWildcards(vals []string) bool {
	for _, v := range vals {
		if strings.Trim(v, "*") != "" {
			return false
		}
	}
	return true
}

// AccountOf extracts the account ID an AWS principal names: a bare 12-digit
// account ID, or an ARN such as arn:aws:iam::123456789012:root or
// arn:aws:sts::123456789012:assumed-role/r/s. ok is false for "*" and for
// unique IDs (AIDA..., AROA...) that IAM shows when the named principal was
// deleted.
func AccountOf(principal string) (string, bool) {
	if isAccountID(principal) {
		return principal, true
	}
	parts := strings.SplitN(principal, ":", 6)
	if len(parts) == 6 && parts[0] == "arn" && isAccountID(parts[4]) {
		return parts[4], true
	}
	return "", false
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
