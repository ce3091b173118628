package extract

import (
	"fmt"
	"strings"
	"testing"
)

// reportTitle is a plausible title for the i-th report of a think tank.
func reportTitle(i int) string {
	topics := []string{"Water rights in the Sahel", "Grain corridors after the war", "Carbon border taxes",
		"Municipal bonds in East Africa", "Remittances and mobile money", "Fisheries and coastal jobs",
		"Electoral reform in small states", "Port concessions and debt"}
	return fmt.Sprintf("%s: lessons from case %d", topics[i%len(topics)], i+1)
}

func linkListPage(title, main string) string {
	return `<html><head><title>` + title + ` | Centre for Policy</title></head><body>` + kindNav +
		`<main><h1>` + title + `</h1>` + main + `</main>` + kindFoot + `</body></html>`
}

// TestKindLinkListsAreHubs: a page that is only lists of links gives no
// article text; it is a hub (what the crawler follows), whatever its URL
// says: a plain HTML sitemap, an index of publications in a table, an A–Z
// list of reports.
func TestKindLinkListsAreHubs(t *testing.T) {
	var sitemap strings.Builder
	for s, section := range []string{"research", "commentary", "events", "experts"} {
		fmt.Fprintf(&sitemap, `<h2>%s</h2><ul>`, strings.ToUpper(section[:1])+section[1:])
		for i := range 10 {
			fmt.Fprintf(&sitemap, `<li><a href="/%s/%s-%d">%s</a></li>`, section, strings.ToLower(strings.ReplaceAll(reportTitle(s*10+i), " ", "-")), i, reportTitle(s*10+i))
		}
		sitemap.WriteString(`</ul>`)
	}
	var table strings.Builder
	table.WriteString(`<table><thead><tr><th>Title</th><th>Date</th><th>Type</th></tr></thead><tbody>`)
	for i := range 30 {
		fmt.Fprintf(&table, `<tr><td><a href="/publications/report-%d">%s</a></td><td>%d March 2024</td><td>Report (PDF)</td></tr>`, i, reportTitle(i), i%28+1)
	}
	table.WriteString(`</tbody></table>`)
	var az strings.Builder
	az.WriteString(`<p>`)
	for c := 'A'; c <= 'Z'; c++ {
		fmt.Fprintf(&az, `<a href="#%c">%c</a> `, c, c)
	}
	az.WriteString(`</p>`)
	for c := 'A'; c <= 'H'; c++ {
		fmt.Fprintf(&az, `<h2 id="%c">%c</h2><ul>`, c, c)
		for i := range 4 {
			fmt.Fprintf(&az, `<li><a href="/reports/%c-%d">%c%s</a> (2023)</li>`, c, i, c, reportTitle(i)[1:])
		}
		az.WriteString(`</ul>`)
	}
	var nested strings.Builder // sections, each with its pages below it
	nested.WriteString(`<ul>`)
	for s := range 4 {
		fmt.Fprintf(&nested, `<li><a href="/s%d/">Section %d</a><ul>`, s, s)
		for i := range 6 {
			fmt.Fprintf(&nested, `<li><a href="/s%d/r-%d">%s</a></li>`, s, i, reportTitle(i))
		}
		nested.WriteString(`</ul></li>`)
	}
	nested.WriteString(`</ul>`)
	cases := []struct{ name, page, url string }{
		{"sitemap", linkListPage("Site map", sitemap.String()), "https://policy.example/sitemap.html"},
		{"nested sitemap", linkListPage("Site map", nested.String()), "https://policy.example/reports-list.html"},
		{"publications table", linkListPage("All publications", `<p>Every report since 2009.</p>`+table.String()), "https://policy.example/all-publications-since-2009"},
		{"a-z list", linkListPage("Reports A–Z", az.String()), "https://policy.example/reports-a-z/index.php"},
		// A CMS's page typed an article (og:type), at a slug: still a hub.
		{"typed sitemap", strings.Replace(linkListPage("Site map", sitemap.String()), "<head>", `<head><meta property="og:type" content="article">`, 1),
			"https://policy.example/site-map-of-all-our-pages/"},
	}
	for _, c := range cases {
		if k, ev := kindOf(t, c.page, c.url); k != KindHub {
			var why []string
			score := kindScoreWhy(ev, &why, kindOff)
			t.Errorf("%s: kind %q, want hub (score %d: %s)\n%+v", c.name, k, score, strings.Join(why, " "), *ev)
		}
	}
}

