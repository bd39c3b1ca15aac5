package collect_test

import (
	"bytes"
	"log/slog"
	"reflect"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/internal/fakeaws"
)

func analyzerTestAccount() *fakeaws.Account {
	acct := baseAccount()
	acct.Regions = []fakeaws.Region{
		{Name: "us-east-1", Status: fakeaws.RegionEnabledByDefault},
		{Name: "eu-west-1", Status: fakeaws.RegionEnabledByDefault},
		{Name: "af-south-1", Status: fakeaws.RegionEnabled},
		{Name: "me-south-1", Status: fakeaws.RegionDisabled},
		{Name: "ap-east-1", Status: fakeaws.RegionEnabling},
	}
	acct.AccessAnalyzers = map[string][]fakeaws.Analyzer{
		"us-east-1":  {{Name: "unused", Type: "ACCOUNT_UNUSED_ACCESS"}, {Name: "ext", Type: "ACCOUNT"}},
		"af-south-1": {{Name: "org", Type: "ORGANIZATION", Status: "CREATING"}},
		// A disabled region's analyzers are never asked for.
		"me-south-1": {{Name: "old", Type: "ACCOUNT"}},
	}
	return acct
}

func TestCollectRegionsAndAnalyzers(t *testing.T) {
	snap, srv := collectFrom(t, analyzerTestAccount())
	if len(snap.Gaps) != 0 {
		t.Fatalf("gaps = %v", snap.Gaps)
	}
	if want := []string{"af-south-1", "eu-west-1", "us-east-1"}; !reflect.DeepEqual(snap.Regions.Enabled, want) {
		t.Errorf("enabled regions = %v, want %v", snap.Regions.Enabled, want)
	}
	want := map[string][]audit.Analyzer{
		"af-south-1": {{Name: "org", ARN: "arn:aws:access-analyzer:af-south-1:123456789012:analyzer/org", Type: "ORGANIZATION", Status: "CREATING"}},
		"eu-west-1":  {},
		"us-east-1": {
			{Name: "ext", ARN: "arn:aws:access-analyzer:us-east-1:123456789012:analyzer/ext", Type: "ACCOUNT", Status: "ACTIVE"},
			{Name: "unused", ARN: "arn:aws:access-analyzer:us-east-1:123456789012:analyzer/unused", Type: "ACCOUNT_UNUSED_ACCESS", Status: "ACTIVE"},
		},
	}
	if !reflect.DeepEqual(snap.AccessAnalyzers.ByRegion, want) {
		t.Errorf("analyzers = %s\nwant %s", jsonOf(snap.AccessAnalyzers.ByRegion), jsonOf(want))
	}
	wantCalls(t, srv, "one ListRegions and one ListAnalyzers per enabled region", map[string]int{"ListRegions": 1, "ListAnalyzers": 3})
}

func TestListRegionsDeniedIsGap(t *testing.T) {
	snap, srv := collectFrom(t, analyzerTestAccount(), fakeaws.Fault{Action: "ListRegions", Code: "AccessDeniedException"})
	if snap.Regions != nil || snap.AccessAnalyzers != nil {
		t.Fatalf("regions %+v, analyzers %+v: want both absent", snap.Regions, snap.AccessAnalyzers)
	}
	assertGaps(t, snap, []audit.Gap{
		{Evidence: audit.EvidenceAccessAnalyzers, Operation: "ListAnalyzers"},
		{Evidence: audit.EvidenceRegions, Operation: "ListRegions", Code: "AccessDeniedException"},
	})
	wantCalls(t, srv, "no region list, no ListAnalyzers", map[string]int{"ListAnalyzers": 0})
	if snap.Authorization == nil || snap.CredentialReport == nil {
		t.Error("IAM evidence lost to an unrelated ListRegions failure")
	}
}

func TestListAnalyzersFailingInOneRegion(t *testing.T) {
	snap, _ := collectFrom(t, analyzerTestAccount(), fakeaws.Fault{Action: "ListAnalyzers", Region: "af-south-1", Code: "AccessDeniedException", Message: "explicit deny in an SCP"})
	assertGaps(t, snap, []audit.Gap{{Evidence: audit.EvidenceAccessAnalyzers, Operation: "ListAnalyzers", Code: "AccessDeniedException"}})
	if msg := snap.Gaps[0].Message; msg != "af-south-1: explicit deny in an SCP" {
		t.Errorf("gap message = %q, want it to name the region", msg)
	}
	if _, ok := snap.AccessAnalyzers.Listed("af-south-1"); ok {
		t.Error("the failed region must be absent from ByRegion")
	}
	if as, ok := snap.AccessAnalyzers.Listed("us-east-1"); !ok || len(as) != 2 {
		t.Errorf("us-east-1 = %+v, %v", as, ok)
	}
	if as, ok := snap.AccessAnalyzers.Listed("eu-west-1"); !ok || len(as) != 0 {
		t.Errorf("eu-west-1 = %+v, %v", as, ok)
	}
}

func TestAnalyzersThrottlingRetried(t *testing.T) {
	snap, srv := collectFrom(t, analyzerTestAccount(),
		fakeaws.Fault{Action: "ListAnalyzers", Region: "eu-west-1", Code: "ThrottlingException", Times: 1},
		fakeaws.Fault{Action: "ListRegions", Code: "TooManyRequestsException", Times: 1},
	)
	if len(snap.Gaps) != 0 {
		t.Fatalf("gaps = %v: throttling must be retried", snap.Gaps)
	}
	wantCalls(t, srv, "one retry each", map[string]int{"ListRegions": 2, "ListAnalyzers": 4})
}

// TestAnalyzersWithConcurrencyOne checks that listing regions from inside
// the bounded group cannot deadlock when the bound is one task.
func TestAnalyzersWithConcurrencyOne(t *testing.T) {
	isolateEnv(t)
	opts := testOptions(startFake(t, analyzerTestAccount()))
	opts.Concurrency = 1
	snap := runCollect(t, opts)
	if len(snap.Gaps) != 0 || len(snap.AccessAnalyzers.ByRegion) != 3 {
		t.Fatalf("gaps %v, analyzers %v", snap.Gaps, snap.AccessAnalyzers)
	}
}

func TestAnalyzersLoggedWithService(t *testing.T) {
	isolateEnv(t)
	opts := testOptions(startFake(t, analyzerTestAccount()))
	var buf bytes.Buffer
	opts.Logger = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	runCollect(t, opts)
	for _, want := range []string{"service=Account operation=ListRegions", "service=AccessAnalyzer operation=ListAnalyzers"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("debug log lacks %q:\n%s", want, buf.String())
		}
	}
}
