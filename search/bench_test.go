package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/extract"
)

// synthArchive is a Source of n articles generated from the corpus texts:
// doc i takes most paragraphs of one corpus page (shuffled), a paragraph
// of another, a few substituted words, and its own site, author, topic and
// date. Records are made on demand, so memory stays flat.
type synthArchive struct {
	pages []corpusPage
	paras [][]string
	vocab []string
	n     int
}

func newSynthArchive(pages []corpusPage, n int) *synthArchive {
	s := &synthArchive{pages: pages, n: n}
	seen := map[string]bool{}
	for _, p := range pages {
		s.paras = append(s.paras, strings.Split(p.Art.Text, "\n\n"))
		for _, w := range strings.Fields(p.Art.Title) {
			w = strings.ToLower(strings.Trim(w, ".,:;!?\"'()«»„“”‘’"))
			if len(w) > 4 && !seen[w] {
				seen[w] = true
				s.vocab = append(s.vocab, w)
			}
		}
	}
	sort.Strings(s.vocab)
	return s
}

const synthPrefix = "https://site"

func (s *synthArchive) url(i int) string {
	return fmt.Sprintf("%s%d.example/a/%d", synthPrefix, i%300, i)
}

func (s *synthArchive) record(i int) *archive.Record {
	rng := rand.New(rand.NewPCG(uint64(i), 99))
	bi := i % len(s.pages)
	base := s.pages[bi].Art
	ps := s.paras[bi]
	var kept []string
	for _, p := range ps {
		if rng.IntN(10) < 8 || len(ps) < 3 {
			kept = append(kept, p)
		}
	}
	rng.Shuffle(len(kept), func(a, b int) { kept[a], kept[b] = kept[b], kept[a] })
	other := s.paras[rng.IntN(len(s.paras))]
	kept = append(kept, other[rng.IntN(len(other))])
	text := strings.Join(kept, "\n\n")
	// Substitute ~3% of words so no two documents are alike.
	words := strings.Split(text, " ")
	for k := 0; k < len(words)/30; k++ {
		words[rng.IntN(len(words))] = s.vocab[rng.IntN(len(s.vocab))]
	}
	text = strings.Join(words, " ")
	pub := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(10*365*24)) * time.Hour)
	return &archive.Record{
		Article: extract.Article{
			URL:       s.url(i),
			Title:     base.Title + " " + s.vocab[rng.IntN(len(s.vocab))],
			Authors:   []string{authorName(rng.IntN(500))},
			Published: pub.Format("2006-01-02"),
			Language:  base.Language,
			Topics:    []string{s.vocab[rng.IntN(50)]},
			Text:      text,
			WordCount: len(words),
			Kind:      extract.KindArticle,
		},
		RecordInfo: archive.RecordInfo{Version: 1, Seq: uint64(i + 1), FirstSeen: pub, FetchedAt: pub},
	}
}

func (s *synthArchive) Export(ctx context.Context, f archive.ExportFilter, fn func(*archive.Record) error) error {
	for i := int(f.AfterSeq); i < s.n; i++ {
		if err := fn(s.record(i)); err != nil {
			return err
		}
	}
	return nil
}

func (s *synthArchive) Version(ctx context.Context, url string, n int) (*archive.Record, error) {
	i := strings.LastIndexByte(url, '/')
	id, err := strconv.Atoi(url[i+1:])
	if err != nil || id >= s.n {
		return nil, archive.ErrNotFound
	}
	return s.record(id), nil
}

