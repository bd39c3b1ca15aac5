package fakeaws

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"
)

// An organization: one management account and its members, each member an
// Account fixture of its own served by its own Server state behind the one
// listener. Organizations ListAccounts answers from the management account
// (or a delegated administrator); STS AssumeRole into a member's role hands
// out credentials whose access key ID carries the member's account ID, and
// every later request signed with them is served from that member's
// fixture, as AWS routes a request to the account of its credentials.
//
// Wire shapes follow the AWS Organizations API reference (awsJson1_1,
// X-Amz-Target AWSOrganizationsV20161128.<Operation>) and the STS API
// reference (AssumeRole answers AccessDenied for a role that does not exist
// or does not trust the caller, without saying which).

// OrgFixture is an organization fixture: a management account and its members.
type OrgFixture struct {
	// ID is the organization ID, o- and 10 to 32 lowercase letters or digits.
	ID string `yaml:"id"`
	// ManagementName and ManagementEmail describe the management account in
	// ListAccounts; its fixture is the one passed to NewOrganization.
	ManagementName  string `yaml:"management_name,omitempty"`
	ManagementEmail string `yaml:"management_email,omitempty"`
	// Members are the other accounts, in the order the organization lists them.
	Members []Member `yaml:"members,omitempty"`
	// PageSize is ListAccounts' page size when the request sets no
	// MaxResults (AWS pages at 20 at most; default 20).
	PageSize int `yaml:"page_size,omitempty"`
	// StatusOnly sends only the deprecated Status field of each account, as
	// Organizations did before the State field (2025); by default both are sent.
	StatusOnly bool `yaml:"status_only,omitempty"`
	// NotInUse makes Organizations answer AWSOrganizationsNotInUseException:
	// the management account belongs to no organization.
	NotInUse bool `yaml:"not_in_use,omitempty"`
}

// Member is one member account of an Organization.
type Member struct {
	// AccountID is the member's ID; taken from Account when that is set.
	AccountID string `yaml:"account_id,omitempty"`
	Name      string `yaml:"name"`
	Email     string `yaml:"email,omitempty"`
	// State is ACTIVE (default), SUSPENDED, PENDING_CLOSURE, PENDING_ACTIVATION or CLOSED.
	State string `yaml:"state,omitempty"`
	// JoinedMethod is CREATED (default) or INVITED.
	JoinedMethod string `yaml:"joined_method,omitempty"`
	// Account is the member's fixture. A member without one has no role
	// anybody can assume: AssumeRole into it is AccessDenied.
	Account *Account `yaml:"-"`
	// Fixture names the member's account fixture file, relative to the
	// organization fixture (LoadOrganization reads it into Account).
	Fixture string `yaml:"fixture,omitempty"`
	// ExternalID, when set, is the sts:ExternalId every role of the member
	// requires in its trust policy: AssumeRole without it is AccessDenied.
	ExternalID string `yaml:"external_id,omitempty"`
	// DelegatedAdministrator lets the member's credentials call ListAccounts.
	DelegatedAdministrator bool `yaml:"delegated_administrator,omitempty"`
}

// LoadOrganization reads an organization fixture and its members' account
// fixtures (paths relative to the organization file), strictly.
func LoadOrganization(path string) (*OrgFixture, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load organization: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var o OrgFixture
	if err := dec.Decode(&o); err != nil {
		return nil, fmt.Errorf("load organization %s: %w", path, err)
	}
	for i := range o.Members {
		m := &o.Members[i]
		if m.Fixture == "" {
			continue
		}
		if m.Account, err = LoadFixture(filepath.Join(filepath.Dir(path), m.Fixture)); err != nil {
			return nil, fmt.Errorf("load organization %s: member %s: %w", path, m.Name, err)
		}
	}
	return &o, nil
}

// orgState is the organization a Server belongs to; the management
// account's Server and every member's share it.
type orgState struct {
	org     *OrgFixture
	mgmt    *Server
	members map[string]*Server // by account ID
	info    map[string]*Member // by account ID

	mu       sync.Mutex
	sessions map[string][2]string // access key ID -> assumed-role ARN, UserId
}

// Form keys that carry an assumed-role session to GetCallerIdentity; the
// SDK never sends them.
const (
	sessionARNKey = "X-Fake-Session-Arn"
	sessionIDKey  = "X-Fake-Session-UserId"
)

