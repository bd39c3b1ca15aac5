// Package result holds what an evaluation produces: one Result per rule and
// resource, and the per-control view of a framework. Reports read only these
// types; they never see evidence or rules.
package result

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Status is the outcome of one check on one resource.
type Status string

// The statuses a result can have.
const (
	// Pass: the evidence shows the resource complies.
	Pass Status = "PASS"
	// Fail: the evidence shows the resource does not comply.
	Fail Status = "FAIL"
	// Unknown: the evidence needed to decide could not be collected or read.
	Unknown Status = "UNKNOWN"
	// Manual: a control no tool can assess; listed so it is not silently dropped.
	Manual Status = "MANUAL"
	// Suppressed: a failing result that an entry of the --config file's
	// suppressions accepts, with a reason, an owner and an expiry. The
	// original verdict is kept in SuppressedStatus and the entry in
	// Suppression. It counts neither in the score nor for the exit code.
	Suppressed Status = "SUPPRESSED"
)

// Severity ranks how much a failure matters.
type Severity string

// The severities, lowest first.
const (
	Info     Severity = "INFO"
	Low      Severity = "LOW"
	Medium   Severity = "MEDIUM"
	High     Severity = "HIGH"
	Critical Severity = "CRITICAL"
)

// Severities lists every severity, most severe first.
var Severities = []Severity{Critical, High, Medium, Low, Info}

// Rank orders severities: Info 0 ... Critical 4; unknown severities rank -1.
func (s Severity) Rank() int {
	switch s {
	case Info:
		return 0
	case Low:
		return 1
	case Medium:
		return 2
	case High:
		return 3
	case Critical:
		return 4
	}
	return -1
}

// ParseSeverity parses a severity name case-insensitively.
func ParseSeverity(s string) (Severity, error) {
	v := Severity(strings.ToUpper(strings.TrimSpace(s)))
	if v.Rank() < 0 {
		return "", fmt.Errorf("unknown severity %q (want critical, high, medium, low or info)", s)
	}
	return v, nil
}

// Control names one control of one framework, e.g. {cis-aws-3.0, 1.14}.
type Control struct {
	Framework string `json:"framework"`
	ID        string `json:"id"`
}

func (c Control) String() string { return c.Framework + ":" + c.ID }

// Result is the outcome of one rule for one resource.
type Result struct {
	RuleID string `json:"rule_id"`
	// AccountID is the audited account's ID, stamped by rules.Evaluate from
	// the snapshot; with RuleID and Resource it makes the FindingID.
	AccountID string `json:"account_id,omitempty"`
	// AccountName is the audited account's name where known (from
	// Organizations ListAccounts in a multi-account run); not part of the
	// finding's identity.
	AccountName  string   `json:"account_name,omitempty"`
	Severity     Severity `json:"severity"`
	Status       Status   `json:"status"`
	ResourceType string   `json:"resource_type"` // e.g. AWS::IAM::User
	Resource     string   `json:"resource"`      // ARN where one exists
	ResourceName string   `json:"resource_name,omitempty"`
	Reason       string   `json:"reason"`
	Missing      []string `json:"missing_evidence,omitempty"` // gaps that made the result UNKNOWN

	// Tracking is what a suppression or a baseline adds to the result: nil
	// for most results, which is why it is apart (its fields are 96 of a
	// result's bytes, and a scan of 10,000 users holds 130,000 results).
	// Embedded, so a result encodes as if they were its own fields. Read
	// them with Track, which is nil-safe; write them with SetTracking,
	// which copies: results copied from one another share the pointer.
	*Tracking
}

// Tracking is a result's suppression and baseline fields.
type Tracking struct {
	// SuppressedStatus is the verdict a suppression set aside (FAIL); set
	// only when Status is Suppressed.
	SuppressedStatus Status `json:"suppressed_status,omitempty"`
	// Suppression is the entry that accepted the result; nil unless
	// Status is Suppressed.
	Suppression *Suppression `json:"suppression,omitempty"`

	// FirstSeen is when the finding (by FindingID) was first reported:
	// carried forward from a baseline report; zero without a baseline.
	FirstSeen time.Time `json:"first_seen,omitzero"`
	// Drift is how the result compares with the baseline (DriftNew,
	// DriftChanged, DriftUnchanged); empty without a baseline.
	Drift string `json:"drift,omitempty"`
	// PreviousStatus and PreviousSeverity are the baseline's values for a
	// changed result.
	PreviousStatus   Status   `json:"previous_status,omitempty"`
	PreviousSeverity Severity `json:"previous_severity,omitempty"`
}

