package main

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archivist-org/archivist/crawler/testsite"
)

// TestSeedRedirectedToAnotherHost: a seed that redirects to another host
// (example.org -> www.example.org, a site that moved) is crawled on the
// host it lands on. The scope was the seed's host only, so the crawl
// followed the landing page and archived nothing (exit 0, "1 hub
// followed"). Only a seed's redirect widens the scope: a link to a third
// host still is out of it.
func TestSeedRedirectedToAnotherHost(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	hosts := testsite.Start(3)
	for _, h := range hosts {
		t.Cleanup(h.Close)
	}
	apex, www, other := hosts[0], hosts[1], hosts[2]
	apex.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, www.URL+"/", http.StatusMovedPermanently)
	})
	var links []string
	for i := 0; i < 3; i++ {
		p := fmt.Sprintf("/2025/07/moved-site-article-number-%d", i)
		links = append(links, p)
		www.HTML(p, testsite.ArticleHTML(fmt.Sprintf("Moved site article %d", i), "Sam Roe", "2025-07-01", uint64(i+5), 300, 0))
	}
	links = append(links, other.URL+"/2025/07/elsewhere-article")
	other.HTML("/2025/07/elsewhere-article", testsite.ArticleHTML("Elsewhere", "Sam Roe", "2025-07-01", 9, 300, 0))
	www.HTML("/", testsite.HubHTML("Home", links...))
	dir := t.TempDir()
	r := runBinary(t, dir, nil, "crawl", "--archive", filepath.Join(dir, "a.db"), "--allow-private", "--delay", "0", apex.URL+"/")
	if r.Code != 0 || !strings.Contains(r.Stdout, "3 new") {
		t.Errorf("crawl: exit %d, want 0 and 3 new\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	if n := other.Total(); n != 0 {
		t.Errorf("a third host, linked from the landing page, was fetched %d times", n)
	}
}

// TestFeedOnAnotherHostSaysSo: a feed whose entries are all on another
// host than the source's (a feed service, a feeds. subdomain) queues
// nothing: the crawl says why and how to include them. It fetched 0
// pages, exit 0, without a word.
func TestFeedOnAnotherHostSaysSo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	hosts := testsite.Start(2)
	for _, h := range hosts {
		t.Cleanup(h.Close)
	}
	feeds, site := hosts[0], hosts[1]
	var items strings.Builder
	for i := 0; i < 3; i++ {
		p := fmt.Sprintf("/2025/07/feed-article-number-%d", i)
		site.HTML(p, testsite.ArticleHTML(fmt.Sprintf("Feed article %d", i), "Sam Roe", "2025-07-01", uint64(i+5), 300, 0))
		fmt.Fprintf(&items, "<item><title>A%d</title><link>%s%s</link></item>", i, site.URL, p)
	}
	feeds.Page("/site.xml", "application/rss+xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>Site</title><link>`+site.URL+`/</link>`+items.String()+`</channel></rss>`)
	dir := t.TempDir()
	r := runBinary(t, dir, nil, "crawl", "--archive", filepath.Join(dir, "a.db"), "--allow-private", "--delay", "0", "--feed", feeds.URL+"/site.xml")
	host := strings.TrimPrefix(site.URL, "http://")
	if !strings.Contains(r.Stderr, "entries are out of scope") || !strings.Contains(r.Stderr, host) {
		t.Errorf("crawl: exit %d; want a warning naming %s\n%s%s", r.Code, host, r.Stdout, r.Stderr)
	}
}
