package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iamaudit/iamaudit/result"
)

// Framework identifiers used in rule controls and on the command line.
const (
	FrameworkCIS14       = "cis-aws-1.4"
	FrameworkCIS15       = "cis-aws-1.5"
	FrameworkCIS20       = "cis-aws-2.0"
	FrameworkCIS30       = "cis-aws-3.0"
	FrameworkCIS40       = "cis-aws-4.0"
	FrameworkCIS50       = "cis-aws-5.0"
	FrameworkCIS60       = "cis-aws-6.0"
	FrameworkCIS70       = "cis-aws-7.0"
	FrameworkSecurityHub = "aws-securityhub"
	FrameworkAWSConfig   = "aws-config"
)

// Framework is one compliance framework's IAM controls, in the framework's
// own order, so a per-control report reads like the benchmark it follows.
type Framework struct {
	ID      string
	Name    string
	Version string
	URL     string
	// Controls lists the framework's IAM controls. For CIS it is the whole
	// IAM section, manual controls included, so none is silently dropped.
	Controls []FrameworkControl
}

// FrameworkControl is one control of a framework.
type FrameworkControl struct {
	ID    string
	Title string
	// Automated is the framework's own assessment status (CIS "Automated"
	// vs "Manual"); every Security Hub and AWS Config control is automated.
	Automated bool
	// Retired marks a control the framework no longer evaluates; it is kept
	// so results that cite it still resolve.
	Retired bool
	// Note says what a reader must know to interpret the control's status,
	// e.g. that it needs evidence from a service iamaudit does not collect.
	Note string
}

// Control returns the control with the given ID.
func (f Framework) Control(id string) (FrameworkControl, bool) {
	for _, c := range f.Controls {
		if c.ID == id {
			return c, true
		}
	}
	return FrameworkControl{}, false
}

// Notes shared by controls iamaudit cannot assess. They name the missing
// evidence so a reader knows where to look instead.
const (
	noteContact = "IAM-ACCOUNT-CONTACT-DETAILS quotes the account's contact (account:GetContactInformation); " +
		"whether it is current and reaches more than one person is a human judgement."
	noteSecurityContact = "IAM-SECURITY-CONTACT checks that a SECURITY alternate contact is registered " +
		"(account:GetAlternateContact) and quotes it; whether it is the right team is a human judgement."
	noteSecurityQuestions = "No AWS API exposes security questions; check them in the console as the root user."
	noteInstanceRoles     = "Needs EC2 evidence (ec2:DescribeInstances in every region): a Describe* call, outside the " +
		"Get*/List* calls iamaudit limits itself to, so it is not collected."
	noteCentralUsers = "An organisational judgement across accounts: IAM-IDENTITY-FEDERATION quotes this account's " +
		"SAML and OIDC identity providers and IAM users for the reviewer; no single-account evidence decides it."
	noteOrgRootAccess = "Judged from the management account or IAM's delegated administrator " +
		"(iam:ListOrganizationsFeatures); a member account cannot see it."
	noteOrgGuardrails = "IAM-ORG-GUARDRAIL-POLICIES lists the customer SCPs and RCPs and their targets " +
		"(organizations:ListPolicies, ListTargetsForPolicy) from the management account; whether they implement " +
		"the organisation's baseline is a human judgement."
	noteOrgWorkloads = "Needs an inventory of the management account's resources in every service; " +
		"iamaudit collects IAM evidence only."
	noteOrgStructure        = "A judgement on the OU hierarchy's purpose (environment, sensitivity); no API states it."
	noteOrgPolicyDelegation = "Needs the Organizations delegation policy (organizations:DescribeResourcePolicy), " +
		"which iamaudit does not collect; ListDelegatedAdministrators does not show it."
	noteOrgDelegatedAdmins = "IAM-ORG-DELEGATED-ADMINS lists the delegated administrators " +
		"(organizations:ListDelegatedAdministrators) from the management account; whether each integrated " +
		"service in use has one is a human judgement."
	noteResourcePolicies = "Only IAM role trust policies are checked (IAM-ROLE-TRUST-ANY-PRINCIPAL); S3, SQS, SNS, " +
		"Lambda, KMS and other resource policies are outside the IAM evidence iamaudit collects."
)

const (
	automated = true
	manual    = false
)

func ctl(id, title string, auto bool) FrameworkControl {
	return FrameworkControl{ID: id, Title: title, Automated: auto}
}

func ctlNote(id, title string, auto bool, note string) FrameworkControl {
	return FrameworkControl{ID: id, Title: title, Automated: auto, Note: note}
}

const cisURL = "https://www.cisecurity.org/benchmark/amazon_web_services"

