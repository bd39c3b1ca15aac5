package fakeaws

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"
)

// AWS Organizations speaks awsJson1_1: POST / with the operation in
// X-Amz-Target ("AWSOrganizationsV20161128.<Operation>"), a JSON body, and
// errors as {"__type": code, "Message": ...}. Organizations answers every
// client error, AccessDeniedException included, with HTTP 400.

const orgTargetPrefix = "AWSOrganizationsV20161128."

type orgHandler func(s *Server, body []byte) (any, *apiError)

// orgOps lists every Organizations operation the fake serves.
var orgOps = map[string]orgHandler{
	"DescribeOrganization":        opDescribeOrganization,
	"ListAccounts":                opListAccounts,
	"ListDelegatedAdministrators": opListDelegatedAdministrators,
	"ListPolicies":                opListOrgPolicies,
	"ListTargetsForPolicy":        opListTargetsForPolicy,
}

// orgMaxResults is the Organizations listings' MaxResults maximum.
const orgMaxResults = 20

// serveJSON answers an awsJson1_1 request (X-Amz-Target set).
func (s *Server) serveJSON(w http.ResponseWriter, r *http.Request, target string) {
	rid := requestID()
	delay := time.Duration(s.delay.Load())
	fail := func(e *apiError) {
		if e.status < 500 && e.status != 429 {
			e.status = http.StatusBadRequest
		}
		b, _ := json.Marshal(map[string]string{"__type": e.code, "Message": e.message})
		writeAmzJSON(w, delay, e.status, rid, b)
	}
	op, ok := strings.CutPrefix(target, orgTargetPrefix)
	h := orgOps[op]
	if ok && op != "" {
		s.mu.Lock()
		s.calls[op]++
		s.mu.Unlock()
	}
	auth := r.Header.Get("Authorization")
	if auth == "" {
		fail(newError("MissingAuthenticationTokenException", "Missing Authentication Token"))
		return
	}
	if _, service, ok := credentialScope(auth); !ok || service != "organizations" {
		fail(newError("InvalidSignatureException", "Credential should be scoped to correct service: 'organizations'."))
		return
	}
	if r.Method != http.MethodPost || h == nil {
		fail(newError("UnknownOperationException", "Operation %s is not supported by this fake", target))
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		fail(newError("InvalidInputException", "cannot read request body: %v", err))
		return
	}
	if f, faulty := s.takeFault(op, ""); faulty && s.misbehave(w, r, f, "application/x-amz-json-1.1", fail) {
		return
	}
	out, e := h(s, body)
	if e != nil {
		fail(e)
		return
	}
	b, err := json.Marshal(out)
	if err != nil {
		se := newError("ServiceException", "encode response: %v", err)
		se.status = http.StatusInternalServerError
		fail(se)
		return
	}
	writeAmzJSON(w, delay, http.StatusOK, rid, b)
}

