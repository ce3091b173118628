package extract

import (
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/archivist-org/archivist/crawler/testsite"
)

// benchPage is one input of BenchmarkFromHTMLCorpus.
type benchPage struct {
	url string
	src []byte
}

// corpusBenchPages returns every page of the shared corpora (aeb with its
// URLs), or nil when they are absent.
func corpusBenchPages(b *testing.B) []benchPage {
	var pages []benchPage
	for _, sub := range []string{"aeb/html", "traf/html"} {
		files, _ := filepath.Glob(filepath.Join(corpusDir, sub, "*.html.gz"))
		sort.Strings(files)
		for _, f := range files {
			pages = append(pages, benchPage{"https://example.org/2024/05/" + strings.TrimSuffix(filepath.Base(f), ".html.gz"), readGz(b, f)})
		}
	}
	return pages
}

// testsitePages returns pages like those the crawler's throughput benchmark
// crawls (see crawler/bench_test.go benchSite): 50–150 KB articles, mostly
// menu and script padding.
func testsitePages(n int) []benchPage {
	var pages []benchPage
	for k := range n {
		i := k * 997 % 5000
		size := 50<<10 + (i*7919)%(100<<10)
		path := fmt.Sprintf("/2025/05/article-%d-on-regional-affairs", i)
		src := testsite.ArticleHTML(fmt.Sprintf("Article %d on regional affairs", i), "Jo Bloggs", "2025-05-01",
			uint64(i+1), 900+i%600, size, "/", fmt.Sprintf("/2025/05/article-%d-on-regional-affairs", (i+1)%5000))
		pages = append(pages, benchPage{"http://127.0.0.1:8080" + path, []byte(src)})
	}
	return pages
}

// BenchmarkFromHTMLCorpus runs FromHTML over every corpus page and over
// synthetic crawler-benchmark pages, reporting ns and allocations per page;
// the parse sub-benchmarks time decode + html.Parse alone on the same pages,
// so extract − parse is the extractor's own cost.
func BenchmarkFromHTMLCorpus(b *testing.B) {
	sets := []struct {
		name  string
		pages []benchPage
	}{
		{"corpus", corpusBenchPages(b)},
		{"testsite", testsitePages(20)},
	}
	for _, set := range sets {
		if len(set.pages) == 0 {
			continue
		}
		var total int64
		for _, p := range set.pages {
			total += int64(len(p.src))
		}
		b.Run(set.name+"/extract", func(b *testing.B) {
			b.SetBytes(total)
			b.ReportAllocs()
			m0 := startCount()
			for b.Loop() {
				for _, p := range set.pages {
					if _, err := FromHTML(p.src, p.url, nil); err != nil && err != ErrNotHTML {
						b.Fatal(err)
					}
				}
			}
			perPage(b, len(set.pages), m0)
		})
		b.Run(set.name+"/parse", func(b *testing.B) {
			b.SetBytes(total)
			b.ReportAllocs()
			m0 := startCount()
			for b.Loop() {
				for _, p := range set.pages {
					text, err := decode(p.src, "")
					if err != nil {
						b.Fatal(err)
					}
					if _, err := html.Parse(strings.NewReader(text)); err != nil {
						b.Fatal(err)
					}
				}
			}
			perPage(b, len(set.pages), m0)
		})
	}
}

// counts are the process's heap allocations and CPU time (user and
// system, all threads: GC included) so far. On a shared, loaded machine
// CPU time per page is steadier than wall-clock time.
type counts struct {
	mallocs uint64
	cpu     time.Duration
}

func startCount() counts {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return counts{ms.Mallocs, time.Duration(ru.Utime.Nano() + ru.Stime.Nano())}
}

// perPage reports wall-clock time, CPU time and allocations per page (b.N
// counts passes over n pages; c0 is startCount() before the loop).
func perPage(b *testing.B, n int, c0 counts) {
	c := startCount()
	pages := float64(b.N * n)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/pages, "ns/page")
	b.ReportMetric(float64(c.cpu-c0.cpu)/pages, "cpu-ns/page")
	b.ReportMetric(float64(c.mallocs-c0.mallocs)/pages, "allocs/page")
}
