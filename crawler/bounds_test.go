package crawler

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/crawler/testsite"
)

// sitemapIndexSite serves /sitemap.xml, an index of n child sitemaps of per
// URLs each, written as they are sent (the server holds none of them). The
// URL i of child c has lastmod day (c*per+i) after 2000-01-01, so the newest
// URLs are the last child's last ones. Every page is a small article.
func sitemapIndexSite(h *testsite.Host, n, per int) {
	h.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for c := range n {
			fmt.Fprintf(w, "<sitemap><loc>%s/sitemap-%d.xml</loc></sitemap>", h.URL, c)
		}
		fmt.Fprint(w, `</sitemapindex>`)
	})
	base := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	h.HandlePrefix("/sitemap-", func(w http.ResponseWriter, r *http.Request) {
		c, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/sitemap-"), ".xml"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("ETag", fmt.Sprintf(`"sm-%d"`, c))
		if r.Header.Get("If-None-Match") == fmt.Sprintf(`"sm-%d"`, c) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		bw := bufio.NewWriter(w)
		fmt.Fprint(bw, `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := range per {
			k := c*per + i
			fmt.Fprintf(bw, "<url><loc>%s/2024/report-on-subject-%d</loc><lastmod>%s</lastmod></url>", h.URL, k, base.Add(time.Duration(k)*time.Minute).Format(time.RFC3339))
		}
		fmt.Fprint(bw, `</urlset>`)
		bw.Flush()
	})
	h.HandlePrefix("/2024/", func(w http.ResponseWriter, r *http.Request) {
		k, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/2024/report-on-subject-"))
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, testsite.ArticleHTML(fmt.Sprintf("Report on subject %d", k), "Ann Lee", "2024-05-06", uint64(k+1), 300, 0))
	})
}

// TestSitemapBounded: a sitemap index far larger than the run's budget
// queues at most max_queued URLs, newest first, and fetches max_pages.
func TestSitemapBounded(t *testing.T) {
	a, _ := openArchive(t)
	h := startHosts(t, 1)[0]
	const n, per, maxPages = 5, 2000, 20
	sitemapIndexSite(h, n, per)
	src := Source{Name: "sm", Sitemaps: []string{h.URL + "/sitemap.xml"}, MaxPages: maxPages}
	o := testOpts()
	if os.Getenv("DBG") != "" {
		o.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	sum := crawl(t, a, src, o)
	if sum.Fetched != maxPages || sum.New != maxPages {
		t.Errorf("want %d pages fetched and new, got %+v", maxPages, sum)
	}
	// Newest first: the children are undated, so the first child read
	// fills the queue with its newest entries; every page fetched is
	// among the newest max_queued of the sitemap that was read.
	for path := range h.AllHits() {
		k, err := strconv.Atoi(strings.TrimPrefix(path, "/2024/report-on-subject-"))
		if err != nil {
			continue
		}
		if k%per < per-4*maxPages {
			t.Errorf("fetched %s: not among the newest entries", path)
		}
	}
	var smRead int
	for c := range n {
		smRead += h.Hits(fmt.Sprintf("/sitemap-%d.xml", c))
	}
	if smRead > 2 {
		t.Errorf("%d child sitemaps read with the queue full, want <= 2", smRead)
	}
}

// TestSitemapUnchangedNotExpanded: a sitemap read in full is fetched
// conditionally next run, and a 304 is not expanded again.
func TestSitemapUnchangedNotExpanded(t *testing.T) {
	a, _ := openArchive(t)
	h := startHosts(t, 1)[0]
	sitemapIndexSite(h, 1, 10)
	src := Source{Name: "sm", Sitemaps: []string{h.URL + "/sitemap.xml"}}
	if sum := crawl(t, a, src, nil); sum.New != 10 {
		t.Fatalf("first run: %+v", sum)
	}
	h.ResetHits()
	sum := crawl(t, a, src, nil)
	if h.Hits("/sitemap-0.xml") != 1 {
		t.Errorf("child sitemap asked for %d times on the second run, want 1 (conditional)", h.Hits("/sitemap-0.xml"))
	}
	// Its pages are fetched only as revisits of archived pages.
	if sum.Fetched != sum.Revisited {
		t.Errorf("an unchanged sitemap was expanded again: %+v", sum)
	}
}

// BenchmarkSitemapIndex1M: a sitemap index of 20 × 50,000 URLs under
// max_pages 300 (the case: 50 s and 887 MB RSS before bounds).
// Reports seconds per run and the process's peak RSS.
func BenchmarkSitemapIndex1M(b *testing.B) {
	h := startHosts(b, 1)[0]
	sitemapIndexSite(h, 20, 50_000)
	for b.Loop() {
		a, _ := openArchive(b)
		start := time.Now()
		src := Source{Name: "big", Sitemaps: []string{h.URL + "/sitemap.xml"}, MaxPages: 300}
		sum := crawl(b, a, src, nil)
		b.ReportMetric(time.Since(start).Seconds(), "s/run")
		if sum.Fetched != 300 {
			b.Fatalf("fetched %d", sum.Fetched)
		}
		// A second run: the child sitemap cut by the bound is read again
		// (bounded), the others are skipped.
		start = time.Now()
		crawl(b, a, src, nil)
		b.ReportMetric(time.Since(start).Seconds(), "s/rerun")
	}
	b.ReportMetric(float64(peakRSS())/(1<<20), "MB-peak-RSS")
}

// peakRSS is the process's peak resident set (VmHWM), 0 if unknown.
func peakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

var _ = context.Background

// TestMaxPagesRunsReachNewPages: runs cut by max_pages fetch the pages
// not archived yet before those they archived already, so a site larger
// than one run's budget is covered over several runs; each run fetched
// the home page's first links again, and never got further.
func TestMaxPagesRunsReachNewPages(t *testing.T) {
	a, _ := openArchive(t)
	h := startHosts(t, 1)[0]
	var links []string
	for i := range 6 {
		links = append(links, articlePath(i))
		h.HTML(articlePath(i), article(i))
	}
	h.HTML("/", HubHTMLLinks(links...))
	src := Source{Name: "budget", Seeds: []string{h.URL + "/"}, MaxPages: 3, Revisit: "off"}
	for range 3 { // the home page and two articles a run
		crawl(t, a, src, nil)
	}
	for i := range 6 {
		if !hasVersion(t, a, h.URL+articlePath(i)) {
			t.Errorf("after 3 runs of 3 pages, %s was never fetched (hits %v)", articlePath(i), h.AllHits())
		}
	}
}

// TestQueueBoundDropsArchivedFirst: with the queue near max_queued, the
// entries dropped are the pages archived already and not changed since
// (the revisit pass re-checks them), not new articles: a sitemap listing
// archived pages with old dates and new pages without dates queues the
// new ones; and links to new articles found with the queue full of such
// entries take their places.
func TestQueueBoundDropsArchivedFirst(t *testing.T) {
	a, _ := openArchive(t)
	h := startHosts(t, 1)[0]
	const known, fresh = 8, 6
	old := time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)
	var entries []string
	for i := range known {
		h.HTML(articlePath(i), article(i))
		entries = append(entries, fmt.Sprintf("<url><loc>%s%s</loc><lastmod>%s</lastmod></url>", h.URL, articlePath(i), old.Add(time.Duration(i)*time.Hour).Format(time.RFC3339)))
	}
	sitemap := func() {
		h.Page("/sitemap.xml", "application/xml", `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+strings.Join(entries, "")+`</urlset>`)
	}
	sitemap()
	src := Source{Name: "qb", Sitemaps: []string{h.URL + "/sitemap.xml"}, Revisit: "off"}
	if sum := crawl(t, a, src, nil); sum.New != known {
		t.Fatalf("first run: %+v", sum)
	}
	// The sitemap now also lists new articles, undated; the queue holds
	// fewer than it lists.
	for i := known; i < known+fresh; i++ {
		h.HTML(articlePath(i), article(i))
		entries = append(entries, fmt.Sprintf("<url><loc>%s%s</loc></url>", h.URL, articlePath(i)))
	}
	sitemap()
	src.MaxQueued = fresh + 1
	crawl(t, a, src, nil)
	for i := known; i < known+fresh; i++ {
		if !hasVersion(t, a, h.URL+articlePath(i)) {
			t.Errorf("new article %d dropped for archived ones (hits %v)", i, h.AllHits())
		}
	}
}

