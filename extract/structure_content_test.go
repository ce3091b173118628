package extract

import (
	"strings"
	"testing"
)

// containsAll reports each of want missing from got, the text or the
// markdown (named by what).
func containsAll(t *testing.T, what, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, got)
		}
	}
}

// elementorSection is a page builder's top-level section holding one
// widget, six wrappers deep, as Elementor writes every block of a page.
func elementorSection(kind, inner string) string {
	return `<section class="elementor-section elementor-top-section elementor-element"><div class="elementor-container">` +
		`<div class="elementor-column elementor-col-100"><div class="elementor-widget-wrap">` +
		`<div class="elementor-element elementor-widget elementor-widget-` + kind + `"><div class="elementor-widget-container">` +
		inner + `</div></div></div></div></div></section>`
}

// A page builder that gives every heading a section of its own (heading,
// then the text under it in the next section, an empty spacer between
// some of them) keeps the headings with their sections' text; a rating
// widget after the last section stays out.
func TestBodyKeepsHeadingsInSectionsOfTheirOwn(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><head><title>7 money habits</title></head><body><header class="site"><a href="/">Home</a> <a href="/blog">Blog</a></header><div class="elementor elementor-42">`)
	b.WriteString(elementorSection("text-editor", `<p>`+prose("household budgets")+`</p><p>`+prose("rents")+`</p><p>`+prose("wages")+`</p>`))
	for i, h := range []string{"1. Keep a realistic budget", "2. Build an emergency fund", "3. Pay down expensive debt"} {
		if i == 1 {
			b.WriteString(elementorSection("spacer", `<div class="elementor-spacer-inner"></div>`))
		}
		b.WriteString(elementorSection("heading", `<h3 class="elementor-heading-title elementor-size-default">`+h+`</h3>`))
		b.WriteString(elementorSection("text-editor", `<p>`+prose(h)+`</p>`))
	}
	b.WriteString(elementorSection("rating", `<h3 class="elementor-heading-title">Rate this post</h3>`))
	var posts strings.Builder
	for _, p := range []string{"Saving for a first home", "Retirement at thirty", "Credit scores explained", "Student loans", "Insurance basics"} {
		posts.WriteString(`<li><a href="/blog/` + strings.ReplaceAll(p, " ", "-") + `">` + p + ` and what you need to know about it this year</a></li>`)
	}
	b.WriteString(elementorSection("posts", `<ul>`+posts.String()+`</ul>`))
	b.WriteString(`</div></body></html>`)
	a, err := FromHTML([]byte(b.String()), "https://advisers.example/blog/money-habits/", nil)
	if err != nil {
		t.Fatal(err)
	}
	containsAll(t, "text", a.Text, "1. Keep a realistic budget", "2. Build an emergency fund", "3. Pay down expensive debt", prose("3. Pay down expensive debt"))
	if !strings.Contains(a.Markdown, "### 2. Build an emergency fund") {
		t.Errorf("markdown lacks the heading:\n%s", a.Markdown)
	}
	if strings.Contains(a.Text, "Rate this post") {
		t.Errorf("text keeps the rating widget:\n%s", a.Text)
	}
}

// A WordPress columns block holding a section's heading and its list (a
// shop link in each item, with words of its own beside it) in one column
// and a photo in the other is the article's; a box of bare links under
// its own heading ("More on hiking:") is not.
func TestBodyKeepsHeadedListInColumns(t *testing.T) {
	gear := `<div class="wp-block-columns is-layout-flex"><div class="wp-block-column is-layout-flow">` +
		`<h3 class="wp-block-heading" id="shoes"><strong>Shoes and jackets</strong></h3><ul class="wp-block-list">` +
		`<li>Hiking boots (<a href="https://shop.example/p/1">Merrell Moab 3 Mid Waterproof</a> and <a href="https://shop.example/p/2">Danner Mountain 600 Leaf</a> are my most worn)</li>` +
		`<li>Camp shoes (<a href="https://shop.example/p/3">Crocs Classic Clogs</a>, <a href="https://shop.example/p/4">Teva Hurricane XLT2</a>, etc.)</li>` +
		`<li>Puffy coat (such as a <a href="https://shop.example/p/5">Patagonia Nano Puff Jacket</a>)</li>` +
		`<li>Rain coat (<a href="https://shop.example/p/6">Outdoor Research Aspire II</a>, packs down small)</li></ul>` +
		`<div class="wp-block-image"><figure><img src="a.jpg" alt=""></figure></div></div>` +
		`<div class="wp-block-column is-layout-flow"><div class="wp-block-image"><figure><img src="b.jpg" alt=""></figure></div></div></div>`
	more := `<div class="wp-block-group"><h3>More on hiking:</h3><ul><li><a href="/boots-guide">The boot guide</a></li>` +
		`<li><a href="/rain-gear">Rain gear tested</a></li><li><a href="/first-trip">Your first trip</a></li></ul></div>`
	page := `<html><head><title>Backpacking essentials</title></head><body><main><article><div class="entry-content">` +
		`<p>` + prose("backpacking") + `</p><h2>Clothing</h2><p>` + prose("layers") + `</p>` + gear +
		`<p>` + prose("food") + `</p>` + more + `<p>` + prose("water") + `</p><p>` + prose("shelter") + `</p>` +
		`</div></article></main></body></html>`
	a, err := FromHTML([]byte(page), "https://hikes.example/backpacking-essentials/", nil)
	if err != nil {
		t.Fatal(err)
	}
	containsAll(t, "text", a.Text, "Shoes and jackets", "Hiking boots (Merrell Moab 3 Mid Waterproof and Danner Mountain 600 Leaf are my most worn)", "Rain coat (Outdoor Research Aspire II, packs down small)")
	if strings.Contains(a.Text, "The boot guide") {
		t.Errorf("text keeps the box of links:\n%s", a.Text)
	}
}

// A recipe's ingredients in a box of their own beside the box of its
// steps (the same class), a few of them linking to the site's glossary,
// are the article's; the box of the author's other recipes beside them,
// and the comments, are not.
func TestBodyKeepsIngredientsWithGlossaryLinks(t *testing.T) {
	rows := ""
	for _, r := range [][2]string{{"125 g", `<a href="/glossar/butter">Butter</a> oder Margarine, weich`}, {"200 g", "Mehl, Type 405, gesiebt"},
		{"1", `<a href="/glossar/ei">Ei</a>, Größe M, zimmerwarm`}, {"500 g", "Schmand, gut gekühlt"}, {"2 Dosen", "Mandarinen, abgetropft, den Saft auffangen"},
		{"1 Päckchen", "Vanillepuddingpulver zum Kochen"}} {
		rows += `<tr><td class="td-left">` + r[0] + `</td><td class="td-right"><span>` + r[1] + `</span></td></tr>`
	}
	page := `<html><head><title>Mandarinen-Schmand-Kuchen</title></head><body><header><a href="/">Start</a> <a href="/rezepte">Rezepte</a></header>
<main class="ds-container"><article class="ds-box ds-col-12 recipe-header"><h1>Mandarinen-Schmand-Kuchen</h1></article>
<article class="ds-box ds-col-8 recipe-ingredients"><h2>Zutaten</h2><table class="ingredients"><tbody>` + rows + `</tbody></table></article>
<article class="ds-box ds-col-8 recipe-steps"><h2>Zubereitung</h2><div class="ds-box">Für eine 26er Springform.<br>
Als erstes den Pudding kochen (Milch, Puddingpulver und Zucker) und zum Abkühlen zur Seite stellen, dabei Folie auf die Oberfläche legen.<br>
Für den Boden die Zutaten zusammenkneten, den Teig in die gefettete Springform drücken und dabei einen Rand hochziehen.<br>
Den Schmand mit dem abgekühlten Pudding verrühren, auf dem Boden verteilen und die Mandarinen darauf legen.<br>
Den Kuchen bei 175 °C Ober-/Unterhitze etwa 80 Minuten backen und danach vollständig in der Form erkalten lassen.</div>
<div class="ds-box"><a href="/rezepte/1">Käsekuchen ohne Boden</a> <a href="/rezepte/2">Apfelkuchen vom Blech</a> <a href="/rezepte/3">Schneller Zupfkuchen</a></div></article>
<article class="ds-box ds-col-8 recipe-more"><h2>Weitere Rezepte</h2><ul>
<li><a href="/rezepte/4">Mandarinen-Quark-Torte mit Biskuitboden und Sahne</a></li><li><a href="/rezepte/5">Schmandkuchen mit Streuseln vom Blech für viele Gäste</a></li>
<li><a href="/rezepte/6">Pfirsich-Schmand-Kuchen mit Vanillepudding und Mürbeteig</a></li></ul></article>
</main></body></html>`
	a, err := FromHTML([]byte(page), "https://rezepte.example/rezepte/123/mandarinen-schmand-kuchen.html", nil)
	if err != nil {
		t.Fatal(err)
	}
	containsAll(t, "text", a.Text, "Butter oder Margarine, weich", "Schmand, gut gekühlt", "80 Minuten backen")
	if strings.Contains(a.Text, "Schmandkuchen mit Streuseln") {
		t.Errorf("text keeps the other recipes:\n%s", a.Text)
	}
}

// A figure's caption that the text refers to by its number ("Figure 2.")
// is part of a report's text, in text and markdown; a photo's caption
// and credit stay out (unless KeepCaptions).
func TestBodyKeepsNumberedFigureCaptions(t *testing.T) {
	page := `<html><head><title>Throughput under load</title></head><body><main><article>
<h1>Throughput under load</h1><p>` + prose("throughput") + `</p>
<figure><img src="team.jpg" alt=""><figcaption>The team at work in Berlin. Photo: Jane Doe</figcaption></figure>
<p>` + prose("latency") + `</p>
<figure class="w-richtext-figure-type-image"><div><img src="chart.png" alt=""></div><figcaption><em>Figure 2. Gas used per block, averaging 18.3 MGas with peaks of 36 MGas.</em></figcaption></figure>
<p>` + prose("block sizes") + `</p></article></main></body></html>`
	a, err := FromHTML([]byte(page), "https://research.example/blog/throughput", nil)
	if err != nil {
		t.Fatal(err)
	}
	const fig = "Figure 2. Gas used per block, averaging 18.3 MGas with peaks of 36 MGas."
	if !strings.Contains(a.Text, fig) || !strings.Contains(a.Markdown, "*"+fig+"*") {
		t.Errorf("text or markdown lacks the figure's caption:\n%s\n---\n%s", a.Text, a.Markdown)
	}
	if strings.Contains(a.Text, "Photo: Jane Doe") {
		t.Errorf("text keeps the photo's caption:\n%s", a.Text)
	}
	if !strings.Contains(a.Text, prose("block sizes")) {
		t.Errorf("text lacks the paragraph after the figure:\n%s", a.Text)
	}
}

// A post whose lead sits in a header block beside its date, each named
// "post-..." (a class that scores like prose), and whose sections follow
// as blocks of their own: the date's box is no evidence that the article
// is split around the lead, so the sections are found and kept.
func TestBodyClassScoredLinesAreNoSplitArticle(t *testing.T) {
	section := func(h, topic string) string {
		return `<div class="container-fluid headline-with-text"><div class="container topic"><div class="row"><div class="col-md-8 offset-md-1">` +
			`<h2 class="h2">` + h + `</h2><p>` + prose(topic) + `</p><p>` + prose(topic+" costs") + `</p><p>` + prose(topic+" in practice") + `</p></div></div></div></div>`
	}
	page := `<html><head><title>Dimethyl ether for heating</title></head><body class="post-template-default single single-post">
<section class="blog-post head-post post-bottom-content"><div class="container">
<div class="row"><div class="col-md-12"><div class="post-title"><h1 class="h1">Dimethyl ether for heating</h1></div></div></div>
<div class="row post-top-content"><div class="col-md-9"><div class="post-date"><div class="post-date-row post-date-published">Published on 3 March 2022 at 10:00</div></div>
<div class="post-text h3"><p>Demand for renewable energy is rising, and alternatives to fossil fuels for heating homes are needed more and more, which is why one gas, already made from waste and used in a few countries as a fuel, draws the attention of suppliers and of households alike.</p></div></div></div></div></section>` +
		section("An efficient gas for heating", "dimethyl ether") +
		`<div class="container-fluid near-table"><div class="container table-container"><table><tr><td>Formula</td><td>C2H6O</td></tr></table></div></div>` +
		section("Mixing it with liquid gas", "blending") +
		section("What comes next", "renewable supply") +
		`<div class="footer container-fluid"><p>Liquid gas knowledge platform, run by a supplier.</p></div></body></html>`
	a, err := FromHTML([]byte(page), "https://gas.example/dimethyl-ether/", nil)
	if err != nil {
		t.Fatal(err)
	}
	containsAll(t, "text", a.Text, "Demand for renewable energy is rising", "Mixing it with liquid gas", prose("renewable supply in practice"))
}

// A think-tank report's section headed by a word of its title
// ("Recommendations" in "Five recommendations for water policy") is a
// section of the report, its heading kept; a heading that repeats the
// title less the site's name still goes.
func TestBodyKeepsSectionHeadingFromTheTitle(t *testing.T) {
	page := `<html><head><title>Five recommendations for water policy | Sahel Institute</title></head><body><main><article>
<h2>Five recommendations for water policy</h2><p>` + prose("water policy") + `</p>
<h2>Recommendations</h2><ol><li><strong>Fund the wells.</strong> Governments should fund maintenance, not only drilling, for ten years.</li>
<li><strong>Count the water.</strong> Meters on every pump give the data that budgets need.</li></ol>
<h2>Sahel Institute</h2><p>` + prose("the institute's method") + `</p></article></main></body></html>`
	a, err := FromHTML([]byte(page), "https://sahel.example/research/water-policy", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Markdown, "## Recommendations\n\n1. **Fund the wells.**") {
		t.Errorf("markdown lacks the section's heading over its list:\n%s", a.Markdown)
	}
	if strings.Contains(a.Text, "Five recommendations for water policy") {
		t.Errorf("text repeats the title:\n%s", a.Text)
	}
}

func TestTitlePart(t *testing.T) {
	for _, c := range []struct {
		title, heading string
		want           bool
	}{
		{"water policy | sahel institute", "water policy", true},
		{"sahel institute – water policy", "water policy", true},
		{"water policy: what comes next", "water policy", true},
		{"five recommendations for water policy", "recommendations", false},
		{"five recommendations for water policy", "water policy", false},
		{"café water policy", "water policy", false},
		{"how fast do they go? top speeds revealed", "how fast do they go", false},
		{"backpacking checklist & gear essentials", "backpacking checklist", false},
	} {
		if got := titlePart(c.title, c.heading); got != c.want {
			t.Errorf("titlePart(%q, %q) = %v, want %v", c.title, c.heading, got, c.want)
		}
	}
}

// A data table's <caption> is its title: kept before it, in text and
// markdown, where no row holds it.
func TestBodyKeepsTableCaption(t *testing.T) {
	page := `<html><head><title>Wells in the Sahel</title></head><body><main><article><h1>Wells in the Sahel</h1><p>` + prose("wells") + `</p>
<table><caption>Table 1. Wells drilled and maintained, 2015–2020</caption><thead><tr><th>Country</th><th>Drilled</th><th>Maintained</th></tr></thead>
<tbody><tr><td>Mali</td><td>1,200</td><td>410</td></tr><tr><td>Niger</td><td>900</td><td>280</td></tr></tbody></table><p>` + prose("maintenance") + `</p></article></main></body></html>`
	a, err := FromHTML([]byte(page), "https://policy.example/wells", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "Table 1. Wells drilled and maintained, 2015–2020\n\nCountry | Drilled | Maintained") {
		t.Errorf("text lacks the caption over its table:\n%s", a.Text)
	}
	if !strings.Contains(a.Markdown, "Table 1. Wells drilled and maintained, 2015–2020\n\n| Country | Drilled | Maintained |") {
		t.Errorf("markdown lacks the caption over its table:\n%s", a.Markdown)
	}
}

// A definition list's terms are set in bold over their definitions in
// markdown (which has no syntax for them); the text keeps them plain.
func TestMarkdownDefinitionTerms(t *testing.T) {
	page := `<html><head><title>Config keys</title></head><body><main><article><h1>Config keys</h1><p>` + prose("configuration") + `</p>
<dl><dt><code>baseURL</code></dt><dd>The site's address, with a trailing slash.</dd><dt><a href="/docs/title">title</a></dt><dd>The site's name, shown in the header.</dd></dl>
<p>` + prose("deploys") + `</p></article></main></body></html>`
	a, err := FromHTML([]byte(page), "https://docs.example/config", nil)
	if err != nil {
		t.Fatal(err)
	}
	containsAll(t, "markdown", a.Markdown, "**`baseURL`**\n\nThe site's address", "**[title](https://docs.example/docs/title)**\n\nThe site's name")
	if !strings.Contains(a.Text, "baseURL\n\nThe site's address") {
		t.Errorf("text lacks the plain term:\n%s", a.Text)
	}
}

// A panel whose first control closes it (a shop's shipping terms, shown
// over the page by a script) is chrome, however many paragraphs it has:
// the article is the region's text beside it, in lines split by <br>.
func TestBodyDropsPanelThatOpensWithClose(t *testing.T) {
	var panel strings.Builder
	panel.WriteString(`<div id="shipping"><div class="close" data-what="shipping">Close [X]</div><h3>Shipping and delivery</h3>`)
	for _, p := range []string{"Orders ship by parcel service, free of charge within the country from a value of 60 euros, otherwise for a flat fee per order.",
		"Large orders may go by freight forwarder, for which we will contact you, and cash on delivery costs a further fee on every order.",
		"Deliveries within the city go by our own courier or by parcel service, as we choose, on the next working day after the order.",
		"If you collect your order at the shop, please tell us first, so that the wines are ready for you and you need not wait for them."} {
		panel.WriteString(`<p>` + p + `</p>`)
	}
	panel.WriteString(`</div>`)
	page := `<html><head><title>Rioja, Spain</title></head><body><nav><a href="/">Shop</a> <a href="/wine">Wine</a></nav>
<div class="container"><div class="col-md-9"><h1>Rioja, Spain</h1><div class="description">
The Rioja region lies in the north of Spain on the middle course of the Ebro, about 120 by 40 kilometres, with vineyards on both banks.<br>
It divides into the three sub-regions Rioja Alta, Rioja Alavesa and Rioja Baja, named here in the order of the size of their vineyards.<br>
The rules of the region allow four red and three white grapes, of which Tempranillo and Garnacha are the ones every wine lover knows.<br>
For the quality levels of the wines, the rules set how long each must age in the cask and in the bottle before it may be sold.<br>
A Crianza red spends two years ageing, one of them in the cask; a Reserva three, one in the cask; a Gran Reserva five, two in the cask.<br>
White wines age for shorter times: two years for a Crianza or a Reserva, four for a Gran Reserva, six months of each in the cask.<br>
The producers below are the ones whose wines we sell, from old family estates on the Ebro to young growers in the hills of Alavesa.</div></div></div>
<footer><p>Imprint | Privacy</p></footer>` + panel.String() + `</body></html>`
	a, err := FromHTML([]byte(page), "https://wine.example/origin/spain/rioja/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "Tempranillo and Garnacha") {
		t.Errorf("text lacks the region's text:\n%s", a.Text)
	}
	if strings.Contains(a.Text, "Shipping and delivery") || strings.Contains(a.Text, "freight forwarder") {
		t.Errorf("text keeps the pop-up panel:\n%s", a.Text)
	}
}

// A review's pros and cons, each item's words wrapped in a block whose
// class names it "meta", are the review's; a row of post meta, named so
// on its list, is not.
func TestBodyKeepsListItemsInChromeNamedWrappers(t *testing.T) {
	item := func(s string) string { return `<li class="pros-item"><div class="lfh_meta">` + s + `</div></li>` }
	page := `<html><head><title>The best ergonomic mice</title></head><body><main><article><h1>The best ergonomic mice</h1>
<ul class="post-meta"><li><div class="meta-date">3 March 2025</div></li><li><div class="meta-read">Read time about six minutes</div></li></ul>
<p>` + prose("ergonomic mice") + `</p><h2>Logitech MX Master 4</h2><p>` + prose("the MX Master 4") + `</p>
<h3>Pros and cons</h3><ul class="proscons"><li><ul class="pros">` + item("New gesture button boosts your work") + item("Haptic feedback is a great addition") +
		`</ul></li><li><ul class="cons">` + item("Not for left-handed users") + item("Still no place to store the dongle") + `</ul></li></ul>
<p>` + prose("the Lift") + `</p></article></main></body></html>`
	a, err := FromHTML([]byte(page), "https://reviews.example/computer-mice/the-best-ergonomic-mice", nil)
	if err != nil {
		t.Fatal(err)
	}
	containsAll(t, "text", a.Text, "Haptic feedback is a great addition", "Not for left-handed users")
	if strings.Contains(a.Text, "Read time about six minutes") {
		t.Errorf("text keeps the post's meta:\n%s", a.Text)
	}
}

// A script's placeholder ("Loading specifications…", "Loading
// paragraph...") is chrome; a heading that starts with the word is not.
func TestChromeTextLoadingPlaceholders(t *testing.T) {
	for _, s := range []string{"Loading...", "Loading…", "Loading specifications…", "Loading paragraph...", "Chargement…"} {
		if !isChromeText(s) {
			t.Errorf("not chrome: %q", s)
		}
	}
	for _, s := range []string{"Loading docks", "Loading the van", "Loading times improved."} {
		if isChromeText(s) {
			t.Errorf("taken for chrome: %q", s)
		}
	}
}

// The blocks of one quotation stay one blockquote in markdown: the blank
// line between them is quoted too, or the quote would end at it.
func TestMarkdownQuoteKeepsItsBlocksTogether(t *testing.T) {
	page := `<html><head><title>Notes on a talk</title></head><body><main><article><h1>Notes on a talk</h1><p>` + prose("talks") + `</p>
<blockquote><p>We chose three rules:</p><ol><li>Write it down.</li><li>Ship it small.</li></ol><blockquote><p>And keep it.</p></blockquote></blockquote>
<p>` + prose("lists") + `</p></article></main></body></html>`
	a, err := FromHTML([]byte(page), "https://blog.example/notes", nil)
	if err != nil {
		t.Fatal(err)
	}
	containsAll(t, "markdown", a.Markdown, "> We chose three rules:\n>\n> 1. Write it down.\n> 2. Ship it small.\n>\n> > And keep it.\n\nThe report on lists")
}

// A note's marker (<sup> after a word) is a token of its own in the text,
// bracketed, and a footnote reference in markdown, however the CMS marks
// it: Pandoc's linked "footnote-ref", WordPress's "fn" with a data-fn,
// Wikipedia's bracketed "reference", a bare number after a sentence. A
// note's own label opening it is one too (a footnote's definition in
// markdown). A number after a letter or a digit stays as written: an
// exponent, a price's cents, a fraction's numerator.
func TestBodyNoteMarkersStandApart(t *testing.T) {
	page := `<html><head><title>Council records</title></head><body><main><article><h1>Council records</h1>
<p>The council kept its records.<sup id="fnref:1"><a class="footnote-ref" href="#fn:1" role="doc-noteref">1</a></sup> Its clerk wrote them<sup data-fn="ab12" class="fn"><a href="#ab12" id="ab12-link">2</a></sup> by hand.</p>
<p>The policy<sup class="reference"><a href="#cite_note-3">[3]</a></sup> changed in 1902, when refunds reached mid-October.<sup>4</sup> ` + prose("the archive") + `</p>
<p>The hall covers 120 m<sup>2</sup>, a ticket costs $5.<sup>99</sup> and E = mc<sup>2</sup>. ` + prose("the hall") + `</p>
<ol class="footnotes"><li id="fn:1">Minutes of the council, 1901.</li><li id="ab12">Letter from the clerk.</li></ol>
<p>` + prose("the recipe") + `</p><ul><li><sup>1</sup>/<sub>2</sub> cup of flour</li></ul><p><sup>4</sup>Annual report, 1902.</p></article></main></body></html>`
	a, err := FromHTML([]byte(page), "https://history.example/council-records", nil)
	if err != nil {
		t.Fatal(err)
	}
	containsAll(t, "text", a.Text, "records.[1] Its clerk wrote them[2] by hand.", "policy[3] changed", "mid-October.[4] The report",
		"120 m2, a ticket costs $5.99 and E = mc2.", "1/2 cup of flour", "[4] Annual report, 1902.")
	containsAll(t, "markdown", a.Markdown, "records.[^1] Its clerk wrote them[^2] by hand.", "policy[^3] changed", "mid-October.[^4] The report",
		"120 m2, a ticket costs $5.99 and E = mc2.", "1/2 cup of flour", "[^4]: Annual report, 1902.")
}

// ghostPost is a Ghost post as its themes write it: the excerpt under the
// title in the article's <header>, with the tag and the byline, then the
// post's content.
func ghostPost(headerClass, excerptClass, excerpt string, paras ...string) string {
	var body strings.Builder
	for _, p := range paras {
		body.WriteString("<p>" + p + "</p>")
	}
	return `<!doctype html><html><head><title>Crossing the moor</title><meta property="og:type" content="article"></head>
<body class="post-template tag-walking"><div class="viewport"><header id="gh-head" class="gh-head outer"><nav class="gh-head-menu"><ul class="nav"><li><a href="/">Home</a></li><li><a href="/about/">About</a></li></ul></nav></header>
<div class="site-content"><main id="site-main" class="site-main"><article class="article post tag-walking">
<header class="` + headerClass + `"><a class="gh-article-tag" href="/tag/walking/">Walking</a>
<h1 class="article-title">Crossing the moor</h1><p class="` + excerptClass + `">` + excerpt + `</p>
<div class="article-byline"><h4 class="author-name"><a href="/author/ann/">Ann Lee</a></h4><time class="byline-meta-date" datetime="2024-03-02">2 Mar 2024</time></div>
</header>
<section class="gh-content gh-canvas">` + body.String() + `</section>
</article></main></div><footer class="site-footer outer"><section class="copyright"><a href="/">Notes</a> © 2024</section></footer></div></body></html>`
}

// A post's excerpt shown under its title (Ghost's custom excerpt, one short
// sentence) is the article's lede, kept before the body, though pruning
// drops the header it sits in with the byline and the tag; an excerpt that
// repeats the first paragraph (the theme's automatic one) is not doubled.
func TestBodyKeepsShortExcerptUnderTheTitle(t *testing.T) {
	paras := []string{prose("the moor"), prose("the walk"), prose("the weather")}
	for _, c := range []struct{ name, header, class string }{
		{"Casper", "article-header gh-canvas", "article-excerpt"},
		{"Source", "gh-article-header gh-canvas", "gh-article-excerpt is-body"},
	} {
		a, err := FromHTML([]byte(ghostPost(c.header, c.class, "A walk over the high moor in March, boots and all.", paras...)), "https://notes.example/crossing-the-moor/", nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(a.Text, "A walk over the high moor in March, boots and all.\n\n"+paras[0]) {
			t.Errorf("%s: text does not open with the excerpt, then the body:\n%s", c.name, a.Text)
		}
		if strings.Contains(a.Text, "Ann Lee") || strings.Contains(a.Text, "Walking") {
			t.Errorf("%s: the header's byline or tag came with the excerpt:\n%s", c.name, a.Text)
		}
		a, err = FromHTML([]byte(ghostPost(c.header, c.class, paras[0], paras...)), "https://notes.example/crossing-the-moor/", nil)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(a.Text, paras[0]); n != 1 {
			t.Errorf("%s: the excerpt repeating the first paragraph is in the text %d times:\n%s", c.name, n, a.Text)
		}
	}
}

// A block marked itemprop=description is the article's lede, but not the
// one inside the author's item (an author box's bio, as WordPress's
// Simple Author Box and Starbox mark it up with a schema.org Person): the
// bio does not open the text.
func TestBodyLeadMarkedAsDescriptionIsNotTheAuthors(t *testing.T) {
	dek := `<p class="dek" itemprop="description">Three days on the coast road, in rain, with a tent and two maps.</p>`
	box := `<div class="saboxplugin-wrap" itemtype="http://schema.org/Person" itemscope itemprop="author"><div class="saboxplugin-authorname"><a href="/author/pat/" rel="author">Pat Ludo</a></div>` +
		`<div class="saboxplugin-desc"><div itemprop="description"><p>Pat Ludo, photographer from Hamburg and founder of the site, writes about the tools and the trips of the last ten years.</p></div></div></div>`
	paras := `<p>` + prose("the trip") + `</p><p>` + prose("the road") + `</p><p>` + prose("the rain") + `</p>`
	page := func(header, footer string) string {
		return shapeChrome("Trip", `<div class="post-header"><h1>Trip</h1>`+header+`</div><div class="grid"><div class="entry-content">`+paras+`</div>`+footer+`</div>`)
	}
	a, err := FromHTML([]byte(page(dek, "")), "https://notes.example/trip/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.Text, "Three days on the coast road") {
		t.Errorf("the marked dek does not open the text:\n%s", a.Text)
	}
	a, err = FromHTML([]byte(page("", box)), "https://notes.example/trip/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.Text, prose("the trip")) {
		t.Errorf("the author's description opens the text:\n%s", a.Text)
	}
}

// A short post (a podcast's two lines) outweighed by the chrome around it
// keeps what markup alone would prune, lest the article be in it; but a
// box about the author is never the article's text, and goes all the
// same: the post ends with its own words, not the author's bio.
func TestBodyShortPostDropsAuthorBox(t *testing.T) {
	var comments strings.Builder
	for i := 1; i <= 6; i++ {
		comments.WriteString(`<li class="comment"><p class="comment-author">Reader ` + string(rune('A'+i)) + `</p><p>` + sentence("the episode", i) + ` ` + sentence("the camp", i) + `</p></li>`)
	}
	page := `<!doctype html><html><head><title>Live from the camp</title><meta property="og:type" content="article"></head><body>
<header class="site-header"><a href="/">Knowledge on air</a><nav class="main-nav"><a href="/episodes/">Episodes</a> <a href="/about/">About</a></nav></header>
<div class="hfeed"><article class="post"><h1 class="entry-title">Live from the camp</h1>
<div class="entry-content"><p>We recorded this episode live at the camp in Berlin, with four guests telling of what they took home.</p><p>Download: mp3</p></div>
<footer class="entry-meta">Posted in <a href="/category/podcast/">Podcast</a> by <a href="/author/sam/">Sam Lee</a>.
<div id="author-info"><div id="author-avatar"><img src="/sam.jpg"></div><div id="author-description"><h2>About Sam Lee</h2>Head of the academy, trained as an engineer in digital signal processing, and keen on learning organisations, knowledge management and lifelong learning; member of several learning communities.</div></div></footer></article>
<div id="comments" class="comments-area"><h2 class="comments-title">6 comments</h2><ol class="comment-list">` + comments.String() + `</ol></div></div>
<footer class="site-footer"><p>Knowledge on air. Imprint. Privacy.</p></footer></body></html>`
	a, err := FromHTML([]byte(page), "https://podcast.example/2019/12/live-from-the-camp/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "We recorded this episode live at the camp") {
		t.Errorf("the post is lost:\n%s", a.Text)
	}
	if strings.Contains(a.Text, "Head of the academy") {
		t.Errorf("the author's bio is in the text:\n%s", a.Text)
	}
}
