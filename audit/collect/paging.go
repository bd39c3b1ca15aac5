package collect

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/internal/textsafe"
)

// IAM's default quotas (IAM User Guide, "IAM and AWS STS quotas"). The
// account summary reports the account's own values (UsersQuota, ...) when
// they were raised; these apply when it does not.
const (
	quotaUsers              = 5000
	quotaGroups             = 300
	quotaRoles              = 1000
	quotaPolicies           = 1500 // customer managed policies
	quotaServerCertificates = 20
	// The most any quota can be raised to (users is a hard limit), which
	// also caps what an account summary can make the bounds.
	ceilingUsers              = 5000
	ceilingGroups             = 500
	ceilingRoles              = 10000
	ceilingPolicies           = 10000
	ceilingServerCertificates = 1000
	// awsManagedAllowance covers AWS-managed policies listed by endpoints
	// that ignore GetAccountAuthorizationDetails' Filter (AWS has about
	// 1,400; moto lists its whole catalog).
	awsManagedAllowance = 3000
	// minAveragePage is the fewest items a page is assumed to hold on
	// average when bounding the page count. IAM may return fewer items
	// than MaxItems, but its default page size is 100.
	minAveragePage = 100
)

// pageBound is how far one listing may go: more items or pages than an
// account can hold means the endpoint is handing out endless fresh markers.
type pageBound struct {
	items, pages int
}

// boundFor allows twice the items an account can hold (counts change
// while we list, and emulators differ), and pages for an average of
// minAveragePage items each.
func boundFor(items int) pageBound {
	items *= 2
	return pageBound{items: items, pages: items/minAveragePage + 10}
}

// bounds are the paging bounds of one run, from the account summary.
type bounds struct {
	authorization, virtualMFA, serverCerts, regions, analyzers pageBound
}

// boundsFrom derives the bounds from the account summary's counts and
// quotas (nil when it was not collected: IAM's default quotas apply).
func boundsFrom(s *audit.AccountSummary) bounds {
	// At least IAM's default quota, more when the account's count or quota
	// is higher, but never beyond ceiling: the summary comes from the same
	// endpoint as the listings, and one that claims billions of users must
	// not lift the bound with it.
	capOf := func(count, quota string, def, ceiling int) int {
		n := def
		for _, k := range []string{count, quota} {
			if v, ok := s.Get(k); ok && int(v) > n {
				n = int(v)
			}
		}
		return min(n, ceiling)
	}
	users := capOf("Users", "UsersQuota", quotaUsers, ceilingUsers)
	entities := users + capOf("Groups", "GroupsQuota", quotaGroups, ceilingGroups) +
		capOf("Roles", "RolesQuota", quotaRoles, ceilingRoles) + capOf("Policies", "PoliciesQuota", quotaPolicies, ceilingPolicies)
	authz := boundFor(entities)
	authz.items += awsManagedAllowance
	authz.pages += awsManagedAllowance / minAveragePage
	return bounds{
		authorization: authz,
		// Virtual MFA devices: assigned ones are at most one per user and
		// root in practice; unassigned ones count in MFADevices.
		virtualMFA:  boundFor(max(users+1, capOf("MFADevices", "", 0, 2*ceilingUsers))),
		serverCerts: boundFor(capOf("ServerCertificates", "ServerCertificatesQuota", quotaServerCertificates, ceilingServerCertificates)),
		// About 35 regions exist; analyzers are a handful per region (IAM
		// Access Analyzer's quotas allow a few of each type), and ListAnalyzers
		// is asked once per enabled region, so its bound is kept small.
		regions:   pageBound{items: 200, pages: 20},
		analyzers: pageBound{items: 100, pages: 5},
	}
}

// nextPage is an SDK paginator's NextPage with the call options fixed, as
// listAll asks for it.
func nextPage[P, O any](next func(context.Context, ...func(*O)) (P, error), opts ...func(*O)) func(context.Context) (P, error) {
	return func(ctx context.Context) (P, error) { return next(ctx, opts...) }
}

// appendConverted appends conv of every item to dst and returns how many
// items there were, as listAll's each counts them.
func appendConverted[T, U any](dst *[]U, items []T, conv func(T) U) int {
	for _, it := range items {
		*dst = append(*dst, conv(it))
	}
	return len(items)
}

// listAll drives one SDK paginator (through more and next) to the end, or
// to a bound: a marker the endpoint already gave, more items or pages than
// b allows. token returns a page's next marker, each consumes a page and
// returns how many items it held; onPage, when not nil, is told the pages
// and items so far after each page. Every paginator of the collector goes
// through here, so no endpoint can keep a listing going forever.
func listAll[P any](ctx context.Context, b pageBound, more func() bool, next func(context.Context) (P, error), token func(P) *string, each func(P) int, onPage func(pages, items int)) error {
	seen := map[string]bool{}
	items, pages := 0, 0
	for more() {
		if pages >= b.pages {
			return fmt.Errorf("stopped after %d pages holding %d items, more pages than a listing of this account needs: the endpoint keeps returning new pagination markers", pages, items)
		}
		page, err := next(ctx)
		if err != nil {
			return err
		}
		pages++
		if m := aws.ToString(token(page)); m != "" {
			if seen[m] {
				return fmt.Errorf("the endpoint returned pagination marker %s twice; stopped to avoid an endless listing", textsafe.Quote(m, 100))
			}
			seen[m] = true
		}
		items += each(page)
		if onPage != nil {
			onPage(pages, items)
		}
		if items > b.items {
			return fmt.Errorf("stopped after %d items in %d pages, more than the account can hold (at most %d expected): the endpoint keeps returning new pagination markers", items, pages, b.items)
		}
	}
	return nil
}
