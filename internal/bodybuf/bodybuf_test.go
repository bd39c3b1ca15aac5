package bodybuf

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// onceReader fails if read after it reported EOF, as smithy-go's closed
// body wrapper effectively does.
type onceReader struct {
	r      io.Reader
	closed bool
}

func (o *onceReader) Read(p []byte) (int, error) {
	if o.closed {
		return 0, io.ErrClosedPipe
	}
	return o.r.Read(p)
}
func (o *onceReader) Close() error { o.closed = true; return nil }

func TestWrapSendsBodyFromMemory(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = string(b)
		if r.ContentLength != int64(len("Action=GetAccountSummary&Version=2010-05-08")) {
			t.Errorf("ContentLength = %d", r.ContentLength)
		}
	}))
	defer srv.Close()
	body := &onceReader{r: strings.NewReader("Action=GetAccountSummary&Version=2010-05-08")}
	req, err := http.NewRequest(http.MethodPost, srv.URL, body)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := Wrap(srv.Client()).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got != "Action=GetAccountSummary&Version=2010-05-08" {
		t.Errorf("server got %q", got)
	}
	if !body.closed {
		t.Error("the original body was not closed")
	}
}

func TestWrapPassesBodylessRequests(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) }))
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	resp, err := Wrap(srv.Client()).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTeapot {
		t.Errorf("status %d", resp.StatusCode)
	}
}
