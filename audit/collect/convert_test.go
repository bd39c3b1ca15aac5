package collect

import (
	"slices"
	"testing"
	"time"

	"github.com/iamaudit/iamaudit/audit"
)

func TestDecodePolicyDocument(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"raw JSON kept", `{"Version":"2012-10-17"}`, `{"Version":"2012-10-17"}`},
		{"raw JSON with leading space kept", "\n  {\"a\":\"%41\"}", "\n  {\"a\":\"%41\"}"},
		{"RFC 3986 encoded", "%7B%22Action%22%3A%22s3%3A%2A%22%7D", `{"Action":"s3:*"}`},
		{"space is %20", "%7B%22a%22%3A%22x%20y%22%7D", `{"a":"x y"}`},
		// A literal '+' must stay '+': QueryUnescape would turn it into a space.
		{"plus stays plus", "%7B%22r%22%3A%22arn%3Aaws%3As3%3A%3A%3Aa+b%22%7D", `{"r":"arn:aws:s3:::a+b"}`},
		{"encoded plus", "%7B%22r%22%3A%22a%2Bb%22%7D", `{"r":"a+b"}`},
		{"undecodable kept raw", "%7B%ZZ", "%7B%ZZ"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := decodePolicyDocument(tc.in); got != tc.want {
				t.Errorf("decodePolicyDocument(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestPartitionOf(t *testing.T) {
	tests := map[string]string{
		"arn:aws:iam::123456789012:user/a":                "aws",
		"arn:aws-us-gov:sts::123456789012:assumed-role/r": "aws-us-gov",
		"arn:aws-cn:iam::123456789012:root":               "aws-cn",
		"not-an-arn":                                      "",
		"arn:aws":                                         "",
	}
	for in, want := range tests {
		if got := partitionOf(in); got != want {
			t.Errorf("partitionOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsAWSManagedARN(t *testing.T) {
	tests := []struct {
		arn, partition string
		want           bool
	}{
		{"arn:aws:iam::aws:policy/AdministratorAccess", "aws", true},
		{"arn:aws:iam::aws:policy/service-role/AWSConfigRole", "aws", true},
		{"arn:aws-cn:iam::aws:policy/AdministratorAccess", "aws-cn", true},
		{"arn:aws:iam::aws:policy/AdministratorAccess", "aws-cn", false},
		{"arn:aws:iam::123456789012:policy/AdministratorAccess", "aws", false},
	}
	for _, tc := range tests {
		if got := isAWSManagedARN(tc.arn, tc.partition); got != tc.want {
			t.Errorf("isAWSManagedARN(%q, %q) = %v, want %v", tc.arn, tc.partition, got, tc.want)
		}
	}
}

func TestBackoffBounds(t *testing.T) {
	base, maxDelay := 10*time.Millisecond, 80*time.Millisecond
	for n, wantCeil := range []time.Duration{10, 20, 40, 80, 80, 80} {
		wantCeil *= time.Millisecond
		for range 50 {
			d := backoff(base, maxDelay, n)
			if d < wantCeil/2 || d > wantCeil {
				t.Fatalf("backoff(poll %d) = %v, want within [%v, %v]", n, d, wantCeil/2, wantCeil)
			}
		}
	}
}

// TestAWSManagedInUseIncludesBoundaries: an AWS-managed policy used only as
// a permissions boundary is fetched too, since effective permissions are
// limited by it; customer policies and ones already present are not.
func TestAWSManagedInUseIncludesBoundaries(t *testing.T) {
	ad := &audit.AuthorizationDetails{
		Users: []audit.User{{Name: "u", PermissionsBoundary: "arn:aws:iam::aws:policy/PowerUserAccess",
			AttachedPolicies: []audit.AttachedPolicy{{ARN: "arn:aws:iam::aws:policy/ReadOnlyAccess"}}}},
		Roles: []audit.Role{{Name: "r", PermissionsBoundary: "arn:aws:iam::123456789012:policy/Boundary"},
			{Name: "s", PermissionsBoundary: "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"}},
		Policies: []audit.ManagedPolicy{{ARN: "arn:aws:iam::aws:policy/ReadOnlyAccess", AWSManaged: true}},
	}
	got := awsManagedInUse(ad, "aws")
	want := []string{"arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"}
	if !slices.Equal(got, want) {
		t.Errorf("awsManagedInUse = %v, want %v", got, want)
	}
}
