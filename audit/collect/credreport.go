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
// machine of explicit steps (see reportPoll): Generate until COMPLETE, then
// Get; Get's errors send it back to Generate (NotPresent, InProgress,
// Expired once). LimitExceeded and in-progress states are waited out with
// exponential backoff and jitter, all under ReportTimeout. The SDK retries
// none of these itself.
func (c *collector) credentialReport(parent context.Context) {
	ctx, cancel := context.WithTimeout(parent, c.opts.ReportTimeout)
	defer cancel()
	p := &reportPoll{c: c, parent: parent, lastOp: opGenerateReport}
	for step := stepGenerate; step != stepDone; {
		if ctx.Err() != nil {
			p.timedOut()
			return
		}
		switch step {
		case stepGenerate:
			step = p.generate(ctx)
		case stepGet:
			step = p.get(ctx)
		case stepWait:
			step = p.wait(ctx)
		}
	}
}

// reportStep is one step of the credential report's state machine.
type reportStep uint8

const (
	stepGenerate reportStep = iota // ask IAM to generate (or confirm) a report
	stepGet                        // fetch the report
	stepWait                       // back off, then generate again
	stepDone                       // stored, or a gap recorded
)

// reportPoll is the state of one credential report collection.
type reportPoll struct {
	c      *collector
	parent context.Context

	regenerated bool   // a ReportExpired already triggered a regeneration
	generateErr error  // Generate failed for a non-transient reason
	polls       int    // backoff waits so far
	lastOp      string // the call under way or last made
	lastState   string // the last state or error code IAM answered with
	waiting     bool   // the deadline hit between polls, not during a call
}

// generate asks IAM for a report: COMPLETE moves on to Get, STARTED and
// INPROGRESS (and LimitExceeded) wait. Without iam:GenerateCredentialReport
// a recent report may still be readable, so a refusal tries Get once.
func (p *reportPoll) generate(ctx context.Context) reportStep {
	p.lastOp = opGenerateReport
	out, err := p.c.iam.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
	switch {
	case err == nil:
		p.lastState = string(out.State)
		if out.State == types.ReportStateTypeComplete {
			return stepGet
		}
		return stepWait
	case ctx.Err() != nil:
		return stepGenerate // the loop records the timeout
	case isCode[*types.LimitExceededException](err):
		p.lastState = "LimitExceeded"
		return stepWait
	case p.generateErr == nil:
		p.generateErr = err
		return stepGet
	}
	p.c.gap(audit.EvidenceCredentialReport, opGenerateReport, "", p.generateErr)
	return stepDone
}

// get fetches the report, or goes back to Generate when IAM has none
// ready: NotPresent, InProgress (after a wait) and, once, Expired.
func (p *reportPoll) get(ctx context.Context) reportStep {
	p.lastOp = opGetReport
	out, err := p.c.iam.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
	switch {
	case err == nil:
		p.c.storeCredentialReport(out)
		return stepDone
	case ctx.Err() != nil:
		return stepGet // the loop records the timeout
	case p.generateErr != nil:
		// Generate was refused and no report is readable: the refusal is
		// the root cause worth reporting.
		p.c.gap(audit.EvidenceCredentialReport, opGenerateReport, "", p.generateErr)
		return stepDone
	case isCode[*types.CredentialReportNotPresentException](err):
		return stepGenerate
	case isCode[*types.CredentialReportNotReadyException](err):
		p.lastState = "ReportInProgress"
		return stepWait
	case isCode[*types.CredentialReportExpiredException](err) && !p.regenerated:
		p.regenerated = true
		return stepGenerate
	}
	p.c.gap(audit.EvidenceCredentialReport, opGetReport, "", err)
	return stepDone
}

// wait backs off before the next Generate; at the deadline it leaves the
// loop to record the timeout as a wait that ran out.
func (p *reportPoll) wait(ctx context.Context) reportStep {
	d := backoff(p.c.opts.ReportPollInterval, p.c.opts.ReportPollMaxInterval, p.polls)
	p.polls++
	p.c.progress(Progress{Stage: audit.EvidenceCredentialReport, State: StageWaiting, Pages: p.polls,
		Detail: "IAM answered " + p.lastState})
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		p.waiting = true
	}
	return stepGenerate
}

// timedOut records what was going on when ReportTimeout ran out: still
// waiting for IAM to finish the report, or waiting for an answer to a call
// (which is not the same failure, and says nothing about the report being
// unfinished).
func (p *reportPoll) timedOut() {
	if p.parent.Err() != nil {
		return // the run is cancelled; Collect reports that, not a gap
	}
	c := p.c
	var msg string
	if p.waiting {
		msg = fmt.Sprintf("the credential report was still not ready when --report-timeout (%s) ran out, after %s", c.opts.ReportTimeout, pollCount(p.polls))
		if p.lastState != "" {
			msg += "; IAM last answered " + p.lastState
		}
	} else {
		msg = fmt.Sprintf("%s had not answered when --report-timeout (%s) ran out", p.lastOp, c.opts.ReportTimeout)
		if p.lastState != "" {
			msg += fmt.Sprintf(" (earlier, IAM answered %s after %s)", p.lastState, pollCount(p.polls))
		}
	}
	c.recordGap(audit.Gap{Evidence: audit.EvidenceCredentialReport, Operation: p.lastOp, Code: CodeReportTimeout, Message: msg})
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
