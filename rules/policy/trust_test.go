package policy

import (
	"reflect"
	"testing"
)

// Class 4 of issue 7: principal strings IAM would reject are reported, not
// dropped.
func TestInvalidTrustPrincipals(t *testing.T) {
	tests := []struct {
		name      string
		principal string // JSON of the Principal element
		want      []string
	}{
		{"valid AWS forms", `{"AWS":["*","111122223333","arn:aws:iam::111122223333:root","arn:aws:iam::111122223333:role/a/b","arn:aws-us-gov:iam::111122223333:user/u","arn:aws:sts::111122223333:assumed-role/r/s","arn:aws:sts::111122223333:federated-user/f","AROAEXAMPLEUNIQUEID1","AIDAJQABLZS4A3QDU576Q"]}`, nil},
		{"valid service and federated", `{"Service":["ec2.amazonaws.com","states.eu-west-1.amazonaws.com","ec2.amazonaws.com.cn"],"Federated":["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com","arn:aws:iam::111122223333:saml-provider/Okta","cognito-identity.amazonaws.com","accounts.google.com","graph.facebook.com","www.amazon.com"]}`, nil},
		{"partial wildcard account", `{"AWS":"arn:aws:iam::*:root"}`, []string{"arn:aws:iam::*:root"}},
		{"wildcard role name", `{"AWS":["arn:aws:iam::111122223333:role/*","arn:aws:iam::111122223333:role/app"]}`, []string{"arn:aws:iam::111122223333:role/*"}},
		{"malformed ARN", `{"AWS":"arn:aws:iam:111122223333:root"}`, []string{"arn:aws:iam:111122223333:root"}},
		{"empty string", `{"AWS":""}`, []string{""}},
		{"short account", `{"AWS":"12345"}`, []string{"12345"}},
		{"service wildcard", `{"Service":"*.amazonaws.com"}`, []string{"*.amazonaws.com"}},
		{"service star", `{"Service":"*"}`, []string{"*"}},
		{"federated star", `{"Federated":"*"}`, []string{"*"}},
		{"federated unknown host", `{"Federated":"login.example.com"}`, []string{"login.example.com"}},
		{"federated provider ARN without a name", `{"Federated":"arn:aws:iam::111122223333:oidc-provider/"}`, []string{"arn:aws:iam::111122223333:oidc-provider/"}},
		{"canonical user", `{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}`, []string{"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustParse(t, `{"Statement":{"Effect":"Allow","Principal":`+tt.principal+`,"Action":"sts:AssumeRole"}}`)
			if got := InvalidTrustPrincipals(d.Statements[0].Principal); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("InvalidTrustPrincipals = %q, want %q", got, tt.want)
			}
		})
	}
}