// Frameworks returns every supported framework. The CIS tables follow the
// benchmark documents (IAM section; numbers, titles and assessment status),
// cross-checked against Prowler's and Steampipe's CIS mappings; see
// docs/frameworks.md for sources and where they disagree.
func Frameworks() []Framework {
	return []Framework{
		cis14(), cis15(), cis20(), cis30(), cis40(), cis50(), cis60(), cis70(),
		securityHubFramework(), awsConfigFramework(),
	}
}

// FrameworkByID returns the framework with the given ID (case-insensitive).
func FrameworkByID(id string) (Framework, error) {
	want := strings.TrimSpace(id)
	var ids []string
	for _, f := range Frameworks() {
		if strings.EqualFold(f.ID, want) {
			return f, nil
		}
		ids = append(ids, f.ID)
	}
	return Framework{}, fmt.Errorf("unknown framework %q (valid: %s)", id, strings.Join(ids, ", "))
}

// ForFramework returns, in their original order, the rules that map to any
// control of the framework fw.
func ForFramework(rs []Rule, fw string) []Rule {
	var out []Rule
	for _, r := range rs {
		if slices.ContainsFunc(r.Controls, func(c result.Control) bool { return c.Framework == fw }) {
			out = append(out, r)
		}
	}
	return out
}

// ControlResults derives one status per control of fw, in framework order.
// catalog says which rules assess each control (normally All()); ran is the
// rules that were evaluated, whose results are in results:
//   - FAIL if any result of a mapped rule fails (a failure stands whatever
//     else ran);
//   - UNKNOWN when only some of the control's rules ran (--rule narrowed the
//     run): the others could have failed, so the note says "assessed by N of
//     M rules" and names those not run;
//   - else UNKNOWN if any result is unknown, else PASS if at least one passed;
//   - a control without rules is MANUAL when the framework calls it manual,
//     and UNKNOWN (with a note) when it is automated: an automated control
//     nobody checked must never read as compliant;
//   - a control whose rules produced no result (they were not run, or found
//     nothing to judge) is likewise UNKNOWN, or MANUAL for a manual control.
//
// Results with any other status (e.g. MANUAL) are not counted.
func ControlResults(fw Framework, catalog, ran []Rule, results []result.Result) []result.ControlResult {
	return controlResults(fw, catalog, ran, tallyRules(results))
}

// FrameworksControlResults is ControlResults of each framework in turn,
// joined, the results counted once for all.
func FrameworksControlResults(fws []Framework, catalog, ran []Rule, results []result.Result) []result.ControlResult {
	byRule := tallyRules(results)
	var out []result.ControlResult
	for _, fw := range fws {
		out = append(out, controlResults(fw, catalog, ran, byRule)...)
	}
	return out
}

// ruleTally is one rule's results counted by status: counts, not copies
// of the results, which are hundreds of thousands in an organization.
type ruleTally struct {
	pass, fail, unknown int
	manual              []string // MANUAL results' reasons, quoted in the control's note
}

// tallyRules counts results by rule and status.
func tallyRules(results []result.Result) map[string]*ruleTally {
	byRule := map[string]*ruleTally{}
	var n *ruleTally
	for i := range results {
		res := &results[i]
		// A rule's results come together (rule order, or report order):
		// one map lookup per run of them, not per result.
		if i == 0 || res.RuleID != results[i-1].RuleID {
			if n = byRule[res.RuleID]; n == nil {
				n = &ruleTally{}
				byRule[res.RuleID] = n
			}
		}
		switch res.Status {
		case result.Pass:
			n.pass++
		case result.Fail:
			n.fail++
		case result.Unknown:
			n.unknown++
		case result.Manual:
			n.manual = append(n.manual, res.Reason)
		}
	}
	return byRule
}

