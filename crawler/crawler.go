package crawler

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/cespare/xxhash/v2"
	"github.com/gocolly/colly/v2"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/extract"
)

// Options tune a Crawler. nil means defaults; every zero value is documented.
type Options struct {
	// AllowPrivate lets the crawler dial loopback, private and link-local
	// addresses (tests, intranets). Off: refused at dial time.
	AllowPrivate bool
	// KeepHubs archives pages that are not articles (hubs such as
	// listings, tags and home pages, and pages such as about) too.
	KeepHubs bool
	// UserAgent overrides the source's; "" = source's or DefaultUserAgent.
	UserAgent string
	// Timeout per request; 0 = DefaultTimeout.
	Timeout time.Duration
	// MaxBodySize per response in bytes; 0 = DefaultMaxBodySize.
	MaxBodySize int
	// MaxSitemapBytes bounds a sitemap, uncompressed; 0 = 64 MB (the
	// protocol allows 50 MB, more than a page's MaxBodySize).
	MaxSitemapBytes int
	// Politeness, if set, is shared with the other crawls running at once
	// in the process, so that a host's delay holds across them (the
	// Scheduler sets it); nil: this crawl keeps its own clocks.
	Politeness *Politeness
	// MaxRetries on 429/5xx and transient network errors; 0 = 3, <0 = none.
	MaxRetries int
	// RetryBase is the first backoff; 0 = 1s.
	RetryBase time.Duration
	// MaxRetryWait caps a Retry-After we are willing to wait for inside a
	// run; longer waits give the page up until the next run. 0 = 2m.
	MaxRetryWait time.Duration
	// Logger for per-page lines; nil = slog.Default().
	Logger *slog.Logger
	// Progress, if set, is called about every ProgressEvery (0 = 1s) and
	// once at the end.
	Progress      func(Progress)
	ProgressEvery time.Duration
	// AfterBatch, if set, runs after about BatchSize (0 = 100) recorded
	// pages and at the end (the search index sync).
	AfterBatch func(context.Context) error
	BatchSize  int
	// Metrics, if set, receives counters (serve's /metrics).
	Metrics *Metrics
	// Restart discards an interrupted run's frontier instead of resuming.
	Restart bool
	// OnFetch, if set, sees every page response as it is recorded (before
	// extraction decides what it is), e.g. to also write it to a WARC file.
	// It is called from fetch goroutines concurrently.
	OnFetch func(archive.Fetch)
	// Workers overrides the number of page workers; 0 = twice concurrency ×
	// hosts, between 4 and 64. Per-host limits bound the fetches among
	// them; the others extract or wait on a commit meanwhile.
	Workers int

	// onSend, if set, sees when each request to a host with a politeness
	// interval was written (tests).
	onSend func(host string, at time.Time)
	// liveEvery overrides defaultLiveEvery (tests).
	liveEvery time.Duration
}

// Progress is a live snapshot of a run.
type Progress struct {
	Source    string `json:"source"`
	Fetched   int    `json:"fetched"` // HTTP responses for pages (feeds, sitemaps, robots excluded)
	Queued    int    `json:"queued"`  // still in the frontier
	New       int    `json:"new"`
	Changed   int    `json:"changed"`
	Unchanged int    `json:"unchanged"`
	Gone      int    `json:"gone"`
	Failed    int    `json:"failed"` // failed captures recorded
	Hubs      int    `json:"hubs"`   // hub pages followed, not archived
	// Revisited are archived pages this run did not reach, re-checked after
	// the crawl; RevisitChanged and RevisitGone are what they found (also
	// counted in Changed and Gone).
	Revisited      int `json:"revisited"`
	RevisitChanged int `json:"revisit_changed"`
	RevisitGone    int `json:"revisit_gone"`
	// Renamed are archived pages found moved to a new URL (a permanent
	// redirect to a page of the site; see archive.Page.MovedTo).
	Renamed int `json:"renamed"`
	Skipped int `json:"skipped"` // robots, non-HTML, out of scope after redirect
	// DeadLinks answered 404 or 410 before anything of them was archived
	// (an archived page that does is Gone).
	DeadLinks int           `json:"dead_links"`
	Errors    int           `json:"errors"`
	Elapsed   time.Duration `json:"-"`
}

// PagesPerSec is the fetch rate so far.
func (p Progress) PagesPerSec() float64 {
	if p.Elapsed <= 0 {
		return 0
	}
	return float64(p.Fetched) / p.Elapsed.Seconds()
}

// Summary is the outcome of one Run.
type Summary struct {
	Progress
	RunID       uint64
	Resumed     bool   // continued an interrupted run
	Status      string // done, interrupted, failed
	Interrupted bool
}

// Crawler crawls one source into an archive.
type Crawler struct {
	a    *archive.Archive
	src  Source
	opts Options
	log  *slog.Logger

	scope     *scope
	fr        *frontier
	col       *colly.Collector
	robots    *robotsCache
	gates     *hostGates
	maxDepth  int
	maxQueued int
	state     *archive.KV // per-source state kept across runs (sitemaps, revisits)
	sitemapMu sync.Mutex
	revisits  revisitIndex
	// revisiting: the run is in its revisit pass (the page budget no
	// longer stops it).
	revisiting bool
	delay      time.Duration
	conc       int

	startedAt    time.Time
	crawlStarted time.Time // first start of this (possibly resumed) crawl
	c            counters
	failMu       sync.Mutex
	failures     map[string]string
	sinceSync    atomic.Int64
	syncMu       sync.Mutex

	// stop ends the run early when the archive cannot take more pages;
	// storageErr says why.
	stop       context.CancelFunc
	storageErr atomic.Pointer[error]

	// hops collects each fetch's redirect chain: keyed by the identity of
	// the header map fetch hands colly, the one thing of a fetch the
	// redirect handler sees (colly shares no per-request context with it).
	hops sync.Map // unsafe.Pointer -> *redirectLog
}

// redirectLog is one fetch's redirect hops, as the client followed them.
type redirectLog struct {
	mu   sync.Mutex
	hops []archive.Redirect
}

func headerKey(h http.Header) unsafe.Pointer { return reflect.ValueOf(h).UnsafePointer() }

type counters struct {
	fetched, new, changed, unchanged, gone, failed, hubs, skipped, errors atomic.Int64
	deadLinks                                                             atomic.Int64
	responses                                                             atomic.Int64 // any HTTP response, feeds and sitemaps included
	revisited, revisitChanged, revisitGone                                atomic.Int64
	renamed                                                               atomic.Int64
	pagesTotal                                                            atomic.Int64 // incl. earlier attempts of a resumed run
}

