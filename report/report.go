// Package report turns evaluation results into a scored report and renders it
// in the formats people and pipelines consume (table, JSON, CSV, SARIF, JUnit,
// HTML, ASFF). It sees only the result package: never evidence, never rules.
package report

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/iamaudit/iamaudit/result"
)

// Report is one scan's results, ordered for reading, with its score.
type Report struct {
	Meta  result.Meta
	Score Score
	// Rules holds the metadata of every rule evaluated, sorted by ID, once:
	// rules that produced no result are listed too, so a reader sees what
	// was checked.
	Rules   []result.RuleInfo
	Results []result.Result
	// Controls is the selected framework's controls (--framework).
	Controls []result.ControlResult
	// Compliance, when the caller fills it, holds every framework's
	// controls for the HTML compliance view; writers that list controls
	// (table, JSON) keep to Controls.
	Compliance []result.ControlResult
	// Suppressions, when the --config file has any, is every entry's
	// outcome in file order: writers list the expired and stale ones so
	// they get renewed or removed.
	Suppressions []result.SuppressionOutcome
	// Drift, when the scan was compared with a baseline (--baseline),
	// summarises the comparison; each result carries its own Drift.
	Drift *result.DriftSummary
	// Accounts ranks the accounts of a multi-account run, worst first,
	// each with its own score and counts per severity; nil for one account.
	Accounts []AccountScore
	// Admins is the administrator inventory, one per account (see
	// admins.go); nil when the scan did not assess administrators, which
	// writers keep apart from an account where none was found.
	Admins []result.AdminInventory

	ruleIndex map[string]int
}

// New builds a report. Results are copied and sorted (see SortResults) so
// every writer, and every run over the same evidence, lists them in the same
// order; controls keep the caller's order because framework order (1.2 before
// 1.10) is not lexical. infos describes the rules evaluated: writers read a
// result's title, remediation and controls there, by rule ID, so results do
// not carry a copy each; a result whose rule is not among them gets an entry
// with the rule ID and the result's severity only.
func New(meta result.Meta, infos []result.RuleInfo, results []result.Result, controls []result.ControlResult) *Report {
	return NewOwning(meta, infos, slices.Clone(results), controls)
}

// NewOwning is New without the copy: the report takes results over and
// sorts them in place, so the caller must not use the slice afterwards. An
// organization's results are the bulk of a run's memory; one copy of them
// is enough.
func NewOwning(meta result.Meta, infos []result.RuleInfo, rs []result.Result, controls []result.ControlResult) *Report {
	names := map[string]string{meta.AccountID: meta.AccountName}
	for _, a := range meta.Accounts {
		names[a.ID] = a.Name
	}
	// Results come in runs of one account: a name is looked up once per run.
	lastID, lastName := "", names[""]
	for i := range rs {
		// rules.Evaluate stamps the account; results built by hand or read
		// from a version-1 file take the report's.
		if rs[i].AccountID == "" {
			rs[i].AccountID = meta.AccountID
		}
		if rs[i].AccountName == "" {
			if id := rs[i].AccountID; id != lastID {
				lastID, lastName = id, names[id]
			}
			if lastName != "" {
				rs[i].AccountName = lastName
			}
		}
	}
	SortResults(rs)
	r := &Report{
		Meta:      meta,
		Score:     ComputeScore(rs),
		Accounts:  rankAccounts(meta, rs),
		Results:   rs,
		Controls:  slices.Clone(controls),
		ruleIndex: map[string]int{},
	}
	add := func(ri result.RuleInfo) {
		if _, ok := r.ruleIndex[ri.ID]; !ok {
			r.ruleIndex[ri.ID] = -1
			r.Rules = append(r.Rules, ri)
		}
	}
	for _, ri := range infos {
		add(ri)
	}
	for i := range rs {
		// add keeps a rule's first entry: one call per run of a rule.
		if i == 0 || rs[i].RuleID != rs[i-1].RuleID {
			add(result.RuleInfo{ID: rs[i].RuleID, Severity: rs[i].Severity})
		}
	}
	slices.SortFunc(r.Rules, func(a, b result.RuleInfo) int { return cmp.Compare(a.ID, b.ID) })
	for i, ri := range r.Rules {
		r.ruleIndex[ri.ID] = i
	}
	return r
}

// Rule returns the metadata of a rule in the report.
func (r *Report) Rule(id string) (result.RuleInfo, bool) {
	i, ok := r.ruleIndex[id]
	if !ok || i < 0 {
		return result.RuleInfo{ID: id}, false
	}
	return r.Rules[i], true
}

// RuleGroup is one rule's results with a given status, in report order.
type RuleGroup struct {
	Rule    result.RuleInfo
	Status  result.Status
	Results []result.Result
}

