// Package textsafe makes text that came from an AWS account or endpoint safe
// to show on a terminal. User names, policy text and error messages are
// chosen by whoever controls the account (or the endpoint); printed raw, an
// escape sequence in them can recolour, move the cursor, rewrite the title or
// hide lines of the report a person reads. Machine formats keep the exact
// value and escape it as their format requires; only human-facing text goes
// through here.
package textsafe

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Clean returns s with every control character removed: C0 controls, DEL,
// C1 controls and whole ANSI escape sequences (CSI, OSC, DCS and two-byte ESC
// sequences), plus the Unicode bidirectional overrides that can make text
// read differently from what it is. Tab, newline and carriage return become a
// single space so a value cannot forge extra lines. Invalid UTF-8 becomes
// U+FFFD. Clean returns s itself when there is nothing to remove.
func Clean(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
			i++
			continue
		case r == 0x1b: // ESC
			i += escapeLen(s[i:])
			continue
		case r == 0x9b: // C1 CSI: same as ESC [
			i += size + csiBodyLen(s[i+size:])
			continue
		case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f: // C1 OSC, DCS, SOS, PM, APC
			i += size + stringBodyLen(s[i+size:])
			continue
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case isControl(r):
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Quote cleans s and, when it is longer than max runes, keeps only its first
// max runes and says how long it was, so an error message about a hostile
// 1 MB value stays one readable line. The result is double-quoted.
func Quote(s string, max int) string {
	c, cut := truncate(Clean(s), max)
	if !cut {
		return fmt.Sprintf("%q", c)
	}
	return fmt.Sprintf("%q… (%d characters in all)", c, utf8.RuneCountInString(s))
}

// truncate keeps the first max runes of s, reporting whether it cut; max
// <= 0 keeps everything.
func truncate(s string, max int) (string, bool) {
	if max <= 0 || utf8.RuneCountInString(s) <= max {
		return s, false
	}
	for i := range s {
		if max == 0 {
			return s[:i], true
		}
		max--
	}
	return s, false
}

func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f || c >= 0x80 {
			return false
		}
	}
	return true
}

func isControl(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		// Bidirectional embeddings, overrides, isolates and marks.
		return true
	}
	return false
}

// escapeLen is the length of the escape sequence at the start of s (which
// starts with ESC), so the whole sequence is dropped, not just its ESC.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		return 2 + csiBodyLen(s[2:])
	case ']', 'P', 'X', '^', '_':
		return 2 + stringBodyLen(s[2:])
	}
	if s[1] < 0x20 || s[1] == 0x7f {
		return 1
	}
	_, size := utf8.DecodeRuneInString(s[1:])
	return 1 + size
}

// csiBodyLen: parameter and intermediate bytes, then one final byte 0x40–0x7e.
func csiBodyLen(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x40 && s[i] <= 0x7e {
			return i + 1
		}
		if s[i] < 0x20 || s[i] > 0x3f && s[i] < 0x40 || s[i] >= 0x80 {
			return i
		}
	}
	return len(s)
}

// stringBodyLen: everything up to and including BEL, ST (ESC \) or C1 ST.
func stringBodyLen(s string) int {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		case s[i] == 0xc2 && i+1 < len(s) && s[i+1] == 0x9c:
			return i + 2
		}
	}
	return len(s)
}

// Short cleans s and, when it is longer than max runes, keeps its first max
// runes and says how long it was, unquoted: for a whole message (an error
// from an endpoint) rather than one value inside a sentence.
func Short(s string, max int) string {
	c, cut := truncate(Clean(s), max)
	if !cut {
		return c
	}
	return fmt.Sprintf("%s… (%d characters in all)", c, utf8.RuneCountInString(s))
}
