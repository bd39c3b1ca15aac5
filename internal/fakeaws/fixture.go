package fakeaws

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"gopkg.in/yaml.v3"
)

// Account is a declarative description of one AWS account as IAM and STS see
// it. The fake derives every API answer from it (ARNs, IDs, counts, the
// credential report), so a test states facts once and every operation agrees
// on them. An Account must not be modified after it is passed to New.
type Account struct {
	// AccountID is the 12-digit account ID.
	AccountID string `yaml:"account_id"`
	// Partition is aws (default), aws-us-gov or aws-cn; it shapes every ARN.
	Partition string `yaml:"partition,omitempty"`
	// CallerARN is what GetCallerIdentity returns; default is the root ARN.
	CallerARN string `yaml:"caller_arn,omitempty"`
	// CallerUserID is GetCallerIdentity's UserId; derived when empty.
	CallerUserID string `yaml:"caller_user_id,omitempty"`
	// Now is the fake's notion of the present (credential report
	// GeneratedTime, AssumeRole expiry). Zero means the wall clock at New.
	Now time.Time `yaml:"now,omitempty"`
	// RawPolicyDocuments makes the fake send policy documents as raw JSON
	// instead of URL-encoded JSON, as some emulators do.
	RawPolicyDocuments bool `yaml:"raw_policy_documents,omitempty"`

	Root   Root    `yaml:"root"`
	Users  []User  `yaml:"users,omitempty"`
	Groups []Group `yaml:"groups,omitempty"`
	Roles  []Role  `yaml:"roles,omitempty"`
	// Policies are the customer-managed policies.
	Policies []ManagedPolicy `yaml:"policies,omitempty"`
	// AWSManagedPolicies extend (or, by name, replace) the built-in catalog
	// of AWS-managed policies returned by BuiltinAWSManagedPolicies.
	AWSManagedPolicies []ManagedPolicy `yaml:"aws_managed_policies,omitempty"`
	// UnassignedVirtualMFADevices are serial numbers of virtual MFA devices
	// created but assigned to nobody.
	UnassignedVirtualMFADevices []string `yaml:"unassigned_virtual_mfa_devices,omitempty"`
	// PasswordPolicy is nil when the account has no custom password policy.
	PasswordPolicy     *PasswordPolicy     `yaml:"password_policy,omitempty"`
	ServerCertificates []ServerCertificate `yaml:"server_certificates,omitempty"`
	CredentialReport   CredentialReport    `yaml:"credential_report,omitempty"`
	// Regions are what account:ListRegions reports, in any order. Nil
	// means the partition's default-enabled regions (DefaultRegions).
	Regions []Region `yaml:"regions,omitempty"`
	// AccessAnalyzers are the IAM Access Analyzer analyzers per region; a
	// region not listed has none.
	AccessAnalyzers map[string][]Analyzer `yaml:"access_analyzers,omitempty"`
	Faults          []Fault               `yaml:"faults,omitempty"`
	// Emulator makes the fake deviate from AWS the way IAM emulators do.
	// The zero value is AWS-faithful.
	Emulator Emulator `yaml:"emulator,omitempty"`

	// Identity is the account-level identity state: identity providers,
	// contacts and organization (fixture_org.go).
	Identity AccountIdentity `yaml:"identity,omitempty"`
}

