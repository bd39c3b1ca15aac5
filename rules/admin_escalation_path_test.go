package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// Helpers of the effective-admin tests: "boss" is an admin user (the
// AWS-managed AdministratorAccess), "eve" the principal under test.

func admDoc(stmts string) string { return `{"Version":"2012-10-17","Statement":[` + stmts + `]}` }

func admAllow(action, resource string) string {
	return `{"Effect":"Allow","Action":"` + action + `","Resource":"` + resource + `"}`
}

func admBoss() audit.User {
	u := polUser("boss")
	u.AttachedPolicies = []audit.AttachedPolicy{polAttach(polAWSAdminARN)}
	return u
}

func admEve(stmts string, groups ...string) audit.User {
	u := polUser("eve", groups...)
	if stmts != "" {
		u.InlinePolicies = []audit.InlinePolicy{polInline("eve-policy", admDoc(stmts))}
	}
	return u
}

// admSnap holds the users (boss first), roles, groups and customer
// policies, AdministratorAccess, and a credential report in which every
// user has no password, no MFA and no keys unless rows says otherwise.
func admSnap(users []audit.User, roles []audit.Role, groups []audit.Group, pols []audit.ManagedPolicy, rows ...audit.CredentialRow) *audit.Snapshot {
	byName := map[string]audit.CredentialRow{}
	for _, r := range rows {
		byName[r.User] = r
	}
	var all []audit.CredentialRow
	for i, u := range users {
		r, ok := byName[u.Name]
		if !ok {
			r = credUser(u.Name)
		}
		users[i].CreateDate = r.UserCreationTime.Time
		all = append(all, r)
	}
	s := credSnap(all...)
	s.Authorization = &audit.AuthorizationDetails{Users: users, Roles: roles, Groups: groups,
		Policies: append([]audit.ManagedPolicy{polAWSManaged("AdministratorAccess", polAdminDoc)}, pols...)}
	s.Organization = &audit.Organization{InOrganization: false}
	return s
}

