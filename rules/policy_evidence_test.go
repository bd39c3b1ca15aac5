package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// Class 3 of issue 7: policies that were not fully seen. Each policy rule
// is UNKNOWN for a policy whose document is missing, whose default version
// cannot be told, or whose JSON is ambiguous; neighbours with consistent
// evidence keep their PASS and FAIL.
func polPartialSnapshot() *audit.Snapshot {
	conflict := polCustomer("id-vs-flag", polAdminDoc, 1)
	conflict.Versions = []audit.PolicyVersion{{VersionID: "v1", IsDefault: true, Document: polReadDoc}, {VersionID: "v2", Document: polAdminDoc}}
	twoFlags := polCustomer("two-flags", polReadDoc, 1)
	twoFlags.Versions = append(twoFlags.Versions, audit.PolicyVersion{VersionID: "v1", IsDefault: true, Document: polAdminDoc})
	noFlag := polCustomer("no-flag", polAdminDoc, 1)
	noFlag.Versions[0].IsDefault = false
	missingID := polCustomer("missing-id", polReadDoc, 1)
	missingID.DefaultVersionID = "v4"
	flagOnly := polCustomer("flag-only", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, 1)
	flagOnly.DefaultVersionID = ""
	dup := polCustomer("duplicate-key", `{"Statement":{"Effect":"Deny","Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"*"}}`, 1)

	alice := polUser("alice")
	alice.AttachedPolicies = []audit.AttachedPolicy{polAttach(polPolicyARN("ghost")), polAttach(polPolicyARN("read"))}
	ops := polGroup("ops")
	ops.AttachedPolicies = []audit.AttachedPolicy{polAttach(polPolicyARN("ghost"))}
	bob := polUser("bob")
	bob.InlinePolicies = []audit.InlinePolicy{polInline("dup", `{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Action":"*","Resource":"*"}}`)}
	return polSnap(&audit.AuthorizationDetails{
		Users: []audit.User{alice, bob}, Groups: []audit.Group{ops},
		Policies: []audit.ManagedPolicy{
			polCustomer("read", polReadDoc, 1),
			polCustomer("admin", polAdminDoc, 1),
			conflict, twoFlags, noFlag, missingID, flagOnly, dup,
			polAWSManaged("AdministratorAccess", polAdminDoc),
			// Listed twice: identical copies are one policy; differing copies
			// cannot be told apart.
			polCustomer("twice", polReadDoc, 1), polCustomer("twice", polReadDoc, 1),
			polCustomer("twins", polReadDoc, 1), polCustomer("twins", polAdminDoc, 1),
		},
	})
}

func TestPolicyRulesPartialEvidence(t *testing.T) {
	s := polPartialSnapshot()
	runRule(t, AdminCustomerPolicy, s, []ruleWant{
		{polPolicyARN("read"), result.Pass, []string{"default version v2"}},
		{polPolicyARN("admin"), result.Fail, nil},
		{polPolicyARN("id-vs-flag"), result.Unknown, []string{"DefaultVersionId is v2 but version v1 is flagged IsDefaultVersion"}},
		{polPolicyARN("two-flags"), result.Unknown, []string{"versions v1, v2 are all flagged"}},
		{polPolicyARN("no-flag"), result.Unknown, []string{"no version is flagged"}},
		{polPolicyARN("missing-id"), result.Unknown, []string{"DefaultVersionId is v4", "v2 is flagged"}},
		{polPolicyARN("flag-only"), result.Pass, []string{"default version v2"}},
		{polPolicyARN("duplicate-key"), result.Unknown, []string{`key "Effect" appears more than once in Statement[0]`}},
		{polPolicyARN("twice"), result.Pass, nil},
		{polPolicyARN("twins"), result.Unknown, []string{"listed 2 times", "different contents"}},
		{polPolicyARN("ghost"), result.Unknown, []string{"attached to user alice, group ops", "not collected"}},
	})
	runRule(t, ServiceWildcard, s, []ruleWant{
		{polPolicyARN("read"), result.Pass, nil},
		{polPolicyARN("admin"), result.Fail, nil},
		{polPolicyARN("id-vs-flag"), result.Unknown, []string{"DefaultVersionId is v2"}},
		{polPolicyARN("two-flags"), result.Unknown, nil},
		{polPolicyARN("no-flag"), result.Unknown, nil},
		{polPolicyARN("missing-id"), result.Unknown, nil},
		{polPolicyARN("flag-only"), result.Fail, []string{"default version v2: Statement[0] allows \"s3:*\""}},
		{polPolicyARN("duplicate-key"), result.Unknown, []string{`"Effect"`}},
		{polPolicyARN("twice"), result.Pass, nil},
		{polPolicyARN("twins"), result.Unknown, nil},
		{polPolicyARN("ghost"), result.Unknown, []string{"not collected"}},
	})
	runRule(t, PrivilegeEscalation, s, []ruleWant{
		{polPolicyARN("read"), result.Pass, nil},
		{polPolicyARN("admin"), result.Fail, nil},
		{polPolicyARN("id-vs-flag"), result.Unknown, nil},
		{polPolicyARN("two-flags"), result.Unknown, nil},
		{polPolicyARN("no-flag"), result.Unknown, nil},
		{polPolicyARN("missing-id"), result.Unknown, nil},
		{polPolicyARN("flag-only"), result.Pass, nil},
		{polPolicyARN("duplicate-key"), result.Unknown, []string{`"Effect"`}},
		{polPolicyARN("twice"), result.Pass, nil},
		{polPolicyARN("twins"), result.Unknown, nil},
		{polPolicyARN("ghost"), result.Unknown, []string{"attached to user alice, group ops"}},
		{polUserARN("bob"), result.Unknown, []string{`key "Action" appears more than once`}},
	})
	runRule(t, AdminInlinePolicy, s, []ruleWant{
		{polUserARN("bob"), result.Unknown, []string{`dup cannot be read`, `"Action"`}},
	})
}

// An AWS-managed policy whose markers disagree is UNKNOWN too, and a
// consistent one names the version it read.
func TestAdminAWSManagedPolicyConflictingVersions(t *testing.T) {
	admin := polAWSManaged("AdministratorAccess", polAdminDoc)
	admin.DefaultVersionID = "v3"
	alice := polUser("alice")
	alice.AttachedPolicies = []audit.AttachedPolicy{polAttach(polAWSAdminARN), polAttach("arn:aws:iam::aws:policy/ReadOnlyAccess")}
	s := polSnap(&audit.AuthorizationDetails{Users: []audit.User{alice},
		Policies: []audit.ManagedPolicy{admin, polAWSManaged("ReadOnlyAccess", polReadDoc)}})
	runRule(t, AdminAWSManagedPolicy, s, []ruleWant{
		{polAWSAdminARN, result.Unknown, []string{"DefaultVersionId is v3", "v1 is flagged", "held by user alice"}},
		{"arn:aws:iam::aws:policy/ReadOnlyAccess", result.Pass, nil},
	})
}
