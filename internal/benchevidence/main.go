// Command benchevidence writes the evidence file of a generated account
// (fakeaws.Generate), collected through the real SDK from the in-repo fake,
// so benchmarks of `iamaudit scan --from` can run on the built binary:
//
//	go run ./internal/benchevidence -users 10000 -o /tmp/evidence-10000.json
//
// IAM holds at most 5,000 users per account, and the collector refuses a
// listing far beyond what an account can hold. Larger accounts (for
// scaling measurements only) are collected 5,000 users at a time from
// accounts sharing the same root, groups, roles and policies, and the
// per-user evidence of the pieces is joined: the authorization details'
// users, the credential report's user rows, the users' virtual MFA
// devices and the account summary's per-user counts.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/audit/collect"
	"github.com/iamaudit/iamaudit/internal/fakeaws"
)

func main() {
	users := flag.Int("users", 1000, "number of IAM users in the generated account")
	seed := flag.Int64("seed", 7, "generator seed")
	out := flag.String("o", "", "evidence file to write")
	flag.Parse()
	if *out == "" || *users < 0 {
		fmt.Fprintln(os.Stderr, "usage: benchevidence -users N -o FILE")
		os.Exit(2)
	}
	if err := write(*users, *seed, *out); err != nil {
		fmt.Fprintln(os.Stderr, "benchevidence:", err)
		os.Exit(1)
	}
}

// chunk is the most users collected from one fake account: IAM's quota.
const chunk = 5000

func write(users int, seed int64, path string) error {
	whole := fakeaws.Generate(users, seed)
	var snap *audit.Snapshot
	for from := 0; from == 0 || from < users; from += chunk {
		part := *whole
		part.Users = whole.Users[from:min(from+chunk, users)]
		s, err := collectAccount(&part)
		if err != nil {
			return err
		}
		if snap == nil {
			snap = s
			continue
		}
		snap.Authorization.Users = append(snap.Authorization.Users, s.Authorization.Users...)
		for _, row := range s.CredentialReport.Rows {
			if !row.IsRoot() {
				snap.CredentialReport.Rows = append(snap.CredentialReport.Rows, row)
			}
		}
		for _, d := range s.VirtualMFADevices.Devices {
			if d.UserARN != "" && !strings.HasSuffix(d.UserARN, ":root") {
				snap.VirtualMFADevices.Devices = append(snap.VirtualMFADevices.Devices, d)
			}
		}
		// Per-user counts add up; the root's devices are in every piece.
		root := s.AccountSummary.Values["MFADevicesInUse"]
		for _, u := range part.Users {
			root -= int32(len(u.MFADevices))
		}
		for _, k := range []string{"Users", "MFADevicesInUse", "MFADevices"} {
			snap.AccountSummary.Values[k] += s.AccountSummary.Values[k] - root*int32(b2i(k != "Users"))
		}
	}
	recount(snap.Authorization)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := snap.WriteJSON(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// recount sets every policy's AttachmentCount from the joined principals.
func recount(a *audit.AuthorizationDetails) {
	n := map[string]int{}
	count := func(aps []audit.AttachedPolicy) {
		for _, ap := range aps {
			n[ap.ARN]++
		}
	}
	for _, u := range a.Users {
		count(u.AttachedPolicies)
	}
	for _, g := range a.Groups {
		count(g.AttachedPolicies)
	}
	for _, r := range a.Roles {
		count(r.AttachedPolicies)
	}
	for i := range a.Policies {
		a.Policies[i].AttachmentCount = n[a.Policies[i].ARN]
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// collectAccount collects a generated account from the fake, as `iamaudit
// collect` would at the account's "now".
func collectAccount(acct *fakeaws.Account) (*audit.Snapshot, error) {
	srv := fakeaws.New(acct)
	defer srv.Close()
	// The process environment must not point the SDK anywhere else.
	for _, k := range []string{"AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL_STS",
		"AWS_ENDPOINT_URL_ACCOUNT", "AWS_ENDPOINT_URL_ACCESSANALYZER", "AWS_ENDPOINT_URL_ORGANIZATIONS"} {
		os.Unsetenv(k)
	}
	os.Setenv("AWS_CONFIG_FILE", os.DevNull)
	os.Setenv("AWS_SHARED_CREDENTIALS_FILE", os.DevNull)
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	opts := collect.Options{
		Region:             "us-east-1",
		EndpointURL:        srv.URL(),
		Credentials:        credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "bench", ""),
		RequestsPerSecond:  -1,
		ReportPollInterval: time.Millisecond,
		Now:                func() time.Time { return fakeaws.GenerateNow },
		ToolVersion:        "benchevidence",
	}
	ctx := context.Background()
	cfg, err := collect.LoadAWSConfig(ctx, opts)
	if err != nil {
		return nil, err
	}
	snap, err := collect.Collect(ctx, cfg, opts)
	if err != nil {
		return nil, err
	}
	if len(snap.Gaps) > 0 {
		return nil, fmt.Errorf("collection of %d users has gaps: %v", len(acct.Users), snap.Gaps)
	}
	return snap, nil
}
