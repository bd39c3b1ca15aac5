package fakeaws

import (
	"encoding/json"
	"net/http"
)

// The Account Management API's contact operations (restJson1, like
// ListRegions): GetContactInformation and GetAlternateContact.

type contactInput struct {
	AccountID            *string `json:"AccountId"`
	AlternateContactType string  `json:"AlternateContactType"`
}

// readContactInput decodes the request and refuses another account's
// contacts: reading them needs Organizations trusted access, which the
// fake's account does not have.
func (s *Server) readContactInput(action string, body []byte) (contactInput, *apiError) {
	var in contactInput
	if len(body) > 0 {
		if err := json.Unmarshal(body, &in); err != nil {
			return in, newError("ValidationException", "Invalid request body: %v", err)
		}
	}
	if in.AccountID != nil && *in.AccountID != s.ix.acct.AccountID {
		return in, newError("AccessDeniedException", "User: %s is not authorized to perform: account:%s on resource: %s", s.ix.callerARN(), action, *in.AccountID)
	}
	return in, nil
}

type contactInformationOutput struct {
	ContactInformation *ContactInformation `json:"ContactInformation"`
}

// opGetContactInformation is account:GetContactInformation (POST
// /getContactInformation).
func opGetContactInformation(s *Server, _ *http.Request, body []byte, _ string) (any, *apiError) {
	if _, e := s.readContactInput("GetContactInformation", body); e != nil {
		return nil, e
	}
	ci := s.ix.acct.Identity.ContactInformation
	if ci == nil {
		return nil, newError("ResourceNotFoundException", "No contact information found for this account.")
	}
	return contactInformationOutput{ContactInformation: ci}, nil
}

type alternateContactJSON struct {
	AlternateContactType string `json:"AlternateContactType"`
	EmailAddress         string `json:"EmailAddress"`
	Name                 string `json:"Name"`
	PhoneNumber          string `json:"PhoneNumber"`
	Title                string `json:"Title"`
}

type alternateContactOutput struct {
	AlternateContact alternateContactJSON `json:"AlternateContact"`
}

// opGetAlternateContact is account:GetAlternateContact (POST
// /getAlternateContact); a type with no contact is ResourceNotFoundException.
func opGetAlternateContact(s *Server, _ *http.Request, body []byte, _ string) (any, *apiError) {
	in, e := s.readContactInput("GetAlternateContact", body)
	if e != nil {
		return nil, e
	}
	switch in.AlternateContactType {
	case "SECURITY", "BILLING", "OPERATIONS":
	case "":
		return nil, newError("ValidationException", "1 validation error detected: Value null at 'alternateContactType' failed to satisfy constraint: Member must not be null")
	default:
		return nil, newError("ValidationException", "1 validation error detected: Value '%s' at 'alternateContactType' failed to satisfy constraint: Member must satisfy enum value set: [SECURITY, BILLING, OPERATIONS]", in.AlternateContactType)
	}
	c, ok := s.ix.acct.Identity.AlternateContacts[in.AlternateContactType]
	if !ok {
		return nil, newError("ResourceNotFoundException", "No contact of the inputted alternate contact type found.")
	}
	return alternateContactOutput{AlternateContact: alternateContactJSON{
		AlternateContactType: in.AlternateContactType, EmailAddress: c.EmailAddress,
		Name: c.Name, PhoneNumber: c.PhoneNumber, Title: c.Title,
	}}, nil
}
