package warcio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/extract"
	"github.com/archivist-org/archivist/extract/pdf"
)

// Store is what Import needs from the archive; *archive.Archive has it.
type Store interface {
	Record(ctx context.Context, f archive.Fetch, art *extract.Article) (archive.Result, error)
	Page(ctx context.Context, url string) (*archive.Page, error)
	History(ctx context.Context, url string) ([]archive.VersionInfo, error)
	CaptureOf(ctx context.Context, url string, n int) (*archive.Capture, error)
	LinkDocuments(ctx context.Context, pageURL string, docs []string) error
}

// moveRecorder is the optional part of a Store that records renames
// (*archive.Archive has it).
type moveRecorder interface {
	RecordMove(ctx context.Context, from, to string, at time.Time) (bool, error)
}

// ImportOptions tune Import. nil means defaults.
type ImportOptions struct {
	// Workers run extraction in parallel; 0 means GOMAXPROCS.
	Workers int
	// Extract is passed to extract.FromHTML (ContentType is set per page).
	Extract extract.Options
	// OnError is called for each record that could not be imported (a
	// broken record, a failed extraction or archive write); the import goes
	// on. nil ignores them (they are still counted).
	OnError func(error)
	// OnProgress, if set, is called after each page is recorded (from the
	// writer goroutine; keep it cheap).
	OnProgress func(ImportStats)
}

// ImportStats counts what an import did. Skipped maps a reason to a count.
type ImportStats struct {
	Records   int            `json:"records"`   // WARC records read
	New       int            `json:"new"`       // pages first archived
	Changed   int            `json:"changed"`   // new versions of known pages
	Unchanged int            `json:"unchanged"` // same content / revisits / already imported
	Gone      int            `json:"gone"`      // 404/410 of known pages
	Skipped   map[string]int `json:"skipped"`   // reason -> count
	Errors    int            `json:"errors"`
}

// Pages is the number of captures recorded in the archive.
func (s ImportStats) Pages() int { return s.New + s.Changed + s.Unchanged + s.Gone }

// SkippedTotal sums Skipped.
func (s ImportStats) SkippedTotal() int {
	n := 0
	for _, v := range s.Skipped {
		n += v
	}
	return n
}

// Skip reasons.
const (
	SkipNotHTML   = "not HTML"
	SkipNotHTTP   = "not an HTTP capture"
	SkipStatus    = "other status"
	SkipRedirect  = "redirect"
	SkipRevisit   = "revisit of unknown page"
	SkipHub       = "hub page"
	SkipNoPayload = "no payload"
	SkipTooLarge  = "too large to extract"
	SkipTruncated = "truncated by the recorder"
	// SkipUnknownGone: a 404/410 of a page the archive never had.
	SkipUnknownGone = "404/410 of unknown page"
	// SkipNoText: a PDF without a text layer (a scan; OCR is out of scope).
	SkipNoText = "PDF without text layer"
)

// importJob is one capture on its way through extraction to the archive.
type importJob struct {
	seq   int
	fetch archive.Fetch
	// extract: run the extractor on fetch.Body.
	extract bool
	ctype   string
	revisit *Entry // set for revisit records (resolved by the writer)
	ignore  bool   // not a capture at all
	stored  bool   // this very capture is in the archive already
	art     *extract.Article
	// docs are the PDF links on an HTML page (see pdf.Links), linked
	// with it once it is recorded.
	docs []string
	// moveTo is where a permanent redirect (301, 308) pointed: a rename
	// of fetch.URL's page when both pages are archived (the writer tells).
	moveTo string
	skip   string
	err    error
}

// Input is one WARC stream to import; Name labels its errors.
type Input struct {
	Name string
	R    io.Reader
}

