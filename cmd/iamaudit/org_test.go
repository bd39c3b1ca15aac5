package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/internal/fakeaws"
	"github.com/iamaudit/iamaudit/internal/shard"
	"github.com/iamaudit/iamaudit/result"
)

// orgReport is the part of a JSON report the organization tests compare.
type orgReport struct {
	Meta struct {
		AccountID string `json:"account_id"`
		Shard     string `json:"shard"`
		Accounts  []struct {
			ID, Name, Error string
		} `json:"accounts"`
	} `json:"meta"`
	Score    json.RawMessage   `json:"score"`
	Accounts []json.RawMessage `json:"accounts"`
	Results  []json.RawMessage `json:"results"`
	Controls json.RawMessage   `json:"controls"`
	// Admins is the per-account administrator inventories.
	Admins []result.AdminInventory `json:"admins"`
}

func readOrgReport(t *testing.T, path string) (orgReport, []map[string]any) {
	t.Helper()
	var r orgReport
	readJSONFile(t, path, &r)
	var res []map[string]any
	for _, raw := range r.Results {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		res = append(res, m)
	}
	return r, res
}

// testOrg is an organization of four members: three whose
// OrganizationAccountAccessRole trusts the management account, and one
// (member-004) without that role, so it cannot be audited.
func testOrg(t *testing.T, change ...func(*fakeaws.OrgFixture)) (*fakeaws.Server, *fakeaws.Account, *fakeaws.OrgFixture) {
	t.Helper()
	mgmt, org := fakeaws.GenerateOrganization(4, 6, 300)
	for _, c := range change {
		c(org)
	}
	mgmt.CredentialReport.InProgressPolls = 0
	for i := range org.Members {
		org.Members[i].Account.CredentialReport.InProgressPolls = 0
	}
	broken := org.Members[3].Account
	broken.Roles = slices.DeleteFunc(broken.Roles, func(r fakeaws.Role) bool { return r.Name == "OrganizationAccountAccessRole" })
	org.PageSize = 2 // ListAccounts pages
	srv, err := fakeaws.NewOrganization(mgmt, org)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv, mgmt, org
}

func scanOrg(t *testing.T, srv *fakeaws.Server, out string, args ...string) (int, string) {
	t.Helper()
	code, _, stderr := runCLI(t, append([]string{"scan", "--endpoint-url", srv.URL(), "--requests-per-second", "0", "-o", "json=" + out}, args...)...)
	if code != exitFindings && code != exitIncomplete {
		t.Fatalf("scan %v: exit %d; stderr:\n%s", args, code, stderr)
	}
	return code, stderr
}

