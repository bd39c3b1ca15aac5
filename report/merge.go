package report

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/iamaudit/iamaudit/result"
)

// Merge joins the reports of disjoint sets of accounts (the shards of one
// organization run, scan --shard I/N) into one organization report. It
// refuses, with a sentence naming the culprits, reports that cannot be
// parts of one run: different rule catalogs, frameworks, rule selections or
// partitions; an account in two reports; shards of different N, the same
// shard twice, or a shard missing. Results are kept as they are; controls
// are summed per control and their status derived again (FAIL if any rule
// failed, else UNKNOWN if any was unknown, else PASS; a control without
// rules keeps its status). The CLI derives controls from the merged results
// with the rule catalog instead when it is the shards' own.
func Merge(parts []*Report, names []string) (*Report, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("merge: no report given")
	}
	name := func(i int) string {
		if i < len(names) {
			return names[i]
		}
		return "report " + strconv.Itoa(i+1)
	}
	first := parts[0].Meta
	ruleIDs := func(r *Report) string {
		ids := make([]string, len(r.Rules))
		for i, ri := range r.Rules {
			ids[i] = ri.ID
		}
		return strings.Join(ids, ",")
	}
	owner := map[string]int{}
	shards := map[int]int{}
	count := -1
	meta := first
	meta.Shard, meta.Accounts, meta.EvidenceGaps, meta.Flags = "", nil, nil, nil
	var results []result.Result
	var infos []result.RuleInfo
	for i, p := range parts {
		m := p.Meta
		switch {
		case m.RuleCatalogVersion != first.RuleCatalogVersion:
			return nil, fmt.Errorf("merge: %s was judged with rule catalog %q and %s with %q: re-run the shards with one iamaudit version", name(0), first.RuleCatalogVersion, name(i), m.RuleCatalogVersion)
		case m.Framework != first.Framework:
			return nil, fmt.Errorf("merge: %s evaluated framework %q and %s %q", name(0), first.Framework, name(i), m.Framework)
		case ruleIDs(p) != ruleIDs(parts[0]):
			return nil, fmt.Errorf("merge: %s and %s evaluated different rules (--rule or --framework differ)", name(0), name(i))
		case m.Partition != first.Partition:
			return nil, fmt.Errorf("merge: %s is of partition %q and %s of %q", name(0), first.Partition, name(i), m.Partition)
		}
		if (m.Shard == "") != (first.Shard == "") {
			return nil, fmt.Errorf("merge: %s is a shard and %s is not", name(shardOf(parts, true)), name(shardOf(parts, false)))
		}
		if m.Shard != "" {
			idx, n, err := parseShard(m.Shard)
			if err != nil {
				return nil, fmt.Errorf("merge: %s: shard %q: %w", name(i), m.Shard, err)
			}
			if count >= 0 && n != count {
				return nil, fmt.Errorf("merge: %s is shard %s but %s is of %d shards: the shards come from different splits", name(i), m.Shard, name(0), count)
			}
			count = n
			if j, dup := shards[idx]; dup {
				return nil, fmt.Errorf("merge: %s and %s are both shard %s", name(j), name(i), m.Shard)
			}
			shards[idx] = i
		}
		accounts := m.Accounts
		if len(accounts) == 0 {
			accounts = []result.Account{{ID: m.AccountID, Name: m.AccountName}}
		}
		for _, a := range accounts {
			if j, dup := owner[a.ID]; dup {
				return nil, fmt.Errorf("merge: account %s is in both %s and %s: the reports overlap", a.ID, name(j), name(i))
			}
			owner[a.ID] = i
			meta.Accounts = append(meta.Accounts, a)
		}
		if m.CollectedAt.Before(meta.CollectedAt) {
			meta.CollectedAt = m.CollectedAt
		}
		meta.EvidenceGaps = append(meta.EvidenceGaps, m.EvidenceGaps...)
		results = append(results, p.Results...)
		infos = append(infos, p.Rules...)
	}
	if count > 0 {
		var missing []string
		for i := 0; i < count; i++ {
			if _, ok := shards[i]; !ok {
				missing = append(missing, strconv.Itoa(i)+"/"+strconv.Itoa(count))
			}
		}
		if len(missing) > 0 {
			return nil, fmt.Errorf("merge: shard %s missing: the organization report would leave its accounts out", strings.Join(missing, ", "))
		}
	}
	for _, f := range first.Flags {
		if !strings.HasPrefix(f, "--shard=") {
			meta.Flags = append(meta.Flags, f)
		}
	}
	slices.SortFunc(meta.Accounts, func(a, b result.Account) int { return cmp.Compare(a.ID, b.ID) })
	slices.Sort(meta.EvidenceGaps)
	merged := New(meta, infos, results, mergeControls(parts))
	merged.Admins = mergeAdmins(parts)
	return merged, nil
}

func shardOf(parts []*Report, sharded bool) int {
	for i, p := range parts {
		if (p.Meta.Shard != "") == sharded {
			return i
		}
	}
	return 0
}

func parseShard(s string) (idx, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	idx, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || idx < 0 || idx >= n {
		return 0, 0, fmt.Errorf("not I/N with 0 <= I < N")
	}
	return idx, n, nil
}

// mergeControls sums each control's counts over the reports, in the first
// report's order, and derives its status again.
func mergeControls(parts []*Report) []result.ControlResult {
	var out []result.ControlResult
	at := map[string]int{}
	for _, p := range parts {
		for _, c := range p.Controls {
			key := c.Framework + "\x00" + c.ID
			i, ok := at[key]
			if !ok {
				at[key] = len(out)
				c.Rules = slices.Clone(c.Rules)
				out = append(out, c)
				continue
			}
			m := &out[i]
			m.Failed += c.Failed
			m.Unknown += c.Unknown
			m.Passed += c.Passed
			if len(m.Rules) == 0 {
				continue
			}
			switch {
			case m.Failed > 0:
				m.Status = result.Fail
			case m.Unknown > 0:
				m.Status = result.Unknown
			case m.Passed > 0:
				m.Status = result.Pass
			}
		}
	}
	// A control's note explains its status: take it from a part whose
	// status is the merged one.
	noted := map[string]bool{}
	for _, p := range parts {
		for _, c := range p.Controls {
			key := c.Framework + "\x00" + c.ID
			if m := &out[at[key]]; !noted[key] && c.Status == m.Status {
				m.Note, noted[key] = c.Note, true
			}
		}
	}
	return out
}
