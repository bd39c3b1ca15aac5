package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/iamaudit/iamaudit/internal/fakeaws"
)

// BenchmarkOrgScan audits an organization of 100 member accounts of 200
// users each (and the management account) through the fake at 50 ms per
// call, with --parallel 16 and the default politeness (10 requests a second
// per account). The CLI runs as its own process, built from this package,
// so its peak resident memory (getrusage maxrss) is the CLI's alone, not the
// fake's. Reported: API calls served, wall time, peak RSS.
//
//	.ci/bench OrgScan
func BenchmarkOrgScan(b *testing.B) {
	mgmt, org := fakeaws.GenerateOrganization(100, 200, 1000)
	srv, err := fakeaws.NewOrganization(mgmt, org)
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	srv.SetResponseDelay(50 * time.Millisecond)
	isolateAWS(b)
	dir := b.TempDir()
	bin := filepath.Join(dir, "iamaudit")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	out := filepath.Join(dir, "org.json")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		before := srv.OrgTotalCalls()
		cmd := exec.Command(bin, "scan", "--org", "--parallel", "16", "--endpoint-url", srv.URL(), "-o", "json="+out)
		cmd.Env = os.Environ()
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != exitFindings {
			b.Fatalf("scan --org: %v; stderr:\n%s", err, stderr.String())
		}
		b.ReportMetric(float64(srv.OrgTotalCalls()-before), "calls/op")
		b.ReportMetric(wall.Seconds(), "wall-s/op")
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			b.ReportMetric(float64(ru.Maxrss)/1024, "peak-rss-MiB") // Linux reports KiB
		}
	}
}
