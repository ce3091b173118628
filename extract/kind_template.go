package extract

import "strings"

// listingTemplateClasses are the classes a CMS puts on <body> (or <html>)
// when it renders a listing template, and on no other: the template the
// site chose says what the page is. WordPress: search results, page 2 of
// a listing; WooCommerce: the shop, its product categories and tags;
// Magento: a category and search results; Shopify themes: a collection,
// the list of collections, a blog and search; PrestaShop: a category and
// search; Squarespace: a collection's list view (a post is "view-item");
// HubSpot: a blog's listing; Joomla: a category, the featured articles,
// a tag; Ghost: a tag's and an author's page; Drupal: a taxonomy term's
// page; MediaWiki: a category (namespace 14); Dotdash Meredith's Mantle
// (on <html>): a taxonomy page, a recipe or topic category (its posts are
// "…ScTemplate" of other names); Salesforce Commerce Cloud and others: a
// product listing page.
var listingTemplateClasses = map[string]bool{
	"search-results": true, "search-no-results": true, "paged": true,
	"woocommerce-shop": true, "tax-product_cat": true, "tax-product_tag": true, "post-type-archive-product": true,
	"catalog-category-view": true, "catalogsearch-result-index": true,
	"template-collection": true, "template-list-collections": true, "template-blog": true, "template-search": true,
	"page-category": true, "page-search": true,
	"view-list": true, "hs-blog-listing": true,
	"view-category": true, "view-featured": true, "view-tag": true,
	"tag-template": true, "author-template": true,
	"page-taxonomy": true, "page-taxonomy-term": true, "path-taxonomy": true,
	"ns-14": true, "taxonomysctemplate": true, "product-listing-page": true,
}

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

// listingTemplate reports whether class, a <body> or <html> class list,
// names a CMS's listing template.
func listingTemplate(class string) bool {
	listing, archive, archiveOf := false, false, false
	for _, c := range strings.Fields(class) {
		c = strings.ToLower(c)
		if itemTemplateClasses[c] {
			return false
		}
		listing = listing || listingTemplateClasses[c]
		archive = archive || c == "archive"
		archiveOf = archiveOf || wordPressArchives[c]
	}
	return listing || archive && archiveOf
}
