package fakeaws

import (
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"
)

func TestAccountSummary(t *testing.T) {
	_, ic, _ := clients(t, loadSmall(t))
	out, err := ic.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int32{
		"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 1, "AccountPasswordPresent": 1,
		"AccountSigningCertificatesPresent": 0, "Users": 12, "Groups": 4, "Roles": 5, "Policies": 4,
		"MFADevicesInUse": 7, "MFADevices": 8, "ServerCertificates": 3, "UsersQuota": 5000,
		"AccessKeysPerUserQuota": 2, "InstanceProfiles": 1,
	}
	for k, v := range want {
		if got, ok := out.SummaryMap[k]; !ok || got != v {
			t.Errorf("SummaryMap[%s] = %d (present %v), want %d", k, got, ok, v)
		}
	}
}

func TestPasswordPolicy(t *testing.T) {
	_, ic, _ := clients(t, loadSmall(t))
	out, err := ic.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	if err != nil {
		t.Fatal(err)
	}
	p := out.PasswordPolicy
	if aws.ToInt32(p.MinimumPasswordLength) != 8 || p.RequireSymbols || !p.RequireNumbers || p.RequireUppercaseCharacters ||
		!p.RequireLowercaseCharacters || !p.AllowUsersToChangePassword || !p.ExpirePasswords ||
		aws.ToInt32(p.MaxPasswordAge) != 180 || aws.ToInt32(p.PasswordReusePrevention) != 5 || p.HardExpiry != nil {
		t.Fatalf("unexpected policy %+v", p)
	}
}

func TestPasswordPolicyAbsentAndUnset(t *testing.T) {
	a := &Account{AccountID: "123456789012"}
	_, ic, _ := clients(t, a)
	_, err := ic.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	wantTyped[*types.NoSuchEntityException](t, "no password policy", err, 404)

	a2 := &Account{AccountID: "123456789012", PasswordPolicy: &PasswordPolicy{MinimumPasswordLength: 14}}
	_, ic2, _ := clients(t, a2)
	out, err := ic2.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	if err != nil {
		t.Fatal(err)
	}
	p := out.PasswordPolicy
	if p.ExpirePasswords || p.MaxPasswordAge != nil || p.PasswordReusePrevention != nil || p.HardExpiry != nil {
		t.Fatalf("unset fields must be omitted: %+v", p)
	}
}

func assertHTTPStatus(t *testing.T, err error, status int) {
	t.Helper()
	var re interface{ HTTPStatusCode() int }
	if !errors.As(err, &re) {
		t.Fatalf("no HTTP status in %v", err)
	}
	if re.HTTPStatusCode() != status {
		t.Fatalf("HTTP status %d, want %d (%v)", re.HTTPStatusCode(), status, err)
	}
}

func TestVirtualMFADevices(t *testing.T) {
	_, ic, _ := clients(t, loadSmall(t))
	cases := []struct {
		status types.AssignmentStatusType
		want   []string
	}{
		{"", []string{"root-account-mfa-device", "alice", "frank", "grace", "judy", "oscar", "old-phone"}},
		{types.AssignmentStatusTypeAssigned, []string{"root-account-mfa-device", "alice", "frank", "grace", "judy", "oscar"}},
		{types.AssignmentStatusTypeUnassigned, []string{"old-phone"}},
	}
	for _, c := range cases {
		var got []string
		p := iam.NewListVirtualMFADevicesPaginator(ic, &iam.ListVirtualMFADevicesInput{AssignmentStatus: c.status, MaxItems: aws.Int32(2)})
		pages := allPages(t, p.HasMorePages, p.NextPage)
		for _, out := range pages {
			for _, d := range out.VirtualMFADevices {
				s := aws.ToString(d.SerialNumber)
				got = append(got, s[strings.LastIndex(s, "/")+1:])
				if s == "arn:aws:iam::123456789012:mfa/root-account-mfa-device" {
					if d.User == nil || aws.ToString(d.User.Arn) != "arn:aws:iam::123456789012:root" ||
						!aws.ToTime(d.EnableDate).Equal(time.Date(2018, 3, 14, 10, 2, 0, 0, time.UTC)) {
						t.Errorf("root device %+v", d.User)
					}
				}
				if s == "arn:aws:iam::123456789012:mfa/old-phone" && (d.User != nil || d.EnableDate != nil) {
					t.Errorf("unassigned device has a user")
				}
				if s == "arn:aws:iam::123456789012:mfa/alice" && (d.User == nil || aws.ToString(d.User.UserName) != "alice" ||
					aws.ToString(d.User.Arn) != "arn:aws:iam::123456789012:user/alice") {
					t.Errorf("alice's device %+v", d.User)
				}
			}
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("status %q: got %v want %v", c.status, got, c.want)
		}
		if wantPages := (len(c.want) + 1) / 2; len(pages) != wantPages {
			t.Errorf("status %q: %d pages, want %d", c.status, len(pages), wantPages)
		}
	}
}

