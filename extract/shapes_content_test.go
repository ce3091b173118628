package extract

import (
	"fmt"
	"strings"
	"testing"
)

// The shapes of article the body rules lost most on unseen pages: a
// listicle whose list is the article, a think-tank report (numbered
// recommendations, a table, a box, endnotes), a tutorial with code between
// paragraphs, a body split over sibling sections. Each is built in a few
// markups and wrapped in the usual chrome; text and markdown must keep
// every part and drop the chrome.

// shapeChrome wraps an article body in a page's header, menu, sidebar of
// related links and footer.
func shapeChrome(title, body string) string {
	return `<!doctype html><html><head><title>` + title + ` | Example Institute</title>
<meta property="og:type" content="article"></head><body>
<header class="site-header"><a href="/">Example Institute</a>
<nav class="main-nav"><ul><li><a href="/research">Research</a></li><li><a href="/experts">Experts</a></li><li><a href="/events">Events</a></li><li><a href="/about">About</a></li></ul></nav></header>
<div class="wrap"><div class="main-col">` + body + `</div>
<div class="side-col"><h3>Most read</h3><ul>
<li><a href="/r/1">Why the budget deal collapsed in the final week of talks</a></li>
<li><a href="/r/2">Five charts that explain the energy transition in Europe</a></li>
<li><a href="/r/3">What the new trade rules mean for small exporters</a></li></ul></div></div>
<footer class="site-footer"><p>Example Institute, 1 Main Street. Contact us. Careers.</p><p>© 2025 Example Institute</p></footer>
</body></html>`
}

// sentence is a distinct sentence of ordinary prose about topic.
func sentence(topic string, i int) string {
	return fmt.Sprintf("Number %d on %s is worth a look because it changed how people think about the subject, and it still holds up.", i, topic)
}

type shapeCase struct {
	name, page string
	want       []string // in the text
	wantMD     []string // in the markdown
	notWant    []string // not in the text
}

