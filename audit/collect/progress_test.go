package collect_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/audit/collect"
)

// TestProgressSteps: the Progress callback hears every source start and
// finish (in that order), each listing's pages with their running item
// count, and every region's analyzer listing; it changes nothing in the
// snapshot.
func TestProgressSteps(t *testing.T) {
	isolateEnv(t)
	acct := loadFixture(t, "small")
	srv := startFake(t, acct)
	var steps []collect.Progress
	opts := testOptions(srv)
	opts.Progress = func(p collect.Progress) { steps = append(steps, p) }
	snap := runCollect(t, opts)
	plain := runCollect(t, testOptions(srv))
	a, _ := json.Marshal(snap)
	b, _ := json.Marshal(plain)
	if string(a) != string(b) {
		t.Error("the snapshot collected with a Progress callback differs from the one without")
	}

	state := map[audit.Evidence]string{}
	var analyzerRegions []string
	for _, p := range steps {
		switch p.State {
		case collect.StageStarted:
			if state[p.Stage] != "" {
				t.Errorf("%s started twice, or after %s", p.Stage, state[p.Stage])
			}
			state[p.Stage] = "started"
		case collect.StageDone:
			if state[p.Stage] != "started" {
				t.Errorf("%s done before it started", p.Stage)
			}
			state[p.Stage] = "done"
		case collect.StagePage:
			if p.Stage == audit.EvidenceAccessAnalyzers {
				analyzerRegions = append(analyzerRegions, p.Detail)
			}
		}
	}
	for _, ev := range []audit.Evidence{audit.EvidenceAccountSummary, audit.EvidenceCredentialReport, audit.EvidencePasswordPolicy,
		audit.EvidenceVirtualMFADevices, audit.EvidenceAuthorization, audit.EvidenceServerCertificates, audit.EvidenceRegions} {
		if state[ev] != "done" {
			t.Errorf("%s: %q, want done", ev, state[ev])
		}
	}
	ad := snap.Authorization
	wantItems := len(ad.Users) + len(ad.Groups) + len(ad.Roles)
	for _, p := range ad.Policies {
		if !p.AWSManaged {
			wantItems++ // the AWS-managed ones are fetched one by one, after the listing
		}
	}
	if i := slices.IndexFunc(steps, func(p collect.Progress) bool {
		return p.Stage == audit.EvidenceAuthorization && p.State == collect.StagePage
	}); i < 0 || steps[i].Pages != 1 || steps[i].Items != wantItems {
		t.Errorf("authorization page step %v, want page 1 with %d items (users, groups, roles, customer policies)", fmt.Sprint(steps[max(i, 0)]), wantItems)
	}
	slices.Sort(analyzerRegions)
	if !slices.Equal(analyzerRegions, snap.Regions.Enabled) {
		t.Errorf("analyzer listings reported for %v, enabled regions %v", analyzerRegions, snap.Regions.Enabled)
	}
}
