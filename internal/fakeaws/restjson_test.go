package fakeaws

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	aatypes "github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"
	"github.com/aws/aws-sdk-go-v2/service/account"
	accttypes "github.com/aws/aws-sdk-go-v2/service/account/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// restClients returns real Account Management and Access Analyzer clients
// pointed at a fake serving acct; the analyzer client is signed for region.
func restClients(t *testing.T, acct *Account, region string) (*Server, *account.Client, *accessanalyzer.Client) {
	t.Helper()
	srv, cfg := serveForTest(t, acct, region)
	ac := account.NewFromConfig(cfg, func(o *account.Options) { o.BaseEndpoint = aws.String(srv.URL()) })
	aa := accessanalyzer.NewFromConfig(cfg, func(o *accessanalyzer.Options) { o.BaseEndpoint = aws.String(srv.URL()) })
	return srv, ac, aa
}

func analyzerAccount() *Account {
	created := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	return &Account{
		AccountID: "123456789012",
		Now:       time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC),
		Regions: []Region{
			{Name: "us-west-2", Status: RegionEnabledByDefault},
			{Name: "af-south-1", Status: RegionEnabled},
			{Name: "me-south-1", Status: RegionDisabled},
			{Name: "us-east-1", Status: RegionEnabledByDefault},
			{Name: "eu-south-1", Status: RegionEnabling},
		},
		AccessAnalyzers: map[string][]Analyzer{
			"us-east-1": {
				{Name: "unused", Type: "ACCOUNT_UNUSED_ACCESS", Status: "CREATING"},
				{Name: "ext", Type: "ACCOUNT", CreatedAt: &created},
			},
			"af-south-1": {{Name: "org", Type: "ORGANIZATION", Status: "FAILED"}},
		},
	}
}

func regionNames(rs []accttypes.Region) string {
	var out []string
	for _, r := range rs {
		out = append(out, aws.ToString(r.RegionName)+"="+string(r.RegionOptStatus))
	}
	return strings.Join(out, ",")
}

