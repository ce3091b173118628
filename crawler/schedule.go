package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/archivist-org/archivist/archive"
)

// Scheduler runs sources on their schedules (serve). A source never runs
// twice at once: a tick that finds it running is skipped and logged.
type Scheduler struct {
	a       *archive.Archive
	opts    Options
	log     *slog.Logger
	cron    *cron.Cron
	mu      sync.Mutex
	sources map[string]*scheduled
	order   []string
	wg      sync.WaitGroup
	ctx     context.Context
}

type scheduled struct {
	src     Source
	spec    string
	busy    sync.Mutex
	running bool
	last    *Summary
	started time.Time // of the last run recorded before Run: see overdue
	lastErr string
	entry   cron.EntryID
}

// SourceStatus is one source's state for /healthz.
type SourceStatus struct {
	Name     string    `json:"name"`
	Schedule string    `json:"schedule"`
	Running  bool      `json:"running"`
	Next     time.Time `json:"next,omitzero"`
	LastRun  uint64    `json:"last_run,omitempty"`
	LastEnd  string    `json:"last_status,omitempty"`
	LastErr  string    `json:"last_error,omitempty"`
}

// NewScheduler validates the sources' schedules. Sources with neither
// schedule nor every are only run by RunNow.
func NewScheduler(a *archive.Archive, sources []Source, opts *Options) (*Scheduler, error) {
	s := &Scheduler{a: a, sources: map[string]*scheduled{}, cron: cron.New()}
	if opts != nil {
		s.opts = *opts
	}
	if s.opts.Politeness == nil {
		// Sources run in parallel: one clock per host for all of them.
		s.opts.Politeness = &Politeness{}
	}
	s.log = s.opts.Logger
	if s.log == nil {
		s.log = slog.Default()
	}
	for _, src := range sources {
		if err := src.Validate(); err != nil {
			return nil, fmt.Errorf("%w: source %s: %v", ErrConfig, src.Name, err)
		}
		sc := &scheduled{src: src, spec: src.Schedule}
		if sc.spec == "" && src.Every.Duration > 0 {
			sc.spec = "@every " + src.Every.Duration.String()
		}
		s.sources[src.Name] = sc
		s.order = append(s.order, src.Name)
	}
	s.loadLastRuns()
	return s, nil
}

// loadLastRuns sets each source's last run from the runs the archive
// recorded (by an earlier serve, or crawl), so /healthz after a restart
// says when each source last ran instead of nothing until its next run.
// Best effort: an archive whose runs cannot be read leaves them unset.
func (s *Scheduler) loadLastRuns() {
	if s.a == nil {
		return
	}
	// The recent runs name every source that runs on a schedule; all of
	// them (each with its failures) are read only when some are missing.
	for _, limit := range []int{100 * len(s.sources), 0} {
		runs, err := s.a.Runs(context.Background(), limit) // newest first
		if err != nil {
			s.log.Warn("cannot read the archive's past runs; /healthz shows none until the next run", "err", err)
			return
		}
		missing := 0
		for _, r := range runs {
			if sc := s.sources[r.Source]; sc != nil && sc.last == nil {
				sc.last = &Summary{RunID: r.ID, Status: r.Status}
				sc.started = r.Started
			}
		}
		for _, sc := range s.sources {
			if sc.last == nil {
				missing++
			}
		}
		if missing == 0 || len(runs) < limit {
			return
		}
	}
}

