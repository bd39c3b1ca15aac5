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

// subject is what a result is about: its resource type (as CloudFormation
// and Security Hub name it), its ARN (or iamaudit's name for a resource
// without one) and a display name. Every result a rule returns is built from
// a subject, so no rule assembles a result.Result by hand.
type subject struct{ typ, arn, name string }

// with is the subject's result with a status and its reason.
func (sb subject) with(st result.Status, reason string) result.Result {
	return result.Result{Status: st, ResourceType: sb.typ, Resource: sb.arn, ResourceName: sb.name, Reason: reason}
}

func (sb subject) pass(reason string) result.Result { return sb.with(result.Pass, reason) }
func (sb subject) fail(reason string) result.Result { return sb.with(result.Fail, reason) }

// manual is a result a person must judge, with the evidence quoted in reason.
func (sb subject) manual(reason string) result.Result { return sb.with(result.Manual, reason) }

// unknown is an UNKNOWN saying why, with what is missing for the report's
// evidence column.
func (sb subject) unknown(reason string, missing ...string) result.Result {
	r := sb.with(result.Unknown, reason)
	r.Missing = missing
	return r
}

// missing is the UNKNOWN for a subject whose evidence is missing, naming the
// gaps that explain why: account-wide gaps and those about this subject,
// never another resource's (audit.Gap.Concerns). Without ev it names the
// evidence the rule being evaluated declares.
func (sb subject) missing(ctx *Context, what string, ev ...audit.Evidence) result.Result {
	if len(ev) == 0 && ctx.rule != nil {
		ev = ctx.rule.Evidence
	}
	var missing []string
	for _, e := range ev {
		missing = append(missing, missingEvidence(ctx.Snapshot, e, sb.arn)...)
	}
	reason := what
	if len(missing) > 0 {
		reason += " (" + strings.Join(missing, "; ") + ")"
	}
	return sb.unknown(reason, missing...)
}

// missingEvidence says why one evidence source does not settle a check on
// resource: its gaps that concern the resource (account-wide ones and the
// resource's own), else whether it was not collected at all or was collected
// without what the check needs.
func missingEvidence(s *audit.Snapshot, e audit.Evidence, resource string) []string {
	var out []string
	for _, g := range s.GapsFor(e) {
		if g.Concerns(resource) {
			out = append(out, string(e)+": "+g.String())
		}
	}
	switch {
	case len(out) > 0:
		return out
	case s.Collected(e):
		return []string{string(e) + ": collected, but without what this check needs"}
	}
	return []string{string(e) + ": not collected"}
}

// accountSubject is the audited account, for account-wide results.
func accountSubject(s *audit.Snapshot) subject {
	return subject{TypeAccount, accountResource(s), s.Account.ID}
}

// rootSubject is the account's root user.
func rootSubject(s *audit.Snapshot) subject {
	return subject{TypeRootUser, accountARN(s), audit.RootUserName}
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