// BenchmarkArchive100k builds an index of 100,000 generated articles
// (ARCHIVIST_BENCH_DOCS to change) once, then times queries. Run with
//
//	go test -run '^$' -bench Archive100k -benchtime 1x ./search
//
// Reported: docs/s indexing, index/text size ratio, p50/p99 query latency
// (ms) without and with filters, snippets included.
func BenchmarkArchive100k(b *testing.B) {
	pages := loadCorpus(b)
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("ARCHIVIST_BENCH_DOCS")); err == nil && v > 0 {
		n = v
	}
	src := newSynthArchive(pages, n)
	// ARCHIVIST_BENCH_DIR keeps the index between runs (query work on a
	// built index); indexing numbers then cover only what was missing.
	dir := os.Getenv("ARCHIVIST_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	batch := 4000
	if v, err := strconv.Atoi(os.Getenv("ARCHIVIST_BENCH_BATCH")); err == nil && v > 0 {
		batch = v
	}
	ix, err := Open(dir, &Options{BatchSize: batch})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	start := time.Now()
	cpu0 := cpuTime()
	st, err := ix.Sync(ctx, src)
	cpuTook := cpuTime() - cpu0
	if err != nil {
		b.Fatal(err)
	}
	took := time.Since(start)
	var textBytes int64
	for i := 0; i < n && st.Indexed > 0; i++ { // not again on a kept index
		textBytes += int64(len(src.record(i).Text))
	}
	size, _ := ix.Size()
	bleveSize := dirSize(filepath.Join(dir, "bleve"))
	rate := float64(st.Indexed) / took.Seconds()
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	b.Logf("indexed %d docs in %s (%s CPU): %.0f docs/s wall, %.0f docs per CPU-second; index %.1f MB (bleve %.1f MB), text %.1f MB, ratio %.2f; peak RSS %d MB",
		st.Indexed, took.Round(time.Millisecond), cpuTook.Round(time.Millisecond), rate, float64(st.Indexed)/cpuTook.Seconds(),
		float64(size)/1e6, float64(bleveSize)/1e6, float64(textBytes)/1e6, float64(size)/float64(textBytes), ru.Maxrss/1024)

	queries := []string{"government", "climate change", "police", "market prices", "energy",
		"university students", "trade war", "new york", "health", "football season", "Regierung",
		"Energie Preise", "Kinder Schule", "coronavirus", "election campaign", "water", "oil",
		"technology companies", "Berlin", "security forces", "software", "women", "music festival",
		"Klimaschutz", "artists museum", "economy growth rates", "Polizei Unfall", "travel tips",
		"data privacy law", "recipe chocolate cake"}
	since := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	filtered := func(q string, k int) Request {
		r := Request{Query: q}
		switch k % 4 {
		case 0:
			r.Site = fmt.Sprintf("site%d.example", k%300)
		case 1:
			r.Since = since
		case 2:
			r.Lang = "en"
			r.SortByDate = true
		case 3:
			r.Author = authorName(k % 500)
			r.Since = since
		}
		return r
	}
	var all, allCPU []time.Duration // every query of every kind, for p99 ÷ p50
	// Each query's CPU time on its thread is reported beside its wall
	// time: on a shared machine a query's p99 wall time mostly measures
	// how long it waited for a core.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	measure := func(name string, mk func(q string, k int) Request) {
		var lat, cpu []time.Duration
		var slow []string
		timeQueries(b, ctx, ix, src, queries, mk, func(req Request, d, c time.Duration) {
			lat, cpu = append(lat, d), append(cpu, c)
			all, allCPU = append(all, d), append(allCPU, c)
			if d > 50*time.Millisecond {
				slow = append(slow, fmt.Sprintf("%q site=%q since=%v lang=%q bydate=%v author=%q: %.0f ms",
					req.Query, req.Site, !req.Since.IsZero(), req.Lang, req.SortByDate, req.Author, ms(d)))
			}
		})
		if len(slow) > 0 {
			b.Logf("%s: slow queries:\n  %s", name, strings.Join(slow, "\n  "))
		}
		slices.Sort(lat)
		slices.Sort(cpu)
		p50, p99 := lat[len(lat)/2], lat[len(lat)*99/100]
		c50, c99 := cpu[len(cpu)/2], cpu[len(cpu)*99/100]
		// On stderr: the benchmark log is cut after a few lines.
		fmt.Fprintf(os.Stderr, "%s: %d queries, wall p50 %.2f ms, p99 %.2f ms, max %.2f ms; thread CPU p50 %.2f ms, p99 %.2f ms\n", name, len(lat),
			ms(p50), ms(p99), ms(lat[len(lat)-1]), ms(c50), ms(c99))
		b.ReportMetric(ms(p50), name+"-p50-ms")
		b.ReportMetric(ms(p99), name+"-p99-ms")
		b.ReportMetric(ms(c50), name+"-cpu-p50-ms")
		b.ReportMetric(ms(c99), name+"-cpu-p99-ms")
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		measure("plain", func(q string, _ int) Request { return Request{Query: q} })
		measure("word", func(q string, _ int) Request {
			if strings.Contains(q, " ") {
				return Request{}
			}
			return Request{Query: q}
		})
		measure("phrase", func(q string, _ int) Request {
			if !strings.Contains(q, " ") {
				return Request{}
			}
			return Request{Query: `"` + q + `"`}
		})
		measure("filtered", filtered)
	}
	b.StopTimer()
	slices.Sort(all)
	slices.Sort(allCPU)
	fmt.Fprintf(os.Stderr, "all kinds: %d queries, wall p50 %.2f ms, p99 %.2f ms, p99/p50 %.2f; thread CPU p50 %.2f ms, p99 %.2f ms, p99/p50 %.2f", len(all),
		ms(all[len(all)/2]), ms(all[len(all)*99/100]), float64(all[len(all)*99/100])/float64(all[len(all)/2]),
		ms(allCPU[len(allCPU)/2]), ms(allCPU[len(allCPU)*99/100]), float64(allCPU[len(allCPU)*99/100])/float64(allCPU[len(allCPU)/2]))
	fmt.Fprintln(os.Stderr)
	// Copies on the big index: one look-up and the bulk pass.
	t0 := time.Now()
	if _, err := ix.Copies(ctx, src.url(12345%n)); err != nil {
		b.Fatal(err)
	}
	b.Logf("first copies look-up (loads %d fingerprints): %s", n, time.Since(t0).Round(time.Millisecond))
	t0 = time.Now()
	if _, err := ix.Copies(ctx, src.url(777%n)); err != nil {
		b.Fatal(err)
	}
	b.Logf("next copies look-up: %s", time.Since(t0).Round(time.Microsecond))
	b.ReportMetric(rate, "docs/s")
	b.ReportMetric(float64(size)/float64(textBytes), "index/text")
}

