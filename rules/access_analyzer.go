package rules

import (
	"fmt"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// TypeAccessAnalyzer is the resource type of results about a region's IAM
// Access Analyzer coverage, as Security Hub IAM.28 names it.
const TypeAccessAnalyzer = "AWS::AccessAnalyzer::Analyzer"

// AccessAnalyzerEnabled checks that every enabled region has an active IAM
// Access Analyzer external access analyzer.
//
// Only the external access types (ACCOUNT, ORGANIZATION) count: the CIS
// recommendation and Security Hub IAM.28 ask for external access analysis,
// which unused-access and internal-access analyzers do not perform, and the
// AWS Config rule behind IAM.28 is NON_COMPLIANT unless an external access
// analyzer's status is ACTIVE.
//
// Each result names one region: Resource is
// arn:<partition>:access-analyzer:<region>:<account>:analyzer, the prefix of
// every analyzer ARN in that region, so the result stays the same resource
// whichever analyzer is (or is not) there; ResourceName is the region.
var AccessAnalyzerEnabled = Rule{
	ID:       "IAM-ACCESS-ANALYZER-ENABLED",
	Title:    "IAM Access Analyzer external access analyzer is enabled in every enabled region",
	Severity: result.High,
	Rationale: "An external access analyzer uses automated reasoning over resource policies to find which resources " +
		"(S3 buckets, IAM roles, KMS keys, Lambda functions, queues, secrets, ...) are shared outside the account or " +
		"organization, so a bucket made public or a role trusted by a stranger becomes a finding instead of going " +
		"unnoticed. Analyzers are regional: a region without one is a region nobody watches, including regions the " +
		"owner rarely looks at.",
	Remediation: "In every enabled region, create an external access analyzer (type ACCOUNT, or ORGANIZATION from the " +
		"management or delegated administrator account) and make sure it reaches ACTIVE. Unused-access analyzers " +
		"do not count: they report unused permissions, not external access.",
	RemediationCLI: []string{
		"# For each region listed by: aws account list-regions --region-opt-status-contains ENABLED ENABLED_BY_DEFAULT",
		"aws accessanalyzer create-analyzer --analyzer-name <name> --type ACCOUNT --region <region>",
		"aws accessanalyzer list-analyzers --region <region> --query 'analyzers[].{name:name,type:type,status:status}'",
	},
	References: []string{
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/what-is-access-analyzer.html",
		"https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-28",
		"https://docs.aws.amazon.com/config/latest/developerguide/iam-external-access-analyzer-enabled.html",
		"https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ListAnalyzers.html",
		"https://docs.aws.amazon.com/accounts/latest/reference/API_ListRegions.html",
	},
	Controls: append(cis("1.20", "1.20", "1.20", "1.20", "1.20", "1.19", "2.19", "2.18"), securityHub("IAM.28"),
		awsConfig("iam-external-access-analyzer-enabled")),
	Evidence: []audit.Evidence{audit.EvidenceRegions, audit.EvidenceAccessAnalyzers},
	Check:    checkAccessAnalyzerEnabled,
}

func checkAccessAnalyzerEnabled(ctx *Context) []result.Result {
	s := ctx.Snapshot
	if s.Regions == nil || len(s.Regions.Enabled) == 0 {
		// Without the region list nothing says which regions need an
		// analyzer, so no region can pass or fail.
		return []result.Result{accountSubject(s).missing(ctx,
			"the account's enabled regions are unknown", audit.EvidenceRegions)}
	}
	out := make([]result.Result, 0, len(s.Regions.Enabled))
	for _, region := range s.Regions.Enabled {
		out = append(out, analyzerRegionResult(ctx, region))
	}
	return out
}

// analyzerRegionResult judges one enabled region.
func analyzerRegionResult(ctx *Context, region string) result.Result {
	s := ctx.Snapshot
	sb := subject{TypeAccessAnalyzer, "arn:" + s.Account.Partition + ":access-analyzer:" + region + ":" + s.Account.ID + ":analyzer", region}
	if s.AccessAnalyzers == nil {
		return sb.missing(ctx, "the analyzers of "+region+" are unknown", audit.EvidenceAccessAnalyzers)
	}
	analyzers, listed := s.AccessAnalyzers.Listed(region)
	if !listed {
		return regionUnknown(ctx, sb, region)
	}
	var external, other []audit.Analyzer
	for _, a := range analyzers {
		if isExternalAccessAnalyzer(a.Type) {
			if a.Status == "ACTIVE" {
				return sb.pass(fmt.Sprintf("%s has the ACTIVE external access analyzer %s (type %s)", region, a.Name, a.Type))
			}
			external = append(external, a)
			continue
		}
		other = append(other, a)
	}
	var reason string
	switch {
	case len(analyzers) == 0:
		reason = region + " has no IAM Access Analyzer analyzer"
	case len(external) > 0:
		reason = fmt.Sprintf("%s has no ACTIVE external access analyzer: %s", region, describeAnalyzers(external, true))
		if len(other) > 0 {
			reason += "; the others do not analyze external access: " + describeAnalyzers(other, false)
		}
	case len(other) == 1:
		reason = fmt.Sprintf("%s has only %s %s analyzer (%s), which does not analyze external access",
			region, article(other[0].Type), other[0].Type, other[0].Name)
	default:
		reason = fmt.Sprintf("%s has only analyzers that do not analyze external access: %s", region, describeAnalyzers(other, false))
	}
	return sb.fail(reason)
}

// article is "an" before a vowel, else "a".
func article(word string) string {
	if word != "" && strings.ContainsRune("AEIOUaeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// isExternalAccessAnalyzer reports whether an analyzer type analyzes
// external access (the zone of trust is the account or the organization).
func isExternalAccessAnalyzer(typ string) bool {
	return typ == "ACCOUNT" || typ == "ORGANIZATION"
}

// describeAnalyzers lists analyzers for a reason: "x is CREATING" when the
// status is the point, "x (ACCOUNT_UNUSED_ACCESS)" when the type is.
func describeAnalyzers(as []audit.Analyzer, status bool) string {
	parts := make([]string, 0, len(as))
	for _, a := range as {
		if status {
			parts = append(parts, fmt.Sprintf("analyzer %s (%s) is %s", a.Name, a.Type, a.Status))
		} else {
			parts = append(parts, fmt.Sprintf("%s (%s)", a.Name, a.Type))
		}
	}
	return strings.Join(parts, ", ")
}

// regionUnknown is the UNKNOWN result for a region whose listing failed,
// naming only that region's gaps (the collector prefixes their messages
// with the region).
func regionUnknown(ctx *Context, sb subject, region string) result.Result {
	var missing []string
	for _, g := range ctx.Snapshot.GapsFor(audit.EvidenceAccessAnalyzers) {
		if strings.HasPrefix(g.Message, region+": ") {
			missing = append(missing, string(audit.EvidenceAccessAnalyzers)+": "+g.String())
		}
	}
	if len(missing) == 0 {
		missing = []string{string(audit.EvidenceAccessAnalyzers) + ": " + region + " was not listed"}
	}
	return sb.unknown("the analyzers of "+region+" could not be listed ("+strings.Join(missing, "; ")+")", missing...)
}
