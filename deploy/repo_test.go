package deploy

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// maxTrackedSize is the largest file the repository may track: anything
// bigger is a build output, a dump or data that belongs elsewhere.
const maxTrackedSize = 1 << 20

// TestNoTrackedBinaryOrLargeFile: no tracked file is a binary (git's own
// test: a NUL byte in the first 8,000 bytes) or larger than 1 MB. A
// committed build of the CLI was both.
func TestNoTrackedBinaryOrLargeFile(t *testing.T) {
	files := trackedFiles(t)
	if len(files) == 0 {
		t.Fatal("git ls-files listed nothing")
	}
	for _, f := range files {
		p := filepath.Join(root, f)
		info, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		if !info.Mode().IsRegular() {
			continue // a symlink's target is tracked on its own
		}
		if info.Size() > maxTrackedSize {
			t.Errorf("%s is %d bytes, over the 1 MB limit for tracked files", f, info.Size())
		}
		fh, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		head := make([]byte, 8000)
		n, err := io.ReadFull(fh, head)
		fh.Close()
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			t.Fatal(err)
		}
		if bytes.IndexByte(head[:n], 0) >= 0 {
			t.Errorf("%s is a binary file (NUL byte in its first 8,000 bytes)", f)
		}
	}
}

// trackedFiles lists the repository's tracked files (slash-separated,
// relative to the root); the test skips outside a git checkout.
func trackedFiles(t *testing.T) []string {
	t.Helper()
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git command: cannot list tracked files")
	}
	cmd := exec.Command(gitBin, "ls-files", "-z")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("not a git checkout (git ls-files: %v)", err)
	}
	var files []string
	for _, f := range strings.Split(string(out), "\x00") {
		if f == "" {
			continue
		}
		// Deleted in the work tree but not yet in the index: not shipped.
		if _, err := os.Lstat(filepath.Join(root, f)); err != nil && os.IsNotExist(err) {
			continue
		}
		files = append(files, f)
	}
	return files
}