const admTrustEve = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/eve"},"Action":"sts:AssumeRole"}}`
const admTrustAccount = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}}`

func admRole(name, trust string, admin bool, inline ...audit.InlinePolicy) audit.Role {
	r := polRole(name, trust)
	if admin {
		r.AttachedPolicies = []audit.AttachedPolicy{polAttach(polAWSAdminARN)}
	}
	r.InlinePolicies = inline
	return r
}

var admBossPass = ruleWant{polUserARN("boss"), result.Pass, []string{"is itself admin", "AdministratorAccess"}}

func TestAdminEscalationPathSelfWrites(t *testing.T) {
	self := "arn:aws:iam::123456789012:user/${aws:username}"
	cases := []struct {
		name  string
		eve   audit.User
		pols  []audit.ManagedPolicy
		grps  []audit.Group
		want  result.Status
		words []string
	}{
		{"PutUserPolicy on itself via a policy variable", admEve(admAllow("iam:PutUserPolicy", self)), nil, nil, result.Fail, []string{"iam-007", "1 step", "inline policy eve-policy of user eve Statement[0]"}},
		{"PutUserPolicy on another user only", admEve(admAllow("iam:PutUserPolicy", polUserARN("bob"))), nil, nil, result.Pass, []string{"no path to admin"}},
		{"PutUserPolicy behind a network condition", admEve(`{"Effect":"Allow","Action":"iam:PutUserPolicy","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}`), nil, nil, result.Unknown, []string{"aws:SourceIp"}},
		{"PutUserPolicy needing MFA", admEve(`{"Effect":"Allow","Action":"iam:PutUserPolicy","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}`), nil, nil, result.Fail, []string{"needs an MFA session"}},
		{"PutUserPolicy in a region the caller picks", admEve(`{"Effect":"Allow","Action":"iam:PutUserPolicy","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}`), nil, nil, result.Fail, []string{"iam-007"}},
		{"PutUserPolicy only for another principal ARN", admEve(`{"Effect":"Allow","Action":"iam:PutUserPolicy","Resource":"*","Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::123456789012:user/bob"}}}`), nil, nil, result.Pass, nil},
		{"AttachUserPolicy limited by iam:PolicyARN", admEve(`{"Effect":"Allow","Action":"iam:AttachUserPolicy","Resource":"*","Condition":{"ArnEquals":{"iam:PolicyARN":"arn:aws:iam::aws:policy/ReadOnlyAccess"}}}`), nil, nil, result.Unknown, []string{"iam:PolicyARN"}},
		{"AttachUserPolicy with iam:*", admEve(admAllow("iam:*", "*")), nil, nil, result.Fail, []string{"iam-00"}},
		{"Deny wins", admEve(admAllow("iam:PutUserPolicy", "*") + `,{"Effect":"Deny","Action":"iam:*","Resource":"*"}`), nil, nil, result.Pass, nil},
		{"Deny behind a network condition", admEve(admAllow("iam:PutUserPolicy", "*") + `,{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}`), nil, nil, result.Unknown, []string{"may deny it"}},
		{"AttachGroupPolicy on its group", admEve(admAllow("iam:AttachGroupPolicy", polGroupARN("devs")), "devs"), nil, []audit.Group{polGroup("devs")}, result.Fail, []string{"iam-010", "group devs"}},
		{"AttachGroupPolicy on a group it is not in", admEve(admAllow("iam:AttachGroupPolicy", polGroupARN("ops"))), nil, []audit.Group{polGroup("ops")}, result.Pass, nil},
		{"CreatePolicyVersion on its own policy", admEveAttached(admAllow("iam:CreatePolicyVersion", polPolicyARN("mine"))), []audit.ManagedPolicy{polCustomer("mine", admDoc(admAllow("iam:CreatePolicyVersion", polPolicyARN("mine"))), 1)}, nil, result.Fail, []string{"iam-001", "managed policy mine (v2) Statement[0]"}},
		{"CreatePolicyVersion on a policy it does not hold", admEve(admAllow("iam:CreatePolicyVersion", polPolicyARN("other"))), []audit.ManagedPolicy{polCustomer("other", polReadDoc, 0)}, nil, result.Pass, nil},
		{"AddUserToGroup into an admin group", admEve(admAllow("iam:AddUserToGroup", "*")), nil, []audit.Group{admGroup("admins", true)}, result.Fail, []string{"iam-013", "admin group admins"}},
		{"AddUserToGroup into a read-only group", admEve(admAllow("iam:AddUserToGroup", "*")), nil, []audit.Group{admGroup("readers", false)}, result.Pass, nil},
		{"NotAction leaves IAM: attach admin to itself", admEve(`{"Effect":"Allow","NotAction":"s3:DeleteBucket","Resource":"*"}`), nil, nil, result.Fail, []string{"1 step"}},
		{"NotAction iam:* with nothing to reach", admEve(`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`), nil, nil, result.Pass, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := admSnap([]audit.User{admBoss(), c.eve}, nil, c.grps, c.pols)
			runRule(t, AdminEscalationPath, s, []ruleWant{admBossPass, {polUserARN("eve"), c.want, c.words}})
		})
	}
}

func admEveAttached(stmts string) audit.User {
	u := polUser("eve")
	u.AttachedPolicies = []audit.AttachedPolicy{polAttach(polPolicyARN("mine"))}
	return u
}

func admGroup(name string, admin bool) audit.Group {
	g := polGroup(name)
	if admin {
		g.AttachedPolicies = []audit.AttachedPolicy{polAttach(polAWSAdminARN)}
	} else {
		g.InlinePolicies = []audit.InlinePolicy{polInline("read", polReadDoc)}
	}
	return g
}

