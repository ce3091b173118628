package archive

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/archivist-org/archivist/extract"
)

// TestNullListsReadAsEmpty: a version stored with null lists (the PDF
// extractor returned nil ones; archives hold such versions) reads with []
// and {} (docs/schema.md: never null) through Version, Export and the
// spliced ExportJSONL, and a new one is stored that way.
func TestNullListsReadAsEmpty(t *testing.T) {
	ctx := context.Background()
	a, _ := openTest(t, nil)
	u := "https://example.org/report.pdf"
	doc := art(u, "Report", "The text of a report that is long enough.")
	doc.Authors, doc.Kind = nil, extract.KindDocument
	if _, err := a.Record(ctx, fetch(u, t0, "%PDF-1.7 report"), doc); err != nil {
		t.Fatal(err)
	}
	record(t, a, "https://example.org/page", t0, "Page", "The text of a page that is long enough.")
	// Store the report's version as older archives hold it.
	err := a.guardedUpdate(func(tx *bolt.Tx) error {
		c := getCounters(tx)
		if _, err := patchLinks(tx, lookupID(tx, u), &c, func(art *extract.Article) bool {
			art.Authors, art.Topics, art.Translations = nil, nil, nil
			return true
		}); err != nil {
			return err
		}
		return putCounters(tx, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	stored := false
	a.view(func(tx *bolt.Tx) error {
		pr, _ := getPage(tx, lookupID(tx, u))
		aj, _ := decompress(tx.Bucket(bVArticle).Get(vkey(lookupID(tx, u), pr.Versions)))
		stored = bytes.Contains(aj, []byte(`"topics":null`))
		return nil
	})
	if !stored {
		t.Fatal("the test did not store null lists")
	}
	check := func(what string, line []byte) {
		t.Helper()
		var obj map[string]any
		if err := json.Unmarshal(line, &obj); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		for _, k := range []string{"authors", "topics", "translations"} {
			if v, ok := obj[k]; !ok || v == nil {
				t.Errorf("%s: %s is %v, want [] or {}", what, k, v)
			}
		}
	}
	rec, err := a.Version(ctx, u, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(rec)
	check("Version", b)
	a.Export(ctx, ExportFilter{}, func(r *Record) error {
		b, _ := json.Marshal(r)
		check("Export "+r.Article.URL, b)
		return nil
	})
	var buf bytes.Buffer
	if n, _, err := a.ExportJSONL(ctx, ExportFilter{}, &buf); err != nil || n != 2 {
		t.Fatalf("ExportJSONL: %d lines, %v", n, err)
	}
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		check("ExportJSONL", []byte(l))
	}
}
