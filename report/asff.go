package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	shtypes "github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/iamaudit/iamaudit/result"
)

// ASFFWriter writes a JSON array of AWS Security Finding Format findings,
// built as the SDK's securityhub types.AwsSecurityFinding, ready for
// BatchImportFindings ('iamaudit publish securityhub' sends them in chunks
// of 100, the API's limit). Every result becomes a finding, PASS included,
// so that re-importing after a fix flips the same finding Id from FAILED to
// PASSED instead of leaving it stale.
//
// What the provider sets and what it leaves alone, per the Security Hub
// user guide (FindingProviderFields, BatchImportFindings):
//   - Severity and Types go in FindingProviderFields only. On a new finding
//     Security Hub copies them to the top-level Severity and Types; on an
//     existing one, BatchImportFindings ignores top-level Severity and Types
//     and honours FindingProviderFields. Neither top-level field is a
//     required member of the API (the SDK's model requires AwsAccountId,
//     CreatedAt, Description, GeneratorId, Id, ProductArn, Resources,
//     SchemaVersion, Title and UpdatedAt), so they are not set.
//   - Workflow, Note, UserDefinedFields and VerificationState belong to the
//     customer (BatchUpdateFindings) and are never set.
//
// Compliance.Status: PASS -> PASSED, FAIL -> FAILED, UNKNOWN -> WARNING
// ("some information is missing"), MANUAL -> NOT_AVAILABLE (the check could
// not be performed by the tool). As in Security Hub's own control findings,
// PASSED findings carry the severity label INFORMATIONAL; the rule's
// severity is kept in Severity.Original.
type ASFFWriter struct {
	// Region is the Security Hub region the findings are imported into.
	Region string
}

// ASFF constants, from the Security Hub ASFF reference.
const (
	asffSchemaVersion = "2018-10-08"
	asffMaxTitle      = 256
	asffMaxDesc       = 1024
	asffMaxRemedy     = 512
	asffMaxRelated    = 32
	// asffMaxProductField is the API's limit on a ProductFields value.
	asffMaxProductField = 2048
	// ASFF finding types (namespace/category/classifier) that fit a rule,
	// chosen by the frameworks its controls belong to.
	asffTypeCIS       = "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark"
	asffTypeFSBP      = "Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices"
	asffTypeBestPract = "Software and Configuration Checks/AWS Security Best Practices"
)

// asffStandards maps the frameworks that are Security Hub standards to their
// StandardsId (Compliance.AssociatedStandards). CIS 1.5, 4.0 and 6.0 and the
// AWS Config rules are not Security Hub standards: their controls appear in
// RelatedRequirements only.
var asffStandards = map[string]string{
	"cis-aws-1.4":     "standards/cis-aws-foundations-benchmark/v/1.4.0",
	"cis-aws-3.0":     "standards/cis-aws-foundations-benchmark/v/3.0.0",
	"cis-aws-5.0":     "standards/cis-aws-foundations-benchmark/v/5.0.0",
	"aws-securityhub": "standards/aws-foundational-security-best-practices/v/1.0.0",
}

// asffSeverityLabel maps a severity to an ASFF severity label.
func asffSeverityLabel(s result.Severity) shtypes.SeverityLabel {
	switch s {
	case result.Critical:
		return shtypes.SeverityLabelCritical
	case result.High:
		return shtypes.SeverityLabelHigh
	case result.Medium:
		return shtypes.SeverityLabelMedium
	case result.Low:
		return shtypes.SeverityLabelLow
	}
	return shtypes.SeverityLabelInformational
}

func asffComplianceStatus(s result.Status) shtypes.ComplianceStatus {
	switch s {
	case result.Pass:
		return shtypes.ComplianceStatusPassed
	case result.Fail:
		return shtypes.ComplianceStatusFailed
	case result.Unknown:
		return shtypes.ComplianceStatusWarning
	}
	return shtypes.ComplianceStatusNotAvailable
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
	case "AWS::IAM::AccessKey":
		return "AwsIamAccessKey", res.Resource
	case "AWS::::Account", "AWS::IAM::RootUser", "AWS::IAM::PasswordPolicy":
		return "AwsAccount", "AWS::::Account:" + account
	}
	return "Other", res.Resource
}

