//go:build unix

package main

import (
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives the replacement file the old file's owner and group, so
// a report that root rewrites stays readable by whoever owned it. Without
// the privilege to do so (the usual case when not root), the new file
// belongs to the writer, as any rewritten file would.
func keepOwner(f *os.File, old fs.FileInfo) {
	if st, ok := old.Sys().(*syscall.Stat_t); ok {
		_ = f.Chown(int(st.Uid), int(st.Gid))
	}
}
