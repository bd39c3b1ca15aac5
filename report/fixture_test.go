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
		RuleCatalogVersion:  "sha256:0123456789ab",
		Flags:               []string{"--framework=cis-aws-3.0", "--region=eu-west-1"},
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
			RuleID:   "IAM-PASSWORD-MIN-LENGTH",
			Severity: result.Medium, Status: result.Pass, ResourceType: "AWS::IAM::PasswordPolicy",
			Resource: "arn:aws:iam::123456789012:root", ResourceName: "account password policy",
			Reason: "MinimumPasswordLength is 16 (>= 14)",
		},
		{
			RuleID:   "IAM-USER-MFA",
			Severity: result.High, Status: result.Unknown, ResourceType: "AWS::IAM::User",
			Resource: "arn:aws:iam::123456789012:user/bob", ResourceName: "bob",
			Reason:  "cannot tell whether bob has an MFA device (mfa_devices: AccessDenied)",
			Missing: []string{"mfa_devices: ListMFADevices for user bob: AccessDenied"},
		},
		{
			RuleID:   "IAM-ACCESS-KEY-ROTATION",
			Severity: result.Medium, Status: result.Fail, ResourceType: "AWS::IAM::User",
			Resource: "arn:aws:iam::123456789012:user/engineering/ci-deploy-pipeline-service-account", ResourceName: "ci-deploy-pipeline-service-account",
			Reason: "access key 1 is 212 days old (> 90); last rotated 2026-04-25 & still used daily",
		},
		{
			RuleID:   "IAM-ROOT-MFA",
			Severity: result.Critical, Status: result.Fail, ResourceType: "AWS::IAM::RootUser",
			Resource: "arn:aws:iam::123456789012:root", ResourceName: "<root_account>",
			Reason: "AccountMFAEnabled is 0 in the account summary: root has no MFA device",
		},
		{
			RuleID:   "IAM-ROOT-NO-ACCESS-KEYS",
			Severity: result.Critical, Status: result.Pass, ResourceType: "AWS::IAM::RootUser",
			Resource: "arn:aws:iam::123456789012:root", ResourceName: "<root_account>",
			Reason: "AccountAccessKeysPresent is 0 in the account summary",
		},
		{
			RuleID:   "IAM-ACCESS-KEY-ROTATION",
			Severity: result.Medium, Status: result.Pass, ResourceType: "AWS::IAM::User",
			Resource: "arn:aws:iam::123456789012:user/alice", ResourceName: "alice",
			Reason: "no active access key is older than 90 days",
		},
		{
			RuleID:   "IAM-NO-FULL-ADMIN-POLICY",
			Severity: result.High, Status: result.Fail, ResourceType: "AWS::IAM::Policy",
			Resource: "arn:aws:iam::123456789012:policy/LegacyAdmin", ResourceName: "LegacyAdmin",
			Reason: `statement "AllowAll" allows Action "*" on Resource "*" <no condition>`,
		},
		{
			RuleID:   "IAM-SUPPORT-ROLE",
			Severity: result.Low, Status: result.Pass, ResourceType: "AWS::IAM::Role",
			Resource: "arn:aws:iam::123456789012:role/SupportRole", ResourceName: "SupportRole",
			Reason: "role SupportRole has AWSSupportAccess attached",
		},
		{
			RuleID:   "IAM-EXPIRED-SERVER-CERTS",
			Severity: result.Info, Status: result.Pass, ResourceType: "AWS::::Account",
			Resource: "arn:aws:iam::123456789012:root", ResourceName: "123456789012",
			Reason: "no server certificates are stored in IAM",
		},
		{
			RuleID:   "IAM-SECURITY-CONTACT",
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
	r := New(fixtureMeta(), fixtureInfos(), append(fixtureResults(), analyzerResults()...), fixtureControls())
	r.Compliance = fixtureCompliance()
	r.Admins = fixtureAdmins()
	return r
}

