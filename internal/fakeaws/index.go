package fakeaws

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"sort"
	"strings"
	"time"
)

// index is the account's derived view: ARNs, IDs and reverse relations,
// computed once so every operation agrees on them.
type index struct {
	acct      *Account
	partition string
	users     map[string]*User
	groups    map[string]*Group
	roles     map[string]*Role
	// policies maps ARN -> policy for customer and AWS-managed policies.
	policies map[string]*policyEntry
	// policyOrder lists policy ARNs: customer-managed first (fixture order),
	// then AWS-managed by name.
	policyOrder []string
}

type policyEntry struct {
	p          *ManagedPolicy
	arn        string
	awsManaged bool
	// attachments and boundaryUses are counted over users, groups and roles.
	attachments  int
	boundaryUses int
}

func newIndex(a *Account) *index {
	ix := &index{
		acct:      a,
		partition: a.Partition,
		users:     map[string]*User{},
		groups:    map[string]*Group{},
		roles:     map[string]*Role{},
		policies:  map[string]*policyEntry{},
	}
	if ix.partition == "" {
		ix.partition = "aws"
	}
	for i := range a.Users {
		ix.users[a.Users[i].Name] = &a.Users[i]
	}
	for i := range a.Groups {
		ix.groups[a.Groups[i].Name] = &a.Groups[i]
	}
	for i := range a.Roles {
		ix.roles[a.Roles[i].Name] = &a.Roles[i]
	}
	for i := range a.Policies {
		p := &a.Policies[i]
		arn := ix.arn("policy", p.Path, p.Name)
		ix.policies[arn] = &policyEntry{p: p, arn: arn}
		ix.policyOrder = append(ix.policyOrder, arn)
	}
	managed := map[string]*ManagedPolicy{}
	for _, p := range BuiltinAWSManagedPolicies() {
		p := p
		managed[p.Name] = &p
	}
	for i := range a.AWSManagedPolicies {
		managed[a.AWSManagedPolicies[i].Name] = &a.AWSManagedPolicies[i]
	}
	names := make([]string, 0, len(managed))
	for n := range managed {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := managed[n]
		arn := fmt.Sprintf("arn:%s:iam::aws:policy%s%s", ix.partition, pathOr(p.Path), p.Name)
		ix.policies[arn] = &policyEntry{p: p, arn: arn, awsManaged: true}
		ix.policyOrder = append(ix.policyOrder, arn)
	}
	count := func(attached []string, boundary string) {
		for _, arn := range attached {
			if e, ok := ix.policies[arn]; ok {
				e.attachments++
			}
		}
		if e, ok := ix.policies[boundary]; ok {
			e.boundaryUses++
		}
	}
	for _, u := range a.Users {
		count(u.AttachedPolicies, u.PermissionsBoundary)
	}
	for _, g := range a.Groups {
		count(g.AttachedPolicies, "")
	}
	for _, r := range a.Roles {
		count(r.AttachedPolicies, r.PermissionsBoundary)
	}
	return ix
}

func pathOr(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// arn builds arn:<partition>:iam::<acct>:<kind><path><name>.
func (ix *index) arn(kind, path, name string) string {
	return fmt.Sprintf("arn:%s:iam::%s:%s%s%s", ix.partition, ix.acct.AccountID, kind, pathOr(path), name)
}

func (ix *index) rootARN() string {
	return fmt.Sprintf("arn:%s:iam::%s:root", ix.partition, ix.acct.AccountID)
}

func (ix *index) userARN(u *User) string   { return ix.arn("user", u.Path, u.Name) }
func (ix *index) groupARN(g *Group) string { return ix.arn("group", g.Path, g.Name) }
func (ix *index) roleARN(r *Role) string   { return ix.arn("role", r.Path, r.Name) }

// fakeID derives a stable IAM-style unique ID (prefix + 17 base32 chars).
func fakeID(prefix, seed string) string {
	sum := sha256.Sum256([]byte(prefix + "/" + seed))
	s := base32.StdEncoding.EncodeToString(sum[:])
	return prefix + s[:17]
}

func (ix *index) userID(u *User) string {
	if u.ID != "" {
		return u.ID
	}
	return fakeID("AIDA", ix.acct.AccountID+u.Name)
}

func (ix *index) groupID(g *Group) string {
	if g.ID != "" {
		return g.ID
	}
	return fakeID("AGPA", ix.acct.AccountID+g.Name)
}

func (ix *index) roleID(r *Role) string {
	if r.ID != "" {
		return r.ID
	}
	return fakeID("AROA", ix.acct.AccountID+r.Name)
}

func (ix *index) policyID(e *policyEntry) string {
	if e.p.ID != "" {
		return e.p.ID
	}
	return fakeID("ANPA", e.arn)
}

func (ix *index) certID(c *ServerCertificate) string {
	if c.ID != "" {
		return c.ID
	}
	return fakeID("ASCA", ix.acct.AccountID+c.Name)
}

func keyStatus(s string) string {
	if s == "" {
		return "Active"
	}
	return s
}

func versionID(v PolicyVersion, i int) string {
	if v.ID != "" {
		return v.ID
	}
	return fmt.Sprintf("v%d", i+1)
}

// defaultVersion returns the VersionId in force.
func defaultVersion(p *ManagedPolicy) string {
	if p.DefaultVersion != "" {
		return p.DefaultVersion
	}
	if len(p.Versions) == 0 {
		return "v1"
	}
	return versionID(p.Versions[len(p.Versions)-1], len(p.Versions)-1)
}

func updateDate(p *ManagedPolicy) time.Time {
	if p.UpdateDate != nil {
		return *p.UpdateDate
	}
	t := p.CreateDate
	for _, v := range p.Versions {
		if v.CreateDate.After(t) {
			t = v.CreateDate
		}
	}
	return t
}

// mfaSerial returns the serial number of a user's MFA device.
func (ix *index) mfaSerial(u *User, i int, m MFADevice) string {
	if m.Serial != "" {
		return m.Serial
	}
	if m.Type == MFAVirtual {
		name := u.Name
		if i > 0 {
			name = fmt.Sprintf("%s-%d", u.Name, i+1)
		}
		return ix.arn("mfa", "/", name)
	}
	return "GAHT" + strings.ToUpper(fakeID("", u.Name+fmt.Sprint(i))[:8])
}

func (ix *index) rootVirtualSerial() string {
	return ix.arn("mfa", "/", "root-account-mfa-device")
}

func (ix *index) rootMFAEnableDate() time.Time {
	if ix.acct.Root.MFAEnableDate != nil {
		return *ix.acct.Root.MFAEnableDate
	}
	return ix.acct.Root.CreateDate
}

func mfaEnableDate(u *User, m MFADevice) time.Time {
	if m.EnableDate != nil {
		return *m.EnableDate
	}
	return u.CreateDate
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func hasPrefix(path, prefix string) bool {
	return prefix == "" || strings.HasPrefix(pathOr(path), prefix)
}
