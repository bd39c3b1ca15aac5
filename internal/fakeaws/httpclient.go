package fakeaws

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"time"
)

// responseDelay holds back every response briefly. On loopback a response
// can arrive before net/http's write loop has finished with the request
// body; smithy-go then closes that body, its WriteTo returns io.EOF, and
// net/http tears the connection down under the SDK while it reads a large
// response ("use of closed network connection"). Real AWS is never that
// fast. The delay makes the race rare; HTTPClient removes it.
const responseDelay = time.Millisecond

// HTTPClient returns an HTTP client for SDK clients that talk to a fake
// (aws.Config.HTTPClient). It hands net/http an in-memory copy of each
// request body, which closes the race described at responseDelay for good,
// so tests using it cannot flake on it. Nothing else differs from a default
// client.
func HTTPClient() *http.Client {
	return &http.Client{Transport: bufferedBodyTransport{base: &http.Transport{
		Proxy:               nil, // the fake is on loopback
		MaxIdleConnsPerHost: 16,
		IdleConnTimeout:     30 * time.Second,
	}}}
}

// bufferedBodyTransport replaces the request body with a bytes.Reader,
// which net/http writes in one piece and never reads after the response.
type bufferedBodyTransport struct{ base http.RoundTripper }

func (t bufferedBodyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return t.base.RoundTrip(r)
	}
	b, err := io.ReadAll(r.Body)
	_ = r.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("fakeaws: buffer request body: %w", err)
	}
	r2 := r.Clone(r.Context())
	r2.Body = io.NopCloser(bytes.NewReader(b))
	r2.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	r2.ContentLength = int64(len(b))
	return t.base.RoundTrip(r2)
}
