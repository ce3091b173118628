package extract

import (
	"fmt"
	"strings"
	"testing"
)

// The pages archivist's users crawl (think tanks, news sites, aggregators),
// written as their templates write them: the crawler follows hubs, keeps
// articles, and must not lose an article to a hub verdict.

// productPage is a page of one of those sites: its <head> (title, og:type,
// JSON-LD), its <body> class and its main content between the site's
// header and footer.
type productPage struct {
	title, ogType, ld, bodyClass, main string
}

func (p productPage) html() string {
	head := `<meta charset="utf-8"><title>` + p.title + ` | Institute for Fiscal Futures</title>`
	if p.ogType != "" {
		head += `<meta property="og:type" content="` + p.ogType + `"><meta property="og:title" content="` + p.title + `">`
	}
	if p.ld != "" {
		head += `<script type="application/ld+json">` + p.ld + `</script>`
	}
	return `<!DOCTYPE html><html lang="en"><head>` + head + `</head><body class="` + p.bodyClass + `">` +
		`<header class="site-header"><a class="logo" href="/">Institute for Fiscal Futures</a><nav class="main-nav"><ul>` +
		`<li><a href="/research/">Research</a></li><li><a href="/commentary/">Commentary</a></li><li><a href="/events/">Events</a></li>` +
		`<li><a href="/experts/">Experts</a></li><li><a href="/about/">About</a></li><li><a href="/donate/">Donate</a></li></ul></nav>` +
		`<form class="search-form" action="/"><input type="search" name="s" placeholder="Search"></form></header>` +
		`<main id="content" class="site-main">` + p.main + `</main>` +
		`<footer class="site-footer"><p>© 2025 Institute for Fiscal Futures, a registered charity.</p><ul>` +
		`<li><a href="/about/">About</a></li><li><a href="/contact/">Contact</a></li><li><a href="/privacy/">Privacy</a></li></ul></footer></body></html>`
}

// sentences are the stock of an article's prose and a teaser's summary.
var sentences = []string{
	"Public debt has risen in every large economy since the pandemic, and the cost of servicing it has risen faster still.",
	"Our estimates suggest that a one point rise in interest rates adds about half a percent of output to annual spending within five years.",
	"Governments that fixed their borrowing for longer terms have so far been shielded, but that protection wears off as old bonds mature.",
	"The choice is not between austerity and growth: it is about which taxes and which programmes carry the adjustment.",
	"Local authorities, which cannot borrow for day-to-day spending, have cut services that the central budget does not see.",
	"Pension funds hold much of the new debt, which ties the health of household savings to the credibility of the fiscal rules.",
	"A rule that targets debt five years ahead invites governments to promise restraint that always begins next year.",
	"Independent fiscal councils help, but only where ministers are obliged to answer their forecasts in public.",
}

// paras is n paragraphs of an article's prose, each two or three sentences.
func paras(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "<p>On the %s question: ", ordinals[i%len(ordinals)])
		for j := range 2 + i%2 {
			b.WriteString(sentences[(i+j)%len(sentences)] + " ")
		}
		b.WriteString("</p>")
	}
	return b.String()
}

// teasers is n teasers of a listing, as a template writes them: tag, class,
// linked headline, date, author, a summary of one sentence when withSummary.
func teasers(n int, tag, class, section string, withSummary bool) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `<%s class="%s"><h2 class="entry-title"><a href="/%s/2025/%02d/public-debt-after-the-pandemic-%d/">Public debt after the pandemic, note %d</a></h2>`+
			`<div class="meta"><time datetime="2025-%02d-14">14 %s 2025</time> · <a href="/experts/amina-diallo/">Amina Diallo</a></div>`,
			tag, class, section, i%12+1, i, i+1, i%12+1, teaserMonths[i%12])
		if withSummary {
			fmt.Fprintf(&b, `<p class="summary">%s</p>`, sentences[i%len(sentences)])
		}
		fmt.Fprintf(&b, `</%s>`, tag)
	}
	return b.String()
}

