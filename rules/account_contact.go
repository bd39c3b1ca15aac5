package rules

import (
	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// AccountContactDetails quotes the account's primary contact so a reviewer
// can confirm it is current and reaches more than one person (CIS
// "Maintain current contact details", Manual in every version): no API
// can say whether a phone number is a hunt group. The result is MANUAL
// with the details, and FAIL only when AWS has no contact on record at all
// (GetContactInformation: ResourceNotFoundException), which no reviewer
// could call current.
var AccountContactDetails = Rule{
	ID:       "IAM-ACCOUNT-CONTACT-DETAILS",
	Title:    "Account contact details are current",
	Severity: result.Low,
	Rationale: "AWS contacts the account owner by email and phone about abuse or a likely compromise; if it " +
		"cannot reach anyone it may throttle or suspend the account's traffic.",
	Remediation: "Keep the account's contact details pointed at resources that reach several people (a mail " +
		"alias, a hunt group) and review them when people change roles.",
	RemediationCLI: []string{
		"aws account get-contact-information",
		"aws account put-contact-information --contact-information file://contact.json",
	},
	References: []string{
		"https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-contact-primary.html",
		"https://docs.aws.amazon.com/accounts/latest/reference/API_GetContactInformation.html",
	},
	Controls: cis("1.1", "1.1", "1.1", "1.1", "1.1", "1.1", "2.1", "2.2"),
	Evidence: []audit.Evidence{audit.EvidenceContactInformation},
	Check:    checkAccountContactDetails,
}

func checkAccountContactDetails(ctx *Context) []result.Result {
	ci := ctx.Snapshot.ContactInformation
	switch {
	case ci == nil:
		return accountUnknown(ctx, "the account's contact details are unknown", audit.EvidenceContactInformation)
	case !ci.Present:
		return accountResult(ctx, result.Fail, "the account has no contact information on record (GetContactInformation: ResourceNotFoundException)")
	}
	return accountResult(ctx, result.Manual, "contact on record: "+
		quoteFields("name", ci.FullName, "company", ci.CompanyName, "phone", ci.PhoneNumber,
			"city", ci.City, "country", ci.CountryCode)+
		"; confirm the details are current and reach more than one person")
}
