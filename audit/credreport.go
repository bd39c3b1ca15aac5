package audit

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/iamaudit/iamaudit/internal/textsafe"
)

// RootUserName is the credential report's name for the account root user.
const RootUserName = "<root_account>"

// CredentialReport is the parsed IAM credential report.
type CredentialReport struct {
	GeneratedTime time.Time       `json:"generated_time"`
	Rows          []CredentialRow `json:"rows"`
}

// Root returns the root user's row, if the report has one. Some emulators
// omit it; callers fall back on the account summary.
func (r *CredentialReport) Root() (CredentialRow, bool) {
	if r == nil {
		return CredentialRow{}, false
	}
	for _, row := range r.Rows {
		if row.IsRoot() {
			return row, true
		}
	}
	return CredentialRow{}, false
}

// Users returns every row except the root user's.
func (r *CredentialReport) Users() []CredentialRow {
	if r == nil {
		return nil
	}
	out := make([]CredentialRow, 0, len(r.Rows))
	for _, row := range r.Rows {
		if !row.IsRoot() {
			out = append(out, row)
		}
	}
	return out
}

// CredentialRow is one line of the credential report. Every field keeps the
// report's special values (N/A, no_information, not_supported) as explicit
// states, so no rule can mistake "unknown" for "false" or "never".
type CredentialRow struct {
	User                 string             `json:"user"`
	ARN                  string             `json:"arn"`
	UserCreationTime     ReportTime         `json:"user_creation_time"`
	PasswordEnabled      ReportBool         `json:"password_enabled"`
	PasswordLastUsed     ReportTime         `json:"password_last_used"`
	PasswordLastChanged  ReportTime         `json:"password_last_changed"`
	PasswordNextRotation ReportTime         `json:"password_next_rotation"`
	MFAActive            ReportBool         `json:"mfa_active"`
	AccessKeys           [2]AccessKeyStatus `json:"access_keys"`
	Certs                [2]CertStatus      `json:"certs"`
}

// IsRoot reports whether the row is the root user's: named <root_account>,
// or (as some emulators write it) under another name but with the root ARN
// arn:<partition>:iam::<account>:root.
func (r CredentialRow) IsRoot() bool {
	return r.User == RootUserName ||
		(strings.HasPrefix(r.ARN, "arn:") && strings.Contains(r.ARN, ":iam::") && strings.HasSuffix(r.ARN, ":root"))
}

// AccessKeyStatus is one of the two access key slots of a report row.
type AccessKeyStatus struct {
	Active          ReportBool `json:"active"`
	LastRotated     ReportTime `json:"last_rotated"`
	LastUsedDate    ReportTime `json:"last_used_date"`
	LastUsedRegion  string     `json:"last_used_region"`
	LastUsedService string     `json:"last_used_service"`
}

// CertStatus is one of the two signing certificate slots of a report row.
type CertStatus struct {
	Active      ReportBool `json:"active"`
	LastRotated ReportTime `json:"last_rotated"`
}

// ValueState says what a credential report field holds.
type ValueState uint8

// The states a credential report field can be in.
const (
	// StateAbsent: the column was not in the report at all.
	StateAbsent ValueState = iota
	// StateSet: the field holds a real value.
	StateSet
	// StateNA: "N/A" (no password, no key, key never used, ...).
	StateNA
	// StateNoInformation: "no_information" (password never used, or no data since 2014-10-20).
	StateNoInformation
	// StateNotSupported: "not_supported" (root's password fields, among others).
	StateNotSupported
)

const (
	tokenNA            = "N/A"
	tokenNoInformation = "no_information"
	tokenNotSupported  = "not_supported"
)

func (s ValueState) String() string {
	switch s {
	case StateSet:
		return "set"
	case StateNA:
		return tokenNA
	case StateNoInformation:
		return tokenNoInformation
	case StateNotSupported:
		return tokenNotSupported
	default:
		return "absent"
	}
}

func specialState(raw string) (ValueState, bool) {
	switch raw {
	case tokenNA:
		return StateNA, true
	case tokenNoInformation:
		return StateNoInformation, true
	case tokenNotSupported:
		return StateNotSupported, true
	}
	return 0, false
}