// New prepares a crawler for src. It validates src (see Source.Validate).
func New(a *archive.Archive, src Source, opts *Options) (*Crawler, error) {
	if a == nil {
		return nil, errors.New("crawler: nil archive")
	}
	if err := src.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBodySize <= 0 {
		o.MaxBodySize = DefaultMaxBodySize
	}
	if o.MaxRetries == 0 {
		o.MaxRetries = 3
	} else if o.MaxRetries < 0 {
		o.MaxRetries = 0
	}
	if o.RetryBase <= 0 {
		o.RetryBase = time.Second
	}
	if o.MaxRetryWait <= 0 {
		o.MaxRetryWait = 2 * time.Minute
	}
	if o.ProgressEvery <= 0 {
		o.ProgressEvery = time.Second
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 100
	}
	if o.UserAgent == "" {
		o.UserAgent = src.UserAgent
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	lg := o.Logger
	if lg == nil {
		lg = slog.Default()
	}
	cr := &Crawler{a: a, src: src, opts: o, log: lg.With("source", src.Name), failures: map[string]string{}}
	cr.maxDepth = DefaultMaxDepth
	if src.MaxDepth != nil {
		cr.maxDepth = *src.MaxDepth
	}
	cr.delay = DefaultDelay
	if src.Delay != nil {
		cr.delay = max(src.Delay.Duration, 0)
	}
	cr.conc = max(src.Concurrency, 1)
	cr.maxQueued = src.MaxQueued
	if cr.maxQueued == 0 {
		cr.maxQueued = DefaultMaxQueued
		if src.MaxPages > 0 {
			cr.maxQueued = 4 * src.MaxPages
		}
	}
	cr.state = a.KV("crawlstate/" + src.Name)
	cr.fr = newFrontier(archiveKV{a.KV("crawler/" + src.Name)})
	return cr, nil
}

// Run crawls until the frontier is empty, max_pages is reached or ctx is
// cancelled. Cancelling stops new fetches at once, aborts those in flight
// and returns after recording what was already fetched; the unfinished
// part stays in the frontier for the next Run. The run is recorded in the
// archive (StartRun/FinishRun) either way.
func (cr *Crawler) Run(ctx context.Context) (Summary, error) {
	cr.startedAt = time.Now()
	cr.scope = newScope(&cr.src, cr.startedAt)
	if cr.opts.Restart {
		if err := cr.fr.reset(); err != nil {
			return Summary{}, fmt.Errorf("crawler: reset frontier: %w", err)
		}
	}
	if err := cr.fr.Init(); err != nil {
		return Summary{}, fmt.Errorf("crawler: open frontier: %w", err)
	}
	resumed := cr.fr.meta("state") == "running"
	if n, err := strconv.Atoi(cr.fr.meta("pages")); err == nil {
		cr.c.pagesTotal.Store(int64(n))
	}
	run, err := cr.a.StartRun(ctx, cr.src.Name)
	if err != nil {
		return Summary{}, fmt.Errorf("crawler: start run: %w", err)
	}
	if resumed {
		cr.closeStaleRun(ctx)
	}
	if err := cr.fr.setMeta("run", strconv.FormatUint(run.ID, 10)); err != nil {
		return Summary{}, err
	}
	if m := cr.opts.Metrics; m != nil {
		m.running.WithLabelValues(cr.src.Name).Set(1)
		defer m.running.WithLabelValues(cr.src.Name).Set(0)
	}

	// A run context the collector's requests are bound to: cancelling it
	// aborts every in-flight request (colly's cancellation is
	// collector-wide, so each Run owns its collector).
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	cr.stop = cancel
	cr.setupCollector(runCtx)

	if resumed {
		q, _ := cr.fr.QueueSize()
		cr.log.Info("resuming interrupted crawl", "queued", q)
		if ns, err := strconv.ParseInt(cr.fr.meta("started"), 10, 64); err == nil {
			cr.crawlStarted = time.Unix(0, ns)
		}
	} else {
		cr.crawlStarted = cr.startedAt
		if err := cr.fr.setMeta("started", strconv.FormatInt(cr.startedAt.UnixNano(), 10)); err != nil {
			return Summary{}, err
		}
		if err := cr.fr.setMeta("state", "running"); err != nil {
			return Summary{}, err
		}
	}
	if err := cr.seed(ctx); err != nil {
		return Summary{}, err
	}

	stopProgress := cr.startProgress(runCtx)
	stopLive := cr.startLiveCounts(runCtx, run)
	cr.loop(runCtx)
	if runCtx.Err() == nil && cr.storageErr.Load() == nil && !cr.revisitOff() {
		if n, err := cr.queueRevisits(); err != nil {
			cr.log.Warn("revisits not queued", "err", err)
		} else if n > 0 {
			cr.log.Info("revisiting archived pages this run did not reach", "pages", n)
			cr.revisiting = true
			cr.loop(runCtx)
		}
	}
	cr.flushRevisits()
	stopLive()
	stopProgress()
	cr.syncSearch(context.WithoutCancel(ctx))

	storageErr := cr.storageErr.Load()
	// A run stopped by a full disk keeps its frontier, like Ctrl-C: the
	// next run resumes once there is room.
	interrupted := ctx.Err() != nil || storageErr != nil
	sum := Summary{Progress: cr.snapshot(), RunID: run.ID, Resumed: resumed, Interrupted: interrupted}
	run.Counts = runCounts(sum.Progress)
	cr.failMu.Lock()
	run.Failures = cr.failures
	cr.failMu.Unlock()
	nothingFetched := cr.c.responses.Load() == 0 && sum.Errors > 0
	if interrupted {
		run.Status = archive.RunInterrupted
	} else {
		run.Status = archive.RunDone
		if nothingFetched {
			run.Status = archive.RunFailed
		}
		// A finished run forgets its frontier: the next run starts from the
		// seeds again and re-fetches conditionally.
		if err := cr.fr.reset(); err != nil {
			cr.log.Warn("clearing frontier", "err", err)
		}
	}
	sum.Status = run.Status
	run.Finished = time.Now().UTC()
	if err := cr.a.FinishRun(context.WithoutCancel(ctx), run); err != nil && storageErr == nil {
		return sum, fmt.Errorf("crawler: finish run: %w", err)
	}
	if m := cr.opts.Metrics; m != nil {
		m.runs.WithLabelValues(cr.src.Name, run.Status).Inc()
		m.lastRun.WithLabelValues(cr.src.Name).SetToCurrentTime()
	}
	if cr.opts.Progress != nil {
		cr.opts.Progress(sum.Progress)
	}
	if storageErr != nil {
		return sum, fmt.Errorf("crawler: stopped: the archive cannot be written (%w); free space and run again to resume", *storageErr)
	}
	if interrupted {
		return sum, ctx.Err()
	}
	if nothingFetched {
		return sum, ErrNothingFetched
	}
	return sum, nil
}

// runCounts are a run's counts as recorded (`archivist crawls`).
func runCounts(p Progress) map[string]int {
	return map[string]int{
		"fetched": p.Fetched, "new": p.New, "changed": p.Changed, "unchanged": p.Unchanged,
		"gone": p.Gone, "failed": p.Failed, "hubs": p.Hubs, "skipped": p.Skipped,
		"errors": p.Errors, "queued": p.Queued,
		"revisited": p.Revisited, "revisit_changed": p.RevisitChanged, "revisit_gone": p.RevisitGone,
	}
}

// archiveWriteFailed counts a failed archive write and, when the archive
// cannot take any more (disk full, file size limit, read-only file system,
// quota), stops the run: fetching on would only spend the sites' politeness
// budget on pages that cannot be kept.
func (cr *Crawler) archiveWriteFailed(lg *slog.Logger, err error) {
	lg.Error("archive write failed", "err", err)
	cr.c.errors.Add(1)
	cr.metric("error")
	if archive.StorageFull(err) && cr.storageErr.CompareAndSwap(nil, &err) {
		lg.Error("archive cannot be written; stopping the crawl", "err", err)
		if cr.stop != nil {
			cr.stop()
		}
	}
}

// closeStaleRun marks the run a crash left "running" as interrupted.
func (cr *Crawler) closeStaleRun(ctx context.Context) {
	id, err := strconv.ParseUint(cr.fr.meta("run"), 10, 64)
	if err != nil {
		return
	}
	runs, err := cr.a.Runs(ctx, 100)
	if err != nil {
		return
	}
	for i := range runs {
		// Runs reads a dead run as interrupted; it is stored as running,
		// without an end, until this.
		if runs[i].ID == id && runs[i].Finished.IsZero() {
			runs[i].Status = archive.RunInterrupted
			_ = cr.a.FinishRun(ctx, &runs[i])
		}
	}
}

func (cr *Crawler) setupCollector(ctx context.Context) {
	// Built by hand, not colly.NewCollector: that reads COLLY_* environment
	// variables over our options, and the environment belongs to cmd/.
	c := &colly.Collector{}
	c.Init()
	c.UserAgent = cr.opts.UserAgent
	c.MaxBodySize = cr.maxResponseSize() + 1 // +1 tells "too large" from "exactly the limit"
	c.AllowURLRevisit = true                 // the frontier's seen set dedups
	c.IgnoreRobotsTxt = true                 // robotsCache: colly drops Crawl-delay and Sitemap:
	c.ParseHTTPErrorResponse = true          // we branch on the status ourselves
	c.Context = ctx
	c.SetStorage(cr.fr)
	cr.gates = newHostGates(cr.conc)
	cr.gates.shared = cr.opts.Politeness
	cr.gates.adaptive = cr.src.Adaptive
	cr.gates.onSend = cr.opts.onSend
	c.WithTransport(gzipGuard{politeTransport{NewTransport(cr.opts.AllowPrivate, cr.opts.Timeout), cr.gates}, int64(cr.opts.MaxBodySize) + 1, cr.pdfReadLimit(), int64(cr.sitemapLimit()) + 1})
	c.SetRequestTimeout(cr.opts.Timeout)
	c.SetRedirectHandler(func(req *http.Request, via []*http.Request) error {
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return fmt.Errorf("%w: redirect to %s", ErrScheme, req.URL)
		}
		if len(via) >= 10 {
			return errors.New("too many redirects")
		}
		if l, ok := cr.hops.Load(headerKey(via[0].Header)); ok && req.Response != nil {
			l := l.(*redirectLog)
			l.mu.Lock()
			l.hops = append(l.hops, archive.Redirect{From: via[len(via)-1].URL.String(), Status: req.Response.StatusCode})
			l.mu.Unlock()
		}
		return nil
	})
	c.OnResponseHeaders(func(r *colly.Response) {
		// colly re-encodes bodies whose Content-Type names a charset; we
		// archive raw bytes and let extract decode, so hide the charset
		// from colly and restore the header after the fetch.
		if orig := r.Headers.Get("Content-Type"); strings.Contains(strings.ToLower(orig), "charset") {
			r.Ctx.Put("ctype", orig)
			r.Headers.Set("Content-Type", strings.TrimSpace(strings.SplitN(orig, ";", 2)[0]))
		}
		if r.StatusCode != http.StatusOK {
			return
		}
		kind := r.Ctx.Get("kind")
		ct := strings.ToLower(r.Headers.Get("Content-Type"))
		if kind == kindPage && ct != "" && !isHTMLType(ct) && !isFeedType(ct) && !(cr.documentsOn() && isPDFType(ct)) {
			r.Ctx.Put("skip", ct)
			r.Request.Abort()
		}
	})
	c.OnResponse(func(r *colly.Response) { r.Ctx.Put("resp", r) })
	cr.col = c
	client := &http.Client{Transport: NewTransport(cr.opts.AllowPrivate, cr.opts.Timeout), Timeout: cr.opts.Timeout}
	cr.robots = newRobotsCache(client, cr.opts.UserAgent)
	cr.robots.onFetch = cr.onNewHost
}

