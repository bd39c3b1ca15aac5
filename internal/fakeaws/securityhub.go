package fakeaws

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Security Hub's BatchImportFindings (restJson1, POST /findings/import), the
// one write iamaudit makes ('iamaudit publish securityhub'). Checked against
// the Security Hub API reference and the ASFF reference:
//
//   - the request holds 1 to 100 findings; more is InvalidInputException
//     (HTTP 400) for the whole call;
//   - each finding is judged alone: one missing a required attribute
//     (AwsAccountId, CreatedAt, Description, GeneratorId, Id, ProductArn,
//     Resources, SchemaVersion, Title, UpdatedAt), with neither Severity nor
//     FindingProviderFields.Severity, or neither Types nor
//     FindingProviderFields.Types, with a value over its limit, or larger
//     than 240 KB, is listed in FailedFindings (ErrorCode InvalidInput)
//     while the others import;
//   - with the default product ARN the finding's AwsAccountId must be the
//     caller's account, and the ProductArn that of the region the request
//     was signed for (ErrorCode AccessDenied otherwise);
//   - importing an existing Id updates it.
//
// The operation's whole-call errors are InternalException (500),
// InvalidAccessException (401: Security Hub not enabled),
// InvalidInputException (400) and LimitExceededException (429: throttled,
// which the SDK retries); inject the others with Account.Faults (Action
// "BatchImportFindings", Status 429 or 401, since the Query APIs' status
// table does not know these codes).

// shMaxFindings is BatchImportFindings' per-call limit.
const shMaxFindings = 100

// shMaxFindingBytes is the largest finding Security Hub accepts (240 KB).
const shMaxFindingBytes = 240 * 1024

// securityHubs holds each server's imported findings, keyed by server, so
// this operation keeps its state without widening Server.
var securityHubs sync.Map // *Server -> *shStore

type shStore struct {
	mu       sync.Mutex
	findings map[string]json.RawMessage // by region + "/" + Id
}

func (s *Server) securityHub() *shStore {
	v, _ := securityHubs.LoadOrStore(s, &shStore{findings: map[string]json.RawMessage{}})
	return v.(*shStore)
}

// SecurityHubFindings returns the findings imported into region so far, by
// Id, as the JSON the client sent.
func (s *Server) SecurityHubFindings(region string) map[string]json.RawMessage {
	st := s.securityHub()
	st.mu.Lock()
	defer st.mu.Unlock()
	out := map[string]json.RawMessage{}
	prefix := region + "/"
	for k, v := range st.findings {
		if len(k) > len(prefix) && k[:len(prefix)] == prefix {
			out[k[len(prefix):]] = v
		}
	}
	return out
}

type shImportError struct {
	ID           string `json:"Id"`
	ErrorCode    string `json:"ErrorCode"`
	ErrorMessage string `json:"ErrorMessage"`
}

type shImportOutput struct {
	FailedCount    int             `json:"FailedCount"`
	SuccessCount   int             `json:"SuccessCount"`
	FailedFindings []shImportError `json:"FailedFindings"`
}

// shFinding is the part of an ASFF finding the fake checks.
type shFinding struct {
	SchemaVersion, Id, ProductArn, GeneratorId, AwsAccountId *string
	CreatedAt, UpdatedAt, Title, Description                 *string
	Resources                                                []struct {
		Type, Id *string
	}
	Severity *struct {
		Label    string
		Original string
	}
	Types                 []string
	FindingProviderFields *struct {
		Severity *struct{ Label, Original string }
		Types    []string
	}
	Compliance *struct {
		Status              string
		RelatedRequirements []string
	}
	Workflow *struct{ Status string }
}

