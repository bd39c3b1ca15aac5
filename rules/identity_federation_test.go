package rules

import (
	"fmt"
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestIdentityFederation(t *testing.T) {
	denied := audit.Gap{Evidence: audit.EvidenceIdentityProviders, Operation: "ListSAMLProviders", Code: "AccessDenied", Message: "not authorized"}
	saml := "arn:aws:iam::" + orgAcct + ":saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE"
	oidc := "arn:aws:iam::" + orgAcct + ":oidc-provider/token.actions.githubusercontent.com"
	with := func(ip *audit.IdentityProviders, users ...string) *audit.Snapshot {
		s := orgSnap()
		s.IdentityProviders = ip
		if users != nil {
			s.Authorization = &audit.AuthorizationDetails{}
			for _, u := range users {
				s.Authorization.Users = append(s.Authorization.Users, audit.User{Name: u})
			}
		}
		return s
	}
	many := make([]string, 12)
	for i := range many {
		many[i] = fmt.Sprintf("u%02d", i)
	}
	runCases(t, IdentityFederation, []ruleCase{
		{"providers and users are quoted, never judged", with(&audit.IdentityProviders{SAML: []audit.SAMLProvider{{ARN: saml}}, OIDC: []string{oidc}}, "alice"),
			[]ruleWant{{orgRes, result.Manual, []string{"SAML identity providers: AWSSSO_0123456789abcdef_DO_NOT_DELETE", "OIDC identity providers (usually workloads): token.actions.githubusercontent.com", "IAM users: alice"}}}},
		{"no providers is still for a person", with(&audit.IdentityProviders{}, []string{}...),
			[]ruleWant{{orgRes, result.Manual, []string{"no SAML identity provider; no OIDC identity provider; no IAM users"}}}},
		{"many users are counted", with(&audit.IdentityProviders{}, many...),
			[]ruleWant{{orgRes, result.Manual, []string{"12 IAM users (u00, u01", "u09, ...)"}}}},
		{"users not collected are said so", with(&audit.IdentityProviders{}),
			[]ruleWant{{orgRes, result.Manual, []string{"IAM users unknown: the authorization details were not collected"}}}},
		{"denied is unknown with the gap", orgSnap(denied),
			[]ruleWant{{orgRes, result.Unknown, []string{"ListSAMLProviders: AccessDenied"}}}},
	})
}
