package extract

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// kindOf extracts page and returns its kind, logging the evidence when the
// test fails.
func kindOf(t *testing.T, page, pageURL string) (string, *kindEvidence) {
	t.Helper()
	var ev kindEvidence
	kindTrace = func(_ *Article, e *kindEvidence) { ev = *e }
	defer func() { kindTrace = nil }()
	a, err := FromHTML([]byte(page), pageURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	return a.Kind, &ev
}

// excerpt is a teaser's blurb, long enough to read as a paragraph of prose.
func excerpt(i int) string {
	return fmt.Sprintf("The paper %d examines how regional trade rules shape investment in smaller economies, "+
		"drawing on ten years of customs data and interviews with officials in four capitals, and sets out "+
		"what governments could change before the next round of negotiations opens…", i)
}

const kindNav = `<header><a class="logo" href="/">Centre for Policy</a><nav><ul><li><a href="/research/">Research</a></li>` +
	`<li><a href="/commentary/">Commentary</a></li><li><a href="/events/">Events</a></li><li><a href="/about/">About</a></li></ul></nav></header>`

const kindFoot = `<footer><p>© 2025 Centre for Policy. <a href="/about/">About</a> <a href="/privacy/">Privacy</a></p></footer>`

func TestKindSectionFrontWithExcerpts(t *testing.T) {
	// A section front page: teasers with a headline link, a date, an
	// author and a long excerpt each. The excerpts are prose, but they are
	// the items of a listing, not an article.
	var b strings.Builder
	b.WriteString(`<html><head><title>Commentary | Centre for Policy</title><meta property="og:type" content="website"></head><body>` + kindNav)
	b.WriteString(`<main><h1>Commentary</h1><p class="intro">Short analysis from our fellows.</p>`)
	for i := range 10 {
		fmt.Fprintf(&b, `<div class="teaser"><h3><a href="/commentary/trade-rules-and-investment-%d">Trade rules and investment, part %d</a></h3>`+
			`<p class="meta"><time datetime="2025-03-%02d">%d March 2025</time> · <a href="/experts/jane-doe">Jane Doe</a></p><p>%s</p></div>`,
			i, i, i+1, i+1, excerpt(i))
	}
	b.WriteString(`<nav class="pagination"><a rel="next" href="/commentary/page/2">Next page</a></nav></main>` + kindFoot + `</body></html>`)
	for _, u := range []string{"https://policy.example/commentary/", "https://policy.example/our-work/opinion"} {
		if k, ev := kindOf(t, b.String(), u); k != KindHub {
			t.Errorf("%s: kind %q, want hub\n%+v", u, k, *ev)
		}
	}
}

func TestKindShopCategory(t *testing.T) {
	// A shop's category page: a short blurb over a grid of product tiles
	// with prices and add-to-cart buttons. No URL hint.
	var b strings.Builder
	b.WriteString(`<html><head><title>Trail running shoes | Shop</title></head><body>` + kindNav)
	b.WriteString(`<main><h1>Trail running shoes</h1><p>Grip, cushioning and protection for every trail, from muddy forest paths to rocky mountain ridges. ` +
		`Find the right pair for your next run among our range of lightweight and durable trail shoes for men and women.</p><ul class="grid">`)
	for i := range 12 {
		fmt.Fprintf(&b, `<li class="product-tile"><a href="/p/trail-%d"><img src="/i/%d.jpg" alt=""><h3>Ridge Runner %d</h3></a>`+
			`<div class="price"><span>$%d.99</span></div><button class="btn add-to-cart">Add to cart</button></li>`, i, i, i, 80+i)
	}
	b.WriteString(`</ul></main>` + kindFoot + `</body></html>`)
	if k, ev := kindOf(t, b.String(), "https://shop.example/c/trail-running"); k != KindHub {
		t.Errorf("kind %q, want hub\n%+v", k, *ev)
	}
}

func TestKindArticleWithRelatedRail(t *testing.T) {
	// A long article followed by a rail of related teasers with excerpts
	// (not in an <aside>) and a menu: still an article.
	var b strings.Builder
	b.WriteString(`<html><head><title>Trade after the pandemic</title><meta property="og:type" content="website"></head><body>` + kindNav)
	b.WriteString(`<main><div class="story"><h1>Trade after the pandemic</h1><p class="byline">By Jane Doe, 3 March 2025</p>`)
	for _, s := range []string{"trade", "tariff", "supply", "shipping", "policy", "outlook", "finance", "labour"} {
		// A news paragraph of two to three sentences.
		b.WriteString(strings.Replace(longProse(s), "</p>", " Officials who spoke to us expect the "+s+
			" question to return at the summit, where ministers will weigh it against the cost of doing nothing.</p>", 1))
	}
	b.WriteString(`</div><div class="more-stories"><h2>More from Commentary</h2>`)
	for i := range 8 {
		fmt.Fprintf(&b, `<div class="teaser"><h3><a href="/commentary/more-%d">More on trade, part %d</a></h3><p>%s</p></div>`, i, i, excerpt(i))
	}
	b.WriteString(`</div></main>` + kindFoot + `</body></html>`)
	for _, u := range []string{"https://policy.example/commentary/trade-after-the-pandemic", "https://policy.example/p?id=12"} {
		if k, ev := kindOf(t, b.String(), u); k != KindArticle {
			t.Errorf("%s: kind %q, want article\n%+v", u, k, *ev)
		}
	}
}

func TestKindEventListAndUnpagedFront(t *testing.T) {
	// An event list: dated items, each a heading, a time and place, a
	// blurb and links. No pager, no URL hint.
	var b strings.Builder
	b.WriteString(`<html><head><title>Events | Centre for Policy</title><meta property="og:type" content="website"></head><body>` + kindNav)
	b.WriteString(`<main><h1>Events</h1><p>Briefings, panels and launches.</p>`)
	for i := range 8 {
		fmt.Fprintf(&b, `<div class="event"><h3>Launch: regional trade rules, part %d</h3><p class="when">Monday %d June 2025, 14:00–15:30 · Room %d</p>`+
			`<p>Join the authors for a discussion of the findings, followed by questions from the audience and a reception.</p>`+
			`<p><a href="/research/trade-rules-%d">Read the report</a> · <a href="/events/register/%d">Register</a></p></div>`, i, i+2, i%3+1, i, i)
	}
	b.WriteString(`</main>` + kindFoot + `</body></html>`)
	if k, ev := kindOf(t, b.String(), "https://policy.example/whats-on"); k != KindHub {
		t.Errorf("event list: kind %q, want hub\n%+v", k, *ev)
	}

	// A section front with excerpts and no pager.
	b.Reset()
	b.WriteString(`<html><head><title>Reports</title><meta property="og:type" content="website"></head><body>` + kindNav + `<main><h1>Reports</h1>`)
	for i := range 7 {
		fmt.Fprintf(&b, `<div class="teaser"><h3><a href="/reports/trade-rules-%d">Trade rules, part %d</a></h3>`+
			`<p class="meta"><time datetime="2025-03-%02d">%d March 2025</time></p><p>%s</p></div>`, i, i, i+1, i+1, excerpt(i))
	}
	b.WriteString(`</main>` + kindFoot + `</body></html>`)
	if k, ev := kindOf(t, b.String(), "https://policy.example/our-reports"); k != KindHub {
		t.Errorf("unpaged section front: kind %q, want hub\n%+v", k, *ev)
	}
	// The same teasers on a page that says it is an article (og:type): a
	// listicle, kept.
	art := strings.Replace(b.String(), `content="website"`, `content="article"`, 1)
	if k, ev := kindOf(t, art, "https://policy.example/our-reports"); k != KindArticle {
		t.Errorf("listicle with og:type article: kind %q, want article\n%+v", k, *ev)
	}
}

func TestKindProductPage(t *testing.T) {
	// One product for sale: a price and an add-to-cart button over a short
	// description. Neither an article nor a listing.
	page := `<html><head><title>Ridge Runner 3 | Shop</title></head><body>` + kindNav +
		`<main><div class="product"><h1>Ridge Runner 3</h1><div class="price"><span>$129.99</span></div>` +
		`<p>A light trail shoe with a grippy outsole and a rock plate for long days in the mountains.</p>` +
		`<p>Upper: recycled mesh. Drop: 6 mm. Weight: 290 g.</p>` +
		`<form action="/cart"><button class="btn add-to-cart" type="submit">Add to cart</button></form></div></main>` + kindFoot + `</body></html>`
	if k, ev := kindOf(t, page, "https://shop.example/p/ridge-runner-3"); k != KindPage {
		t.Errorf("kind %q, want page\n%+v", k, *ev)
	}
}

func TestKindProductPageWithRelatedTiles(t *testing.T) {
	// A product typed as one (og:type product) over a row of related
	// products with prices and carts: still the product's page, not a
	// shop listing.
	var b strings.Builder
	b.WriteString(`<html><head><title>Ridge Runner 3 | Shop</title><meta property="og:type" content="product"></head><body>` + kindNav)
	b.WriteString(`<main><div class="product"><h1>Ridge Runner 3</h1><div class="price"><span>$129.99</span></div>` +
		`<p>A light trail shoe with a grippy outsole and a rock plate for long days in the mountains.</p>` +
		`<button class="btn add-to-cart">Add to cart</button></div><h2>You may also like</h2><ul class="grid">`)
	for i := range 6 {
		fmt.Fprintf(&b, `<li class="product-tile"><a href="/p/trail-%d"><img src="/i/%d.jpg" alt=""><h3>Ridge Runner %d</h3></a>`+
			`<div class="price"><span>$%d.99</span></div><button class="btn add-to-cart">Add to cart</button></li>`, i, i, i, 80+i)
	}
	b.WriteString(`</ul></main>` + kindFoot + `</body></html>`)
	if k, ev := kindOf(t, b.String(), "https://shop.example/p/ridge-runner-3"); k != KindPage {
		t.Errorf("kind %q, want page\n%+v", k, *ev)
	}
}

// courseLD is a Course's JSON-LD entry as a learning site writes it.
func courseLD(i int) string {
	return fmt.Sprintf(`{"@context":"https://schema.org","@type":"Course","name":"Data analysis, part %d",`+
		`"description":"Clean, explore and chart a data set.","provider":{"@type":"Organization","name":"Field School"}}`, i)
}

// TestKindCourseCatalogue: a learning path whose course tiles a script
// draws leaves a short introduction; its JSON-LD describes each course,
// which says it is their catalogue. A page about one course describes
// one and is that course's page.
func TestKindCourseCatalogue(t *testing.T) {
	intro := `<main><h1>Data analyst learning path</h1><p>` + excerpt(1) + `</p><div id="courses"></div></main>`
	page := func(entries ...string) string {
		return `<html><head><title>Data analyst path</title><meta property="og:type" content="website">` +
			`<script type="application/ld+json">[` + strings.Join(entries, ",") + `]</script></head><body>` +
			kindNav + intro + kindFoot + `</body></html>`
	}
	if k, ev := kindOf(t, page(courseLD(1), courseLD(2), courseLD(3), courseLD(4)), "https://learn.example/paths/17"); k != KindHub {
		t.Errorf("catalogue: kind %q, want hub\n%+v", k, *ev)
	}
	if k, ev := kindOf(t, page(courseLD(1)), "https://learn.example/courses/data-analysis"); k != KindPage {
		t.Errorf("one course: kind %q, want page\n%+v", k, *ev)
	}
}

// TestHubPathItems: a date archive's URL ends in a year, perhaps with a
// month; a post's id of four digits (Discourse's /t/slug/3275, a blog's
// /2320) and a post's month after its slug are not one. A topic's or a
// category's page is named or numbered; a thread's id-led slug under
// /topic/ (Invision Community's) is an item.
func TestHubPathItems(t *testing.T) {
	for path, want := range map[string]bool{
		"/2024/":                                 true,
		"/2024/03":                               true,
		"/news/2019/11/":                         true,
		"/t/whats-your-range/3275":               false,
		"/2320":                                  false,
		"/leadership/why-tutoring-fails/2025/11": false,
		"/blog/cultivating-health/ten-tips/2022/12": false,
		"/topic/software":            true,
		"/category/12/":              true,
		"/topic/188682-new-pc-case/": false, // Invision's thread
	} {
		if got := reHubPath.MatchString(path); got != want {
			t.Errorf("reHubPath(%q) = %v, want %v", path, got, want)
		}
	}
}

// TestKindForumTopicURLs: Discourse serves crawlers a thread as a list
// of short posts under /t/slug/id, Invision Community under
// /topic/id-slug/: a discussion, an article to archive, though its posts
// are short and its og:type says website.
func TestKindForumTopicURLs(t *testing.T) {
	var posts strings.Builder
	for i, reply := range []string{"About 18 miles on the stock battery.", "Closer to 12 for me, hilly town.", "Cold weather cuts mine by a third."} {
		fmt.Fprintf(&posts, `<div id="post_%d" class="topic-body crawler-post"><div class="crawler-post-meta"><span class="creator"><a href="/u/rider%d"><span>rider%[2]d</span></a></span>`+
			`<time class="post-time" datetime="2025-03-0%[2]dT10:00:00Z">March %[2]d, 2025</time></div><div class="post">%s</div></div>`, i+1, i+1, reply)
	}
	page := `<html><head><title>What's your range? - Esk8 Forum</title><meta property="og:type" content="website"></head><body class="crawler">` +
		`<header><a href="/">Esk8 Forum</a></header><div id="main-outlet" class="wrap"><h1><a href="/t/whats-your-range/3275">What's your range?</a></h1>` +
		posts.String() + `</div><footer><a href="/latest">Latest</a> <a href="/categories">Categories</a></footer></body></html>`
	for _, u := range []string{"https://forum.example/t/whats-your-range/3275", "https://forum.example/topic/188682-whats-your-range/"} {
		if k, ev := kindOf(t, page, u); k != KindArticle {
			t.Errorf("%s: kind %q, want article\n%+v", u, k, *ev)
		}
	}
}

// TestListingQuery: a search's or a listing page's parameter in the query
// counts for a hub by its whole name, not by a parameter ending in "s=".
func TestListingQuery(t *testing.T) {
	for query, want := range map[string]bool{
		"s=boots":                      true,
		"post_type=product&s=boots":    true,
		"q=boots&page=2":               true,
		"page=3":                       true,
		"cds=news_media_pc&type=editn": false,
		"jobRoles=engineering":         false,
		"p=959":                        false,
	} {
		var why []string
		kindScoreWhy(&kindEvidence{Query: query}, &why, kindOff)
		if got := slices.Contains(why, "query+1"); got != want {
			t.Errorf("query %q: rules %v, want query %v", query, why, want)
		}
	}
}

// TestHomeServingAnItem: the site's root is its home page unless the
// query names one item (WordPress's ?p=959, with or without the slash a
// link added).
func TestHomeServingAnItem(t *testing.T) {
	for query, home := range map[string]bool{"": true, "srsltid=AfmBOo": true, "p=959": false, "p=959/": false, "page_id=12&lang=de": false} {
		h := hubInfo{path: "/", query: query}
		if got := h.evidence(nil).Home; got != home {
			t.Errorf("/?%s: home %v, want %v", query, got, home)
		}
	}
}

// TestKindProductGroup: a shop declares a collection with og:type
// product.group (and nothing else with it); its grid drawn by script, what
// is left is the essay for search engines: a hub, essay or not.
func TestKindProductGroup(t *testing.T) {
	page := cmsPage("Walking boots", "product.group", "", `<h1>Walking boots</h1>`+seoEssay("walking boots"))
	if k, ev := kindOf(t, page, "https://shop.example/walking-boots"); k != KindHub {
		t.Errorf("kind %q, want hub\n%+v", k, *ev)
	}
}

// TestKindPricedImageGrid: a shop's category that claims nothing (no
// og:type, no article's URL), a grid of image tiles with their price tags
// (a Squarespace store's) over the category's essay: a hub, the essay
// notwithstanding.
func TestKindPricedImageGrid(t *testing.T) {
	var grid strings.Builder
	grid.WriteString(`<div class="products-flex-container"><div class="list-grid">`)
	for i := range 8 {
		fmt.Fprintf(&grid, `<div class="grid-item"><a class="grid-item-link" href="/shop/p/ridge-boot-%d"><img src="/i/%d.jpg" alt=""></a>`+
			`<div class="grid-meta-wrapper"><div class="grid-title">Ridge boot %d</div><div class="product-price">$%d.00</div></div></div>`, i, i, i, 90+i)
	}
	grid.WriteString(`</div></div>`)
	page := cmsPage("Walking boots", "", "", `<h1>Walking boots</h1>`+grid.String()+seoEssay("walking boots"))
	if k, ev := kindOf(t, page, "https://shop.example/walking-boots"); k != KindHub {
		t.Errorf("kind %q, want hub\n%+v", k, *ev)
	}
}

// TestKindLongImageGrid: a recipe site's category, a long grid of image
// tiles each linking its recipe twice (photo and name) under a line of
// introduction: a hub by its long run of cards and of image tiles (with
// the page's many links and its website type), each needed.
func TestKindLongImageGrid(t *testing.T) {
	var grid strings.Builder
	grid.WriteString(`<div class="archive-grid">`)
	for i := range 32 {
		fmt.Fprintf(&grid, `<figure class="recipe-tile"><a href="/recipes/soup-%[1]d/"><img src="/i/%[1]d.jpg" alt=""></a>`+
			`<figcaption><a href="/recipes/soup-%[1]d/">Winter vegetable soup, number %[1]d</a></figcaption></figure>`, i)
	}
	grid.WriteString(`</div>`)
	intro := `<p>` + strings.Repeat("Soups we cook through the winter, from broths to chowders and the odd cold one. ", 6) + `</p>`
	page := cmsPage("Soups", "website", "", `<h1>Soups</h1>`+intro+grid.String())
	if k, ev := kindOf(t, page, "https://kitchen.example/soups/"); k != KindHub {
		var why []string
		t.Errorf("kind %q, want hub (score %d: %v)\n%+v", k, kindScoreWhy(ev, &why, kindOff), why, *ev)
	}
}