func TestAdminEscalationPathFullAdmin(t *testing.T) {
	cases := []struct {
		name  string
		stmts string
		want  result.Status
		words []string
	}{
		{"NotAction iam:* plus iam:*", `{"Effect":"Allow","NotAction":"iam:*","Resource":"*"},` + admAllow("iam:*", "*"), result.Pass, []string{"is itself admin"}},
		{"every action on one account's ARNs only", admAllow("*", "arn:aws:s3:::*"), result.Pass, []string{"no path to admin"}},
		{"admin with a Deny carve-out takes over the admin user", admAllow("*", "*") + `,{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}`, result.Fail, []string{"iam-002", "1 other path(s)"}},
		{"admin needing MFA", `{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}`, result.Pass, []string{"is itself admin", "MFA session"}},
		{"admin from a network", `{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}`, result.Unknown, []string{"may allow everything"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := admSnap([]audit.User{admBoss(), admEve(c.stmts)}, nil, nil, nil)
			runRule(t, AdminEscalationPath, s, []ruleWant{admBossPass, {polUserARN("eve"), c.want, c.words}})
		})
	}
}

func TestAdminEscalationPathBoundary(t *testing.T) {
	eve := admEve(admAllow("iam:PutUserPolicy", "*"))
	eve.PermissionsBoundary = polPolicyARN("fence")
	fenceS3 := polCustomer("fence", admDoc(admAllow("s3:*", "*")), 1)
	fenceIAM := polCustomer("fence", admDoc(admAllow("iam:*", "*")), 1)
	fenceAll := polCustomer("fence", polAdminDoc, 1)
	for _, c := range []struct {
		name  string
		pols  []audit.ManagedPolicy
		want  result.Status
		words []string
	}{
		{"boundary without IAM", []audit.ManagedPolicy{fenceS3}, result.Pass, nil},
		{"boundary of IAM only: the write cannot lift it", []audit.ManagedPolicy{fenceIAM}, result.Pass, nil},
		{"boundary allowing everything", []audit.ManagedPolicy{fenceAll}, result.Fail, []string{"iam-007"}},
		{"boundary not collected", nil, result.Unknown, []string{"permissions boundary", "not collected"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			runRule(t, AdminEscalationPath, admSnap([]audit.User{admBoss(), eve}, nil, nil, c.pols), []ruleWant{admBossPass, {polUserARN("eve"), c.want, c.words}})
		})
	}
	// iam:* inside the identity and boundary, and the boundary may be
	// deleted: the write reaches admin in one step with two statements.
	eve2 := admEve(admAllow("iam:*", "*"))
	eve2.PermissionsBoundary = polPolicyARN("fence")
	runRule(t, AdminEscalationPath, admSnap([]audit.User{admBoss(), eve2}, nil, nil, []audit.ManagedPolicy{fenceIAM}),
		[]ruleWant{admBossPass, {polUserARN("eve"), result.Fail, []string{"delete its permissions boundary"}}})
}

// eveRoleCase is one row of the tables that pair eve with one role: eve's
// verdict with that role in the account.
type eveRoleCase struct {
	name  string
	eve   audit.User
	role  audit.Role
	want  result.Status
	words []string
}