func TestServerCertificates(t *testing.T) {
	_, ic, _ := clients(t, loadSmall(t))
	out, err := ic.ListServerCertificates(ctx, &iam.ListServerCertificatesInput{MaxItems: aws.Int32(2)})
	if err != nil {
		t.Fatal(err)
	}
	if !out.IsTruncated || out.Marker == nil || len(out.ServerCertificateMetadataList) != 2 {
		t.Fatalf("first page: truncated=%v marker=%v n=%d", out.IsTruncated, out.Marker, len(out.ServerCertificateMetadataList))
	}
	c := out.ServerCertificateMetadataList[1]
	if aws.ToString(c.ServerCertificateName) != "api-2026" || aws.ToString(c.Path) != "/cloudfront/" ||
		aws.ToString(c.Arn) != "arn:aws:iam::123456789012:server-certificate/cloudfront/api-2026" ||
		!aws.ToTime(c.Expiration).Equal(time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)) ||
		!aws.ToTime(c.UploadDate).Equal(time.Date(2025, 11, 21, 0, 0, 0, 0, time.UTC)) || aws.ToString(c.ServerCertificateId) == "" {
		t.Fatalf("cert %+v", c)
	}
	out2, err := ic.ListServerCertificates(ctx, &iam.ListServerCertificatesInput{MaxItems: aws.Int32(2), Marker: out.Marker})
	if err != nil {
		t.Fatal(err)
	}
	if out2.IsTruncated || out2.Marker != nil || len(out2.ServerCertificateMetadataList) != 1 ||
		aws.ToString(out2.ServerCertificateMetadataList[0].ServerCertificateName) != "internal-2027" {
		t.Fatalf("second page %+v", out2)
	}
}

func TestPagingErrors(t *testing.T) {
	_, ic, _ := clients(t, loadSmall(t))
	for _, n := range []int32{0, 1001} {
		_, err := ic.ListServerCertificates(ctx, &iam.ListServerCertificatesInput{MaxItems: aws.Int32(n)})
		assertCode(t, err, "ValidationError", 400)
	}
	_, err := ic.ListServerCertificates(ctx, &iam.ListServerCertificatesInput{Marker: aws.String("bogus")})
	assertCode(t, err, "ValidationError", 400)
	// A marker issued by another operation is not valid here.
	out, err := ic.ListVirtualMFADevices(ctx, &iam.ListVirtualMFADevicesInput{MaxItems: aws.Int32(1)})
	if err != nil || out.Marker == nil {
		t.Fatalf("%v %v", err, out)
	}
	_, err = ic.ListServerCertificates(ctx, &iam.ListServerCertificatesInput{Marker: out.Marker})
	assertCode(t, err, "ValidationError", 400)
}

// wantTyped returns err as the SDK's typed exception T, stopping the test
// when it is not one; status, unless 0, is the HTTP status it must carry.
func wantTyped[T error](t *testing.T, what string, err error, status int) T {
	t.Helper()
	var e T
	if !errors.As(err, &e) {
		t.Fatalf("%s: err = %v, want %T", what, err, e)
	}
	if status != 0 {
		assertHTTPStatus(t, err, status)
	}
	return e
}

// wantGenerate calls GenerateCredentialReport and stops the test unless it
// answers state.
func wantGenerate(t *testing.T, ic *iam.Client, what string, state types.ReportStateType) {
	t.Helper()
	g, err := ic.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
	if err != nil || g.State != state {
		t.Fatalf("%s: %v %v, want %s", what, g, err, state)
	}
}

// isTyped reports whether err is (or wraps) the SDK's typed exception T.
func isTyped[T error](err error) bool {
	var e T
	return errors.As(err, &e)
}

func assertCode(t *testing.T, err error, code string, status int) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("want API error %s, got %v", code, err)
	}
	if ae.ErrorCode() != code {
		t.Fatalf("code %s, want %s (%v)", ae.ErrorCode(), code, err)
	}
	assertHTTPStatus(t, err, status)
}