// TestKindLinkListsInArticles: lists of links that belong to an article
// leave it an article: a long reading list or references after its prose,
// a listicle whose entries carry sentences, a glossary.
func TestKindLinkListsInArticles(t *testing.T) {
	var reading strings.Builder
	reading.WriteString(`<article><h1>Why grain corridors fail</h1><p class="byline">By Jane Doe, 3 March 2025</p>`)
	for _, s := range []string{"grain", "corridor", "insurance", "shipping", "ports", "policy"} {
		reading.WriteString(longProse(s))
	}
	reading.WriteString(`<h2>Further reading</h2><ul>`)
	for i := range 30 {
		fmt.Fprintf(&reading, `<li><a href="/publications/report-%d">%s</a></li>`, i, reportTitle(i))
	}
	reading.WriteString(`</ul><h2>References</h2><ol>`)
	for i := range 20 {
		fmt.Fprintf(&reading, `<li>Doe, J. and Roe, R. (20%02d). <a href="/publications/paper-%d">%s</a>. Working paper %d, Centre for Policy.</li>`, i+5, i, reportTitle(i), i)
	}
	reading.WriteString(`</ol></article>`)

	var listicle strings.Builder
	listicle.WriteString(`<article><h1>Twelve reports that changed trade policy</h1><p>A short list, with why each mattered.</p><ol>`)
	for i := range 12 {
		fmt.Fprintf(&listicle, `<li><a href="/publications/report-%d">%s</a>. It showed, with customs data from four countries, that the rules `+
			`cost exporters more than the tariffs they replaced, and ministers quoted it for years after it came out.</li>`, i, reportTitle(i))
	}
	listicle.WriteString(`</ol></article>`)

	var glossary strings.Builder
	glossary.WriteString(`<article><h1>Glossary of trade terms</h1><dl>`)
	for i := range 30 {
		fmt.Fprintf(&glossary, `<dt><a href="/glossary/term-%d">Term number %d</a></dt><dd>A rule by which goods that cross a border are `+
			`valued, counted or taxed, as the customs code defines it; see the chapter on origin for case %d.</dd>`, i, i, i)
	}
	glossary.WriteString(`</dl></article>`)

	// A short news story beside a menu of lists of links that no class
	// or tag marks as navigation: the menu holds most of the text.
	var menu strings.Builder
	menu.WriteString(`<div class="dropdown-panels">`)
	for s := range 8 {
		fmt.Fprintf(&menu, `<div class="panel"><h4>Section %d</h4><ul>`, s)
		for i := range 10 {
			fmt.Fprintf(&menu, `<li><a href="/section-%d/topic-%d">Topic %d of section %d</a></li>`, s, i, i, s)
		}
		menu.WriteString(`</ul></div>`)
	}
	menu.WriteString(`</div>`)
	story := `<div class="story"><h1>Council approves the new bridge</h1><p>The city council approved the new bridge on Tuesday by seven votes to two, after a debate of four hours.</p>` +
		`<p>Work is to start in the spring and last two years, the mayor said; the cost is put at 40 million.</p><p>Opponents said they would appeal the decision in court.</p></div>`
	brief := `<html><head><title>Council approves the new bridge</title></head><body>` + menu.String() + story + `</body></html>`

	cases := []struct{ name, page, url string }{
		{"short story beside a menu", brief, "https://news.example/local/council-approves-the-new-bridge"},
		{"reading list", linkListPage("Why grain corridors fail", reading.String()), "https://policy.example/analysis/why-grain-corridors-fail"},
		{"listicle", linkListPage("Twelve reports", listicle.String()), "https://policy.example/twelve"},
		{"glossary", linkListPage("Glossary", glossary.String()), "https://policy.example/glossary"},
	}
	for _, c := range cases {
		if k, ev := kindOf(t, c.page, c.url); k != KindArticle {
			var why []string
			score := kindScoreWhy(ev, &why, kindOff)
			t.Errorf("%s: kind %q, want article (score %d: %s)\n%+v", c.name, k, score, strings.Join(why, " "), *ev)
		}
	}
}