// Import reads WARC records from each input in turn and records the HTML
// pages and PDF documents they hold in st, with the record's WARC-Date as fetch time.
// Extraction runs on Workers goroutines; archive writes happen in input
// order (captures of one page keep their order), batched so the archive can
// share commits. A capture already in the archive (a version with the same
// fetch time) is counted unchanged and not recorded again, so importing a
// WARC twice, or one exported from this archive, changes nothing.
//
// Errors of single records go to OnError and are counted; Import returns an
// error only when an input fails to read, the archive cannot be written
// any more (archive.StorageFull), or ctx is cancelled.
func Import(ctx context.Context, st Store, inputs []Input, opts *ImportOptions) (ImportStats, error) {
	o := ImportOptions{}
	if opts != nil {
		o = *opts
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	stats := ImportStats{Skipped: map[string]int{}}
	var records atomic.Int64
	jobs := make(chan *importJob, o.Workers*4)
	done := make(chan *importJob, o.Workers*4)
	var readErr error
	// inflight bounds the captures held between reader and writer (the
	// writer waits for input order, so one slow page must not let the
	// reader run away with memory).
	inflight := make(chan struct{}, o.Workers*16)

	// Reader: parse records in order, hand captures to the workers.
	go func() {
		defer close(jobs)
		seq := 0
		redirects := newRedirectMap(4096)
		for _, in := range inputs {
			r := NewReader(in.R, nil)
			for {
				e, err := r.Next()
				if err == io.EOF {
					break
				}
				records.Add(1)
				j := &importJob{seq: seq}
				var re *RecordError
				switch {
				case errors.As(err, &re):
					j.err = fmt.Errorf("%s: %w", in.Name, err)
				case err != nil:
					readErr = fmt.Errorf("%s: %w", in.Name, err)
					return
				default:
					classify(e, j, redirects)
				}
				seq++
				select {
				case inflight <- struct{}{}:
				case <-ctx.Done():
					return
				}
				select {
				case jobs <- j:
				case <-ctx.Done():
					return
				}
			}
		}
	}()

	w := &importWriter{st: st, opts: &o, stats: &stats}

	// Workers: extraction, the CPU-heavy part.
	var wg sync.WaitGroup
	for range o.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if j.extract && j.err == nil && j.skip == "" {
					// Already imported (a re-import, or an export of this
					// archive): skip the costly extraction.
					if w.alreadyStored(ctx, j.fetch.URL, j.fetch.FetchedAt) {
						j.stored = true
					} else if isPDF(j.ctype, j.fetch.Body) {
						j.art, j.skip, j.err = extractDocument(ctx, j.fetch)
					} else {
						j.art, j.skip, j.err = extractPage(j.fetch, j.ctype, o.Extract)
						if j.art != nil {
							j.docs = documentLinks(j.fetch)
						}
					}
				}
				select {
				case done <- j:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()

	// Writer: restore input order, record in batches of distinct pages.
	// One batch commits (flusher goroutine) while the next one fills, so
	// batch size adapts to the archive's commit latency (fsync).
	batches := make(chan []*importJob)
	var flushErr error
	flusherDone := make(chan struct{})
	go func() {
		defer close(flusherDone)
		for b := range batches {
			if flushErr != nil {
				continue
			}
			if err := w.writeBatch(ctx, b); err != nil {
				flushErr = err
				cancel()
			}
		}
	}()
	pending := map[int]*importJob{}
	next := 0
	var batch []*importJob
	keys := map[string]bool{}
	handOff := func(wait bool) {
		if len(batch) == 0 {
			return
		}
		if wait {
			batches <- batch
		} else {
			select {
			case batches <- batch:
			default:
				return // flusher busy: keep filling
			}
		}
		batch = nil
		keys = map[string]bool{}
	}
	for j := range done {
		pending[j.seq] = j
		for {
			j, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-inflight
			if w.settled(j) {
				continue
			}
			ks := j.keys()
			conflict := len(batch) >= maxBatch
			for _, k := range ks {
				conflict = conflict || keys[k]
			}
			if conflict {
				handOff(true)
			}
			for _, k := range ks {
				keys[k] = true
			}
			batch = append(batch, j)
		}
		handOff(false)
	}
	handOff(true)
	close(batches)
	<-flusherDone
	if flushErr != nil {
		return w.finish(&records), flushErr
	}
	if err := ctx.Err(); err != nil {
		return w.finish(&records), err
	}
	return w.finish(&records), readErr
}

// maxBatch bounds one batch of concurrent archive writes.
const maxBatch = 64

// classify decides what to do with one record (in the reader goroutine).
func classify(e *Entry, j *importJob, redirects *redirectMap) {
	switch e.Type {
	case TypeResponse, TypeResource:
	case TypeRevisit:
		j.revisit = e
		j.fetch = archive.Fetch{URL: e.URL, Status: e.Status, Header: e.HTTPHeader, FetchedAt: e.Date}
		return
	default:
		j.ignore = true // not a capture: warcinfo, request, metadata...
		return
	}
	status := e.Status
	if e.Type == TypeResource {
		status = http.StatusOK
	}
	lower := strings.ToLower(e.URL)
	if (e.Type == TypeResponse && !e.HTTP) || !(strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://")) {
		j.skip = SkipNotHTTP // dns:, ftp:, whois: records (Heritrix)
		return
	}
	j.fetch = archive.Fetch{URL: e.URL, Status: status, Header: e.HTTPHeader, Body: e.Body, FetchedAt: e.Date}
	if p := e.Header.Get(PageURLField); p != "" && p != e.URL {
		j.fetch.URL, j.fetch.FinalURL = p, e.URL
	} else if src := redirects.get(e.URL); src != "" {
		j.fetch.URL, j.fetch.FinalURL = src, e.URL
	}
	switch {
	case status >= 300 && status < 400:
		if loc := e.HTTPHeader.Get("Location"); loc != "" {
			if base, err := url.Parse(e.URL); err == nil {
				if u, err := base.Parse(loc); err == nil {
					src := j.fetch.URL
					// A rename of the chain's source only when every hop
					// to here was permanent (a 302 first: the source is
					// still the URL to ask).
					permanent := (status == http.StatusMovedPermanently || status == http.StatusPermanentRedirect) &&
						!redirects.temporaryOnTheWay(e.URL)
					if permanent {
						j.moveTo = u.String()
					}
					redirects.put(u.String(), src, permanent)
				}
			}
		}
		if j.moveTo == "" {
			j.skip = SkipRedirect
		}
	case status == http.StatusNotFound || status == http.StatusGone:
		j.fetch.Body = nil // recorded as gone if the page is known
	case status < 200 || status >= 300:
		j.skip = SkipStatus
	default:
		ct := e.HTTPHeader.Get("Content-Type")
		if !isHTML(ct, e.Body) && !isPDF(ct, e.Body) {
			j.skip = SkipNotHTML
			return
		}
		if e.TooLarge {
			j.skip = SkipTooLarge
			return
		}
		if e.Header.Get("WARC-Truncated") != "" {
			// The crawler cut the payload (size or time limit): a partial
			// page would be archived as a shorter "new version".
			j.skip = SkipTruncated
			return
		}
		if len(e.Body) == 0 {
			j.skip = SkipNoPayload
			return
		}
		j.extract, j.ctype = true, ct
	}
}

// isHTML decides by the declared type, sniffing only when there is none.
func isHTML(ct string, body []byte) bool {
	if ct == "" {
		ct = http.DetectContentType(body)
	}
	mt := mediaType(ct)
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// mediaType is ct's lower-case media type, without parameters; a header
// too broken for mime.ParseMediaType still gives its first part.
func mediaType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	}
	return mt
}

// isPDF: a PDF body declared as one, as a generic binary type (servers
// send reports as application/octet-stream) or not at all.
func isPDF(ct string, body []byte) bool {
	switch mediaType(ct) {
	case "application/pdf", "application/x-pdf",
		"", "application/octet-stream", "binary/octet-stream", "application/download", "application/force-download":
		return pdf.IsPDF(body)
	}
	return false
}

// servedFrom is the URL a capture's body came from: the end of its
// redirects if it had any.
func servedFrom(f archive.Fetch) string {
	if f.FinalURL != "" {
		return f.FinalURL
	}
	return f.URL
}

// extractDocument reads a PDF capture into an article of kind document.
func extractDocument(ctx context.Context, f archive.Fetch) (art *extract.Article, skip string, err error) {
	art, err = pdf.Extract(ctx, f.Body, servedFrom(f), nil)
	switch {
	case errors.Is(err, pdf.ErrNoText):
		return nil, SkipNoText, nil
	case errors.Is(err, pdf.ErrTooLarge):
		return nil, SkipTooLarge, nil
	case err != nil:
		return nil, "", fmt.Errorf("extract %s: %w", f.URL, err)
	}
	return art, "", nil
}

func extractPage(f archive.Fetch, ctype string, opts extract.Options) (art *extract.Article, skip string, err error) {
	defer func() {
		// FromHTML promises not to panic; an import of millions of foreign
		// pages must not die if it ever does.
		if r := recover(); r != nil {
			art, skip, err = nil, "", fmt.Errorf("extract %s: panic: %v", f.URL, r)
		}
	}()
	opts.ContentType = ctype
	art, err = extract.FromHTML(f.Body, servedFrom(f), &opts)
	switch {
	case errors.Is(err, extract.ErrNotHTML):
		return nil, SkipNotHTML, nil
	case errors.Is(err, extract.ErrTooLarge):
		return nil, SkipTooLarge, nil
	case err != nil:
		return nil, "", fmt.Errorf("extract %s: %w", f.URL, err)
	case art.Kind == extract.KindHub:
		return nil, SkipHub, nil
	}
	return art, "", nil
}

// keys are the URLs a job may touch in the archive: two jobs sharing one
// must not be in the same concurrent batch.
func (j *importJob) keys() []string {
	var ks []string
	add := func(u string) {
		if u == "" {
			return
		}
		if n, err := archive.NormalizeURL(u); err == nil {
			u = n
		}
		ks = append(ks, u)
	}
	add(j.fetch.URL)
	add(j.fetch.FinalURL)
	add(j.moveTo)
	if j.art != nil {
		add(j.art.CanonicalURL)
	}
	if j.revisit != nil {
		add(j.revisit.RefersToURL)
	}
	// A page and the documents it links are never recorded at once, so
	// that each finds the other archived or its link remembered.
	for _, d := range j.docs {
		add(d)
	}
	return ks
}

type importWriter struct {
	st    Store
	opts  *ImportOptions
	stats *ImportStats
	mu    sync.Mutex
}

// settled counts jobs that need no archive write; false means write it.
func (w *importWriter) settled(j *importJob) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case j.err != nil:
		w.fail(j.err)
	case j.skip != "":
		w.stats.Skipped[j.skip]++
	case j.ignore:
		// warcinfo, request, metadata: not captures, not counted.
	default:
		return false
	}
	return true
}