func writeAmzJSON(w http.ResponseWriter, delay time.Duration, status int, rid string, body []byte) {
	if delay > 0 {
		time.Sleep(delay)
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("Content-Length", itoa(len(body)))
	w.Header().Set("x-amzn-RequestId", rid)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// orgFor returns the organization, or the error every Organizations call
// gets outside one.
func (s *Server) orgFor() (*Organization, *apiError) {
	o := s.ix.acct.Identity.Organization
	if o == nil {
		return nil, newError("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")
	}
	return o, nil
}

// orgManagementOnly returns the organization when the caller is its
// management account: the listings below are refused to member accounts.
func (s *Server) orgManagementOnly() (*Organization, *apiError) {
	o, e := s.orgFor()
	if e != nil {
		return nil, e
	}
	if o.ManagementAccountID != s.ix.acct.AccountID {
		return nil, newError("AccessDeniedException", "You don't have permissions to access this resource.")
	}
	return o, nil
}

func (s *Server) orgARN(o *Organization, kind, rest string) string {
	return "arn:" + s.ix.partition + ":organizations::" + o.ManagementAccountID + ":" + kind + "/" + o.ID + "/" + rest
}

type orgPageInput struct {
	MaxResults *int    `json:"MaxResults"`
	NextToken  *string `json:"NextToken"`
	// ListPolicies.
	Filter string `json:"Filter"`
	// ListTargetsForPolicy.
	PolicyID *string `json:"PolicyId"`
	// ListDelegatedAdministrators.
	ServicePrincipal *string `json:"ServicePrincipal"`
}

func readOrgInput(body []byte) (orgPageInput, *apiError) {
	var in orgPageInput
	if len(body) > 0 {
		if err := json.Unmarshal(body, &in); err != nil {
			return in, newError("InvalidInputException", "Invalid request body: %v", err)
		}
	}
	if in.MaxResults != nil && (*in.MaxResults < 1 || *in.MaxResults > orgMaxResults) {
		return in, newError("InvalidInputException", "You provided a value that does not match the required pattern: MaxResults must be between 1 and %d.", orgMaxResults)
	}
	return in, nil
}

// orgPage pages n items: the default page size is the maximum.
func orgPage(action string, in orgPageInput, n int) (start, end int, next *string, e *apiError) {
	size := orgMaxResults
	if in.MaxResults != nil {
		size = *in.MaxResults
	}
	start, next, e = tokenPage(action, in.NextToken, n, size)
	if e != nil {
		return 0, 0, nil, newError("InvalidInputException", "The provided pagination token is not valid.")
	}
	return start, min(start+size, n), next, nil
}

type orgPolicyTypeJSON struct {
	Type   string `json:"Type"`
	Status string `json:"Status"`
}

type organizationJSON struct {
	ID                   string              `json:"Id"`
	ARN                  string              `json:"Arn"`
	FeatureSet           string              `json:"FeatureSet"`
	MasterAccountARN     string              `json:"MasterAccountArn"`
	MasterAccountID      string              `json:"MasterAccountId"`
	MasterAccountEmail   string              `json:"MasterAccountEmail"`
	AvailablePolicyTypes []orgPolicyTypeJSON `json:"AvailablePolicyTypes"`
}

// opDescribeOrganization is organizations:DescribeOrganization, which any
// account of the organization may call.
func opDescribeOrganization(s *Server, _ []byte) (any, *apiError) {
	o, e := s.orgFor()
	if e != nil {
		return nil, e
	}
	fs := o.FeatureSet
	if fs == "" {
		fs = "ALL"
	}
	return map[string]organizationJSON{"Organization": {
		ID: o.ID, ARN: "arn:" + s.ix.partition + ":organizations::" + o.ManagementAccountID + ":organization/" + o.ID,
		FeatureSet: fs, MasterAccountARN: s.orgARN(o, "account", o.ManagementAccountID),
		MasterAccountID: o.ManagementAccountID, MasterAccountEmail: "aws+" + o.ManagementAccountID + "@example.com",
		// AvailablePolicyTypes is deprecated and always lists SCPs, as AWS does.
		AvailablePolicyTypes: []orgPolicyTypeJSON{{Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED"}},
	}}, nil
}

type delegatedAdminJSON struct {
	ID     string `json:"Id"`
	ARN    string `json:"Arn"`
	Name   string `json:"Name"`
	Email  string `json:"Email"`
	Status string `json:"Status"`
	State  string `json:"State"`
}

// opListDelegatedAdministrators is organizations:ListDelegatedAdministrators
// (management account only).
func opListDelegatedAdministrators(s *Server, body []byte) (any, *apiError) {
	in, e := readOrgInput(body)
	if e != nil {
		return nil, e
	}
	o, e := s.orgManagementOnly()
	if e != nil {
		return nil, e
	}
	start, end, next, e := orgPage("ListDelegatedAdministrators", in, len(o.DelegatedAdministrators))
	if e != nil {
		return nil, e
	}
	out := []delegatedAdminJSON{}
	for _, a := range o.DelegatedAdministrators[start:end] {
		st := a.Status
		if st == "" {
			st = "ACTIVE"
		}
		out = append(out, delegatedAdminJSON{ID: a.ID, ARN: s.orgARN(o, "account", a.ID), Name: a.Name,
			Email: "aws+" + a.ID + "@example.com", Status: st, State: st})
	}
	return struct {
		DelegatedAdministrators []delegatedAdminJSON `json:"DelegatedAdministrators"`
		NextToken               *string              `json:"NextToken,omitempty"`
	}{out, next}, nil
}

// orgPolicyID is a policy's ID: the fixture's, the AWS-managed policies'
// well-known ones, or p- and 8 characters derived from the name.
func orgPolicyID(p OrgPolicy) string {
	switch {
	case p.ID != "":
		return p.ID
	case p.AWSManaged:
		return "p-" + p.Name
	}
	h := sha256.Sum256([]byte(p.Type + "/" + p.Name))
	return "p-" + hex.EncodeToString(h[:4])
}

func (s *Server) orgPolicyARN(o *Organization, p OrgPolicy) string {
	typ := strings.ToLower(p.Type)
	if p.AWSManaged {
		return "arn:" + s.ix.partition + ":organizations::aws:policy/" + typ + "/" + orgPolicyID(p)
	}
	return s.orgARN(o, "policy", typ+"/"+orgPolicyID(p))
}

type orgPolicyJSON struct {
	ID          string `json:"Id"`
	ARN         string `json:"Arn"`
	Name        string `json:"Name"`
	Description string `json:"Description"`
	Type        string `json:"Type"`
	AWSManaged  bool   `json:"AwsManaged"`
}

// opListOrgPolicies is organizations:ListPolicies (management account
// only; Filter is required).
func opListOrgPolicies(s *Server, body []byte) (any, *apiError) {
	in, e := readOrgInput(body)
	if e != nil {
		return nil, e
	}
	switch in.Filter {
	case "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY", "TAG_POLICY", "BACKUP_POLICY",
		"AISERVICES_OPT_OUT_POLICY", "CHATBOT_POLICY", "DECLARATIVE_POLICY_EC2":
	default:
		return nil, newError("InvalidInputException", "You provided a value that does not match the required pattern: Filter %q.", in.Filter)
	}
	o, e := s.orgManagementOnly()
	if e != nil {
		return nil, e
	}
	var all []orgPolicyJSON
	for _, p := range o.Policies {
		if p.Type == in.Filter {
			all = append(all, orgPolicyJSON{ID: orgPolicyID(p), ARN: s.orgPolicyARN(o, p), Name: p.Name, Type: p.Type, AWSManaged: p.AWSManaged})
		}
	}
	start, end, next, e := orgPage("ListPolicies/"+in.Filter, in, len(all))
	if e != nil {
		return nil, e
	}
	out := append([]orgPolicyJSON{}, all[start:end]...)
	return struct {
		Policies  []orgPolicyJSON `json:"Policies"`
		NextToken *string         `json:"NextToken,omitempty"`
	}{out, next}, nil
}

type orgTargetJSON struct {
	TargetID string `json:"TargetId"`
	ARN      string `json:"Arn"`
	Name     string `json:"Name"`
	Type     string `json:"Type"`
}

// opListTargetsForPolicy is organizations:ListTargetsForPolicy
// (management account only).
func opListTargetsForPolicy(s *Server, body []byte) (any, *apiError) {
	in, e := readOrgInput(body)
	if e != nil {
		return nil, e
	}
	if in.PolicyID == nil || *in.PolicyID == "" {
		return nil, newError("InvalidInputException", "You provided a value that does not match the required pattern: PolicyId is required.")
	}
	o, e := s.orgManagementOnly()
	if e != nil {
		return nil, e
	}
	for _, p := range o.Policies {
		if orgPolicyID(p) != *in.PolicyID {
			continue
		}
		start, end, next, e := orgPage("ListTargetsForPolicy/"+*in.PolicyID, in, len(p.Targets))
		if e != nil {
			return nil, e
		}
		out := []orgTargetJSON{}
		for _, t := range p.Targets[start:end] {
			var arn string
			switch t.Type {
			case "ROOT":
				arn = s.orgARN(o, "root", t.ID)
			case "ORGANIZATIONAL_UNIT":
				arn = s.orgARN(o, "ou", t.ID)
			default:
				arn = s.orgARN(o, "account", t.ID)
			}
			out = append(out, orgTargetJSON{TargetID: t.ID, ARN: arn, Name: t.Name, Type: t.Type})
		}
		return struct {
			Targets   []orgTargetJSON `json:"Targets"`
			NextToken *string         `json:"NextToken,omitempty"`
		}{out, next}, nil
	}
	return nil, newError("PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified.")
}
