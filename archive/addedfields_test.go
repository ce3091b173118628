package archive

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/archivist-org/archivist/extract"
)

// aggregatorCopy is a WordPress aggregator's copy of a think tank's
// analysis: the desk's account in the head, the author in the body and a
// credit line giving the original's URL and date.
const aggregatorCopy = `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Grain corridors after the drought – Policy Digest</title>
<meta property="og:site_name" content="Policy Digest">
<meta name="author" content="Digest Desk">
<meta property="article:published_time" content="2025-04-09T08:15:00+00:00">
</head><body>
<header><a href="/">Policy Digest</a><nav><a href="/category/africa/">Africa</a> <a href="/about/">About</a></nav></header>
<main><article class="post">
<h1 class="entry-title">Grain corridors after the drought</h1>
<div class="entry-meta">Posted by <span class="author">Digest Desk</span></div>
<div class="entry-content">
<p>by Amina Diallo, Sahel Centre</p>
<p>Two years after the rains failed, the grain corridors between the coast and the interior are open again, and the prices in the inland markets have fallen by a third.</p>
<p>Traders say the checkpoints are fewer, but the informal fees have not gone away; they have moved from the road to the warehouse, where they are harder to see.</p>
<p>This analysis was originally published by <a href="https://www.sahelcentre.example/analysis/grain-corridors-after-the-drought/">the Sahel Centre</a> on 2 April 2025.</p>
</div></article></main>
<footer><p>Copyright 2025 Policy Digest</p></footer>
</body></html>`

// articleV01 is extract.Article as extractor 0.1.0 stored it, before
// source_url_from and republished (and the PDF fields).
type articleV01 struct {
	URL          string            `json:"url"`
	Title        string            `json:"title"`
	Authors      []string          `json:"authors"`
	Published    string            `json:"published"`
	Modified     string            `json:"modified"`
	DateSource   string            `json:"date_source"`
	SiteName     string            `json:"site_name"`
	Language     string            `json:"language"`
	Description  string            `json:"description"`
	Topics       []string          `json:"topics"`
	CanonicalURL string            `json:"canonical_url"`
	Image        string            `json:"image"`
	Translations map[string]string `json:"translations"`
	SourceURL    string            `json:"source_url"`
	Kind         string            `json:"kind"`
	Text         string            `json:"text"`
	Markdown     string            `json:"markdown"`
	WordCount    int               `json:"word_count"`
	Extractor    string            `json:"extractor"`
}

