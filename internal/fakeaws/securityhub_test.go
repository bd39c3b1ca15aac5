package fakeaws

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	shtypes "github.com/aws/aws-sdk-go-v2/service/securityhub/types"
	"github.com/aws/smithy-go"
)

func securityHubClient(t *testing.T, acct *Account, region string) (*Server, *securityhub.Client) {
	t.Helper()
	srv, cfg := serveForTest(t, acct, region)
	return srv, securityhub.NewFromConfig(cfg, func(o *securityhub.Options) { o.BaseEndpoint = aws.String(srv.URL()) })
}

// shFindingFor is a valid finding for the small fixture's account in region.
func shFindingFor(region string, i int) shtypes.AwsSecurityFinding {
	return shtypes.AwsSecurityFinding{
		SchemaVersion: aws.String("2018-10-08"),
		Id:            aws.String(fmt.Sprintf("finding-%03d", i)),
		ProductArn:    aws.String("arn:aws:securityhub:" + region + ":123456789012:product/123456789012/default"),
		GeneratorId:   aws.String("iamaudit/IAM-ROOT-MFA"),
		AwsAccountId:  aws.String("123456789012"),
		CreatedAt:     aws.String("2026-11-01T12:00:00Z"),
		UpdatedAt:     aws.String("2026-11-01T12:00:00Z"),
		Title:         aws.String("Root user has MFA enabled"),
		Description:   aws.String("root has no MFA device"),
		FindingProviderFields: &shtypes.FindingProviderFields{
			Severity: &shtypes.FindingProviderSeverity{Label: shtypes.SeverityLabelCritical},
			Types:    []string{"Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark"},
		},
		Resources: []shtypes.Resource{{Type: aws.String("AwsAccount"), Id: aws.String("AWS::::Account:123456789012")}},
	}
}

func TestBatchImportFindings(t *testing.T) {
	srv, c := securityHubClient(t, loadSmall(t), "eu-west-1")
	var batch []shtypes.AwsSecurityFinding
	for i := range 100 {
		batch = append(batch, shFindingFor("eu-west-1", i))
	}
	// Invalid findings fail alone, the rest import.
	noSeverity := shFindingFor("eu-west-1", 100)
	noSeverity.FindingProviderFields.Severity = nil
	otherAccount := shFindingFor("eu-west-1", 101)
	otherAccount.AwsAccountId = aws.String("210987654321")
	otherRegion := shFindingFor("us-east-1", 102)
	longTitle := shFindingFor("eu-west-1", 103)
	longTitle.Title = aws.String(strings.Repeat("t", 257))
	topLevelOnly := shFindingFor("eu-west-1", 104)
	topLevelOnly.FindingProviderFields = nil
	topLevelOnly.Severity = &shtypes.Severity{Label: shtypes.SeverityLabelLow}
	topLevelOnly.Types = []string{"Software and Configuration Checks"}

	out, err := c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{
		Findings: append(batch[:95:95], noSeverity, otherAccount, otherRegion, longTitle, topLevelOnly),
	})
	if err != nil {
		t.Fatal(err)
	}
	var failed []string
	for _, f := range out.FailedFindings {
		failed = append(failed, aws.ToString(f.Id)+" "+aws.ToString(f.ErrorCode))
	}
	if got, want := strings.Join(failed, ", "), "finding-100 InvalidInput, finding-101 AccessDenied, finding-102 AccessDenied, finding-103 InvalidInput"; got != want {
		t.Errorf("failed findings: %s, want %s", got, want)
	}
	if aws.ToInt32(out.SuccessCount) != 96 || aws.ToInt32(out.FailedCount) != 4 {
		t.Errorf("SuccessCount %d, FailedCount %d, want 96 and 4", aws.ToInt32(out.SuccessCount), aws.ToInt32(out.FailedCount))
	}
	if n := len(srv.SecurityHubFindings("eu-west-1")); n != 96 {
		t.Errorf("%d findings stored, want 96", n)
	}

	// 101 findings are refused as a whole.
	_, err = c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{
		Findings: append(batch[:100:100], shFindingFor("eu-west-1", 200)),
	})
	var ae smithy.APIError
	var invalid *shtypes.InvalidInputException
	if !errors.As(err, &invalid) || !errors.As(err, &ae) || ae.ErrorCode() != "InvalidInputException" {
		t.Fatalf("101 findings: err = %v, want InvalidInputException", err)
	}
	// Re-importing an Id updates it rather than adding one.
	if _, err := c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: batch[:100]}); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.SecurityHubFindings("eu-west-1")); n != 101 {
		t.Errorf("%d findings stored after re-import, want 101 (96 + finding-095..099 + the top-level one)", n)
	}
	if got := srv.Calls()["BatchImportFindings"]; got != 3 {
		t.Errorf("%d calls counted, want 3", got)
	}
}

func TestBatchImportFindingsFaults(t *testing.T) {
	acct := loadSmall(t)
	acct.Faults = append(acct.Faults, Fault{Action: "BatchImportFindings", Code: "LimitExceededException", Status: 429})
	_, c := securityHubClient(t, acct, "eu-west-1")
	_, err := c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: []shtypes.AwsSecurityFinding{shFindingFor("eu-west-1", 1)}})
	wantTyped[*shtypes.LimitExceededException](t, "limit exceeded", err, 0)
}