// fixtureAdmins is an inventory with each status and protection verdict;
// names and statements carry <, & and quotes to exercise escaping.
func fixtureAdmins() []result.AdminInventory {
	return []result.AdminInventory{{AccountID: "123456789012", Principals: []result.AdminEntry{
		{Kind: "root", Name: "<root_account>", ARN: "arn:aws:iam::123456789012:root", Status: result.AdminIs, Hops: 0,
			Path:       "the account's root user: every action on every resource; no IAM policy or permissions boundary limits it",
			GrantedBy:  []string{"the root user (no policy)"},
			Protection: result.Fail, ProtectionReason: "unprotected: IAM-ROOT-MFA: AccountMFAEnabled is 0 in the account summary: root has no MFA device"},
		{Kind: "user", Name: "alice", ARN: "arn:aws:iam::123456789012:user/alice", Status: result.AdminIs, Hops: 0,
			Path:       `allows every action on every resource by group Admins: AdministratorAccess Statement[0]`,
			GrantedBy:  []string{"group Admins: AdministratorAccess Statement[0]"},
			Protection: result.Pass, ProtectionReason: "protected: IAM-USER-CONSOLE-MFA: console access with an MFA device"},
		{Kind: "user", Name: "<script>eve</script>", ARN: "arn:aws:iam::123456789012:user/<script>eve</script>", Status: result.AdminCanBecome, Hops: 2,
			Path: `can become admin in 2 step(s): 1. user <script>eve</script> can assume role Deploy & Ops [pathfinding.cloud sts-001]; 2. role Deploy & Ops can attach a policy to itself [pathfinding.cloud iam-009]`,
			Steps: []result.AdminStep{
				{From: "arn:aws:iam::123456789012:user/<script>eve</script>", To: "arn:aws:iam::123456789012:role/Deploy", Action: "assume role Deploy & Ops", CatalogID: "sts-001",
					GrantedBy: []string{`sts:AssumeRole by inline "x" Statement[0]`}},
				{From: "arn:aws:iam::123456789012:role/Deploy", Action: "attach a policy to itself", CatalogID: "iam-009",
					GrantedBy: []string{"iam:AttachRolePolicy by customer policy DeployTools Statement[2]"}, NeedsMFA: true},
			},
			OtherPaths: 1,
			Protection: result.Fail, ProtectionReason: "unprotected: IAM-USER-CONSOLE-MFA: console password without MFA"},
		{Kind: "role", Name: "BuildRole", ARN: "arn:aws:iam::123456789012:role/BuildRole", Status: result.AdminMaybe, Hops: -1,
			Path:       "",
			Unknown:    "role BuildRole can pass role Admin to ecs-tasks.amazonaws.com — unsettled: can it run an ECS task?",
			Protection: result.Unknown, ProtectionReason: "its protections cannot be judged: IAM-ROLE-TRUST-CROSS-ACCOUNT gave no result for it"},
	}}}
}

func durationPtr(d time.Duration) *result.Duration {
	v := result.Duration(d)
	return &v
}

