// Package bodybuf works around a request-body race between smithy-go and
// net/http that shows on fast endpoints such as local emulators.
//
// When a response arrives before net/http's write loop is done with the
// request body, smithy-go closes that body; its WriteTo then returns io.EOF
// and net/http tears the connection down while the SDK is still reading the
// response ("deserialization failed ... use of closed network connection").
// Real AWS endpoints are too slow to hit it; loopback emulators are not.
// Handing net/http an in-memory copy of the (small, form-encoded) body
// removes the race.
package bodybuf

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
)

// Doer is what aws.Config.HTTPClient and *http.Client both are.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Wrap returns a Doer that sends every request body from memory through d.
func Wrap(d Doer) Doer { return client{base: d} }

type client struct{ base Doer }

func (c client) Do(r *http.Request) (*http.Response, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return c.base.Do(r)
	}
	b, err := io.ReadAll(r.Body)
	_ = r.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("buffer request body: %w", err)
	}
	r2 := r.Clone(r.Context())
	r2.Body = io.NopCloser(bytes.NewReader(b))
	r2.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	r2.ContentLength = int64(len(b))
	return c.base.Do(r2)
}