// Run starts the schedules (and, with runNow, a run of every source at
// once) and blocks until ctx is done; it then stops scheduling, cancels
// running crawls (they keep their frontier) and waits for them to finish.
func (s *Scheduler) Run(ctx context.Context, runNow bool) error {
	s.mu.Lock()
	s.ctx = ctx
	for _, name := range s.order {
		sc := s.sources[name]
		if sc.spec == "" {
			s.log.Warn("source has no schedule or every; not scheduled", "source", name)
			continue
		}
		id, err := s.cron.AddFunc(sc.spec, func() { _ = s.RunNow(name) })
		if err != nil {
			s.mu.Unlock()
			return fmt.Errorf("%w: source %s: schedule %q: %v", ErrConfig, name, sc.spec, err)
		}
		sc.entry = id
	}
	s.mu.Unlock()
	s.cron.Start()
	for _, name := range s.order {
		if runNow {
			_ = s.RunNow(name)
		} else if why := s.overdue(name, time.Now()); why != "" {
			s.log.Info("running now: "+why, "source", name)
			_ = s.RunNow(name)
		}
	}
	<-ctx.Done()
	<-s.cron.Stop().Done()
	s.wg.Wait()
	return nil
}

// overdue says why the named source should run at once, when serve starts
// after its last run was cut short or missed a scheduled time (serve was
// stopped, the machine down): else an "every = 24h" source restarted
// waited a whole day more, and an interrupted run a whole interval to
// resume. A source that never ran waits for its schedule (or --run-now).
func (s *Scheduler) overdue(name string, now time.Time) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	sc := s.sources[name]
	if sc.spec == "" || sc.last == nil {
		return ""
	}
	if sc.last.Status == archive.RunInterrupted || sc.last.Status == archive.RunRunning {
		return "its last run was interrupted"
	}
	if sched, err := cron.ParseStandard(sc.spec); err == nil && !sched.Next(sc.started).After(now) {
		return "it missed a scheduled run"
	}
	return ""
}

// RunNow starts a run of the named source in the background; ErrBusy if
// one is in progress.
func (s *Scheduler) RunNow(name string) error {
	s.mu.Lock()
	sc := s.sources[name]
	ctx := s.ctx
	s.mu.Unlock()
	if sc == nil {
		return fmt.Errorf("no source %q", name)
	}
	if ctx == nil || ctx.Err() != nil {
		return context.Canceled
	}
	if !sc.busy.TryLock() {
		s.log.Warn("previous run still in progress; skipping", "source", name)
		return ErrBusy
	}
	s.wg.Add(1)
	s.setRunning(sc, true)
	go func() {
		defer s.wg.Done()
		defer sc.busy.Unlock()
		defer s.setRunning(sc, false)
		sum, err := s.runOnce(ctx, sc.src)
		s.mu.Lock()
		sc.last = &sum
		sc.lastErr = ""
		if err != nil && !errors.Is(err, context.Canceled) {
			sc.lastErr = err.Error()
		}
		s.mu.Unlock()
		if err != nil && !errors.Is(err, context.Canceled) {
			s.log.Error("crawl failed", "source", sc.src.Name, "err", err)
			return
		}
		s.log.Info("crawl finished", "source", sc.src.Name, "status", sum.Status, "fetched", sum.Fetched,
			"new", sum.New, "changed", sum.Changed, "unchanged", sum.Unchanged, "gone", sum.Gone,
			"revisited", sum.Revisited, "failed", sum.Failed, "errors", sum.Errors)
	}()
	return nil
}

func (s *Scheduler) setRunning(sc *scheduled, v bool) {
	s.mu.Lock()
	sc.running = v
	s.mu.Unlock()
}

func (s *Scheduler) runOnce(ctx context.Context, src Source) (Summary, error) {
	o := s.opts
	c, err := New(s.a, src, &o)
	if err != nil {
		return Summary{}, err
	}
	return c.Run(ctx)
}

// Status reports every source, in config order.
func (s *Scheduler) Status() []SourceStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []SourceStatus
	for _, name := range s.order {
		sc := s.sources[name]
		st := SourceStatus{Name: name, Schedule: sc.spec, Running: sc.running, LastErr: sc.lastErr}
		if sc.entry != 0 {
			st.Next = s.cron.Entry(sc.entry).Next
		}
		if sc.last != nil {
			st.LastRun, st.LastEnd = sc.last.RunID, sc.last.Status
		}
		out = append(out, st)
	}
	return out
}
