package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/iamaudit/iamaudit/result"
)

// scheduledReport is the fixture as a nightly run sees it: the access-key
// finding suppressed by an entry in force, an expired and a stale entry,
// and a comparison with a baseline (one result new, one changed, the others
// unchanged, one baseline result resolved).
func scheduledReport() *Report {
	rs := append(fixtureResults(), analyzerResults()...)
	applied := result.Suppression{Index: 1, Rule: "IAM-ACCESS-KEY-ROTATION", Resource: "arn:aws:iam::123456789012:user/engineering/*",
		Reason: "CI key rotated by the vault job until the migration", Owner: "platform@example.com", Expires: "2026-12-31", Ticket: "PLAT-412"}
	baselineAt := time.Date(2026, 10, 31, 12, 0, 0, 0, time.UTC)
	firstSeen := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	for i := range rs {
		r := &rs[i]
		t := &result.Tracking{Drift: result.DriftUnchanged, FirstSeen: firstSeen}
		switch {
		case r.RuleID == "IAM-ACCESS-KEY-ROTATION" && r.Status == result.Fail:
			r.Status, t.SuppressedStatus, t.Suppression = result.Suppressed, result.Fail, &applied
		case r.RuleID == "IAM-NO-FULL-ADMIN-POLICY":
			t.Drift, t.FirstSeen = result.DriftNew, fixtureMeta().CollectedAt
		case r.RuleID == "IAM-USER-MFA":
			t.Drift, t.PreviousStatus, t.PreviousSeverity = result.DriftChanged, result.Fail, result.High
		}
		r.Tracking = t
	}
	rep := New(fixtureMeta(), fixtureInfos(), rs, fixtureControls())
	rep.Suppressions = []result.SuppressionOutcome{
		{Suppression: applied, State: result.SuppressionApplied, Matched: 1},
		{Suppression: result.Suppression{Index: 2, Rule: "IAM-ROOT-MFA", Resource: "arn:aws:iam::123456789012:root",
			Reason: "break-glass review", Owner: "security@example.com", Expires: "2026-10-31"}, State: result.SuppressionExpired, Matched: 1},
		{Suppression: result.Suppression{Index: 3, Rule: "IAM-USER-*", Resource: "arn:aws:iam::123456789012:user/gone",
			Reason: "user leaves in November", Owner: "it@example.com", Expires: "2027-01-31"}, State: result.SuppressionStale},
	}
	rep.Drift = &result.DriftSummary{BaselineCollectedAt: baselineAt, BaselineToolVersion: "v1.0.0",
		DriftCounts: result.DriftCounts{New: 1, Changed: 1, Unchanged: len(rs) - 2, Resolved: 1, NewFailures: 1},
		ResolvedResults: []result.Result{{RuleID: "IAM-USER-MFA", AccountID: "123456789012",
			Severity: result.High, Status: result.Fail, ResourceType: "AWS::IAM::User", Resource: "arn:aws:iam::123456789012:user/carol",
			ResourceName: "carol", Reason: "console password without MFA",
			Tracking: &result.Tracking{FirstSeen: firstSeen, Drift: result.DriftResolved}}},
	}
	return rep
}

// TestGoldenScheduled renders the scheduled fixture in every format: the
// suppressed result shows as SUPPRESSED with its verdict and entry, the
// expired and stale entries are listed where the format has room for them.
func TestGoldenScheduled(t *testing.T) {
	for _, f := range Formats() {
		t.Run(f, func(t *testing.T) {
			w, err := ForFormat(f, Options{Region: "eu-west-1"})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := w.Write(&buf, scheduledReport()); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "scheduled."+goldenExt[f], buf.Bytes())
			if !strings.Contains(buf.String(), "SUPPRESSED") && !strings.Contains(buf.String(), "accepted") &&
				!strings.Contains(buf.String(), "Suppressed") {
				t.Errorf("%s: the suppressed result is not shown as suppressed", f)
			}
		})
	}
}

// TestSuppressedOutsideScoreAndGate: the suppressed failure weighs nothing,
// is not a failure for --fail-on, and leaves completeness alone.
func TestSuppressedOutsideScoreAndGate(t *testing.T) {
	plain, sched := fixtureReport(), scheduledReport()
	// The fixture's failing MEDIUM access key (weight 3) is suppressed.
	if got, want := sched.Score.FailedWeight, plain.Score.FailedWeight-3; got != want {
		t.Errorf("failed weight %d, want %d", got, want)
	}
	if sched.Score.PassedWeight != plain.Score.PassedWeight || sched.Score.Totals.Suppressed != 1 ||
		sched.Score.Totals.Fail != plain.Score.Totals.Fail-1 || sched.Score.Complete != plain.Score.Complete {
		t.Errorf("score %+v, fixture %+v", sched.Score, plain.Score)
	}
	one := New(fixtureMeta(), nil, []result.Result{{RuleID: "R", Severity: result.High, Status: result.Suppressed,
		Tracking: &result.Tracking{SuppressedStatus: result.Fail}, Resource: "arn:aws:iam::123456789012:user/x"}}, nil)
	if sev, ok := one.MaxFailedSeverity(); ok || one.HasUnknown() || one.Score.Applicable {
		t.Errorf("only a suppressed result: MaxFailedSeverity %s %v, unknown %v, applicable %v", sev, ok, one.HasUnknown(), one.Score.Applicable)
	}
}

// TestReadJSONKeepsScheduledFields: a JSON report read back (as a baseline,
// or for publish) keeps suppressions, first_seen and drift.
func TestReadJSONKeepsScheduledFields(t *testing.T) {
	want := scheduledReport()
	got := readBack(t, want)
	if first, again := render(t, "json", Options{}, want), render(t, "json", Options{}, got); first != again {
		t.Errorf("JSON report changed through ReadJSON:\n%s\n---\n%s", first, again)
	}
}
