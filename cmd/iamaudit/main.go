// Command iamaudit audits the IAM posture of an AWS account: it collects
// evidence through the IAM and STS APIs, checks it against the CIS AWS
// Foundations Benchmark and Security Hub IAM controls, and prints a scored
// report.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