func listicleCases() []shapeCase {
	var cs []shapeCase
	items := func(open, close string, wrap func(i int) string) string {
		var b strings.Builder
		b.WriteString(open)
		for i := 1; i <= 20; i++ {
			b.WriteString(wrap(i))
		}
		b.WriteString(close)
		return b.String()
	}
	intro := `<h1>My 20 favourite books on cities</h1><p>` + prose("favourite books") + `</p>`
	var want []string
	for i := 1; i <= 20; i++ {
		want = append(want, sentence("city books", i))
	}
	cs = append(cs, shapeCase{name: "listicle li", page: shapeChrome("My 20 favourite books", `<article>`+intro+items(`<ol>`, `</ol>`, func(i int) string {
		return fmt.Sprintf(`<li>%s</li>`, sentence("city books", i))
	})+`</article>`), want: want, wantMD: []string{"1. " + sentence("city books", 1), "20. " + sentence("city books", 20)}})
	cs = append(cs, shapeCase{name: "listicle li linked title", page: shapeChrome("My 20 favourite books", `<article>`+intro+items(`<ul class="list">`, `</ul>`, func(i int) string {
		return fmt.Sprintf(`<li><a href="/book/%d"><strong>Book %d</strong></a> — %s</li>`, i, i, sentence("city books", i))
	})+`</article>`), want: want})
	cs = append(cs, shapeCase{name: "listicle li no wrapper", page: shapeChrome("My 20 favourite books", `<div class="entry">`+intro+items(`<ul>`, `</ul>`, func(i int) string {
		return fmt.Sprintf(`<li>%s</li>`, sentence("city books", i))
	})+`</div>`), want: want})
	cs = append(cs, shapeCase{name: "listicle h2 per item", page: shapeChrome("My 20 favourite books", `<div class="post">`+intro+items(``, ``, func(i int) string {
		return fmt.Sprintf(`<h2>%d. Book %d</h2><p>%s</p>`, i, i, sentence("city books", i))
	})+`</div>`), want: append([]string{"20. Book 20"}, want...)})
	cs = append(cs, shapeCase{name: "listicle short items only", page: shapeChrome("My 20 favourite books", `<main><h1>My 20 favourite books on cities</h1><p>Here they are, in no order.</p>`+items(`<ol>`, `</ol>`, func(i int) string {
		return fmt.Sprintf(`<li>%s</li>`, sentence("city books", i))
	})+`</main>`), want: want})
	// A list of links the title counts, the last thing on the page: the
	// article, not a row of related links.
	var links strings.Builder
	var lwant []string
	links.WriteString(`<article><h1>My 12 favourite newsletters</h1><p>` + prose("newsletters") + `</p><ol>`)
	for i := 1; i <= 12; i++ {
		links.WriteString(fmt.Sprintf(`<li><a href="https://n%d.example/">The Weekly Letter number %d</a></li>`, i, i))
		lwant = append(lwant, fmt.Sprintf("The Weekly Letter number %d", i))
	}
	links.WriteString(`</ol></article>`)
	cs = append(cs, shapeCase{name: "listicle of links the title counts", page: shapeChrome("My 12 favourite newsletters", links.String()), want: lwant})
	// A buying guide: each entry's facts in a list, its shops linked in
	// a sub-list.
	var guide strings.Builder
	var gwant []string
	guide.WriteString(`<div class="rich-text"><p>` + prose("tools") + `</p>`)
	for i := 1; i <= 6; i++ {
		guide.WriteString(fmt.Sprintf(`<h3>%d. Tool %d</h3><p>%s</p><ul><li><p><b>Plan to spend:</b> $%d–$%d</p></li>`+
			`<li><p><b>Buying options:</b></p><ul><li><a href="https://shop.example/a%d">Shop A (Brand %d)</a></li><li><a href="https://shop.example/b%d">Shop B (Brand %d)</a></li><li><a href="https://shop.example/c%d">Shop C (Brand %d)</a></li></ul></li></ul>`,
			i, i, prose(fmt.Sprintf("tool %d", i)), 10*i, 20*i, i, i, i, i, i, i))
		gwant = append(gwant, fmt.Sprintf("Plan to spend: $%d–$%d", 10*i, 20*i), fmt.Sprintf("Shop B (Brand %d)", i))
	}
	guide.WriteString(`<h2>Final thoughts</h2><p>` + prose("choosing tools") + `</p></div>`)
	cs = append(cs, shapeCase{name: "buying guide lists", page: shapeChrome("Tools", guide.String()), want: gwant})
	return cs
}

