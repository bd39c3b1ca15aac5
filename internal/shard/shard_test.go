package shard

import (
	"fmt"
	"testing"
)

func accounts(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%012d", 100000000000+i*7919)
	}
	return out
}

// TestPartition: for many N, every account is in exactly one shard.
func TestPartition(t *testing.T) {
	ids := accounts(500)
	for n := 1; n <= 40; n++ {
		seen := map[string]int{}
		for i := 0; i < n; i++ {
			for _, id := range (Spec{Index: i, Count: n}).Filter(ids) {
				seen[id]++
			}
		}
		for _, id := range ids {
			if seen[id] != 1 {
				t.Fatalf("N=%d: account %s is in %d shards", n, id, seen[id])
			}
		}
	}
}

// TestFewMoveWhenNGrows: growing N from 8 to 9 moves about 1/9 of the
// accounts, where index mod N would move most of them.
func TestFewMoveWhenNGrows(t *testing.T) {
	ids := accounts(300)
	moved := 0
	for _, id := range ids {
		if Of(id, 8) != Of(id, 9) {
			moved++
		}
	}
	if moved > len(ids)/4 {
		t.Errorf("N 8 -> 9 moved %d of %d accounts", moved, len(ids))
	}
}

// TestBalanced: no shard is empty or holds more than twice its share.
func TestBalanced(t *testing.T) {
	ids := accounts(1000)
	counts := make([]int, 10)
	for _, id := range ids {
		counts[Of(id, 10)]++
	}
	for i, c := range counts {
		if c < 50 || c > 200 {
			t.Errorf("shard %d holds %d of 1000", i, c)
		}
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Spec{"0/1": {0, 1}, "3/4": {3, 4}, " 2/10 ": {2, 10}} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "4/4", "-1/4", "1/0", "a/b", "1", "1/2/3"} {
		if _, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) accepted", in)
		}
	}
}