// Emulator lists documented deviations of IAM emulators (moto, and
// LocalStack, which serves IAM through moto) from AWS, so tests can check
// that collection and rules degrade to UNKNOWN instead of misjudging. Each
// option mimics one quirk; none is on by default. Quirks the rest of the
// fixture already expresses are not repeated here: raw policy documents
// (RawPolicyDocuments), a credential report without a root row or with
// emulator tokens (CredentialReport.RawCSV), and moto's root that never has
// MFA, keys or certificates (an empty Root makes GetAccountSummary report
// AccountMFAEnabled, AccountAccessKeysPresent and
// AccountSigningCertificatesPresent as 0, as moto hardcodes them).
type Emulator struct {
	// OmitSummaryKeys are GetAccountSummary keys left out of the SummaryMap
	// (moto has no AccountPasswordPresent).
	OmitSummaryKeys []string `yaml:"omit_summary_keys,omitempty"`
	// OmitReportGeneratedTime leaves GeneratedTime out of GetCredentialReport.
	// (moto sends a hardcoded 2015-02-02T20:02:02Z instead; the fixture's
	// CredentialReport.GeneratedTime mimics that.)
	OmitReportGeneratedTime bool `yaml:"omit_report_generated_time,omitempty"`
	// IgnoreAuthzFilter makes GetAccountAuthorizationDetails return every
	// AWS-managed policy of the catalog, attached or not, whatever the
	// Filter says. moto lists its whole catalog, used or not, when called
	// without a Filter; an emulator ignoring the Filter does so always.
	IgnoreAuthzFilter bool `yaml:"ignore_authz_filter,omitempty"`
	// NoPaging makes GetAccountAuthorizationDetails ignore MaxItems and
	// Marker and send everything at once without a Marker (moto) nor
	// IsTruncated.
	NoPaging bool `yaml:"no_paging,omitempty"`
	// OmitRoleLastUsed leaves RoleLastUsed out of role details (moto).
	OmitRoleLastUsed bool `yaml:"omit_role_last_used,omitempty"`
	// OmitTags leaves Tags out of user and role details.
	OmitTags bool `yaml:"omit_tags,omitempty"`
	// AllInstanceProfiles lists every instance profile of the account,
	// each with its own role, in each role's InstanceProfileList (moto
	// renders the account's profiles into every RoleDetail; AWS lists only
	// the profiles that contain the role).
	AllInstanceProfiles bool `yaml:"all_instance_profiles,omitempty"`
	// OmitPolicyVersionList leaves PolicyVersionList out of the managed
	// policies of GetAccountAuthorizationDetails; GetPolicyVersion still
	// answers.
	OmitPolicyVersionList bool `yaml:"omit_policy_version_list,omitempty"`
	// EchoMarker makes ListServerCertificates a broken endpoint: it answers
	// every call with the first certificate, IsTruncated true and the same
	// Marker, so a client that trusts the Marker pages forever.
	EchoMarker bool `yaml:"echo_marker,omitempty"`
	// TimestampStyle is how API timestamps are written: "" (AWS:
	// 2026-01-02T03:04:05Z), "millis" (2026-01-02T03:04:05.000Z, as moto
	// writes policy dates) or "offset" (2026-01-02T03:04:05+00:00).
	TimestampStyle string `yaml:"timestamp_style,omitempty"`
}

// Timestamp styles of Emulator.TimestampStyle.
const (
	TimestampMillis = "millis"
	TimestampOffset = "offset"
)

// Root is the account root user.
type Root struct {
	// CreateDate is when the account was created (the report's user_creation_time).
	CreateDate time.Time `yaml:"create_date"`
	// PasswordEnabled says whether root has a console password
	// (GetAccountSummary AccountPasswordPresent).
	PasswordEnabled bool `yaml:"password_enabled"`
	// PasswordLastUsed is nil when the password was never used (no_information).
	PasswordLastUsed *time.Time `yaml:"password_last_used,omitempty"`
	// MFA is none (default), virtual, hardware or virtual+hardware.
	MFA string `yaml:"mfa,omitempty"`
	// MFAEnableDate is when root's MFA devices were enabled; defaults to CreateDate.
	MFAEnableDate *time.Time    `yaml:"mfa_enable_date,omitempty"`
	AccessKeys    []AccessKey   `yaml:"access_keys,omitempty"`
	SigningCerts  []SigningCert `yaml:"signing_certs,omitempty"`
}

// Root MFA settings.
const (
	MFANone            = "none"
	MFAVirtual         = "virtual"
	MFAHardware        = "hardware"
	MFAVirtualHardware = "virtual+hardware"
)

// User is an IAM user.
type User struct {
	Name string `yaml:"name"`
	// Path defaults to "/".
	Path string `yaml:"path,omitempty"`
	// ID is the unique ID (AIDA...); derived from the name when empty.
	ID         string    `yaml:"id,omitempty"`
	CreateDate time.Time `yaml:"create_date"`
	// PasswordEnabled says whether the user has a console password (login profile).
	PasswordEnabled bool `yaml:"password_enabled,omitempty"`
	// PasswordLastUsed is nil when the password was never used.
	PasswordLastUsed *time.Time `yaml:"password_last_used,omitempty"`
	// PasswordLastChanged defaults to CreateDate when the user has a password.
	PasswordLastChanged *time.Time        `yaml:"password_last_changed,omitempty"`
	MFADevices          []MFADevice       `yaml:"mfa_devices,omitempty"`
	AccessKeys          []AccessKey       `yaml:"access_keys,omitempty"`
	SigningCerts        []SigningCert     `yaml:"signing_certs,omitempty"`
	Groups              []string          `yaml:"groups,omitempty"`
	AttachedPolicies    []string          `yaml:"attached_policies,omitempty"`
	InlinePolicies      []InlinePolicy    `yaml:"inline_policies,omitempty"`
	PermissionsBoundary string            `yaml:"permissions_boundary,omitempty"`
	Tags                map[string]string `yaml:"tags,omitempty"`
}