// timeQueries runs mk's request for each query (none where its Query is
// empty), 5 rounds, and reports each one's wall and thread CPU time to fn.
// The caller locks its goroutine to the thread.
func timeQueries(b *testing.B, ctx context.Context, ix *Index, src TextSource, queries []string,
	mk func(q string, k int) Request, fn func(req Request, wall, cpu time.Duration)) {
	for round := 0; round < 5; round++ {
		for k, q := range queries {
			req := mk(q, k+round)
			if req.Query == "" {
				continue
			}
			t0, c0 := time.Now(), threadCPU()
			if _, err := ix.Search(ctx, req, src); err != nil {
				b.Fatal(err)
			}
			fn(req, time.Since(t0), threadCPU()-c0)
		}
	}
}

// cpuTime is the CPU time (user+system) this process has used: the machine
// is shared, so wall-clock rates understate what the code does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// threadCPU is the CPU time (user+system) of the calling thread, to the
// nanosecond (getrusage counts scheduler ticks: 4 ms steps); the caller
// locks its goroutine to the thread.
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

var firstNames = []string{"Anna", "Ben", "Clara", "David", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas",
	"Karim", "Lena", "Marco", "Nadia", "Omar", "Paula", "Quentin", "Rosa", "Samir", "Tessa"}
var lastNames = []string{"Adler", "Bauer", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ivanova",
	"Jansen", "Keller", "Lambert", "Moreau", "Novak", "Okafor", "Petit", "Quinn", "Rossi", "Schmidt", "Tanaka",
	"Ucar", "Vogel", "Weber", "Xu", "Yilmaz"}

// authorName is the n-th of 500 distinct names.
func authorName(n int) string {
	return firstNames[n%len(firstNames)] + " " + lastNames[(n/len(firstNames))%len(lastNames)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
