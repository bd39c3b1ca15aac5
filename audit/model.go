// Package audit holds the evidence model: an SDK-free, versioned snapshot of
// everything iamaudit collected from one AWS account, and the gaps where it
// could not collect. Rules read only these types, so a snapshot saved to JSON
// and loaded later is judged exactly as a live one.
package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/iamaudit/iamaudit/internal/textsafe"
)

// SchemaVersion is the version of the evidence JSON written by this build.
// Bump it on any change that an older reader would misinterpret.
const SchemaVersion = 1

// Snapshot is all evidence collected from one account at one moment.
//
// Each evidence source is a pointer: nil means it was not collected, and
// Gaps says why. An empty but non-nil source means "collected, and empty".
type Snapshot struct {
	SchemaVersion int       `json:"schema_version"`
	ToolVersion   string    `json:"tool_version"`
	CollectedAt   time.Time `json:"collected_at"`
	Account       Account   `json:"account"`

	CredentialReport   *CredentialReport     `json:"credential_report,omitempty"`
	AccountSummary     *AccountSummary       `json:"account_summary,omitempty"`
	PasswordPolicy     *PasswordPolicy       `json:"password_policy,omitempty"`
	VirtualMFADevices  *VirtualMFADevices    `json:"virtual_mfa_devices,omitempty"`
	Authorization      *AuthorizationDetails `json:"authorization,omitempty"`
	ServerCertificates *ServerCertificates   `json:"server_certificates,omitempty"`
	Regions            *Regions              `json:"regions,omitempty"`
	AccessAnalyzers    *AccessAnalyzers      `json:"access_analyzers,omitempty"`

	// Account-level identity evidence (see organization.go).
	IdentityProviders       *IdentityProviders       `json:"identity_providers,omitempty"`
	OrganizationsFeatures   *OrganizationsFeatures   `json:"organizations_features,omitempty"`
	ContactInformation      *ContactInformation      `json:"contact_information,omitempty"`
	SecurityContact         *SecurityContact         `json:"security_contact,omitempty"`
	Organization            *Organization            `json:"organization,omitempty"`
	DelegatedAdministrators *DelegatedAdministrators `json:"delegated_administrators,omitempty"`
	OrganizationPolicies    *OrganizationPolicies    `json:"organization_policies,omitempty"`

	// Gaps records every piece of evidence that could not be collected.
	Gaps []Gap `json:"gaps,omitempty"`
}

// Account identifies the audited account and the principal that audited it.
type Account struct {
	ID        string `json:"id"`
	Partition string `json:"partition"` // aws, aws-us-gov, aws-cn, ...
	CallerARN string `json:"caller_arn"`
}

// Evidence names one evidence source; it keys Gaps to the rules that need it.
type Evidence string

// The evidence sources a Snapshot can hold.
const (
	EvidenceCallerIdentity     Evidence = "caller_identity"
	EvidenceCredentialReport   Evidence = "credential_report"
	EvidenceAccountSummary     Evidence = "account_summary"
	EvidencePasswordPolicy     Evidence = "password_policy"
	EvidenceVirtualMFADevices  Evidence = "virtual_mfa_devices"
	EvidenceAuthorization      Evidence = "authorization"
	EvidenceManagedPolicies    Evidence = "aws_managed_policies"
	EvidenceServerCertificates Evidence = "server_certificates"
	EvidenceRegions            Evidence = "regions"
	EvidenceAccessAnalyzers    Evidence = "access_analyzers"

	EvidenceIdentityProviders     Evidence = "identity_providers"
	EvidenceOrganizationsFeatures Evidence = "organizations_features"
	EvidenceContactInformation    Evidence = "contact_information"
	EvidenceSecurityContact       Evidence = "security_contact"
	EvidenceOrganization          Evidence = "organization"
	EvidenceDelegatedAdmins       Evidence = "delegated_administrators"
	EvidenceOrganizationPolicies  Evidence = "organization_policies"
)

// Gap is evidence that could not be collected: which source, which API
// operation failed, and the error AWS (or the network) returned.
type Gap struct {
	Evidence  Evidence `json:"evidence"`
	Operation string   `json:"operation"`
	// Resource is the ARN the failed call was about, when it was about one
	// resource (GetPolicy for one policy); empty for account-wide calls. It
	// lets a rule name only the gaps that concern the resource it judges.
	Resource string `json:"resource,omitempty"`
	Code     string `json:"code,omitempty"` // AWS error code, e.g. AccessDenied
	Message  string `json:"message"`
}

