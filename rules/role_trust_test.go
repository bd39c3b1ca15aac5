package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func polTrustRoles() []audit.Role {
	slr := polRole("AWSServiceRoleForSupport", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}}`)
	slr.Path = "/aws-service-role/support.amazonaws.com/"
	return []audit.Role{
		polRole("star", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}}`),
		polRole("aws-star", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::123456789012:root","*"]},"Action":["sts:AssumeRole","sts:TagSession"]}]}`),
		polRole("org", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}}`),
		polRole("weak-cond", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringLike":{"aws:PrincipalAccount":"*"},"Bool":{"aws:SecureTransport":"true"}}}}`),
		polRole("ifexists", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEqualsIfExists":{"aws:PrincipalOrgID":"o-abc123"}}}}`),
		polRole("notprincipal", `{"Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}}`),
		polRole("deny-star", `{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"},{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole"}]}`),
		polRole("web", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRoleWithWebIdentity"}}`),
		polRole("same-account", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":"sts:AssumeRole"}}`),
		polRole("cross", `{"Statement":{"Effect":"Allow","Principal":{"AWS":["999988887777","arn:aws:iam::999988887777:role/x"]},"Action":"sts:AssumeRole"}}`),
		polRole("cross-extid", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"abc"}}}}`),
		polRole("cross-mfa", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}`),
		polRole("cross-mfa-ifexists", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}}}`),
		polRole("orphan", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"AROAEXAMPLEUNIQUEID"},"Action":"sts:AssumeRole"}}`),
		polRole("federated", `{"Statement":{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::999988887777:saml-provider/x"},"Action":"sts:AssumeRoleWithSAML"}}`),
		polRole("broken", `{"Statement":{"Effect":"Allow","Principal":"someone","Action":"sts:AssumeRole"}}`),
		polRole("missing", ""),
		polRole("encoded", `%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%22*%22%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%7D`),
		slr,
	}
}

func TestRoleTrustAnyPrincipal(t *testing.T) {
	runRule(t, RoleTrustAnyPrincipal, polSnap(&audit.AuthorizationDetails{Roles: polTrustRoles()}), []ruleWant{
		{polRoleARN("star"), result.Fail, []string{"Statement[0]"}},
		{polRoleARN("aws-star"), result.Fail, nil},
		{polRoleARN("org"), result.Pass, []string{"narrowed by aws:PrincipalOrgID"}},
		{polRoleARN("weak-cond"), result.Fail, []string{"has conditions"}},
		{polRoleARN("ifexists"), result.Fail, nil},
		{polRoleARN("notprincipal"), result.Fail, []string{"NotPrincipal"}},
		{polRoleARN("deny-star"), result.Pass, nil},
		{polRoleARN("web"), result.Fail, nil},
		{polRoleARN("same-account"), result.Pass, nil},
		{polRoleARN("cross"), result.Pass, nil},
		{polRoleARN("cross-extid"), result.Pass, nil},
		{polRoleARN("cross-mfa"), result.Pass, nil},
		{polRoleARN("cross-mfa-ifexists"), result.Pass, nil},
		{polRoleARN("orphan"), result.Pass, nil},
		// A SAML provider trusted without SAML:aud (issue 7, class 4).
		{polRoleARN("federated"), result.Fail, []string{"SAML:aud"}},
		{polRoleARN("broken"), result.Unknown, []string{`must be "*"`}},
		{polRoleARN("missing"), result.Unknown, []string{"not collected"}},
		{polRoleARN("encoded"), result.Fail, nil},
	})
}

