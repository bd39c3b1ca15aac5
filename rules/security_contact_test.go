package rules

import (
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

func TestSecurityContact(t *testing.T) {
	denied := audit.Gap{Evidence: audit.EvidenceSecurityContact, Operation: "GetAlternateContact", Code: "AccessDeniedException", Message: "not authorized"}
	with := func(sc *audit.SecurityContact) *audit.Snapshot { s := orgSnap(); s.SecurityContact = sc; return s }
	runCases(t, SecurityContact, []ruleCase{
		{"registered passes and is quoted", with(&audit.SecurityContact{Present: true, Name: "Sec Team", Title: "CSIRT", EmailAddress: "sec@example.com", PhoneNumber: "+1 555 0100"}),
			[]ruleWant{{orgRes, result.Pass, []string{`name "Sec Team", title "CSIRT", email "sec@example.com", phone "+1 555 0100"`}}}},
		{"none registered fails", with(&audit.SecurityContact{Present: false}),
			[]ruleWant{{orgRes, result.Fail, []string{"no SECURITY alternate contact", "ResourceNotFoundException"}}}},
		{"denied is unknown with the gap", orgSnap(denied),
			[]ruleWant{{orgRes, result.Unknown, []string{"GetAlternateContact: AccessDeniedException"}}}},
		{"not collected is unknown", orgSnap(),
			[]ruleWant{{orgRes, result.Unknown, []string{"security_contact: not collected"}}}},
	})
}
