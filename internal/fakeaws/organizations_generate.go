package fakeaws

import "fmt"

// GenerateOrganization returns a management account and an organization of
// members accounts, each Generate(users, ...) with its own account ID, the
// same for the same arguments. Every member has the role Organizations
// creates in the accounts it creates, OrganizationAccountAccessRole,
// trusting the management account.
func GenerateOrganization(members, users int, seed int64) (*Account, *OrgFixture) {
	mgmt := Generate(users, seed)
	org := &OrgFixture{ID: "o-" + fmt.Sprintf("%010d", seed%10000000000), ManagementName: "management", ManagementEmail: "aws-root@example.com"}
	for i := 1; i <= members; i++ {
		a := Generate(users, seed+int64(i))
		a.Roles = append(a.Roles, OrganizationAccessRole(a, mgmt.AccountID))
		org.Members = append(org.Members, Member{Name: fmt.Sprintf("member-%03d", i), Email: fmt.Sprintf("aws+%03d@example.com", i), Account: a})
	}
	return mgmt, org
}

// OrganizationAccessRole is the OrganizationAccountAccessRole that
// Organizations creates in a new member account: AdministratorAccess,
// trusted by the management account.
func OrganizationAccessRole(member *Account, mgmtID string) Role {
	p := member.Partition
	if p == "" {
		p = "aws"
	}
	return Role{
		Name:             "OrganizationAccountAccessRole",
		CreateDate:       member.Now.AddDate(-1, 0, 0),
		AssumeRolePolicy: fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:%s:iam::%s:root"},"Action":"sts:AssumeRole"}]}`, p, mgmtID),
		AttachedPolicies: []string{"arn:aws:iam::aws:policy/AdministratorAccess"},
	}
}
