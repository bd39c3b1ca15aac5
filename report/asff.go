package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/iamaudit/iamaudit/result"
)

// ASFFWriter writes a JSON array of AWS Security Finding Format findings,
// ready for Security Hub's BatchImportFindings (which takes at most 100
// findings per call: the uploader must chunk). Every result becomes a
// finding, PASS included, so that re-importing after a fix flips the same
// finding Id from FAILED to PASSED instead of leaving it stale.
//
// Compliance.Status: PASS -> PASSED, FAIL -> FAILED, UNKNOWN -> WARNING
// ("some information is missing"), MANUAL -> NOT_AVAILABLE (the check could
// not be performed by the tool). As in Security Hub's own control findings,
// PASSED findings carry Severity.Label INFORMATIONAL; the rule's severity is
// kept in Severity.Original.
type ASFFWriter struct {
	// Region is the Security Hub region the findings are imported into.
	Region string
}

// ASFF constants, from the Security Hub ASFF reference.
const (
	asffSchemaVersion = "2018-10-08"
	asffType          = "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark"
	asffMaxTitle      = 256
	asffMaxDesc       = 1024
	asffMaxID         = 512
	asffMaxRemedy     = 512
)

type asffFinding struct {
	SchemaVersion string            `json:"SchemaVersion"`
	ID            string            `json:"Id"`
	ProductArn    string            `json:"ProductArn"`
	GeneratorID   string            `json:"GeneratorId"`
	AwsAccountID  string            `json:"AwsAccountId"`
	Types         []string          `json:"Types"`
	CreatedAt     string            `json:"CreatedAt"`
	UpdatedAt     string            `json:"UpdatedAt"`
	Severity      asffSeverity      `json:"Severity"`
	Title         string            `json:"Title"`
	Description   string            `json:"Description"`
	Remediation   *asffRemediation  `json:"Remediation,omitempty"`
	ProductFields map[string]string `json:"ProductFields"`
	Resources     []asffResource    `json:"Resources"`
	Compliance    asffCompliance    `json:"Compliance"`
	Workflow      asffWorkflow      `json:"Workflow"`
	RecordState   string            `json:"RecordState"`
}

type asffSeverity struct {
	Label    string `json:"Label"`
	Original string `json:"Original"`
}

type asffRemediation struct {
	Recommendation asffRecommendation `json:"Recommendation"`
}

type asffRecommendation struct {
	Text string `json:"Text"`
}

type asffResource struct {
	Type      string `json:"Type"`
	ID        string `json:"Id"`
	Partition string `json:"Partition"`
	Region    string `json:"Region"`
}

type asffCompliance struct {
	Status              string   `json:"Status"`
	RelatedRequirements []string `json:"RelatedRequirements,omitempty"`
}

type asffWorkflow struct {
	Status string `json:"Status"`
}

// asffSeverityLabel maps a severity to Severity.Label.
func asffSeverityLabel(s result.Severity) string {
	switch s {
	case result.Critical, result.High, result.Medium, result.Low:
		return string(s)
	}
	return "INFORMATIONAL"
}

func asffComplianceStatus(s result.Status) string {
	switch s {
	case result.Pass:
		return "PASSED"
	case result.Fail:
		return "FAILED"
	case result.Unknown:
		return "WARNING"
	}
	return "NOT_AVAILABLE"
}

// asffResourceFor maps a result's CloudFormation-style resource type to the
// ASFF resource type. Account-level settings (root user, password policy)
// are AwsAccount resources with Security Hub's "AWS::::Account:<id>" Id.
func asffResourceFor(res result.Result, account string) (typ, id string) {
	switch res.ResourceType {
	case "AWS::IAM::User":
		return "AwsIamUser", res.Resource
	case "AWS::IAM::Role":
		return "AwsIamRole", res.Resource
	case "AWS::IAM::Policy":
		return "AwsIamPolicy", res.Resource
	case "AWS::IAM::Group":
		return "AwsIamGroup", res.Resource
	case "AWS::::Account", "AWS::IAM::RootUser", "AWS::IAM::PasswordPolicy":
		return "AwsAccount", "AWS::::Account:" + account
	}
	return "Other", res.Resource
}

// asffFindingID is stable across runs, so a re-import updates the finding.
// Over-long ARNs are replaced by their SHA-256 to stay within ASFF's limit.
func asffFindingID(account string, res result.Result) string {
	id := "iamaudit/" + account + "/" + res.RuleID + "/" + res.Resource
	if len(id) <= asffMaxID {
		return id
	}
	sum := sha256.Sum256([]byte(res.Resource))
	return "iamaudit/" + account + "/" + res.RuleID + "/sha256:" + hex.EncodeToString(sum[:])
}

// truncate keeps s within max runes, marking the cut with an ellipsis.
func truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}

// Write implements Writer. It refuses reports that cannot make valid
// findings (no account ID, no collection time, no region) rather than
// produce an import that Security Hub would reject.
func (a ASFFWriter) Write(w io.Writer, r *Report) error {
	m := r.Meta
	switch {
	case a.Region == "":
		return errors.New("write asff report: no Security Hub region given")
	case len(m.AccountID) != 12:
		return fmt.Errorf("write asff report: account ID %q is not 12 digits", m.AccountID)
	case m.CollectedAt.IsZero():
		return errors.New("write asff report: the report has no collection time")
	}
	partition := m.Partition
	if partition == "" {
		partition = "aws"
	}
	productArn := "arn:" + partition + ":securityhub:" + a.Region + ":" + m.AccountID + ":product/" + m.AccountID + "/default"
	at := m.CollectedAt.UTC().Format(time.RFC3339)

	findings := []asffFinding{}
	for _, res := range r.Results {
		typ, resID := asffResourceFor(res, m.AccountID)
		label := asffSeverityLabel(res.Severity)
		if res.Status == result.Pass {
			label = "INFORMATIONAL"
		}
		var reqs []string
		for _, c := range res.Controls {
			reqs = append(reqs, c.String())
		}
		f := asffFinding{
			SchemaVersion: asffSchemaVersion,
			ID:            asffFindingID(m.AccountID, res),
			ProductArn:    productArn,
			GeneratorID:   res.RuleID,
			AwsAccountID:  m.AccountID,
			Types:         []string{asffType},
			CreatedAt:     at,
			UpdatedAt:     at,
			Severity:      asffSeverity{Label: label, Original: string(res.Severity)},
			Title:         truncate(orNA(res.Title), asffMaxTitle),
			Description:   truncate(resourceLabel(res)+": "+orNA(res.Reason), asffMaxDesc),
			ProductFields: map[string]string{
				"iamaudit/Status":       string(res.Status),
				"iamaudit/ResourceType": orNA(res.ResourceType),
			},
			Resources:   []asffResource{{Type: typ, ID: orNA(resID), Partition: partition, Region: a.Region}},
			Compliance:  asffCompliance{Status: asffComplianceStatus(res.Status), RelatedRequirements: reqs},
			Workflow:    asffWorkflow{Status: "NEW"},
			RecordState: "ACTIVE",
		}
		if res.Status == result.Fail && res.Remediation != "" {
			f.Remediation = &asffRemediation{Recommendation: asffRecommendation{Text: truncate(res.Remediation, asffMaxRemedy)}}
		}
		findings = append(findings, f)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(findings); err != nil {
		return fmt.Errorf("write asff report: %w", err)
	}
	return nil
}
