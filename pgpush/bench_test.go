package pgpush_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/crawler/testsite"
	"github.com/archivist-org/archivist/pgpush"
)

// benchVersions is the size of the benchmark archive: distinct versions of
// ~400-word articles over three sites and a few months.
const benchVersions = 10000

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

// benchArchive builds (once per test binary) an archive of benchVersions
// versions and returns its path.
func benchArchive(b *testing.B) string {
	benchOnce.Do(func() {
		benchDir, benchErr = osMkdirTemp()
		if benchErr != nil {
			return
		}
		a, err := archive.Open(filepath.Join(benchDir, "bench.db"), nil)
		if err != nil {
			benchErr = err
			return
		}
		defer a.Close()
		base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		var wg sync.WaitGroup
		jobs := make(chan int)
		var mu sync.Mutex
		for w := 0; w < 16; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range jobs {
					site := []string{"think.example", "news.example", "digest.example"}[i%3]
					text := strings.Join(testsite.Prose(uint64(i), 400), "\n\n")
					p := page{url: fmt.Sprintf("https://%s/analysis/%d", site, i), title: fmt.Sprintf("Analysis %d", i),
						text: text, lang: []string{"en", "fr", "de"}[i%3], at: base.Add(time.Duration(i) * 13 * time.Minute)}
					if _, err := recordErr(a, p); err != nil {
						mu.Lock()
						benchErr = err
						mu.Unlock()
					}
				}
			}()
		}
		for i := 0; i < benchVersions; i++ {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return filepath.Join(benchDir, "bench.db")
}

// BenchmarkPush compares, side by side on the same server, a push of the
// benchmark archive (read from bbolt, staged with COPY, merged) with a
// plain COPY of the same rows straight into the versions table (rows
// prepared in memory beforehand). Both write the same table with the same
// indexes and generated tsvector; versions/s is reported for each, and
// the push's ratio to the plain COPY (push/copy, rates) is the figure to
// watch (issue 19: >= 0.7). Run:
//
//	go test ./pgpush -run '^$' -bench Push -benchtime 4x
func BenchmarkPush(b *testing.B) {
	path := benchArchive(b)
	srv := pgtestStart(b)
	ctx := context.Background()
	a, err := archive.Open(path, &archive.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	// The rows as push sends them, for the plain COPY.
	var rows [][]any
	err = a.Export(ctx, archive.ExportFilter{AllVersions: true}, func(r *archive.Record) error {
		rows = append(rows, pgpush.VersionRow(r, pgpush.SiteOf(r.URL), a.ID()))
		return nil
	})
	a.Close()
	if err != nil {
		b.Fatal(err)
	}
	cols := append(pgpush.VersionCols(), "version")
	for i := range rows {
		rows[i] = append(rows[i], int32(1))
	}

	fresh := func(b *testing.B) string {
		db := srv.NewDB(b)
		s, err := pgpush.Open(ctx, db) // the schema
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
		return db
	}
	plainCopy := func(b *testing.B) time.Duration {
		db := fresh(b)
		c, err := pgx.Connect(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close(ctx)
		for m := 0; m < 12; m++ {
			from := time.Date(2025, time.Month(1+m), 1, 0, 0, 0, 0, time.UTC)
			if _, err := c.Exec(ctx, fmt.Sprintf(`CREATE TABLE versions_%d PARTITION OF versions FOR VALUES FROM ('%s') TO ('%s')`,
				m, from.Format(time.RFC3339), from.AddDate(0, 1, 0).Format(time.RFC3339))); err != nil {
				b.Fatal(err)
			}
		}
		start := time.Now()
		n, err := c.CopyFrom(ctx, pgx.Identifier{"versions"}, cols, pgx.CopyFromRows(rows))
		if err != nil || int(n) != len(rows) {
			b.Fatalf("copy: %d rows, %v", n, err)
		}
		return time.Since(start)
	}
	push := func(b *testing.B) time.Duration {
		db := fresh(b)
		a, err := archive.Open(path, nil)
		if err != nil {
			b.Fatal(err)
		}
		defer a.Close()
		start := time.Now()
		s, err := pgpush.Open(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		st, err := s.Push(ctx, a, nil)
		if err != nil || st.Inserted != len(rows) {
			b.Fatalf("push: %+v, %v", st, err)
		}
		return time.Since(start)
	}

	// Each iteration runs both, alternating which goes first, so the
	// shared machine's load weighs on both alike.
	var tCopy, tPush time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			tCopy += plainCopy(b)
			tPush += push(b)
		} else {
			tPush += push(b)
			tCopy += plainCopy(b)
		}
	}
	n := float64(len(rows) * b.N)
	b.ReportMetric(n/tCopy.Seconds(), "copy-versions/s")
	b.ReportMetric(n/tPush.Seconds(), "push-versions/s")
	b.ReportMetric(tCopy.Seconds()/tPush.Seconds(), "push/copy")
}