func controlResults(fw Framework, catalog, ran []Rule, byRule map[string]*ruleTally) []result.ControlResult {
	rulesFor := map[string][]string{}
	for _, rs := range [][]Rule{catalog, ran} {
		for _, r := range rs {
			for _, c := range r.Controls {
				if c.Framework == fw.ID && !slices.Contains(rulesFor[c.ID], r.ID) {
					rulesFor[c.ID] = append(rulesFor[c.ID], r.ID)
				}
			}
		}
	}
	didRun := make(map[string]bool, len(ran))
	for _, r := range ran {
		didRun[r.ID] = true
	}
	out := make([]result.ControlResult, 0, len(fw.Controls))
	for _, c := range fw.Controls {
		cr := result.ControlResult{
			Framework: fw.ID, ID: c.ID, Title: c.Title, Automated: c.Automated,
			Rules: slices.Clone(rulesFor[c.ID]),
		}
		var notRun []string
		var manualQuotes []string
		for _, id := range cr.Rules {
			if !didRun[id] {
				notRun = append(notRun, id)
				continue
			}
			if n := byRule[id]; n != nil {
				cr.Passed += n.pass
				cr.Failed += n.fail
				cr.Unknown += n.unknown
				for _, q := range n.manual {
					manualQuotes = append(manualQuotes, id+": "+q)
				}
			}
		}
		var note string
		if len(notRun) > 0 {
			note = fmt.Sprintf("assessed by %d of %d rules (not run: %s)", len(cr.Rules)-len(notRun), len(cr.Rules), strings.Join(notRun, ", "))
		}
		switch {
		case len(cr.Rules) == 0 && !c.Automated:
			cr.Status = result.Manual
		case len(cr.Rules) == 0:
			cr.Status = result.Unknown
			note = "no iamaudit rule assesses this automated control"
		case cr.Failed > 0:
			cr.Status = result.Fail
		case len(notRun) > 0 && !c.Automated && cr.Unknown == 0 && cr.Passed == 0:
			cr.Status = result.Manual
		case len(notRun) > 0:
			cr.Status = result.Unknown
		case cr.Unknown > 0:
			cr.Status = result.Unknown
		case cr.Passed > 0:
			cr.Status = result.Pass
		case !c.Automated && len(manualQuotes) > 0:
			// The rules quoted the evidence and left the verdict to a
			// person: the control view shows it, so the reviewer need not
			// look for the results.
			cr.Status = result.Manual
			note = "for a reviewer: " + strings.Join(manualQuotes, "; ")
		case !c.Automated:
			cr.Status = result.Manual
			note = "the mapped rules produced no result (" + strings.Join(cr.Rules, ", ") + ")"
		default:
			cr.Status = result.Unknown
			note = "the mapped rules produced no result (" + strings.Join(cr.Rules, ", ") + ")"
		}
		if !c.Automated && len(cr.Rules) > 0 && cr.Status != result.Manual {
			// A manual control's rule checks only what the evidence shows;
			// the judgement the benchmark asks for stays with a human.
			note = joinNotes(note, "manual control: the rules check what the evidence shows; confirm the rest by hand")
		}
		cr.Note = joinNotes(note, c.Note)
		out = append(out, cr)
	}
	return out
}

func joinNotes(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}

// The CIS tables. Numbers, titles and Automated/Manual status come from the
// benchmark PDFs as mirrored by Prowler (prowler/compliance/aws/cis_*_aws.json)
// and Steampipe (steampipe-mod-aws-compliance cis_v*/section_*.pp).

func cis14() Framework {
	return Framework{
		ID: FrameworkCIS14, Name: "CIS Amazon Web Services Foundations Benchmark v1.4.0", Version: "1.4.0", URL: cisURL,
		Controls: []FrameworkControl{
			ctlNote("1.1", "Maintain current contact details", manual, noteContact),
			ctlNote("1.2", "Ensure security contact information is registered", manual, noteSecurityContact),
			ctlNote("1.3", "Ensure security questions are registered in the AWS account", manual, noteSecurityQuestions),
			ctl("1.4", "Ensure no 'root' user account access key exists", automated),
			ctl("1.5", "Ensure MFA is enabled for the 'root' user account", automated),
			ctl("1.6", "Ensure hardware MFA is enabled for the 'root' user account", automated),
			ctl("1.7", "Eliminate use of the 'root' user for administrative and daily tasks", automated),
			ctl("1.8", "Ensure IAM password policy requires minimum length of 14 or greater", automated),
			ctl("1.9", "Ensure IAM password policy prevents password reuse", automated),
			ctl("1.10", "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password", automated),
			ctl("1.11", "Do not setup access keys during initial user setup for all IAM users that have a console password", manual),
			ctl("1.12", "Ensure credentials unused for 45 days or greater are disabled", automated),
			ctl("1.13", "Ensure there is only one active access key available for any single IAM user", automated),
			ctl("1.14", "Ensure access keys are rotated every 90 days or less", automated),
			ctl("1.15", "Ensure IAM Users Receive Permissions Only Through Groups", automated),
			ctl("1.16", `Ensure IAM policies that allow full "*:*" administrative privileges are not attached`, automated),
			ctl("1.17", "Ensure a support role has been created to manage incidents with AWS Support", automated),
			ctlNote("1.18", "Ensure IAM instance roles are used for AWS resource access from instances", manual, noteInstanceRoles),
			ctl("1.19", "Ensure that all the expired SSL/TLS certificates stored in AWS IAM are removed", automated),
			ctl("1.20", "Ensure that IAM Access analyzer is enabled for all regions", automated),
			ctlNote("1.21", "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments", manual, noteCentralUsers),
		},
	}
}