func TestRoleTrustCrossAccount(t *testing.T) {
	runRule(t, RoleTrustCrossAccount, polSnap(&audit.AuthorizationDetails{Roles: polTrustRoles()}), []ruleWant{
		{polRoleARN("star"), result.Pass, nil},
		{polRoleARN("aws-star"), result.Pass, []string{"judged by IAM-ROLE-TRUST-ANY-PRINCIPAL"}},
		{polRoleARN("org"), result.Pass, nil},
		{polRoleARN("weak-cond"), result.Pass, nil},
		{polRoleARN("ifexists"), result.Pass, nil},
		{polRoleARN("notprincipal"), result.Pass, nil},
		{polRoleARN("deny-star"), result.Pass, nil},
		{polRoleARN("web"), result.Pass, nil},
		{polRoleARN("same-account"), result.Pass, nil},
		{polRoleARN("cross"), result.Fail, []string{"trusts account(s) 999988887777 without"}},
		{polRoleARN("cross-extid"), result.Pass, []string{"with sts:ExternalId"}},
		{polRoleARN("cross-mfa"), result.Pass, []string{"with MFA"}},
		{polRoleARN("cross-mfa-ifexists"), result.Fail, nil},
		{polRoleARN("orphan"), result.Pass, []string{"AROAEXAMPLEUNIQUEID"}},
		{polRoleARN("federated"), result.Pass, []string{"out of scope"}},
		{polRoleARN("broken"), result.Unknown, nil},
		{polRoleARN("missing"), result.Unknown, nil},
		{polRoleARN("encoded"), result.Pass, nil},
	})

	// Without the audited account's ID, a named account cannot be judged.
	s := polSnap(&audit.AuthorizationDetails{Roles: []audit.Role{
		polRole("cross", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"999988887777"},"Action":"sts:AssumeRole"}}`),
		polRole("svc", `{"Statement":{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}}`),
	}})
	s.Account.ID = ""
	s.AddGap(audit.Gap{Evidence: audit.EvidenceCallerIdentity, Operation: "GetCallerIdentity", Code: "AccessDenied", Message: "denied"})
	runRule(t, RoleTrustCrossAccount, s, []ruleWant{
		{polRoleARN("cross"), result.Unknown, []string{"GetCallerIdentity: AccessDenied"}},
		{polRoleARN("svc"), result.Pass, nil},
	})
}

// TestRoleTrustAnyPrincipalNarrowing covers the AWS-documented ways a
// Principal "*" trust is confined: ForAnyValue:StringLike on the multivalued
// aws:PrincipalOrgPaths, and a Deny for everyone outside the organization
// (StringNotEquals, the data-perimeter pattern). ForAllValues is true when
// the key is absent, and a Deny carrying an unrelated condition applies only
// sometimes, so neither confines anything.
func TestRoleTrustAnyPrincipalNarrowing(t *testing.T) {
	const allowStar = `{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}`
	roles := []audit.Role{
		polRole("org-paths", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":["o-abc123/r-ab12/ou-ab12-11111111/*"]}}}}`),
		polRole("org-paths-allvalues", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"ForAllValues:StringLike":{"aws:PrincipalOrgPaths":["o-abc123/*"]}}}}`),
		polRole("deny-outside-org", `{"Statement":[`+allowStar+`,{"Effect":"Deny","Principal":"*","Action":"sts:*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123"}}}]}`),
		polRole("deny-outside-wildcard", `{"Statement":[`+allowStar+`,{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringNotLike":{"aws:PrincipalAccount":"*"}}}]}`),
		polRole("deny-outside-and-other", `{"Statement":[`+allowStar+`,{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123"},"Bool":{"aws:SecureTransport":"false"}}}]}`),
		polRole("deny-other-action", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":["sts:AssumeRole","sts:AssumeRoleWithWebIdentity"]},{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123"}}}]}`),
		polRole("deny-everyone", `{"Statement":[`+allowStar+`,{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"*"}]}`),
		// ArnLike matches '*' in the account field: role "deploy" of every account.
		polRole("any-account-arn", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/deploy"}}}}`),
		polRole("one-account-arn", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/*"}}}}`),
		polRole("deny-outside-any-account", `{"Statement":[`+allowStar+`,{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/deploy"}}}]}`),
	}
	runRule(t, RoleTrustAnyPrincipal, polSnap(&audit.AuthorizationDetails{Roles: roles}), []ruleWant{
		{polRoleARN("org-paths"), result.Pass, []string{"narrowed by aws:PrincipalOrgPaths"}},
		{polRoleARN("org-paths-allvalues"), result.Fail, nil},
		{polRoleARN("deny-outside-org"), result.Pass, []string{"confined by Statement[1] (Deny unless aws:PrincipalOrgID matches)"}},
		{polRoleARN("deny-outside-wildcard"), result.Fail, nil},
		{polRoleARN("deny-outside-and-other"), result.Fail, nil},
		{polRoleARN("deny-other-action"), result.Fail, nil},
		{polRoleARN("deny-everyone"), result.Pass, []string{"Deny for everyone"}},
		{polRoleARN("any-account-arn"), result.Fail, nil},
		{polRoleARN("one-account-arn"), result.Pass, []string{"narrowed by aws:PrincipalArn"}},
		{polRoleARN("deny-outside-any-account"), result.Fail, nil},
	})
}
