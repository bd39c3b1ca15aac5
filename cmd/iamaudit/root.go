package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/iamaudit/iamaudit/internal/textsafe"
)

// run is the whole program behind main: it parses args, runs one command and
// returns the process exit code. Tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	g := &globalOptions{}
	root := newRootCmd(g, stdout, stderr)
	if err := registerCompletions(root); err != nil {
		// A flag renamed without its completion: a build defect that every
		// test of the CLI trips over, never a user's fault.
		fmt.Fprintf(stderr, "iamaudit: internal error: %v\n", err)
		return exitError
	}
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitClean
	}
	var ce *codeError
	if errors.As(err, &ce) && ce.err == nil {
		// A result code (findings, incomplete evidence), not an error.
		return ce.code
	}
	// Errors may quote the account, the endpoint or an input file: one
	// clean line, however hostile or long what they quote.
	fmt.Fprintf(stderr, "iamaudit: %s\n", textsafe.Short(err.Error(), 1000))
	if strings.EqualFold(g.logLevel, "debug") {
		// The one-sentence errors keep the SDK's full account as their cause.
		for _, cause := range causes(err) {
			fmt.Fprintf(stderr, "iamaudit: debug: caused by: %s\n", textsafe.Short(cause.Error(), 4000))
		}
	}
	return exitCodeOf(err)
}

// logLevels are the values of --log-level ("warning" is also accepted).
var logLevels = []string{"debug", "info", "warn", "error"}

// causes lists the errors wrapped inside err whose text err's own message
// does not already include: the detail a one-sentence error keeps back.
func causes(err error) []error {
	var out []error
	seen := err.Error()
	var walk func(error)
	walk = func(e error) {
		var next []error
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			next = []error{u.Unwrap()}
		case interface{ Unwrap() []error }:
			next = u.Unwrap()
		}
		for _, n := range next {
			if n == nil {
				continue
			}
			if !strings.Contains(seen, n.Error()) {
				out = append(out, n)
				seen += n.Error()
			}
			walk(n)
		}
	}
	walk(err)
	return out
}

// globalOptions are the flags every command shares.
type globalOptions struct {
	logLevel string
}

func newRootCmd(g *globalOptions, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "iamaudit",
		Short: "Audit the IAM posture of an AWS account",
		Long: `iamaudit collects IAM evidence from an AWS account (read-only: Get*, List*,
GenerateCredentialReport, GetCallerIdentity), checks it against the CIS AWS
Foundations Benchmark (1.4 to 6.0), the Security Hub IAM controls and AWS Config
managed-rule defaults, and prints a scored report. Only 'publish securityhub'
writes to AWS, and only when run on its own.

Exit codes:
  0  no failing finding at or above --fail-on, and all evidence was collected
  1  at least one failing finding at or above --fail-on
  2  no gating finding, but some evidence could not be collected (results UNKNOWN)
  3  usage error or runtime error (bad flags or input, no credentials, unreachable endpoint)`,
		SilenceUsage:  true,
		SilenceErrors: true,
		// --version prints what 'iamaudit version' prints.
		Version: toolVersion(),
	}
	root.SetVersionTemplate("iamaudit {{.Version}} " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + "\n")
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringVar(&g.logLevel, "log-level", "warn", "log level on stderr: "+strings.Join(logLevels, ", "))
	// Validate shared flags up front, so a typo fails every command the same
	// way, whether or not the command goes on to log anything.
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		_, err := g.logger(stderr)
		return err
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return withCode(exitError, fmt.Errorf("%w (see '%s --help')", err, c.CommandPath()))
	})
	root.AddCommand(
		newScanCmd(g, stdout, stderr),
		newCollectCmd(g, stdout, stderr),
		newPublishCmd(g, stdout, stderr),
		newDiffCmd(stdout),
		newMergeCmd(stdout),
		newRulesCmd(stdout),
		newExplainCmd(stdout),
		newAdminsCmd(stdout),
		newVersionCmd(stdout),
	)
	return root
}

// logger builds the stderr logger for the chosen level.
func (g *globalOptions) logger(stderr io.Writer) (*slog.Logger, error) {
	var lvl slog.Level
	switch strings.ToLower(g.logLevel) {
	case "debug":
		lvl = slog.LevelDebug
	case "info":
		lvl = slog.LevelInfo
	case "warn", "warning":
		lvl = slog.LevelWarn
	case "error":
		lvl = slog.LevelError
	default:
		return nil, withCode(exitError, fmt.Errorf("--log-level: unknown level %q (want %s)", g.logLevel, strings.Join(logLevels, ", ")))
	}
	return slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lvl, ReplaceAttr: cleanAttr})), nil
}

// cleanAttr keeps log values that came from the account or the endpoint
// from carrying control sequences to the terminal.
func cleanAttr(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindString {
		a.Value = slog.StringValue(textsafe.Clean(a.Value.String()))
	}
	return a
}