func cis15() Framework {
	return Framework{
		ID: FrameworkCIS15, Name: "CIS Amazon Web Services Foundations Benchmark v1.5.0", Version: "1.5.0", URL: cisURL,
		Controls: []FrameworkControl{
			ctlNote("1.1", "Maintain current contact details", manual, noteContact),
			ctlNote("1.2", "Ensure security contact information is registered", manual, noteSecurityContact),
			ctlNote("1.3", "Ensure security questions are registered in the AWS account", manual, noteSecurityQuestions),
			ctl("1.4", "Ensure no 'root' user account access key exists", automated),
			ctl("1.5", "Ensure MFA is enabled for the 'root' user account", automated),
			ctl("1.6", "Ensure hardware MFA is enabled for the 'root' user account", automated),
			ctl("1.7", "Eliminate use of the 'root' user for administrative and daily tasks", automated),
			ctl("1.8", "Ensure IAM password policy requires minimum length of 14 or greater", automated),
			ctl("1.9", "Ensure IAM password policy prevents password reuse", automated),
			ctl("1.10", "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password", automated),
			// 1.5.0 made 1.11 Automated; 1.4.0 and 3.0.0+ have it Manual.
			ctl("1.11", "Do not setup access keys during initial user setup for all IAM users that have a console password", automated),
			ctl("1.12", "Ensure credentials unused for 45 days or greater are disabled", automated),
			ctl("1.13", "Ensure there is only one active access key available for any single IAM user", automated),
			ctl("1.14", "Ensure access keys are rotated every 90 days or less", automated),
			ctl("1.15", "Ensure IAM Users Receive Permissions Only Through Groups", automated),
			ctl("1.16", `Ensure IAM policies that allow full "*:*" administrative privileges are not attached`, automated),
			ctl("1.17", "Ensure a support role has been created to manage incidents with AWS Support", automated),
			ctlNote("1.18", "Ensure IAM instance roles are used for AWS resource access from instances", manual, noteInstanceRoles),
			ctl("1.19", "Ensure that all the expired SSL/TLS certificates stored in AWS IAM are removed", automated),
			ctl("1.20", "Ensure that IAM Access analyzer is enabled for all regions", automated),
			ctlNote("1.21", "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments", manual, noteCentralUsers),
		},
	}
}

// cis20 is CIS v2.0.0: the v1.5.0 IAM section plus 1.22 (CloudShell), with
// the Automated/Manual set v3.0.0 keeps (1.6, 1.7 and 1.11 Manual, 1.18
// Automated). Prowler's mapping copies v1.5.0's set; see docs/frameworks.md.
func cis20() Framework {
	return Framework{
		ID: FrameworkCIS20, Name: "CIS Amazon Web Services Foundations Benchmark v2.0.0", Version: "2.0.0", URL: cisURL,
		Controls: []FrameworkControl{
			ctlNote("1.1", "Maintain current contact details", manual, noteContact),
			ctlNote("1.2", "Ensure security contact information is registered", manual, noteSecurityContact),
			ctlNote("1.3", "Ensure security questions are registered in the AWS account", manual, noteSecurityQuestions),
			ctl("1.4", "Ensure no 'root' user account access key exists", automated),
			ctl("1.5", "Ensure MFA is enabled for the 'root' user account", automated),
			ctl("1.6", "Ensure hardware MFA is enabled for the 'root' user account", manual),
			ctl("1.7", "Eliminate use of the 'root' user for administrative and daily tasks", manual),
			ctl("1.8", "Ensure IAM password policy requires minimum length of 14 or greater", automated),
			ctl("1.9", "Ensure IAM password policy prevents password reuse", automated),
			ctl("1.10", "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password", automated),
			ctl("1.11", "Do not setup access keys during initial user setup for all IAM users that have a console password", manual),
			ctl("1.12", "Ensure credentials unused for 45 days or greater are disabled", automated),
			ctl("1.13", "Ensure there is only one active access key available for any single IAM user", automated),
			ctl("1.14", "Ensure access keys are rotated every 90 days or less", automated),
			ctl("1.15", "Ensure IAM Users Receive Permissions Only Through Groups", automated),
			ctl("1.16", `Ensure IAM policies that allow full "*:*" administrative privileges are not attached`, automated),
			ctl("1.17", "Ensure a support role has been created to manage incidents with AWS Support", automated),
			ctlNote("1.18", "Ensure IAM instance roles are used for AWS resource access from instances", automated, noteInstanceRoles),
			ctl("1.19", "Ensure that all the expired SSL/TLS certificates stored in AWS IAM are removed", automated),
			ctl("1.20", "Ensure that IAM Access analyzer is enabled for all regions", automated),
			ctlNote("1.21", "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments", manual, noteCentralUsers),
			ctl("1.22", "Ensure access to AWSCloudShellFullAccess is restricted", manual),
		},
	}
}

