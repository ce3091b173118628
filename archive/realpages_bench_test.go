package archive

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkBuildRealPages writes an archive of real corpus pages (their
// HTML and their extracted texts) for reindex measurements: the scenario of
// issue 17. Every corpus page is recorded many times under distinct URLs;
// every 10th page gets a second version with one paragraph changed.
// Copied into a worktree at 6a59cb8 (the code issue 17 was filed against;
// its bench_test.go has loadCorpus and variant too), it writes the
// archive as that code did, which main reads (docs/performance.md,
// "Reindex on real pages").
//
//	ARCHIVIST_CORPUS=/work/shared/corpus ARCHIVE_REALPAGES_OUT=/tmp/ri14/real.db ARCHIVE_REALPAGES_VERSIONS=30000 \
//	  go test -run x -bench BuildRealPages -benchtime 1x ./archive/
func BenchmarkBuildRealPages(b *testing.B) {
	out := os.Getenv("ARCHIVE_REALPAGES_OUT")
	if out == "" {
		b.Skip("set ARCHIVE_REALPAGES_OUT")
	}
	want, _ := strconv.Atoi(os.Getenv("ARCHIVE_REALPAGES_VERSIONS"))
	if want <= 0 {
		want = 30000
	}
	pages := loadCorpus(b)
	a, err := Open(out, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	ctx := context.Background()
	start := time.Now()
	var written, next atomic.Int64
	var raw atomic.Int64
	var wg sync.WaitGroup
	var once sync.Once
	var firstErr error
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for written.Load() < int64(want) {
				i := int(next.Add(1)) - 1
				p := pages[i%len(pages)]
				f, art := variant(p, i, false)
				raw.Add(int64(len(f.Body)))
				if _, err := a.Record(ctx, f, art); err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				written.Add(1)
				if i%10 != 0 {
					continue
				}
				paras := strings.Split(art.Text, "\n\n")
				k := i % len(paras)
				paras[k] = fmt.Sprintf("Update %d: %s", i, strings.ToUpper(paras[k]))
				art2 := *art
				art2.Text = strings.Join(paras, "\n\n")
				f.Body = append(append([]byte(nil), f.Body...), fmt.Sprintf("\n<!-- changed paragraph %d -->", k)...)
				f.FetchedAt = f.FetchedAt.Add(24 * time.Hour)
				raw.Add(int64(len(f.Body)))
				if _, err := a.Record(ctx, f, &art2); err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				written.Add(1)
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		b.Fatal(firstErr)
	}
	fi, _ := os.Stat(out)
	fmt.Fprintf(os.Stderr, "built %s: %d versions (%d pages), %.1f GB raw HTML, file %.2f GB, in %s\n",
		out, written.Load(), next.Load(), float64(raw.Load())/1e9, float64(fi.Size())/1e9, time.Since(start).Round(time.Second))
}
