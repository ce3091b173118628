package extract

import (
	"strconv"
	"strings"
	"testing"
)

// prose is filler long enough to read as article text.
func prose(topic string) string {
	return "The report on " + topic + " examines how regional institutions adapted, what they funded, " +
		"and which reforms lasted beyond the first budget cycle, drawing on interviews and public records."
}

// chromePage is an article wrapped in every kind of chrome the body rules
// must remove, some marked up, some recognisable only by their words.
func chromePage(lang string) string {
	return `<!doctype html><html lang="` + lang + `"><head><title>Water Policy in the Sahel | Think Tank</title>
<meta property="og:type" content="article"></head><body>
<header class="site-header"><a href="/">Home</a> <a href="/research">Research</a></header>
<nav><ul><li><a href="/a">Topics</a></li><li><a href="/b">Regions</a></li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<main><article>
<h1>Water Policy in the Sahel</h1>
<p class="byline">By Jane Doe</p>
<p>English | Français | العربية</p>
<p>Views: 1</p>
<p>Written by 2:56 pm Source News</p>
<p>` + prose("water policy") + `</p>
<figure><img src="x.jpg"><figcaption>A well in Niger. Photo: Agency</figcaption></figure>
<p>` + prose("irrigation") + `</p>
<blockquote class="pullquote"><p>which reforms lasted beyond the first budget cycle</p></blockquote>
<h2>Funding</h2>
<p>` + prose("funding") + `</p>
<ul><li>First point about wells and pumps.</li><li>Second point about <a href="/maps">maps</a>.</li></ul>
<table><tr><th>Country</th><th>Budget</th></tr><tr><td>Mali</td><td>12</td></tr></table>
<p><a href="/report.pdf">Click here for a printable PDF version</a></p>
<p>Download PDF</p>
<p>More on: <a href="/t/water">Water</a> <a href="/t/sahel">Sahel</a></p>
<p>(Visited 1 times, 1 visits today)</p>
<p>Post Views: 37</p>
<div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
<p>Facebook Twitter LinkedIn WhatsApp</p>
<p>Lire aussi : <a href="/x">Un autre article sur le sujet</a></p>
<p>Lesen Sie auch: <a href="/y">Ein anderer Artikel</a></p>
<p>اقرأ أيضا: <a href="/z">مقال آخر</a></p>
<div class="author-bio"><p>Jane Doe is a senior fellow who writes about water and agriculture across West Africa.</p></div>
</article></main>
<aside class="sidebar"><h3>Related</h3><ul><li><a href="/r1">Related one</a></li><li><a href="/r2">Related two</a></li></ul></aside>
<section id="comments"><h3>3 Comments</h3><p>Great article, thanks for sharing your thoughts on this!</p>
<form><textarea></textarea><input type="submit" value="Post Comment"></form></section>
<div class="newsletter"><p>Subscribe to our newsletter for weekly updates.</p></div>
<footer><p>© 2024 Think Tank. All rights reserved.</p></footer>
</body></html>`
}

