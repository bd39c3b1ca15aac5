package rules

import (
	"fmt"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
	"github.com/iamaudit/iamaudit/rules/policy"
)

// RoleTrustCrossAccount flags roles that another account's principals
// (a foreign account ID, or any ARN in another account) may assume without
// an sts:ExternalId condition or an MFA condition (Bool
// aws:MultiFactorAuthPresent true). Service and federated principals are out
// of scope of this rule, and so is Principal "*" (IAM-ROLE-TRUST-ANY-PRINCIPAL
// judges it). Service-linked roles are excluded: AWS owns them. Unique IDs
// (AROA..., AIDA...) that IAM shows for deleted principals match nobody and
// are only mentioned.
var RoleTrustCrossAccount = Rule{
	ID:       "IAM-ROLE-TRUST-CROSS-ACCOUNT",
	Title:    "Cross-account role trust requires an external ID or MFA",
	Severity: result.Medium,
	Rationale: "A role trusted by another account can be assumed by whoever controls that account. For " +
		"third parties, sts:ExternalId prevents the confused-deputy problem; for people, requiring MFA " +
		"keeps a leaked access key in the other account from reaching this one.",
	Remediation: "Add a Condition to the trust statement: StringEquals sts:ExternalId for third-party " +
		"services, or Bool aws:MultiFactorAuthPresent true for human users; remove trust for accounts " +
		"that no longer need it.",
	RemediationCLI: []string{
		"aws iam get-role --role-name <role> --query Role.AssumeRolePolicyDocument",
		"aws iam update-assume-role-policy --role-name <role> --policy-document file://trust-with-condition.json",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
	},
	Evidence: []audit.Evidence{audit.EvidenceAuthorization, audit.EvidenceCallerIdentity},
	Check:    checkRoleTrustCrossAccount,
}

func checkRoleTrustCrossAccount(ctx *Context) []result.Result {
	ours := ctx.Snapshot.Account.ID
	return eachTrustPolicy(ctx, func(r audit.Role, d *policy.Document) result.Result {
		var open, guarded, orphaned []string
		undecided, anyPrincipal := false, false
		invalid := invalidPrincipals(d)
		for i, s := range d.Statements {
			if s.Principal == nil || !allowsAssume(s) {
				continue
			}
			var foreign []string
			rejected := map[string]bool{}
			for _, b := range policy.InvalidTrustPrincipals(s.Principal) {
				rejected[b] = true
			}
			for _, p := range s.Principal.AWS {
				if p == "*" {
					anyPrincipal = true
					continue
				}
				if rejected[p] {
					continue
				}
				acct, ok := policy.AccountOf(p)
				switch {
				case !ok:
					orphaned = append(orphaned, p)
				case ours == "":
					undecided = true
				case acct != ours:
					foreign = append(foreign, acct)
				}
			}
			if len(foreign) == 0 {
				continue
			}
			foreign = azUniqueSorted(foreign)
			var guard []string
			if len(s.NarrowingKeys("sts:ExternalId")) > 0 {
				guard = append(guard, "sts:ExternalId")
			}
			if s.RequiresTrue("aws:MultiFactorAuthPresent") {
				guard = append(guard, "MFA")
			}
			desc := fmt.Sprintf("Statement[%d] trusts account(s) %s", i, strings.Join(foreign, ", "))
			if len(guard) > 0 {
				guarded = append(guarded, desc+" with "+strings.Join(guard, " and "))
			} else {
				open = append(open, desc)
			}
		}
		note := ""
		if len(orphaned) > 0 {
			note = "; unique IDs of deleted principals, which match nobody, ignored: " + strings.Join(azUniqueSorted(orphaned), ", ")
		}
		switch {
		case len(open) > 0:
			if len(invalid) > 0 {
				note += "; also, " + invalidNote(invalid)
			}
			return azRoleResult(r, result.Fail, strings.Join(open, "; ")+" without an sts:ExternalId or MFA condition"+note)
		case len(invalid) > 0:
			return azRoleResult(r, result.Unknown, invalidNote(invalid))
		case undecided:
			return subject{TypeRole, r.ARN, r.Name}.missing(ctx,
				"the trust policy names AWS accounts but the audited account's ID is unknown", audit.EvidenceCallerIdentity)
		case len(guarded) > 0:
			return azRoleResult(r, result.Pass, strings.Join(guarded, "; ")+note)
		case anyPrincipal:
			return azRoleResult(r, result.Pass, "no other account is named; the trust of any principal (\"*\") is judged by "+RoleTrustAnyPrincipal.ID+note)
		default:
			return azRoleResult(r, result.Pass, "no other account's principal is trusted (service and federated principals are out of scope)"+note)
		}
	})
}
