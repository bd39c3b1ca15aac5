package collect_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/audit/collect"
	"github.com/iamaudit/iamaudit/internal/fakeaws"
)

// Robustness against misbehaving endpoints: every fault ends as a gap (or,
// for the caller identity, one fatal sentence), never a hang. Timeouts are
// shortened so the suite stays fast; the defaults are measured by hand
// (see README "Bounded runs").

// shortTimeouts is testOptions with a short attempt deadline.
func shortTimeouts(srv *fakeaws.Server) collect.Options {
	o := testOptions(srv)
	o.CallTimeout = 500 * time.Millisecond
	return o
}

func gapOf(t *testing.T, snap *audit.Snapshot, op string) audit.Gap {
	t.Helper()
	for _, g := range snap.Gaps {
		if g.Operation == op {
			return g
		}
	}
	t.Fatalf("no gap for %s in %+v", op, snap.Gaps)
	return audit.Gap{}
}

// A call whose body stalls, or that gets no response at all, is a timeout
// gap for its own evidence only.
func TestStalledCallIsATimeoutGap(t *testing.T) {
	for _, tc := range []struct {
		op      string
		kind    string
		ev      audit.Evidence
		message string
	}{
		{"GetAccountAuthorizationDetails", fakeaws.FaultStallBody, audit.EvidenceAuthorization, "body was not complete within 500ms"},
		{"GetAccountPasswordPolicy", fakeaws.FaultStallHeaders, audit.EvidencePasswordPolicy, "no response from"},
	} {
		t.Run(tc.op, func(t *testing.T) {
			isolateEnv(t)
			acct := baseAccount()
			acct.Faults = []fakeaws.Fault{{Action: tc.op, Kind: tc.kind}}
			snap := runCollect(t, shortTimeouts(startFake(t, acct)))
			assertGaps(t, snap, []audit.Gap{{Evidence: tc.ev, Operation: tc.op, Code: collect.CodeTimeout}})
			if g := snap.Gaps[0]; !strings.Contains(g.Message, tc.message) {
				t.Errorf("gap message = %q, want it to contain %q", g.Message, tc.message)
			}
			if snap.AccountSummary == nil || snap.CredentialReport == nil || (snap.Authorization == nil) != (tc.ev == audit.EvidenceAuthorization) {
				t.Error("a stalled call must cost only its own evidence")
			}
		})
	}
}

// An endpoint that stops answering altogether after the identity is known:
// after stallLimit timeouts in a row, the remaining calls fail at once
// instead of each spending its whole retry budget on timeouts.
func TestStalledEndpointFailsFast(t *testing.T) {
	isolateEnv(t)
	acct := baseAccount()
	for _, op := range []string{"GetAccountSummary", "GenerateCredentialReport", "GetCredentialReport", "GetAccountPasswordPolicy",
		"ListVirtualMFADevices", "GetAccountAuthorizationDetails", "ListServerCertificates", "ListRegions"} {
		acct.Faults = append(acct.Faults, fakeaws.Fault{Action: op, Kind: fakeaws.FaultStallHeaders})
	}
	srv := startFake(t, acct)
	opts := shortTimeouts(srv)
	opts.MaxAttempts = 5
	snap := runCollect(t, opts)
	codes := map[string]string{}
	for _, g := range snap.Gaps {
		codes[g.Operation] = g.Code
	}
	// GetAccountSummary's first three attempts time out and trip the
	// breaker; its fourth is refused like every later call.
	for _, op := range []string{"GetAccountSummary", "GetAccountPasswordPolicy", "ListVirtualMFADevices", "GetAccountAuthorizationDetails", "ListServerCertificates", "ListRegions"} {
		if codes[op] != collect.CodeEndpointStalled {
			t.Errorf("%s gap code = %q, want %s", op, codes[op], collect.CodeEndpointStalled)
		}
	}
	// GetCallerIdentity, then GetAccountSummary's three timed-out attempts;
	// nothing after the breaker trips reaches the endpoint.
	wantCalls(t, srv, "none after the endpoint is known stalled", map[string]int{"GetAccountSummary": 3, "GetAccountAuthorizationDetails": 0})
}

