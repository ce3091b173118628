package extract

import (
	"fmt"
	"strings"
	"testing"
)

// TestKindSmallSectionIsHub: a think tank's section page with a handful of
// teasers (a linked headline, a byline and a one-line summary each), too
// few to form a run of cards and with no listing template named, is a hub:
// the crawler must follow it, not archive it as an article.
func TestKindSmallSectionIsHub(t *testing.T) {
	for _, n := range []int{2, 3, 4} {
		var b strings.Builder
		b.WriteString(`<h1>Commentary</h1>`)
		for i := range n {
			fmt.Fprintf(&b, `<article class="teaser"><h2><a href="/commentary/2025/0%d/note-on-the-region-%d">A note on the region, part %d</a></h2>`+
				`<p class="meta">Amina Diallo · 2025-0%d-12</p><p>What the latest figures say about the region's harvests.</p></article>`, i+1, i, i+1, i+1)
		}
		page := cmsPage("Commentary", "website", "", b.String())
		a, err := FromHTML([]byte(page), "https://www.sahelcentre.example/commentary/", nil)
		if err != nil {
			t.Fatalf("%d teasers: %v", n, err)
		}
		if a.Kind != KindHub {
			t.Errorf("%d teasers: kind %q, want hub", n, a.Kind)
		}
	}
}
