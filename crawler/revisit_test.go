package crawler

import (
	"context"
	"net/http"
	"testing"
)

// TestRevisitCatchesUnlinkedChanges: pages dropped from every hub and then
// deleted or edited are found by the next run's revisits; a page deleted
// while still linked is found by the crawl itself.
func TestRevisitCatchesUnlinkedChanges(t *testing.T) {
	a, _ := openArchive(t)
	h := startHosts(t, 1)[0]
	const n = 12
	var links []string
	for i := range n {
		links = append(links, articlePath(i))
		h.HTML(articlePath(i), article(i))
	}
	h.HTML("/", HubHTMLLinks(links...))
	src := Source{Name: "rv", Seeds: []string{h.URL + "/"}}
	if sum := crawl(t, a, src, nil); sum.New != n || sum.Revisited != 0 {
		t.Fatalf("first run: %+v", sum)
	}
	// Epoch 2: the hub lists only 0..5. Of the unlinked, 6 and 7 are
	// deleted (404, 410), 8 is edited; 5 is deleted while still linked.
	h.HTML("/", HubHTMLLinks(links[:6]...))
	gone := func(code int) func(http.ResponseWriter, *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", code) }
	}
	h.HandleFunc(articlePath(5), gone(http.StatusNotFound))
	h.HandleFunc(articlePath(6), gone(http.StatusNotFound))
	h.HandleFunc(articlePath(7), gone(http.StatusGone))
	h.HTML(articlePath(8), article(108))
	sum := crawl(t, a, src, nil)
	if sum.Gone != 3 || sum.RevisitGone != 2 || sum.RevisitChanged != 1 || sum.Changed != 1 {
		t.Errorf("second run: want 3 gone (2 by revisits), 1 changed (by a revisit); got %+v", sum)
	}
	if sum.Revisited != n-6 {
		t.Errorf("revisited %d pages, want the %d unlinked ones", sum.Revisited, n-6)
	}
	for _, i := range []int{5, 6, 7} {
		p, err := a.Page(context.Background(), h.URL+articlePath(i))
		if err != nil || p.GoneSince.IsZero() {
			t.Errorf("article %d not marked gone: %+v %v", i, p, err)
		}
	}
	// Each page is asked for once per run: revisits skip what the crawl
	// reached.
	for i := range n {
		if hits := h.Hits(articlePath(i)); hits != 2 {
			t.Errorf("article %d fetched %d times over two runs, want 2", i, hits)
		}
	}
	// A budget bounds the revisits.
	src.RevisitBudget = 2
	if sum := crawl(t, a, src, nil); sum.Revisited != 2 {
		t.Errorf("revisit_budget 2: revisited %d", sum.Revisited)
	}
	src.Revisit = RevisitOff
	if sum := crawl(t, a, src, nil); sum.Revisited != 0 {
		t.Errorf("revisit off: revisited %d", sum.Revisited)
	}
}

// TestRevisitUnderPageBudget: a run that spends its page budget still
// revisits.
func TestRevisitUnderPageBudget(t *testing.T) {
	a, _ := openArchive(t)
	h := startHosts(t, 1)[0]
	var links []string
	for i := range 10 {
		links = append(links, articlePath(i))
		h.HTML(articlePath(i), article(i))
	}
	h.HTML("/", HubHTMLLinks(links...))
	src := Source{Name: "rb", Seeds: []string{h.URL + "/"}}
	crawl(t, a, src, nil)
	// Now the hub lists new articles only, more than the budget, and an
	// old one is deleted.
	var fresh []string
	for i := 10; i < 20; i++ {
		fresh = append(fresh, articlePath(i))
		h.HTML(articlePath(i), article(i))
	}
	h.HTML("/", HubHTMLLinks(fresh...))
	h.HandleFunc(articlePath(3), func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	src.MaxPages = 5
	sum := crawl(t, a, src, nil)
	if sum.Revisited != 10 || sum.RevisitGone != 1 {
		t.Errorf("want 10 revisits finding 1 gone under max_pages 5, got %+v", sum)
	}
}
