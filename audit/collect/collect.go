package collect

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/account"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"
	"golang.org/x/sync/errgroup"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/internal/textsafe"
)

// maxPageSize is the MaxItems of every paginated call: IAM's maximum, so a
// large account costs as few pages as IAM allows (IAM may still return fewer
// items per page; the paginators follow Marker either way).
const maxPageSize = 1000

// collector holds one Collect run's clients and the snapshot it fills.
type collector struct {
	iam     *iam.Client
	account *account.Client
	// analyzer is signed per call for the region being listed.
	analyzer *accessanalyzer.Client
	orgs     *organizations.Client
	opts     Options
	snap     *audit.Snapshot

	bounds bounds

	mu sync.Mutex // guards snap.Gaps and the evidence fields

	progressMu sync.Mutex // serializes Options.Progress calls
}

// Collect gathers every evidence source from the account cfg points at.
//
// It first calls sts:GetCallerIdentity; failing that is the only fatal path:
// the error wraps ErrNoCredentials or ErrUnreachable (with a one-sentence
// message) when credentials or the network are the cause. After that every
// failure is recorded as an audit.Gap and its evidence left nil, so one
// denied API never hides the rest.
//
// Every run ends in bounded time: each HTTP attempt is bounded by
// Options.CallTimeout, every listing by what the account can hold, and the
// credential report by Options.ReportTimeout. When ctx ends after the
// caller identity is known (a run timeout, an interrupt), Collect stops and
// returns what it has: every source it did not finish gets a gap with code
// CodeInterrupted naming context.Cause(ctx), so the report still gets
// written and says what is missing.
func Collect(ctx context.Context, cfg aws.Config, opts Options) (*audit.Snapshot, error) {
	o := opts.withDefaults()
	if o.EndpointURL != "" {
		if err := validateEndpoint(o.EndpointURL); err != nil {
			return nil, err
		}
	}
	apiOpts := []func(*middleware.Stack) error{addCallLog(o.Logger)}
	if l := newRateLimiter(o.RequestsPerSecond); l != nil {
		apiOpts = append(apiOpts, addRateLimit(l))
	}
	endpoint := o.EndpointURL
	if cfg.Region == "" {
		// A config not built by LoadAWSConfig may lack a region; IAM and
		// STS of the aws partition live in us-east-1.
		cfg.Region = DefaultRegion
	}
	// The SDK logs its own warnings (an undrainable body, clock skew) to
	// stderr by default; they go to the debug log instead, cleaned, since
	// they may quote what the endpoint sent.
	cfg.Logger = logging.LoggerFunc(func(cl logging.Classification, format string, v ...any) {
		o.Logger.Debug("aws sdk: " + textsafe.Short(fmt.Sprintf(format, v...), 500))
	})
	// One attempt deadline and one stall record per run, whoever built cfg.
	base := cfg.HTTPClient
	if tc, ok := base.(*timeoutClient); ok {
		base = tc.base
	}
	cfg.HTTPClient = newTimeoutClient(base, o.CallTimeout)
	baseRetryer := cfg.Retryer
	cfg.Retryer = func() aws.Retryer {
		if baseRetryer != nil {
			return stallRetryer{baseRetryer()}
		}
		return stallRetryer{retry.NewStandard()}
	}
	iamClient := iam.NewFromConfig(cfg, func(io *iam.Options) {
		io.APIOptions = append(io.APIOptions, apiOpts...)
		if endpoint != "" {
			// Set per client, after the SDK resolved AWS_ENDPOINT_URL_IAM,
			// so an explicit endpoint wins like the CLI's --endpoint-url.
			io.BaseEndpoint = aws.String(endpoint)
		}
	})
	stsClient := sts.NewFromConfig(cfg, func(so *sts.Options) {
		so.APIOptions = append(so.APIOptions, apiOpts...)
		if endpoint != "" {
			so.BaseEndpoint = aws.String(endpoint)
		}
	})
	// The Account Management and Access Analyzer clients share the call
	// log and the rate limiter, and, like IAM and STS, take an explicit
	// endpoint over AWS_ENDPOINT_URL_ACCOUNT / _ACCESSANALYZER.
	accountClient := account.NewFromConfig(cfg, func(ao *account.Options) {
		ao.APIOptions = append(ao.APIOptions, apiOpts...)
		if endpoint != "" {
			ao.BaseEndpoint = aws.String(endpoint)
		}
	})
	analyzerClient := accessanalyzer.NewFromConfig(cfg, func(ao *accessanalyzer.Options) {
		ao.APIOptions = append(ao.APIOptions, apiOpts...)
		if endpoint != "" {
			ao.BaseEndpoint = aws.String(endpoint)
		}
	})

	acct, err := callerIdentity(ctx, cfg, stsClient, endpoint)
	if err != nil {
		return nil, err
	}
	c := &collector{
		iam:      iamClient,
		account:  accountClient,
		analyzer: analyzerClient,
		orgs:     newOrganizationsClient(cfg, apiOpts, endpoint),
		opts:     o,
		snap: &audit.Snapshot{
			SchemaVersion: audit.SchemaVersion,
			ToolVersion:   o.ToolVersion,
			CollectedAt:   o.Now().UTC(),
			Account:       acct,
		},
	}
	o.Logger.DebugContext(ctx, "collecting evidence", "account", acct.ID, "partition", acct.Partition)

	// The summary comes first: its counts and quotas bound every listing.
	c.stage(audit.EvidenceAccountSummary, func() { c.accountSummary(ctx) })
	c.bounds = boundsFrom(c.snap.AccountSummary)

	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(o.Concurrency)
	// Each source records its own gaps and never returns an error, so one
	// failing source cannot cancel the others through gctx.
	for _, src := range []struct {
		ev  audit.Evidence
		run func(context.Context)
	}{
		{audit.EvidenceCredentialReport, c.credentialReport},
		{audit.EvidencePasswordPolicy, c.passwordPolicy},
		{audit.EvidenceVirtualMFADevices, c.virtualMFADevices},
		{audit.EvidenceAuthorization, c.authorization},
		{audit.EvidenceServerCertificates, c.serverCertificates},
		{audit.EvidenceIdentityProviders, c.identityProviders},
		{audit.EvidenceOrganizationsFeatures, c.organizationsFeatures},
		{audit.EvidenceContactInformation, c.contactInformation},
		{audit.EvidenceSecurityContact, c.securityContact},
		{audit.EvidenceOrganization, c.organization},
	} {
		g.Go(func() error { c.stage(src.ev, func() { src.run(gctx) }); return nil })
	}
	g.Go(func() error { c.stage(audit.EvidenceRegions, func() { c.regionsAndAnalyzers(gctx, g) }); return nil })
	_ = g.Wait()
	if ctx.Err() != nil {
		c.interrupted(context.Cause(ctx))
	}
	// The evidence is as of the end of the collection: a credential report
	// IAM generated while we waited, and a key used meanwhile, are not
	// "after the collection", and ages are never understated.
	c.snap.CollectedAt = o.Now().UTC()
	slices.SortStableFunc(c.snap.Gaps, func(a, b audit.Gap) int {
		return cmp.Or(cmp.Compare(a.Evidence, b.Evidence), cmp.Compare(a.Operation, b.Operation),
			cmp.Compare(a.Resource, b.Resource), cmp.Compare(a.Message, b.Message))
	})
	return c.snap, nil
}

