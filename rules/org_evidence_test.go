package rules

import (
	"reflect"
	"slices"
	"testing"

	"github.com/iamaudit/iamaudit/audit"
)

// clearEvidence removes one evidence source from a snapshot.
var clearEvidence = map[audit.Evidence]func(s *audit.Snapshot){
	audit.EvidenceCredentialReport:      func(s *audit.Snapshot) { s.CredentialReport = nil },
	audit.EvidenceAccountSummary:        func(s *audit.Snapshot) { s.AccountSummary = nil },
	audit.EvidencePasswordPolicy:        func(s *audit.Snapshot) { s.PasswordPolicy = nil },
	audit.EvidenceVirtualMFADevices:     func(s *audit.Snapshot) { s.VirtualMFADevices = nil },
	audit.EvidenceAuthorization:         func(s *audit.Snapshot) { s.Authorization = nil },
	audit.EvidenceServerCertificates:    func(s *audit.Snapshot) { s.ServerCertificates = nil },
	audit.EvidenceRegions:               func(s *audit.Snapshot) { s.Regions = nil },
	audit.EvidenceAccessAnalyzers:       func(s *audit.Snapshot) { s.AccessAnalyzers = nil },
	audit.EvidenceIdentityProviders:     func(s *audit.Snapshot) { s.IdentityProviders = nil },
	audit.EvidenceOrganizationsFeatures: func(s *audit.Snapshot) { s.OrganizationsFeatures = nil },
	audit.EvidenceContactInformation:    func(s *audit.Snapshot) { s.ContactInformation = nil },
	audit.EvidenceSecurityContact:       func(s *audit.Snapshot) { s.SecurityContact = nil },
	audit.EvidenceOrganization:          func(s *audit.Snapshot) { s.Organization = nil },
	audit.EvidenceDelegatedAdmins:       func(s *audit.Snapshot) { s.DelegatedAdministrators = nil },
	audit.EvidenceOrganizationPolicies:  func(s *audit.Snapshot) { s.OrganizationPolicies = nil },
}

// fullOrgSnapshot is a management account's snapshot with every account-
// and organization-level source present.
func fullOrgSnapshot() *audit.Snapshot {
	s := withOrg(orgSnap(), orgAcct)
	s.IdentityProviders = &audit.IdentityProviders{SAML: []audit.SAMLProvider{{ARN: "arn:aws:iam::" + orgAcct + ":saml-provider/corp"}}, OIDC: []string{}}
	s.OrganizationsFeatures = &audit.OrganizationsFeatures{Status: audit.FeaturesListed, OrganizationID: "o-exampleorg1", EnabledFeatures: []string{"RootCredentialsManagement"}}
	s.ContactInformation = &audit.ContactInformation{Present: true, FullName: "Ops"}
	s.SecurityContact = &audit.SecurityContact{Present: true, Name: "Sec"}
	s.DelegatedAdministrators = &audit.DelegatedAdministrators{Accounts: []audit.DelegatedAdministrator{{ID: "444455556666"}}}
	s.OrganizationPolicies = &audit.OrganizationPolicies{Policies: []audit.OrganizationPolicy{{ID: "p-1", Name: "g", Type: audit.PolicyTypeSCP,
		Targets: []audit.PolicyTarget{{ID: "r-ab12", Type: audit.TargetRoot}}}}}
	s.Authorization = &audit.AuthorizationDetails{Users: []audit.User{{Name: "alice"}}}
	s.AccountSummary = &audit.AccountSummary{Values: map[string]int32{"Users": 1}}
	s.Regions = &audit.Regions{Enabled: []string{"us-east-1"}}
	return s
}

// TestAccountRulesReadOnlyDeclaredEvidence: removing a source a rule does
// not declare changes none of its results, and removing one it declares
// changes them (so the declaration is not padding).
func TestAccountRulesReadOnlyDeclaredEvidence(t *testing.T) {
	for _, r := range []Rule{AccountContactDetails, SecurityContact, IdentityFederation, OrgRootAccessCentralized, OrgGuardrailPolicies, OrgDelegatedAdmins} {
		base := r.Check(NewContext(fullOrgSnapshot(), Config{}))
		for ev, clear := range clearEvidence {
			s := fullOrgSnapshot()
			clear(s)
			got := r.Check(NewContext(s, Config{}))
			changed := !reflect.DeepEqual(got, base)
			declared := slices.Contains(r.Evidence, ev)
			switch {
			case changed && !declared:
				t.Errorf("%s: removing undeclared %s changed %+v to %+v", r.ID, ev, base, got)
			case !changed && declared:
				t.Errorf("%s: removing declared %s changed nothing", r.ID, ev)
			}
		}
	}
}
