package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// fakeTerminal makes every stderr count as a terminal for the test.
func fakeTerminal(t *testing.T) {
	old := isTerminal
	isTerminal = func(io.Writer) bool { return true }
	t.Cleanup(func() { isTerminal = old })
}

// TestProgressOnTerminalOnly: on a terminal, collecting draws one line
// redrawn in place (stages, pages and items, elapsed) and clears it before
// the warnings; elsewhere, or with --quiet, stderr carries no progress.
func TestProgressOnTerminalOnly(t *testing.T) {
	srv := startDenied(t, "ListServerCertificates")
	scan := []string{"scan", "--endpoint-url", srv.URL(), "--requests-per-second", "0", "-f", "json", "--fail-on", "none"}

	fakeTerminal(t)
	code, out, stderr := runCLI(t, scan...)
	if code != exitIncomplete || !strings.HasPrefix(out, "{") {
		t.Fatalf("exit %d, stdout %.40q", code, out)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`\r\x1b\[Kiamaudit: collecting, \d+s elapsed, 0 of 1 sources done; account summary: started`),
		regexp.MustCompile(`authorization: page 1, 25 items`),
		regexp.MustCompile(`credential report: waiting for IAM \(poll 1; IAM answered STARTED\)`),
		regexp.MustCompile(`access analyzers: [a-z]+-[a-z]+-\d page 1, \d+ items`),
		regexp.MustCompile(`, 12 of 12 sources done`), // summary, then report, policy, MFA, authorization, certificates, regions, 5 account and organization sources
		// Cleared before the warning, which starts at the line's beginning.
		regexp.MustCompile(`\r\x1b\[Kwarning: [^\r]*ListServerCertificates`),
	} {
		if !want.MatchString(stderr) {
			t.Errorf("stderr lacks %s:\n%q", want, stderr)
		}
	}
	if lines := strings.Split(stderr, "\n"); !strings.Contains(lines[0], "\r") {
		t.Errorf("the progress is not drawn in place on one line:\n%q", stderr)
	}

	// The same account without the credential report's generation delay,
	// to keep the test short: no progress with --quiet or a verbose log,
	// none when stderr is not a terminal.
	fixture, err := os.ReadFile(smallFixture)
	if err != nil {
		t.Fatal(err)
	}
	quick := filepath.Join(t.TempDir(), "quick.yaml")
	if err := os.WriteFile(quick, bytes.Replace(fixture, []byte("in_progress_polls: 1"), []byte("in_progress_polls: 0"), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	srv = startFake(t, quick)
	collect := []string{"collect", "--endpoint-url", srv.URL(), "--requests-per-second", "0", "-o", filepath.Join(t.TempDir(), "e.json")}
	for _, quiet := range [][]string{{"--quiet"}, {"-q"}, {"--log-level", "debug"}} {
		if code, _, stderr := runCLI(t, append(collect, quiet...)...); code != exitClean || strings.Contains(stderr, "iamaudit: collecting") {
			t.Errorf("%v: exit %d, progress drawn:\n%q", quiet, code, stderr)
		}
	}
	isTerminal = func(io.Writer) bool { return false }
	if code, _, stderr := runCLI(t, collect...); code != exitClean || stderr != "" {
		t.Errorf("not a terminal: exit %d, stderr %q", code, stderr)
	}
}
