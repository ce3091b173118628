package crawler

import (
	"context"
	"net/http"
	"slices"
	"testing"
)

// TestRenameRecorded: a revisit of an archived article whose URL now
// answers a permanent redirect to a new URL, which the site links and the
// crawl archived first, records the rename; a temporary redirect does not.
func TestRenameRecorded(t *testing.T) {
	for _, c := range []struct {
		name  string
		codes []int // the hops from the old URL: the last points to the new one
		moved bool
	}{
		{"301", []int{http.StatusMovedPermanently}, true},
		{"308 then 301", []int{http.StatusPermanentRedirect, http.StatusMovedPermanently}, true},
		{"302", []int{http.StatusFound}, false},
		{"301 then 307", []int{http.StatusMovedPermanently, http.StatusTemporaryRedirect}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, _ := openArchive(t)
			h := startHosts(t, 1)[0]
			oldPath, newPath := articlePath(1), "/2025/03/the-renamed-article-about-policy"
			h.HTML(oldPath, article(1))
			h.HTML("/", HubHTMLLinks(oldPath))
			src := Source{Name: "rn", Seeds: []string{h.URL + "/"}}
			if sum := crawl(t, a, src, nil); sum.New != 1 {
				t.Fatalf("first run: %+v", sum)
			}
			// The site renames the article: the hub links the new URL,
			// the old one redirects to it.
			h.HTML(newPath, article(101))
			h.HTML("/", HubHTMLLinks(newPath))
			hops := append([]string{oldPath}, "/hop/1", "/hop/2")
			for i, code := range c.codes {
				to := newPath
				if i < len(c.codes)-1 {
					to = hops[i+1]
				}
				h.HandleFunc(hops[i], func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, code) })
			}
			sum := crawl(t, a, src, nil)
			if sum.New != 1 || sum.Revisited != 1 {
				t.Fatalf("second run: want the new URL archived and the old one revisited: %+v", sum)
			}
			if want := map[bool]int{true: 1}[c.moved]; sum.Renamed != want {
				t.Errorf("second run: %d renamed, want %d", sum.Renamed, want)
			}
			op, err := a.Page(context.Background(), h.URL+oldPath)
			if err != nil {
				t.Fatal(err)
			}
			np, err := a.Page(context.Background(), h.URL+newPath)
			if err != nil {
				t.Fatal(err)
			}
			if got := op.MovedTo == np.URL && slices.Equal(np.MovedFrom, []string{op.URL}); got != c.moved {
				t.Errorf("moved = %v, want %v: old page %+v; new page %+v", got, c.moved, op, np)
			}
			// A renamed URL leaves the revisits: the new page is checked
			// from now on.
			h.ResetHits()
			if sum := crawl(t, a, src, nil); c.moved && (sum.Revisited != 0 || h.Hits(oldPath) != 0) {
				t.Errorf("third run revisited the old URL again: %+v, hits %v", sum, h.AllHits())
			}
		})
	}
}
