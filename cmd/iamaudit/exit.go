package main

import "errors"

// Exit codes. They are part of the CLI contract (README "Exit codes"):
// schedulers and CI gates key on them.
const (
	// exitClean: no failing finding at or above --fail-on and all evidence was seen.
	exitClean = 0
	// exitFindings: at least one FAIL at or above --fail-on.
	exitFindings = 1
	// exitIncomplete: no gating finding, but some results are UNKNOWN because
	// evidence could not be collected; the score may be too kind.
	exitIncomplete = 2
	// exitError: bad usage (flags, config, input files) or a runtime error
	// (no credentials, unreachable endpoint, unwritable output).
	exitError = 3
)

// exitError carries an exit code out of a cobra RunE.
type codeError struct {
	code int
	err  error
}

func (e *codeError) Error() string { return e.err.Error() }
func (e *codeError) Unwrap() error { return e.err }

// withCode attaches an exit code to err.
func withCode(code int, err error) error { return &codeError{code: code, err: err} }

// exitCodeOf returns the exit code err carries, or exitError.
func exitCodeOf(err error) int {
	var ce *codeError
	if errors.As(err, &ce) {
		return ce.code
	}
	return exitError
}
