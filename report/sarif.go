package report

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"

	"github.com/iamaudit/iamaudit/result"
)

// SARIFWriter writes SARIF 2.1.0 that GitHub code scanning accepts: one
// reportingDescriptor per rule evaluated (rules without a result included,
// so a dashboard shows what was checked), each with fullDescription, help
// (text and markdown, with the remediation) and helpUri, and one result per
// FAIL or UNKNOWN result.
//
// Every result has a physicalLocation, which code scanning requires,
// although an AWS resource is no file: its artifact URI is the stable,
// relative path ArtifactURI builds from the account and the resource's ARN,
// with region startLine 1. The ARN itself is kept as a logical location.
// partialFingerprints carries the FindingID, so an alert keeps its identity
// across runs and never depends on a line hash of a file that does not exist.
//
// FAIL results have kind "fail" and a level by severity (critical and high:
// error, medium: warning, low and info: note). UNKNOWN results have kind
// "open" — SARIF's "not enough information to decide" — and, as SARIF
// §3.27.10 requires for any kind other than "fail", level "none"; their
// severity is kept in properties.severity. PASS and MANUAL results are left
// out: SARIF consumers treat every result as something to act on.
type SARIFWriter struct{}

const (
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifVersion = "2.1.0"
	// sarifFingerprint keys partialFingerprints; "/v1" versions the
	// FindingID scheme, as SARIF §3.27.17 recommends.
	sarifFingerprint = "iamauditFindingId/v1"
	// sarifMaxTags is GitHub code scanning's limit on tags per rule.
	sarifMaxTags = 20
	// InformationURI is the tool's home page, for SARIF and OCSF.
	InformationURI = "https://github.com/iamaudit/iamaudit"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool              sarifTool        `json:"tool"`
	AutomationDetails *sarifAutomation `json:"automationDetails,omitempty"`
	Results           []sarifResult    `json:"results"`
	Properties        map[string]any   `json:"properties,omitempty"`
}

type sarifAutomation struct {
	ID string `json:"id"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri"`
	Rules           []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifMultiformat struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string           `json:"id"`
	Name                 string           `json:"name,omitempty"`
	ShortDescription     sarifText        `json:"shortDescription"`
	FullDescription      sarifText        `json:"fullDescription"`
	Help                 sarifMultiformat `json:"help"`
	HelpURI              string           `json:"helpUri"`
	DefaultConfiguration sarifConfig      `json:"defaultConfiguration"`
	Properties           map[string]any   `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Kind                string            `json:"kind"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	// Suppressions is set for a SUPPRESSED result: code scanning shows the
	// alert as dismissed, with the justification.
	Suppressions []sarifSuppression `json:"suppressions,omitempty"`
	Properties   map[string]any     `json:"properties"`
}

