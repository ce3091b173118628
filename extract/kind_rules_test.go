package extract

import (
	"fmt"
	"maps"
	"strings"
	"testing"
)

// repeatf joins n copies of format, each given its index.
func repeatf(n int, format string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}

// TestKindRuleFixtures: one page for each rule of the judgement that no
// other test held, on which the verdict rests on that rule: judged without
// it the page changes kind (ARCHIVIST_KIND_OFF=rule makes the first check
// fail; the second proves it in every run).
func TestKindRuleFixtures(t *testing.T) {
	for _, c := range []struct {
		rule, name, url, page, want string
	}{
		// A topic page whose introduction is a paragraph or two: a dozen
		// teasers weigh more than six.
		{"teasers12", "topic page with an introduction", "https://fiscalfutures.example/our-work/public-finance",
			productPage{"Public finance", "website", "", "", `<h1>Public finance</h1>` + paras(3) + teasers(12, "article", "teaser", "commentary", false)}.html(), KindHub},
		// Yoast types a category page a CollectionPage, on a theme that
		// writes no listing class on <body>.
		{"ldcoll", "section typed CollectionPage", "https://fiscalfutures.example/our-work/briefings",
			productPage{"Briefings", "website", `{"@context":"https://schema.org","@graph":[{"@type":"CollectionPage","name":"Briefings"}]}`, "", `<h1>Briefings</h1>` + paras(3) + teasers(6, "article", "teaser", "briefings", false)}.html(), KindHub},
		{"itemlist", "section with an ItemList", "https://fiscalfutures.example/our-work/briefings",
			productPage{"Briefings", "website", `{"@context":"https://schema.org","@type":"ItemList","itemListElement":[{"@type":"ListItem","position":1,"url":"https://fiscalfutures.example/briefings/1"}]}`, "", `<h1>Briefings</h1>` + paras(3) + teasers(6, "article", "teaser", "briefings", false)}.html(), KindHub},
		// A shop's category whose grid a script draws: the names and
		// prices are there, the tiles' links are not.
		{"pricesnoprose", "shop grid drawn without links", "https://shop.example/mugs",
			productPage{"Mugs", "", "", "", `<h1>Mugs</h1><div class="grid">` + repeatf(8, `<div class="tile"><span class="name">Enamel mug %d</span><span class="price">£12.50</span></div>`) + `</div>`}.html(), KindHub},
		// A blog's front typed an article by its SEO plugin: linked
		// headlines over long excerpts, with a pager.
		{"frontpager", "blog front typed an article", "https://fiscalfutures.example/insights",
			productPage{"Blog", "article", "", "", `<h1>Blog</h1>` + repeatf(12, `<div class="post"><h2><a href="/blog/public-debt-note-%[1]d/">Public debt after the pandemic, note %[1]d</a></h2><p>In note %[1]d: `+sentences[0]+` `+sentences[1]+` `+sentences[2]+`</p></div>`) + pager}.html(), KindHub},
		// A shop's category with a long essay for search engines under a
		// grid that microdata types as products.
		{"manyproducts", "shop category with an essay", "https://shop.example/mugs",
			productPage{"Mugs", "website", "", "", `<h1>Mugs</h1><ul class="grid">` + repeatf(12, `<li class="tile" itemscope itemtype="https://schema.org/Product"><a href="/mug-%d"><img src="/m.jpg" alt=""><span itemprop="name">Enamel camping mug, blue</span></a></li>`) + `</ul>` + paras(12)}.html(), KindHub},
		// An index of every tag, a cloud of hundreds of links.
		{"linkfarm", "tag cloud", "https://fiscalfutures.example/all-subjects",
			productPage{"All subjects", "", "", "", `<h1>All subjects</h1><div class="cloud">` + repeatf(320, `<a href="/subject/s%[1]d">subject %[1]d</a> `) + `</div>`}.html(), KindHub},
		// A round-up typed an article, at an article's URL: a list of
		// linked headings with a line each is still the article.
		{"claims2", "round-up typed an article", "https://fiscalfutures.example/2025/03/14/the-best-podcasts-on-public-finance/",
			productPage{"The best podcasts on public finance", "article", "", "", `<h1>The best podcasts on public finance</h1>` + repeatf(14, `<div class="pick"><h2><a href="https://podcasts.example/show-%d">Show %d</a></h2><p>Weekly.</p></div>`)}.html(), KindArticle},
		// A shop's category typed an article by its SEO plugin, at a long
		// slug: the priced tiles with carts make it a hub all the same.
		{"shopoverclaims", "shop category typed an article", "https://shop.example/enamel-mugs-for-camping-and-home/",
			productPage{"Enamel mugs", "article", "", "", `<h1>Enamel mugs</h1><ul class="grid">` + repeatf(8, `<li class="tile"><a href="/mug-%d"><img src="/m.jpg" alt=""><h3>Enamel camping mug, blue</h3></a><span class="price">£12.50</span><button class="add-to-cart">Add to cart</button></li>`) + `</ul>`}.html(), KindHub},
		// A shop's category whose prices a script fills in: tiles of a
		// "product-card" class.
		{"cardproduct", "product cards without prices", "https://shop.example/collections/mugs",
			productPage{"Mugs", "website", "", "", `<h1>Mugs</h1><p>` + sentences[0] + ` ` + sentences[1] + ` ` + sentences[2] + `</p><p>` + sentences[3] + `</p><div class="grid">` + repeatf(6, `<div class="product-card"><a href="/mug-%d"><img src="/m.jpg" alt=""><span>Enamel camping mug, blue</span></a></div>`) + `</div>`}.html(), KindHub},
		// A catalogue's controls: sort, an ordering, a count.
		{"listcontrols3", "catalogue with three controls", "https://fiscalfutures.example/our-work/datasets",
			productPage{"Datasets", "website", "", "", `<h1>Datasets</h1><p>` + sentences[0] + ` ` + sentences[1] + `</p><div class="toolbar"><span>Sort by</span><select><option>Newest first</option><option>Oldest first</option></select><span>Filter</span><span>42 results</span></div>`}.html(), KindHub},
		{"cardtext3x", "cards beside a little text", "https://fiscalfutures.example/our-work/datasets",
			productPage{"Datasets", "website", "", "", `<h1>Datasets</h1><ul class="sets">` + repeatf(3, `<li class="set"><a href="/data/set-%d">Government debt by maturity, quarterly</a> <span>CSV</span></li>`) + `</ul>`}.html(), KindHub},
	} {
		k, ev := kindOf(t, c.page, c.url)
		var why []string
		score := kindScoreWhy(ev, &why, kindOff)
		if k != c.want {
			t.Errorf("%s (%s): kind %q, want %s (score %d: %s)\n%+v", c.rule, c.name, k, c.want, score, strings.Join(why, " "), *ev)
			continue
		}
		heldBy(t, c.rule, c.name, ev, c.want)
	}
}

