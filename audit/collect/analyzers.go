package collect

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	aatypes "github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"
	"github.com/aws/aws-sdk-go-v2/service/account"
	accttypes "github.com/aws/aws-sdk-go-v2/service/account/types"
	"golang.org/x/sync/errgroup"

	"github.com/iamaudit/iamaudit/audit"
)

// listRegionsPageSize is ListRegions' maximum MaxResults (1-50).
const listRegionsPageSize = 50

// regionsAndAnalyzers lists the account's enabled regions, then IAM Access
// Analyzer's analyzers in each. The regions list is global and asked of
// the configured region; ListAnalyzers is regional, so each enabled region
// costs one call (plus pages): the budget grows with regions, never users.
//
// Region listings run as tasks of g, within the collector's concurrency
// bound; when g has no free slot the region is listed inline, so a bound
// of 1 cannot deadlock the task that holds it.
func (c *collector) regionsAndAnalyzers(ctx context.Context, g *errgroup.Group) {
	regions, err := c.enabledRegions(ctx)
	if err != nil {
		c.gap(audit.EvidenceRegions, "ListRegions", "", err)
		// Keep the invariant that an absent source has a gap saying why.
		c.recordGap(audit.Gap{Evidence: audit.EvidenceAccessAnalyzers, Operation: "ListAnalyzers",
			Message: "not attempted: the enabled regions are unknown because ListRegions failed"})
		return
	}
	c.set(func(s *audit.Snapshot) {
		s.Regions = &audit.Regions{Enabled: regions}
		s.AccessAnalyzers = &audit.AccessAnalyzers{ByRegion: map[string][]audit.Analyzer{}}
	})
	for _, region := range regions {
		if ctx.Err() != nil {
			// The run was stopped: say which regions were never listed.
			c.gap(audit.EvidenceAccessAnalyzers, "ListAnalyzers", region, ctx.Err())
			continue
		}
		task := func() error { c.analyzers(ctx, region); return nil }
		if !g.TryGo(task) {
			_ = task()
		}
	}
}

// enabledRegions returns the regions with opt status ENABLED or
// ENABLED_BY_DEFAULT, sorted and without duplicates.
func (c *collector) enabledRegions(ctx context.Context) ([]string, error) {
	p := account.NewListRegionsPaginator(c.account, &account.ListRegionsInput{
		RegionOptStatusContains: []accttypes.RegionOptStatus{
			accttypes.RegionOptStatusEnabled, accttypes.RegionOptStatusEnabledByDefault,
		},
		MaxResults: aws.Int32(listRegionsPageSize),
	})
	var out []string
	err := listAll(ctx, c.bounds.regions, p.HasMorePages,
		nextPage(p.NextPage),
		func(page *account.ListRegionsOutput) *string { return page.NextToken },
		func(page *account.ListRegionsOutput) int {
			for _, r := range page.Regions {
				// The filter is the server's; an endpoint that ignores it must
				// not make a disabled region look like one needing an analyzer.
				switch r.RegionOptStatus {
				case accttypes.RegionOptStatusEnabled, accttypes.RegionOptStatusEnabledByDefault:
					if name := aws.ToString(r.RegionName); name != "" {
						out = append(out, name)
					}
				}
			}
			return len(page.Regions)
		}, c.pageProgress(audit.EvidenceRegions, ""))
	if err != nil {
		return nil, err
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if out == nil {
		out = []string{}
	}
	return out, nil
}

// analyzers lists every analyzer (all types) of one region. A failure is a
// gap naming the region, which is then left out of ByRegion.
func (c *collector) analyzers(ctx context.Context, region string) {
	inRegion := func(o *accessanalyzer.Options) { o.Region = region }
	p := accessanalyzer.NewListAnalyzersPaginator(c.analyzer, &accessanalyzer.ListAnalyzersInput{})
	list := []audit.Analyzer{}
	err := listAll(ctx, c.bounds.analyzers, p.HasMorePages,
		nextPage(p.NextPage, inRegion),
		func(page *accessanalyzer.ListAnalyzersOutput) *string { return page.NextToken },
		func(page *accessanalyzer.ListAnalyzersOutput) int {
			return appendConverted(&list, page.Analyzers, func(a aatypes.AnalyzerSummary) audit.Analyzer {
				return audit.Analyzer{Name: aws.ToString(a.Name), ARN: aws.ToString(a.Arn), Type: string(a.Type), Status: string(a.Status)}
			})
		}, c.pageProgress(audit.EvidenceAccessAnalyzers, region))
	if err != nil {
		c.gap(audit.EvidenceAccessAnalyzers, "ListAnalyzers", region, err)
		return
	}
	slices.SortFunc(list, func(a, b audit.Analyzer) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ARN, b.ARN))
	})
	c.set(func(s *audit.Snapshot) { s.AccessAnalyzers.ByRegion[region] = list })
}