func TestBodyRemovesChrome(t *testing.T) {
	a, err := FromHTML([]byte(chromePage("en")), "https://thinktank.example/research/water-policy-in-the-sahel", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{prose("water policy"), prose("irrigation"), prose("funding"),
		"Funding", "First point about wells and pumps.", "Mali | 12"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	for _, junk := range []string{"Home", "Topics", "cookies", "Water Policy in the Sahel", "Jane Doe",
		"English | Français", "Views: 1", "Written by", "Photo: Agency", "A well in Niger",
		"printable PDF", "Download PDF", "More on", "Visited 1 times", "Post Views", "Facebook",
		"Lire aussi", "Lesen Sie auch", "اقرأ", "senior fellow", "Related one", "Great article",
		"Subscribe", "All rights reserved"} {
		if strings.Contains(a.Text, junk) {
			t.Errorf("text keeps %q:\n%s", junk, a.Text)
		}
	}
	if n := strings.Count(a.Text, "which reforms lasted beyond the first budget cycle"); n != 3 {
		// Three paragraphs say it; the pull quote repeating it must go.
		t.Errorf("pull quote sentence appears %d times, want 3", n)
	}
	if a.Kind != KindArticle {
		t.Errorf("kind %q, want article", a.Kind)
	}
}

func TestBodyTextLayout(t *testing.T) {
	a, err := FromHTML([]byte(chromePage("en")), "https://thinktank.example/research/water-policy-in-the-sahel", nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Text, "\n\n\n") || strings.HasPrefix(a.Text, "\n") || strings.HasSuffix(a.Text, "\n") {
		t.Errorf("paragraphs must be separated by exactly one blank line: %q", a.Text)
	}
	paras := strings.Split(a.Text, "\n\n")
	want := []string{"Funding", "First point about wells and pumps.", "Second point about maps."}
	for _, w := range want {
		found := false
		for _, p := range paras {
			if p == w {
				found = true
			}
		}
		if !found {
			t.Errorf("%q is not its own paragraph in %q", w, paras)
		}
	}
	if !strings.Contains(a.Text, "Country | Budget\nMali | 12") {
		t.Errorf("table rows not rendered as rows: %q", a.Text)
	}
}

func TestBodyMarkdown(t *testing.T) {
	page := `<html><body><article><h1>Title Here</h1>
<p>` + prose("markdown") + `</p>
<h2>Section <em>one</em></h2>
<p>Text with <strong>bold</strong>, <em>emphasis</em>, <code>code</code> and a <a href="/doc/x">link</a> that is relative.</p>
<ol><li>first</li><li>second</li></ol>
<ul><li>alpha</li></ul>
<blockquote><p>` + prose("a quoted source") + `</p></blockquote>
<p>` + prose("the end") + `</p>
</article></body></html>`
	a, err := FromHTML([]byte(page), "https://site.example/blog/post-slug-here", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Section *one*", "**bold**", "*emphasis*", "`code`",
		"[link](https://site.example/doc/x)", "1. first\n2. second", "- alpha", "> The report on a quoted source"} {
		if !strings.Contains(a.Markdown, want) {
			t.Errorf("markdown lacks %q:\n%s", want, a.Markdown)
		}
	}
	if strings.Contains(a.Text, "**") || strings.Contains(a.Text, "[link]") {
		t.Errorf("text has markdown syntax: %q", a.Text)
	}
}

func TestBodyKeepCaptions(t *testing.T) {
	page := chromePage("en")
	a, err := FromHTML([]byte(page), "", &Options{KeepCaptions: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "A well in Niger") {
		t.Errorf("KeepCaptions dropped the caption: %q", a.Text)
	}
}

func TestBodyLanguages(t *testing.T) {
	cases := map[string]struct{ body, junk string }{
		"fr": {"<p>Le rapport examine comment les institutions régionales se sont adaptées, ce qu'elles ont financé, et quelles réformes ont duré au-delà du premier cycle budgétaire.</p>",
			"<p>À lire aussi : Un autre article</p><p>Partager</p><p>Abonnez-vous</p><p>Tous droits réservés 2024</p>"},
		"de": {"<p>Der Bericht untersucht, wie sich regionale Institutionen angepasst haben, was sie finanziert haben und welche Reformen über den ersten Haushaltszyklus hinaus Bestand hatten.</p>",
			"<p>Lesen Sie auch: Ein anderer Artikel</p><p>Teilen</p><p>Newsletter abonnieren</p><p>Alle Rechte vorbehalten</p><p>Wir verwenden Cookies, um Ihnen ein besseres Erlebnis zu bieten. Mit Ihrer Zustimmung</p>"},
		"ar": {"<p>يتناول التقرير كيف تكيفت المؤسسات الإقليمية، وما الذي مولته، وأي الإصلاحات استمرت بعد دورة الميزانية الأولى، استنادا إلى مقابلات وسجلات عامة.</p>",
			"<p>اقرأ أيضاً: مقال آخر</p><p>شارك</p><p>جميع الحقوق محفوظة</p><p>English | Français | العربية</p>"},
	}
	for lang, c := range cases {
		t.Run(lang, func(t *testing.T) {
			page := "<html lang=" + lang + "><body><article>" + c.body + c.body[:3] + "Deuxième paragraphe " + c.body[3:] + c.junk + "</article></body></html>"
			a, err := FromHTML([]byte(page), "", nil)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(a.Text, strings.TrimSuffix(strings.TrimPrefix(c.body, "<p>"), "</p>")) {
				t.Errorf("body lost: %q", a.Text)
			}
			for _, p := range strings.Split(c.junk, "</p>") {
				p = strings.TrimPrefix(p, "<p>")
				if p != "" && strings.Contains(a.Text, p) {
					t.Errorf("kept chrome %q", p)
				}
			}
		})
	}
}

func TestBodyKindHub(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><head><meta property="og:type" content="website"></head><body><nav><a href="/">Home</a></nav><main><h1>Latest analysis</h1>`)
	for i := range 15 {
		n := string(rune('a' + i))
		b.WriteString(`<article class="teaser"><h2><a href="/research/` + n + `-long-article-slug-here">Article ` + n + ` headline about policy</a></h2><p>A short teaser sentence.</p></article>`)
	}
	b.WriteString(`</main></body></html>`)
	a, err := FromHTML([]byte(b.String()), "https://thinktank.example/research/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Kind != KindHub {
		t.Errorf("listing page kind %q, want hub; text %q", a.Kind, a.Text)
	}
	home, err := FromHTML([]byte(b.String()), "https://thinktank.example/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if home.Kind != KindHub {
		t.Errorf("home page kind %q, want hub", home.Kind)
	}
}

func TestBodyNoPanicOnEmptyish(t *testing.T) {
	for _, in := range []string{"<html><body></body></html>", "<p>hi</p>", "<div><div></div></div>"} {
		a, err := FromHTML([]byte(in), "", nil)
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if a.Kind == "" {
			t.Errorf("%q: empty kind", in)
		}
	}
}

func TestChromeText(t *testing.T) {
	chrome := []string{
		"Views: 1", "Post Views: 37", "(Visited 1 times, 1 visits today)", "(Visité 3 fois, 1 visites aujourd'hui)",
		"(1 mal besucht, 1 Besuche heute)", "Written by 2:56 pm Source News", "English | Français | العربية",
		"Click here for a printable PDF version", "Download PDF", "More on: Water, Sahel", "Share this article",
		"Facebook Twitter LinkedIn Email", "Lire aussi : la crise", "Lesen Sie auch: Die Krise", "اقرأ أيضا: الأزمة",
		"We use cookies to give you the best experience. By continuing you accept our cookie policy.",
		"Publiziert: 03.04.2020, 12:35", "November 18, 2019", "segunda-feira, 22 de janeiro de 2018 às 0:13",
		"Informationsschreiben vom 14. Oktober 2021 PDF | 38 KB", "Sign up for our daily newsletter, delivered to your inbox.",
		"Photo: Reuters", "Advertisement", "Tags:", "© 2024 Example Media. All rights reserved.",
		"Table of Contents", "top of page", "1,693 views", "October 16, 2020 · 8 min read", "Reading Time: 11 minutes",
		"Last updated on September 16th, 2023 at 09:27 am", "Purchases made through links earn us a small commission.",
		"Copyright: Gisele Wender", "Published June 23, 2025 10:39AM", "For the latest news download our apps for iOS and Android.", "Download the app for breaking news alerts",
		"Abonnieren Sie jetzt den Newsletter der Redaktion", "Get the newsletter every Friday",
		"copyright Inexhibit 2019 - ISSN: 2283-5474", "News date : 04/21/2022 Category : Press Releases", "Categories: News, Events",
		"REUTERS/Jane Doe", "Share on Facebook", "Support our journalism", "Copyright © 2021 Example Media",
		"We independently evaluate all of our recommendations. If you click on links we provide, we may receive compensation.",
		"Beitragsbild: Titelseite der FAZ vom 2.4.2019, Ausriss.", "Featured image: the harbour at dawn",
	}
	for _, c := range chrome {
		if !isChromeText(c) {
			t.Errorf("not recognised as chrome: %q", c)
		}
	}
	prose := []string{
		"Views differ on whether the reform will last beyond the next election.",
		"The ministry published the figures on 3 April 2020, two weeks after the border closed.",
		"English and French are both official languages of Cameroon, and the divide runs deep.",
		"Share prices fell by a third as investors weighed the risk of default.",
		"More than 40,000 people live in the camp, according to the United Nations.",
		"Source of the dispute: the 1963 border agreement, which neither side has ratified.",
		// Agencies, labels and verbs of chrome inside ordinary sentences.
		"Base price: $36,600\nEPA-rated range: 245–318 miles",
		"Industry-leading tax preparation software from Thomson Reuters",
		"Capital gains taxes fall into two categories: long-term capital gains and short-term capital gains.",
		"Break your total budget into clear categories:",
		"Support user defined custom skills to extend functionality",
		"Share this timeline with vendors to ensure smooth coordination.",
		"Copyright Complexity in a Fragmented World",
		"The Guardian US added 680,000 newsletter subscribers in a single year.",
		"51% of people unsubscribe from newsletters simply because they get too many.",
	}
	for _, p := range prose {
		if isChromeText(p) {
			t.Errorf("prose taken for chrome: %q", p)
		}
	}
}

func TestKindFromURL(t *testing.T) {
	short := `<html><body><main><h1>Water</h1><p>A few words about this topic.</p>` +
		`<ul><li><a href="/a/one-long-article-slug">One</a></li><li><a href="/a/two-long-article-slug">Two</a></li></ul></main></body></html>`
	long := `<html><head><meta property="og:type" content="article"></head><body><article><h1>Water</h1>` +
		strings.Repeat("<p>"+prose("water")+"</p>", 6) + `</article></body></html>`
	cases := []struct {
		url, page, want string
	}{
		{"https://tt.example/", short, KindHub},
		{"https://tt.example/tag/water/", short, KindHub},
		{"https://tt.example/topics/water", short, KindHub},
		{"https://tt.example/author/jane-doe/", short, KindHub},
		{"https://tt.example/research/page/3/", short, KindHub},
		{"https://tt.example/?s=water", short, KindHub},
		{"https://tt.example/research/water-policy-in-the-sahel", long, KindArticle},
		{"https://tt.example/2024/03/12/grain-corridors-after-the-drought/", long, KindArticle},
		{"https://tt.example/tag/water/", long, KindArticle}, // long prose wins over the URL
	}
	for _, c := range cases {
		a, err := FromHTML([]byte(c.page), c.url, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Kind != c.want {
			t.Errorf("%s: kind %q, want %q", c.url, a.Kind, c.want)
		}
	}
}

func TestBodyDropsBioWithoutMarkup(t *testing.T) {
	page := `<html><body><article>` + strings.Repeat("<p>"+prose("bios")+" More.</p><p>"+prose("roles")+"</p>", 2) +
		`<p>Amina Diallo is a senior fellow at the Centre for Sahel Strategic Studies, where she leads the food security programme.</p></article></body></html>`
	a, err := FromHTML([]byte(page), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Text, "senior fellow") {
		t.Errorf("bio kept: %q", a.Text)
	}
	if !strings.Contains(a.Text, prose("roles")) {
		t.Errorf("body lost: %q", a.Text)
	}
}

// TestBodyKeepsProseNamedAfterContents: sections whose class comes from the
// page's table of contents ("toc-para") are the article, not a contents
// list; the real contents list (all links) still goes.
func TestBodyKeepsProseNamedAfterContents(t *testing.T) {
	section := func(id, h string, n int) string {
		var ps strings.Builder
		for i := range n {
			ps.WriteString("<p>" + prose(h+strings.Repeat(" again", i)) + "</p>")
		}
		return `<section class="toc-para" id="` + id + `"><h2>` + h + `</h2><div>` + ps.String() + `</div></section>
<div class="next-section"><hr></div>`
	}
	page := `<html><head><title>Forming a Company</title></head><body>
<div class="article-content"><ul class="toc"><li><a href="#a">Questions</a></li><li><a href="#b">Choosing a name</a></li><li><a href="#c">Fees</a></li></ul>` +
		section("a", "Questions and answers", 8) + section("b", "Choosing a name", 2) + section("c", "Filing fees", 2) + `</div>
<footer><p>Contact us</p></footer></body></html>`
	a, err := FromHTML([]byte(page), "https://agency.example/forming-a-company", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Questions and answers", "Choosing a name", prose("Choosing a name"), prose("Filing fees again")} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	if strings.Contains(a.Text, "Fees\n") || strings.Contains(a.Text, "Questions\n") {
		t.Errorf("contents list kept:\n%s", a.Text)
	}
}

// TestBodyKeepsHighlightedCode: a syntax highlighter's class names
// ("hljs-comment", "token tag") inside <pre> are not chrome.
func TestBodyKeepsHighlightedCode(t *testing.T) {
	page := `<html><head><title>A brief intro to git</title></head><body><article><h1>A brief intro to git</h1>
<p>` + prose("version control") + `</p><p>` + prose("branches") + `</p>
<pre><code class="language-bash"><span class="hljs-comment"># initialize git</span>
git init
<span class="token comment"># see available branches</span>
git branch
<span class="hljs-meta">$</span> git <span class="hljs-tag">status</span></code></pre>
<p>` + prose("merging") + `</p></article></body></html>`
	a, err := FromHTML([]byte(page), "https://dev.example/posts/git", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# initialize git", "# see available branches", "git init", "$ git status"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
}

// TestBodyKeepsLinkedListsOfTheArticle: a section under its own heading
// whose list of links outweighs its prose keeps its prose, and a list
// announced by a sentence ending in a colon is kept, links and all.
func TestBodyKeepsLinkedListsOfTheArticle(t *testing.T) {
	var items strings.Builder
	for _, it := range []string{"Make type comparison support floating point types", "Allow casts between integers and pointers",
		"Add support for the weak variable attribute", "Fix volatile loads and stores", "Add support for packed structs"} {
		items.WriteString(`<li><p><a href="https://forge.example/pulls/` + strconv.Itoa(len(it)) + `">libjit: ` + it + `</a> (pending review by maintainers)</p></li>`)
	}
	page := `<html><head><title>Progress Report</title></head><body><div class="content">
<div class="sect1"><h2>What is it?</h2><div class="sectionbody"><p>` + prose("the compiler backend") + `</p></div></div>
<div class="sect1"><h2>Patches status</h2><div class="sectionbody">
<div class="paragraph"><p>There has been some nice progress on the upstream side these past months.</p></div>
<div class="paragraph"><p>Many patches were sent for review:</p></div>
<div class="ulist"><ul>` + items.String() + `</ul></div></div></div>
<div class="sect1"><h2>State of the backend</h2><div class="sectionbody"><p>` + prose("the backend state") + `</p><p>` + prose("the tests") + `</p></div></div>
</div><div class="sidebar"><h3>Recent posts</h3><ul><li><a href="/a">Report 38</a></li><li><a href="/b">Report 37</a></li><li><a href="/c">Report 36</a></li></ul></div>
</body></html>`
	a, err := FromHTML([]byte(page), "https://blog.example/progress-report-39", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Patches status", "nice progress on the upstream side", "Many patches were sent for review:",
		"libjit: Fix volatile loads and stores (pending review by maintainers)"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	if strings.Contains(a.Text, "Report 38") {
		t.Errorf("sidebar kept:\n%s", a.Text)
	}
}

// TestBodyKeepsAccordionClosedByStyle: an accordion panel closed with
// style="display:none" (a region labelled by its header) is content; a
// hidden element without those marks is not.
func TestBodyKeepsAccordionClosedByStyle(t *testing.T) {
	page := `<html><head><title>How to install solar panels</title></head><body><article><h1>How to install solar panels</h1>
<p>` + prose("solar installation") + `</p>
<div class="accordion"><a id="s1_header" role="button" aria-controls="s1_content">Step 1: Evaluate your energy needs</a>
<div id="s1_content" style="display:none;" role="region" aria-labelledby="s1_header"><p>` + prose("home energy audits") + `</p></div></div>
<div style="display: none"><p>Thanks for subscribing! Check your inbox to confirm your address.</p></div>
<p>` + prose("permits") + `</p><p>` + prose("inspections") + `</p><p>` + prose("financing") + `</p></article></body></html>`
	a, err := FromHTML([]byte(page), "https://solar.example/guide", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, prose("home energy audits")) {
		t.Errorf("accordion panel lost:\n%s", a.Text)
	}
	if strings.Contains(a.Text, "Thanks for subscribing") {
		t.Errorf("hidden message kept:\n%s", a.Text)
	}
}

// TestClassTokensSkipHashes: letters inside a generated id are no class
// word ("richtext-2ad314195f" holds no "ad").
func TestClassTokensSkipHashes(t *testing.T) {
	for _, tt := range []struct {
		ci   string
		want bool
	}{
		{"cmp-richtext richtext-2ad314195f", false},
		{"container-59a0ad6e88", false},
		{"ad-slot", true},
		{"ad300 banner-top", true},
		{"post-share-buttons", true},
	} {
		got := classTokens(tt.ci, boilerPrefixes(), func(t string) bool { return boilerTokens[t] })
		if got != tt.want {
			t.Errorf("classTokens(%q) = %v, want %v", tt.ci, got, tt.want)
		}
	}
}

// TestBodyKeepsProseWidget: a page builder's "widget" block holding the
// article's paragraphs is kept; a sidebar widget of links still goes.
func TestBodyKeepsProseWidget(t *testing.T) {
	page := `<html><head><title>Pricing for Electrical Services</title></head><body><div class="panel-grid">
<div class="intro"><h1>Pricing for Electrical Services</h1><p>` + prose("troubleshooting") + `</p><p>` + prose("panel replacement") + `</p></div>
<div class="so-panel widget widget_text"><h2>Wiring</h2><p>` + prose("rewiring") + `</p><p>` + prose("outlets") + `</p></div>
<div class="so-panel widget widget_text"><h2>Lighting</h2><p>` + prose("lighting") + `</p><p>` + prose("fixtures") + `</p></div>
<div class="widget widget_recent_entries"><h3>Recent posts</h3><ul><li><a href="/a">Old post one</a></li><li><a href="/b">Old post two</a></li><li><a href="/c">Old post three</a></li></ul></div>
</div></body></html>`
	a, err := FromHTML([]byte(page), "https://electric.example/pricing", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{prose("panel replacement"), prose("outlets"), prose("fixtures")} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	if strings.Contains(a.Text, "Old post two") {
		t.Errorf("sidebar widget kept:\n%s", a.Text)
	}
}

// TestBodyKeepsCollapsedSection: a hidden panel right after its toggle (a
// header holding a button with aria-expanded) is the article's text.
func TestBodyKeepsCollapsedSection(t *testing.T) {
	page := `<html><head><title>Best running shoes</title></head><body><article><h1>Best running shoes</h1>
<p>` + prose("cushioning") + `</p><p>` + prose("stability") + `</p><p>` + prose("traction") + `</p><p>` + prose("durability") + `</p>
<div class="collapsible"><h3><button aria-expanded="false">Weight</button></h3>
<div aria-hidden="true" hidden tabindex="-1"><p>` + prose("shoe weight") + `</p></div></div>
<div hidden><p>Your session has expired. Please sign in again to continue reading.</p></div>
</article></body></html>`
	a, err := FromHTML([]byte(page), "https://running.example/best-shoes", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, prose("shoe weight")) {
		t.Errorf("collapsed section lost:\n%s", a.Text)
	}
	if strings.Contains(a.Text, "session has expired") {
		t.Errorf("hidden message kept:\n%s", a.Text)
	}
}

// TestBodyKeepsOneParagraphWidgets: page builders wrap each heading and
// its one paragraph or plain list in a "widget" block, and mark it
// "invisible" until an entrance animation shows it; such blocks are the
// article. A text widget in an aside stays chrome, even on a short page
// where the aside is too big to drop whole.
func TestBodyKeepsOneParagraphWidgets(t *testing.T) {
	widget := func(h, body string) string {
		return `<div class="builder-element builder-invisible builder-widget"><div class="builder-widget-wrap"><h3>` + h + `</h3>` + body + `</div></div>`
	}
	page := `<html><head><title>Money Tips</title></head><body><main><div class="builder">` +
		widget("1. Make a budget", `<p>`+prose("budgets")+`</p>`) +
		widget("2. Build an emergency fund", `<p>`+prose("savings")+`</p>`) +
		widget("Advantages", `<ul><li>Cheap to start and easy to keep going every month</li><li>Works with any income and any bank account you hold</li><li>Nothing to install, nothing to learn first, and nothing to pay for it either</li></ul>`) +
		`</div></main>
<aside class="side"><div class="widget widget_text"><p>` + prose("the author's other blog, which is about gardening and long walks") + `</p></div></aside>
</body></html>`
	a, err := FromHTML([]byte(page), "https://money.example/tips", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Make a budget", prose("budgets"), prose("savings"), "Nothing to install"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	if strings.Contains(a.Text, "gardening") {
		t.Errorf("sidebar text widget kept:\n%s", a.Text)
	}
}

// TestBodyKeepsLinkedListUnderHeading: a section's list or table under
// its own heading, each item a link with a few words on it (a checklist
// with shop links, a list of resources), is the section's content; a
// bare row of links after the article is still dropped.
func TestBodyKeepsLinkedListUnderHeading(t *testing.T) {
	page := `<html><head><title>Wedding Checklist</title></head><body><article>
<h1>Wedding Checklist</h1><p>` + prose("planning") + `</p><p>` + prose("budgets") + `</p>
<h3>Twelve months before</h3>
<ul><li>Set a date and <a href="/venues">book the venue</a> early</li>
<li>Choose a <a href="/photographers">photographer</a> you trust</li>
<li>Start a <a href="/guest-list">guest list with both families</a></li>
<li>Decide who pays for what</li></ul>
<p>` + prose("the last months") + `</p>
<h3>Venues by county</h3>
<table><tr><td><a href="/v/dublin">Dublin venues</a></td><td>forty listed</td></tr>
<tr><td><a href="/v/cork">Cork venues</a></td><td>twelve</td></tr>
<tr><td><a href="/v/galway">Galway venues</a></td><td>nine</td></tr></table>
<div class="more"><a href="/a">Venues in Dublin and around the city</a> <a href="/b">Photographers we love this year</a> <a href="/c">Dresses for every budget and season</a></div>
</article></body></html>`
	a, err := FromHTML([]byte(page), "https://weddings.example/checklist", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"book the venue", "photographer you trust", "Decide who pays", "Cork venues | twelve"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	if strings.Contains(a.Text, "Dresses for every budget") {
		t.Errorf("row of links kept:\n%s", a.Text)
	}
}

// TestBodyKeepsStructuredArticleParts: the pieces of an article that look
// like chrome one by one: a marked intro before the article's sections, a
// list a paragraph announces whose items are mostly links, all-link items
// mid-article, the same short label under each item, and a section whose
// id is its heading's slug ("...-popular-..." is no chrome word there).
func TestBodyKeepsStructuredArticleParts(t *testing.T) {
	var steps strings.Builder
	for i, s := range []string{"posture", "shoulders", "screen", "lighting"} {
		steps.WriteString(`<section class="step-block"><h3>Step ` + strconv.Itoa(i+1) + `: mind your ` + s + `</h3>` +
			`<div class="rich"><p>` + prose(s) + `</p><p>Pros</p><p>Adjust it once and forget about it.</p></div></section>`)
	}
	page := `<html><head><title>Desk Setup Guide</title></head><body>
<nav><a href="/">Home</a> <a href="/shop">Shop</a></nav>
<div class="page">
<section class="article-content"><p>` + prose("desk ergonomics") + ` Most of us spend hours at a desk.</p></section>
<section class="steps">` + steps.String() + `</section>
<section class="more">
<div id="1-heading-how-popular-are-standing-desks"><h2>How popular are standing desks?</h2><p>` + prose("standing desks") + `</p></div>
<p>` + prose("brands") + ` Here is what we know about each maker we tested:</p>
<ul><li><strong>Official website</strong>: <a href="https://a.example/">Alpha Desks</a></li>
<li><strong>Flagship model</strong>: <a href="https://a.example/one">Alpha One</a>, USA<ul><li>It features in <a href="/best">our list of the best desks</a>.</li><li>Read <a href="/review">my review</a> here.</li></ul></li>
<li><strong>My favourite model</strong>: <a href="https://a.example/two">Alpha Two Pro</a></li></ul>
<p>Patches we sent upstream for the desk firmware:</p>
<ul><li><p><a href="https://forge.example/1">firmware: fix the height memory</a></p></li><li><p><a href="https://forge.example/2">firmware: add a sitting reminder</a></p></li><li><p><a href="https://forge.example/3">firmware: calibrate the motors</a></p></li></ul>
<p>` + prose("firmware") + `</p>
<p>Learn more in our series:</p>
<ul><li><a href="/s1">Best office chairs of the year</a></li><li><a href="/s2">Best monitor arms of the year</a></li><li><a href="/s3">Best keyboards of the year</a></li></ul>
</section></div>
<footer><p>About us. Contact. Careers.</p></footer>
</body></html>`
	a, err := FromHTML([]byte(page), "https://desks.example/guide", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{prose("desk ergonomics"), "Step 3: mind your screen", prose("lighting"),
		"How popular are standing desks?", prose("standing desks"),
		"Official website: Alpha Desks", "It features in our list of the best desks.",
		"firmware: add a sitting reminder", prose("firmware")} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	if n := strings.Count(a.Text, "Adjust it once and forget about it."); n != 4 {
		t.Errorf("the label repeated under each step appears %d times, want 4:\n%s", n, a.Text)
	}
	if strings.Contains(a.Text, "Best monitor arms") {
		t.Errorf("the related links after the last paragraph are kept:\n%s", a.Text)
	}
	if !strings.Contains(a.Markdown, "- **Official website**: [Alpha Desks](https://a.example/)") {
		t.Errorf("markdown lacks the announced list:\n%s", a.Markdown)
	}
}

// TestBodyMarkedBodyBeatsBigFooter: a short article in the container the
// CMS marks as the body wins over a footer holding more text.
func TestBodyMarkedBodyBeatsBigFooter(t *testing.T) {
	var foot strings.Builder
	for _, c := range []string{"Baltimore", "Hunt Valley", "Snow Hill", "Annapolis"} {
		foot.WriteString(`<div class="office"><p>Our ` + c + ` office, 11311 Main Road, Suite 500, serves clients across the region, from small firms to large fleets, with advice on coverage.</p></div>`)
	}
	page := `<html><head><title>Best Practices for Vehicle Rentals</title></head><body>
<main class="l-main page-content"><h1>Best Practices for Vehicle Rentals</h1>
<p>A good risk management program screens prospective renters so that only qualified drivers operate your vehicles.</p>
<p>Key topics discussed in the guide include the rental counter, international drivers and reporting losses.</p>
<p>` + prose("rental fleets") + `</p></main>
<footer class="page-footer"><h2>Locations</h2>` + foot.String() + `<p>This material is not intended to replace the advice of a qualified advisor, and it is for information only.</p></footer>
</body></html>`
	a, err := FromHTML([]byte(page), "https://insurer.example/rentals", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "only qualified drivers operate your vehicles") {
		t.Errorf("text lacks the article:\n%s", a.Text)
	}
	if strings.Contains(a.Text, "Hunt Valley") {
		t.Errorf("text keeps the footer:\n%s", a.Text)
	}
}

func TestEndMarkers(t *testing.T) {
	for _, m := range []string{"related topics", "related articles that may interest you", "recent posts:", "up next",
		"discussion about this post", "about the author", "written by", "you may be interested in the following topics as well:",
		"mehr zum thema auf example.de", "weitere aktuelle themen aus der arbeitswelt"} {
		if !reEndMarker.MatchString(m) {
			t.Errorf("not an end marker: %q", m)
		}
	}
	for _, p := range []string{"related work", "recent developments", "the author argues that", "next steps"} {
		if reEndMarker.MatchString(p) {
			t.Errorf("taken for an end marker: %q", p)
		}
	}
}

// A highlighter's code listing laid out as a table (line numbers in one
// cell, the code's <pre> in the next) is code: kept line by line, without
// the numbers, and fenced in markdown rather than put in a table row.
func TestBodyCodeTable(t *testing.T) {
	page := `<html><head><title>Reading big files</title></head><body><article><h1>Reading big files</h1>
<p>` + prose("reading files") + `</p>
<figure class="highlight go"><table><tr><td class="gutter"><pre><span class="line">1</span><br><span class="line">2</span><br><span class="line">3</span></pre></td>` +
		`<td class="code"><pre><span class="line">f, err := os.Open(name)</span><br><span class="line">if err != nil { return err }</span><br><span class="line">defer f.Close()</span></pre></td></tr></table></figure>
<p>` + prose("scanners") + `</p>
<table><tr><th>Size</th><th>Time</th></tr><tr><td>1 GB</td><td>2 s</td></tr></table>
</article></body></html>`
	a, err := FromHTML([]byte(page), "https://blog.example/reading-big-files", nil)
	if err != nil {
		t.Fatal(err)
	}
	code := "f, err := os.Open(name)\nif err != nil { return err }\ndefer f.Close()"
	if !strings.Contains(a.Text, code) {
		t.Errorf("text lost the code's lines:\n%s", a.Text)
	}
	if !strings.Contains(a.Markdown, "```\n"+code+"\n```") {
		t.Errorf("markdown has no fenced code block:\n%s", a.Markdown)
	}
	if strings.Contains(a.Text, "1 2 3") || strings.Contains(a.Markdown, "| ```") {
		t.Errorf("line numbers or a fence in a table row:\ntext:\n%s\nmarkdown:\n%s", a.Text, a.Markdown)
	}
	// A data table is still a table.
	if !strings.Contains(a.Markdown, "| Size | Time |") {
		t.Errorf("data table lost:\n%s", a.Markdown)
	}
}

// A nested list item is indented to its parent's text: CommonMark ends an
// ordered list at a sub-item indented less than its "1. " (or "10. ").
func TestMarkdownNestedListIndent(t *testing.T) {
	items := ""
	for i := 1; i <= 10; i++ {
		sub := ""
		if i == 1 || i == 10 {
			sub = `<ul><li>Start with the dry north and its deep wells.</li><li>Then the river valleys.<ol><li>The Niger's.</li></ol></li></ul>`
		}
		items += `<li>Step ` + strconv.Itoa(i) + ` of the plan for the district's wells and committees.` + sub + `</li>`
	}
	page := `<html><head><title>A plan</title></head><body><article><h1>A plan</h1><p>` + prose("wells") + `</p><ol>` + items + `</ol><p>` + prose("committees") + `</p></article></body></html>`
	a, err := FromHTML([]byte(page), "https://thinktank.example/research/a-plan", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"1. Step 1 of the plan for the district's wells and committees.\n   - Start with the dry north and its deep wells.\n   - Then the river valleys.\n     1. The Niger's.\n2. Step 2",
		"10. Step 10 of the plan for the district's wells and committees.\n    - Start with",
	} {
		if !strings.Contains(a.Markdown, want) {
			t.Errorf("markdown lacks %q:\n%s", want, a.Markdown)
		}
	}
}

// Headings that open list items ("<li><h3>organic cotton</h3></li>") are
// the items' text: entries under each brand's heading, the brand's link
// between, down to the end of the body. As headings they were a heading
// over a link and more headings, all dropped as section chrome.
func TestBodyHeadingsInListItems(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><head><title>Sustainable brands</title></head><body><article><h1>Sustainable brands</h1><p>` + prose("clothing brands") + `</p><p>` + prose("fabrics") + `</p>`)
	for i, brand := range []string{"Acme Wear", "Blue Thread", "Cotton Field"} {
		b.WriteString(`<h2>` + brand + `</h2><p><a href="https://brand` + strconv.Itoa(i) + `.example/">` + strings.ToLower(brand) + `</a></p><ul>`)
		b.WriteString(`<li><h3>organic cotton</h3></li><li><h3>recycled fabric number ` + strconv.Itoa(i) + `</h3></li></ul>`)
	}
	b.WriteString(`</article></body></html>`)
	a, err := FromHTML([]byte(b.String()), "https://blog.example/sustainable-brands", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Acme Wear", "Cotton Field", "recycled fabric number 0", "recycled fabric number 2"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	if !strings.Contains(a.Markdown, "- recycled fabric number 2") {
		t.Errorf("markdown lacks the item as an item:\n%s", a.Markdown)
	}
}

// A sentence that opens like an end marker ("More on that in a follow-up
// post.") is the article's, not the start of its related links.
func TestBodySentenceIsNoEndMarker(t *testing.T) {
	page := `<html><head><title>Porting a parser</title></head><body><article><h1>Porting a parser</h1>
<p>` + prose("parsers") + `</p><p>` + prose("test suites") + `</p><p>` + prose("speed") + `</p>
<p>More on that in a follow-up post about the engine's performance.</p>
<h3>Merging and polish</h3><p>` + prose("documentation") + `</p>
<h3>More on</h3><ul><li><a href="/a">Another post about parsers and their many tests</a></li></ul>
</article></body></html>`
	a, err := FromHTML([]byte(page), "https://blog.example/porting-a-parser", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "Merging and polish") || !strings.Contains(a.Text, prose("documentation")) {
		t.Errorf("text cut at a sentence:\n%s", a.Text)
	}
	if strings.Contains(a.Text, "Another post") {
		t.Errorf("text keeps the related links:\n%s", a.Text)
	}
}

// A paragraph in a wrapper of its own before the body (the intro in a
// "hero" box) is kept as a bare paragraph there would be; a one-paragraph
// box after the body (a trademark notice) is not taken for more of it.
func TestBodyWrappedIntroParagraph(t *testing.T) {
	intro := "Vertical mice, trackballs and unusual shapes: there are quite a few approaches to comfort at the desk, and all of them aim to spare your wrists over long days of work at the computer. Picking one is tricky, so here is what we learned from testing them for years."
	notice := "Acme and Widget are registered trademarks of their owners. This site is not affiliated with them, and readers who wish to use the forms must obtain them from the owners directly."
	page := `<html><head><title>The best mice</title></head><body><div class="page"><article class="guide">
<div id="hero"><p>` + intro + `</p></div>
<div class="nav-box"><a href="#a">Jump</a></div>
<div id="text"><h2>Choosing a mouse</h2><p>` + prose("vertical mice") + `</p><p>` + prose("trackballs") + `</p><p>` + prose("grips") + `</p></div>
<div class="legal-box"><p>` + notice + `</p></div>
</article></div></body></html>`
	a, err := FromHTML([]byte(page), "https://reviews.example/best-mice", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, intro) {
		t.Errorf("text lacks the wrapped intro:\n%s", a.Text)
	}
	if strings.Contains(a.Text, "registered trademarks") {
		t.Errorf("text keeps the notice after the body:\n%s", a.Text)
	}
}

// References in a page builder's wrappers: the heading in one block, the
// list in the next, each entry a linked title beside its authors. Mostly
// link text, but the article's apparatus.
func TestBodyKeepsWrappedReferences(t *testing.T) {
	var refs strings.Builder
	for i := 1; i <= 6; i++ {
		refs.WriteString(`<li>Author A, Author B. <a href="https://journal.example/` + strconv.Itoa(i) + `">A systematic review of mindfulness-based stress reduction, part ` + strconv.Itoa(i) + `</a>. <i>J Med</i>. 2019;39:544.</li>`)
	}
	page := `<html><head><title>Meditation and mindfulness</title></head><body><main><div class="row"><div class="col">
<p>` + prose("meditation") + `</p><p>` + prose("mindfulness") + `</p><p>` + prose("stress") + `</p>
<div><div class="row"><div class="col"><div id="key-references">
<div class="css-a"><div class="css-b"><h2>Key References</h2></div></div>
<div class="css-a"><div class="css-c"><ul>` + refs.String() + `</ul></div></div>
</div></div></div></div>
</div></div></main></body></html>`
	a, err := FromHTML([]byte(page), "https://health.example/meditation", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Key References", "part 1", "part 6"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
}

// A block of the article's own between two kept blocks that the sibling
// rules, which count paragraphs, do not know: a row of pros and cons
// lists between two reviews, a table of costs between two sections. A
// call to action there (a link, a button) stays out.
func TestBodyFillsGapsBetweenKeptBlocks(t *testing.T) {
	block := func(topic string) string {
		return `<div class="sqs-block html-block"><h2>` + topic + `</h2><p>` + prose(topic) + `</p><p>` + prose(topic+" again") + `</p></div>`
	}
	long := `<div class="sqs-block html-block"><h2>Our picks</h2>`
	for _, topic := range []string{"noise", "comfort", "battery", "codecs", "fit", "price", "calls"} {
		long += `<p>` + prose(topic) + ` We compared many models, sorted by price.</p>`
	}
	long += `</div>`
	page := `<html><head><title>Best headphones</title></head><body><div class="page"><div class="col">` +
		long + block("first headphones") +
		`<div class="row"><div class="col-6"><p><strong>Pros:</strong></p><ul><li>Class leading noise cancelling</li><li>Passive mode for awareness</li></ul></div>` +
		`<div class="col-6"><p><strong>Cons:</strong></p><ul><li>Expensive for what it is</li></ul></div></div>` +
		block("second headphones") +
		`<div class="grid"><table><tr><th>Room</th><th>Average cost</th></tr><tr><td>Bathroom</td><td>$6,500–$28,000</td></tr><tr><td>Kitchen</td><td>$14,500–$40,500</td></tr></table></div>` +
		block("third headphones") +
		`<div class="box"><p>Solve your audio problems with our store, new customers get credits.</p><a href="/shop">Shop now</a><ul><li>Free shipping on everything</li></ul></div>` +
		block("fourth headphones") +
		`</div></div></body></html>`
	a, err := FromHTML([]byte(page), "https://reviews.example/best-headphones", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Passive mode for awareness", "Expensive for what it is", "Kitchen | $14,500–$40,500", "fourth headphones"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	if strings.Contains(a.Text, "Solve your audio problems") {
		t.Errorf("text keeps the call to action:\n%s", a.Text)
	}
}

// A sign-up box inside the article, in utility classes that name
// nothing, is known by its field for an e-mail address or a phone number;
// a shop's quantity box and a task list's checkboxes are no such field.
func TestBodyDropsSignupBoxByItsField(t *testing.T) {
	page := `<html><head><title>A laptop deal</title></head><body><main><article><h1>A laptop deal</h1>
<p>` + prose("laptops") + `</p>
<section class="relative p-8 my-12"><div class="flex flex-col"><div>Be the first to know!</div><div>Get editor selected deals texted right to your phone!</div>
<input type="tel" placeholder="Enter Phone Number"><div class="text-xs">By signing up, you agree to receive recurring automated marketing messages at the number provided.</div></div></section>
<p>` + prose("batteries") + `</p>
<ul><li><input type="checkbox"> Check the battery health report before you buy.</li><li><input type="checkbox"> Compare the warranty terms.</li></ul>
<div class="buy"><div>Delivery time: 15 to 21 days</div><input type="text" name="amount" value="1"></div>
<p>` + prose("screens") + `</p>
</article></main></body></html>`
	a, err := FromHTML([]byte(page), "https://deals.example/laptop-deal", nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Text, "texted right to your phone") || strings.Contains(a.Text, "By signing up") {
		t.Errorf("text keeps the sign-up box:\n%s", a.Text)
	}
	for _, want := range []string{"Check the battery health report", "Delivery time: 15 to 21 days", prose("screens")} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
}

// The article split over two blocks of one class, the first its intro
// and a table whose every row links to a company: the table's links make
// that block link-heavy, yet it is the same kind of block as the body
// and holds paragraphs of prose.
func TestBodyKeepsSameClassBlockWithLinkedTable(t *testing.T) {
	var rows strings.Builder
	for i := 1; i <= 8; i++ {
		rows.WriteString(`<tr><td><a href="https://company` + strconv.Itoa(i) + `.example/">Electric Company Number ` + strconv.Itoa(i) + ` Incorporated</a></td><td>$` + strconv.Itoa(i) + `.5B</td></tr>`)
	}
	var body strings.Builder
	for _, topic := range []string{"first contractor", "second contractor", "third contractor", "fourth contractor", "fifth contractor", "sixth contractor", "seventh contractor", "eighth contractor"} {
		body.WriteString(`<h2>` + topic + `</h2><p>` + prose(topic) + `</p><p>` + prose(topic+" growth") + `</p>`)
	}
	page := `<html><head><title>Top electrical contractors</title></head><body><div class="post"><div class="post_body">
<div class="rich-text w-richtext"><p>` + prose("electrical construction") + `</p><p>` + prose("the market") + `</p><p>` + prose("the rankings") + `</p>
<h2>Top contractors</h2><div class="w-embed"><table><tr><th>Company</th><th>Revenue</th></tr>` + rows.String() + `</table></div></div>
<div class="cta"><a href="/download">Free download: the fastest-paying contractors</a></div>
<div class="rich-text w-richtext">` + body.String() + `</div>
</div></div></body></html>`
	a, err := FromHTML([]byte(page), "https://blog.example/top-electrical-contractors", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{prose("electrical construction"), prose("eighth contractor growth")} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
}

// A class naming a layout option about chrome ("sidebar-enabled--false",
// "has-sidebar", "no-comments") on the article's block is not chrome.
func TestBodyLayoutOptionClassesAreNoChrome(t *testing.T) {
	for _, class := range []string{"blog-article__main sidebar-enabled--false", "post has-sidebar", "entry no-comments", "main with-sidebar"} {
		page := `<html><head><title>Reducing waste</title></head><body><div class="wrap"><header><a href="/">Shop</a></header>
<section class="blog-wrap"><h1>Reducing waste</h1><div class="` + class + `"><h3>Key takeaways</h3><p>` + prose("waste") + `</p><p>` + prose("reuse") + `</p></div>
<div class="blog-article__main"><p>` + prose("compost") + `</p><p>` + prose("repairs") + `</p></div></section></div></body></html>`
		a, err := FromHTML([]byte(page), "https://blog.example/reducing-waste", nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(a.Text, prose("reuse")) {
			t.Errorf("class %q: text lacks the block:\n%s", class, a.Text)
		}
	}
	for c, want := range map[string]bool{"sidebar-enabled--false": true, "has-sidebar": true, "no-comments": true,
		"no-underline": false, "decoration-skip-ink-none": false, "sidebar": false, "comments-enabled": true} {
		if got := stateClass(c); got != want {
			t.Errorf("stateClass(%q) = %v, want %v", c, got, want)
		}
	}
}

// A data table under its heading whose every row links to a company,
// in a wrapper of its own (a scroll box): the section's content, as the
// bare table would be.
func TestBodyKeepsLinkedTableInWrapper(t *testing.T) {
	var rows strings.Builder
	for i := 1; i <= 10; i++ {
		rows.WriteString(`<tr><td><a href="https://c` + strconv.Itoa(i) + `.example/">Company ` + strconv.Itoa(i) + ` Inc.</a></td><td>$` + strconv.Itoa(i) + `.5B</td></tr>`)
	}
	page := `<html><head><title>Top companies</title></head><body><article><h1>Top companies</h1><p>` + prose("companies") + `</p>
<h2>The list</h2><div class="table-wrap"><div class="table-responsive"><table><tr><th>Company</th><th>Revenue</th></tr>` + rows.String() + `</table></div></div>
<p>` + prose("the method") + `</p></article></body></html>`
	a, err := FromHTML([]byte(page), "https://blog.example/top-companies", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Company 10 Inc. | $10.5B", prose("the method")} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
}

// A list of links a sentence of the text announces ("Here are the ones I
// read:") is the article's, links and all, even as the last thing in it;
// one announced as links to the site's other pages ("If you liked this
// post you might also like:") is not.
func TestBodyKeepsListAnnouncedBySentence(t *testing.T) {
	mk := func(announce string) string {
		var b strings.Builder
		b.WriteString(`<html><head><title>Newsletters I read</title></head><body><article><h1>Newsletters I read</h1><p>` + prose("newsletters") + `</p><p>` + prose("reading habits") + `</p><p>` + announce + `</p><ul>`)
		for i := 1; i <= 8; i++ {
			b.WriteString(`<li><a href="https://n` + strconv.Itoa(i) + `.example/">The Weekly Letter number ` + strconv.Itoa(i) + `</a></li>`)
		}
		b.WriteString(`</ul></article></body></html>`)
		return b.String()
	}
	a, err := FromHTML([]byte(mk("Here are the ones I read every week:")), "https://blog.example/newsletters", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"The Weekly Letter number 1", "The Weekly Letter number 8"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	for _, label := range []string{"If you liked this post you might also like:", "You can find us on social media here:"} {
		a, err = FromHTML([]byte(mk(label)), "https://blog.example/newsletters", nil)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(a.Text, "The Weekly Letter number 1") {
			t.Errorf("%q: text keeps the links after it:\n%s", label, a.Text)
		}
	}
}

// A page builder calls every block a widget ("elementor-widget
// elementor-widget-heading"): a heading or a short paragraph in one is
// the article's when the article goes on after it; a rating widget after
// the last paragraph is not.
func TestBodyKeepsBuilderWidgetsInTheArticle(t *testing.T) {
	widget := func(kind, inner string) string {
		return `<div class="elementor-element elementor-widget elementor-widget-` + kind + `"><div class="elementor-widget-container">` + inner + `</div></div>`
	}
	var b strings.Builder
	b.WriteString(`<html><head><title>Bluetooth proxies</title></head><body><div class="elementor"><div class="elementor-widget-wrap">`)
	b.WriteString(widget("text-editor", `<p>`+prose("smart homes")+`</p><p>`+prose("presence")+`</p>`))
	for _, h := range []string{"What is a Bluetooth proxy?", "Buying your proxy", "Powering your device"} {
		b.WriteString(widget("heading", `<h2 class="elementor-heading-title">`+h+`</h2>`))
		b.WriteString(widget("text-editor", `<p>If you have a spare charger, then this is the adapter for it:</p>`))
		b.WriteString(widget("text-editor", `<p>`+prose(h)+`</p><p>`+prose(h+" again")+`</p>`))
	}
	b.WriteString(widget("rating", `<p>How useful was this post?</p><p>Click on a star to rate it!</p>`))
	b.WriteString(`</div></div></body></html>`)
	a, err := FromHTML([]byte(b.String()), "https://blog.example/bluetooth-proxies", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"What is a Bluetooth proxy?", "Powering your device", "If you have a spare charger"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	if strings.Contains(a.Text, "rate it") {
		t.Errorf("text keeps the rating widget:\n%s", a.Text)
	}
}

// A section's own <header> (a step's number and heading in a card, the
// step's prose after it) is the section's, not the page's header; the
// page's header, with its links, and the article's, with its <h1>, stay
// out.
func TestBodyKeepsSectionHeaders(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><head><title>Workstation setup</title></head><body><header class="site"><a href="/">Home</a> <a href="/shop">Shop</a><h2>Logi</h2></header>
<main><header><h1>Set up your workstation</h1><p>A guide in five steps</p></header><p>` + prose("workstations") + `</p>`)
	for i, step := range []string{"Sit up straight", "Relax your shoulders", "Keep your screen at arm's length"} {
		b.WriteString(`<article class="step"><header><div>SETUP STEP #` + strconv.Itoa(i+1) + `</div><h3>` + step + `</h3></header><div><p>` + prose(step) + `</p></div></article>`)
	}
	b.WriteString(`</main></body></html>`)
	a, err := FromHTML([]byte(b.String()), "https://shop.example/workstation-setup", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"SETUP STEP #1", "Keep your screen at arm's length", prose("Relax your shoulders")} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	if strings.Contains(a.Text, "Shop") || strings.Contains(a.Text, "A guide in five steps") {
		t.Errorf("text keeps a page or article header:\n%s", a.Text)
	}
}

// The article split over sibling <section>s, the last a comparison grid
// of plain lists with no paragraph: a section of the article too.
func TestBodyKeepsListOnlySection(t *testing.T) {
	var grid strings.Builder
	grid.WriteString(`<section class="ranking-grid">`)
	for _, tool := range []string{"Squarespace", "Wix", "Shopify"} {
		grid.WriteString(`<div class="row"><div class="pros"><ul><li>` + tool + ` has beautiful, professionally designed templates</li><li>An all-in-one platform with hosting</li></ul></div>` +
			`<div class="cons"><ul><li>` + tool + ` has limited customisation compared to others</li><li>No free plan, only a trial of two weeks</li></ul></div></div>`)
	}
	grid.WriteString(`</section>`)
	page := `<html><head><title>The best website builders</title></head><body><main class="main-wrapper">
<section class="ranking-intro"><h1>The best website builders</h1><p>` + prose("website builders") + `</p><p>` + prose("small businesses") + `</p></section>
<section class="ranking-content"><h2>1. Squarespace</h2><p>` + prose("Squarespace") + `</p><p>` + prose("templates") + `</p><p>` + prose("commerce") + `</p><p>` + prose("pricing") + `</p><p>` + prose("support") + `</p><p>` + prose("plans") + `</p></section>
<section class="ranking-content"><h2>2. Wix</h2><p>` + prose("Wix") + `</p><p>` + prose("the editor") + `</p></section>` +
		grid.String() + `
</main><footer><a href="/about">About</a></footer></body></html>`
	a, err := FromHTML([]byte(page), "https://rankings.example/best-website-builders", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Shopify has limited customisation compared to others", prose("Wix")} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
}

// The intro in the article's header column, a block of the same kind as
// the column the body sits in, several wrappers up from the body's
// sections: kept before the body.
func TestBodyKeepsIntroBeforeBodyWrappers(t *testing.T) {
	var sections strings.Builder
	for i, topic := range []string{"the research", "the best laptop", "the runner-up", "the budget pick", "how we tested"} {
		sections.WriteString(`<div class="sec"><h2>` + topic + `</h2><p>` + prose(topic) + `</p><p>` + prose(topic+" in depth") + `</p>`)
		if i == 1 {
			for _, more := range []string{"screens", "keyboards", "batteries", "ports"} {
				sections.WriteString(`<p>` + prose(more) + `</p>`)
			}
		}
		sections.WriteString(`</div><div class="deal"><a href="/buy/` + strconv.Itoa(i) + `">$449 from Amazon</a> <a href="/buy/b` + strconv.Itoa(i) + `">$479 from Walmart</a> <a href="/buy/c` + strconv.Itoa(i) + `">$499 from Best Buy</a></div>`)
	}
	page := `<html><head><title>The best cheap laptops</title></head><body><main><article class="paywall"><div class="body-wrap">
<div class="body-part"><div class="crumbs"><a href="/electronics">Electronics</a></div><h1>The best cheap laptops</h1>
<div id="intro"><section><p>Lots of laptops cost less than $500, but it is hard to find a cheap one that does not totally disappoint you after a month of daily use.</p></section>
<section><p>Choosing a budget laptop is tricky because you can find dozens of options at a given time, and their prices change every week.</p></section></div></div>
<div class="body-part"></div>
<div class="body-part"><div class="grid"><div class="inner">` + sections.String() + `</div>
<div class="more-deals"><a href="/d/1">Laptop deals this week from all the shops we follow</a> <a href="/d/2">Tablet deals this week from all the shops we follow</a> <a href="/d/3">Monitor deals this week from all the shops we follow</a></div></div></div>
</div></article></main><footer><a href="/about">About us</a></footer></body></html>`
	a, err := FromHTML([]byte(page), "https://reviews.example/best-cheap-laptops", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Lots of laptops cost less than $500", "Choosing a budget laptop is tricky", prose("how we tested")} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
}

func TestNotesHeading(t *testing.T) {
	for _, h := range []string{"References", "References & Sources", "Notes and references", "Key References", "Sources:", "Quellen und Literatur", "Further reading"} {
		if !notesHeading(h) {
			t.Errorf("not a notes heading: %q", h)
		}
	}
	for _, h := range []string{"Related articles", "Sources of funding for the regions", "More from our sources", "Notes on a scandal"} {
		if notesHeading(h) {
			t.Errorf("taken for a notes heading: %q", h)
		}
	}
}

// Code between paragraphs in the markups met: a gist's table of lines, a
// <code> broken by <br>, a <pre> in <details>, WordPress's code block, a
// <pre> in a list item, a listing boxed in an <aside> inside the article.
func TestBodyKeepsCodeVariants(t *testing.T) {
	code := []string{"package main", "func main() {", "\tprintln(\"hi\")", "}"}
	gist := `<div class="gist"><div class="gist-file"><div class="gist-data"><table class="highlight tab-size js-file-line-container">`
	for i, l := range code {
		gist += `<tr><td id="L` + string(rune('1'+i)) + `" class="blob-num js-line-number" data-line-number="` + string(rune('1'+i)) + `"></td><td class="blob-code blob-code-inner js-file-line">` + l + `</td></tr>`
	}
	gist += `</table></div><div class="gist-meta"><a href="https://gist.github.com/raw">view raw</a> main.go hosted with ❤ by <a href="https://github.com">GitHub</a></div></div></div>`
	variants := map[string]string{
		"gist table":      gist,
		"code br":         `<p><code>` + strings.Join(code, "<br>") + `</code></p>`,
		"details pre":     `<details><summary>Show the code</summary><pre><code>` + strings.Join(code, "\n") + `</code></pre></details>`,
		"wp-block-code":   `<pre class="wp-block-code"><code>` + strings.Join(code, "\n") + `</code></pre>`,
		"pre in li":       `<ol><li>Write this:<pre>` + strings.Join(code, "\n") + `</pre></li><li>Run it.</li></ol>`,
		"code in sidebar": `<aside class="note"><pre>` + strings.Join(code, "\n") + `</pre></aside>`,
	}
	// Highlighters with no <pre>: a block per line in a cell named
	// "code" beside a gutter of the line numbers (SyntaxHighlighter,
	// Crayon), or a gist's row per line. Kept line by line, fenced in
	// markdown, without the numbers.
	sh := `<div class="syntaxhighlighter go"><table border="0" cellpadding="0" cellspacing="0"><tbody><tr><td class="gutter">`
	crayon := `<div class="crayon-syntax"><div class="crayon-main"><table class="crayon-table"><tr class="crayon-row"><td class="crayon-nums"><div class="crayon-nums-content">`
	for i := range code {
		sh += `<div class="line number` + strconv.Itoa(i+1) + `">` + strconv.Itoa(i+1) + `</div>`
		crayon += `<div class="crayon-num">` + strconv.Itoa(i+1) + `</div>`
	}
	sh += `</td><td class="code"><div class="container">`
	crayon += `</div></td><td class="crayon-code"><div class="crayon-pre">`
	for i, l := range code {
		l = strings.ReplaceAll(l, "\t", `<code class="go spaces">&nbsp;&nbsp;&nbsp;&nbsp;</code>`)
		sh += `<div class="line number` + strconv.Itoa(i+1) + `"><code class="go plain">` + l + `</code></div>`
		crayon += `<div class="crayon-line">` + l + `</div>`
	}
	sh += `</div></td></tr></tbody></table></div>`
	crayon += `</div></td></tr></table></div></div>`
	lines := map[string]string{
		"gist table":        gist,
		"syntaxhighlighter": sh,
		"crayon":            crayon,
	}
	for name, v := range lines {
		variants[name] = v
	}
	for name, v := range variants {
		page := `<html><head><title>Hello Go</title></head><body><article><h1>Hello Go</h1><p>` + prose("go") + `</p>` + v + `<p>` + prose("running it") + `</p></article></body></html>`
		a, err := FromHTML([]byte(page), "https://blog.example/hello-go", nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(a.Text, "println(\"hi\")") || !strings.Contains(a.Text, prose("running it")) {
			t.Errorf("%s: text lacks code:\n%s\nMD:\n%s", name, a.Text, a.Markdown)
		}
		if lines[name] == "" {
			continue
		}
		want := "package main\nfunc main() {\n"
		if !strings.Contains(a.Text, want) || !strings.Contains(a.Markdown, "```\n"+want) || strings.Contains(a.Text, "1 2 3") {
			t.Errorf("%s: code not kept line by line:\n%s\nMD:\n%s", name, a.Text, a.Markdown)
		}
	}
	// A data table with a column named "code" beside a row number stays
	// a table.
	page := `<html><head><title>Codes</title></head><body><article><h1>Codes</h1><p>` + prose("country codes") + `</p><table><tr><th>#</th><th>Code</th><th>Country</th></tr>` +
		`<tr><td>1</td><td class="code">DE</td><td>Germany</td></tr><tr><td>2</td><td class="code">FR</td><td>France</td></tr></table><p>` + prose("the end") + `</p></article></body></html>`
	a, err := FromHTML([]byte(page), "https://blog.example/codes", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "2 | FR | France") || !strings.Contains(a.Markdown, "| 2 | FR | France |") {
		t.Errorf("data table with a code column not kept as a table:\n%s\nMD:\n%s", a.Text, a.Markdown)
	}
}

// A box of the article (a heading and its prose, no link, the article
// going on after it) whatever its markup calls it: a complementary
// region, a "sidebar-box", a "related-content-box"; a caption stays out.
func TestBodyKeepsArticleBoxes(t *testing.T) {
	box := `<h4>Box 1. What counts as a water project</h4><p>` + prose("the definition of a water project") + `</p>`
	variants := map[string]string{
		"div role complementary":   `<div class="box" role="complementary">` + box + `</div>`,
		"aside role complementary": `<aside class="box" role="complementary">` + box + `</aside>`,
		"sidebar class box":        `<div class="sidebar-box">` + box + `</div>`,
		"callout note":             `<div class="callout callout-note">` + box + `</div>`,
		"figure box":               `<figure class="box">` + box + `</figure>`,
		"blockquote box":           `<blockquote class="box">` + box + `</blockquote>`,
		"pullout box":              `<div class="pullout">` + box + `</div>`,
		"infobox":                  `<div class="infobox">` + box + `</div>`,
		"text-box widget":          `<div class="text-box widget">` + box + `</div>`,
		"related-box named":        `<div class="related-content-box">` + box + `</div>`,
		// A tip or warning as documentation themes mark it, one long
		// paragraph and no heading; a box of recommendations, a heading
		// over a list.
		"admonition alert":  `<div class="theme-admonition alert alert--info"><p><strong>Note</strong></p><p>` + prose("the definition of a water project") + ` ` + prose("its limits") + `</p></div>`,
		"markdown alert":    `<div class="markdown-alert markdown-alert-warning"><p>` + prose("the definition of a water project") + ` ` + prose("its limits") + `</p></div>`,
		"notice box":        `<div class="notice notice-info"><p>` + prose("the definition of a water project") + ` ` + prose("its limits") + `</p></div>`,
		"alert with a list": `<div class="alert alert-info"><h4>Box 1</h4><ul><li>` + prose("the definition of a water project") + `</li><li>` + prose("its limits") + `</li></ul></div>`,
	}
	for name, v := range variants {
		page := `<html><head><title>Water</title></head><body><main><article><h1>Water</h1><p>` + prose("water") + `</p><p>` + prose("rivers") + `</p><div class="wp-caption"><p class="wp-caption-text">Photo of the river at dawn, taken by the team on the second day of the visit to the three dams of the region. The water level was at its lowest in ten years, and the old weir stood dry for the first time.</p></div>` + v + `<p>` + prose("the funds") + `</p><p>` + prose("the end") + `</p></article></main></body></html>`
		a, err := FromHTML([]byte(page), "https://think.example/water", nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(a.Text, prose("the definition of a water project")) {
			t.Errorf("%s: text lacks the box:\n%s", name, a.Text)
		}
		if strings.Contains(a.Text, "Photo of the river") {
			t.Errorf("%s: text keeps the caption:\n%s", name, a.Text)
		}
	}
}

// A section under an in-page heading that reads like an end marker ("More
// on the method", "Contributors") is the article's when prose follows it;
// "Related articles" and its teasers still end the body.
func TestBodySectionsAfterMarkerLikeHeadings(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><head><title>The survey</title></head><body><article><h1>The survey</h1>`)
	for _, topic := range []string{"the sample", "the questions", "the answers", "the regions"} {
		b.WriteString(`<p>` + prose(topic) + `</p>`)
	}
	b.WriteString(`<h2>More on the method</h2><p>` + prose("weighting") + `</p><p>` + prose("margins of error") + `</p>`)
	b.WriteString(`<h2>Contributors</h2><p>` + prose("the field team") + `</p><p>` + prose("the analysts") + `</p>`)
	b.WriteString(`<h2>Related articles</h2><p><a href="/a">Another survey of the regions and their budgets</a></p><p><a href="/b">What the regions spent on water in 2023</a></p>`)
	b.WriteString(`</article></body></html>`)
	a, err := FromHTML([]byte(b.String()), "https://think.example/the-survey", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"More on the method", prose("margins of error"), prose("the analysts")} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	if strings.Contains(a.Text, "Related articles") || strings.Contains(a.Text, "Another survey") {
		t.Errorf("text keeps the related links:\n%s", a.Text)
	}
}

// A recipe's ingredients and tips beside its steps, blocks of one kind
// (a class in common) that link nowhere: the article's, lists and all. A
// column that only shares the page builder's grid class stays out.
func TestBodyKeepsSameKindBlocksWithoutLinks(t *testing.T) {
	var steps strings.Builder
	for i, s := range []string{"Heat the oven to 350 degrees and grease the pan with butter before you start.", "Melt the butter in the pan, sprinkle the brown sugar over it and arrange the pineapple slices on top.", "Beat the cake mix, the reserved juice, the oil and the eggs for two minutes, then pour over the fruit.", "Bake for 45 minutes until a toothpick comes out clean, then turn the cake out onto a plate."} {
		steps.WriteString(`<li class="step" id="step` + strconv.Itoa(i) + `"><div class="step-text">` + s + `</div></li>`)
	}
	page := `<html><head><title>Pineapple upside-down cake</title></head><body><div class="page"><section class="main"><h1>Pineapple upside-down cake</h1><div class="columns">
<div class="recipeIngredients primary"><h2>Ingredients</h2><ul><li>1/4 cup butter</li><li>2/3 cup packed brown sugar</li><li>1 can (20 oz) pineapple slices in juice, drained, juice reserved</li><li>1 box yellow cake mix</li><li>1/3 cup vegetable oil</li><li>3 eggs</li><li>6 maraschino cherries without stems, drained</li><li>1 tub (8 oz) frozen whipped topping, thawed, if you like</li></ul></div>
<div class="recipeSteps primary"><h2>Steps</h2><ul>` + steps.String() + `</ul></div>
<div class="recipeTips primary"><h2>Expert tips</h2><ul><li>Serve with sweetened whipped cream or a tub of frozen whipped topping, thawed, for a lighter dessert.</li><li>Use maraschino cherries in the centre of each slice if you like a classic look.</li></ul></div>
</div></section>
<div class="sidebar-col bde-column"><p>Hey, I am Jessica! Welcome to my kitchen, where baking is made easy, doable and totally free of stress for every family.</p></div>
</div></body></html>`
	a, err := FromHTML([]byte(page), "https://recipes.example/pineapple-upside-down-cake", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"pineapple slices in juice, drained, juice reserved", "Bake for 45 minutes", "Serve with sweetened whipped cream"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	if strings.Contains(a.Text, "Hey, I am Jessica") {
		t.Errorf("text keeps the sidebar column:\n%s", a.Text)
	}
}

// Markdown keeps the structure CommonMark would otherwise break: a code
// block or a second paragraph of a list item stays under the item (at
// column 0 it ends the list), a line break in a table cell or a heading
// stays on the row's line, a fence outlasts the backticks in the code,
// a paragraph opening like a list item is escaped where an escape works
// ("1\." — a backslash before a digit is shown as is), and a line break
// in a paragraph stays one (two spaces before the newline).
func TestMarkdownKeepsStructure(t *testing.T) {
	page := `<html><head><title>Setting up foo</title></head><body><article><h1>Setting up foo</h1><p>` + prose("foo") + `</p>
<ol><li><p>Install it:</p><pre><code>apt-get install foo
foo --version</code></pre><p>It prints the version it installed.</p></li><li>Configure it.</li></ol>
<h2>Part one<br>and part two</h2><p>` + prose("configuration") + `</p>
<table><tr><th>Key</th><th>Value</th></tr><tr><td>mode<br>(required)</td><td>fast</td></tr></table>
<pre>echo "` + "```" + `"</pre>
<p>1. Not a list, a sentence opening with a number.</p>
<p>Write to us at:<br>Example Institute<br>1 Main Street</p>
<p>` + prose("the end") + `</p></article></body></html>`
	a, err := FromHTML([]byte(page), "https://blog.example/setting-up-foo", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"1. Install it:\n\n   ```\n   apt-get install foo\n   foo --version\n   ```\n\n   It prints the version it installed.\n\n2. Configure it.",
		"## Part one and part two\n",
		"| mode (required) | fast |",
		"````\necho \"```\"\n````",
		"1\\. Not a list",
		"Write to us at:  \nExample Institute  \n1 Main Street",
	} {
		if !strings.Contains(a.Markdown, want) {
			t.Errorf("markdown lacks %q:\n%s", want, a.Markdown)
		}
	}
	if !strings.Contains(a.Text, "Install it:\n\napt-get install foo\nfoo --version\n\nIt prints") {
		t.Errorf("text changed:\n%s", a.Text)
	}
}

// The lead in the page header, named by the description meta, is put back
// before the body even when the body opens with the lead's first sentence:
// its second sentence is only in the lead.
func TestBodyLeadWhoseFirstSentenceTheBodyRepeats(t *testing.T) {
	lead := "The youth groups of the farmers' unions call for a start-up grant for new farms. In a first meeting the minister said she was open to the idea."
	page := `<html><head><title>Grant for new farms</title><meta name="description" content="` + lead + `"></head><body>` +
		`<header class="intro-header"><h1>Grant for new farms</h1><p class="a-lead">` + lead + `</p></header>` +
		`<div class="article-body"><p>The youth groups of the farmers' unions call for a start-up grant for new farms. It would help young farmers with the cost of their first years.</p>` +
		`<p>` + prose("farm grants") + `</p><p>` + prose("the minister") + `</p></div></body></html>`
	a, err := FromHTML([]byte(page), "https://farm.example/news/grant-for-new-farms", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "In a first meeting the minister said she was open to the idea.") {
		t.Errorf("text lacks the lead's second sentence:\n%s", a.Text)
	}
	if strings.Count(a.Text, "call for a start-up grant") > 2 {
		t.Errorf("lead repeated more than once:\n%s", a.Text)
	}
}

// A plain part of the article beside the wrapper of the body, sharing its
// class and linking nowhere (a recipe's ingredients in one box, its steps
// in the next), is kept as the sibling rules keep it one level down.
func TestBodyKeepsKinBesideTheBodysWrapper(t *testing.T) {
	var steps strings.Builder
	for i := 1; i <= 4; i++ {
		steps.WriteString(`<p>` + sentence("the cake, step", i) + ` ` + prose("step "+strconv.Itoa(i)) + `</p>`)
	}
	page := `<html><head><title>Tangerine cake</title></head><body><main class="container">` +
		`<section class="box grid-float recipe-ingredients"><h2>Ingredients</h2><table class="ingredients"><tr><td>250 g</td><td>Flour for the shortcrust base</td></tr>` +
		`<tr><td>125 g</td><td>Margarine or butter, soft</td></tr><tr><td>3</td><td>Tangerines, about 175 g each</td></tr><tr><td>1 pinch</td><td>Salt</td></tr>` +
		`<tr><td>2 tins</td><td>Tangerine segments, drained, with their juice kept for the glaze</td></tr><tr><td>500 g</td><td>Soured cream, at room temperature</td></tr></table></section>` +
		`<section class="box grid-float recipe-steps"><h2>Method</h2><p class="meta">Prep time: 30 minutes. Baking time: about 60 minutes. ` +
		`<a href="/ratings">4.5 stars from 212 ratings</a></p><div class="box-body">` + steps.String() + `</div></section>` +
		`<aside class="box related"><h3>More cakes</h3><ul><li><a href="/r/1">Lemon cake</a></li><li><a href="/r/2">Apple pie</a></li></ul></aside></main></body></html>`
	a, err := FromHTML([]byte(page), "https://recipes.example/tangerine-cake", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Margarine or butter, soft", prose("step 4")} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	if strings.Contains(a.Text, "Lemon cake") {
		t.Errorf("text keeps the related links:\n%s", a.Text)
	}
}

// A reference page's entries (a definition list, each description a
// paragraph or two) followed by one long code listing: the listing's
// commas (arguments, not clauses) must not make it outscore the reference
// around it, which is the page.
func TestBodyLongListingDoesNotOutscoreReference(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><head><title>itertools — iterator functions</title></head><body><div class="document"><div class="body"><section id="module"><h1>itertools</h1><p>` + prose("iterators") + `</p><section id="functions"><h2>Functions</h2>`)
	for i := 1; i <= 12; i++ {
		b.WriteString(`<dl class="py function"><dt id="f` + strconv.Itoa(i) + `">itertools.func` + strconv.Itoa(i) + `(iterable, n)</dt><dd><p>Make an iterator number ` + strconv.Itoa(i) + ` that returns elements from the iterable until it is exhausted.</p><p>Roughly equivalent to the recipe below.</p></dd></dl>`)
	}
	b.WriteString(`</section><section id="recipes"><h2>Recipes</h2><p>` + prose("recipes") + `</p><div class="highlight-python"><pre>`)
	for i := 1; i <= 60; i++ {
		b.WriteString(`def recipe` + strconv.Itoa(i) + `(a, b, c, d, e):` + "\n" + `    return zip(a, b, c, d, e)` + "\n")
	}
	b.WriteString(`</pre></div></section></section></div></div><div class="sphinxsidebar"><h3>Navigation</h3><ul><li><a href="/a">Index</a></li></ul></div></body></html>`)
	a, err := FromHTML([]byte(b.String()), "https://docs.example/library/itertools.html", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Make an iterator number 1 that", "Make an iterator number 12 that", "def recipe60(a, b, c, d, e):"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%.600s", want, a.Text)
		}
	}
}

// A reference page whose intro section sits in the header's wrapper and
// its other sections, of the same tag and class, in the body's wrapper
// beside it: the body's sections are the page too, their linked names and
// all.
func TestBodyKeepsSectionsInTheNextWrapper(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><head><title>WebSocket - Web APIs</title></head><body><nav class="top-nav"><a href="/">Docs</a> <a href="/blog">Blog</a></nav><main id="content">`)
	b.WriteString(`<div class="layout-header"><h1>WebSocket</h1><section class="content-section"><p>` + prose("the WebSocket object") + `</p><p>` + prose("connections") + `</p><p>` + prose("messages") + `</p></section></div>`)
	b.WriteString(`<div class="layout-body">`)
	for _, sec := range []string{"Constructor", "Instance properties", "Instance methods", "Events"} {
		b.WriteString(`<section class="content-section"><h2>` + sec + `</h2><dl>`)
		for i := 1; i <= 4; i++ {
			name := strings.ReplaceAll(sec, " ", "") + strconv.Itoa(i)
			b.WriteString(`<dt><a href="/docs/WebSocket/` + name + `"><code>WebSocket.` + name + `</code></a></dt><dd><p>The ` + strings.ToLower(sec) + ` entry number ` + strconv.Itoa(i) + ` of the connection.</p></dd>`)
		}
		b.WriteString(`</dl></section>`)
	}
	b.WriteString(`</div></main><footer class="site-footer"><a href="/about">About</a></footer></body></html>`)
	a, err := FromHTML([]byte(b.String()), "https://docs.example/en-US/docs/Web/API/WebSocket", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{prose("messages"), "The instance properties entry number 2 of the connection.", "WebSocket.Events4"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
}

// A roundup names its entries by a paragraph that is one link each, to
// the blog that made it, between the pictures: the entries, not teasers.
// Shop buttons ("Shop X", one per brand) and the site's own teasers stay
// out.
func TestBodyKeepsRoundupEntries(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><head><title>10 easy wood projects</title></head><body><article class="post"><h1>10 easy wood projects</h1><p>` + prose("wood projects") + `</p>`)
	names := []string{"Industrial Pipe Bookshelf", "Reclaimed Wood Arrows", "Rustic Fireplace Mantel", "Cornhole Boards", "Two by Four Bench", "Murphy Bed", "Scroll Saw Lantern"}
	for i, n := range names {
		b.WriteString(`<p><a href="https://maker` + strconv.Itoa(i) + `.net/` + strings.ToLower(strings.ReplaceAll(n, " ", "-")) + `/"><img src="p.jpg" alt=""></a></p>`)
		b.WriteString(`<p style="text-align: center;"><a href="https://maker` + strconv.Itoa(i) + `.net/` + strings.ToLower(strings.ReplaceAll(n, " ", "-")) + `/">` + n + `</a></p>`)
		b.WriteString(`<p><a href="https://brand` + strconv.Itoa(i) + `.com/shop">Shop Brand ` + strconv.Itoa(i) + `.</a></p>`)
	}
	b.WriteString(`<p>` + prose("finishing the wood") + `</p><p><a href="/2024/05/more-projects/">More weekend projects from our workshop</a></p></article></body></html>`)
	a, err := FromHTML([]byte(b.String()), "https://createandmake.example/10-easy-wood-projects/", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if !strings.Contains(a.Text, n) {
			t.Errorf("text lacks the entry %q:\n%s", n, a.Text)
		}
	}
	for _, junk := range []string{"Shop Brand 3", "More weekend projects"} {
		if strings.Contains(a.Text, junk) {
			t.Errorf("text keeps %q:\n%s", junk, a.Text)
		}
	}
}

// TestBodyDropsLongNotices: a WordPress post that closes with a long
// paragraph about its author (no author box, the theme prints it as the
// post's last paragraph) and a long copyright notice keeps its text and
// loses both, whatever their length.
func TestBodyDropsLongNotices(t *testing.T) {
	bio := "About the author: Maren Holt has covered water policy, river basins and the politics of irrigation for fifteen years, " +
		"first as a reporter at a regional daily and then as an editor of a trade weekly on agriculture. She has written two books " +
		"on drought and the towns that live with it, teaches a course on environmental reporting every spring, and lives by a " +
		"river that floods more often than it used to, which she says keeps her honest about the subject."
	notice := "© 2024 Riverside Review. All rights reserved. No part of this article may be reproduced, distributed or transmitted " +
		"in any form or by any means, including photocopying, recording or other electronic or mechanical methods, without the " +
		"prior written permission of the publisher, except for brief quotations embodied in critical reviews and certain other " +
		"non-commercial uses permitted by copyright law. For permission requests, write to the publisher at the address below."
	page := `<html><head><title>The river and the town</title></head><body><div class="entry-content">` +
		strings.Repeat("<p>"+prose("rivers")+"</p><p>"+prose("towns")+"</p>", 3) +
		"<p>" + bio + "</p><p>" + notice + "</p></div></body></html>"
	a, err := FromHTML([]byte(page), "https://riverside.example/2024/05/the-river-and-the-town/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Text, "Maren Holt") || strings.Contains(a.Text, "All rights reserved") {
		t.Errorf("notice kept:\n%s", a.Text)
	}
	if !strings.Contains(a.Text, prose("towns")) {
		t.Errorf("body lost:\n%s", a.Text)
	}
}

// TestBodyEmbedsAndMarkedBodies: what a news CMS's markup says against the
// chrome words beside it. An embedded social post quoted by the article
// ("embed-social", a tweet's blockquote in a "tweet" box) and a body marked
// as the article's ("article-body" beside "sidebar-layout") are kept; a
// cookie notice set as a plain paragraph of the story goes.
func TestBodyEmbedsAndMarkedBodies(t *testing.T) {
	quote := "The council voted nine to two tonight to close the bridge for repairs over the summer months"
	embedded := "Residents of the east bank will have to drive forty minutes around the lake to reach the hospital"
	cookie := "To measure its audience, to remember your settings and to show you offers that may interest you, the Courier and " +
		"its partners store cookies on your device. You may change your mind at any time in the settings at the foot of every " +
		"page; by going on reading you consent to it."
	page := `<html><head><title>Bridge to close for repairs</title></head><body>
<div class="article-body sidebar-layout">` +
		"<p>" + prose("bridges") + "</p><p>" + prose("repairs") + "</p>" +
		`<div class="tweet-wrapper social"><blockquote class="twitter-tweet"><p>` + quote + ` <a href="https://t.example/abc">t.example/abc</a></p>— City Hall (@cityhall) <a href="https://x.example/cityhall/status/1">June 3, 2024</a></blockquote></div>` +
		"<p>" + prose("detours") + "</p>" +
		`<div class="embed-social share"><p><a href="https://social.example/p/1">` + embedded + `</a> (a post shared by City Hall)</p></div>` +
		"<p>" + prose("hospitals") + "</p><p>" + cookie + "</p><p>" + prose("summer") + "</p></div></body></html>"
	a, err := FromHTML([]byte(page), "https://news.example/2024/06/03/bridge-to-close/", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{quote, embedded, prose("bridges"), prose("summer")} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	if strings.Contains(a.Text, "store cookies") {
		t.Errorf("cookie notice kept:\n%s", a.Text)
	}
}

// TestBodyCutsTheTailAfterRelated: a post whose theme prints "Recent
// articles" and their teasers inside the post's own container, a heading
// over short paragraphs with a small link each, ends at the marker; the same words
// as a section of the article (a heading over prose) do not end it.
func TestBodyCutsTheTailAfterRelated(t *testing.T) {
	teaser := func(s string) string {
		return `<p>` + s + ` (<a href="/2024/04/` + strings.ReplaceAll(s[:12], " ", "-") + `/">more</a>), May 2024, by the desk.</p>`
	}
	page := `<html><head><title>The river and the town</title></head><body><div class="entry-content">` +
		"<p>" + prose("rivers") + "</p><p>" + prose("towns") + "</p><p>" + prose("floods") + "</p><p>" + prose("levees") + "</p>" +
		`<h2>Related reading</h2><p>` + prose("sources") + `</p><p>` + prose("further") + `</p>` +
		`<h3>Recent articles</h3>` + teaser("A primer on water rights in the west") + teaser("Dams and the fish that pass them") +
		teaser("What the drought did to the wheat") + `</div></body></html>`
	a, err := FromHTML([]byte(page), "https://riverside.example/2024/05/the-river-and-the-town/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Text, "Dams and the fish") || strings.Contains(a.Text, "Recent articles") {
		t.Errorf("tail kept:\n%s", a.Text)
	}
	if !strings.Contains(a.Text, prose("further")) {
		t.Errorf("section lost:\n%s", a.Text)
	}
}

// TestBodySkipsTeaserRowsInTheText: a news CMS's row of teasers set in
// the story's container between two paragraphs (no class to prune it by),
// a few words beside each of several links, goes; the story stays whole.
func TestBodySkipsTeaserRowsInTheText(t *testing.T) {
	teaser := func(title, blurb string) string {
		return `<div class="item"><a href="/news/` + strings.ReplaceAll(title, " ", "-") + `">` + title + `</a> <span>` + blurb + `</span></div>`
	}
	page := `<html><head><title>Bridge to close for repairs</title></head><body><div class="story">` +
		"<p>" + prose("bridges") + "</p><p>" + prose("repairs") + "</p>" +
		`<div class="row">` + teaser("Ferry fares rise in June", "Commuters face a second rise.") +
		teaser("Council approves bus lanes", "Work starts in the autumn.") +
		teaser("Harbour dredging delayed again", "Contractors blame the weather.") + `</div>` +
		"<p>" + prose("detours") + "</p><p>" + prose("summer") + "</p></div></body></html>"
	a, err := FromHTML([]byte(page), "https://news.example/2024/06/03/bridge-to-close/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Text, "Commuters face") || strings.Contains(a.Text, "bus lanes") {
		t.Errorf("teasers kept:\n%s", a.Text)
	}
	if !strings.Contains(a.Text, prose("summer")) || !strings.Contains(a.Text, prose("bridges")) {
		t.Errorf("story lost:\n%s", a.Text)
	}
}

// TestBodyDropsTrailingHeadings: a heading left with nothing under it at
// the end of a post (its widget of buttons pruned) is the widget's title.
func TestBodyDropsTrailingHeadings(t *testing.T) {
	page := `<html><head><title>The river and the town</title></head><body><article><div class="entry-content">` +
		"<p>" + prose("rivers") + "</p><p>" + prose("towns") + "</p><p>" + prose("floods") + "</p>" +
		`<h3>Pass it on to a neighbour</h3><div class="sharedaddy"><a href="https://social.example/share?u=1"><svg></svg></a></div>` +
		`</div></article></body></html>`
	a, err := FromHTML([]byte(page), "https://riverside.example/2024/05/the-river-and-the-town/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Text, "neighbour") {
		t.Errorf("trailing heading kept:\n%s", a.Text)
	}
	if !strings.Contains(a.Text, prose("floods")) {
		t.Errorf("body lost:\n%s", a.Text)
	}
}

// TestBodyDropsHiddenDecorationAndSmallForms: inside a post's container, a
// block the page hides from screen readers (aria-hidden: an icon font's
// letters, a decorative drop of the headline) and a small form (a poll's
// question and its choices) are not the post's text.
func TestBodyDropsHiddenDecorationAndSmallForms(t *testing.T) {
	page := `<html><head><title>The river and the town</title></head><body><div class="entry-wrap">` +
		"<p>" + prose("rivers") + "</p>" +
		`<div aria-hidden="true"><span>Big river, small town, long summer</span></div>` +
		"<p>" + prose("towns") + "</p>" +
		`<form action="/poll" method="post"><p>Should the levee be raised before the next flood season?</p><label><input type="radio" name="v" value="y"> Yes, this year</label><label><input type="radio" name="v" value="n"> No, wait for the study</label><button>Vote</button></form>` +
		"<p>" + prose("floods") + "</p></div></body></html>"
	a, err := FromHTML([]byte(page), "https://riverside.example/2024/05/the-river-and-the-town/", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, junk := range []string{"long summer", "levee be raised", "wait for the study"} {
		if strings.Contains(a.Text, junk) {
			t.Errorf("%q kept:\n%s", junk, a.Text)
		}
	}
	if !strings.Contains(a.Text, prose("floods")) || !strings.Contains(a.Text, prose("rivers")) {
		t.Errorf("body lost:\n%s", a.Text)
	}
}
