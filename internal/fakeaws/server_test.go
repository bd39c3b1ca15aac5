package fakeaws

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func post(t *testing.T, srv *Server, body string, auth bool) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL(), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if auth {
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDTEST/20261101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestMissingAuthentication(t *testing.T) {
	srv := New(&Account{AccountID: "123456789012"})
	defer srv.Close()
	st, body := post(t, srv, "Action=GetAccountSummary&Version=2010-05-08", false)
	if st != 403 || !strings.Contains(body, "<Code>MissingAuthenticationToken</Code>") || !strings.Contains(body, "<Type>Sender</Type>") {
		t.Fatalf("%d %s", st, body)
	}
	st, body = post(t, srv, "Action=GetCallerIdentity&Version=2011-06-15", false)
	if st != 403 || !strings.Contains(body, `xmlns="https://sts.amazonaws.com/doc/2011-06-15/"`) || !strings.Contains(body, "MissingAuthenticationToken") {
		t.Fatalf("%d %s", st, body)
	}
}

func TestInvalidAction(t *testing.T) {
	srv := New(&Account{AccountID: "123456789012"})
	defer srv.Close()
	for _, body := range []string{
		"Action=DeleteUser&Version=2010-05-08&UserName=x", // write operations are not served
		"Action=GetCallerIdentity&Version=2010-05-08",     // an STS action under the IAM version
	} {
		st, resp := post(t, srv, body, true)
		if st != 400 || !strings.Contains(resp, "<Code>InvalidAction</Code>") {
			t.Fatalf("%s: %d %s", body, st, resp)
		}
	}
}

func TestFaultAlways(t *testing.T) {
	a := loadSmall(t)
	a.Faults = []Fault{{Action: "GetCredentialReport", Code: "AccessDenied"}}
	srv, ic, _ := clients(t, a)
	for i := 0; i < 3; i++ {
		_, err := ic.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
		assertCode(t, err, "AccessDenied", 403)
	}
	// Other operations are unaffected.
	if _, err := ic.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Calls()["GetCredentialReport"]; got != 3 {
		t.Fatalf("calls %d", got)
	}
}

func TestFaultThrottlingRetriedBySDK(t *testing.T) {
	a := loadSmall(t)
	a.Faults = []Fault{{Action: "GetAccountSummary", Code: "Throttling", Times: 2}}
	srv := New(a)
	defer srv.Close()
	cfg := aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		HTTPClient:  HTTPClient(),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = 3
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			})
		},
	}
	ic := iam.NewFromConfig(cfg, func(o *iam.Options) { o.BaseEndpoint = aws.String(srv.URL()) })
	out, err := ic.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if err != nil {
		t.Fatalf("want success after 2 throttles, got %v", err)
	}
	if out.SummaryMap["Users"] != 12 {
		t.Fatalf("Users %d", out.SummaryMap["Users"])
	}
	if got := srv.Calls()["GetAccountSummary"]; got != 3 {
		t.Fatalf("GetAccountSummary calls %d, want 3", got)
	}
}

func TestFaultCodesAndTypedErrors(t *testing.T) {
	getReport := func(c *iam.Client) error {
		_, err := c.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
		return err
	}
	cases := []struct {
		action, code string
		status       int
		call         func(*iam.Client) error
		typed        func(error) bool
	}{
		{"GetCredentialReport", "ServiceFailure", 500, getReport, isTyped[*types.ServiceFailureException]},
		{"GenerateCredentialReport", "LimitExceeded", 409, func(c *iam.Client) error {
			_, err := c.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
			return err
		}, isTyped[*types.LimitExceededException]},
		{"GetCredentialReport", "ReportInProgress", 404, getReport, isTyped[*types.CredentialReportNotReadyException]},
		{"GetAccountAuthorizationDetails", "AccessDenied", 403, func(c *iam.Client) error {
			_, err := c.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{})
			return err
		}, func(error) bool { return true }},
	}
	for _, c := range cases {
		a := &Account{AccountID: "123456789012", Faults: []Fault{{Action: c.action, Code: c.code, Times: 1}}}
		_, ic, _ := clients(t, a)
		err := c.call(ic)
		assertCode(t, err, c.code, c.status)
		if !c.typed(err) {
			t.Errorf("%s: %v is not the SDK's typed error", c.code, err)
		}
		if err := c.call(ic); err != nil && c.action != "GetCredentialReport" {
			t.Errorf("%s: second call should succeed: %v", c.code, err)
		}
	}
}

func TestSTSAssumeRole(t *testing.T) {
	_, _, sc := clients(t, loadSmall(t))
	before := time.Now().Truncate(time.Second)
	out, err := sc.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::123456789012:role/AWSSupportRole"), RoleSessionName: aws.String("audit")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.AssumedRoleUser.Arn) != "arn:aws:sts::123456789012:assumed-role/AWSSupportRole/audit" ||
		!strings.HasPrefix(aws.ToString(out.Credentials.AccessKeyId), "ASIA") || aws.ToString(out.Credentials.SessionToken) == "" ||
		// Expiry is an hour of real time: SDK caches compare it with the wall clock.
		aws.ToTime(out.Credentials.Expiration).Before(before.Add(time.Hour)) || aws.ToTime(out.Credentials.Expiration).After(time.Now().Add(time.Hour)) {
		t.Fatalf("%+v %+v", out.AssumedRoleUser, out.Credentials)
	}
	_, err = sc.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::123456789012:role/Nope"), RoleSessionName: aws.String("audit")})
	assertCode(t, err, "AccessDenied", 403)
}

func TestCallsConcurrent(t *testing.T) {
	srv, ic, _ := clients(t, loadSmall(t))
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := ic.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if srv.Calls()["GetAccountSummary"] != 20 || srv.TotalCalls() != 20 {
		t.Fatalf("calls %v", srv.Calls())
	}
	srv.ResetCalls()
	if srv.TotalCalls() != 0 {
		t.Fatal("ResetCalls did not reset")
	}
}

func TestSTSAuthFaults(t *testing.T) {
	for _, c := range []struct {
		code   string
		status int
	}{{"ExpiredToken", 403}, {"InvalidClientTokenId", 403}, {"AccessDenied", 403}} {
		a := &Account{AccountID: "123456789012", Faults: []Fault{{Action: "GetCallerIdentity", Code: c.code}}}
		_, _, sc := clients(t, a)
		_, err := sc.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		assertCode(t, err, c.code, c.status)
	}
}
