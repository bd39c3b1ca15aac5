// Package fakeaws is an in-process fake of the AWS IAM and STS Query APIs,
// faithful to the AWS API reference, for driving the real aws-sdk-go-v2
// clients in tests. An Account fixture declares the account; the fake
// derives every answer (ARNs, IDs, the credential report, counts) from it.
//
// Point the IAM, STS, Account Management and IAM Access Analyzer clients'
// BaseEndpoint at Server.URL: one server answers all four, routing the Query
// APIs (IAM, STS) on Action and Version and the restJson1 APIs (ListRegions,
// ListAnalyzers) on method and path. Access Analyzer is regional: the fake
// answers for the region in the request's SigV4 credential scope.
//
// Give the SDK clients HTTPClient() (aws.Config.HTTPClient) in tests: with
// the SDK's default HTTP client, a large response on loopback can race
// net/http's request writer and fail with "use of closed network
// connection" (a smithy-go/net/http interaction that real AWS latency
// hides). The fake delays responses by a millisecond to make that rare;
// HTTPClient makes it impossible.
package fakeaws

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const (
	iamVersion = "2010-05-08"
	stsVersion = "2011-06-15"
	iamXMLNS   = "https://iam.amazonaws.com/doc/2010-05-08/"
	stsXMLNS   = "https://sts.amazonaws.com/doc/2011-06-15/"
)

// Server is a running fake. It is safe for concurrent use.
type Server struct {
	ts  *httptest.Server
	ix  *index
	now time.Time

	delay   atomic.Int64  // response delay in nanoseconds
	endless atomic.Int64  // fresh markers handed out (FaultEndlessMarkers)
	stop    chan struct{} // closed by Close, ends stalled responses

	org *orgState // nil outside NewOrganization

	mu         sync.Mutex
	calls      map[string]int
	faultsSeen []int // per Account.Faults entry: how many calls it has failed
	report     reportState
}

// New starts a fake serving acct on a loopback address. acct must not be
// modified afterwards. Close the server when done.
func New(acct *Account) *Server {
	s := newServer(acct)
	s.ts = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	return s
}

// newServer is a fake's state without a listener.
func newServer(acct *Account) *Server {
	s := &Server{
		ix:         newIndex(acct),
		now:        acct.Now,
		calls:      map[string]int{},
		faultsSeen: make([]int, len(acct.Faults)),
		stop:       make(chan struct{}),
	}
	if s.now.IsZero() {
		s.now = time.Now().UTC().Truncate(time.Second)
	}
	s.report = newReportState(acct.CredentialReport)
	s.delay.Store(int64(responseDelay))
	return s
}

// URL is the endpoint to use as the SDK clients' BaseEndpoint.
func (s *Server) URL() string { return s.ts.URL }

// SetResponseDelay sets how long the fake holds back each response
// (default one millisecond, see HTTPClient for why). Tests whose SDK
// clients use HTTPClient, and benchmarks, may set 0.
func (s *Server) SetResponseDelay(d time.Duration) {
	s.delay.Store(int64(d))
	if s.org != nil && s == s.org.mgmt {
		for _, m := range s.org.members {
			m.delay.Store(int64(d))
		}
	}
}

// Close shuts the server down, ending stalled responses first.
func (s *Server) Close() {
	close(s.stop)
	s.ts.Close()
}

// Calls returns how many requests each Action received (including ones that
// failed), as a copy.
func (s *Server) Calls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.calls))
	for k, v := range s.calls {
		out[k] = v
	}
	return out
}

// TotalCalls returns the number of requests received across all Actions.
func (s *Server) TotalCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, v := range s.calls {
		n += v
	}
	return n
}

// ResetCalls zeroes the call counters (fault counters are kept).
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = map[string]int{}
}

// apiError is an AWS Query error response.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

// errorStatus is the HTTP status AWS sends with each error code.
var errorStatus = map[string]int{
	"AccessDenied":                403,
	"AccessDeniedException":       403,
	"MissingAuthenticationToken":  403,
	"InvalidClientTokenId":        403,
	"SignatureDoesNotMatch":       403,
	"ExpiredToken":                403,
	"ExpiredTokenException":       400,
	"IncompleteSignature":         400,
	"NoSuchEntity":                404,
	"ReportInProgress":            404,
	"ReportNotPresent":            410,
	"ReportExpired":               410,
	"LimitExceeded":               409,
	"EntityAlreadyExists":         409,
	"ServiceFailure":              500,
	"InternalFailure":             500,
	"ServiceUnavailable":          503,
	"Throttling":                  400,
	"InvalidInput":                400,
	"ValidationError":             400,
	"InvalidAction":               400,
	"InvalidParameterValue":       400,
	"MissingParameter":            400,
	"MissingAction":               400,
	"OptInRequired":               403,
	"RegionDisabledException":     403,
	"MalformedPolicyDocument":     400,
	"InvalidParameterCombination": 400,
	// restJson1 codes (Account Management, IAM Access Analyzer).
	"ValidationException":                 400,
	"ThrottlingException":                 429,
	"TooManyRequestsException":            429,
	"InternalServerException":             500,
	"ResourceNotFoundException":           404,
	"UnrecognizedClientException":         403,
	"MissingAuthenticationTokenException": 403,
	"IncompleteSignatureException":        400,
	"InvalidSignatureException":           403,
}

