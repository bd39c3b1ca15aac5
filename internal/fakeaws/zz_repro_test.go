package fakeaws

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/iam"
)

func TestReproSDK(t *testing.T) {
	a := loadSmall(t)
	fails := 0
	for i := 0; i < 300; i++ {
		_, ic, _ := clients(t, a)
		if _, err := ic.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{}); err != nil {
			fails++
			if fails < 3 {
				t.Log(err)
			}
		}
	}
	t.Logf("fails %d/300", fails)
}