// TestQueueFullLinksEvictArchived: links to new articles found when the
// queue is full of entries of archived pages not changed since take their
// places.
func TestQueueFullLinksEvictArchived(t *testing.T) {
	a, _ := openArchive(t)
	h := startHosts(t, 1)[0]
	// Fewer new articles than the archived entries that cannot be in
	// flight: entries being fetched (up to the 4 workers) are not evicted,
	// and with 5 of 8 a loaded machine left one new article out.
	const known, fresh = 8, 3
	old := time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)
	var links []string
	sitemap := func(date time.Time) {
		var entries []string
		for i := range known {
			entries = append(entries, fmt.Sprintf("<url><loc>%s%s</loc><lastmod>%s</lastmod></url>", h.URL, articlePath(i), date.Format(time.RFC3339)))
		}
		h.Page("/sitemap.xml", "application/xml", `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+strings.Join(entries, "")+`</urlset>`)
	}
	for i := range known {
		h.HTML(articlePath(i), article(i))
	}
	sitemap(old)
	h.HTML("/", HubHTMLLinks())
	src := Source{Name: "qf", Seeds: []string{h.URL + "/"}, Sitemaps: []string{h.URL + "/sitemap.xml"}, Revisit: "off"}
	if sum := crawl(t, a, src, nil); sum.New != known {
		t.Fatalf("first run: %+v", sum)
	}
	// The sitemap (read first; changed, so read again) fills the queue
	// with the archived pages, still older than our copies; the home page
	// then links new articles.
	sitemap(old.Add(time.Hour))
	for i := known; i < known+fresh; i++ {
		h.HTML(articlePath(i), article(i))
		links = append(links, articlePath(i))
	}
	hub := HubHTMLLinks(links...)
	h.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond) // answers after the sitemap is read: not a timing assertion
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, hub)
	})
	src.MaxQueued = known + 1
	crawl(t, a, src, nil)
	for i := known; i < known+fresh; i++ {
		if !hasVersion(t, a, h.URL+articlePath(i)) {
			t.Errorf("new article %d dropped for archived ones (hits %v)", i, h.AllHits())
		}
	}
}
