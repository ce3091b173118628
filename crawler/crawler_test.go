package crawler

import (
	"context"
	"fmt"
	"net/http"
	"strings"
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

// TestOneFetchPerURLForm: links to one page written with its escapes in
// either case, with an unreserved character escaped or not (RFC 3986
// 6.2.2), or with a session id in a path parameter or the query, are one
// page: fetched once and archived once.
func TestOneFetchPerURLForm(t *testing.T) {
	a, _ := openArchive(t)
	h := startHosts(t, 1)[0]
	h.HTML("/", HubHTMLLinks(
		"/reports/a%2fb", "/reports/a%2Fb",
		"/%7eanalyst/notes", "/%7Eanalyst/notes", "/~analyst/notes",
		"/story;jsessionid=0A1B2C", "/story;jsessionid=9F8E7D", "/story;JSESSIONID=33",
		"/brief?PHPSESSID=abc&id=4", "/brief?id=4&PHPSESSID=def", "/brief?id=4",
	))
	// The server names each page by its decoded path (without ";…").
	pages := []string{"/reports/a/b", "/~analyst/notes", "/story", "/brief"}
	for i, p := range pages {
		body := article(i+1, "/")
		h.HandlePrefix(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(body))
		})
	}
	sum := crawl(t, a, Source{Name: "t", Seeds: []string{h.URL + "/"}}, nil)
	hits := map[string]int{}
	for p, n := range h.AllHits() {
		for _, page := range pages {
			if strings.HasPrefix(p, page) {
				hits[page] += n
			}
		}
	}
	for _, p := range pages {
		if hits[p] != 1 {
			t.Errorf("%s fetched %d times; want once (all hits %v)", p, hits[p], h.AllHits())
		}
	}
	if sum.New != 4 {
		t.Errorf("summary %+v; want 4 new pages", sum)
	}
}

// TestLinksOfAPageWithoutText: a page that is only a list of links (an
// "all publications" index, a plain HTML sitemap) has no article text; its
// links are followed: they were not, and the articles it alone lists were
// never reached. It is a hub followed, not a failed capture: it was
// counted an "empty extraction" in the summary and the fetch log.
func TestLinksOfAPageWithoutText(t *testing.T) {
	a, _ := openArchive(t)
	h := startHosts(t, 1)[0]
	h.HTML("/", HubHTMLLinks("/all.html"))
	const n = 10
	var items strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&items, `<li><a href="%s">Article %d on regional policy</a></li>`, articlePath(i), i)
		h.HTML(articlePath(i), article(i))
	}
	h.HTML("/all.html", "<html><head><title>All publications</title></head><body><ul>"+items.String()+"</ul></body></html>")
	sum := crawl(t, a, Source{Name: "t", Seeds: []string{h.URL + "/"}}, nil)
	for i := 1; i <= n; i++ {
		if !hasVersion(t, a, h.URL+articlePath(i)) {
			t.Errorf("article %d, linked only from a page without text, not archived (summary %+v)", i, sum)
		}
	}
	if sum.Failed != 0 || sum.Hubs != 2 {
		t.Errorf("summary: %d failed, %d hubs; want 0 failed, 2 hubs (the home page and the list)", sum.Failed, sum.Hubs)
	}
	if p, err := a.Page(context.Background(), h.URL+"/all.html"); err == nil && p.LastFailure != "" {
		t.Errorf("the list of links is logged as a failed capture: %q", p.LastFailure)
	}
}