func reportCases() []shapeCase {
	recs := []string{
		"Create a standing fund for regional water projects, financed by the member states in proportion to their use.",
		"Publish every contract above one million euros within thirty days of signature, with its annexes.",
		"Give the regional audit office the power to open inquiries of its own motion and to publish them.",
		"Review the programme after three years against the targets set in this report, and end what does not work.",
	}
	var ol strings.Builder
	ol.WriteString(`<h2>Recommendations</h2><ol class="recommendations">`)
	for _, r := range recs {
		ol.WriteString(`<li><p>` + r + `</p></li>`)
	}
	ol.WriteString(`</ol>`)
	table := `<table class="data"><caption>Table 1. Spending by region</caption><thead><tr><th>Region</th><th>2022</th><th>2023</th></tr></thead>` +
		`<tbody><tr><td>North</td><td>12.1</td><td>14.3</td></tr><tr><td>South</td><td>8.4</td><td>9.9</td></tr></tbody></table>`
	box := `<aside class="box"><h4>Box 1. What counts as a water project</h4><p>` + prose("the definition of a water project") + `</p></aside>`
	box2 := `<div class="callout"><h4>Box 1. What counts as a water project</h4><p>` + prose("the definition of a water project") + `</p></div>`
	notes := `<h2>Notes</h2><ol class="endnotes"><li id="fn1">Regional Audit Office, Annual Report 2023, p. 14.</li>` +
		`<li id="fn2">Interview with a ministry official, Brussels, March 2024.</li><li id="fn3">See the annex for the full data set and the method.</li></ol>`
	notes2 := `<div class="footnotes"><hr><ol><li id="fn1"><p>Regional Audit Office, Annual Report 2023, p. 14. <a href="#ref1">↩</a></p></li>` +
		`<li id="fn2"><p>Interview with a ministry official, Brussels, March 2024. <a href="#ref2">↩</a></p></li><li id="fn3"><p>See the annex for the full data set and the method. <a href="#ref3">↩</a></p></li></ol></div>`
	// Endnotes that are all links, after the last paragraph: kept because
	// the text points to them.
	notes3 := `<h2>Endnotes</h2><ol><li id="n1"><a href="#r1">^</a> <a href="https://doi.org/10.1/x">Regional Audit Office, Annual Report 2023, p. 14.</a></li>` +
		`<li id="n2"><a href="#r2">^</a> <a href="https://example.gov/i.pdf">Interview with a ministry official, Brussels, March 2024.</a></li>` +
		`<li id="n3"><a href="#r3">^</a> <a href="https://example.gov/annex">See the annex for the full data set and the method.</a></li></ol>`
	// The same in the footnotes block Markdown renderers write: a rule
	// and the list in a wrapper.
	notes4 := `<div class="footnotes" role="doc-endnotes"><hr><ol>` +
		`<li id="n1"><a href="https://doi.org/10.1/x">Regional Audit Office, Annual Report 2023, p. 14.</a> <a href="#r1">↩</a></li>` +
		`<li id="n2"><a href="https://example.gov/i.pdf">Interview with a ministry official, Brussels, March 2024.</a> <a href="#r2">↩</a></li>` +
		`<li id="n3"><a href="https://example.gov/annex">See the annex for the full data set and the method.</a> <a href="#r3">↩</a></li></ol></div>`
	body := func(box, notes string) string {
		return `<article class="report"><h1>Water for the Regions</h1><h2>Summary</h2><p>` + prose("regional water") + `<sup><a href="#fn1">1</a></sup></p>` +
			`<p>` + prose("the member states") + `</p>` + box + `<h2>Spending</h2><p>` + prose("spending") + `</p>` + table +
			`<p>` + prose("the audit") + `<sup><a href="#fn2">2</a></sup></p>` + ol.String() + notes + `</article>`
	}
	want := append([]string{prose("regional water"), prose("spending"), "North | 12.1 | 14.3", prose("the definition of a water project"),
		"Regional Audit Office, Annual Report 2023, p. 14.", "See the annex for the full data set and the method."}, recs...)
	wantMD := []string{"1. " + recs[0], "4. " + recs[3], "| North | 12.1 | 14.3 |"}
	return []shapeCase{
		{name: "report aside box, endnotes ol", page: shapeChrome("Water for the Regions", body(box, notes)), want: want, wantMD: wantMD},
		{name: "report callout div, footnotes div", page: shapeChrome("Water for the Regions", body(box2, notes2)), want: want, wantMD: wantMD},
		{name: "report linked endnotes", page: shapeChrome("Water for the Regions", strings.ReplaceAll(body(box, notes3), `href="#fn`, `href="#n`)), want: want, wantMD: wantMD},
		{name: "report linked footnotes block", page: shapeChrome("Water for the Regions", strings.ReplaceAll(body(box, notes4), `href="#fn`, `href="#n`)), want: want, wantMD: wantMD},
	}
}

