package rules

import (
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// UserNoGroup flags users that belong to no group (AWS Config
// iam-user-group-membership-check without its groupNames parameter).
var UserNoGroup = Rule{
	ID:       "IAM-USER-IN-NO-GROUP",
	Title:    "IAM users are members of at least one group",
	Severity: result.Low,
	Rationale: "Users outside every group either have no permissions (possibly unused) or get them " +
		"directly; group membership is how permissions should be managed.",
	Remediation: "Add the user to the group matching its job function, or remove the user if it is unused.",
	RemediationCLI: []string{
		"aws iam add-user-to-group --user-name <user> --group-name <group>",
	},
	References: []string{
		"https://docs.aws.amazon.com/config/latest/developerguide/iam-user-group-membership-check.html",
	},
	Controls: []result.Control{awsConfig("iam-user-group-membership-check")},
	Evidence: []audit.Evidence{audit.EvidenceAuthorization},
	Check:    checkUserNoGroup,
}

func checkUserNoGroup(ctx *Context) []result.Result {
	return eachAZUser(ctx, "group membership", func(u audit.User) (result.Status, string) {
		if len(u.Groups) == 0 {
			return result.Fail, "the user is in no group"
		}
		return result.Pass, "member of " + strings.Join(u.Groups, ", ")
	})
}