// Track is the result's suppression and baseline fields, zero when it has
// none.
func (r *Result) Track() Tracking {
	if r.Tracking == nil {
		return Tracking{}
	}
	return *r.Tracking
}

// SetTracking gives the result tracking fields changed by set from its
// own (zero when it has none). They are a fresh copy: a result copied
// from this one keeps the fields it had.
func (r *Result) SetTracking(set func(*Tracking)) {
	t := r.Track()
	set(&t)
	r.Tracking = &t
}

// The values of Result.Drift and of DriftSummary's entries.
const (
	DriftNew       = "new"
	DriftResolved  = "resolved"
	DriftChanged   = "changed"
	DriftUnchanged = "unchanged"
)

// Suppression is one entry of the --config file's suppressions, as reports
// show it.
type Suppression struct {
	// Index is the entry's position in the file (1-based).
	Index    int    `json:"index"`
	Rule     string `json:"rule"`
	Resource string `json:"resource"`
	Reason   string `json:"reason"`
	Owner    string `json:"owner"`
	// Expires is the last day (UTC, YYYY-MM-DD) on which the entry applies.
	Expires string `json:"expires"`
	Ticket  string `json:"ticket,omitempty"`
}

// The states of a suppression entry in one scan.
const (
	// SuppressionApplied: the entry suppressed at least one failing result.
	SuppressionApplied = "applied"
	// SuppressionExpired: the entry's last day was before the collection
	// time; it suppressed nothing.
	SuppressionExpired = "expired"
	// SuppressionStale: the entry is in force but matched no failing result.
	SuppressionStale = "stale"
)

// SuppressionOutcome is what became of one entry in a scan: its state and
// how many failing results it matched (for an expired entry, how many it
// would have suppressed).
type SuppressionOutcome struct {
	Suppression
	State   string `json:"state"`
	Matched int    `json:"matched"`
}

// DriftSummary compares a report with a baseline report of the same
// account: the counts per kind and the baseline's results the new scan no
// longer reports (resolved ones; the others carry Drift themselves).
type DriftSummary struct {
	BaselineCollectedAt time.Time `json:"baseline_collected_at"`
	BaselineToolVersion string    `json:"baseline_tool_version,omitempty"`
	DriftCounts
	// ResolvedResults are the baseline's results with no counterpart now.
	ResolvedResults []Result `json:"-"`
}

// DriftCounts tallies a comparison per kind.
type DriftCounts struct {
	New       int `json:"new"`
	Resolved  int `json:"resolved"`
	Changed   int `json:"changed"`
	Unchanged int `json:"unchanged"`
	// NewFailures counts results that fail now and did not in the baseline
	// (new, or changed from another status): what --fail-on-new gates on.
	NewFailures int `json:"new_failures"`
}

// FindingID is the result's stable identity; see the package function.
func (r Result) FindingID() string { return FindingID(r.RuleID, r.AccountID, r.Resource) }

// RuleInfo is a rule's metadata as reports show it: written once per rule
// (the JSON report's rules section, SARIF reportingDescriptors, the HTML
// rule groups) instead of on every result. The rules package builds it;
// reports never see rules themselves.
type RuleInfo struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Severity    Severity `json:"severity"`
	Rationale   string   `json:"rationale,omitempty"`
	Remediation string   `json:"remediation,omitempty"`
	// RemediationCLI holds AWS CLI commands that fix a failure.
	RemediationCLI []string  `json:"remediation_cli,omitempty"`
	References     []string  `json:"references,omitempty"`
	Controls       []Control `json:"controls,omitempty"`
}

