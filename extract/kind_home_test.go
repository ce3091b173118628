package extract

import (
	"fmt"
	"strings"
	"testing"
)

// localeHome is a bilingual institute's home page: a welcome of three
// paragraphs over a row of its latest work, as it serves it at the root
// and at its language's root.
func localeHome() string {
	var b strings.Builder
	b.WriteString(`<html><head><title>Institute for Regional Studies</title><meta property="og:type" content="website"></head><body>` + kindNav)
	b.WriteString(`<main><section class="welcome"><h1>Institute for Regional Studies</h1>`)
	for i := range 3 {
		fmt.Fprintf(&b, `<p>%s %s</p>`, prose(fmt.Sprintf("the region's %d budgets", i)), prose("water"))
	}
	b.WriteString(`</section><section class="latest"><h2>Latest</h2>`)
	for i := range 6 {
		fmt.Fprintf(&b, `<div class="tile tile-%d"><h3><a href="/en/research/paper-%d">Trade rules in the valley, part %d</a></h3><p>Working paper</p></div>`, i, i, i)
	}
	b.WriteString(`</section></main>` + kindFoot + `</body></html>`)
	return b.String()
}

// A site's home page for one language or region (/en/, /en-us/,
// /global/) is its home page: the root redirects there.
func TestKindLocaleRootIsHome(t *testing.T) {
	page := localeHome()
	for _, u := range []string{"https://institute.example/", "https://institute.example/en/", "https://institute.example/en-gb",
		"https://institute.example/us/en/", "https://institute.example/global/"} {
		if k, ev := kindOf(t, page, u); k != KindHub || !ev.Home {
			t.Errorf("%s: kind %q (home %v), want a home page's hub\n%+v", u, k, ev.Home, *ev)
		}
	}
	// A section or an article under a language's root is no home page.
	for _, u := range []string{"https://institute.example/en/research/", "https://institute.example/en/about",
		"https://institute.example/research/", "https://institute.example/abc/"} {
		if _, ev := kindOf(t, page, u); ev.Home {
			t.Errorf("%s: read as a home page", u)
		}
	}
}
