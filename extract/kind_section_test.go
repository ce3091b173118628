package extract

import (
	"fmt"
	"strings"
	"testing"
)

// TestKindSmallSectionIsHub: a think tank's section page with a handful of
// teasers (a linked headline, a byline and a one-line summary each), too
// few to form a run of cards and with no listing template named, is a hub:
// the crawler must follow it, not archive it as an article.
func TestKindSmallSectionIsHub(t *testing.T) {
	for _, n := range []int{2, 3, 4} {
		var b strings.Builder
		b.WriteString(`<h1>Commentary</h1>`)
		for i := range n {
			fmt.Fprintf(&b, `<article class="teaser"><h2><a href="/commentary/2025/0%d/note-on-the-region-%d">A note on the region, part %d</a></h2>`+
				`<p class="meta">Amina Diallo · 2025-0%d-12</p><p>What the latest figures say about the region's harvests.</p></article>`, i+1, i, i+1, i+1)
		}
		page := cmsPage("Commentary", "website", "", b.String())
		a, err := FromHTML([]byte(page), "https://www.sahelcentre.example/commentary/", nil)
		if err != nil {
			t.Fatalf("%d teasers: %v", n, err)
		}
		if a.Kind != KindHub {
			t.Errorf("%d teasers: kind %q, want hub", n, a.Kind)
		}
	}
}

// wpExcerpt is the_excerpt() of post i: about 55 words and "…", long
// enough to read as a paragraph of prose.
func wpExcerpt(i int) string {
	return fmt.Sprintf("Note %d. %s %s [&hellip;]", i+1, sentences[i%len(sentences)], sentences[(i+3)%len(sentences)])
}

// wpTeaser is post i of a WordPress loop as a theme's archive.php writes
// it: an <article> whose first class is the post's own ("post-123 post
// type-post status-publish …"), a linked .entry-title, the date and
// author, the excerpt and a "Read more".
func wpTeaser(theme string, i int) string {
	id, url := 4200+i, fmt.Sprintf("https://fiscalfutures.example/%d/%02d/debt-rules-note-%d/", 2025-i/12, 12-i%12, i)
	title := fmt.Sprintf("What the new debt rules mean, note %d", i+1)
	date := fmt.Sprintf(`<time class="entry-date published" datetime="2025-%02d-14T09:00:00+00:00">%s 14, 2025</time>`, 12-i%12, teaserMonths[11-i%12])
	author := `<span class="author vcard"><a class="url fn n" href="https://fiscalfutures.example/author/amina-diallo/">Amina Diallo</a></span>`
	switch theme {
	case "twentytwentyone":
		return fmt.Sprintf(`<article id="post-%d" class="post-%d post type-post status-publish format-standard hentry category-public-finance entry">`+
			`<header class="entry-header"><h2 class="entry-title default-max-width"><a href="%s">%s</a></h2></header>`+
			`<div class="entry-content"><p>%s <a href="%s" class="more-link">Continue reading<span class="screen-reader-text">%s</span></a></p></div>`+
			`<footer class="entry-footer default-max-width"><span class="posted-on">Published %s</span><span class="byline">By %s</span>`+
			`<div class="post-taxonomies"><span class="cat-links">Categorized as <a href="https://fiscalfutures.example/category/public-finance/" rel="category tag">Public finance</a></span></div></footer></article>`,
			id, id, url, title, wpExcerpt(i), url, title, date, author)
	case "generatepress":
		return fmt.Sprintf(`<article id="post-%d" class="post-%d post type-post status-publish format-standard hentry category-public-finance" itemtype="https://schema.org/CreativeWork" itemscope>`+
			`<div class="inside-article"><header class="entry-header"><h2 class="entry-title" itemprop="headline"><a href="%s" rel="bookmark">%s</a></h2>`+
			`<div class="entry-meta"><span class="posted-on">%s</span> <span class="byline">by %s</span></div></header>`+
			`<div class="entry-summary" itemprop="text"><p>%s</p><p class="read-more-container"><a title="%s" class="read-more button" href="%s">Read more<span class="screen-reader-text">%s</span></a></p></div>`+
			`<footer class="entry-meta" aria-label="Entry meta"><span class="cat-links"><span class="screen-reader-text">Categories </span><a href="https://fiscalfutures.example/category/public-finance/" rel="category tag">Public finance</a></span></footer></div></article>`,
			id, id, url, title, date, author, wpExcerpt(i), title, url, title)
	default: // astra
		return fmt.Sprintf(`<article class="post-%d post type-post status-publish format-standard has-post-thumbnail hentry category-public-finance ast-col-sm-12 ast-article-post" id="post-%d" itemtype="https://schema.org/CreativeWork" itemscope="itemscope">`+
			`<div class="ast-post-format- blog-layout-1 ast-no-date-box"><div class="post-content ast-col-md-12">`+
			`<div class="ast-blog-featured-section post-thumb ast-col-md-12"><div class="post-thumb-img-content post-thumb"><a href="%s"><img width="1024" height="683" src="https://fiscalfutures.example/wp-content/uploads/2025/03/note-%d-1024x683.jpg" class="attachment-large size-large wp-post-image" alt=""></a></div></div>`+
			`<header class="entry-header"><h2 class="entry-title ast-blog-single-element" itemprop="headline"><a href="%s" rel="bookmark">%s</a></h2>`+
			`<div class="entry-meta ast-blog-single-element"><span class="posted-by vcard author">%s</span> / <span class="posted-on">%s</span></div></header>`+
			`<div class="ast-excerpt-container ast-blog-single-element"><p>%s</p></div>`+
			`<p class="ast-blog-single-element ast-read-more-container read-more"><a href="%s">Read More &raquo;<span class="screen-reader-text">%s</span></a></p>`+
			`<div class="entry-content clear" itemprop="text"></div></div></div></article>`,
			id, id, url, i, url, title, author, date, wpExcerpt(i), url, title)
	}
}

