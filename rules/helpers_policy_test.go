package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// Helpers for the authorization rule tests. Names carry a "pol" prefix
// because other rule tests share this package.

const (
	polAcct  = "123456789012"
	polOther = "999988887777"

	polAdminDoc    = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	polReadDoc     = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"}}`
	polS3StarDoc   = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/*"}}`
	polBrokenDoc   = `{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]}`
	polEncodedDoc  = `%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22*%3A*%22%2C%22Resource%22%3A%22*%22%7D%7D`
	polAcctRes     = "AWS::::Account:" + polAcct
	polAWSAdminARN = "arn:aws:iam::aws:policy/AdministratorAccess"
)

var polNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func polUserARN(n string) string   { return "arn:aws:iam::" + polAcct + ":user/" + n }
func polGroupARN(n string) string  { return "arn:aws:iam::" + polAcct + ":group/" + n }
func polRoleARN(n string) string   { return "arn:aws:iam::" + polAcct + ":role/" + n }
func polPolicyARN(n string) string { return "arn:aws:iam::" + polAcct + ":policy/" + n }

// polSnap is a snapshot holding the given authorization details.
func polSnap(a *audit.AuthorizationDetails) *audit.Snapshot {
	return &audit.Snapshot{SchemaVersion: audit.SchemaVersion, CollectedAt: polNow,
		Account: audit.Account{ID: polAcct, Partition: "aws"}, Authorization: a}
}

// polMissing is a snapshot whose authorization details could not be collected.
func polMissing() *audit.Snapshot {
	s := polSnap(nil)
	s.AddGap(audit.Gap{Evidence: audit.EvidenceAuthorization, Operation: "GetAccountAuthorizationDetails", Code: "AccessDenied", Message: "denied"})
	return s
}

// polMissingWant is the single UNKNOWN every authorization rule must give
// when the evidence is missing.
var polMissingWant = []ruleWant{{polAcctRes, result.Unknown, []string{"GetAccountAuthorizationDetails: AccessDenied"}}}

func polUser(name string, groups ...string) audit.User {
	return audit.User{Name: name, ARN: polUserARN(name), Path: "/", Groups: groups}
}

func polGroup(name string) audit.Group {
	return audit.Group{Name: name, ARN: polGroupARN(name), Path: "/"}
}

func polRole(name, trust string) audit.Role {
	return audit.Role{Name: name, ARN: polRoleARN(name), Path: "/", AssumeRolePolicy: trust}
}

func polAttach(arn string) audit.AttachedPolicy {
	return audit.AttachedPolicy{Name: arn[strings.LastIndex(arn, "/")+1:], ARN: arn}
}

func polInline(name, doc string) audit.InlinePolicy {
	return audit.InlinePolicy{Name: name, Document: doc}
}

// polCustomer is a customer-managed policy whose default version (v2) holds
// doc, with the given attachment count.
func polCustomer(name, doc string, attachments int) audit.ManagedPolicy {
	return audit.ManagedPolicy{Name: name, ARN: polPolicyARN(name), Path: "/", DefaultVersionID: "v2",
		AttachmentCount: attachments, IsAttachable: true,
		Versions: []audit.PolicyVersion{{VersionID: "v2", IsDefault: true, Document: doc}}}
}

// polOldVersion is an attached customer policy whose default version only
// reads and whose older, non-default version v1 holds doc: a rule must
// judge the default version alone.
func polOldVersion(name, doc string) audit.ManagedPolicy {
	p := polCustomer(name, polReadDoc, 1)
	p.Versions = append(p.Versions, audit.PolicyVersion{VersionID: "v1", Document: doc})
	return p
}

// polAWSManaged is an AWS-managed policy with its default document.
func polAWSManaged(name, doc string) audit.ManagedPolicy {
	return audit.ManagedPolicy{Name: name, ARN: "arn:aws:iam::aws:policy/" + name, Path: "/", AWSManaged: true,
		DefaultVersionID: "v1", AttachmentCount: 1, IsAttachable: true,
		Versions: []audit.PolicyVersion{{VersionID: "v1", IsDefault: true, Document: doc}}}
}

// TestPolicyRulesMetadata checks every authorization rule carries complete
// metadata, so a rule cannot ship without a remediation or reference.
func TestPolicyRulesMetadata(t *testing.T) {
	for _, r := range []Rule{AdminCustomerPolicy, AdminInlinePolicy, AdminAWSManagedPolicy, ServiceWildcard,
		PrivilegeEscalation, InlinePolicies, CloudShellFullAccess, SupportRole, EmptyGroups,
		UserDirectPolicies, UserNoGroup, RoleTrustAnyPrincipal, RoleTrustCrossAccount} {
		if r.ID == "" || r.Title == "" || r.Severity.Rank() < 0 || r.Rationale == "" || r.Remediation == "" ||
			len(r.RemediationCLI) == 0 || len(r.References) == 0 || len(r.Evidence) == 0 || r.Check == nil {
			t.Errorf("%s: incomplete metadata", r.ID)
		}
		for _, c := range r.RemediationCLI {
			if !strings.HasPrefix(c, "aws ") {
				t.Errorf("%s: remediation command %q is not an AWS CLI command", r.ID, c)
			}
		}
		// Missing authorization evidence gives exactly one UNKNOWN, never a PASS.
		runRule(t, r, polMissing(), polMissingWant)
	}
}

// TestPolicyRulesLargeAccount runs every authorization rule over an account
// with thousands of users sharing a few documents and checks the result
// counts: one per user (or group, role, policy) as documented, with no
// principal dropped or duplicated.
func TestPolicyRulesLargeAccount(t *testing.T) {
	const n = 3000
	a := &audit.AuthorizationDetails{Groups: []audit.Group{polGroup("devs")}}
	for i := 0; i < n; i++ {
		u := polUser("u"+strings.Repeat("x", i%7)+string(rune('A'+i%26))+time.Duration(i).String(), "devs")
		u.InlinePolicies = []audit.InlinePolicy{polInline("p", polReadDoc)}
		u.AttachedPolicies = []audit.AttachedPolicy{polAttach(polPolicyARN("shared")), polAttach(polAWSAdminARN)}
		a.Users = append(a.Users, u)
	}
	a.Policies = []audit.ManagedPolicy{polCustomer("shared", polAdminDoc, n), polAWSManaged("AdministratorAccess", polAdminDoc)}
	s := polSnap(a)
	counts := map[string]int{}
	fails := map[string]int{}
	for _, res := range Evaluate(s, []Rule{AdminCustomerPolicy, AdminInlinePolicy, AdminAWSManagedPolicy, PrivilegeEscalation,
		InlinePolicies, UserDirectPolicies, UserNoGroup, EmptyGroups}, Config{}) {
		counts[res.RuleID]++
		if res.Status == result.Fail {
			fails[res.RuleID]++
		}
	}
	want := map[string][2]int{ // rule -> {results, failures}
		AdminCustomerPolicy.ID:   {1, 1},
		AdminInlinePolicy.ID:     {n, 0},
		AdminAWSManagedPolicy.ID: {1, 1},
		PrivilegeEscalation.ID:   {1 + n, 1},
		InlinePolicies.ID:        {n + 1, n},
		UserDirectPolicies.ID:    {n, n},
		UserNoGroup.ID:           {n, 0},
		EmptyGroups.ID:           {1, 0},
	}
	for id, w := range want {
		if counts[id] != w[0] || fails[id] != w[1] {
			t.Errorf("%s: %d results, %d failures; want %d, %d", id, counts[id], fails[id], w[0], w[1])
		}
	}
}