// MFADevice is an MFA device assigned to a user.
type MFADevice struct {
	// Type is virtual or hardware (hardware includes FIDO security keys).
	Type string `yaml:"type"`
	// Serial defaults to arn:<partition>:iam::<acct>:mfa/<user> for a virtual
	// device and to a generated GAHT serial for a hardware one.
	Serial     string     `yaml:"serial,omitempty"`
	EnableDate *time.Time `yaml:"enable_date,omitempty"`
}

// AccessKey is an access key of a user or of root. The first key in the list
// is the report's access_key_1.
type AccessKey struct {
	// ID defaults to a derived AKIA... ID.
	ID string `yaml:"id,omitempty"`
	// Status is Active (default) or Inactive.
	Status     string    `yaml:"status,omitempty"`
	CreateDate time.Time `yaml:"create_date"`
	// LastUsed is nil when the key was never used.
	LastUsed *KeyLastUsed `yaml:"last_used,omitempty"`
}

// KeyLastUsed is when, where and for what an access key was last used.
type KeyLastUsed struct {
	Date time.Time `yaml:"date"`
	// Region is empty for a non-regional service (the report says N/A).
	Region  string `yaml:"region,omitempty"`
	Service string `yaml:"service"`
}

// SigningCert is an X.509 signing certificate of a user or of root.
type SigningCert struct {
	ID         string    `yaml:"id,omitempty"`
	Status     string    `yaml:"status,omitempty"`
	UploadDate time.Time `yaml:"upload_date"`
}

// InlinePolicy is a policy embedded in a user, group or role.
type InlinePolicy struct {
	Name string `yaml:"name"`
	// Document is the policy JSON.
	Document string `yaml:"document"`
}

// Group is an IAM group.
type Group struct {
	Name             string         `yaml:"name"`
	Path             string         `yaml:"path,omitempty"`
	ID               string         `yaml:"id,omitempty"`
	CreateDate       time.Time      `yaml:"create_date"`
	AttachedPolicies []string       `yaml:"attached_policies,omitempty"`
	InlinePolicies   []InlinePolicy `yaml:"inline_policies,omitempty"`
}

// Role is an IAM role.
type Role struct {
	Name        string    `yaml:"name"`
	Path        string    `yaml:"path,omitempty"`
	ID          string    `yaml:"id,omitempty"`
	Description string    `yaml:"description,omitempty"`
	CreateDate  time.Time `yaml:"create_date"`
	// AssumeRolePolicy is the trust policy JSON.
	AssumeRolePolicy    string         `yaml:"assume_role_policy"`
	AttachedPolicies    []string       `yaml:"attached_policies,omitempty"`
	InlinePolicies      []InlinePolicy `yaml:"inline_policies,omitempty"`
	PermissionsBoundary string         `yaml:"permissions_boundary,omitempty"`
	// InstanceProfiles are names of instance profiles that contain the role.
	InstanceProfiles []string `yaml:"instance_profiles,omitempty"`
	// LastUsed is nil when the role was never used (or not in the tracking period).
	LastUsed *RoleLastUsed     `yaml:"last_used,omitempty"`
	Tags     map[string]string `yaml:"tags,omitempty"`
	// MaxSessionDuration is in seconds; default 3600.
	MaxSessionDuration int `yaml:"max_session_duration,omitempty"`
}

// RoleLastUsed is when and where a role was last assumed.
type RoleLastUsed struct {
	Date   time.Time `yaml:"date"`
	Region string    `yaml:"region,omitempty"`
}

