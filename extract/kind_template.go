package extract

import "strings"

// listingTemplateClasses are the classes a CMS puts on <body> (or <html>)
// when it renders a listing template, and on no other: the template the
// site chose says what the page is. WordPress: search results, page 2 of
// a listing; WooCommerce: the shop, its product categories and tags;
// Magento: a category and search results, any page its layouts give a
// grid of products ("page-products"), Bloomreach's thematic pages (a
// product listing for a search phrase); Shopify themes: a collection,
// the list of collections, a blog and search; PrestaShop: a category and
// search; Squarespace: a collection's list view (a post is "view-item");
// HubSpot: a blog's listing; Joomla: a category, the featured articles,
// a tag; Ghost: a tag's and an author's page; Drupal: a taxonomy term's
// page; phpBB and XenForo: a forum's list of threads, the board's index,
// search results; MediaWiki: a category (namespace 14); Dotdash Meredith's Mantle
// (on <html>): a taxonomy page, a recipe or topic category (its posts are
// "…ScTemplate" of other names); Salesforce Commerce Cloud and others: a
// product listing page; Kibo Commerce (Mozu) themes: a category and
// search results; nopCommerce (on <html>): a category, a brand, a vendor,
// search results, a product tag; Shopware 6: search results (its
// navigation controller draws categories and static pages alike, so it
// is not read); OpenCart: search results, specials (and the prefixes
// below).
var listingTemplateClasses = map[string]bool{
	"search-results": true, "search-no-results": true, "paged": true,
	"woocommerce-shop": true, "tax-product_cat": true, "tax-product_tag": true, "post-type-archive-product": true,
	"catalog-category-view": true, "catalogsearch-result-index": true, "page-products": true, "bloomreach-thematic-view": true,
	"template-collection": true, "template-list-collections": true, "template-blog": true, "template-search": true,
	"page-category": true, "page-search": true,
	"view-list": true, "hs-blog-listing": true,
	"view-category": true, "view-featured": true, "view-tag": true,
	"tag-template": true, "author-template": true,
	"page-taxonomy": true, "page-taxonomy-term": true, "path-taxonomy": true,
	"section-viewforum": true, "section-search": true, "forum_view": true, "forum_list": true, "search_results": true, "tag_view": true,
	"ns-14": true, "taxonomysctemplate": true, "product-listing-page": true,
	"mz-category": true, "mz-searchresults": true,
	"html-category-page": true, "html-manufacturer-page": true, "html-vendor-page": true, "html-search-page": true, "html-product-tag-page": true,
	"is-ctl-search": true, "product-search": true, "product-special": true,
}

// listingTemplatePrefixes begin the classes OpenCart writes on <body> for
// its listing routes, followed by the category's path or the brand's id
// ("product-category-20", "product-manufacturer-info-8").
var listingTemplatePrefixes = []string{"product-category-", "product-manufacturer-info"}

// wordPressArchives are the archives whose WordPress body class goes with
// "archive": a category's, a tag's, an author's, a month's. A custom
// taxonomy's archive ("tax-…") is left out: sites use those for pages
// that describe a subject at length.
var wordPressArchives = map[string]bool{"category": true, "tag": true, "author": true, "date": true}

// itemTemplateClasses name a template for one post (WordPress, Ghost,
// Squarespace, Joomla, HubSpot): they overrule a listing's class that a
// post's own tag made (Ghost writes a post tagged "template" as
// "tag-template").
var itemTemplateClasses = map[string]bool{
	"single": true, "post-template": true, "view-item": true, "view-article": true, "hs-blog-post": true,
}

// productTemplateClasses name a shop's template for one product
// (WooCommerce, Magento, Shopify themes, PrestaShop, Kibo, nopCommerce,
// Shopware 6; OpenCart's "product-product-42"): the page sells one
// thing, whatever prose its description holds or tiles it shows.
var productTemplateClasses = map[string]bool{
	"single-product": true, "catalog-product-view": true, "template-product": true, "page-product": true,
	"mz-product": true, "html-product-details-page": true, "is-ctl-product": true,
}

// threadTemplateClasses name a forum's template for one thread (phpBB's
// class, XenForo's data-template): a discussion is one piece of content,
// as an article is, however many posts, avatars and signature links it
// repeats.
var threadTemplateClasses = map[string]bool{"section-viewtopic": true, "thread_view": true}

// pageTemplate is the template a CMS names in a <body> or <html> class
// list: a listing's, a product's, a forum thread's, or none of them
// (tmplOther: a post's, a page's, or none named).
type pageTemplate uint8