// markSession tells GetCallerIdentity, through p, which assumed-role
// session signed r, if any.
func (st *orgState) markSession(r *http.Request, p url.Values) {
	p.Del(sessionARNKey)
	p.Del(sessionIDKey)
	_, cred, ok := strings.Cut(r.Header.Get("Authorization"), "Credential=")
	if !ok {
		return
	}
	akid, _, _ := strings.Cut(cred, "/")
	st.mu.Lock()
	sess, ok := st.sessions[akid]
	st.mu.Unlock()
	if ok {
		p.Set(sessionARNKey, sess[0])
		p.Set(sessionIDKey, sess[1])
	}
}

// NewOrganization starts a fake serving the management account mgmt and
// every member of org behind one loopback listener. Requests signed with
// credentials from AssumeRole into a member are served from that member's
// fixture; all others from mgmt's. Close the returned server when done.
func NewOrganization(mgmt *Account, org *OrgFixture) (*Server, error) {
	st := &orgState{org: org, members: map[string]*Server{}, info: map[string]*Member{}, sessions: map[string][2]string{}}
	for i := range org.Members {
		m := &org.Members[i]
		if m.Account != nil {
			if m.AccountID != "" && m.AccountID != m.Account.AccountID {
				return nil, fmt.Errorf("member %s: account_id %s differs from its fixture's %s", m.Name, m.AccountID, m.Account.AccountID)
			}
			m.AccountID = m.Account.AccountID
		}
		if len(m.AccountID) != 12 || strings.Trim(m.AccountID, "0123456789") != "" {
			return nil, fmt.Errorf("member %q: account ID %q is not 12 digits", m.Name, m.AccountID)
		}
		if _, dup := st.info[m.AccountID]; dup || m.AccountID == mgmt.AccountID {
			return nil, fmt.Errorf("member %q: account %s listed twice", m.Name, m.AccountID)
		}
		switch m.State {
		case "", "ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "PENDING_ACTIVATION", "CLOSED":
		default:
			return nil, fmt.Errorf("member %q: unknown state %q", m.Name, m.State)
		}
		st.info[m.AccountID] = m
		if m.Account != nil {
			ms := newServer(m.Account)
			ms.org = st
			st.members[m.AccountID] = ms
		}
	}
	s := New(mgmt)
	s.org = st
	st.mgmt = s
	return s, nil
}

// Member returns the Server state of a member account (for its call
// counters), or nil.
func (s *Server) Member(accountID string) *Server {
	if s.org == nil {
		return nil
	}
	return s.org.members[accountID]
}

// OrgTotalCalls is TotalCalls summed over the management account and every member.
func (s *Server) OrgTotalCalls() int {
	n := s.TotalCalls()
	if s.org != nil {
		for _, m := range s.org.members {
			n += m.TotalCalls()
		}
	}
	return n
}

// assumedKeyPrefix starts the access key ID of every credential AssumeRole
// hands out into a member: "ASIA" and the member's 12-digit account ID make
// the request's account recoverable from its signature alone.
const assumedKeyPrefix = "ASIA"

// routeOrg returns the member Server that must answer r (signed with that
// member's assumed-role credentials), or nil for the receiving server.
func (s *Server) routeOrg(r *http.Request) *Server {
	if s.org == nil || s != s.org.mgmt {
		return nil
	}
	_, cred, ok := strings.Cut(r.Header.Get("Authorization"), "Credential=")
	if !ok {
		return nil
	}
	akid, _, _ := strings.Cut(cred, "/")
	rest, ok := strings.CutPrefix(akid, assumedKeyPrefix)
	if !ok || len(rest) < 12 {
		return nil
	}
	return s.org.members[rest[:12]]
}