func TestEndlessMarkersBecomeGaps(t *testing.T) {
	for _, tc := range []struct {
		op string
		ev audit.Evidence
	}{
		{"GetAccountAuthorizationDetails", audit.EvidenceAuthorization},
		{"ListVirtualMFADevices", audit.EvidenceVirtualMFADevices},
		{"ListServerCertificates", audit.EvidenceServerCertificates},
		{"ListRegions", audit.EvidenceRegions},
		{"ListAnalyzers", audit.EvidenceAccessAnalyzers},
	} {
		t.Run(tc.op, func(t *testing.T) {
			isolateEnv(t)
			acct := baseAccount()
			fault := fakeaws.Fault{Action: tc.op, Kind: fakeaws.FaultEndlessMarkers}
			if tc.op == "ListAnalyzers" {
				fault.Region = "eu-west-1"
			}
			acct.Faults = []fakeaws.Fault{fault}
			srv := startFake(t, acct)
			snap := runCollect(t, testOptions(srv))
			g := gapOf(t, snap, tc.op)
			if g.Evidence != tc.ev || !strings.Contains(g.Message, "the endpoint keeps returning new pagination markers") {
				t.Errorf("gap = %+v, want one naming endless markers", g)
			}
			if tc.op == "ListAnalyzers" && !strings.HasPrefix(g.Message, "eu-west-1: ") {
				t.Errorf("gap message %q does not name the region", g.Message)
			}
			// The bound is the account's quotas with margin, not forever.
			if n := srv.Calls()[tc.op]; n < 10 || n > 400 {
				t.Errorf("%s called %d times; want a bound between 10 and 400 pages", tc.op, n)
			}
		})
	}
}

func TestServerErrorBursts(t *testing.T) {
	snap, _ := collectFrom(t, baseAccount(),
		// A burst shorter than the retry budget is absorbed...
		fakeaws.Fault{Action: "GetAccountSummary", Code: "ServiceFailure", Times: 2},
		// ...one that outlasts it is a gap that says so.
		fakeaws.Fault{Action: "ListServerCertificates", Code: "ServiceUnavailable"},
	)
	if snap.AccountSummary == nil {
		t.Error("a 500 burst shorter than --max-attempts lost the account summary")
	}
	assertGaps(t, snap, []audit.Gap{{Evidence: audit.EvidenceServerCertificates, Operation: "ListServerCertificates", Code: "ServiceUnavailable"}})
	if g := snap.Gaps[0]; !strings.HasSuffix(g.Message, "(HTTP 503, after 3 attempts)") {
		t.Errorf("gap message = %q", g.Message)
	}
}

func TestGarbageResponseIsABadResponseGap(t *testing.T) {
	for _, op := range []string{"GetAccountPasswordPolicy", "ListRegions"} {
		t.Run(op, func(t *testing.T) {
			isolateEnv(t)
			acct := baseAccount()
			acct.Faults = []fakeaws.Fault{{Action: op, Kind: fakeaws.FaultGarbage}}
			snap := runCollect(t, testOptions(startFake(t, acct)))
			g := gapOf(t, snap, op)
			if g.Code != collect.CodeBadResponse || !strings.HasPrefix(g.Message, "the endpoint's answer could not be read") {
				t.Errorf("gap = %+v", g)
			}
			if strings.ContainsAny(g.Message, "\x1b\x00") {
				t.Errorf("gap message %q carries the garbage's control characters", g.Message)
			}
		})
	}
}

func TestIdentityFailuresAreOneSentence(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault fakeaws.Fault
		kind  error
		want  string
	}{
		{"throttled", fakeaws.Fault{Code: "Throttling"}, collect.ErrIdentity, "kept throttling sts:GetCallerIdentity through 3 attempts: wait a minute and retry, or raise --max-attempts"},
		{"5xx", fakeaws.Fault{Code: "ServiceUnavailable"}, collect.ErrIdentity, "failed sts:GetCallerIdentity with HTTP 503 after 3 attempts: retry later, or check --endpoint-url"},
		{"garbage", fakeaws.Fault{Kind: fakeaws.FaultGarbage}, collect.ErrIdentity, "answered sts:GetCallerIdentity with something that is not an STS response: check --endpoint-url and any proxy in between"},
		{"stalled", fakeaws.Fault{Kind: fakeaws.FaultStallBody}, collect.ErrUnreachable, "did not answer sts:GetCallerIdentity within --call-timeout (3 attempts): check that it is up and reachable, or raise --call-timeout"},
		{"refused", fakeaws.Fault{Code: "AccessDenied", Message: "no \u009b31mway"}, collect.ErrIdentity, `refused sts:GetCallerIdentity (AccessDenied: no way): check the credentials' permissions and the region`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			isolateEnv(t)
			acct := baseAccount()
			tc.fault.Action = "GetCallerIdentity"
			acct.Faults = []fakeaws.Fault{tc.fault}
			srv := startFake(t, acct)
			_, err := tryCollect(t, shortTimeouts(srv))
			if !errors.Is(err, tc.kind) {
				t.Fatalf("err = %v, want %v", err, tc.kind)
			}
			want := "the endpoint " + srv.URL() + " " + tc.want
			if err.Error() != want {
				t.Errorf("err =\n  %s\nwant\n  %s", err, want)
			}
		})
	}
}

