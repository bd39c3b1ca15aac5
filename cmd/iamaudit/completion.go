package main

import (
	"fmt"
	"strings"

	"github.com/iamaudit/iamaudit/report"
	"github.com/iamaudit/iamaudit/result"
	"github.com/iamaudit/iamaudit/rules"
	"github.com/spf13/cobra"
)

// flagCompletion offers the values of one flag of one command to the shell
// completion scripts that cobra's 'completion' command writes.
type flagCompletion struct {
	command string // subcommand name; "" for the root's persistent flags
	flag    string
	fn      cobra.CompletionFunc
}

// flagCompletions lists every flag whose values form a closed set, by hand,
// next to the catalogs the values come from. A flag named here that no
// command defines, or a closed-set flag missing here, fails
// TestEveryClosedFlagCompletes.
func flagCompletions() []flagCompletion {
	return []flagCompletion{
		{"", "log-level", fixedValues(logLevels...)},
		{"scan", "format", fixedValues(report.Formats()...)},
		{"scan", "framework", completeFrameworks},
		{"scan", "rule", completeRuleList},
		{"scan", "fail-on", fixedValues(failOnValues()...)},
		{"scan", "config", fileExtensions("yaml", "yml")},
		{"scan", "from", fileExtensions("json")},
		{"scan", "baseline", fileExtensions("json")},
		{"diff", "format", fixedValues(report.DiffFormats...)},
		{"rules", "format", fixedValues(rulesFormats...)},
		{"rules", "framework", completeFrameworks},
		{"admins", "format", fixedValues(adminsFormats...)},
		{"admins", "config", fileExtensions("yaml", "yml")},
		{"admins", "from", fileExtensions("json")},
	}
}

// registerCompletions attaches flagCompletions to root's commands and rule-ID
// completion to explain's argument. It fails on a name that matches nothing,
// so a renamed flag cannot silently lose its completion.
func registerCompletions(root *cobra.Command) error {
	for _, fc := range flagCompletions() {
		c := root
		if fc.command != "" {
			var err error
			if c, _, err = root.Find([]string{fc.command}); err != nil || c == root {
				return fmt.Errorf("completion for --%s: no command %q", fc.flag, fc.command)
			}
		}
		if err := c.RegisterFlagCompletionFunc(fc.flag, fc.fn); err != nil {
			return fmt.Errorf("completion for %s --%s: %w", fc.command, fc.flag, err)
		}
	}
	diff, _, err := root.Find([]string{"diff"})
	if err != nil || diff == root {
		return fmt.Errorf("completion for diff: no command diff")
	}
	diff.ValidArgsFunction = func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) >= 2 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return []cobra.Completion{"json"}, cobra.ShellCompDirectiveFilterFileExt
	}
	explain, _, err := root.Find([]string{"explain"})
	if err != nil || explain == root {
		return fmt.Errorf("completion for explain: no command explain")
	}
	explain.ValidArgsFunction = func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return ruleIDs(toComplete, ""), cobra.ShellCompDirectiveNoFileComp
	}
	return nil
}

func fixedValues(values ...string) cobra.CompletionFunc {
	return cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
}

func fileExtensions(exts ...string) cobra.CompletionFunc {
	return cobra.FixedCompletions(exts, cobra.ShellCompDirectiveFilterFileExt)
}

// failOnValues are the values --fail-on accepts, most severe first.
func failOnValues() []string {
	vs := make([]string, 0, len(result.Severities)+1)
	for _, s := range result.Severities {
		vs = append(vs, strings.ToLower(string(s)))
	}
	return append(vs, "none")
}

func completeFrameworks(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, f := range rules.Frameworks() {
		out = append(out, cobra.CompletionWithDesc(f.ID, f.Name))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeRuleList completes the last element of a comma-separated --rule
// value ("IAM-ROOT-MFA,IAM-US" offers "IAM-ROOT-MFA,IAM-USER-..."), leaving
// out rules already listed.
func completeRuleList(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	prefix, last := "", toComplete
	if i := strings.LastIndex(toComplete, ","); i >= 0 {
		prefix, last = toComplete[:i+1], toComplete[i+1:]
	}
	var out []cobra.Completion
	for _, c := range ruleIDs(last, prefix) {
		id, _, _ := strings.Cut(c, "\t")
		if !containsFold(strings.Split(prefix, ","), strings.TrimPrefix(id, prefix)) {
			out = append(out, c)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// ruleIDs returns the catalog's IDs that start with typed (case-insensitive,
// as --rule and explain accept any case), each after prefix and described by
// its title.
func ruleIDs(typed, prefix string) []cobra.Completion {
	var out []cobra.Completion
	for _, r := range rules.All() {
		if strings.HasPrefix(r.ID, strings.ToUpper(typed)) {
			out = append(out, cobra.CompletionWithDesc(prefix+r.ID, r.Title))
		}
	}
	return out
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(strings.TrimSpace(v), s) {
			return true
		}
	}
	return false
}
