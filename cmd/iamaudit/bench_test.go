package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/internal/fakeaws"
	"github.com/iamaudit/iamaudit/report"
	"github.com/iamaudit/iamaudit/rules"
)

// benchSizes are the accounts the evaluation and report benchmarks run on:
// a mid-size account, IAM's per-account user quota, and twice that (an
// evidence file joined from several accounts, or a future quota).
var benchSizes = []int{1000, 5000, 10000}

// benchEvidence collects a generated account of users through the real SDK
// from the fake into an evidence file under dir, once per size.
func benchEvidence(b *testing.B, dir string, users int) string {
	b.Helper()
	path := filepath.Join(dir, fmt.Sprintf("evidence-%d.json", users))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	srv := fakeaws.New(fakeaws.Generate(users, 7))
	defer srv.Close()
	if code := run(testContext(b), []string{"collect", "--endpoint-url", srv.URL(), "--requests-per-second", "0", "-o", path}, &bytes.Buffer{}, os.Stderr); code != exitClean {
		b.Fatalf("collect %d users: exit %d", users, code)
	}
	return path
}

func benchSnapshot(b *testing.B, path string) *audit.Snapshot {
	b.Helper()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	s, err := audit.ReadSnapshot(f)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// eachSize runs bench once per benchmark size, on that account's evidence
// file.
func eachSize(b *testing.B, bench func(b *testing.B, evidence string)) {
	env(b)
	dir := b.TempDir()
	for _, n := range benchSizes {
		path := benchEvidence(b, dir, n)
		b.Run(fmt.Sprintf("users=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			bench(b, path)
		})
	}
}

// BenchmarkScanFrom measures `scan --from EVIDENCE -f json` end to end,
// in process: reading the evidence, evaluating every rule, every
// framework's controls, the report and the JSON writer.
func BenchmarkScanFrom(b *testing.B) {
	eachSize(b, func(b *testing.B, path string) {
		for b.Loop() {
			// Exit 2 is a complete run too: generated accounts hold no Lambda
			// inventory, so some paths to admin are rightly UNKNOWN.
			if code := run(testContext(b), []string{"scan", "--from", path, "--format", "json", "--fail-on", "none"}, io.Discard, os.Stderr); code != exitClean && code != exitIncomplete {
				b.Fatalf("exit %d", code)
			}
		}
	})
}

// BenchmarkReadEvidence measures audit.ReadSnapshot alone.
func BenchmarkReadEvidence(b *testing.B) {
	eachSize(b, func(b *testing.B, path string) {
		for b.Loop() {
			benchSnapshot(b, path)
		}
	})
}

// BenchmarkEvaluate measures rules.Evaluate of the whole catalog alone.
func BenchmarkEvaluate(b *testing.B) {
	eachSize(b, func(b *testing.B, path string) {
		snap := benchSnapshot(b, path)

		for b.Loop() {
			rules.Evaluate(snap, rules.All(), rules.Config{})
		}
	})
}

// BenchmarkEvaluateWithoutAdminGraph measures rules.Evaluate of the catalog
// without the two rules that build the admin graph (IAM-ADMIN-*): the
// rest of the evaluation, which runs beside the graph.
func BenchmarkEvaluateWithoutAdminGraph(b *testing.B) {
	var rest []rules.Rule
	for _, r := range rules.All() {
		if r.ID != rules.AdminEscalationPath.ID && r.ID != rules.AdminUnprotected.ID {
			rest = append(rest, r)
		}
	}
	eachSize(b, func(b *testing.B, path string) {
		snap := benchSnapshot(b, path)
		for b.Loop() {
			rules.Evaluate(snap, rest, rules.Config{})
		}
	})
}

// BenchmarkWriters measures each report format's writer alone, on the
// report of a generated account (the table with --all as well).
func BenchmarkWriters(b *testing.B) {
	env(b)
	dir := b.TempDir()
	for _, n := range benchSizes {
		snap := benchSnapshot(b, benchEvidence(b, dir, n))
		res := rules.Evaluate(snap, rules.All(), rules.Config{})
		rep := report.NewOwning(metaOf(snap, "", rules.Config{}), ruleInfos(rules.All()), res, nil)
		formats := append(report.Formats(), "table-all")
		for _, f := range formats {
			opts := report.Options{Region: "eu-west-1"}
			name := f
			if f == "table-all" {
				name, opts.All = "table", true
			}
			w, err := report.ForFormat(name, opts)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("users=%d/format=%s", n, f), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := w.Write(io.Discard, rep); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