// TestOrgScanIsolatesUnassumableAccount: every ACTIVE account is audited,
// every result carries its account's ID and name, and the account whose
// role cannot be assumed gets only UNKNOWN results saying why, while the
// other accounts' results are exactly those of a run without it.
func TestOrgScanIsolatesUnassumableAccount(t *testing.T) {
	isolateAWS(t)
	srv, mgmt, org := testOrg(t)
	dir := t.TempDir()
	orgPath := filepath.Join(dir, "org.json")
	_, stderr := scanOrg(t, srv, orgPath, "--org", "--parallel", "3")
	broken := org.Members[3].Account.AccountID
	if !strings.Contains(stderr, "account "+broken+" not audited") || !strings.Contains(stderr, "AccessDenied") {
		t.Errorf("stderr does not say why %s was not audited:\n%s", broken, stderr)
	}
	rep, results := readOrgReport(t, orgPath)
	names := map[string]string{mgmt.AccountID: "management"}
	for _, m := range org.Members {
		names[m.Account.AccountID] = m.Name
	}
	if len(rep.Meta.Accounts) != 5 || len(rep.Accounts) != 5 {
		t.Fatalf("meta lists %d accounts, ranking %d; want 5", len(rep.Meta.Accounts), len(rep.Accounts))
	}
	perAccount := map[string]int{}
	for _, r := range results {
		id, _ := r["account_id"].(string)
		perAccount[id]++
		if name := names[id]; name == "" || r["account_name"] != name {
			t.Fatalf("result %v: account %q name %v, want %q", r["finding_id"], id, r["account_name"], name)
		}
		if id == broken {
			if r["status"] != "UNKNOWN" || !strings.Contains(r["reason"].(string), "AccessDenied") || r["resource"] != "AWS::::Account:"+broken {
				t.Errorf("unassumable account's result: %v", r)
			}
		}
	}
	for id := range names {
		if perAccount[id] == 0 {
			t.Errorf("no result for account %s", id)
		}
	}
	// The ranking puts the account that could not be audited first.
	var first struct{ ID, Error string }
	_ = json.Unmarshal(rep.Accounts[0], &first)
	if first.ID != broken || !strings.Contains(first.Error, "AccessDenied") {
		t.Errorf("ranking starts with %+v, want %s with its error", first, broken)
	}

	// One administrator inventory per account, in account order; the
	// account that could not be audited is not assessed, and says why.
	if len(rep.Admins) != 5 {
		t.Fatalf("%d administrator inventories, want 5", len(rep.Admins))
	}
	for i, inv := range rep.Admins {
		if i > 0 && inv.AccountID <= rep.Admins[i-1].AccountID || inv.AccountName != names[inv.AccountID] {
			t.Errorf("inventory %d: account %s (%s), out of order or misnamed", i, inv.AccountID, inv.AccountName)
		}
		if broken := inv.AccountID == broken; broken != strings.Contains(inv.Unknown, "AccessDenied") || broken && len(inv.Principals) > 0 {
			t.Errorf("inventory of %s: unknown %q, %d principals", inv.AccountID, inv.Unknown, len(inv.Principals))
		}
	}

	// The same accounts without the broken one: their results are unchanged.
	var healthy []string
	for id := range names {
		if id != broken {
			healthy = append(healthy, id)
		}
	}
	alonePath := filepath.Join(dir, "alone.json")
	scanOrg(t, srv, alonePath, "--accounts", strings.Join(healthy, ","), "--parallel", "1")
	_, alone := readOrgReport(t, alonePath)
	var orgHealthy []map[string]any
	for _, r := range results {
		if r["account_id"] != broken {
			delete(r, "account_name") // --accounts knows no names
			orgHealthy = append(orgHealthy, r)
		}
	}
	if len(orgHealthy) != len(alone) {
		t.Fatalf("the unassumable account altered the others' results: %d vs %d", len(orgHealthy), len(alone))
	}
	for i := range alone {
		if a, b := fmt.Sprint(orgHealthy[i]), fmt.Sprint(alone[i]); a != b {
			t.Fatalf("the unassumable account altered the others' results:\n%s\n%s", a, b)
		}
	}
}

// TestShardsMergeToTheOrgReport: for N = 1..4, the shards partition the
// accounts and their merge equals the unsharded report result for result,
// score, ranking and controls alike.
func TestShardsMergeToTheOrgReport(t *testing.T) {
	isolateAWS(t)
	srv, _, _ := testOrg(t)
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.json")
	scanOrg(t, srv, whole, "--org", "--framework", "cis-aws-3.0")
	want, _ := readOrgReport(t, whole)
	for n := 1; n <= 4; n++ {
		var shards []string
		seen := map[string]int{}
		for i := 0; i < n; i++ {
			p := filepath.Join(dir, fmt.Sprintf("shard-%d-of-%d.json", i, n))
			scanOrg(t, srv, p, "--org", "--framework", "cis-aws-3.0", "--shard", fmt.Sprintf("%d/%d", i, n))
			r, _ := readOrgReport(t, p)
			for _, a := range r.Meta.Accounts {
				seen[a.ID]++
				if shard.Of(a.ID, n) != i {
					t.Errorf("account %s in shard %d/%d, shard.Of says %d", a.ID, i, n, shard.Of(a.ID, n))
				}
			}
			shards = append(shards, p)
		}
		for _, a := range want.Meta.Accounts {
			if seen[a.ID] != 1 {
				t.Errorf("N=%d: account %s in %d shards", n, a.ID, seen[a.ID])
			}
		}
		merged := filepath.Join(dir, fmt.Sprintf("merged-%d.json", n))
		if code, _, stderr := runCLI(t, append([]string{"merge", "-o", merged}, shards...)...); code != exitClean {
			t.Fatalf("merge N=%d: exit %d: %s", n, code, stderr)
		}
		got, _ := readOrgReport(t, merged)
		if !slices.EqualFunc(got.Results, want.Results, func(a, b json.RawMessage) bool { return string(a) == string(b) }) {
			t.Errorf("N=%d: merged results differ from the unsharded run (%d vs %d)", n, len(got.Results), len(want.Results))
		}
		if string(got.Score) != string(want.Score) {
			t.Errorf("N=%d: merged score differs from the unsharded run", n)
		}
		if fmt.Sprint(got.Accounts) != fmt.Sprint(want.Accounts) {
			t.Errorf("N=%d: merged ranking differs from the unsharded run:\n%s\n%s", n, got.Accounts, want.Accounts)
		}
		if string(got.Controls) != string(want.Controls) {
			t.Errorf("N=%d: merged controls differ from the unsharded run:\n%s\n%s", n, got.Controls, want.Controls)
		}
	}
}