const (
	tmplOther pageTemplate = iota
	tmplListing
	tmplProduct
	tmplThread
)

// wrapperTemplates are the page templates Salesforce Commerce Cloud's
// storefronts name on the page's wrapper, a <div> under <body>, not on
// <body>. SiteGenesis in a class of <div id="wrapper">: a category's grid
// or search results, a category's landing page, content search results,
// one product. The Storefront Reference Architecture in the wrapper's
// data-action, the controller that drew the page: a category or search
// results, one product.
var wrapperTemplates = map[string]pageTemplate{
	"pt_product-search-result": tmplListing, "pt_product-search-noresult": tmplListing,
	"pt_categorylanding": tmplListing, "pt_content-search-result": tmplListing,
	"pt_product-details": tmplProduct,
	// SFRA's data-action
	"search-show": tmplListing, "product-show": tmplProduct,
}

// resultsLayouts are the elements of search UI kits that lay a page out
// as a page of results (Coveo Atomic's, with its facets, result count and
// pager in sections): a search page or a shop's category whose results a
// script fetches. A search box on another page is a lone
// <atomic-search-box>, with no layout.
var resultsLayouts = map[string]bool{"atomic-search-layout": true, "atomic-commerce-layout": true}

// wrapperTemplateOf reads the template a storefront's wrapper names in its
// class and data-action. Only those names: a theme's other wrappers carry
// words such as "archive" or "paged" for their own reasons.
func wrapperTemplateOf(class, action string) pageTemplate {
	for c := range strings.FieldsSeq(class + " " + action) {
		if t, ok := wrapperTemplates[strings.ToLower(c)]; ok {
			return t
		}
	}
	return tmplOther
}

// templateOf reads the template that lists of names, a <body> or <html>
// element's class and data-template, give. A product's or a thread's
// class wins over a post's (WooCommerce writes "single single-product"),
// a post's over a listing's.
func templateOf(lists ...string) pageTemplate {
	product, thread, item, listing, archive, archiveOf := false, false, false, false, false, false
	for _, l := range lists {
		for c := range strings.FieldsSeq(l) {
			c = strings.ToLower(c)
			product = product || productTemplateClasses[c]
			thread = thread || threadTemplateClasses[c]
			item = item || itemTemplateClasses[c]
			product = product || strings.HasPrefix(c, "product-product-")
			listing = listing || listingTemplateClasses[c] || hasAnyPrefix(c, listingTemplatePrefixes)
			archive = archive || c == "archive"
			archiveOf = archiveOf || wordPressArchives[c]
		}
	}
	switch {
	case product:
		return tmplProduct
	case thread:
		return tmplThread
	case item:
		return tmplOther
	case listing || archive && archiveOf:
		return tmplListing
	}
	return tmplOther
}

// Shop platforms name the page's template in the scripts they inject into
// every storefront, whatever the theme puts on <body> (Shopify's Dawn puts
// nothing there). Shopify's analytics give the template as its pageType
// in the script with id shop-js-analytics (its ShopifyAnalytics meta says
// it again, in a long script not worth searching): a collection, the
// list of collections, search results, a blog. A
// "product" is not read: shops write their coffee's or tea's story on it,
// and the article corpora hold such a page. BigCommerce's Stencil themes
// start their scripts with stencilBootstrap("page type"): a category, a
// brand or the list of brands, search results, a blog; or one product.
var (
	shopifyListings = []string{`"pageType":"collection"`, `"pageType":"list-collections"`, `"pageType":"searchresults"`, `"pageType":"blog"`}
	stencilPages    = map[string]pageTemplate{
		"category": tmplListing, "brand": tmplListing, "brands": tmplListing, "search": tmplListing, "blog": tmplListing,
		"product": tmplProduct,
	}
)

// scriptTemplateOf reads the template a shop platform names in an inline
// script of that id and text.
func scriptTemplateOf(id, text string) pageTemplate {
	if id == "shop-js-analytics" {
		for _, l := range shopifyListings {
			if strings.Contains(text, l) {
				return tmplListing
			}
		}
		return tmplOther
	}
	if _, rest, ok := strings.Cut(text, `stencilBootstrap("`); ok {
		if page, _, ok := strings.Cut(rest, `"`); ok {
			return stencilPages[page]
		}
	}
	return tmplOther
}

// hasAnyPrefix reports whether s begins with one of prefixes.
func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
