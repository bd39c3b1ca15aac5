package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/internal/fakeaws"
)

// newRuleIDs are the rules over the account- and organization-level
// evidence (contacts, identity providers, root access features,
// Organizations).
var newRuleIDs = []string{
	"IAM-ACCOUNT-CONTACT-DETAILS", "IAM-IDENTITY-FEDERATION", "IAM-ORG-DELEGATED-ADMINS",
	"IAM-ORG-GUARDRAIL-POLICIES", "IAM-ORG-ROOT-ACCESS-CENTRALIZED", "IAM-SECURITY-CONTACT",
}

// onlyRules keeps the triples of the given rules.
func onlyRules(lines []string, ids []string) []string {
	var out []string
	for _, l := range lines {
		id, _, _ := strings.Cut(l, " ")
		if slices.Contains(ids, id) {
			out = append(out, l)
		}
	}
	return out
}

// TestScanOrganizationFixtures: the management and member accounts of an
// organization, end to end, against their reviewed expected results. The
// account outside any organization is small.yaml (TestScanEndToEnd).
func TestScanOrganizationFixtures(t *testing.T) {
	for _, tc := range []struct {
		fixture string
		code    int
	}{
		// Everything passes or is for a person to judge.
		{"org-management", exitClean},
		// No SECURITY contact: a failing finding.
		{"org-member", exitFindings},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			isolateAWS(t)
			srv := startFake(t, "../../testdata/fixtures/"+tc.fixture+".yaml")
			code, stdout, stderr := runCLI(t, "scan", "--endpoint-url", srv.URL(), "--format", "json", "--all")
			wantExit(t, code, tc.code, stderr)
			compareLines(t, "testdata/"+tc.fixture+".expected", triples(t, stdout))
		})
	}
}