// String renders the gap for humans:
// "GetPolicy: AccessDenied: arn:aws:iam::aws:policy/X: ...".
func (g Gap) String() string {
	var b strings.Builder
	b.WriteString(g.Operation)
	for _, part := range []string{g.Code, g.Resource, g.Message} {
		if part != "" {
			b.WriteString(": ")
			b.WriteString(part)
		}
	}
	return b.String()
}

// Concerns reports whether the gap may explain missing evidence about
// resource: an account-wide gap concerns every resource, a gap about one
// resource only that one.
func (g Gap) Concerns(resource string) bool {
	return g.Resource == "" || g.Resource == resource
}

// GapsFor returns the gaps recorded for one evidence source.
func (s *Snapshot) GapsFor(e Evidence) []Gap {
	var out []Gap
	for _, g := range s.Gaps {
		if g.Evidence == e {
			out = append(out, g)
		}
	}
	return out
}

// Collected reports whether an evidence source is in the snapshot (possibly
// empty). A source can be collected and still lack what a check needs, such
// as a credential report without a root row.
func (s *Snapshot) Collected(e Evidence) bool {
	switch e {
	case EvidenceCallerIdentity:
		return s.Account.ID != ""
	case EvidenceCredentialReport:
		return s.CredentialReport != nil
	case EvidenceAccountSummary:
		return s.AccountSummary != nil
	case EvidencePasswordPolicy:
		return s.PasswordPolicy != nil
	case EvidenceVirtualMFADevices:
		return s.VirtualMFADevices != nil
	case EvidenceAuthorization, EvidenceManagedPolicies:
		return s.Authorization != nil
	case EvidenceServerCertificates:
		return s.ServerCertificates != nil
	case EvidenceRegions:
		return s.Regions != nil
	case EvidenceAccessAnalyzers:
		return s.AccessAnalyzers != nil
	case EvidenceIdentityProviders:
		return s.IdentityProviders != nil
	case EvidenceOrganizationsFeatures:
		return s.OrganizationsFeatures != nil
	case EvidenceContactInformation:
		return s.ContactInformation != nil
	case EvidenceSecurityContact:
		return s.SecurityContact != nil
	case EvidenceOrganization:
		return s.Organization != nil
	case EvidenceDelegatedAdmins:
		return s.DelegatedAdministrators != nil
	case EvidenceOrganizationPolicies:
		return s.OrganizationPolicies != nil
	}
	return false
}

// AddGap records a gap.
func (s *Snapshot) AddGap(g Gap) { s.Gaps = append(s.Gaps, g) }

// CredentialReportAge is how old the credential report was when the snapshot
// was taken; zero when there is no report.
func (s *Snapshot) CredentialReportAge() time.Duration {
	if s.CredentialReport == nil || s.CredentialReport.GeneratedTime.IsZero() {
		return 0
	}
	return s.CollectedAt.Sub(s.CredentialReport.GeneratedTime)
}

// AccountSummary is GetAccountSummary's SummaryMap, keyed by AWS's own names
// (AccountMFAEnabled, AccountAccessKeysPresent, Users, ...).
type AccountSummary struct {
	Values map[string]int32 `json:"values"`
}

// Get returns a summary value and whether AWS reported it.
func (a *AccountSummary) Get(key string) (int32, bool) {
	if a == nil {
		return 0, false
	}
	v, ok := a.Values[key]
	return v, ok
}

