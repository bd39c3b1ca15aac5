package audit

import "time"

// IdentityProviders are the account's IAM identity providers
// (iam:ListSAMLProviders and iam:ListOpenIDConnectProviders): evidence that
// people sign in through federation rather than as IAM users.
type IdentityProviders struct {
	SAML []SAMLProvider `json:"saml"`
	// OIDC holds the ARNs of the OpenID Connect providers.
	OIDC []string `json:"oidc"`
}

// SAMLProvider is one SAML identity provider as ListSAMLProviders lists it.
type SAMLProvider struct {
	ARN        string     `json:"arn"`
	CreateDate *time.Time `json:"create_date,omitempty"`
	ValidUntil *time.Time `json:"valid_until,omitempty"`
}

// Answers of iam:ListOrganizationsFeatures. IAM answers the states other
// than FeaturesListed with an error; each is a fact about the account, not
// missing evidence.
const (
	// FeaturesListed: the caller is the management account or IAM's
	// delegated administrator, and EnabledFeatures is the list.
	FeaturesListed = "listed"
	// FeaturesNotInOrganization: OrganizationNotFoundException.
	FeaturesNotInOrganization = "not_in_organization"
	// FeaturesNotManagementAccount:
	// AccountNotManagementOrDelegatedAdministratorException; only the
	// management account and IAM's delegated administrator can see them.
	FeaturesNotManagementAccount = "not_management_account"
	// FeaturesTrustedAccessDisabled: ServiceAccessNotEnabledException;
	// trusted access for IAM is off, so no feature can be enabled.
	FeaturesTrustedAccessDisabled = "trusted_access_disabled"
	// FeaturesNotAllFeaturesMode: OrganizationNotInAllFeaturesModeException;
	// the organization has consolidated billing only.
	FeaturesNotAllFeaturesMode = "not_all_features"
)

// Centralized root access features (iam:ListOrganizationsFeatures).
const (
	FeatureRootCredentialsManagement = "RootCredentialsManagement"
	FeatureRootSessions              = "RootSessions"
)

// OrganizationsFeatures is IAM's centralized root access state for the
// account's organization.
type OrganizationsFeatures struct {
	// Status is one of the Features* answers.
	Status          string   `json:"status"`
	OrganizationID  string   `json:"organization_id,omitempty"`
	EnabledFeatures []string `json:"enabled_features,omitempty"`
}

// ContactInformation is the account's primary contact
// (account:GetContactInformation), quoted for a reviewer. Present is false
// when AWS answered ResourceNotFoundException: no contact is on record.
type ContactInformation struct {
	Present          bool   `json:"present"`
	FullName         string `json:"full_name,omitempty"`
	CompanyName      string `json:"company_name,omitempty"`
	PhoneNumber      string `json:"phone_number,omitempty"`
	AddressLine1     string `json:"address_line1,omitempty"`
	AddressLine2     string `json:"address_line2,omitempty"`
	AddressLine3     string `json:"address_line3,omitempty"`
	City             string `json:"city,omitempty"`
	StateOrRegion    string `json:"state_or_region,omitempty"`
	DistrictOrCounty string `json:"district_or_county,omitempty"`
	PostalCode       string `json:"postal_code,omitempty"`
	CountryCode      string `json:"country_code,omitempty"`
	WebsiteURL       string `json:"website_url,omitempty"`
}

// SecurityContact is the SECURITY alternate contact
// (account:GetAlternateContact). Present is false when AWS answered
// ResourceNotFoundException: none is registered, a known state.
type SecurityContact struct {
	Present      bool   `json:"present"`
	Name         string `json:"name,omitempty"`
	Title        string `json:"title,omitempty"`
	EmailAddress string `json:"email_address,omitempty"`
	PhoneNumber  string `json:"phone_number,omitempty"`
}

// Organization is organizations:DescribeOrganization. InOrganization is
// false when AWS answered AWSOrganizationsNotInUseException.
type Organization struct {
	InOrganization      bool   `json:"in_organization"`
	ID                  string `json:"id,omitempty"`
	ARN                 string `json:"arn,omitempty"`
	FeatureSet          string `json:"feature_set,omitempty"` // ALL or CONSOLIDATED_BILLING
	ManagementAccountID string `json:"management_account_id,omitempty"`
}

// IsManagementAccount reports whether account is the organization's
// management account.
func (o *Organization) IsManagementAccount(account string) bool {
	return o != nil && o.InOrganization && o.ManagementAccountID != "" && o.ManagementAccountID == account
}

// DelegatedAdministrators is organizations:ListDelegatedAdministrators,
// collected from the management account only.
type DelegatedAdministrators struct {
	Accounts []DelegatedAdministrator `json:"accounts"`
}

// DelegatedAdministrator is one member account registered as a delegated
// administrator for some AWS service.
type DelegatedAdministrator struct {
	ID     string `json:"id"`
	ARN    string `json:"arn,omitempty"`
	Name   string `json:"name,omitempty"`
	Status string `json:"status,omitempty"`
}

// Organization policy types iamaudit lists (ListPolicies' Filter).
const (
	PolicyTypeSCP = "SERVICE_CONTROL_POLICY"
	PolicyTypeRCP = "RESOURCE_CONTROL_POLICY"
)

// Policy target types (ListTargetsForPolicy).
const (
	TargetRoot    = "ROOT"
	TargetOU      = "ORGANIZATIONAL_UNIT"
	TargetAccount = "ACCOUNT"
)

// OrganizationPolicies are the organization's SCPs and RCPs with the
// targets each is attached to, collected from the management account only.
// A policy whose targets could not be listed is absent and has a gap.
type OrganizationPolicies struct {
	Policies []OrganizationPolicy `json:"policies"`
}

// OrganizationPolicy is one SCP or RCP.
type OrganizationPolicy struct {
	ID   string `json:"id"`
	ARN  string `json:"arn,omitempty"`
	Name string `json:"name"`
	Type string `json:"type"` // PolicyTypeSCP or PolicyTypeRCP
	// AWSManaged marks policies AWS owns (FullAWSAccess, RCPFullAWSAccess),
	// which allow everything and guard nothing.
	AWSManaged bool           `json:"aws_managed,omitempty"`
	Targets    []PolicyTarget `json:"targets"`
}

// PolicyTarget is a root, OU or account a policy is attached to.
type PolicyTarget struct {
	ID   string `json:"id"`
	ARN  string `json:"arn,omitempty"`
	Name string `json:"name,omitempty"`
	Type string `json:"type"` // TargetRoot, TargetOU or TargetAccount
}
