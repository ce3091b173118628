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
		{"Magento page of products", "page-with-filter page-products categorypath-boots page-layout-2columns-left", "https://shop.example/boots.html"},
		{"Bloomreach thematic page", "bloomreach-thematic-view page-layout-1column", "https://shop.example/t/waterproof-walking-boots"},
		{"Shopify collection", "template-collection", "https://shop.example/walking-boots-for-men-and-women"},
		{"PrestaShop category", "lang-en country-gb currency-gbp layout-left-column page-category tax-display-enabled category-id-3", "https://shop.example/3-walking-boots.html"},
		{"Squarespace blog", "collection-type-blog view-list tweak-blog-list-style-stacked", "https://notes.example/field-notes-from-the-hills-and-moors"},
		{"HubSpot blog", "hs-content-id-0 hs-blog-listing hs-blog-id-123", "https://notes.example/field-notes-from-the-hills-and-moors"},
		{"Joomla category", "site com_content view-category layout-blog no-task itemid-101", "https://notes.example/index.php/walking-boots-and-gear-for-beginners"},
		{"MediaWiki category", "mediawiki ltr sitedir-ltr ns-14 ns-subject page-Category_Walking_boots", "https://wiki.example/wiki/Category:Walking_boots"},
		{"Ghost tag", "tag-template tag-walking", "https://notes.example/walking-boots-and-gear-for-beginners/"},
		{"Drupal term", "path-taxonomy page-taxonomy-term", "https://notes.example/walking-boots-and-gear-for-beginners"},
		{"commerce cloud", "product-listing-page default-device", "https://shop.example/walking-boots-for-men-and-women"},
		{"Kibo category", " mz-category  ", "https://shop.example/departments/footwear/walking-boots-for-men-and-women"},
		{"Kibo search", "mz-searchresults", "https://shop.example/search?query=boots"},
		{"Shopware search", "is-ctl-search is-act-search", "https://shop.example/search?search=boots"},
		{"OpenCart category", "product-category-20_27", "https://shop.example/index.php?route=product/category&path=20_27"},
		{"OpenCart brand", "product-manufacturer-info-8", "https://shop.example/index.php?route=product/manufacturer.info&manufacturer_id=8"},
		{"OpenCart search", "product-search", "https://shop.example/index.php?route=product/search&search=boots"},
	} {
		page := cmsPage("Walking boots", "article", c.class, `<h1>Walking boots</h1>`+listing)
		if k, ev := kindOf(t, page, c.url); k != KindHub {
			t.Errorf("%s: kind %q, want hub\n%+v", c.cms, k, *ev)
		}
	}
}

