package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestTerminalStyleOffTerminal: files and pipes get no colour and the fixed
// width, whatever NO_COLOR says.
func TestTerminalStyleOffTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, w := range []any{&bytes.Buffer{}, f} {
		if color, width := terminalStyle(w.(interface{ Write([]byte) (int, error) })); color || width != 0 {
			t.Errorf("%T: colour %v, width %d; want no colour and the default width", w, color, width)
		}
	}
}
