package rules

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// Evaluate runs rules over a snapshot and stamps each result with its
// rule's ID, the account and, where the check set none, the rule's
// severity. Results come in rule order, each rule's in the order its check
// returned them, however many rules ran at once.
//
// A snapshot whose identity (account ID, partition, collection time) is
// unusable gets one UNKNOWN per rule naming the field: no rule may build an
// ARN from an empty account ID, or age a credential from a zero clock.
func Evaluate(s *audit.Snapshot, rs []Rule, cfg Config) []result.Result {
	return evaluate(NewContext(s, cfg), rs, false)
}

// evaluate is Evaluate on a context. With keepGraph, the admin graph the
// rules built stays on ctx for the caller; otherwise it is dropped as soon
// as its rules are done, garbage while other rules run.
func evaluate(ctx *Context, rs []Rule, keepGraph bool) []result.Result {
	perRule, out := evaluateRules(ctx, rs, keepGraph)
	if perRule == nil {
		return out
	}
	return join(perRule)
}

// evaluateRules runs rs on ctx, each rule's results stamped in perRule
// (nil when the snapshot's identity is unusable: out then holds one
// UNKNOWN per rule). The results are joined apart (join) so that a caller
// can read what it needs from the context first and let it go: its
// snapshot, indexes and admin graph are then garbage before the join
// copies every result.
func evaluateRules(ctx *Context, rs []Rule, keepGraph bool) (perRule [][]result.Result, out []result.Result) {
	s := ctx.Snapshot
	if err := s.IdentityError(); err != nil {
		for _, r := range rs {
			why := err.Error()
			out = append(out, r.stamp(accountSubject(s).unknown("the evidence's identity is unusable: "+why, "evidence identity: "+why), s.Account.ID))
		}
		return nil, out
	}
	perRule = make([][]result.Result, len(rs))
	runTasks(ctx, rs, perRule, keepGraph)
	return perRule, nil
}

// join is the rules' results in rule order. Each rule's results are
// stamped where they are, then joined once at their exact size: appending
// 100,000 results one by one copied the growing slice over and over.
func join(perRule [][]result.Result) []result.Result {
	total := 0
	for _, res := range perRule {
		total += len(res)
	}
	if total == 0 {
		return nil
	}
	out := make([]result.Result, total)
	joinResults(out, perRule)
	return out
}

// joinResults copies perRule, in order, into out (their total length),
// dropping each rule's slice once copied. Two halves are copied at once
// when there are processors for it: 100,000 results are 30 MB of fresh
// memory.
func joinResults(out []result.Result, perRule [][]result.Result) {
	copyFrom := func(at int, rules [][]result.Result) {
		for i := range rules {
			// In pieces: one copy of 100,000 results cannot be preempted,
			// and a garbage collection waiting on it spins for as long.
			for rest := rules[i]; len(rest) > 0; {
				n := copy(out[at:], rest[:min(len(rest), 1024)])
				at += n
				rest = rest[n:]
			}
			rules[i] = nil
		}
	}
	if runtime.GOMAXPROCS(0) < 2 || len(out) < 4096 {
		copyFrom(0, perRule)
		return
	}
	// Split at the rule boundary nearest half the results.
	split, at := 0, 0
	for split < len(perRule) && at+len(perRule[split]) <= len(out)/2 {
		at += len(perRule[split])
		split++
	}
	var wg sync.WaitGroup
	wg.Go(func() { copyFrom(at, perRule[split:]) })
	copyFrom(0, perRule[:split])
	wg.Wait()
}

