package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestRootHardwareMFA(t *testing.T) {
	devices := func(s *audit.Snapshot, ds ...audit.VirtualMFADevice) *audit.Snapshot {
		s.VirtualMFADevices = &audit.VirtualMFADevices{Devices: append([]audit.VirtualMFADevice{}, ds...)}
		return s
	}
	mfaOn := func() *audit.Snapshot {
		return credSummary(credSnap(credRoot(true)), map[string]int32{"AccountMFAEnabled": 1})
	}
	rootVirtual := audit.VirtualMFADevice{SerialNumber: "arn:aws:iam::" + credAcct + ":mfa/phone", UserARN: credRootARN}
	// A user's device named like the console's root default must not count:
	// the rule keys on UserARN, not on the serial.
	userNamedRoot := audit.VirtualMFADevice{SerialNumber: "arn:aws:iam::" + credAcct + ":mfa/root-account-mfa-device", UserARN: credUserARN("alice"), UserName: "alice"}
	unassigned := audit.VirtualMFADevice{SerialNumber: "arn:aws:iam::" + credAcct + ":mfa/spare"}
	missingVirtual := mfaOn()
	missingVirtual.AddGap(audit.Gap{Evidence: audit.EvidenceVirtualMFADevices, Operation: "ListVirtualMFADevices", Code: "AccessDenied", Message: "denied"})
	unsupported := credRoot(false)
	unsupported.MFAActive = credBoolNotSupp
	govCloud := devices(credSummary(credSnap(), map[string]int32{"AccountMFAEnabled": 1}),
		audit.VirtualMFADevice{SerialNumber: "s", UserARN: credRootARN}) // aws partition ARN in a GovCloud account
	govCloud.Account.Partition = "aws-us-gov"

	runCases(t, RootHardwareMFA, []ruleCase{
		{"hardware only", devices(mfaOn(), userNamedRoot, unassigned),
			[]ruleWant{{credRootARN, result.Pass, []string{"AccountMFAEnabled is 1", "none of the 2 virtual MFA devices"}}}},
		{"virtual only", devices(mfaOn(), rootVirtual),
			[]ruleWant{{credRootARN, result.Fail, []string{"mfa/phone is assigned to root"}}}},
		{"virtual plus hardware", devices(credSummary(credSnap(credRoot(true)), map[string]int32{"AccountMFAEnabled": 1}), rootVirtual, userNamedRoot),
			[]ruleWant{{credRootARN, result.Fail, []string{"virtual MFA device", "any root MFA device can sign in"}}}},
		{"virtual device decides even when MFA state unknown", devices(credSnap(unsupported), rootVirtual),
			[]ruleWant{{credRootARN, result.Fail, []string{"assigned to root"}}}},
		{"no MFA at all", devices(credSummary(credSnap(), map[string]int32{"AccountMFAEnabled": 0})),
			[]ruleWant{{credRootARN, result.Fail, []string{"no MFA device at all"}}}},
		{"virtual evidence missing", missingVirtual,
			[]ruleWant{{credRootARN, result.Unknown, []string{"cannot be ruled out", "ListVirtualMFADevices: AccessDenied"}}}},
		{"MFA state not_supported", devices(credSnap(unsupported)),
			[]ruleWant{{credRootARN, result.Unknown, []string{"mfa_active is not_supported"}}}},
		{"missing root row falls back on summary", devices(credSummary(credSnap(credUser("bob")), map[string]int32{"AccountMFAEnabled": 1})),
			[]ruleWant{{credRootARN, result.Pass, []string{"AccountMFAEnabled is 1"}}}},
		{"root ARN built from partition", govCloud,
			[]ruleWant{{"arn:aws-us-gov:iam::" + credAcct + ":root", result.Pass, []string{"none of the 1 virtual MFA devices"}}}},
	})
}
