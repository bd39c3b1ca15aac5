package report

import (
	"strings"
	"unicode/utf8"
)

// wrap breaks text into lines of at most width runes, at spaces where it can.
// Words longer than a line (ARNs, policy names) are split after a ':' or '/'
// when one falls in the line, else hard at the width, so no cell ever
// widens the table past the terminal. Existing newlines are kept.
func wrap(text string, width int) string {
	if width < 1 {
		width = 1
	}
	var out []string
	for _, para := range strings.Split(text, "\n") {
		var line []rune
		flush := func() {
			out = append(out, string(line))
			line = line[:0]
		}
		words := strings.Fields(para)
		if len(words) == 0 {
			out = append(out, "")
			continue
		}
		for _, word := range words {
			wr := []rune(word)
			switch {
			case len(line) > 0 && len(line)+1+len(wr) <= width:
				line = append(line, ' ')
				line = append(line, wr...)
				continue
			case len(line) > 0:
				flush()
			}
			for len(wr) > width {
				cut := breakAt(wr, width)
				out = append(out, string(wr[:cut]))
				wr = wr[cut:]
			}
			line = append(line, wr...)
		}
		flush()
	}
	return strings.Join(out, "\n")
}

// breakAt picks where to split an over-long word: just after the last ':',
// '/' or '-' within width runes, or at width when there is none.
func breakAt(wr []rune, width int) int {
	for i := width - 1; i > 0; i-- {
		if wr[i] == ':' || wr[i] == '/' || wr[i] == '-' {
			return i + 1
		}
	}
	return width
}

// maxLen is the longest value's length in runes, capped at limit.
func maxLen(limit int, values ...string) int {
	n := 0
	for _, v := range values {
		n = max(n, utf8.RuneCountInString(v))
	}
	return min(n, limit)
}

// Wrap is wrap for the CLI's other tables (the rule catalog, a framework's
// controls), so every table iamaudit prints breaks text the same way.
func Wrap(text string, width int) string { return wrap(text, width) }