// orgAssumeRole is AssumeRole when the role is in another account of the
// organization; handled reports false when the role is the receiving
// account's own (the single-account path answers then).
func (s *Server) orgAssumeRole(roleARN, session, externalID, acct, name, partition string, dur int) (body string, handled bool, e *apiError) {
	if s.org == nil || acct == s.ix.acct.AccountID {
		return "", false, nil
	}
	denied := newError("AccessDenied", "User: %s is not authorized to perform: sts:AssumeRole on resource: %s", s.ix.callerARN(), roleARN)
	m := s.org.members[acct]
	info := s.org.info[acct]
	if m == nil || info == nil {
		return "", true, denied
	}
	r, ok := m.ix.roles[name]
	if !ok || (info.ExternalID != "" && externalID != info.ExternalID) ||
		!trusts(r, s.ix.acct.AccountID, s.ix.callerARN(), partition, externalID) {
		return "", true, denied
	}
	akid := assumedKeyPrefix + acct + fakeID("", roleARN+session)[:4]
	arn := fmt.Sprintf("arn:%s:sts::%s:assumed-role/%s/%s", partition, acct, name, session)
	id := m.ix.roleID(r) + ":" + session
	s.org.mu.Lock()
	s.org.sessions[akid] = [2]string{arn, id}
	s.org.mu.Unlock()
	var w xw
	w.open("AssumedRoleUser")
	w.text("AssumedRoleId", id)
	w.text("Arn", arn)
	w.close("AssumedRoleUser")
	w.open("Credentials")
	w.text("AccessKeyId", akid)
	w.text("SecretAccessKey", "fakeSecretAccessKey/"+fakeID("", session))
	w.text("SessionToken", "FakeSessionToken/"+fakeID("", roleARN+session))
	w.time("Expiration", time.Now().UTC().Add(time.Duration(dur)*time.Second))
	w.close("Credentials")
	return w.String(), true, nil
}

// organizationsTarget prefixes the X-Amz-Target of every Organizations call.
const organizationsTarget = "AWSOrganizationsV20161128."

// orgError is an Organizations error: every one is HTTP 400 but ServiceException.
func orgError(code, msg string) *apiError {
	return &apiError{status: 400, code: code, message: msg}
}

type orgAccount struct {
	Arn             string  `json:"Arn"`
	Email           string  `json:"Email"`
	ID              string  `json:"Id"`
	JoinedMethod    string  `json:"JoinedMethod"`
	JoinedTimestamp float64 `json:"JoinedTimestamp"`
	Name            string  `json:"Name"`
	State           string  `json:"State,omitempty"`
	Status          string  `json:"Status,omitempty"`
}

// accountStatus is the deprecated Status for a State: closed accounts read
// SUSPENDED during their post-closure period; an account still being
// activated has no Status value to show.
func accountStatus(state string) string {
	switch state {
	case "ACTIVE", "SUSPENDED", "PENDING_CLOSURE":
		return state
	case "CLOSED":
		return "SUSPENDED"
	}
	return ""
}

// orgAccounts lists the organization's accounts, management first, then
// members in fixture order.
func (st *orgState) accounts() []orgAccount {
	o := st.org
	mgmtID := st.mgmt.ix.acct.AccountID
	joined := float64(st.mgmt.now.Add(-365 * 24 * time.Hour).Unix())
	arn := func(id string) string {
		return fmt.Sprintf("arn:%s:organizations::%s:account/%s/%s", st.mgmt.ix.partition, mgmtID, o.ID, id)
	}
	out := []orgAccount{{Arn: arn(mgmtID), Email: o.ManagementEmail, ID: mgmtID, JoinedMethod: "CREATED",
		JoinedTimestamp: joined, Name: o.ManagementName, State: "ACTIVE"}}
	for _, m := range o.Members {
		state := m.State
		if state == "" {
			state = "ACTIVE"
		}
		method := m.JoinedMethod
		if method == "" {
			method = "CREATED"
		}
		out = append(out, orgAccount{Arn: arn(m.AccountID), Email: m.Email, ID: m.AccountID, JoinedMethod: method,
			JoinedTimestamp: joined, Name: m.Name, State: state})
	}
	for i := range out {
		if out[i].Email == "" {
			out[i].Email = out[i].ID + "@example.com"
		}
		status := accountStatus(out[i].State)
		if o.StatusOnly {
			out[i].State = ""
		}
		out[i].Status = status
	}
	return out
}

