package crawler

import (
	"fmt"
	"strings"
	"testing"

	"github.com/archivist-org/archivist/extract"
)

// TestHubWithSubscriberBadgesIsNoStub: a news section whose teasers carry
// "For subscribers" badges is a hub to follow, not a paywall stub, now
// that a hub's text is its list of items (teasers, badges and all). A
// failed capture's links are not followed, so taking it for a stub would
// cut the crawl off from the whole section.
func TestHubWithSubscriberBadgesIsNoStub(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html lang="en"><head><title>Energy - Daily Ledger</title></head><body><header><nav><a href="/">Home</a> <a href="/energy/">Energy</a> <a href="/politics/">Politics</a></nav></header><main><h1>Energy</h1><div class="stories">`)
	for i := 1; i <= 8; i++ {
		badge := ""
		if i%2 == 0 {
			badge = `<span class="badge">For subscribers</span>`
		}
		fmt.Fprintf(&b, `<div class="story-card"><h3><a href="/energy/2025/03/story-%d/">Grid operators brace for a dry spring, part %d</a></h3>%s<time datetime="2025-03-%02d">%d March 2025</time><p>Reservoirs are low.</p></div>`, i, i, badge, i, i)
	}
	b.WriteString(`</div></main><footer><p>© Daily Ledger</p></footer></body></html>`)
	body := []byte(b.String())
	art, err := extract.FromHTML(body, "https://ledger.example/energy/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if art.Kind != extract.KindHub {
		t.Fatalf("kind %s, want hub (text %q)", art.Kind, art.Text)
	}
	if !strings.Contains(strings.ToLower(art.Text), "for subscribers") {
		t.Logf("the badges are not in the hub's text (%q): the test checks nothing new", art.Text)
	}
	if r := failureReason(200, body, art); r != "" {
		t.Errorf("a section with subscriber badges is a failed capture: %q", r)
	}
}