// sarifSuppression is SARIF 2.1.0's suppression object (section 3.35): an
// "external" suppression (kept outside the scanned artifact: the --config
// file), "accepted" (reviewed, with an owner), justified by its reason.
type sarifSuppression struct {
	Kind          string         `json:"kind"`
	Status        string         `json:"status"`
	Justification string         `json:"justification"`
	Properties    map[string]any `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical  `json:"physicalLocation"`
	LogicalLocations []sarifLogical `json:"logicalLocations"`
	Message          *sarifText     `json:"message,omitempty"`
	Properties       map[string]any `json:"properties,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogical struct {
	Name               string `json:"name,omitempty"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// sarifLevel maps a failing result's severity to a SARIF level.
func sarifLevel(s result.Severity) string {
	switch s {
	case result.Critical, result.High:
		return "error"
	case result.Medium:
		return "warning"
	}
	return "note"
}

// securitySeverity is the CVSS-like number GitHub code scanning reads from
// rule properties["security-severity"] to rank alerts (critical > 9.0, high
// 7.0–8.9, medium 4.0–6.9, low 0.1–3.9); 0 keeps INFO out.
func securitySeverity(s result.Severity) string {
	switch s {
	case result.Critical:
		return "9.5"
	case result.High:
		return "8.0"
	case result.Medium:
		return "5.5"
	case result.Low:
		return "3.0"
	}
	return "0.0"
}

// ArtifactURI is the stable relative URI SARIF uses as a result's
// physicalLocation, since an AWS resource is no file in a repository:
//
//	aws/<account-id>/<service>/<region or "global">/<resource path>
//
// from the resource's ARN (arn:partition:service:region:account:resource),
// the resource's ':' and '/' separators becoming path segments, each
// segment percent-encoded. A resource without an ARN (an account-level
// setting named "AWS::::Account:<id>") becomes aws/<account-id>/account/
// followed by the encoded name. The partition is left out: an account ID
// belongs to exactly one partition. The URI depends only on account and
// resource, so it is the same in every run.
func ArtifactURI(accountID, resource string) string {
	acct := accountID
	if acct == "" {
		acct = "unknown-account"
	}
	segs := []string{"aws", url.PathEscape(acct)}
	parts := strings.SplitN(resource, ":", 6)
	if len(parts) == 6 && parts[0] == "arn" {
		if parts[4] != "" && parts[4] != accountID {
			// A resource of another account (an AWS-managed policy has
			// none) keeps its owner visible in the path.
			segs[1] = url.PathEscape(parts[4])
		} else if parts[4] == "" {
			segs[1] = "aws-managed"
		}
		region := parts[3]
		if region == "" {
			region = "global"
		}
		segs = append(segs, url.PathEscape(parts[2]), url.PathEscape(region))
		for _, s := range strings.FieldsFunc(parts[5], func(r rune) bool { return r == '/' || r == ':' }) {
			segs = append(segs, url.PathEscape(s))
		}
		return strings.Join(segs, "/")
	}
	segs = append(segs, "account")
	if resource != "" {
		segs = append(segs, url.PathEscape(resource))
	}
	return strings.Join(segs, "/")
}

// semverRE matches a Semantic Versioning 2.0 version, with an optional "v".
var semverRE = regexp.MustCompile(`^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$`)

// SemanticVersion renders a tool version as SemVer 2.0: a release version
// without its "v"; anything else (a development build "dev-1a2b3c") as the
// pre-release 0.0.0-<version>, so it sorts before every release.
func SemanticVersion(v string) string {
	if m := semverRE.FindStringSubmatch(v); m != nil {
		return m[1]
	}
	clean := strings.Map(func(r rune) rune {
		if r == '.' || r == '-' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
			return r
		}
		return '-'
	}, v)
	clean = strings.Trim(clean, ".-")
	if clean == "" {
		clean = "unknown"
	}
	return "0.0.0-" + clean
}

// helpURI is where a reader learns more about a rule: its first reference
// (AWS or CIS documentation), else the tool's page.
func helpURI(ri result.RuleInfo) string {
	for _, ref := range ri.References {
		if u, err := url.Parse(ref); err == nil && u.IsAbs() {
			return ref
		}
	}
	return InformationURI
}

// ruleMarkdown is a rule's help in Markdown: rationale, remediation, CLI
// commands, controls and references.
func ruleMarkdown(ri result.RuleInfo) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (%s)\n\n", ri.Title, ri.Severity)
	if ri.Rationale != "" {
		fmt.Fprintf(&b, "%s\n\n", ri.Rationale)
	}
	if ri.Remediation != "" {
		fmt.Fprintf(&b, "**Remediation:** %s\n\n", ri.Remediation)
	}
	if len(ri.RemediationCLI) > 0 {
		b.WriteString("```sh\n" + strings.Join(ri.RemediationCLI, "\n") + "\n```\n\n")
	}
	if len(ri.Controls) > 0 {
		b.WriteString("**Controls:** " + controlList(ri.Controls) + "\n\n")
	}
	for _, ref := range ri.References {
		fmt.Fprintf(&b, "- <%s>\n", ref)
	}
	return strings.TrimRight(b.String(), "\n")
}

func ruleText(ri result.RuleInfo) string {
	parts := []string{orNA(ri.Title) + "."}
	if ri.Remediation != "" {
		parts = append(parts, "Remediation: "+ri.Remediation)
	}
	if len(ri.RemediationCLI) > 0 {
		parts = append(parts, "AWS CLI: "+strings.Join(ri.RemediationCLI, " ; "))
	}
	return strings.Join(parts, "\n")
}

func controlList(cs []result.Control) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.String()
	}
	return strings.Join(out, ", ")
}

// Write implements Writer.
func (SARIFWriter) Write(w io.Writer, r *Report) error {
	index := map[string]int{}
	rules := []sarifRule{}
	for i, ri := range r.Rules {
		tags := []string{"security", "iam"}
		for _, c := range ri.Controls {
			// GitHub code scanning keeps at most 20 tags per rule.
			if len(tags) < sarifMaxTags {
				tags = append(tags, c.String())
			}
		}
		full := ri.Rationale
		if full == "" {
			full = orNA(ri.Title)
		}
		index[ri.ID] = i
		rules = append(rules, sarifRule{
			ID:                   ri.ID,
			ShortDescription:     sarifText{Text: orNA(ri.Title)},
			FullDescription:      sarifText{Text: full},
			Help:                 sarifMultiformat{Text: ruleText(ri), Markdown: ruleMarkdown(ri)},
			HelpURI:              helpURI(ri),
			DefaultConfiguration: sarifConfig{Level: sarifLevel(ri.Severity)},
			Properties: map[string]any{
				"severity":          string(ri.Severity),
				"security-severity": securitySeverity(ri.Severity),
				"precision":         "very-high",
				"tags":              tags,
			},
		})
	}

	results := []sarifResult{}
	for _, res := range r.Results {
		tr := res.Track()
		kind, level := "", ""
		var sup []sarifSuppression
		switch res.Status {
		case result.Fail:
			kind, level = "fail", sarifLevel(res.Severity)
		case result.Suppressed:
			// Still a failure, at its level: the suppression says who
			// accepted it, not that it passes.
			kind, level = "fail", sarifLevel(res.Severity)
			if s := tr.Suppression; s != nil {
				props := map[string]any{"owner": s.Owner, "expires": strings.TrimSpace(s.Expires), "entry": s.Index}
				if s.Ticket != "" {
					props["ticket"] = s.Ticket
				}
				sup = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: s.Reason, Properties: props}}
			}
		case result.Unknown:
			kind, level = "open", "none"
		default:
			continue
		}
		props := map[string]any{"severity": string(res.Severity), "status": string(res.Status)}
		if r.MultiAccount() {
			props["account_id"] = res.AccountID
			if res.AccountName != "" {
				props["account_name"] = res.AccountName
			}
		}
		if len(res.Missing) > 0 {
			props["missing_evidence"] = res.Missing
		}
		if res.ResourceType != "" {
			props["resource_type"] = res.ResourceType
		}
		if tr.SuppressedStatus != "" {
			props["suppressed_status"] = string(tr.SuppressedStatus)
		}
		if !tr.FirstSeen.IsZero() {
			props["first_seen"] = formatTime(tr.FirstSeen)
		}
		if tr.Drift != "" {
			props["drift"] = tr.Drift
		}
		results = append(results, sarifResult{
			RuleID:    res.RuleID,
			RuleIndex: index[res.RuleID],
			Kind:      kind,
			Level:     level,
			Message:   sarifText{Text: resourceIn(r, res) + ": " + res.Reason},
			Locations: []sarifLocation{{
				PhysicalLocation: sarifPhysical{
					ArtifactLocation: sarifArtifact{URI: ArtifactURI(res.AccountID, res.Resource)},
					Region:           sarifRegion{StartLine: 1},
				},
				LogicalLocations: []sarifLogical{{
					Name:               res.ResourceName,
					FullyQualifiedName: orNA(res.Resource),
					Kind:               "resource",
				}},
			}},
			PartialFingerprints: map[string]string{sarifFingerprint: res.FindingID()},
			Suppressions:        sup,
			Properties:          props,
		})
	}

	m := r.Meta
	runProps := map[string]any{
		"account_id":   m.AccountID,
		"collected_at": formatTime(m.CollectedAt),
		"complete":     r.Score.Complete,
		"grade":        r.Score.Grade,
	}
	if r.Score.Applicable {
		runProps["score"] = r.Score.Value
	}
	if m.Framework != "" {
		runProps["framework"] = m.Framework
	}
	if m.RuleCatalogVersion != "" {
		runProps["rule_catalog_version"] = m.RuleCatalogVersion
	}
	// One automation ID per account, so code scanning keeps the alerts of
	// several audited accounts uploaded to one repository apart.
	category := "iamaudit/" + orNA(m.AccountID) + "/"
	log := sarifLog{
		Schema:  sarifSchema,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name: "iamaudit", Version: m.ToolVersion, SemanticVersion: SemanticVersion(m.ToolVersion),
				InformationURI: InformationURI, Rules: rules,
			}},
			AutomationDetails: &sarifAutomation{ID: category},
			Results:           results,
			Properties:        runProps,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("write sarif report: %w", err)
	}
	return nil
}
