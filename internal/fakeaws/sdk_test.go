package fakeaws

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// clients returns real SDK clients pointed at a fake serving acct.
func clients(t *testing.T, acct *Account) (*Server, *iam.Client, *sts.Client) {
	t.Helper()
	srv, cfg := serveForTest(t, acct, "us-east-1")
	ic := iam.NewFromConfig(cfg, func(o *iam.Options) { o.BaseEndpoint = aws.String(srv.URL()) })
	sc := sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = aws.String(srv.URL()) })
	return srv, ic, sc
}

// serveForTest serves acct until the test ends and returns an SDK config
// for region with static credentials, the fake's HTTP client and one attempt
// (tests see exactly what the fake answered unless they opt into retries).
func serveForTest(t *testing.T, acct *Account, region string) (*Server, aws.Config) {
	t.Helper()
	srv := New(acct)
	srv.SetResponseDelay(0) // HTTPClient makes the delay unnecessary
	t.Cleanup(srv.Close)
	return srv, aws.Config{
		Region:           region,
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		RetryMaxAttempts: 1,
		HTTPClient:       HTTPClient(),
	}
}

func loadSmall(t *testing.T) *Account {
	t.Helper()
	a, err := LoadFixture("../../testdata/fixtures/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func decodeDoc(t *testing.T, s string) string {
	t.Helper()
	d, err := url.PathUnescape(s)
	if err != nil {
		t.Fatalf("document is not URL-encoded: %v", err)
	}
	return d
}

var ctx = context.Background()

// allPages walks an SDK paginator to its end (more and next are its
// HasMorePages and NextPage), failing the test on an error, and returns
// every page in order.
func allPages[O, Opt any](t *testing.T, more func() bool, next func(context.Context, ...func(*Opt)) (O, error)) []O {
	t.Helper()
	var pages []O
	for more() {
		out, err := next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, out)
	}
	return pages
}

func TestGetCallerIdentity(t *testing.T) {
	_, _, sc := clients(t, loadSmall(t))
	out, err := sc.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Account) != "123456789012" || aws.ToString(out.Arn) != "arn:aws:iam::123456789012:user/alice" ||
		aws.ToString(out.UserId) != fakeID("AIDA", "123456789012alice") {
		t.Fatalf("got %s %s %s", aws.ToString(out.Account), aws.ToString(out.Arn), aws.ToString(out.UserId))
	}
}

var _ = errors.New
