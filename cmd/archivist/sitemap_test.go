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

// TestCutSitemapKeepsItsEntries: a sitemap that ends mid-way (its
// generator died; a .gz whose stream stops early) still has the entries
// before the cut crawled, and says it was cut. All were dropped with
// "XML syntax error: unexpected EOF".
func TestCutSitemapKeepsItsEntries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	h := testsite.Start(1)[0]
	t.Cleanup(h.Close)
	sitemap := func(name string, n int) string {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">` + "\n")
		for i := 0; i < n; i++ {
			p := fmt.Sprintf("/2025/06/%s-article-number-%d", name, i)
			h.HTML(p, testsite.ArticleHTML(fmt.Sprintf("%s article %d", name, i), "Ana Lee", "2025-06-01", uint64(i+3), 300, 0))
			// Captions long enough that the gzip stream has several blocks.
			fmt.Fprintf(&b, "<url><loc>%s%s</loc><lastmod>2025-06-%02d</lastmod><image:image><image:caption>%s</image:caption></image:image></url>\n",
				h.URL, p, i+1, strings.Join(testsite.Prose(uint64(i), 4000), " "))
		}
		b.WriteString("</urlset>\n")
		return b.String()
	}
	// Plain: cut inside the 7th entry.
	plain := sitemap("plain", 10)
	cutAt := strings.Index(plain, "plain-article-number-6<")
	h.Page("/sitemap-plain.xml", "application/xml", plain[:cutAt])
	// Gzip: the stream stops at 60%.
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(sitemap("gz", 10)))
	zw.Close()
	h.Page("/sitemap-gz.xml.gz", "application/x-gzip", gz.String()[:gz.Len()*6/10])
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	r := runBinary(t, dir, nil, "crawl", "--archive", db, "--allow-private", "--delay", "0", "--max-depth", "1",
		"--sitemap", h.URL+"/sitemap-plain.xml", "--sitemap", h.URL+"/sitemap-gz.xml.gz")
	if r.Code != 0 {
		t.Fatalf("crawl: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	for i := 0; i < 6; i++ {
		if p := fmt.Sprintf("/2025/06/plain-article-number-%d", i); h.Hits(p) != 1 {
			t.Errorf("%s, before the cut, fetched %d times, want 1", p, h.Hits(p))
		}
	}
	gzFetched := 0
	for i := 0; i < 10; i++ {
		gzFetched += h.Hits(fmt.Sprintf("/2025/06/gz-article-number-%d", i))
	}
	if gzFetched == 0 {
		t.Error("no entry of the cut gzip sitemap was fetched")
	}
	if n := strings.Count(r.Stderr, "sitemap cut short after "); n != 2 {
		t.Errorf("%d warnings 'sitemap cut short after', want 2", n)
	}
	if t.Failed() {
		t.Logf("crawl:\n%s%s", r.Stdout, r.Stderr)
	}
}

