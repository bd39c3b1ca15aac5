package fakeaws

import (
	"net/http"
	"time"

	"github.com/iamaudit/iamaudit/internal/bodybuf"
)

// responseDelay is the default hold-back of every response (see
// Server.SetResponseDelay). On loopback a response
// can arrive before net/http's write loop has finished with the request
// body; smithy-go then closes that body, its WriteTo returns io.EOF, and
// net/http tears the connection down under the SDK while it reads a large
// response ("use of closed network connection"). Real AWS is never that
// fast. The delay makes the race rare; HTTPClient removes it.
const responseDelay = time.Millisecond

// HTTPClient returns an HTTP client for SDK clients that talk to a fake
// (aws.Config.HTTPClient). It hands net/http an in-memory copy of each
// request body (see package bodybuf), which closes the race described at
// responseDelay for good, so tests using it cannot flake on it. The
// collectors wrap their own client the same way.
func HTTPClient() bodybuf.Doer {
	return bodybuf.Wrap(&http.Client{Transport: &http.Transport{
		Proxy:               nil, // the fake is on loopback
		MaxIdleConnsPerHost: 16,
		IdleConnTimeout:     30 * time.Second,
	}})
}
