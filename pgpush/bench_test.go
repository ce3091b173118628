package pgpush_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/crawler/testsite"
	"github.com/archivist-org/archivist/pgpush"
)

// benchVersions is the size of the benchmark archive: distinct versions of
// articles over three sites, three languages and a few months.
const benchVersions = 10000

// benchText is how a benchmark archive's article texts are made.
type benchText struct {
	name string
	text func(i int) string
}

var benchTexts = []benchText{
	// testsite's prose: 400 words (~3,500 characters, the size of a
	// median news or think-tank article: the aeb corpus's is ~3,100) but
	// from a vocabulary of ~130 words, so ~75 distinct words per article.
	{"prose", func(i int) string { return strings.Join(testsite.Prose(uint64(i), 400), "\n\n") }},
	// 500 words drawn from a 50,000-word vocabulary by Zipf's law: ~290
	// distinct words per article, as in the aeb corpus (median 508 words,
	// 287 distinct), so tsvectors and GIN entries are as large as real
	// articles' (about four times the prose's).
	{"zipf", zipfText},
}

// zipfText is article i's text: 500 pseudo-words (three syllables each),
// Zipf-distributed, in paragraphs.
func zipfText(i int) string {
	r := rand.New(rand.NewPCG(uint64(i), 0x5eed))
	z := rand.NewZipf(r, 1.1, 2, 49999)
	var b strings.Builder
	for w := 0; w < 500; w++ {
		if w > 0 {
			if w%60 == 0 {
				b.WriteString(".\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		k := int(z.Uint64())
		for j := 0; j < 3; j++ {
			b.WriteString(syllables[k%len(syllables)])
			k /= len(syllables)
		}
	}
	b.WriteByte('.')
	return b.String()
}

var syllables = strings.Fields(`ka lo ter mi san de ro vil na pe tor gu ba len si mor
	ca dri fe hal jo ku lin mas nor pa que ras sel tu ver wen xa yo zel bri cor dan eth`)

var (
	benchMu   sync.Mutex
	benchDirs = map[string]string{} // text name -> archive path
	benchDir  string
)

// benchArchive builds (once per test binary) an archive of benchVersions
// versions with texts t and returns its path.
func benchArchive(b *testing.B, t benchText) string {
	benchMu.Lock()
	defer benchMu.Unlock()
	if p, ok := benchDirs[t.name]; ok {
		return p
	}
	if benchDir == "" {
		d, err := osMkdirTemp()
		if err != nil {
			b.Fatal(err)
		}
		benchDir = d
	}
	path := filepath.Join(benchDir, t.name+".db")
	a, err := archive.Open(path, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var (
		wg      sync.WaitGroup
		jobs    = make(chan int)
		mu      sync.Mutex
		lastErr error
	)
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				site := []string{"think.example", "news.example", "digest.example"}[i%3]
				p := page{url: fmt.Sprintf("https://%s/analysis/%d", site, i), title: fmt.Sprintf("Analysis %d", i),
					text: t.text(i), lang: []string{"en", "fr", "de"}[i%3], at: base.Add(time.Duration(i) * 13 * time.Minute)}
				if _, err := recordErr(a, p); err != nil {
					mu.Lock()
					lastErr = err
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
	if lastErr != nil {
		b.Fatal(lastErr)
	}
	benchDirs[t.name] = path
	return path
}

// BenchmarkPush compares, side by side on the same server, a push of the
// benchmark archive (read from bbolt, staged with COPY, merged) with a
// plain COPY of the same rows straight into the versions table (rows
// prepared in memory beforehand). Both write the same table with the same
// indexes and generated tsvector; versions/s is reported for each, and
// the push's ratio to the plain COPY (push/copy, rates) is the figure to
// watch (issue 19: >= 0.7). Beside the wall-clock rates it reports
// versions per CPU-second of the server (all its processes) and of the
// whole (server and this process): on a shared machine the rates show the
// load, these the work. Run:
//
//	go test ./pgpush -run '^$' -bench Push -benchtime 4x
func BenchmarkPush(b *testing.B) {
	for _, t := range benchTexts {
		b.Run(t.name, func(b *testing.B) { benchPush(b, t) })
	}
}

func benchPush(b *testing.B, t benchText) {
	path := benchArchive(b, t)
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
	type cost struct{ wall, server, self time.Duration }
	measure := func(run func()) cost {
		s0, c0, w0 := srv.CPU(), selfCPU(), time.Now()
		run()
		return cost{time.Since(w0), srv.CPU() - s0, selfCPU() - c0}
	}
	plainCopy := func(b *testing.B) cost {
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
		return measure(func() {
			n, err := c.CopyFrom(ctx, pgx.Identifier{"versions"}, cols, pgx.CopyFromRows(rows))
			if err != nil || int(n) != len(rows) {
				b.Fatalf("copy: %d rows, %v", n, err)
			}
		})
	}
	push := func(b *testing.B) cost {
		db := fresh(b)
		a, err := archive.Open(path, nil)
		if err != nil {
			b.Fatal(err)
		}
		defer a.Close()
		return measure(func() {
			s, err := pgpush.Open(ctx, db)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			st, err := s.Push(ctx, a, nil)
			if err != nil || st.Inserted != len(rows) {
				b.Fatalf("push: %+v, %v", st, err)
			}
		})
	}

	// Each iteration runs both, alternating which goes first, so the
	// shared machine's load weighs on both alike.
	var tCopy, tPush cost
	add := func(sum *cost, c cost) {
		sum.wall += c.wall
		sum.server += c.server
		sum.self += c.self
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			add(&tCopy, plainCopy(b))
			add(&tPush, push(b))
		} else {
			add(&tPush, push(b))
			add(&tCopy, plainCopy(b))
		}
	}
	n := float64(len(rows) * b.N)
	b.ReportMetric(n/tCopy.wall.Seconds(), "copy-versions/s")
	b.ReportMetric(n/tPush.wall.Seconds(), "push-versions/s")
	b.ReportMetric(tCopy.wall.Seconds()/tPush.wall.Seconds(), "push/copy")
	if tCopy.server > 0 && tPush.server > 0 {
		b.ReportMetric(n/tCopy.server.Seconds(), "copy-versions/server-cpu-s")
		b.ReportMetric(n/tPush.server.Seconds(), "push-versions/server-cpu-s")
		b.ReportMetric(n/(tCopy.server+tCopy.self).Seconds(), "copy-versions/cpu-s")
		b.ReportMetric(n/(tPush.server+tPush.self).Seconds(), "push-versions/cpu-s")
	}
}

// selfCPU is the processor time this process has used.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