// TestOrganizationEvidenceStates pins the new rules' verdicts for each
// state of their evidence: present (management account), visible only to
// the management account (member), absent (outside any organization, no
// contacts), and denied (every new call refused).
func TestOrganizationEvidenceStates(t *testing.T) {
	denyAll := []fakeaws.Fault{
		{Action: "ListSAMLProviders", Code: "AccessDenied", Message: "User is not authorized to perform: iam:ListSAMLProviders"},
		{Action: "ListOrganizationsFeatures", Code: "AccessDenied", Message: "User is not authorized to perform: iam:ListOrganizationsFeatures"},
		{Action: "GetContactInformation", Code: "AccessDeniedException", Message: "User is not authorized to perform: account:GetContactInformation"},
		{Action: "GetAlternateContact", Code: "AccessDeniedException", Message: "User is not authorized to perform: account:GetAlternateContact"},
		{Action: "DescribeOrganization", Code: "AccessDeniedException", Message: "You don't have permissions to access this resource."},
	}
	for _, tc := range []struct {
		name, fixture string
		faults        []fakeaws.Fault
		code          int
		want          []string
		// gaps are substrings the JSON report's evidence gaps must contain.
		gaps []string
	}{
		{name: "present", fixture: "org-management", code: exitClean, want: []string{
			"IAM-ACCOUNT-CONTACT-DETAILS AWS::::Account:210987654321 MANUAL",
			"IAM-IDENTITY-FEDERATION AWS::::Account:210987654321 MANUAL",
			"IAM-ORG-DELEGATED-ADMINS AWS::::Account:210987654321 PASS",
			"IAM-ORG-GUARDRAIL-POLICIES AWS::::Account:210987654321 PASS",
			"IAM-ORG-ROOT-ACCESS-CENTRALIZED AWS::::Account:210987654321 PASS",
			"IAM-SECURITY-CONTACT AWS::::Account:210987654321 PASS",
		}},
		{name: "member account", fixture: "org-member", code: exitFindings, want: []string{
			"IAM-ACCOUNT-CONTACT-DETAILS AWS::::Account:444455556666 MANUAL",
			"IAM-IDENTITY-FEDERATION AWS::::Account:444455556666 MANUAL",
			"IAM-ORG-DELEGATED-ADMINS AWS::::Account:444455556666 MANUAL",
			"IAM-ORG-GUARDRAIL-POLICIES AWS::::Account:444455556666 MANUAL",
			"IAM-ORG-ROOT-ACCESS-CENTRALIZED AWS::::Account:444455556666 MANUAL",
			"IAM-SECURITY-CONTACT AWS::::Account:444455556666 FAIL",
		}},
		{name: "absent", fixture: "neglected", code: exitFindings, want: []string{
			"IAM-ACCOUNT-CONTACT-DETAILS AWS::::Account:210987654321 FAIL",
			"IAM-IDENTITY-FEDERATION AWS::::Account:210987654321 MANUAL",
			"IAM-ORG-DELEGATED-ADMINS AWS::::Account:210987654321 MANUAL",
			"IAM-ORG-GUARDRAIL-POLICIES AWS::::Account:210987654321 MANUAL",
			"IAM-ORG-ROOT-ACCESS-CENTRALIZED AWS::::Account:210987654321 MANUAL",
			"IAM-SECURITY-CONTACT AWS::::Account:210987654321 FAIL",
		}},
		{name: "denied", fixture: "org-management", faults: denyAll, code: exitIncomplete, want: []string{
			"IAM-ACCOUNT-CONTACT-DETAILS AWS::::Account:210987654321 UNKNOWN",
			"IAM-IDENTITY-FEDERATION AWS::::Account:210987654321 UNKNOWN",
			"IAM-ORG-DELEGATED-ADMINS AWS::::Account:210987654321 UNKNOWN",
			"IAM-ORG-GUARDRAIL-POLICIES AWS::::Account:210987654321 UNKNOWN",
			"IAM-ORG-ROOT-ACCESS-CENTRALIZED AWS::::Account:210987654321 UNKNOWN",
			"IAM-SECURITY-CONTACT AWS::::Account:210987654321 UNKNOWN",
		}, gaps: []string{
			"ListSAMLProviders: AccessDenied", "ListOrganizationsFeatures: AccessDenied",
			"GetContactInformation: AccessDeniedException", "GetAlternateContact: AccessDeniedException",
			"DescribeOrganization: AccessDeniedException",
			"ListDelegatedAdministrators: not attempted", "ListPolicies: not attempted",
		}},
		{name: "policies denied", fixture: "org-management", code: exitIncomplete, faults: []fakeaws.Fault{
			{Action: "ListTargetsForPolicy", Code: "AccessDeniedException", Message: "You don't have permissions to access this resource."},
		}, want: []string{
			"IAM-ACCOUNT-CONTACT-DETAILS AWS::::Account:210987654321 MANUAL",
			"IAM-IDENTITY-FEDERATION AWS::::Account:210987654321 MANUAL",
			"IAM-ORG-DELEGATED-ADMINS AWS::::Account:210987654321 PASS",
			"IAM-ORG-GUARDRAIL-POLICIES AWS::::Account:210987654321 UNKNOWN",
			"IAM-ORG-ROOT-ACCESS-CENTRALIZED AWS::::Account:210987654321 PASS",
			"IAM-SECURITY-CONTACT AWS::::Account:210987654321 PASS",
		}, gaps: []string{"ListTargetsForPolicy: AccessDeniedException"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			isolateAWS(t)
			args := []string{"scan", "--format", "json", "--all"}
			if tc.fixture == "neglected" {
				args = append(args, "--region", "us-gov-west-1")
			}
			srv := startFake(t, "../../testdata/fixtures/"+tc.fixture+".yaml", tc.faults...)
			code, stdout, stderr := runCLI(t, append(args, "--endpoint-url", srv.URL())...)
			wantExit(t, code, tc.code, stderr)
			got := onlyRules(triples(t, stdout), newRuleIDs)
			if !slices.Equal(got, tc.want) {
				t.Errorf("results:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			var rep struct {
				Meta struct {
					Gaps []string `json:"evidence_gaps"`
				} `json:"meta"`
			}
			if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
				t.Fatal(err)
			}
			for _, g := range tc.gaps {
				if !slices.ContainsFunc(rep.Meta.Gaps, func(s string) bool { return strings.Contains(s, g) }) {
					t.Errorf("evidence gaps %q lack %q", rep.Meta.Gaps, g)
				}
			}
			if len(tc.gaps) == 0 && len(rep.Meta.Gaps) > 0 {
				t.Errorf("unexpected evidence gaps: %q", rep.Meta.Gaps)
			}
		})
	}
}
