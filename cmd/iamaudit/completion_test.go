package main

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/report"
	"github.com/iamaudit/iamaudit/rules"
	"github.com/spf13/cobra"
)

// complete asks the CLI for completions the way the shell scripts do, and
// returns the offered values (descriptions kept when desc) and the directive.
func complete(t *testing.T, desc bool, args ...string) (values []string, directive string) {
	t.Helper()
	hidden := "__completeNoDesc"
	if desc {
		hidden = "__complete"
	}
	code, out, stderr := runCLI(t, append([]string{hidden}, args...)...)
	if code != exitClean {
		t.Fatalf("%s %q: exit %d; stderr: %s", hidden, args, code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	last := len(lines) - 1
	if last < 0 || !strings.HasPrefix(lines[last], ":") {
		t.Fatalf("%s %q: no directive line in %q", hidden, args, out)
	}
	return lines[:last], lines[last]
}

func TestCompleteFlagValues(t *testing.T) {
	const noFile, fileExt = ":4", ":8"
	var frameworks, ruleIDs []string
	for _, f := range rules.Frameworks() {
		frameworks = append(frameworks, f.ID)
	}
	for _, r := range rules.All() {
		ruleIDs = append(ruleIDs, r.ID)
	}
	for _, tc := range []struct {
		args      []string
		want      []string
		directive string
	}{
		{[]string{"scan", "--format", ""}, report.Formats(), noFile},
		{[]string{"scan", "-f", ""}, report.Formats(), noFile},
		{[]string{"rules", "--format", ""}, []string{"table", "json"}, noFile},
		{[]string{"scan", "--fail-on", ""}, []string{"critical", "high", "medium", "low", "info", "none"}, noFile},
		{[]string{"--log-level", ""}, []string{"debug", "info", "warn", "error"}, noFile},
		{[]string{"collect", "--log-level", ""}, []string{"debug", "info", "warn", "error"}, noFile},
		{[]string{"scan", "--framework", ""}, frameworks, noFile},
		{[]string{"rules", "--framework", ""}, frameworks, noFile},
		{[]string{"scan", "--rule", ""}, ruleIDs, noFile},
		{[]string{"explain", ""}, ruleIDs, noFile},
		// Rule IDs are accepted in any case, so they complete from any case.
		{[]string{"explain", "iam-root-h"}, []string{"IAM-ROOT-HARDWARE-MFA"}, noFile},
		{[]string{"explain", "IAM-ROOT-MFA", ""}, nil, noFile},
		{[]string{"scan", "--config", ""}, []string{"yaml", "yml"}, fileExt},
		{[]string{"scan", "--from", ""}, []string{"json"}, fileExt},
	} {
		got, directive := complete(t, false, tc.args...)
		if !slices.Equal(got, tc.want) || directive != tc.directive {
			t.Errorf("complete %q:\n got %q %s\nwant %q %s", tc.args, got, directive, tc.want, tc.directive)
		}
	}
	if len(frameworks) != 10 || len(ruleIDs) < 30 || !slices.Contains(report.Formats(), "sarif") {
		t.Errorf("catalogs shrank: %d frameworks, %d rules, formats %q", len(frameworks), len(ruleIDs), report.Formats())
	}
}

// TestCompleteRuleList: --rule takes a comma-separated list; the last
// element completes after the ones typed, which are not offered again.
func TestCompleteRuleList(t *testing.T) {
	got, _ := complete(t, false, "scan", "--rule", "IAM-ROOT-MFA,iam-root-")
	if !slices.Contains(got, "IAM-ROOT-MFA,IAM-ROOT-HARDWARE-MFA") || slices.Contains(got, "IAM-ROOT-MFA,IAM-ROOT-MFA") {
		t.Errorf("got %q: want IAM-ROOT-HARDWARE-MFA after the typed rule, and IAM-ROOT-MFA not offered twice", got)
	}
	for _, c := range got {
		if !strings.HasPrefix(c, "IAM-ROOT-MFA,IAM-ROOT-") {
			t.Errorf("offered %q, which does not extend what was typed", c)
		}
	}
}

func TestCompleteDescriptions(t *testing.T) {
	got, _ := complete(t, true, "explain", "IAM-ROOT-HARDWARE")
	if want := []string{"IAM-ROOT-HARDWARE-MFA\t" + rules.RootHardwareMFA.Title}; !slices.Equal(got, want) {
		t.Errorf("explain: %q, want %q", got, want)
	}
	got, _ = complete(t, true, "scan", "--framework", "")
	fw, _ := rules.FrameworkByID("cis-aws-5.0")
	if !slices.Contains(got, "cis-aws-5.0\t"+fw.Name) {
		t.Errorf("--framework: %q lacks cis-aws-5.0 with its name", got)
	}
}

// TestEveryClosedFlagCompletes: every flag of a kind whose values form a
// closed set completes, on every command that has one. A new command with
// --format (say) fails here until its formats are listed in flagCompletions.
func TestEveryClosedFlagCompletes(t *testing.T) {
	var b bytes.Buffer
	root := newRootCmd(&globalOptions{}, &b, &b)
	if err := registerCompletions(root); err != nil {
		t.Fatal(err)
	}
	closed := []string{"format", "framework", "rule", "fail-on", "log-level", "config", "from"}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, name := range closed {
			if c.Flags().Lookup(name) == nil && c.InheritedFlags().Lookup(name) == nil {
				continue
			}
			if _, ok := c.GetFlagCompletionFunc(name); !ok {
				t.Errorf("%s --%s has no completion: add it to flagCompletions", c.CommandPath(), name)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// TestCompletedValuesAccepted: every value offered for a flag is one the
// command accepts, so completion and validation cannot drift apart.
func TestCompletedValuesAccepted(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report")
	scan := []string{"scan", "--from", sampleEvidence, "--region", "us-east-1", "-o", out}
	try := func(args ...string) {
		t.Helper()
		if code, _, stderr := runCLI(t, args...); code == exitError {
			t.Errorf("%q: exit %d (usage error) for a completed value: %s", args, code, stderr)
		}
	}
	flagValues := func(args ...string) []string {
		vs, _ := complete(t, false, args...)
		if len(vs) == 0 {
			t.Fatalf("no completions for %q", args)
		}
		return vs
	}
	for _, v := range flagValues("scan", "--format", "") {
		try(append(scan, "--format", v)...)
	}
	// The output file has no extension, so the format is named.
	for _, v := range flagValues("scan", "--fail-on", "") {
		try(append(scan, "--format", "json", "--fail-on", v)...)
	}
	for _, v := range flagValues("scan", "--framework", "") {
		try(append(scan, "--format", "json", "--framework", v)...)
		try("rules", "--framework", v)
	}
	for _, v := range flagValues("rules", "--format", "") {
		try("rules", "--format", v)
	}
	for _, v := range flagValues("--log-level", "") {
		try("--log-level", v, "rules")
	}
	for _, v := range flagValues("explain", "") {
		try("explain", v)
	}
}

// TestCompletionScripts: cobra's completion command writes a script for
// each shell it supports.
func TestCompletionScripts(t *testing.T) {
	for shell, want := range map[string]string{
		"bash":       "__start_iamaudit",
		"zsh":        "#compdef iamaudit",
		"fish":       "complete -c iamaudit",
		"powershell": "Register-ArgumentCompleter",
	} {
		code, out, stderr := runCLI(t, "completion", shell)
		if code != exitClean || !strings.Contains(out, want) {
			t.Errorf("completion %s: exit %d, script lacks %q; stderr: %s", shell, code, want, stderr)
		}
	}
}
