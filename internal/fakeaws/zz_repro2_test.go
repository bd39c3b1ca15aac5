package fakeaws

import (
	"io"
	"net/http"
	"strings"
	"testing"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

func TestReproRawSDKClient(t *testing.T) {
	a := loadSmall(t)
	fails := 0
	for i := 0; i < 300; i++ {
		srv := New(a)
		c := awshttp.NewBuildableClient()
		req, _ := http.NewRequest("POST", srv.URL(), strings.NewReader("Action=GetAccountAuthorizationDetails&Version=2010-05-08"))
		req.Header.Set("Authorization", "x")
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			fails++
		}
	}
	t.Logf("raw fails %d", fails)
}