// wpListing is a WordPress page of n posts under a theme's header,
// sidebar and footer: a category archive, or the same loop on the posts
// page or a page template, whose <body> names no listing (bodyClass).
func wpListing(theme, bodyClass, ogType string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en-GB"><head><meta charset="UTF-8"><title>Public finance &#8211; Institute for Fiscal Futures</title>`+
		`<meta property="og:type" content="%s"><meta property="og:title" content="Public finance"></head><body class="%s">`+
		`<header id="masthead" class="site-header"><p class="site-title"><a href="https://fiscalfutures.example/">Institute for Fiscal Futures</a></p>`+
		`<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu"><li class="menu-item"><a href="/research/">Research</a></li><li class="menu-item"><a href="/commentary/">Commentary</a></li>`+
		`<li class="menu-item"><a href="/events/">Events</a></li><li class="menu-item"><a href="/about/">About</a></li></ul></nav></header>`+
		`<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">`+
		`<header class="page-header"><h1 class="page-title">Public finance</h1><div class="archive-description"><p>Our analysis of budgets, borrowing and the fiscal rules.</p></div></header>`,
		ogType, bodyClass)
	if theme == "astra" {
		b.WriteString(`<div class="ast-row">`)
	}
	for i := range n {
		b.WriteString(wpTeaser(theme, i))
	}
	if theme == "astra" {
		b.WriteString(`</div>`)
	}
	b.WriteString(`<nav class="navigation pagination" aria-label="Posts"><h2 class="screen-reader-text">Posts navigation</h2><div class="nav-links">` +
		`<span aria-current="page" class="page-numbers current">1</span><a class="page-numbers" href="page/2/">2</a><a class="page-numbers" href="page/3/">3</a>` +
		`<a class="next page-numbers" href="page/2/">Next</a></div></nav></main></div>` +
		`<aside id="secondary" class="widget-area"><section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>` +
		`<li><a href="/2025/03/budget-day/">Budget day: what to watch</a></li><li><a href="/2025/02/council-tax/">Council tax and the local squeeze</a></li><li><a href="/2025/01/pensions/">Pensions and the gilt market</a></li></ul></section></aside></div>` +
		`<footer id="colophon" class="site-footer"><div class="site-info"><a href="/privacy/">Privacy</a> · Proudly powered by WordPress</div></footer></body></html>`)
	return b.String()
}

var wpThemes = []string{"twentytwentyone", "generatepress", "astra"}

