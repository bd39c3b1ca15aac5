package collect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// stallLimit is how many attempts in a row may time out against one host
// before the collector stops calling it: an endpoint that has stopped
// answering would otherwise cost every remaining call its full retry
// budget of timeouts, and a run against it would take the better part of an
// hour instead of a few minutes.
const stallLimit = 3

// maxResponseBytes caps one HTTP response body. IAM's largest answer, a
// page of GetAccountAuthorizationDetails with 1,000 entities and their
// policy documents, is tens of MB at most; an endpoint streaming more is
// broken, and reading it all would exhaust memory well within the attempt
// deadline.
const maxResponseBytes = 256 << 20

// errResponseTooLarge ends the read of a body beyond the cap.
type errResponseTooLarge struct{ max int64 }

func (e *errResponseTooLarge) Error() string {
	return fmt.Sprintf("the response body is larger than %d MiB, more than any answer of this API", e.max>>20)
}

// httpDoer is what aws.Config.HTTPClient is.
type httpDoer interface {
	Do(*http.Request) (*http.Response, error)
}

// attemptTimeoutError is one HTTP attempt that got no complete response
// (headers and body) within Options.CallTimeout. It is a timeout to the
// SDK's retryer, so the call is retried like any other network failure.
type attemptTimeoutError struct {
	host    string
	timeout time.Duration
	body    bool // headers arrived, the body did not finish
}

func (e *attemptTimeoutError) Error() string {
	if e.body {
		return fmt.Sprintf("the response from %s stalled: its body was not complete within %s (--call-timeout)", e.host, e.timeout)
	}
	return fmt.Sprintf("no response from %s within %s (--call-timeout)", e.host, e.timeout)
}

// Timeout marks the error retryable for the SDK's retryer.
func (e *attemptTimeoutError) Timeout() bool { return true }

// endpointStalledError refuses a request to a host that timed out
// stallLimit times in a row. It is never retried (see stallRetryer).
type endpointStalledError struct {
	host    string
	timeout time.Duration
}

func (e *endpointStalledError) Error() string {
	return fmt.Sprintf("gave up: %s stopped answering (%d requests in a row got no complete response within %s)", e.host, stallLimit, e.timeout)
}

// timeoutClient bounds every HTTP attempt, response headers and body
// together, by one deadline. net/http's client Timeout would do the same
// but is reused by the SDK across calls and cannot tell which host
// stalled; a context per attempt can, and a body read that outlives the
// deadline fails instead of blocking forever.
type timeoutClient struct {
	base    httpDoer
	timeout time.Duration
	maxBody int64 // maxResponseBytes; lowered by tests

	mu      sync.Mutex
	strikes map[string]int // consecutive timed-out attempts per host
}

func newTimeoutClient(base httpDoer, timeout time.Duration) *timeoutClient {
	if base == nil {
		base = awshttp.NewBuildableClient()
	}
	return &timeoutClient{base: base, timeout: timeout, maxBody: maxResponseBytes, strikes: map[string]int{}}
}

func (c *timeoutClient) strike(host string) {
	c.mu.Lock()
	c.strikes[host]++
	c.mu.Unlock()
}

func (c *timeoutClient) answered(host string) {
	c.mu.Lock()
	c.strikes[host] = 0
	c.mu.Unlock()
}

func (c *timeoutClient) stalled(host string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.strikes[host] >= stallLimit
}

// Do sends one attempt under the attempt deadline.
func (c *timeoutClient) Do(req *http.Request) (*http.Response, error) {
	host := req.URL.Host
	if c.stalled(host) {
		return nil, &endpointStalledError{host: host, timeout: c.timeout}
	}
	ctx, cancel := context.WithCancel(req.Context())
	var fired atomic.Bool
	timer := time.AfterFunc(c.timeout, func() {
		fired.Store(true)
		cancel()
	})
	resp, err := c.base.Do(req.WithContext(ctx))
	if err != nil {
		timer.Stop()
		cancel()
		if fired.Load() {
			c.strike(host)
			return nil, &attemptTimeoutError{host: host, timeout: c.timeout}
		}
		return nil, err
	}
	resp.Body = &deadlineBody{rc: resp.Body, c: c, host: host, timer: timer, cancel: cancel, fired: &fired, left: c.maxBody}
	return resp, nil
}

// deadlineBody ends the attempt's deadline when the body is done, and
// turns a read cut short by the deadline into an attemptTimeoutError.
type deadlineBody struct {
	rc     io.ReadCloser
	c      *timeoutClient
	host   string
	timer  *time.Timer
	cancel context.CancelFunc
	fired  *atomic.Bool
	once   sync.Once
	left   int64 // bytes the body may still hold
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// At the cap: one byte more tells a body that ends here from one
		// that goes on.
		var one [1]byte
		n, err := io.ReadFull(b.rc, one[:])
		if n == 0 && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)) {
			b.finish(false)
			return 0, io.EOF
		}
		if n == 0 && err != nil {
			return 0, b.readErr(err)
		}
		b.finish(false) // it answered, just too much
		return 0, &errResponseTooLarge{max: b.c.maxBody}
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if err != nil {
		err = b.readErr(err)
	}
	return n, err
}

// readErr turns a read cut short by the attempt deadline into an
// attemptTimeoutError.
func (b *deadlineBody) readErr(err error) error {
	if !errors.Is(err, io.EOF) && b.fired.Load() {
		b.finish(true)
		return &attemptTimeoutError{host: b.host, timeout: b.c.timeout, body: true}
	}
	return err
}

func (b *deadlineBody) Close() error {
	b.finish(b.fired.Load())
	return b.rc.Close()
}

// finish stops the deadline once and records whether the host answered.
func (b *deadlineBody) finish(timedOut bool) {
	b.once.Do(func() {
		b.timer.Stop()
		b.cancel()
		if timedOut {
			b.c.strike(b.host)
		} else {
			b.c.answered(b.host)
		}
	})
}

// stallRetryer keeps the SDK's retryer from retrying a request that was
// refused because its endpoint stalled: a retry would be refused too, after
// a backoff that only delays the gap.
type stallRetryer struct{ aws.Retryer }

func (r stallRetryer) IsErrorRetryable(err error) bool {
	var stalled *endpointStalledError
	if errors.As(err, &stalled) {
		return false
	}
	return r.Retryer.IsErrorRetryable(err)
}
