package crawler

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func gz(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func rss(base string, paths ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>` + base + `</link><description>d</description>`)
	for i, p := range paths {
		fmt.Fprintf(&b, `<item><title>t%d</title><link>%s%s</link><pubDate>%s</pubDate></item>`, i, base, p, time.Date(2025, 3, 1+i, 0, 0, 0, 0, time.UTC).Format(time.RFC1123Z))
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

func urlset(base string, news bool, paths ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">`)
	for _, p := range paths {
		if news {
			fmt.Fprintf(&b, `<url><loc>%s%s</loc><news:news><news:publication_date>2025-03-05T10:00:00Z</news:publication_date><news:title>x</news:title></news:news></url>`, base, p)
		} else {
			fmt.Fprintf(&b, `<url><loc>%s%s</loc><lastmod>2025-03-05</lastmod></url>`, base, p)
		}
	}
	b.WriteString(`</urlset>`)
	return b.String()
}

// Pages reachable only through one discovery path each.
func TestDiscoveryFeedsAndSitemaps(t *testing.T) {
	a, _ := openArchive(t)
	h := startHosts(t, 1)[0]
	b := h.URL
	// Seed hub advertises a feed with <link rel=alternate>; it links nowhere.
	h.HTML("/", `<html><head><link rel="alternate" type="application/rss+xml" href="/feed/"><meta property="og:type" content="website"></head><body><h1>Home</h1></body></html>`)
	h.Page("/feed/", "application/rss+xml", rss(b, articlePath(1)))
	// Configured Atom feed.
	h.Page("/atom.xml", "application/atom+xml", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>x</id><updated>2025-03-01T00:00:00Z</updated>
<entry><title>e</title><id>e1</id><link href="`+b+articlePath(2)+`"/><updated>2025-03-02T00:00:00Z</updated></entry></feed>`)
	// Configured sitemap index -> gzip child + news sitemap.
	h.Page("/sitemap_index.xml", "application/xml", `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>`+b+`/sitemap-1.xml.gz</loc></sitemap><sitemap><loc>`+b+`/news-sitemap.xml</loc></sitemap></sitemapindex>`)
	h.HandleFunc("/sitemap-1.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-gzip")
		w.Write(gz(urlset(b, false, articlePath(3))))
	})
	h.Page("/news-sitemap.xml", "application/xml", urlset(b, true, articlePath(4)))
	// robots.txt Sitemap: line.
	h.Page("/robots.txt", "text/plain", "User-agent: *\nDisallow: /private/\nSitemap: "+b+"/robots-sitemap.xml\n")
	h.Page("/robots-sitemap.xml", "application/xml", urlset(b, false, articlePath(5)))
	for i := 1; i <= 5; i++ {
		h.HTML(articlePath(i), article(i))
	}
	sum := crawl(t, a, Source{Name: "d", Seeds: []string{b + "/"}, Feeds: []string{b + "/atom.xml"}, Sitemaps: []string{b + "/sitemap_index.xml"}}, nil)
	for i := 1; i <= 5; i++ {
		if !hasVersion(t, a, b+articlePath(i)) {
			t.Errorf("article %d (discovery path %d) not archived", i, i)
		}
		if n := h.Hits(articlePath(i)); n != 1 {
			t.Errorf("article %d fetched %d times", i, n)
		}
	}
	if h.Hits("/robots.txt") != 1 {
		t.Errorf("robots.txt fetched %d times", h.Hits("/robots.txt"))
	}
	if sum.New != 5 {
		t.Errorf("summary %+v", sum)
	}
}

func TestRobotsDisallowAndCrawlDelay(t *testing.T) {
	a, _ := openArchive(t)
	h := startHosts(t, 1)[0]
	const ua = "archivist-test/1.0"
	h.Page("/robots.txt", "text/plain", "User-agent: other\nDisallow: /\n\nUser-agent: archivist-test\nDisallow: /private/\nCrawl-delay: 0.3\n")
	var times []time.Time
	h.HTML("/", HubHTMLLinks("/private/secret-report-on-things-here", articlePath(1), articlePath(2)))
	h.HTML("/private/secret-report-on-things-here", article(9))
	for i := 1; i <= 2; i++ {
		body := article(i)
		h.HandleFunc(articlePath(i), func(w http.ResponseWriter, r *http.Request) {
			times = append(times, time.Now())
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(body))
		})
	}
	opts := testOpts()
	opts.UserAgent = ua
	sum := crawl(t, a, Source{Name: "r", Seeds: []string{h.URL + "/"}, Concurrency: 1}, opts)
	if h.Hits("/private/secret-report-on-things-here") != 0 {
		t.Error("robots.txt Disallow ignored")
	}
	if sum.New != 2 || sum.Skipped != 1 {
		t.Errorf("summary %+v", sum)
	}
	// Crawl-delay applies although the source asked for none.
	if len(times) == 2 && times[1].Sub(times[0]) < 250*time.Millisecond {
		t.Errorf("Crawl-delay not honoured: %v between requests", times[1].Sub(times[0]))
	}
	for _, agent := range h.UserAgents() {
		if agent != ua {
			t.Errorf("unexpected User-Agent %q", agent)
		}
	}
}
