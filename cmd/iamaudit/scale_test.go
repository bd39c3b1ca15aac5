package main

import (
	"bytes"
	"os"
	"sort"
	"testing"

	"github.com/iamaudit/iamaudit/internal/fakeaws"
)

// paginated are the operations whose call count may grow with the account:
// one call per page of up to 1,000 items.
var paginated = map[string]bool{
	"GetAccountAuthorizationDetails": true,
	"ListVirtualMFADevices":          true,
	"ListServerCertificates":         true,
}

func scanCalls(t *testing.T, users int) map[string]int {
	t.Helper()
	srv := fakeaws.New(fakeaws.Generate(users, 7))
	defer srv.Close()
	code, _, stderr := runCLI(t, "scan", "--endpoint-url", srv.URL(), "--format", "json", "--requests-per-second", "0")
	if code != exitFindings && code != exitClean {
		t.Fatalf("%d users: exit %d; stderr:\n%s", users, code, stderr)
	}
	return srv.Calls()
}

// TestScanAPICallsDoNotGrowWithUsers: a full scan of 1,000 users makes the
// same calls as one of 10, except for extra pages of paginated operations.
func TestScanAPICallsDoNotGrowWithUsers(t *testing.T) {
	isolateAWS(t)
	small, large := scanCalls(t, 10), scanCalls(t, 1000)
	total := func(m map[string]int) (n int) {
		for _, v := range m {
			n += v
		}
		return n
	}
	ops := map[string]bool{}
	for op := range small {
		ops[op] = true
	}
	for op := range large {
		ops[op] = true
	}
	var names []string
	for op := range ops {
		names = append(names, op)
	}
	sort.Strings(names)
	for _, op := range names {
		s, l := small[op], large[op]
		t.Logf("%-32s 10 users: %3d   1000 users: %3d", op, s, l)
		switch {
		case paginated[op] && (l < s || l > s+1):
			// 1,000 more users (plus their groups, roles and policies) fit
			// in at most one more page of 1,000 items.
			t.Errorf("%s: %d calls for 1000 users vs %d for 10: more than one extra page", op, l, s)
		case !paginated[op] && s != l:
			t.Errorf("%s: %d calls for 1000 users vs %d for 10: not pagination", op, l, s)
		}
	}
	t.Logf("total API calls: 10 users %d, 1000 users %d", total(small), total(large))
	// Access Analyzer grows with regions, never with users: one ListRegions
	// and one ListAnalyzers per enabled region (the generated accounts
	// have the aws partition's 17 default regions).
	regions := len(fakeaws.DefaultRegions("aws"))
	for n, calls := range map[int]map[string]int{10: small, 1000: large} {
		if calls["ListRegions"] != 1 || calls["ListAnalyzers"] != regions {
			t.Errorf("%d users: ListRegions %d, ListAnalyzers %d; want 1 and %d (one per enabled region)",
				n, calls["ListRegions"], calls["ListAnalyzers"], regions)
		}
		// The account-level identity evidence costs one call each; the
		// generated accounts belong to no organization, so nothing is
		// listed beyond DescribeOrganization.
		for _, op := range accountIdentityOps {
			if calls[op] != 1 {
				t.Errorf("%d users: %s called %d times, want 1", n, op, calls[op])
			}
		}
	}
	// The whole budget: 36 calls (10 users) and 37 (1,000 users) before the
	// account-level identity evidence, 6 more with it.
	if total(small) != 42 || total(large) != 43 {
		t.Errorf("total API calls: 10 users %d, 1000 users %d; want 42 and 43", total(small), total(large))
	}
}

// accountIdentityOps are the calls behind the contact, federation and
// organization rules that every account makes once.
var accountIdentityOps = []string{
	"ListSAMLProviders", "ListOpenIDConnectProviders", "ListOrganizationsFeatures",
	"GetContactInformation", "GetAlternateContact", "DescribeOrganization",
}

// TestScanAPICallsOfManagementAccount: the management account also lists
// its delegated administrators (one page), its SCPs and RCPs (one page
// each) and each policy's targets (one call per policy: six in the
// fixture); a member account lists nothing beyond DescribeOrganization.
func TestScanAPICallsOfManagementAccount(t *testing.T) {
	for _, tc := range []struct {
		fixture string
		want    map[string]int
	}{
		{"org-management", map[string]int{"DescribeOrganization": 1, "ListDelegatedAdministrators": 1, "ListPolicies": 2, "ListTargetsForPolicy": 6}},
		{"org-member", map[string]int{"DescribeOrganization": 1, "ListDelegatedAdministrators": 0, "ListPolicies": 0, "ListTargetsForPolicy": 0}},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			isolateAWS(t)
			srv := startFake(t, "../../testdata/fixtures/"+tc.fixture+".yaml")
			if code, _, stderr := runCLI(t, "scan", "--endpoint-url", srv.URL(), "--format", "json", "--requests-per-second", "0", "--fail-on", "none"); code != exitClean {
				t.Fatalf("exit %d; stderr:\n%s", code, stderr)
			}
			calls := srv.Calls()
			for op, n := range tc.want {
				if calls[op] != n {
					t.Errorf("%s called %d times, want %d", op, calls[op], n)
				}
			}
		})
	}
}

// BenchmarkScan1000Users measures a whole scan (collection through the real
// SDK against the fake, evaluation, JSON report) of a 1,000-user account.
func BenchmarkScan1000Users(b *testing.B) {
	benchmarkScan(b, 1000)
}

func benchmarkScan(b *testing.B, users int) {
	srv := fakeaws.New(fakeaws.Generate(users, 7))
	defer srv.Close()
	env(b)
	for b.Loop() {
		var out bytes.Buffer
		if code := run(testContext(b), []string{"scan", "--endpoint-url", srv.URL(), "--requests-per-second", "0", "--format", "json", "--fail-on", "none"}, &out, os.Stderr); code != exitClean {
			b.Fatalf("exit %d", code)
		}
	}
}

// env gives a benchmark the same isolated AWS environment tests get.
func env(b *testing.B) {
	b.Helper()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"AWS_REGION": "us-east-1", "AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
		"AWS_EC2_METADATA_DISABLED": "true",
	} {
		b.Setenv(k, v)
	}
	setTestClock(b, fakeaws.GenerateNow)
}