// TestLinksOfAListBehindASubscribeBar: a news site's list of links whose
// header offers a subscription ("Already a subscriber? Log in") is a hub
// all the same: the marker is in the page's chrome, the list has no text to
// be a stub of, and its links are followed.
func TestLinksOfAListBehindASubscribeBar(t *testing.T) {
	a, _ := openArchive(t)
	h := startHosts(t, 1)[0]
	h.HTML("/", HubHTMLLinks("/all.html"))
	const n = 10
	var items strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&items, `<li><a href="%s">Article %d on regional policy</a></li>`, articlePath(i), i)
		h.HTML(articlePath(i), article(i))
	}
	h.HTML("/all.html", `<html><head><title>All stories</title></head><body><header><a href="/subscribe">Subscribe</a> `+
		`Already a subscriber? <a href="/login">Log in</a></header><ul>`+items.String()+`</ul></body></html>`)
	sum := crawl(t, a, Source{Name: "t", Seeds: []string{h.URL + "/"}}, nil)
	for i := 1; i <= n; i++ {
		if !hasVersion(t, a, h.URL+articlePath(i)) {
			t.Errorf("article %d, linked only from the list, not archived (summary %+v)", i, sum)
		}
	}
	if p, err := a.Page(context.Background(), h.URL+"/all.html"); err == nil && p.LastFailure != "" {
		t.Errorf("the list of links is logged as a failed capture: %q", p.LastFailure)
	}
}

// TestLinksOfAnEmptyPage: a page with no article text that is not a list
// of links either (a few links, the rest drawn by scripts) is still a
// failed capture, an empty extraction, and its links are still followed.
func TestLinksOfAnEmptyPage(t *testing.T) {
	a, _ := openArchive(t)
	h := startHosts(t, 1)[0]
	h.HTML("/", HubHTMLLinks("/app.html"))
	h.HTML(articlePath(1), article(1))
	h.HTML("/app.html", `<html><head><title>Reports</title></head><body><div id="app"></div><p><a href="`+articlePath(1)+`">Latest</a></p></body></html>`)
	sum := crawl(t, a, Source{Name: "t", Seeds: []string{h.URL + "/"}}, nil)
	if !hasVersion(t, a, h.URL+articlePath(1)) {
		t.Errorf("the article linked from an empty page was not archived (summary %+v)", sum)
	}
	p, err := a.Page(context.Background(), h.URL+"/app.html")
	if err != nil || p.LastFailure != reasonEmpty {
		t.Errorf("the empty page: %+v, %v; want a failed capture %q", p, err, reasonEmpty)
	}
}

// TestRobotsEscapes: robots.txt rules and the URLs they are tested against
// are compared with unreserved characters decoded and escapes in either
// case, as RFC 9309 2.2.2 says (its example: /%7Ejoe/ and /~joe/ are one
// path): Disallow: /%7Ejoe/ did not keep the crawler from /~joe/, nor
// Disallow: /~ann/ from /%7Eann/, nor /a%2fb from /a%2Fb, nor a rule in
// UTF-8 (/café/) from the escaped path (/caf%C3%A9/).
func TestRobotsEscapes(t *testing.T) {
	a, _ := openArchive(t)
	h := startHosts(t, 1)[0]
	h.Page("/robots.txt", "text/plain", "User-agent: *\nDisallow: /%7Ejoe/\nDisallow: /~ann/\nDisallow: /r/a%2fb\nDisallow: /café/\n")
	blocked := []string{"/~joe/notes", "/%7eann/notes", "/r/a%2Fb", "/caf%c3%a9/menu"}
	h.HTML("/", HubHTMLLinks(append([]string{articlePath(1)}, blocked...)...))
	h.HTML(articlePath(1), article(1))
	for i, p := range []string{"/~joe/notes", "/~ann/notes", "/r/a/b", "/café/menu"} {
		body := article(i + 2)
		h.HandlePrefix(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(body))
		})
	}
	crawl(t, a, Source{Name: "t", Seeds: []string{h.URL + "/"}}, nil)
	if h.Hits(articlePath(1)) != 1 {
		t.Fatalf("the allowed article was not fetched: %v", h.AllHits())
	}
	for p, n := range h.AllHits() {
		if strings.Contains(p, "joe") || strings.Contains(p, "ann") || strings.HasPrefix(p, "/r/") || strings.HasPrefix(p, "/caf") {
			t.Errorf("robots.txt disallows %s; fetched %d times", p, n)
		}
	}
}
