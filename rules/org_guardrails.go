package rules

import (
	"slices"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// OrgGuardrailPolicies checks CIS v7.0.0 2.1.2 "Ensure authorization
// guardrails for all AWS Organization accounts" (Manual) from the
// management account's SCPs and RCPs and their targets:
//   - PASS when a customer SCP or RCP is attached to the root: every account
//     inherits it (the benchmark's own "attached to the root ... passes for
//     coverage"); the reason names them for the content review;
//   - MANUAL when customer policies are attached only to OUs or accounts:
//     coverage of every active account needs the OU tree and account list,
//     which are not collected, so the reason names the targets;
//   - FAIL when no customer SCP or RCP is attached anywhere (AWS's
//     FullAWSAccess and RCPFullAWSAccess allow everything and guard
//     nothing), or the organization has consolidated billing only.
//
// Whether the policies implement the organization's baseline is for the
// reviewer; the control stays Manual.
var OrgGuardrailPolicies = Rule{
	ID:       "IAM-ORG-GUARDRAIL-POLICIES",
	Title:    "Guardrail SCPs or RCPs apply to every account of the organization",
	Severity: result.Medium,
	Rationale: "Service and resource control policies cap what any principal or resource in an account can be " +
		"allowed, whatever its IAM or resource policies say: without them one account's mistake can disable " +
		"logging, use unapproved regions or open resources to the world.",
	Remediation: "Write baseline guardrail SCPs (and RCPs) and attach them to the organization root, or to " +
		"every OU, after testing them in a staging OU.",
	RemediationCLI: []string{
		"aws organizations list-policies --filter SERVICE_CONTROL_POLICY",
		"aws organizations list-roots --query 'Roots[].Id'",
		"aws organizations attach-policy --policy-id p-examplepolicy --target-id r-exampleroot",
	},
	References: []string{
		"https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html",
		"https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html",
	},
	Controls: cisV7Only("2.1.2"),
	Evidence: []audit.Evidence{audit.EvidenceOrganization, audit.EvidenceOrganizationPolicies},
	Check:    checkOrgGuardrails,
}

func checkOrgGuardrails(ctx *Context) []result.Result {
	if res := managementScope(ctx, "guardrail policy coverage"); res != nil {
		return res
	}
	s := ctx.Snapshot
	if s.Organization.FeatureSet == "CONSOLIDATED_BILLING" {
		return accountResult(ctx, result.Fail, "organization "+s.Organization.ID+" has consolidated billing only: SCPs and RCPs cannot be used")
	}
	op := s.OrganizationPolicies
	if op == nil {
		return accountUnknown(ctx, "the organization's SCPs and RCPs are unknown", audit.EvidenceOrganizationPolicies)
	}
	var atRoot, elsewhere, unattached []string
	for _, p := range op.Policies {
		if p.AWSManaged {
			continue
		}
		label := policyKind(p.Type) + " " + quote(p.Name)
		var targets []string
		root := false
		for _, t := range p.Targets {
			if t.Type == audit.TargetRoot {
				root = true
			}
			targets = append(targets, targetLabel(t))
		}
		switch {
		case root:
			atRoot = append(atRoot, label)
		case len(targets) > 0:
			elsewhere = append(elsewhere, label+" on "+strings.Join(targets, ", "))
		default:
			unattached = append(unattached, label)
		}
	}
	switch {
	case len(atRoot) > 0:
		reason := strings.Join(atRoot, ", ") + " attached at the root (inherited by every account)"
		if len(elsewhere) > 0 {
			reason += "; also " + strings.Join(elsewhere, "; ")
		}
		return accountResult(ctx, result.Pass, reason+"; confirm they implement the baseline guardrails")
	case len(elsewhere) > 0:
		return accountResult(ctx, result.Manual, "no customer SCP or RCP is attached at the root; "+strings.Join(elsewhere, "; ")+
			"; confirm every active account is under one of these targets (OUs and accounts are not collected)")
	}
	reason := "no customer SCP or RCP is attached anywhere (AWS-managed FullAWSAccess and RCPFullAWSAccess allow everything)"
	if len(unattached) > 0 {
		slices.Sort(unattached)
		reason += "; unattached: " + strings.Join(unattached, ", ")
	}
	return accountResult(ctx, result.Fail, reason)
}

func policyKind(typ string) string {
	switch typ {
	case audit.PolicyTypeSCP:
		return "SCP"
	case audit.PolicyTypeRCP:
		return "RCP"
	}
	return typ
}

func targetLabel(t audit.PolicyTarget) string {
	kind := map[string]string{audit.TargetRoot: "root", audit.TargetOU: "OU", audit.TargetAccount: "account"}[t.Type]
	if kind == "" {
		kind = t.Type
	}
	if t.Name != "" && t.Name != t.ID {
		return kind + " " + t.ID + " (" + quote(t.Name) + ")"
	}
	return kind + " " + t.ID
}