func tutorialCases() []shapeCase {
	code1 := "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hello\")\n}"
	code2 := "go run ./cmd/hello"
	code3 := "$ go test ./...\nok  \texample.org/hello\t0.004s"
	mk := func(pre func(c string) string) string {
		return `<article><h1>Getting started with Go</h1><p>` + prose("a first Go program") + `</p>` + pre(code1) +
			`<p>Save the file, then run it from the module root:</p>` + pre(code2) + `<p>` + prose("testing") + `</p>` + pre(code3) +
			`<p>` + prose("the next steps") + `</p></article>`
	}
	esc := func(c string) string { return strings.NewReplacer("<", "&lt;", ">", "&gt;", "&", "&amp;").Replace(c) }
	want := []string{code1, code2, code3, prose("testing"), prose("the next steps")}
	wantMD := []string{"```\n" + code1 + "\n```", "```\n" + code2 + "\n```"}
	hl := func(c string) string {
		var b strings.Builder
		b.WriteString(`<div class="highlight"><pre class="chroma"><code class="language-go" data-lang="go">`)
		for _, l := range strings.Split(c, "\n") {
			b.WriteString(`<span class="line"><span class="cl">` + esc(l) + "\n" + `</span></span>`)
		}
		b.WriteString(`</code></pre></div>`)
		return b.String()
	}
	return []shapeCase{
		{name: "tutorial pre code", page: shapeChrome("Getting started with Go", mk(func(c string) string { return `<pre><code>` + esc(c) + `</code></pre>` })), want: want, wantMD: wantMD},
		{name: "tutorial highlighted", page: shapeChrome("Getting started with Go", mk(hl)), want: want, wantMD: wantMD},
		{name: "tutorial jekyll rouge", page: shapeChrome("Getting started with Go", mk(func(c string) string {
			return `<div class="language-go highlighter-rouge"><div class="highlight"><pre class="highlight"><code>` + esc(c) + `</code></pre></div></div>`
		})), want: want, wantMD: wantMD},
		{name: "tutorial line per block", page: shapeChrome("Getting started with Go", mk(func(c string) string {
			var b strings.Builder
			b.WriteString(`<pre><code class="hljs"><table class="hljs-ln">`)
			for _, l := range strings.Split(c, "\n") {
				b.WriteString(`<tr><td class="hljs-ln-numbers"></td><td class="hljs-ln-code"><div class="hljs-ln-line">` + esc(l) + `</div></td></tr>`)
			}
			b.WriteString(`</table></code></pre>`)
			return b.String()
		})), want: []string{"func main() {\n\tfmt.Println(\"hello\")\n}", code2, "$ go test ./...\nok  \texample.org/hello\t0.004s"}}, // (its empty lines are lost)
		{name: "tutorial code toolbar", page: shapeChrome("Getting started with Go", mk(func(c string) string {
			return `<div class="code-block"><div class="code-toolbar"><button>Copy</button></div><pre><code>` + esc(c) + `</code></pre></div>`
		})), want: want, wantMD: wantMD},
	}
}