func cis30() Framework {
	return Framework{
		ID: FrameworkCIS30, Name: "CIS Amazon Web Services Foundations Benchmark v3.0.0", Version: "3.0.0", URL: cisURL,
		Controls: []FrameworkControl{
			ctlNote("1.1", "Maintain current contact details", manual, noteContact),
			ctlNote("1.2", "Ensure security contact information is registered", manual, noteSecurityContact),
			ctlNote("1.3", "Ensure security questions are registered in the AWS account", manual, noteSecurityQuestions),
			ctl("1.4", "Ensure no 'root' user account access key exists", automated),
			ctl("1.5", "Ensure MFA is enabled for the 'root' user account", automated),
			ctl("1.6", "Ensure hardware MFA is enabled for the 'root' user account", manual),
			ctl("1.7", "Eliminate use of the 'root' user for administrative and daily tasks", manual),
			ctl("1.8", "Ensure IAM password policy requires minimum length of 14 or greater", automated),
			ctl("1.9", "Ensure IAM password policy prevents password reuse", automated),
			ctl("1.10", "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password", automated),
			ctl("1.11", "Do not setup access keys during initial user setup for all IAM users that have a console password", manual),
			ctl("1.12", "Ensure credentials unused for 45 days or greater are disabled", automated),
			ctl("1.13", "Ensure there is only one active access key available for any single IAM user", automated),
			ctl("1.14", "Ensure access keys are rotated every 90 days or less", automated),
			ctl("1.15", "Ensure IAM Users Receive Permissions Only Through Groups", automated),
			ctl("1.16", `Ensure IAM policies that allow full "*:*" administrative privileges are not attached`, automated),
			ctl("1.17", "Ensure a support role has been created to manage incidents with AWS Support", automated),
			ctlNote("1.18", "Ensure IAM instance roles are used for AWS resource access from instances", automated, noteInstanceRoles),
			ctl("1.19", "Ensure that all the expired SSL/TLS certificates stored in AWS IAM are removed", automated),
			ctl("1.20", "Ensure that IAM Access analyzer is enabled for all regions", automated),
			ctlNote("1.21", "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments", manual, noteCentralUsers),
			ctl("1.22", "Ensure access to AWSCloudShellFullAccess is restricted", manual),
		},
	}
}

// cis40 is CIS v4.0.0, which the v4.0.1 maintenance release leaves
// unchanged in the IAM section (numbers and Manual set); see
// docs/frameworks.md for how far that was checked.
func cis40() Framework {
	return Framework{
		ID: FrameworkCIS40, Name: "CIS Amazon Web Services Foundations Benchmark v4.0.0", Version: "4.0.0", URL: cisURL,
		Controls: []FrameworkControl{
			ctlNote("1.1", "Maintain current contact details", manual, noteContact),
			ctlNote("1.2", "Ensure security contact information is registered", manual, noteSecurityContact),
			ctlNote("1.3", "Ensure security questions are registered in the AWS account", manual, noteSecurityQuestions),
			ctl("1.4", "Ensure no 'root' user account access key exists", automated),
			ctl("1.5", "Ensure MFA is enabled for the 'root' user account", automated),
			ctl("1.6", "Ensure hardware MFA is enabled for the 'root' user account", manual),
			ctl("1.7", "Eliminate use of the 'root' user for administrative and daily tasks", manual),
			ctl("1.8", "Ensure IAM password policy requires minimum length of 14 or greater", automated),
			ctl("1.9", "Ensure IAM password policy prevents password reuse", automated),
			ctl("1.10", "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password", automated),
			ctl("1.11", "Do not create access keys during initial setup for IAM users with a console password", manual),
			ctl("1.12", "Ensure credentials unused for 45 days or more are disabled", automated),
			ctl("1.13", "Ensure there is only one active access key for any single IAM user", automated),
			ctl("1.14", "Ensure access keys are rotated every 90 days or less", automated),
			ctl("1.15", "Ensure IAM Users Receive Permissions Only Through Groups", automated),
			ctl("1.16", `Ensure IAM policies that allow full "*:*" administrative privileges are not attached`, automated),
			ctl("1.17", "Ensure a support role has been created to manage incidents with AWS Support", automated),
			ctlNote("1.18", "Ensure IAM instance roles are used for AWS resource access from instances", automated, noteInstanceRoles),
			ctl("1.19", "Ensure that all expired SSL/TLS certificates stored in AWS IAM are removed", automated),
			ctl("1.20", "Ensure that IAM Access analyzer is enabled for all regions", automated),
			ctlNote("1.21", "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments", manual, noteCentralUsers),
			ctl("1.22", "Ensure access to AWSCloudShellFullAccess is restricted", manual),
		},
	}
}

