package extract

import (
	"fmt"
	"strings"
	"testing"
)

// cmsPage is a page of a CMS theme: head, <body> with the theme's classes,
// a menu, main content and a footer.
func cmsPage(title, ogType, bodyClass, main string) string {
	head := `<title>` + title + ` | Field Notes</title>`
	if ogType != "" {
		head += `<meta property="og:type" content="` + ogType + `">`
	}
	return `<html><head>` + head + `</head><body class="` + bodyClass + `">` + kindNav +
		`<main id="main">` + main + `</main>` + kindFoot + `</body></html>`
}

// seoEssay is the long text a shop or a blog puts under a category's grid
// for search engines: paragraphs of real prose.
func seoEssay(topic string) string {
	return `<div class="term-description">` + longProse(topic) + longProse(topic+" care") +
		longProse(topic+" prices") + longProse(topic+" sizes") + `</div>`
}

// postTeasers is a short run of a blog's teasers: linked title, date, one line.
func postTeasers(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `<article class="post type-post"><h2 class="entry-title"><a href="/2025/03/%02d/field-note-%d/">Field note %d</a></h2>`+
			`<time datetime="2025-03-%02d">%d March 2025</time><p>A short note from the field.</p></article>`, i+1, i, i, i+1, i+1)
	}
	return b.String()
}

// TestKindListingTemplates: a page the CMS rendered with its listing
// template is a hub, even when its description reads as an article, its
// og:type says article (SEO plugins set it on every page) and its slug is
// long, and even when the shop's grid is drawn by script and absent.
func TestKindListingTemplates(t *testing.T) {
	listing := seoEssay("walking boots") + postTeasers(3)
	for _, c := range []struct{ cms, class, url string }{
		{"WordPress category", "archive category category-walking-boots-and-gear category-12 wp-embed-responsive", "https://notes.example/walking-boots-and-gear-for-beginners/"},
		{"WordPress tag", "archive tag tag-long-distance-walking-routes tag-31", "https://notes.example/long-distance-walking-routes-uk/"},
		{"WordPress author", "archive author author-jane-doe author-2", "https://notes.example/jane-doe-field-notes-writer/"},
		{"WordPress search", "search search-results", "https://notes.example/?s=boots"},
		{"WordPress page 2", "blog paged paged-2", "https://notes.example/field-notes-from-the-hills-and-moors/"},
		{"WooCommerce category", "archive tax-product_cat term-boots term-88 woocommerce woocommerce-page", "https://shop.example/walking-boots-for-men-and-women/"},
		{"Magento category", "page-products categorypath-boots category-boots catalog-category-view page-layout-2columns-left", "https://shop.example/boots.html"},
		{"Shopify collection", "template-collection", "https://shop.example/walking-boots-for-men-and-women"},
		{"PrestaShop category", "lang-en country-gb currency-gbp layout-left-column page-category tax-display-enabled category-id-3", "https://shop.example/3-walking-boots.html"},
		{"Ghost tag", "tag-template tag-walking", "https://notes.example/walking-boots-and-gear-for-beginners/"},
		{"Drupal term", "path-taxonomy page-taxonomy-term", "https://notes.example/walking-boots-and-gear-for-beginners"},
		{"commerce cloud", "product-listing-page default-device", "https://shop.example/walking-boots-for-men-and-women"},
	} {
		page := cmsPage("Walking boots", "article", c.class, `<h1>Walking boots</h1>`+listing)
		if k, ev := kindOf(t, page, c.url); k != KindHub {
			t.Errorf("%s: kind %q, want hub\n%+v", c.cms, k, *ev)
		}
	}
}

// TestKindSingleTemplatesStayArticles: a CMS's post and page templates
// carry their categories and tags as classes too ("category-news",
// "tag-walking"), and a site's own taxonomy archive may describe its
// subject at length: they stay articles.
func TestKindSingleTemplatesStayArticles(t *testing.T) {
	story := `<h1>Crossing the moor in March</h1><p class="byline">By Jane Doe, 3 March 2025</p>` +
		longProse("moor") + longProse("weather") + longProse("route") + longProse("boots") + longProse("map")
	for _, c := range []struct{ cms, class, url string }{
		{"WordPress post", "post-template-default single single-post postid-143 single-format-standard category-news category-walking tag-moor", "https://notes.example/crossing-the-moor/"},
		{"WordPress page", "page-template-default page page-id-12 page-child parent-pageid-4", "https://notes.example/crossing-the-moor/"},
		{"Ghost post", "post-template tag-walking tag-moor", "https://notes.example/crossing-the-moor/"},
		{"Drupal node", "path-node page-node-type-article", "https://notes.example/node/143"},
		{"WordPress custom taxonomy", "archive tax-region term-dartmoor term-7", "https://notes.example/region/dartmoor/"},
	} {
		page := cmsPage("Crossing the moor", "article", c.class, `<article class="post">`+story+`</article>`)
		if k, ev := kindOf(t, page, c.url); k != KindArticle {
			t.Errorf("%s: kind %q, want article\n%+v", c.cms, k, *ev)
		}
	}
}

// TestKindHugoSectionByStructure: Hugo themes name no template on <body>;
// a section's list page (PaperMod's: a title, a summary and a link laid
// over each entry) is a hub by its cards and pager.
func TestKindHugoSectionByStructure(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<h1>Posts</h1>`)
	for i := range 10 {
		fmt.Fprintf(&b, `<article class="post-entry"><header class="entry-header"><h2>%s</h2></header>`+
			`<div class="entry-content"><p>%s</p></div><footer class="entry-footer"><span>March %d, 2025</span></footer>`+
			`<a class="entry-link" aria-label="post link to %[1]s" href="/posts/note-%[4]d/"></a></article>`, reportTitle(i), excerpt(i), i+1, i)
	}
	b.WriteString(`<nav class="pagination"><a class="next" rel="next" href="/posts/page/2/">Next page</a></nav>`)
	page := cmsPage("Posts", "website", "", b.String())
	if k, ev := kindOf(t, page, "https://notes.example/posts/"); k != KindHub {
		t.Errorf("kind %q, want hub\n%+v", k, *ev)
	}
}

func TestListingTemplate(t *testing.T) {
	for class, want := range map[string]bool{
		"archive category category-news":            true,
		"ARCHIVE Tag":                               true,
		"search search-results":                     true,
		"archive tax-language term-spanish":         false, // a custom taxonomy: a subject's page
		"archive post-type-archive-work":            false, // a portfolio's, not a shop's
		"single single-post category-news tag-moor": false,
		"post-template tag-news":                    false,
		"category":                                  false, // a word, not WordPress's pair
		"":                                          false,
	} {
		if got := listingTemplate(class); got != want {
			t.Errorf("listingTemplate(%q) = %v, want %v", class, got, want)
		}
	}
}
