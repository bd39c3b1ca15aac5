// Package rules is iamaudit's catalog: each rule is one value holding all its
// metadata and a pure check over an audit.Snapshot. Rules never call AWS and
// never read the wall clock: "now" is the snapshot's collection time.
package rules

import (
	"fmt"
	"time"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// Resource types used in results, as CloudFormation / Security Hub name them.
const (
	TypeAccount     = "AWS::::Account"
	TypeUser        = "AWS::IAM::User"
	TypeRootUser    = "AWS::IAM::RootUser"
	TypeGroup       = "AWS::IAM::Group"
	TypeRole        = "AWS::IAM::Role"
	TypePolicy      = "AWS::IAM::Policy"
	TypeAccessKey   = "AWS::IAM::AccessKey"
	TypeCertificate = "AWS::IAM::ServerCertificate"
	TypePasswordPol = "AWS::IAM::PasswordPolicy"
)

// Rule is one check with everything a reader needs to act on it.
type Rule struct {
	// ID is stable across releases; reports, suppressions and CI gates key on it.
	ID          string
	Title       string
	Severity    result.Severity
	Rationale   string
	Remediation string
	// RemediationCLI holds AWS CLI commands that fix a failure.
	RemediationCLI []string
	References     []string
	// Controls lists every framework control this rule helps assess.
	Controls []result.Control
	// Evidence lists the snapshot sources the check needs: without one of
	// them its verdict is UNKNOWN, or its reason says what was not seen.
	Evidence []audit.Evidence
	// Optional lists sources the check reads when they are there (to
	// cross-check, or as a fallback) but can decide without. A check reads
	// nothing else; a catalog test holds every rule to its declarations.
	Optional []audit.Evidence
	// Check evaluates the rule. It returns one result per resource.
	Check func(ctx *Context) []result.Result
}

// Config holds rule thresholds. The zero Config means DefaultConfig(); any
// other value is taken as it is (see orDefaults).
type Config struct {
	// KeyRotationDays: active access keys older than this fail (CIS 1.14, IAM.3).
	KeyRotationDays int `yaml:"key_rotation_days"`
	// UnusedCredentialDays: credentials unused this long fail (CIS 1.12, IAM.22).
	UnusedCredentialDays int `yaml:"unused_credential_days"`
	// UnusedCredentialDaysLong: the Security Hub IAM.8 / Config default (90).
	UnusedCredentialDaysLong int `yaml:"unused_credential_days_long"`
	// RootUseDays: root used within this many days fails.
	RootUseDays int `yaml:"root_use_days"`
	// MinPasswordLength, PasswordReusePrevention, MaxPasswordAge: password policy targets.
	MinPasswordLength       int `yaml:"min_password_length"`
	PasswordReusePrevention int `yaml:"password_reuse_prevention"`
	MaxPasswordAgeDays      int `yaml:"max_password_age_days"`
	// SigningCertDays: active user signing certificates older than this fail.
	SigningCertDays int `yaml:"signing_cert_days"`
	// CertExpiryWarnDays: server certificates expiring within this many days are flagged.
	CertExpiryWarnDays int `yaml:"cert_expiry_warn_days"`
	// CredentialReportMaxAgeMinutes: a credential report older than this at
	// collection supports no verdict. IAM serves a cached report for up to 4
	// hours, so a fresh Generate -> COMPLETE never yields an older one.
	CredentialReportMaxAgeMinutes int `yaml:"credential_report_max_age_minutes"`
	// ClockSkewMinutes: how far a date may lie after the collection time (or
	// a report's age beyond the maximum) before it is distrusted; clocks of
	// the collecting machine and of AWS differ by a little.
	ClockSkewMinutes int `yaml:"clock_skew_minutes"`

	// explicit marks a Config built from DefaultConfig (and so every
	// decoded configuration file): all its values, zeros included, stand.
	explicit bool
}

// DefaultConfig returns the benchmark defaults.
func DefaultConfig() Config {
	return Config{
		KeyRotationDays:          90,
		UnusedCredentialDays:     45,
		UnusedCredentialDaysLong: 90,
		// CIS gives no threshold for root use; Security Hub's retired IAM.20 and
		// Prowler look back 1 day. We flag root use in the last 90 days: long
		// enough to catch routine use between quarterly audits, short enough
		// that a one-off break-glass use a year ago is not a standing failure.
		RootUseDays:             90,
		MinPasswordLength:       14,
		PasswordReusePrevention: 24,
		MaxPasswordAgeDays:      90,
		SigningCertDays:         90,
		CertExpiryWarnDays:      30,

		CredentialReportMaxAgeMinutes: 4 * 60,
		ClockSkewMinutes:              5,

		explicit: true,
	}
}

// orDefaults is the configuration a check uses: the zero Config stands for
// the benchmark defaults (so a caller that has no opinion passes Config{}),
// and any other value is used exactly as given, an explicit 0 included: a
// team that wants every active key flagged sets key_rotation_days to 0 and
// gets that, not a silent 90. Configuration files are decoded on top of
// DefaultConfig, so a key left out keeps its default.
func (c Config) orDefaults() Config {
	if !c.explicit && c == (Config{}) {
		return DefaultConfig()
	}
	return c
}

// Validate rejects thresholds that make no sense.
func (c Config) Validate() error {
	for name, v := range map[string]int{
		"key_rotation_days": c.KeyRotationDays, "unused_credential_days": c.UnusedCredentialDays,
		"unused_credential_days_long": c.UnusedCredentialDaysLong, "root_use_days": c.RootUseDays,
		"min_password_length": c.MinPasswordLength, "password_reuse_prevention": c.PasswordReusePrevention,
		"max_password_age_days": c.MaxPasswordAgeDays, "signing_cert_days": c.SigningCertDays,
		"cert_expiry_warn_days": c.CertExpiryWarnDays, "credential_report_max_age_minutes": c.CredentialReportMaxAgeMinutes,
		"clock_skew_minutes": c.ClockSkewMinutes,
	} {
		if v < 0 {
			return fmt.Errorf("rule config: %s must not be negative (got %d)", name, v)
		}
	}
	if c.PasswordReusePrevention > 24 {
		return fmt.Errorf("rule config: password_reuse_prevention can be at most 24 (IAM's maximum), got %d", c.PasswordReusePrevention)
	}
	if c.MinPasswordLength > 128 {
		return fmt.Errorf("rule config: min_password_length can be at most 128 (IAM's maximum), got %d", c.MinPasswordLength)
	}
	return nil
}

// Context is what a check sees: the snapshot, "now" (the collection time) and
// the thresholds. It also holds indexes of the snapshot built on first use
// and shared by every rule run on it, so the snapshot must not change once
// a check has run; checks only read the snapshot and the indexes.
type Context struct {
	Snapshot *audit.Snapshot
	Now      time.Time
	Config   Config

	// Indexes shared by every rule of one evaluation, each built on first
	// use: Evaluate runs all rules on one Context so they are built once.
	creds   *credView           // credentials()
	az      *azIndex            // newAZIndex()
	mfaDevs map[string][]string // virtualMFAByUser()
	// admins is the effective-admin graph, built on first use by adminGraph().
	admins *adminGraph
	// rule is the rule being evaluated: its declared evidence is what an
	// UNKNOWN names when a check does not say otherwise.
	rule *Rule
	// memo holds each rule's results once checked (checkOnce), shared by
	// every worker's copy of the Context: a rule that quotes another reads
	// the results the other worker produced, or produces them for both.
	memo *ruleMemos
}

// NewContext builds a check context for a snapshot.
func NewContext(s *audit.Snapshot, cfg Config) *Context {
	return &Context{Snapshot: s, Now: s.CollectedAt, Config: cfg.orDefaults(), memo: &ruleMemos{}}
}

// Info is the rule's metadata for reports, which never see rules.
func (r Rule) Info() result.RuleInfo {
	return result.RuleInfo{
		ID: r.ID, Title: r.Title, Severity: r.Severity, Rationale: r.Rationale,
		Remediation: r.Remediation, RemediationCLI: r.RemediationCLI,
		References: r.References, Controls: r.Controls,
	}
}

// cis builds the CIS control list for a rule: one ID per benchmark version,
// in release order (v1.4.0, v1.5.0, v2.0.0, v3.0.0, v4.0.0, v5.0.0, v6.0.0,
// v7.0.0); "" where the version has no such recommendation.
func cis(v14, v15, v20, v30, v40, v50, v60, v70 string) []result.Control {
	var out []result.Control
	for _, c := range []result.Control{
		{Framework: FrameworkCIS14, ID: v14}, {Framework: FrameworkCIS15, ID: v15},
		{Framework: FrameworkCIS20, ID: v20}, {Framework: FrameworkCIS30, ID: v30},
		{Framework: FrameworkCIS40, ID: v40}, {Framework: FrameworkCIS50, ID: v50},
		{Framework: FrameworkCIS60, ID: v60}, {Framework: FrameworkCIS70, ID: v70},
	} {
		if c.ID != "" {
			out = append(out, c)
		}
	}
	return out
}

// securityHub names a Security Hub control.
func securityHub(id string) result.Control {
	return result.Control{Framework: FrameworkSecurityHub, ID: id}
}

// awsConfig names an AWS Config managed rule.
func awsConfig(id string) result.Control {
	return result.Control{Framework: FrameworkAWSConfig, ID: id}
}
