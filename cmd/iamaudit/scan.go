package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/internal/drift"
	"github.com/iamaudit/iamaudit/internal/suppress"
	"github.com/iamaudit/iamaudit/internal/textsafe"
	"github.com/iamaudit/iamaudit/report"
	"github.com/iamaudit/iamaudit/result"
	"github.com/iamaudit/iamaudit/rules"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"gopkg.in/yaml.v3"
)

type scanOptions struct {
	aws        awsOptions
	from       string
	format     string
	outputs    []string
	outputMode string
	all        bool
	failOn     string
	framework  string
	configPath string
	ruleIDs    []string
	baseline   string
	failOnNew  bool
	org        orgOptions
}

func newScanCmd(g *globalOptions, stdout, stderr io.Writer) *cobra.Command {
	o := &scanOptions{}
	c := &cobra.Command{
		Use:   "scan",
		Short: "Collect evidence (or read it with --from), evaluate the rules and print a scored report",
		Example: `  iamaudit scan                                  # the account of the default credentials
  iamaudit scan --profile prod -o prod.json      # format from the extension
  iamaudit scan -o json=r.json -o html=r.html -o sarif=r.sarif   # several formats, one collection
  iamaudit scan --from evidence.json --framework cis-aws-3.0
  iamaudit scan --fail-on high                   # exit 1 only for HIGH or CRITICAL findings
  iamaudit scan --from evidence.json --config iamaudit.yaml --baseline accepted.json --fail-on-new`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return o.run(c, g, stdout, stderr)
		},
	}
	o.aws.register(c)
	o.org.register(c)
	f := c.Flags()
	f.StringVar(&o.from, "from", "", "evaluate evidence from this JSON file (written by 'iamaudit collect'; '-' for stdin) instead of calling AWS")
	f.StringVarP(&o.format, "format", "f", "table", "report format for stdout and for -o paths without a format: "+strings.Join(report.Formats(), ", "))
	f.StringArrayVarP(&o.outputs, "output", "o", nil, "write a report: FORMAT=PATH, or PATH with the format from its extension ("+
		strings.Join(report.Extensions(), " ")+") or from --format; '-' is stdout; repeatable (default: --format to stdout)")
	f.StringVar(&o.outputMode, "output-mode", "", "permissions of report files, octal (default: an existing file's, else 0644 minus the umask)")
	f.BoolVar(&o.all, "all", false, "table format: list every result, not only failing and unknown ones")
	f.StringVar(&o.failOn, "fail-on", "info", "exit 1 when a finding at or above this severity fails: critical, high, medium, low, info, or none")
	f.StringVar(&o.framework, "framework", "", "evaluate only this framework's rules and show its controls (see 'iamaudit rules --help')")
	f.StringVar(&o.configPath, "config", "", "YAML file of rule thresholds and suppressions (see README 'Configuration' and 'Nightly runs')")
	f.StringVar(&o.baseline, "baseline", "", "a previous JSON report of the same account: mark each result new, changed or unchanged, list resolved ones, carry first_seen forward")
	f.BoolVar(&o.failOnNew, "fail-on-new", false, "with --baseline: exit 1 only for failures the baseline did not have (at or above --fail-on)")
	f.StringSliceVar(&o.ruleIDs, "rule", nil, "evaluate only these rule IDs (repeatable or comma-separated)")
	return c
}

