package collect

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
	accttypes "github.com/aws/aws-sdk-go-v2/service/account/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/iamaudit/iamaudit/audit"
)

// orgPageSize is the MaxResults of the Organizations listings: their
// documented maximum is 20 (ListPolicies, ListTargetsForPolicy,
// ListDelegatedAdministrators).
const orgPageSize = 20

// Paging bounds of the Organizations listings: twice the largest
// organizations AWS runs (accounts, OUs and the root as policy targets), and
// twice Organizations' quota of 1,000 policies of a type.
var (
	orgAccountsBound = pageBound{items: 2 * 10000, pages: 2*10000/orgPageSize + 10}
	orgPoliciesBound = pageBound{items: 2 * 1000, pages: 2*1000/orgPageSize + 10}
)

// newOrganizationsClient builds the AWS Organizations client with the same
// call log, rate limiter and endpoint override as the other clients.
func newOrganizationsClient(cfg aws.Config, apiOpts []func(*middleware.Stack) error, endpoint string) *organizations.Client {
	return organizations.NewFromConfig(cfg, func(o *organizations.Options) {
		o.APIOptions = append(o.APIOptions, apiOpts...)
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
	})
}

// identityProviders lists the SAML and OIDC identity providers. Both lists
// are one source: a reviewer asking "is federation in use?" needs both.
func (c *collector) identityProviders(ctx context.Context) {
	saml, err := c.iam.ListSAMLProviders(ctx, &iam.ListSAMLProvidersInput{})
	if err != nil {
		c.gap(audit.EvidenceIdentityProviders, "ListSAMLProviders", "", err)
		return
	}
	oidc, err := c.iam.ListOpenIDConnectProviders(ctx, &iam.ListOpenIDConnectProvidersInput{})
	if err != nil {
		c.gap(audit.EvidenceIdentityProviders, "ListOpenIDConnectProviders", "", err)
		return
	}
	ip := &audit.IdentityProviders{SAML: []audit.SAMLProvider{}, OIDC: []string{}}
	for _, p := range saml.SAMLProviderList {
		ip.SAML = append(ip.SAML, audit.SAMLProvider{
			ARN: aws.ToString(p.Arn), CreateDate: timePtr(p.CreateDate), ValidUntil: timePtr(p.ValidUntil),
		})
	}
	for _, p := range oidc.OpenIDConnectProviderList {
		ip.OIDC = append(ip.OIDC, aws.ToString(p.Arn))
	}
	slices.SortFunc(ip.SAML, func(a, b audit.SAMLProvider) int { return strings.Compare(a.ARN, b.ARN) })
	slices.Sort(ip.OIDC)
	c.set(func(s *audit.Snapshot) { s.IdentityProviders = ip })
}

// organizationsFeatures asks IAM which centralized root access features
// are enabled. The exceptions IAM answers for accounts outside an
// organization, member accounts, disabled trusted access and
// consolidated-billing organizations are recorded as states.
func (c *collector) organizationsFeatures(ctx context.Context) {
	out, err := c.iam.ListOrganizationsFeatures(ctx, &iam.ListOrganizationsFeaturesInput{})
	if err != nil {
		var (
			notFound  *iamtypes.OrganizationNotFoundException
			notMgmt   *iamtypes.AccountNotManagementOrDelegatedAdministratorException
			noAccess  *iamtypes.ServiceAccessNotEnabledException
			notAllFts *iamtypes.OrganizationNotInAllFeaturesModeException
		)
		status := ""
		switch {
		case errors.As(err, &notFound):
			status = audit.FeaturesNotInOrganization
		case errors.As(err, &notMgmt):
			status = audit.FeaturesNotManagementAccount
		case errors.As(err, &noAccess):
			status = audit.FeaturesTrustedAccessDisabled
		case errors.As(err, &notAllFts):
			status = audit.FeaturesNotAllFeaturesMode
		default:
			c.gap(audit.EvidenceOrganizationsFeatures, "ListOrganizationsFeatures", "", err)
			return
		}
		c.set(func(s *audit.Snapshot) { s.OrganizationsFeatures = &audit.OrganizationsFeatures{Status: status} })
		return
	}
	f := &audit.OrganizationsFeatures{Status: audit.FeaturesListed, OrganizationID: aws.ToString(out.OrganizationId), EnabledFeatures: []string{}}
	for _, ft := range out.EnabledFeatures {
		f.EnabledFeatures = append(f.EnabledFeatures, string(ft))
	}
	slices.Sort(f.EnabledFeatures)
	f.EnabledFeatures = slices.Compact(f.EnabledFeatures)
	c.set(func(s *audit.Snapshot) { s.OrganizationsFeatures = f })
}

