package archive

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BenchmarkExportOldSchema exports every corpus page (the export
// command's path, ExportJSONL) from an archive written by today's
// extractor and from the same archive as extractor 0.1.0 left it, its
// articles without source_url_from and republished, which the export
// derives on read (addedfields.go). One op is one article.
func BenchmarkExportOldSchema(b *testing.B) {
	pages := loadCorpus(b)
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "a.db")
	a, err := Open(path, nil)
	if err != nil {
		b.Fatal(err)
	}
	copies := 0
	for _, p := range pages {
		f := Fetch{URL: p.url, Status: 200, Body: p.raw, FetchedAt: time.Now(),
			Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}}
		if _, err := a.Record(ctx, f, p.art); err != nil {
			b.Fatal(err)
		}
		if p.art.SourceURL != "" {
			copies++
		}
	}
	export := func(b *testing.B) {
		b.ReportMetric(float64(copies)/float64(len(pages)), "copies-share")
		cpu0 := cpuTime()
		for n := 0; n < b.N; {
			w := &limitWriter{limit: b.N - n, sample: func() {}, stop: errStopExport}
			if _, _, err := a.ExportJSONL(ctx, ExportFilter{AllVersions: true}, w); err != nil && err != errStopExport {
				b.Fatal(err)
			}
			n += w.lines
		}
		reportRate(b, "articles", cpu0)
	}
	b.Run("current", export)
	<-a.filled
	storeAsExtractor01(b, a)
	b.Run("extractor-0.1.0", export) // the fields derived on read
	a.Close()
	// A writable open stores them.
	if a, err = Open(path, nil); err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	<-a.filled
	b.Run("extractor-0.1.0-filled", export)
}

var errStopExport = &json.UnsupportedValueError{Str: "stop"}

// storeAsExtractor01 rewrites every stored article of a as extractor 0.1.0
// stored it: without the fields added since, and saying so.
func storeAsExtractor01(tb testing.TB, a *Archive) {
	tb.Helper()
	err := a.guardedUpdate(func(tx *bolt.Tx) error {
		return tx.Bucket(bSeq).ForEach(func(_, v []byte) error {
			id, n := splitVKey(v)
			vr, err := getVersion(tx, id, n)
			if err != nil {
				return err
			}
			aj, err := decompressInto(nil, tx.Bucket(bVArticle).Get(v))
			if err != nil {
				return err
			}
			var art map[string]any
			if err := json.Unmarshal(aj, &art); err != nil {
				return err
			}
			delete(art, "source_url_from")
			delete(art, "republished")
			art["extractor"], vr.Extractor = "0.1.0", "0.1.0"
			if aj, err = json.Marshal(art); err != nil {
				return err
			}
			z := compressArticle(aj)
			vr.ArtSum = articleSum(z)
			if err := tx.Bucket(bVArticle).Put(v, z); err != nil {
				return err
			}
			_, err = putVersion(tx.Bucket(bVMeta), v, vr)
			return err
		})
	})
	if err != nil {
		tb.Fatal(err)
	}
}