func (o *scanOptions) run(c *cobra.Command, g *globalOptions, stdout, stderr io.Writer) error {
	// Validate every flag before touching AWS: a typo should cost nothing.
	failOn, gate, err := parseFailOn(o.failOn)
	if err != nil {
		return err
	}
	outs, err := resolveOutputs(o.outputs, o.format, c.Flags().Changed("format"))
	if err != nil {
		return withCode(exitError, err)
	}
	writers := make([]report.Writer, len(outs))
	for i, out := range outs {
		if out.format == "asff" && o.aws.region == "" {
			return withCode(exitError, errors.New("--format asff needs --region: the Security Hub region to import into is part of every finding's ProductArn"))
		}
		opts := report.Options{All: o.all, Region: o.aws.region}
		if out.stdout() {
			opts.Color, opts.Width = terminalStyle(stdout)
		}
		if writers[i], err = report.ForFormat(out.format, opts); err != nil {
			return withCode(exitError, fmt.Errorf("--format: %w", err))
		}
	}
	mode, err := parseOutputMode(o.outputMode, reportFileMode)
	if err != nil {
		return withCode(exitError, err)
	}
	cfg, suppressions, err := loadRuleConfig(o.configPath)
	if err != nil {
		return withCode(exitError, err)
	}
	if o.failOnNew && o.baseline == "" {
		return withCode(exitError, errors.New("--fail-on-new needs --baseline: new failures are those the baseline report does not have"))
	}
	if o.baseline == "-" && o.from == "-" {
		return withCode(exitError, errors.New("--baseline and --from cannot both read standard input"))
	}
	var base *report.Report
	if o.baseline != "" {
		if base, err = readReportFile("--baseline", o.baseline); err != nil {
			return withCode(exitError, err)
		}
	}
	selected, fw, err := selectRules(o.framework, o.ruleIDs)
	if err != nil {
		return withCode(exitError, err)
	}

	sh, err := o.org.validate(c, o.from)
	if err != nil {
		return err
	}
	var results []result.Result
	var meta result.Meta
	// admins is the administrator inventory, one per account; nil when
	// no admin rule was selected (the report then has no such section).
	var admins []result.AdminInventory
	if o.org.active() {
		defer lowerGC()()
		run, err := o.org.scan(c.Context(), g, &o.aws, sh, selected, cfg, o.framework, stderr)
		if err != nil {
			return err
		}
		results, meta, admins = run.results, run.meta, run.admins
	} else {
		var snap *audit.Snapshot
		if o.from != "" {
			if snap, err = readEvidence(o.from); err != nil {
				return withCode(exitError, err)
			}
		} else if snap, err = o.aws.collectSnapshot(c.Context(), g, stderr); err != nil {
			return err
		}
		warnGaps(stderr, snap)
		// The metadata (which reconciles the credential report again, for
		// the header's doubts) is read beside the rules: the admin graph
		// leaves a processor idle. Once both are done nothing holds the
		// snapshot, and the memory of its evidence and indexes is free for
		// the results.
		metaDone := make(chan struct{})
		go func() {
			defer close(metaDone)
			meta = metaOf(snap, o.framework, cfg)
		}()
		var inv *result.AdminInventory
		results, inv = rules.EvaluateWithAdmins(snap, selected, cfg)
		<-metaDone
		if inv != nil {
			inv.AccountName = meta.AccountName
			admins = []result.AdminInventory{*inv}
		}
	}
	// Controls are judged on the rules' verdicts, before suppressions: an
	// accepted risk is still a control the account does not meet.
	var controls, compliance []result.ControlResult
	if fw != nil {
		controls = rules.ControlResults(*fw, rules.All(), selected, results)
	}
	// Every framework's compliance, for the HTML view, only when the whole
	// catalog was evaluated: with --framework or --rule, other frameworks'
	// controls would read UNKNOWN for rules that simply were not run, so
	// the report keeps to the selected framework's controls.
	if fw == nil && len(o.ruleIDs) == 0 {
		compliance = rules.FrameworksControlResults(rules.Frameworks(), rules.All(), selected, results)
	}
	outcomes := applySuppressions(results, suppressions, meta.CollectedAt)
	meta.RuleCatalogVersion = result.CatalogVersion(ruleInfos(rules.All()))
	c.Flags().Visit(func(f *pflag.Flag) { meta.Flags = append(meta.Flags, flagText(f)) })
	// The report takes the results over: for an organization they are
	// most of the run's memory, and scan no longer needs its own copy.
	rep := report.NewOwning(meta, ruleInfos(selected), results, controls)
	rep.Compliance = compliance
	rep.Suppressions = outcomes
	rep.Admins = admins
	var driftEntries []drift.Entry
	if base != nil {
		if driftEntries, err = applyBaseline(rep, base, o.baseline); err != nil {
			return withCode(exitError, err)
		}
	}
	// Every output is written from the one report, even when one fails, so
	// a full disk for one file does not cost the others.
	var errs []error
	for i, out := range outs {
		if err := writeOutputMode(out.path, stdout, mode, func(w io.Writer) error { return writers[i].Write(w, rep) }); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return withCode(exitError, err)
	}

	// --fail-on-new gates on the failures the baseline did not have;
	// --fail-on still sets the lowest severity that counts.
	gating := rep.MaxFailedSeverity
	if o.failOnNew {
		gating = func() (result.Severity, bool) { return maxNewFailure(driftEntries) }
	}
	if sev, ok := gating(); gate && ok && sev.Rank() >= failOn.Rank() {
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

// ruleConfigFile is the --config file: rule thresholds and suppressions.
type ruleConfigFile struct {
	Thresholds rules.Config `yaml:"thresholds"`
	// Suppressions are decoded entry by entry by suppress.Load, whose
	// errors name the entry, the key and the problem.
	Suppressions yaml.Node `yaml:"suppressions"`
}

// loadRuleConfig reads the --config file: thresholds (defaults without a
// file) and suppressions.
func loadRuleConfig(path string) (rules.Config, []suppress.Entry, error) {
	if path == "" {
		return rules.DefaultConfig(), nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return rules.Config{}, nil, fmt.Errorf("--config: %w", err)
	}
	cfg, err := parseRuleConfig(data)
	if err != nil {
		return rules.Config{}, nil, fmt.Errorf("--config %s: %w", path, err)
	}
	sup, err := suppress.Load(data)
	if err != nil {
		return rules.Config{}, nil, fmt.Errorf("--config %s: %w", path, err)
	}
	return cfg, sup, nil
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
	// Decoded on top of the defaults: a key left out keeps its default, and
	// an explicit 0 is a 0.
	f := ruleConfigFile{Thresholds: rules.DefaultConfig()}
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

func metaOf(s *audit.Snapshot, framework string, cfg rules.Config) result.Meta {
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
	// Evidence that was collected but cannot be trusted as it stands is a
	// gap too: the header says why once, the UNKNOWN results say it per rule.
	m.EvidenceGaps = append(m.EvidenceGaps, rules.EvidenceDoubts(s, cfg)...)
	return m
}

// ruleInfos is the metadata of rules for the report, which never sees rules.
func ruleInfos(rs []rules.Rule) []result.RuleInfo {
	out := make([]result.RuleInfo, len(rs))
	for i, r := range rs {
		out[i] = r.Info()
	}
	return out
}

// flagText renders a flag the run was given for the report's identity.
func flagText(f *pflag.Flag) string {
	v := f.Value.String()
	if sv, ok := f.Value.(pflag.SliceValue); ok {
		v = strings.Join(sv.GetSlice(), ",")
	}
	return "--" + f.Name + "=" + v
}
