package report

import (
	"time"

	"github.com/iamaudit/iamaudit/result"
)

// fixtureTime is the fixed collection time every golden file shows.
var fixtureTime = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

func fixtureMeta() result.Meta {
	return result.Meta{
		ToolVersion:         "1.2.3-test",
		AccountID:           "123456789012",
		Partition:           "aws",
		CallerARN:           "arn:aws:iam::123456789012:role/AuditRole",
		CollectedAt:         fixtureTime,
		CredentialReportAge: durationPtr(2*time.Hour + 15*time.Minute),
		Framework:           "cis-aws-3.0",
		EvidenceGaps:        []string{"mfa_devices: ListMFADevices for user bob: AccessDenied: not authorized to perform iam:ListMFADevices"},
	}
}

var (
	cis114 = result.Control{Framework: "cis-aws-3.0", ID: "1.14"}
	cis14  = result.Control{Framework: "cis-aws-3.0", ID: "1.4"}
	cis15  = result.Control{Framework: "cis-aws-3.0", ID: "1.5"}
	cis18  = result.Control{Framework: "cis-aws-3.0", ID: "1.8"}
	cis110 = result.Control{Framework: "cis-aws-3.0", ID: "1.10"}
	cis115 = result.Control{Framework: "cis-aws-3.0", ID: "1.15"}
)

// fixtureResults is deliberately out of order so the goldens also show
// sorting. Reasons carry <, & and quotes to exercise every writer's escaping.
func fixtureResults() []result.Result {
	return []result.Result{
		{
			RuleID: "IAM-PASSWORD-MIN-LENGTH", Title: "Password policy requires at least 14 characters",
			Severity: result.Medium, Status: result.Pass, ResourceType: "AWS::IAM::PasswordPolicy",
			Resource: "arn:aws:iam::123456789012:root", ResourceName: "account password policy",
			Reason: "MinimumPasswordLength is 16 (>= 14)", Controls: []result.Control{cis18},
		},
		{
			RuleID: "IAM-USER-MFA", Title: "Console users have MFA enabled",
			Severity: result.High, Status: result.Unknown, ResourceType: "AWS::IAM::User",
			Resource: "arn:aws:iam::123456789012:user/bob", ResourceName: "bob",
			Reason:      "cannot tell whether bob has an MFA device (mfa_devices: AccessDenied)",
			Missing:     []string{"mfa_devices: ListMFADevices for user bob: AccessDenied"},
			Remediation: "Assign an MFA device to every IAM user with a console password.",
			Controls:    []result.Control{cis110},
		},
		{
			RuleID: "IAM-ACCESS-KEY-ROTATION", Title: "Active access keys are rotated within 90 days",
			Severity: result.Medium, Status: result.Fail, ResourceType: "AWS::IAM::User",
			Resource: "arn:aws:iam::123456789012:user/engineering/ci-deploy-pipeline-service-account", ResourceName: "ci-deploy-pipeline-service-account",
			Reason: "access key 1 is 212 days old (> 90); last rotated 2026-04-25 & still used daily",
			Remediation: "Create a second access key, move every consumer to it, deactivate the old key, " +
				"confirm nothing breaks, then delete the old key.",
			Controls: []result.Control{cis114},
		},
		{
			RuleID: "IAM-ROOT-MFA", Title: "Root user has MFA enabled",
			Severity: result.Critical, Status: result.Fail, ResourceType: "AWS::IAM::RootUser",
			Resource: "arn:aws:iam::123456789012:root", ResourceName: "<root_account>",
			Reason:      "AccountMFAEnabled is 0 in the account summary: root has no MFA device",
			Remediation: "Sign in as the root user, open Security credentials and assign an MFA device.",
			Controls:    []result.Control{cis15},
		},
		{
			RuleID: "IAM-ROOT-NO-ACCESS-KEYS", Title: "Root user has no access keys",
			Severity: result.Critical, Status: result.Pass, ResourceType: "AWS::IAM::RootUser",
			Resource: "arn:aws:iam::123456789012:root", ResourceName: "<root_account>",
			Reason:   "AccountAccessKeysPresent is 0 in the account summary",
			Controls: []result.Control{cis14},
		},
		{
			RuleID: "IAM-ACCESS-KEY-ROTATION", Title: "Active access keys are rotated within 90 days",
			Severity: result.Medium, Status: result.Pass, ResourceType: "AWS::IAM::User",
			Resource: "arn:aws:iam::123456789012:user/alice", ResourceName: "alice",
			Reason: "no active access key is older than 90 days", Controls: []result.Control{cis114},
		},
		{
			RuleID: "IAM-NO-FULL-ADMIN-POLICY", Title: `No customer managed policy allows "*" on "*"`,
			Severity: result.High, Status: result.Fail, ResourceType: "AWS::IAM::Policy",
			Resource: "arn:aws:iam::123456789012:policy/LegacyAdmin", ResourceName: "LegacyAdmin",
			Reason:      `statement "AllowAll" allows Action "*" on Resource "*" <no condition>`,
			Remediation: "Replace the policy with least-privilege policies scoped to the actions and resources each principal needs.",
			Controls:    []result.Control{cis115},
		},
		{
			RuleID: "IAM-SUPPORT-ROLE", Title: "A support role exists for incident handling with AWS Support",
			Severity: result.Low, Status: result.Pass, ResourceType: "AWS::IAM::Role",
			Resource: "arn:aws:iam::123456789012:role/SupportRole", ResourceName: "SupportRole",
			Reason: "role SupportRole has AWSSupportAccess attached",
		},
		{
			RuleID: "IAM-EXPIRED-SERVER-CERTS", Title: "No expired server certificates are stored in IAM",
			Severity: result.Info, Status: result.Pass, ResourceType: "AWS::::Account",
			Resource: "arn:aws:iam::123456789012:root", ResourceName: "123456789012",
			Reason: "no server certificates are stored in IAM",
		},
		{
			RuleID: "IAM-SECURITY-CONTACT", Title: "Security contact information is registered",
			Severity: result.Medium, Status: result.Manual, ResourceType: "AWS::::Account",
			Resource: "arn:aws:iam::123456789012:root", ResourceName: "123456789012",
			Reason: "alternate contacts cannot be read through IAM; check the Account settings page",
		},
	}
}

