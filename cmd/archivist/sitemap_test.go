package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archivist-org/archivist/crawler/testsite"
)

// TestLargeSitemapsRead: a sitemap of 20 MB, within the protocol's 50 MB
// but over the 16 MB page limit, plain or gzip, has its pages crawled.
// Both were refused whole ("response body too large", "sitemap inflates
// beyond 16777216 bytes"), so a big site's sitemap discovered nothing.
func TestLargeSitemapsRead(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	h := testsite.Start(1)[0]
	t.Cleanup(h.Close)
	// Few pages, each with image captions as some sites write them: the
	// size is in the extension's data, not in the number of URLs.
	sitemap := func(from int) []byte {
		var b bytes.Buffer
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">`)
		caption := strings.Repeat("A caption of a photograph. ", 80_000) // ~2.1 MB
		for i := from; i < from+10; i++ {
			p := fmt.Sprintf("/2025/06/sitemap-article-number-%d", i)
			h.HTML(p, testsite.ArticleHTML(fmt.Sprintf("Sitemap article %d", i), "Ana Lee", "2025-06-01", uint64(i+3), 300, 0))
			fmt.Fprintf(&b, "<url><loc>%s%s</loc><image:image><image:loc>%s/i/%d.jpg</image:loc><image:caption>%s</image:caption></image:image></url>\n",
				h.URL, p, h.URL, i, caption)
		}
		b.WriteString("</urlset>\n")
		return b.Bytes()
	}
	plain := sitemap(0)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(sitemap(10))
	zw.Close()
	if len(plain) < 20<<20 {
		t.Fatalf("sitemap of %d bytes, want over 20 MB", len(plain))
	}
	h.Page("/sitemap-plain.xml", "application/xml", string(plain))
	h.Page("/sitemap-gz.xml.gz", "application/x-gzip", gz.String())
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	r := runBinary(t, dir, nil, "crawl", "--archive", db, "--allow-private", "--delay", "0", "--max-depth", "1",
		"--sitemap", h.URL+"/sitemap-plain.xml", "--sitemap", h.URL+"/sitemap-gz.xml.gz", h.URL+"/2025/06/sitemap-article-number-0")
	if r.Code != 0 {
		t.Fatalf("crawl: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	for i := 0; i < 20; i++ {
		if p := fmt.Sprintf("/2025/06/sitemap-article-number-%d", i); h.Hits(p) != 1 {
			t.Errorf("%s fetched %d times, want 1", p, h.Hits(p))
		}
	}
	if t.Failed() {
		t.Logf("crawl:\n%s%s", r.Stdout, r.Stderr)
	}
}