func TestListRegionsFilterAndOrder(t *testing.T) {
	_, ac, _ := restClients(t, analyzerAccount(), "us-east-1")
	out, err := ac.ListRegions(ctx, &account.ListRegionsInput{
		RegionOptStatusContains: []accttypes.RegionOptStatus{accttypes.RegionOptStatusEnabled, accttypes.RegionOptStatusEnabledByDefault},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := regionNames(out.Regions), "af-south-1=ENABLED,us-east-1=ENABLED_BY_DEFAULT,us-west-2=ENABLED_BY_DEFAULT"; got != want || out.NextToken != nil {
		t.Fatalf("regions = %s (next %v), want %s", got, out.NextToken, want)
	}
	all, err := ac.ListRegions(ctx, &account.ListRegionsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := regionNames(all.Regions), "af-south-1=ENABLED,eu-south-1=ENABLING,me-south-1=DISABLED,us-east-1=ENABLED_BY_DEFAULT,us-west-2=ENABLED_BY_DEFAULT"; got != want {
		t.Fatalf("unfiltered regions = %s, want %s", got, want)
	}
}

func TestListRegionsDefaultsAndPaging(t *testing.T) {
	srv, ac, _ := restClients(t, &Account{AccountID: "123456789012"}, "us-east-1")
	p := account.NewListRegionsPaginator(ac, &account.ListRegionsInput{MaxResults: aws.Int32(5)})
	var rs []accttypes.Region
	pages := allPages(t, p.HasMorePages, p.NextPage)
	for _, page := range pages {
		rs = append(rs, page.Regions...)
	}
	if len(pages) != 4 || len(rs) != 17 {
		t.Fatalf("pages = %d, regions = %d; want 4 pages of the 17 default regions", len(pages), len(rs))
	}
	if rs[0].RegionOptStatus != accttypes.RegionOptStatusEnabledByDefault || aws.ToString(rs[16].RegionName) != "us-west-2" {
		t.Fatalf("regions = %s", regionNames(rs))
	}
	if got := srv.Calls()["ListRegions"]; got != 4 {
		t.Errorf("ListRegions calls = %d, want 4", got)
	}
	gov, _, _ := restClients(t, &Account{AccountID: "123456789012", Partition: "aws-us-gov"}, "us-gov-west-1")
	if got := regionNames(toRegions(gov.ix.regions())); got != "us-gov-west-1=ENABLED_BY_DEFAULT,us-gov-east-1=ENABLED_BY_DEFAULT" {
		t.Errorf("aws-us-gov default regions = %s", got)
	}
}

func toRegions(rs []Region) []accttypes.Region {
	var out []accttypes.Region
	for _, r := range rs {
		out = append(out, accttypes.Region{RegionName: aws.String(r.Name), RegionOptStatus: accttypes.RegionOptStatus(r.Status)})
	}
	return out
}

func TestListRegionsErrors(t *testing.T) {
	_, ac, _ := restClients(t, analyzerAccount(), "us-east-1")
	_, err := ac.ListRegions(ctx, &account.ListRegionsInput{MaxResults: aws.Int32(51)})
	wantTyped[*accttypes.ValidationException](t, "MaxResults 51", err, http.StatusBadRequest)
	_, err = ac.ListRegions(ctx, &account.ListRegionsInput{NextToken: aws.String("bogus")})
	wantTyped[*accttypes.ValidationException](t, "bad token", err, 0)

	acct := analyzerAccount()
	acct.Faults = []Fault{{Action: "ListRegions", Code: "AccessDeniedException"}}
	_, ac, _ = restClients(t, acct, "us-east-1")
	_, err = ac.ListRegions(ctx, &account.ListRegionsInput{})
	if ade := wantTyped[*accttypes.AccessDeniedException](t, "denied", err, http.StatusForbidden); ade.ErrorMessage() != "User is not authorized to perform this action" {
		t.Fatalf("err = %v, want AWS's message", err)
	}

	acct = analyzerAccount()
	acct.Faults = []Fault{{Action: "ListRegions", Code: "TooManyRequestsException", Times: 1}}
	_, ac, _ = restClients(t, acct, "us-east-1")
	_, err = ac.ListRegions(ctx, &account.ListRegionsInput{})
	wantTyped[*accttypes.TooManyRequestsException](t, "throttled", err, http.StatusTooManyRequests)
	if _, err := ac.ListRegions(ctx, &account.ListRegionsInput{}); err != nil {
		t.Fatalf("second call must succeed (times: 1): %v", err)
	}
}

func TestListAnalyzersPerRegion(t *testing.T) {
	srv, _, aa := restClients(t, analyzerAccount(), "us-east-1")
	out, err := aa.ListAnalyzers(ctx, &accessanalyzer.ListAnalyzersInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Analyzers) != 2 || out.NextToken != nil {
		t.Fatalf("analyzers = %+v", out.Analyzers)
	}
	ext := out.Analyzers[0]
	if aws.ToString(ext.Name) != "ext" || aws.ToString(ext.Arn) != "arn:aws:access-analyzer:us-east-1:123456789012:analyzer/ext" ||
		ext.Type != aatypes.TypeAccount || ext.Status != aatypes.AnalyzerStatusActive ||
		!aws.ToTime(ext.CreatedAt).Equal(time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)) {
		t.Errorf("ext = %s %s %s %s %v", aws.ToString(ext.Name), aws.ToString(ext.Arn), ext.Type, ext.Status, ext.CreatedAt)
	}
	unused := out.Analyzers[1]
	if aws.ToString(unused.Name) != "unused" || unused.Type != aatypes.TypeAccountUnusedAccess || unused.Status != aatypes.AnalyzerStatusCreating ||
		!aws.ToTime(unused.CreatedAt).Equal(time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("unused = %s %s %s %v", aws.ToString(unused.Name), unused.Type, unused.Status, unused.CreatedAt)
	}
	// The type filter.
	out, err = aa.ListAnalyzers(ctx, &accessanalyzer.ListAnalyzersInput{Type: aatypes.TypeAccount})
	if err != nil || len(out.Analyzers) != 1 || aws.ToString(out.Analyzers[0].Name) != "ext" {
		t.Fatalf("type ACCOUNT: %v %+v", err, out)
	}
	// The region comes from the signature's credential scope.
	out, err = aa.ListAnalyzers(ctx, &accessanalyzer.ListAnalyzersInput{}, func(o *accessanalyzer.Options) { o.Region = "af-south-1" })
	if err != nil || len(out.Analyzers) != 1 || aws.ToString(out.Analyzers[0].Arn) != "arn:aws:access-analyzer:af-south-1:123456789012:analyzer/org" ||
		out.Analyzers[0].Status != aatypes.AnalyzerStatusFailed || out.Analyzers[0].Type != aatypes.TypeOrganization {
		t.Fatalf("af-south-1: %v %+v", err, out)
	}
	out, err = aa.ListAnalyzers(ctx, &accessanalyzer.ListAnalyzersInput{}, func(o *accessanalyzer.Options) { o.Region = "us-west-2" })
	if err != nil || out.Analyzers == nil || len(out.Analyzers) != 0 {
		t.Fatalf("us-west-2 has no analyzers: %v %+v", err, out)
	}
	// A region the account has not enabled rejects the credentials.
	for _, region := range []string{"me-south-1", "eu-south-1", "xx-nowhere-1"} {
		_, err = aa.ListAnalyzers(ctx, &accessanalyzer.ListAnalyzersInput{}, func(o *accessanalyzer.Options) { o.Region = region })
		assertCode(t, err, "UnrecognizedClientException", http.StatusForbidden)
	}
	if got := srv.Calls()["ListAnalyzers"]; got != 7 {
		t.Errorf("ListAnalyzers calls = %d, want 7", got)
	}
	// The Query APIs still work on the same server.
	ic := iam.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""), HTTPClient: HTTPClient()},
		func(o *iam.Options) { o.BaseEndpoint = aws.String(srv.URL()) })
	if _, err := ic.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{}); err != nil {
		t.Fatalf("IAM next to restJson1: %v", err)
	}
}

