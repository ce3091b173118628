package archive

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/archivist-org/archivist/extract"
	bolt "go.etcd.io/bbolt"
)

// corpusDir holds the shared corpora (not in the repo):
// ARCHIVIST_CORPUS, else ../../shared/corpus (from a checkout beside
// shared/; a worktree one level deeper sets the variable).
var corpusDir = cmp.Or(os.Getenv("ARCHIVIST_CORPUS"), filepath.Join("..", "..", "shared", "corpus"))

type corpusPage struct {
	url string
	raw []byte
	art *extract.Article
}

var (
	corpusOnce  sync.Once
	corpusPages []corpusPage
)

// loadCorpus reads and extracts every corpus page once per process
// (extraction is not part of any measurement).
func loadCorpus(b *testing.B) []corpusPage {
	corpusOnce.Do(func() {
		files, _ := filepath.Glob(filepath.Join(corpusDir, "*", "html", "*.html.gz"))
		urls := corpusURLs()
		var mu sync.Mutex
		var wg sync.WaitGroup
		sem := make(chan struct{}, 2)
		for _, f := range files {
			wg.Add(1)
			sem <- struct{}{}
			go func(f string) {
				defer wg.Done()
				defer func() { <-sem }()
				gz, err := os.ReadFile(f)
				if err != nil {
					return
				}
				zr, err := gzip.NewReader(bytes.NewReader(gz))
				if err != nil {
					return
				}
				raw, err := io.ReadAll(zr)
				if err != nil {
					return
				}
				id := strings.TrimSuffix(filepath.Base(f), ".html.gz")
				u := urls[id]
				if u == "" {
					u = "https://corpus.example/" + id
				}
				if _, err := NormalizeURL(u); err != nil {
					u = "https://corpus.example/" + id
				}
				art, err := extract.FromHTML(raw, u, nil)
				if err != nil || art == nil {
					return
				}
				mu.Lock()
				corpusPages = append(corpusPages, corpusPage{url: u, raw: raw, art: art})
				mu.Unlock()
			}(f)
		}
		wg.Wait()
	})
	if len(corpusPages) == 0 {
		b.Skip("corpus not found at " + corpusDir)
	}
	return corpusPages
}

// corpusURLs maps corpus file ids to their page URLs where known.
func corpusURLs() map[string]string {
	out := map[string]string{}
	var aeb map[string]struct {
		URL string `json:"url"`
	}
	if b, err := os.ReadFile(filepath.Join(corpusDir, "aeb", "ground-truth.json")); err == nil && json.Unmarshal(b, &aeb) == nil {
		for id, v := range aeb {
			out[id] = v.URL
		}
	}
	var traf map[string]struct {
		File string `json:"file"`
		URL  string `json:"url"`
	}
	if b, err := os.ReadFile(filepath.Join(corpusDir, "traf", "evaldata.json")); err == nil && json.Unmarshal(b, &traf) == nil {
		for _, v := range traf {
			id := strings.TrimSuffix(v.File, ".html.gz")
			id = strings.TrimSuffix(id, ".html")
			switch host, path, ok := strings.Cut(id, "-"); {
			case v.URL != "":
				out[id] = v.URL
			case ok && strings.Contains(host, "."): // "site.com-slug"
				out[id] = "https://" + host + "/" + path
			}
		}
	}
	return out
}

// variant returns page p as fetched from a distinct URL with distinct
// content (so it is a new page and a new version, and no blob dedups).
func variant(p corpusPage, i int, uniqueBody bool) (Fetch, *extract.Article) {
	u := fmt.Sprintf("%s%sv=%d", p.url, map[bool]string{true: "&", false: "?"}[strings.Contains(p.url, "?")], i)
	art := *p.art
	art.CanonicalURL = "" // else every variant folds into the canonical page
	art.Text = fmt.Sprintf("%s\n\nRevision %d.", p.art.Text, i)
	body := p.raw
	if uniqueBody {
		body = append(append([]byte(nil), p.raw...), fmt.Sprintf("\n<!-- %d -->", i)...)
	}
	return Fetch{URL: u, Status: 200, Body: body, FetchedAt: time.Now(),
		Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Server": {"nginx"}, "Cache-Control": {"max-age=60"}}}, &art
}

// usedBytes is the space the live data takes in the file: every bucket's
// allocated branch and leaf pages (including overflow pages and unused room
// in them, excluding free pages). bbolt grows the file in big steps and
// reuses freed pages, so the file size says little per fetch.
func usedBytes(a *Archive) int64 {
	var n int64
	a.db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(_ []byte, b *bolt.Bucket) error {
			st := b.Stats()
			n += int64(st.BranchAlloc + st.LeafAlloc)
			return nil
		})
	})
	return n
}

