package report

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/iamaudit/iamaudit/result"
)

// SchemaVersion is the JSON report's "report_schema_version". It changes only
// when a field is removed, renamed or changes meaning (see SCHEMA.md); adding
// fields does not bump it. Version 2 moved rule metadata (title,
// remediation, controls) out of the results into the "rules" section and
// gave every result its account_id and finding_id.
const SchemaVersion = 2

// JSONSchema is the JSON Schema (draft 2020-12) of the version-2 report,
// shipped as report/report.schema.json.
//
//go:embed report.schema.json
var JSONSchema []byte

// JSONWriter writes the whole report as one JSON document whose schema is
// documented in SCHEMA.md and report.schema.json.
type JSONWriter struct{}

// jsonReport is the wire shape, kept apart from Report so the Go API can
// evolve without silently changing the documented schema.
type jsonReport struct {
	SchemaVersion int                    `json:"report_schema_version"`
	Meta          result.Meta            `json:"meta"`
	Score         jsonScore              `json:"score"`
	Rules         []result.RuleInfo      `json:"rules"`
	Results       []jsonResult           `json:"results"`
	Controls      []result.ControlResult `json:"controls"`
	// Suppressions and Drift are present only when the scan had
	// suppressions in its --config file, or a --baseline.
	Suppressions []result.SuppressionOutcome `json:"suppressions,omitempty"`
	Drift        *jsonDrift                  `json:"drift,omitempty"`
}

// jsonDrift is the drift section: the comparison with the baseline report,
// and the baseline's results this scan no longer reports.
type jsonDrift struct {
	result.DriftSummary
	ResolvedResults []jsonResult `json:"resolved_results"`
}

func toJSONDrift(d *result.DriftSummary) *jsonDrift {
	if d == nil {
		return nil
	}
	jd := &jsonDrift{DriftSummary: *d, ResolvedResults: make([]jsonResult, len(d.ResolvedResults))}
	for i, r := range d.ResolvedResults {
		jd.ResolvedResults[i] = toJSONResult(r)
	}
	return jd
}

// jsonResult is one result as version 2 writes it: rule metadata is in the
// rules section, referenced by rule_id.
type jsonResult struct {
	FindingID    string          `json:"finding_id"`
	RuleID       string          `json:"rule_id"`
	AccountID    string          `json:"account_id"`
	AccountName  string          `json:"account_name,omitempty"`
	Status       result.Status   `json:"status"`
	Severity     result.Severity `json:"severity"`
	ResourceType string          `json:"resource_type"`
	Resource     string          `json:"resource"`
	ResourceName string          `json:"resource_name,omitempty"`
	Region       string          `json:"region,omitempty"`
	Reason       string          `json:"reason"`
	Missing      []string        `json:"missing_evidence,omitempty"`

	SuppressedStatus result.Status       `json:"suppressed_status,omitempty"`
	Suppression      *result.Suppression `json:"suppression,omitempty"`
	FirstSeen        time.Time           `json:"first_seen,omitzero"`
	Drift            string              `json:"drift,omitempty"`
	PreviousStatus   result.Status       `json:"previous_status,omitempty"`
	PreviousSeverity result.Severity     `json:"previous_severity,omitempty"`
}

// toResult turns a version-2 result back into a result; its rule's metadata
// stays in the report's rules.
func (jr jsonResult) toResult() result.Result {
	res := result.Result{
		RuleID: jr.RuleID, AccountID: jr.AccountID, AccountName: jr.AccountName, Severity: jr.Severity,
		Status: jr.Status, ResourceType: jr.ResourceType, Resource: jr.Resource,
		ResourceName: jr.ResourceName, Reason: jr.Reason, Missing: jr.Missing,
	}
	t := result.Tracking{
		SuppressedStatus: jr.SuppressedStatus, Suppression: jr.Suppression,
		FirstSeen: jr.FirstSeen, Drift: jr.Drift, PreviousStatus: jr.PreviousStatus, PreviousSeverity: jr.PreviousSeverity,
	}
	if t != (result.Tracking{}) {
		res.Tracking = &t
	}
	return res
}

