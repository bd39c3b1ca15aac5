package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// Class 4 of issue 7: trust policies judged as an attacker would. Each
// case lines up both trust rules' verdicts.
func TestRoleTrustAsAttacker(t *testing.T) {
	const gh = `"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"`
	web := func(cond string) string {
		s := `{"Statement":{"Effect":"Allow","Principal":{"Federated":` + gh + `},"Action":"sts:AssumeRoleWithWebIdentity"`
		if cond != "" {
			s += `,"Condition":` + cond
		}
		return s + `}}`
	}
	type tcase struct {
		name, trust  string
		any, cross   result.Status
		anyPhrases   []string
		crossPhrases []string
	}
	cases := []tcase{
		// sts:ExternalId does not narrow Principal "*".
		{"star-extid", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"abc"}}}}`,
			result.Fail, result.Pass, []string{"sts:ExternalId"}, nil},
		{"star-deny-extid", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"sts:ExternalId":"abc"}}}]}`,
			result.Fail, result.Pass, nil, nil},
		{"star-account", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalAccount":"123456789012"}}}}`,
			result.Pass, result.Pass, []string{"aws:PrincipalAccount"}, nil},
		{"star-arn", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/ci-*"}}}}`,
			result.Pass, result.Pass, nil, nil},
		{"star-sourceip", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}}`,
			result.Fail, result.Pass, nil, nil},
		// A Deny for everyone but named principals would confine Principal "*",
		// but IAM does not accept NotPrincipal in a trust policy: UNKNOWN.
		// One that applies only under a condition confines nothing.
		{"star-deny-notprincipal", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:role/ci"},"Action":"sts:AssumeRole"}]}`,
			result.Unknown, result.Pass, []string{"Deny for everyone but", "does not accept NotPrincipal"}, nil},
		{"star-deny-notprincipal-cond", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:role/ci"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`,
			result.Fail, result.Pass, nil, nil},
		{"star-deny-notprincipal-star", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},{"Effect":"Deny","NotPrincipal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}`,
			result.Fail, result.Pass, nil, nil},
		// Federated principals.
		{"github-open", web(`{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}`),
			result.Fail, result.Pass, []string{"token.actions.githubusercontent.com:sub", "any GitHub repository"}, nil},
		{"github-repo-star", web(`{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:*"}}`),
			result.Fail, result.Pass, nil, nil},
		{"github-org", web(`{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo-org/*"}}`),
			result.Pass, result.Pass, nil, nil},
		{"cognito-open", `{"Statement":{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}}}}`,
			result.Fail, result.Pass, []string{"cognito-identity.amazonaws.com:aud"}, nil},
		{"saml-open", `{"Statement":{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:saml-provider/Okta"},"Action":"sts:AssumeRoleWithSAML"}}`,
			result.Fail, result.Pass, []string{"SAML:aud"}, nil},
		{"saml-pinned", `{"Statement":{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:saml-provider/Okta"},"Action":"sts:AssumeRoleWithSAML","Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}}`,
			result.Pass, result.Pass, nil, nil},
		// Principal strings IAM would reject.
		{"partial-wildcard", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::*:root"},"Action":"sts:AssumeRole"}}`,
			result.Unknown, result.Unknown, []string{`"arn:aws:iam::*:root"`}, []string{`"arn:aws:iam::*:root"`}},
		{"malformed-and-valid", `{"Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::999988887777:root","arn:aws:iam:999988887777:root"]},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}}`,
			result.Unknown, result.Unknown, []string{`"arn:aws:iam:999988887777:root"`}, []string{`"arn:aws:iam:999988887777:root"`}},
		{"empty-principal", `{"Statement":{"Effect":"Allow","Principal":{"AWS":""},"Action":"sts:AssumeRole"}}`,
			result.Unknown, result.Unknown, []string{`""`}, nil},
		{"invalid-but-open", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"Service":"*.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
			result.Fail, result.Unknown, []string{"Statement[0]", `"*.amazonaws.com"`}, nil},
		{"invalid-but-cross-open", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"999988887777"},"Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::*:root"},"Action":"sts:AssumeRole"}]}`,
			result.Unknown, result.Fail, nil, []string{"999988887777", `"arn:aws:iam::*:root"`}},
		{"unique-id", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"AROAEXAMPLEUNIQUEID1"},"Action":"sts:AssumeRole"}}`,
			result.Pass, result.Pass, nil, []string{"AROAEXAMPLEUNIQUEID1"}},
		{"service", `{"Statement":{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com","lambda.amazonaws.com"]},"Action":"sts:AssumeRole"}}`,
			result.Pass, result.Pass, nil, nil},
		{"empty-statement", `{"Version":"2012-10-17","Statement":[]}`,
			result.Pass, result.Pass, []string{"no statement lets anyone assume"}, nil},
		{"duplicate-key", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root","AWS":"*"},"Action":"sts:AssumeRole"}}`,
			result.Unknown, result.Unknown, []string{`"AWS" appears more than once`}, nil},
	}
	var roles []audit.Role
	var anyWant, crossWant []ruleWant
	for _, c := range cases {
		roles = append(roles, polRole(c.name, c.trust))
		anyWant = append(anyWant, ruleWant{polRoleARN(c.name), c.any, c.anyPhrases})
		crossWant = append(crossWant, ruleWant{polRoleARN(c.name), c.cross, c.crossPhrases})
	}
	s := polSnap(&audit.AuthorizationDetails{Roles: roles})
	runRule(t, RoleTrustAnyPrincipal, s, anyWant)
	runRule(t, RoleTrustCrossAccount, s, crossWant)
}