// cpuTime is this process's user+system CPU time: with ~6 busy processes on
// 2 cores, wall-clock rates understate what an idle machine does, so the
// benchmarks also report CPU per op.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportRate(b *testing.B, unit string, cpu0 time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), unit+"/s")
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/op")
}

func benchArchive(b *testing.B) *Archive {
	a, err := Open(filepath.Join(b.TempDir(), "bench.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	return a
}

// benchParallelism is goroutines per CPU in the parallel benchmarks (a
// crawler runs tens of workers); ARCHIVE_BENCH_PAR overrides it.
var benchParallelism = func() int {
	if n, err := strconv.Atoi(os.Getenv("ARCHIVE_BENCH_PAR")); err == nil && n > 0 {
		return n
	}
	return 16
}()

// BenchmarkIngest records new versions of corpus pages (unique bodies, no
// dedup): serially, and with 32 concurrent callers as a crawler has.
func BenchmarkIngest(b *testing.B) {
	pages := loadCorpus(b)
	ctx := context.Background()
	run := func(b *testing.B, parallel bool) {
		a := benchArchive(b)
		var rawBytes atomic.Int64
		used0 := usedBytes(a)
		var next atomic.Int64
		one := func() {
			i := int(next.Add(1))
			f, art := variant(pages[i%len(pages)], i, true)
			rawBytes.Add(int64(len(f.Body)))
			if _, err := a.Record(ctx, f, art); err != nil {
				b.Error(err)
			}
		}
		b.ResetTimer()
		cpu0 := cpuTime()
		if parallel {
			b.SetParallelism(benchParallelism)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					one()
				}
			})
		} else {
			for i := 0; i < b.N; i++ {
				one()
			}
		}
		reportRate(b, "versions", cpu0)
		b.StopTimer()
		b.ReportMetric(100*float64(usedBytes(a)-used0)/float64(rawBytes.Load()), "file%raw")
		st, _ := a.Stats(ctx)
		b.ReportMetric(100*float64(st.StoredBytes)/float64(st.RawBytes), "stored%raw")
	}
	b.Run("serial", func(b *testing.B) { run(b, false) })
	b.Run("parallel", func(b *testing.B) { run(b, true) })
}

// BenchmarkUnchanged re-fetches known pages whose content did not change.
func BenchmarkUnchanged(b *testing.B) {
	pages := loadCorpus(b)
	ctx := context.Background()
	const known = 500
	run := func(b *testing.B, parallel bool) {
		a := benchArchive(b)
		type fa struct {
			f   Fetch
			art *extract.Article
		}
		var fs []fa
		for i := 0; i < known; i++ {
			f, art := variant(pages[i%len(pages)], i, false)
			if _, err := a.Record(ctx, f, art); err != nil {
				b.Fatal(err)
			}
			fs = append(fs, fa{f, art})
		}
		used0 := usedBytes(a)
		var next atomic.Int64
		one := func() {
			i := int(next.Add(1))
			x := fs[i%known]
			f := x.f
			f.FetchedAt = time.Now()
			f.Header = f.Header.Clone()
			f.Header.Set("Date", f.FetchedAt.Format(http.TimeFormat))
			r, err := a.Record(ctx, f, x.art)
			if err != nil || r.Outcome != OutcomeUnchanged {
				b.Errorf("%+v %v", r, err)
			}
		}
		b.ResetTimer()
		cpu0 := cpuTime()
		if parallel {
			b.SetParallelism(benchParallelism)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					one()
				}
			})
		} else {
			for i := 0; i < b.N; i++ {
				one()
			}
		}
		reportRate(b, "fetches", cpu0)
		b.StopTimer()
		b.ReportMetric(float64(usedBytes(a)-used0)/float64(b.N), "bytes/fetch")
	}
	b.Run("serial", func(b *testing.B) { run(b, false) })
	b.Run("parallel", func(b *testing.B) { run(b, true) })
}

// The 100,000-page archive for the read benchmarks, built once per process
// from the corpus pages under varied URLs (every 10th page has 3 versions).
// ARCHIVE_BENCH_PAGES overrides the size (e.g. for a quick profile).
var bigPages = func() int {
	if n, err := strconv.Atoi(os.Getenv("ARCHIVE_BENCH_PAGES")); err == nil && n >= 10 {
		return n
	}
	return 100_000
}()

var (
	bigOnce sync.Once
	bigArch *Archive
	bigURLs []string
	bigErr  error
	bigDir  string
)