type jsonScore struct {
	Applicable bool `json:"applicable"`
	// Value is null when the score is not applicable, so no consumer can
	// mistake "nothing evaluated" for a perfect or a zero score.
	Value        *float64                `json:"value"`
	Grade        string                  `json:"grade"`
	Complete     bool                    `json:"complete"`
	PassedWeight int                     `json:"passed_weight"`
	FailedWeight int                     `json:"failed_weight"`
	Weights      map[result.Severity]int `json:"weights"`
	Counts       []SeverityCounts        `json:"counts"`
	Totals       StatusCounts            `json:"totals"`
}

func toJSONScore(s Score) jsonScore {
	js := jsonScore{
		Applicable:   s.Applicable,
		Grade:        s.Grade,
		Complete:     s.Complete,
		PassedWeight: s.PassedWeight,
		FailedWeight: s.FailedWeight,
		Weights:      maps.Clone(weights),
		Counts:       s.Counts,
		Totals:       s.Totals,
	}
	if s.Applicable {
		v := s.Value
		js.Value = &v
	}
	if js.Counts == nil {
		js.Counts = []SeverityCounts{}
	}
	return js
}

// jsonAccount is one account of the ranking.
type jsonAccount struct {
	result.Account
	Score jsonScore `json:"score"`
}

func toJSONAccount(a AccountScore) jsonAccount {
	return jsonAccount{Account: a.Account, Score: toJSONScore(a.Score)}
}

func toJSONResult(res result.Result) jsonResult {
	jr := jsonFields(&res)
	jr.FindingID = res.FindingID()
	return jr
}

// jsonFields is res as a jsonResult without its FindingID, which
// appendPlainResult appends without allocating it.
func jsonFields(res *result.Result) jsonResult {
	jr := jsonResult{
		RuleID: res.RuleID, AccountID: res.AccountID, AccountName: res.AccountName,
		Status: res.Status, Severity: res.Severity, ResourceType: res.ResourceType,
		Resource: res.Resource, ResourceName: res.ResourceName, Region: Region(*res),
		Reason: res.Reason, Missing: res.Missing,
	}
	if t := res.Tracking; t != nil {
		jr.SuppressedStatus, jr.Suppression = t.SuppressedStatus, t.Suppression
		jr.FirstSeen, jr.Drift, jr.PreviousStatus, jr.PreviousSeverity = t.FirstSeen, t.Drift, t.PreviousStatus, t.PreviousSeverity
	}
	return jr
}

// Region is the AWS region a result's resource lives in, read from its ARN
// (arn:partition:service:region:account:resource); "" for global resources
// such as IAM's and for resources without an ARN.
func Region(res result.Result) string {
	// arn:partition:service:region:account:resource, read in place.
	rest, ok := strings.CutPrefix(res.Resource, "arn:")
	if !ok {
		return ""
	}
	var region string
	for i := range 3 { // partition, service, region
		f, after, found := strings.Cut(rest, ":")
		if !found {
			return ""
		}
		if i == 2 {
			region = f
		}
		rest = after
	}
	// The account must be followed by a resource.
	if !strings.Contains(rest, ":") {
		return ""
	}
	return region
}

