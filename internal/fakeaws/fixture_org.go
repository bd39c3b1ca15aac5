package fakeaws

import (
	"fmt"
	"regexp"
	"time"
)

// AccountIdentity is the account-level identity state of a fixture: its
// identity providers, contacts and organization. Every field is optional;
// the zero value is an account outside any organization, with no identity
// providers and no contacts registered.
type AccountIdentity struct {
	// SAMLProviders are the IAM SAML identity providers.
	SAMLProviders []SAMLProvider `yaml:"saml_providers,omitempty"`
	// OIDCProviders are the IAM OpenID Connect providers, by URL without
	// the scheme (e.g. token.actions.githubusercontent.com).
	OIDCProviders []string `yaml:"oidc_providers,omitempty"`
	// ContactInformation is the primary contact; nil makes
	// GetContactInformation answer ResourceNotFoundException.
	ContactInformation *ContactInformation `yaml:"contact_information,omitempty"`
	// AlternateContacts are keyed by type (SECURITY, BILLING, OPERATIONS);
	// a missing type makes GetAlternateContact answer ResourceNotFoundException.
	AlternateContacts map[string]AlternateContact `yaml:"alternate_contacts,omitempty"`
	// Organization is nil for an account outside any organization.
	Organization *Organization `yaml:"organization,omitempty"`
}

// SAMLProvider is an IAM SAML identity provider.
type SAMLProvider struct {
	Name       string     `yaml:"name"`
	CreateDate time.Time  `yaml:"create_date"`
	ValidUntil *time.Time `yaml:"valid_until,omitempty"`
}

// ContactInformation is account:GetContactInformation's answer.
type ContactInformation struct {
	FullName     string `yaml:"full_name" json:"FullName,omitempty"`
	CompanyName  string `yaml:"company_name,omitempty" json:"CompanyName,omitempty"`
	PhoneNumber  string `yaml:"phone_number" json:"PhoneNumber,omitempty"`
	AddressLine1 string `yaml:"address_line1" json:"AddressLine1,omitempty"`
	City         string `yaml:"city" json:"City,omitempty"`
	PostalCode   string `yaml:"postal_code" json:"PostalCode,omitempty"`
	CountryCode  string `yaml:"country_code" json:"CountryCode,omitempty"`
	WebsiteURL   string `yaml:"website_url,omitempty" json:"WebsiteUrl,omitempty"`
}

// AlternateContact is one alternate contact.
type AlternateContact struct {
	Name         string `yaml:"name"`
	Title        string `yaml:"title"`
	EmailAddress string `yaml:"email_address"`
	PhoneNumber  string `yaml:"phone_number"`
}

// Organization is the AWS organization the account belongs to.
type Organization struct {
	// ID is o- followed by 10-32 lowercase letters or digits.
	ID string `yaml:"id"`
	// ManagementAccountID is the management account; when it equals the
	// fixture's AccountID the caller is the management account.
	ManagementAccountID string `yaml:"management_account_id"`
	// FeatureSet is ALL (default) or CONSOLIDATED_BILLING.
	FeatureSet string `yaml:"feature_set,omitempty"`
	// IAMTrustedAccess is whether trusted access for IAM is enabled, which
	// centralized root access needs.
	IAMTrustedAccess bool `yaml:"iam_trusted_access,omitempty"`
	// RootAccessFeatures are IAM's enabled centralized root access
	// features (RootCredentialsManagement, RootSessions).
	RootAccessFeatures []string `yaml:"root_access_features,omitempty"`
	// IAMDelegatedAdmin is the account IAM's root access management is
	// delegated to; it may call ListOrganizationsFeatures too.
	IAMDelegatedAdmin string `yaml:"iam_delegated_admin,omitempty"`
	// DelegatedAdministrators are the accounts registered as delegated
	// administrators of some service.
	DelegatedAdministrators []OrgAccount `yaml:"delegated_administrators,omitempty"`
	// Policies are the SCPs and RCPs (AWS-managed ones included when the
	// fixture wants them: FullAWSAccess, RCPFullAWSAccess).
	Policies []OrgPolicy `yaml:"policies,omitempty"`
}

// OrgAccount is a member account.
type OrgAccount struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// Status is ACTIVE (default), SUSPENDED or PENDING_CLOSURE.
	Status string `yaml:"status,omitempty"`
}

// OrgPolicy is an SCP or RCP and where it is attached.
type OrgPolicy struct {
	// ID defaults to one derived from the name (p-FullAWSAccess and
	// p-RCPFullAWSAccess for the AWS-managed ones).
	ID   string `yaml:"id,omitempty"`
	Name string `yaml:"name"`
	// Type is SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY.
	Type       string      `yaml:"type"`
	AWSManaged bool        `yaml:"aws_managed,omitempty"`
	Targets    []OrgTarget `yaml:"targets,omitempty"`
}

// OrgTarget is a root (r-...), OU (ou-...) or account a policy is attached to.
type OrgTarget struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// Type is ROOT, ORGANIZATIONAL_UNIT or ACCOUNT.
	Type string `yaml:"type"`
}

var (
	orgIDPattern    = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	accountIDDigits = regexp.MustCompile(`^\d{12}$`)
)

// validateIdentity checks the account-level identity part of a fixture.
func (a *Account) validateIdentity() error {
	for typ := range a.Identity.AlternateContacts {
		switch typ {
		case "SECURITY", "BILLING", "OPERATIONS":
		default:
			return fmt.Errorf("identity.alternate_contacts: type %q: want SECURITY, BILLING or OPERATIONS", typ)
		}
	}
	o := a.Identity.Organization
	if o == nil {
		return nil
	}
	if !orgIDPattern.MatchString(o.ID) {
		return fmt.Errorf("identity.organization.id %q: want o- and 10-32 lowercase letters or digits", o.ID)
	}
	if !accountIDDigits.MatchString(o.ManagementAccountID) {
		return fmt.Errorf("identity.organization.management_account_id %q: want 12 digits", o.ManagementAccountID)
	}
	switch o.FeatureSet {
	case "", "ALL", "CONSOLIDATED_BILLING":
	default:
		return fmt.Errorf("identity.organization.feature_set %q: want ALL or CONSOLIDATED_BILLING", o.FeatureSet)
	}
	for _, p := range o.Policies {
		switch p.Type {
		case "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY":
		default:
			return fmt.Errorf("identity.organization.policies %q: type %q: want SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY", p.Name, p.Type)
		}
		for _, t := range p.Targets {
			switch t.Type {
			case "ROOT", "ORGANIZATIONAL_UNIT", "ACCOUNT":
			default:
				return fmt.Errorf("identity.organization.policies %q: target type %q: want ROOT, ORGANIZATIONAL_UNIT or ACCOUNT", p.Name, t.Type)
			}
		}
	}
	return nil
}
