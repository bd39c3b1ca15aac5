package rules

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/iamaudit/iamaudit/audit"
)

// admScaleSnap is an account of users and roles shaped like a large real
// one: 40 groups over 200 customer policies, every user in two groups with
// one inline policy of 20 kinds (some unique per user), a few with
// escalation permissions; roles trusting the account, a service, or a
// named user, half of them with sts:AssumeRole-wide callers.
func admScaleSnap(users, roles, adminEvery int) *audit.Snapshot {
	var pols []audit.ManagedPolicy
	pols = append(pols, polAWSManaged("AdministratorAccess", polAdminDoc))
	for i := 0; i < 200; i++ {
		doc := admDoc(admAllow(fmt.Sprintf("s3:Get%d*", i), fmt.Sprintf("arn:aws:s3:::bucket-%d/*", i)) + "," +
			admAllow("ec2:Describe*", "*") + "," + admAllow("sts:AssumeRole", fmt.Sprintf("arn:aws:iam::%s:role/app-%d-*", polAcct, i%50)))
		if i%50 == 7 {
			doc = admDoc(admAllow("iam:PassRole", "*") + "," + admAllow("lambda:*", "*"))
		}
		pols = append(pols, polCustomer(fmt.Sprintf("p%d", i), doc, 1))
	}
	var groups []audit.Group
	for i := 0; i < 40; i++ {
		g := polGroup(fmt.Sprintf("g%d", i))
		for k := 0; k < 5; k++ {
			g.AttachedPolicies = append(g.AttachedPolicies, polAttach(polPolicyARN(fmt.Sprintf("p%d", i*5+k))))
		}
		g.InlinePolicies = []audit.InlinePolicy{polInline("deny-billing", admDoc(`{"Effect":"Deny","Action":"aws-portal:*","Resource":"*"}`))}
		if i == 0 {
			g.AttachedPolicies = append(g.AttachedPolicies, polAttach(polAWSAdminARN))
		}
		groups = append(groups, g)
	}
	var us []audit.User
	var rows []audit.CredentialRow
	for i := 0; i < users; i++ {
		name := fmt.Sprintf("u%d", i)
		u := polUser(name, fmt.Sprintf("g%d", 1+i%39), fmt.Sprintf("g%d", 1+(i*7)%39))
		if i%500 == 0 {
			u.Groups = append(u.Groups, "g0")
		}
		doc := admDoc(admAllow("s3:ListBucket", fmt.Sprintf("arn:aws:s3:::team-%d", i%20)))
		switch {
		case i%1000 == 3:
			doc = admDoc(admAllow("iam:PutUserPolicy", "arn:aws:iam::"+polAcct+":user/${aws:username}"))
		case i%1000 == 5:
			doc = admDoc(admAllow("iam:CreateAccessKey", "*"))
		case i%10 == 0:
			doc = admDoc(admAllow("dynamodb:GetItem", fmt.Sprintf("arn:aws:dynamodb:*:%s:table/t-%d", polAcct, i)))
		}
		u.InlinePolicies = []audit.InlinePolicy{polInline("own", doc)}
		r := credUser(name)
		u.CreateDate = r.UserCreationTime.Time
		us = append(us, u)
		rows = append(rows, r)
	}
	var rs []audit.Role
	for i := 0; i < roles; i++ {
		trust := admTrustAccount
		switch i % 4 {
		case 1:
			trust = admTrustService("lambda")
		case 2:
			trust = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + polAcct + `:user/u` + fmt.Sprint(i) + `"},"Action":"sts:AssumeRole"}}`
		}
		r := polRole(fmt.Sprintf("app-%d-%d", i%50, i), trust)
		r.AttachedPolicies = []audit.AttachedPolicy{polAttach(polPolicyARN(fmt.Sprintf("p%d", i%200)))}
		if i%adminEvery == 0 {
			r.AttachedPolicies = append(r.AttachedPolicies, polAttach(polAWSAdminARN))
		}
		rs = append(rs, r)
	}
	s := credSnap(rows...)
	s.Authorization = &audit.AuthorizationDetails{Users: us, Groups: groups, Roles: rs, Policies: pols}
	s.Organization = &audit.Organization{InOrganization: false}
	return s
}

// BenchmarkAdmins5000Users1000Roles: both admin rules over 5,000 users and
// 1,000 roles (target: under 5 s and 500 MB). peak-MB is the heap in use
// at its highest sampled point (after each rule).
func BenchmarkAdmins5000Users1000Roles(b *testing.B) {
	benchmarkAdmins(b, admScaleSnap(5000, 1000, 100))
}

// BenchmarkAdmins5000Users1000RolesManyAdmins: the same account with one
// role in four admin (250 admin roles, most assumable by every user through
// account trust): the cost grows with principals × admins.
func BenchmarkAdmins5000Users1000RolesManyAdmins(b *testing.B) {
	benchmarkAdmins(b, admScaleSnap(5000, 1000, 4))
}

func benchmarkAdmins(b *testing.B, s *audit.Snapshot) {
	var peak uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res := Evaluate(s, []Rule{AdminEscalationPath, AdminUnprotected}, Config{})
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if m.HeapInuse > peak {
			peak = m.HeapInuse
		}
		if len(res) < 6000 {
			b.Fatalf("got %d results", len(res))
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
}
