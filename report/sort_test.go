package report

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/result"
)

// TestSortResultsIsTheStableSort: the permutation sort puts results in
// exactly the order a stable sort on the documented keys gives, results
// equal on every key (which differ elsewhere, here in Missing) included.
func TestSortResultsIsTheStableSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	statuses := []result.Status{result.Fail, result.Pass, result.Unknown, result.Manual, result.Suppressed}
	rs := make([]result.Result, 5000)
	for i := range rs {
		rs[i] = result.Result{
			RuleID:   fmt.Sprintf("R-%d", r.IntN(4)),
			Status:   statuses[r.IntN(len(statuses))],
			Severity: result.Severities[r.IntN(len(result.Severities))],
			Resource: fmt.Sprintf("arn:aws:iam::1:user/u%d", r.IntN(20)),
			Reason:   []string{"a", "b"}[r.IntN(2)],
			Missing:  []string{fmt.Sprint(i)}, // tells equal-key results apart
		}
	}
	want := slices.Clone(rs)
	slices.SortStableFunc(want, func(a, b result.Result) int {
		return cmp.Or(
			cmp.Compare(statusOrder(a.Status), statusOrder(b.Status)),
			cmp.Compare(b.Severity.Rank(), a.Severity.Rank()),
			cmp.Compare(a.RuleID, b.RuleID),
			cmp.Compare(a.Resource, b.Resource),
			cmp.Compare(a.ResourceName, b.ResourceName),
			cmp.Compare(a.Reason, b.Reason),
			cmp.Compare(a.AccountID, b.AccountID),
		)
	})
	SortResults(rs)
	if !reflect.DeepEqual(rs, want) {
		for i := range rs {
			if !reflect.DeepEqual(rs[i], want[i]) {
				t.Fatalf("first difference at %d: got %+v, want %+v", i, rs[i], want[i])
			}
		}
	}
}

// TestPlainResultEncoding: the results the JSON writer appends by hand are
// byte for byte what encoding/json writes, and the others are left to it.
func TestPlainResultEncoding(t *testing.T) {
	enc := newLineEncoder()
	for _, res := range []result.Result{
		{RuleID: "R", AccountID: "123456789012", Status: result.Fail, Severity: result.High, ResourceType: "AWS::IAM::User",
			Resource: "arn:aws:iam::123456789012:user/a", ResourceName: "a", Reason: "x <y> & z"},
		{RuleID: "R", Status: result.Unknown, Resource: "", Reason: "", Missing: []string{"m1", "m2"}},
		{RuleID: "R", AccountName: "prod", Resource: "arn:aws:access-analyzer:eu-west-1:1:analyzer/x", Reason: "ok"},
		{RuleID: "R", Reason: "quote \" here"},
		{RuleID: "R", Reason: "caf\u00e9 \u2028"},
		{RuleID: "R", Reason: "tab\there"},
		{RuleID: "R", Reason: "bad \xff utf8"},
		{RuleID: "R", Missing: []string{"back\\slash"}},
		{RuleID: "R", Tracking: &result.Tracking{Drift: result.DriftNew}},
		{RuleID: "R", Status: result.Suppressed, Tracking: &result.Tracking{SuppressedStatus: result.Fail, Suppression: &result.Suppression{Index: 1, Reason: "r"}}},
	} {
		jr := toJSONResult(res)
		want, err := enc.encode(jr)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := appendPlainResult(nil, &jr)
		if ok && string(got) != string(want) {
			t.Errorf("appended %s\nencoder  %s", got, want)
		}
		if plain := !strings.ContainsAny(res.Reason+strings.Join(res.Missing, ""), "\"\\\t\xff\u00e9") && res.Track().Drift == "" && res.Track().Suppression == nil; ok != plain {
			t.Errorf("%+v: appended by hand %v, want %v", res, ok, plain)
		}
	}
}

// TestRegion reads the region field of ARNs, and nothing of what is not one.
func TestRegion(t *testing.T) {
	for arn, want := range map[string]string{
		"arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/x": "eu-west-1",
		"arn:aws:iam::123456789012:user/a":                          "",
		"arn:aws:s3:::bucket":                                       "",
		"arn:aws:ec2:us-east-1:1:instance/i:with:colons":            "us-east-1",
		"arn:aws:ec2:us-east-1:1":                                   "",
		"arn:aws:ec2:us-east-1":                                     "",
		"ARN:aws:ec2:us-east-1:1:x":                                 "",
		"":                                                          "",
	} {
		if got := Region(result.Result{Resource: arn}); got != want {
			t.Errorf("Region(%q) = %q, want %q", arn, got, want)
		}
	}
}
