package fakeaws

import (
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The restJson1 operations the fake serves next to the Query APIs: the
// Account Management API's ListRegions and IAM Access Analyzer's
// ListAnalyzers. They are routed by method and path, which never collide
// with the Query APIs (always POST /, form-encoded).
//
// Wire shapes follow the AWS API references and the aws-sdk-go-v2
// deserializers: bodies are JSON, errors carry their code in the
// X-Amzn-ErrorType header and a {"message": ...} body.

// restHandler serves one restJson1 operation. region is the region the
// request was signed for.
type restHandler func(s *Server, r *http.Request, body []byte, region string) (any, *apiError)

// restRoute is a restJson1 operation's method, path and action name.
type restRoute struct {
	method, path, action string
	// signingName is the SigV4 service name of the API.
	signingName string
	h           restHandler
}

var restRoutes = []restRoute{
	{method: http.MethodPost, path: "/listRegions", action: "ListRegions", signingName: "account", h: opListRegions},
	{method: http.MethodGet, path: "/analyzer", action: "ListAnalyzers", signingName: "access-analyzer", h: opListAnalyzers},
	{method: http.MethodPost, path: "/findings/import", action: "BatchImportFindings", signingName: "securityhub", h: opBatchImportFindings},
	{method: http.MethodPost, path: "/getContactInformation", action: "GetContactInformation", signingName: "account", h: opGetContactInformation},
	{method: http.MethodPost, path: "/getAlternateContact", action: "GetAlternateContact", signingName: "account", h: opGetAlternateContact},
}

// restRouteFor returns the restJson1 route r asks for, if any.
func restRouteFor(r *http.Request) (restRoute, bool) {
	for _, rt := range restRoutes {
		if r.Method == rt.method && r.URL.Path == rt.path {
			return rt, true
		}
	}
	return restRoute{}, false
}

// serveREST answers a restJson1 request.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request, rt restRoute) {
	rid := requestID()
	delay := time.Duration(s.delay.Load())
	fail := func(e *apiError) { writeJSONError(w, delay, rid, e) }
	s.mu.Lock()
	s.calls[rt.action]++
	s.mu.Unlock()
	auth := r.Header.Get("Authorization")
	if auth == "" {
		fail(newError("MissingAuthenticationTokenException", "Missing Authentication Token"))
		return
	}
	region, service, ok := credentialScope(auth)
	if !ok {
		fail(newError("IncompleteSignatureException", "Authorization header requires a Credential with a scope of <date>/<region>/<service>/aws4_request."))
		return
	}
	if service != rt.signingName {
		fail(newError("InvalidSignatureException", "Credential should be scoped to correct service: '%s'.", rt.signingName))
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		fail(newError("ValidationException", "cannot read request body: %v", err))
		return
	}
	f, faulty := s.takeFault(rt.action, region)
	if faulty {
		if s.misbehave(w, r, f, "application/json", fail) {
			return
		}
		if f.Kind == FaultEndlessMarkers {
			body = forgetRESTToken(r, body, restTokenKey[rt.action])
		}
	}
	out, e := rt.h(s, r, body, region)
	if e != nil {
		fail(e)
		return
	}
	b, err := json.Marshal(out)
	if err != nil {
		fail(newError("InternalServerException", "encode response: %v", err))
		return
	}
	if faulty {
		switch f.Kind {
		case FaultEndlessMarkers:
			b = s.endlessJSON(b, restTokenKey[rt.action])
		case FaultStallBody:
			s.stallBody(w, r, "application/json", string(b))
			return
		}
	}
	writeJSON(w, delay, http.StatusOK, rid, "", b)
}

// credentialScope reads the region and service from a SigV4 Authorization
// header: "AWS4-HMAC-SHA256 Credential=AKID/<date>/<region>/<service>/aws4_request, ...".
func credentialScope(auth string) (region, service string, ok bool) {
	_, cred, found := strings.Cut(auth, "Credential=")
	if !found {
		return "", "", false
	}
	cred, _, _ = strings.Cut(cred, ",")
	parts := strings.Split(strings.TrimSpace(cred), "/")
	if len(parts) != 5 || parts[4] != "aws4_request" || parts[2] == "" || parts[3] == "" {
		return "", "", false
	}
	return parts[2], parts[3], true
}