func sectionCases() []shapeCase {
	heads := []string{"Background", "What changed in 2023", "Who pays", "What comes next"}
	mk := func(open, close string, inner func(i int, h string) string) string {
		var b strings.Builder
		b.WriteString(`<h1>The long road to reform</h1>`)
		for i, h := range heads {
			b.WriteString(open + inner(i, h) + close)
		}
		return b.String()
	}
	plain := func(i int, h string) string {
		return `<h2>` + h + `</h2><p>` + prose(h) + `</p><p>` + sentence(h, i) + `</p>`
	}
	deep := func(i int, h string) string {
		return `<div class="section-head"><h2>` + h + `</h2></div><div class="section-body"><div class="text"><p>` + prose(h) + `</p></div></div>`
	}
	oneP := func(i int, h string) string {
		return `<h2>` + h + `</h2><p>` + prose(h) + `</p>`
	}
	var want []string
	for _, h := range heads {
		want = append(want, h, prose(h))
	}
	// A long piece in rows of one class, ads between them; one row opens
	// with its table of contents, a link to each section.
	var rows strings.Builder
	rows.WriteString(`<div class="content"><h1>The long road to reform</h1>`)
	rows.WriteString(`<div class="row centered"><div class="col"><p>` + prose("the reform") + `</p><p>` + prose("the old law") + `</p><p>` + prose("the new law") +
		`</p><p>` + prose("the parliament") + `</p><p>` + prose("the vote") + `</p><p>` + prose("the courts") + `</p></div></div><div class="row ad-row"><aside><div class="ad-slot"></div></aside></div>`)
	rows.WriteString(`<div class="row centered"><div class="col"><p>` + sentence("the open questions", 1) + `</p><div class="callout-box"><strong>In this article:</strong><br>`)
	for i := range 12 {
		rows.WriteString(fmt.Sprintf(`<a href="#s%d">%s, and what it means for the regions and the cities</a><br>`, i, heads[i%len(heads)]))
	}
	rows.WriteString(`</div>`)
	for i, h := range heads[:1] {
		rows.WriteString(fmt.Sprintf(`<h3 id="s%d">%s</h3><p>%s</p>`, i, h, prose(h)))
	}
	rows.WriteString(`</div></div><div class="row ad-row"><aside><div class="ad-slot"></div></aside></div><div class="row centered"><div class="col">`)
	for i, h := range heads[1:] {
		rows.WriteString(fmt.Sprintf(`<h3 id="s%d">%s</h3><p>%s</p><p>%s</p>`, i+1, h, prose(h), sentence(h, i)))
	}
	rows.WriteString(`</div></div></div>`)
	return []shapeCase{
		{name: "rows, one with a table of contents", page: shapeChrome("The long road to reform", rows.String()),
			want: append([]string{sentence("the open questions", 1), prose("the reform")}, want...)},
		{name: "sections plain", page: shapeChrome("The long road to reform", `<main>`+mk(`<section>`, `</section>`, plain)+`</main>`), want: want},
		{name: "sections classed deep", page: shapeChrome("The long road to reform", `<div class="content">`+mk(`<section class="block">`, `</section>`, deep)+`</div>`), want: want},
		{name: "sections div one p", page: shapeChrome("The long road to reform", `<div id="story">`+mk(`<div class="chapter">`, `</div>`, oneP)+`</div>`), want: want},
		{name: "page builder blocks with modifiers", page: shapeChrome("The long road to reform", `<div class="page">`+
			`<div class="sqs-block html-block"><h2>Background</h2><p>`+prose("Background")+` `+prose("the past")+`</p><p>`+prose("the old regime")+`</p><p>`+prose("the first reform")+`</p></div>`+
			`<div class="sqs-block html-block sqs-background-enabled"><h2>What changed in 2023</h2><p>`+prose("What changed in 2023")+`</p></div>`+
			`<div class="sqs-block html-block"><h2>Who pays</h2><p>`+prose("Who pays")+`</p><p>`+prose("the budget")+`</p></div>`+
			`<div class="sqs-block html-block sqs-background-enabled"><h2>What comes next</h2><p>`+prose("What comes next")+`</p></div></div>`), want: want},
		{name: "sections first has intro", page: shapeChrome("The long road to reform", `<div>`+`<section class="intro"><p>`+prose("reform")+` `+prose("reforms")+`</p><p>`+prose("the old regime")+`</p></section>`+mk(`<section class="s">`, `</section>`, oneP)+`</div>`), want: want},
	}
}

// referencesCase is a list of linked sources under its own heading, with
// the article going on after it: no link in the text points to it, its
// heading says what it is.
func referencesCase() shapeCase {
	body := `<div class="entry-content"><p>` + prose("zero waste") + `</p><p>` + prose("compost") + `</p><h2>References</h2><ol>` +
		`<li><a href="https://a.example/">Going Further With Less</a></li><li><a href="https://b.example/">Plastic Free Living</a></li>` +
		`<li><a href="https://c.example/">The Compost Guide</a></li></ol><h2>Putting it together</h2><p>` + prose("habits") + `</p></div>`
	return shapeCase{name: "references under a heading", page: shapeChrome("Zero waste", body),
		want: []string{"References", "Plastic Free Living", "The Compost Guide", prose("habits")}}
}

// introCase is a lead in a block of its own before the body the CMS marks:
// the page builder's class with an "intro" modifier.
func introCase() shapeCase {
	body := `<div class="post"><div class="rich-text intro">` + `<p>` + prose("the intro") + `</p></div>` +
		`<div class="rich-text entry-content"><p>` + prose("the body") + `</p><p>` + prose("more of the body") + `</p><p>` + prose("the end") + `</p></div></div>`
	return shapeCase{name: "intro block before the marked body", page: shapeChrome("Intro", body),
		want: []string{prose("the intro"), prose("the body"), prose("the end")}}
}

