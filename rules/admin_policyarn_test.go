package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// admAttachIf is an Allow of action on "*" under one iam:PolicyARN condition.
func admAttachIf(action, op, vals string) string {
	return `{"Effect":"Allow","Action":"` + action + `","Resource":"*","Condition":{"` + op + `":{"iam:PolicyARN":` + vals + `}}}`
}

// policyARNCase is eve's statements, the customer policies and her verdict.
type policyARNCase struct {
	name  string
	stmts string
	pols  []audit.ManagedPolicy
	want  result.Status
	words []string
}

// TestAdminEscalationPathPolicyARN: the attacker picks the policy it
// attaches, so an iam:PolicyARN condition is judged per candidate policy:
// an admin policy it may attach is a path; a policy granting more than
// reads is a second step (a path when its document is in the snapshot and
// lets the holder attach an admin policy); PASS only when every policy it
// may attach is named, collected and read-only.
func TestAdminEscalationPathPolicyARN(t *testing.T) {
	const (
		awsAdmin = `"arn:aws:iam::aws:policy/AdministratorAccess"`
		readOnly = `"arn:aws:iam::aws:policy/ReadOnlyAccess"`
		iamFull  = `"arn:aws:iam::aws:policy/IAMFullAccess"`
	)
	reader := `"` + polPolicyARN("reader") + `"`
	cadmin := polCustomer("cadmin", polAdminDoc, 0)
	readerPol := polCustomer("reader", polReadDoc, 0)
	writer := polCustomer("writer", admDoc(admAllow("s3:PutObject", "*")), 0)
	iamFullPol := polAWSManaged("IAMFullAccess", admDoc(admAllow("iam:*", "*")))
	denyAdmin := `,{"Effect":"Deny","Action":"iam:AttachUserPolicy","Resource":"*","Condition":{"ArnEquals":{"iam:PolicyARN":` + awsAdmin + `}}}`
	att := "iam:AttachUserPolicy"
	cases := []policyARNCase{
		{"ArnEquals AdministratorAccess", admAttachIf(att, "ArnEquals", awsAdmin), nil, result.Fail, []string{"iam-008", "attaching arn:aws:iam::aws:policy/AdministratorAccess"}},
		{"ForAnyValue:ArnEquals AdministratorAccess", admAttachIf(att, "ForAnyValue:ArnEquals", awsAdmin), nil, result.Fail, []string{"iam-008"}},
		{"ArnLike every AWS-managed policy", admAttachIf(att, "ArnLike", `"arn:aws:iam::aws:policy/*"`), nil, result.Fail, []string{"iam-008", "AdministratorAccess"}},
		{"StringEquals a customer admin policy", admAttachIf(att, "StringEquals", `"`+cadmin.ARN+`"`), []audit.ManagedPolicy{cadmin, readerPol}, result.Fail, []string{"iam-008", "attaching " + cadmin.ARN}},
		{"only a collected read-only policy", admAttachIf(att, "ArnEquals", reader), []audit.ManagedPolicy{cadmin, readerPol}, result.Pass, []string{"no path to admin"}},
		{"a collected policy granting writes", admAttachIf(att, "ArnEquals", `"`+writer.ARN+`"`), []audit.ManagedPolicy{writer}, result.Unknown, []string{"iam:PolicyARN", "it grants s3:PutObject"}},
		{"ArnNotEquals AdministratorAccess, a customer admin policy exists", admAttachIf(att, "ArnNotEquals", awsAdmin), []audit.ManagedPolicy{cadmin}, result.Fail, []string{"attaching " + cadmin.ARN}},
		{"ArnNotEquals AdministratorAccess, nothing else collected", admAttachIf(att, "ArnNotEquals", awsAdmin), []audit.ManagedPolicy{readerPol}, result.Unknown, []string{"beyond those named"}},
		{"ReadOnlyAccess not collected", admAttachIf(att, "ArnEquals", readOnly), nil, result.Unknown, []string{"arn:aws:iam::aws:policy/ReadOnlyAccess (its document is not in the evidence)"}},
		{"IAMFullAccess not collected", admAttachIf(att, "ArnEquals", iamFull), nil, result.Unknown, []string{"IAMFullAccess (its document is not in the evidence)"}},
		{"IAMFullAccess collected: attach it, then AdministratorAccess", admAttachIf(att, "ArnEquals", iamFull), []audit.ManagedPolicy{iamFullPol}, result.Fail, []string{"iam-008", "attaching arn:aws:iam::aws:policy/IAMFullAccess, then arn:aws:iam::aws:policy/AdministratorAccess", "managed policy IAMFullAccess (v1) Statement[0]"}},
		{"Deny AdministratorAccess, a customer admin policy exists", admAllow(att, "*") + denyAdmin, []audit.ManagedPolicy{cadmin}, result.Fail, []string{"attaching " + cadmin.ARN}},
		{"Deny AdministratorAccess, any other policy attachable", admAllow(att, "*") + denyAdmin, []audit.ManagedPolicy{readerPol}, result.Unknown, []string{"beyond those named"}},
		{"Deny AdministratorAccess of the two allowed", admAttachIf(att, "ArnEquals", `[`+awsAdmin+`,`+reader+`]`) + denyAdmin, []audit.ManagedPolicy{readerPol}, result.Pass, []string{"no path to admin"}},
		{"Deny unless the read-only policy", admAllow(att, "*") + `,{"Effect":"Deny","Action":"iam:AttachUserPolicy","Resource":"*","Condition":{"ArnNotEquals":{"iam:PolicyARN":` + reader + `}}}`, []audit.ManagedPolicy{readerPol, cadmin}, result.Pass, []string{"no path to admin"}},
		{"Allow * but Deny attaching AdministratorAccess: not admin, but writes admin onto itself", admAllow("*", "*") + denyAdmin, []audit.ManagedPolicy{readerPol}, result.Fail, []string{"1 step", "iam-007", "2 other path(s)"}},
		{"a wildcard over customer policies", admAttachIf(att, "ArnLike", `"arn:aws:iam::123456789012:policy/read*"`), []audit.ManagedPolicy{readerPol}, result.Unknown, []string{"beyond those named"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := admSnap([]audit.User{admBoss(), admEve(c.stmts)}, nil, nil, c.pols)
			runRule(t, AdminEscalationPath, s, []ruleWant{admBossPass, {polUserARN("eve"), c.want, c.words}})
		})
	}
	t.Run("group: ArnEquals AdministratorAccess", func(t *testing.T) {
		s := admSnap([]audit.User{admBoss(), admEve(admAttachIf("iam:AttachGroupPolicy", "ArnEquals", awsAdmin), "devs")}, nil, []audit.Group{polGroup("devs")}, nil)
		runRule(t, AdminEscalationPath, s, []ruleWant{admBossPass, {polUserARN("eve"), result.Fail, []string{"iam-010", "group devs", "AdministratorAccess"}}})
	})
}