// CodeInterrupted is the gap code of evidence not collected because the run
// was stopped (--timeout, an interrupt or termination signal).
const CodeInterrupted = "Interrupted"

// sourceOps names each evidence source's first API operation, for the gap
// of a source the run stopped before it finished.
var sourceOps = []struct {
	ev audit.Evidence
	op string
}{
	{audit.EvidenceCredentialReport, opGenerateReport},
	{audit.EvidenceAccountSummary, "GetAccountSummary"},
	{audit.EvidencePasswordPolicy, "GetAccountPasswordPolicy"},
	{audit.EvidenceVirtualMFADevices, "ListVirtualMFADevices"},
	{audit.EvidenceAuthorization, "GetAccountAuthorizationDetails"},
	{audit.EvidenceServerCertificates, "ListServerCertificates"},
	{audit.EvidenceRegions, "ListRegions"},
	{audit.EvidenceAccessAnalyzers, "ListAnalyzers"},
	{audit.EvidenceIdentityProviders, "ListSAMLProviders"},
	{audit.EvidenceOrganizationsFeatures, "ListOrganizationsFeatures"},
	{audit.EvidenceContactInformation, "GetContactInformation"},
	{audit.EvidenceSecurityContact, "GetAlternateContact"},
	{audit.EvidenceOrganization, "DescribeOrganization"},
}

