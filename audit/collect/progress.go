package collect

import "github.com/iamaudit/iamaudit/audit"

// ProgressState is what a Progress event reports about its stage.
type ProgressState string

// The states of a stage.
const (
	// StageStarted: the source's first call is about to go out.
	StageStarted ProgressState = "started"
	// StagePage: a listing received a page (Pages and Items so far).
	StagePage ProgressState = "page"
	// StageWaiting: the source waits (IAM generating the credential report).
	StageWaiting ProgressState = "waiting"
	// StageDone: the source is collected, or recorded as a gap.
	StageDone ProgressState = "done"
)

// Progress is one step of a collection, for a progress display. The
// collector reports steps and never draws anything itself: whether and
// how to show them (a terminal line, nothing at all) is the caller's
// choice.
type Progress struct {
	// Stage is the evidence source.
	Stage audit.Evidence
	State ProgressState
	// Pages and Items count a listing's pages and items so far; for
	// StageWaiting, Pages counts the polls.
	Pages, Items int
	// Detail adds context: the region of an analyzer listing, the
	// credential report's state.
	Detail string
}

// progress hands one step to Options.Progress. Sources run concurrently;
// the calls are serialized so the callback needs no locking of its own.
func (c *collector) progress(p Progress) {
	if c.opts.Progress == nil {
		return
	}
	c.progressMu.Lock()
	defer c.progressMu.Unlock()
	c.opts.Progress(p)
}

// pageProgress is listAll's page callback for a stage; nil without a
// Progress callback.
func (c *collector) pageProgress(stage audit.Evidence, detail string) func(pages, items int) {
	if c.opts.Progress == nil {
		return nil
	}
	return func(pages, items int) {
		c.progress(Progress{Stage: stage, State: StagePage, Pages: pages, Items: items, Detail: detail})
	}
}

// stage reports a source's start, runs it, and reports it done.
func (c *collector) stage(ev audit.Evidence, run func()) {
	c.progress(Progress{Stage: ev, State: StageStarted})
	run()
	c.progress(Progress{Stage: ev, State: StageDone})
}