// TestMergeRefusesInconsistentShards: overlapping, duplicated, missing and
// foreign shards are refused with a sentence naming the problem.
func TestMergeRefusesInconsistentShards(t *testing.T) {
	isolateAWS(t)
	srv, _, _ := testOrg(t)
	dir := t.TempDir()
	s0, s1, whole := filepath.Join(dir, "s0.json"), filepath.Join(dir, "s1.json"), filepath.Join(dir, "whole.json")
	scanOrg(t, srv, s0, "--org", "--shard", "0/2")
	scanOrg(t, srv, s1, "--org", "--shard", "1/2")
	scanOrg(t, srv, whole, "--org")
	data, _ := os.ReadFile(s1)
	otherCatalog := filepath.Join(dir, "catalog.json")
	os.WriteFile(otherCatalog, []byte(strings.Replace(string(data), `"rule_catalog_version": "sha256:`, `"rule_catalog_version": "sha256:0`, 1)), 0o600)
	v1 := filepath.Join(dir, "v1.json")
	os.WriteFile(v1, []byte(strings.Replace(string(data), `"report_schema_version": 2`, `"report_schema_version": 1`, 1)), 0o600)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{s0, s0}, "are both shard 0/2"},
		{[]string{s0}, "shard 1/2 missing"},
		{[]string{s0, whole}, "is a shard and"},
		{[]string{s0, otherCatalog}, "rule catalog"},
		{[]string{s0, v1}, "report_schema_version 1"},
		{[]string{whole, whole}, "is in both"},
	} {
		code, _, stderr := runCLI(t, append([]string{"merge", "-o", filepath.Join(dir, "out.json")}, tc.args...)...)
		if code != exitError || !strings.Contains(stderr, tc.want) {
			t.Errorf("merge %v: exit %d, stderr %q; want exit 3 saying %q", tc.args, code, stderr, tc.want)
		}
	}
	// The shards' administrator inventories merge into the whole run's.
	merged := filepath.Join(dir, "merged.json")
	if code, _, stderr := runCLI(t, "merge", "-o", merged, s1, s0); code != exitClean {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	got, _ := readOrgReport(t, merged)
	want, _ := readOrgReport(t, whole)
	if len(want.Admins) != 5 || fmt.Sprint(got.Admins) != fmt.Sprint(want.Admins) {
		t.Errorf("merged inventories differ from the whole run's:\n%+v\n%+v", got.Admins, want.Admins)
	}
}

