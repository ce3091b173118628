package crawler

import (
	"fmt"
	"testing"
)

// copyHTML is an aggregator's copy crediting its original at orig.
func copyHTML(orig string) string {
	return fmt.Sprintf(`<!doctype html><html lang="en"><head><title>Water and the Sahel</title></head><body>
<article><h1>Water and the Sahel</h1><p class="byline">By Jane Doe</p>
<p>Across the region, water tables have fallen faster than any official projection expected, and the wells dug in the 1990s now run dry by March.</p>
<p>Farmers who once relied on seasonal rivers are drilling deeper, at a cost that few cooperatives can carry without credit from abroad.</p>
<p>The ministries responsible for water and agriculture rarely share data, so each plans as if the other did not exist.</p>
<p>The post <a href="%s">Water and the Sahel</a> appeared first on <a href="%s">Think Tank</a>.</p>
</article></body></html>`, orig, orig)
}

// TestFollowSources: with follow_sources a crawl of an aggregator also
// archives the original its copy names, on another host, without
// following the original's links or respecting less than robots.txt;
// without it, the crawl stays on the aggregator.
func TestFollowSources(t *testing.T) {
	for _, follow := range []bool{false, true} {
		t.Run(fmt.Sprint(follow), func(t *testing.T) {
			a, _ := openArchive(t)
			hs := startHosts(t, 2)
			agg, tt := hs[0], hs[1]
			orig := tt.URL + articlePath(1)
			agg.HTML("/", HubHTMLLinks("/2025/03/water-and-the-sahel-copy", "/2025/03/blocked-copy"))
			agg.HTML("/2025/03/water-and-the-sahel-copy", copyHTML(orig))
			agg.HTML("/2025/03/blocked-copy", copyHTML(tt.URL+"/private/report"))
			tt.HTML(articlePath(1), article(1, articlePath(2)))
			tt.HTML(articlePath(2), article(2))
			tt.HTML("/private/report", article(3))
			tt.Page("/robots.txt", "text/plain", "User-agent: *\nDisallow: /private/\n")
			crawl(t, a, Source{Name: "agg", Seeds: []string{agg.URL + "/"}, FollowSources: follow}, nil)
			if !hasVersion(t, a, agg.URL+"/2025/03/water-and-the-sahel-copy") {
				t.Fatal("copy not archived")
			}
			if got := hasVersion(t, a, orig); got != follow {
				t.Errorf("original archived = %v, want %v", got, follow)
			}
			if n := tt.Hits(articlePath(2)); n != 0 {
				t.Errorf("the original's links were followed (%d hits)", n)
			}
			if n := tt.Hits("/private/report"); n != 0 {
				t.Errorf("robots.txt ignored for a source (%d hits)", n)
			}
			if follow && tt.Hits(articlePath(1)) != 1 {
				t.Errorf("original fetched %d times, want once", tt.Hits(articlePath(1)))
			}
		})
	}
}
