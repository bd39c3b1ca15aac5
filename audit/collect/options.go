// Package collect gathers IAM evidence from a live AWS account (or an
// IAM-compatible endpoint) through aws-sdk-go-v2 and turns it into an
// SDK-free audit.Snapshot. It is the only package that talks to AWS.
//
// The call budget is fixed by design: a handful of account-wide calls plus
// pagination, one GetPolicy/GetPolicyVersion pair per distinct AWS-managed
// policy in use, and one ListAnalyzers (IAM Access Analyzer) per enabled
// region. Nothing is fetched per user, so large accounts are not throttled
// for an hour the way per-user scanners throttle them.
package collect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"

	"github.com/iamaudit/iamaudit/internal/bodybuf"
)

// Defaults applied by Options when a field is left zero.
const (
	// DefaultRegion is used when nothing configures a region. IAM is a global
	// service served from us-east-1 in the aws partition; aws-cn and
	// aws-us-gov accounts must configure a region of their own partition.
	DefaultRegion = "us-east-1"
	// DefaultMaxAttempts is the SDK retryer's attempt budget per API call.
	// Higher than the SDK's 3 because IAM throttles on an account-wide,
	// non-raisable rate that other tools in the account share with us.
	DefaultMaxAttempts = 5
	// DefaultRetryMaxBackoff caps the SDK retryer's exponential backoff.
	DefaultRetryMaxBackoff = 20 * time.Second
	// DefaultRequestsPerSecond is the client-side request rate limit. The
	// whole audit needs a few dozen calls, so 10/s costs at most seconds
	// while leaving the shared IAM rate to production callers.
	DefaultRequestsPerSecond = 10.0
	// DefaultConcurrency bounds how many evidence sources are fetched at once.
	DefaultConcurrency = 4
	// DefaultCallTimeout bounds each HTTP attempt of an API call, response
	// headers and body together. IAM's slowest answer is a full page of
	// GetAccountAuthorizationDetails (1,000 entities with their policy
	// documents, a few MB) that AWS serves in seconds; a minute leaves room
	// for slow links and proxies, while an endpoint that stops answering
	// costs at most stallLimit timeouts before every later call to it fails
	// fast as a gap.
	DefaultCallTimeout = time.Minute
	// DefaultReportTimeout bounds the whole credential-report wait.
	DefaultReportTimeout = 2 * time.Minute
	// DefaultReportPollInterval is the first delay between credential report
	// polls; it doubles (with jitter) up to DefaultReportPollMaxInterval.
	DefaultReportPollInterval = time.Second
	// DefaultReportPollMaxInterval caps the credential report poll delay.
	DefaultReportPollMaxInterval = 10 * time.Second
)

// Options configure LoadAWSConfig and Collect. The zero value is usable: every
// zero field takes the matching Default* constant.
type Options struct {
	// Profile selects a shared config/credentials profile (like AWS_PROFILE).
	Profile string
	// Region overrides the configured region. When neither this nor the
	// environment/profile sets one, DefaultRegion is used.
	Region string
	// EndpointURL, like the AWS CLI's --endpoint-url, sends the IAM, STS,
	// Account Management and IAM Access Analyzer calls to this URL. Empty
	// keeps the SDK's resolution, which honours AWS_ENDPOINT_URL and
	// AWS_ENDPOINT_URL_IAM, _STS, _ACCOUNT and _ACCESSANALYZER.
	EndpointURL string
	// Credentials, when set, replaces the default credential chain (for
	// embedding and tests). Nil uses env, shared config, SSO, IMDS, ...
	Credentials aws.CredentialsProvider

	// MaxAttempts is the SDK standard retryer's attempt budget per call.
	MaxAttempts int
	// RetryMaxBackoff caps the retryer's backoff between attempts.
	RetryMaxBackoff time.Duration
	// RequestsPerSecond limits the rate of HTTP attempts (retries included)
	// across all calls of every client. 0 means DefaultRequestsPerSecond; a
	// negative value disables the limit.
	RequestsPerSecond float64
	// Concurrency bounds how many evidence sources are collected at once.
	Concurrency int

	// CallTimeout bounds each HTTP attempt (response headers and body):
	// an attempt that does not complete in time fails as a timeout, which
	// the retryer retries, and whose call ends as a gap.
	CallTimeout time.Duration

	// ReportTimeout bounds generating and fetching the credential report.
	ReportTimeout time.Duration
	// ReportPollInterval is the first credential report poll delay.
	ReportPollInterval time.Duration
	// ReportPollMaxInterval caps the credential report poll delay.
	ReportPollMaxInterval time.Duration

	// Now is the clock that stamps Snapshot.CollectedAt; nil means time.Now.
	Now func() time.Time
	// Logger receives one debug record per API call; nil discards.
	Logger *slog.Logger
	// ToolVersion is recorded in the snapshot.
	ToolVersion string
	// Progress, when set, receives each step of the collection (a source
	// started or done, a page listed, a wait), one call at a time.
	Progress func(Progress)
	// MFAToken supplies the MFA code for a profile that assumes a role with
	// mfa_serial. Nil asks on standard error and reads standard input, so
	// the prompt never mixes with a report written to standard output.
	MFAToken func() (string, error)
}

