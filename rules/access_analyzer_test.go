package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func analyzerSnap(partition string, regions []string, byRegion map[string][]audit.Analyzer, gaps ...audit.Gap) *audit.Snapshot {
	s := &audit.Snapshot{
		SchemaVersion: audit.SchemaVersion,
		CollectedAt:   time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC),
		Account:       audit.Account{ID: "123456789012", Partition: partition, CallerARN: "arn:" + partition + ":iam::123456789012:user/auditor"},
		Gaps:          gaps,
	}
	if regions != nil {
		s.Regions = &audit.Regions{Enabled: regions}
	}
	if byRegion != nil {
		s.AccessAnalyzers = &audit.AccessAnalyzers{ByRegion: byRegion}
	}
	return s
}

func an(name, typ, status string) audit.Analyzer {
	return audit.Analyzer{Name: name, ARN: "arn:aws:access-analyzer:r:123456789012:analyzer/" + name, Type: typ, Status: status}
}

func aaARN(region string) string {
	return "arn:aws:access-analyzer:" + region + ":123456789012:analyzer"
}

func TestAccessAnalyzerEnabled(t *testing.T) {
	regionGap := audit.Gap{Evidence: audit.EvidenceAccessAnalyzers, Operation: "ListAnalyzers", Code: "AccessDeniedException", Message: "eu-west-1: denied by SCP"}
	otherGap := audit.Gap{Evidence: audit.EvidenceAccessAnalyzers, Operation: "ListAnalyzers", Code: "ThrottlingException", Message: "eu-west-10: Rate exceeded"}
	regionsDenied := audit.Gap{Evidence: audit.EvidenceRegions, Operation: "ListRegions", Code: "AccessDeniedException", Message: "not authorized"}
	runCases(t, AccessAnalyzerEnabled, []ruleCase{
		{"active account analyzer passes", analyzerSnap("aws", []string{"us-east-1"}, map[string][]audit.Analyzer{
			"us-east-1": {an("ext", "ACCOUNT", "ACTIVE")},
		}), []ruleWant{{aaARN("us-east-1"), result.Pass, []string{"ACTIVE external access analyzer ext (type ACCOUNT)"}}}},
		{"active organization analyzer passes next to others", analyzerSnap("aws", []string{"us-east-1"}, map[string][]audit.Analyzer{
			"us-east-1": {an("unused", "ACCOUNT_UNUSED_ACCESS", "ACTIVE"), an("org", "ORGANIZATION", "ACTIVE")},
		}), []ruleWant{{aaARN("us-east-1"), result.Pass, []string{"org (type ORGANIZATION)"}}}},
		{"no analyzer fails", analyzerSnap("aws", []string{"us-east-1"}, map[string][]audit.Analyzer{"us-east-1": {}}),
			[]ruleWant{{aaARN("us-east-1"), result.Fail, []string{"us-east-1 has no IAM Access Analyzer analyzer"}}}},
		{"only unused access fails", analyzerSnap("aws", []string{"us-east-1"}, map[string][]audit.Analyzer{
			"us-east-1": {an("unused", "ACCOUNT_UNUSED_ACCESS", "ACTIVE")},
		}), []ruleWant{{aaARN("us-east-1"), result.Fail, []string{"only an ACCOUNT_UNUSED_ACCESS analyzer (unused)", "does not analyze external access"}}}},
		{"internal and org-unused analyzers fail", analyzerSnap("aws", []string{"us-east-1"}, map[string][]audit.Analyzer{
			"us-east-1": {an("u", "ORGANIZATION_UNUSED_ACCESS", "ACTIVE"), an("i", "ACCOUNT_INTERNAL_ACCESS", "ACTIVE")},
		}), []ruleWant{{aaARN("us-east-1"), result.Fail, []string{"only analyzers that do not analyze external access: u (ORGANIZATION_UNUSED_ACCESS), i (ACCOUNT_INTERNAL_ACCESS)"}}}},
		{"creating, disabled or failed external analyzers fail", analyzerSnap("aws", []string{"us-east-1"}, map[string][]audit.Analyzer{
			"us-east-1": {an("x", "ACCOUNT", "CREATING"), an("y", "ORGANIZATION", "DISABLED"), an("z", "ACCOUNT", "FAILED"), an("u", "ACCOUNT_UNUSED_ACCESS", "ACTIVE")},
		}), []ruleWant{{aaARN("us-east-1"), result.Fail, []string{
			"no ACTIVE external access analyzer: analyzer x (ACCOUNT) is CREATING, analyzer y (ORGANIZATION) is DISABLED, analyzer z (ACCOUNT) is FAILED",
			"the others do not analyze external access: u (ACCOUNT_UNUSED_ACCESS)",
		}}}},
		{"one result per enabled region, in order; a failed listing is UNKNOWN with its own gap only",
			analyzerSnap("aws", []string{"eu-west-1", "eu-west-10", "us-east-1"}, map[string][]audit.Analyzer{
				"us-east-1": {an("ext", "ACCOUNT", "ACTIVE")},
			}, regionGap, otherGap),
			[]ruleWant{
				{aaARN("eu-west-1"), result.Unknown, []string{"could not be listed", "ListAnalyzers: AccessDeniedException: eu-west-1: denied by SCP"}},
				{aaARN("eu-west-10"), result.Unknown, []string{"ThrottlingException: eu-west-10: Rate exceeded"}},
				{aaARN("us-east-1"), result.Pass, nil},
			}},
		{"regions unknown: one account-level UNKNOWN", analyzerSnap("aws", nil, nil, regionsDenied),
			[]ruleWant{{"AWS::::Account:123456789012", result.Unknown, []string{"enabled regions are unknown", "ListRegions: AccessDeniedException"}}}},
		{"regions from an old evidence file: not collected", analyzerSnap("aws", nil, nil),
			[]ruleWant{{"AWS::::Account:123456789012", result.Unknown, []string{"regions: not collected"}}}},
		{"an empty region list is not a pass", analyzerSnap("aws", []string{}, map[string][]audit.Analyzer{}),
			[]ruleWant{{"AWS::::Account:123456789012", result.Unknown, []string{"regions: collected, but without what this check needs"}}}},
		{"regions but no analyzers at all", analyzerSnap("aws", []string{"us-east-1"}, nil),
			[]ruleWant{{aaARN("us-east-1"), result.Unknown, []string{"access_analyzers: not collected"}}}},
	})
}