func TestGetPolicyAndVersion(t *testing.T) {
	_, ic, _ := clients(t, loadSmall(t))
	arn := "arn:aws:iam::123456789012:policy/DeployPolicy"
	out, err := ic.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(arn)})
	if err != nil {
		t.Fatal(err)
	}
	p := out.Policy
	if aws.ToString(p.PolicyName) != "DeployPolicy" || aws.ToString(p.DefaultVersionId) != "v2" ||
		aws.ToInt32(p.AttachmentCount) != 1 || !p.IsAttachable || aws.ToString(p.Path) != "/" ||
		!aws.ToTime(p.UpdateDate).Equal(time.Date(2024, 2, 1, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("policy %+v", p)
	}
	v, err := ic.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(arn), VersionId: aws.String("v1")})
	if err != nil {
		t.Fatal(err)
	}
	if v.PolicyVersion.IsDefaultVersion || aws.ToString(v.PolicyVersion.VersionId) != "v1" ||
		decodeDoc(t, aws.ToString(v.PolicyVersion.Document)) != `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*:*","Resource":"*"}]}` {
		t.Fatalf("version %+v %s", v.PolicyVersion, aws.ToString(v.PolicyVersion.Document))
	}
	if strings.ContainsAny(aws.ToString(v.PolicyVersion.Document), `{}":+ `) {
		t.Fatalf("document not RFC 3986 encoded: %s", aws.ToString(v.PolicyVersion.Document))
	}

	admin := "arn:aws:iam::aws:policy/AdministratorAccess"
	out, err = ic.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(admin)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Policy.DefaultVersionId) != "v1" || aws.ToInt32(out.Policy.AttachmentCount) != 1 ||
		aws.ToString(out.Policy.PolicyId) != "ANPAIWMBCKSKIEE64ZLYK" {
		t.Fatalf("admin %+v", out.Policy)
	}
	v, err = ic.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(admin), VersionId: aws.String("v1")})
	if err != nil {
		t.Fatal(err)
	}
	if !v.PolicyVersion.IsDefaultVersion || !strings.Contains(decodeDoc(t, aws.ToString(v.PolicyVersion.Document)), `"Action": "*"`) {
		t.Fatalf("admin doc %s", aws.ToString(v.PolicyVersion.Document))
	}

	_, err = ic.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String("arn:aws:iam::123456789012:policy/Nope")})
	wantTyped[*types.NoSuchEntityException](t, "unknown policy", err, 0)
	_, err = ic.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(arn), VersionId: aws.String("v9")})
	wantTyped[*types.NoSuchEntityException](t, "unknown version", err, 0)
}

// reportRows fetches and parses the credential report as a map user -> row.
func reportRows(t *testing.T, ic *iam.Client) (map[string][]string, [][]string) {
	t.Helper()
	out, err := ic.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
	if err != nil {
		t.Fatal(err)
	}
	if out.ReportFormat != types.ReportFormatTypeTextCsv {
		t.Fatalf("format %q", out.ReportFormat)
	}
	recs, err := csv.NewReader(strings.NewReader(string(out.Content))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]string{}
	for _, r := range recs[1:] {
		m[r[0]] = r
	}
	return m, recs
}

func TestCredentialReportLifecycle(t *testing.T) {
	srv, ic, _ := clients(t, loadSmall(t)) // in_progress_polls: 1
	_, err := ic.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
	wantTyped[*types.CredentialReportNotPresentException](t, "before generation", err, 410)

	wantGenerate(t, ic, "generate", types.ReportStateTypeStarted)
	_, err = ic.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
	wantTyped[*types.CredentialReportNotReadyException](t, "in progress", err, 404)
	out, err := ic.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
	if err != nil {
		t.Fatal(err)
	}
	if !aws.ToTime(out.GeneratedTime).Equal(time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)) {
		t.Fatalf("generated %v", out.GeneratedTime)
	}
	wantGenerate(t, ic, "generate after ready", types.ReportStateTypeComplete)
	if c := srv.Calls(); c["GetCredentialReport"] != 3 || c["GenerateCredentialReport"] != 2 || srv.TotalCalls() != 5 {
		t.Fatalf("calls %v total %d", c, srv.TotalCalls())
	}
}

func TestCredentialReportPollingViaGenerate(t *testing.T) {
	a := &Account{AccountID: "123456789012", CredentialReport: CredentialReport{InProgressPolls: 2}}
	_, ic, _ := clients(t, a)
	var states []string
	for i := 0; i < 4; i++ {
		g, err := ic.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
		if err != nil {
			t.Fatal(err)
		}
		states = append(states, string(g.State))
	}
	if got := strings.Join(states, ","); got != "STARTED,INPROGRESS,INPROGRESS,COMPLETE" {
		t.Fatalf("states %s", got)
	}
}

