package extract

import (
	"strings"
	"testing"
)

// longProse is a paragraph long enough to count as running text.
func longProse(topic string) string {
	return "<p>The " + topic + " report weighs the evidence on " + topic + ". It sets out what " + topic +
		" costs and who pays for " + topic + ", and explains why the recommendation on " + topic +
		" follows from it, with the caveats that apply to " + topic + " in smaller economies.</p>"
}

func TestKindCardsWithoutURL(t *testing.T) {
	// A listing with no URL hint and no typed metadata: teaser cards alone.
	var b strings.Builder
	b.WriteString(`<html><body><div class="wrap"><h1>Publications</h1><div class="grid">`)
	for i := range 14 {
		n := string(rune('a' + i))
		b.WriteString(`<div class="card item-` + n + `"><a href="/p/` + n + `">Policy brief ` + n + ` on regional trade agreements</a><span>12 May 2024</span></div>`)
	}
	b.WriteString(`</div></div></body></html>`)
	a, err := FromHTML([]byte(b.String()), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Kind != KindHub {
		t.Errorf("card listing kind %q, want hub", a.Kind)
	}
}

func TestKindArticleWithRelatedCards(t *testing.T) {
	// An article followed by a row of related teasers stays an article.
	var b strings.Builder
	b.WriteString(`<html><body><main><article><h1>Trade after the pandemic</h1>`)
	for _, s := range []string{"trade", "tariff", "supply", "shipping", "policy", "outlook"} {
		b.WriteString(longProse(s))
	}
	b.WriteString(`</article><div class="related">`)
	for i := range 6 {
		n := string(rune('a' + i))
		b.WriteString(`<div class="card"><a href="/r/` + n + `">Related analysis ` + n + ` of the trade outlook</a></div>`)
	}
	b.WriteString(`</div></main></body></html>`)
	a, err := FromHTML([]byte(b.String()), "https://thinktank.example/analysis/trade-after-the-pandemic", nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Kind != KindArticle {
		t.Errorf("article kind %q, want article", a.Kind)
	}
}

func TestKindTypedPages(t *testing.T) {
	ld := func(typ string) string {
		return `<script type="application/ld+json">{"@context":"https://schema.org","@type":"` + typ + `","name":"x"}</script>`
	}
	body := `<body><main><h1>Annual conference 2025</h1><p>Join us in Vienna on 3 June for a day of panels.</p><p>Register below.</p></main></body>`
	cases := []struct {
		name, head, want string
	}{
		{"event", ld("Event"), KindPage},
		{"profile", ld("ProfilePage"), KindPage},
		{"og product", `<meta property="og:type" content="product">`, KindPage},
		{"shop category", `<meta property="og:type" content="product.group">` + ld("CollectionPage"), KindHub},
		{"article wins", ld("Event") + ld("NewsArticle"), KindArticle},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, err := FromHTML([]byte(`<html><head>`+c.head+`</head>`+body+`</html>`), "", nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.Kind != c.want {
				t.Errorf("kind %q, want %q", a.Kind, c.want)
			}
		})
	}
}

func TestBodyKeepsSectionsCodeAndPanels(t *testing.T) {
	page := `<html><body><nav class="menu"><a href="/">Home</a></nav><div class="content">` +
		`<section class="part-section" id="one"><h2>First part</h2><div><div>` + longProse("first") + `</div></div></section>` +
		`<section class="part-section" id="two"><h2>Second part</h2><div><div>` + longProse("second") + longProse("secondary") + `</div></div></section>` +
		`<section class="part-section" id="three"><h2>Third part</h2><div><div>` + longProse("third") + `</div></div></section>` +
		`<pre><code class="language-sql">SELECT name FROM members WHERE joined_year = 2024;</code></pre>` +
		`<div role="region" hidden><p>Collapsed answer: the panel text is part of the page.</p></div>` +
		`<div hidden class="menu-drawer"><a href="/a">Menu entry</a></div>` +
		`</div></body></html>`
	a, err := FromHTML([]byte(page), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"first report", "secondary report", "third report", "Third part", "SELECT name FROM members", "Collapsed answer"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	if strings.Contains(a.Text, "Menu entry") {
		t.Errorf("hidden menu kept:\n%s", a.Text)
	}
}

func TestKindStaticPages(t *testing.T) {
	page := `<html><head><meta property="og:type" content="website"></head><body><main><h1>About us</h1>` +
		`<p>We are an independent institute founded in 1971 that studies trade, security and climate policy.</p>` +
		`<p>Our staff of forty works from Brussels and Washington.</p></main></body></html>`
	for _, c := range []struct{ url, want string }{
		{"https://thinktank.example/about/", KindPage},
		{"https://thinktank.example/privacy-policy", KindPage},
		{"https://thinktank.example/analysis/why-trade-policy-matters", KindArticle},
	} {
		a, err := FromHTML([]byte(page), c.url, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Kind != c.want {
			t.Errorf("%s: kind %q, want %q", c.url, a.Kind, c.want)
		}
	}
	// Article evidence wins over the path.
	art := strings.Replace(page, `content="website"`, `content="article"`, 1)
	if a, _ := FromHTML([]byte(art), "https://thinktank.example/about/", nil); a.Kind != KindArticle {
		t.Errorf("og:type article at /about/: kind %q, want article", a.Kind)
	}
}

func TestKindTilesWithTextlessLinks(t *testing.T) {
	// A front of image tiles: each link is laid over the tile with no text
	// of its own, the headline is plain text beside it.
	var b strings.Builder
	b.WriteString(`<html><body><main><ul class="tiles">`)
	for i := range 10 {
		n := string(rune('a' + i))
		b.WriteString(`<li class="tile"><a href="/story/` + n + `" aria-label="story"></a><img src="/i/` + n + `.jpg" alt=""><h3>Storm ` + n + ` closes the coast road</h3></li>`)
	}
	b.WriteString(`</ul></main></body></html>`)
	a, err := FromHTML([]byte(b.String()), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Kind != KindHub {
		t.Errorf("tile front kind %q, want hub", a.Kind)
	}
}

func TestKindMenuClassOnPageFrame(t *testing.T) {
	// A theme's class naming a menu on <body> (or on a wrapper holding the
	// whole page) does not make the listing navigation.
	var b strings.Builder
	b.WriteString(`<html><body class="v7menu responsive"><div class="wrap"><h1>Publications</h1><div class="grid">`)
	for i := range 14 {
		n := string(rune('a' + i))
		b.WriteString(`<div class="card"><a href="/p/` + n + `">Policy brief ` + n + ` on regional trade agreements</a><span>12 May 2024</span></div>`)
	}
	b.WriteString(`</div></div></body></html>`)
	a, err := FromHTML([]byte(b.String()), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Kind != KindHub {
		t.Errorf("listing under a menu-classed body: kind %q, want hub", a.Kind)
	}
}

func TestKindForumThread(t *testing.T) {
	// A thread's posts repeat like cards (a member's name linked, a short
	// reply); typed as a discussion, the page is one piece of content.
	var b strings.Builder
	b.WriteString(`<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"DiscussionForumPosting","headline":"Best first telescope?"}</script></head>` +
		`<body><main><h1>Best first telescope?</h1>`)
	for i := range 12 {
		n := string(rune('a' + i))
		b.WriteString(`<article class="post"><a href="/members/` + n + `">stargazer_` + n + `_observer</a><div class="msg">Reply ` + n + `: a 6 inch dobsonian is the usual advice, easy to set up, and it shows ` + n + `-type galaxies from a dark site; buy a planisphere and a red torch before any eyepiece.</div></article>`)
	}
	b.WriteString(`</main></body></html>`)
	a, err := FromHTML([]byte(b.String()), "https://forum.example/threads/best-first-telescope.1555/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Kind != KindArticle {
		t.Errorf("forum thread kind %q, want article", a.Kind)
	}
}
