package fakeaws

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
)

// Fault kinds beyond an AWS error answer: the ways an endpoint (or what
// sits between it and the client) misbehaves that a robust client must
// survive. None is AWS behaviour; each is what a broken proxy, an
// overloaded emulator or a hostile endpoint does.
const (
	// FaultError (the default) answers with Code, as AWS does.
	FaultError = ""
	// FaultStallHeaders accepts the request and never answers: no status
	// line, no headers, until the client gives up.
	FaultStallHeaders = "stall_headers"
	// FaultStallBody sends the status, the headers and the first half of a
	// correct body, then stalls until the client gives up.
	FaultStallBody = "stall_body"
	// FaultGarbage answers 200 with a body that is neither XML nor JSON.
	FaultGarbage = "garbage"
	// FaultEndlessMarkers makes a listing never end: every page is the
	// first page again, truncated, with a marker (NextToken) never seen
	// before. Markers the client sends back are accepted.
	FaultEndlessMarkers = "endless_markers"
)

// garbageBody is what a FaultGarbage answers: HTML from a captive portal
// or proxy, with a terminal escape sequence for good measure.
const garbageBody = "<html><body>\x1b[2JProxy error: upstream \x00 said \xff\xfe</body>"

// takeFault returns the fault injected into this call of action, if any,
// and counts it. region is the region a regional API call was signed for
// ("" for the global Query APIs); a fault with a Region matches only that
// region.
func (s *Server) takeFault(action, region string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.ix.acct.Faults {
		if f.Action != action || (f.Region != "" && f.Region != region) {
			continue
		}
		if f.Times > 0 && s.faultsSeen[i] >= f.Times {
			continue
		}
		s.faultsSeen[i]++
		return f, true
	}
	return Fault{}, false
}

// faultError is the AWS error a FaultError answers with.
func faultError(f Fault) *apiError {
	e := newError(f.Code, "%s", f.Message)
	if f.Status != 0 {
		e.status = f.Status
	}
	return e
}

// misbehave answers a call that fault f takes over before the operation
// runs: an AWS error (through fail, in the API's protocol), a stall or
// garbage. It reports whether the response is done; when it is not, the
// operation runs and the caller applies what remains of f (a stalled body,
// endless markers).
func (s *Server) misbehave(w http.ResponseWriter, r *http.Request, f Fault, contentType string, fail func(*apiError)) bool {
	switch f.Kind {
	case FaultError:
		fail(faultError(f))
	case FaultStallHeaders:
		s.hang(r)
	case FaultGarbage:
		writeGarbage(w, contentType)
	default:
		return false
	}
	return true
}

// hang blocks until the client gives up or the server closes.
func (s *Server) hang(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-s.stop:
	}
}

// stallBody sends the headers and half of body, then hangs.
func (s *Server) stallBody(w http.ResponseWriter, r *http.Request, contentType, body string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, body[:len(body)/2])
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
	s.hang(r)
}

// writeGarbage answers 200 with garbageBody.
func writeGarbage(w http.ResponseWriter, contentType string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(garbageBody)))
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, garbageBody)
}

// freshMarker is a pagination marker never handed out before.
func (s *Server) freshMarker() string {
	return "fakeaws-endless-" + strconv.FormatInt(s.endless.Add(1), 10)
}

var (
	xmlTruncated = regexp.MustCompile(`<IsTruncated>(true|false)</IsTruncated>\n?`)
	xmlMarker    = regexp.MustCompile(`[ \t]*<Marker>[^<]*</Marker>\n?`)
)

// endlessXML rewrites a Query listing's result body to be truncated with a
// fresh marker.
func (s *Server) endlessXML(body string) string {
	body = xmlMarker.ReplaceAllString(xmlTruncated.ReplaceAllString(body, ""), "")
	return body + "    <IsTruncated>true</IsTruncated>\n    <Marker>" + s.freshMarker() + "</Marker>\n"
}

// endlessJSON rewrites a restJson1 listing's body to carry a fresh token
// under key (NextToken for ListRegions, nextToken for ListAnalyzers).
func (s *Server) endlessJSON(body []byte, key string) []byte {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return body
	}
	m[key] = s.freshMarker()
	out, err := json.Marshal(m)
	if err != nil {
		return body
	}
	return out
}

// restTokenKey is the pagination token member of each restJson1 listing.
var restTokenKey = map[string]string{"ListRegions": "NextToken", "ListAnalyzers": "nextToken"}

// forgetRESTToken drops the token from a restJson1 request, so an endless
// listing serves its first page again: from the JSON body (ListRegions) or
// the query string (ListAnalyzers).
func forgetRESTToken(r *http.Request, body []byte, key string) []byte {
	q := r.URL.Query()
	if q.Has(key) {
		q.Del(key)
		r.URL.RawQuery = q.Encode()
	}
	var m map[string]any
	if len(body) == 0 || json.Unmarshal(body, &m) != nil {
		return body
	}
	if _, ok := m[key]; !ok {
		return body
	}
	delete(m, key)
	out, err := json.Marshal(m)
	if err != nil {
		return body
	}
	return out
}

// validFaultKind reports whether k is a known fault kind.
func validFaultKind(k string) bool {
	switch k {
	case FaultError, FaultStallHeaders, FaultStallBody, FaultGarbage, FaultEndlessMarkers:
		return true
	}
	return false
}
