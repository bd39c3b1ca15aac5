package collect

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/iamaudit/iamaudit/audit"
)

func TestBoundsFollowTheAccountsQuotas(t *testing.T) {
	def := boundsFrom(nil)
	// IAM's default quotas, doubled, plus the AWS-managed allowance.
	if want := 2*(5000+300+1000+1500) + awsManagedAllowance; def.authorization.items != want {
		t.Errorf("default authorization bound = %d items, want %d", def.authorization.items, want)
	}
	raised := boundsFrom(&audit.AccountSummary{Values: map[string]int32{"RolesQuota": 10000, "Roles": 9000, "Users": 10}})
	if want := 2*(5000+300+10000+1500) + awsManagedAllowance; raised.authorization.items != want {
		t.Errorf("raised roles quota: authorization bound = %d items, want %d", raised.authorization.items, want)
	}
	if raised.authorization.pages <= def.authorization.pages {
		t.Error("a raised quota did not raise the page bound")
	}
	// An endpoint cannot lift the bounds beyond the quotas' ceilings.
	lying := boundsFrom(&audit.AccountSummary{Values: map[string]int32{"Users": 2_000_000_000, "RolesQuota": 2_000_000_000, "MFADevices": 2_000_000_000}})
	if want := 2*(5000+300+10000+1500) + awsManagedAllowance; lying.authorization.items != want {
		t.Errorf("lying summary: authorization bound = %d items, want %d", lying.authorization.items, want)
	}
	if lying.virtualMFA.items != 2*10000 {
		t.Errorf("lying summary: virtual MFA bound = %d items, want 20000", lying.virtualMFA.items)
	}
	certs := boundsFrom(&audit.AccountSummary{Values: map[string]int32{"ServerCertificatesQuota": 500}})
	if certs.serverCerts.items != 1000 {
		t.Errorf("server certificate bound = %d, want 1000", certs.serverCerts.items)
	}
}

// fakePages serves listAll pages from a slice of markers; "" ends.
func fakePages(markers []string) (func() bool, func(context.Context) (*string, error)) {
	i := 0
	more := func() bool { return i == 0 || (i <= len(markers) && markers[i-1] != "") }
	next := func(context.Context) (*string, error) {
		m := markers[i]
		i++
		return aws.String(m), nil
	}
	return more, next
}

func TestListAllBounds(t *testing.T) {
	count := func(*string) int { return 7 } // items a page
	token := func(p *string) *string { return p }
	for name, tc := range map[string]struct {
		markers []string
		bound   pageBound
		want    string
	}{
		"ends":            {[]string{"a", "b", ""}, pageBound{items: 100, pages: 10}, ""},
		"repeated marker": {[]string{"a", "b", "a", ""}, pageBound{items: 100, pages: 10}, `pagination marker "a" twice`},
		"too many items":  {[]string{"a", "b", "c", "d", ""}, pageBound{items: 20, pages: 10}, "stopped after 21 items in 3 pages"},
		"too many pages":  {[]string{"a", "b", "c", "d", ""}, pageBound{items: 100, pages: 3}, "stopped after 3 pages holding 21 items"},
	} {
		t.Run(name, func(t *testing.T) {
			more, next := fakePages(tc.markers)
			err := listAll(context.Background(), tc.bound, more, next, token, count, nil)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("err = %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
	more, _ := fakePages([]string{""})
	boom := errors.New("boom")
	if err := listAll(context.Background(), pageBound{items: 1, pages: 1}, more,
		func(context.Context) (*string, error) { return nil, boom }, token, count, nil); !errors.Is(err, boom) {
		t.Errorf("page error = %v", err)
	}
}
