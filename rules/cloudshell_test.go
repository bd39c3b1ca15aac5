package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestCloudShellFullAccess(t *testing.T) {
	alice := polUser("alice")
	alice.AttachedPolicies = []audit.AttachedPolicy{polAttach("arn:aws:iam::aws:policy/AWSCloudShellFullAccess")}
	govRole := polRole("gov", "{}")
	govRole.AttachedPolicies = []audit.AttachedPolicy{polAttach("arn:aws-us-gov:iam::aws:policy/AWSCloudShellFullAccess")}
	limited := polUser("bob")
	// A customer policy that merely shares the name is not the AWS-managed one.
	limited.AttachedPolicies = []audit.AttachedPolicy{polAttach(polPolicyARN("AWSCloudShellFullAccess")), polAttach("arn:aws:iam::aws:policy/AWSCloudShellFullAccessV2")}

	runRule(t, CloudShellFullAccess, polSnap(&audit.AuthorizationDetails{Users: []audit.User{alice, limited}, Roles: []audit.Role{govRole}}),
		[]ruleWant{{polAcctRes, result.Fail, []string{"user alice, role gov"}}})
	runRule(t, CloudShellFullAccess, polSnap(&audit.AuthorizationDetails{Users: []audit.User{limited}}),
		[]ruleWant{{polAcctRes, result.Pass, []string{"no user, group or role"}}})
}
