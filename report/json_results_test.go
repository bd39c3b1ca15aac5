package report

import (
	"bufio"
	"bytes"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/iamaudit/iamaudit/result"
)

// The results section is the same whether its chunks are encoded by one
// worker or several, for plain results and for those the encoder writes
// (escapes, drift, suppressions), however the count falls on chunks.
func TestEncodeResultsInParallelAsInOne(t *testing.T) {
	for _, n := range []int{1, resultChunk - 1, resultChunk, resultChunk + 1, 7*resultChunk + 3} {
		rs := bigReport(n).Results
		for i := range rs {
			switch i % 11 {
			case 3:
				rs[i].Reason = "naïve <b>\"quoted\"</b>\n"
			case 7:
				rs[i].Tracking = &result.Tracking{Drift: result.DriftNew, FirstSeen: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
			case 9:
				rs[i].Status = result.Suppressed
				rs[i].Tracking = &result.Tracking{SuppressedStatus: result.Fail,
					Suppression: &result.Suppression{Index: 1, Rule: rs[i].RuleID, Resource: "*", Reason: "accepted", Owner: "me", Expires: "2027-01-01"}}
			}
		}
		want, err := appendResults(nil, newLineEncoder(), rs, 0, len(rs))
		if err != nil {
			t.Fatal(err)
		}
		for _, procs := range []int{1, 2, 3} {
			old := runtime.GOMAXPROCS(procs)
			var got bytes.Buffer
			bw := bufio.NewWriter(&got)
			err := encodeResults(bw, newLineEncoder(), rs)
			runtime.GOMAXPROCS(old)
			if err != nil {
				t.Fatal(err)
			}
			bw.Flush()
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("%d results on %d processors: the section differs from one worker's", n, procs)
			}
		}
		if bytes.Count(want, []byte("\n")) != n || bytes.Count(want, []byte(",\n")) != n-1 {
			t.Fatalf("%d results: want %d lines, all but the last with a comma", n, n)
		}
	}
}

// TestPlainJSONWordAtATime: the eight-bytes-at-a-time check agrees with
// the byte-by-byte definition for every byte value at every position of a
// word and of the tail, and on random strings.
func TestPlainJSONWordAtATime(t *testing.T) {
	byByte := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
				return false
			}
		}
		return true
	}
	base := []byte("abcdefghijklmnopqrs") // two words and a tail
	for pos := range base {
		for c := range 256 {
			b := bytes.Clone(base)
			b[pos] = byte(c)
			if s := string(b); plainJSON(s) != byByte(s) {
				t.Fatalf("%q: plainJSON %v, want %v", s, plainJSON(s), byByte(s))
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			// Mostly printable, sometimes anything.
			if rng.IntN(50) == 0 {
				b[i] = byte(rng.IntN(256))
			} else {
				b[i] = byte(0x20 + rng.IntN(0x5f))
			}
		}
		if s := string(b); plainJSON(s) != byByte(s) {
			t.Fatalf("%q: plainJSON %v, want %v", s, plainJSON(s), byByte(s))
		}
	}
}