// cis50 is CIS v5.0.0, which dropped "security questions" (1.3 in earlier
// versions), so every later IAM control moved down by one.
func cis50() Framework {
	return Framework{
		ID: FrameworkCIS50, Name: "CIS Amazon Web Services Foundations Benchmark v5.0.0", Version: "5.0.0", URL: cisURL,
		Controls: []FrameworkControl{
			ctlNote("1.1", "Maintain current contact details", manual, noteContact),
			ctlNote("1.2", "Ensure security contact information is registered", manual, noteSecurityContact),
			ctl("1.3", "Ensure no 'root' user account access key exists", automated),
			ctl("1.4", "Ensure MFA is enabled for the 'root' user account", automated),
			ctl("1.5", "Ensure hardware MFA is enabled for the 'root' user account", manual),
			ctl("1.6", "Eliminate use of the 'root' user for administrative and daily tasks", manual),
			ctl("1.7", "Ensure IAM password policy requires minimum length of 14 or greater", automated),
			ctl("1.8", "Ensure IAM password policy prevents password reuse", automated),
			ctl("1.9", "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password", automated),
			ctl("1.10", "Do not create access keys during initial setup for IAM users with a console password", manual),
			ctl("1.11", "Ensure credentials unused for 45 days or more are disabled", automated),
			ctl("1.12", "Ensure there is only one active access key for any single IAM user", automated),
			ctl("1.13", "Ensure access keys are rotated every 90 days or less", automated),
			ctl("1.14", "Ensure IAM Users Receive Permissions Only Through Groups", automated),
			ctl("1.15", `Ensure IAM policies that allow full "*:*" administrative privileges are not attached`, automated),
			ctl("1.16", "Ensure a support role has been created to manage incidents with AWS Support", automated),
			ctlNote("1.17", "Ensure IAM instance roles are used for AWS resource access from instances", automated, noteInstanceRoles),
			ctl("1.18", "Ensure that all expired SSL/TLS certificates stored in AWS IAM are removed", automated),
			ctl("1.19", "Ensure that IAM External Access Analyzer is enabled for all regions", automated),
			ctlNote("1.20", "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments", manual, noteCentralUsers),
			ctl("1.21", "Ensure access to AWSCloudShellFullAccess is restricted", manual),
		},
	}
}

// cis60 is CIS v6.0.0, which moved IAM to section 2 (section 1 became
// introductory); the controls and their order are those of v5.0.0, so
// 5.0 "1.n" is 6.0 "2.n".
func cis60() Framework {
	return Framework{
		ID: FrameworkCIS60, Name: "CIS Amazon Web Services Foundations Benchmark v6.0.0", Version: "6.0.0", URL: cisURL,
		Controls: []FrameworkControl{
			ctlNote("2.1", "Maintain current contact details", manual, noteContact),
			ctlNote("2.2", "Ensure security contact information is registered", manual, noteSecurityContact),
			ctl("2.3", "Ensure no 'root' user account access key exists", automated),
			ctl("2.4", "Ensure MFA is enabled for the 'root' user account", automated),
			ctl("2.5", "Ensure hardware MFA is enabled for the 'root' user account", manual),
			ctl("2.6", "Eliminate use of the 'root' user for administrative and daily tasks", manual),
			ctl("2.7", "Ensure IAM password policy requires minimum length of 14 or greater", automated),
			ctl("2.8", "Ensure IAM password policy prevents password reuse", automated),
			ctl("2.9", "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password", automated),
			ctl("2.10", "Do not create access keys during initial setup for IAM users with a console password", manual),
			ctl("2.11", "Ensure credentials unused for 45 days or more are disabled", automated),
			ctl("2.12", "Ensure there is only one active access key for any single IAM user", automated),
			ctl("2.13", "Ensure access keys are rotated every 90 days or less", automated),
			ctl("2.14", "Ensure IAM users receive permissions only through groups", automated),
			ctl("2.15", `Ensure IAM policies that allow full "*:*" administrative privileges are not attached`, automated),
			ctl("2.16", "Ensure a support role has been created to manage incidents with AWS Support", automated),
			ctlNote("2.17", "Ensure IAM instance roles are used for AWS resource access from instances", automated, noteInstanceRoles),
			ctl("2.18", "Ensure that all expired SSL/TLS certificates stored in AWS IAM are removed", automated),
			ctl("2.19", "Ensure that IAM External Access Analyzer is enabled for all regions", automated),
			ctlNote("2.20", "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments", manual, noteCentralUsers),
			ctl("2.21", "Ensure access to AWSCloudShellFullAccess is restricted", manual),
		},
	}
}

