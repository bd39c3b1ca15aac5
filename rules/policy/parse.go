// Package policy is a pure parser and analyser for IAM policy documents
// (identity policies and role trust policies). It knows the grammar, IAM's
// case-insensitive wildcard action matching, and a few questions auditors ask:
// does this document grant full admin, does it grant whole services, does it
// grant a known privilege-escalation path. It never calls AWS.
package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Effect is a statement's effect.
type Effect string

// The two effects IAM accepts (case-sensitive, as IAM requires).
const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Document is a parsed policy document.
type Document struct {
	Version    string
	ID         string
	Statements []Statement
}

// Statement is one policy statement. Exactly one of Action/NotAction is set
// (HasNotAction tells which); Resource/NotResource may both be empty in a
// trust policy, which has no resource element.
type Statement struct {
	Sid    string
	Effect Effect
	// Action and NotAction hold the patterns as written (case preserved).
	Action       []string
	NotAction    []string
	HasNotAction bool
	Resource     []string
	NotResource  []string
	// HasNotResource is true when the statement uses NotResource.
	HasNotResource bool
	Principal      *Principal
	NotPrincipal   *Principal
	// Condition maps operator -> condition key -> values, every value
	// rendered as a string (IAM compares booleans and numbers as strings too).
	Condition map[string]map[string][]string
}

// Principal is a Principal or NotPrincipal element. Wildcard is true for
// the bare string "*"; the map form fills the typed lists.
type Principal struct {
	Wildcard      bool
	AWS           []string
	Service       []string
	Federated     []string
	CanonicalUser []string
}

// AnyAWS reports whether the principal is everyone: "*" or {"AWS": "*"}.
func (p *Principal) AnyAWS() bool {
	if p == nil {
		return false
	}
	if p.Wildcard {
		return true
	}
	return slices.Contains(p.AWS, "*")
}

// Parse parses a policy document. IAM returns documents URL-encoded (RFC
// 3986); the collector decodes them, but a document that still looks encoded
// (starts with "%7B") is decoded here too, so leftovers parse rather than fail.
func Parse(doc string) (*Document, error) {
	text := strings.TrimSpace(doc)
	if len(text) >= 3 && strings.EqualFold(text[:3], "%7B") {
		dec, err := url.PathUnescape(text)
		if err != nil {
			return nil, fmt.Errorf("policy document: URL-decode: %w", err)
		}
		text = strings.TrimSpace(dec)
	}
	if text == "" {
		return nil, fmt.Errorf("policy document: empty")
	}
	var top map[string]json.RawMessage
	if err := strictUnmarshal([]byte(text), &top); err != nil {
		return nil, fmt.Errorf("policy document: %w", err)
	}
	if top == nil {
		return nil, fmt.Errorf("policy document: want a JSON object, got null")
	}
	if err := findDuplicateKeys([]byte(text)); err != nil {
		return nil, fmt.Errorf("policy document: %w", err)
	}
	d := &Document{}
	for k, v := range top {
		switch k {
		case "Version":
			if err := json.Unmarshal(v, &d.Version); err != nil {
				return nil, fmt.Errorf("policy document: Version: want a string")
			}
			// IAM accepts only these two; policy variables mean something
			// only in 2012-10-17, so another value leaves the document's
			// meaning undefined (Access Analyzer: "Error – Invalid version").
			if d.Version != "2012-10-17" && d.Version != "2008-10-17" {
				return nil, fmt.Errorf("policy document: Version: want 2012-10-17 or 2008-10-17, got %q", d.Version)
			}
		case "Id":
			if err := json.Unmarshal(v, &d.ID); err != nil {
				return nil, fmt.Errorf("policy document: Id: want a string")
			}
		case "Statement":
		default:
			// IAM rejects unknown elements; a key we do not know (say
			// "statement") would otherwise be silently ignored and its grants
			// missed, so it is an error.
			return nil, fmt.Errorf("policy document: unknown element %q", k)
		}
	}
	raw, ok := top["Statement"]
	if !ok {
		return nil, fmt.Errorf("policy document: no Statement element")
	}
	var list []json.RawMessage
	switch firstByte(raw) {
	case '[':
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, fmt.Errorf("policy document: Statement: %w", err)
		}
	case '{':
		list = []json.RawMessage{raw}
	default:
		return nil, fmt.Errorf("policy document: Statement: want an object or an array")
	}
	for i, r := range list {
		st, err := parseStatement(r)
		if err != nil {
			return nil, fmt.Errorf("policy document: Statement[%d].%w", i, err)
		}
		d.Statements = append(d.Statements, st)
	}
	return d, nil
}

func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after the JSON object")
	}
	return nil
}

func firstByte(b []byte) byte {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// fieldError is a "Field: message" error; Parse prefixes the statement index.
func fieldError(field, format string, args ...any) error {
	return fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...))
}