// Groups gathers consecutive results of the same status and rule (the
// report order keeps them together), so writers print a rule's text and fix
// once above every resource it concerns.
func (r *Report) Groups(keep func(result.Status) bool) []RuleGroup {
	var out []RuleGroup
	for _, res := range r.Results {
		if keep != nil && !keep(res.Status) {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Rule.ID == res.RuleID && out[n-1].Status == res.Status {
			out[n-1].Results = append(out[n-1].Results, res)
			continue
		}
		ri, _ := r.Rule(res.RuleID)
		out = append(out, RuleGroup{Rule: ri, Status: res.Status, Results: []result.Result{res}})
	}
	return out
}

// statusOrder puts what needs action first: failures, then what could not be
// decided, then accepted failures, then what needs a human, then passes.
func statusOrder(s result.Status) int {
	switch s {
	case result.Fail:
		return 0
	case result.Unknown:
		return 1
	case result.Suppressed:
		return 2
	case result.Manual:
		return 3
	case result.Pass:
		return 4
	}
	return 5
}

// SortResults orders results in place: status (FAIL, UNKNOWN, SUPPRESSED,
// MANUAL, PASS),
// then severity (most severe first), rule ID, resource, resource name and
// reason. The trailing keys only break ties so the order is total.
func SortResults(rs []result.Result) {
	// Results are large structs: sorting a permutation and then moving each
	// result once costs a fraction of a stable sort's many moves. The
	// index breaks the last ties, so the order is the stable one.
	//
	// The leading keys (status, severity, rule ID) are ranked into one
	// bucket number per result and the permutation is first put in bucket
	// order by counting (stable); only each bucket is then sorted on the
	// strings. A rule's results mostly come in resource order already,
	// which the sort finishes in one pass.
	ruleIDs := map[string]int{}
	for i := range rs {
		// A rule's results mostly come together: one lookup per run.
		if i == 0 || rs[i].RuleID != rs[i-1].RuleID {
			ruleIDs[rs[i].RuleID] = 0
		}
	}
	sorted := slices.Sorted(maps.Keys(ruleIDs))
	for i, id := range sorted {
		ruleIDs[id] = i
	}
	// Severity.Rank is -1 for an unknown severity, which sorts after every
	// known one (most severe first): 4-Rank runs from 0 to 5. statusOrder
	// runs from 0 to 5.
	const sevs, statuses = 6, 6
	buckets := statuses * sevs * len(sorted)
	bucket := make([]int32, len(rs))
	count := make([]int32, buckets+1)
	rule := 0
	for i := range rs {
		r := &rs[i]
		if i == 0 || r.RuleID != rs[i-1].RuleID {
			rule = ruleIDs[r.RuleID]
		}
		b := (statusOrder(r.Status)*sevs+4-r.Severity.Rank())*len(sorted) + rule
		bucket[i] = int32(b)
		count[b+1]++
	}
	for b := 1; b <= buckets; b++ {
		count[b] += count[b-1]
	}
	perm := make([]int32, len(rs))
	next := slices.Clone(count[:buckets])
	for i := range rs {
		perm[next[bucket[i]]] = int32(i)
		next[bucket[i]]++
	}
	for k := range buckets {
		slices.SortFunc(perm[count[k]:count[k+1]], func(i, j int32) int {
			// Key by key, stopping at the first that differs: cmp.Or
			// would compare every key (reasons are long) every time.
			a, b := &rs[i], &rs[j]
			if c := strings.Compare(a.Resource, b.Resource); c != 0 {
				return c
			}
			if c := strings.Compare(a.ResourceName, b.ResourceName); c != 0 {
				return c
			}
			if c := strings.Compare(a.Reason, b.Reason); c != 0 {
				return c
			}
			if c := strings.Compare(a.AccountID, b.AccountID); c != 0 {
				return c
			}
			return cmp.Compare(i, j)
		})
	}
	// Apply the permutation in place, cycle by cycle: position k receives
	// the result at perm[k].
	for start := range perm {
		if perm[start] < 0 {
			continue
		}
		tmp := rs[start]
		k := start
		for {
			from := int(perm[k])
			perm[k] = -1
			if from == start {
				rs[k] = tmp
				break
			}
			rs[k] = rs[from]
			k = from
		}
	}
}

// MaxFailedSeverity returns the highest severity among failing results; ok is
// false when nothing failed. The CLI compares it with --fail-on. Suppressed
// results are not failing: their risk was accepted.
func (r *Report) MaxFailedSeverity() (sev result.Severity, ok bool) {
	for _, res := range r.Results {
		if res.Status != result.Fail {
			continue
		}
		if !ok || res.Severity.Rank() > sev.Rank() {
			sev, ok = res.Severity, true
		}
	}
	return sev, ok
}

// HasUnknown reports whether any result is UNKNOWN, i.e. some evidence was
// missing and the score may be too kind.
func (r *Report) HasUnknown() bool {
	for _, res := range r.Results {
		if res.Status == result.Unknown {
			return true
		}
	}
	return false
}

// ExpiredSuppressions and StaleSuppressions list the entries a reader must
// act on: renew or remove an expired one, remove a stale one.
func (r *Report) ExpiredSuppressions() []result.SuppressionOutcome {
	return r.suppressionsIn(result.SuppressionExpired)
}

// StaleSuppressions: see ExpiredSuppressions.
func (r *Report) StaleSuppressions() []result.SuppressionOutcome {
	return r.suppressionsIn(result.SuppressionStale)
}

func (r *Report) suppressionsIn(state string) []result.SuppressionOutcome {
	var out []result.SuppressionOutcome
	for _, o := range r.Suppressions {
		if o.State == state {
			out = append(out, o)
		}
	}
	return out
}