// runTasks evaluates rs[i] into perRule[i]. Rules are pure functions of
// the snapshot, so independent ones run at once, one worker per processor;
// each worker has its own copy of the Context (the rule being evaluated is
// per worker) sharing the evaluation's indexes, which are built before
// the workers start so that none is built twice or raced on (the parse
// cache of the authorization index is the one thing rules write, under its
// lock). Rules that share the admin graph, built on the Context first
// asking for it, run as one task, first: it is the longest.
//
// A rule that quotes other rules' verdicts (IAM-ADMIN-UNPROTECTED) reads them from the evaluation's memo (checkOnce): each rule
// is checked once, by the first worker to need it, and a worker that needs
// a rule another is checking waits for it. No rule quoted that way quotes
// another, so no two workers wait on each other.
func runTasks(ctx *Context, rs []Rule, perRule [][]result.Result, keepGraph bool) {
	var graph []int
	tasks := make([][]int, 0, len(rs))
	for i, r := range rs {
		if usesAdminGraph(r.ID) {
			graph = append(graph, i)
		} else {
			tasks = append(tasks, []int{i})
		}
	}
	if graph != nil {
		tasks = append([][]int{graph}, tasks...)
	}
	workers := min(runtime.GOMAXPROCS(0), len(tasks))
	eval := func(c *Context, task []int) {
		for _, i := range task {
			r := rs[i]
			c.rule = &r
			res := c.checkOnce(r)
			// The memo's results are read by other workers: what the
			// reconciliation adds goes to a copy.
			n := len(res)
			res = reconcileAuthz(c, r, res)
			for j := n; j < len(res); j++ {
				res[j] = r.stamp(res[j], ctx.Snapshot.Account.ID)
			}
			perRule[i] = res
		}
	}
	if workers <= 1 {
		for _, t := range tasks {
			eval(ctx, t)
		}
		return
	}
	ctx.buildIndexes()
	var next atomic.Int64
	var wg sync.WaitGroup
	// Every worker's copy is taken before any starts: a worker writes
	// ctx.admins when its task is done.
	copies := make([]Context, workers)
	for w := range copies {
		copies[w] = *ctx
	}
	for w := range workers {
		c := &copies[w]
		wg.Go(func() {
			for {
				k := int(next.Add(1)) - 1
				if k >= len(tasks) {
					return
				}
				eval(c, tasks[k])
				// The admin graph serves the one task of the rules that
				// read it: handed to the caller when it asked for it (only
				// this worker writes ctx.admins, read after Wait), else
				// dropped, garbage while other tasks run.
				if c.admins != nil && keepGraph {
					ctx.admins = c.admins
				}
				c.admins = nil
			}
		})
	}
	wg.Wait()
}

// ruleMemos are the rules' results of one Context, each checked once by
// the worker that first needs them (its task, or a rule quoting it), which
// the others wait for.
type ruleMemos struct {
	mu    sync.Mutex
	rules map[string]*ruleMemo
}

type ruleMemo struct {
	once sync.Once
	res  []result.Result
}

// checkOnce is rule r's results on this context, stamped: checked once
// for every worker sharing the context's memo. Read only: other workers
// read them too.
func (ctx *Context) checkOnce(r Rule) []result.Result {
	ms := ctx.memo
	if ms == nil {
		// A Context built by hand rather than by NewContext.
		ms = &ruleMemos{}
		ctx.memo = ms
	}
	ms.mu.Lock()
	m := ms.rules[r.ID]
	if m == nil {
		if ms.rules == nil {
			ms.rules = map[string]*ruleMemo{}
		}
		m = &ruleMemo{}
		ms.rules[r.ID] = m
	}
	ms.mu.Unlock()
	m.once.Do(func() {
		res := ctx.checkAs(r)
		for j := range res {
			res[j] = r.stamp(res[j], ctx.Snapshot.Account.ID)
		}
		m.res = slices.Clip(res)
	})
	return m.res
}

// checkAs runs r's check on ctx as r (so an UNKNOWN names r's evidence).
func (ctx *Context) checkAs(r Rule) []result.Result {
	saved := ctx.rule
	ctx.rule = &r
	res := r.Check(ctx)
	ctx.rule = saved
	return res
}

// usesAdminGraph reports whether a rule's check reads Context.adminGraph.
func usesAdminGraph(id string) bool {
	return id == AdminEscalationPath.ID || id == AdminUnprotected.ID
}

// buildIndexes builds every index rules share, for workers that then only
// read them.
func (ctx *Context) buildIndexes() {
	// The authorization index and the credential view read only the
	// snapshot and the configuration, and each writes its own field:
	// built at once, as nothing else can start before both are there.
	var wg sync.WaitGroup
	if ctx.Snapshot.Authorization != nil {
		wg.Go(func() { newAZIndex(ctx, "") })
	}
	ctx.credentials()
	ctx.virtualMFAByUser()
	wg.Wait()
}

func (r Rule) stamp(res result.Result, accountID string) result.Result {
	res.RuleID = r.ID
	res.AccountID = accountID
	if res.Severity == "" {
		res.Severity = r.Severity
	}
	return res
}