func TestListAnalyzersPaging(t *testing.T) {
	acct := analyzerAccount()
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		acct.AccessAnalyzers["us-west-2"] = append(acct.AccessAnalyzers["us-west-2"], Analyzer{Name: n, Type: "ACCOUNT"})
	}
	_, _, aa := restClients(t, acct, "us-west-2")
	p := accessanalyzer.NewListAnalyzersPaginator(aa, &accessanalyzer.ListAnalyzersInput{MaxResults: aws.Int32(2)})
	var names []string
	pages := allPages(t, p.HasMorePages, p.NextPage)
	for _, page := range pages {
		for _, a := range page.Analyzers {
			names = append(names, aws.ToString(a.Name))
		}
	}
	if len(pages) != 3 || strings.Join(names, ",") != "a,b,c,d,e" {
		t.Fatalf("pages = %d, names = %v", len(pages), names)
	}
	// A token of another region is not valid here.
	out, err := aa.ListAnalyzers(ctx, &accessanalyzer.ListAnalyzersInput{MaxResults: aws.Int32(2)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = aa.ListAnalyzers(ctx, &accessanalyzer.ListAnalyzersInput{NextToken: out.NextToken}, func(o *accessanalyzer.Options) { o.Region = "us-east-1" })
	wantTyped[*aatypes.ValidationException](t, "foreign token", err, http.StatusBadRequest)
}

func TestListAnalyzersRegionalFaults(t *testing.T) {
	acct := analyzerAccount()
	acct.Faults = []Fault{
		{Action: "ListAnalyzers", Region: "af-south-1", Code: "AccessDeniedException", Message: "denied in af-south-1"},
		{Action: "ListAnalyzers", Region: "us-west-2", Code: "ThrottlingException"},
	}
	_, _, aa := restClients(t, acct, "us-east-1")
	if _, err := aa.ListAnalyzers(ctx, &accessanalyzer.ListAnalyzersInput{}); err != nil {
		t.Fatalf("us-east-1 has no fault: %v", err)
	}
	_, err := aa.ListAnalyzers(ctx, &accessanalyzer.ListAnalyzersInput{}, func(o *accessanalyzer.Options) { o.Region = "af-south-1" })
	if ade := wantTyped[*aatypes.AccessDeniedException](t, "af-south-1", err, http.StatusForbidden); ade.ErrorMessage() != "denied in af-south-1" {
		t.Fatalf("af-south-1: err = %v, want the fault's message", err)
	}
	_, err = aa.ListAnalyzers(ctx, &accessanalyzer.ListAnalyzersInput{}, func(o *accessanalyzer.Options) { o.Region = "us-west-2" })
	wantTyped[*aatypes.ThrottlingException](t, "us-west-2", err, http.StatusTooManyRequests)

	// An emulator that lacks the API: a status override, unknown code.
	acct = analyzerAccount()
	acct.Faults = []Fault{{Action: "ListRegions", Code: "InternalFailure", Status: 501, Message: "API for service 'account' not yet implemented"}}
	_, ac, _ := restClients(t, acct, "us-east-1")
	_, err = ac.ListRegions(ctx, &account.ListRegionsInput{})
	assertCode(t, err, "InternalFailure", http.StatusNotImplemented)
}

func TestCredentialScope(t *testing.T) {
	for in, want := range map[string][2]string{
		"AWS4-HMAC-SHA256 Credential=AKID/20261101/eu-west-1/access-analyzer/aws4_request, SignedHeaders=host, Signature=x": {"eu-west-1", "access-analyzer"},
		"AWS4-HMAC-SHA256 Credential=AKID/20261101/us-east-1/account/aws4_request":                                          {"us-east-1", "account"},
		"AWS4-HMAC-SHA256 Credential=AKID/20261101//account/aws4_request":                                                   {"", ""},
		"Bearer x": {"", ""},
	} {
		r, s, ok := credentialScope(in)
		if r != want[0] || s != want[1] || ok != (want[0] != "") {
			t.Errorf("credentialScope(%q) = %q %q %v, want %q", in, r, s, ok, want)
		}
	}
}
