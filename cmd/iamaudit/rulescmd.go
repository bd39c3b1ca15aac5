package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/iamaudit/iamaudit/report"
	"github.com/iamaudit/iamaudit/result"
	"github.com/iamaudit/iamaudit/rules"
	"github.com/olekukonko/tablewriter"
	"github.com/spf13/cobra"
)

// rulesFormats are the formats of 'iamaudit rules'.
var rulesFormats = []string{"table", "json"}

func newRulesCmd(stdout io.Writer) *cobra.Command {
	var framework, format string
	c := &cobra.Command{
		Use:   "rules",
		Short: "List the rule catalog, or one framework's controls and the rules that cover them",
		Long: `rules lists every rule with its severity and framework controls.

With --framework it lists that framework's controls in order, each with the
rules that assess it; manual controls are listed as manual. Frameworks:
  ` + strings.Join(frameworkIDs(), ", "),
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			format, err := listFormat(format)
			if err != nil {
				return err
			}
			if framework == "" {
				return listRules(stdout, format)
			}
			fw, err := rules.FrameworkByID(framework)
			if err != nil {
				return withCode(exitError, fmt.Errorf("--framework: %w", err))
			}
			return listControls(stdout, format, fw)
		},
	}
	c.Flags().StringVar(&framework, "framework", "", "list this framework's controls with the rules that cover them")
	c.Flags().StringVarP(&format, "format", "f", "table", "output format: table or json")
	return c
}

func frameworkIDs() []string {
	var ids []string
	for _, f := range rules.Frameworks() {
		ids = append(ids, f.ID)
	}
	return ids
}

// listFormat reads the --format of a listing command (rules, admins):
// table or json, whatever the case and surrounding space, as scan reads
// its formats.
func listFormat(format string) (string, error) {
	f := strings.ToLower(strings.TrimSpace(format))
	if f != "table" && f != "json" {
		return "", withCode(exitError, fmt.Errorf("--format: unknown format %q (want table or json)", format))
	}
	return f, nil
}

// ruleView is the JSON shape of one rule in 'iamaudit rules --format json'.
type ruleView struct {
	ID             string           `json:"id"`
	Title          string           `json:"title"`
	Severity       result.Severity  `json:"severity"`
	Rationale      string           `json:"rationale"`
	Remediation    string           `json:"remediation"`
	RemediationCLI []string         `json:"remediation_cli,omitempty"`
	References     []string         `json:"references,omitempty"`
	Controls       []result.Control `json:"controls,omitempty"`
	Evidence       []string         `json:"evidence"`
	// OptionalEvidence is read when present; the rule decides without it.
	OptionalEvidence []string `json:"optional_evidence,omitempty"`
}

func viewOf(r rules.Rule) ruleView {
	v := ruleView{ID: r.ID, Title: r.Title, Severity: r.Severity, Rationale: r.Rationale,
		Remediation: r.Remediation, RemediationCLI: r.RemediationCLI, References: r.References, Controls: r.Controls}
	for _, e := range r.Evidence {
		v.Evidence = append(v.Evidence, string(e))
	}
	for _, e := range r.Optional {
		v.OptionalEvidence = append(v.OptionalEvidence, string(e))
	}
	return v
}

func listRules(w io.Writer, format string) error {
	all := rules.All()
	if format == "json" {
		views := make([]ruleView, 0, len(all))
		for _, r := range all {
			views = append(views, viewOf(r))
		}
		return writeJSON(w, struct {
			Rules []ruleView `json:"rules"`
		}{views})
	}
	t := tablewriter.NewTable(w)
	t.Header("Rule", "Severity", "Title", "Controls")
	for _, r := range all {
		if err := t.Append(r.ID, string(r.Severity), report.Wrap(r.Title, 44), report.Wrap(compactControls(r.Controls), 44)); err != nil {
			return fmt.Errorf("rules table: %w", err)
		}
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("rules table: %w", err)
	}
	return nil
}

