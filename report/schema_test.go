package report

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/iamaudit/iamaudit/internal/schematest"
	"github.com/iamaudit/iamaudit/result"
)

// sarifSchemaFile is the official OASIS SARIF 2.1.0 schema (errata01),
// vendored from github.com/securego/gosec/v2@v2.30.0
// report/sarif/testdata/sarif-schema-2.1.0.json (Apache-2.0), unmodified.
const sarifSchemaFile = "testdata/schema/sarif-schema-2.1.0.json"

// schemaReports are the reports every schema test renders: the fixture,
// an empty report, hostile text, and one with an unknown-severity-free
// not-applicable score.
func schemaReports() map[string]*Report {
	empty := fixtureMeta()
	empty.EvidenceGaps = nil
	return map[string]*Report{
		"fixture":   fixtureReport(),
		"empty":     New(empty, nil, nil, nil),
		"hostile":   hostile(),
		"scheduled": scheduledReport(),
		// Several accounts: meta.accounts, the ranking, per-result names.
		"organization": orgFixture(),
		// Per-account administrator inventories: found, none, not assessed.
		"organization-admins": orgAdminsFixture(),
		"info-only": New(fixtureMeta(), nil, []result.Result{{RuleID: "IAM-X", Severity: result.Info, Status: result.Pass,
			ResourceType: "AWS::::Account", Resource: "AWS::::Account:123456789012", Reason: "r"}}, nil),
	}
}

func TestShippedSchemaIsEmbedded(t *testing.T) {
	file, err := os.ReadFile("report.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(file, JSONSchema) {
		t.Error("JSONSchema differs from report/report.schema.json")
	}
}

func TestJSONReportMatchesSchema(t *testing.T) {
	sch := schematest.Compile(t, "report.schema.json")
	for name, r := range schemaReports() {
		schematest.Validate(t, sch, name, []byte(render(t, "json", Options{}, r)))
	}
	// The schema can fail: a result without its finding_id, or with an
	// unknown status, is refused.
	good := render(t, "json", Options{}, fixtureReport())
	for _, bad := range []string{
		strings.Replace(good, `"finding_id":`, `"finding":`, 1),
		strings.Replace(good, `"status":"FAIL"`, `"status":"BROKEN"`, 1),
		strings.Replace(good, `"report_schema_version": 2`, `"report_schema_version": 1`, 1),
		// An inventory entry must be consistent: an admin is 0 hops away,
		// the statuses are closed, a path has steps.
		strings.Replace(good, `"status":"admin","hops":0`, `"status":"admin","hops":2`, 1),
		strings.Replace(good, `"status":"can become admin"`, `"status":"becomes admin"`, 1),
		strings.Replace(good, `"steps":[`, `"stepz":[`, 1),
		strings.Replace(good, `{"account_id":"123456789012","principals":[`, `{"principals":[`, 1),
	} {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if err != nil {
			t.Fatal(err)
		}
		if sch.Validate(inst) == nil {
			t.Error("a broken report passed the schema")
		}
	}
}

// TestSARIFMatchesOfficialSchema validates against the OASIS schema, then
// checks what GitHub code scanning needs beyond it.
func TestSARIFMatchesOfficialSchema(t *testing.T) {
	sch := schematest.Compile(t, sarifSchemaFile)
	for name, r := range schemaReports() {
		out := render(t, "sarif", Options{}, r)
		schematest.Validate(t, sch, name, []byte(out))
		checkCodeScanning(t, name, []byte(out))
	}
	bad := strings.Replace(render(t, "sarif", Options{}, fixtureReport()), `"kind": "fail"`, `"kind": "broken"`, 1)
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if sch.Validate(inst) == nil {
		t.Error("a SARIF log with an invalid result kind passed the schema")
	}
}

var semver = regexp.MustCompile(`^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// checkCodeScanning asserts GitHub code scanning's requirements: every
// result located by an artifact URI, every rule with a full description,
// help (text and markdown) and helpUri, the tool with informationUri and a
// semantic version, and fingerprints to track results across runs.
func checkCodeScanning(t *testing.T, name string, doc []byte) {
	t.Helper()
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					InformationURI  string `json:"informationUri"`
					SemanticVersion string `json:"semanticVersion"`
					Rules           []struct {
						ID              string
						FullDescription struct{ Text string } `json:"fullDescription"`
						Help            struct{ Text, Markdown string }
						HelpURI         string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
						Region           struct{ StartLine int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(doc, &log); err != nil {
		t.Fatal(err)
	}
	for _, run := range log.Runs {
		d := run.Tool.Driver
		if d.InformationURI == "" || !semver.MatchString(d.SemanticVersion) {
			t.Errorf("%s: tool informationUri %q, semanticVersion %q", name, d.InformationURI, d.SemanticVersion)
		}
		for _, r := range d.Rules {
			if r.FullDescription.Text == "" || r.Help.Text == "" || r.Help.Markdown == "" || r.HelpURI == "" {
				t.Errorf("%s: rule %s lacks fullDescription, help or helpUri", name, r.ID)
			}
		}
		for _, res := range run.Results {
			if len(res.Locations) == 0 || res.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" ||
				res.Locations[0].PhysicalLocation.Region.StartLine < 1 {
				t.Errorf("%s: result of %s has no physical location", name, res.RuleID)
			}
			if len(res.PartialFingerprints) == 0 {
				t.Errorf("%s: result of %s has no partialFingerprints", name, res.RuleID)
			}
		}
	}
}

func TestArtifactURI(t *testing.T) {
	for _, tc := range []struct{ account, resource, want string }{
		{"123456789012", "arn:aws:iam::123456789012:user/engineering/ci", "aws/123456789012/iam/global/user/engineering/ci"},
		{"123456789012", "arn:aws:iam::123456789012:root", "aws/123456789012/iam/global/root"},
		{"123456789012", "arn:aws:access-analyzer:eu-west-1:123456789012:analyzer", "aws/123456789012/access-analyzer/eu-west-1/analyzer"},
		{"123456789012", "arn:aws:iam::aws:policy/AdministratorAccess", "aws/aws/iam/global/policy/AdministratorAccess"},
		{"123456789012", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", "aws/aws/iam/global/policy/job-function/ViewOnlyAccess"},
		{"123456789012", "AWS::::Account:123456789012", "aws/123456789012/account/AWS::::Account:123456789012"},
		{"123456789012", "", "aws/123456789012/account"},
		{"123456789012", "arn:aws:iam::123456789012:user/a b%c", "aws/123456789012/iam/global/user/a%20b%25c"},
		{"", "arn:aws:iam::123456789012:user/x", "aws/123456789012/iam/global/user/x"},
		{"", "", "aws/unknown-account/account"},
	} {
		if got := ArtifactURI(tc.account, tc.resource); got != tc.want {
			t.Errorf("ArtifactURI(%q, %q) = %q, want %q", tc.account, tc.resource, got, tc.want)
		}
	}
}

func TestSemanticVersion(t *testing.T) {
	for in, want := range map[string]string{
		"v1.2.3": "1.2.3", "1.2.3-test": "1.2.3-test", "dev-1a2b3c4d5e6f": "0.0.0-dev-1a2b3c4d5e6f",
		"dev-1a2b-dirty": "0.0.0-dev-1a2b-dirty", "": "0.0.0-unknown", "weird version!": "0.0.0-weird-version",
	} {
		if got := SemanticVersion(in); got != want || !semver.MatchString(got) {
			t.Errorf("SemanticVersion(%q) = %q, want %q", in, got, want)
		}
	}
}
