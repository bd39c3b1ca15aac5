package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/audit/collect"
	"github.com/iamaudit/iamaudit/internal/shard"
	"github.com/iamaudit/iamaudit/internal/textsafe"
	"github.com/iamaudit/iamaudit/result"
	"github.com/iamaudit/iamaudit/rules"
	"github.com/spf13/cobra"
	"golang.org/x/sync/errgroup"
)

// orgOptions are scan's multi-account flags.
type orgOptions struct {
	org         bool
	accounts    string
	roleName    string
	roleARN     string
	externalID  string
	sessionName string
	parallel    int
	shard       string
}

// defaultRoleName is the role AWS Organizations creates in every account it creates.
const defaultRoleName = "OrganizationAccountAccessRole"

func (o *orgOptions) register(c *cobra.Command) {
	f := c.Flags()
	f.BoolVar(&o.org, "org", false, "audit every ACTIVE account of the caller's AWS Organization (organizations:ListAccounts; run from the management account or a delegated administrator)")
	f.StringVar(&o.accounts, "accounts", "", "audit these accounts: comma-separated 12-digit IDs, or @FILE with one ID per line ('#' starts a comment)")
	f.StringVar(&o.roleName, "role-name", defaultRoleName, "with --org or --accounts: the role assumed in each account other than the caller's")
	f.StringVar(&o.roleARN, "role-arn", "", "audit the one account of this role, assumed with the caller's credentials")
	f.StringVar(&o.externalID, "external-id", "", "the sts:ExternalId the audited roles' trust policies require")
	f.StringVar(&o.sessionName, "role-session-name", "iamaudit", "the session name of the assumed roles (shows in the audited accounts' CloudTrail)")
	f.IntVar(&o.parallel, "parallel", 4, "accounts audited at once (each with its own --requests-per-second and --concurrency)")
	f.StringVar(&o.shard, "shard", "", "audit only shard I of N of the accounts (I/N, I from 0; see README 'Organizations'), for one machine of several")
}

// active reports whether the run audits accounts other than the caller's.
func (o *orgOptions) active() bool { return o.org || o.accounts != "" || o.roleARN != "" }

var (
	accountIDPattern   = regexp.MustCompile(`^[0-9]{12}$`)
	roleNamePattern    = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	sessionNamePattern = regexp.MustCompile(`^[\w+=,.@-]{2,64}$`)
	externalIDPattern  = regexp.MustCompile(`^[\w+=,.@:/-]+$`)
)

// validate checks the flags before any AWS call.
func (o *orgOptions) validate(c *cobra.Command, from string) (*shard.Spec, error) {
	bad := func(format string, a ...any) (*shard.Spec, error) {
		return nil, withCode(exitError, fmt.Errorf(format, a...))
	}
	n := 0
	for _, set := range []bool{o.org, o.accounts != "", o.roleARN != ""} {
		if set {
			n++
		}
	}
	f := c.Flags()
	switch {
	case !o.active():
		for _, name := range []string{"role-name", "external-id", "role-session-name", "parallel", "shard"} {
			if f.Changed(name) {
				return bad("--%s needs --org, --accounts or --role-arn", name)
			}
		}
		return nil, nil
	case n > 1:
		return bad("--org, --accounts and --role-arn choose the accounts in different ways: give one")
	case from != "":
		return bad("--from evaluates one account's evidence file; it cannot be combined with --org, --accounts or --role-arn")
	case o.parallel < 1 || o.parallel > 256:
		return bad("--parallel must be between 1 and 256 (got %d)", o.parallel)
	case !roleNamePattern.MatchString(o.roleName):
		return bad("--role-name %s is not an IAM role name (1-64 of letters, digits and +=,.@_-)", textsafe.Quote(o.roleName, 80))
	case !sessionNamePattern.MatchString(o.sessionName):
		return bad("--role-session-name %s is not a session name (2-64 of letters, digits and +=,.@_-)", textsafe.Quote(o.sessionName, 80))
	case o.externalID != "" && (len(o.externalID) < 2 || len(o.externalID) > 1224 || !externalIDPattern.MatchString(o.externalID)):
		return bad("--external-id must be 2-1224 of letters, digits and +=,.@:/_-")
	case o.roleARN != "" && f.Changed("role-name"):
		return bad("--role-arn names the role already; drop --role-name")
	}
	if o.roleARN != "" {
		if _, err := roleAccount(o.roleARN); err != nil {
			return nil, withCode(exitError, err)
		}
	}
	if o.shard == "" {
		return nil, nil
	}
	s, err := shard.Parse(o.shard)
	if err != nil {
		return nil, withCode(exitError, fmt.Errorf("--shard: %w", err))
	}
	return &s, nil
}