var defaultMessages = map[string]string{
	"AccessDenied":          "User is not authorized to perform this action",
	"AccessDeniedException": "User is not authorized to perform this action",
	"ThrottlingException":   "Rate exceeded",
	"Throttling":            "Rate exceeded",
	"ServiceFailure":        "The request processing has failed because of an unknown error, exception or failure.",
	"LimitExceeded":         "Cannot exceed quota for this operation.",
	"NoSuchEntity":          "The entity was not found.",
	"ReportInProgress":      "Report generation in progress",
	"ReportNotPresent":      "Credential report not present",
	"ReportExpired":         "Credential report expired",
	"ExpiredToken":          "The security token included in the request is expired",
	"InvalidClientTokenId":  "The security token included in the request is invalid.",
	"SignatureDoesNotMatch": "The request signature we calculated does not match the signature you provided.",
}

func newError(code, format string, args ...any) *apiError {
	st, ok := errorStatus[code]
	if !ok {
		st = 400
	}
	msg := fmt.Sprintf(format, args...)
	if msg == "" {
		msg = defaultMessages[code]
		if msg == "" {
			msg = code
		}
	}
	return &apiError{status: st, code: code, message: msg}
}

type handler func(s *Server, p url.Values) (string, *apiError)

// iamOps lists every IAM action the fake serves, by hand in one place; any
// other Action is InvalidAction, as on AWS.
var iamOps = map[string]handler{
	"GenerateCredentialReport":       opGenerateCredentialReport,
	"GetAccountAuthorizationDetails": opGetAccountAuthorizationDetails,
	"GetAccountPasswordPolicy":       opGetAccountPasswordPolicy,
	"GetAccountSummary":              opGetAccountSummary,
	"GetCredentialReport":            opGetCredentialReport,
	"GetPolicy":                      opGetPolicy,
	"GetPolicyVersion":               opGetPolicyVersion,
	"ListOpenIDConnectProviders":     opListOpenIDConnectProviders,
	"ListOrganizationsFeatures":      opListOrganizationsFeatures,
	"ListSAMLProviders":              opListSAMLProviders,
	"ListServerCertificates":         opListServerCertificates,
	"ListVirtualMFADevices":          opListVirtualMFADevices,
}

// stsOps lists every STS action the fake serves.
var stsOps = map[string]handler{
	"AssumeRole":        opAssumeRole,
	"GetCallerIdentity": opGetCallerIdentity,
}

func requestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	rid := requestID()
	xmlns := iamXMLNS
	delay := time.Duration(s.delay.Load())
	fail := func(e *apiError) { writeError(w, delay, xmlns, rid, e) }
	if m := s.routeOrg(r); m != nil {
		m.serveHTTP(w, r)
		return
	}
	if rt, ok := restRouteFor(r); ok {
		s.serveREST(w, r, rt)
		return
	}
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		s.serveJSON(w, r, target)
		return
	}
	if r.Method != http.MethodPost {
		// The Query API also accepts GET, but the SDK never uses it.
		fail(newError("InvalidAction", "Only POST is supported by this fake"))
		return
	}
	if err := r.ParseForm(); err != nil {
		fail(newError("InvalidInput", "cannot parse form body: %v", err))
		return
	}
	p := r.PostForm
	action := p.Get("Action")
	version := p.Get("Version")
	if version == stsVersion {
		xmlns = stsXMLNS
	}
	if action != "" {
		s.mu.Lock()
		s.calls[action]++
		s.mu.Unlock()
	}
	if r.Header.Get("Authorization") == "" && r.URL.Query().Get("X-Amz-Signature") == "" {
		fail(newError("MissingAuthenticationToken", "The request must contain either a valid (registered) AWS access key ID or X.509 certificate."))
		return
	}
	if action == "" {
		fail(newError("MissingAction", "Missing Action"))
		return
	}
	var op handler
	switch version {
	case iamVersion:
		op = iamOps[action]
	case stsVersion:
		op = stsOps[action]
	}
	if op == nil {
		fail(newError("InvalidAction", "Could not find operation %s for version %s", action, version))
		return
	}
	if s.org != nil {
		s.org.markSession(r, p)
	}
	f, faulty := s.takeFault(action, "")
	if faulty {
		if s.misbehave(w, r, f, "text/xml", fail) {
			return
		}
		if f.Kind == FaultEndlessMarkers {
			p.Del("Marker") // every page is the first page again
		}
	}
	body, e := op(s, p)
	if e != nil {
		fail(e)
		return
	}
	if faulty && f.Kind == FaultEndlessMarkers {
		body = s.endlessXML(body)
	}
	body = restyleTimestamps(body, s.ix.acct.Emulator.TimestampStyle)
	var b strings.Builder
	fmt.Fprintf(&b, "<%sResponse xmlns=\"%s\">\n  <%sResult>\n", action, xmlns, action)
	b.WriteString(body)
	fmt.Fprintf(&b, "  </%sResult>\n  <ResponseMetadata>\n    <RequestId>%s</RequestId>\n  </ResponseMetadata>\n</%sResponse>\n", action, rid, action)
	if faulty && f.Kind == FaultStallBody {
		s.stallBody(w, r, "text/xml", b.String())
		return
	}
	writeBody(w, delay, http.StatusOK, rid, b.String())
}