// marshalJSON encodes v without HTML escaping (reasons quote policies with
// "<" and "&") and without the trailing newline, indented or compact.
func marshalJSON(v any, indent bool) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("  ", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// lineEncoder encodes item after item as marshalJSON(v, false) does, into
// one buffer reused for every item: a writer of 100,000 results needs one
// encoder, not one encoder and one buffer per result.
type lineEncoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

func newLineEncoder() *lineEncoder {
	e := &lineEncoder{}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}

// encode returns v's compact JSON, valid until the next call.
func (e *lineEncoder) encode(v any) ([]byte, error) {
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(e.buf.Bytes(), []byte("\n")), nil
}

// writeJSONArray streams a JSON array with one compact item per line, as
// the ASFF and OCSF files are written: greppable, diffable, never one huge
// buffer. item returns the value to encode.
func writeJSONArray(w io.Writer, n int, item func(i int) (any, error)) error {
	bw := bufio.NewWriter(w)
	enc := newLineEncoder()
	bw.WriteString("[")
	for i := 0; i < n; i++ {
		v, err := item(i)
		if err != nil {
			return err
		}
		b, err := enc.encode(v)
		if err != nil {
			return err
		}
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n  ")
		bw.Write(b)
	}
	if n > 0 {
		bw.WriteString("\n")
	}
	bw.WriteString("]\n")
	return bw.Flush()
}

// Write implements Writer. The document is streamed: the header fields are
// indented, and each rule, result and control is one compact line, so a
// report of a 5,000-user account (100,000 results) stays readable with grep
// and diff and is never built as one huge buffer.
func (JSONWriter) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	enc := newLineEncoder()
	writeList := func(name string, n int, item func(i int) any, last bool) error {
		if n == 0 {
			fmt.Fprintf(bw, "  %q: []", name)
		} else {
			fmt.Fprintf(bw, "  %q: [\n", name)
			for i := 0; i < n; i++ {
				b, err := enc.encode(item(i))
				if err != nil {
					return err
				}
				bw.WriteString("    ")
				bw.Write(b)
				if i < n-1 {
					bw.WriteByte(',')
				}
				bw.WriteByte('\n')
			}
			bw.WriteString("  ]")
		}
		if !last {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
		return nil
	}
	err := func() error {
		meta, err := marshalJSON(r.Meta, true)
		if err != nil {
			return err
		}
		score, err := marshalJSON(toJSONScore(r.Score), true)
		if err != nil {
			return err
		}
		fmt.Fprintf(bw, "{\n  \"report_schema_version\": %d,\n  \"meta\": %s,\n  \"score\": %s,\n", SchemaVersion, meta, score)
		if len(r.Accounts) > 0 {
			if err := writeList("accounts", len(r.Accounts), func(i int) any { return toJSONAccount(r.Accounts[i]) }, false); err != nil {
				return err
			}
		}
		if err := writeAdminsJSON(bw, enc, r.Admins); err != nil {
			return err
		}
		if err := writeList("rules", len(r.Rules), func(i int) any { return r.Rules[i] }, false); err != nil {
			return err
		}
		if err := writeResults(bw, enc, r.Results); err != nil {
			return err
		}
		more := len(r.Suppressions) > 0 || r.Drift != nil
		if err := writeList("controls", len(r.Controls), func(i int) any { return r.Controls[i] }, !more); err != nil {
			return err
		}
		if len(r.Suppressions) > 0 {
			if err := writeList("suppressions", len(r.Suppressions), func(i int) any { return r.Suppressions[i] }, r.Drift == nil); err != nil {
				return err
			}
		}
		if r.Drift != nil {
			d, err := marshalJSON(toJSONDrift(r.Drift), true)
			if err != nil {
				return err
			}
			fmt.Fprintf(bw, "  \"drift\": %s\n", d)
		}
		bw.WriteString("}\n")
		return bw.Flush()
	}()
	if err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}

// writeResults writes the results section as writeList would. A result
// without suppression or drift fields, whose strings are plain printable
// ASCII, is appended directly in jsonResult's field order: the reflection
// encoder cost more than everything else the report does with a result.
// Every other result goes through the encoder, so the output is the same.
func writeResults(bw *bufio.Writer, enc *lineEncoder, rs []result.Result) error {
	if len(rs) == 0 {
		bw.WriteString("  \"results\": [],\n")
		return nil
	}
	bw.WriteString("  \"results\": [\n")
	if err := encodeResults(bw, enc, rs); err != nil {
		return err
	}
	bw.WriteString("  ],\n")
	return nil
}

// appendResults appends the lines of rs[lo:hi], the last of all len(rs)
// without its comma.
func appendResults(out []byte, enc *lineEncoder, rs []result.Result, lo, hi int) ([]byte, error) {
	var line []byte
	for i := lo; i < hi; i++ {
		jr := jsonFields(&rs[i])
		var ok bool
		line, ok = appendPlainResult(line[:0], &jr)
		if !ok {
			jr.FindingID = rs[i].FindingID()
			b, err := enc.encode(jr)
			if err != nil {
				return out, err
			}
			line = append(line[:0], b...)
		}
		// Doubling: append grows a large slice by a quarter at a time.
		if need := len(out) + len(line) + 6; need > cap(out) {
			out = slices.Grow(out, max(need, 2*cap(out))-len(out))
		}
		out = append(out, "    "...)
		out = append(out, line...)
		if i < len(rs)-1 {
			out = append(out, ',')
		}
		out = append(out, '\n')
	}
	return out, nil
}

// appendPlainResult appends jr's compact JSON, as encoding/json writes it,
// when jr has none of the optional suppression and drift fields and all its
// strings are plain (see plainJSON); ok is false otherwise. An empty
// FindingID is the one its rule, account and resource make.
func appendPlainResult(b []byte, jr *jsonResult) ([]byte, bool) {
	if jr.SuppressedStatus != "" || jr.Suppression != nil || !jr.FirstSeen.IsZero() || jr.Drift != "" ||
		jr.PreviousStatus != "" || jr.PreviousSeverity != "" {
		return b, false
	}
	str := func(key, v string, omitEmpty bool) bool {
		if omitEmpty && v == "" {
			return true
		}
		if !plainJSON(v) {
			return false
		}
		if key != "finding_id" {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, key...)
		b = append(b, `":"`...)
		b = append(b, v...)
		b = append(b, '"')
		return true
	}
	b = append(b, '{')
	if jr.FindingID == "" {
		// Hexadecimal: plain.
		b = append(b, `"finding_id":"`...)
		b = result.AppendFindingID(b, jr.RuleID, jr.AccountID, jr.Resource)
		b = append(b, '"')
	} else if !str("finding_id", jr.FindingID, false) {
		return b, false
	}
	if !str("rule_id", jr.RuleID, false) ||
		!str("account_id", jr.AccountID, false) || !str("account_name", jr.AccountName, true) ||
		!str("status", string(jr.Status), false) || !str("severity", string(jr.Severity), false) ||
		!str("resource_type", jr.ResourceType, false) || !str("resource", jr.Resource, false) ||
		!str("resource_name", jr.ResourceName, true) || !str("region", jr.Region, true) ||
		!str("reason", jr.Reason, false) {
		return b, false
	}
	if len(jr.Missing) > 0 {
		b = append(b, `,"missing_evidence":[`...)
		for i, m := range jr.Missing {
			if !plainJSON(m) {
				return b, false
			}
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '"')
			b = append(b, m...)
			b = append(b, '"')
		}
		b = append(b, ']')
	}
	return append(b, '}'), true
}