// Class 4 of issue 7: a federated principal is pinned only by conditions
// that pick identities inside the provider.
func TestUnpinnedFederated(t *testing.T) {
	const gh = `"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"`
	const eks = `"arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789"`
	const saml = `"arn:aws:iam::111122223333:saml-provider/Okta"`
	const other = `"arn:aws:iam::111122223333:oidc-provider/login.example.com/tenant"`
	web := func(provider, cond string) string {
		s := `{"Statement":{"Effect":"Allow","Principal":{"Federated":` + provider + `},"Action":"sts:AssumeRoleWithWebIdentity"`
		if cond != "" {
			s += `,"Condition":` + cond
		}
		return s + `}}`
	}
	tests := []struct {
		name   string
		doc    string
		unpins []string // "provider|need" for each unpinned provider
	}{
		// GitHub Actions: sub must pick an owner.
		{"github no condition", web(gh, ""), []string{"token.actions.githubusercontent.com|token.actions.githubusercontent.com:sub"}},
		{"github aud only", web(gh, `{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}`), []string{"token.actions.githubusercontent.com|token.actions.githubusercontent.com:sub"}},
		{"github sub repo:*", web(gh, `{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:*"}}`), []string{"token.actions.githubusercontent.com|token.actions.githubusercontent.com:sub"}},
		{"github sub repo:*/*", web(gh, `{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:*/*"}}`), []string{"token.actions.githubusercontent.com|token.actions.githubusercontent.com:sub"}},
		{"github sub org prefix without slash", web(gh, `{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo*"}}`), []string{"token.actions.githubusercontent.com|token.actions.githubusercontent.com:sub"}},
		{"github sub IfExists", web(gh, `{"StringLikeIfExists":{"token.actions.githubusercontent.com:sub":"repo:octo-org/*"}}`), []string{"token.actions.githubusercontent.com|token.actions.githubusercontent.com:sub"}},
		{"github sub negated", web(gh, `{"StringNotLike":{"token.actions.githubusercontent.com:sub":"repo:evil/*"}}`), []string{"token.actions.githubusercontent.com|token.actions.githubusercontent.com:sub"}},
		{"github one value catch-all", web(gh, `{"StringLike":{"token.actions.githubusercontent.com:sub":["repo:octo-org/app:*","*"]}}`), []string{"token.actions.githubusercontent.com|token.actions.githubusercontent.com:sub"}},
		// ForAllValues is true when the key is absent: no pin. ForAnyValue is false
		// then, so it pins like the plain operator (IAM User Guide, "Single-valued
		// vs. multivalued context keys").
		{"github sub ForAllValues", web(gh, `{"ForAllValues:StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo-org/*"}}`), []string{"token.actions.githubusercontent.com|token.actions.githubusercontent.com:sub"}},
		{"github sub ForAnyValue", web(gh, `{"ForAnyValue:StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo-org/*"}}`), nil},
		{"github sub ForAnyValue IfExists", web(gh, `{"ForAnyValue:StringLikeIfExists":{"token.actions.githubusercontent.com:sub":"repo:octo-org/*"}}`), []string{"token.actions.githubusercontent.com|token.actions.githubusercontent.com:sub"}},
		{"github sub on another provider's key", web(gh, `{"StringEquals":{"accounts.google.com:sub":"repo:octo-org/app:ref:refs/heads/main"}}`), []string{"token.actions.githubusercontent.com|token.actions.githubusercontent.com:sub"}},
		{"github enterprise slug", web(`"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com/octo-ent"`, `{"StringLike":{"token.actions.githubusercontent.com/octo-ent:sub":"repo:octo-org/*"}}`), nil},
		{"github sub org pinned", web(gh, `{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo-org/*"}}`), nil},
		{"github sub repo pinned, key case differs", web(gh, `{"StringEquals":{"Token.Actions.GithubUserContent.com:Sub":"repo:octo-org/app:ref:refs/heads/main"}}`), nil},
		{"github sub equals with star is literal", web(gh, `{"StringEquals":{"token.actions.githubusercontent.com:sub":"repo:*"}}`), nil},
		{"github pinned by a Deny outside", `{"Statement":[{"Effect":"Allow","Principal":{"Federated":` + gh + `},"Action":"sts:AssumeRoleWithWebIdentity"},{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringNotLike":{"token.actions.githubusercontent.com:sub":"repo:octo-org/*"}}}]}`, nil},
		// Cognito identity pools: aud (the pool) and amr.
		{"cognito nothing", web(`"cognito-identity.amazonaws.com"`, ""), []string{"cognito-identity.amazonaws.com|cognito-identity.amazonaws.com:aud", "cognito-identity.amazonaws.com|cognito-identity.amazonaws.com:amr"}},
		{"cognito amr only", web(`"cognito-identity.amazonaws.com"`, `{"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}}`), []string{"cognito-identity.amazonaws.com|cognito-identity.amazonaws.com:aud"}},
		{"cognito aud wildcard", web(`"cognito-identity.amazonaws.com"`, `{"StringLike":{"cognito-identity.amazonaws.com:aud":"us-east-1:*"},"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}}`), []string{"cognito-identity.amazonaws.com|cognito-identity.amazonaws.com:aud"}},
		{"cognito pinned", web(`"cognito-identity.amazonaws.com"`, `{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:12345678-abcd-abcd-abcd-123456789012"},"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}}`), nil},
		// EKS: sub names a service account (at least a namespace).
		{"eks aud only", web(eks, `{"StringEquals":{"oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789:aud":"sts.amazonaws.com"}}`), []string{"oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789|oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789:sub"}},
		{"eks any service account", web(eks, `{"StringLike":{"oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789:sub":"system:serviceaccount:*"}}`), []string{"oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789|oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789:sub"}},
		{"eks pinned", web(eks, `{"StringEquals":{"oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789:sub":"system:serviceaccount:default:app"}}`), nil},
		// Google, Facebook, Login with Amazon: the application.
		{"google nothing", web(`"accounts.google.com"`, ""), []string{"accounts.google.com|accounts.google.com:aud"}},
		{"google aud", web(`"accounts.google.com"`, `{"StringEquals":{"accounts.google.com:aud":"1234.apps.googleusercontent.com"}}`), nil},
		{"facebook app", web(`"graph.facebook.com"`, `{"StringEquals":{"graph.facebook.com:app_id":"1234"}}`), nil},
		{"amazon nothing", web(`"www.amazon.com"`, ""), []string{"www.amazon.com|www.amazon.com:app_id"}},
		// Any other OIDC provider needs an audience.
		{"other provider no audience", web(other, `{"StringEquals":{"login.example.com/tenant:sub":"u1"}}`), []string{"login.example.com/tenant|login.example.com/tenant:aud"}},
		{"other provider audience", web(other, `{"StringEquals":{"login.example.com/tenant:aud":"my-client"}}`), nil},
		// SAML: SAML:aud.
		{"saml nothing", `{"Statement":{"Effect":"Allow","Principal":{"Federated":` + saml + `},"Action":"sts:AssumeRoleWithSAML"}}`, []string{"saml-provider/Okta|SAML:aud"}},
		{"saml aud", `{"Statement":{"Effect":"Allow","Principal":{"Federated":` + saml + `},"Action":"sts:AssumeRoleWithSAML","Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}}`, nil},
		// Both kinds in one statement: each is judged.
		{"oidc and saml together", `{"Statement":{"Effect":"Allow","Principal":{"Federated":[` + gh + `,` + saml + `]},"Action":["sts:AssumeRoleWithWebIdentity","sts:AssumeRoleWithSAML"],"Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}}`, []string{"token.actions.githubusercontent.com|token.actions.githubusercontent.com:sub"}},
		// A Deny statement or a statement that cannot be used by the provider opens nothing.
		{"deny statement", `{"Statement":{"Effect":"Deny","Principal":{"Federated":` + gh + `},"Action":"sts:AssumeRoleWithWebIdentity"}}`, nil},
		{"oidc provider with the SAML action only", `{"Statement":{"Effect":"Allow","Principal":{"Federated":` + gh + `},"Action":"sts:AssumeRoleWithSAML"}}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustParse(t, tt.doc)
			var got []string
			for _, u := range d.UnpinnedFederated(0) {
				got = append(got, u.Provider+"|"+u.Need)
			}
			if !reflect.DeepEqual(got, tt.unpins) {
				t.Errorf("UnpinnedFederated(0) = %q, want %q", got, tt.unpins)
			}
		})
	}
}