// interrupted records why the run stopped early: the gaps of calls the
// stop cut short say so, and so does a gap for every source left
// uncollected without one.
func (c *collector) interrupted(cause error) {
	why := "the run was stopped before this was collected"
	if cause != nil {
		why += " (" + cause.Error() + ")"
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := range c.snap.Gaps {
		if g := &c.snap.Gaps[i]; g.Code == codeCanceled {
			g.Code = CodeInterrupted
			g.Message = strings.TrimSuffix(g.Message, canceledMessage) + why
		}
	}
	// A call skipped because the one it depends on was cut short was cut
	// short too.
	cut := map[string]bool{}
	for _, g := range c.snap.Gaps {
		if g.Code == CodeInterrupted {
			cut[g.Operation] = true
		}
	}
	for i := range c.snap.Gaps {
		g := &c.snap.Gaps[i]
		if dep, ok := dependsOn[g.Operation]; ok && g.Code == "" && cut[dep] {
			g.Code, g.Message = CodeInterrupted, why
		}
	}
	for _, s := range sourceOps {
		if !c.snap.Collected(s.ev) && len(c.snap.GapsFor(s.ev)) == 0 {
			c.snap.AddGap(audit.Gap{Evidence: s.ev, Operation: s.op, Code: CodeInterrupted, Message: why})
		}
	}
}

// dependsOn names, for a call made only after another succeeded, that other
// call: when it fails the dependent is "not attempted".
var dependsOn = map[string]string{
	"ListAnalyzers":               "ListRegions",
	"ListDelegatedAdministrators": "DescribeOrganization",
	"ListPolicies":                "DescribeOrganization",
}

// callerIdentity resolves credentials and asks STS who they belong to.
// Credentials are retrieved explicitly first: the SDK reports a missing
// credential chain as an opaque signing failure (often an IMDS error), and
// retrieving through the cache costs nothing extra for the calls that follow.
func callerIdentity(ctx context.Context, cfg aws.Config, client *sts.Client, endpoint string) (audit.Account, error) {
	if cfg.Credentials == nil || aws.IsCredentialsProvider(cfg.Credentials, (*aws.AnonymousCredentials)(nil)) {
		return audit.Account{}, &fatalError{kind: ErrNoCredentials, msg: "no AWS credentials found: " + credentialsHint}
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		if ctx.Err() != nil {
			return audit.Account{}, fmt.Errorf("the run stopped before the AWS credentials were resolved (%w)", context.Cause(ctx))
		}
		return audit.Account{}, classifyCredentialsError(err)
	}
	out, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		if ctx.Err() != nil {
			return audit.Account{}, fmt.Errorf("the run stopped before the caller identity was known (%w)", context.Cause(ctx))
		}
		return audit.Account{}, classifyCallerIdentityError(err, cfg.Region, endpoint)
	}
	arn := aws.ToString(out.Arn)
	acct := audit.Account{ID: aws.ToString(out.Account), Partition: partitionOf(arn), CallerARN: arn}
	if acct.ID == "" || acct.Partition == "" {
		return audit.Account{}, &fatalError{kind: ErrIdentity, msg: fmt.Sprintf("sts:GetCallerIdentity returned no usable identity (account %s, ARN %s): check --endpoint-url",
			textsafe.Quote(acct.ID, 100), textsafe.Quote(arn, 100))}
	}
	return acct, nil
}