func fixtureControls() []result.ControlResult {
	return []result.ControlResult{
		{Framework: "cis-aws-3.0", ID: "1.2", Title: "Ensure security contact information is registered", Automated: false, Status: result.Manual},
		{Framework: "cis-aws-3.0", ID: "1.4", Title: "Ensure no 'root' user account access key exists", Automated: true, Status: result.Pass, Rules: []string{"IAM-ROOT-NO-ACCESS-KEYS"}, Passed: 1},
		{Framework: "cis-aws-3.0", ID: "1.5", Title: "Ensure MFA is enabled for the 'root' user account", Automated: true, Status: result.Fail, Rules: []string{"IAM-ROOT-MFA"}, Failed: 1},
		{Framework: "cis-aws-3.0", ID: "1.8", Title: "Ensure IAM password policy requires minimum length of 14 or greater", Automated: true, Status: result.Pass, Rules: []string{"IAM-PASSWORD-MIN-LENGTH"}, Passed: 1},
		{Framework: "cis-aws-3.0", ID: "1.10", Title: "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password", Automated: true, Status: result.Unknown, Rules: []string{"IAM-USER-MFA"}, Unknown: 1},
		{Framework: "cis-aws-3.0", ID: "1.14", Title: "Ensure access keys are rotated every 90 days or less", Automated: true, Status: result.Fail, Rules: []string{"IAM-ACCESS-KEY-ROTATION"}, Failed: 1, Passed: 1},
		{Framework: "cis-aws-3.0", ID: "1.15", Title: "Ensure IAM Users Receive Permissions Only Through Groups", Automated: true, Status: result.Fail, Rules: []string{"IAM-NO-FULL-ADMIN-POLICY", "IAM-USER-NO-INLINE-POLICIES", "IAM-USER-NO-ATTACHED-POLICIES"}, Failed: 1},
		{Framework: "cis-aws-3.0", ID: "1.17", Title: "Ensure IAM instance roles are used for AWS resource access from instances", Automated: true, Status: result.Unknown, Note: "no iamaudit rule assesses this automated control; needs EC2 evidence"},
		{Framework: "cis-aws-3.0", ID: "1.22", Title: "Ensure access to AWSCloudShellFullAccess is restricted", Automated: false, Status: result.Fail, Rules: []string{"IAM-CLOUDSHELL-FULL-ACCESS"}, Failed: 1, Note: "manual control: the rules check what the evidence shows; confirm the rest by hand"},
	}
}

func fixtureReport() *Report {
	return New(fixtureMeta(), fixtureResults(), fixtureControls())
}

func durationPtr(d time.Duration) *result.Duration {
	v := result.Duration(d)
	return &v
}