func opBatchImportFindings(s *Server, _ *http.Request, body []byte, region string) (any, *apiError) {
	if !s.ix.regionEnabled(region) {
		return nil, newError("UnrecognizedClientException", "The security token included in the request is invalid.")
	}
	var in struct {
		Findings []json.RawMessage
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&in); err != nil {
		return nil, &apiError{status: 400, code: "InvalidInputException", message: "Request body is not valid JSON: " + err.Error()}
	}
	switch {
	case in.Findings == nil:
		return nil, &apiError{status: 400, code: "InvalidInputException", message: "Findings is required"}
	case len(in.Findings) == 0:
		return nil, &apiError{status: 400, code: "InvalidInputException", message: "Findings must contain at least 1 item"}
	case len(in.Findings) > shMaxFindings:
		return nil, &apiError{status: 400, code: "InvalidInputException",
			message: fmt.Sprintf("Findings must contain at most %d items, got %d", shMaxFindings, len(in.Findings))}
	}
	productArn := "arn:" + s.ix.partition + ":securityhub:" + region + ":" + s.ix.acct.AccountID + ":product/" + s.ix.acct.AccountID + "/default"
	out := shImportOutput{FailedFindings: []shImportError{}}
	st := s.securityHub()
	st.mu.Lock()
	defer st.mu.Unlock()
	for i, raw := range in.Findings {
		var f shFinding
		id := fmt.Sprintf("(finding %d)", i)
		err := json.Unmarshal(raw, &f)
		if err == nil && f.Id != nil {
			id = *f.Id
		}
		code, msg := "", ""
		switch {
		case err != nil:
			code, msg = "InvalidInput", "Finding does not adhere to Amazon Finding Format: "+err.Error()
		case len(raw) > shMaxFindingBytes:
			code, msg = "InvalidInput", fmt.Sprintf("Finding is %d bytes; the limit is %d", len(raw), shMaxFindingBytes)
		default:
			msg = shValidate(&f)
			if msg != "" {
				code = "InvalidInput"
				msg = "Finding does not adhere to Amazon Finding Format. " + msg
			} else if *f.AwsAccountId != s.ix.acct.AccountID || *f.ProductArn != productArn {
				code, msg = "AccessDenied", fmt.Sprintf("Account %s is not authorized to import findings for product %s with account %s",
					s.ix.acct.AccountID, *f.ProductArn, *f.AwsAccountId)
			}
		}
		if code != "" {
			out.FailedFindings = append(out.FailedFindings, shImportError{ID: id, ErrorCode: code, ErrorMessage: msg})
			continue
		}
		st.findings[region+"/"+id] = append(json.RawMessage(nil), raw...)
		out.SuccessCount++
	}
	out.FailedCount = len(out.FailedFindings)
	return out, nil
}

// shValidate checks a finding's required attributes and limits; it returns
// "" when the finding is valid.
func shValidate(f *shFinding) string {
	for _, req := range []struct {
		name string
		v    *string
		max  int
	}{
		{"SchemaVersion", f.SchemaVersion, 0}, {"Id", f.Id, 512}, {"ProductArn", f.ProductArn, 2048},
		{"GeneratorId", f.GeneratorId, 512}, {"AwsAccountId", f.AwsAccountId, 0},
		{"CreatedAt", f.CreatedAt, 0}, {"UpdatedAt", f.UpdatedAt, 0},
		{"Title", f.Title, 256}, {"Description", f.Description, 1024},
	} {
		switch {
		case req.v == nil || *req.v == "":
			return "data." + req.name + " is required"
		case req.max > 0 && len([]rune(*req.v)) > req.max:
			return fmt.Sprintf("data.%s should NOT be longer than %d characters", req.name, req.max)
		}
	}
	if *f.SchemaVersion != "2018-10-08" {
		return "data.SchemaVersion should be equal to one of the allowed values: 2018-10-08"
	}
	for _, ts := range []*string{f.CreatedAt, f.UpdatedAt} {
		if _, err := time.Parse(time.RFC3339Nano, *ts); err != nil {
			return "data.CreatedAt and data.UpdatedAt must be ISO 8601 date-times"
		}
	}
	if len(f.Resources) == 0 || len(f.Resources) > 32 {
		return "data.Resources must contain 1 to 32 items"
	}
	for _, r := range f.Resources {
		if r.Type == nil || *r.Type == "" || r.Id == nil || *r.Id == "" {
			return "data.Resources[].Type and Id are required"
		}
	}
	label := ""
	var types []string
	if f.Severity != nil {
		label = f.Severity.Label
	}
	types = f.Types
	if p := f.FindingProviderFields; p != nil {
		if p.Severity != nil && p.Severity.Label != "" {
			label = p.Severity.Label
		}
		if len(p.Types) > 0 {
			types = p.Types
		}
	}
	switch label {
	case "INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL":
	case "":
		return "data.Severity or data.FindingProviderFields.Severity is required"
	default:
		return "data.Severity.Label should be equal to one of the allowed values"
	}
	if len(types) == 0 || len(types) > 50 {
		return "data.Types or data.FindingProviderFields.Types must contain 1 to 50 items"
	}
	if c := f.Compliance; c != nil {
		switch c.Status {
		case "", "PASSED", "WARNING", "FAILED", "NOT_AVAILABLE":
		default:
			return "data.Compliance.Status should be equal to one of the allowed values"
		}
		if len(c.RelatedRequirements) > 32 {
			return "data.Compliance.RelatedRequirements should NOT have more than 32 items"
		}
	}
	return ""
}