// gap records err as missing evidence. region, when set, is the region a
// regional call was about; it prefixes the message, where the Access
// Analyzer rule looks for it.
func (c *collector) gap(ev audit.Evidence, op, region string, err error) {
	g := gapFromError(ev, op, err)
	if region != "" {
		g.Message = region + ": " + g.Message
	}
	c.recordGap(g)
}

// resourceGap records err as missing evidence about one resource (arn),
// so that only that resource's results name it.
func (c *collector) resourceGap(ev audit.Evidence, op, arn string, err error) {
	g := gapFromError(ev, op, err)
	g.Resource = arn
	c.recordGap(g)
}

// absentOrGap sorts the error of a call that reads one thing: the
// exception NotFound is AWS's answer that the thing does not exist, a known
// state recorded with absent (true); any other error is a gap in ev (false).
func absentOrGap[NotFound error](c *collector, err error, ev audit.Evidence, op string, absent func(s *audit.Snapshot)) bool {
	if isCode[NotFound](err) {
		c.set(absent)
		return true
	}
	c.gap(ev, op, "", err)
	return false
}

func (c *collector) set(fn func(s *audit.Snapshot)) {
	c.mu.Lock()
	fn(c.snap)
	c.mu.Unlock()
}

func (c *collector) accountSummary(ctx context.Context) {
	out, err := c.iam.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if err != nil {
		c.gap(audit.EvidenceAccountSummary, "GetAccountSummary", "", err)
		return
	}
	if ctx.Err() != nil {
		return
	}
	vals := make(map[string]int32, len(out.SummaryMap))
	for k, v := range out.SummaryMap {
		vals[k] = v
	}
	c.set(func(s *audit.Snapshot) { s.AccountSummary = &audit.AccountSummary{Values: vals} })
}

func (c *collector) passwordPolicy(ctx context.Context) {
	out, err := c.iam.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	if err != nil {
		// NoSuchEntity is an answer: no custom policy, IAM defaults apply.
		absentOrGap[*types.NoSuchEntityException](c, err, audit.EvidencePasswordPolicy, "GetAccountPasswordPolicy",
			func(s *audit.Snapshot) { s.PasswordPolicy = &audit.PasswordPolicy{Present: false} })
		return
	}
	pp := convertPasswordPolicy(out)
	c.set(func(s *audit.Snapshot) { s.PasswordPolicy = pp })
}

func (c *collector) virtualMFADevices(ctx context.Context) {
	devs := []audit.VirtualMFADevice{}
	p := iam.NewListVirtualMFADevicesPaginator(c.iam, &iam.ListVirtualMFADevicesInput{
		AssignmentStatus: types.AssignmentStatusTypeAny,
		MaxItems:         aws.Int32(maxPageSize),
	})
	err := listAll(ctx, c.bounds.virtualMFA, p.HasMorePages,
		nextPage(p.NextPage),
		func(page *iam.ListVirtualMFADevicesOutput) *string { return page.Marker },
		func(page *iam.ListVirtualMFADevicesOutput) int {
			return appendConverted(&devs, page.VirtualMFADevices, convertVirtualMFA)
		}, c.pageProgress(audit.EvidenceVirtualMFADevices, ""))
	if err != nil {
		c.gap(audit.EvidenceVirtualMFADevices, "ListVirtualMFADevices", "", err)
		return
	}
	c.set(func(s *audit.Snapshot) { s.VirtualMFADevices = &audit.VirtualMFADevices{Devices: devs} })
}

func (c *collector) serverCertificates(ctx context.Context) {
	certs := []audit.ServerCertificate{}
	p := iam.NewListServerCertificatesPaginator(c.iam, &iam.ListServerCertificatesInput{
		MaxItems: aws.Int32(maxPageSize),
	})
	err := listAll(ctx, c.bounds.serverCerts, p.HasMorePages,
		nextPage(p.NextPage),
		func(page *iam.ListServerCertificatesOutput) *string { return page.Marker },
		func(page *iam.ListServerCertificatesOutput) int {
			return appendConverted(&certs, page.ServerCertificateMetadataList, convertServerCert)
		}, c.pageProgress(audit.EvidenceServerCertificates, ""))
	if err != nil {
		c.gap(audit.EvidenceServerCertificates, "ListServerCertificates", "", err)
		return
	}
	c.set(func(s *audit.Snapshot) { s.ServerCertificates = &audit.ServerCertificates{Certificates: certs} })
}

