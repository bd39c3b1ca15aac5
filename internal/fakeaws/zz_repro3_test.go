package fakeaws

import (
	"context"
	"net"
	"net/http"
	"runtime/debug"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

type traceConn struct {
	net.Conn
	mu    *sync.Mutex
	stack *string
}

func (c traceConn) Close() error {
	c.mu.Lock()
	*c.stack = string(debug.Stack())
	c.mu.Unlock()
	return c.Conn.Close()
}

func TestReproTrace(t *testing.T) {
	a := loadSmall(t)
	for i := 0; i < 300; i++ {
		srv := New(a)
		var mu sync.Mutex
		var stack string
		tr := &http.Transport{MaxConnsPerHost: 2048, DialContext: func(ctx context.Context, n, addr string) (net.Conn, error) {
			c, err := (&net.Dialer{}).DialContext(ctx, n, addr)
			return traceConn{c, &mu, &stack}, err
		}}
		hc := &http.Client{Transport: tr}
		cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("A", "B", ""), RetryMaxAttempts: 1, HTTPClient: hc}
		ic := iam.NewFromConfig(cfg, func(o *iam.Options) { o.BaseEndpoint = aws.String(srv.URL()) })
		_, err := ic.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{})
		if err != nil {
			mu.Lock()
			t.Fatalf("%v\n%s", err, stack)
		}
		srv.Close()
	}
}
