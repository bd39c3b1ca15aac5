package rules

import (
	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// UserMFA checks that every IAM user has an MFA device, console user or not
// (Security Hub IAM.19).
var UserMFA = Rule{
	ID:       "IAM-USER-MFA",
	Title:    "Every IAM user has MFA enabled",
	Severity: result.Medium,
	Rationale: "A user without MFA today can be given a console password tomorrow; and MFA lets policies " +
		"require aws:MultiFactorAuthPresent for sensitive API calls made with access keys.",
	Remediation: "Assign an MFA device to every IAM user, or replace long-lived users with roles and IAM Identity Center.",
	RemediationCLI: []string{
		"aws iam create-virtual-mfa-device --virtual-mfa-device-name <user-name> --outfile <qr-code.png> --bootstrap-method QRCodePNG",
		"aws iam enable-mfa-device --user-name <user-name> --serial-number arn:aws:iam::<account-id>:mfa/<user-name> --authentication-code1 <code1> --authentication-code2 <code2>",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-19",
		"https://docs.aws.amazon.com/config/latest/developerguide/iam-user-mfa-enabled.html",
	},
	Controls: []result.Control{securityHub("IAM.19"), awsConfig("iam-user-mfa-enabled")},
	Evidence: userEvidence,
	// A virtual device assigned since the report settles a row saying
	// mfa_active false; without the list, the row decides.
	Optional: []audit.Evidence{audit.EvidenceVirtualMFADevices},
	Check: func(ctx *Context) []result.Result {
		return eachUser(ctx, func(row audit.CredentialRow) result.Result {
			switch active, why, ok := userMFA(ctx, row); {
			case !ok:
				return userResult(row, result.Unknown, why)
			case active:
				return userResult(row, result.Pass, why)
			default:
				return userResult(row, result.Fail, why+": the user has no MFA device")
			}
		})
	},
}
