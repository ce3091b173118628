package crawler

import (
	"testing"
)

func TestCrawlLinksHubsArticles(t *testing.T) {
	a, _ := openArchive(t)
	h := startHosts(t, 1)[0]
	h.HTML("/", HubHTMLLinks(articlePath(1), articlePath(2), "/research/"))
	h.HTML("/research/", HubHTMLLinks(articlePath(2), articlePath(3)))
	for i := 1; i <= 3; i++ {
		h.HTML(articlePath(i), article(i, "/", articlePath(i%3+1)))
	}
	sum := crawl(t, a, Source{Name: "t", Seeds: []string{h.URL + "/"}}, nil)
	if sum.New != 3 || sum.Hubs != 2 || sum.Errors != 0 {
		t.Fatalf("summary %+v", sum)
	}
	for i := 1; i <= 3; i++ {
		if !hasVersion(t, a, h.URL+articlePath(i)) {
			t.Errorf("article %d not archived", i)
		}
		if n := h.Hits(articlePath(i)); n != 1 {
			t.Errorf("article %d fetched %d times", i, n)
		}
	}
	if hasVersion(t, a, h.URL+"/") || hasVersion(t, a, h.URL+"/research/") {
		t.Error("hub archived")
	}
}
