package rules

// Helpers every rule uses to name resources and build results.

import (
	"strings"
	"time"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// accountResource names the account itself, the way Security Hub names
// account-level resources, for results that are about the whole account.
func accountResource(s *audit.Snapshot) string { return "AWS::::Account:" + s.Account.ID }

// ageDays is the whole number of days from t to now (floored). A credential
// used 89 days and 23 hours ago is 89 days old.
func ageDays(now, t time.Time) int {
	return int(now.Sub(t).Hours() / 24)
}

// unknownFor builds the UNKNOWN result for a resource whose evidence is
// missing, naming the gaps that explain why: account-wide gaps and those
// about this resource, never another resource's (audit.Gap.Concerns).
func unknownFor(ctx *Context, resType, resource, name, what string, ev ...audit.Evidence) result.Result {
	var missing []string
	for _, e := range ev {
		var gaps []audit.Gap
		for _, g := range ctx.Snapshot.GapsFor(e) {
			if g.Concerns(resource) {
				gaps = append(gaps, g)
			}
		}
		switch {
		case len(gaps) > 0:
		case ctx.Snapshot.Collected(e):
			missing = append(missing, string(e)+": collected, but without what this check needs")
		default:
			missing = append(missing, string(e)+": not collected")
		}
		for _, g := range gaps {
			missing = append(missing, string(e)+": "+g.String())
		}
	}
	reason := what
	if len(missing) > 0 {
		reason += " (" + strings.Join(missing, "; ") + ")"
	}
	return result.Result{Status: result.Unknown, ResourceType: resType, Resource: resource, ResourceName: name, Reason: reason, Missing: missing}
}

// accountARN is the account's root principal ARN, built from the caller's partition.
func accountARN(s *audit.Snapshot) string {
	p := s.Account.Partition
	if p == "" {
		p = "aws"
	}
	return "arn:" + p + ":iam::" + s.Account.ID + ":root"
}

func equalFold(a, b string) bool { return strings.EqualFold(a, b) }
