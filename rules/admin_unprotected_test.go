package rules

import (
	"strings"
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
				[]ruleWant{admRootNoRow, {polUserARN("boss"), c.want, c.words}})
		})
	}
	// eve can become admin in one step: judged too, and unprotected if she
	// signs in without MFA.
	eve := admEve(admAllow("iam:PutUserPolicy", polUserARN("eve")))
	runRule(t, AdminUnprotected, admSnap([]audit.User{admBoss(), eve}, nil, nil, nil, mfaFresh, credConsole(credUser("eve"), credDaysAgo(1), false)),
		[]ruleWant{admRootNoRow, {polUserARN("boss"), result.Pass, nil}, {polUserARN("eve"), result.Fail, []string{"can become admin in 1 step", "IAM-USER-CONSOLE-MFA"}}})
	// A user that may be admin (network condition) and signs in without MFA: UNKNOWN.
	maybe := admEve(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}`)
	runRule(t, AdminUnprotected, admSnap([]audit.User{maybe}, nil, nil, nil, credConsole(credUser("eve"), credDaysAgo(1), false)),
		[]ruleWant{admRootNoRow, {polUserARN("eve"), result.Unknown, []string{"may be or become admin", "if so, it is unprotected"}}})
	// Without the credential report the protections of users cannot be judged.
	s := admSnap([]audit.User{admBoss()}, nil, nil, nil)
	s.CredentialReport = nil
	runRule(t, AdminUnprotected, s, []ruleWant{{credRootARN, result.Unknown, []string{"IAM-ROOT-SIGNING-CERTS", "credential report is unavailable"}}, {polUserARN("boss"), result.Unknown, []string{"cannot be judged"}}})
	// No user or role is admin: root is, and only root is reported.
	runRule(t, AdminUnprotected, admSnap([]audit.User{admEve(admAllow("s3:GetObject", "*"))}, nil, nil, nil),
		[]ruleWant{admRootNoRow})
	// Without the authorization details, root is still judged.
	runRule(t, AdminUnprotected, polMissing(), append([]ruleWant{{credRootARN, result.Unknown, []string{"is admin: the root user"}}}, polMissingWant...))
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
				[]ruleWant{admRootNoRow, {polRoleARN("adminrole"), c.want, c.words}})
		})
	}
}

// admRootNoRow is the root result of a snapshot whose report has no root row
// and whose summary lacks the root flags: admin, protections unknown.
var admRootNoRow = ruleWant{credRootARN, result.Unknown, []string{"is admin: the root user", "no path leads to it", "its protections cannot be judged", "has no root row"}}

// TestAdminUnprotectedRoot: the root user is always an admin; its MFA,
// access keys and signing certificates are the root rules' verdicts, quoted.
func TestAdminUnprotectedRoot(t *testing.T) {
	key := credRoot(true)
	key.AccessKeys[0] = credKey(true, credDaysAgo(300), credDaysAgo(200))
	used := credRoot(true)
	used.PasswordLastUsed = credDaysAgo(2)
	cert := credRoot(true)
	cert.Certs[0] = audit.CertStatus{Active: credTrue, LastRotated: credDaysAgo(3)}
	summary := func(s *audit.Snapshot, mfa, keys int32) *audit.Snapshot {
		if s.AccountSummary == nil {
			s.AccountSummary = &audit.AccountSummary{Values: map[string]int32{}}
		}
		s.AccountSummary.Values["AccountMFAEnabled"] = mfa
		s.AccountSummary.Values["AccountAccessKeysPresent"] = keys
		return s
	}
	for _, c := range []struct {
		name  string
		snap  *audit.Snapshot
		want  result.Status
		words []string
	}{
		{"MFA, no keys, not used", summary(credSnap(credRoot(true)), 1, 0), result.Pass, []string{"protected: IAM-ROOT-ACCESS-KEYS", "IAM-ROOT-MFA", "IAM-ROOT-SIGNING-CERTS"}},
		{"no MFA", summary(credSnap(credRoot(false)), 0, 0), result.Fail, []string{"unprotected: IAM-ROOT-MFA"}},
		{"an access key", summary(credSnap(key), 1, 1), result.Fail, []string{"IAM-ROOT-ACCESS-KEYS", "access_key_1 is active"}},
		{"an active signing certificate", summary(credSnap(cert), 1, 0), result.Fail, []string{"IAM-ROOT-SIGNING-CERTS", "cert_1 is active"}},
		// Recent use is IAM-ROOT-RECENT-USE's finding, not a missing
		// protection: a root with MFA and no other credential is protected.
		{"used two days ago", summary(credSnap(used), 1, 0), result.Pass, []string{"protected: IAM-ROOT-ACCESS-KEYS"}},
		{"no report", summary(credMissingReport(), 1, 0), result.Unknown, []string{"cannot be judged", "IAM-ROOT-SIGNING-CERTS"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got *result.Result
			for _, r := range Evaluate(c.snap, []Rule{AdminUnprotected}, Config{}) {
				if r.Resource == credRootARN {
					got = &r
				}
			}
			if got == nil {
				t.Fatal("no result for root")
			}
			if got.Status != c.want || !containsAll(got.Reason, c.words) {
				t.Errorf("root: got %s %q, want %s with %q", got.Status, got.Reason, c.want, c.words)
			}
			// The same verdicts as the root rules' own results: every one
			// of the verdict's status is quoted word for word.
			for _, r := range Evaluate(c.snap, []Rule{RootMFA, RootAccessKeys, RootSigningCerts}, Config{}) {
				if r.Status == got.Status && !strings.Contains(got.Reason, r.RuleID+": "+r.Reason) {
					t.Errorf("root: reason does not quote %s: %q", r.RuleID, r.Reason)
				}
			}
		})
	}
}

func containsAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}