func parseStatement(raw json.RawMessage) (Statement, error) {
	var st Statement
	if firstByte(raw) != '{' {
		return st, fieldError("(statement)", "want an object")
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return st, fieldError("(statement)", "%v", err)
	}
	for k, v := range m {
		var err error
		switch k {
		case "Sid":
			if json.Unmarshal(v, &st.Sid) != nil {
				err = fieldError(k, "want a string")
			}
		case "Effect":
			var e string
			if json.Unmarshal(v, &e) != nil {
				err = fieldError(k, "want a string")
			} else if e != string(Allow) && e != string(Deny) {
				err = fieldError(k, "want Allow or Deny, got %q", e)
			}
			st.Effect = Effect(e)
		case "Action":
			st.Action, err = stringOrList(k, v)
		case "NotAction":
			st.NotAction, err = stringOrList(k, v)
			st.HasNotAction = true
		case "Resource":
			st.Resource, err = stringOrList(k, v)
		case "NotResource":
			st.NotResource, err = stringOrList(k, v)
			st.HasNotResource = true
		case "Principal":
			st.Principal, err = parsePrincipal(k, v)
		case "NotPrincipal":
			st.NotPrincipal, err = parsePrincipal(k, v)
		case "Condition":
			st.Condition, err = parseCondition(v)
		default:
			err = fieldError(k, "unknown element")
		}
		if err != nil {
			return st, err
		}
	}
	switch {
	case st.Effect == "":
		return st, fieldError("Effect", "missing")
	case m["Action"] != nil && st.HasNotAction:
		return st, fieldError("Action", "Action and NotAction are both set")
	case m["Action"] == nil && !st.HasNotAction:
		return st, fieldError("Action", "missing (neither Action nor NotAction)")
	case m["Resource"] != nil && st.HasNotResource:
		return st, fieldError("Resource", "Resource and NotResource are both set")
	case st.Principal != nil && st.NotPrincipal != nil:
		return st, fieldError("Principal", "Principal and NotPrincipal are both set")
	}
	return st, nil
}

func stringOrList(field string, v json.RawMessage) ([]string, error) {
	switch firstByte(v) {
	case '"':
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, fieldError(field, "%v", err)
		}
		return []string{s}, nil
	case '[':
		var l []string
		if err := json.Unmarshal(v, &l); err != nil {
			return nil, fieldError(field, "want a string or an array of strings")
		}
		return l, nil
	}
	return nil, fieldError(field, "want a string or an array of strings")
}

func parsePrincipal(field string, v json.RawMessage) (*Principal, error) {
	switch firstByte(v) {
	case '"':
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, fieldError(field, "%v", err)
		}
		if s != "*" {
			return nil, fieldError(field, "a string principal must be \"*\", got %q", s)
		}
		return &Principal{Wildcard: true}, nil
	case '{':
	default:
		return nil, fieldError(field, "want \"*\" or an object")
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(v, &m); err != nil {
		return nil, fieldError(field, "%v", err)
	}
	p := &Principal{}
	for k, raw := range m {
		l, err := stringOrList(field+"."+k, raw)
		if err != nil {
			return nil, err
		}
		switch k {
		case "AWS":
			p.AWS = l
		case "Service":
			p.Service = l
		case "Federated":
			p.Federated = l
		case "CanonicalUser":
			p.CanonicalUser = l
		default:
			return nil, fieldError(field, "unknown principal type %q", k)
		}
	}
	return p, nil
}

func parseCondition(v json.RawMessage) (map[string]map[string][]string, error) {
	var m map[string]map[string]json.RawMessage
	if firstByte(v) != '{' || json.Unmarshal(v, &m) != nil {
		return nil, fieldError("Condition", "want an object of operator -> {key: value}")
	}
	out := make(map[string]map[string][]string, len(m))
	for op, keys := range m {
		if keys == nil {
			return nil, fieldError("Condition", "%s: want an object", op)
		}
		out[op] = make(map[string][]string, len(keys))
		for key, raw := range keys {
			vals, err := conditionValues(raw)
			if err != nil {
				return nil, fieldError("Condition", "%s.%s: %v", op, key, err)
			}
			out[op][key] = vals
		}
	}
	return out, nil
}

// conditionValues renders a condition value (string, bool, number, or an
// array of them) as strings.
func conditionValues(raw json.RawMessage) ([]string, error) {
	var one any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&one); err != nil {
		return nil, err
	}
	scalar := func(x any) (string, error) {
		switch t := x.(type) {
		case string:
			return t, nil
		case bool:
			if t {
				return "true", nil
			}
			return "false", nil
		case json.Number:
			return t.String(), nil
		}
		return "", fmt.Errorf("want a string, boolean or number")
	}
	if l, ok := one.([]any); ok {
		out := make([]string, 0, len(l))
		for _, x := range l {
			s, err := scalar(x)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	}
	s, err := scalar(one)
	if err != nil {
		return nil, err
	}
	return []string{s}, nil
}

// AccountOf extracts the account ID an AWS principal names: a bare 12-digit
// account ID, or an ARN such as arn:aws:iam::123456789012:root or
// arn:aws:sts::123456789012:assumed-role/r/s. ok is false for "*" and for
// unique IDs (AIDA..., AROA...) that IAM shows when the named principal was
// deleted.
func AccountOf(principal string) (string, bool) {
	if isAccountID(principal) {
		return principal, true
	}
	parts := strings.SplitN(principal, ":", 6)
	if len(parts) == 6 && parts[0] == "arn" && isAccountID(parts[4]) {
		return parts[4], true
	}
	return "", false
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
