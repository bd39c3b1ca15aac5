package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/iamaudit/iamaudit/report"
	"github.com/iamaudit/iamaudit/result"
	"github.com/iamaudit/iamaudit/rules"
	"github.com/spf13/cobra"
)

func newMergeCmd(stdout io.Writer) *cobra.Command {
	var output, outputMode string
	c := &cobra.Command{
		Use:   "merge -o ORG.json SHARD.json...",
		Short: "Join the JSON reports of an organization's shards (scan --shard I/N) into one organization report",
		Long: `merge joins JSON reports (report_schema_version 2) of disjoint sets of accounts
into one organization report, ranked and scored as one 'scan --org' would be.
It refuses reports that cannot be parts of one run: an account in two of
them, different rule catalogs, frameworks or rule selections, shards of
different N, a shard given twice or missing, or another schema version.`,
		Example: `  iamaudit merge -o org.json shard-0.json shard-1.json shard-2.json`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			mode, err := parseOutputMode(outputMode, reportFileMode)
			if err != nil {
				return withCode(exitError, err)
			}
			parts := make([]*report.Report, len(args))
			for i, path := range args {
				if parts[i], err = readShard(path); err != nil {
					return withCode(exitError, err)
				}
			}
			merged, err := report.Merge(parts, args)
			if err != nil {
				return withCode(exitError, err)
			}
			recomputeControls(merged)
			if err := writeOutputMode(output, stdout, mode, func(w io.Writer) error { return report.JSONWriter{}.Write(w, merged) }); err != nil {
				return withCode(exitError, err)
			}
			return nil
		},
	}
	c.Flags().StringVarP(&output, "output", "o", "-", "file to write the organization's JSON report to ('-' for stdout)")
	c.Flags().StringVar(&outputMode, "output-mode", "", "permissions of the report file, octal (default: an existing file's, else 0644 minus the umask)")
	return c
}

// maxShardBytes bounds one shard report read into memory.
const maxShardBytes = 2 << 30

// readShard reads one shard's JSON report, version 2 only: a version-1
// report has no per-result account IDs to check for overlap.
func readShard(path string) (*report.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxShardBytes))
	if err != nil {
		return nil, fmt.Errorf("merge: %s: %w", path, err)
	}
	var head struct {
		Version *int `json:"report_schema_version"`
	}
	if err := json.Unmarshal(data, &head); err != nil || head.Version == nil {
		return nil, fmt.Errorf("merge: %s is not an iamaudit JSON report", path)
	}
	if *head.Version != report.SchemaVersion {
		return nil, fmt.Errorf("merge: %s has report_schema_version %d; merge joins version %d reports only (re-run the shard with this iamaudit)", path, *head.Version, report.SchemaVersion)
	}
	rep, err := report.ReadJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("merge: %s: %w", path, err)
	}
	return rep, nil
}

// recomputeControls derives the merged report's framework controls from its
// results with this binary's rules, as scan does, when the shards were
// judged with this very catalog; otherwise report.Merge's sums stand.
func recomputeControls(r *report.Report) {
	m := r.Meta
	if m.Framework == "" || m.RuleCatalogVersion != result.CatalogVersion(ruleInfos(rules.All())) {
		return
	}
	fw, err := rules.FrameworkByID(m.Framework)
	if err != nil {
		return
	}
	var selected []rules.Rule
	for _, ri := range r.Rules {
		rule, ok := rules.ByID(ri.ID)
		if !ok {
			return
		}
		selected = append(selected, rule)
	}
	r.Controls = rules.ControlResults(fw, rules.All(), selected, r.Results)
}