// ReportTime is a credential report timestamp or one of its special values.
// It marshals to JSON as the report's own text, so evidence files read like
// the report and round-trip without loss.
type ReportTime struct {
	State ValueState
	Time  time.Time
}

// Known reports whether the field holds a real timestamp.
func (t ReportTime) Known() bool { return t.State == StateSet }

func (t ReportTime) String() string {
	if t.State == StateSet {
		return t.Time.Format(time.RFC3339)
	}
	return t.State.String()
}

// MarshalJSON implements json.Marshaler.
func (t ReportTime) MarshalJSON() ([]byte, error) { return marshalReportValue(t.State, t.String()) }

// UnmarshalJSON implements json.Unmarshaler.
func (t *ReportTime) UnmarshalJSON(b []byte) error {
	return unmarshalReportValue(t, b, "report time", parseReportTime)
}

// marshalReportValue is the JSON form of a credential-report value: null
// for an absent column, else the report's own text.
func marshalReportValue(st ValueState, text string) ([]byte, error) {
	if st == StateAbsent {
		return []byte("null"), nil
	}
	return json.Marshal(text)
}

// unmarshalReportValue reads marshalReportValue's form into dst (the zero
// value for null), leaving dst as it was when the text does not parse.
func unmarshalReportValue[T any](dst *T, b []byte, what string, parse func(string) (T, error)) error {
	if string(b) == "null" {
		var zero T
		*dst = zero
		return nil
	}
	s, err := jsonString(b)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	v, err := parse(s)
	if err != nil {
		return err
	}
	*dst = v
	return nil
}

// jsonString decodes a JSON value that should be a string. The decoder
// calling UnmarshalJSON has already checked that b is one JSON value; a
// string without escapes is its bytes between the quotes, which spares a
// second decoder per field (22 fields per user in an evidence file). Any
// other value goes through encoding/json, which also says why it is not a
// string.
func jsonString(b []byte) (string, error) {
	if n := len(b); n >= 2 && b[0] == '"' && b[n-1] == '"' {
		in := b[1 : n-1]
		if bytes.IndexByte(in, '\\') < 0 && bytes.IndexByte(in, '"') < 0 && utf8.Valid(in) {
			return string(in), nil
		}
	}
	var s string
	err := json.Unmarshal(b, &s)
	return s, err
}

func parseReportTime(raw string) (ReportTime, error) {
	if st, ok := specialState(raw); ok {
		return ReportTime{State: st}, nil
	}
	ts, err := time.Parse(time.RFC3339, raw)
	if err != nil {
		return ReportTime{}, fmt.Errorf("invalid timestamp %s (want ISO 8601 such as 2015-04-16T15:14:00+00:00, N/A, no_information or not_supported)", textsafe.Quote(raw, 100))
	}
	return ReportTime{State: StateSet, Time: ts}, nil
}

// ReportBool is a credential report boolean or one of its special values.
type ReportBool struct {
	State ValueState
	Value bool
}

// True reports whether the field is a real, true value.
func (b ReportBool) True() bool { return b.State == StateSet && b.Value }

// False reports whether the field is a real, false value.
func (b ReportBool) False() bool { return b.State == StateSet && !b.Value }

func (b ReportBool) String() string {
	if b.State == StateSet {
		if b.Value {
			return "true"
		}
		return "false"
	}
	return b.State.String()
}

// MarshalJSON implements json.Marshaler.
func (b ReportBool) MarshalJSON() ([]byte, error) { return marshalReportValue(b.State, b.String()) }

// UnmarshalJSON implements json.Unmarshaler.
func (b *ReportBool) UnmarshalJSON(data []byte) error {
	return unmarshalReportValue(b, data, "report boolean", parseReportBool)
}