// CatalogVersion names a rule catalog by its content: "sha256:" and the
// first 12 hex digits of a digest over every rule's ID, severity, title,
// remediation and controls, in order. Two reports with the same catalog
// version judged with the same rules, whatever the tool version string.
func CatalogVersion(infos []RuleInfo) string {
	h := sha256.New()
	for _, ri := range infos {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", ri.ID, ri.Severity, ri.Title, ri.Remediation)
		for _, c := range ri.Controls {
			fmt.Fprintf(h, "%s\x00", c)
		}
		h.Write([]byte{1})
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))[:12]
}

// ControlResult is one framework control's status, derived from its rules:
// FAIL if any result fails, else UNKNOWN if any is unknown, else PASS; a
// control with no automated rule is MANUAL.
type ControlResult struct {
	Framework string   `json:"framework"`
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Automated bool     `json:"automated"`
	Status    Status   `json:"status"`
	Rules     []string `json:"rules,omitempty"`
	Failed    int      `json:"failed"`
	Unknown   int      `json:"unknown"`
	Passed    int      `json:"passed"`
	// Note explains a status a reader could misread: why an automated
	// control is UNKNOWN (no rule covers it, or its rules produced nothing),
	// or what a rule for a manual control does and does not cover.
	Note string `json:"note,omitempty"`
}

// Meta describes the scan that produced a set of results.
type Meta struct {
	ToolVersion string `json:"tool_version"`
	// RuleCatalogVersion identifies the rule catalog (see CatalogVersion).
	RuleCatalogVersion string `json:"rule_catalog_version,omitempty"`
	AccountID          string `json:"account_id"`
	// AccountName is the account's name where known: in a multi-account
	// run, from Organizations ListAccounts; otherwise empty.
	AccountName string    `json:"account_name,omitempty"`
	Partition   string    `json:"partition"`
	CallerARN   string    `json:"caller_arn"`
	CollectedAt time.Time `json:"collected_at"`
	// CredentialReportAge is the credential report's age at collection;
	// nil when no report was read (a fresh report is legitimately 0s old).
	CredentialReportAge *Duration `json:"credential_report_age,omitempty"`
	Framework           string    `json:"framework,omitempty"`
	// Flags are the command-line flags the run was given ("--framework=cis-aws-3.0").
	Flags        []string `json:"flags,omitempty"`
	EvidenceGaps []string `json:"evidence_gaps,omitempty"`
	// Accounts lists every account a multi-account run audited (scan
	// --org, --accounts, --role-arn), sorted by ID; empty for a
	// single-account run. AccountID is then the caller's account.
	Accounts []Account `json:"accounts,omitempty"`
	// Shard is "I/N" when the run audited shard I of N of the account list.
	Shard string `json:"shard,omitempty"`
}

// Account is one account of a multi-account run.
type Account struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Error says why the account could not be audited (its role could not
	// be assumed, its collection failed); its results are then UNKNOWN.
	Error string `json:"error,omitempty"`
	// EvidenceGaps counts the evidence sources the account's collection missed.
	EvidenceGaps int `json:"evidence_gaps,omitempty"`
}

// Duration marshals as a Go duration string ("1h30m0s") for readability.
type Duration time.Duration

// MarshalJSON implements json.Marshaler.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON implements json.Unmarshaler.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// FindingID is the stable identity of one rule's finding on one resource of
// one account: the lowercase hex of the first 16 bytes of SHA-256 over rule
// ID, account ID and resource, separated by NUL bytes. It does not change
// with status, severity, reason or time, so scheduled scans, suppressions,
// drift and exports (SARIF fingerprints, Security Hub finding IDs) can match
// the same finding across runs.
func FindingID(ruleID, accountID, resource string) string {
	var id [32]byte
	return string(AppendFindingID(id[:0], ruleID, accountID, resource))
}

// AppendFindingID appends FindingID(ruleID, accountID, resource) to dst,
// for writers that would otherwise allocate the string for every result.
func AppendFindingID(dst []byte, ruleID, accountID, resource string) []byte {
	// One stack buffer for the digest's input: reports compute this for
	// every result.
	var in [256]byte
	b := append(in[:0], ruleID...)
	b = append(b, 0)
	b = append(b, accountID...)
	b = append(b, 0)
	b = append(b, resource...)
	sum := sha256.Sum256(b)
	return hex.AppendEncode(dst, sum[:16])
}
