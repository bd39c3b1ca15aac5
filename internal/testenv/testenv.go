// Package testenv is what the tests of several packages ask of the machine
// they run on.
package testenv

import (
	"os/exec"
	"testing"
)

// SlowCommand returns the path of the command name for a slow test (what
// says what the test does with it, e.g. "builds the binary"). The test is
// skipped under -short, and skipped with a message naming the command when
// it is not on PATH.
func SlowCommand(t testing.TB, name, what string) string {
	t.Helper()
	if testing.Short() {
		t.Skip(what + "; skipped with -short")
	}
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("no %s command on PATH (the test %s)", name, what)
	}
	return p
}
