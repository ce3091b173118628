package archive

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// scaleSizes are the archive sizes (versions) BenchmarkScale compares, side
// by side: ARCHIVE_SCALE_SIZES=10000,100000,1000000 adds the 1M archive.
func scaleSizes() []int {
	spec := os.Getenv("ARCHIVE_SCALE_SIZES")
	if spec == "" {
		spec = "10000,100000"
	}
	var out []int
	for _, f := range strings.Split(spec, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n >= 10 {
			out = append(out, n)
		}
	}
	return out
}

// scaleDir caches the generated archives between runs (they take minutes
// to build): ARCHIVE_SCALE_DIR, else a fixed directory under the temp dir.
// Delete it when done; the 100k archive takes a few GB.
func scaleDir() string {
	if d := os.Getenv("ARCHIVE_SCALE_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "archivist-scale")
}

// scaleArchive returns the path of an archive of n versions built from the
// corpus pages, and the URLs of its pages; built once and cached under
// scaleDir. Page i takes the HTML, title and metadata of corpus page
// i%len(pages) under its own URL, and a text of its own: paragraphs drawn
// at random from the whole corpus, so no two pages are near-copies by
// accident and a page's copy group is the same size at every archive
// size (reusing corpus texts whole would give each text ~3 near-copies at
// 10k and ~30 at 100k, and copies would grow with its answer). Page i
// with i%100 == 1 is a near-copy of page i-1 (its text and a line more);
// page i with i%10 == 0 has 3 versions.
func scaleArchive(b *testing.B, n int) (string, []string) {
	dir := scaleDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, fmt.Sprintf("mixed-v%d.db", n))
	done := path + ".urls"
	if raw, err := os.ReadFile(done); err == nil {
		return path, strings.Split(strings.TrimSpace(string(raw)), "\n")
	}
	pages := loadCorpus(b)
	var paras []string
	for _, p := range pages {
		for _, para := range strings.Split(p.art.Text, "\n\n") {
			if len(para) > 40 {
				paras = append(paras, para)
			}
		}
	}
	os.Remove(path)
	a, err := Open(path, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	// 12 versions per 10 pages.
	npages := n * 10 / 12
	urls := make([]string, npages)
	start := time.Now()
	var next atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for w := 0; w < 32; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for firstErr.Load() == nil {
				i := int(next.Add(1)) - 1
				if i >= npages {
					return
				}
				versions := 1
				if i%10 == 0 {
					versions = 3
				}
				text := scaleText(paras, i)
				if i%100 == 1 {
					text = scaleText(paras, i-1) + "\n\nShare this article."
				}
				for v := 0; v < versions; v++ {
					f, art := variant(pages[i%len(pages)], i, false)
					art.Text = text + strings.Repeat(" More.", v)
					r, err := a.Record(context.Background(), f, art)
					if err != nil {
						firstErr.Store(err)
						return
					}
					urls[i] = r.URL
				}
			}
		}()
	}
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		b.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "built %s (%d pages) in %s\n", path, npages, time.Since(start).Round(time.Second))
	if err := os.WriteFile(done, []byte(strings.Join(urls, "\n")), 0o644); err != nil {
		b.Fatal(err)
	}
	return path, urls
}

// scaleText is page i's text: 4 to 12 corpus paragraphs picked by a
// generator seeded with i.
func scaleText(paras []string, i int) string {
	rng := rand.New(rand.NewSource(int64(i)))
	k := 4 + rng.Intn(9)
	out := make([]string, k)
	for j := range out {
		out[j] = paras[rng.Intn(len(paras))]
	}
	return strings.Join(out, "\n\n")
}

