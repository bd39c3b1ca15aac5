package rules

import (
	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// UserConsoleMFA checks that every IAM user with a console password has MFA.
var UserConsoleMFA = Rule{
	ID:       "IAM-USER-CONSOLE-MFA",
	Title:    "IAM users with a console password have MFA enabled",
	Severity: result.Medium,
	Rationale: "A console password can be phished, guessed or reused from another breach; MFA stops a " +
		"stolen password from being enough to sign in.",
	Remediation: "Assign an MFA device to the user (a FIDO security key is best), or remove the console " +
		"password if the user does not need the console. Consider an IAM policy that denies actions " +
		"when aws:MultiFactorAuthPresent is false.",
	RemediationCLI: []string{
		"aws iam create-virtual-mfa-device --virtual-mfa-device-name <user-name> --outfile <qr-code.png> --bootstrap-method QRCodePNG",
		"aws iam enable-mfa-device --user-name <user-name> --serial-number arn:aws:iam::<account-id>:mfa/<user-name> --authentication-code1 <code1> --authentication-code2 <code2>",
		"aws iam delete-login-profile --user-name <user-name>",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-5",
		"https://docs.aws.amazon.com/config/latest/developerguide/mfa-enabled-for-iam-console-access.html",
	},
	Controls: append(cis("1.10", "1.10", "1.10", "1.10", "1.10", "1.9", "2.9", "2.10"), securityHub("IAM.5"), awsConfig("mfa-enabled-for-iam-console-access")),
	Evidence: userEvidence,
	// A virtual device assigned since the report settles a row saying
	// mfa_active false; without the list, the row decides.
	Optional: []audit.Evidence{audit.EvidenceVirtualMFADevices},
	Check: func(ctx *Context) []result.Result {
		return eachUser(ctx, func(row audit.CredentialRow) result.Result {
			switch {
			case row.PasswordEnabled.False():
				return userResult(row, result.Pass, "no console password (password_enabled false)")
			case !row.PasswordEnabled.True():
				return userResult(row, result.Unknown, "password_enabled is "+row.PasswordEnabled.String()+", so console access cannot be judged")
			}
			switch active, why, ok := userMFA(ctx, row); {
			case !ok:
				return userResult(row, result.Unknown, "console password enabled but "+why)
			case active:
				return userResult(row, result.Pass, "console password enabled and "+why)
			default:
				return userResult(row, result.Fail, "console password enabled but "+why)
			}
		})
	},
}