// opListAccounts is Organizations ListAccounts: pages of at most
// MaxResults (1-20), NextToken opaque and bound to the listing.
func opListAccounts(s *Server, body []byte) (any, *apiError) {
	var in struct {
		NextToken  *string `json:"NextToken"`
		MaxResults *int    `json:"MaxResults"`
	}
	if len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, &in); err != nil {
			return nil, orgError("InvalidInputException", "You provided a value that does not match the required pattern.")
		}
	}
	if s.org == nil || s.org.org.NotInUse {
		return nil, orgError("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")
	}
	if s != s.org.mgmt {
		if m := s.org.info[s.ix.acct.AccountID]; m == nil || !m.DelegatedAdministrator {
			return nil, orgError("AccessDeniedException", "You don't have permissions to access this resource.")
		}
	}
	size := s.org.org.PageSize
	if size <= 0 || size > 20 {
		size = 20
	}
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > 20 {
			return nil, orgError("InvalidInputException", "You provided a value that does not match the required pattern.")
		}
		size = *in.MaxResults
	}
	all := s.org.accounts()
	start := 0
	if in.NextToken != nil {
		n, err := parseOrgToken(*in.NextToken, s.org.org.ID)
		if err != nil || n > len(all) {
			return nil, orgError("InvalidInputException", "The specified NextToken is not valid.")
		}
		start = n
	}
	end := min(start+size, len(all))
	out := struct {
		Accounts  []orgAccount `json:"Accounts"`
		NextToken *string      `json:"NextToken,omitempty"`
	}{Accounts: all[start:end]}
	if end < len(all) {
		t := orgToken(end, s.org.org.ID)
		out.NextToken = &t
	}
	return out, nil
}

func orgToken(n int, orgID string) string { return "AAE" + orgID + "-" + strconv.Itoa(n) }

func parseOrgToken(t, orgID string) (int, error) {
	rest, ok := strings.CutPrefix(t, "AAE"+orgID+"-")
	if !ok {
		return 0, errors.New("foreign token")
	}
	return strconv.Atoi(rest)
}

// MemberIDs lists the organization's member account IDs, sorted.
func (o *OrgFixture) MemberIDs() []string {
	var ids []string
	for _, m := range o.Members {
		id := m.AccountID
		if m.Account != nil {
			id = m.Account.AccountID
		}
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// trusts reports whether the role's trust policy lets callerARN (of
// account callerAcct) assume it with externalID: an Allow of sts:AssumeRole
// to the caller, its account's root or its account ID, whose
// sts:ExternalId condition, if any, the external ID meets. Other
// condition keys are not evaluated.
func trusts(r *Role, callerAcct, callerARN, partition, externalID string) bool {
	var doc struct {
		Statement json.RawMessage
	}
	if json.Unmarshal([]byte(r.AssumeRolePolicy), &doc) != nil {
		return false
	}
	var stmts []struct {
		Effect    string
		Action    json.RawMessage
		Principal json.RawMessage
		Condition map[string]map[string]json.RawMessage
	}
	if json.Unmarshal(doc.Statement, &stmts) != nil {
		var one struct {
			Effect    string
			Action    json.RawMessage
			Principal json.RawMessage
			Condition map[string]map[string]json.RawMessage
		}
		if json.Unmarshal(doc.Statement, &one) != nil {
			return false
		}
		stmts = append(stmts, one)
	}
	list := func(raw json.RawMessage) []string {
		var one string
		if json.Unmarshal(raw, &one) == nil {
			return []string{one}
		}
		var many []string
		_ = json.Unmarshal(raw, &many)
		return many
	}
	for _, st := range stmts {
		if st.Effect != "Allow" {
			continue
		}
		actionOK := false
		for _, a := range list(st.Action) {
			if a == "*" || strings.EqualFold(a, "sts:*") || strings.EqualFold(a, "sts:AssumeRole") {
				actionOK = true
			}
		}
		var aws []string
		if list(st.Principal) != nil && len(list(st.Principal)) == 1 && list(st.Principal)[0] == "*" {
			aws = []string{"*"}
		} else {
			var p map[string]json.RawMessage
			_ = json.Unmarshal(st.Principal, &p)
			aws = list(p["AWS"])
		}
		principalOK := false
		for _, a := range aws {
			if a == "*" || a == callerAcct || a == callerARN || a == fmt.Sprintf("arn:%s:iam::%s:root", partition, callerAcct) {
				principalOK = true
			}
		}
		if !actionOK || !principalOK {
			continue
		}
		conditionOK := true
		for op, keys := range st.Condition {
			for k, v := range keys {
				if !strings.EqualFold(k, "sts:ExternalId") {
					continue
				}
				match := false
				for _, want := range list(v) {
					if (op == "StringEquals" && want == externalID) || (op == "StringEqualsIgnoreCase" && strings.EqualFold(want, externalID)) {
						match = true
					}
				}
				if !match || externalID == "" {
					conditionOK = false
				}
			}
		}
		if conditionOK {
			return true
		}
	}
	return false
}
