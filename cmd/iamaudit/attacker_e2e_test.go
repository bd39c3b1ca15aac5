package main

import "testing"

// TestScanAttackerFixture: trust and permission policies an attacker would
// read differently from a naive checker (issue 7, classes 4 and 5), collected
// through the fake and the real SDK, compared with the reviewed expected
// (rule, resource, status) set.
func TestScanAttackerFixture(t *testing.T) {
	isolateAWS(t)
	srv := startFake(t, "../../testdata/fixtures/attacker.yaml")
	code, stdout, stderr := runCLI(t, "scan", "--endpoint-url", srv.URL(), "--format", "json")
	wantExit(t, code, exitFindings, stderr)
	compareLines(t, "testdata/attacker.expected", triples(t, stdout))
}