// BenchmarkScale compares, for each archive size, what must not grow with
// the archive: a writable open (with the free list synced, as Open does,
// and rebuilt from the file, as before), one recorded version (the commit
// cost of syncing the free list), show and history. Run with
//
//	go test -run '^$' -bench Scale -benchtime 20x ./archive
//
// and compare the size=10000 and size=100000 lines; -bench
// 'Scale/.*/(show|history|read-open)' -benchtime 300x times only the reads.
func BenchmarkScale(b *testing.B) {
	for _, n := range scaleSizes() {
		path, urls := scaleArchive(b, n)
		b.Run(fmt.Sprintf("size=%d", n), func(b *testing.B) {
			wrote := false // the corpus is read only by the write benchmarks
			for _, legacy := range []bool{false, true} {
				name := map[bool]string{false: "freelist=synced", true: "freelist=rebuilt"}[legacy]
				// One commit in the mode measured leaves the file in that
				// mode (a free list written, or none to rebuild from).
				prepare := func(b *testing.B) {
					pages := loadCorpus(b)
					wrote = true
					a, err := Open(path, &Options{noFreelistSync: legacy})
					if err != nil {
						b.Fatal(err)
					}
					defer a.Close()
					f, art := variant(pages[0], 2_000_000_000, false)
					art.Text += time.Now().String()
					if _, err := a.Record(context.Background(), f, art); err != nil {
						b.Fatal(err)
					}
				}
				b.Run("write-open/"+name, func(b *testing.B) {
					prepare(b)
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						a, err := Open(path, &Options{noFreelistSync: legacy})
						if err != nil {
							b.Fatal(err)
						}
						a.Close()
					}
				})
				b.Run("record/"+name, func(b *testing.B) {
					pages := loadCorpus(b)
					wrote = true
					a, err := Open(path, &Options{noFreelistSync: legacy})
					if err != nil {
						b.Fatal(err)
					}
					defer a.Close()
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						f, art := variant(pages[i%len(pages)], 1_000_000_000+i, false)
						art.Text += time.Now().String() // a new version each run
						if _, err := a.Record(context.Background(), f, art); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			if wrote { // leave the file as Open writes it
				pages := loadCorpus(b)
				a, err := Open(path, nil)
				if err != nil {
					b.Fatal(err)
				}
				f, art := variant(pages[0], 2_000_000_000, false)
				art.Text += time.Now().String()
				a.Record(context.Background(), f, art)
				a.Close()
			}
			a, err := Open(path, &Options{ReadOnly: true})
			if err != nil {
				b.Fatal(err)
			}
			defer a.Close()
			ctx := context.Background()
			b.Run("read-open", func(b *testing.B) {
				f0, c0 := minorFaults(), cpuTime()
				for i := 0; i < b.N; i++ {
					r, err := Open(path, &Options{ReadOnly: true})
					if err != nil {
						b.Fatal(err)
					}
					r.Close()
				}
				reportFaultsCPU(b, f0, c0)
			})
			// The same number of pages at every size: a page read once
			// is mapped, so drawing from more pages at 100k would time
			// first touches against reuse. warm: the 100 pages were read
			// before; fresh-open: a new read-only open per look-up, as a
			// process does (the file is in the page cache, the mapping is
			// new), with its minor page faults per op.
			sample := func(seed int64, step int) []string {
				rng := rand.New(rand.NewSource(seed))
				out := make([]string, 100)
				for i := range out {
					out[i] = urls[rng.Intn(len(urls)/step)*step]
				}
				return out
			}
			showURLs, histURLs := sample(1, 1), sample(2, 10)
			show := func(b *testing.B, a *Archive, u string) {
				if rec, err := a.Version(ctx, u, 0); err != nil || rec.Text == "" {
					b.Fatal(u, err)
				}
			}
			history := func(b *testing.B, a *Archive, u string) {
				if h, err := a.History(ctx, u); err != nil || len(h) < 3 {
					b.Fatal(u, err, len(h))
				}
			}
			for _, op := range []struct {
				name string
				urls []string
				do   func(*testing.B, *Archive, string)
			}{{"show", showURLs, show}, {"history", histURLs, history}} {
				b.Run(op.name+"/warm", func(b *testing.B) {
					for _, u := range op.urls {
						op.do(b, a, u)
					}
					b.ResetTimer()
					c0 := cpuTime()
					for i := 0; i < b.N; i++ {
						op.do(b, a, op.urls[i%len(op.urls)])
					}
					b.ReportMetric(float64(cpuTime()-c0)/1e6/float64(b.N), "cpu-ms/op")
				})
				b.Run(op.name+"/fresh-open", func(b *testing.B) {
					f0, c0 := minorFaults(), cpuTime()
					for i := 0; i < b.N; i++ {
						r, err := Open(path, &Options{ReadOnly: true})
						if err != nil {
							b.Fatal(err)
						}
						op.do(b, r, op.urls[i%len(op.urls)])
						r.Close()
					}
					reportFaultsCPU(b, f0, c0)
				})
			}
		})
	}
}

// reportFaultsCPU reports the minor page faults and CPU time per op
// since f0 and c0: on a shared machine wall time mostly measures waiting.
func reportFaultsCPU(b *testing.B, f0 int64, c0 time.Duration) {
	b.ReportMetric(float64(minorFaults()-f0)/float64(b.N), "faults/op")
	b.ReportMetric(float64(cpuTime()-c0)/1e6/float64(b.N), "cpu-ms/op")
}

// minorFaults is the number of minor page faults of this process so far.
func minorFaults() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Minflt
}
