package rules

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/audit"
)

var ruleIDFormat = regexp.MustCompile(`^IAM-[A-Z0-9-]+$`)

// knownEvidence is every evidence source a rule may declare.
var knownEvidence = map[audit.Evidence]bool{
	audit.EvidenceCallerIdentity: true, audit.EvidenceCredentialReport: true,
	audit.EvidenceAccountSummary: true, audit.EvidencePasswordPolicy: true,
	audit.EvidenceVirtualMFADevices: true, audit.EvidenceAuthorization: true,
	audit.EvidenceManagedPolicies: true, audit.EvidenceServerCertificates: true,
	audit.EvidenceRegions: true, audit.EvidenceAccessAnalyzers: true,
	audit.EvidenceIdentityProviders: true, audit.EvidenceOrganizationsFeatures: true,
	audit.EvidenceContactInformation: true, audit.EvidenceSecurityContact: true,
	audit.EvidenceOrganization: true, audit.EvidenceDelegatedAdmins: true,
	audit.EvidenceOrganizationPolicies: true,
}

// cisExemptions lists automated CIS controls that no rule may cover because
// the evidence lives in services iamaudit does not collect. Each
// entry names why. A stale entry (the control gained a rule, or is not an
// automated control) fails the test.
var cisExemptions = map[string]map[string]string{
	FrameworkCIS20: {
		"1.18": "instance roles: needs EC2 DescribeInstances and instance profiles",
	},
	FrameworkCIS30: {
		"1.18": "instance roles: needs EC2 DescribeInstances and instance profiles",
	},
	FrameworkCIS40: {
		"1.18": "instance roles: needs EC2 DescribeInstances and instance profiles",
	},
	FrameworkCIS50: {
		"1.17": "instance roles: needs EC2 DescribeInstances and instance profiles",
	},
	FrameworkCIS60: {
		"2.17": "instance roles: needs EC2 DescribeInstances and instance profiles",
	},
	FrameworkCIS70: {
		"2.16": "instance roles: needs EC2 DescribeInstances and instance profiles",
	},
}

func TestCatalogIDs(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range All() {
		if !ruleIDFormat.MatchString(r.ID) {
			t.Errorf("rule ID %q does not match %s", r.ID, ruleIDFormat)
		}
		// ByID is case-insensitive, so IDs must be unique ignoring case.
		k := strings.ToUpper(r.ID)
		if seen[k] {
			t.Errorf("duplicate rule ID %s", r.ID)
		}
		seen[k] = true
		got, ok := ByID(strings.ToLower(r.ID))
		if !ok || got.ID != r.ID {
			t.Errorf("ByID(%q) = %q, %v; want %s", strings.ToLower(r.ID), got.ID, ok, r.ID)
		}
	}
	if _, ok := ByID("IAM-NO-SUCH-RULE"); ok {
		t.Error("ByID found IAM-NO-SUCH-RULE")
	}
}

func TestCatalogMetadata(t *testing.T) {
	for _, r := range All() {
		t.Run(r.ID, func(t *testing.T) {
			if strings.TrimSpace(r.Title) == "" {
				t.Error("no title")
			}
			if r.Severity.Rank() < 0 {
				t.Errorf("invalid severity %q", r.Severity)
			}
			if strings.TrimSpace(r.Rationale) == "" {
				t.Error("no rationale")
			}
			if strings.TrimSpace(r.Remediation) == "" {
				t.Error("no remediation")
			}
			// Lines are AWS CLI commands or "#" comments that explain them
			// (e.g. "run as root"); at least one must be a command.
			commands := 0
			for _, line := range r.RemediationCLI {
				switch {
				case strings.HasPrefix(line, "aws "):
					commands++
				case strings.HasPrefix(line, "#"):
				default:
					t.Errorf("RemediationCLI line %q is neither an AWS CLI command nor a # comment", line)
				}
			}
			if commands == 0 {
				t.Error("RemediationCLI has no AWS CLI command")
			}
			if len(r.References) == 0 {
				t.Error("no references")
			}
			for _, ref := range r.References {
				u, err := url.Parse(ref)
				if err != nil || u.Scheme != "https" || u.Host == "" {
					t.Errorf("reference %q is not an https URL", ref)
				}
			}
			if len(r.Evidence) == 0 {
				t.Error("no evidence listed")
			}
			for _, e := range r.Evidence {
				if !knownEvidence[e] {
					t.Errorf("unknown evidence %q", e)
				}
			}
			if r.Check == nil {
				t.Error("Check is nil")
			}
		})
	}
}