func (w *importWriter) fail(err error) {
	w.stats.Errors++
	if w.opts.OnError != nil {
		w.opts.OnError(err)
	}
}

// writeBatch records jobs concurrently; they touch distinct pages, so their
// order does not matter, and the archive shares commits between them.
func (w *importWriter) writeBatch(ctx context.Context, batch []*importJob) error {
	if len(batch) == 0 {
		return nil
	}
	var wg sync.WaitGroup
	errs := make([]error, len(batch))
	outs := make([]string, len(batch))
	for i, j := range batch {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = w.record(ctx, j)
		}()
	}
	wg.Wait()
	w.mu.Lock()
	defer w.mu.Unlock()
	// Every capture of the batch that was stored is counted, also when
	// ctx ended meanwhile: the summary says what the archive holds.
	var full error
	for i := range batch {
		if errs[i] != nil {
			if full == nil && archive.StorageFull(errs[i]) {
				full = errs[i]
			}
			if ctx.Err() == nil && full == nil {
				w.fail(errs[i])
			}
			continue
		}
		switch outs[i] {
		case string(archive.OutcomeNew):
			w.stats.New++
		case string(archive.OutcomeChanged):
			w.stats.Changed++
		case string(archive.OutcomeUnchanged):
			w.stats.Unchanged++
		case string(archive.OutcomeGone):
			w.stats.Gone++
		case string(archive.OutcomeFailed):
			w.stats.Skipped[SkipUnknownGone]++
		default:
			w.stats.Skipped[outs[i]]++
		}
	}
	if w.opts.OnProgress != nil {
		w.opts.OnProgress(*w.stats)
	}
	if full != nil {
		// Every later write would fail the same way: stop, as a crawl does.
		return fmt.Errorf("stopped: the archive cannot be written (%w); free space and run the same import again: what was imported is kept", full)
	}
	return ctx.Err()
}

