package rules

import (
	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// SecurityContact passes when a SECURITY alternate contact is registered
// and fails when GetAlternateContact answered ResourceNotFoundException
// (none registered): CIS's audit runs exactly that call and asks for
// contact information in the Security section. Whether the contact is the
// right team stays with the reviewer, so the reason quotes it. The
// recommendation is Manual in every CIS version; its first half (is one
// registered?) is a fact the API states.
var SecurityContact = Rule{
	ID:       "IAM-SECURITY-CONTACT",
	Title:    "Security contact information is registered",
	Severity: result.Medium,
	Rationale: "AWS sends security notifications (abuse reports, compromised credentials, incident " +
		"communications) to the security alternate contact; without one they reach only the account's primary " +
		"contact, who may not act on them.",
	Remediation: "Register a SECURITY alternate contact that reaches the security team (a shared mailbox and " +
		"phone line, not one person).",
	RemediationCLI: []string{
		"aws account put-alternate-contact --alternate-contact-type SECURITY --name 'Security team' " +
			"--title 'Security' --email-address security@example.com --phone-number '+1-555-0100'",
		"aws account get-alternate-contact --alternate-contact-type SECURITY",
	},
	References: []string{
		"https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-contact-alternate.html",
		"https://docs.aws.amazon.com/accounts/latest/reference/API_GetAlternateContact.html",
	},
	Controls: cis("1.2", "1.2", "1.2", "1.2", "1.2", "1.2", "2.2", "2.3"),
	Evidence: []audit.Evidence{audit.EvidenceSecurityContact},
	Check:    checkSecurityContact,
}

func checkSecurityContact(ctx *Context) []result.Result {
	sc := ctx.Snapshot.SecurityContact
	switch {
	case sc == nil:
		return accountUnknown(ctx, "whether a security contact is registered is unknown", audit.EvidenceSecurityContact)
	case !sc.Present:
		return accountResult(ctx, result.Fail, "no SECURITY alternate contact is registered (GetAlternateContact: ResourceNotFoundException)")
	}
	return accountResult(ctx, result.Pass, "SECURITY alternate contact: "+
		quoteFields("name", sc.Name, "title", sc.Title, "email", sc.EmailAddress, "phone", sc.PhoneNumber)+
		"; confirm it reaches the security team")
}
