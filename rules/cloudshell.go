package rules

import (
	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// CloudShellFullAccess fails when the AWS-managed AWSCloudShellFullAccess
// policy is attached to any user, group or role; one result for the account.
var CloudShellFullAccess = Rule{
	ID:       "IAM-CLOUDSHELL-FULL-ACCESS",
	Title:    "Access to AWSCloudShellFullAccess is restricted",
	Severity: result.Medium,
	Rationale: "AWSCloudShellFullAccess lets its holder upload and download files to and from CloudShell " +
		"without restriction, a ready channel for data exfiltration that bypasses other controls.",
	Remediation: "Detach AWSCloudShellFullAccess from every user, group and role; grant a scoped CloudShell " +
		"policy that denies file upload/download (cloudshell:PutFileUpload / cloudshell:GetFileDownloadUrls) where needed.",
	RemediationCLI: []string{
		"aws iam list-entities-for-policy --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess",
		"aws iam detach-user-policy --user-name <user> --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess",
		"aws iam detach-group-policy --group-name <group> --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess",
		"aws iam detach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess",
	},
	References: []string{
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-27",
		"https://docs.aws.amazon.com/cloudshell/latest/userguide/sec-auth-with-identities.html",
	},
	Controls: append(cis("", "", "1.22", "1.22", "1.22", "1.21", "2.21", "2.20"), securityHub("IAM.27"), awsConfig("iam-policy-blacklisted-check")),
	Evidence: []audit.Evidence{audit.EvidenceAuthorization},
	Check:    onAZIndex("AWSCloudShellFullAccess attachments", checkCloudShellFullAccess),
}

func checkCloudShellFullAccess(ctx *Context, ix *azIndex) []result.Result {
	hs := ix.policyHolders("AWSCloudShellFullAccess")
	res := azAccountPass(ctx, "AWSCloudShellFullAccess is attached to no user, group or role")
	if len(hs) > 0 {
		res[0].Status = result.Fail
		res[0].Reason = "AWSCloudShellFullAccess is attached to " + azHolderNames(hs)
	}
	return res
}