// A run stopped after the identity is known (--timeout, Ctrl-C) returns
// what it has, and every source it did not finish says why.
func TestInterruptedRunKeepsItsEvidence(t *testing.T) {
	isolateEnv(t)
	acct := baseAccount()
	acct.Faults = []fakeaws.Fault{{Action: "GetAccountAuthorizationDetails", Kind: fakeaws.FaultStallHeaders}}
	srv := startFake(t, acct)
	opts := testOptions(srv)
	opts.CallTimeout = time.Minute
	ctx, cancel := context.WithTimeoutCause(context.Background(), time.Second, errors.New("the run's --timeout of 1s expired"))
	defer cancel()
	cfg, err := collect.LoadAWSConfig(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := collect.Collect(ctx, cfg, opts)
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	assertGaps(t, snap, []audit.Gap{{Evidence: audit.EvidenceAuthorization, Operation: "GetAccountAuthorizationDetails", Code: collect.CodeInterrupted}})
	if want := "the run was stopped before this was collected (the run's --timeout of 1s expired)"; snap.Gaps[0].Message != want {
		t.Errorf("gap message = %q, want %q", snap.Gaps[0].Message, want)
	}
	if snap.AccountSummary == nil || snap.CredentialReport == nil || snap.AccessAnalyzers == nil {
		t.Error("evidence collected before the stop was dropped")
	}
}

// The credential report timeout says what really happened: here IAM said
// the report was COMPLETE, and then GetCredentialReport never answered.
func TestReportTimeoutSaysWhatHappened(t *testing.T) {
	isolateEnv(t)
	acct := baseAccount()
	acct.Faults = []fakeaws.Fault{{Action: "GetCredentialReport", Kind: fakeaws.FaultStallHeaders}}
	opts := testOptions(startFake(t, acct))
	opts.CallTimeout = time.Minute
	opts.ReportTimeout = 300 * time.Millisecond
	snap := runCollect(t, opts)
	assertGaps(t, snap, []audit.Gap{{Evidence: audit.EvidenceCredentialReport, Operation: "GetCredentialReport", Code: collect.CodeReportTimeout}})
	want := "GetCredentialReport had not answered when --report-timeout (300ms) ran out (earlier, IAM answered COMPLETE after 1 poll)"
	if got := snap.Gaps[0].Message; got != want {
		t.Errorf("gap message =\n  %s\nwant\n  %s", got, want)
	}
}

// Escape sequences in names and error messages reach the evidence exactly
// (machine formats keep them); the terminal-facing layers clean them. XML
// 1.0 cannot carry ESC at all, so the Query APIs get C1 controls (legal in
// XML) and the restJson1 APIs get ESC itself.
func TestHostileTextKeptExactInEvidence(t *testing.T) {
	isolateEnv(t)
	acct := baseAccount()
	const xmlMsg, jsonMsg = "denied\u009b2J\u202e!", "denied\x1b]0;pwned\x07"
	acct.Faults = []fakeaws.Fault{
		{Action: "ListServerCertificates", Code: "AccessDenied", Message: xmlMsg},
		{Action: "ListAnalyzers", Region: "eu-west-1", Code: "AccessDeniedException", Message: jsonMsg},
	}
	snap := runCollect(t, testOptions(startFake(t, acct)))
	if g := gapOf(t, snap, "ListServerCertificates"); g.Message != xmlMsg {
		t.Errorf("gap message = %q, want the endpoint's exact text", g.Message)
	}
	if g := gapOf(t, snap, "ListAnalyzers"); g.Message != "eu-west-1: "+jsonMsg {
		t.Errorf("gap message = %q, want the endpoint's exact text", g.Message)
	}
}