// roleAccount returns the account of an IAM role ARN.
func roleAccount(s string) (string, error) {
	a, err := arn.Parse(s)
	if err != nil || a.Service != "iam" || !strings.HasPrefix(a.Resource, "role/") || !accountIDPattern.MatchString(a.AccountID) {
		return "", fmt.Errorf("--role-arn %s is not an IAM role ARN (arn:aws:iam::111122223333:role/NAME)", textsafe.Quote(s, 200))
	}
	return a.AccountID, nil
}

// parseAccountList reads --accounts: IDs separated by commas, or @FILE.
func parseAccountList(v string) ([]collect.OrgAccount, error) {
	text := v
	where := "--accounts"
	if name, ok := strings.CutPrefix(v, "@"); ok {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("--accounts: %w", err)
		}
		defer f.Close()
		var b strings.Builder
		sc := bufio.NewScanner(io.LimitReader(f, 16<<20))
		for sc.Scan() {
			line, _, _ := strings.Cut(sc.Text(), "#")
			b.WriteString(line + ",")
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("--accounts %s: %w", name, err)
		}
		text, where = b.String(), "--accounts "+name
	}
	var out []collect.OrgAccount
	seen := map[string]bool{}
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' }) {
		if !accountIDPattern.MatchString(f) {
			return nil, fmt.Errorf("%s: %s is not an AWS account ID (12 digits)", where, textsafe.Quote(f, 40))
		}
		if !seen[f] {
			seen[f] = true
			out = append(out, collect.OrgAccount{ID: f})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s lists no account", where)
	}
	return out, nil
}

// lowerGC lowers the GC target for the rest of a multi-account scan and
// returns the function that restores it. An organization's results live
// until the report is written: with the default GOGC of 100 the heap grows
// to twice them before each collection; 50 keeps the peak nearer the
// results at a little more GC work. An explicit GOGC wins.
func lowerGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(50)
	return func() { debug.SetGCPercent(old) }
}

// orgRun is what a multi-account scan produced.
type orgRun struct {
	results []result.Result
	meta    result.Meta
	// admins is each account's administrator inventory, in account
	// order; nil when no admin rule was selected.
	admins []result.AdminInventory
}

// scan audits every chosen account, --parallel at a time, each with its own
// collection (rate limiter, retries, concurrency). An account that cannot
// be audited gets UNKNOWN results with the reason; it never stops the
// others. Each account's snapshot is evaluated and dropped before the next
// is collected by the same worker, so memory holds at most --parallel
// snapshots and the results.
func (o *orgOptions) scan(ctx context.Context, g *globalOptions, a *awsOptions, sh *shard.Spec,
	selected []rules.Rule, cfg rules.Config, framework string, stderr io.Writer) (*orgRun, error) {
	opts, err := a.collectOptions(ctx, g, stderr)
	if err != nil {
		return nil, err
	}
	var accounts []collect.OrgAccount
	if o.accounts != "" {
		if accounts, err = parseAccountList(o.accounts); err != nil {
			return nil, withCode(exitError, err)
		}
	}
	ctx, cancel := a.runContext(ctx)
	defer cancel()
	awsCfg, err := collect.LoadAWSConfig(ctx, opts)
	if err != nil {
		return nil, withCode(exitError, err)
	}
	caller := collect.NewCaller(awsCfg, opts)
	callerID, callerARN, err := caller.Identity(ctx, awsCfg.Region)
	if err != nil {
		return nil, withCode(exitError, err)
	}
	partition := "aws"
	if p, err := arn.Parse(callerARN); err == nil {
		partition = p.Partition
	}
	switch {
	case o.org:
		if accounts, err = caller.ListActiveAccounts(ctx); err != nil {
			return nil, withCode(exitError, err)
		}
		if len(accounts) == 0 {
			return nil, withCode(exitError, errors.New("organizations:ListAccounts returned no ACTIVE account"))
		}
	case o.roleARN != "":
		id, _ := roleAccount(o.roleARN)
		accounts = []collect.OrgAccount{{ID: id}}
	}
	slices.SortFunc(accounts, func(x, y collect.OrgAccount) int { return strings.Compare(x.ID, y.ID) })
	if sh != nil {
		ids := make([]string, len(accounts))
		for i, acc := range accounts {
			ids[i] = acc.ID
		}
		keep := map[string]bool{}
		for _, id := range sh.Filter(ids) {
			keep[id] = true
		}
		accounts = slices.DeleteFunc(accounts, func(acc collect.OrgAccount) bool { return !keep[acc.ID] })
	}

	run := &orgRun{meta: result.Meta{
		ToolVersion: toolVersion(), AccountID: callerID, Partition: partition, CallerARN: callerARN,
		CollectedAt: clockFrom(ctx)().UTC(), Framework: framework, Accounts: []result.Account{},
	}}
	if sh != nil {
		run.meta.Shard = sh.String()
	}
	var mu sync.Mutex
	var eg errgroup.Group
	eg.SetLimit(o.parallel)
	summaries := make([]result.Account, len(accounts))
	// Each account's results stay in their own slice until all are in, then
	// are joined into one slice of exactly their size, each account's slice
	// dropped as it is copied: never two full copies at once, and no
	// doubling growth of one big slice.
	perAccount := make([][]result.Result, len(accounts))
	admins := make([]*result.AdminInventory, len(accounts))
	for i, acc := range accounts {
		eg.Go(func() error {
			res, summary, gaps, inv := o.auditAccount(ctx, caller, awsCfg, opts, acc, callerID, partition, selected, cfg)
			mu.Lock()
			defer mu.Unlock()
			summaries[i] = summary
			perAccount[i] = res
			admins[i] = inv
			for _, gp := range gaps {
				run.meta.EvidenceGaps = append(run.meta.EvidenceGaps, acc.ID+": "+gp)
			}
			if summary.Error != "" {
				fmt.Fprintf(stderr, "warning: account %s not audited: %s\n", acc.ID, textsafe.Short(summary.Error, 300))
			}
			for _, gp := range gaps {
				fmt.Fprintf(stderr, "warning: account %s: evidence %s\n", acc.ID, textsafe.Short(gp, 300))
			}
			return nil
		})
	}
	_ = eg.Wait() // workers report failures as results, never as errors
	total := 0
	for _, rs := range perAccount {
		total += len(rs)
	}
	run.results = make([]result.Result, 0, total)
	for i := range perAccount {
		run.results = append(run.results, perAccount[i]...)
		perAccount[i] = nil
	}
	run.meta.Accounts = summaries
	if rules.AdminRulesSelected(selected) {
		run.admins = make([]result.AdminInventory, 0, len(admins))
		for _, inv := range admins {
			if inv != nil {
				run.admins = append(run.admins, *inv)
			}
		}
	}
	slices.Sort(run.meta.EvidenceGaps)
	if ctx.Err() != nil {
		fmt.Fprintf(stderr, "warning: collection stopped early (%s); the report covers what was collected and is incomplete\n",
			textsafe.Short(context.Cause(ctx).Error(), 200))
	}
	return run, nil
}

