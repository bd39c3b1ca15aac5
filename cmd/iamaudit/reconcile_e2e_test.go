package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/internal/fakeaws"
	"github.com/iamaudit/iamaudit/rules"
)

// TestCraftedCredentialReportEndToEnd serves edited credential reports from
// the fake, live through the real SDK, over the hardened account (where every
// check passes): a report that disagrees with the account summary and the
// authorization details, or that is older than IAM's 4-hour cache, must not
// yield a PASS for what it cannot vouch for (issue 7, classes 1 and 2).
func TestCraftedCredentialReportEndToEnd(t *testing.T) {
	const fixture = "../../testdata/fixtures/hardened.yaml"
	base, err := fakeaws.LoadFixture(fixture)
	if err != nil {
		t.Fatal(err)
	}
	csv := string(fakeaws.CredentialReportCSV(base))
	lines := strings.Split(strings.TrimRight(csv, "\n"), "\n")
	header, rows := lines[0], lines[1:]
	var rootRow string
	var userRows []string
	for _, r := range rows {
		if strings.HasPrefix(r, "<root_account>,") {
			rootRow = r
		} else {
			userRows = append(userRows, r)
		}
	}
	if rootRow == "" || len(userRows) < 2 {
		t.Fatalf("hardened report has root row %q and %d user rows; the test needs both", rootRow, len(userRows))
	}
	firstUser := strings.SplitN(userRows[0], ",", 2)[0]
	// The first user's row as if it described an earlier user of that name.
	recreated := strings.Split(userRows[0], ",")
	recreated[2] = "2019-01-01T00:00:00+00:00"
	stale := fixtureNow.Add(-5 * time.Hour)
	reportBased := map[string]bool{}
	for _, r := range rules.All() {
		if slices.Contains(r.Evidence, audit.EvidenceCredentialReport) {
			reportBased[r.ID] = true
		}
	}

	for _, tc := range []struct {
		name    string
		csv     *string
		gen     *time.Time
		code    int
		unknown []string // "RULE RESOURCE-SUFFIX" that must be UNKNOWN
		pass    []string // and some that must still PASS
		header  string   // what the report's evidence gaps must say
	}{
		{name: "report without user rows", csv: ptr(header + "\n" + rootRow + "\n"), code: exitIncomplete,
			unknown: []string{"IAM-USER-CONSOLE-MFA :user/" + firstUser, "IAM-USER-KEY-ROTATION :user/" + firstUser},
			pass:    []string{"IAM-ROOT-RECENT-USE :root"}},
		{name: "report without the root row", csv: ptr(header + "\n" + strings.Join(userRows, "\n") + "\n"), code: exitIncomplete,
			unknown: []string{"IAM-ROOT-RECENT-USE :root"},
			pass:    []string{"IAM-ROOT-MFA :root", "IAM-USER-CONSOLE-MFA :user/" + firstUser}},
		{name: "row of a user recreated since", csv: ptr(header + "\n" + rootRow + "\n" + strings.Join(recreated, ",") + "\n" + strings.Join(userRows[1:], "\n") + "\n"),
			code:    exitIncomplete,
			unknown: []string{"IAM-USER-MFA :user/" + firstUser},
			pass:    []string{"IAM-ROOT-RECENT-USE :root"}},
		{name: "report older than 4 hours", gen: &stale, code: exitIncomplete,
			unknown: []string{"IAM-USER-MFA :user/" + firstUser, "IAM-ROOT-RECENT-USE :root"},
			pass:    []string{"IAM-ROOT-MFA :root", "IAM-PASSWORD-MIN-LENGTH"},
			header:  "credential_report: the credential report was generated 2026-11-01T07:00:00Z, 5h0m0s before the evidence was collected"},
		{name: "untouched report", code: exitClean,
			pass: []string{"IAM-USER-MFA :user/" + firstUser, "IAM-ROOT-RECENT-USE :root"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			isolateAWS(t)
			acct, err := fakeaws.LoadFixture(fixture)
			if err != nil {
				t.Fatal(err)
			}
			acct.CredentialReport.RawCSV = tc.csv
			acct.CredentialReport.GeneratedTime = tc.gen
			srv := fakeaws.New(acct)
			t.Cleanup(srv.Close)
			code, stdout, stderr := runCLI(t, "scan", "--endpoint-url", srv.URL(), "--format", "json")
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
			got := triples(t, stdout)
			if tc.header != "" && !strings.Contains(stdout, tc.header) {
				t.Errorf("the report's evidence gaps do not say %q", tc.header)
			}
			find := func(want, status string) {
				parts := strings.SplitN(want, " ", 2)
				for _, g := range got {
					f := strings.Fields(g)
					if f[0] == parts[0] && (len(parts) == 1 || strings.HasSuffix(f[1], parts[1])) {
						if f[2] != status {
							t.Errorf("%s is %s, want %s", g, f[2], status)
						}
						return
					}
				}
				t.Errorf("no result for %s", want)
			}
			for _, u := range tc.unknown {
				find(u, "UNKNOWN")
			}
			for _, p := range tc.pass {
				find(p, "PASS")
			}
			// No verdict read from the report passes for the user it cannot vouch for.
			for _, g := range got {
				f := strings.Fields(g)
				if tc.code != exitClean && tc.name != "report without the root row" && reportBased[f[0]] &&
					strings.HasSuffix(f[1], ":user/"+firstUser) && f[2] == "PASS" {
					t.Errorf("%s: a report-based verdict passed on evidence that cannot vouch for it", g)
				}
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