// headerLeadCase is a lead in the article's header, a few levels away from
// the body the CMS marks, with no description meta naming it.
func headerLeadCase() shapeCase {
	body := `<article class="post"><div class="article-header"><div class="col"><h1>Header lead</h1><p class="article-excerpt">` + prose("the lead") + `</p></div></div>` +
		`<div class="tile"><div class="article-content"><p>` + prose("the body") + `</p><p>` + prose("more of the body") + `</p><p>` + prose("the end") + `</p></div></div></article>`
	return shapeCase{name: "named lead in the header", page: shapeChrome("Header lead", body),
		want: []string{prose("the lead"), prose("the body"), prose("the end")}}
}

// reviewsCase is a review site's article: each entry reviewed in a block
// the theme calls "reviews".
func reviewsCase() shapeCase {
	var b strings.Builder
	var want []string
	b.WriteString(`<main><h1>The best movers in New York</h1><p>` + prose("moving companies") + `</p>`)
	for i := 1; i <= 4; i++ {
		b.WriteString(fmt.Sprintf(`<div class="company-reviews"><h2>%d. Mover %d</h2><p>%s</p><p>Address: %d Main St, Brooklyn, NY 1121%d</p></div>`, i, i, prose(fmt.Sprintf("mover %d", i)), 10+i, i))
		want = append(want, prose(fmt.Sprintf("mover %d", i)))
	}
	b.WriteString(`</main>`)
	return shapeCase{name: "entries in reviews blocks", page: shapeChrome("Movers", b.String()), want: want}
}