// asffTypes are the finding types that fit a rule: the standards its
// controls come from, or best practices when it maps to no standard.
func asffTypes(controls []result.Control) []string {
	var cis, fsbp bool
	for _, c := range controls {
		switch {
		case strings.HasPrefix(c.Framework, "cis-aws-"):
			cis = true
		case c.Framework == "aws-securityhub":
			fsbp = true
		}
	}
	var out []string
	if cis {
		out = append(out, asffTypeCIS)
	}
	if fsbp {
		out = append(out, asffTypeFSBP)
	}
	if len(out) == 0 {
		out = append(out, asffTypeBestPract)
	}
	return out
}

// truncate keeps s within max runes, marking the cut with an ellipsis.
func truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}

// ASFFFindings builds one finding per result for Security Hub in region.
// It refuses reports that cannot make valid findings (no 12-digit account
// ID, no collection time, no region) rather than produce an import that
// Security Hub would reject.
func ASFFFindings(r *Report, region string) ([]shtypes.AwsSecurityFinding, error) {
	m := r.Meta
	switch {
	case region == "":
		return nil, errors.New("no Security Hub region given")
	case len(m.AccountID) != 12:
		return nil, fmt.Errorf("account ID %q is not 12 digits", m.AccountID)
	case m.CollectedAt.IsZero():
		return nil, errors.New("the report has no collection time")
	}
	partition := m.Partition
	if partition == "" {
		partition = "aws"
	}
	productArn := "arn:" + partition + ":securityhub:" + region + ":" + m.AccountID + ":product/" + m.AccountID + "/default"
	at := m.CollectedAt.UTC().Format(time.RFC3339)

	findings := make([]shtypes.AwsSecurityFinding, 0, len(r.Results))
	for _, res := range r.Results {
		ri, _ := r.Rule(res.RuleID)
		tr := res.Track()
		controls := ri.Controls
		account := res.AccountID
		typ, resID := asffResourceFor(res, account)
		label := asffSeverityLabel(res.Severity)
		if res.Status == result.Pass {
			label = shtypes.SeverityLabelInformational
		}
		resRegion := Region(res)
		if resRegion == "" {
			resRegion = region
		}
		// A suppressed result is exported as the failure it is: whether
		// Security Hub suppresses it is the customer's Workflow decision,
		// which a provider never sets. The suppression travels in the
		// provider-owned ProductFields.
		verdict := res.Status
		if res.Status == result.Suppressed {
			verdict = tr.SuppressedStatus
		}
		comp := &shtypes.Compliance{Status: asffComplianceStatus(verdict)}
		seen := map[string]bool{}
		for _, c := range controls {
			if len(comp.RelatedRequirements) < asffMaxRelated {
				comp.RelatedRequirements = append(comp.RelatedRequirements, c.String())
			}
			if id, ok := asffStandards[c.Framework]; ok && !seen[id] {
				seen[id] = true
				comp.AssociatedStandards = append(comp.AssociatedStandards, shtypes.AssociatedStandard{StandardsId: aws.String(id)})
			}
		}
		f := shtypes.AwsSecurityFinding{
			SchemaVersion:  aws.String(asffSchemaVersion),
			Id:             aws.String(res.FindingID()),
			ProductArn:     aws.String(productArn),
			ProductName:    aws.String("iamaudit"),
			GeneratorId:    aws.String("iamaudit/" + res.RuleID),
			AwsAccountId:   aws.String(account),
			AwsAccountName: asffAccountName(res.AccountName),
			CreatedAt:      aws.String(at),
			UpdatedAt:      aws.String(at),
			FindingProviderFields: &shtypes.FindingProviderFields{
				Severity: &shtypes.FindingProviderSeverity{Label: label, Original: aws.String(string(res.Severity))},
				Types:    asffTypes(controls),
			},
			Title:       aws.String(truncate(orNA(ri.Title), asffMaxTitle)),
			Description: aws.String(truncate(resourceLabel(res)+": "+orNA(res.Reason), asffMaxDesc)),
			ProductFields: map[string]string{
				"iamaudit/RuleId":       res.RuleID,
				"iamaudit/Status":       string(res.Status),
				"iamaudit/ResourceType": orNA(res.ResourceType),
			},
			Resources: []shtypes.Resource{{
				Type: aws.String(typ), Id: aws.String(orNA(resID)),
				Partition: shtypes.Partition(partition), Region: aws.String(resRegion),
			}},
			Compliance:  comp,
			RecordState: shtypes.RecordStateActive,
		}
		if s := tr.Suppression; s != nil {
			f.ProductFields["iamaudit/SuppressedStatus"] = string(tr.SuppressedStatus)
			f.ProductFields["iamaudit/SuppressionReason"] = truncate(s.Reason, asffMaxProductField)
			f.ProductFields["iamaudit/SuppressionOwner"] = truncate(s.Owner, asffMaxProductField)
			f.ProductFields["iamaudit/SuppressionExpires"] = strings.TrimSpace(s.Expires)
			if s.Ticket != "" {
				f.ProductFields["iamaudit/SuppressionTicket"] = truncate(s.Ticket, asffMaxProductField)
			}
		}
		if !tr.FirstSeen.IsZero() {
			f.FirstObservedAt = aws.String(tr.FirstSeen.UTC().Format(time.RFC3339))
		}
		if verdict == result.Fail && ri.Remediation != "" {
			rec := &shtypes.Recommendation{Text: aws.String(truncate(ri.Remediation, asffMaxRemedy))}
			if u := helpURI(ri); u != InformationURI {
				rec.Url = aws.String(u)
			}
			f.Remediation = &shtypes.Remediation{Recommendation: rec}
		}
		findings = append(findings, f)
	}
	return findings, nil
}