// contactInformation reads the account's primary contact; AWS answers
// ResourceNotFoundException when none is on record.
func (c *collector) contactInformation(ctx context.Context) {
	out, err := c.account.GetContactInformation(ctx, &account.GetContactInformationInput{})
	if err != nil {
		absentOrGap[*accttypes.ResourceNotFoundException](c, err, audit.EvidenceContactInformation, "GetContactInformation",
			func(s *audit.Snapshot) { s.ContactInformation = &audit.ContactInformation{Present: false} })
		return
	}
	ci := &audit.ContactInformation{}
	if p := out.ContactInformation; p != nil {
		ci = &audit.ContactInformation{
			Present:  true,
			FullName: aws.ToString(p.FullName), CompanyName: aws.ToString(p.CompanyName),
			PhoneNumber: aws.ToString(p.PhoneNumber), AddressLine1: aws.ToString(p.AddressLine1),
			AddressLine2: aws.ToString(p.AddressLine2), AddressLine3: aws.ToString(p.AddressLine3),
			City: aws.ToString(p.City), StateOrRegion: aws.ToString(p.StateOrRegion),
			DistrictOrCounty: aws.ToString(p.DistrictOrCounty), PostalCode: aws.ToString(p.PostalCode),
			CountryCode: aws.ToString(p.CountryCode), WebsiteURL: aws.ToString(p.WebsiteUrl),
		}
	}
	c.set(func(s *audit.Snapshot) { s.ContactInformation = ci })
}

// securityContact reads the SECURITY alternate contact. AWS answers
// ResourceNotFoundException when none is registered: that is the answer.
func (c *collector) securityContact(ctx context.Context) {
	out, err := c.account.GetAlternateContact(ctx, &account.GetAlternateContactInput{
		AlternateContactType: accttypes.AlternateContactTypeSecurity,
	})
	if err != nil {
		absentOrGap[*accttypes.ResourceNotFoundException](c, err, audit.EvidenceSecurityContact, "GetAlternateContact",
			func(s *audit.Snapshot) { s.SecurityContact = &audit.SecurityContact{Present: false} })
		return
	}
	sc := &audit.SecurityContact{Present: out.AlternateContact != nil}
	if a := out.AlternateContact; a != nil {
		sc.Name, sc.Title = aws.ToString(a.Name), aws.ToString(a.Title)
		sc.EmailAddress, sc.PhoneNumber = aws.ToString(a.EmailAddress), aws.ToString(a.PhoneNumber)
	}
	c.set(func(s *audit.Snapshot) { s.SecurityContact = sc })
}

// organization describes the account's organization and, from the
// management account only, lists its delegated administrators and its SCPs
// and RCPs with their targets. A member account (or one outside any
// organization) cannot list them, so nothing more is asked: the
// organization-level controls are judged from the management account.
func (c *collector) organization(ctx context.Context) {
	out, err := c.orgs.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil {
		if !absentOrGap[*orgtypes.AWSOrganizationsNotInUseException](c, err, audit.EvidenceOrganization, "DescribeOrganization",
			func(s *audit.Snapshot) { s.Organization = &audit.Organization{InOrganization: false} }) {
			const why = "not attempted: whether this is the management account is unknown because DescribeOrganization failed"
			c.recordGap(audit.Gap{Evidence: audit.EvidenceDelegatedAdmins, Operation: "ListDelegatedAdministrators", Message: why})
			c.recordGap(audit.Gap{Evidence: audit.EvidenceOrganizationPolicies, Operation: "ListPolicies", Message: why})
		}
		return
	}
	o := &audit.Organization{InOrganization: true}
	if org := out.Organization; org != nil {
		o.ID, o.ARN = aws.ToString(org.Id), aws.ToString(org.Arn)
		o.FeatureSet, o.ManagementAccountID = string(org.FeatureSet), aws.ToString(org.MasterAccountId)
	}
	c.set(func(s *audit.Snapshot) { s.Organization = o })
	if !o.IsManagementAccount(c.snap.Account.ID) {
		return
	}
	c.delegatedAdministrators(ctx)
	c.organizationPolicies(ctx)
}