// moreShapeCases are the same shapes in other markups met on pages: list
// items as cards (a heading and a paragraph), entries as page-builder
// groups, recommendations as boxes and endnotes as paragraphs, steps whose
// code sits under a toolbar with a copy button, code as the last thing,
// sections in wrappers or generated classes, sections holding only a
// list or a table.
func moreShapeCases() []shapeCase {
	var cs []shapeCase
	{
		var b strings.Builder
		var want []string
		b.WriteString(`<article><h1>My 20 favourite books on cities</h1><p>` + prose("favourite books") + `</p><ol>`)
		for i := 1; i <= 20; i++ {
			b.WriteString(fmt.Sprintf(`<li><h3>Book %d</h3><p>%s</p></li>`, i, sentence("city books", i)))
			want = append(want, sentence("city books", i), fmt.Sprintf("Book %d", i))
		}
		b.WriteString(`</ol></article>`)
		cs = append(cs, shapeCase{name: "listicle card items", page: shapeChrome("My 20 favourite books", b.String()), want: want,
			wantMD: []string{"1. Book 1", "20. Book 20"}})
	}
	{
		var b strings.Builder
		var want []string
		b.WriteString(`<div class="post-content"><p>` + prose("favourite books") + `</p>`)
		for i := 1; i <= 20; i++ {
			b.WriteString(fmt.Sprintf(`<div class="wp-block-group item"><h2>%d. Book %d</h2><figure><img src="a.jpg"></figure><p>%s</p><p><a href="/buy/%d">Buy on Example</a></p></div>`, i, i, sentence("city books", i), i))
			want = append(want, sentence("city books", i))
		}
		b.WriteString(`</div>`)
		cs = append(cs, shapeCase{name: "listicle group blocks", page: shapeChrome("My 20 favourite books", b.String()), want: want})
	}
	{
		// Entries of a ranking, each its linked name, a blurb, its
		// facts and a list of further reading: the links outweigh the
		// entry's words, the entry is the article all the same.
		var b strings.Builder
		var want []string
		b.WriteString(`<div class="entry-content"><p>` + prose("business schools") + `</p><div class="hub-items">`)
		for i := 1; i <= 8; i++ {
			b.WriteString(fmt.Sprintf(`<div class="hub-item" id="school-%d"><div class="hub-item__content"><h2>%d. <a href="/schools/%d/">School %d</a></h2>`+
				`<div><p>%s</p></div><ul class="stats"><li><strong>Location:</strong> City %d</li><li><strong>Class size:</strong> %d</li></ul>`+
				`<div class="read-more"><a href="/schools/%d/">Learn more about the School %d programme</a></div></div>`+
				`<div class="hub-item__links"><h4>More on School %d:</h4><ul>`, i, i, i, i, sentence("business schools", i), i, 100+i, i, i, i))
			for j := 1; j <= 5; j++ {
				b.WriteString(fmt.Sprintf(`<li><a href="/schools/%d/guide-%d/">The complete guide number %d to applying to School %d</a></li>`, i, j, j, i))
			}
			b.WriteString(`</ul></div></div>`)
			want = append(want, sentence("business schools", i), fmt.Sprintf("Class size: %d", 100+i))
		}
		b.WriteString(`</div></div>`)
		cs = append(cs, shapeCase{name: "ranking entries with further links", page: shapeChrome("The 8 best business schools", b.String()), want: want,
			notWant: []string{"The complete guide number 3 to applying"}})
	}
	{
		body := `<article><h1>Water for the Regions</h1><p>` + prose("regional water") + `<sup><a href="#fn1" id="ref1">1</a></sup></p><p>` + prose("the member states") + `</p>` +
			`<div class="box"><p class="box-title">Box 1: What counts</p><p>` + prose("the definition") + `</p></div>` +
			`<h2>Recommendations</h2>` +
			`<div class="recommendation"><h3>Recommendation 1</h3><p>` + prose("a standing fund") + `</p></div>` +
			`<div class="recommendation"><h3>Recommendation 2</h3><p>` + prose("publishing contracts") + `</p></div>` +
			`<figure class="wp-block-table"><table><thead><tr><th>Region</th><th>2022</th></tr></thead><tbody><tr><td>North</td><td>12.1</td></tr></tbody></table><figcaption>Table 1</figcaption></figure>` +
			`<p>` + prose("the audit") + `<sup><a href="#fn2" id="ref2">2</a></sup></p>` +
			`<h2>Endnotes</h2><div class="endnotes"><p id="fn1"><a href="#ref1">1</a> Regional Audit Office, Annual Report 2023, p. 14.</p><p id="fn2"><a href="#ref2">2</a> Interview with a ministry official, Brussels, March 2024.</p></div></article>`
		cs = append(cs, shapeCase{name: "report boxed recommendations, endnote paragraphs", page: shapeChrome("Water for the Regions", body),
			want:   []string{prose("the definition"), "Recommendation 2", prose("publishing contracts"), "North | 12.1", "Regional Audit Office, Annual Report 2023", "Interview with a ministry official"},
			wantMD: []string{"| North | 12.1 |"}})
	}
	{
		var b strings.Builder
		var want, wantMD []string
		b.WriteString(`<div class="article-body"><p>` + prose("a first program") + `</p>`)
		for i := 1; i <= 4; i++ {
			code := fmt.Sprintf("step%d := run(%d)\nfmt.Println(step%d)", i, i, i)
			b.WriteString(fmt.Sprintf(`<h3>Step %d</h3><p>Run this:</p><div class="code-snippet"><div class="snippet-header"><span>Go</span><button>Copy</button></div><pre><code>%s</code></pre></div>`, i, code))
			want = append(want, code)
			wantMD = append(wantMD, "```\n"+code+"\n```")
		}
		b.WriteString(`<p>` + prose("the end") + `</p></div>`)
		cs = append(cs, shapeCase{name: "tutorial steps with copy buttons", page: shapeChrome("Getting started", b.String()), want: want, wantMD: wantMD})
	}
	{
		var b strings.Builder
		var want []string
		b.WriteString(`<article><h1>Shell tricks</h1><p>` + prose("shell") + `</p>`)
		for i := 1; i <= 5; i++ {
			code := fmt.Sprintf("$ find . -name '*.go' | xargs grep -n foo%d", i)
			b.WriteString(fmt.Sprintf(`<p>Trick %d:</p><pre>%s</pre>`, i, code))
			want = append(want, code)
		}
		b.WriteString(`</article>`)
		cs = append(cs, shapeCase{name: "tutorial code last", page: shapeChrome("Shell tricks", b.String()), want: want})
	}
	heads := []string{"Background", "What changed in 2023", "Who pays", "What comes next"}
	{
		var b strings.Builder
		var want []string
		b.WriteString(`<h1>The long road</h1>`)
		for _, h := range heads {
			b.WriteString(`<div class="section-wrapper"><section id="` + strings.ToLower(strings.ReplaceAll(h, " ", "-")) + `"><h2>` + h + `</h2><div class="text"><p>` + prose(h) + `</p></div></section></div>`)
			want = append(want, h, prose(h))
		}
		cs = append(cs, shapeCase{name: "sections in wrappers", page: shapeChrome("The long road", `<main>`+b.String()+`</main>`), want: want})
	}
	{
		var b strings.Builder
		var want []string
		b.WriteString(`<h1>The long road</h1>`)
		for i, h := range heads {
			b.WriteString(fmt.Sprintf(`<div class="css-%dab%d"><h2>%s</h2><p>%s</p></div><div class="ad-slot"></div>`, i, i*7, h, prose(h)))
			want = append(want, h, prose(h))
		}
		cs = append(cs, shapeCase{name: "sections in generated classes", page: shapeChrome("The long road", `<div id="root"><div class="css-root">`+b.String()+`</div></div>`), want: want})
	}
	{
		var b strings.Builder
		b.WriteString(`<h1>The long road</h1><section class="sec"><h2>Background</h2><p>` + prose("a") + `</p><p>` + prose("b") + `</p><p>` + prose("c") + `</p></section>`)
		b.WriteString(`<section class="sec"><h2>Key points</h2><ul><li>The fund doubles by 2026 under the plan.</li><li>Regions pay a third of the cost each year.</li><li>The audit office reports every year to parliament.</li></ul></section>`)
		b.WriteString(`<section class="sec"><h2>Data</h2><table><tr><th>Region</th><th>2022</th></tr><tr><td>North</td><td>12.1</td></tr></table></section>`)
		cs = append(cs, shapeCase{name: "sections of a list or a table only", page: shapeChrome("The long road", `<main>`+b.String()+`</main>`),
			want: []string{"Regions pay a third of the cost each year.", "North | 12.1"}, wantMD: []string{"- Regions pay a third", "| North | 12.1 |"}})
	}
	return cs
}