// fixtureInfos describes the fixture's rules, plus one rule that produced
// no result (it must still be listed in the JSON and SARIF rules).
func fixtureInfos() []result.RuleInfo {
	return []result.RuleInfo{
		{ID: "IAM-ROOT-MFA", Title: "Root user has MFA enabled", Severity: result.Critical,
			Rationale:      "The root user can do anything in the account; a password alone is one phishing email away from losing it.",
			Remediation:    "Sign in as the root user, open Security credentials and assign an MFA device.",
			RemediationCLI: []string{"aws iam get-account-summary --query 'SummaryMap.AccountMFAEnabled'"},
			References:     []string{"https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html"},
			Controls:       []result.Control{cis15, {Framework: "aws-securityhub", ID: "IAM.9"}}},
		{ID: "IAM-ROOT-NO-ACCESS-KEYS", Title: "Root user has no access keys", Severity: result.Critical,
			Rationale: "Root access keys cannot be restricted by any policy.", Controls: []result.Control{cis14}},
		{ID: "IAM-ACCESS-KEY-ROTATION", Title: "Active access keys are rotated within 90 days", Severity: result.Medium,
			Rationale: "A long-lived key accumulates copies & outlives the people who knew where it was used.",
			Remediation: "Create a second access key, move every consumer to it, deactivate the old key, " +
				"confirm nothing breaks, then delete the old key.",
			RemediationCLI: []string{"aws iam create-access-key --user-name <user>", "aws iam update-access-key --user-name <user> --access-key-id <old> --status Inactive"},
			References:     []string{"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#Using_RotateAccessKey"},
			Controls:       []result.Control{cis114}},
		{ID: "IAM-PASSWORD-MIN-LENGTH", Title: "Password policy requires at least 14 characters", Severity: result.Medium,
			Rationale: "Short passwords fall to guessing.", Controls: []result.Control{cis18}},
		{ID: "IAM-USER-MFA", Title: "Console users have MFA enabled", Severity: result.High,
			Rationale:   "A console password without MFA is one phished credential from a breach.",
			Remediation: "Assign an MFA device to every IAM user with a console password.",
			Controls:    []result.Control{cis110}},
		{ID: "IAM-NO-FULL-ADMIN-POLICY", Title: `No customer managed policy allows "*" on "*"`, Severity: result.High,
			Rationale:   "Full administrative privileges defeat least privilege.",
			Remediation: "Replace the policy with least-privilege policies scoped to the actions and resources each principal needs.",
			Controls:    []result.Control{cis115}},
		{ID: "IAM-SUPPORT-ROLE", Title: "A support role exists for incident handling with AWS Support", Severity: result.Low},
		{ID: "IAM-EXPIRED-SERVER-CERTS", Title: "No expired server certificates are stored in IAM", Severity: result.Info},
		{ID: "IAM-SECURITY-CONTACT", Title: "Security contact information is registered", Severity: result.Medium},
		{ID: "IAM-ACCESS-ANALYZER", Title: "IAM Access Analyzer is enabled in every enabled region", Severity: result.Low,
			Remediation: "Create an external access analyzer in every enabled region.",
			Controls:    []result.Control{{Framework: "aws-securityhub", ID: "IAM.28"}}},
		{ID: "IAM-USER-NO-INLINE-POLICIES", Title: "Users have no inline policies", Severity: result.Low,
			Rationale: "Permissions belong on groups and roles.", Controls: []result.Control{cis115}},
	}
}

// analyzerResults is one rule failing in several regions: the table shows
// it as one row.
func analyzerResults() []result.Result {
	var out []result.Result
	for _, region := range []string{"eu-west-1", "us-east-1", "us-west-2", "ap-south-1"} {
		out = append(out, result.Result{
			RuleID:   "IAM-ACCESS-ANALYZER",
			Severity: result.Low, Status: result.Fail, ResourceType: "AWS::AccessAnalyzer::Analyzer",
			Resource:     "arn:aws:access-analyzer:" + region + ":123456789012:analyzer",
			ResourceName: region, Reason: "no active external access analyzer in " + region,
		})
	}
	return out
}

// fixtureCompliance is every framework's controls, for the HTML view.
func fixtureCompliance() []result.ControlResult {
	return append(fixtureControls(),
		result.ControlResult{Framework: "aws-securityhub", ID: "IAM.9", Title: "MFA should be enabled for the root user", Automated: true, Status: result.Fail, Rules: []string{"IAM-ROOT-MFA"}, Failed: 1},
		result.ControlResult{Framework: "aws-securityhub", ID: "IAM.28", Title: "IAM Access Analyzer external access analyzer should be enabled", Automated: true, Status: result.Fail, Rules: []string{"IAM-ACCESS-ANALYZER"}, Failed: 4},
	)
}