// TestCatalogControlsExist checks that every control a rule cites exists in
// its framework's table: a typo such as "1.41" or an unknown IAM.n would
// otherwise silently vanish from the per-control report.
func TestCatalogControlsExist(t *testing.T) {
	fws := map[string]Framework{}
	for _, fw := range Frameworks() {
		fws[fw.ID] = fw
	}
	for _, r := range All() {
		seen := map[string]bool{}
		for _, c := range r.Controls {
			if seen[c.String()] {
				t.Errorf("%s: control %s listed twice", r.ID, c)
			}
			seen[c.String()] = true
			fw, ok := fws[c.Framework]
			if !ok {
				t.Errorf("%s: control %s names unknown framework %q", r.ID, c, c.Framework)
				continue
			}
			if _, ok := fw.Control(c.ID); !ok {
				t.Errorf("%s: control %s does not exist in %s", r.ID, c, fw.Name)
			}
		}
	}
}

// rulesByControl maps framework -> control ID -> rule IDs.
func rulesByControl() map[string]map[string][]string {
	out := map[string]map[string][]string{}
	for _, r := range All() {
		for _, c := range r.Controls {
			if out[c.Framework] == nil {
				out[c.Framework] = map[string][]string{}
			}
			out[c.Framework][c.ID] = append(out[c.Framework][c.ID], r.ID)
		}
	}
	return out
}

// TestCatalogCoversAutomatedCISControls checks that every automated control
// of every CIS version has a rule, except the documented exemptions.
func TestCatalogCoversAutomatedCISControls(t *testing.T) {
	covered := rulesByControl()
	for _, id := range []string{FrameworkCIS14, FrameworkCIS15, FrameworkCIS20, FrameworkCIS30, FrameworkCIS40, FrameworkCIS50, FrameworkCIS60, FrameworkCIS70} {
		fw, err := FrameworkByID(id)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range fw.Controls {
			reason, exempt := cisExemptions[id][c.ID]
			has := len(covered[id][c.ID]) > 0
			switch {
			case exempt && (has || !c.Automated):
				t.Errorf("%s %s: stale exemption (%s): the control is covered or not automated", id, c.ID, reason)
			case exempt && c.Note == "":
				t.Errorf("%s %s: exempt (%s) but the framework table gives readers no note", id, c.ID, reason)
			case !exempt && c.Automated && !has:
				t.Errorf("%s %s %q is automated but no rule maps to it", id, c.ID, c.Title)
			}
		}
		for cid := range cisExemptions[id] {
			if _, ok := fw.Control(cid); !ok {
				t.Errorf("%s: exemption for unknown control %s", id, cid)
			}
		}
	}
}

// TestCatalogSecurityHubAndConfigListed checks that the Security Hub and AWS
// Config tables list only controls some rule maps to: they describe what
// iamaudit reproduces, not the whole service.
func TestCatalogSecurityHubAndConfigListed(t *testing.T) {
	covered := rulesByControl()
	for _, id := range []string{FrameworkSecurityHub, FrameworkAWSConfig} {
		fw, _ := FrameworkByID(id)
		for _, c := range fw.Controls {
			if len(covered[id][c.ID]) == 0 {
				t.Errorf("%s %s %q is listed but no rule maps to it", id, c.ID, c.Title)
			}
		}
	}
}

// TestCatalogCISVersionsAgree checks that a rule citing CIS cites the same
// recommendation in every version: the title (case-insensitive) must match
// across versions, so a mis-shifted number (5.0 dropped 1.3, 6.0 moved IAM
// to section 2) is caught. Titles that CIS reworded between versions are
// normalised first.
func TestCatalogCISVersionsAgree(t *testing.T) {
	norm := strings.NewReplacer(
		"Do not create access keys during initial setup for IAM users with a console password",
		"Do not setup access keys during initial user setup for all IAM users that have a console password",
		"45 days or more", "45 days or greater",
		"only one active access key for any", "only one active access key available for any",
		"all expired SSL/TLS", "all the expired SSL/TLS",
		"IAM External Access Analyzer", "IAM Access analyzer",
		"Maintain current AWS account contact details", "Maintain current contact details",
	)
	fws := map[string]Framework{}
	for _, fw := range Frameworks() {
		fws[fw.ID] = fw
	}
	for _, r := range All() {
		var first, firstFW string
		for _, c := range r.Controls {
			if !strings.HasPrefix(c.Framework, "cis-") {
				continue
			}
			ctl, ok := fws[c.Framework].Control(c.ID)
			if !ok {
				continue // reported by TestCatalogControlsExist
			}
			title := strings.ToLower(norm.Replace(ctl.Title))
			if first == "" {
				first, firstFW = title, c.Framework+" "+c.ID
				continue
			}
			if title != first {
				t.Errorf("%s: %s %s is %q but %s is %q", r.ID, c.Framework, c.ID, ctl.Title, firstFW, first)
			}
		}
	}
}