func TestAdminEscalationPathRoles(t *testing.T) {
	admin := func(trust string) audit.Role { return admRole("adminrole", trust, true) }
	rolePass := ruleWant{polRoleARN("adminrole"), result.Pass, []string{"is itself admin"}}
	for _, c := range []eveRoleCase{
		{"trust names eve", admEve(""), admin(admTrustEve), result.Fail, []string{"sts-001", "trust policy of role adminrole Statement[0]"}},
		{"trust names the account, eve has no sts:AssumeRole", admEve(""), admin(admTrustAccount), result.Pass, nil},
		{"trust names the account, eve may assume", admEve(admAllow("sts:AssumeRole", polRoleARN("adminrole"))), admin(admTrustAccount), result.Fail, []string{"sts-001", "sts:AssumeRole by inline policy eve-policy"}},
		{"trust names the account, eve denied", admEve(admAllow("sts:AssumeRole", "*") + `,{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*"}`), admin(admTrustAccount), result.Pass, nil},
		{"trust needs MFA", admEve(""), admin(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/eve"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}`), result.Fail, []string{"needs an MFA session"}},
		{"trust from a network", admEve(""), admin(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/eve"},"Action":"sts:AssumeRole","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}}`), result.Unknown, []string{"aws:SourceIp"}},
		{"trust with an external ID", admEve(""), admin(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/eve"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}}`), result.Fail, []string{"sts-001"}},
		{"trust pinned to another principal", admEve(admAllow("sts:AssumeRole", "*")), admin(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole","Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/ci"}}}}`), result.Pass, nil},
		{"UpdateAssumeRolePolicy on the admin role", admEve(admAllow("iam:UpdateAssumeRolePolicy", polRoleARN("adminrole"))), admin(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}`), result.Fail, []string{"iam-012"}},
		{"PassRole + Lambda", admEve(admAllow("iam:PassRole", "*") + "," + admAllow("lambda:CreateFunction", "*") + "," + admAllow("lambda:InvokeFunction", "*")), admin(admTrustService("lambda")), result.Fail, []string{"lambda-001"}},
		{"PassRole only to EC2, Lambda asked", admEve(`{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}},` + admAllow("lambda:*", "*")), admin(admTrustService("lambda")), result.Unknown, []string{"lambda-003", "existing Lambda function"}},
		{"PassRole + Lambda without a way to run it", admEve(admAllow("iam:PassRole", "*") + "," + admAllow("lambda:CreateFunction", "*")), admin(admTrustService("lambda")), result.Pass, nil},
		{"PassRole to ECS without ECS actions", admEve(admAllow("iam:PassRole", "*")), admin(admTrustService("ecs-tasks")), result.Pass, nil},
		{"PassRole to a service no kind covers", admEve(admAllow("iam:PassRole", "*")), admin(admTrustService("states")), result.Unknown, []string{"pass role adminrole to states.amazonaws.com", "no pathfinding.cloud path kind covers"}},
		{"PassRole to ECS only for another role", admEve(admAllow("iam:PassRole", polRoleARN("other"))), admin(admTrustService("ecs-tasks")), result.Pass, nil},
		{"PassRole + EC2 needs an instance profile", admEve(admAllow("iam:PassRole", "*") + "," + admAllow("ec2:RunInstances", "*")), admin(admTrustService("ec2")), result.Unknown, []string{"ec2-001", "instance profile"}},
		{"PassRole + CloudFormation", admEve(admAllow("iam:PassRole", polRoleARN("adminrole")) + "," + admAllow("cloudformation:CreateStack", "*")), admin(admTrustService("cloudformation")), result.Fail, []string{"cloudformation-001"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			runRule(t, AdminEscalationPath, admSnap([]audit.User{admBoss(), c.eve}, []audit.Role{c.role}, nil, nil),
				[]ruleWant{admBossPass, {polUserARN("eve"), c.want, c.words}, rolePass})
		})
	}
}

func admTrustService(svc string) string {
	return `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"` + svc + `.amazonaws.com"},"Action":"sts:AssumeRole"}}`
}

func TestAdminEscalationPathTakeover(t *testing.T) {
	key := credKey(true, credDaysAgo(10), credDaysAgo(1))
	twoKeys := credUser("boss")
	twoKeys.AccessKeys = [2]audit.AccessKeyStatus{key, credKey(false, credDaysAgo(20), credNA)}
	withPassword := credConsole(credUser("boss"), credDaysAgo(1), false)
	withMFA := credConsole(credUser("boss"), credDaysAgo(1), true)
	noPasswordMFA := credUser("boss")
	noPasswordMFA.MFAActive = credTrue
	for _, c := range []struct {
		name  string
		stmts string
		row   *audit.CredentialRow
		want  result.Status
		words []string
	}{
		{"CreateAccessKey, free slot", admAllow("iam:CreateAccessKey", polUserARN("boss")), nil, result.Fail, []string{"iam-002", "user boss is admin"}},
		{"CreateAccessKey, both slots used", admAllow("iam:CreateAccessKey", "*"), &twoKeys, result.Pass, nil},
		{"CreateAccessKey and DeleteAccessKey, both slots used", admAllow("iam:CreateAccessKey", "*") + "," + admAllow("iam:DeleteAccessKey", "*"), &twoKeys, result.Fail, []string{"iam-003"}},
		{"CreateLoginProfile, no password", admAllow("iam:CreateLoginProfile", "*"), nil, result.Fail, []string{"iam-004"}},
		{"CreateLoginProfile, has a password", admAllow("iam:CreateLoginProfile", "*"), &withPassword, result.Pass, nil},
		{"CreateLoginProfile, MFA blocks the console", admAllow("iam:CreateLoginProfile", "*"), &noPasswordMFA, result.Pass, nil},
		{"UpdateLoginProfile, password without MFA", admAllow("iam:UpdateLoginProfile", "*"), &withPassword, result.Fail, []string{"iam-006"}},
		{"UpdateLoginProfile, password with MFA", admAllow("iam:UpdateLoginProfile", "*"), &withMFA, result.Pass, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var rows []audit.CredentialRow
			if c.row != nil {
				rows = append(rows, *c.row)
			}
			runRule(t, AdminEscalationPath, admSnap([]audit.User{admBoss(), admEve(c.stmts)}, nil, nil, nil, rows...),
				[]ruleWant{admBossPass, {polUserARN("eve"), c.want, c.words}})
		})
	}
	// Without the credential report, slots and passwords are not known.
	s := admSnap([]audit.User{admBoss(), admEve(admAllow("iam:CreateAccessKey", "*"))}, nil, nil, nil)
	s.CredentialReport = nil
	runRule(t, AdminEscalationPath, s, []ruleWant{admBossPass, {polUserARN("eve"), result.Unknown, []string{"credential report was not collected", "free access key slot"}}})
}

func TestAdminEscalationPathMultiHopAndSCP(t *testing.T) {
	mid := admRole("mid", admTrustEve, false, polInline("self", admDoc(admAllow("iam:PutRolePolicy", polRoleARN("mid")))))
	users := []audit.User{admBoss(), admEve("")}
	want := func(words ...string) []ruleWant {
		return []ruleWant{admBossPass,
			{polUserARN("eve"), result.Fail, words},
			{polRoleARN("mid"), result.Fail, []string{"1 step", "iam-005"}}}
	}
	runRule(t, AdminEscalationPath, admSnap(users, []audit.Role{mid}, nil, nil), want("2 step(s)", "1. user eve can assume role mid", "2. role mid can put an inline admin policy on itself"))
	member := admSnap(users, []audit.Role{mid}, nil, nil)
	member.Organization = &audit.Organization{InOrganization: true, ID: "o-example", ManagementAccountID: polOther}
	runRule(t, AdminEscalationPath, member, want("unless a service control policy denies iam:PutRolePolicy"))
	unknownOrg := admSnap(users, []audit.Role{mid}, nil, nil)
	unknownOrg.Organization = nil
	runRule(t, AdminEscalationPath, unknownOrg, want("was not collected, so a service control policy may deny"))
	runRule(t, AdminEscalationPath, polMissing(), polMissingWant)
}

// A Deny carve-out alone (nobody to take over): the self write leaves the
// Deny in force, so whether the result is "admin" is the reviewer's call.
func TestAdminEscalationPathDenyCarveOut(t *testing.T) {
	eve := admEve(admAllow("*", "*") + `,{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}`)
	runRule(t, AdminEscalationPath, admSnap([]audit.User{eve}, nil, nil, nil),
		[]ruleWant{{polUserARN("eve"), result.Unknown, []string{"stay in force", "iam-007"}}})
}

// Writing an admin policy onto another principal, then acting as it.
func TestAdminEscalationPathWriteThenBecome(t *testing.T) {
	worker := func(trust string, bounded bool) audit.Role {
		r := admRole("worker", trust, false)
		if bounded {
			r.PermissionsBoundary = polPolicyARN("fence")
		}
		return r
	}
	fence := []audit.ManagedPolicy{polCustomer("fence", admDoc(admAllow("s3:*", "*")), 1)}
	workerPass := ruleWant{polRoleARN("worker"), result.Pass, nil}
	for _, c := range []eveRoleCase{
		{"AttachRolePolicy on a role it can assume", admEve(admAllow("iam:AttachRolePolicy", polRoleARN("worker"))), worker(admTrustEve, false), result.Fail, []string{"iam-014", "then assume role worker"}},
		{"PutRolePolicy on a role it can assume", admEve(admAllow("iam:PutRolePolicy", "*")), worker(admTrustEve, false), result.Fail, []string{"iam-017"}},
		{"AttachRolePolicy on a role it cannot assume", admEve(admAllow("iam:AttachRolePolicy", "*")), worker(admTrustService("ec2"), false), result.Pass, nil},
		{"AttachRolePolicy on a bounded role", admEve(admAllow("iam:AttachRolePolicy", "*")), worker(admTrustEve, true), result.Pass, nil},
		{"AttachRolePolicy and UpdateAssumeRolePolicy", admEve(admAllow("iam:AttachRolePolicy", "*") + "," + admAllow("iam:UpdateAssumeRolePolicy", "*")), worker(admTrustService("ec2"), false), result.Fail, []string{"iam-019"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			pols := []audit.ManagedPolicy(nil)
			if c.role.PermissionsBoundary != "" {
				pols = fence
			}
			runRule(t, AdminEscalationPath, admSnap([]audit.User{c.eve}, []audit.Role{c.role}, nil, pols),
				[]ruleWant{{polUserARN("eve"), c.want, c.words}, workerPass})
		})
	}
	bob := polUser("bob")
	for _, c := range []struct {
		name  string
		stmts string
		want  result.Status
		words []string
	}{
		{"AttachUserPolicy and CreateAccessKey on another user", admAllow("iam:AttachUserPolicy", polUserARN("bob")) + "," + admAllow("iam:CreateAccessKey", polUserARN("bob")), result.Fail, []string{"iam-015", "create an access key for user bob"}},
		{"PutUserPolicy and CreateLoginProfile on another user", admAllow("iam:PutUserPolicy", polUserARN("bob")) + "," + admAllow("iam:CreateLoginProfile", polUserARN("bob")), result.Fail, []string{"write an admin policy onto user bob, then create a console password"}},
		{"AttachUserPolicy on another user, no takeover", admAllow("iam:AttachUserPolicy", polUserARN("bob")), result.Pass, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			runRule(t, AdminEscalationPath, admSnap([]audit.User{admEve(c.stmts), bob}, nil, nil, nil),
				[]ruleWant{{polUserARN("eve"), c.want, c.words}, {polUserARN("bob"), result.Pass, nil}})
		})
	}
}

// An admin role whose trust policy cannot be read: a caller allowed
// sts:AssumeRole on it may get in, so the answer is UNKNOWN, not PASS.
func TestAdminEscalationPathUnreadableTrust(t *testing.T) {
	role := admRole("adminrole", `{"Version":"2012-10-17","Statement":{"Effect":"allow"}}`, true)
	runRule(t, AdminEscalationPath, admSnap([]audit.User{admEve(admAllow("sts:AssumeRole", "*"))}, []audit.Role{role}, nil, nil),
		[]ruleWant{{polUserARN("eve"), result.Unknown, []string{"does the trust policy of role adminrole admit it", "cannot be read"}}, {polRoleARN("adminrole"), result.Pass, []string{"is itself admin"}}})
	runRule(t, AdminEscalationPath, admSnap([]audit.User{admEve(admAllow("s3:*", "*"))}, []audit.Role{role}, nil, nil),
		[]ruleWant{{polUserARN("eve"), result.Pass, nil}, {polRoleARN("adminrole"), result.Pass, nil}})
}

// A principal with more one-step paths than the search keeps: the shortest
// path is exact, the count says "at least".
func TestAdminEscalationPathCappedCount(t *testing.T) {
	var roles []audit.Role
	want := []ruleWant{{polUserARN("eve"), result.Fail, []string{"1 step(s)", "at least 15 other path(s) (the search stops at 16)"}}}
	for i := 0; i < 20; i++ {
		r := admRole(string(rune('a'+i))+"-admin", admTrustEve, true)
		roles = append(roles, r)
		want = append(want, ruleWant{r.ARN, result.Pass, nil})
	}
	runRule(t, AdminEscalationPath, admSnap([]audit.User{admEve("")}, roles, nil, nil), want)
}