// cis70 is CIS v7.0.0. IAM stays section 2 but opens with six
// organization-level recommendations (2.1.x, all Manual); contact details
// follow (2.2, 2.3); "security questions" stays gone and "one active key"
// and "no access keys at initial setup" are dropped, so 6.0 2.n is 7.0 2.(n+1)
// up to 2.9 and 2.(n-1) or 2.(n-2) after; 2.21 (Principal "*" in resource
// policies) is new. Numbers, titles and status follow Prowler's cis_7.0
// mapping (Steampipe has none yet); see docs/frameworks.md.
func cis70() Framework {
	return Framework{
		ID: FrameworkCIS70, Name: "CIS Amazon Web Services Foundations Benchmark v7.0.0", Version: "7.0.0", URL: cisURL,
		Controls: []FrameworkControl{
			ctlNote("2.1.1", "Ensure centralized root access in AWS Organizations", manual, noteOrgRootAccess),
			ctlNote("2.1.2", "Ensure authorization guardrails for all AWS Organization accounts", manual, noteOrgGuardrails),
			ctlNote("2.1.3", "Ensure Organizations management account is not used for workloads", manual, noteOrgWorkloads),
			ctlNote("2.1.4", "Ensure Organizational Units are structured by environment and sensitivity", manual, noteOrgStructure),
			ctlNote("2.1.5", "Ensure delegated admin manages AWS Organizations policies", manual, noteOrgPolicyDelegation),
			ctlNote("2.1.6", "Ensure delegated admins manage AWS Organizations-integrated services", manual, noteOrgDelegatedAdmins),
			ctlNote("2.2", "Maintain current AWS account contact details", manual, noteContact),
			ctlNote("2.3", "Ensure security contact information is registered", manual, noteSecurityContact),
			ctl("2.4", "Ensure no 'root' user account access key exists", automated),
			ctl("2.5", "Ensure MFA is enabled for the 'root' user account", automated),
			ctl("2.6", "Ensure hardware MFA is enabled for the 'root' user account", manual),
			ctl("2.7", "Eliminate use of the 'root' user for administrative and daily tasks", manual),
			ctl("2.8", "Ensure IAM password policy requires minimum length of 14 or greater", automated),
			ctl("2.9", "Ensure IAM password policy prevents password reuse", automated),
			ctl("2.10", "Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password", automated),
			ctl("2.11", "Ensure credentials unused for 45 days or more are disabled", automated),
			ctl("2.12", "Ensure access keys are rotated every 90 days or less", automated),
			ctl("2.13", "Ensure IAM users receive permissions only through groups", automated),
			ctl("2.14", `Ensure IAM policies that allow full "*:*" administrative privileges are not attached`, automated),
			ctl("2.15", "Ensure a support role has been created to manage incidents with AWS Support", automated),
			ctlNote("2.16", "Ensure IAM instance roles are used for AWS resource access from instances", automated, noteInstanceRoles),
			ctl("2.17", "Ensure that all expired SSL/TLS certificates stored in AWS IAM are removed", automated),
			ctl("2.18", "Ensure that IAM External Access Analyzer is enabled for all regions", automated),
			ctlNote("2.19", "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments", manual, noteCentralUsers),
			ctl("2.20", "Ensure access to AWSCloudShellFullAccess is restricted", manual),
			ctlNote("2.21", "Ensure AWS resource policies do not allow unrestricted access using 'Principal': '*'", manual, noteResourcePolicies),
		},
	}
}

