package fakeaws

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// GenerateNow is the "now" of every generated account.
var GenerateNow = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// Generate returns a synthetic, realistic account with n users, the same for
// the same (n, seed). It mixes console and programmatic users, MFA and no
// MFA, fresh, stale and never-used keys, group and direct permissions, and
// scales groups, roles and policies with n (about one group and one
// customer policy per 100 users, one role per 20), so API call counts and
// benchmarks see the shape of a real account.
func Generate(n int, seed int64) *Account {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(n)))
	now := GenerateNow
	ago := func(maxDays int) time.Time {
		return now.Add(-time.Duration(1+r.IntN(maxDays*24*60)) * time.Minute).Truncate(time.Second)
	}
	between := func(from time.Time) time.Time {
		span := now.Sub(from)
		if span <= time.Minute {
			return from
		}
		return from.Add(time.Duration(r.Int64N(int64(span)))).Truncate(time.Second)
	}
	acct := fmt.Sprintf("%012d", 100000000000+uint64(seed)%900000000000)
	arnOf := func(name string) string { return fmt.Sprintf("arn:aws:iam::%s:policy/%s", acct, name) }
	maxAge, reuse := 90, 24
	a := &Account{
		AccountID: acct,
		Partition: "aws",
		CallerARN: fmt.Sprintf("arn:aws:iam::%s:role/SecurityAudit", acct),
		Now:       now,
		Root: Root{
			CreateDate:       time.Date(2017, 1, 15, 10, 0, 0, 0, time.UTC),
			PasswordEnabled:  true,
			PasswordLastUsed: ptr(ago(200)),
			MFA:              MFAVirtual,
		},
		PasswordPolicy: &PasswordPolicy{
			MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true,
			RequireUppercaseCharacters: true, RequireLowercaseCharacters: true,
			AllowUsersToChangePassword: true, MaxPasswordAge: &maxAge, PasswordReusePrevention: &reuse,
		},
		ServerCertificates: []ServerCertificate{
			{Name: "www", UploadDate: now.AddDate(-1, 0, 0), Expiration: now.AddDate(0, 2, 0)},
			{Name: "old-www", UploadDate: now.AddDate(-3, 0, 0), Expiration: now.AddDate(0, -6, 0)},
		},
		CredentialReport: CredentialReport{InProgressPolls: 1},
	}

	// Customer policies: one admin, one service wildcard, the rest scoped.
	nPolicies := 3 + n/100
	for i := 0; i < nPolicies; i++ {
		created := ago(1500)
		doc := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bucket-%04d/*"}]}`, i)
		switch i {
		case 0:
			doc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
		case 1:
			doc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:*","Resource":"*"}]}`
		}
		p := ManagedPolicy{Name: fmt.Sprintf("policy-%04d", i), CreateDate: created,
			Versions: []PolicyVersion{{ID: "v1", CreateDate: created, Document: doc}}}
		if i%3 == 2 { // some policies have an older, broader version
			p.Versions = append([]PolicyVersion{{ID: "v1", CreateDate: created, Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`}},
				PolicyVersion{ID: "v2", CreateDate: between(created), Document: doc})
		}
		a.Policies = append(a.Policies, p)
	}

	// Groups: three standard ones, then team groups.
	a.Groups = []Group{
		{Name: "Admins", CreateDate: ago(2000), AttachedPolicies: []string{"arn:aws:iam::aws:policy/AdministratorAccess"}},
		{Name: "Developers", CreateDate: ago(2000), AttachedPolicies: []string{"arn:aws:iam::aws:policy/PowerUserAccess"}},
		{Name: "ReadOnly", CreateDate: ago(2000), AttachedPolicies: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}},
	}
	nTeams := 2 + n/100
	for i := 0; i < nTeams; i++ {
		g := Group{Name: fmt.Sprintf("team-%03d", i), CreateDate: ago(1500)}
		g.AttachedPolicies = []string{arnOf(a.Policies[r.IntN(len(a.Policies))].Name)}
		if i%4 == 0 {
			g.InlinePolicies = []InlinePolicy{{Name: "extra", Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}`}}
		}
		a.Groups = append(a.Groups, g)
	}

	for i := 0; i < n; i++ {
		u := User{Name: fmt.Sprintf("user-%05d", i), CreateDate: ago(1500)}
		if r.IntN(100) < 45 { // console user
			u.PasswordEnabled = true
			changed := between(u.CreateDate)
			u.PasswordLastChanged = &changed
			if r.IntN(100) < 85 {
				used := between(changed)
				u.PasswordLastUsed = &used
			}
			if r.IntN(100) < 70 {
				kind := MFAVirtual
				if r.IntN(100) < 20 {
					kind = MFAHardware
				}
				en := between(u.CreateDate)
				u.MFADevices = []MFADevice{{Type: kind, EnableDate: &en}}
			}
		}
		nKeys := 0
		switch k := r.IntN(100); {
		case k < 60:
			nKeys = 1
		case k < 72:
			nKeys = 2
		}
		for j := 0; j < nKeys; j++ {
			k := AccessKey{CreateDate: between(u.CreateDate), Status: "Active"}
			if r.IntN(100) < 15 {
				k.Status = "Inactive"
			}
			if r.IntN(100) < 80 {
				region := []string{"us-east-1", "eu-west-1", "us-west-2", ""}[r.IntN(4)]
				service := []string{"s3", "ec2", "sts", "dynamodb"}[r.IntN(4)]
				if region == "" {
					service = "iam"
				}
				k.LastUsed = &KeyLastUsed{Date: between(k.CreateDate), Region: region, Service: service}
			}
			u.AccessKeys = append(u.AccessKeys, k)
		}
		switch g := r.IntN(100); {
		case g < 3:
			u.Groups = []string{"Admins"}
		case g < 40:
			u.Groups = []string{"Developers", a.Groups[3+r.IntN(nTeams)].Name}
		case g < 70:
			u.Groups = []string{a.Groups[3+r.IntN(nTeams)].Name}
		case g < 85:
			u.Groups = []string{"ReadOnly"}
		}
		if r.IntN(100) < 10 {
			u.AttachedPolicies = []string{arnOf(a.Policies[r.IntN(len(a.Policies))].Name)}
		}
		if r.IntN(100) < 5 {
			u.InlinePolicies = []InlinePolicy{{Name: "direct", Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}`}}
		}
		if r.IntN(100) < 30 {
			u.Tags = map[string]string{"team": fmt.Sprintf("team-%03d", r.IntN(nTeams))}
		}
		a.Users = append(a.Users, u)
	}

	// Roles: a support role, the audit role, then service roles.
	trustAcct := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole"}]}`, acct)
	a.Roles = []Role{
		{Name: "AWSSupportRole", CreateDate: ago(1500), AssumeRolePolicy: trustAcct, AttachedPolicies: []string{"arn:aws:iam::aws:policy/AWSSupportAccess"}},
		{Name: "SecurityAudit", CreateDate: ago(1500), AssumeRolePolicy: trustAcct, AttachedPolicies: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"},
			LastUsed: &RoleLastUsed{Date: now.Add(-time.Hour), Region: "us-east-1"}},
	}
	services := []string{"ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com"}
	for i := 0; i < 3+n/20; i++ {
		svc := services[r.IntN(len(services))]
		role := Role{
			Name:             fmt.Sprintf("svc-role-%04d", i),
			CreateDate:       ago(1500),
			AssumeRolePolicy: fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"%s"},"Action":"sts:AssumeRole"}]}`, svc),
			AttachedPolicies: []string{arnOf(a.Policies[r.IntN(len(a.Policies))].Name)},
		}
		if svc == "ec2.amazonaws.com" {
			role.InstanceProfiles = []string{role.Name}
		}
		if r.IntN(100) < 70 {
			role.LastUsed = &RoleLastUsed{Date: between(role.CreateDate), Region: "us-east-1"}
		}
		a.Roles = append(a.Roles, role)
	}
	return a
}

func ptr[T any](v T) *T { return &v }
