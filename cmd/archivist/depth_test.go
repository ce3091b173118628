package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/archivist-org/archivist/crawler/testsite"
)

// TestMaxDepthZeroCrawlsOnlySeeds: `crawl --max-depth 0`, or max_depth = 0
// in the sources file, archives the given URLs and nothing else: no links,
// no sitemap robots.txt lists. 0 meant the default of 5, so asking for the
// seeds alone crawled the whole site.
func TestMaxDepthZeroCrawlsOnlySeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	h := testsite.Start(1)[0]
	t.Cleanup(h.Close)
	h.Page("/robots.txt", "text/plain", "User-agent: *\nAllow: /\nSitemap: "+h.URL+"/sitemap.xml\n")
	h.Page("/sitemap.xml", "application/xml", `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+
		`<url><loc>`+h.URL+`/2025/05/listed-in-the-sitemap</loc></url></urlset>`)
	h.HTML("/2025/05/listed-in-the-sitemap", testsite.ArticleHTML("Listed in the sitemap", "Ana Lee", "2025-05-02", 7, 300, 0))
	h.HTML("/2025/05/linked-from-the-seed", testsite.ArticleHTML("Linked from the seed", "Ana Lee", "2025-05-03", 8, 300, 0))
	h.HTML("/2025/05/the-seed", testsite.ArticleHTML("The seed", "Ana Lee", "2025-05-01", 9, 300, 0, "/2025/05/linked-from-the-seed"))
	seed := h.URL + "/2025/05/the-seed"
	dir := t.TempDir()
	config := filepath.Join(dir, "sources.toml")
	if err := os.WriteFile(config, []byte(fmt.Sprintf("[[source]]\nname = \"s\"\nseeds = [%q]\nmax_depth = 0\n", seed)), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, args := range map[string][]string{
		"flag":   {"--max-depth", "0", seed},
		"config": {"--config", config},
	} {
		h.ResetHits()
		r := runBinary(t, dir, nil, append([]string{"crawl", "--archive", filepath.Join(dir, name+".db"), "--allow-private", "--delay", "0"}, args...)...)
		if r.Code != 0 {
			t.Fatalf("%s: crawl: exit %d\n%s%s", name, r.Code, r.Stdout, r.Stderr)
		}
		for _, p := range []string{"/2025/05/linked-from-the-seed", "/sitemap.xml", "/2025/05/listed-in-the-sitemap"} {
			if n := h.Hits(p); n != 0 {
				t.Errorf("%s: max depth 0 fetched %s (%d times)", name, p, n)
			}
		}
		if h.Hits("/2025/05/the-seed") != 1 {
			t.Errorf("%s: the seed fetched %d times, want 1", name, h.Hits("/2025/05/the-seed"))
		}
	}
	// Without the flag or the field the default depth still applies.
	h.ResetHits()
	r := runBinary(t, dir, nil, "crawl", "--archive", filepath.Join(dir, "default.db"), "--allow-private", "--delay", "0", seed)
	if r.Code != 0 {
		t.Fatalf("default: crawl: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	for _, p := range []string{"/2025/05/linked-from-the-seed", "/2025/05/listed-in-the-sitemap"} {
		if h.Hits(p) != 1 {
			t.Errorf("default depth: %s fetched %d times, want 1", p, h.Hits(p))
		}
	}
}
