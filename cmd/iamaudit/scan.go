package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/internal/textsafe"
	"github.com/iamaudit/iamaudit/report"
	"github.com/iamaudit/iamaudit/result"
	"github.com/iamaudit/iamaudit/rules"
	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"
)

type scanOptions struct {
	aws        awsOptions
	from       string
	format     string
	output     string
	outputMode string
	all        bool
	failOn     string
	framework  string
	configPath string
	ruleIDs    []string
}

func newScanCmd(g *globalOptions, stdout, stderr io.Writer) *cobra.Command {
	o := &scanOptions{}
	c := &cobra.Command{
		Use:   "scan",
		Short: "Collect evidence (or read it with --from), evaluate the rules and print a scored report",
		Example: `  iamaudit scan                                  # the account of the default credentials
  iamaudit scan --profile prod --format json -o prod.json
  iamaudit scan --from evidence.json --framework cis-aws-3.0
  iamaudit scan --fail-on high                   # exit 1 only for HIGH or CRITICAL findings`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return o.run(c, g, stdout, stderr)
		},
	}
	o.aws.register(c)
	f := c.Flags()
	f.StringVar(&o.from, "from", "", "evaluate evidence from this JSON file (written by 'iamaudit collect'; '-' for stdin) instead of calling AWS")
	f.StringVarP(&o.format, "format", "f", "table", "report format: "+strings.Join(report.Formats(), ", "))
	f.StringVarP(&o.output, "output", "o", "-", "file to write the report to ('-' for stdout); a regular file is replaced atomically, a device or FIFO written through")
	f.StringVar(&o.outputMode, "output-mode", "", "permissions of the report file, octal (default: an existing file's, else 0644 minus the umask)")
	f.BoolVar(&o.all, "all", false, "table format: list every result, not only failing and unknown ones")
	f.StringVar(&o.failOn, "fail-on", "info", "exit 1 when a finding at or above this severity fails: critical, high, medium, low, info, or none")
	f.StringVar(&o.framework, "framework", "", "evaluate only this framework's rules and show its controls (see 'iamaudit rules --help')")
	f.StringVar(&o.configPath, "config", "", "YAML file of rule thresholds (see README 'Configuration')")
	f.StringSliceVar(&o.ruleIDs, "rule", nil, "evaluate only these rule IDs (repeatable or comma-separated)")
	return c
}

func (o *scanOptions) run(c *cobra.Command, g *globalOptions, stdout, stderr io.Writer) error {
	// Validate every flag before touching AWS: a typo should cost nothing.
	failOn, gate, err := parseFailOn(o.failOn)
	if err != nil {
		return err
	}
	if strings.EqualFold(o.format, "asff") && o.aws.region == "" {
		return withCode(exitError, errors.New("--format asff needs --region: the Security Hub region to import into is part of every finding's ProductArn"))
	}
	writer, err := report.ForFormat(o.format, report.Options{All: o.all, Region: o.aws.region})
	if err != nil {
		return withCode(exitError, fmt.Errorf("--format: %w", err))
	}
	mode, err := parseOutputMode(o.outputMode, reportFileMode)
	if err != nil {
		return withCode(exitError, err)
	}
	cfg, err := loadRuleConfig(o.configPath)
	if err != nil {
		return withCode(exitError, err)
	}
	selected, fw, err := selectRules(o.framework, o.ruleIDs)
	if err != nil {
		return withCode(exitError, err)
	}

	var snap *audit.Snapshot
	if o.from != "" {
		if snap, err = readEvidence(o.from); err != nil {
			return withCode(exitError, err)
		}
	} else if snap, err = o.aws.collectSnapshot(c.Context(), g, stderr); err != nil {
		return err
	}
	warnGaps(stderr, snap)

	results := rules.Evaluate(snap, selected, cfg)
	var controls []result.ControlResult
	if fw != nil {
		controls = rules.ControlResults(*fw, selected, results)
	}
	rep := report.New(metaOf(snap, o.framework), results, controls)
	if err := writeOutputMode(o.output, stdout, mode, func(w io.Writer) error { return writer.Write(w, rep) }); err != nil {
		return withCode(exitError, err)
	}

	if sev, ok := rep.MaxFailedSeverity(); gate && ok && sev.Rank() >= failOn.Rank() {
		return withCode(exitFindings, nil)
	}
	// Incomplete means a selected rule could not decide. A gap that no
	// selected rule needed (say, with --framework) leaves the verdict whole;
	// it is still listed on stderr and in the report's metadata.
	if rep.HasUnknown() {
		return withCode(exitIncomplete, nil)
	}
	return nil
}

