package textsafe

import (
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"alice", "alice"},
		{"al\x1b[31mice\x1b[0m", "alice"},
		{"\x1b]0;pwned\x07title", "title"},
		{"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"},
		{"a\x1bcb", "ab"},
		{"a\x00b\x7fc", "abc"},
		{"line1\nline2\r\tx", "line1 line2  x"},
		{"\u009b31mred", "red"},
		{"\u0085next", "next"},
		{"abc\u202edcba", "abcdcba"},
		{"caf\xe9", "caf\ufffd"},
		{"日本語", "日本語"},
		{"trailing\x1b", "trailing"},
		{"\x1b[", ""},
	} {
		if got := Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestQuote(t *testing.T) {
	if got, want := Quote("bob\x1b[2J", 100), `"bob"`; got != want {
		t.Errorf("Quote short = %s, want %s", got, want)
	}
	long := strings.Repeat("x", 250)
	got := Quote(long, 100)
	want := `"` + strings.Repeat("x", 100) + `"… (250 characters in all)`
	if got != want {
		t.Errorf("Quote long = %s, want %s", got, want)
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"a\x1b[31mb", "\x1b]0;x\x07", "\u009b1m", "\xff\xfe", "\u202e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Clean(s)
		for _, r := range c {
			if isControl(r) {
				t.Fatalf("Clean(%q) = %q keeps control %U", s, c, r)
			}
		}
		if Clean(c) != c {
			t.Fatalf("Clean is not idempotent on %q", s)
		}
	})
}

func TestShort(t *testing.T) {
	if got, want := Short("denied\x1b[2J now", 100), "denied now"; got != want {
		t.Errorf("Short = %q, want %q", got, want)
	}
	got := Short(strings.Repeat("é", 150), 100)
	want := strings.Repeat("é", 100) + "… (150 characters in all)"
	if got != want {
		t.Errorf("Short long = %q, want %q", got, want)
	}
}
