package rules

import (
	"fmt"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// EmptyGroups flags IAM groups with no member (AWS Config
// iam-group-has-users-check). Membership is derived from the users' group
// lists in the authorization details; group names are compared
// case-insensitively because IAM names are unique regardless of case.
var EmptyGroups = Rule{
	ID:       "IAM-GROUP-NO-USERS",
	Title:    "IAM groups have at least one user",
	Severity: result.Low,
	Rationale: "An empty group is unused configuration: its policies are unreviewed grants waiting for a " +
		"member, and clutter hides the groups that matter.",
	Remediation: "Delete groups that are no longer needed (detach their policies and delete their inline " +
		"policies first), or add the intended users.",
	RemediationCLI: []string{
		"aws iam list-attached-group-policies --group-name <group>",
		"aws iam detach-group-policy --group-name <group> --policy-arn <policy-arn>",
		"aws iam delete-group --group-name <group>",
	},
	References: []string{
		"https://docs.aws.amazon.com/config/latest/developerguide/iam-group-has-users-check.html",
	},
	Controls: []result.Control{awsConfig("iam-group-has-users-check")},
	Evidence: []audit.Evidence{audit.EvidenceAuthorization},
	Check:    checkEmptyGroups,
}

func checkEmptyGroups(ctx *Context) []result.Result {
	a := ctx.Snapshot.Authorization
	if a == nil {
		_, unknown := newAZIndex(ctx, "group membership")
		return unknown
	}
	if len(a.Groups) == 0 {
		return azAccountPass(ctx, "the account has no IAM groups")
	}
	members := map[string]int{}
	for _, u := range a.Users {
		for _, g := range u.Groups {
			members[strings.ToLower(g)]++
		}
	}
	out := make([]result.Result, 0, len(a.Groups))
	for _, g := range a.Groups {
		sb := subject{TypeGroup, g.ARN, g.Name}
		if n := members[strings.ToLower(g.Name)]; n > 0 {
			out = append(out, sb.pass(fmt.Sprintf("%d member(s)", n)))
		} else {
			out = append(out, sb.fail("no user is a member of the group"))
		}
	}
	return out
}