func TestBodyKeepsArticleShapes(t *testing.T) {
	cs := []shapeCase{referencesCase(), introCase(), headerLeadCase(), reviewsCase()}
	cs = append(cs, moreShapeCases()...)
	cs = append(cs, listicleCases()...)
	cs = append(cs, reportCases()...)
	cs = append(cs, tutorialCases()...)
	cs = append(cs, sectionCases()...)
	for _, c := range cs {
		t.Run(c.name, func(t *testing.T) {
			a, err := FromHTML([]byte(c.page), "https://example.org/research/2025/the-article", nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range c.want {
				if !strings.Contains(a.Text, w) {
					t.Errorf("text lacks %q", w)
				}
			}
			for _, w := range c.wantMD {
				if !strings.Contains(a.Markdown, w) {
					t.Errorf("markdown lacks %q", w)
				}
			}
			for _, junk := range append([]string{"Most read", "budget deal collapsed", "Careers", "Experts"}, c.notWant...) {
				if strings.Contains(a.Text, junk) {
					t.Errorf("text keeps chrome %q", junk)
				}
			}
			if a.Kind != KindArticle {
				t.Errorf("kind %q, want article", a.Kind)
			}
			if t.Failed() {
				t.Logf("text:\n%s\nmarkdown:\n%s", a.Text, a.Markdown)
			}
		})
	}
}

// TestChromeBlockKeepsEmail: a paragraph that is only a linked e-mail
// address is a contact the text gives; one that is only a linked title is
// a teaser.
func TestChromeBlockKeepsEmail(t *testing.T) {
	mail := block{kind: bPara, text: "suivi.reformes@example.org", chars: 26, link: 26}
	teaser := block{kind: bPara, text: "The generation we love to dump on", chars: 28, link: 28}
	if chromeBlock(mail) {
		t.Errorf("linked e-mail address taken for chrome")
	}
	if !chromeBlock(teaser) {
		t.Errorf("linked title kept")
	}
}
