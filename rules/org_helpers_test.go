package rules

import (
	"time"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// orgAcct is the audited account of the account- and organization-level
// rule tests; orgMgmt is its organization's management account when it is
// a member.
const (
	orgAcct = "111122223333"
	orgMgmt = "999988887777"
	orgRes  = "AWS::::Account:" + orgAcct
)

// orgSnap is a snapshot with only the caller identity; tests add the
// evidence they need.
func orgSnap(gaps ...audit.Gap) *audit.Snapshot {
	return &audit.Snapshot{
		SchemaVersion: audit.SchemaVersion,
		CollectedAt:   time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC),
		Account:       audit.Account{ID: orgAcct, Partition: "aws", CallerARN: "arn:aws:iam::" + orgAcct + ":user/auditor"},
		Gaps:          gaps,
	}
}

// withOrg sets DescribeOrganization's answer: nil management means
// outside any organization.
func withOrg(s *audit.Snapshot, management string) *audit.Snapshot {
	if management == "" {
		s.Organization = &audit.Organization{InOrganization: false}
		return s
	}
	s.Organization = &audit.Organization{InOrganization: true, ID: "o-exampleorg1", FeatureSet: "ALL", ManagementAccountID: management}
	return s
}

// orgScopeCases are the cases every rule judged from the management account
// shares (managementScope): a member account and an account outside any
// organization are MANUAL, an unknown organization is UNKNOWN.
func orgScopeCases() []ruleCase {
	return []ruleCase{
		{"a member account is manual", withOrg(orgSnap(), orgMgmt),
			[]ruleWant{{orgRes, result.Manual, []string{"member account of organization o-exampleorg1", "judged from its management account " + orgMgmt}}}},
		{"outside an organization is manual", withOrg(orgSnap(), ""),
			[]ruleWant{{orgRes, result.Manual, []string{"belongs to no AWS organization"}}}},
		{"organization unknown is unknown", orgSnap(orgDenied),
			[]ruleWant{{orgRes, result.Unknown, []string{"DescribeOrganization: AccessDeniedException"}}}},
	}
}

var orgDenied = audit.Gap{Evidence: audit.EvidenceOrganization, Operation: "DescribeOrganization", Code: "AccessDeniedException", Message: "not authorized"}