func isHTMLType(ct string) bool {
	return strings.Contains(ct, "text/html") || strings.Contains(ct, "application/xhtml")
}

func isFeedType(ct string) bool {
	return strings.Contains(ct, "xml") || strings.Contains(ct, "rss") || strings.Contains(ct, "atom")
}

// seed queues the source's seeds, feeds and sitemaps, and the pages that
// failed in the previous run of this source (retried first).
func (cr *Crawler) seed(ctx context.Context) error {
	var items []item
	// A URL given twice (a seed that also failed in the previous run) is
	// queued, or refused and counted, once.
	added := map[string]bool{}
	addRaw := func(raw, kind string, depth int) {
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		norm, err := normalizeURL(raw)
		if err != nil || added[norm] {
			return
		}
		added[norm] = true
		if err := checkLiteralHost(ctx, u.Hostname(), cr.opts.AllowPrivate); err != nil {
			cr.log.Warn("seed refused", "url", raw, "err", err)
			cr.c.errors.Add(1)
			cr.noteFailure(raw, "refused: "+err.Error())
			return
		}
		items = append(items, item{URL: raw, Norm: norm, Kind: kind, Depth: depth, Prio: prioDiscovery})
	}
	// max_depth 0: feed and sitemap entries and last run's failures are
	// all at depth 1, so none would be fetched.
	if cr.beyondSeeds() {
		for _, s := range cr.src.Sitemaps {
			addRaw(s, kindSitemap, 0)
		}
		for _, s := range cr.src.Feeds {
			addRaw(s, kindFeed, 0)
		}
	}
	for _, s := range cr.src.Seeds {
		addRaw(s, kindPage, 0)
	}
	if !cr.beyondSeeds() {
		_, err := cr.fr.add(items, nil)
		return err
	}
	if runs, err := cr.a.Runs(ctx, 50); err == nil {
		for _, r := range runs {
			if r.Source != cr.src.Name || r.Status == "running" || r.Finished.IsZero() {
				continue
			}
			for u := range r.Failures {
				addRaw(u, kindPage, 1)
			}
			break
		}
	}
	_, err := cr.fr.add(items, nil)
	return err
}

