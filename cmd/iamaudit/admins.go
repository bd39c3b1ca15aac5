package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/iamaudit/iamaudit/report"
	"github.com/iamaudit/iamaudit/result"
	"github.com/iamaudit/iamaudit/rules"
)

// adminsFormats are the output formats of 'iamaudit admins'.
var adminsFormats = []string{"table", "json"}

func newAdminsCmd(stdout io.Writer) *cobra.Command {
	var from, format, configPath string
	c := &cobra.Command{
		Use:   "admins",
		Short: "List root and every user and role that is, can become, or may be admin, with its path and protections",
		Long: `admins reads evidence written by 'iamaudit collect' and lists the root user and
every IAM user and role that is admin (its combined policies allow every action on every
resource), can become admin (the shortest escalation path, hop by hop, with the
granting statements), or may be admin (a condition, resource or document the
evidence does not settle), with its protections as IAM-ADMIN-UNPROTECTED judges
them. The same analysis feeds the rules IAM-ADMIN-ESCALATION-PATH and
IAM-ADMIN-UNPROTECTED in 'scan', and the administrators section of its
reports: -f json prints one inventory object of the JSON report's "admins"
section (report/SCHEMA.md), the same values.`,
		Example: `  iamaudit admins --from evidence.json
  iamaudit admins --from evidence.json -f json`,
		Args: cobra.NoArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			format, err := listFormat(format)
			if err != nil {
				return err
			}
			if from == "" {
				return withCode(exitError, fmt.Errorf("--from is required: admins reads evidence written by 'iamaudit collect'"))
			}
			cfg := rules.DefaultConfig()
			if configPath != "" {
				if cfg, _, err = loadRuleConfig(configPath); err != nil {
					return withCode(exitError, err)
				}
			}
			snap, err := readEvidence(from)
			if err != nil {
				return withCode(exitError, err)
			}
			// The same inventory, from the same conversion, as the
			// administrators section of 'scan' reports.
			inv := rules.Admins(snap, cfg)
			if strings.EqualFold(format, "json") {
				return writeJSON(stdout, inv)
			}
			return report.WriteAdminsTable(stdout, []result.AdminInventory{inv})
		},
	}
	f := c.Flags()
	f.StringVar(&from, "from", "", "evidence JSON file written by 'iamaudit collect' ('-' for stdin)")
	f.StringVarP(&format, "format", "f", "table", "output format: table or json")
	f.StringVar(&configPath, "config", "", "YAML file of rule thresholds (key rotation and dormancy ages)")
	return c
}