// ManagedPolicy is a customer-managed or AWS-managed policy.
type ManagedPolicy struct {
	Name        string    `yaml:"name"`
	Path        string    `yaml:"path,omitempty"`
	ID          string    `yaml:"id,omitempty"`
	Description string    `yaml:"description,omitempty"`
	CreateDate  time.Time `yaml:"create_date"`
	// UpdateDate defaults to the newest version's create date.
	UpdateDate *time.Time `yaml:"update_date,omitempty"`
	// DefaultVersion is the VersionId in force; defaults to the last version.
	DefaultVersion string          `yaml:"default_version,omitempty"`
	Versions       []PolicyVersion `yaml:"versions"`
}

// PolicyVersion is one version of a managed policy.
type PolicyVersion struct {
	// ID is v1, v2, ...; defaults to v<index+1>.
	ID         string    `yaml:"id,omitempty"`
	CreateDate time.Time `yaml:"create_date"`
	Document   string    `yaml:"document"`
}

// PasswordPolicy is the account password policy. Pointer fields are omitted
// from the response when nil, as AWS omits them when unset.
type PasswordPolicy struct {
	MinimumPasswordLength      int  `yaml:"minimum_password_length"`
	RequireSymbols             bool `yaml:"require_symbols"`
	RequireNumbers             bool `yaml:"require_numbers"`
	RequireUppercaseCharacters bool `yaml:"require_uppercase_characters"`
	RequireLowercaseCharacters bool `yaml:"require_lowercase_characters"`
	AllowUsersToChangePassword bool `yaml:"allow_users_to_change_password"`
	// MaxPasswordAge is in days; nil or 0 means passwords never expire.
	MaxPasswordAge          *int  `yaml:"max_password_age,omitempty"`
	PasswordReusePrevention *int  `yaml:"password_reuse_prevention,omitempty"`
	HardExpiry              *bool `yaml:"hard_expiry,omitempty"`
}

// ServerCertificate is an IAM server certificate.
type ServerCertificate struct {
	Name       string    `yaml:"name"`
	Path       string    `yaml:"path,omitempty"`
	ID         string    `yaml:"id,omitempty"`
	UploadDate time.Time `yaml:"upload_date"`
	Expiration time.Time `yaml:"expiration"`
}

// CredentialReport drives the credential report state machine.
type CredentialReport struct {
	// InProgressPolls is how many GenerateCredentialReport/GetCredentialReport
	// calls after the one that answered STARTED still see the report not
	// ready (INPROGRESS / ReportInProgress). With 2: Generate -> STARTED,
	// Get -> ReportInProgress, Generate -> INPROGRESS, then COMPLETE / the
	// report. With 0 the report is ready right after STARTED.
	InProgressPolls int `yaml:"in_progress_polls,omitempty"`
	// Exists says a report was generated before the fake started, so
	// GetCredentialReport succeeds without GenerateCredentialReport.
	Exists bool `yaml:"exists,omitempty"`
	// Expired says the existing report is older than 4 hours: GetCredentialReport
	// answers ReportExpired until GenerateCredentialReport is called.
	Expired bool `yaml:"expired,omitempty"`
	// GeneratedTime is the report's GeneratedTime; defaults to Account.Now.
	GeneratedTime *time.Time `yaml:"generated_time,omitempty"`
	// RawCSV, when set, replaces the generated CSV (to test malformed reports).
	RawCSV *string `yaml:"raw_csv,omitempty"`
}

// Region is one region of the account and its opt-in status.
type Region struct {
	Name string `yaml:"name"`
	// Status is ENABLED, ENABLED_BY_DEFAULT, DISABLED, ENABLING or DISABLING.
	Status string `yaml:"status"`
}

// Region opt statuses of the Account Management API.
const (
	RegionEnabled          = "ENABLED"
	RegionEnabledByDefault = "ENABLED_BY_DEFAULT"
	RegionDisabled         = "DISABLED"
	RegionEnabling         = "ENABLING"
	RegionDisabling        = "DISABLING"
)

// Analyzer is an IAM Access Analyzer analyzer in one region.
type Analyzer struct {
	Name string `yaml:"name"`
	// Type is ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS or
	// ORGANIZATION_UNUSED_ACCESS.
	Type string `yaml:"type"`
	// Status is ACTIVE (default), CREATING, DISABLED or FAILED.
	Status string `yaml:"status,omitempty"`
	// CreatedAt defaults to Account.Now.
	CreatedAt *time.Time `yaml:"created_at,omitempty"`
}