// PasswordPolicy is the account password policy. Present is false when AWS
// answered NoSuchEntity: no custom policy is set and IAM's defaults apply
// (length 8, no complexity, no expiry, no reuse prevention). That is a known
// state, not missing evidence.
type PasswordPolicy struct {
	Present                    bool `json:"present"`
	MinimumPasswordLength      int  `json:"minimum_password_length,omitempty"`
	RequireSymbols             bool `json:"require_symbols,omitempty"`
	RequireNumbers             bool `json:"require_numbers,omitempty"`
	RequireUppercaseCharacters bool `json:"require_uppercase_characters,omitempty"`
	RequireLowercaseCharacters bool `json:"require_lowercase_characters,omitempty"`
	AllowUsersToChangePassword bool `json:"allow_users_to_change_password,omitempty"`
	ExpirePasswords            bool `json:"expire_passwords,omitempty"`
	// MaxPasswordAge is in days; 0 means passwords never expire.
	MaxPasswordAge int `json:"max_password_age,omitempty"`
	// PasswordReusePrevention is how many previous passwords are remembered; 0 means none.
	PasswordReusePrevention int  `json:"password_reuse_prevention,omitempty"`
	HardExpiry              bool `json:"hard_expiry,omitempty"`
}

// VirtualMFADevices is the result of ListVirtualMFADevices (all assignment states).
type VirtualMFADevices struct {
	Devices []VirtualMFADevice `json:"devices"`
}

// VirtualMFADevice is one virtual MFA device. UserARN is empty when the device
// is not assigned; the root user's device has UserARN arn:<partition>:iam::<acct>:root.
type VirtualMFADevice struct {
	SerialNumber string     `json:"serial_number"`
	UserARN      string     `json:"user_arn,omitempty"`
	UserName     string     `json:"user_name,omitempty"`
	EnableDate   *time.Time `json:"enable_date,omitempty"`
}

// AssignedTo reports whether the device is assigned to the principal arn.
func (d VirtualMFADevice) AssignedTo(arn string) bool { return d.UserARN != "" && d.UserARN == arn }

// ServerCertificates is the result of ListServerCertificates.
type ServerCertificates struct {
	Certificates []ServerCertificate `json:"certificates"`
}

// ServerCertificate is the metadata of one IAM server certificate.
type ServerCertificate struct {
	Name       string    `json:"name"`
	ARN        string    `json:"arn"`
	ID         string    `json:"id"`
	Path       string    `json:"path"`
	UploadDate time.Time `json:"upload_date"`
	Expiration time.Time `json:"expiration"`
}

// Regions lists the regions enabled for the account (account:ListRegions
// with opt status ENABLED or ENABLED_BY_DEFAULT): the regions in which
// regional controls such as IAM Access Analyzer must be in place.
type Regions struct {
	// Enabled is sorted by region name.
	Enabled []string `json:"enabled"`
}

// AccessAnalyzers holds ListAnalyzers per enabled region. A region whose
// listing failed is absent from ByRegion and has a gap naming it, so a
// missing region is never mistaken for one without analyzers.
type AccessAnalyzers struct {
	ByRegion map[string][]Analyzer `json:"by_region"`
}

// Listed returns the analyzers of a region and whether the region was listed.
func (a *AccessAnalyzers) Listed(region string) ([]Analyzer, bool) {
	if a == nil {
		return nil, false
	}
	as, ok := a.ByRegion[region]
	return as, ok
}

// Analyzer is one IAM Access Analyzer analyzer, as ListAnalyzers returns it.
type Analyzer struct {
	Name string `json:"name"`
	ARN  string `json:"arn"`
	// Type is ACCOUNT, ORGANIZATION (external access), ACCOUNT_UNUSED_ACCESS,
	// ORGANIZATION_UNUSED_ACCESS, or another type AWS adds later.
	Type string `json:"type"`
	// Status is ACTIVE, CREATING, DISABLED or FAILED.
	Status string `json:"status"`
}

// snapshotJSON is the wire form of a Snapshot. It adds the credential
// report's age, derived rather than stored, so a reader of the file sees how
// stale the report was without doing date arithmetic.
type snapshotJSON struct {
	*Snapshot
	CredentialReportAge string `json:"credential_report_age,omitempty"`
}

// WriteJSON writes the snapshot as indented, versioned JSON.
func (s *Snapshot) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	out := snapshotJSON{Snapshot: s}
	if s.CredentialReport != nil && !s.CredentialReport.GeneratedTime.IsZero() {
		out.CredentialReportAge = s.CredentialReportAge().String()
	}
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("encode evidence: %w", err)
	}
	return nil
}

