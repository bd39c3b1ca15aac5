package fakeaws

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/iam"
)

func TestGenerateDeterministicAndValid(t *testing.T) {
	a, b := Generate(50, 7), Generate(50, 7)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("Generate is not deterministic")
	}
	if reflect.DeepEqual(a, Generate(50, 8)) {
		t.Fatal("different seeds gave the same account")
	}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(a.Users) != 50 {
		t.Fatalf("users %d", len(a.Users))
	}
	var console, mfa, keys, neverUsed int
	for _, u := range a.Users {
		if u.PasswordEnabled {
			console++
		}
		if len(u.MFADevices) > 0 {
			mfa++
		}
		for _, k := range u.AccessKeys {
			keys++
			if k.LastUsed == nil {
				neverUsed++
			}
		}
	}
	if console == 0 || console == 50 || mfa == 0 || keys == 0 || neverUsed == 0 {
		t.Fatalf("not a mix: console=%d mfa=%d keys=%d neverUsed=%d", console, mfa, keys, neverUsed)
	}
}

func TestGenerateServesWithSDK(t *testing.T) {
	a := Generate(1000, 1)
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	_, ic, _ := clients(t, a)
	out, pages := allAuthz(t, ic, &iam.GetAccountAuthorizationDetailsInput{MaxItems: awsInt32(1000)})
	if len(out.UserDetailList) != 1000 || pages != 2 {
		t.Fatalf("users %d pages %d", len(out.UserDetailList), pages)
	}
	rows, _ := reportRows(t, generateReport(t, ic))
	if len(rows) != 1001 {
		t.Fatalf("report rows %d", len(rows))
	}
}

func generateReport(t *testing.T, ic *iam.Client) *iam.Client {
	t.Helper()
	// in_progress_polls: 1 -> STARTED, INPROGRESS, COMPLETE.
	for i := 0; i < 3; i++ {
		if _, err := ic.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{}); err != nil {
			t.Fatal(err)
		}
	}
	return ic
}

func awsInt32(v int32) *int32 { return &v }

func TestBuiltinAWSManagedPolicies(t *testing.T) {
	for _, p := range BuiltinAWSManagedPolicies() {
		if p.CreateDate.IsZero() || len(p.Versions) != 1 || p.Versions[0].CreateDate.IsZero() || p.Versions[0].ID != p.DefaultVersion {
			t.Errorf("%s: bad catalog entry", p.Name)
		}
		var doc map[string]any
		if err := json.Unmarshal([]byte(p.Versions[0].Document), &doc); err != nil {
			t.Errorf("%s: document is not JSON: %v", p.Name, err)
		}
	}
}
