// Package golden is the one implementation of golden and expected-result
// files for the tests of every package: compare what a test produced with
// the reviewed file, or rewrite the file under -update (then review the
// diff: the goldens are the product).
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden and expected-result files from what the tests produce")

// Updating reports whether the run rewrites golden files (-update).
func Updating() bool { return *update }

// write rewrites path under -update and reports whether it did.
func write(t testing.TB, path string, data []byte) bool {
	t.Helper()
	if !*update {
		return false
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatalf("update %s: %v", path, err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatalf("update %s: %v", path, err)
	}
	return true
}

// read is the reviewed file; a missing one says how to create it.
func read(t testing.TB, path string) []byte {
	t.Helper()
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s (run the test with -update to create it): %v", path, err)
	}
	return want
}

// Check compares got with the file at path byte for byte.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if write(t, path, got) {
		return
	}
	if want := read(t, path); !bytes.Equal(got, want) {
		t.Errorf("%s differs (run the test with -update and review the diff):\n--- got ---\n%s", path, got)
	}
}

// CheckLines compares got with the lines of the file at path as sets,
// naming each line missing from got and each unexpected one: an expected
// (rule, resource, status) set reads better line by line than as a diff.
func CheckLines(t testing.TB, path string, got []string) {
	t.Helper()
	if write(t, path, []byte(strings.Join(got, "\n")+"\n")) {
		return
	}
	want := strings.Split(strings.TrimSuffix(string(read(t, path)), "\n"), "\n")
	in := func(list []string) map[string]bool {
		m := make(map[string]bool, len(list))
		for _, l := range list {
			m[l] = true
		}
		return m
	}
	gotSet, wantSet := in(got), in(want)
	for _, w := range want {
		if !gotSet[w] {
			t.Errorf("missing result: %s", w)
		}
	}
	for _, g := range got {
		if !wantSet[g] {
			t.Errorf("unexpected result: %s", g)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d results, want %d (%s)", len(got), len(want), path)
	}
}
