package rules

import (
	"fmt"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// AdminAWSManagedPolicy flags AWS-managed policies that grant full admin
// (AdministratorAccess and the like) and are attached to a user, group or
// role. One result per AWS-managed policy in use, naming who holds it: the
// fix is per policy, and one line per holder would drown a large account.
// A policy whose document was not collected is UNKNOWN, never PASS.
var AdminAWSManagedPolicy = Rule{
	ID:        "IAM-POLICY-ADMIN-AWS-MANAGED",
	Title:     "AWS-managed full-admin policies (e.g. AdministratorAccess) are not attached",
	Severity:  result.High,
	Rationale: adminRationale + " AdministratorAccess is the usual way such access is handed out.",
	Remediation: "Detach AdministratorAccess (or any AWS-managed policy allowing \"*\" on \"*\") from users " +
		"and groups; keep full admin on a small number of roles assumed with MFA or through IAM Identity Center.",
	RemediationCLI: []string{
		"aws iam list-entities-for-policy --policy-arn arn:aws:iam::aws:policy/AdministratorAccess",
		"aws iam detach-user-policy --user-name <user> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess",
		"aws iam detach-group-policy --group-name <group> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess",
		"aws iam detach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess",
	},
	References: []string{
		"https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
	},
	// CIS's audit (aws iam list-policies --only-attached) includes AWS-managed
	// policies, so AdministratorAccess attached anywhere fails the control.
	// Security Hub IAM.1 looks at customer-managed policies only.
	Controls: cis("1.16", "1.16", "1.16", "1.16", "1.16", "1.15", "2.15", "2.14"),
	Evidence: []audit.Evidence{audit.EvidenceAuthorization, audit.EvidenceManagedPolicies},
	Check:    onAZIndex("AWS-managed policies", checkAdminAWSManagedPolicy),
}

func checkAdminAWSManagedPolicy(ctx *Context, ix *azIndex) []result.Result {
	// Attached AWS-managed policy ARNs, in first-seen order for stable output.
	var arns []string
	names := map[string]string{}
	for _, p := range ix.principals {
		for _, ap := range p.Attached {
			if _, seen := names[ap.ARN]; !seen && azIsAWSManagedARN(ap.ARN) {
				names[ap.ARN] = ap.Name
				arns = append(arns, ap.ARN)
			}
		}
	}
	if len(arns) == 0 {
		return azAccountPass(ctx, "no user, group or role has an AWS-managed policy attached")
	}
	out := make([]result.Result, 0, len(arns))
	for _, arn := range arns {
		holders := azHolderNames(ix.holders[arn])
		p, ok := ix.policies[arn]
		if !ok {
			out = append(out, subject{TypePolicy, arn, names[arn]}.missing(ctx,
				"the document of "+names[arn]+" (held by "+holders+") was not collected", audit.EvidenceManagedPolicies))
			continue
		}
		doc, ver, bad := ix.defaultDoc(p, audit.EvidenceManagedPolicies)
		if bad != nil {
			bad.Reason += " (held by " + holders + ")"
			out = append(out, *bad)
			continue
		}
		if g, ok := doc.GrantsFullAdmin(); ok {
			out = append(out, azPolicyResult(p, result.Fail, fmt.Sprintf("%s (default version %s: %s) is attached to %s",
				p.Name, ver, g.Describe(), holders)))
			continue
		}
		out = append(out, azPolicyResult(p, result.Pass, fmt.Sprintf("%s (default version %s) does not allow all actions on all resources (held by %s)", p.Name, ver, holders)))
	}
	return out
}