// MarshalASFF renders a finding as ASFF JSON. The SDK's types carry no JSON
// tags, but their field names are the API's member names; unset members
// (nil pointers, empty enums, lists and maps) are dropped, as the SDK's own
// serializer drops them, because the AWS CLI rejects explicit nulls.
func MarshalASFF(f shtypes.AwsSecurityFinding) (json.RawMessage, error) {
	raw, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	v, _ = pruneEmpty(v)
	return marshalJSON(v, false)
}

// pruneEmpty drops nulls, empty strings, empty objects and empty arrays;
// keep is false when v itself is empty.
func pruneEmpty(v any) (out any, keep bool) {
	switch t := v.(type) {
	case nil:
		return nil, false
	case string:
		return t, t != ""
	case map[string]any:
		for k, e := range t {
			if pe, ok := pruneEmpty(e); ok {
				t[k] = pe
			} else {
				delete(t, k)
			}
		}
		return t, len(t) > 0
	case []any:
		kept := t[:0]
		for _, e := range t {
			if pe, ok := pruneEmpty(e); ok {
				kept = append(kept, pe)
			}
		}
		return kept, len(kept) > 0
	}
	return v, true
}

// Write implements Writer: a JSON array, one finding per line.
func (a ASFFWriter) Write(w io.Writer, r *Report) error {
	findings, err := ASFFFindings(r, a.Region)
	if err != nil {
		return fmt.Errorf("write asff report: %w", err)
	}
	err = writeJSONArray(w, len(findings), func(i int) (any, error) { return MarshalASFF(findings[i]) })
	if err != nil {
		return fmt.Errorf("write asff report: %w", err)
	}
	return nil
}

// asffAccountName is AwsAccountName, which Security Hub bounds to 1-50
// characters; nil when the name is unknown.
func asffAccountName(name string) *string {
	if name == "" {
		return nil
	}
	return aws.String(truncate(name, 50))
}