func writeError(w http.ResponseWriter, delay time.Duration, xmlns, rid string, e *apiError) {
	typ := "Sender"
	if e.status >= 500 {
		typ = "Receiver"
	}
	var b xw
	b.raw(fmt.Sprintf("<ErrorResponse xmlns=\"%s\">\n", xmlns))
	b.open("Error")
	b.text("Type", typ)
	b.text("Code", e.code)
	b.text("Message", e.message)
	b.close("Error")
	b.text("RequestId", rid)
	b.raw("</ErrorResponse>\n")
	writeBody(w, delay, e.status, rid, b.String())
}

// writeBody sends a complete XML response with its Content-Length, as AWS does.
func writeBody(w http.ResponseWriter, delay time.Duration, status int, rid, body string) {
	if delay > 0 {
		time.Sleep(delay)
	}
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("x-amzn-RequestId", rid)
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// xw writes XML elements; values are escaped.
type xw struct {
	b     strings.Builder
	depth int
}

func (w *xw) String() string { return w.b.String() }

func (w *xw) raw(s string) { w.b.WriteString(s) }

func (w *xw) indent() {
	for i := 0; i < w.depth+2; i++ {
		w.b.WriteString("  ")
	}
}

func (w *xw) open(name string) {
	w.indent()
	w.b.WriteString("<" + name + ">\n")
	w.depth++
}

func (w *xw) close(name string) {
	w.depth--
	w.indent()
	w.b.WriteString("</" + name + ">\n")
}

func (w *xw) text(name, v string) {
	w.indent()
	w.b.WriteString("<" + name + ">")
	w.b.WriteString(escape(v))
	w.b.WriteString("</" + name + ">\n")
}

// opt writes the element only when v is not empty, as AWS omits unset members.
func (w *xw) opt(name, v string) {
	if v != "" {
		w.text(name, v)
	}
}

func (w *xw) time(name string, t time.Time) { w.text(name, isoTime(t)) }

func (w *xw) optTime(name string, t *time.Time) {
	if t != nil {
		w.time(name, *t)
	}
}

func (w *xw) bool(name string, v bool) { w.text(name, strconv.FormatBool(v)) }

func (w *xw) int(name string, v int) { w.text(name, strconv.Itoa(v)) }

// empty writes an empty list element.
func (w *xw) empty(name string) {
	w.indent()
	w.b.WriteString("<" + name + "/>\n")
}

// writeList writes the list element name as IAM does: empty (<name/>) with
// no items, else one <member> per item, its content written by member.
func writeList[T any](w *xw, name string, items []T, member func(T)) {
	if len(items) == 0 {
		w.empty(name)
		return
	}
	w.open(name)
	for _, it := range items {
		w.open("member")
		member(it)
		w.close("member")
	}
	w.close(name)
}

// textList writes a list whose members are plain strings.
func (w *xw) textList(name string, vs []string) {
	if len(vs) == 0 {
		w.empty(name)
		return
	}
	w.open(name)
	for _, v := range vs {
		w.text("member", v)
	}
	w.close(name)
}

func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		case '\n':
			b.WriteString("&#xA;")
		case '\r':
			b.WriteString("&#xD;")
		case '\t':
			b.WriteString("&#x9;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isoTime is the IAM wire timestamp format: ISO 8601 UTC.
func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// wireTimestamp matches an element holding exactly an isoTime value.
var wireTimestamp = regexp.MustCompile(`>(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)Z<`)

// restyleTimestamps rewrites every isoTime element of a response body in
// an emulator's Emulator.TimestampStyle. Rewriting the finished body, rather
// than each writer, keeps the AWS form the only one the writers know.
func restyleTimestamps(body, style string) string {
	switch style {
	case TimestampMillis:
		return wireTimestamp.ReplaceAllString(body, ">${1}.000Z<")
	case TimestampOffset:
		return wireTimestamp.ReplaceAllString(body, ">${1}+00:00<")
	}
	return body
}

// encodeDocument URL-encodes a policy document the way IAM does (RFC 3986:
// everything but unreserved characters is percent-encoded, space is %20).
func (s *Server) encodeDocument(doc string) string {
	if s.ix.acct.RawPolicyDocuments {
		return doc
	}
	return strings.ReplaceAll(url.QueryEscape(doc), "+", "%20")
}
