package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestAccountContactDetails(t *testing.T) {
	denied := audit.Gap{Evidence: audit.EvidenceContactInformation, Operation: "GetContactInformation", Code: "AccessDeniedException", Message: "not authorized"}
	with := func(ci *audit.ContactInformation) *audit.Snapshot {
		s := orgSnap()
		s.ContactInformation = ci
		return s
	}
	runCases(t, AccountContactDetails, []ruleCase{
		{"details on record are quoted for a person", with(&audit.ContactInformation{Present: true, FullName: "Cloud Ops", CompanyName: "Example Corp", PhoneNumber: "+1 555 0199", City: "Seattle", CountryCode: "US"}),
			[]ruleWant{{orgRes, result.Manual, []string{`name "Cloud Ops", company "Example Corp", phone "+1 555 0199", city "Seattle", country "US"`, "reach more than one person"}}}},
		{"empty fields are left out", with(&audit.ContactInformation{Present: true, FullName: "Solo"}),
			[]ruleWant{{orgRes, result.Manual, []string{`contact on record: name "Solo";`}}}},
		{"no contact on record fails", with(&audit.ContactInformation{Present: false}),
			[]ruleWant{{orgRes, result.Fail, []string{"no contact information on record"}}}},
		{"denied is unknown with the gap", orgSnap(denied),
			[]ruleWant{{orgRes, result.Unknown, []string{"GetContactInformation: AccessDeniedException"}}}},
	})
}
