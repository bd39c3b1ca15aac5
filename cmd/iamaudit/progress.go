package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/audit/collect"
	"github.com/iamaudit/iamaudit/internal/textsafe"
)

// isTerminal decides whether stderr gets a progress line: only a terminal
// does, never a file, a pipe or a CI log. Tests replace it.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progressLine draws the collection's progress on one terminal line,
// redrawn in place: elapsed time, sources done, and what each running
// source is doing (pages and items listed, the credential report's state).
// It is cleared when collection ends, so warnings and the report that
// follow start on a clean line.
type progressLine struct {
	w     io.Writer
	width int
	start time.Time

	mu      sync.Mutex
	active  map[audit.Evidence]string
	order   []audit.Evidence
	done    int
	started int
	last    time.Time
	stop    chan struct{}
	stopped sync.WaitGroup
	once    sync.Once
}

// newProgressLine starts a progress display on stderr, or returns nil when
// stderr is no terminal or quiet is set.
func newProgressLine(stderr io.Writer, quiet bool) *progressLine {
	if quiet || !isTerminal(stderr) {
		return nil
	}
	// A terminal's width; the fallback serves writers that only claim to
	// be terminals (tests).
	width := 200
	if f, ok := stderr.(*os.File); ok {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 20 {
			width = w
		}
	}
	p := &progressLine{w: stderr, width: width, start: time.Now(), active: map[audit.Evidence]string{}, stop: make(chan struct{})}
	// Elapsed time moves even while a slow call is outstanding.
	p.stopped.Add(1)
	go func() {
		defer p.stopped.Done()
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.mu.Lock()
				// Nothing is drawn before the first step: until the caller
				// identity is known, stderr may be asking for an MFA code.
				if p.started > 0 {
					p.draw()
				}
				p.mu.Unlock()
			}
		}
	}()
	return p
}

// step is collect.Options.Progress.
func (p *progressLine) step(s collect.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch s.State {
	case collect.StageStarted:
		p.started++
		p.track(s.Stage, "started")
	case collect.StageDone:
		p.done++
		delete(p.active, s.Stage)
	case collect.StagePage:
		text := fmt.Sprintf("page %d, %d items", s.Pages, s.Items)
		if s.Detail != "" {
			text = s.Detail + " " + text
		}
		p.track(s.Stage, text)
		// Pages of a large account come fast: redraw at most ten times a second.
		if time.Since(p.last) < 100*time.Millisecond {
			return
		}
	case collect.StageWaiting:
		p.track(s.Stage, fmt.Sprintf("waiting for IAM (poll %d; %s)", s.Pages, s.Detail))
	}
	p.draw()
}

func (p *progressLine) track(ev audit.Evidence, text string) {
	if _, ok := p.active[ev]; !ok {
		p.order = append(p.order, ev)
	}
	p.active[ev] = text
}

// draw rewrites the line; the caller holds p.mu.
func (p *progressLine) draw() {
	elapsed := time.Since(p.start).Round(time.Second)
	line := fmt.Sprintf("iamaudit: collecting, %s elapsed, %d of %d sources done", elapsed, p.done, max(p.started, p.done))
	for _, ev := range p.order {
		if text, ok := p.active[ev]; ok {
			line += "; " + strings.ReplaceAll(string(ev), "_", " ") + ": " + text
		}
	}
	// The endpoint's words (a report state) are cleaned, and the line is cut
	// to the terminal's width so it never wraps and cannot be redrawn.
	line = textsafe.Clean(line)
	if limit := p.width - 1; utf8.RuneCountInString(line) > limit {
		line = string([]rune(line)[:limit-1]) + "…"
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
	p.last = time.Now()
}

// finish stops the display and clears its line; later calls do nothing.
func (p *progressLine) finish() {
	if p == nil {
		return
	}
	p.once.Do(func() {
		close(p.stop)
		p.stopped.Wait()
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.started > 0 {
			fmt.Fprint(p.w, "\r\x1b[K")
		}
	})
}
