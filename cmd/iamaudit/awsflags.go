package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/audit/collect"
	"github.com/iamaudit/iamaudit/internal/textsafe"
	"github.com/spf13/cobra"
)

// awsOptions are the AWS connection flags, named as the AWS CLI names them so
// that muscle memory and existing profiles carry over.
type awsOptions struct {
	profile       string
	region        string
	endpointURL   string
	maxAttempts   int
	concurrency   int
	rps           float64
	reportTimeout time.Duration
	callTimeout   time.Duration
	timeout       time.Duration
	quiet         bool
}

func (o *awsOptions) register(c *cobra.Command) {
	f := c.Flags()
	f.StringVar(&o.profile, "profile", "", "AWS shared-config profile (default: AWS_PROFILE or the default chain)")
	f.StringVar(&o.region, "region", "", "AWS region for the IAM and STS endpoints (default: from config, else us-east-1)")
	f.StringVar(&o.endpointURL, "endpoint-url", "", "override the IAM, STS, Account Management, Access Analyzer and Organizations endpoint URL (AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_IAM, _STS, _ACCOUNT, _ACCESSANALYZER, _ORGANIZATIONS also work)")
	f.IntVar(&o.maxAttempts, "max-attempts", 5, "attempts per API call, including retries of throttled calls")
	f.IntVar(&o.concurrency, "concurrency", 4, "evidence sources collected in parallel")
	f.Float64Var(&o.rps, "requests-per-second", collect.DefaultRequestsPerSecond, "client-side limit on IAM/STS requests, retries included, to leave the account's shared IAM rate to others (0: no limit)")
	f.DurationVar(&o.reportTimeout, "report-timeout", collect.DefaultReportTimeout, "how long to wait for AWS to generate the credential report")
	f.DurationVar(&o.callTimeout, "call-timeout", collect.DefaultCallTimeout, "deadline of each HTTP attempt of an API call, response headers and body together")
	f.DurationVar(&o.timeout, "timeout", 0, "stop collecting after this long and report what was collected, marked incomplete (0: no limit)")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "no progress line on stderr while collecting (shown only when stderr is a terminal)")
}

func (o *awsOptions) validate() error {
	if o.maxAttempts < 1 {
		return withCode(exitError, fmt.Errorf("--max-attempts must be at least 1 (got %d)", o.maxAttempts))
	}
	if o.concurrency < 1 {
		return withCode(exitError, fmt.Errorf("--concurrency must be at least 1 (got %d)", o.concurrency))
	}
	if o.rps < 0 {
		return withCode(exitError, fmt.Errorf("--requests-per-second must not be negative (got %g)", o.rps))
	}
	if o.reportTimeout <= 0 {
		return withCode(exitError, fmt.Errorf("--report-timeout must be positive (got %s)", o.reportTimeout))
	}
	if o.callTimeout <= 0 {
		return withCode(exitError, fmt.Errorf("--call-timeout must be positive (got %s)", o.callTimeout))
	}
	if o.timeout < 0 {
		return withCode(exitError, fmt.Errorf("--timeout must not be negative (got %s)", o.timeout))
	}
	return nil
}

// collectSnapshot loads the AWS configuration and collects a snapshot. Only a
// fatal error (no credentials, unreachable endpoint) is returned; every other
// API failure is a gap inside the snapshot.
func (o *awsOptions) collectSnapshot(ctx context.Context, g *globalOptions, stderr io.Writer) (*audit.Snapshot, error) {
	opts, err := o.collectOptions(ctx, g, stderr)
	if err != nil {
		return nil, err
	}
	ctx, cancel := o.runContext(ctx)
	defer cancel()
	// A progress line only at the default log levels: debug and info
	// records would break into it.
	quiet := o.quiet || strings.EqualFold(g.logLevel, "debug") || strings.EqualFold(g.logLevel, "info")
	p := newProgressLine(stderr, quiet)
	if p != nil {
		opts.Progress = p.step
		defer p.finish()
	}
	cfg, err := collect.LoadAWSConfig(ctx, opts)
	if err != nil {
		return nil, withCode(exitError, err)
	}
	snap, err := collect.Collect(ctx, cfg, opts)
	p.finish() // before any warning or error reaches stderr
	if err != nil {
		return nil, withCode(exitError, err)
	}
	// The caller identity names the account every rule builds ARNs for; an
	// endpoint that answers with something else is not an AWS account.
	if err := snap.IdentityError(); err != nil {
		return nil, withCode(exitError, fmt.Errorf("the endpoint's caller identity cannot be audited: %w", err))
	}
	if ctx.Err() != nil {
		fmt.Fprintf(stderr, "warning: collection stopped early (%s); the report covers what was collected and is incomplete\n",
			textsafe.Short(context.Cause(ctx).Error(), 200))
	}
	return snap, nil
}

// runContext bounds ctx by --timeout, if set.
func (o *awsOptions) runContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if o.timeout <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeoutCause(ctx, o.timeout, fmt.Errorf("the run's --timeout of %s expired", o.timeout))
}

// collectOptions validates the flags and turns them into collect.Options.
func (o *awsOptions) collectOptions(ctx context.Context, g *globalOptions, stderr io.Writer) (collect.Options, error) {
	if err := o.validate(); err != nil {
		return collect.Options{}, err
	}
	log, err := g.logger(stderr)
	if err != nil {
		return collect.Options{}, err
	}
	rps := o.rps
	if rps == 0 {
		rps = -1 // collect.Options reads 0 as "default" and a negative value as "no limit"
	}
	return collect.Options{
		RequestsPerSecond: rps,
		Profile:           o.profile,
		Region:            o.region,
		EndpointURL:       o.endpointURL,
		MaxAttempts:       o.maxAttempts,
		Concurrency:       o.concurrency,
		ReportTimeout:     o.reportTimeout,
		CallTimeout:       o.callTimeout,
		Logger:            log,
		Now:               clockFrom(ctx),
		ToolVersion:       toolVersion(),
	}, nil
}

// warnGaps tells the operator, on stderr, which evidence is missing. The
// report also says so; stderr makes it visible when the report goes to a file.
func warnGaps(stderr io.Writer, s *audit.Snapshot) {
	for _, g := range s.Gaps {
		// Gap messages come from the endpoint: cleaned and kept short here,
		// exact in the evidence and the machine formats.
		fmt.Fprintf(stderr, "warning: evidence %s not collected: %s\n", textsafe.Clean(string(g.Evidence)), textsafe.Short(g.String(), 300))
	}
}

// clockKey carries the collection clock in the command's context: the real
// clock unless a caller (a test replaying a fixture dated 2026-11-01) says
// otherwise. No package-level variable holds it, so runs never share it.
type clockKey struct{}

// withClock returns a context whose collections read now from clock.
func withClock(ctx context.Context, clock func() time.Time) context.Context {
	return context.WithValue(ctx, clockKey{}, clock)
}

// clockFrom is the collection clock of ctx: time.Now unless withClock set one.
func clockFrom(ctx context.Context) func() time.Time {
	if c, ok := ctx.Value(clockKey{}).(func() time.Time); ok {
		return c
	}
	return time.Now
}
