package collect

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/internal/textsafe"
)

// ErrNoCredentials is wrapped by Collect's error when no usable AWS
// credentials exist: none configured, expired, or rejected by STS.
var ErrNoCredentials = errors.New("no usable AWS credentials")

// ErrUnreachable is wrapped by Collect's error when the STS endpoint cannot
// be reached at all (DNS, connection refused, TLS, proxy, timeout).
var ErrUnreachable = errors.New("AWS endpoint unreachable")

// fatalError is a fatal collection error whose message is one sentence a
// user can act on; the SDK's (long, nested) error stays reachable through
// errors.Is/As for verbose logging.
type fatalError struct {
	kind  error
	msg   string
	cause error
}

func (e *fatalError) Error() string { return e.msg }

// Unwrap exposes both the sentinel and the SDK cause.
func (e *fatalError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}

const credentialsHint = "set AWS_PROFILE or run `aws configure` / `aws sso login`"

// classifyCredentialsError explains why the credential chain yielded
// nothing. A chain can fail while talking to AWS itself (an assume-role
// profile whose source keys expired), so AWS's codes are checked too.
func classifyCredentialsError(err error) error {
	var sso *ssocreds.InvalidTokenError
	if errors.As(err, &sso) {
		return &fatalError{kind: ErrNoCredentials, cause: err,
			msg: "the AWS SSO session has expired or is invalid: run `aws sso login`"}
	}
	if fe := classifyAuthCode(err, ""); fe != nil {
		return fe
	}
	// A profile's role could not be assumed (not trusted, no permission,
	// MFA code refused): say so, with AWS's reason, rather than claim that
	// no credentials exist.
	var op *smithy.OperationError
	var api smithy.APIError
	if errors.As(err, &op) && op.Operation() == "AssumeRole" && errors.As(err, &api) {
		return &fatalError{kind: ErrNoCredentials, cause: err,
			msg: fmt.Sprintf("the AWS profile's role could not be assumed: %s: %s", textsafe.Short(api.ErrorCode(), 100), textsafe.Short(api.ErrorMessage(), 300))}
	}
	return &fatalError{kind: ErrNoCredentials, cause: err,
		msg: "no AWS credentials found: " + credentialsHint}
}

// classifyAuthCode recognises AWS's answers to expired or invalid
// credentials; nil when err is not one of them.
func classifyAuthCode(err error, region string) error {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return nil
	}
	switch ae.ErrorCode() {
	case "ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired", "RequestExpired":
		return &fatalError{kind: ErrNoCredentials, cause: err,
			msg: "the AWS credentials have expired: refresh them (e.g. `aws sso login` or a new session token) and retry"}
	case "InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch",
		"MissingAuthenticationToken", "IncompleteSignature", "InvalidAccessKeyId", "AuthFailure":
		msg := fmt.Sprintf("the AWS credentials were rejected (%s): check the access key and secret", textsafe.Clean(ae.ErrorCode()))
		if region == DefaultRegion {
			msg += ", and for an aws-cn or aws-us-gov account set the region of that partition (e.g. --region cn-north-1 or us-gov-west-1)"
		}
		return &fatalError{kind: ErrNoCredentials, cause: err, msg: msg}
	}
	return nil
}

// classifyCallerIdentityError turns a GetCallerIdentity failure into the
// fatal error Collect returns: one sentence saying what failed and what to
// try. The SDK's own (long, nested) text stays reachable as the cause, for
// --log-level debug. region is the configured region, used to hint at the
// partition mismatch that makes valid aws-cn/aws-us-gov keys look invalid
// when sent to a commercial-partition endpoint.
func classifyCallerIdentityError(err error, region, endpoint string) error {
	if fe := classifyAuthCode(err, region); fe != nil {
		return fe
	}
	where := "the AWS STS endpoint"
	if endpoint != "" {
		where = "the endpoint " + textsafe.Short(endpoint, 200)
	}
	fatal := func(kind error, msg string) error { return &fatalError{kind: kind, cause: err, msg: msg} }
	var stalled *endpointStalledError
	var timedOut *attemptTimeoutError
	switch {
	case errors.As(err, &stalled), errors.As(err, &timedOut):
		return fatal(ErrUnreachable, fmt.Sprintf("%s did not answer sts:GetCallerIdentity within --call-timeout%s: check that it is up and reachable, or raise --call-timeout", where, wrapAttempts(err, " (%s)")))
	case isThrottle(err):
		return fatal(ErrIdentity, fmt.Sprintf("%s kept throttling sts:GetCallerIdentity%s: wait a minute and retry, or raise --max-attempts", where, wrapAttempts(err, " through %s")))
	}
	if status := httpStatus(err); status >= 500 {
		return fatal(ErrIdentity, fmt.Sprintf("%s failed sts:GetCallerIdentity with HTTP %d%s: retry later, or check --endpoint-url", where, status, wrapAttempts(err, " after %s")))
	}
	var de *smithy.DeserializationError
	var ae smithy.APIError
	if errors.As(err, &de) || (httpStatus(err) > 0 && !errors.As(err, &ae)) {
		return fatal(ErrIdentity, fmt.Sprintf("%s answered sts:GetCallerIdentity with something that is not an STS response: check --endpoint-url and any proxy in between", where))
	}
	if errors.As(err, &ae) {
		return fatal(ErrIdentity, fmt.Sprintf("%s refused sts:GetCallerIdentity (%s: %s): check the credentials' permissions and the region", where,
			textsafe.Short(ae.ErrorCode(), 100), textsafe.Short(ae.ErrorMessage(), 300)))
	}
	if isUnreachable(err) {
		hint := "check the network, proxy settings and --endpoint-url"
		if endpoint != "" {
			hint = "check that it is running and the URL is right"
		} else if region == DefaultRegion {
			hint += ", and for an aws-cn or aws-us-gov account set the region of that partition"
		}
		return fatal(ErrUnreachable, fmt.Sprintf("cannot reach %s in region %s: %s", where, region, hint))
	}
	return fatal(ErrIdentity, fmt.Sprintf("sts:GetCallerIdentity failed at %s: run with --log-level debug for the details", where))
}