// TestKindWordPressLoopIsHub: the WordPress loop of posts, as three
// common themes write it, is a hub whether or not <body> names a
// listing: the blog's posts page ("blog"), or a page template that
// queries posts. Each post's <article> leads with its own class
// ("post-4200"): the run of cards is keyed by the class's stem, not by
// the item's id.
func TestKindWordPressLoopIsHub(t *testing.T) {
	for _, theme := range wpThemes {
		for _, body := range []string{
			"blog wp-embed-responsive hfeed",
			"page-template page-template-template-insights page page-id-42 wp-embed-responsive",
		} {
			page := wpListing(theme, body, "article", 10)
			k, ev := kindOf(t, page, "https://fiscalfutures.example/insights/")
			if k != KindHub {
				var why []string
				score := kindScoreWhy(ev, &why, nil)
				t.Errorf("%s, body %q: kind %q, want hub (score %d: %s)\n%+v", theme, body, k, score, strings.Join(why, " "), *ev)
			}
		}
	}
}

// TestHubTextOfWordPressArchive: a category archive (its <body> names the
// template) is a hub, and its text is its posts, each a list entry: the
// crawler archives a hub's items as its text.
func TestHubTextOfWordPressArchive(t *testing.T) {
	for _, theme := range wpThemes {
		page := wpListing(theme, "archive category category-public-finance category-7 wp-embed-responsive hfeed", "website", 10)
		a, err := FromHTML([]byte(page), "https://fiscalfutures.example/category/public-finance/", nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Kind != KindHub {
			t.Errorf("%s: kind %q, want hub", theme, a.Kind)
		}
		for i := range 10 {
			title := fmt.Sprintf("What the new debt rules mean, note %d", i+1)
			if !strings.Contains(a.Markdown, "- ["+title+"](") {
				t.Errorf("%s: hub markdown lacks post %d as a list entry:\n%s", theme, i+1, a.Markdown)
				break
			}
		}
		if strings.Contains(a.Text, "Recent Posts") || strings.Contains(a.Text, "Budget day: what to watch") {
			t.Errorf("%s: hub text keeps the sidebar:\n%s", theme, a.Text)
		}
	}
}

// TestKindWordPressPostWithRelatedPosts: a single post whose theme shows
// related posts under it, as the archive's loop writes them ("post-N
// post type-post …", a linked title, the date and the excerpt), stays an
// article, with or without the single template's body classes and
// claims: a post of five paragraphs under three related posts, and a
// short one (three paragraphs of a sentence) under six, whose excerpts
// hold every long paragraph of the page and whose link to the next post
// (rel=next) is no listing's pager.
func TestKindWordPressPostWithRelatedPosts(t *testing.T) {
	var short strings.Builder
	for i := range 3 {
		fmt.Fprintf(&short, "<p>%s</p>", sentences[i])
	}
	for _, post := range []struct {
		related int
		text    string
	}{{3, paras(5)}, {6, short.String()}} {
		var related strings.Builder
		related.WriteString(`<section class="related-posts"><h2 class="related-title">Related posts</h2><div class="related-grid">`)
		for i := range post.related {
			related.WriteString(wpTeaser("generatepress", i))
		}
		related.WriteString(`</div></section>`)
		main := `<article id="post-4300" class="post-4300 post type-post status-publish format-standard hentry category-public-finance">` +
			`<header class="entry-header"><h1 class="entry-title">Public debt after the pandemic</h1><div class="entry-meta"><time class="entry-date published" datetime="2025-03-14T09:00:00+00:00">March 14, 2025</time> by Amina Diallo</div></header>` +
			`<div class="entry-content">` + post.text + `</div></article>` +
			`<nav class="navigation post-navigation" aria-label="Posts"><div class="nav-links"><div class="nav-previous"><a href="/2025/03/budget-day/" rel="prev">Budget day: what to watch</a></div>` +
			`<div class="nav-next"><a href="/2025/03/council-tax/" rel="next">Council tax and the local squeeze</a></div></div></nav>` + related.String()
		for _, c := range []struct{ body, ogType, url string }{
			{"single single-post postid-4300 single-format-standard", "article", "https://fiscalfutures.example/2025/03/public-debt-after-the-pandemic/"},
			{"", "article", "https://fiscalfutures.example/public-debt/"},
			{"", "", "https://fiscalfutures.example/public-debt/"},
		} {
			page := cmsPage("Public debt after the pandemic", c.ogType, c.body, main)
			if k, ev := kindOf(t, page, c.url); k != KindArticle {
				var why []string
				score := kindScoreWhy(ev, &why, nil)
				t.Errorf("%d related posts, body %q, og:type %q: kind %q, want article (score %d: %s)\n%+v", post.related, c.body, c.ogType, k, score, strings.Join(why, " "), *ev)
			}
		}
	}
}

// drupalRow is node i of a Drupal view in its teaser view mode, as
// node.tpl.php writes it: the linked title, "Submitted by … on …", the
// trimmed body and "Read more".
func drupalRow(i int) string {
	return fmt.Sprintf(`<div id="node-%d" class="node node-briefing node-teaser clearfix"><h2><a href="/our-work/briefings/fiscal-briefing-%d">Fiscal briefing %d: borrowing and the rules</a></h2>`+
		`<div class="meta submitted">Submitted by Amina Diallo on Fri, %02d/14/2025 - 09:00</div>`+
		`<div class="content clearfix"><div class="field field-name-body"><p>%s</p></div></div>`+
		`<ul class="links inline"><li class="node-readmore first last"><a href="/our-work/briefings/fiscal-briefing-%d" rel="tag">Read more<span class="element-invisible"> about Fiscal briefing %d</span></a></li></ul></div>`,
		300+i, i, i+1, i%12+1, wpExcerpt(i), i, i+1)
}

// drupalFieldsRow is node i of a Drupal view that shows fields: the
// title (a link in a span, no heading), the date, the trimmed body.
func drupalFieldsRow(i int) string {
	return fmt.Sprintf(`<div class="views-field views-field-title"><span class="field-content"><a href="/our-work/briefings/fiscal-briefing-%d">Fiscal briefing %d: borrowing and the rules</a></span></div>`+
		`<div class="views-field views-field-created"><span class="field-content">Fri, %02d/14/2025 - 09:00</span></div>`+
		`<div class="views-field views-field-body"><div class="field-content"><p>%s</p></div></div>`, i, i+1, i%12+1, wpExcerpt(i))
}

// drupalViewPage is a Drupal 7 page display of a view of n nodes, its
// rows written by rows, under the theme's header, sidebar and footer.
// <body> names the path ("page-our-work-briefings"), not a listing.
func drupalViewPage(rows string) string {
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Briefings | Institute for Fiscal Futures</title></head>` +
		`<body class="html not-front not-logged-in one-sidebar sidebar-first page-our-work page-our-work-briefings">` +
		`<div id="page"><header id="header" role="banner"><a href="/" id="logo">Institute for Fiscal Futures</a>` +
		`<nav id="main-menu" role="navigation"><ul class="menu"><li class="first leaf"><a href="/research">Research</a></li><li class="leaf"><a href="/events">Events</a></li><li class="last leaf"><a href="/about">About</a></li></ul></nav></header>` +
		`<div id="main"><div id="content" class="column" role="main"><h1 class="title" id="page-title">Briefings</h1>` +
		`<div class="view view-briefings view-id-briefings view-display-id-page view-dom-id-5f1c0e"><div class="view-header"><p>Short notes on the public finances, every month.</p></div>` +
		`<div class="view-content">` + rows + `</div>` +
		`<h2 class="element-invisible">Pages</h2><div class="item-list"><ul class="pager"><li class="pager-current first">1</li><li class="pager-item"><a href="/our-work/briefings?page=1">2</a></li>` +
		`<li class="pager-next"><a href="/our-work/briefings?page=1">next ›</a></li><li class="pager-last last"><a href="/our-work/briefings?page=3">last »</a></li></ul></div></div></div>` +
		`<div class="region region-sidebar-first column sidebar"><div class="block block-views" id="block-views-popular-block"><h2 class="block-title">Most read</h2><div class="item-list"><ul>` +
		`<li class="views-row views-row-1 views-row-odd views-row-first"><a href="/node/81">The debt ceiling explained</a></li><li class="views-row views-row-2 views-row-even"><a href="/node/82">Who holds the national debt?</a></li>` +
		`<li class="views-row views-row-3 views-row-odd views-row-last"><a href="/node/83">Ten charts on public spending</a></li></ul></div></div></div></div>` +
		`<footer id="footer"><p>© 2025 Institute for Fiscal Futures. <a href="/contact">Contact</a></p></footer></div></body></html>`
}

// TestKindDrupalViewIsHub: a Drupal 7 view of node teasers with a pager
// is a hub and its text is its rows, in each way Views writes the rows: its default classes
// ("views-row views-row-1 views-row-odd views-row-first"), without the
// default classes ("views-row-odd views-row-first": odd and even
// alternate first) and as a grid (a table whose cells are "col-1",
// "col-2", … in rows "row-1", "row-2", …); and a view of fields, whose
// linked title is no heading.
func TestKindDrupalViewIsHub(t *testing.T) {
	const n = 9
	position := func(i int) string {
		s := []string{"odd", "even"}[i%2]
		switch i {
		case 0:
			s += " views-row-first"
		case n - 1:
			s += " views-row-last"
		}
		return s
	}
	var def, bare, grid, fields strings.Builder
	for i := range n {
		fmt.Fprintf(&def, `<div class="views-row views-row-%d views-row-%s">%s</div>`, i+1, position(i), drupalRow(i))
		fmt.Fprintf(&bare, `<div class="views-row-%s">%s</div>`, position(i), drupalRow(i))
		fmt.Fprintf(&fields, `<div class="views-row views-row-%d views-row-%s">%s</div>`, i+1, position(i), drupalFieldsRow(i))
	}
	grid.WriteString(`<table class="views-view-grid cols-3"><tbody>`)
	for r := range n / 3 {
		fmt.Fprintf(&grid, `<tr class="row-%d">`, r+1)
		for c := range 3 {
			fmt.Fprintf(&grid, `<td class="col-%d">%s</td>`, c+1, drupalRow(3*r+c))
		}
		grid.WriteString(`</tr>`)
	}
	grid.WriteString(`</tbody></table>`)
	for name, rows := range map[string]string{"default classes": def.String(), "no default classes": bare.String(), "grid": grid.String(), "fields": fields.String()} {
		page := drupalViewPage(rows)
		k, ev := kindOf(t, page, "https://fiscalfutures.example/our-work/briefings")
		if k != KindHub {
			var why []string
			score := kindScoreWhy(ev, &why, nil)
			t.Errorf("%s: kind %q, want hub (score %d: %s)\n%+v", name, k, score, strings.Join(why, " "), *ev)
			continue
		}
		// The rows are one run (a grid's rows are, and its cells).
		if ev.CardGroup < 3 || name != "grid" && ev.CardGroup < n {
			t.Errorf("%s: the largest run has %d cards, want the %d rows", name, ev.CardGroup, n)
		}
		a, err := FromHTML([]byte(page), "https://fiscalfutures.example/our-work/briefings", nil)
		if err != nil {
			t.Fatal(err)
		}
		// The article rules keep the rows whole (a linked heading over
		// its teaser) when no sidebar stands among them: that text is
		// the hub's then, as good as a list of them.
		for i := range n {
			if !strings.Contains(a.Markdown, fmt.Sprintf("[Fiscal briefing %d: borrowing and the rules](", i+1)) || !strings.Contains(a.Text, fmt.Sprintf("Note %d. ", i+1)) {
				t.Errorf("%s: hub text lacks row %d, its title or its teaser:\n%s", name, i+1, a.Markdown)
				break
			}
		}
		// A grid's items are its cells, not its rows of three.
		if name == "grid" && !strings.Contains(a.Markdown, "\n- [Fiscal briefing 2: borrowing and the rules](") {
			t.Errorf("grid: hub markdown lacks each cell as its own list entry:\n%s", a.Markdown)
		}
		if strings.Contains(a.Text, "Most read") || strings.Contains(a.Text, "The debt ceiling explained") {
			t.Errorf("%s: hub text keeps the sidebar:\n%s", name, a.Text)
		}
	}
}