func TestAccessAnalyzerResourceNaming(t *testing.T) {
	s := analyzerSnap("aws-us-gov", []string{"us-gov-west-1"}, map[string][]audit.Analyzer{"us-gov-west-1": {}})
	got := AccessAnalyzerEnabled.Check(NewContext(s, Config{}))
	if len(got) != 1 {
		t.Fatalf("got %d results", len(got))
	}
	r := got[0]
	if r.Resource != "arn:aws-us-gov:access-analyzer:us-gov-west-1:123456789012:analyzer" || r.ResourceName != "us-gov-west-1" ||
		r.ResourceType != TypeAccessAnalyzer || r.Status != result.Fail {
		t.Errorf("result = %+v", r)
	}
	// The UNKNOWN of a failed region lists its gap in Missing, for reports.
	s = analyzerSnap("aws", []string{"us-east-1"}, map[string][]audit.Analyzer{},
		audit.Gap{Evidence: audit.EvidenceAccessAnalyzers, Operation: "ListAnalyzers", Code: "AccessDeniedException", Message: "us-east-1: no"})
	r = AccessAnalyzerEnabled.Check(NewContext(s, Config{}))[0]
	if r.Status != result.Unknown || len(r.Missing) != 1 || !strings.Contains(r.Missing[0], "us-east-1: no") {
		t.Errorf("result = %+v", r)
	}
}