func TestOrgFlagsValidated(t *testing.T) {
	isolateAWS(t)
	list := filepath.Join(t.TempDir(), "accounts.txt")
	os.WriteFile(list, []byte("111111111111 # prod\n\n22222222222x\n"), 0o600)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--shard", "0/2"}, "--shard needs --org"},
		{[]string{"--org", "--accounts", "111111111111"}, "give one"},
		{[]string{"--org", "--shard", "2/2"}, "--shard"},
		{[]string{"--org", "--parallel", "0"}, "--parallel"},
		{[]string{"--accounts", "12345"}, "not an AWS account ID"},
		{[]string{"--accounts", "@" + list}, `"22222222222x" is not an AWS account ID`},
		{[]string{"--role-arn", "arn:aws:s3:::bucket"}, "not an IAM role ARN"},
		{[]string{"--org", "--role-name", "bad name"}, "--role-name"},
		{[]string{"--org", "--from", "x.json"}, "--from"},
	} {
		code, _, stderr := runCLI(t, append([]string{"scan", "--endpoint-url", "http://127.0.0.1:1"}, tc.args...)...)
		if code != exitError || !strings.Contains(stderr, tc.want) {
			t.Errorf("scan %v: exit %d, stderr %q; want exit 3 saying %q", tc.args, code, stderr, tc.want)
		}
	}
}

// TestOrgScanIsolatesThrottledAccount: an account whose STS keeps
// throttling is reported UNKNOWN with the reason after its retries, and a
// suspended account is not audited at all; the others are audited whole.
func TestOrgScanIsolatesThrottledAccount(t *testing.T) {
	isolateAWS(t)
	srv, mgmt, org := testOrg(t, func(o *fakeaws.OrgFixture) {
		o.Members[0].Account.Faults = []fakeaws.Fault{{Action: "GetCallerIdentity", Code: "Throttling"}}
		o.Members[1].State = "SUSPENDED"
	})
	out := filepath.Join(t.TempDir(), "org.json")
	_, stderr := scanOrg(t, srv, out, "--org", "--max-attempts", "2")
	throttled, suspended := org.Members[0].Account.AccountID, org.Members[1].Account.AccountID
	rep, results := readOrgReport(t, out)
	var ids []string
	for _, a := range rep.Meta.Accounts {
		ids = append(ids, a.ID)
		if a.ID == throttled && !strings.Contains(a.Error, "throttl") {
			t.Errorf("throttled account's error %q", a.Error)
		}
	}
	want := []string{mgmt.AccountID, throttled, org.Members[2].Account.AccountID, org.Members[3].Account.AccountID}
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Errorf("audited %v, want %v (the suspended %s left out)", ids, want, suspended)
	}
	statuses := map[string]map[string]bool{}
	for _, r := range results {
		id := r["account_id"].(string)
		if statuses[id] == nil {
			statuses[id] = map[string]bool{}
		}
		statuses[id][r["status"].(string)] = true
	}
	if len(statuses[throttled]) != 1 || !statuses[throttled]["UNKNOWN"] {
		t.Errorf("throttled account's statuses %v, want only UNKNOWN", statuses[throttled])
	}
	if !statuses[mgmt.AccountID]["FAIL"] || !statuses[mgmt.AccountID]["PASS"] {
		t.Errorf("the management account was not audited whole: %v; stderr:\n%s", statuses[mgmt.AccountID], stderr)
	}
}

// TestOrgScanExternalID: --external-id reaches STS (with a custom session name):
// a member whose roles require an external ID is audited only with it.
func TestOrgScanExternalID(t *testing.T) {
	isolateAWS(t)
	srv, _, org := testOrg(t, func(o *fakeaws.OrgFixture) { o.Members[1].ExternalID = "ext-42" })
	member := org.Members[1].Account.AccountID
	dir := t.TempDir()
	for _, tc := range []struct {
		args    []string
		audited bool
	}{
		{nil, false},
		{[]string{"--external-id", "ext-42", "--role-session-name", "audit-run"}, true},
	} {
		out := filepath.Join(dir, "org.json")
		scanOrg(t, srv, out, append([]string{"--accounts", member}, tc.args...)...)
		rep, _ := readOrgReport(t, out)
		if len(rep.Meta.Accounts) != 1 || (rep.Meta.Accounts[0].Error == "") != tc.audited {
			t.Errorf("%v: accounts %+v, audited want %v", tc.args, rep.Meta.Accounts, tc.audited)
		}
	}
}