// promptMFAToken asks for an MFA code on stderr and reads it from stdin.
func promptMFAToken() (string, error) {
	fmt.Fprint(os.Stderr, "MFA code for the AWS profile's role: ")
	var code string
	if _, err := fmt.Fscanln(os.Stdin, &code); err != nil {
		return "", fmt.Errorf("read MFA code: %w", err)
	}
	return code, nil
}

func (o Options) withDefaults() Options {
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.RetryMaxBackoff <= 0 {
		o.RetryMaxBackoff = DefaultRetryMaxBackoff
	}
	if o.RequestsPerSecond == 0 {
		o.RequestsPerSecond = DefaultRequestsPerSecond
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = DefaultCallTimeout
	}
	if o.ReportTimeout <= 0 {
		o.ReportTimeout = DefaultReportTimeout
	}
	if o.ReportPollInterval <= 0 {
		o.ReportPollInterval = DefaultReportPollInterval
	}
	if o.ReportPollMaxInterval <= 0 {
		o.ReportPollMaxInterval = DefaultReportPollMaxInterval
	}
	if o.ReportPollMaxInterval < o.ReportPollInterval {
		o.ReportPollMaxInterval = o.ReportPollInterval
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MFAToken == nil {
		o.MFAToken = promptMFAToken
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return o
}

// LoadAWSConfig resolves credentials, region and retry behaviour the way the
// AWS CLI does (env, shared config and profiles, SSO, container and IMDS
// credentials), applying opts on top. It does not contact AWS: credential
// problems surface from Collect's first call.
func LoadAWSConfig(ctx context.Context, opts Options) (aws.Config, error) {
	o := opts.withDefaults()
	if o.EndpointURL != "" {
		if err := validateEndpoint(o.EndpointURL); err != nil {
			return aws.Config{}, err
		}
	}
	lo := []func(*config.LoadOptions) error{
		// WithDefaultRegion only applies when env/profile set no region, so an
		// explicit AWS_REGION still wins over the us-east-1 fallback.
		config.WithDefaultRegion(DefaultRegion),
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(so *retry.StandardOptions) {
				so.MaxAttempts = o.MaxAttempts
				so.MaxBackoff = o.RetryMaxBackoff
			})
		}),
		// A profile that assumes a role with mfa_serial needs a code, as in
		// the AWS CLI; without a token provider the SDK refuses such
		// profiles outright.
		config.WithAssumeRoleCredentialOptions(func(ao *stscreds.AssumeRoleOptions) {
			ao.TokenProvider = o.MFAToken
		}),
	}
	if o.Profile != "" {
		lo = append(lo, config.WithSharedConfigProfile(o.Profile))
	}
	if o.Region != "" {
		lo = append(lo, config.WithRegion(o.Region))
	}
	if o.Credentials != nil {
		lo = append(lo, config.WithCredentialsProvider(o.Credentials))
	}
	cfg, err := config.LoadDefaultConfig(ctx, lo...)
	if err != nil {
		var notExist config.SharedConfigProfileNotExistError
		if errors.As(err, &notExist) {
			return aws.Config{}, &fatalError{
				kind:  ErrNoCredentials,
				msg:   fmt.Sprintf("AWS profile %q does not exist in the shared config or credentials files: check --profile / AWS_PROFILE or run `aws configure --profile %s`", notExist.Profile, notExist.Profile),
				cause: err,
			}
		}
		return aws.Config{}, fmt.Errorf("load AWS configuration: %w", err)
	}
	// Local emulators answer fast enough to trip a request-body race in
	// smithy-go/net/http (see package bodybuf); IAM requests are small forms,
	// so sending them from memory costs nothing.
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = awshttp.NewBuildableClient()
	}
	// Credential providers (assume-role, SSO) share this client: the
	// attempt deadline bounds them too. Collect starts its own stall
	// record on the same base.
	cfg.HTTPClient = newTimeoutClient(bodybuf.Wrap(cfg.HTTPClient), o.CallTimeout)
	return cfg, nil
}

func validateEndpoint(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("invalid endpoint URL %q: want an absolute http:// or https:// URL", raw)
	}
	return nil
}
