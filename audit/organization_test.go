package audit

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestSnapshotRoundTripKeepsAccountIdentity: the account-level identity
// sources survive a round trip, and their "known and empty" states (no
// security contact, outside any organization) stay distinct from "not
// collected".
func TestSnapshotRoundTripKeepsAccountIdentity(t *testing.T) {
	s := sampleSnapshot(t)
	created := time.Date(2023, 3, 3, 3, 0, 0, 0, time.UTC)
	s.IdentityProviders = &IdentityProviders{SAML: []SAMLProvider{{ARN: "arn:aws:iam::111122223333:saml-provider/corp", CreateDate: &created}}, OIDC: []string{}}
	s.OrganizationsFeatures = &OrganizationsFeatures{Status: FeaturesListed, OrganizationID: "o-exampleorg01", EnabledFeatures: []string{FeatureRootCredentialsManagement}}
	s.ContactInformation = &ContactInformation{Present: true, FullName: "Ops", CountryCode: "US"}
	s.SecurityContact = &SecurityContact{Present: false}
	s.Organization = &Organization{InOrganization: true, ID: "o-exampleorg01", FeatureSet: "ALL", ManagementAccountID: "111122223333"}
	s.DelegatedAdministrators = &DelegatedAdministrators{Accounts: []DelegatedAdministrator{}}
	s.OrganizationPolicies = &OrganizationPolicies{Policies: []OrganizationPolicy{{ID: "p-FullAWSAccess", Name: "FullAWSAccess", Type: PolicyTypeSCP, AWSManaged: true,
		Targets: []PolicyTarget{{ID: "r-ab12", Type: TargetRoot}}}}}
	var first, second bytes.Buffer
	if err := s.WriteJSON(&first); err != nil {
		t.Fatal(err)
	}
	back, err := ReadSnapshot(bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := back.WriteJSON(&second); err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Fatalf("round trip changed the evidence:\n%s\n---\n%s", first.String(), second.String())
	}
	for _, want := range []string{`"security_contact": {` + "\n" + `    "present": false`, `"delegated_administrators": {` + "\n" + `    "accounts": []`} {
		if !strings.Contains(first.String(), want) {
			t.Errorf("evidence JSON lacks %q", want)
		}
	}
	if back.SecurityContact == nil || back.SecurityContact.Present || !back.Organization.IsManagementAccount("111122223333") {
		t.Errorf("states lost: %+v %+v", back.SecurityContact, back.Organization)
	}
	for _, e := range []Evidence{EvidenceIdentityProviders, EvidenceOrganizationsFeatures, EvidenceContactInformation,
		EvidenceSecurityContact, EvidenceOrganization, EvidenceDelegatedAdmins, EvidenceOrganizationPolicies} {
		if !back.Collected(e) {
			t.Errorf("%s not collected after the round trip", e)
		}
		if sampleSnapshot(t).Collected(e) {
			t.Errorf("%s collected in a snapshot without it", e)
		}
	}
}