// parseFailOn reads --fail-on; gate is false for "none".
func parseFailOn(s string) (sev result.Severity, gate bool, err error) {
	if strings.EqualFold(strings.TrimSpace(s), "none") {
		return "", false, nil
	}
	sev, err = result.ParseSeverity(s)
	if err != nil {
		return "", false, withCode(exitError, fmt.Errorf("--fail-on: %w", err))
	}
	return sev, true, nil
}

// selectRules picks the rules to evaluate: the whole catalog, or a
// framework's rules, optionally narrowed to explicit IDs.
func selectRules(framework string, ids []string) ([]rules.Rule, *rules.Framework, error) {
	selected := rules.All()
	var fw *rules.Framework
	if framework != "" {
		f, err := rules.FrameworkByID(framework)
		if err != nil {
			return nil, nil, fmt.Errorf("--framework: %w", err)
		}
		fw = &f
		selected = rules.ForFramework(selected, f.ID)
	}
	if len(ids) == 0 {
		return selected, fw, nil
	}
	var out []rules.Rule
	for _, id := range ids {
		r, ok := rules.ByID(id)
		if !ok {
			return nil, nil, fmt.Errorf("--rule: unknown rule %q (see 'iamaudit rules')", id)
		}
		if fw != nil && !mapsTo(r, fw.ID) {
			return nil, nil, fmt.Errorf("--rule: rule %s maps to no control of %s", r.ID, fw.ID)
		}
		out = append(out, r)
	}
	return out, fw, nil
}

func mapsTo(r rules.Rule, framework string) bool {
	for _, c := range r.Controls {
		if c.Framework == framework {
			return true
		}
	}
	return false
}

// ruleConfigFile is the --config file: thresholds only, for now; the top-level
// key leaves room for more sections without breaking existing files.
type ruleConfigFile struct {
	Thresholds rules.Config `yaml:"thresholds"`
}

func loadRuleConfig(path string) (rules.Config, error) {
	if path == "" {
		return rules.DefaultConfig(), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return rules.Config{}, fmt.Errorf("--config: %w", err)
	}
	cfg, err := parseRuleConfig(data)
	if err != nil {
		return rules.Config{}, fmt.Errorf("--config %s: %w", path, err)
	}
	return cfg, nil
}

// maxConfigBytes caps a --config file: thresholds fit in a few hundred
// bytes, and YAML aliases can make a small hostile file expensive.
const maxConfigBytes = 1 << 20

// parseRuleConfig decodes and validates a --config document: one YAML
// document of known keys, nothing after it.
func parseRuleConfig(data []byte) (rules.Config, error) {
	if len(data) > maxConfigBytes {
		return rules.Config{}, fmt.Errorf("larger than %d KiB; a thresholds file is a few lines", maxConfigBytes>>10)
	}
	var f ruleConfigFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return rules.Config{}, errors.New(textsafe.Short(err.Error(), 300))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return rules.Config{}, errors.New("more than one YAML document; the thresholds file holds one")
	}
	if err := f.Thresholds.Validate(); err != nil {
		return rules.Config{}, err
	}
	return f.Thresholds, nil
}

func readEvidence(path string) (*audit.Snapshot, error) {
	r, err := readInput(path, os.Stdin)
	if err != nil {
		return nil, fmt.Errorf("--from: %w", err)
	}
	defer r.Close()
	snap, err := audit.ReadSnapshot(r)
	if err != nil {
		return nil, fmt.Errorf("--from %s: %w", path, err)
	}
	return snap, nil
}

func metaOf(s *audit.Snapshot, framework string) result.Meta {
	m := result.Meta{
		ToolVersion: toolVersion(),
		AccountID:   s.Account.ID,
		Partition:   s.Account.Partition,
		CallerARN:   s.Account.CallerARN,
		CollectedAt: s.CollectedAt,
		Framework:   framework,
	}
	// Some emulators omit GeneratedTime; an unknown age is left out rather
	// than shown as "0s" (fresh) or as centuries.
	if s.CredentialReport != nil && !s.CredentialReport.GeneratedTime.IsZero() {
		age := result.Duration(s.CredentialReportAge())
		m.CredentialReportAge = &age
	}
	for _, g := range s.Gaps {
		m.EvidenceGaps = append(m.EvidenceGaps, string(g.Evidence)+": "+g.String())
	}
	return m
}
