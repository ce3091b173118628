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