// record writes one capture and returns its outcome or a skip reason.
func (w *importWriter) record(ctx context.Context, j *importJob) (string, error) {
	if j.revisit != nil {
		return w.recordRevisit(ctx, j)
	}
	if j.moveTo != "" {
		// Counted with the redirects; a rename between two archived
		// pages is recorded too (an export writes one for each).
		if m, ok := w.st.(moveRecorder); ok {
			if _, err := m.RecordMove(ctx, j.fetch.URL, j.moveTo, j.fetch.FetchedAt); err != nil {
				return "", fmt.Errorf("record the move of %s: %w", j.fetch.URL, err)
			}
		}
		return SkipRedirect, nil
	}
	if j.stored || (j.art != nil && w.alreadyStored(ctx, j.fetch.URL, j.fetch.FetchedAt)) {
		return string(archive.OutcomeUnchanged), nil
	}
	if j.art == nil && !j.stored {
		// A 404/410: only news for a page the archive has.
		if _, err := w.st.Page(ctx, j.fetch.URL); errors.Is(err, archive.ErrNotFound) {
			return SkipUnknownGone, nil
		}
	}
	res, err := w.st.Record(ctx, j.fetch, j.art)
	if err != nil {
		return "", fmt.Errorf("record %s: %w", j.fetch.URL, err)
	}
	if len(j.docs) > 0 && res.URL != "" {
		if err := w.st.LinkDocuments(ctx, res.URL, j.docs); err != nil {
			return "", fmt.Errorf("link the documents of %s: %w", j.fetch.URL, err)
		}
	}
	return string(res.Outcome), nil
}

