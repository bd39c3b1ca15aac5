package collect

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/iamaudit/iamaudit/audit"
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
			msg: fmt.Sprintf("the AWS profile's role could not be assumed: %s: %s", api.ErrorCode(), api.ErrorMessage())}
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
		msg := fmt.Sprintf("the AWS credentials were rejected (%s): check the access key and secret", ae.ErrorCode())
		if region == DefaultRegion {
			msg += ", and for an aws-cn or aws-us-gov account set the region of that partition (e.g. --region cn-north-1 or us-gov-west-1)"
		}
		return &fatalError{kind: ErrNoCredentials, cause: err, msg: msg}
	}
	return nil
}

// classifyCallerIdentityError turns a GetCallerIdentity failure into the
// fatal error Collect returns. region is the configured region, used to hint
// at the partition mismatch that makes valid aws-cn/aws-us-gov keys look
// invalid when sent to a commercial-partition endpoint.
func classifyCallerIdentityError(err error, region, endpoint string) error {
	if fe := classifyAuthCode(err, region); fe != nil {
		return fe
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return fmt.Errorf("get caller identity: %w", err)
	}
	if isUnreachable(err) {
		where := "the AWS STS endpoint"
		hint := "check the network, proxy settings and --endpoint-url"
		if endpoint != "" {
			where = "the endpoint " + endpoint
			hint = "check that it is running and the URL is right"
		} else if region == DefaultRegion {
			hint += ", and for an aws-cn or aws-us-gov account set the region of that partition"
		}
		return &fatalError{kind: ErrUnreachable, cause: err,
			msg: fmt.Sprintf("cannot reach %s in region %s: %s", where, region, hint)}
	}
	return fmt.Errorf("get caller identity: %w", err)
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

// gapFromError records err as missing evidence. The code is the AWS error
// code when AWS answered; transport failures have none.
func gapFromError(ev audit.Evidence, op string, err error) audit.Gap {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		msg := ae.ErrorMessage()
		if msg == "" {
			msg = ae.Error()
		}
		return audit.Gap{Evidence: ev, Operation: op, Code: ae.ErrorCode(), Message: msg}
	}
	var rce *aws.RequestCanceledError
	if errors.As(err, &rce) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return audit.Gap{Evidence: ev, Operation: op, Code: "Canceled", Message: err.Error()}
	}
	return audit.Gap{Evidence: ev, Operation: op, Message: err.Error()}
}
