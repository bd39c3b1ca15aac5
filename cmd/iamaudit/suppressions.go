package main

import (
	"time"

	"github.com/iamaudit/iamaudit/internal/suppress"
	"github.com/iamaudit/iamaudit/result"
)

// applySuppressions marks every failing result an entry in force at the
// collection time covers as SUPPRESSED, keeping its verdict and the entry,
// and returns every entry's outcome (applied, expired, stale) for the
// report. Only FAIL results are ever suppressed: an UNKNOWN stays UNKNOWN
// (suppress.Set.Match). results is modified in place.
func applySuppressions(results []result.Result, entries []suppress.Entry, collectedAt time.Time) []result.SuppressionOutcome {
	if len(entries) == 0 {
		return nil
	}
	set := suppress.NewSet(entries)
	for i := range results {
		res := &results[i]
		e, ok := set.Match(res.RuleID, res.Resource, res.Status == result.Fail, collectedAt)
		if !ok {
			continue
		}
		rec := suppressionRecord(e)
		res.SetTracking(func(t *result.Tracking) { t.SuppressedStatus, t.Suppression = res.Status, &rec })
		res.Status = result.Suppressed
	}
	outcomes := set.Outcomes(collectedAt)
	out := make([]result.SuppressionOutcome, len(outcomes))
	for i, o := range outcomes {
		out[i] = result.SuppressionOutcome{Suppression: suppressionRecord(o.Entry), State: string(o.State), Matched: o.Matched}
	}
	return out
}

func suppressionRecord(e suppress.Entry) result.Suppression {
	return result.Suppression{Index: e.Index, Rule: e.Rule, Resource: e.Resource, Reason: e.Reason,
		Owner: e.Owner, Expires: e.Expires, Ticket: e.Ticket}
}