// ordinals make each paragraph of paras its own: an extractor drops a
// block that repeats another.
var ordinals = []string{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"}

var teaserMonths = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

const pager = `<nav class="navigation pagination" aria-label="Posts"><a class="page-numbers current">1</a><a class="page-numbers" href="page/2/">2</a><a class="next page-numbers" rel="next" href="page/2/">Next</a></nav>`

// TestKindProductPages: the product's own kinds of pages, each as one or
// more CMS templates write it, judged as the crawler needs.
func TestKindProductPages(t *testing.T) {
	const site = "https://fiscalfutures.example"
	articleLD := func(typ string) string {
		return `{"@context":"https://schema.org","@type":"` + typ + `","headline":"Public debt after the pandemic","datePublished":"2025-03-14T09:00:00Z","author":{"@type":"Person","name":"Amina Diallo"}}`
	}
	related := `<section class="related"><h2>Related</h2>` + teasers(3, "div", "related-post", "commentary", false) + `</section>`

	// Hubs.
	events := func() string {
		var b strings.Builder
		b.WriteString(`<h1>Events</h1><ul class="event-list">`)
		for i := range 8 {
			fmt.Fprintf(&b, `<li class="event"><time datetime="2025-%02d-03T18:00">3 %s 2025, 18:00</time><h3><a href="/events/fiscal-rules-roundtable-%d/">Fiscal rules roundtable %d</a></h3><p class="venue">London and online</p></li>`,
				i%12+1, teaserMonths[i%12], i, i+1)
		}
		b.WriteString(`</ul>`)
		return b.String()
	}()
	calendar := func() string {
		var b strings.Builder
		b.WriteString(`<h1>Calendar</h1><table class="calendar"><tr><th>Date</th><th>Event</th><th>Place</th></tr>`)
		for i := range 10 {
			fmt.Fprintf(&b, `<tr><td>%d May 2025</td><td><a href="/events/briefing-%d/">Budget briefing %d</a></td><td>Online</td></tr>`, i+1, i, i+1)
		}
		b.WriteString(`</table>`)
		return b.String()
	}()
	publications := func() string {
		var b strings.Builder
		b.WriteString(`<h1>Publications</h1><p>Our reports, briefing papers and working papers since 2010.</p><ul class="publications">`)
		for i := range 15 {
			fmt.Fprintf(&b, `<li><a href="/publications/working-paper-%d/">Working paper %d: debt, rates and rules</a> <span class="date">March 2025</span> <a href="/wp-content/uploads/2025/03/wp-%d.pdf">PDF, 1.2 MB</a></li>`, i, i+1, i)
		}
		b.WriteString(`</ul>`)
		return b.String()
	}()
	experts := func() string {
		var b strings.Builder
		b.WriteString(`<h1>Our experts</h1><div class="people-grid">`)
		for i, name := range []string{"Amina Diallo", "Tom Becker", "Priya Nair", "Luis Ortega", "Hannah Weiss", "Kwame Mensah", "Sofia Rossi", "Jin Park", "Olga Ivanova"} {
			slug := strings.ToLower(strings.ReplaceAll(name, " ", "-"))
			fmt.Fprintf(&b, `<div class="person"><a href="/experts/%s/"><img src="/img/%d.jpg" alt="%s"></a><h3><a href="/experts/%s/">%s</a></h3><p class="role">Senior fellow, public finance</p></div>`, slug, i, name, slug, name)
		}
		b.WriteString(`</div>`)
		return b.String()
	}()
	bio := `<div class="author-bio"><img src="/img/amina.jpg" alt=""><h1>Amina Diallo</h1><p>Amina Diallo is a senior fellow at the Institute, where she leads the work on public debt and fiscal rules. ` +
		`Before joining she spent ten years at the finance ministry, advising three chancellors on borrowing, and she sits on the advisory panel of the national fiscal council.</p></div><h2>Latest from Amina Diallo</h2>`
	// An expert's page as think tanks' CMSs write it: three paragraphs of
	// biography, then the expert's latest work.
	longBio := `<div class="expert-header"><img src="/img/amina.jpg" alt=""><h1>Amina Diallo</h1><p class="role">Senior fellow, public finance</p></div><div class="expert-bio">` +
		`<p>Amina Diallo is a senior fellow at the Institute, where she leads the work on public debt and fiscal rules. Her research covers how governments borrow, what it costs them, and how fiscal councils hold ministers to their promises.</p>` +
		`<p>Before joining the Institute she spent ten years at the finance ministry, advising three chancellors on borrowing and on the design of the fiscal framework, and two years at the central bank's debt management office.</p>` +
		`<p>She sits on the advisory panel of the national fiscal council and teaches public economics at the university. She holds a doctorate in economics and writes regularly for the national press on budgets and the public finances.</p>` +
		`</div><h2>Latest from Amina Diallo</h2>`
	// A publications page as a plugin types it (an article), listing a
	// few reports, each with its PDF.
	fewPublications := func() string {
		var b strings.Builder
		b.WriteString(`<h1>Publications</h1><p>Our reports and briefing papers.</p><div class="publications">`)
		for i := range 3 {
			fmt.Fprintf(&b, `<div class="publication"><h3><a href="/publications/briefing-paper-%d/">Briefing paper %d: debt, rates and rules</a></h3><span class="date">March 2025</span> <a class="download" href="/wp-content/uploads/2025/03/bp-%d.pdf">Download the PDF (1.2 MB)</a></div>`, i, i+1, i)
		}
		b.WriteString(`</div>`)
		return b.String()
	}()
	searchResults := `<h1>Search results for “debt”</h1><p class="count">24 results</p>` + teasers(10, "article", "search-result", "research", true) + pager
	newsFront := `<h1 class="visually-hidden">The Daily Ledger</h1><div class="lead-story"><h2><a href="/news/2025/03/14/budget-vote-delayed/">Budget vote delayed as coalition talks stall</a></h2><p>` + sentences[0] + `</p></div>` +
		`<div class="river">` + teasers(20, "div", "story-card", "news", true) + `</div>`
	aggregator := `<h1>Economy</h1><ul class="feed">` + func() string {
		var b strings.Builder
		for i := range 12 {
			fmt.Fprintf(&b, `<li class="feed-item"><h3><a href="/item/%d/interest-rates-and-debt">Interest rates and the debt: note %d</a></h3><span class="source">via <a href="https://news.example/">The Ledger</a></span> <span class="ago">%d hours ago</span></li>`, 7000+i, i, i+1)
		}
		return b.String()
	}() + `</ul>`

	// Pages.
	about := `<article class="page"><h1>About us</h1><p>The Institute for Fiscal Futures is an independent research institute founded in 2009. ` +
		`We study public finance and publish what we find, and we take no money from governments or political parties.</p><h2>Our team</h2><p>Forty researchers work from London and Brussels.</p></article>`
	contact := `<article class="page"><h1>Contact</h1><p>Institute for Fiscal Futures, 12 Example Street, London.</p><p>Press: <a href="mailto:press@fiscalfutures.example">press@fiscalfutures.example</a></p>` +
		`<form class="wpcf7-form"><label>Your name <input name="name"></label><label>Your message <textarea name="msg"></textarea></label><button>Send</button></form></article>`
	donate := `<article class="page"><h1>Support our work</h1><p>Your gift keeps our research independent and free to read.</p>` +
		`<form class="donation-form"><label><input type="radio" name="amt" value="25"> £25</label><label><input type="radio" name="amt" value="50"> £50</label><label><input type="radio" name="amt" value="100"> £100</label><button>Donate now</button></form></article>`
	newsletter := `<article class="page"><h1>Newsletter</h1><p>Our weekly briefing on public finance, every Friday.</p><form class="newsletter"><input type="email" name="email" placeholder="Email address"><button>Sign up</button></form></article>`

	// Articles.
	commentary := `<article class="post"><h1 class="entry-title">Public debt after the pandemic</h1><div class="meta">By <a href="/experts/amina-diallo/">Amina Diallo</a> · 14 March 2025</div><div class="entry-content">` +
		paras(6) + `</div></article>` + related
	report := func() string {
		var b strings.Builder
		b.WriteString(`<article class="report"><h1>Paying for the debt: a fiscal framework for the next decade</h1><div class="meta">Report · March 2025</div><h2>Summary</h2>` + paras(4))
		b.WriteString(`<h2>Recommendations</h2><ol class="recommendations">`)
		for i := range 10 {
			fmt.Fprintf(&b, `<li><strong>Recommendation %d.</strong> %s</li>`, i+1, sentences[i%len(sentences)])
		}
		b.WriteString(`</ol><h2>1. The state of the public finances</h2>` + paras(5) + `<table><tr><th>Year</th><th>Debt, % of GDP</th><th>Interest, % of GDP</th></tr>`)
		for y := range 8 {
			fmt.Fprintf(&b, `<tr><td>%d</td><td>%d.%d</td><td>%d.%d</td></tr>`, 2018+y, 80+y, y, 2+y/3, y)
		}
		b.WriteString(`</table><h2>2. Options</h2>` + paras(5) + `<h2>Endnotes</h2><ol class="endnotes">`)
		for i := range 25 {
			fmt.Fprintf(&b, `<li id="fn%d">Office for Budget Responsibility, <a href="https://obr.example/efo-%d">Economic and fiscal outlook</a>, table %d.</li>`, i, i, i+1)
		}
		b.WriteString(`</ol></article>`)
		return b.String()
	}()
	syndicated := `<div class="syndication-notice">This article was originally published by <a href="https://thinktank.example/commentary/public-debt">the Institute for Fiscal Futures</a> and is republished under a Creative Commons licence.</div>` +
		`<article class="story"><h1>Public debt after the pandemic</h1><p class="byline">Amina Diallo, Institute for Fiscal Futures</p>` + paras(7) +
		`<p class="source-link"><a href="https://thinktank.example/commentary/public-debt">Read the original article</a></p></article>` +
		`<div class="more-from-source"><h2>More from this source</h2>` + teasers(4, "div", "source-item", "item", false) + `</div>`
	interview := func() string {
		var b strings.Builder
		b.WriteString(`<article class="post"><h1>“Fiscal rules fail when nobody enforces them”: an interview with Amina Diallo</h1><p class="standfirst">We spoke to Amina Diallo about her new report.</p>`)
		for i := range 7 {
			fmt.Fprintf(&b, `<p><strong>Q: What does the report find about point %d?</strong></p><p>%s %s</p>`, i+1, sentences[i%len(sentences)], sentences[(i+3)%len(sentences)])
		}
		b.WriteString(`</article>`)
		return b.String()
	}()
	listicle := func() string {
		var b strings.Builder
		b.WriteString(`<article class="post"><h1>10 things to know about the national debt</h1><p>` + sentences[0] + `</p>`)
		for i := range 10 {
			fmt.Fprintf(&b, `<h2>%d. <a href="/research/debt-fact-%d/">Debt fact number %d</a></h2><p>%s</p>`, i+1, i, i+1, sentences[i%len(sentences)])
		}
		b.WriteString(`</article>`)
		return b.String()
	}()
	liveBlog := func() string {
		var b strings.Builder
		b.WriteString(`<div class="live-blog"><h1>Budget 2025: live</h1><p class="standfirst">Follow the chancellor's statement and the reaction as it happens.</p>`)
		for i := range 15 {
			fmt.Fprintf(&b, `<article class="live-update" id="update-%d"><time datetime="2025-03-14T%02d:%02d">%02d:%02d</time><h2>Update on the debt forecast</h2><p>%s</p>`+
				`<p class="share"><a href="#update-%d">Share this update</a></p></article>`, i, 12+i/4, (i%4)*15, 12+i/4, (i%4)*15, sentences[i%len(sentences)], i)
		}
		b.WriteString(`</div>`)
		return b.String()
	}()

	type productCase struct {
		name, url string
		page      productPage
		want      string
	}
	cases := []productCase{
		// Home pages.
		{"WordPress home", site + "/", productPage{"Home", "website", "", "home blog wp-embed-responsive", `<h1>Latest</h1>` + teasers(8, "article", "post type-post", "commentary", true)}, KindHub},
		{"Ghost home", site + "/", productPage{"Institute for Fiscal Futures", "website", "", "home-template", `<div class="post-feed">` + teasers(9, "article", "post-card", "commentary", true) + `</div>`}, KindHub},
		{"news front", "https://ledger.example/", productPage{"The Daily Ledger", "website", "", "front", newsFront}, KindHub},
		{"aggregator home", "https://aggregate.example/", productPage{"Aggregate: economy news", "website", "", "", aggregator}, KindHub},
		// Sections, from two to thirty teasers.
		{"WordPress category, 2 teasers", site + "/commentary/", productPage{"Commentary", "website", "", "archive category category-commentary", `<h1>Commentary</h1>` + teasers(2, "article", "post", "commentary", true)}, KindHub},
		{"section without listing classes, 2 teasers", site + "/commentary/", productPage{"Commentary", "website", "", "wp-embed-responsive", `<h1>Commentary</h1>` + teasers(2, "article", "post", "commentary", true)}, KindHub},
		{"section without listing classes, 5 teasers", site + "/commentary/", productPage{"Commentary", "website", "", "", `<h1>Commentary</h1>` + teasers(5, "div", "teaser", "commentary", true)}, KindHub},
		{"Drupal section, 30 teasers and a pager", site + "/our-work/analysis", productPage{"Analysis", "website", "", "path-our-work page-node-type-landing", `<h1>Analysis</h1><div class="view-content">` + teasers(30, "div", "views-row", "analysis", true) + `</div>` + pager}, KindHub},
		{"Hugo section", site + "/posts/", productPage{"Posts", "website", "", "", `<h1>Posts</h1><ul class="posts">` + teasers(12, "li", "post-item", "posts", false) + `</ul>`}, KindHub},
		// Tags and topics.
		{"WordPress tag", site + "/tag/interest-rates/", productPage{"Interest rates", "website", "", "archive tag tag-interest-rates", `<h1>Tag: interest rates</h1>` + teasers(6, "article", "post", "commentary", true)}, KindHub},
		{"Ghost tag", site + "/tag/debt/", productPage{"Debt", "website", "", "tag-template tag-debt", `<h1>Debt</h1>` + teasers(4, "article", "post-card", "commentary", true)}, KindHub},
		{"Hugo tag", site + "/tags/debt/", productPage{"Debt", "", "", "", `<h1>Debt</h1><ul>` + teasers(7, "li", "", "posts", false) + `</ul>`}, KindHub},
		{"Drupal topic", site + "/taxonomy/term/12", productPage{"Public debt", "", "", "path-taxonomy", `<h1>Public debt</h1><p>Our work on how governments borrow.</p>` + teasers(6, "div", "views-row", "research", true)}, KindHub},
		{"topic page without classes", site + "/topics/public-debt/", productPage{"Public debt", "website", "", "", `<h1>Public debt</h1><p>Our work on how governments borrow and what it costs.</p>` + teasers(8, "div", "card", "research", true)}, KindHub},
		// Authors, with a bio above the list.
		{"WordPress author", site + "/author/amina-diallo/", productPage{"Amina Diallo", "profile", "", "archive author author-amina-diallo", bio + teasers(6, "article", "post", "commentary", true)}, KindHub},
		{"expert page without classes", site + "/experts/amina-diallo/", productPage{"Amina Diallo", "profile", "", "", bio + teasers(6, "div", "teaser", "commentary", true)}, KindHub},
		{"expert page with a long bio", site + "/experts/amina-diallo/", productPage{"Amina Diallo", "profile", "", "", longBio + teasers(6, "div", "teaser", "commentary", true)}, KindHub},
		{"expert page typed ProfilePage, a bio of five paragraphs", site + "/people/amina-diallo", productPage{"Amina Diallo", "website", `{"@context":"https://schema.org","@type":"ProfilePage","mainEntity":{"@type":"Person","name":"Amina Diallo"}}`, "", longBio + paras(5) + teasers(4, "div", "teaser", "commentary", true)}, KindHub},
		// Date archives, page 2, search.
		{"WordPress month", site + "/2025/03/", productPage{"March 2025", "website", "", "archive date", `<h1>Month: March 2025</h1>` + teasers(8, "article", "post", "commentary", true)}, KindHub},
		{"WordPress page 2", site + "/commentary/page/2/", productPage{"Commentary", "website", "", "archive category paged paged-2", `<h1>Commentary</h1>` + teasers(10, "article", "post", "commentary", true) + pager}, KindHub},
		{"page 2 without classes", site + "/commentary/page/2/", productPage{"Commentary – page 2", "website", "", "", `<h1>Commentary</h1>` + teasers(10, "div", "teaser", "commentary", true) + pager}, KindHub},
		{"WordPress search", site + "/?s=debt", productPage{"Search", "", "", "search search-results", searchResults}, KindHub},
		{"search without classes", site + "/search?q=debt", productPage{"Search", "", "", "", searchResults}, KindHub},
		// SEO plugins type a section an article too.
		{"section typed an article, 3 teasers", site + "/commentary/", productPage{"Commentary", "article", "", "", `<h1>Commentary</h1>` + teasers(3, "article", "post", "commentary", true)}, KindHub},
		{"section typed an article, 8 teasers", site + "/our-work/commentary", productPage{"Commentary", "article", "", "", `<h1>Commentary</h1>` + teasers(8, "div", "teaser", "commentary", true)}, KindHub},
		{"section typed an article, with a pager", site + "/our-work/commentary", productPage{"Commentary", "article", "", "", `<h1>Commentary</h1>` + teasers(8, "div", "teaser", "commentary", true) + pager}, KindHub},
		{"aggregator section typed an article", "https://aggregate.example/economy/", productPage{"Economy", "article", "", "", `<h1>Economy</h1>` + teasers(12, "div", "feed-item", "item", true)}, KindHub},
		{"topic page with an essay", site + "/topics/public-debt/", productPage{"Public debt", "website", "", "", `<h1>Public debt</h1>` + paras(4) + teasers(6, "div", "card", "research", true)}, KindHub},
		{"Hugo home with a line about the author", site + "/", productPage{"Home", "website", "", "", `<p>I write about public finance.</p><ul>` + teasers(5, "li", "", "posts", false) + `</ul>`}, KindHub},
		{"WordPress search, no results", site + "/?s=zzz", productPage{"Search", "", "", "search search-no-results", `<h1>Nothing found</h1><p>Sorry, nothing matched your search.</p>`}, KindHub},
		// Events, publications, experts.
		{"event list", site + "/events/", productPage{"Events", "website", "", "", events}, KindHub},
		{"event calendar", site + "/events/calendar/", productPage{"Calendar", "website", "", "", calendar}, KindHub},
		{"publications with PDFs", site + "/publications/", productPage{"Publications", "website", "", "", publications}, KindHub},
		{"publications typed an article, three PDFs", site + "/publications/", productPage{"Publications", "article", "", "", fewPublications}, KindHub},
		{"experts directory", site + "/experts/", productPage{"Our experts", "website", "", "", experts}, KindHub},
		// The site's own pages.
		{"about", site + "/about/", productPage{"About us", "website", "", "page-template-default page", about}, KindPage},
		{"contact", site + "/contact/", productPage{"Contact", "website", "", "page-template-default page", contact}, KindPage},
		{"donate", site + "/donate/", productPage{"Support our work", "website", "", "page-template-default page", donate}, KindPage},
		{"event", site + "/events/fiscal-rules-roundtable/", productPage{"Fiscal rules roundtable", "website", `{"@context":"https://schema.org","@type":"Event","name":"Fiscal rules roundtable"}`, "",
			`<h1>Fiscal rules roundtable</h1><p>3 May 2025, 18:00, London and online.</p><p>Join us for a discussion of the new fiscal rules.</p><a class="button" href="/events/fiscal-rules-roundtable/register">Register</a>`}, KindPage},
		{"expert's profile", site + "/experts/tom-becker/", productPage{"Tom Becker", "profile", "", "", `<h1>Tom Becker</h1><p>Tom Becker is a fellow working on tax policy.</p>`}, KindPage},
		{"newsletter", site + "/newsletter/", productPage{"Newsletter", "website", "", "page-template-default page", newsletter}, KindPage},
		// Articles.
		{"short commentary", site + "/commentary/2025/03/public-debt-after-the-pandemic/", productPage{"Public debt after the pandemic", "article", articleLD("BlogPosting"), "single single-post", commentary}, KindArticle},
		{"short commentary, no claims", site + "/commentary/public-debt", productPage{"Public debt after the pandemic", "", "", "", commentary}, KindArticle},
		{"long report", site + "/publications/paying-for-the-debt/", productPage{"Paying for the debt", "article", articleLD("Report"), "single single-publication", report}, KindArticle},
		{"dated commentary, no metadata", site + "/2025/03/14/public-debt/", productPage{"Public debt", "", "", "", `<h1>Public debt</h1>` + paras(5)}, KindArticle},
		{"very short commentary", site + "/commentary/public-debt", productPage{"Public debt", "article", "", "", `<h1>Public debt</h1>` + paras(2) + related}, KindArticle},
		{"aggregator copy", "https://aggregate.example/item/7012/public-debt-after-the-pandemic", productPage{"Public debt after the pandemic", "article", "", "item", syndicated}, KindArticle},
		{"interview", site + "/commentary/fiscal-rules-interview/", productPage{"Fiscal rules: an interview", "article", articleLD("NewsArticle"), "post-template", interview}, KindArticle},
		{"listicle", site + "/research/10-things-to-know-about-the-national-debt/", productPage{"10 things to know about the national debt", "article", "", "single", listicle}, KindArticle},
		{"live blog", "https://ledger.example/news/live/budget-2025", productPage{"Budget 2025: live", "article", articleLD("LiveBlogPosting"), "", liveBlog}, KindArticle},
	}
	for _, c := range cases {
		k, ev := kindOf(t, c.page.html(), c.url)
		if k != c.want {
			var why []string
			score := kindScoreWhy(ev, &why, kindOff)
			t.Errorf("%s: kind %q, want %s (score %d: %s)\n%+v", c.name, k, c.want, score, strings.Join(why, " "), *ev)
		}
	}
}
