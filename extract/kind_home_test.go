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

// frontOfContainers is a news site's section front as some fronts draw
// it: several containers of four tiles each (a headline and a
// standfirst under a link laid over the tile, which carries no text),
// no pager, no claim to be anything.
func frontOfContainers(containers int) string {
	places := []string{"four capitals", "Brussels and Seoul", "the Gulf states", "three provinces"}
	topics := []string{"export controls", "data centres' water", "satellite licences", "the age checks", "spectrum auctions"}
	makers := []string{"machines", "chips", "phones", "cables"}
	var b strings.Builder
	b.WriteString(`<html><head><title>Technology | The Daily</title></head><body>` + kindNav + `<main>`)
	for c := range containers {
		fmt.Fprintf(&b, `<section class="fc-container"><h2>Strand %d</h2><ul class="fc-slice">`, c)
		for i := range 4 {
			fmt.Fprintf(&b, `<li class="fc-item"><div class="fc-item__content"><h3>Regulators weigh new rules for chips, part %d-%d</h3>`+
				`<div class="fc-item__standfirst">Officials in %s disagree over %s, and the firms that make the %s say the rules arrive too late.</div></div>`+
				`<a class="fc-item__link" href="/technology/2025/jun/%02d/story-%d-%d"></a></li>`,
				c, i, places[i], topics[c], makers[(c+i)%4], i+1, c, i)
		}
		b.WriteString(`</ul></section>`)
	}
	b.WriteString(`</main>` + kindFoot + `</body></html>`)
	return b.String()
}

// A front made of several short runs of teasers: their standfirsts are
// excerpts, as one long run's are, and no prose of the page's own.
func TestKindFrontOfContainers(t *testing.T) {
	if k, ev := kindOf(t, frontOfContainers(4), "https://daily.example/technology"); k != KindHub {
		t.Errorf("front of four containers: kind %q, want hub\n%+v", k, *ev)
	}
	// An article over the same containers (its rails of related stories)
	// keeps its prose, claiming nothing (no og:type, a short URL): the
	// tiles are not its content.
	var b strings.Builder
	b.WriteString(`<main><article><h1>Chip rules split the bloc</h1>`)
	for i := range 6 {
		fmt.Fprintf(&b, `<p>%s %s</p>`, prose(fmt.Sprintf("export controls %d", i)), prose("the chip makers"))
	}
	b.WriteString(`</article>`)
	page := strings.Replace(frontOfContainers(3), `<main>`, b.String(), 1)
	if k, ev := kindOf(t, page, "https://daily.example/chips"); k != KindArticle {
		t.Errorf("article over containers of related stories: kind %q, want article\n%+v", k, *ev)
	}
}
