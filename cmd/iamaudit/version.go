package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// Stamped at build time (README "Building"; the Dockerfile does the same):
//
//	go build -trimpath -ldflags "-X main.version=v1.2.3 -X main.commit=$(git rev-parse HEAD) -X main.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)" ./cmd/iamaudit
//
// Unstamped builds fall back on what the Go toolchain recorded (see buildOf).
var (
	version = ""
	commit  = ""
	date    = ""
)

// build is what this binary knows about its own origin.
type build struct {
	version string
	commit  string
	// date is when the binary was built (stamped) or, failing that, when its
	// commit was made (vcs.time): dateKind says which, so the report never
	// calls a commit time a build time.
	date     string
	dateKind string
}

// buildOf combines the stamped values with the toolchain's build info: a
// stamped value wins; otherwise the module version (set by 'go install
// module@version'), the VCS revision (with -dirty for a modified tree) and
// the commit time. Nothing known gives version "dev".
func buildOf(stampVersion, stampCommit, stampDate string, info *debug.BuildInfo) build {
	b := build{version: stampVersion, commit: stampCommit, date: stampDate}
	if b.date != "" {
		b.dateKind = "built"
	}
	if info != nil {
		if v := info.Main.Version; b.version == "" && v != "" && v != "(devel)" {
			b.version = v
		}
		var rev, vcsTime string
		dirty := false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				vcsTime = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if b.commit == "" && rev != "" {
			if len(rev) > 12 {
				rev = rev[:12]
			}
			if dirty {
				rev += "-dirty"
			}
			b.commit = rev
		}
		if b.date == "" && vcsTime != "" {
			b.date, b.dateKind = vcsTime, "committed"
		}
	}
	if b.version == "" {
		b.version = "dev"
	}
	return b
}

// String is the full version: "v1.2.3 (commit 0123abcd, built
// 2026-11-29T20:00:00Z)", or just "dev" when nothing else is known.
func (b build) String() string {
	var details []string
	if b.commit != "" {
		details = append(details, "commit "+b.commit)
	}
	if b.date != "" {
		details = append(details, b.dateKind+" "+b.date)
	}
	if len(details) == 0 {
		return b.version
	}
	return b.version + " (" + strings.Join(details, ", ") + ")"
}

// toolVersion is the full version recorded in evidence and shown in every
// report, so a report can be traced to the exact build that wrote it.
func toolVersion() string {
	info, _ := debug.ReadBuildInfo()
	return buildOf(version, commit, date, info).String()
}

// versionLine is what both 'iamaudit version' and 'iamaudit --version' print.
func versionLine() string {
	return fmt.Sprintf("iamaudit %s %s %s/%s\n", toolVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func newVersionCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the iamaudit version, commit and build date",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := io.WriteString(stdout, versionLine())
			return err
		},
	}
}
