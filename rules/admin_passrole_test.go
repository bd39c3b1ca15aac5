package rules

import (
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// TestAdminPassRoleKinds: each PassRole kind, against an admin role its
// service may assume, with FAIL (or UNKNOWN for a kind that needs a resource
// the evidence does not list), UNKNOWN and PASS neighbours: every action of
// the kind; the last action only from a network (a condition the evidence
// cannot settle); the last action missing; PassRole only to another
// service.
func TestAdminPassRoleKinds(t *testing.T) {
	for _, k := range passRoleKinds {
		svc := strings.TrimSuffix(k.service, ".amazonaws.com")
		word := k.catalog
		if word == "-" {
			word = strings.Split(k.what, " %s")[0]
		}
		all := admAllow("iam:PassRole", "*")
		for _, a := range k.actions {
			all += "," + admAllow(a, "*")
		}
		last := k.actions[len(k.actions)-1]
		var rest string
		for _, a := range k.actions[:len(k.actions)-1] {
			rest += "," + admAllow(a, "*")
		}
		fromNet := admAllow("iam:PassRole", "*") + rest + `,{"Effect":"Allow","Action":"` + last + `","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}`
		otherSvc := `{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"elasticmapreduce.amazonaws.com"}}}`
		for _, a := range k.actions {
			otherSvc += "," + admAllow(a, "*")
		}
		full := result.Fail
		if k.question != "" {
			full = result.Unknown
		}
		for _, c := range []struct {
			name  string
			stmts string
			want  result.Status
			words []string
		}{
			{"every action", all, full, []string{word}},
			{"last action from a network", fromNet, result.Unknown, []string{word, "aws:SourceIp"}},
			{"last action missing", admAllow("iam:PassRole", "*") + rest, result.Pass, nil},
			{"PassRole to another service", otherSvc, result.Pass, nil},
		} {
			t.Run(k.catalog+" "+k.what+" "+c.name, func(t *testing.T) {
				role := admRole("adminrole", admTrustService(svc), true)
				runRule(t, AdminEscalationPath, admSnap([]audit.User{admBoss(), admEve(c.stmts)}, []audit.Role{role}, nil, nil),
					[]ruleWant{admBossPass, {polUserARN("eve"), c.want, c.words}, {polRoleARN("adminrole"), result.Pass, []string{"is itself admin"}}})
			})
		}
	}
}

// TestAdminPassRoleOneQuestionPerService: PassRole is judged once per
// service, and the kinds of a covered service are the only edges: a user
// who may pass the role to Lambda and run nothing there is not UNKNOWN.
func TestAdminPassRoleOneQuestionPerService(t *testing.T) {
	role := admRole("adminrole", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","ecs-tasks.amazonaws.com","states.amazonaws.com"]},"Action":"sts:AssumeRole"}}`, true)
	eve := admEve(admAllow("iam:PassRole", "*") + "," + admAllow("ecs:RegisterTaskDefinition", "*") + "," + admAllow("ecs:RunTask", "*"))
	g, _ := NewContext(admSnap([]audit.User{admBoss(), eve}, []audit.Role{role}, nil, nil), Config{}).adminGraph()
	var kinds []string
	for _, e := range g.out[g.byARN[polUserARN("eve")]] {
		kinds = append(kinds, e.catalog+" "+e.answer.String())
	}
	want := "ecs-004 MAYBE,- MAYBE" // ECS asks for a cluster; Step Functions is asked; Lambda is no edge
	if strings.Join(kinds, ",") != want {
		t.Errorf("edges of eve: got %v, want %s", kinds, want)
	}
}

// TestAdminMaybeGroupsTargets: the same unsettled question about several
// admin roles is one part of the reason naming them all, not one per role;
// a role whose name extends another's is not mistaken for it.
func TestAdminMaybeGroupsTargets(t *testing.T) {
	lambda := admTrustService("lambda")
	roles := []audit.Role{admRole("fn", lambda, true), admRole("fn-2", lambda, true), admRole("fn-3", lambda, true)}
	eve := admEve(admAllow("lambda:UpdateFunctionCode", "*"))
	want := "may be able to become admin: user eve can replace the code of an existing Lambda function that runs as role fn, fn-2 or fn-3 [pathfinding.cloud lambda-003], " +
		"allowed: lambda:UpdateFunctionCode by inline policy eve-policy of user eve Statement[0] — unsettled: does an existing Lambda function run as role fn, fn-2 or fn-3 (functions are not in the evidence)?"
	for _, r := range Evaluate(admSnap([]audit.User{admBoss(), eve}, roles, nil, nil), []Rule{AdminEscalationPath}, Config{}) {
		if r.Resource == polUserARN("eve") && (r.Status != result.Unknown || r.Reason != want) {
			t.Errorf("eve: got %s %q\nwant UNKNOWN %q", r.Status, r.Reason, want)
		}
	}
	// IAM names may hold commas: "fn," could be a name, so it is kept.
	if got := replaceName("role fn-2 and role fn, role fn", "role ", "fn", "X"); got != "role fn-2 and role fn, role X" {
		t.Errorf("replaceName: got %q", got)
	}
}