// auditAccount collects, evaluates and drops one account's evidence.
func (o *orgOptions) auditAccount(ctx context.Context, caller *collect.Caller, awsCfg aws.Config, opts collect.Options,
	acc collect.OrgAccount, callerID, partition string, selected []rules.Rule, cfg rules.Config) ([]result.Result, result.Account, []string, *result.AdminInventory) {
	summary := result.Account{ID: acc.ID, Name: acc.Name}
	fail := func(reason string) ([]result.Result, result.Account, []string, *result.AdminInventory) {
		summary.Error = reason
		res := rules.Unaudited(acc.ID, selected, reason)
		for i := range res {
			res[i].AccountName = acc.Name
		}
		var inv *result.AdminInventory
		if rules.AdminRulesSelected(selected) {
			inv = &result.AdminInventory{AccountID: acc.ID, AccountName: acc.Name, Principals: []result.AdminEntry{},
				Unknown: "the account was not audited: " + reason}
		}
		return res, summary, nil, inv
	}
	acfg := awsCfg
	if acc.ID != callerID {
		roleARN := o.roleARN
		if roleARN == "" {
			roleARN = "arn:" + partition + ":iam::" + acc.ID + ":role/" + o.roleName
		}
		acfg = caller.AssumeRoleConfig(awsCfg, roleARN, o.externalID, o.sessionName)
	}
	snap, err := collect.Collect(ctx, acfg, opts)
	if err != nil {
		return fail(err.Error())
	}
	if err := snap.IdentityError(); err != nil {
		return fail("the caller identity cannot be audited: " + err.Error())
	}
	if snap.Account.ID != acc.ID {
		return fail(fmt.Sprintf("the credentials for account %s are account %s's", acc.ID, textsafe.Short(snap.Account.ID, 20)))
	}
	// Evaluate's slice is its own and of its exact size: the account's
	// results as they are, no copy.
	res, inv := rules.EvaluateWithAdmins(snap, selected, cfg)
	for i := range res {
		res[i].AccountName = acc.Name
	}
	if inv != nil {
		inv.AccountName = acc.Name
	}
	gaps := snapshotGaps(snap, cfg)
	summary.EvidenceGaps = len(snap.Gaps)
	return res, summary, gaps, inv
}

// snapshotGaps is what metaOf lists as a run's evidence gaps, for one account.
func snapshotGaps(s *audit.Snapshot, cfg rules.Config) []string {
	m := metaOf(s, "", cfg)
	return m.EvidenceGaps
}
