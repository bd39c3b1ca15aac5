// Package shard splits a list of AWS account IDs into N disjoint shards,
// one per machine, deterministically and without coordination.
//
// The scheme is rendezvous (highest-random-weight) hashing: account a goes
// to the shard i in [0, N) whose SHA-256 of "a/i" is largest. Every machine
// computes the same answer from the account ID and N alone, so the shards
// are a partition whatever order each machine lists the accounts in, and
// adding or removing an account never moves any other account (index mod N
// over the sorted list would shift every account after an insertion, so a
// new account would reshuffle most shards' work and their drift history).
// Changing N moves only about 1/N of the accounts.
package shard

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
)

// Spec is shard Index of Count (0 <= Index < Count).
type Spec struct {
	Index, Count int
}

// String renders the spec as the CLI takes it, "I/N".
func (s Spec) String() string { return strconv.Itoa(s.Index) + "/" + strconv.Itoa(s.Count) }

// Parse reads "I/N" with 0 <= I < N.
func Parse(s string) (Spec, error) {
	i, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return Spec{}, fmt.Errorf("shard %q is not I/N (e.g. 0/4: the first of four shards)", s)
	}
	idx, err1 := strconv.Atoi(i)
	cnt, err2 := strconv.Atoi(n)
	switch {
	case err1 != nil || err2 != nil:
		return Spec{}, fmt.Errorf("shard %q is not I/N with whole numbers I and N", s)
	case cnt < 1 || cnt > 100000:
		return Spec{}, fmt.Errorf("shard %q: N must be between 1 and 100000", s)
	case idx < 0 || idx >= cnt:
		return Spec{}, fmt.Errorf("shard %q: I must be between 0 and N-1 (shards are numbered from 0, as JOB_COMPLETION_INDEX and AWS_BATCH_JOB_ARRAY_INDEX are)", s)
	}
	return Spec{Index: idx, Count: cnt}, nil
}

// Of returns the shard, in [0, n), that account belongs to.
func Of(account string, n int) int {
	best, bestW := 0, uint64(0)
	for i := 0; i < n; i++ {
		h := sha256.Sum256([]byte(account + "/" + strconv.Itoa(i)))
		if w := binary.BigEndian.Uint64(h[:8]); i == 0 || w > bestW {
			best, bestW = i, w
		}
	}
	return best
}

// Filter returns the accounts of ids that belong to s, in their order.
func (s Spec) Filter(ids []string) []string {
	var out []string
	for _, id := range ids {
		if Of(id, s.Count) == s.Index {
			out = append(out, id)
		}
	}
	return out
}