func (c *collector) delegatedAdministrators(ctx context.Context) {
	p := organizations.NewListDelegatedAdministratorsPaginator(c.orgs, &organizations.ListDelegatedAdministratorsInput{
		MaxResults: aws.Int32(orgPageSize),
	})
	list := []audit.DelegatedAdministrator{}
	err := listAll(ctx, orgAccountsBound, p.HasMorePages,
		nextPage(p.NextPage),
		func(page *organizations.ListDelegatedAdministratorsOutput) *string { return page.NextToken },
		func(page *organizations.ListDelegatedAdministratorsOutput) int {
			return appendConverted(&list, page.DelegatedAdministrators, func(a orgtypes.DelegatedAdministrator) audit.DelegatedAdministrator {
				return audit.DelegatedAdministrator{ID: aws.ToString(a.Id), ARN: aws.ToString(a.Arn), Name: aws.ToString(a.Name), Status: string(a.Status)}
			})
		}, c.pageProgress(audit.EvidenceDelegatedAdmins, ""))
	if err != nil {
		c.gap(audit.EvidenceDelegatedAdmins, "ListDelegatedAdministrators", "", err)
		return
	}
	slices.SortFunc(list, func(a, b audit.DelegatedAdministrator) int { return strings.Compare(a.ID, b.ID) })
	c.set(func(s *audit.Snapshot) { s.DelegatedAdministrators = &audit.DelegatedAdministrators{Accounts: list} })
}

// organizationPolicies lists the SCPs and RCPs and each one's targets. A
// failed listing discards the source (a partial list could hide the one
// guardrail attached at the root); so does a failed target listing.
func (c *collector) organizationPolicies(ctx context.Context) {
	pols := []audit.OrganizationPolicy{}
	for _, typ := range []orgtypes.PolicyType{orgtypes.PolicyTypeServiceControlPolicy, orgtypes.PolicyTypeResourceControlPolicy} {
		p := organizations.NewListPoliciesPaginator(c.orgs, &organizations.ListPoliciesInput{
			Filter: typ, MaxResults: aws.Int32(orgPageSize),
		})
		err := listAll(ctx, orgPoliciesBound, p.HasMorePages,
			nextPage(p.NextPage),
			func(page *organizations.ListPoliciesOutput) *string { return page.NextToken },
			func(page *organizations.ListPoliciesOutput) int {
				return appendConverted(&pols, page.Policies, func(ps orgtypes.PolicySummary) audit.OrganizationPolicy {
					return audit.OrganizationPolicy{ID: aws.ToString(ps.Id), ARN: aws.ToString(ps.Arn), Name: aws.ToString(ps.Name),
						Type: string(typ), AWSManaged: ps.AwsManaged}
				})
			}, c.pageProgress(audit.EvidenceOrganizationPolicies, ""))
		if err != nil {
			c.gap(audit.EvidenceOrganizationPolicies, "ListPolicies", string(typ), err)
			return
		}
	}
	for i := range pols {
		if ctx.Err() != nil {
			return
		}
		targets, err := c.policyTargets(ctx, pols[i].ID)
		if err != nil {
			c.gap(audit.EvidenceOrganizationPolicies, "ListTargetsForPolicy", pols[i].ID, err)
			return
		}
		pols[i].Targets = targets
	}
	c.set(func(s *audit.Snapshot) { s.OrganizationPolicies = &audit.OrganizationPolicies{Policies: pols} })
}

func (c *collector) policyTargets(ctx context.Context, policyID string) ([]audit.PolicyTarget, error) {
	p := organizations.NewListTargetsForPolicyPaginator(c.orgs, &organizations.ListTargetsForPolicyInput{
		PolicyId: aws.String(policyID), MaxResults: aws.Int32(orgPageSize),
	})
	out := []audit.PolicyTarget{}
	err := listAll(ctx, orgAccountsBound, p.HasMorePages,
		nextPage(p.NextPage),
		func(page *organizations.ListTargetsForPolicyOutput) *string { return page.NextToken },
		func(page *organizations.ListTargetsForPolicyOutput) int {
			return appendConverted(&out, page.Targets, func(t orgtypes.PolicyTargetSummary) audit.PolicyTarget {
				return audit.PolicyTarget{ID: aws.ToString(t.TargetId), ARN: aws.ToString(t.Arn), Name: aws.ToString(t.Name), Type: string(t.Type)}
			})
		}, c.pageProgress(audit.EvidenceOrganizationPolicies, ""))
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b audit.PolicyTarget) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}
