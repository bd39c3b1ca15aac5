package collect

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

func TestClassifyCredentialsError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"sso expired", fmt.Errorf("refresh: %w", &ssocreds.InvalidTokenError{Err: errors.New("token expired")}),
			"the AWS SSO session has expired or is invalid: run `aws sso login`"},
		{"assume-role source expired", fmt.Errorf("assume role: %w", &smithy.GenericAPIError{Code: "ExpiredToken", Message: "The security token included in the request is expired"}),
			"the AWS credentials have expired: refresh them (e.g. `aws sso login` or a new session token) and retry"},
		{"nothing found", errors.New("failed to refresh cached credentials, no EC2 IMDS role found"),
			"no AWS credentials found: set AWS_PROFILE or run `aws configure` / `aws sso login`"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := classifyCredentialsError(tc.err)
			if !errors.Is(err, ErrNoCredentials) || err.Error() != tc.want {
				t.Errorf("classify(%v) = %q (Is ErrNoCredentials: %v), want %q", tc.err, err, errors.Is(err, ErrNoCredentials), tc.want)
			}
			if !errors.Is(err, tc.err) {
				t.Errorf("the SDK cause is not reachable through errors.Is")
			}
		})
	}
}

func TestClassifyCallerIdentityError(t *testing.T) {
	unreachable := classifyCallerIdentityError(&smithyhttp.RequestSendError{Err: errors.New("dial tcp: lookup sts.us-east-1.amazonaws.com: no such host")}, "us-east-1", "")
	if !errors.Is(unreachable, ErrUnreachable) {
		t.Fatalf("send error classified as %v, want ErrUnreachable", unreachable)
	}
	const want = "cannot reach the AWS STS endpoint in region us-east-1: check the network, proxy settings and --endpoint-url, and for an aws-cn or aws-us-gov account set the region of that partition"
	if unreachable.Error() != want {
		t.Errorf("message = %q, want %q", unreachable.Error(), want)
	}
	other := classifyCallerIdentityError(&smithy.GenericAPIError{Code: "ServiceUnavailable"}, "us-east-1", "")
	if errors.Is(other, ErrNoCredentials) || errors.Is(other, ErrUnreachable) {
		t.Errorf("ServiceUnavailable classified as %v, want a plain error", other)
	}
	if isUnreachable(fmt.Errorf("op: %w", context.Canceled)) {
		t.Error("cancellation reported as unreachable")
	}
}