// ErrIdentity is wrapped by Collect's error when the caller identity could
// not be established for a reason other than credentials or reachability
// (throttling, server errors, an endpoint that is not STS).
var ErrIdentity = errors.New("caller identity not established")

// wrapAttempts formats how many attempts the SDK's retryer made ("3
// attempts", "1 attempt") into format, when it gave up for lack of
// attempts; "" when the call was not retried to the end.
func wrapAttempts(err error, format string) string {
	var mae *retry.MaxAttemptsError
	if !errors.As(err, &mae) {
		return ""
	}
	n := fmt.Sprintf("%d attempts", mae.Attempt)
	if mae.Attempt == 1 {
		n = "1 attempt"
	}
	return fmt.Sprintf(format, n)
}

// isThrottle reports whether err is a throttling answer.
func isThrottle(err error) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	switch ae.ErrorCode() {
	case "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
		"TooManyRequestsException", "RequestLimitExceeded", "SlowDown", "RequestThrottled":
		return true
	}
	return false
}

// httpStatus is the HTTP status of the response err came with; 0 when
// there was none.
func httpStatus(err error) int {
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.StatusCode
	}
	return 0
}

func isUnreachable(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	var send *smithyhttp.RequestSendError
	if errors.As(err, &send) {
		return true
	}
	var dns *net.DNSError
	var op *net.OpError
	return errors.As(err, &dns) || errors.As(err, &op)
}

// codeCanceled is the gap code of a call cut short by the run's context.
const (
	codeCanceled    = "Canceled"
	canceledMessage = "the call was canceled"
)

// Gap codes for calls that got no usable answer.
const (
	// CodeTimeout: no attempt of the call got a complete response within
	// Options.CallTimeout.
	CodeTimeout = "Timeout"
	// CodeEndpointStalled: given up, the endpoint had stopped answering.
	CodeEndpointStalled = "EndpointStalled"
	// CodeBadResponse: the endpoint answered with something that is not
	// the API's response (garbage, truncated XML or JSON).
	CodeBadResponse = "BadResponse"
)

// gapFromError records err as missing evidence. The code is the AWS error
// code when AWS answered; transport failures get one of the collector's
// codes. Messages are one sentence, without the SDK's nested wrapping.
func gapFromError(ev audit.Evidence, op string, err error) audit.Gap {
	g := audit.Gap{Evidence: ev, Operation: op}
	var ae smithy.APIError
	var stalled *endpointStalledError
	var timedOut *attemptTimeoutError
	var de *smithy.DeserializationError
	var rce *aws.RequestCanceledError
	switch {
	case errors.As(err, &ae):
		g.Code, g.Message = ae.ErrorCode(), ae.ErrorMessage()
		if g.Message == "" {
			g.Message = ae.Error()
		}
		if status := httpStatus(err); status >= 500 {
			g.Message += fmt.Sprintf(" (HTTP %d%s)", status, wrapAttempts(err, ", after %s"))
		}
	case errors.As(err, &stalled):
		g.Code, g.Message = CodeEndpointStalled, stalled.Error()
	case errors.As(err, &timedOut):
		g.Code, g.Message = CodeTimeout, timedOut.Error()+wrapAttempts(err, "; gave up after %s")
	case errors.As(err, &rce), errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		// Collect.interrupted replaces canceledMessage with the reason
		// the run stopped, keeping any region prefix before it.
		g.Code, g.Message = codeCanceled, canceledMessage
	case errors.As(err, &de):
		g.Code, g.Message = CodeBadResponse, "the endpoint's answer could not be read as this API's response: "+textsafe.Short(de.Err.Error(), 200)
	case httpStatus(err) > 0:
		g.Code, g.Message = CodeBadResponse, fmt.Sprintf("the endpoint answered HTTP %d with a body that could not be read as this API's error: %s",
			httpStatus(err), textsafe.Short(errors.Unwrap(errors.Unwrap(err)).Error(), 200))
	default:
		g.Message = err.Error()
	}
	return g
}
