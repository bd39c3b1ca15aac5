package collect

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
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

// TestInstanceProfilesOfRole: a RoleDetail without InstanceProfileList is
// "not collected" (nil); an empty list is "in none"; a profile whose Roles
// name only other roles is dropped (an emulator may list every profile of
// the account under each role), one naming the role or no role is kept.
func TestInstanceProfilesOfRole(t *testing.T) {
	role := func(name string) types.Role {
		return types.Role{RoleName: aws.String(name), Arn: aws.String("arn:aws:iam::123456789012:role/" + name)}
	}
	profile := func(name string, roles ...types.Role) types.InstanceProfile {
		return types.InstanceProfile{InstanceProfileName: aws.String(name), Path: aws.String("/"),
			Arn: aws.String("arn:aws:iam::123456789012:instance-profile/" + name), Roles: roles}
	}
	detail := types.RoleDetail{RoleName: aws.String("web"), Arn: aws.String("arn:aws:iam::123456789012:role/web")}
	if got := convertRole(detail).InstanceProfiles; got != nil {
		t.Errorf("no InstanceProfileList: %v, want nil (not collected)", *got)
	}
	detail.InstanceProfileList = []types.InstanceProfile{}
	if got := convertRole(detail).InstanceProfiles; got == nil || len(*got) != 0 {
		t.Errorf("empty InstanceProfileList: %v, want an empty list", got)
	}
	byName := role("web")
	byName.Arn = nil
	detail.InstanceProfileList = []types.InstanceProfile{
		profile("web", role("web")), profile("db", role("db")), profile("bare"), profile("named", byName),
	}
	got := convertRole(detail).InstanceProfiles
	var names []string
	for _, p := range *got {
		names = append(names, p.Name+" "+p.ARN+" "+p.Path)
	}
	want := []string{
		"web arn:aws:iam::123456789012:instance-profile/web /",
		"bare arn:aws:iam::123456789012:instance-profile/bare /",
		"named arn:aws:iam::123456789012:instance-profile/named /",
	}
	if strings.Join(names, "\n") != strings.Join(want, "\n") {
		t.Errorf("profiles:\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
}