// MaxSnapshotBytes caps the evidence ReadSnapshot accepts: 256 MiB. The
// evidence of an account at every IAM quota (5,000 users, thousands of
// roles and policies with their documents) is a few tens of MiB, so
// anything larger is not evidence this tool wrote, and decoding it would
// only exhaust memory.
const MaxSnapshotBytes = 256 << 20

// maxSnapshotBytes is the cap ReadSnapshot applies; tests lower it to
// exercise the cap without reading 256 MiB.
var maxSnapshotBytes int64 = MaxSnapshotBytes

// ErrSnapshotTooLarge is returned by ReadSnapshot for input beyond
// MaxSnapshotBytes.
var ErrSnapshotTooLarge = fmt.Errorf("evidence is larger than %d MiB, more than any account's evidence", MaxSnapshotBytes>>20)

// capReader reads at most n bytes from r and fails, rather than ending
// quietly, when r holds more: a truncated document must not decode.
type capReader struct {
	r io.Reader
	n int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.n <= 0 {
		// One byte more tells "exactly at the cap" from "beyond it".
		var one [1]byte
		if k, _ := io.ReadFull(c.r, one[:]); k > 0 {
			return 0, ErrSnapshotTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > c.n {
		p = p[:c.n]
	}
	k, err := c.r.Read(p)
	c.n -= int64(k)
	return k, err
}

// ReadSnapshot reads evidence JSON written by WriteJSON and checks its
// version. It reads at most MaxSnapshotBytes and refuses anything after the
// document: a concatenation of two files is not one account's evidence.
//
// Evidence is decoded by the JSON v2 implementation with the options that
// give encoding/json's semantics (fastDecode); input it refuses is decoded
// again by encoding/json (decodeSnapshot), which then names the problem in
// the words users and tests have always seen.
func ReadSnapshot(r io.Reader) (*Snapshot, error) {
	buf, err := readCapped(r, maxSnapshotBytes)
	if err == nil {
		var s Snapshot
		if fastDecode(buf, &s) == nil {
			return checkSnapshot(&s)
		}
		r = nil
	} else if !errors.Is(err, ErrSnapshotTooLarge) {
		// encoding/json meets the read error where it happened.
		r = errReader{err}
	}
	src := io.Reader(bytes.NewReader(buf))
	if r != nil {
		src = io.MultiReader(src, r)
	}
	return decodeSnapshot(src)
}

// decodeSnapshot decodes evidence with encoding/json, as it comes.
func decodeSnapshot(r io.Reader) (*Snapshot, error) {
	dec := json.NewDecoder(&capReader{r: r, n: maxSnapshotBytes})
	dec.DisallowUnknownFields()
	var s Snapshot
	// The derived age is accepted and dropped: it is recomputed from the
	// report's generated time, so the two can never disagree.
	if err := dec.Decode(&snapshotJSON{Snapshot: &s}); err != nil {
		if errors.Is(err, ErrSnapshotTooLarge) {
			return nil, fmt.Errorf("decode evidence: %w", ErrSnapshotTooLarge)
		}
		return nil, fmt.Errorf("decode evidence: %s", textsafe.Short(err.Error(), 200))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if errors.Is(err, ErrSnapshotTooLarge) {
			return nil, fmt.Errorf("decode evidence: %w", ErrSnapshotTooLarge)
		}
		return nil, fmt.Errorf("decode evidence: unexpected data after the JSON document (at byte %d): one evidence file holds one snapshot", dec.InputOffset())
	}
	return checkSnapshot(&s)
}

// checkSnapshot refuses a decoded snapshot of no, or of an unknown,
// version, or whose identity is unusable.
func checkSnapshot(s *Snapshot) (*Snapshot, error) {
	switch {
	case s.SchemaVersion == 0:
		return nil, fmt.Errorf("decode evidence: no schema_version: not an iamaudit evidence file")
	case s.SchemaVersion < 0:
		return nil, fmt.Errorf("decode evidence: schema_version %d is not a version iamaudit ever wrote", s.SchemaVersion)
	case s.SchemaVersion > SchemaVersion:
		return nil, fmt.Errorf("decode evidence: schema_version %d is newer than this build understands (%d); upgrade iamaudit", s.SchemaVersion, SchemaVersion)
	}
	if err := s.IdentityError(); err != nil {
		return nil, fmt.Errorf("decode evidence: %w", err)
	}
	return s, nil
}
