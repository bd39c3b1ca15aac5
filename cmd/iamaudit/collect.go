package main

import (
	"io"

	"github.com/spf13/cobra"
)

func newCollectCmd(g *globalOptions, stdout, stderr io.Writer) *cobra.Command {
	aws := &awsOptions{}
	var output, outputMode string
	c := &cobra.Command{
		Use:   "collect",
		Short: "Collect IAM evidence from AWS into a JSON file, without evaluating it",
		Long: `collect saves the evidence a scan would judge, so it can be audited later or
elsewhere with 'iamaudit scan --from FILE' (no AWS access needed then).

Exits 2 when some evidence could not be collected (the gaps are recorded in
the file and listed on stderr).`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			mode, err := parseOutputMode(outputMode, evidenceFileMode)
			if err != nil {
				return withCode(exitError, err)
			}
			snap, err := aws.collectSnapshot(c.Context(), g, stderr)
			if err != nil {
				return err
			}
			if err := writeOutputMode(output, stdout, mode, snap.WriteJSON); err != nil {
				return withCode(exitError, err)
			}
			warnGaps(stderr, snap)
			if len(snap.Gaps) > 0 {
				return withCode(exitIncomplete, nil)
			}
			return nil
		},
	}
	aws.register(c)
	c.Flags().StringVarP(&output, "output", "o", "-", "file to write the evidence JSON to ('-' for stdout); a regular file is replaced atomically, a device or FIFO written through")
	c.Flags().StringVar(&outputMode, "output-mode", "", "permissions of the evidence file, octal (default: an existing file's, else 0600 minus the umask: evidence describes the account)")
	return c
}
