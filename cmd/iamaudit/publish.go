package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	shtypes "github.com/aws/aws-sdk-go-v2/service/securityhub/types"
	"github.com/spf13/cobra"

	"github.com/iamaudit/iamaudit/audit/collect"
	"github.com/iamaudit/iamaudit/internal/textsafe"
	"github.com/iamaudit/iamaudit/report"
)

// securityHubBatch is BatchImportFindings' per-call limit.
const securityHubBatch = 100

type publishOptions struct {
	profile     string
	region      string
	endpointURL string
	maxAttempts int
}

func newPublishCmd(g *globalOptions, stdout, stderr io.Writer) *cobra.Command {
	pub := &cobra.Command{
		Use:   "publish",
		Short: "Send a saved report to a service (writes to AWS; never part of scan)",
		Args:  cobra.NoArgs,
	}
	o := &publishOptions{}
	sh := &cobra.Command{
		Use:   "securityhub REPORT.json",
		Short: "Import a JSON report's findings into AWS Security Hub (BatchImportFindings)",
		Long: `publish securityhub reads a JSON report written by 'iamaudit scan -o report.json'
and imports one ASFF finding per result (PASS included, so fixed findings turn
PASSED) into Security Hub in --region, in calls of at most 100 findings, the
API's limit. Throttled calls are retried with backoff (--max-attempts).

This is the only iamaudit command that writes to AWS. It needs the
securityhub:BatchImportFindings permission in the audited account (the
findings use the account's default product ARN, so the caller's account must
be the report's account), and Security Hub enabled in the region. 'scan' never
calls it.`,
		Example: `  iamaudit scan -o report.json && iamaudit publish securityhub report.json --region eu-west-1`,
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return o.run(c.Context(), g, args[0], stdout, stderr)
		},
	}
	f := sh.Flags()
	f.StringVar(&o.profile, "profile", "", "AWS shared-config profile (default: AWS_PROFILE or the default chain)")
	f.StringVar(&o.region, "region", "", "Security Hub region to import into (required)")
	f.StringVar(&o.endpointURL, "endpoint-url", "", "override the Security Hub endpoint URL (AWS_ENDPOINT_URL_SECURITYHUB also works)")
	f.IntVar(&o.maxAttempts, "max-attempts", 5, "attempts per BatchImportFindings call, including retries of throttled calls")
	pub.AddCommand(sh)
	return pub
}

func (o *publishOptions) run(ctx context.Context, g *globalOptions, path string, stdout, stderr io.Writer) error {
	if o.region == "" {
		return withCode(exitError, errors.New("--region is required: the Security Hub region to import into"))
	}
	if o.maxAttempts < 1 {
		return withCode(exitError, fmt.Errorf("--max-attempts must be at least 1 (got %d)", o.maxAttempts))
	}
	rep, err := readReport(path)
	if err != nil {
		return withCode(exitError, err)
	}
	findings, err := report.ASFFFindings(rep, o.region)
	if err != nil {
		return withCode(exitError, fmt.Errorf("%s: cannot make Security Hub findings: %w", path, err))
	}
	log, err := g.logger(stderr)
	if err != nil {
		return err
	}
	cfg, err := collect.LoadAWSConfig(ctx, collect.Options{
		Profile: o.profile, Region: o.region, EndpointURL: o.endpointURL, MaxAttempts: o.maxAttempts, Logger: log,
	})
	if err != nil {
		return withCode(exitError, err)
	}
	client := securityhub.NewFromConfig(cfg, func(so *securityhub.Options) {
		if o.endpointURL != "" {
			so.BaseEndpoint = aws.String(o.endpointURL)
		}
	})
	imported, failed, calls, err := importFindings(ctx, client, findings)
	fmt.Fprintf(stdout, "Security Hub %s: imported %d of %d findings in %d call(s)\n", o.region, imported, len(findings), calls)
	for i, f := range failed {
		if i == 10 {
			fmt.Fprintf(stderr, "... and %d more\n", len(failed)-i)
			break
		}
		// The endpoint chose these strings: clean them for the terminal.
		fmt.Fprintf(stderr, "not imported: %s: %s: %s\n", textsafe.Clean(aws.ToString(f.Id)),
			textsafe.Clean(aws.ToString(f.ErrorCode)), textsafe.Clean(aws.ToString(f.ErrorMessage)))
	}
	if err != nil {
		return withCode(exitError, fmt.Errorf("import into Security Hub stopped after %d of %d findings: %w", imported, len(findings), err))
	}
	if len(failed) > 0 {
		return withCode(exitError, fmt.Errorf("Security Hub refused %d of %d findings (listed above)", len(failed), len(findings)))
	}
	return nil
}

// findingImporter is the one Security Hub call publish makes.
type findingImporter interface {
	BatchImportFindings(context.Context, *securityhub.BatchImportFindingsInput, ...func(*securityhub.Options)) (*securityhub.BatchImportFindingsOutput, error)
}

// importFindings sends findings in chunks of securityHubBatch. The SDK's
// retryer retries throttled and failed calls; a call that still fails stops
// the import (Security Hub disabled or access denied would fail every
// chunk alike). Findings Security Hub refuses one by one are returned.
func importFindings(ctx context.Context, c findingImporter, findings []shtypes.AwsSecurityFinding) (imported int, failed []shtypes.ImportFindingsError, calls int, err error) {
	for start := 0; start < len(findings); start += securityHubBatch {
		chunk := findings[start:min(start+securityHubBatch, len(findings))]
		calls++
		out, err := c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: chunk})
		if err != nil {
			return imported, failed, calls, err
		}
		imported += int(aws.ToInt32(out.SuccessCount))
		failed = append(failed, out.FailedFindings...)
	}
	return imported, failed, calls, nil
}

// readReport reads a JSON report file ("-" is stdin).
func readReport(path string) (*report.Report, error) {
	r, err := readInput(path, os.Stdin)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	rep, err := report.ReadJSON(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rep, nil
}