// documentLinks are the PDF links of an HTML capture: the certain ones and
// those whose text announces a report or download, which are documents if
// the WARC holds them as PDFs.
func documentLinks(f archive.Fetch) []string {
	base, err := url.Parse(servedFrom(f))
	if err != nil {
		return nil
	}
	docs, maybe := pdf.Links(f.Body, base)
	return append(docs, maybe...)
}

// alreadyStored reports whether the page has a version captured at t: this
// capture was imported (or crawled) before.
func (w *importWriter) alreadyStored(ctx context.Context, u string, t time.Time) bool {
	hist, err := w.st.History(ctx, u)
	if err != nil {
		return false
	}
	for _, v := range hist {
		if sameInstant(v.FetchedAt, t) {
			return true
		}
	}
	return false
}

// sameInstant compares capture times, at second precision when one side
// has no fraction (WARC 1.0 dates are whole seconds).
func sameInstant(a, b time.Time) bool {
	if a.Equal(b) {
		return true
	}
	if a.Nanosecond() == 0 || b.Nanosecond() == 0 {
		return a.Truncate(time.Second).Equal(b.Truncate(time.Second))
	}
	return false
}

// recordRevisit: a revisit of the same page is an unchanged re-fetch (a
// 304 to the archive); a revisit of another URL with the same payload is
// recorded with that payload when the archive has it.
func (w *importWriter) recordRevisit(ctx context.Context, j *importJob) (string, error) {
	e := j.revisit
	ref := e.RefersToURL
	if ref == "" || sameURL(ref, e.URL) {
		if _, err := w.st.Page(ctx, e.URL); err != nil {
			if errors.Is(err, archive.ErrNotFound) {
				return SkipRevisit, nil
			}
			return "", err
		}
		f := j.fetch
		f.Status = http.StatusNotModified
		res, err := w.st.Record(ctx, f, nil)
		if err != nil {
			return "", fmt.Errorf("record revisit %s: %w", e.URL, err)
		}
		return string(res.Outcome), nil
	}
	c, err := w.captureAt(ctx, ref, e.RefersToDate)
	if err != nil {
		if errors.Is(err, archive.ErrNotFound) {
			return SkipRevisit, nil
		}
		return "", err
	}
	f := archive.Fetch{URL: e.URL, Status: c.Status, Header: c.Header, Body: c.Body, FetchedAt: e.Date}
	if e.HTTPHeader != nil {
		f.Header = e.HTTPHeader
	}
	art, skip, err := extractPage(f, f.Header.Get("Content-Type"), w.opts.Extract)
	if err != nil || skip != "" {
		return skip, err
	}
	if w.alreadyStored(ctx, f.URL, f.FetchedAt) {
		return string(archive.OutcomeUnchanged), nil
	}
	res, err := w.st.Record(ctx, f, art)
	if err != nil {
		return "", fmt.Errorf("record revisit %s: %w", e.URL, err)
	}
	return string(res.Outcome), nil
}

