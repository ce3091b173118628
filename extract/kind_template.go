package extract

import "strings"

// listingTemplateClasses are the classes a CMS puts on <body> (or <html>)
// when it renders a listing template, and on no other: the template the
// site chose says what the page is. WordPress: search results, page 2 of
// a listing; WooCommerce: the shop, its product categories and tags;
// Magento: a category and search results; Shopify themes: a collection
// and search; PrestaShop: a category and search; Ghost: a tag's and an
// author's page; Drupal: a taxonomy term's page; Salesforce Commerce
// Cloud and others: a product listing page.
var listingTemplateClasses = map[string]bool{
	"search-results": true, "search-no-results": true, "paged": true,
	"woocommerce-shop": true, "tax-product_cat": true, "tax-product_tag": true, "post-type-archive-product": true,
	"catalog-category-view": true, "catalogsearch-result-index": true,
	"template-collection": true, "template-search": true,
	"page-category": true, "page-search": true,
	"tag-template": true, "author-template": true,
	"page-taxonomy-term": true, "path-taxonomy": true,
	"product-listing-page": true,
}

// wordPressArchives are the archives whose WordPress body class goes with
// "archive": a category's, a tag's, an author's, a month's. A custom
// taxonomy's archive ("tax-…") is left out: sites use those for pages
// that describe a subject at length.
var wordPressArchives = map[string]bool{"category": true, "tag": true, "author": true, "date": true}

// listingTemplate reports whether class, a <body> or <html> class list,
// names a CMS's listing template.
func listingTemplate(class string) bool {
	archive, archiveOf := false, false
	for _, c := range strings.Fields(class) {
		c = strings.ToLower(c)
		if listingTemplateClasses[c] {
			return true
		}
		archive = archive || c == "archive"
		archiveOf = archiveOf || wordPressArchives[c]
	}
	return archive && archiveOf
}