// authorization pages through GetAccountAuthorizationDetails without the
// AWSManagedPolicy filter (which would pull ~1,400 policies nobody uses),
// then fetches only the AWS-managed policies something actually attaches.
// A failed page discards the whole source: a partial user list would let
// rules pass accounts on users they never saw.
//
// Emulators bend this: moto ignores the Filter and lists its whole
// AWS-managed catalog, and may leave PolicyVersionList out. AWS-managed
// policies listed anyway are used only if something attaches them and their
// default document came with them; a managed policy listed without its
// default document has that version fetched, since rules cannot judge a
// policy whose document they never saw.
func (c *collector) authorization(ctx context.Context) {
	ad := &audit.AuthorizationDetails{
		Users: []audit.User{}, Groups: []audit.Group{}, Roles: []audit.Role{}, Policies: []audit.ManagedPolicy{},
	}
	listedAWS := map[string]audit.ManagedPolicy{} // AWS-managed policies listed despite the filter
	p := iam.NewGetAccountAuthorizationDetailsPaginator(c.iam, &iam.GetAccountAuthorizationDetailsInput{
		Filter: []types.EntityType{
			types.EntityTypeUser, types.EntityTypeGroup, types.EntityTypeRole, types.EntityTypeLocalManagedPolicy,
		},
		MaxItems: aws.Int32(maxPageSize),
	})
	err := listAll(ctx, c.bounds.authorization, p.HasMorePages,
		nextPage(p.NextPage),
		func(page *iam.GetAccountAuthorizationDetailsOutput) *string { return page.Marker },
		func(page *iam.GetAccountAuthorizationDetailsOutput) int {
			for _, u := range page.UserDetailList {
				ad.Users = append(ad.Users, convertUser(u))
			}
			for _, g := range page.GroupDetailList {
				ad.Groups = append(ad.Groups, convertGroup(g))
			}
			for _, r := range page.RoleDetailList {
				ad.Roles = append(ad.Roles, convertRole(r))
			}
			for _, pol := range page.Policies {
				arn := aws.ToString(pol.Arn)
				if isAWSManagedARN(arn, c.snap.Account.Partition) {
					listedAWS[arn] = convertLocalPolicy(pol, true)
					continue
				}
				ad.Policies = append(ad.Policies, convertLocalPolicy(pol, false))
			}
			return len(page.UserDetailList) + len(page.GroupDetailList) + len(page.RoleDetailList) + len(page.Policies)
		}, c.pageProgress(audit.EvidenceAuthorization, ""))
	if err != nil {
		c.gap(audit.EvidenceAuthorization, "GetAccountAuthorizationDetails", "", err)
		return
	}
	for i := range ad.Policies {
		if ctx.Err() != nil {
			return
		}
		c.completeCustomerPolicy(ctx, &ad.Policies[i])
	}
	for _, arn := range awsManagedInUse(ad, c.snap.Account.Partition) {
		if ctx.Err() != nil {
			return
		}
		if mp, ok := listedAWS[arn]; ok {
			if _, has := mp.DefaultDocument(); has {
				ad.Policies = append(ad.Policies, mp)
				continue
			}
		}
		if mp, ok := c.awsManagedPolicy(ctx, arn); ok {
			ad.Policies = append(ad.Policies, mp)
		}
	}
	c.set(func(s *audit.Snapshot) { s.Authorization = ad })
}

