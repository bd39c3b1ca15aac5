package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/iamaudit/iamaudit/result"
)

func orgFixture() *Report {
	meta := result.Meta{
		ToolVersion: "test", AccountID: "111111111111", Partition: "aws", CallerARN: "arn:aws:iam::111111111111:role/audit",
		CollectedAt: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC),
		Accounts: []result.Account{
			{ID: "111111111111", Name: "management"},
			{ID: "222222222222", Name: "prod-payments"},
			{ID: "333333333333", Name: "dev-sandbox", Error: "AccessDenied: not authorized"},
		},
	}
	res := func(acct, rule string, sev result.Severity, st result.Status, user string) result.Result {
		return result.Result{RuleID: rule, AccountID: acct, Severity: sev, Status: st,
			ResourceType: "AWS::IAM::User", Resource: "arn:aws:iam::" + acct + ":user/" + user, ResourceName: user, Reason: "because"}
	}
	rs := []result.Result{
		res("111111111111", "R-HIGH", result.High, result.Pass, "alice"),
		res("111111111111", "R-LOW", result.Low, result.Fail, "alice"),
		res("222222222222", "R-HIGH", result.High, result.Fail, "bob"),
		res("222222222222", "R-LOW", result.Low, result.Pass, "bob"),
		{RuleID: "R-HIGH", AccountID: "333333333333", Severity: result.High, Status: result.Unknown,
			ResourceType: "AWS::::Account", Resource: "AWS::::Account:333333333333", ResourceName: "333333333333", Reason: "the account could not be audited"},
	}
	infos := []result.RuleInfo{{ID: "R-HIGH", Title: "R-HIGH", Severity: result.High}, {ID: "R-LOW", Title: "R-LOW", Severity: result.Low}}
	return New(meta, infos, rs, nil)
}

// TestAccountRanking: accounts that could not be audited first, then by
// score ascending; each scored over its own results; the organization's
// score pools every result.
func TestAccountRanking(t *testing.T) {
	r := orgFixture()
	var order []string
	for _, a := range r.Accounts {
		order = append(order, a.ID)
	}
	if got := strings.Join(order, " "); got != "333333333333 222222222222 111111111111" {
		t.Fatalf("ranking %s", got)
	}
	// 222: HIGH failed (5) vs LOW passed (1): 1/6 = 16.6; 111: 5/6 = 83.3.
	if v := r.Accounts[1].Score.Value; v != 16.6 {
		t.Errorf("222222222222 score %v, want 16.6", v)
	}
	if v := r.Accounts[2].Score.Value; v != 83.3 {
		t.Errorf("111111111111 score %v, want 83.3", v)
	}
	if r.Accounts[0].Score.Applicable || r.Accounts[0].Score.Complete {
		t.Errorf("unaudited account scored %+v", r.Accounts[0].Score)
	}
	// Pooled: passed 5+1, failed 1+5 -> 50.0, incomplete.
	if r.Score.Value != 50 || r.Score.Complete {
		t.Errorf("organization score %+v, want 50.0 incomplete", r.Score)
	}
	if r.Results[0].AccountName == "" {
		t.Errorf("results do not carry account names")
	}
}

// TestEveryFormatNamesAccounts: every writer shows each result's account
// ID and name in a multi-account report.
func TestEveryFormatNamesAccounts(t *testing.T) {
	r := orgFixture()
	for _, f := range Formats() {
		w, err := ForFormat(f, Options{All: true, Region: "us-east-1", Width: 200})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := w.Write(&buf, r); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out := buf.String()
		for _, want := range []string{"222222222222", "prod-payments", "333333333333", "dev-sandbox"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s output lacks %q", f, want)
			}
		}
	}
}

// TestOrgJSONRoundTrip: an organization report read back keeps its
// accounts, their names on every result and its ranking.
func TestOrgJSONRoundTrip(t *testing.T) {
	r := orgFixture()
	back := readBack(t, r)
	if len(back.Accounts) != 3 || back.Accounts[0].ID != "333333333333" || back.Accounts[0].Error == "" {
		t.Fatalf("ranking read back: %+v", back.Accounts)
	}
	for i, res := range back.Results {
		if res.AccountName != r.Results[i].AccountName || res.AccountName == "" {
			t.Errorf("result %d: account name %q, want %q", i, res.AccountName, r.Results[i].AccountName)
		}
	}
}

// TestMergeInProcess: two halves merge back into the whole, and a report
// overlapping another is refused.
func TestMergeInProcess(t *testing.T) {
	whole := orgFixture()
	half := func(ids ...string) *Report {
		m := whole.Meta
		m.Accounts = nil
		var rs []result.Result
		for _, a := range whole.Meta.Accounts {
			for _, id := range ids {
				if a.ID == id {
					m.Accounts = append(m.Accounts, a)
				}
			}
		}
		for _, res := range whole.Results {
			for _, id := range ids {
				if res.AccountID == id {
					rs = append(rs, res)
				}
			}
		}
		return New(m, whole.Rules, rs, nil)
	}
	a, b := half("222222222222"), half("111111111111", "333333333333")
	merged, err := Merge([]*Report{b, a}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var want, got bytes.Buffer
	_ = (JSONWriter{}).Write(&want, whole)
	_ = (JSONWriter{}).Write(&got, merged)
	if want.String() != got.String() {
		t.Errorf("merged report differs from the whole:\n%s\n---\n%s", got.String(), want.String())
	}
	if _, err := Merge([]*Report{a, half("222222222222")}, []string{"a.json", "b.json"}); err == nil || !strings.Contains(err.Error(), "account 222222222222 is in both a.json and b.json") {
		t.Errorf("overlap: %v", err)
	}
}