// TestKindListingTemplateOnHTML: Dotdash Meredith's Mantle names its
// template on <html>: a taxonomy page of recipes typed an article, with a
// long slug, JSON-LD ItemList, and an introduction, is a hub; a list
// article of the same CMS stays one. nopCommerce names its templates
// there too: a category or search results, one product.
func TestKindListingTemplateOnHTML(t *testing.T) {
	onHTML := func(class, main string) string {
		return strings.Replace(cmsPage("Tomato sauces", "article", "", main), "<html>", `<html class="`+class+`">`, 1)
	}
	hub := onHTML("comp taxonomyScTemplate html mntl-html taxlevel-2", `<h1>Tomato sauce recipes</h1>`+seoEssay("tomato sauce")+postTeasers(4))
	if k, ev := kindOf(t, hub, "https://recipes.example/tomato-sauce-recipes-5117879"); k != KindHub {
		t.Errorf("taxonomy page: kind %q, want hub\n%+v", k, *ev)
	}
	for _, c := range []struct{ name, class, want string }{
		{"nopCommerce category", "html-category-page", KindHub},
		{"nopCommerce search", "html-search-page", KindHub},
		{"nopCommerce product", "html-product-details-page", KindPage},
	} {
		page := onHTML(c.class, `<h1>Walking boots</h1>`+seoEssay("walking boots"))
		if k, ev := kindOf(t, page, "https://shop.example/walking-boots-for-men-and-women"); k != c.want {
			t.Errorf("%s: kind %q, want %s\n%+v", c.name, k, c.want, *ev)
		}
	}
	list := onHTML("comp listScTemplate html mntl-html", `<article><h1>Our ten best tomato sauces</h1>`+
		longProse("sauce")+longProse("tomato")+longProse("basil")+longProse("garlic")+longProse("simmer")+`</article>`)
	if k, ev := kindOf(t, list, "https://recipes.example/best-tomato-sauces-5117880"); k != KindArticle {
		t.Errorf("list article: kind %q, want article\n%+v", k, *ev)
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
		{"Squarespace post", "collection-type-blog view-item tweak-blog-item-width-medium", "https://notes.example/blog/crossing-the-moor"},
		{"HubSpot post", "hs-content-id-143 hs-blog-post hs-blog-id-123", "https://notes.example/blog/crossing-the-moor"},
		{"Joomla article", "site com_content view-article no-layout no-task itemid-101", "https://notes.example/index.php/crossing-the-moor"},
		{"MediaWiki article", "mediawiki ltr sitedir-ltr ns-0 ns-subject page-Crossing_the_moor", "https://wiki.example/wiki/Crossing_the_moor"},
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

// TestKindProductTemplates: a shop's template for one product makes a
// product's page, though its description runs to paragraphs and a grid
// of related products with prices and carts sits below it.
func TestKindProductTemplates(t *testing.T) {
	var related strings.Builder
	related.WriteString(`<section class="related products"><h2>Related products</h2><ul class="products">`)
	for i := range 8 {
		fmt.Fprintf(&related, `<li class="product type-product"><a href="/product/boot-%d/"><img src="/i/%d.jpg" alt=""><h2 class="woocommerce-loop-product__title">Ridge boot %d</h2>`+
			`<span class="price">£%d.00</span></a><a href="?add-to-cart=%d" class="button add_to_cart_button">Add to basket</a></li>`, i, i, i, 90+i, i)
	}
	related.WriteString(`</ul></section>`)
	main := `<div class="product"><h1 class="product_title">Ridge walking boot</h1><p class="price">£120.00</p>` +
		`<form class="cart"><button class="single_add_to_cart_button">Add to basket</button></form>` +
		`<div class="woocommerce-Tabs-panel">` + longProse("leather") + longProse("sole") + longProse("fit") + longProse("care") + longProse("warranty") + `</div></div>` + related.String()
	for _, c := range []struct{ cms, class string }{
		{"WooCommerce", "product-template-default single single-product postid-88 woocommerce woocommerce-page"},
		{"Magento", "catalog-product-view product-ridge-walking-boot page-layout-1column"},
		{"Shopify theme", "template-product"},
		{"PrestaShop", "lang-en country-gb page-product tax-display-enabled product-id-88"},
		{"Kibo", "mz-product"},
		{"Shopware", "is-ctl-product is-act-index"},
		{"OpenCart", "product-product-42"},
	} {
		page := cmsPage("Ridge walking boot", "article", c.class, main)
		if k, ev := kindOf(t, page, "https://shop.example/ridge-walking-boot-for-men-and-women/"); k != KindPage {
			t.Errorf("%s: kind %q, want page\n%+v", c.cms, k, *ev)
		}
	}
}

// forumPage is a forum's page: body attributes (phpBB names its template
// in a class, XenForo in data-template) and the posts or topics.
func forumPage(bodyAttrs, main string) string {
	return `<html><head><title>Best first telescope? | Stargazers Forum</title><meta property="og:type" content="website"></head><body ` + bodyAttrs + `>` +
		kindNav + `<main id="page-body">` + main + `</main>` + kindFoot + `</body></html>`
}

// TestKindForumTemplates: a thread of short replies, each under a linked
// "Re:" heading with its author's link, looks like a run of teasers; the
// forum's template for one thread says it is one discussion (an article
// to archive). The forum's list of topics is a hub.
func TestKindForumTemplates(t *testing.T) {
	var thread, topics strings.Builder
	for i := range 12 {
		fmt.Fprintf(&thread, `<div class="post bg2" id="p%d"><h3><a href="#p%[1]d">Re: Best first telescope?</a></h3>`+
			`<p class="author">by <a href="/memberlist.php?mode=viewprofile&u=%d">stargazer%[2]d</a> » %d March 2025</p>`+
			`<div class="content">A small refractor on a sturdy mount, reply %[2]d: start with the Moon.</div></div>`, 100+i, i, i+1)
		fmt.Fprintf(&topics, `<li class="row"><dl><dt><a class="topictitle" href="/viewtopic.php?t=%d">Which eyepiece for planets, question %[1]d</a>`+
			`<br>by <a href="/memberlist.php?u=%d">stargazer%[2]d</a> » %d March 2025</dt><dd class="posts">%d</dd></dl></li>`, 300+i, i, i+1, 3+i)
	}
	for _, c := range []struct{ cms, attrs, main, want string }{
		{"phpBB topic", `id="phpbb" class="nojs notouch section-viewtopic ltr"`, thread.String(), KindArticle},
		{"XenForo thread", `data-template="thread_view"`, thread.String(), KindArticle},
		{"phpBB forum", `id="phpbb" class="nojs notouch section-viewforum ltr"`, `<ul class="topiclist topics">` + topics.String() + `</ul>`, KindHub},
		{"XenForo forum", `data-template="forum_view"`, `<ul class="topiclist topics">` + topics.String() + `</ul>`, KindHub},
	} {
		if k, ev := kindOf(t, forumPage(c.attrs, c.main), "https://forum.example/viewtopic.php?t=361697"); k != c.want {
			t.Errorf("%s: kind %q, want %s\n%+v", c.cms, k, c.want, *ev)
		}
	}
}

func TestTemplateOf(t *testing.T) {
	for class, want := range map[string]pageTemplate{
		"archive category category-news":                           tmplListing,
		"ARCHIVE Tag":                                              tmplListing,
		"search search-results":                                    tmplListing,
		"archive tax-language term-spanish":                        tmplOther, // a custom taxonomy: a subject's page
		"archive post-type-archive-work":                           tmplOther, // a portfolio's, not a shop's
		"single single-post category-news tag-moor":                tmplOther,
		"post-template tag-news":                                   tmplOther,
		"post-template tag-template":                               tmplOther, // a Ghost post tagged "template"
		"single single-post tag category":                          tmplOther,
		"category":                                                 tmplOther, // a word, not WordPress's pair
		"single single-product woocommerce":                        tmplProduct,
		"archive tax-product_cat woocommerce single-product":       tmplProduct,
		"nojs notouch section-viewtopic ltr":                       tmplThread,
		"product-category-20":                                      tmplListing, // OpenCart's route and path
		"product-product-42":                                       tmplProduct,
		"product-list-titles-under product-gallery-size-11-square": tmplOther, // Squarespace's settings on every page
		"node290 thread_view":                                      tmplThread,
		"":                                                         tmplOther,
	} {
		if got := templateOf(class); got != want {
			t.Errorf("templateOf(%q) = %v, want %v", class, got, want)
		}
	}
}

// TestKindStorefrontWrapper: Salesforce Commerce Cloud's storefronts name
// the page's template on the wrapper <div> under <body> (SiteGenesis in a
// class, the Storefront Reference Architecture in data-action):
// a category whose grid a script draws, leaving its description, is a
// hub, one product's page a page. A theme's wrapper with WordPress-like
// words ("archive category") names no template.
func TestKindStorefrontWrapper(t *testing.T) {
	wrapped := func(attrs, main string) string {
		return strings.Replace(cmsPage("Walking boots", "article", "", main), `<body class="">`, `<body><div `+attrs+`>`, 1)
	}
	for _, c := range []struct{ name, attrs, main, want string }{
		{"category grid", `id="wrapper" class="pt_product-search-result"`, `<h1>Walking boots</h1>` + seoEssay("walking boots"), KindHub},
		{"category landing", `id="wrapper" class="pt_categorylanding"`, `<h1>Walking boots</h1>` + seoEssay("walking boots"), KindHub},
		{"product", `id="wrapper" class="pt_product-details"`, `<h1>Ridge walking boot</h1>` + seoEssay("ridge boot"), KindPage},
		{"SFRA category", `class="page" data-action="Search-Show" data-querystring="cgid=boots"`, `<h1>Walking boots</h1>` + seoEssay("walking boots"), KindHub},
		{"SFRA product", `class="page" data-action="Product-Show" data-querystring="pid=28000436"`, `<h1>Ridge walking boot</h1>` + seoEssay("ridge boot"), KindPage},
		{"theme wrapper", `id="wrapper" class="site archive category"`, `<h1>Walking boots</h1>` + seoEssay("walking boots"), KindArticle},
	} {
		if k, ev := kindOf(t, wrapped(c.attrs, c.main), "https://shop.example/walking-boots-for-men-and-women/"); k != c.want {
			t.Errorf("%s: kind %q, want %s\n%+v", c.name, k, c.want, *ev)
		}
	}
}

// TestKindResultsLayout: a shop's category built with Coveo Atomic lays
// the page out as search results (facets, a result count, a pager) that a
// script fills, leaving the category's essay: a hub. The same kit's search
// box in an article's header leaves it an article.
func TestKindResultsLayout(t *testing.T) {
	layout := `<atomic-search-interface id="plp" search-hub="Main_Listing_Boots"><atomic-search-layout>` +
		`<atomic-layout-section section="facets"><atomic-refine-toggle></atomic-refine-toggle></atomic-layout-section>` +
		`<atomic-layout-section section="status"><atomic-query-summary></atomic-query-summary></atomic-layout-section>` +
		`<atomic-layout-section section="pagination"><atomic-load-more-results></atomic-load-more-results></atomic-layout-section>` +
		`</atomic-search-layout></atomic-search-interface>`
	hub := cmsPage("Walking boots", "", "", `<h1>Walking boots</h1>`+layout+seoEssay("walking boots"))
	if k, ev := kindOf(t, hub, "https://shop.example/footwear/walking-boots"); k != KindHub {
		t.Errorf("category: kind %q, want hub\n%+v", k, *ev)
	}
	box := `<atomic-search-interface><atomic-search-box redirection-url="/search"></atomic-search-box></atomic-search-interface>`
	art := cmsPage("Walking boots", "", "", box+`<h1>Walking boots</h1>`+seoEssay("walking boots"))
	if k, ev := kindOf(t, art, "https://shop.example/footwear/walking-boots"); k != KindArticle {
		t.Errorf("article: kind %q, want article\n%+v", k, *ev)
	}
}

// TestKindPlatformScripts: Shopify and BigCommerce name the page's
// template in the scripts they inject into every storefront, whatever the
// theme writes on <body> (Shopify's Dawn writes nothing): a collection or
// category whose grid a script draws, leaving its essay, is a hub, a
// BigCommerce product a page; a Shopify blog post, or a product (whose
// story reads as an article), stays an article.
func TestKindPlatformScripts(t *testing.T) {
	shopify := func(pageType string) string {
		return `<script id="shop-js-analytics" type="application/json">{"pageType":"` + pageType + `"}</script>` +
			`<script>window.ShopifyAnalytics = window.ShopifyAnalytics || {}; var meta = {"page":{"pageType":"` + pageType + `","resourceType":"` + pageType + `"}};</script>`
	}
	stencil := func(pageType string) string {
		return `<script>window.stencilBootstrap("` + pageType + `", "{\"themeSettings\":{}}").load();</script>`
	}
	essay := `<h1>Walking boots</h1>` + seoEssay("walking boots")
	for _, c := range []struct{ name, script, want string }{
		{"Shopify collection", shopify("collection"), KindHub},
		{"Shopify search", shopify("searchresults"), KindHub},
		{"Shopify blog", shopify("blog"), KindHub},
		{"Shopify article", shopify("article"), KindArticle},
		{"Shopify product", shopify("product"), KindArticle},
		{"BigCommerce category", stencil("category"), KindHub},
		{"BigCommerce brand", stencil("brand"), KindHub},
		{"BigCommerce product", stencil("product"), KindPage},
		{"BigCommerce page", stencil("page"), KindArticle},
	} {
		page := strings.Replace(cmsPage("Walking boots", "article", "gradient", essay), "</body>", c.script+"</body>", 1)
		if k, ev := kindOf(t, page, "https://shop.example/walking-boots-for-men-and-women"); k != c.want {
			t.Errorf("%s: kind %q, want %s\n%+v", c.name, k, c.want, *ev)
		}
	}
}
