package crawler

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gocolly/colly/v2"
	"golang.org/x/net/html"

	"github.com/archivist-org/archivist/crawler/testsite"
)

var (
	benchPages   = flag.Int("crawlbench.pages", 5000, "article pages in the throughput benchmark site")
	benchWorkers = flag.Int("crawlbench.workers", 8, "parallel fetches in the throughput benchmark (per-host limit of both crawlers)")
	benchOnly    = flag.String("crawlbench.only", "", "profile one side of the throughput benchmark: bare or pipeline")
	benchURLs    = flag.Int("crawlbench.frontier", 100000, "frontier size in the memory benchmark")
)

// benchSite serves n article pages of 50–150 KB (generated per request so
// the site itself holds no memory), reachable from / through hub pages of
// 100 links each.
func benchSite(b *testing.B, n int) *testsite.Host {
	h := testsite.Start(1)[0]
	b.Cleanup(h.Close)
	const perHub = 100
	var hubs []string
	for i := 0; i*perHub < n; i++ {
		hubs = append(hubs, fmt.Sprintf("/list/%d/", i))
	}
	h.HTML("/", testsite.HubHTML("Home", hubs...))
	h.HandlePrefix("/list/", func(w http.ResponseWriter, r *http.Request) {
		k, err := strconv.Atoi(strings.Trim(strings.TrimPrefix(r.URL.Path, "/list/"), "/"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		var links []string
		for i := k * perHub; i < min((k+1)*perHub, n); i++ {
			links = append(links, fmt.Sprintf("/2025/05/article-%d-on-regional-affairs", i))
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(testsite.HubHTML(fmt.Sprintf("List %d", k), links...)))
	})
	h.HandlePrefix("/2025/05/", func(w http.ResponseWriter, r *http.Request) {
		var i int
		if _, err := fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/2025/05/"), "article-%d-on-regional-affairs", &i); err != nil || i >= n {
			http.NotFound(w, r)
			return
		}
		size := 50<<10 + (i*7919)%(100<<10) // 50–150 KB
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(testsite.ArticleHTML(fmt.Sprintf("Article %d on regional affairs", i), "Jo Bloggs", "2025-05-01",
			uint64(i+1), 900+i%600, size, "/", fmt.Sprintf("/2025/05/article-%d-on-regional-affairs", (i+1)%n))))
	})
	return h
}

// bareColly crawls the site with colly alone: fetch, html.Parse, follow
// links. It returns article pages fetched.
func bareColly(b *testing.B, base string, workers int) int {
	c := colly.NewCollector(colly.Async(true), colly.MaxBodySize(DefaultMaxBodySize))
	c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: workers})
	var pages atomic.Int64
	c.OnResponse(func(r *colly.Response) {
		doc, err := html.Parse(bytes.NewReader(r.Body))
		if err != nil {
			return
		}
		if strings.Contains(r.Request.URL.Path, "/article-") {
			pages.Add(1)
		}
		// Each distinct href once per page, as any sensible colly crawler
		// would (Visit per duplicate link costs a revisit check each).
		seen := map[string]bool{}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode && n.Data == "a" {
				for _, a := range n.Attr {
					if a.Key == "href" && !seen[a.Val] {
						seen[a.Val] = true
						r.Request.Visit(a.Val)
					}
				}
			}
			for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
				walk(ch)
			}
		}
		walk(doc)
	})
	c.OnError(func(r *colly.Response, err error) { b.Logf("bare colly: %s: %v", r.Request.URL, err) })
	if err := c.Visit(base + "/"); err != nil {
		b.Fatal(err)
	}
	c.Wait()
	return int(pages.Load())
}