func TestCredentialReportExistingAndExpired(t *testing.T) {
	gen := time.Date(2026, 10, 31, 22, 0, 0, 0, time.UTC)
	_, ic, _ := clients(t, &Account{AccountID: "123456789012", CredentialReport: CredentialReport{Exists: true, GeneratedTime: &gen}})
	out, err := ic.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
	if err != nil || !aws.ToTime(out.GeneratedTime).Equal(gen) {
		t.Fatalf("existing report: %v %v", out, err)
	}

	_, ic, _ = clients(t, &Account{AccountID: "123456789012", CredentialReport: CredentialReport{Exists: true, Expired: true}})
	_, err = ic.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
	wantTyped[*types.CredentialReportExpiredException](t, "expired report", err, 410)
	wantGenerate(t, ic, "regenerate", types.ReportStateTypeStarted)
	if _, err := ic.GetCredentialReport(ctx, &iam.GetCredentialReportInput{}); err != nil {
		t.Fatal(err)
	}
}

func TestCredentialReportContent(t *testing.T) {
	a := loadSmall(t)
	a.CredentialReport = CredentialReport{Exists: true}
	_, ic, _ := clients(t, a)
	rows, recs := reportRows(t, ic)
	if got := strings.Join(recs[0], ","); got != strings.Join(reportColumns, ",") || len(recs[0]) != 22 {
		t.Fatalf("header %s", got)
	}
	if recs[1][0] != "<root_account>" || len(recs) != 14 {
		t.Fatalf("root row must be first; %d rows", len(recs))
	}
	want := map[string]string{
		"<root_account>": "<root_account>,arn:aws:iam::123456789012:root,2018-03-14T09:30:00+00:00,not_supported,2026-10-28T08:12:45+00:00,not_supported,not_supported,true," +
			"true,2019-06-01T12:00:00+00:00,2026-10-20T17:45:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
		"alice": "alice,arn:aws:iam::123456789012:user/alice,2024-01-10T09:00:00+00:00,true,2026-10-31T16:20:00+00:00,2026-07-01T09:00:00+00:00,2026-12-28T09:00:00+00:00,true," +
			"true,2026-09-15T10:00:00+00:00,2026-10-31T11:00:00+00:00,eu-west-1,ec2,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
		"carol": "carol,arn:aws:iam::123456789012:user/carol,2025-01-20T08:00:00+00:00,false,N/A,N/A,N/A,false," +
			"true,2025-01-20T08:05:00+00:00,2026-10-31T23:10:00+00:00,us-east-1,cloudformation,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
		"dave": "dave,arn:aws:iam::123456789012:user/dave,2026-06-01T10:00:00+00:00,true,no_information,2026-06-01T10:00:00+00:00,2026-11-28T10:00:00+00:00,false," +
			"true,2026-06-01T10:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
		"erin": "erin,arn:aws:iam::123456789012:user/erin,2023-05-05T12:00:00+00:00,true,2026-10-29T09:00:00+00:00,2026-06-15T12:00:00+00:00,2026-12-12T12:00:00+00:00,true," +
			"true,2023-05-05T12:10:00+00:00,2026-01-15T08:00:00+00:00,us-west-2,s3,true,2026-08-01T12:00:00+00:00,2026-10-31T20:00:00+00:00,us-west-2,dynamodb,false,N/A,false,N/A",
		"mallory": "mallory,arn:aws:iam::123456789012:user/mallory,2024-07-07T07:00:00+00:00,false,N/A,N/A,N/A,false," +
			"false,2024-07-07T07:05:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
		"ci,deploy+bot=1@example.com": "ci,deploy+bot=1@example.com,arn:aws:iam::123456789012:user/automation/ci,deploy+bot=1@example.com,2026-02-01T09:00:00+00:00,false,N/A,N/A,N/A,false," +
			"true,2026-09-01T09:00:00+00:00,2026-10-31T06:00:00+00:00,N/A,iam,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
		"oscar": "oscar,arn:aws:iam::123456789012:user/oscar,2021-10-10T10:00:00+00:00,true,2026-10-20T10:00:00+00:00,2021-10-10T10:00:00+00:00,2022-04-08T10:00:00+00:00,true," +
			"false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,true,2022-01-01T00:00:00+00:00,false,N/A",
	}
	for user, line := range want {
		row, ok := rows[user]
		if !ok {
			t.Errorf("no row for %q", user)
			continue
		}
		if got := strings.Join(row, ","); got != line {
			t.Errorf("row %q:\n got %s\nwant %s", user, got, line)
		}
	}
}

func TestRawCSVOverride(t *testing.T) {
	raw := "user,arn\nbroken"
	_, ic, _ := clients(t, &Account{AccountID: "123456789012", CredentialReport: CredentialReport{Exists: true, RawCSV: &raw}})
	out, err := ic.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
	if err != nil || string(out.Content) != raw {
		t.Fatalf("got %q %v", out.Content, err)
	}
}
