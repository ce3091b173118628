package archive

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

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

// TestEscapeCaseIsOnePage: a page fetched again under its URL with the
// percent-escapes in the other case (a link written by another template,
// the URL a browser gives) is the same page, not a second one with its own
// history (RFC 3986: escapes are case-insensitive).
func TestEscapeCaseIsOnePage(t *testing.T) {
	ctx := context.Background()
	a, _ := openTest(t, nil)
	lower := "https://example.org/ar/%d8%a7%d9%84-report"
	upper := "https://example.org/ar/%D8%A7%D9%84-report"
	record(t, a, lower, t0, "Report", "The text of the report, long enough to keep.")
	r := record(t, a, upper, t0.Add(time.Hour), "Report", "The text of the report, long enough to keep.")
	if r.Outcome != OutcomeUnchanged {
		t.Errorf("second fetch: outcome %s, want %s", r.Outcome, OutcomeUnchanged)
	}
	r = record(t, a, upper, t0.Add(2*time.Hour), "Report", "The text of the report, long enough to keep, revised.")
	if r.Outcome != OutcomeChanged {
		t.Errorf("revised fetch: outcome %s, want %s", r.Outcome, OutcomeChanged)
	}
	st, err := a.Stats(ctx)
	if err != nil || st.Pages != 1 || st.Versions != 2 {
		t.Errorf("stats: %d pages, %d versions (%v); want 1 page, 2 versions", st.Pages, st.Versions, err)
	}
}
