package report

import (
	"fmt"
	"io"
	"testing"

	"github.com/iamaudit/iamaudit/result"
)

// bigReport has n results spread over statuses and severities.
func bigReport(n int) *Report {
	statuses := []result.Status{result.Fail, result.Pass, result.Pass, result.Unknown, result.Manual}
	rs := make([]result.Result, n)
	for i := range rs {
		rs[i] = result.Result{
			RuleID:       fmt.Sprintf("IAM-RULE-%02d", i%40),
			Severity:     result.Severities[i%len(result.Severities)],
			Status:       statuses[i%len(statuses)],
			ResourceType: "AWS::IAM::User",
			Resource:     fmt.Sprintf("arn:aws:iam::123456789012:user/team-%d/user-%d", i%17, i),
			ResourceName: fmt.Sprintf("user-%d", i),
			Reason:       "access key 1 is 212 days old (> 90) and was last used yesterday from an unusual region",
		}
	}
	infos := make([]result.RuleInfo, 40)
	for i := range infos {
		infos[i] = result.RuleInfo{ID: fmt.Sprintf("IAM-RULE-%02d", i), Title: "A representative rule title",
			Severity:    result.Severities[i%len(result.Severities)],
			Remediation: "Rotate the key: create a new one, move consumers, deactivate and delete the old key."}
	}
	return New(fixtureMeta(), infos, rs, fixtureControls())
}

func benchmarkWriter(b *testing.B, w Writer) {
	r := bigReport(10000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := w.Write(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTable10000Results(b *testing.B) {
	benchmarkWriter(b, &TableWriter{Options: Options{All: true}})
}

func BenchmarkJSON10000Results(b *testing.B) { benchmarkWriter(b, JSONWriter{}) }

func BenchmarkCSV10000Results(b *testing.B)   { benchmarkWriter(b, CSVWriter{}) }
func BenchmarkHTML10000Results(b *testing.B)  { benchmarkWriter(b, HTMLWriter{}) }
func BenchmarkSARIF10000Results(b *testing.B) { benchmarkWriter(b, SARIFWriter{}) }
func BenchmarkASFF10000Results(b *testing.B)  { benchmarkWriter(b, ASFFWriter{Region: "eu-west-1"}) }
func BenchmarkOCSF10000Results(b *testing.B)  { benchmarkWriter(b, OCSFWriter{}) }
func BenchmarkMarkdown10000Results(b *testing.B) {
	benchmarkWriter(b, MarkdownWriter{})
}