func bigArchive(b *testing.B) (*Archive, []string) {
	pages := loadCorpus(b)
	bigOnce.Do(func() {
		bigDir, bigErr = os.MkdirTemp("", "archive-bench-")
		if bigErr != nil {
			return
		}
		bigArch, bigErr = Open(filepath.Join(bigDir, "big.db"), nil)
		if bigErr != nil {
			return
		}
		start := time.Now()
		ctx := context.Background()
		bigURLs = make([]string, bigPages)
		var next atomic.Int64
		var wg sync.WaitGroup
		for w := 0; w < 32; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1)) - 1
					if i >= bigPages || bigErr != nil {
						return
					}
					p := pages[i%len(pages)]
					versions := 1
					if i%10 == 0 {
						versions = 3
					}
					for v := 0; v < versions; v++ {
						f, art := variant(p, i, false)
						art.Text += strings.Repeat(" More.", v)
						r, err := bigArch.Record(ctx, f, art)
						if err != nil {
							bigErr = err
							return
						}
						bigURLs[i] = r.URL
					}
				}
			}()
		}
		wg.Wait()
		fmt.Fprintf(os.Stderr, "built a %d-page archive in %s\n", bigPages, time.Since(start).Round(time.Second))
	})
	if bigErr != nil {
		b.Fatal(bigErr)
	}
	return bigArch, bigURLs
}

func closeBig() {
	if bigArch != nil {
		bigArch.Close()
	}
	if bigDir != "" {
		os.RemoveAll(bigDir)
	}
}

// BenchmarkShow reads one URL's latest version (as `show` does) on the
// 100,000-page archive.
func BenchmarkShow(b *testing.B) {
	a, urls := bigArchive(b)
	ctx := context.Background()
	rng := rand.New(rand.NewSource(1))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u := urls[rng.Intn(len(urls))]
		rec, err := a.Version(ctx, u, 0)
		if err != nil || rec.Text == "" {
			b.Fatal(u, err)
		}
	}
}

// BenchmarkHistory lists one URL's versions on the 100,000-page archive.
func BenchmarkHistory(b *testing.B) {
	a, urls := bigArchive(b)
	ctx := context.Background()
	rng := rand.New(rand.NewSource(2))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u := urls[rng.Intn(len(urls)/10)*10] // pages with 3 versions
		h, err := a.History(ctx, u)
		if err != nil || len(h) != 3 {
			b.Fatal(u, err, len(h))
		}
	}
}

// BenchmarkExport exports the 100,000-page archive as JSON Lines to
// io.Discard, every version; one op is one article. "jsonl" is the export
// command's path (ExportJSONL splicing stored JSON); "records" decodes each
// Record and encodes it again. Both report how much the live heap grew.
func BenchmarkExport(b *testing.B) {
	a, _ := bigArchive(b)
	ctx := context.Background()
	errStop := fmt.Errorf("stop")
	measure := func(b *testing.B, run func(limit int, sample func()) (int, error)) {
		// Live heap (after a GC) every 10,000 articles: what the export
		// retains, not garbage waiting for the collector.
		var ms runtime.MemStats
		live := func() uint64 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			return ms.HeapAlloc
		}
		base := live()
		peak := base
		var cpu0 time.Duration
		sample := func() { // not timed, and its GC's CPU not counted
			b.StopTimer()
			c := cpuTime()
			peak = max(peak, live())
			cpu0 += cpuTime() - c
			b.StartTimer()
		}
		b.ResetTimer()
		cpu0 = cpuTime()
		for n := 0; n < b.N; {
			got, err := run(b.N-n, sample)
			if err != nil && err != errStop {
				b.Fatal(err)
			}
			n += got
		}
		reportRate(b, "articles", cpu0)
		b.ReportMetric(float64(peak-base)/(1<<20), "live-heap-growth-MB")
	}
	b.Run("jsonl", func(b *testing.B) {
		measure(b, func(limit int, sample func()) (int, error) {
			w := &limitWriter{limit: limit, sample: sample, stop: errStop}
			_, _, err := a.ExportJSONL(ctx, ExportFilter{AllVersions: true}, w)
			return w.lines, err
		})
	})
	b.Run("records", func(b *testing.B) {
		enc := json.NewEncoder(io.Discard)
		measure(b, func(limit int, sample func()) (int, error) {
			n := 0
			err := a.Export(ctx, ExportFilter{AllVersions: true}, func(r *Record) error {
				if err := enc.Encode(r); err != nil {
					return err
				}
				if n++; n%10000 == 0 {
					sample()
				}
				if n >= limit {
					return errStop
				}
				return nil
			})
			return n, err
		})
	})
}

// limitWriter counts lines (ExportJSONL writes one per call) and stops
// after limit.
type limitWriter struct {
	limit, lines int
	sample       func()
	stop         error
}

func (w *limitWriter) Write(p []byte) (int, error) {
	if w.lines >= w.limit {
		return 0, w.stop
	}
	if w.lines++; w.lines%10000 == 0 {
		w.sample()
	}
	return len(p), nil
}
