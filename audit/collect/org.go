package collect

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	"github.com/iamaudit/iamaudit/internal/textsafe"
)

// OrgAccount is one account of an AWS Organization.
type OrgAccount struct {
	ID   string
	Name string
}

// Caller is the auditing principal's side of a multi-account run: it lists
// the organization's accounts and assumes the audit role in each, through
// one rate limiter shared by those calls (they all hit the caller's account).
type Caller struct {
	orgs     *organizations.Client
	sts      *sts.Client
	endpoint string
}

// NewCaller builds the caller's Organizations and STS clients from cfg
// (LoadAWSConfig's), with opts' endpoint, retries, call log and rate limit.
func NewCaller(cfg aws.Config, opts Options) *Caller {
	o := opts.withDefaults()
	apiOpts := []func(*middleware.Stack) error{addCallLog(o.Logger)}
	if l := newRateLimiter(o.RequestsPerSecond); l != nil {
		apiOpts = append(apiOpts, addRateLimit(l))
	}
	endpoint := o.EndpointURL
	return &Caller{
		endpoint: endpoint,
		orgs: organizations.NewFromConfig(cfg, func(oo *organizations.Options) {
			oo.APIOptions = append(oo.APIOptions, apiOpts...)
			if endpoint != "" {
				oo.BaseEndpoint = aws.String(endpoint)
			}
		}),
		sts: sts.NewFromConfig(cfg, func(so *sts.Options) {
			so.APIOptions = append(so.APIOptions, apiOpts...)
			if endpoint != "" {
				so.BaseEndpoint = aws.String(endpoint)
			}
		}),
	}
}

// Identity returns the caller's account ID and ARN (sts:GetCallerIdentity).
func (c *Caller) Identity(ctx context.Context, region string) (accountID, arn string, err error) {
	out, err := c.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", "", classifyCallerIdentityError(err, region, c.endpoint)
	}
	return aws.ToString(out.Account), aws.ToString(out.Arn), nil
}

// ListActiveAccounts lists the organization's ACTIVE accounts
// (organizations:ListAccounts, every page). An account's state is read from
// State, and from the deprecated Status when an endpoint sends only that;
// an account whose state is unknown is left out, since a suspended or
// closed account has no IAM to audit.
func (c *Caller) ListActiveAccounts(ctx context.Context) ([]OrgAccount, error) {
	var out []OrgAccount
	p := organizations.NewListAccountsPaginator(c.orgs, &organizations.ListAccountsInput{})
	seen := map[string]bool{}
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, orgListError(err)
		}
		for _, a := range page.Accounts {
			if !accountActive(a) {
				continue
			}
			id := aws.ToString(a.Id)
			if seen[id] {
				continue
			}
			seen[id] = true
			out = append(out, OrgAccount{ID: id, Name: aws.ToString(a.Name)})
		}
	}
	return out, nil
}

func accountActive(a orgtypes.Account) bool {
	if a.State != "" {
		return a.State == orgtypes.AccountStateActive
	}
	return a.Status == orgtypes.AccountStatusActive //nolint:staticcheck // older endpoints send only Status
}

// orgListError says in one sentence why the organization could not be listed.
func orgListError(err error) error {
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "AWSOrganizationsNotInUseException":
			return fmt.Errorf("organizations:ListAccounts: the caller's account belongs to no AWS Organization; list accounts with --accounts instead: %w", err)
		case "AccessDeniedException":
			return fmt.Errorf("organizations:ListAccounts was denied: run --org from the management account or a delegated administrator, with organizations:ListAccounts allowed (%s)", textsafe.Short(api.ErrorMessage(), 200))
		}
	}
	return fmt.Errorf("organizations:ListAccounts: %s", textsafe.Short(err.Error(), 400))
}

// AssumeRoleConfig returns cfg with the credentials of roleARN, assumed
// through the caller's STS client and cached until shortly before they
// expire, so long collections refresh them.
func (c *Caller) AssumeRoleConfig(cfg aws.Config, roleARN, externalID, sessionName string) aws.Config {
	p := stscreds.NewAssumeRoleProvider(c.sts, roleARN, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = sessionName
		if externalID != "" {
			o.ExternalID = aws.String(externalID)
		}
	})
	cfg = cfg.Copy()
	cfg.Credentials = aws.NewCredentialsCache(p)
	return cfg
}
