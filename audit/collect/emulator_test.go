package collect_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/internal/fakeaws"
)

func policyARNs(ad *audit.AuthorizationDetails) []string {
	var arns []string
	for _, p := range ad.Policies {
		arns = append(arns, p.ARN)
	}
	return arns
}

// TestEmulatorAuthorizationDetails: an emulator that ignores the Filter
// (listing its whole AWS-managed catalog), leaves out PolicyVersionList,
// RoleLastUsed, Tags and paging fields, and writes milliseconds or a
// +00:00 offset in timestamps, must yield
// the same authorization evidence as AWS minus what it really withheld.
// Before the fix the listed AWS-managed policies, without documents, were
// kept as they came: every attached one lost its document (rules said
// UNKNOWN), every unused one was kept, and customer policies had none.
func TestEmulatorAuthorizationDetails(t *testing.T) {
	isolateEnv(t)
	aws := runCollect(t, testOptions(startFake(t, baseAccount()))).Authorization
	for _, style := range []string{fakeaws.TimestampMillis, fakeaws.TimestampOffset} {
		t.Run(style, func(t *testing.T) {
			acct := baseAccount()
			acct.RawPolicyDocuments = true
			acct.Emulator = fakeaws.Emulator{
				IgnoreAuthzFilter: true, NoPaging: true, OmitPolicyVersionList: true,
				OmitRoleLastUsed: true, OmitTags: true, TimestampStyle: style,
			}
			srv := startFake(t, acct)
			snap := runCollect(t, testOptions(srv))
			assertGaps(t, snap, []audit.Gap{})

			// What the emulator really withheld: role last use, tags, and
			// the non-default versions of the customer policy (only the
			// default, v1, is fetched).
			var want audit.AuthorizationDetails
			if err := json.Unmarshal([]byte(jsonOf(aws)), &want); err != nil {
				t.Fatal(err)
			}
			want.Roles[0].LastUsedDate, want.Roles[0].LastUsedRegion = nil, ""
			want.Users[0].Tags = nil
			want.Policies[0].Versions = want.Policies[0].Versions[:1]
			if got := snap.Authorization; jsonOf(got) != jsonOf(want) {
				t.Fatalf("authorization =\n%s\nwant\n%s", jsonOf(got), jsonOf(want))
			}
			// The unused AWS-managed policies of the catalog are gone; the
			// used ones were fetched like on AWS, and the customer default
			// version too.
			if want := []string{arnCustom, arnCloudShell, arnSupport, arnAdmin}; !reflect.DeepEqual(policyARNs(snap.Authorization), want) {
				t.Fatalf("policies %q, want %q", policyARNs(snap.Authorization), want)
			}
			wantCalls(t, srv, "policies fetched", map[string]int{"GetPolicy": 3, "GetPolicyVersion": 4})
		})
	}
}

// TestEmulatorListedAWSManagedPolicies: AWS-managed policies listed despite
// the Filter, with their versions, are used when attached (no extra calls)
// and dropped when not: the snapshot holds only policies in use.
func TestEmulatorListedAWSManagedPolicies(t *testing.T) {
	acct := baseAccount()
	acct.Emulator = fakeaws.Emulator{IgnoreAuthzFilter: true}
	snap, srv := collectFrom(t, acct)
	assertGaps(t, snap, []audit.Gap{})
	if want := []string{arnCustom, arnCloudShell, arnSupport, arnAdmin}; !reflect.DeepEqual(policyARNs(snap.Authorization), want) {
		t.Fatalf("policies %q, want %q", policyARNs(snap.Authorization), want)
	}
	for _, p := range snap.Authorization.Policies[1:] {
		doc, ok := p.DefaultDocument()
		if !p.AWSManaged || !ok || doc == "" {
			t.Errorf("%s: aws managed %v, default document %v", p.ARN, p.AWSManaged, ok)
		}
	}
	wantCalls(t, srv, "policies already listed", map[string]int{"GetPolicy": 0, "GetPolicyVersion": 0})
}

// TestEmulatorCustomerPolicyVersionDenied: when the default version of a
// customer policy listed without versions cannot be fetched, the policy
// stays (rules report it UNKNOWN) and a gap names it.
func TestEmulatorCustomerPolicyVersionDenied(t *testing.T) {
	acct := baseAccount()
	acct.Emulator = fakeaws.Emulator{OmitPolicyVersionList: true}
	// Customer policies are completed before AWS-managed ones are fetched.
	snap, _ := collectFrom(t, acct, fakeaws.Fault{Action: "GetPolicyVersion", Code: "AccessDenied", Times: 1})
	assertGaps(t, snap, []audit.Gap{{Evidence: audit.EvidenceAuthorization, Operation: "GetPolicyVersion", Code: "AccessDenied"}})
	if snap.Gaps[0].Resource != arnCustom {
		t.Errorf("gap %+v does not name %s as its resource", snap.Gaps[0], arnCustom)
	}
	p := snap.Authorization.Policies[0]
	if _, ok := p.DefaultDocument(); p.ARN != arnCustom || ok || p.DefaultVersionID != "v1" {
		t.Fatalf("customer policy %+v", p)
	}
	if want := []string{arnCustom, arnCloudShell, arnSupport, arnAdmin}; !reflect.DeepEqual(policyARNs(snap.Authorization), want) {
		t.Fatalf("policies %q, want %q", policyARNs(snap.Authorization), want)
	}
}

// TestRepeatedMarkerIsAGap: an endpoint that keeps returning the same
// pagination marker must not hang the collection nor yield a partial list:
// the source becomes a gap and its rules UNKNOWN.
func TestRepeatedMarkerIsAGap(t *testing.T) {
	acct := baseAccount()
	acct.Emulator.EchoMarker = true
	snap, srv := collectFrom(t, acct)
	if snap.ServerCertificates != nil {
		t.Errorf("server certificates kept from a looping listing: %+v", snap.ServerCertificates)
	}
	gaps := snap.GapsFor(audit.EvidenceServerCertificates)
	if len(gaps) != 1 || gaps[0].Operation != "ListServerCertificates" || !strings.Contains(gaps[0].Message, `marker "fakeaws-stuck-marker" twice`) {
		t.Fatalf("gaps = %+v", gaps)
	}
	wantCalls(t, srv, "server certificates", map[string]int{"ListServerCertificates": 2})
	if snap.Authorization == nil || snap.CredentialReport == nil {
		t.Error("other evidence lost")
	}
}
