package collect

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestTimeoutClientCapsTheBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, strings.Repeat("x", 5000))
	}))
	defer srv.Close()
	c := newTimeoutClient(http.DefaultClient, time.Minute)
	c.maxBody = 4096
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	var tooLarge *errResponseTooLarge
	if !errors.As(err, &tooLarge) || len(data) != 4096 {
		t.Fatalf("read %d bytes, err %v; want 4096 and errResponseTooLarge", len(data), err)
	}
	// Exactly at the cap is fine.
	c.maxBody = 5000
	resp2, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp2.Body.Close()
	if data, err := io.ReadAll(resp2.Body); err != nil || len(data) != 5000 {
		t.Fatalf("at the cap: %d bytes, %v", len(data), err)
	}
}
