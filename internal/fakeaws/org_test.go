package fakeaws

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
	accttypes "github.com/aws/aws-sdk-go-v2/service/account/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"
)

// identityClients returns real IAM, Account Management and Organizations
// clients pointed at a fake serving acct.
func identityClients(t *testing.T, acct *Account) (*iam.Client, *account.Client, *organizations.Client) {
	t.Helper()
	srv, cfg := serveForTest(t, acct, "us-east-1")
	ep := aws.String(srv.URL())
	return iam.NewFromConfig(cfg, func(o *iam.Options) { o.BaseEndpoint = ep }),
		account.NewFromConfig(cfg, func(o *account.Options) { o.BaseEndpoint = ep }),
		organizations.NewFromConfig(cfg, func(o *organizations.Options) { o.BaseEndpoint = ep })
}

func loadFixture(t *testing.T, name string) *Account {
	t.Helper()
	a, err := LoadFixture("../../testdata/fixtures/" + name + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code {
		t.Fatalf("err = %v, want %s", err, code)
	}
}

func TestIdentityProvidersAndRootFeatures(t *testing.T) {
	ic, _, _ := identityClients(t, loadFixture(t, "org-member"))
	saml, err := ic.ListSAMLProviders(ctx, &iam.ListSAMLProvidersInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(saml.SAMLProviderList) != 1 || aws.ToString(saml.SAMLProviderList[0].Arn) != "arn:aws:iam::444455556666:saml-provider/AWSSSO_5c1a2b3c4d5e6f70_DO_NOT_DELETE" ||
		saml.SAMLProviderList[0].CreateDate == nil || saml.SAMLProviderList[0].ValidUntil != nil {
		t.Errorf("SAML providers = %+v", saml.SAMLProviderList)
	}
	oidc, err := ic.ListOpenIDConnectProviders(ctx, &iam.ListOpenIDConnectProvidersInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(oidc.OpenIDConnectProviderList) != 1 || aws.ToString(oidc.OpenIDConnectProviderList[0].Arn) != "arn:aws:iam::444455556666:oidc-provider/token.actions.githubusercontent.com" {
		t.Errorf("OIDC providers = %+v", oidc.OpenIDConnectProviderList)
	}
	// A member account cannot see the organization's root access features.
	_, err = ic.ListOrganizationsFeatures(ctx, &iam.ListOrganizationsFeaturesInput{})
	wantTyped[*iamtypes.AccountNotManagementOrDelegatedAdministratorException](t, "member ListOrganizationsFeatures", err, 0)

	ic, _, _ = identityClients(t, loadFixture(t, "org-management"))
	out, err := ic.ListOrganizationsFeatures(ctx, &iam.ListOrganizationsFeaturesInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.OrganizationId) != "o-exampleorg01" || len(out.EnabledFeatures) != 2 ||
		out.EnabledFeatures[0] != iamtypes.FeatureTypeRootCredentialsManagement || out.EnabledFeatures[1] != iamtypes.FeatureTypeRootSessions {
		t.Errorf("features = %s %v", aws.ToString(out.OrganizationId), out.EnabledFeatures)
	}

	for name, mutate := range map[string]func(a *Account){
		"OrganizationNotFoundException":             func(a *Account) { a.Identity.Organization = nil },
		"ServiceAccessNotEnabledException":          func(a *Account) { a.Identity.Organization.IAMTrustedAccess = false },
		"OrganizationNotInAllFeaturesModeException": func(a *Account) { a.Identity.Organization.FeatureSet = "CONSOLIDATED_BILLING" },
	} {
		a := loadFixture(t, "org-management")
		mutate(a)
		ic, _, _ := identityClients(t, a)
		_, err := ic.ListOrganizationsFeatures(ctx, &iam.ListOrganizationsFeaturesInput{})
		wantCode(t, err, name)
	}
	// Empty lists are empty elements, not missing ones.
	ic, _, _ = identityClients(t, loadFixture(t, "small"))
	if out, err := ic.ListSAMLProviders(ctx, &iam.ListSAMLProvidersInput{}); err != nil || len(out.SAMLProviderList) != 0 {
		t.Errorf("small SAML = %v, %v", out, err)
	}
}

func TestAccountContacts(t *testing.T) {
	_, ac, _ := identityClients(t, loadFixture(t, "org-management"))
	ci, err := ac.GetContactInformation(ctx, &account.GetContactInformationInput{})
	if err != nil {
		t.Fatal(err)
	}
	if c := ci.ContactInformation; c == nil || aws.ToString(c.FullName) != "Cloud Platform Team" || aws.ToString(c.CountryCode) != "US" || aws.ToString(c.PostalCode) != "98109" {
		t.Errorf("contact = %+v", ci.ContactInformation)
	}
	sec, err := ac.GetAlternateContact(ctx, &account.GetAlternateContactInput{AlternateContactType: accttypes.AlternateContactTypeSecurity})
	if err != nil {
		t.Fatal(err)
	}
	if a := sec.AlternateContact; a == nil || a.AlternateContactType != accttypes.AlternateContactTypeSecurity || aws.ToString(a.EmailAddress) != "security@example.com" || aws.ToString(a.Title) != "CSIRT" {
		t.Errorf("security contact = %+v", sec.AlternateContact)
	}
	_, err = ac.GetAlternateContact(ctx, &account.GetAlternateContactInput{AlternateContactType: accttypes.AlternateContactTypeBilling})
	wantTyped[*accttypes.ResourceNotFoundException](t, "missing BILLING contact", err, 0)
	_, err = ac.GetAlternateContact(ctx, &account.GetAlternateContactInput{AlternateContactType: "PAYROLL"})
	wantCode(t, err, "ValidationException")
	_, err = ac.GetContactInformation(ctx, &account.GetContactInformationInput{AccountId: aws.String("999999999999")})
	wantTyped[*accttypes.AccessDeniedException](t, "another account's contact", err, 0)

	_, ac, _ = identityClients(t, loadFixture(t, "neglected"))
	_, err = ac.GetContactInformation(ctx, &account.GetContactInformationInput{})
	wantTyped[*accttypes.ResourceNotFoundException](t, "no contact", err, 0)
}

func TestOrganizations(t *testing.T) {
	_, _, oc := identityClients(t, loadFixture(t, "small"))
	_, err := oc.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	wantTyped[*orgtypes.AWSOrganizationsNotInUseException](t, "outside an organization", err, 0)

	_, _, oc = identityClients(t, loadFixture(t, "org-member"))
	org, err := oc.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil {
		t.Fatal(err)
	}
	if o := org.Organization; aws.ToString(o.Id) != "o-exampleorg01" || aws.ToString(o.MasterAccountId) != "210987654321" || o.FeatureSet != orgtypes.OrganizationFeatureSetAll ||
		aws.ToString(o.Arn) != "arn:aws:organizations::210987654321:organization/o-exampleorg01" {
		t.Errorf("organization = %+v", org.Organization)
	}
	_, err = oc.ListPolicies(ctx, &organizations.ListPoliciesInput{Filter: orgtypes.PolicyTypeServiceControlPolicy})
	wantTyped[*orgtypes.AccessDeniedException](t, "member ListPolicies", err, 0)

	_, _, oc = identityClients(t, loadFixture(t, "org-management"))
	// One policy a page: the paginator must walk every page.
	var scps []orgtypes.PolicySummary
	p := organizations.NewListPoliciesPaginator(oc, &organizations.ListPoliciesInput{Filter: orgtypes.PolicyTypeServiceControlPolicy, MaxResults: aws.Int32(1)})
	pages := allPages(t, p.HasMorePages, p.NextPage)
	for _, page := range pages {
		scps = append(scps, page.Policies...)
	}
	if len(pages) != 4 || len(scps) != 4 || aws.ToString(scps[0].Id) != "p-FullAWSAccess" || !scps[0].AwsManaged ||
		aws.ToString(scps[0].Arn) != "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess" || scps[1].AwsManaged {
		t.Errorf("%d pages, SCPs = %+v", len(pages), scps)
	}
	tg, err := oc.ListTargetsForPolicy(ctx, &organizations.ListTargetsForPolicyInput{PolicyId: scps[0].Id})
	if err != nil {
		t.Fatal(err)
	}
	if len(tg.Targets) != 3 || tg.Targets[0].Type != orgtypes.TargetTypeRoot || aws.ToString(tg.Targets[0].Arn) != "arn:aws:organizations::210987654321:root/o-exampleorg01/r-ex01" ||
		tg.Targets[1].Type != orgtypes.TargetTypeOrganizationalUnit || tg.Targets[2].Type != orgtypes.TargetTypeAccount {
		t.Errorf("targets = %+v", tg.Targets)
	}
	_, err = oc.ListTargetsForPolicy(ctx, &organizations.ListTargetsForPolicyInput{PolicyId: aws.String("p-nosuchpol")})
	wantTyped[*orgtypes.PolicyNotFoundException](t, "unknown policy", err, 0)
	_, err = oc.ListPolicies(ctx, &organizations.ListPoliciesInput{Filter: orgtypes.PolicyTypeServiceControlPolicy, MaxResults: aws.Int32(21)})
	wantTyped[*orgtypes.InvalidInputException](t, "MaxResults 21", err, 0)
	da, err := oc.ListDelegatedAdministrators(ctx, &organizations.ListDelegatedAdministratorsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(da.DelegatedAdministrators) != 1 || aws.ToString(da.DelegatedAdministrators[0].Id) != "333344445555" || da.DelegatedAdministrators[0].Status != orgtypes.AccountStatusActive {
		t.Errorf("delegated administrators = %+v", da.DelegatedAdministrators)
	}
}

func TestValidateRejectsBrokenIdentity(t *testing.T) {
	for name, tc := range map[string]struct{ yaml, want string }{
		"contact type":    {"identity: {alternate_contacts: {PAYROLL: {name: x}}}", `type "PAYROLL"`},
		"organization id": {`identity: {organization: {id: org-1, management_account_id: "111122223333"}}`, `organization.id "org-1"`},
		"management id":   {"identity: {organization: {id: o-exampleorg01, management_account_id: '12'}}", `management_account_id "12"`},
		"feature set":     {`identity: {organization: {id: o-exampleorg01, management_account_id: "111122223333", feature_set: SOME}}`, `feature_set "SOME"`},
		"policy type":     {`identity: {organization: {id: o-exampleorg01, management_account_id: "111122223333", policies: [{name: p, type: TAG_POLICY}]}}`, `type "TAG_POLICY"`},
		"target type":     {`identity: {organization: {id: o-exampleorg01, management_account_id: "111122223333", policies: [{name: p, type: SERVICE_CONTROL_POLICY, targets: [{id: x, type: OU}]}]}}`, `target type "OU"`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseFixture([]byte("account_id: \"111122223333\"\nroot: {create_date: 2020-01-01T00:00:00Z}\n" + tc.yaml + "\n"))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}
