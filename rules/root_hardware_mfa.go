package rules

import (
	"fmt"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// RootHardwareMFA checks that root's MFA is a hardware or FIDO device only.
var RootHardwareMFA = Rule{
	ID:       "IAM-ROOT-HARDWARE-MFA",
	Title:    "Root user uses only hardware MFA",
	Severity: result.Critical,
	Rationale: "A virtual MFA app lives on a phone or laptop that can be lost, cloned or compromised. " +
		"Root may hold several MFA devices and any one of them signs in, so a virtual device next to " +
		"a hardware key still leaves the weaker factor open.",
	Remediation: "Sign in as the root user, assign a FIDO security key or hardware TOTP token, then remove " +
		"every virtual MFA device from the root user and delete it.",
	RemediationCLI: []string{
		"aws iam list-virtual-mfa-devices --assignment-status Assigned --query \"VirtualMFADevices[?User.Arn=='arn:aws:iam::<account-id>:root'].SerialNumber\"",
		"# with the root user's own credentials, after a hardware device is assigned in the console:",
		"aws iam deactivate-mfa-device --serial-number <virtual-mfa-serial>",
		"aws iam delete-virtual-mfa-device --serial-number <virtual-mfa-serial>",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-hw-mfa-for-root.html",
		"https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListVirtualMFADevices.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-6",
		"https://docs.aws.amazon.com/config/latest/developerguide/root-account-hardware-mfa-enabled.html",
	},
	Controls: append(cis("1.6", "1.6", "1.6", "1.6", "1.6", "1.5", "2.5", "2.6"), securityHub("IAM.6"), awsConfig("root-account-hardware-mfa-enabled")),
	Evidence: []audit.Evidence{audit.EvidenceAccountSummary, audit.EvidenceVirtualMFADevices},
	// The report's root row decides only when the summary lacks the flag.
	Optional: []audit.Evidence{audit.EvidenceCredentialReport},
	Check:    checkRootHardwareMFA,
}

func checkRootHardwareMFA(ctx *Context) []result.Result {
	s := ctx.Snapshot
	sb := rootSubject(s)
	// A virtual device assigned to root decides the question whatever the
	// summary says, so look at it first. Key on the device's UserARN: the
	// serial's name ("root-account-mfa-device") is only a console default.
	var virtual []string
	if s.VirtualMFADevices != nil {
		for _, d := range s.VirtualMFADevices.Devices {
			if d.AssignedTo(sb.arn) {
				virtual = append(virtual, d.SerialNumber)
			}
		}
	}
	if len(virtual) > 0 {
		return []result.Result{sb.fail(fmt.Sprintf("virtual MFA device %s is assigned to root (UserARN %s); any root MFA device can sign in, so root is not protected by hardware MFA alone",
			strings.Join(virtual, ", "), sb.arn))}
	}
	enabled, reason, ok := rootMFAEnabled(ctx)
	switch {
	case ok && !enabled:
		return []result.Result{sb.fail(reason + ": root has no MFA device at all")}
	case !ok:
		return []result.Result{sb.missing(ctx, "cannot tell whether root has MFA: "+reason,
			audit.EvidenceAccountSummary, audit.EvidenceCredentialReport)}
	case s.VirtualMFADevices == nil:
		return []result.Result{sb.missing(ctx,
			reason+", but the virtual MFA device list is unavailable, so a virtual root device cannot be ruled out",
			audit.EvidenceVirtualMFADevices)}
	}
	return []result.Result{sb.pass(fmt.Sprintf("%s and none of the %d virtual MFA devices is assigned to %s: root uses a hardware or FIDO device",
		reason, len(s.VirtualMFADevices.Devices), sb.arn))}
}