// DefaultRegions returns the regions a new account of the partition has
// enabled by default (ENABLED_BY_DEFAULT): for aws, the 17 regions that
// predate opt-in regions (March 2019); for aws-us-gov and aws-cn, the
// partition's two regions.
func DefaultRegions(partition string) []Region {
	var names []string
	switch partition {
	case "aws-us-gov":
		names = []string{"us-gov-west-1", "us-gov-east-1"}
	case "aws-cn":
		names = []string{"cn-north-1", "cn-northwest-1"}
	default:
		names = []string{
			"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1",
			"ap-southeast-2", "ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2",
			"eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
		}
	}
	out := make([]Region, len(names))
	for i, n := range names {
		out[i] = Region{Name: n, Status: RegionEnabledByDefault}
	}
	return out
}

// Fault makes an operation fail: with an AWS error code, or (Kind) by
// misbehaving the way broken endpoints and proxies do.
type Fault struct {
	// Kind is how the call fails: "" (an AWS error, Code), stall_headers,
	// stall_body, garbage or endless_markers (see the Fault* constants).
	Kind string `yaml:"kind,omitempty"`
	// Action is the API operation name, e.g. GetCredentialReport,
	// ListRegions or ListAnalyzers.
	Action string `yaml:"action"`
	// Region limits the fault to requests signed for this region (for
	// regional APIs such as ListAnalyzers); empty matches every region.
	Region string `yaml:"region,omitempty"`
	// Status overrides the HTTP status AWS uses for Code, to mimic
	// endpoints that are not AWS (an emulator's 501 for an API it lacks).
	Status int `yaml:"status,omitempty"`
	// Code is the AWS error code, e.g. AccessDenied or Throttling; the HTTP
	// status is the one AWS uses for that code. Only for Kind "".
	Code string `yaml:"code"`
	// Message defaults to a message in AWS's style.
	Message string `yaml:"message,omitempty"`
	// Times is how many calls fail, starting with the first; 0 means every call.
	Times int `yaml:"times,omitempty"`
}

// LoadFixture reads an Account from a YAML file. Decoding is strict: a field
// the Account does not know is an error that names it, so a typo in a
// fixture cannot silently change what a test means.
func LoadFixture(path string) (*Account, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load fixture: %w", err)
	}
	acct, err := ParseFixture(data)
	if err != nil {
		return nil, fmt.Errorf("load fixture %s: %w", path, err)
	}
	return acct, nil
}

// ParseFixture decodes an Account from YAML, strictly (see LoadFixture).
func ParseFixture(data []byte) (*Account, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var a Account
	if err := dec.Decode(&a); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("empty fixture")
		}
		return nil, err
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return &a, nil
}

