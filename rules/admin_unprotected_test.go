package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestAdminUnprotectedUsers(t *testing.T) {
	mfaFresh := credConsole(credUser("boss"), credDaysAgo(1), true)
	noMFA := credConsole(credUser("boss"), credDaysAgo(1), false)
	oldKey := credUser("boss")
	oldKey.AccessKeys[0] = credKey(true, credDaysAgo(200), credDaysAgo(1))
	dormant := credConsole(credUser("boss"), credDaysAgo(100), true)
	for _, c := range []struct {
		name  string
		row   audit.CredentialRow
		want  result.Status
		words []string
	}{
		{"MFA, recently used", mfaFresh, result.Pass, []string{"is admin", "protected"}},
		{"console without MFA", noMFA, result.Fail, []string{"IAM-USER-CONSOLE-MFA"}},
		{"old active key", oldKey, result.Fail, []string{"more than 90 days"}},
		{"dormant password", dormant, result.Fail, []string{"IAM-USER-UNUSED-CREDENTIALS-45"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			runRule(t, AdminUnprotected, admSnap([]audit.User{admBoss(), admEve("")}, nil, nil, nil, c.row),
				[]ruleWant{{polUserARN("boss"), c.want, c.words}})
		})
	}
	// eve can become admin in one step: judged too, and unprotected if she
	// signs in without MFA.
	eve := admEve(admAllow("iam:PutUserPolicy", polUserARN("eve")))
	runRule(t, AdminUnprotected, admSnap([]audit.User{admBoss(), eve}, nil, nil, nil, mfaFresh, credConsole(credUser("eve"), credDaysAgo(1), false)),
		[]ruleWant{{polUserARN("boss"), result.Pass, nil}, {polUserARN("eve"), result.Fail, []string{"can become admin in 1 step", "IAM-USER-CONSOLE-MFA"}}})
	// A user that may be admin (network condition) and signs in without MFA: UNKNOWN.
	maybe := admEve(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}`)
	runRule(t, AdminUnprotected, admSnap([]audit.User{maybe}, nil, nil, nil, credConsole(credUser("eve"), credDaysAgo(1), false)),
		[]ruleWant{{polUserARN("eve"), result.Unknown, []string{"may be or become admin", "if so, it is unprotected"}}})
	// Without the credential report the protections of users cannot be judged.
	s := admSnap([]audit.User{admBoss()}, nil, nil, nil)
	s.CredentialReport = nil
	runRule(t, AdminUnprotected, s, []ruleWant{{polUserARN("boss"), result.Unknown, []string{"cannot be judged"}}})
	// Nobody is admin: one account PASS.
	runRule(t, AdminUnprotected, admSnap([]audit.User{admEve(admAllow("s3:GetObject", "*"))}, nil, nil, nil),
		[]ruleWant{{polAcctRes, result.Pass, []string{"no IAM user or role"}}})
	runRule(t, AdminUnprotected, polMissing(), polMissingWant)
}

func TestAdminUnprotectedRoles(t *testing.T) {
	for _, c := range []struct {
		name, trust string
		want        result.Status
		words       []string
	}{
		{"same-account trust", admTrustAccount, result.Pass, []string{"protected"}},
		{"another account without an external ID", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}}`, result.Fail, []string{"IAM-ROLE-TRUST-CROSS-ACCOUNT"}},
		{"another account with MFA but no identity pin", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"999988887777"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}`, result.Fail, []string{"no aws:PrincipalArn condition"}},
		{"another account pinned to a role", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"999988887777"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::999988887777:role/sec"}}}}`, result.Pass, []string{"protected"}},
		{"a named role of another account with MFA", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:role/sec"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}`, result.Pass, []string{"protected"}},
		{"GitHub Actions without a sub", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}}`, result.Fail, []string{"IAM-ROLE-TRUST-ANY-PRINCIPAL"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			runRule(t, AdminUnprotected, admSnap(nil, []audit.Role{admRole("adminrole", c.trust, true)}, nil, nil),
				[]ruleWant{{polRoleARN("adminrole"), c.want, c.words}})
		})
	}
}
