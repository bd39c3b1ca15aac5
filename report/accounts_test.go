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
		return result.Result{RuleID: rule, AccountID: acct, Title: rule, Severity: sev, Status: st,
			ResourceType: "AWS::IAM::User", Resource: "arn:aws:iam::" + acct + ":user/" + user, ResourceName: user, Reason: "because"}
	}
	rs := []result.Result{
		res("111111111111", "R-HIGH", result.High, result.Pass, "alice"),
		res("111111111111", "R-LOW", result.Low, result.Fail, "alice"),
		res("222222222222", "R-HIGH", result.High, result.Fail, "bob"),
		res("222222222222", "R-LOW", result.Low, result.Pass, "bob"),
		{RuleID: "R-HIGH", AccountID: "333333333333", Title: "R-HIGH", Severity: result.High, Status: result.Unknown,
			ResourceType: "AWS::::Account", Resource: "AWS::::Account:333333333333", ResourceName: "333333333333", Reason: "the account could not be audited"},
	}
	return New(meta, nil, rs, nil)
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
