package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/internal/testenv"
)

func TestBuildOf(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i+1 < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	const rev = "0123456789abcdef0123456789abcdef01234567"
	for name, tc := range map[string]struct {
		version, commit, date string
		info                  *debug.BuildInfo
		want                  string
	}{
		"nothing known": {info: nil, want: "dev"},
		"devel build without vcs": {
			info: &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}},
			want: "dev",
		},
		"stamped": {
			version: "v1.2.3", commit: "abc1234", date: "2026-11-29T20:00:00Z",
			info: &debug.BuildInfo{Main: debug.Module{Version: "v0.0.1"}, Settings: vcs("vcs.revision", rev, "vcs.time", "2026-01-01T00:00:00Z")},
			want: "v1.2.3 (commit abc1234, built 2026-11-29T20:00:00Z)",
		},
		"go install module@version": {
			info: &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}},
			want: "v1.4.0",
		},
		// The commit time is not the build time, and says so.
		"git checkout, modified": {
			info: &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("vcs.revision", rev, "vcs.time", "2026-11-28T10:00:00Z", "vcs.modified", "true")},
			want: "dev (commit 0123456789ab-dirty, committed 2026-11-28T10:00:00Z)",
		},
		"stamped version only, vcs fills the rest": {
			version: "v2.0.0",
			info:    &debug.BuildInfo{Settings: vcs("vcs.revision", rev, "vcs.modified", "false")},
			want:    "v2.0.0 (commit 0123456789ab)",
		},
	} {
		if got := buildOf(tc.version, tc.commit, tc.date, tc.info).String(); got != tc.want {
			t.Errorf("%s: %q, want %q", name, got, tc.want)
		}
	}
}

// TestVersionFlag: --version and 'version' print the same line, which
// carries the version every report carries.
func TestVersionFlag(t *testing.T) {
	code, flagOut, stderr := runCLI(t, "--version")
	if code != exitClean {
		t.Fatalf("--version: exit %d; stderr: %s", code, stderr)
	}
	_, cmdOut, _ := runCLI(t, "version")
	want := "iamaudit " + toolVersion() + " " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + "\n"
	if flagOut != want || cmdOut != want {
		t.Errorf("--version %q, version %q, want %q", flagOut, cmdOut, want)
	}
}

// TestStampedBuild builds the binary the way README "Building" and the
// Dockerfile do and checks that the stamped version, commit and date reach
// --version and the report's meta.
func TestStampedBuild(t *testing.T) {
	goBin := testenv.SlowCommand(t, "go", "builds the binary")
	bin := filepath.Join(t.TempDir(), "iamaudit")
	const full = "v9.8.7 (commit 4b825dc642cb, built 2026-11-29T20:00:00Z)"
	ldflags := "-X main.version=v9.8.7 -X main.commit=4b825dc642cb -X main.date=2026-11-29T20:00:00Z"
	build := exec.Command(goBin, "build", "-trimpath", "-ldflags", ldflags, "-o", bin, ".")
	build.Env = append(build.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil || !strings.HasPrefix(string(out), "iamaudit "+full+" go") {
		t.Errorf("--version: %q (%v), want it to start with %q", out, err, "iamaudit "+full)
	}
	// Exit 1: the sample has failing findings; the report is written anyway.
	out, _ = exec.Command(bin, "scan", "--from", sampleEvidence, "-f", "json").Output()
	var rep struct {
		Meta struct {
			ToolVersion string `json:"tool_version"`
		} `json:"meta"`
	}
	if err := json.Unmarshal(out, &rep); err != nil || rep.Meta.ToolVersion != full {
		t.Errorf("report meta.tool_version = %q (%v), want %q", rep.Meta.ToolVersion, err, full)
	}
}