// BenchmarkThroughput compares the full pipeline (fetch, extract, archive,
// persistent frontier) with a bare colly crawl (fetch + html.Parse) of the
// same site, politeness off, side by side (bare, pipeline, bare again; the
// baseline is the mean of the two bare runs). Reported: pages/s of each, the
// ratio (bar: >= 0.6) and the process's peak RSS.
//
//	go test ./crawler -run '^$' -bench Throughput -benchtime 1x
func BenchmarkThroughput(b *testing.B) {
	n := *benchPages
	h := benchSite(b, n)
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		bare := time.Duration(1)
		if *benchOnly != "pipeline" {
			got := bareColly(b, h.URL, *benchWorkers)
			bare = time.Since(t0)
			if got != n {
				b.Fatalf("bare colly fetched %d of %d articles", got, n)
			}
		}
		if *benchOnly == "bare" {
			b.Logf("bare colly %.0f pages/s", float64(n)/bare.Seconds())
			continue
		}

		a, _ := openArchive(b)
		opts := testOpts()
		src := Source{Name: "bench", Seeds: []string{h.URL + "/"}, Delay: noDelay(), Concurrency: *benchWorkers, MaxDepth: 3}
		c, err := New(a, src, opts)
		if err != nil {
			b.Fatal(err)
		}
		// The pipeline runs as cmd/archivist runs it (ExtraProc); bare
		// colly at the runtime's default, which suits it better.
		restore := ExtraProc()
		t0 = time.Now()
		sum, err := c.Run(context.Background())
		full := time.Since(t0)
		restore()
		if err != nil {
			b.Fatal(err)
		}
		if sum.New != n {
			b.Fatalf("pipeline archived %d of %d articles: %+v", sum.New, n, sum)
		}
		if *benchOnly == "" {
			// Bare again after the pipeline: the machine's load drifts, and
			// the mean of the runs either side is the fairer baseline. It
			// errs against the pipeline: beside what the pipeline leaves
			// live (encoder pools, caches) this run collects garbage less
			// often than the first, in a fresh process, and runs faster.
			a.Close()
			runtime.GC()
			t0 = time.Now()
			if got := bareColly(b, h.URL, *benchWorkers); got != n {
				b.Fatalf("bare colly fetched %d of %d articles", got, n)
			}
			bare2 := time.Since(t0)
			b.Logf("bare colly before %.0f pages/s, after %.0f pages/s", float64(n)/bare.Seconds(), float64(n)/bare2.Seconds())
			bare = (bare + bare2) / 2
		}
		bareRate := float64(n) / bare.Seconds()
		fullRate := float64(n) / full.Seconds()
		b.ReportMetric(bareRate, "bare-pages/s")
		b.ReportMetric(fullRate, "pipeline-pages/s")
		b.ReportMetric(fullRate/bareRate, "ratio")
		b.ReportMetric(float64(vmHWM())/(1<<20), "peak-RSS-MB")
		b.Logf("%d articles: bare colly %.0f pages/s (%s), pipeline %.0f pages/s (%s), ratio %.2f, peak RSS %d MB",
			n, bareRate, bare.Round(time.Millisecond), fullRate, full.Round(time.Millisecond), fullRate/bareRate, vmHWM()>>20)
	}
}

// BenchmarkFrontierMemory grows a frontier of crawlbench.frontier URLs
// (hub pages of 10,000 links each, fetched through the crawler) and reports
// the process's peak RSS (bar: <= 300 MB). Run it alone so the peak is its
// own:
//
//	go test ./crawler -run '^$' -bench FrontierMemory -benchtime 1x
func BenchmarkFrontierMemory(b *testing.B) {
	total := *benchURLs
	// 2% more links than the bar: a few stories are fetched (404) while the
	// last hubs load, and the queue must still pass the bar.
	links := total * 102 / 100
	const perHub = 10000
	h := testsite.Start(1)[0]
	b.Cleanup(h.Close)
	var hubs []string
	for i := 0; i*perHub < links; i++ {
		hubs = append(hubs, fmt.Sprintf("/hub/%d/", i))
	}
	h.HTML("/", testsite.HubHTML("Home", hubs...))
	h.HandlePrefix("/hub/", func(w http.ResponseWriter, r *http.Request) {
		k, _ := strconv.Atoi(strings.Trim(strings.TrimPrefix(r.URL.Path, "/hub/"), "/"))
		var bld strings.Builder
		bld.WriteString(`<html><head><meta property="og:type" content="website"><title>Hub</title></head><body><h1>Hub</h1><ul>`)
		for i := k * perHub; i < min((k+1)*perHub, links); i++ {
			fmt.Fprintf(&bld, `<li><a href="/2025/06/story-%d-about-things">Story %d</a></li>`, i, i)
		}
		bld.WriteString(`</ul></body></html>`)
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(bld.String()))
	})
	for i := 0; i < b.N; i++ {
		a, _ := openArchive(b)
		// Only hubs are fetchable quickly; stop once they are all in.
		src := Source{Name: "mem", Seeds: []string{h.URL + "/"}, Delay: noDelay(), Concurrency: 4}
		opts := testOpts()
		var peakQueued int
		opts.ProgressEvery = 50 * time.Millisecond
		opts.Progress = func(p Progress) { peakQueued = max(peakQueued, p.Queued) }
		c, err := New(a, src, opts)
		if err != nil {
			b.Fatal(err)
		}
		// Keep the frontier: measure it, not the end-of-run reset.
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			for q, _ := c.fr.QueueSize(); q < total && ctx.Err() == nil; q, _ = c.fr.QueueSize() {
				time.Sleep(10 * time.Millisecond)
			}
			cancel()
		}()
		c.Run(ctx)
		cancel()
		q, _ := c.fr.QueueSize()
		peakQueued = max(peakQueued, q)
		b.ReportMetric(float64(peakQueued), "frontier-URLs")
		b.ReportMetric(float64(vmHWM())/(1<<20), "peak-RSS-MB")
		b.Logf("frontier %d URLs, peak RSS %d MB", peakQueued, vmHWM()>>20)
		if peakQueued < total {
			b.Errorf("frontier only reached %d URLs", peakQueued)
		}
	}
}

// vmHWM is the process's peak resident set size in bytes (Linux), 0 if
// unknown.
func vmHWM() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			f := strings.Fields(l)
			if len(f) >= 2 {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}
