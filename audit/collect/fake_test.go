package collect_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/audit/collect"
	"github.com/iamaudit/iamaudit/internal/fakeaws"
)

// Fixed instants of the synthetic accounts built in Go.
var (
	collectedAt = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	created     = time.Date(2024, 1, 15, 9, 30, 0, 0, time.UTC)
	later       = time.Date(2025, 6, 2, 8, 0, 0, 0, time.UTC)
)

const acctID = "123456789012"

// isolateEnv keeps the developer's AWS environment (profiles, endpoints,
// IMDS) out of the test: every test sees only what it configures.
func isolateEnv(t testing.TB) {
	t.Helper()
	dir := t.TempDir()
	for _, k := range []string{
		"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION",
		"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
		"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL_STS",
		"AWS_ENDPOINT_URL_ACCOUNT", "AWS_ENDPOINT_URL_ACCESSANALYZER", "AWS_ENDPOINT_URL_ORGANIZATIONS",
		"AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
	} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

// testOptions points everything at srv with static credentials and
// millisecond backoffs, so retry and polling paths run fast.
func testOptions(srv *fakeaws.Server) collect.Options {
	o := collect.Options{
		Region:                "us-east-1",
		Credentials:           credentials.NewStaticCredentialsProvider("AKIDTESTTESTTEST", "secret", ""),
		MaxAttempts:           3,
		RetryMaxBackoff:       time.Millisecond,
		RequestsPerSecond:     -1,
		ReportTimeout:         10 * time.Second,
		ReportPollInterval:    time.Millisecond,
		ReportPollMaxInterval: 4 * time.Millisecond,
		Now:                   func() time.Time { return collectedAt },
		ToolVersion:           "test",
	}
	if srv != nil {
		o.EndpointURL = srv.URL()
	}
	return o
}

// profileOptions are testOptions with no credentials of their own: the
// SDK takes them from the named profile of the shared files.
func profileOptions(srv *fakeaws.Server, profile string) collect.Options {
	o := testOptions(srv)
	o.Credentials = nil
	o.Profile = profile
	return o
}

// wantAudited stops the test unless snap is the test account's, with
// nothing missing.
func wantAudited(t testing.TB, snap *audit.Snapshot) {
	t.Helper()
	if snap.Account.ID != acctID || len(snap.Gaps) != 0 {
		t.Fatalf("account %+v, gaps %v", snap.Account, snap.Gaps)
	}
}

// runCollect loads the config and collects, failing the test on error.
func runCollect(t testing.TB, opts collect.Options) *audit.Snapshot {
	t.Helper()
	snap, err := tryCollect(t, opts)
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	return snap
}

func tryCollect(t testing.TB, opts collect.Options) (*audit.Snapshot, error) {
	t.Helper()
	ctx := context.Background()
	cfg, err := collect.LoadAWSConfig(ctx, opts)
	if err != nil {
		t.Fatalf("LoadAWSConfig: %v", err)
	}
	return collect.Collect(ctx, cfg, opts)
}

// collectFrom collects acct, with faults added to its own, from a fresh
// fake in an isolated environment.
func collectFrom(t testing.TB, acct *fakeaws.Account, faults ...fakeaws.Fault) (*audit.Snapshot, *fakeaws.Server) {
	t.Helper()
	isolateEnv(t)
	acct.Faults = append(acct.Faults, faults...)
	srv := startFake(t, acct)
	return runCollect(t, testOptions(srv)), srv
}

// wantCalls checks how many times the fake answered each operation named
// in want (operations it does not name are not checked); why says what the
// counts mean.
func wantCalls(t testing.TB, srv *fakeaws.Server, why string, want map[string]int) {
	t.Helper()
	got := srv.Calls()
	for op, n := range want {
		if got[op] != n {
			t.Errorf("%s calls = %d, want %d (%s)", op, got[op], n, why)
		}
	}
}

func startFake(t testing.TB, acct *fakeaws.Account) *fakeaws.Server {
	t.Helper()
	if err := acct.Validate(); err != nil {
		t.Fatalf("invalid test account: %v", err)
	}
	srv := fakeaws.New(acct)
	t.Cleanup(srv.Close)
	return srv
}

// debugLogger writes the collector's debug log to the test log.
func debugLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

// wantSame reports what differs when got is not deeply equal to want,
// both shown as JSON.
func wantSame(t testing.TB, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s =\n%s\nwant\n%s", what, jsonOf(got), jsonOf(want))
	}
}

func jsonOf(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

func ptr[T any](v T) *T { return &v }
