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
	// The first Ctrl-C or SIGTERM stops collection, and the report of what
	// was collected is still written; once it has been received, signals
	// get their default effect back, so a second one ends the process even
	// if writing is stuck (an -o FIFO nobody reads).
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
