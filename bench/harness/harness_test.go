package harness

import (
	"path/filepath"
	"testing"
)

const corpusRoot = "../../../shared/corpus"

// loadBenchCorpus loads up to limit pages of the aeb corpus, skipping when
// it is absent.
func loadBenchCorpus(tb testing.TB, limit int) *Corpus {
	tb.Helper()
	c, err := LoadAEB(filepath.Join(corpusRoot, "aeb"), limit)
	if err != nil {
		tb.Skipf("corpus: %v", err)
	}
	if len(c.Pages) == 0 {
		tb.Skip("aeb corpus has no pages")
	}
	return c
}

// TestExtractorsRun: every contender handles a few real pages without
// error (the adapters are wired correctly).
func TestExtractorsRun(t *testing.T) {
	c := loadBenchCorpus(t, 3)
	for _, e := range Extractors() {
		for i := range c.Pages {
			res, _, err := Call(e, &c.Pages[i])
			if err != nil {
				t.Errorf("%s on %s: %v", e.Name, c.Pages[i].ID, err)
			}
			if e.Scored && len(res.Text) < 200 {
				t.Errorf("%s on %s: only %d bytes of text", e.Name, c.Pages[i].ID, len(res.Text))
			}
		}
	}
}

// BenchmarkExtractors reports time, throughput (MB/s over HTML bytes) and
// allocations per page for each contender:
//
//	cd bench && go test -run '^$' -bench Extractors -benchmem ./harness
func BenchmarkExtractors(b *testing.B) {
	c := loadBenchCorpus(b, 0)
	for _, e := range Extractors() {
		b.Run(e.Name, func(b *testing.B) {
			b.SetBytes(c.Bytes / int64(len(c.Pages)))
			b.ReportAllocs()
			i, errs := 0, 0
			for b.Loop() {
				if _, _, err := Call(e, &c.Pages[i%len(c.Pages)]); err != nil {
					errs++ // counted, not fatal: a failure is a result too
				}
				i++
			}
			b.ReportMetric(float64(errs)/float64(max(1, i)), "errors/op")
		})
	}
}