// writeSchema2Archive writes an archive as archivist did at schema 2 with
// extractor 0.1.0: each page's raw HTML and its article without the fields
// added since, JSON version records without checksums, no archive id.
func writeSchema2Archive(t *testing.T, path string, pages map[string]struct {
	html string
	art  articleV01
}) {
	t.Helper()
	a, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for u, p := range pages {
		f := fetch(u, t0, p.html)
		f.Header = http.Header{"Content-Type": {"text/html; charset=utf-8"}}
		art := &extract.Article{URL: u, Title: p.art.Title, Text: p.art.Text, Kind: extract.KindArticle, Extractor: extract.Version}
		if _, err := a.Record(ctx, f, art); err != nil {
			t.Fatal(err)
		}
	}
	err = a.guardedUpdate(func(tx *bolt.Tx) error {
		c := getCounters(tx)
		for u, p := range pages {
			id := lookupID(tx, u)
			old := p.art
			old.URL, old.Extractor = u, "0.1.0"
			aj, err := json.Marshal(old)
			if err != nil {
				return err
			}
			vr, err := getVersion(tx, id, 1)
			if err != nil {
				return err
			}
			cur := &extract.Article{Title: old.Title, Authors: old.Authors, Published: old.Published, Text: old.Text}
			vr.Hash, vr.Extractor, vr.ArtSum = contentHash(cur), old.Extractor, 0
			vr.Title, vr.Authors, vr.Published, vr.Words = old.Title, old.Authors, old.Published, old.WordCount
			c.StoredBytes -= int64(len(tx.Bucket(bVArticle).Get(vkey(id, 1))) + len(tx.Bucket(bVMeta).Get(vkey(id, 1))))
			az := compressArticle(aj)
			if err := tx.Bucket(bVArticle).Put(vkey(id, 1), az); err != nil {
				return err
			}
			n, err := putJSON(tx.Bucket(bVMeta), vkey(id, 1), vr)
			if err != nil {
				return err
			}
			c.StoredBytes += int64(len(az) + n)
			pr, err := getPage(tx, id)
			if err != nil {
				return err
			}
			pr.Hash = vr.Hash
			if err := putPage(tx, pr); err != nil {
				return err
			}
		}
		if err := putCounters(tx, c); err != nil {
			return err
		}
		m := tx.Bucket(bMeta)
		if err := m.Delete(kID); err != nil {
			return err
		}
		return m.Put(kSchema, binary.BigEndian.AppendUint32(nil, 2))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestOldArticlesExportTheCurrentSchema: an archive written before
// extractor 0.2.0 exports every field docs/schema.md lists, the copies'
// source_url_from and republished derived from the stored pages as today's
// extractor sets them, whether it is read as it is (export opens it
// read-only) or after a writer migrated it. show's Version agrees.
func TestOldArticlesExportTheCurrentSchema(t *testing.T) {
	copyURL := "https://policydigest.example/2025/04/09/grain-corridors/"
	copyOwnDate := "https://policydigest.example/2025/04/10/grain-corridors-again/"
	original := "https://www.sahelcentre.example/analysis/fiscal-councils/"
	byCanonical := "https://wire.example/stories/88120"
	source := "https://www.sahelcentre.example/analysis/grain-corridors-after-the-drought/"
	text := "Two years after the rains failed, the grain corridors between the coast and the interior are open again."
	copyArt := articleV01{Title: "Grain corridors after the drought", Authors: []string{"Amina Diallo"},
		Published: "2025-04-02", DateSource: "byline", SiteName: "Policy Digest", SourceURL: source,
		Kind: "article", Text: text, Markdown: text, WordCount: 17}
	ownDate := copyArt
	ownDate.Published, ownDate.DateSource = "2025-04-09T08:15:00+00:00", "meta"
	pages := map[string]struct {
		html string
		art  articleV01
	}{
		copyURL:     {aggregatorCopy, copyArt},
		copyOwnDate: {aggregatorCopy, ownDate},
		original: {htmlFor("Fiscal councils", "Fiscal councils in Europe watch budgets."), articleV01{Title: "Fiscal councils",
			Authors: []string{"Sam Roe"}, Published: "2025-01-02", Kind: "article", Text: "Fiscal councils in Europe watch budgets.", WordCount: 6}},
		// Its canonical link named the original; the page stored has none.
		byCanonical: {htmlFor("Wire story", "A wire story on ports."), articleV01{Title: "Wire story", Kind: "article",
			CanonicalURL: "https://ports.example/news/ports-2025", SourceURL: "https://ports.example/news/ports-2025", Text: "A wire story on ports.", WordCount: 5}},
	}
	path := filepath.Join(t.TempDir(), "old.db")
	writeSchema2Archive(t, path, pages)

	want := map[string][2]string{ // source_url_from, republished
		copyURL:     {extract.SourceFromCredit, "2025-04-09T08:15:00+00:00"},
		copyOwnDate: {extract.SourceFromCredit, ""},
		original:    {"", ""},
		byCanonical: {extract.SourceFromCanonical, ""},
	}
	check := func(what string, line []byte) {
		t.Helper()
		var obj map[string]any
		if err := json.Unmarshal(line, &obj); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		u, _ := obj["url"].(string)
		w, ok := want[u]
		if !ok {
			t.Fatalf("%s: unexpected url %q", what, u)
		}
		for i, k := range []string{"source_url_from", "republished"} {
			if v, ok := obj[k]; !ok || v != w[i] {
				t.Errorf("%s of %s: %s is %v (present %v), want %q", what, u, k, v, ok, w[i])
			}
		}
		if obj["extractor"] != "0.1.0" || obj["published"] != pages[u].art.Published {
			t.Errorf("%s of %s: extractor %v, published %v: the stored article must be kept", what, u, obj["extractor"], obj["published"])
		}
	}
	ctx := context.Background()
	var exported []string
	for _, readOnly := range []bool{true, false} {
		a, err := Open(path, &Options{ReadOnly: readOnly})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if n, _, err := a.ExportJSONL(ctx, ExportFilter{}, &buf); err != nil || n != len(pages) {
			t.Fatalf("ExportJSONL: %d lines, %v", n, err)
		}
		exported = append(exported, buf.String())
		for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			check("ExportJSONL", []byte(l))
		}
		err = a.Export(ctx, ExportFilter{}, func(r *Record) error {
			b, _ := json.Marshal(r)
			check("Export", b)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for u := range pages {
			rec, err := a.Version(ctx, u, 0)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(rec)
			check("Version", b)
		}
		if readOnly {
			a.Close()
		} else {
			<-a.filled
			mustVerifyClose(t, a)
		}
	}
	// The writer stored the fields in the articles (a copy's are derived
	// by extracting its page again, which every export did), and they
	// export as they were derived.
	a, err := Open(path, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	err = a.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bVArticle).ForEach(func(k, z []byte) error {
			aj, err := decompress(z)
			if err == nil && !bytes.Contains(aj, []byte(`"source_url_from"`)) {
				t.Errorf("the stored article %x has no source_url_from after a writable open: %s", k, aj)
			}
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, _, err := a.ExportJSONL(ctx, ExportFilter{}, &buf); err != nil || buf.String() != exported[0] {
		t.Errorf("export with the fields stored (%v):\n%s\nwant as derived:\n%s", err, buf.String(), exported[0])
	}
}

// The fields are stored a batch at a time: a writer closed before it is
// done (Close stops it) leaves the rest to the next writable open, which
// goes on from its last commit; in the end every article has them, and the
// export is what it was when they were derived on read.
func TestSourceFieldsFilledAcrossOpens(t *testing.T) {
	pages := map[string]struct {
		html string
		art  articleV01
	}{}
	for i := range 40 {
		u := fmt.Sprintf("https://policydigest.example/2025/04/%02d/copy/", i)
		art := articleV01{Title: fmt.Sprintf("Copy %d", i), Kind: "article", Text: "Two years after the rains failed.",
			SourceURL: "https://www.sahelcentre.example/analysis/grain-corridors-after-the-drought/", WordCount: 6}
		if i%2 == 0 {
			art.SourceURL = ""
		}
		pages[u] = struct {
			html string
			art  articleV01
		}{aggregatorCopy, art}
	}
	path := filepath.Join(t.TempDir(), "old.db")
	writeSchema2Archive(t, path, pages)
	export := func() string {
		t.Helper()
		a, err := Open(path, &Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		var buf bytes.Buffer
		if _, _, err := a.ExportJSONL(context.Background(), ExportFilter{}, &buf); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	derived := export()
	a, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	a.Close() // at once: perhaps before the first batch, perhaps after
	if a, err = Open(path, nil); err != nil {
		t.Fatal(err)
	}
	<-a.filled
	lacking := 0
	_ = a.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bSeq).ForEach(func(_, v []byte) error {
			if lacksSourceFields(tx, v) {
				lacking++
			}
			return nil
		})
	})
	if lacking > 0 {
		t.Errorf("%d of %d articles still lack the fields after the second writable open", lacking, len(pages))
	}
	mustVerifyClose(t, a)
	if got := export(); got != derived {
		t.Errorf("export with the fields stored differs from the one deriving them:\n%s\nwant:\n%s", got, derived)
	}
}

// An export with NoDerivedFields hands an old copy's article over as
// stored (search's indexing uses neither field, and deriving them extracts
// the stored page again): the two fields empty, every other field as the
// export that derives them gives it.
func TestNoDerivedFieldsExportsOldArticlesAsStored(t *testing.T) {
	copyURL := "https://policydigest.example/2025/04/09/grain-corridors/"
	source := "https://www.sahelcentre.example/analysis/grain-corridors-after-the-drought/"
	text := "Two years after the rains failed, the grain corridors between the coast and the interior are open again."
	path := filepath.Join(t.TempDir(), "old.db")
	writeSchema2Archive(t, path, map[string]struct {
		html string
		art  articleV01
	}{copyURL: {aggregatorCopy, articleV01{Title: "Grain corridors after the drought", Authors: []string{"Amina Diallo"},
		Published: "2025-04-02", DateSource: "byline", SiteName: "Policy Digest", SourceURL: source,
		Kind: "article", Text: text, Markdown: text, WordCount: 17}}})
	a, err := Open(path, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	export := func(f ExportFilter) *Record {
		t.Helper()
		var got []*Record
		if err := a.Export(context.Background(), f, func(r *Record) error { got = append(got, r); return nil }); err != nil || len(got) != 1 {
			t.Fatalf("Export(%+v): %d records, %v", f, len(got), err)
		}
		return got[0]
	}
	derived, stored := export(ExportFilter{}), export(ExportFilter{NoDerivedFields: true})
	if derived.SourceURLFrom != extract.SourceFromCredit || derived.Republished == "" {
		t.Fatalf("derived: source_url_from %q, republished %q; want them derived", derived.SourceURLFrom, derived.Republished)
	}
	if stored.SourceURLFrom != "" || stored.Republished != "" {
		t.Errorf("NoDerivedFields: source_url_from %q, republished %q; want them as stored (empty)", stored.SourceURLFrom, stored.Republished)
	}
	stored.SourceURLFrom, stored.Republished = derived.SourceURLFrom, derived.Republished
	d, _ := json.Marshal(derived)
	s, _ := json.Marshal(stored)
	if !bytes.Equal(d, s) {
		t.Errorf("NoDerivedFields changed other fields:\n%s\nwant\n%s", s, d)
	}
}