// compactControls renders a rule's controls in a few lines: CIS numbers
// grouped by the versions that share them ("CIS 1.5 (1.4-4.0), 1.4 (5.0),
// 2.4 (6.0)"), then Security Hub and AWS Config.
func compactControls(cs []result.Control) string {
	var cisIDs []string
	cisVersions := map[string][]string{}
	var other []string
	for _, c := range cs {
		v, isCIS := strings.CutPrefix(c.Framework, "cis-aws-")
		switch {
		case isCIS:
			if _, seen := cisVersions[c.ID]; !seen {
				cisIDs = append(cisIDs, c.ID)
			}
			cisVersions[c.ID] = append(cisVersions[c.ID], v)
		case c.Framework == rules.FrameworkSecurityHub:
			other = append(other, "Security Hub "+c.ID)
		case c.Framework == rules.FrameworkAWSConfig:
			other = append(other, "Config "+c.ID)
		default:
			other = append(other, c.String())
		}
	}
	var lines []string
	if len(cisIDs) > 0 {
		parts := make([]string, len(cisIDs))
		for i, id := range cisIDs {
			vs := cisVersions[id]
			span := vs[0]
			if len(vs) > 1 {
				span += "-" + vs[len(vs)-1]
			}
			parts[i] = id + " (" + span + ")"
		}
		lines = append(lines, "CIS "+strings.Join(parts, ", "))
	}
	if lines = append(lines, other...); len(lines) == 0 {
		return "(no framework control)"
	}
	return strings.Join(lines, "\n")
}

// controlView is the JSON shape of one control in 'iamaudit rules --framework X --format json'.
type controlView struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Automated bool     `json:"automated"`
	Rules     []string `json:"rules"`
	Note      string   `json:"note,omitempty"`
}

func listControls(w io.Writer, format string, fw rules.Framework) error {
	byControl := map[string][]string{}
	for _, r := range rules.All() {
		for _, c := range r.Controls {
			if c.Framework == fw.ID {
				byControl[c.ID] = append(byControl[c.ID], r.ID)
			}
		}
	}
	views := make([]controlView, 0, len(fw.Controls))
	for _, c := range fw.Controls {
		rs := byControl[c.ID]
		if rs == nil {
			rs = []string{}
		}
		views = append(views, controlView{ID: c.ID, Title: c.Title, Automated: c.Automated, Rules: rs, Note: c.Note})
	}
	if format == "json" {
		return writeJSON(w, struct {
			Framework string        `json:"framework"`
			Name      string        `json:"name"`
			Version   string        `json:"version"`
			URL       string        `json:"url,omitempty"`
			Controls  []controlView `json:"controls"`
		}{fw.ID, fw.Name, fw.Version, fw.URL, views})
	}
	if _, err := fmt.Fprintf(w, "%s (%s)\n", fw.Name, fw.ID); err != nil {
		return err
	}
	t := tablewriter.NewTable(w)
	t.Header("Control", "Title", "Assessment", "Rules")
	for _, v := range views {
		kind := "automated"
		if !v.Automated {
			kind = "manual"
		}
		rs := strings.Join(v.Rules, "\n")
		if v.Note != "" {
			rs = strings.TrimSpace(rs + "\n(" + v.Note + ")")
		}
		if err := t.Append(v.ID, report.Wrap(v.Title, 60), kind, report.Wrap(rs, 40)); err != nil {
			return fmt.Errorf("controls table: %w", err)
		}
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("controls table: %w", err)
	}
	return nil
}

func newExplainCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE",
		Short: "Print a rule's rationale, remediation (with AWS CLI commands) and references",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			r, ok := rules.ByID(args[0])
			if !ok {
				return withCode(exitError, fmt.Errorf("unknown rule %q (see 'iamaudit rules')", args[0]))
			}
			return explain(stdout, r)
		},
	}
}

func explain(w io.Writer, r rules.Rule) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\nSeverity: %s\n", r.ID, r.Title, r.Severity)
	if len(r.Controls) > 0 {
		var cs []string
		for _, c := range r.Controls {
			cs = append(cs, c.String())
		}
		fmt.Fprintf(&b, "Controls: %s\n", strings.Join(cs, ", "))
	}
	fmt.Fprintf(&b, "\nWhy it matters\n  %s\n\nHow to fix it\n  %s\n", r.Rationale, r.Remediation)
	if len(r.RemediationCLI) > 0 {
		b.WriteString("\nAWS CLI\n")
		for _, cmd := range r.RemediationCLI {
			fmt.Fprintf(&b, "  %s\n", cmd)
		}
	}
	if len(r.References) > 0 {
		b.WriteString("\nReferences\n")
		for _, ref := range r.References {
			fmt.Fprintf(&b, "  %s\n", ref)
		}
	}
	var ev []string
	for _, e := range r.Evidence {
		ev = append(ev, string(e))
	}
	fmt.Fprintf(&b, "\nEvidence read: %s\n", strings.Join(ev, ", "))
	if len(r.Optional) > 0 {
		var opt []string
		for _, e := range r.Optional {
			opt = append(opt, string(e))
		}
		fmt.Fprintf(&b, "Also read when present: %s\n", strings.Join(opt, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