// captureAt finds the stored capture of u taken at t (zero: the latest).
func (w *importWriter) captureAt(ctx context.Context, u string, t time.Time) (*archive.Capture, error) {
	n := 0
	if !t.IsZero() {
		if hist, err := w.st.History(ctx, u); err == nil {
			for _, v := range hist {
				if sameInstant(v.FetchedAt, t) {
					n = v.Version
				}
			}
		}
	}
	return w.st.CaptureOf(ctx, u, n)
}

func sameURL(a, b string) bool {
	na, err1 := archive.NormalizeURL(a)
	nb, err2 := archive.NormalizeURL(b)
	if err1 != nil || err2 != nil {
		return a == b
	}
	return na == nb
}

func (w *importWriter) finish(records *atomic.Int64) ImportStats {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := *w.stats
	s.Records = int(records.Load())
	return s
}

// redirectMap remembers recent redirect targets -> source URL, bounded.
type redirectMap struct {
	max   int
	m     map[string]redirectSource
	order []string
}

// redirectSource is the URL a redirect chain started at, and whether
// every hop of it so far was permanent (301, 308): only such a chain
// renames its source (see archive.Fetch.Redirects).
type redirectSource struct {
	url       string
	permanent bool
}

func newRedirectMap(max int) *redirectMap {
	return &redirectMap{max: max, m: map[string]redirectSource{}}
}

// put notes that a redirect chain from src led to target, every hop of it
// permanent or not.
func (r *redirectMap) put(target, src string, permanent bool) {
	target = normKey(target)
	if target == normKey(src) {
		return
	}
	// Chains: a -> b -> c keeps a as the page.
	from := redirectSource{src, permanent}
	if s, ok := r.m[normKey(src)]; ok {
		from = redirectSource{s.url, s.permanent && permanent}
	}
	if _, ok := r.m[target]; !ok {
		r.order = append(r.order, target)
		if len(r.order) > r.max {
			delete(r.m, r.order[0])
			r.order = r.order[1:]
		}
	}
	r.m[target] = from
}

func (r *redirectMap) get(target string) string { return r.m[normKey(target)].url }

// temporaryOnTheWay reports whether a temporary hop (302, 303, 307) led to
// target.
func (r *redirectMap) temporaryOnTheWay(target string) bool {
	s, ok := r.m[normKey(target)]
	return ok && !s.permanent
}

// normKey matches URLs the way the archive does, so a Location and the
// target's record agree despite default ports, case or tracking params.
func normKey(u string) string {
	if n, err := archive.NormalizeURL(u); err == nil {
		return n
	}
	return u
}
