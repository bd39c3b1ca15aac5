package rules

import (
	"bytes"
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

// TestAdminEC2InstanceProfiles: PassRole + ec2:RunInstances (ec2-001) and
// + ec2:RequestSpotInstances (ec2-003) into an admin role EC2 may assume,
// by what the evidence says of the role's instance profiles: in one, the
// launch is judged; in none, the principal must create a profile and add
// the role (or fill a profile holding no role, which the evidence cannot
// list: asked); not collected, the question stays.
func TestAdminEC2InstanceProfiles(t *testing.T) {
	in := &[]audit.InstanceProfile{{Name: "admin-profile", ARN: "arn:aws:iam::123456789012:instance-profile/admin-profile", Path: "/"}}
	none := &[]audit.InstanceProfile{}
	for _, k := range []struct{ catalog, launch string }{{"ec2-001", "ec2:RunInstances"}, {"ec2-003", "ec2:RequestSpotInstances"}} {
		pass := admAllow("iam:PassRole", "arn:aws:iam::123456789012:role/adminrole")
		launch := admAllow(k.launch, "*")
		create, add := admAllow("iam:CreateInstanceProfile", "*"), admAllow("iam:AddRoleToInstanceProfile", "*")
		passTo := func(svc string) string {
			return `{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"` + svc + `"}}}`
		}
		for _, c := range []struct {
			name     string
			profiles *[]audit.InstanceProfile
			stmts    string
			want     result.Status
			words    []string
		}{
			{"in a profile", in, pass + "," + launch, result.Fail, []string{k.catalog, "(instance profile admin-profile)", k.launch}},
			{"in a profile, PassRole only to EC2", in, passTo("ec2.amazonaws.com") + "," + launch, result.Fail, []string{k.catalog}},
			{"in a profile, PassRole only to Lambda", in, passTo("lambda.amazonaws.com") + "," + launch, result.Pass, []string{"no path"}},
			{"in a profile, PassRole denied", in, pass + "," + launch + `,{"Effect":"Deny","Action":"iam:PassRole","Resource":"*"}`, result.Pass, []string{"no path"}},
			{"in a profile, no launch", in, pass, result.Pass, []string{"no path"}},
			{"in a profile, launch from a network", in, pass + `,{"Effect":"Allow","Action":"` + k.launch + `","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}`,
				result.Unknown, []string{k.catalog, "aws:SourceIp"}},
			{"in no profile, no profile rights", none, pass + "," + launch, result.Pass, []string{"no path"}},
			{"in no profile, may create one and add the role", none, pass + "," + launch + "," + create + "," + add, result.Fail,
				[]string{k.catalog, "create an instance profile holding role adminrole", "iam:CreateInstanceProfile by", "iam:AddRoleToInstanceProfile by"}},
			{"in no profile, may create but not add", none, pass + "," + launch + "," + create, result.Pass, []string{"no path"}},
			{"in no profile, adding denied", none, pass + "," + launch + "," + create + "," + add + `,{"Effect":"Deny","Action":"iam:AddRoleToInstanceProfile","Resource":"*"}`, result.Pass, []string{"no path"}},
			{"in no profile, may add but not create", none, pass + "," + launch + "," + add, result.Unknown,
				[]string{k.catalog, "add role adminrole to an instance profile", "profiles without a role are not in the evidence"}},
			{"not collected", nil, pass + "," + launch, result.Unknown, []string{k.catalog, "is role adminrole in an instance profile (instance profiles are not in the evidence)?"}},
			{"not collected, PassRole only to Lambda", nil, passTo("lambda.amazonaws.com") + "," + launch, result.Pass, []string{"no path"}},
		} {
			t.Run(k.catalog+" "+c.name, func(t *testing.T) {
				role := admRole("adminrole", admTrustService("ec2"), true)
				role.InstanceProfiles = c.profiles
				runRule(t, AdminEscalationPath, admSnap([]audit.User{admBoss(), admEve(c.stmts)}, []audit.Role{role}, nil, nil),
					[]ruleWant{admBossPass, {polUserARN("eve"), c.want, c.words}, {polRoleARN("adminrole"), result.Pass, []string{"is itself admin"}}})
			})
		}
	}
}

// TestAdminEC2OldEvidence: evidence written before roles carried their
// instance profiles (no instance_profiles field), read back from JSON,
// keeps the question (UNKNOWN), while the same account collected now with
// the role in none is PASS: absent is never read as "in no profile".
func TestAdminEC2OldEvidence(t *testing.T) {
	stmts := admAllow("iam:PassRole", "*") + "," + admAllow("ec2:RunInstances", "*")
	for _, c := range []struct {
		name     string
		profiles *[]audit.InstanceProfile
		want     result.Status
		words    []string
	}{
		{"old evidence", nil, result.Unknown, []string{"ec2-001", "is role adminrole in an instance profile (instance profiles are not in the evidence)?"}},
		{"collected, in none", &[]audit.InstanceProfile{}, result.Pass, []string{"no path"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			role := admRole("adminrole", admTrustService("ec2"), true)
			role.InstanceProfiles = c.profiles
			var buf bytes.Buffer
			if err := admSnap([]audit.User{admBoss(), admEve(stmts)}, []audit.Role{role}, nil, nil).WriteJSON(&buf); err != nil {
				t.Fatal(err)
			}
			if got := bytes.Contains(buf.Bytes(), []byte(`"instance_profiles"`)); got != (c.profiles != nil) {
				t.Fatalf("instance_profiles written: %v", got)
			}
			s, err := audit.ReadSnapshot(&buf)
			if err != nil {
				t.Fatal(err)
			}
			runRule(t, AdminEscalationPath, s,
				[]ruleWant{admBossPass, {polUserARN("eve"), c.want, c.words}, {polRoleARN("adminrole"), result.Pass, []string{"is itself admin"}}})
		})
	}
}
