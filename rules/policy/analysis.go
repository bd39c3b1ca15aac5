package policy

import (
	"fmt"
	"slices"
	"strings"
)

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
		return !slices.ContainsFunc(s.NotResource, func(r string) bool { return covers(r, q, true) })
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
		return !slices.ContainsFunc(s.NotResource, func(r string) bool { return overlaps(r, q) })
	}
	return slices.ContainsFunc(s.Resource, func(r string) bool { return covers(r, q, true) })
}

// grant is whether a document allows one step of a path: not at all,
// outright, or only under a condition the audit cannot settle.
type grant uint8

const (
	notGranted grant = iota
	granted
	grantedIf
)

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
	judged := map[key]grant{}
	judge := func(st escalationStep) grant {
		k := key{st.action, st.resource}
		if v, ok := judged[k]; ok {
			return v
		}
		q := resourceTarget(st.resource, sc)
		v := notGranted
		for _, s := range d.Statements {
			if s.Effect == Deny && !s.Conditional() && s.Covers(st.action) && s.deniesAll(q) {
				v = notGranted
				break
			}
			if s.Allows(st.action) && s.reaches(st, q, vars) {
				if !s.Conditional() {
					v = granted
				} else if v == notGranted {
					v = grantedIf
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
			case notGranted:
				ok = false
			case grantedIf:
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
