package collect_test

import (
	"reflect"
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/internal/fakeaws"
)

func loadFixture(t *testing.T, name string) *fakeaws.Account {
	t.Helper()
	a, err := fakeaws.LoadFixture("../../testdata/fixtures/" + name + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestCollectManagementAccount: from the management account every
// account-level identity source is collected, the organization's lists
// included, exactly as the fixture states them.
func TestCollectManagementAccount(t *testing.T) {
	isolateEnv(t)
	snap := runCollect(t, testOptions(startFake(t, loadFixture(t, "org-management"))))
	if len(snap.Gaps) != 0 {
		t.Fatalf("gaps: %v", snap.Gaps)
	}
	if got := snap.IdentityProviders; len(got.SAML) != 1 || got.SAML[0].ARN != "arn:aws:iam::210987654321:saml-provider/AWSSSO_5c1a2b3c4d5e6f70_DO_NOT_DELETE" ||
		got.SAML[0].ValidUntil == nil || len(got.OIDC) != 0 {
		t.Errorf("identity providers = %+v", got)
	}
	if got, want := *snap.OrganizationsFeatures, (audit.OrganizationsFeatures{Status: audit.FeaturesListed, OrganizationID: "o-exampleorg01",
		EnabledFeatures: []string{"RootCredentialsManagement", "RootSessions"}}); !reflect.DeepEqual(got, want) {
		t.Errorf("features = %+v, want %+v", got, want)
	}
	if got := snap.ContactInformation; !got.Present || got.FullName != "Cloud Platform Team" || got.PostalCode != "98109" {
		t.Errorf("contact = %+v", got)
	}
	if got, want := *snap.SecurityContact, (audit.SecurityContact{Present: true, Name: "Security Operations", Title: "CSIRT",
		EmailAddress: "security@example.com", PhoneNumber: "+1-206-555-0199"}); got != want {
		t.Errorf("security contact = %+v", got)
	}
	if got, want := *snap.Organization, (audit.Organization{InOrganization: true, ID: "o-exampleorg01",
		ARN: "arn:aws:organizations::210987654321:organization/o-exampleorg01", FeatureSet: "ALL", ManagementAccountID: "210987654321"}); got != want {
		t.Errorf("organization = %+v", got)
	}
	if got := snap.DelegatedAdministrators.Accounts; len(got) != 1 || got[0].ID != "333344445555" || got[0].Name != "security" || got[0].Status != "ACTIVE" {
		t.Errorf("delegated administrators = %+v", got)
	}
	var names []string
	targets := map[string]int{}
	for _, p := range snap.OrganizationPolicies.Policies {
		names = append(names, p.Type[:1]+":"+p.Name)
		targets[p.Name] = len(p.Targets)
	}
	wantNames := []string{"S:FullAWSAccess", "S:deny-leave-org", "S:prod-region-lock", "S:draft-guardrail", "R:RCPFullAWSAccess", "R:no-external-access"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("policies = %v, want %v", names, wantNames)
	}
	if want := map[string]int{"FullAWSAccess": 3, "deny-leave-org": 1, "prod-region-lock": 1, "draft-guardrail": 0, "RCPFullAWSAccess": 1, "no-external-access": 1}; !reflect.DeepEqual(targets, want) {
		t.Errorf("targets per policy = %v, want %v", targets, want)
	}
}

// TestCollectMemberAccount: a member account describes its organization
// and stops there: no listing is attempted and no gap recorded.
func TestCollectMemberAccount(t *testing.T) {
	isolateEnv(t)
	srv := startFake(t, loadFixture(t, "org-member"))
	snap := runCollect(t, testOptions(srv))
	if len(snap.Gaps) != 0 {
		t.Fatalf("gaps: %v", snap.Gaps)
	}
	if snap.Organization == nil || !snap.Organization.InOrganization || snap.Organization.ManagementAccountID != "210987654321" {
		t.Errorf("organization = %+v", snap.Organization)
	}
	if snap.DelegatedAdministrators != nil || snap.OrganizationPolicies != nil {
		t.Errorf("a member account listed the organization: %+v %+v", snap.DelegatedAdministrators, snap.OrganizationPolicies)
	}
	if snap.OrganizationsFeatures.Status != audit.FeaturesNotManagementAccount || snap.SecurityContact.Present {
		t.Errorf("features %+v, security contact %+v", snap.OrganizationsFeatures, snap.SecurityContact)
	}
	wantCalls(t, srv, "management-account listings", map[string]int{"ListPolicies": 0, "ListDelegatedAdministrators": 0, "ListTargetsForPolicy": 0})
}

// TestCollectOrganizationGaps: each denied call is a gap for its own
// source; a failed target listing discards the policies (a partial list
// could hide the guardrail at the root).
func TestCollectOrganizationGaps(t *testing.T) {
	isolateEnv(t)
	acct := loadFixture(t, "org-management")
	acct.Faults = []fakeaws.Fault{
		{Action: "ListTargetsForPolicy", Code: "AccessDeniedException", Message: "You don't have permissions to access this resource.", Times: 1},
		{Action: "ListOpenIDConnectProviders", Code: "AccessDenied", Message: "not authorized"},
		{Action: "GetAlternateContact", Code: "AccessDeniedException", Message: "not authorized"},
	}
	snap := runCollect(t, testOptions(startFake(t, acct)))
	got := map[audit.Evidence]string{}
	for _, g := range snap.Gaps {
		got[g.Evidence] = g.Operation + " " + g.Code
	}
	want := map[audit.Evidence]string{
		audit.EvidenceOrganizationPolicies: "ListTargetsForPolicy AccessDeniedException",
		audit.EvidenceIdentityProviders:    "ListOpenIDConnectProviders AccessDenied",
		audit.EvidenceSecurityContact:      "GetAlternateContact AccessDeniedException",
	}
	if !reflect.DeepEqual(got, want) || len(snap.Gaps) != 3 {
		t.Errorf("gaps = %v, want %v", snap.Gaps, want)
	}
	if snap.OrganizationPolicies != nil || snap.IdentityProviders != nil || snap.SecurityContact != nil {
		t.Error("a source with a gap must be absent")
	}
	if snap.DelegatedAdministrators == nil || snap.Organization == nil || snap.ContactInformation == nil {
		t.Error("the other sources must still be collected")
	}
}