// writeJSONError sends a restJson1 error: status, X-Amzn-ErrorType and a
// JSON body with the message, as AWS's restJson1 services do.
func writeJSONError(w http.ResponseWriter, delay time.Duration, rid string, e *apiError) {
	b, _ := json.Marshal(map[string]string{"message": e.message})
	writeJSON(w, delay, e.status, rid, e.code, b)
}

func writeJSON(w http.ResponseWriter, delay time.Duration, status int, rid, errType string, body []byte) {
	writeJSONAs(w, "application/json", delay, status, rid, errType, body)
}

// writeJSONAs is writeJSON with the protocol's content type (awsJson1_1
// services answer application/x-amz-json-1.1).
func writeJSONAs(w http.ResponseWriter, contentType string, delay time.Duration, status int, rid, errType string, body []byte) {
	if delay > 0 {
		time.Sleep(delay)
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("x-amzn-RequestId", rid)
	if errType != "" {
		w.Header().Set("X-Amzn-ErrorType", errType)
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// regions returns the fixture's regions, or the partition's defaults.
func (ix *index) regions() []Region {
	if ix.acct.Regions != nil {
		return ix.acct.Regions
	}
	return DefaultRegions(ix.partition)
}

// regionEnabled reports whether the account can use region (opt status
// ENABLED or ENABLED_BY_DEFAULT).
func (ix *index) regionEnabled(region string) bool {
	for _, r := range ix.regions() {
		if r.Name == region {
			return r.Status == RegionEnabled || r.Status == RegionEnabledByDefault
		}
	}
	return false
}

// listRegionsMaxResults bounds ListRegions' MaxResults (API reference: 1-50).
const listRegionsMaxResults = 50

// listRegionsDefaultPage is the fake's page size when MaxResults is not
// given; AWS does not document one, so it is kept small to exercise paging.
const listRegionsDefaultPage = 20

type listRegionsInput struct {
	AccountID               *string  `json:"AccountId"`
	MaxResults              *int     `json:"MaxResults"`
	NextToken               *string  `json:"NextToken"`
	RegionOptStatusContains []string `json:"RegionOptStatusContains"`
}

type regionJSON struct {
	RegionName      string `json:"RegionName"`
	RegionOptStatus string `json:"RegionOptStatus"`
}

type listRegionsOutput struct {
	NextToken *string      `json:"NextToken,omitempty"`
	Regions   []regionJSON `json:"Regions"`
}

// opListRegions is account:ListRegions (POST /listRegions): the account's
// regions sorted by name, filtered by RegionOptStatusContains.
func opListRegions(s *Server, _ *http.Request, body []byte, _ string) (any, *apiError) {
	var in listRegionsInput
	if len(body) > 0 {
		if err := json.Unmarshal(body, &in); err != nil {
			return nil, newError("ValidationException", "Invalid request body: %v", err)
		}
	}
	if in.AccountID != nil && *in.AccountID != s.ix.acct.AccountID {
		// Another account's regions need Organizations trusted access,
		// which the fake's account does not have.
		return nil, newError("AccessDeniedException", "User: %s is not authorized to perform: account:ListRegions on resource: %s", s.ix.callerARN(), *in.AccountID)
	}
	want := map[string]bool{}
	for _, st := range in.RegionOptStatusContains {
		switch st {
		case RegionEnabled, RegionEnabledByDefault, RegionDisabled, RegionEnabling, RegionDisabling:
			want[st] = true
		default:
			return nil, newError("ValidationException", "1 validation error detected: Value '%s' at 'regionOptStatusContains' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, ENABLING, DISABLING, DISABLED, ENABLED_BY_DEFAULT]", st)
		}
	}
	size := listRegionsDefaultPage
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > listRegionsMaxResults {
			return nil, newError("ValidationException", "1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and %d", *in.MaxResults, listRegionsMaxResults)
		}
		size = *in.MaxResults
	}
	var all []regionJSON
	for _, r := range s.ix.regions() {
		if len(want) == 0 || want[r.Status] {
			all = append(all, regionJSON{RegionName: r.Name, RegionOptStatus: r.Status})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].RegionName < all[j].RegionName })
	page, next, e := tokenItems("ListRegions", in.NextToken, all, size)
	if e != nil {
		return nil, e
	}
	return listRegionsOutput{Regions: page, NextToken: next}, nil
}

// tokenItems is the page of all that token starts, never nil (the REST
// APIs answer an empty list as []), and the token for the rest.
func tokenItems[T any](action string, token *string, all []T, size int) ([]T, *string, *apiError) {
	start, next, e := tokenPage(action, token, len(all), size)
	if e != nil {
		return nil, nil, e
	}
	page := all[start:min(start+size, len(all))]
	if page == nil {
		page = []T{}
	}
	return page, next, nil
}

// tokenPage resolves a NextToken into the start of the page and the token
// for the rest (nil on the last page).
func tokenPage(action string, token *string, n, size int) (int, *string, *apiError) {
	start := 0
	if token != nil && *token != "" {
		off, ok := decodeMarker(action, *token)
		if !ok || off > n {
			return 0, nil, newError("ValidationException", "The NextToken is invalid.")
		}
		start = off
	}
	if start+size >= n {
		return start, nil, nil
	}
	next := encodeMarker(action, start+size)
	return start, &next, nil
}

type analyzerJSON struct {
	ARN       string `json:"arn"`
	Name      string `json:"name"`
	Type      string `json:"type"`
	CreatedAt string `json:"createdAt"`
	Status    string `json:"status"`
}

type listAnalyzersOutput struct {
	Analyzers []analyzerJSON `json:"analyzers"`
	NextToken *string        `json:"nextToken,omitempty"`
}

// opListAnalyzers is access-analyzer:ListAnalyzers (GET /analyzer) in the
// region the request was signed for: that region's analyzers sorted by
// name, optionally of one type.
func opListAnalyzers(s *Server, r *http.Request, _ []byte, region string) (any, *apiError) {
	if !s.ix.regionEnabled(region) {
		// Credentials are not valid in a region the account has not
		// enabled (or one that does not exist); restJson1 services answer
		// an invalid token with UnrecognizedClientException.
		return nil, newError("UnrecognizedClientException", "The security token included in the request is invalid.")
	}
	q := r.URL.Query()
	typ := q.Get("type")
	switch typ {
	case "", "ACCOUNT", "ORGANIZATION", "ACCOUNT_UNUSED_ACCESS", "ORGANIZATION_UNUSED_ACCESS",
		"ACCOUNT_INTERNAL_ACCESS", "ORGANIZATION_INTERNAL_ACCESS":
	default:
		return nil, newError("ValidationException", "Invalid type: %s", typ)
	}
	size := defaultPageSize
	if raw := q.Get("maxResults"); raw != "" {
		v, err := strconv.Atoi(raw)
		if err != nil || v < 1 {
			return nil, newError("ValidationException", "Invalid maxResults: %s", raw)
		}
		size = v
	}
	var all []analyzerJSON
	for _, a := range s.ix.acct.AccessAnalyzers[region] {
		if typ != "" && a.Type != typ {
			continue
		}
		st := a.Status
		if st == "" {
			st = "ACTIVE"
		}
		created := s.now
		if a.CreatedAt != nil {
			created = *a.CreatedAt
		}
		all = append(all, analyzerJSON{
			ARN:       "arn:" + s.ix.partition + ":access-analyzer:" + region + ":" + s.ix.acct.AccountID + ":analyzer/" + a.Name,
			Name:      a.Name,
			Type:      a.Type,
			CreatedAt: isoTime(created),
			Status:    st,
		})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	var token *string
	if t := q.Get("nextToken"); t != "" {
		token = &t
	}
	page, next, e := tokenItems("ListAnalyzers/"+region, token, all, size)
	if e != nil {
		return nil, e
	}
	return listAnalyzersOutput{Analyzers: page, NextToken: next}, nil
}