// completeCustomerPolicy fetches the default version of a customer-managed
// policy that GetAccountAuthorizationDetails listed without it (AWS always
// sends PolicyVersionList; some emulators do not). A failure is a gap for
// that policy; the policy stays, without a document, so rules report it
// UNKNOWN rather than lose it.
func (c *collector) completeCustomerPolicy(ctx context.Context, p *audit.ManagedPolicy) {
	if _, ok := p.DefaultDocument(); ok {
		return
	}
	vid := p.DefaultVersionID
	if vid == "" {
		pol, err := c.iam.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(p.ARN)})
		if err != nil {
			c.resourceGap(audit.EvidenceAuthorization, "GetPolicy", p.ARN, err)
			return
		}
		if pol.Policy == nil || aws.ToString(pol.Policy.DefaultVersionId) == "" {
			c.resourceGap(audit.EvidenceAuthorization, "GetPolicy", p.ARN, errors.New("response has no default version id"))
			return
		}
		vid = aws.ToString(pol.Policy.DefaultVersionId)
		p.DefaultVersionID = vid
	}
	ver, err := c.iam.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(p.ARN), VersionId: aws.String(vid)})
	if err != nil {
		c.resourceGap(audit.EvidenceAuthorization, "GetPolicyVersion", p.ARN, err)
		return
	}
	if ver.PolicyVersion == nil {
		c.resourceGap(audit.EvidenceAuthorization, "GetPolicyVersion", p.ARN, errors.New("response has no policy version"))
		return
	}
	v := convertVersions([]types.PolicyVersion{*ver.PolicyVersion})[0]
	// Asked for by the default version id, so it is the default even if
	// the response leaves IsDefaultVersion unset.
	v.IsDefault = true
	// A listed version list without the default (truncated by an emulator)
	// is kept: rules read only the default.
	p.Versions = append(p.Versions, v)
}

// awsManagedInUse lists, sorted and without duplicates, the AWS-managed
// policy ARNs attached to any user, group or role, or set as a user's or
// role's permissions boundary, and not already present: a boundary limits
// what its principal can do, so judging effective permissions needs its
// document as much as an attached policy's.
func awsManagedInUse(ad *audit.AuthorizationDetails, partition string) []string {
	seen := map[string]bool{}
	for _, p := range ad.Policies {
		seen[p.ARN] = true
	}
	var out []string
	add := func(ps []audit.AttachedPolicy) {
		for _, p := range ps {
			if isAWSManagedARN(p.ARN, partition) && !seen[p.ARN] {
				seen[p.ARN] = true
				out = append(out, p.ARN)
			}
		}
	}
	boundary := func(arn string) {
		if arn != "" {
			add([]audit.AttachedPolicy{{ARN: arn}})
		}
	}
	for _, u := range ad.Users {
		add(u.AttachedPolicies)
		boundary(u.PermissionsBoundary)
	}
	for _, g := range ad.Groups {
		add(g.AttachedPolicies)
	}
	for _, r := range ad.Roles {
		add(r.AttachedPolicies)
		boundary(r.PermissionsBoundary)
	}
	slices.Sort(out)
	return out
}

// awsManagedPolicy fetches one AWS-managed policy and its default document.
// A failure is a gap for that policy alone; rules see it as not collected.
func (c *collector) awsManagedPolicy(ctx context.Context, arn string) (audit.ManagedPolicy, bool) {
	pol, err := c.iam.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(arn)})
	if err != nil {
		c.resourceGap(audit.EvidenceManagedPolicies, "GetPolicy", arn, err)
		return audit.ManagedPolicy{}, false
	}
	if pol.Policy == nil || aws.ToString(pol.Policy.DefaultVersionId) == "" {
		c.resourceGap(audit.EvidenceManagedPolicies, "GetPolicy", arn, errors.New("response has no default version id"))
		return audit.ManagedPolicy{}, false
	}
	ver, err := c.iam.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{
		PolicyArn: aws.String(arn), VersionId: pol.Policy.DefaultVersionId,
	})
	if err != nil {
		c.resourceGap(audit.EvidenceManagedPolicies, "GetPolicyVersion", arn, err)
		return audit.ManagedPolicy{}, false
	}
	if ver.PolicyVersion == nil {
		c.resourceGap(audit.EvidenceManagedPolicies, "GetPolicyVersion", arn, errors.New("response has no policy version"))
		return audit.ManagedPolicy{}, false
	}
	return convertAWSManaged(pol.Policy, ver.PolicyVersion), true
}