// TestCutFeedKeepsItsEntries: an RSS or Atom feed that ends mid-way keeps
// the entries before the cut, as a cut sitemap does; it was dropped whole
// ("bad feed": XML syntax error).
func TestCutFeedKeepsItsEntries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	h := testsite.Start(1)[0]
	t.Cleanup(h.Close)
	var rss, atom strings.Builder
	rss.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Site</title><link>` + h.URL + `/</link>`)
	atom.WriteString(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Site</title>`)
	for i := 0; i < 10; i++ {
		for _, kind := range []string{"rss", "atom"} {
			p := fmt.Sprintf("/2025/09/%s-article-number-%d", kind, i)
			h.HTML(p, testsite.ArticleHTML(fmt.Sprintf("%s article %d", kind, i), "Ana Lee", "2025-09-01", uint64(i+11), 300, 0))
		}
		fmt.Fprintf(&rss, "<item><title>A%d</title><link>%s/2025/09/rss-article-number-%d</link><pubDate>Mon, %02d Sep 2025 10:00:00 GMT</pubDate></item>\n", i, h.URL, i, i+1)
		fmt.Fprintf(&atom, `<entry><title>A%d</title><link rel="alternate" href="%s/2025/09/atom-article-number-%d"/><updated>2025-09-%02dT10:00:00Z</updated></entry>`+"\n", i, h.URL, i, i+1)
	}
	cut := func(s, at string) string { return s[:strings.Index(s, at)] }
	h.Page("/feed.xml", "application/rss+xml", cut(rss.String(), "rss-article-number-6<"))
	h.Page("/atom.xml", "application/atom+xml", cut(atom.String(), "atom-article-number-6\""))
	dir := t.TempDir()
	r := runBinary(t, dir, nil, "crawl", "--archive", filepath.Join(dir, "a.db"), "--allow-private", "--delay", "0", "--max-depth", "1",
		"--feed", h.URL+"/feed.xml", "--feed", h.URL+"/atom.xml")
	if r.Code != 0 {
		t.Fatalf("crawl: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	for _, kind := range []string{"rss", "atom"} {
		for i := 0; i < 6; i++ {
			if p := fmt.Sprintf("/2025/09/%s-article-number-%d", kind, i); h.Hits(p) != 1 {
				t.Errorf("%s, before the cut, fetched %d times, want 1", p, h.Hits(p))
			}
		}
	}
	if n := strings.Count(r.Stderr, "feed cut short after 6 entries"); n != 2 {
		t.Errorf("%d warnings 'feed cut short after 6 entries', want 2", n)
	}
	if t.Failed() {
		t.Logf("crawl:\n%s%s", r.Stdout, r.Stderr)
	}
}

// TestRobotsSitemapReadPastArchivedLinks: on a re-crawl under --max-pages,
// a home page linking only articles archived already does not keep the
// sitemap robots.txt lists from being read, so the new articles it alone
// lists are fetched. The archived links counted as filling the page budget
// and the sitemap was skipped: its pages were reached late or never.
func TestRobotsSitemapReadPastArchivedLinks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	h := testsite.Start(1)[0]
	t.Cleanup(h.Close)
	h.Page("/robots.txt", "text/plain", "User-agent: *\nAllow: /\nSitemap: "+h.URL+"/sitemap.xml\n")
	sitemap := func(paths ...string) {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for _, p := range paths {
			// Dated as WordPress dates its entries: the new ones newer.
			day := "2025-04-01"
			if strings.Contains(p, "only-in-the-sitemap") {
				day = "2025-04-09"
			}
			fmt.Fprintf(&b, "<url><loc>%s%s</loc><lastmod>%s</lastmod></url>", h.URL, p, day)
		}
		b.WriteString("</urlset>")
		h.Page("/sitemap.xml", "application/xml", b.String())
	}
	var linked []string
	// More than the budget of the re-crawl, which is more than the workers
	// take at once, so the budget is not spent when the sitemap is reached.
	for i := 0; i < 40; i++ {
		p := fmt.Sprintf("/2025/04/linked-article-%d", i)
		h.HTML(p, testsite.ArticleHTML(fmt.Sprintf("Linked article %d", i), "Ana Lee", "2025-04-01", uint64(i+20), 300, 0))
		linked = append(linked, p)
	}
	h.HTML("/", testsite.HubHTML("Latest research", linked...))
	sitemap(linked...)
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	crawl := func(extra ...string) binResult {
		r := runBinary(t, dir, nil, append([]string{"crawl", "--archive", db, "--allow-private", "--delay", "0", "--revisit", "off"}, append(extra, h.URL+"/")...)...)
		if r.Code != 0 {
			t.Fatalf("crawl: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
		}
		return r
	}
	crawl()
	var fresh []string
	for i := 0; i < 2; i++ {
		p := fmt.Sprintf("/2025/04/only-in-the-sitemap-%d", i)
		h.HTML(p, testsite.ArticleHTML(fmt.Sprintf("Only in the sitemap %d", i), "Ana Lee", "2025-04-09", uint64(i+40), 300, 0))
		fresh = append(fresh, p)
	}
	sitemap(append(linked, fresh...)...)
	h.ResetHits()
	r := crawl("--max-pages", "20")
	for _, p := range fresh {
		if h.Hits(p) != 1 {
			t.Errorf("%s, listed only in the sitemap, fetched %d times, want 1", p, h.Hits(p))
		}
	}
	if t.Failed() {
		t.Logf("hits %v\n%s%s", h.AllHits(), r.Stdout, r.Stderr)
	}
}