// Validate checks the references inside the account (group names, policy
// ARNs, MFA kinds), so a broken fixture fails loudly instead of producing
// an account AWS could never return.
func (a *Account) Validate() error {
	if len(a.AccountID) != 12 {
		return fmt.Errorf("account_id %q: want 12 digits", a.AccountID)
	}
	switch a.Root.MFA {
	case "", MFANone, MFAVirtual, MFAHardware, MFAVirtualHardware:
	default:
		return fmt.Errorf("root.mfa %q: want none, virtual, hardware or virtual+hardware", a.Root.MFA)
	}
	if err := a.validateIdentity(); err != nil {
		return err
	}
	idx := newIndex(a)
	if len(a.Root.AccessKeys) > 2 {
		return errors.New("root: at most 2 access keys")
	}
	for _, k := range a.Root.AccessKeys {
		if err := checkStatus(k.Status); err != nil {
			return fmt.Errorf("root access key: %w", err)
		}
	}
	seen := map[string]bool{}
	for _, u := range a.Users {
		if u.Name == "" {
			return errors.New("a user has no name")
		}
		if seen[u.Name] {
			return fmt.Errorf("user %q is defined twice", u.Name)
		}
		seen[u.Name] = true
		if len(u.AccessKeys) > 2 {
			return fmt.Errorf("user %q: at most 2 access keys", u.Name)
		}
		for _, m := range u.MFADevices {
			if m.Type != MFAVirtual && m.Type != MFAHardware {
				return fmt.Errorf("user %q: mfa device type %q: want virtual or hardware", u.Name, m.Type)
			}
		}
		for _, g := range u.Groups {
			if _, ok := idx.groups[g]; !ok {
				return fmt.Errorf("user %q: group %q is not defined", u.Name, g)
			}
		}
		for _, p := range u.AttachedPolicies {
			if _, ok := idx.policies[p]; !ok {
				return fmt.Errorf("user %q: attached policy %q is not defined", u.Name, p)
			}
		}
		for _, k := range u.AccessKeys {
			if err := checkStatus(k.Status); err != nil {
				return fmt.Errorf("user %q: access key: %w", u.Name, err)
			}
		}
		if b := u.PermissionsBoundary; b != "" {
			if _, ok := idx.policies[b]; !ok {
				return fmt.Errorf("user %q: permissions boundary %q is not defined", u.Name, b)
			}
		}
	}
	for _, g := range a.Groups {
		for _, p := range g.AttachedPolicies {
			if _, ok := idx.policies[p]; !ok {
				return fmt.Errorf("group %q: attached policy %q is not defined", g.Name, p)
			}
		}
	}
	for _, r := range a.Roles {
		for _, p := range r.AttachedPolicies {
			if _, ok := idx.policies[p]; !ok {
				return fmt.Errorf("role %q: attached policy %q is not defined", r.Name, p)
			}
		}
		if b := r.PermissionsBoundary; b != "" {
			if _, ok := idx.policies[b]; !ok {
				return fmt.Errorf("role %q: permissions boundary %q is not defined", r.Name, b)
			}
		}
	}
	for _, p := range a.Policies {
		if len(p.Versions) == 0 {
			return fmt.Errorf("policy %q has no versions", p.Name)
		}
		if p.DefaultVersion != "" {
			found := false
			for i, v := range p.Versions {
				if versionID(v, i) == p.DefaultVersion {
					found = true
				}
			}
			if !found {
				return fmt.Errorf("policy %q: default_version %q is not one of its versions", p.Name, p.DefaultVersion)
			}
		}
	}
	switch a.Emulator.TimestampStyle {
	case "", TimestampMillis, TimestampOffset:
	default:
		return fmt.Errorf("emulator.timestamp_style %q: want millis or offset", a.Emulator.TimestampStyle)
	}
	for _, r := range a.Regions {
		switch r.Status {
		case RegionEnabled, RegionEnabledByDefault, RegionDisabled, RegionEnabling, RegionDisabling:
		default:
			return fmt.Errorf("region %q: status %q: want ENABLED, ENABLED_BY_DEFAULT, DISABLED, ENABLING or DISABLING", r.Name, r.Status)
		}
		if r.Name == "" {
			return errors.New("a region has no name")
		}
	}
	for region, as := range a.AccessAnalyzers {
		names := map[string]bool{}
		for _, an := range as {
			if an.Name == "" {
				return fmt.Errorf("access_analyzers %s: an analyzer has no name", region)
			}
			if names[an.Name] {
				return fmt.Errorf("access_analyzers %s: analyzer %q is defined twice", region, an.Name)
			}
			names[an.Name] = true
			switch an.Type {
			case "ACCOUNT", "ORGANIZATION", "ACCOUNT_UNUSED_ACCESS", "ORGANIZATION_UNUSED_ACCESS":
			default:
				return fmt.Errorf("access_analyzers %s: analyzer %q: type %q: want ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS or ORGANIZATION_UNUSED_ACCESS", region, an.Name, an.Type)
			}
			switch an.Status {
			case "", "ACTIVE", "CREATING", "DISABLED", "FAILED":
			default:
				return fmt.Errorf("access_analyzers %s: analyzer %q: status %q: want ACTIVE, CREATING, DISABLED or FAILED", region, an.Name, an.Status)
			}
		}
	}
	for _, f := range a.Faults {
		if !validFaultKind(f.Kind) {
			return fmt.Errorf("fault %s: kind %q: want stall_headers, stall_body, garbage, endless_markers or none", f.Action, f.Kind)
		}
		if f.Action == "" || (f.Kind == FaultError && f.Code == "") {
			return fmt.Errorf("fault %+v: action and code are required", f)
		}
		if f.Status != 0 && (f.Status < 400 || f.Status > 599) {
			return fmt.Errorf("fault %s/%s: status %d: want an HTTP error status (400-599)", f.Action, f.Code, f.Status)
		}
		if f.Times < 0 {
			return fmt.Errorf("fault %s/%s: times must be >= 0", f.Action, f.Code)
		}
	}
	return nil
}

func checkStatus(s string) error {
	switch s {
	case "", "Active", "Inactive":
		return nil
	}
	return fmt.Errorf("status %q: want Active or Inactive", s)
}
