package rules

import (
	"fmt"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// IdentityFederation lays out the evidence for CIS "Ensure IAM users are
// managed centrally via identity federation or AWS Organizations" (Manual
// in every version): the account's SAML and OIDC identity providers and
// its IAM users with a console password. The benchmark's audit is to look
// at the identity providers and confirm no IAM user represents a person
// (the reason names the users, from the authorization details),
// a judgement about people no API records, so the result is always
// MANUAL. An IAM Identity Center instance shows as a SAML provider named
// AWSSSO_..._DO_NOT_DELETE in each account it serves; OIDC providers are
// usually workloads (CI systems), not people, and are listed separately.
var IdentityFederation = Rule{
	ID:       "IAM-IDENTITY-FEDERATION",
	Title:    "IAM users are managed centrally through identity federation",
	Severity: result.Low,
	Rationale: "People who sign in through a central identity provider (IAM Identity Center, a SAML IdP) lose " +
		"access everywhere when they leave; IAM users in each account keep long-lived passwords and keys that " +
		"must be found and removed one account at a time.",
	Remediation: "Federate human access through IAM Identity Center or a SAML identity provider and remove IAM " +
		"users that represent people.",
	RemediationCLI: []string{
		"aws iam list-saml-providers",
		"aws iam list-open-id-connect-providers",
		"aws iam list-users --query 'Users[].UserName'",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers.html",
		"https://docs.aws.amazon.com/singlesignon/latest/userguide/what-is.html",
	},
	Controls: cis("1.21", "1.21", "1.21", "1.21", "1.21", "1.20", "2.20", "2.19"),
	Evidence: []audit.Evidence{audit.EvidenceIdentityProviders, audit.EvidenceAuthorization},
	Check:    checkIdentityFederation,
}

func checkIdentityFederation(ctx *Context) []result.Result {
	s := ctx.Snapshot
	ip := s.IdentityProviders
	if ip == nil {
		return accountUnknown(ctx, "the account's identity providers are unknown", audit.EvidenceIdentityProviders)
	}
	var b strings.Builder
	if len(ip.SAML) == 0 {
		b.WriteString("no SAML identity provider")
	} else {
		names := make([]string, 0, len(ip.SAML))
		for _, p := range ip.SAML {
			names = append(names, arnName(p.ARN, ":saml-provider/"))
		}
		fmt.Fprintf(&b, "SAML identity providers: %s", strings.Join(names, ", "))
	}
	if len(ip.OIDC) == 0 {
		b.WriteString("; no OIDC identity provider")
	} else {
		urls := make([]string, 0, len(ip.OIDC))
		for _, a := range ip.OIDC {
			urls = append(urls, arnName(a, ":oidc-provider/"))
		}
		fmt.Fprintf(&b, "; OIDC identity providers (usually workloads): %s", strings.Join(urls, ", "))
	}
	if ad := s.Authorization; ad != nil {
		users := make([]string, 0, len(ad.Users))
		for _, u := range ad.Users {
			users = append(users, u.Name)
		}
		switch {
		case len(users) == 0:
			b.WriteString("; no IAM users")
		case len(users) <= maxQuotedUsers:
			fmt.Fprintf(&b, "; IAM users: %s", strings.Join(users, ", "))
		default:
			fmt.Fprintf(&b, "; %d IAM users (%s, ...)", len(users), strings.Join(users[:maxQuotedUsers], ", "))
		}
	} else {
		b.WriteString("; IAM users unknown: the authorization details were not collected")
	}
	b.WriteString("; confirm people sign in through federation and no IAM user represents a person")
	return accountResult(ctx, result.Manual, b.String())
}

// maxQuotedUsers bounds how many user names the reason quotes.
const maxQuotedUsers = 10

// arnName is the part of arn after sep, or arn itself.
func arnName(arn, sep string) string {
	if _, after, ok := strings.Cut(arn, sep); ok {
		return after
	}
	return arn
}