// loop hands frontier entries to workers until nothing is queued or in
// flight, the page budget is spent, or ctx is done.
func (cr *Crawler) loop(ctx context.Context) {
	workers := cr.opts.Workers
	if workers <= 0 {
		// Twice the fetch slots: a worker holds its page through
		// extraction and the archive commit, and the host's fetch slot
		// (colly's limit) only while fetching, so with as many workers as
		// slots the slots sat idle while workers waited on commits.
		workers = min(max(2*cr.conc*max(len(cr.scope.hosts), 1), 4), 64)
	}
	sem := make(chan struct{}, workers)
	wake := make(chan struct{}, 1)
	var wg sync.WaitGroup
	defer wg.Wait()
	for ctx.Err() == nil {
		if !cr.revisiting && cr.budgetSpent() {
			return
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		key, val, err := cr.fr.take()
		if err != nil {
			cr.log.Error("frontier", "err", err)
			<-sem
			return
		}
		if key == nil {
			<-sem
			if n, _ := cr.fr.QueueSize(); n == 0 && cr.fr.inFlight() == 0 {
				return
			}
			if cr.fr.inFlight() == 0 {
				continue // queued entries exist but were all taken and finished meanwhile
			}
			select {
			case <-wake:
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
			continue
		}
		req, err := decodeItem(cr.col, val)
		if err != nil {
			cr.log.Warn("dropping bad frontier entry", "err", err)
			cr.finish(key, nil, nil)
			<-sem
			continue
		}
		// The page budget is spent here, where the entry is taken, so the
		// check above and the count agree whatever the workers do.
		if req.Ctx.Get("kind") == kindPage && cr.src.MaxPages > 0 {
			if cr.c.pagesTotal.Add(1) > int64(cr.src.MaxPages) {
				cr.c.pagesTotal.Add(-1)
				if cr.revisiting {
					// Pages left over by the spent budget: a finished
					// run forgets them anyway; the revisits go on.
					cr.finish(key, nil, nil)
					<-sem
					continue
				}
				cr.fr.release(key)
				<-sem
				return
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				<-sem
				select {
				case wake <- struct{}{}:
				default:
				}
			}()
			cr.process(ctx, key, req)
		}()
	}
}

// budgetQueued: the pages queued and not archived yet already cover the
// rest of the page budget, so reading another sitemap would only queue URLs
// this run cannot fetch. Archived pages do not count: they are re-checked
// after new ones, so a re-crawl whose home page links only known articles
// skipped the robots.txt sitemap listing the new ones.
func (cr *Crawler) budgetQueued(ctx context.Context) bool {
	if cr.src.MaxPages <= 0 {
		return false
	}
	left := int64(cr.src.MaxPages) - cr.c.pagesTotal.Load()
	if q, _ := cr.fr.QueueSize(); int64(q) < left {
		return false
	}
	var unarchived int64
	err := cr.fr.eachQueued(func(key, val []byte) bool {
		if key[1] == prioStale {
			return true // archived when queued: no need to decode and look up
		}
		req, err := decodeItem(cr.col, val)
		if err == nil && req.Ctx.Get("kind") == kindPage && !cr.archived(ctx, req.Ctx.Get("norm")) {
			unarchived++
		}
		return unarchived < left
	})
	return err == nil && unarchived >= left
}

func (cr *Crawler) budgetSpent() bool {
	return cr.src.MaxPages > 0 && cr.c.pagesTotal.Load() >= int64(cr.src.MaxPages)
}

// fetched is one HTTP exchange as seen by the crawler.
type fetched struct {
	status   int
	header   http.Header
	body     []byte
	finalURL *url.URL
	at       time.Time
	// redirects are the hops from the requested URL to finalURL.
	redirects []archive.Redirect
}

// process fetches one frontier entry and finishes it (or, when cancelled,
// leaves it queued).
func (cr *Crawler) process(ctx context.Context, key []byte, req *colly.Request) {
	defer func() {
		// No input may bring the crawler down: log and finish the entry.
		if p := recover(); p != nil {
			cr.log.Error("internal error processing page", "panic", fmt.Sprint(p))
			cr.c.errors.Add(1)
			cr.finish(key, nil, nil)
		}
	}()
	origKind := req.Ctx.Get("kind")
	kind := origKind
	if kind == kindRevisit {
		kind = kindPage
	}
	u := req.URL
	if kind == kindSitemap {
		// One sitemap at a time: each is large, and the next is read only
		// if the ones before left room in the queue.
		cr.sitemapMu.Lock()
		defer cr.sitemapMu.Unlock()
	}
	if kind == kindSitemap && (cr.room() <= 0 || cr.budgetQueued(ctx)) {
		// Nothing it lists could be queued or fetched this run.
		cr.log.Debug("sitemap not read: the queue or the page budget is full", "url", u.String())
		cr.finish(key, nil, nil)
		return
	}
	info, _ := cr.robots.get(ctx, u)
	if info.unreadable != nil {
		// Not fetched, as refused; an error (a seed that only meets this
		// fails the run), not a robots.txt rule.
		cr.c.errors.Add(1)
		cr.noteFailure(u.String(), "robots.txt cannot be read: "+info.unreadable.Error())
		cr.undoPage(origKind)
		cr.finish(key, nil, nil)
		return
	}
	if !info.allowed(u) {
		cr.log.Debug("robots.txt disallows", "url", u.String())
		cr.c.skipped.Add(1)
		cr.undoPage(origKind)
		cr.finish(key, nil, nil)
		return
	}
	var cond *archive.Page
	var sm *sitemapState
	if kind == kindSitemap {
		if sm = cr.sitemapState(u.String()); sm != nil {
			cond = &archive.Page{ETag: sm.ETag, LastModified: sm.LastModified}
		}
	}
	if kind == kindPage {
		if p, err := cr.a.Page(ctx, u.String()); err == nil {
			// Recorded since this crawl began (before a crash, or under
			// another URL of the same page): one fetch per page.
			if !cr.crawlStarted.IsZero() && !p.LastFetched.Before(cr.crawlStarted) {
				cr.log.Debug("already fetched in this crawl", "url", u.String())
				cr.undoPage(origKind)
				cr.finish(key, nil, nil)
				return
			}
			if p.Versions > 0 && p.LastFailure == "" && p.GoneSince.IsZero() {
				cond = p
			}
		}
	}
	f, err := cr.fetch(ctx, u.String(), kind, cond)
	if err != nil && ctx.Err() != nil {
		// Cancelled: leave the entry queued for the next run.
		cr.undoPage(origKind)
		cr.fr.release(key)
		return
	}
	if err != nil {
		var skip *skipError
		if errors.As(err, &skip) {
			cr.log.Debug("skipped", "url", u.String(), "why", skip.why)
			cr.c.skipped.Add(1)
			cr.finish(key, nil, nil)
			return
		}
		cr.log.Warn("fetch failed", "url", u.String(), "err", err)
		cr.c.errors.Add(1)
		cr.noteFailure(u.String(), err.Error())
		cr.metric("error")
		cr.finish(key, nil, nil)
		return
	}
	if origKind == kindRevisit {
		cr.c.revisited.Add(1)
	}
	var next []item
	var extra []archive.KVPair
	var rec *toRecord
	switch kind {
	case kindFeed:
		next = cr.handleFeed(ctx, f, req.Depth)
	case kindSitemap:
		next = cr.handleSitemap(ctx, f, req.Depth, u.String(), sm)
	default:
		cr.c.fetched.Add(1)
		if f.status == http.StatusOK && looksLikeFeed(f.header.Get("Content-Type"), f.body) && !isHTMLType(strings.ToLower(f.header.Get("Content-Type"))) {
			next = cr.handleFeed(ctx, f, req.Depth)
			break
		}
		if cr.isDocument(f) {
			next, extra, rec = cr.handleDocument(ctx, u, f)
		} else {
			next, extra, rec = cr.handlePage(ctx, u, f, req.Depth)
			next = append(next, cr.revisitDocuments(ctx, u, f, req.Depth)...)
		}
		if rec != nil {
			rec.revisit = origKind == kindRevisit
		}
	}
	if kind == kindPage {
		extra = append(extra, cr.pagesMeta())
	}
	if rec != nil {
		if cr.recordAndFinish(ctx, rec, key, next, extra) {
			return
		}
		if cr.storageErr.Load() != nil {
			// The archive is full: the page may not have been stored, so it
			// stays queued for the run that resumes once there is room.
			cr.undoPage(origKind)
			cr.fr.release(key)
			return
		}
	}
	cr.finish(key, next, extra)
}

// pagesMeta is the frontier write that persists the run's page count.
func (cr *Crawler) pagesMeta() archive.KVPair {
	return archive.KVPair{Key: metaKey("pages"), Value: []byte(strconv.FormatInt(cr.c.pagesTotal.Load(), 10))}
}

func (cr *Crawler) undoPage(kind string) {
	if kind == kindPage && cr.src.MaxPages > 0 {
		cr.c.pagesTotal.Add(-1)
	}
}

func (cr *Crawler) finish(key []byte, next []item, extra []archive.KVPair) {
	if _, err := cr.fr.add(next, key, extra...); err != nil {
		cr.log.Error("frontier write failed", "err", err)
		cr.fr.release(key)
	}
}

func (cr *Crawler) noteFailure(u, why string) {
	cr.failMu.Lock()
	if len(cr.failures) < 500 {
		cr.failures[u] = why
	}
	cr.failMu.Unlock()
}

func (cr *Crawler) metric(outcome string) {
	if m := cr.opts.Metrics; m != nil {
		m.fetches.WithLabelValues(cr.src.Name, outcome).Inc()
	}
}

// beyondSeeds: the crawl goes further than its seeds (max_depth > 0).
func (cr *Crawler) beyondSeeds() bool { return cr.maxDepth > 0 }

// onNewHost sets the host's politeness interval (max(source delay,
// Crawl-delay) between request starts) and queues the sitemaps robots.txt
// lists.
func (cr *Crawler) onNewHost(u *url.URL, info *robotsInfo) {
	if info.unreadable != nil && !errors.Is(info.unreadable, context.Canceled) { // Ctrl-C is no news
		cr.log.Warn("robots.txt cannot be read: the host is skipped until the next run", "host", u.Host, "err", info.unreadable)
	}
	if info.crawlDelay > 0 {
		cr.log.Info("robots.txt crawl-delay", "host", u.Host, "delay", info.crawlDelay)
	}
	cr.gates.setInterval(u.Host, max(cr.delay, info.crawlDelay))
	if !cr.beyondSeeds() {
		return // the sitemaps' entries, at depth 1, would not be fetched
	}
	var items []item
	for _, sm := range info.sitemaps {
		su, err := u.Parse(sm)
		if err != nil || !cr.scope.hostOK(su) {
			continue
		}
		if norm, err := normalizeURL(su.String()); err == nil {
			items = append(items, item{URL: su.String(), Norm: norm, Kind: kindSitemap, Depth: 0, Prio: prioDiscovery})
		}
	}
	if len(items) > 0 {
		if _, err := cr.fr.add(items, nil); err != nil {
			cr.log.Warn("queue robots sitemaps", "err", err)
		}
	}
}

// skipError: the response is not something we archive (by type).
type skipError struct{ why string }

func (e *skipError) Error() string { return "skipped: " + e.why }

// fetch GETs u through colly, retrying 429/5xx (honouring Retry-After) and
// transient network errors with backoff.
func (cr *Crawler) fetch(ctx context.Context, u, kind string, cond *archive.Page) (*fetched, error) {
	host := ""
	if pu, err := url.Parse(u); err == nil {
		host = pu.Host
	}
	for attempt := 0; ; attempt++ {
		cctx := colly.NewContext()
		cctx.Put("kind", kind)
		hdr := http.Header{}
		hdr.Set("User-Agent", cr.opts.UserAgent)
		hdr.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
		if kind == kindSitemap {
			hdr.Set(sitemapHeader, "1")
		}
		if cond != nil {
			if cond.ETag != "" {
				hdr.Set("If-None-Match", cond.ETag)
			}
			if cond.LastModified != "" {
				hdr.Set("If-Modified-Since", cond.LastModified)
			}
		}
		release, err := cr.gates.slot(ctx, host)
		if err != nil {
			return nil, err
		}
		at := time.Now()
		hops := &redirectLog{}
		cr.hops.Store(headerKey(hdr), hops)
		err = cr.col.Request(http.MethodGet, u, nil, cctx, hdr)
		cr.hops.Delete(headerKey(hdr))
		release()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if ct := cctx.Get("skip"); ct != "" {
			return nil, &skipError{"content type " + ct}
		}
		resp, _ := cctx.GetAny("resp").(*colly.Response)
		if err == nil && resp == nil {
			err = errors.New("no response")
		}
		var wait time.Duration
		switch {
		case err != nil:
			if errors.Is(err, ErrPrivateAddress) || errors.Is(err, ErrScheme) || attempt >= cr.opts.MaxRetries || !transient(err) {
				return nil, err
			}
			wait = backoff(cr.opts.RetryBase, attempt+1)
		case retryable(resp.StatusCode) && attempt < cr.opts.MaxRetries:
			if ra, ok := retryAfter(*resp.Headers, time.Now()); ok {
				if ra > cr.opts.MaxRetryWait {
					return nil, fmt.Errorf("%w (Retry-After %s; retried next run)", &StatusError{Code: resp.StatusCode, URL: u}, ra)
				}
				wait = ra
			} else {
				wait = backoff(cr.opts.RetryBase, attempt+1)
			}
		default:
			limit := cr.bodyLimit(resp.Headers.Get("Content-Type"))
			if kind == kindSitemap {
				limit = cr.sitemapLimit()
			}
			if len(resp.Body) > limit {
				return nil, fmt.Errorf("%w: %s (limit %d bytes)", ErrBodyTooLarge, u, limit)
			}
			if orig := cctx.Get("ctype"); orig != "" {
				resp.Headers.Set("Content-Type", orig)
			}
			cr.c.responses.Add(1)
			hops.mu.Lock()
			f := &fetched{status: resp.StatusCode, header: *resp.Headers, body: resp.Body, finalURL: resp.Request.URL, at: at, redirects: hops.hops}
			hops.mu.Unlock()
			return f, nil
		}
		code := 0
		if resp != nil {
			code = resp.StatusCode
		}
		cr.log.Debug("retrying", "url", u, "attempt", attempt+1, "status", code, "err", err, "wait", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// transient reports network errors worth a retry (not refusals by policy).
func transient(err error) bool {
	if errors.Is(err, colly.ErrAbortedAfterHeaders) || errors.Is(err, colly.ErrAbortedBeforeRequest) {
		return false
	}
	s := err.Error()
	for _, p := range []string{"timeout", "connection reset", "connection refused", "EOF", "broken pipe", "no such host", "TLS handshake"} {
		if strings.Contains(s, p) {
			return p != "no such host"
		}
	}
	return false
}

// toRecord is what a page's fetch leaves to store: the fetch with its
// article (nil for 304 and 404/410), or a failed capture's reason.
type toRecord struct {
	fetch   archive.Fetch
	art     *extract.Article
	failure string
	lg      *slog.Logger
	revisit bool
}

// handlePage decides what one HTML page is and returns the links to follow,
// extra frontier writes, and what to record (nil if nothing).
func (cr *Crawler) handlePage(ctx context.Context, reqURL *url.URL, f *fetched, depth int) ([]item, []archive.KVPair, *toRecord) {
	u := reqURL.String()
	fetch := archive.Fetch{URL: u, FinalURL: f.finalURL.String(), Redirects: f.redirects, Status: f.status, Header: f.header, Body: f.body, FetchedAt: f.at}
	if cr.opts.OnFetch != nil {
		cr.opts.OnFetch(fetch)
	}
	lg := cr.log.With("url", u)
	failed := func(reason string) *toRecord { return &toRecord{fetch: fetch, failure: reason, lg: lg} }
	switch {
	case f.status == http.StatusNotModified, f.status == http.StatusNotFound || f.status == http.StatusGone:
		return nil, nil, &toRecord{fetch: fetch, lg: lg}
	case f.status >= 400 || f.status < 200 || f.status >= 300:
		if reason := challengeReason(f.status, f.body); reason != "" {
			return nil, nil, failed(reason)
		}
		if f.status == http.StatusUnauthorized || f.status == http.StatusForbidden || f.status == http.StatusPaymentRequired || f.status == http.StatusUnavailableForLegalReasons {
			return nil, nil, failed(fmt.Sprintf("http %d", f.status))
		}
		err := &StatusError{Code: f.status, URL: u}
		lg.Warn("fetch failed", "err", err)
		cr.c.errors.Add(1)
		cr.metric("error")
		cr.noteFailure(u, err.Error())
		return nil, nil, nil
	}
	if depth == 0 {
		switch adopted, offSite := cr.scope.adoptSeedRedirect(reqURL, f.finalURL); {
		case adopted:
			lg.Info("seed redirected to another host of the site: crawling that host too", "host", f.finalURL.Host)
		case offSite != "":
			lg.Warn("seed redirected to another site, out of scope: add a seed on it, or allow = [...], if it is the site's new home", "host", offSite)
		}
	}
	ct := f.header.Get("Content-Type")
	links := extractLinks(f.body, f.finalURL)
	art, err := extract.FromHTML(f.body, f.finalURL.String(), &extract.Options{ContentType: ct, MaxBytes: -1})
	if err != nil {
		if errors.Is(err, extract.ErrNotHTML) {
			cr.c.skipped.Add(1)
			lg.Debug("skipped: not HTML")
			return nil, nil, nil
		}
		return nil, nil, failed("extraction failed: " + err.Error())
	}
	var extra []archive.KVPair
	// One fetch per page: the URL we ended at and the canonical URL are the
	// same page, so mark them seen.
	for _, alias := range []string{f.finalURL.String(), art.CanonicalURL, links.Canonical} {
		if alias == "" {
			continue
		}
		if n, err := normalizeURL(alias); err == nil {
			extra = append(extra, archive.KVPair{Key: seenKey(urlID(n)), Value: []byte("1")})
		}
	}
	if reason := failureReason(f.status, f.body, art); reason != "" {
		var next []item
		if reason == reasonEmpty && !links.NoFollow {
			// A page that is only lists of links (an index of all
			// publications, a plain HTML sitemap) is a hub by extract's
			// evidence, counted and followed as one below. One with no
			// article text that is not (a few links, the rest drawn by
			// scripts) is a failed capture, but its links may be how the
			// crawl reaches what it lists. Stubs, challenges and soft
			// 404s link only the site's navigation.
			next = cr.followLinks(ctx, links, depth, true)
		}
		return next, extra, failed(reason)
	}
	hub := art.Kind == extract.KindHub
	var next []item
	if !links.NoFollow {
		next = cr.followLinks(ctx, links, depth, hub || depth == 0)
		next = cr.addDocuments(ctx, f, art, !hub || cr.opts.KeepHubs, next, depth)
	}
	if archivedKind(art.Kind) && depth <= cr.maxDepth {
		next = append(next, cr.followSource(art)...)
	}
	// Only articles (and documents) are archived: hubs (sections, tags,
	// authors, calendars) and other pages (about, contact) are followed
	// and logged, unless KeepHubs.
	if !archivedKind(art.Kind) && !cr.opts.KeepHubs {
		cr.c.hubs.Add(1)
		cr.metric("hub")
		lg.Info("not an article: followed, not archived", "kind", art.Kind)
		return next, extra, nil
	}
	return next, extra, &toRecord{fetch: fetch, art: art, lg: lg}
}

// archivedKind: pages of this kind are archived by default.
func archivedKind(kind string) bool {
	return kind == extract.KindArticle || kind == extract.KindDocument || kind == ""
}

// recordAndFinish stores r and, in the same archive transaction, finishes
// the frontier entry key (queueing next, writing extra): one durable commit
// per page, and no window in which a page is stored but still queued. It
// reports whether the entry was finished; if not (the frontier write could
// not be prepared, or recording failed), the caller finishes or releases it.
func (cr *Crawler) recordAndFinish(ctx context.Context, r *toRecord, key []byte, next []item, extra []archive.KVPair) bool {
	w, err := cr.fr.prepare(next, key, extra...)
	if err == nil {
		if r.fetch.Also, err = cr.fr.batch(w); err != nil {
			cr.fr.settle(w, err)
		}
	}
	if err != nil {
		w = nil
		cr.log.Warn("frontier write not prepared; finishing it separately", "err", err)
	}
	if r.failure != "" {
		err = cr.recordFailure(ctx, r.lg, r.fetch, r.failure)
	} else {
		err = cr.record(ctx, r)
	}
	if w == nil {
		return false
	}
	cr.fr.settle(w, err)
	return err == nil
}

func (cr *Crawler) record(ctx context.Context, r *toRecord) error {
	lg, f := r.lg, r.fetch
	res, err := cr.a.Record(context.WithoutCancel(ctx), f, r.art)
	if err != nil {
		cr.archiveWriteFailed(lg, err)
		return err
	}
	switch res.Outcome {
	case archive.OutcomeNew:
		cr.c.new.Add(1)
	case archive.OutcomeChanged:
		cr.c.changed.Add(1)
		if r.revisit {
			cr.c.revisitChanged.Add(1)
		}
	case archive.OutcomeUnchanged:
		cr.c.unchanged.Add(1)
	case archive.OutcomeGone:
		// Only a page we had archived can be gone; a link that 404s on
		// first sight is just a dead link.
		if res.Version > 0 {
			cr.c.gone.Add(1)
			if r.revisit {
				cr.c.revisitGone.Add(1)
			}
		} else {
			cr.c.deadLinks.Add(1)
		}
	}
	if res.Version > 0 && res.Outcome != archive.OutcomeFailed {
		cr.noteOutcome(res.URL, res.Outcome, f.FetchedAt)
	}
	if r.revisit && len(res.Renamed) == 0 && res.Version > 0 {
		if req, err := archive.NormalizeURL(f.URL); err == nil && req != res.URL {
			// A revisit a temporary redirect took to another page: the
			// revisited page was checked all the same (else, never
			// checked, it came first in every run's revisits).
			cr.noteOutcome(req, archive.OutcomeUnchanged, f.FetchedAt)
		}
	}
	for _, old := range res.Renamed {
		// The new page is checked from now on; the old URL, a redirect
		// to it, would be revisited first every run, for nothing.
		lg.Info("page renamed: its URL redirects for good to another", "from", old, "to", res.URL)
		cr.c.renamed.Add(1)
		cr.noteOutcome(old, outcomeMoved, f.FetchedAt)
	}
	cr.metric(string(res.Outcome))
	lg.Info("recorded", "outcome", res.Outcome, "version", res.Version)
	if res.Outcome == archive.OutcomeNew || res.Outcome == archive.OutcomeChanged {
		if cr.sinceSync.Add(1) >= int64(cr.opts.BatchSize) {
			cr.sinceSync.Store(0)
			cr.syncSearch(ctx)
		}
	}
	return nil
}

func (cr *Crawler) recordFailure(ctx context.Context, lg *slog.Logger, f archive.Fetch, reason string) error {
	if _, err := cr.a.RecordFailure(context.WithoutCancel(ctx), f, reason); err != nil {
		cr.archiveWriteFailed(lg, err)
		return err
	}
	cr.c.failed.Add(1)
	cr.metric("failed")
	cr.noteFailure(f.URL, reason)
	lg.Info("failed capture", "reason", reason)
	return nil
}

// syncSearch runs AfterBatch; one at a time, never concurrently.
func (cr *Crawler) syncSearch(ctx context.Context) {
	if cr.opts.AfterBatch == nil {
		return
	}
	if !cr.syncMu.TryLock() {
		return // a sync is running; the final sync catches up
	}
	defer cr.syncMu.Unlock()
	// The final sync runs with a context that is never cancelled, but
	// AfterBatch stops on the command's interrupt: that is no failure.
	if err := cr.opts.AfterBatch(ctx); err != nil && ctx.Err() == nil && !errors.Is(err, context.Canceled) {
		cr.log.Warn("search index sync", "err", err)
	}
}

// archived reports whether the page at norm has a version and is not gone.
func (cr *Crawler) archived(ctx context.Context, norm string) bool {
	p, err := cr.a.Page(ctx, norm)
	return err == nil && p.Versions > 0 && p.GoneSince.IsZero()
}

// followLinks turns a page's links into frontier items. Feeds advertised
// with <link rel=alternate> are taken from hubs and seeds only: every
// article's comment feed would double the fetches for nothing.
func (cr *Crawler) followLinks(ctx context.Context, pl pageLinks, depth int, takeFeeds bool) []item {
	var out []item
	if depth+1 <= cr.maxDepth {
		for _, l := range pl.Links {
			lu, err := url.Parse(l)
			if err != nil {
				continue
			}
			norm, err := normalizeURL(l)
			if err != nil {
				continue
			}
			if why := cr.scope.check(lu, norm); why != "" {
				continue
			}
			it := item{URL: l, Norm: norm, Kind: kindPage, Depth: depth + 1, Prio: prioLink, Order: uint64(depth + 1)}
			if cr.archived(ctx, norm) {
				// Re-checked after the pages not archived yet: runs cut by
				// max_pages (or the queue bound) cover a larger site over
				// several runs instead of fetching the same first links.
				it.Prio = prioStale
			}
			out = append(out, it)
		}
		if room := max(cr.room(), 0); len(out) > room {
			// Links to archived pages are dropped first, and links to
			// new ones take the places of queued entries of archived
			// pages.
			slices.SortStableFunc(out, func(a, b item) int { return cmp.Compare(a.Prio, b.Prio) })
			if fresh := len(out) - countStale(out); fresh > room {
				n, err := cr.fr.evictStale(fresh - room)
				if err != nil {
					cr.log.Warn("frontier: archived entries not dropped for new ones", "err", err)
				}
				room += n
			}
			cr.log.Debug("queue full: links dropped", "dropped", len(out)-min(room, len(out)))
			out = out[:min(room, len(out))]
		}
	}
	if takeFeeds {
		for _, l := range pl.Feeds {
			lu, err := url.Parse(l)
			if err != nil || !cr.scope.hostOK(lu) {
				continue
			}
			if norm, err := normalizeURL(l); err == nil {
				out = append(out, item{URL: l, Norm: norm, Kind: kindFeed, Depth: depth, Prio: prioDiscovery})
			}
		}
	}
	return out
}

func countStale(items []item) int {
	n := 0
	for _, it := range items {
		if it.Prio == prioStale {
			n++
		}
	}
	return n
}

// followSource queues the original of a syndicated copy when the source
// asks for it (follow_sources). Its depth is past the limit, so neither
// its links nor its own source_url are followed: one hop, once (the
// frontier's seen set makes it one fetch per page).
func (cr *Crawler) followSource(art *extract.Article) []item {
	if !cr.src.FollowSources || art == nil || art.SourceURL == "" {
		return nil
	}
	su, err := url.Parse(art.SourceURL)
	if err != nil || su.Scheme != "http" && su.Scheme != "https" || su.Host == "" {
		return nil
	}
	norm, err := normalizeURL(art.SourceURL)
	if err != nil {
		return nil
	}
	if cr.scope.denied(norm) {
		return nil
	}
	return []item{{URL: art.SourceURL, Norm: norm, Kind: kindPage, Depth: cr.maxDepth + 1, Prio: prioLink, Order: uint64(cr.maxDepth + 1)}}
}

// dated turns feed/sitemap entries into page items: newer first, and
// entries not newer than our last fetch after everything else.
func (cr *Crawler) dated(ctx context.Context, entries []entry, depth int) []item {
	var out []item
	if depth+1 > cr.maxDepth {
		return nil
	}
	for _, e := range entries {
		lu, err := url.Parse(e.URL)
		if err != nil {
			continue
		}
		norm, err := normalizeURL(e.URL)
		if err != nil || cr.scope.check(lu, norm) != "" {
			continue
		}
		it := item{URL: e.URL, Norm: norm, Kind: kindPage, Depth: depth + 1, Prio: prioLink, Order: uint64(depth + 1)}
		if !e.Date.IsZero() {
			it.Prio = prioFresh
			it.Order = math.MaxInt64 - uint64(max(e.Date.Unix(), 0))
		}
		if cr.revisitOnly(ctx, norm, e.Date) {
			it.Prio = prioStale
		}
		out = append(out, it)
	}
	return out
}

func (cr *Crawler) handleFeed(ctx context.Context, f *fetched, depth int) []item {
	if f.status != http.StatusOK {
		cr.log.Warn("feed fetch failed", "url", f.finalURL.String(), "status", f.status)
		cr.c.errors.Add(1)
		return nil
	}
	entries, err := parseFeed(f.body, f.finalURL)
	if err != nil {
		cr.log.Warn("bad feed", "url", f.finalURL.String(), "err", err)
		cr.c.errors.Add(1)
		if !errors.Is(err, errFeedCut) {
			return nil
		}
	}
	cr.log.Debug("feed", "url", f.finalURL.String(), "entries", len(entries))
	items := cr.dated(ctx, cr.bound(ctx, entries), depth)
	cr.warnAllOffHost("feed", f.finalURL.String(), entries, len(items))
	return items
}

// warnAllOffHost says so when every entry of a feed or sitemap is on a host
// out of the source's scope (a feed service, a feeds. subdomain): the
// source then crawls nothing from it, silently, and only the user can say
// that host is wanted.
func (cr *Crawler) warnAllOffHost(what, u string, entries []entry, queued int) {
	if len(entries) == 0 || queued > 0 {
		return
	}
	var hosts []string
	for _, e := range entries {
		lu, err := url.Parse(e.URL)
		if err != nil {
			return
		}
		norm, err := normalizeURL(e.URL)
		if err != nil || cr.scope.check(lu, norm) != skipHost {
			return // dropped for another reason (depth, deny, a trap)
		}
		if !slices.Contains(hosts, lu.Host) && len(hosts) < 3 {
			hosts = append(hosts, lu.Host)
		}
	}
	cr.log.Warn(what+" entries are out of scope: they are on another host than the source's; add a seed on it, or allow = [...]",
		"url", u, "entries", len(entries), "hosts", strings.Join(hosts, " "))
}

func (cr *Crawler) handleSitemap(ctx context.Context, f *fetched, depth int, u string, prev *sitemapState) []item {
	if f.status == http.StatusNotModified {
		cr.log.Debug("sitemap not modified; not expanded again", "url", u)
		return nil
	}
	if f.status != http.StatusOK {
		cr.log.Warn("sitemap fetch failed", "url", f.finalURL.String(), "status", f.status)
		cr.c.errors.Add(1)
		return nil
	}
	pages, children, err := parseSitemapLimit(f.body, cr.sitemapLimit())
	cut := errors.Is(err, errSitemapCut)
	if err != nil {
		cr.log.Warn("bad sitemap", "url", f.finalURL.String(), "err", err)
		cr.c.errors.Add(1)
		if !cut {
			return nil
		}
	}
	cur := &sitemapState{ETag: f.header.Get("ETag"), LastModified: f.header.Get("Last-Modified"), Hash: xxhash.Sum64(f.body)}
	if prev != nil && prev.Hash == cur.Hash && prev.Complete {
		// Same bytes: its pages are not queued again (revisits re-check
		// them); an index still lists its children, which may have changed
		// without it, and are fetched conditionally.
		cr.log.Debug("sitemap unchanged; not expanded again", "url", u)
		pages = nil
	}
	cr.log.Debug("sitemap", "url", f.finalURL.String(), "pages", len(pages), "sitemaps", len(children))
	total := len(pages)
	pages = cr.bound(ctx, pages)
	children = newestFirst(children)
	// Remembered as complete only when every entry could be queued: a
	// sitemap cut by the queue's bound is read again next run.
	cur.Complete = len(pages) == total && !cut
	cr.saveSitemapState(u, cur)
	out := cr.dated(ctx, pages, depth)
	cr.warnAllOffHost("sitemap", f.finalURL.String(), pages, len(out))
	for _, ch := range children {
		cu, err := f.finalURL.Parse(ch.URL)
		if err != nil || !cr.scope.hostOK(cu) {
			continue
		}
		if norm, err := normalizeURL(cu.String()); err == nil {
			out = append(out, item{URL: cu.String(), Norm: norm, Kind: kindSitemap, Depth: depth, Prio: prioDiscovery})
		}
	}
	return out
}

func (cr *Crawler) snapshot() Progress {
	q, _ := cr.fr.QueueSize()
	return Progress{
		Source: cr.src.Name, Fetched: int(cr.c.fetched.Load()), Queued: q,
		New: int(cr.c.new.Load()), Changed: int(cr.c.changed.Load()), Unchanged: int(cr.c.unchanged.Load()),
		Gone: int(cr.c.gone.Load()), Failed: int(cr.c.failed.Load()), Hubs: int(cr.c.hubs.Load()),
		Skipped: int(cr.c.skipped.Load()), Errors: int(cr.c.errors.Load()), Elapsed: time.Since(cr.startedAt),
		DeadLinks: int(cr.c.deadLinks.Load()),
		Revisited: int(cr.c.revisited.Load()), RevisitChanged: int(cr.c.revisitChanged.Load()), RevisitGone: int(cr.c.revisitGone.Load()),
		Renamed: int(cr.c.renamed.Load()),
	}
}

// defaultLiveEvery is how often a running crawl's counts are stored in its
// run.
const defaultLiveEvery = 2 * time.Second

// startLiveCounts stores the run's counts every liveEvery while it runs, so
// `archivist crawls` shows them, and a crashed run keeps its last counts.
func (cr *Crawler) startLiveCounts(ctx context.Context, run *archive.Run) (stop func()) {
	every := cr.opts.liveEvery
	if every <= 0 {
		every = defaultLiveEvery
	}
	return ticking(ctx, every, func() {
		live := *run
		live.Counts = runCounts(cr.snapshot())
		if err := cr.a.UpdateRun(ctx, &live); err != nil && ctx.Err() == nil {
			cr.log.Debug("storing live run counts", "err", err)
		}
	})
}

func (cr *Crawler) startProgress(ctx context.Context) (stop func()) {
	if cr.opts.Progress == nil {
		return func() {}
	}
	return ticking(ctx, cr.opts.ProgressEvery, func() { cr.opts.Progress(cr.snapshot()) })
}

// ticking calls fn every d until stop is called or ctx ends; stop waits
// for a call in progress.
func ticking(ctx context.Context, d time.Duration, fn func()) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				fn()
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}