// plainJSON reports whether encoding/json writes s as its own bytes
// between quotes: printable ASCII without '"' or '\\'.
func plainJSON(s string) bool {
	// Eight bytes at a time: every string of every result is checked,
	// and they are almost always plain.
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if w&highs != 0 {
			return false // a byte above 0x7f
		}
		// Every byte is below 0x80 now. Each test below sets a high bit
		// when some byte is below 0x20, is 0x7f, or is zero once xored
		// with '"' or '\\' (the lowest such byte sets its own; borrows
		// reach only bytes above it), and none otherwise.
		zero := func(v uint64) uint64 { return (v - ones) & ^v & highs }
		if (w-0x20*ones)&^w&highs != 0 || (w+ones)&highs != 0 || zero(w^'"'*ones) != 0 || zero(w^'\\'*ones) != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// ReadJSON reads a JSON report written by this or an earlier version
// (report_schema_version 1 or 2) back into a Report, so it can be rendered in
// another format or published. Rule metadata from the rules section is put
// back on each result; version-1 results get the meta's account ID. The
// score is recomputed from the results.
func ReadJSON(rd io.Reader) (*Report, error) {
	data, err := io.ReadAll(rd)
	if err != nil {
		return nil, fmt.Errorf("read json report: %w", err)
	}
	var head struct {
		Version *int `json:"report_schema_version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("read json report: not a JSON document: %w", err)
	}
	switch {
	case head.Version == nil:
		return nil, errors.New("read json report: no report_schema_version: not an iamaudit JSON report (evidence files from 'iamaudit collect' are scanned with 'scan --from')")
	case *head.Version == 1:
		return readJSONv1(data)
	case *head.Version == SchemaVersion:
		return readJSONv2(data)
	}
	return nil, fmt.Errorf("read json report: report_schema_version %d is newer than this iamaudit understands (1 and %d): upgrade iamaudit", *head.Version, SchemaVersion)
}

func readJSONv1(data []byte) (*Report, error) {
	// Version 1 carries each rule's metadata on every result, and no account.
	type v1Result struct {
		result.Result
		Title       string           `json:"title"`
		Remediation string           `json:"remediation"`
		Controls    []result.Control `json:"controls"`
	}
	var doc struct {
		Meta     result.Meta            `json:"meta"`
		Results  []v1Result             `json:"results"`
		Controls []result.ControlResult `json:"controls"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("read json report (version 1): %w", err)
	}
	var infos []result.RuleInfo
	seen := map[string]bool{}
	rs := make([]result.Result, len(doc.Results))
	for i, v := range doc.Results {
		rs[i] = v.Result
		if !seen[v.RuleID] {
			seen[v.RuleID] = true
			infos = append(infos, result.RuleInfo{ID: v.RuleID, Title: v.Title, Severity: v.Severity,
				Remediation: v.Remediation, Controls: v.Controls})
		}
	}
	return NewOwning(doc.Meta, infos, rs, doc.Controls), nil
}

func readJSONv2(data []byte) (*Report, error) {
	var doc struct {
		Meta     result.Meta            `json:"meta"`
		Rules    []result.RuleInfo      `json:"rules"`
		Results  []jsonResult           `json:"results"`
		Controls []result.ControlResult `json:"controls"`

		Suppressions []result.SuppressionOutcome `json:"suppressions"`
		Drift        *jsonDrift                  `json:"drift"`
		Admins       []result.AdminInventory     `json:"admins"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("read json report: %w", err)
	}
	byID := map[string]bool{}
	for _, ri := range doc.Rules {
		byID[ri.ID] = true
	}
	rs := make([]result.Result, len(doc.Results))
	for i, jr := range doc.Results {
		if !byID[jr.RuleID] {
			return nil, fmt.Errorf("read json report: result %d names rule %q, which the rules section lacks", i, jr.RuleID)
		}
		rs[i] = jr.toResult()
		if want := rs[i].FindingID(); jr.FindingID != want {
			return nil, fmt.Errorf("read json report: result %d has finding_id %q, but its rule, account and resource make %q: the file was edited or is corrupt", i, jr.FindingID, want)
		}
	}
	rep := New(doc.Meta, doc.Rules, rs, doc.Controls)
	rep.Suppressions = doc.Suppressions
	rep.Admins = readAdmins(doc.Admins)
	if d := doc.Drift; d != nil {
		sum := d.DriftSummary
		sum.ResolvedResults = nil
		rep.Drift = &sum
		for _, jr := range d.ResolvedResults {
			rep.Drift.ResolvedResults = append(rep.Drift.ResolvedResults, jr.toResult())
		}
	}
	return rep, nil
}
