package collect_test

import (
	"context"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/audit/collect"
	"github.com/iamaudit/iamaudit/internal/fakeaws"
)

// paginated are the operations whose call count may grow with the account.
var paginated = map[string]bool{
	"GetAccountAuthorizationDetails": true,
	"ListVirtualMFADevices":          true,
	"ListServerCertificates":         true,
}

func pages(items int) int {
	const pageSize = 1000 // the collector's MaxItems
	if items == 0 {
		return 1 // an empty listing still costs one call
	}
	return (items + pageSize - 1) / pageSize
}

// expectedCalls is the collector's call budget for acct, derived from the
// account's shape: fixed calls, pages of the paginated listings, and one
// GetPolicy + GetPolicyVersion per distinct AWS-managed policy attached.
func expectedCalls(acct *fakeaws.Account) map[string]int {
	virtual := len(acct.UnassignedVirtualMFADevices)
	if acct.Root.MFA == fakeaws.MFAVirtual || acct.Root.MFA == fakeaws.MFAVirtualHardware {
		virtual++
	}
	managed := map[string]bool{}
	note := func(arns []string) {
		for _, a := range arns {
			if strings.Contains(a, ":iam::aws:policy/") {
				managed[a] = true
			}
		}
	}
	for _, u := range acct.Users {
		for _, m := range u.MFADevices {
			if m.Type == fakeaws.MFAVirtual {
				virtual++
			}
		}
		note(u.AttachedPolicies)
	}
	for _, g := range acct.Groups {
		note(g.AttachedPolicies)
	}
	for _, r := range acct.Roles {
		note(r.AttachedPolicies)
	}
	generate := 2 + acct.CredentialReport.InProgressPolls // STARTED, INPROGRESS..., COMPLETE
	if acct.CredentialReport.Exists && !acct.CredentialReport.Expired {
		generate = 1 // COMPLETE at once
	}
	return map[string]int{
		"GetCallerIdentity":              1,
		"GenerateCredentialReport":       generate,
		"GetCredentialReport":            1,
		"GetAccountSummary":              1,
		"GetAccountPasswordPolicy":       1,
		"ListVirtualMFADevices":          pages(virtual),
		"GetAccountAuthorizationDetails": pages(len(acct.Users) + len(acct.Groups) + len(acct.Roles) + len(acct.Policies)),
		"GetPolicy":                      len(managed),
		"GetPolicyVersion":               len(managed),
		"ListServerCertificates":         pages(len(acct.ServerCertificates)),
		// One regions page and one ListAnalyzers per enabled region: the
		// count grows with regions, not with users.
		"ListRegions":   1,
		"ListAnalyzers": enabledRegions(acct),
		// Account-level identity evidence: one call each; the generated
		// accounts belong to no organization, so nothing more is listed.
		"ListSAMLProviders": 1, "ListOpenIDConnectProviders": 1, "ListOrganizationsFeatures": 1,
		"GetContactInformation": 1, "GetAlternateContact": 1, "DescribeOrganization": 1,
	}
}

// enabledRegions counts the regions ListRegions reports as enabled.
func enabledRegions(acct *fakeaws.Account) int {
	rs := acct.Regions
	if rs == nil {
		rs = fakeaws.DefaultRegions(acct.Partition)
	}
	n := 0
	for _, r := range rs {
		if r.Status == fakeaws.RegionEnabled || r.Status == fakeaws.RegionEnabledByDefault {
			n++
		}
	}
	return n
}

func TestAPICallsDoNotScaleWithUsers(t *testing.T) {
	isolateEnv(t)
	calls := map[int]map[string]int{}
	totals := map[int]int{}
	for _, n := range []int{10, 1000} {
		acct := fakeaws.Generate(n, 7)
		srv := startFake(t, acct)
		snap := runCollect(t, testOptions(srv))
		if len(snap.Gaps) != 0 {
			t.Fatalf("%d users: gaps %v", n, snap.Gaps)
		}
		if got := len(snap.Authorization.Users); got != n {
			t.Fatalf("%d users: collected %d", n, got)
		}
		if got := len(snap.CredentialReport.Users()); got != n {
			t.Fatalf("%d users: report has %d user rows", n, got)
		}
		calls[n], totals[n] = srv.Calls(), srv.TotalCalls()
		want := expectedCalls(acct)
		for op, w := range want {
			if calls[n][op] != w {
				t.Errorf("%d users: %s called %d times, want %d", n, op, calls[n][op], w)
			}
		}
		for op, c := range calls[n] {
			if _, ok := want[op]; !ok {
				t.Errorf("%d users: unexpected operation %s called %d times", n, op, c)
			}
		}
	}
	t.Logf("API calls: %d users -> %d calls %v", 10, totals[10], calls[10])
	t.Logf("API calls: %d users -> %d calls %v", 1000, totals[1000], calls[1000])
	for op := range paginated {
		calls[10][op], calls[1000][op] = 0, 0
	}
	for op, c := range calls[1000] {
		if calls[10][op] != c {
			t.Errorf("non-paginated %s: %d calls for 10 users, %d for 1000", op, calls[10][op], c)
		}
	}
	// 1000 users + groups + roles + policies exceed one 1000-item page.
	if totals[1000]-totals[10] != 1 {
		t.Errorf("1000 users cost %d more calls than 10, want exactly 1 (a second authorization page)", totals[1000]-totals[10])
	}
}

func BenchmarkCollect1000Users(b *testing.B) {
	isolateEnv(b)
	srv := startFake(b, fakeaws.Generate(1000, 7))
	opts := testOptions(srv)
	ctx := context.Background()
	cfg, err := collect.LoadAWSConfig(ctx, opts)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		snap, err := collect.Collect(ctx, cfg, opts)
		if err != nil || len(snap.Gaps) != 0 {
			b.Fatalf("Collect: %v, gaps %v", err, snap.Gaps)
		}
	}
	b.ReportMetric(float64(srv.TotalCalls())/float64(b.N), "calls/op")
}
