//go:build unix

package main

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

func modeOf(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode()
}

func assertSymlink(t *testing.T, link, target string) {
	t.Helper()
	fi, err := os.Lstat(link)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("%s is no longer a symbolic link (mode %v)", link, fi.Mode())
	}
	if got, _ := os.Readlink(link); got != target {
		t.Fatalf("%s points at %s, want %s", link, got, target)
	}
}

func TestOutputExistingFileKeepsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.txt")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil { // whatever the umask
		t.Fatal(err)
	}
	if err := writeOutput(path, nil, writeString("new")); err != nil {
		t.Fatal(err)
	}
	if got := modeOf(t, path); got != 0o644 {
		t.Errorf("mode after rewrite = %v, want -rw-r--r--", got)
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := writeOutput(path, nil, writeString("newer")); err != nil {
		t.Fatal(err)
	}
	if got := modeOf(t, path); got != 0o640 {
		t.Errorf("mode after rewrite = %v, want -rw-r-----", got)
	}
	if data, _ := os.ReadFile(path); string(data) != "newer" {
		t.Errorf("content = %q", data)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestOutputNewFileModeHonoursUmask(t *testing.T) {
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	dir := t.TempDir()
	report, evidence, explicit := filepath.Join(dir, "r"), filepath.Join(dir, "e"), filepath.Join(dir, "x")
	if err := writeOutput(report, nil, writeString("r")); err != nil {
		t.Fatal(err)
	}
	if err := writeOutputMode(evidence, nil, outputMode{perm: evidenceFileMode}, writeString("e")); err != nil {
		t.Fatal(err)
	}
	mode, err := parseOutputMode("0604", reportFileMode)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeOutputMode(explicit, nil, mode, writeString("x")); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]fs.FileMode{report: 0o640, evidence: 0o600, explicit: 0o604} {
		if got := modeOf(t, path); got != want {
			t.Errorf("%s: mode %v, want %v", filepath.Base(path), got, want)
		}
	}
	// An explicit --output-mode also applies to a file that exists.
	if err := writeOutputMode(report, nil, mode, writeString("r2")); err != nil {
		t.Fatal(err)
	}
	if got := modeOf(t, report); got != 0o604 {
		t.Errorf("explicit mode on an existing file: %v, want 0604", got)
	}
}

func TestOutputThroughSymlinkToFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "reports", "latest.json")
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(target, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "report.json")
	if err := os.Symlink("reports/latest.json", link); err != nil {
		t.Fatal(err)
	}
	if err := writeOutput(link, nil, writeString("new")); err != nil {
		t.Fatal(err)
	}
	assertSymlink(t, link, "reports/latest.json")
	if data, _ := os.ReadFile(target); string(data) != "new" {
		t.Errorf("target content = %q, want the new report", data)
	}
	if got := modeOf(t, target); got != 0o644 {
		t.Errorf("target mode = %v, want 0644", got)
	}
	// A dangling link names the file to create.
	dangling := filepath.Join(dir, "next.json")
	if err := os.Symlink(filepath.Join(dir, "reports", "next.json"), dangling); err != nil {
		t.Fatal(err)
	}
	if err := writeOutput(dangling, nil, writeString("fresh")); err != nil {
		t.Fatal(err)
	}
	assertSymlink(t, dangling, filepath.Join(dir, "reports", "next.json"))
	if data, _ := os.ReadFile(filepath.Join(dir, "reports", "next.json")); string(data) != "fresh" {
		t.Errorf("dangling link target content = %q", data)
	}
}

func TestOutputThroughSymlinkToFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	link := filepath.Join(dir, "out")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	got := make(chan []byte)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- nil
			return
		}
		defer f.Close()
		data, _ := io.ReadAll(f)
		got <- data
	}()
	if err := writeOutput(link, nil, writeString("through the pipe")); err != nil {
		t.Fatal(err)
	}
	if data := <-got; string(data) != "through the pipe" {
		t.Errorf("read from FIFO %q", data)
	}
	assertSymlink(t, link, fifo)
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("FIFO replaced: %v, %v", fi.Mode(), err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("directory holds %d entries, want the FIFO and the link", len(entries))
	}
}

func TestOutputRefusesDirectory(t *testing.T) {
	dir := t.TempDir()
	err := writeOutput(dir, nil, writeString("x"))
	if err == nil || err.Error() != "write "+dir+": is a directory" {
		t.Errorf("err = %v", err)
	}
}

func TestOutputStdout(t *testing.T) {
	var buf bytes.Buffer
	if err := writeOutput("-", &buf, writeString("to stdout")); err != nil || buf.String() != "to stdout" {
		t.Errorf("stdout: %q, %v", buf.String(), err)
	}
}

func TestParseOutputMode(t *testing.T) {
	for _, bad := range []string{"644x", "0999", "1777", "rw-r--r--"} {
		if _, err := parseOutputMode(bad, reportFileMode); err == nil {
			t.Errorf("--output-mode %q accepted", bad)
		}
	}
	if m, err := parseOutputMode("0o640", reportFileMode); err != nil || m.perm != 0o640 || !m.explicit {
		t.Errorf("0o640: %+v, %v", m, err)
	}
}

// Through the CLI: a new evidence file is private, a new report is not.
func TestCLIOutputModes(t *testing.T) {
	isolateAWS(t)
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	srv := startFake(t, smallFixture)
	dir := t.TempDir()
	evidence, report := filepath.Join(dir, "evidence.json"), filepath.Join(dir, "report.json")
	if code, _, stderr := runCLI(t, "collect", "--endpoint-url", srv.URL(), "--requests-per-second", "0", "-o", evidence); code != exitClean {
		t.Fatalf("collect: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "scan", "--from", evidence, "--format", "json", "-o", report, "--fail-on", "none"); code != exitClean {
		t.Fatalf("scan: exit %d\n%s", code, stderr)
	}
	if got := modeOf(t, evidence); got != 0o600 {
		t.Errorf("evidence mode %v, want 0600", got)
	}
	if got := modeOf(t, report); got != 0o644 {
		t.Errorf("report mode %v, want 0644", got)
	}
	if code, _, stderr := runCLI(t, "scan", "--from", evidence, "--output-mode", "0640", "-o", report, "--fail-on", "none"); code != exitClean {
		t.Fatalf("scan --output-mode: exit %d\n%s", code, stderr)
	}
	if got := modeOf(t, report); got != 0o640 {
		t.Errorf("report mode with --output-mode 0640: %v", got)
	}
	if code, _, stderr := runCLI(t, "scan", "--from", evidence, "--output-mode", "rw", "-o", report); code != exitError || !strings.Contains(stderr, `--output-mode "rw": want octal permissions`) {
		t.Errorf("bad --output-mode: exit %d, %s", code, stderr)
	}
}
