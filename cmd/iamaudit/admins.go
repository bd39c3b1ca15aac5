package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/iamaudit/iamaudit/internal/textsafe"
	"github.com/iamaudit/iamaudit/rules"
)

// adminsFormats are the output formats of 'iamaudit admins'.
var adminsFormats = []string{"table", "json"}

func newAdminsCmd(stdout io.Writer) *cobra.Command {
	var from, format, configPath string
	c := &cobra.Command{
		Use:   "admins",
		Short: "List every user and role that is, can become, or may be admin, with its path and protections",
		Long: `admins reads evidence written by 'iamaudit collect' and lists every IAM user and
role that is admin (its combined policies allow every action on every
resource), can become admin (the shortest escalation path, hop by hop, with the
granting statements), or may be admin (a condition, resource or document the
evidence does not settle), with its protections as IAM-ADMIN-UNPROTECTED judges
them. The same analysis feeds the rules IAM-ADMIN-ESCALATION-PATH and
IAM-ADMIN-UNPROTECTED in 'scan'.`,
		Example: `  iamaudit admins --from evidence.json
  iamaudit admins --from evidence.json -f json`,
		Args: cobra.NoArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			if !containsFold(adminsFormats, format) {
				return withCode(exitError, fmt.Errorf("--format: want %s, got %s", strings.Join(adminsFormats, " or "), textsafe.Quote(format, 40)))
			}
			if from == "" {
				return withCode(exitError, fmt.Errorf("--from is required: admins reads evidence written by 'iamaudit collect'"))
			}
			cfg := rules.DefaultConfig()
			if configPath != "" {
				var err error
				if cfg, _, err = loadRuleConfig(configPath); err != nil {
					return withCode(exitError, err)
				}
			}
			snap, err := readEvidence(from)
			if err != nil {
				return withCode(exitError, err)
			}
			entries, unknown := rules.Admins(snap, cfg)
			if strings.EqualFold(format, "json") {
				return writeJSON(stdout, struct {
					AccountID string             `json:"account_id"`
					Unknown   string             `json:"unknown,omitempty"`
					Admins    []rules.AdminEntry `json:"admins"`
				}{snap.Account.ID, unknown, nonNil(entries)})
			}
			return writeAdminsTable(stdout, entries, unknown)
		},
	}
	f := c.Flags()
	f.StringVar(&from, "from", "", "evidence JSON file written by 'iamaudit collect' ('-' for stdin)")
	f.StringVarP(&format, "format", "f", "table", "output format: table or json")
	f.StringVar(&configPath, "config", "", "YAML file of rule thresholds (key rotation and dormancy ages)")
	return c
}

func nonNil(e []rules.AdminEntry) []rules.AdminEntry {
	if e == nil {
		return []rules.AdminEntry{}
	}
	return e
}

func writeAdminsTable(w io.Writer, entries []rules.AdminEntry, unknown string) error {
	if unknown != "" {
		_, err := fmt.Fprintf(w, "UNKNOWN: %s\n", textsafe.Clean(unknown))
		return err
	}
	if len(entries) == 0 {
		_, err := fmt.Fprintln(w, "No IAM user or role is, can become, or may be admin.")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tNAME\tSTATUS\tHOPS\tPROTECTED\tHOW")
	for _, e := range entries {
		hops := "-"
		if e.Hops >= 0 {
			hops = fmt.Sprint(e.Hops)
		}
		how := e.Path
		if e.Unknown != "" {
			how = e.Unknown
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", e.Kind, textsafe.Short(e.Name, 64), e.Status, hops,
			protectedWord(string(e.Protection)), textsafe.Short(how, 160))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var unprotected []string
	for _, e := range entries {
		if e.Protection != "PASS" && e.ProtectionReason != "" {
			unprotected = append(unprotected, fmt.Sprintf("%s %s: %s", e.Kind, textsafe.Short(e.Name, 64), textsafe.Short(e.ProtectionReason, 400)))
		}
	}
	if len(unprotected) > 0 {
		_, err := fmt.Fprintf(w, "\nProtections (IAM-ADMIN-UNPROTECTED):\n  %s\n", strings.Join(unprotected, "\n  "))
		return err
	}
	return nil
}

func protectedWord(st string) string {
	switch st {
	case "PASS":
		return "yes"
	case "FAIL":
		return "NO"
	}
	return "unknown"
}
