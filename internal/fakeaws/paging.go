package fakeaws

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"
)

// defaultPageSize is IAM's page size when MaxItems is not given.
const defaultPageSize = 100

// page is the slice [start, end) of a listing, and the marker for the rest.
type page struct {
	start, end int
	next       string // empty when not truncated
}

// paginate applies MaxItems and Marker to a listing of n items. Markers are
// opaque to clients; this one names the action so a marker from another
// operation is rejected, as IAM rejects markers it did not issue.
func paginate(action string, p url.Values, n int) (page, *apiError) {
	size := defaultPageSize
	if raw := p.Get("MaxItems"); raw != "" {
		v, err := strconv.Atoi(raw)
		if err != nil {
			return page{}, newError("ValidationError", "1 validation error detected: Value '%s' at 'maxItems' failed to satisfy constraint: Member must be an integer", raw)
		}
		if v < 1 {
			return page{}, newError("ValidationError", "1 validation error detected: Value '%d' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1", v)
		}
		if v > 1000 {
			return page{}, newError("ValidationError", "1 validation error detected: Value '%d' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000", v)
		}
		size = v
	}
	start := 0
	if m := p.Get("Marker"); m != "" {
		off, ok := decodeMarker(action, m)
		if !ok || off > n {
			return page{}, newError("ValidationError", "Invalid Marker.")
		}
		start = off
	}
	end := start + size
	if end >= n {
		return page{start: start, end: n}, nil
	}
	return page{start: start, end: end, next: encodeMarker(action, end)}, nil
}

func encodeMarker(action string, off int) string {
	return base64.StdEncoding.EncodeToString([]byte("fakeaws/" + action + "/" + strconv.Itoa(off)))
}

func decodeMarker(action, m string) (int, bool) {
	b, err := base64.StdEncoding.DecodeString(m)
	if err != nil {
		return 0, false
	}
	rest, ok := strings.CutPrefix(string(b), "fakeaws/"+action+"/")
	if !ok {
		return 0, false
	}
	off, err := strconv.Atoi(rest)
	if err != nil || off <= 0 {
		return 0, false
	}
	return off, true
}

// writeTruncation writes IsTruncated and, when truncated, Marker.
func writeTruncation(w *xw, pg page) {
	w.bool("IsTruncated", pg.next != "")
	w.opt("Marker", pg.next)
}

func itoa(i int) string { return strconv.Itoa(i) }