// securityHubFramework lists the Security Hub CSPM IAM controls that iamaudit
// rules map to (titles from the Security Hub user guide; severity and the
// backing AWS Config rule in the note). It is not the full IAM.n list: the
// tag controls (IAM.23-25) have no iamaudit rule.
func securityHubFramework() Framework {
	sh := func(id, title, sev, configRule string) FrameworkControl {
		return ctlNote(id, title, automated, "Severity "+sev+"; AWS Config rule "+configRule)
	}
	// IAM.20 was retired in April 2024. It checked for a CloudWatch alarm on
	// root use (CIS 1.2.0 1.1), not the root user's last use; it is listed
	// because the root-use rule cites it, so the reader sees it is retired.
	retired := ctlNote("IAM.20", "Avoid the use of the root user", automated,
		"Retired by Security Hub CSPM in April 2024 (was Low, custom rule use-of-root-account-test, which "+
			"looked for a CloudWatch alarm on root use rather than at the root user's last use)")
	retired.Retired = true
	return Framework{
		ID: FrameworkSecurityHub, Name: "AWS Security Hub CSPM controls (IAM)", Version: "current",
		URL: "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html",
		Controls: []FrameworkControl{
			sh("IAM.1", `IAM policies should not allow full "*" administrative privileges`, "High", "iam-policy-no-statements-with-admin-access"),
			sh("IAM.2", "IAM users should not have IAM policies attached", "Low", "iam-user-no-policies-check"),
			sh("IAM.3", "IAM users' access keys should be rotated every 90 days or less", "Medium", "access-keys-rotated"),
			sh("IAM.4", "IAM root user access key should not exist", "Critical", "iam-root-access-key-check"),
			sh("IAM.5", "MFA should be enabled for all IAM users that have a console password", "Medium", "mfa-enabled-for-iam-console-access"),
			sh("IAM.6", "Hardware MFA should be enabled for the root user", "Critical", "root-account-hardware-mfa-enabled"),
			sh("IAM.7", "Password policies for IAM users should have strong configurations", "Medium", "iam-password-policy"),
			sh("IAM.8", "Unused IAM user credentials should be removed", "Medium", "iam-user-unused-credentials-check (maxCredentialUsageAge 90)"),
			sh("IAM.9", "MFA should be enabled for the root user", "Critical", "root-account-mfa-enabled"),
			sh("IAM.11", "Ensure IAM password policy requires at least one uppercase letter", "Medium", "iam-password-policy"),
			sh("IAM.12", "Ensure IAM password policy requires at least one lowercase letter", "Medium", "iam-password-policy"),
			sh("IAM.13", "Ensure IAM password policy requires at least one symbol", "Medium", "iam-password-policy"),
			sh("IAM.14", "Ensure IAM password policy requires at least one number", "Medium", "iam-password-policy"),
			sh("IAM.15", "Ensure IAM password policy requires minimum password length of 14 or greater", "Medium", "iam-password-policy"),
			sh("IAM.16", "Ensure IAM password policy prevents password reuse", "Low", "iam-password-policy"),
			sh("IAM.17", "Ensure IAM password policy expires passwords within 90 days or less", "Low", "iam-password-policy"),
			sh("IAM.18", "Ensure a support role has been created to manage incidents with AWS Support", "Low", "iam-policy-in-use"),
			sh("IAM.19", "MFA should be enabled for all IAM users", "Medium", "iam-user-mfa-enabled"),
			retired,
			sh("IAM.21", "IAM customer managed policies that you create should not allow wildcard actions for services", "Low", "iam-policy-no-statements-with-full-access"),
			sh("IAM.22", "IAM user credentials unused for 45 days should be removed", "Medium", "iam-user-unused-credentials-check (maxCredentialUsageAge 45)"),
			sh("IAM.26", "Expired SSL/TLS certificates managed in IAM should be removed", "Medium", "iam-server-certificate-expiration-check"),
			sh("IAM.27", "IAM identities should not have the AWSCloudShellFullAccess policy attached", "Medium", "iam-policy-blacklisted-check"),
			sh("IAM.28", "IAM Access Analyzer external access analyzer should be enabled", "High", "iam-external-access-analyzer-enabled"),
		},
	}
}

// awsConfigFramework lists the AWS Config managed rules that iamaudit rules
// reproduce. The control ID is the managed rule's identifier as it appears in
// the AWS Config developer guide.
func awsConfigFramework() Framework {
	cfg := func(id, title string) FrameworkControl { return ctl(id, title, automated) }
	return Framework{
		ID: FrameworkAWSConfig, Name: "AWS Config managed rules (IAM)", Version: "current",
		URL: "https://docs.aws.amazon.com/config/latest/developerguide/managed-rules-by-aws-config.html",
		Controls: []FrameworkControl{
			cfg("iam-root-access-key-check", "The root user has no access key"),
			cfg("root-account-mfa-enabled", "The root user has MFA enabled"),
			cfg("root-account-hardware-mfa-enabled", "The root user has a hardware MFA device"),
			cfg("iam-password-policy", "The account password policy meets the configured requirements"),
			cfg("mfa-enabled-for-iam-console-access", "IAM users with a console password have MFA"),
			cfg("iam-user-mfa-enabled", "Every IAM user has MFA"),
			cfg("iam-user-unused-credentials-check", "IAM user passwords and active access keys were used within the configured number of days"),
			cfg("access-keys-rotated", "Active access keys were rotated within maxAccessKeyAge days"),
			cfg("iam-user-no-policies-check", "No IAM user has policies attached directly"),
			cfg("iam-no-inline-policy-check", "No IAM user, group or role has an inline policy"),
			cfg("iam-user-group-membership-check", "Every IAM user is a member of at least one group"),
			cfg("iam-group-has-users-check", "Every IAM group has at least one user"),
			cfg("iam-policy-no-statements-with-admin-access", `No customer managed policy allows "*" actions on "*" resources`),
			cfg("iam-policy-no-statements-with-full-access", "No customer managed policy allows a service's full set of actions (\"svc:*\")"),
			cfg("iam-policy-in-use", "A given IAM policy (AWSSupportAccess for CIS) is attached to a user, group or role"),
			cfg("iam-policy-blacklisted-check", "No IAM identity has a denied policy (AWSCloudShellFullAccess for CIS) attached"),
			cfg("iam-server-certificate-expiration-check", "No IAM server certificate has expired"),
			cfg("iam-external-access-analyzer-enabled", "An IAM Access Analyzer for external access is ACTIVE in the region"),
		},
	}
}
