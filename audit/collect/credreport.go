package collect

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/iamaudit/iamaudit/audit"
)

// Gap codes the collector itself assigns (AWS codes are passed through).
const (
	// CodeMalformedReport: GetCredentialReport answered, but the content is
	// not a credential report this build can read.
	CodeMalformedReport = "MalformedReport"
	// CodeReportTimeout: the report was not ready within Options.ReportTimeout.
	CodeReportTimeout = "ReportTimeout"
)

const (
	opGenerateReport = "GenerateCredentialReport"
	opGetReport      = "GetCredentialReport"
)

// credentialReport drives the credential report to a parsed result or a
// gap. IAM builds the report asynchronously, so this is a bounded state
// machine: Generate until COMPLETE, then Get; Get's errors send it back to
// Generate (NotPresent, InProgress, Expired once). LimitExceeded and
// in-progress states are waited out with exponential backoff and jitter,
// all under ReportTimeout. The SDK retries none of these itself.
func (c *collector) credentialReport(parent context.Context) {
	ctx, cancel := context.WithTimeout(parent, c.opts.ReportTimeout)
	defer cancel()

	var (
		getNext     bool  // next call is Get rather than Generate
		regenerated bool  // a ReportExpired already triggered a regeneration
		generateErr error // Generate failed for a non-transient reason
		polls       int   // backoff waits so far
		lastOp      = opGenerateReport
		lastState   string // the last state or error code IAM answered with
		waiting     bool   // the deadline hit between polls, not during a call
	)
	// wait backs off before the next poll; false means the deadline passed.
	wait := func() bool {
		d := backoff(c.opts.ReportPollInterval, c.opts.ReportPollMaxInterval, polls)
		polls++
		c.progress(Progress{Stage: audit.EvidenceCredentialReport, State: StageWaiting, Pages: polls,
			Detail: "IAM answered " + lastState})
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return true
		case <-ctx.Done():
			waiting = true
			return false
		}
	}
	// timedOut records what was going on when ReportTimeout ran out: still
	// waiting for IAM to finish the report, or waiting for an answer to a
	// call (which is not the same failure, and says nothing about the
	// report being unfinished).
	timedOut := func() {
		if parent.Err() != nil {
			return // the run is cancelled; Collect reports that, not a gap
		}
		var msg string
		if waiting {
			msg = fmt.Sprintf("the credential report was still not ready when --report-timeout (%s) ran out, after %s", c.opts.ReportTimeout, pollCount(polls))
			if lastState != "" {
				msg += "; IAM last answered " + lastState
			}
		} else {
			msg = fmt.Sprintf("%s had not answered when --report-timeout (%s) ran out", lastOp, c.opts.ReportTimeout)
			if lastState != "" {
				msg += fmt.Sprintf(" (earlier, IAM answered %s after %s)", lastState, pollCount(polls))
			}
		}
		c.recordGap(audit.Gap{Evidence: audit.EvidenceCredentialReport, Operation: lastOp, Code: CodeReportTimeout, Message: msg})
	}

	for {
		if ctx.Err() != nil {
			timedOut()
			return
		}
		if !getNext {
			lastOp = opGenerateReport
			out, err := c.iam.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
			switch {
			case err == nil:
				lastState = string(out.State)
				if out.State == types.ReportStateTypeComplete {
					getNext = true
					continue
				}
				if !wait() {
					timedOut()
					return
				}
				continue
			case ctx.Err() != nil:
				timedOut()
				return
			case isCode[*types.LimitExceededException](err):
				lastState = "LimitExceeded"
				if !wait() {
					timedOut()
					return
				}
				continue
			default:
				// Without iam:GenerateCredentialReport a recent report may still
				// be readable: try Get once before giving up.
				if generateErr == nil {
					generateErr = err
					getNext = true
					continue
				}
				c.gap(audit.EvidenceCredentialReport, opGenerateReport, "", generateErr)
				return
			}
		}

		lastOp = opGetReport
		out, err := c.iam.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
		if err == nil {
			c.storeCredentialReport(out)
			return
		}
		if ctx.Err() != nil {
			timedOut()
			return
		}
		if generateErr != nil {
			// Generate was refused and no report is readable: the refusal is
			// the root cause worth reporting.
			c.gap(audit.EvidenceCredentialReport, opGenerateReport, "", generateErr)
			return
		}
		switch {
		case isCode[*types.CredentialReportNotPresentException](err):
			getNext = false
		case isCode[*types.CredentialReportNotReadyException](err):
			lastState = "ReportInProgress"
			getNext = false
			if !wait() {
				timedOut()
				return
			}
		case isCode[*types.CredentialReportExpiredException](err):
			if regenerated {
				c.gap(audit.EvidenceCredentialReport, opGetReport, "", err)
				return
			}
			regenerated = true
			getNext = false
		default:
			c.gap(audit.EvidenceCredentialReport, opGetReport, "", err)
			return
		}
	}
}

// storeCredentialReport parses the report or records why it cannot be
// read. A malformed report is a gap, never an empty report: an empty one
// would make every per-user rule pass.
func (c *collector) storeCredentialReport(out *iam.GetCredentialReportOutput) {
	if f := string(out.ReportFormat); f != "" && f != string(types.ReportFormatTypeTextCsv) {
		c.recordGap(audit.Gap{Evidence: audit.EvidenceCredentialReport, Operation: opGetReport, Code: CodeMalformedReport,
			Message: fmt.Sprintf("unsupported report format %q (want text/csv)", f)})
		return
	}
	rep, err := audit.ParseCredentialReport(out.Content, timeOf(out.GeneratedTime))
	if err != nil {
		c.recordGap(audit.Gap{Evidence: audit.EvidenceCredentialReport, Operation: opGetReport, Code: CodeMalformedReport, Message: err.Error()})
		return
	}
	c.opts.Logger.Debug("credential report parsed", "rows", len(rep.Rows), "generated", rep.GeneratedTime)
	c.set(func(s *audit.Snapshot) { s.CredentialReport = rep })
}

func (c *collector) recordGap(g audit.Gap) {
	c.opts.Logger.Debug("evidence gap", "evidence", string(g.Evidence), "operation", g.Operation, "code", g.Code)
	c.set(func(s *audit.Snapshot) { s.AddGap(g) })
}

// pollCount says "1 poll" or "n polls".
func pollCount(n int) string {
	if n == 1 {
		return "1 poll"
	}
	return fmt.Sprintf("%d polls", n)
}

// isCode reports whether err is (or wraps) the SDK's typed exception T.
func isCode[T error](err error) bool {
	var target T
	return errors.As(err, &target)
}

// backoff is the delay before poll n: base doubling per poll, capped at max,
// with the upper half jittered so parallel audits do not poll in lockstep.
func backoff(base, maxDelay time.Duration, n int) time.Duration {
	d := base
	for i := 0; i < n && d < maxDelay; i++ {
		d *= 2
	}
	d = min(d, maxDelay)
	half := d / 2
	return half + rand.N(half+1)
}