// heldBy fails unless the verdict on ev changes with rule left out.
func heldBy(t *testing.T, rule, name string, ev *kindEvidence, want string) {
	t.Helper()
	off := map[string]bool{rule: true}
	maps.Copy(off, kindOff)
	if without := judgeKind(ev, off); without == want {
		var why []string
		score := kindScoreWhy(ev, &why, kindOff)
		t.Errorf("%s (%s): still %s without the rule (score %d: %s)\n%+v", rule, name, without, score, strings.Join(why, " "), *ev)
	}
}

// TestKindRuleEvidence: the rules whose pages depend on the content
// picker's choice (a container too small, an article's container not
// found), which no small page reproduces reliably, held at the level of
// the evidence: a verdict each rule decides.
func TestKindRuleEvidence(t *testing.T) {
	for _, c := range []struct {
		rule, name string
		ev         kindEvidence
		want       string
	}{
		// A software firm's home page whose picker chose a tagline, so
		// the whole body was kept: its feature cards' blurbs are not the
		// page's prose.
		{"wholebodycards", "home page kept whole", kindEvidence{Path: "/", OGType: "website", Home: true, WholeBody: true,
			Teasers: 8, MainTeasers: 4, Links: 120, Text: 7000, Chars: 2700, Cards: 30, CardText: 1500, CardLink: 800, CardGroup: 6,
			ContentText: 70, CardExcerpts: 4, BodyText: 7000, BodyLink: 2000, Heads: 30, Paras: 100, LongestBlock: 160,
			MainText: 6000, ProseMax: 160, ProseBlocks: 20}, KindHub},
		// A review whose long paragraphs sit in blocks the picker passed
		// over, under a list of two dozen linked alternatives typed an
		// ItemList: the kept body (its standfirst) says nothing.
		{"missedprose", "review whose body was not found", kindEvidence{Path: "/software/ledgerly/", OGType: "website", LDItemList: true,
			Teasers: 24, MainTeasers: 24, Links: 160, Text: 19000, LongParasPage: 15, Long: 1, Chars: 210, ContentText: 210,
			BodyText: 15000, BodyLink: 1500, Paras: 1, LongestBlock: 210, MainText: 13000, ProseMax: 370, ProseBlocks: 90}, KindArticle},
	} {
		if k := judgeKind(&c.ev, kindOff); k != c.want {
			t.Errorf("%s (%s): kind %q, want %s", c.rule, c.name, k, c.want)
			continue
		}
		heldBy(t, c.rule, c.name, &c.ev, c.want)
	}
}
