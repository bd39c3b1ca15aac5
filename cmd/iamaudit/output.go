package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Permissions of a new output file (before the umask): reports are for
// sharing; evidence describes the account in detail and stays private.
const (
	reportFileMode   fs.FileMode = 0o644
	evidenceFileMode fs.FileMode = 0o600
)

// outputMode says which permissions a written regular file gets.
type outputMode struct {
	// perm is the mode of a new file, reduced by the umask.
	perm fs.FileMode
	// explicit is set by --output-mode: perm then applies exactly, to new
	// and replaced files alike, whatever the umask or the old file's mode.
	explicit bool
}

// parseOutputMode reads --output-mode (octal, e.g. 0640); "" keeps def.
func parseOutputMode(s string, def fs.FileMode) (outputMode, error) {
	if s == "" {
		return outputMode{perm: def}, nil
	}
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "0o"), 8, 32)
	if err != nil || v > 0o777 {
		return outputMode{}, fmt.Errorf("--output-mode %q: want octal permissions such as 0644 or 0600", s)
	}
	return outputMode{perm: fs.FileMode(v), explicit: true}, nil
}

// writeOutput writes through fn to stdout when path is "" or "-", else to
// the file at path, as a report: a new file gets 0644 minus the umask, an
// existing one keeps its mode (see writeOutputMode).
func writeOutput(path string, stdout io.Writer, fn func(io.Writer) error) error {
	return writeOutputMode(path, stdout, outputMode{perm: reportFileMode}, fn)
}

// writeOutputMode writes through fn to stdout when path is "" or "-", else
// to path:
//   - A regular file (new or existing) is replaced atomically: written to a
//     temporary sibling, fsynced, renamed over it, and the directory fsynced,
//     so a failed or interrupted run never leaves a truncated report where
//     a scheduler expects one. It keeps an existing file's permissions (and,
//     where allowed, owner); a new one gets mode.perm minus the umask.
//   - A symbolic link is followed: its final target is written that way
//     and the link stays a link.
//   - Anything else that exists (a character device such as /dev/null, a
//     FIFO, /dev/stdout) is opened and written through, never renamed over:
//     a root run must not replace a device with a regular file.
func writeOutputMode(path string, stdout io.Writer, mode outputMode, fn func(io.Writer) error) error {
	if path == "" || path == "-" {
		return fn(stdout)
	}
	if err := writeFile(path, mode, fn); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func writeFile(path string, mode outputMode, fn func(io.Writer) error) error {
	// Stat follows links, so /dev/stdout (a link to /proc/self/fd/1) is
	// seen as the pipe or terminal it is and opened through its own name.
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return errors.New("is a directory")
	case err == nil && !fi.Mode().IsRegular():
		return writeThrough(path, fn)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return err
	}
	target, err := resolveLinks(path)
	if err != nil {
		return err
	}
	return replaceFile(target, fi, mode, fn)
}

// writeThrough writes to an existing non-regular file in place.
func writeThrough(path string, fn func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := fn(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// maxLinkHops bounds symlink resolution, as the kernel's ELOOP does.
const maxLinkHops = 40

// resolveLinks follows path's symbolic links to the file they end at,
// which may not exist yet (a dangling link names the file to create).
func resolveLinks(path string) (string, error) {
	for range maxLinkHops {
		fi, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return path, nil
		}
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		path = dest
	}
	return "", errors.New("too many levels of symbolic links")
}

// replaceFile atomically replaces (or creates) the regular file target;
// old is its FileInfo when it exists.
func replaceFile(target string, old fs.FileInfo, mode outputMode, fn func(io.Writer) error) error {
	dir := filepath.Dir(target)
	tmp, err := createTemp(dir, "."+filepath.Base(target)+".tmp", mode.perm)
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if err := fillTemp(tmp, old, mode, fn); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return err
	}
	return syncDir(dir)
}

func fillTemp(tmp *os.File, old fs.FileInfo, mode outputMode, fn func(io.Writer) error) error {
	switch {
	case mode.explicit:
		if err := tmp.Chmod(mode.perm); err != nil {
			return err
		}
	case old != nil:
		if err := tmp.Chmod(old.Mode().Perm()); err != nil {
			return err
		}
		keepOwner(tmp, old)
	}
	if err := fn(tmp); err != nil {
		return err
	}
	return tmp.Sync()
}

// createTemp creates a new file in dir named prefix plus a random suffix,
// with perm reduced by the process umask (os.CreateTemp always uses 0600).
func createTemp(dir, prefix string, perm fs.FileMode) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, prefix+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, errors.New("cannot create a temporary file next to it")
}

// syncDir makes a rename in dir durable. It is best effort: some
// filesystems cannot fsync a directory, and the data itself is already
// synced, so only the rename's durability across a crash is at stake.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	_ = d.Sync()
	return d.Close()
}

// readInput opens path for reading; "-" is stdin.
func readInput(path string, stdin io.Reader) (io.ReadCloser, error) {
	if path == "-" {
		return io.NopCloser(stdin), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return f, nil
}