func parseReportBool(raw string) (ReportBool, error) {
	if st, ok := specialState(raw); ok {
		return ReportBool{State: st}, nil
	}
	// AWS documents TRUE/FALSE but sends true/false.
	switch strings.ToLower(raw) {
	case "true":
		return ReportBool{State: StateSet, Value: true}, nil
	case "false":
		return ReportBool{State: StateSet, Value: false}, nil
	}
	return ReportBool{}, fmt.Errorf("invalid boolean %s (want true, false, N/A, no_information or not_supported)", textsafe.Quote(raw, 100))
}

// ErrMalformedReport is wrapped by every ParseCredentialReport error.
var ErrMalformedReport = errors.New("malformed credential report")

// ParseCredentialReport parses the CSV content of GetCredentialReport, by
// header name. The user and arn columns are required; any other missing
// column leaves its fields StateAbsent, which rules treat as unknown.
func ParseCredentialReport(content []byte, generated time.Time) (*CredentialReport, error) {
	cr := csv.NewReader(bytes.NewReader(content))
	cr.ReuseRecord = false
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: empty content", ErrMalformedReport)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrMalformedReport, err)
	}
	col := make(map[string]int, len(header))
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("%w: duplicate column %s", ErrMalformedReport, textsafe.Quote(h, 100))
		}
		col[h] = i
	}
	for _, req := range []string{"user", "arn"} {
		if _, ok := col[req]; !ok {
			return nil, fmt.Errorf("%w: no %q column in header %s", ErrMalformedReport, req, textsafe.Quote(strings.Join(header, ","), 100))
		}
	}
	rep := &CredentialReport{GeneratedTime: generated, Rows: []CredentialRow{}}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrMalformedReport, err)
		}
		p := rowParser{rec: rec, col: col}
		row := CredentialRow{User: p.str("user"), ARN: p.str("arn")}
		row.UserCreationTime = p.time("user_creation_time")
		row.PasswordEnabled = p.bool("password_enabled")
		row.PasswordLastUsed = p.time("password_last_used")
		row.PasswordLastChanged = p.time("password_last_changed")
		row.PasswordNextRotation = p.time("password_next_rotation")
		row.MFAActive = p.bool("mfa_active")
		for i := range row.AccessKeys {
			pre := fmt.Sprintf("access_key_%d_", i+1)
			row.AccessKeys[i] = AccessKeyStatus{
				Active:          p.bool(pre + "active"),
				LastRotated:     p.time(pre + "last_rotated"),
				LastUsedDate:    p.time(pre + "last_used_date"),
				LastUsedRegion:  p.str(pre + "last_used_region"),
				LastUsedService: p.str(pre + "last_used_service"),
			}
			pre = fmt.Sprintf("cert_%d_", i+1)
			row.Certs[i] = CertStatus{Active: p.bool(pre + "active"), LastRotated: p.time(pre + "last_rotated")}
		}
		if p.err != nil {
			return nil, fmt.Errorf("%w: line %d (user %s): %v", ErrMalformedReport, line, textsafe.Quote(row.User, 100), p.err)
		}
		if row.User == "" {
			return nil, fmt.Errorf("%w: line %d: empty user", ErrMalformedReport, line)
		}
		rep.Rows = append(rep.Rows, row)
	}
	return rep, nil
}

type rowParser struct {
	rec []string
	col map[string]int
	err error
}

func (p *rowParser) raw(name string) (string, bool) {
	i, ok := p.col[name]
	if !ok || i >= len(p.rec) {
		return "", false
	}
	return strings.TrimSpace(p.rec[i]), true
}

func (p *rowParser) str(name string) string {
	s, _ := p.raw(name)
	return s
}

func (p *rowParser) time(name string) ReportTime { return parseColumn(p, name, parseReportTime) }

func (p *rowParser) bool(name string) ReportBool { return parseColumn(p, name, parseReportBool) }

// parseColumn parses the named column with parse. A column the report does
// not have is the zero value (absent); the row's first parse error is kept
// in p.err, naming its column.
func parseColumn[T any](p *rowParser, name string, parse func(string) (T, error)) T {
	s, ok := p.raw(name)
	if !ok {
		var absent T
		return absent
	}
	v, err := parse(s)
	if err != nil && p.err == nil {
		p.err = fmt.Errorf("column %s: %v", name, err)
	}
	return v
}