// TestAdminEscalationPathPolicyARNOnRole: the same judgement when the
// policy is attached to a role the attacker then assumes (iam-014).
func TestAdminEscalationPathPolicyARNOnRole(t *testing.T) {
	readerPol := polCustomer("reader", polReadDoc, 0)
	iamFullPol := polAWSManaged("IAMFullAccess", admDoc(admAllow("iam:*", "*")))
	att := "iam:AttachRolePolicy"
	assume := admAllow("sts:AssumeRole", polRoleARN("ops")) + ","
	cases := []policyARNCase{
		{"ArnEquals AdministratorAccess", assume + admAttachIf(att, "ArnEquals", `"arn:aws:iam::aws:policy/AdministratorAccess"`), nil, result.Fail, []string{"iam-014", "role ops (attaching arn:aws:iam::aws:policy/AdministratorAccess)"}},
		{"only a collected read-only policy", assume + admAttachIf(att, "ArnEquals", `"`+readerPol.ARN+`"`), []audit.ManagedPolicy{readerPol}, result.Pass, []string{"no path to admin"}},
		{"IAMFullAccess not collected", assume + admAttachIf(att, "ArnEquals", `"arn:aws:iam::aws:policy/IAMFullAccess"`), nil, result.Unknown, []string{"IAMFullAccess (its document is not in the evidence)"}},
		{"IAMFullAccess collected: the role attaches admin to itself", assume + admAttachIf(att, "ArnEquals", `"arn:aws:iam::aws:policy/IAMFullAccess"`), []audit.ManagedPolicy{iamFullPol}, result.Fail, []string{"iam-014", "then arn:aws:iam::aws:policy/AdministratorAccess"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ops := admRole("ops", admTrustAccount, false)
			s := admSnap([]audit.User{admBoss(), admEve(c.stmts)}, []audit.Role{ops}, nil, c.pols)
			runRule(t, AdminEscalationPath, s, []ruleWant{admBossPass, {polUserARN("eve"), c.want, c.words},
				{polRoleARN("ops"), result.Pass, []string{"no path to admin"}}})
		})
	}
}
