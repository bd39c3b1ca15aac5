package collect

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
)

// rateLimiter spaces HTTP attempts evenly. It is shared by every client
// (IAM, STS, Account Management, Access Analyzer): IAM and STS throttle
// against one account-wide budget, and one limit for the whole audit keeps
// its load on the account predictable.
type rateLimiter struct {
	mu       sync.Mutex
	interval time.Duration
	next     time.Time
}

func newRateLimiter(perSecond float64) *rateLimiter {
	if perSecond <= 0 {
		return nil
	}
	return &rateLimiter{interval: time.Duration(float64(time.Second) / perSecond)}
}

// wait blocks until the caller's slot, or until ctx ends.
func (l *rateLimiter) wait(ctx context.Context) error {
	l.mu.Lock()
	now := time.Now()
	slot := l.next
	if slot.Before(now) {
		slot = now
	}
	l.next = slot.Add(l.interval)
	l.mu.Unlock()
	d := time.Until(slot)
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// HandleFinalize waits for a slot before each attempt. It runs after the
// retry middleware so that retries are rate limited too, and before signing
// so the signature is fresh when the request leaves.
func (l *rateLimiter) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	if err := l.wait(ctx); err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, err
	}
	return next.HandleFinalize(ctx, in)
}

// ID implements middleware.FinalizeMiddleware.
func (l *rateLimiter) ID() string { return "iamaudit.RateLimit" }

// addRateLimit inserts l right after the SDK's retry middleware.
func addRateLimit(l *rateLimiter) func(*middleware.Stack) error {
	return func(st *middleware.Stack) error {
		if err := st.Finalize.Insert(l, "Retry", middleware.After); err != nil {
			// A stack without the retry step still gets limited.
			return st.Finalize.Add(l, middleware.After)
		}
		return nil
	}
}

// callLogger logs each API operation (all attempts of it) at debug level.
// It logs only the operation, outcome and timing: inputs and outputs may hold
// secret material (credentials, MFA seeds) and are never logged.
type callLogger struct{ log *slog.Logger }

// ID implements middleware.InitializeMiddleware.
func (c callLogger) ID() string { return "iamaudit.CallLog" }

// HandleInitialize implements middleware.InitializeMiddleware.
func (c callLogger) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	start := time.Now()
	out, md, err := next.HandleInitialize(ctx, in)
	// Clients generated before the SDK set the service metadata in the
	// context register it in a middleware that may run after this one;
	// smithy's own context values are set before any middleware runs.
	service := cmp.Or(awsmiddleware.GetServiceID(ctx), middleware.GetServiceID(ctx))
	operation := cmp.Or(awsmiddleware.GetOperationName(ctx), middleware.GetOperationName(ctx))
	attrs := []slog.Attr{
		slog.String("service", service),
		slog.String("operation", operation),
		slog.Duration("elapsed", time.Since(start)),
	}
	if id, ok := awsmiddleware.GetRequestIDMetadata(md); ok {
		attrs = append(attrs, slog.String("request_id", id))
	}
	if err != nil {
		var ae smithy.APIError
		if errors.As(err, &ae) {
			attrs = append(attrs, slog.String("error_code", ae.ErrorCode()))
		} else {
			attrs = append(attrs, slog.String("error", err.Error()))
		}
	}
	c.log.LogAttrs(ctx, slog.LevelDebug, "aws call", attrs...)
	return out, md, err
}

func addCallLog(log *slog.Logger) func(*middleware.Stack) error {
	return func(st *middleware.Stack) error {
		return st.Initialize.Add(callLogger{log: log}, middleware.Before)
	}
}
