package extract

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// hubInfo is what the intact page says about its kind, read before pruning.
type hubInfo struct {
	ogType        string
	path          string
	query         string
	teasers       int // <article> elements and linked headings
	mainTeasers   int // those outside navigation, headers, footers, asides
	longParas     int // <p> with 200+ runes outside links
	links         int
	text          int
	linkText      int
	jsonLDArticle bool
	ldTypes       []string  // JSON-LD @type values
	cards         cardStats // teaser cards on the whole page
	contentCards  cardStats // teaser cards inside the chosen content
	contentText   int       // visible runes of the chosen content
	wholeBody     bool      // no container held the content: the whole body was kept
	titles        []string  // <title> and og:title, to drop a repeated title
	prices        int       // text nodes holding a price ($12.99, 12,99 €)
	carts         int       // add-to-cart / quick-view controls
	pagination    bool      // a pager: rel=next, a "pagination" block
	pagerBlock    bool      // a "pagination" block (a post's next link is not one)
	microProducts int       // schema.org Product microdata items
	ldProducts    int       // Product entries in JSON-LD
	ldListed      int       // the most JSON-LD entries of one catalogued type (see listedTypes)
	descriptions  []string  // meta/og/twitter descriptions, to find the lead
	controls      int       // listing controls seen (bits of listControl)
	lists         linkListStats
	template      pageTemplate // the template <body> or <html> names
	docLinks      int          // distinct PDF documents linked outside navigation
	lastDoc       string       // the last of them, to count a teaser's thumbnail and button once
}

var (
	// reHubPath is a listing's URL: a section, tag, author, search or date
	// archive, a numbered page of one, a shop's collection, department
	// or catalogue, or a directory, ranking, schedule or catalogue of
	// courses or recipes, perhaps narrowed by a word or two (an article's
	// slug there is longer), perhaps after the catalogue's numeric id. The
	// word after a tag, topic or category is a name or an id, not an item's
	// id-led slug (Invision's thread "/topic/188682-new-pc-case/"). A
	// date archive's year is a year, not after a slug: a post's id
	// ("/2320", Discourse's "/t/whats-your-range/3275") or a post's month
	// after its slug ("/why-tutoring-fails/2025/11") is no archive.
	reHubPath = lazyCompile(`(?i)(/(tags?|topics?|category|categories|section|sections|authors?|auteurs?|autoren|etiquettes?|mots?-cles?|rubriques?|thema|themen|schlagworte?|kategorien?)(/([^/.\d][^/.]*|\d+))?/?$|/(search|suche|recherche|archives?|latest|news|blogs?|publications|research|analysis|experts|themes?)/?$|/(page|seite)/\d+/?$|(^|/[^/-]+)/(19|20)\d\d(/\d{1,2})?/?$|/(collections|browse|departments?|catalogs?|genres?|shop)(/[^/.]+){0,3}/?$|/(hubs?|directory|lists?|trending|rankings?|schedules?|standings|course-catalog|courses|recipes)(/\d+)?(/[^/.-]+(-[^/.-]+)?)?/?$)`)
	// reItemPath names one item of a shop (/products/x, /dp/0735211299):
	// not the listing its path starts with.
	reItemPath = lazyCompile(`(?i)/(products?|items?|p|dp|itm)/[^/]`)
	// reStaticPath is a site's own static page: about, contact, legal,
	// donate, a newsletter's sign-up, careers. Alone it decides nothing;
	// isPage asks for the absence of article evidence too.
	reStaticPath = lazyCompile(`(?i)/(about|about-us|who-we-are|contact|contact-us|privacy|privacy-policy|privacy-notice|terms|terms-of-use|terms-of-service|cookie-policy|cookies|donate|support-us|newsletter|subscribe|sign-up|signup|careers|jobs|imprint|impressum|datenschutz|accessibility)/?$`)
	// reQueryID is a query naming one item (?p=2895, ?id=12, or with the
	// slash a link or a crawler added, ?p=959/): the site's root serving
	// an article.
	reQueryID = lazyCompile(`(^|&)[A-Za-z_]*=\d+/?(&|$)`)
	// reListingQuery is a search or a page of a listing in a URL's query
	// (?s=boots, ?q=boots, ?page=2), by the parameter's whole name: other
	// parameters end in "s=" too (?cds=news_media, ?jobRoles=engineering).
	reListingQuery = lazyCompile(`(^|&)(s|q|page)=`)
	// reLocaleRoot is a site's home page for one language or region
	// (/en, /en-us, /de_DE, /us/en, /global): the root a multilingual
	// site redirects to.
	reLocaleRoot = lazyCompile(`(?i)^(/([a-z]{2}([-_][a-z]{2})?|global|intl|international)){1,2}$`)
	reLDType     = lazyCompile(`"@type"\s*:\s*\[?\s*"([A-Za-z]+)"`)
	// reArticlePath is an article's URL: a dated path, a long slug, an id.
	reArticlePath = lazyCompile(`(?i)(/\d{4}/\d{1,2}/\d{1,2}/.|/\d{4}/\d{1,2}/[^/]+-|/\d{4}-\d{2}-\d{2}|\d{5,}|\.s?html?$|\.aspx?$|\.php$|[a-z0-9]+-[a-z0-9]+-[a-z0-9]+-[a-z0-9]+[^/]*$)`)
)

// listedTypes are schema.org types a page is one of (a course, a recipe,
// a job, a film, a book): a page describing several in its JSON-LD is
// their catalogue. Events are left out: a report of a festival names its
// concerts, and Products are counted apart (a shop's grid, shop).
var listedTypes = map[string]bool{"Course": true, "Recipe": true, "JobPosting": true, "Movie": true, "Book": true}

// hubSignals reads page-kind evidence from the intact document.
func (x *extractor) hubSignals(root, bodyNode *html.Node) hubInfo {
	var h hubInfo
	if x.base != nil {
		h.path = x.base.Path
		h.query = x.base.RawQuery
	}
	// Lists of links are looked for inside <body> only (the elements
	// above it have no measured text to judge navigation by), outside
	// ignored subtrees (scripts, controls) and outside navigation.
	const (
		listsOff = iota
		listsOn
		listsChrome
	)
	type item struct {
		n      *html.Node
		chrome bool // inside navigation, a header, footer or aside
		lists  int8 // listsOff, listsOn, listsChrome
	}
	pageText := x.pageText
	var lists linkListWalk
	stack := []item{{root, false, listsOff}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		n, chrome, ls := it.n, it.chrome, it.lists
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode {
			nav := false
			if !chrome || ls == listsOn {
				nav = x.navChrome(n, pageText)
			}
			chrome = chrome || nav
			switch {
			case n == bodyNode || n.DataAtom == atom.Html:
				if t := templateOf(nattr(n, "class"), nattr(n, "data-template")); t != tmplOther {
					h.template = t
				}
			case n.Parent == bodyNode && n.DataAtom == atom.Div && h.template == tmplOther:
				h.template = wrapperTemplateOf(nattr(n, "class"), nattr(n, "data-action"))
			case n.DataAtom == 0 && resultsLayouts[n.Data] && h.template == tmplOther:
				h.template = tmplListing
			}
			switch {
			case n == bodyNode:
				ls = listsOn
			case ls == listsOff:
			case ignoredTag(n.DataAtom):
				ls = listsOff
			case ls == listsOn && nav:
				ls = listsChrome
				x.linkListChrome(&lists, n)
			case ls == listsOn:
				x.linkListVisit(&lists, n)
				if n.DataAtom == atom.A {
					ls = listsOff // a link's inside is the link's
				}
			}
			switch n.DataAtom {
			case atom.Meta:
				switch nattr(n, "property") {
				case "og:type":
					h.ogType = strings.ToLower(strings.TrimSpace(nattr(n, "content")))
				case "og:title":
					h.titles = append(h.titles, nattr(n, "content"))
				case "og:description", "twitter:description":
					h.descriptions = append(h.descriptions, nattr(n, "content"))
				}
				switch nattr(n, "name") {
				case "description", "twitter:description":
					h.descriptions = append(h.descriptions, nattr(n, "content"))
				}
			case atom.Title:
				if n.FirstChild != nil {
					h.titles = append(h.titles, n.FirstChild.Data)
				}
			case atom.Script:
				if nattr(n, "type") == "application/ld+json" && n.FirstChild != nil {
					d := n.FirstChild.Data
					if strings.Contains(d, `"NewsArticle"`) || strings.Contains(d, `"Article"`) ||
						strings.Contains(d, `"BlogPosting"`) || strings.Contains(d, `"Report"`) ||
						strings.Contains(d, `"ScholarlyArticle"`) || strings.Contains(d, `"OpinionNewsArticle"`) ||
						// A live blog's updates are one story's.
						strings.Contains(d, `"LiveBlogPosting"`) ||
						// A forum thread or a question with its answers:
						// one piece of content, as an article is.
						strings.Contains(d, `"DiscussionForumPosting"`) || strings.Contains(d, `"QAPage"`) {
						h.jsonLDArticle = true
					}
					listed := map[string]int{}
					for _, m := range reLDType.FindAllStringSubmatch(d, 50) {
						h.ldTypes = append(h.ldTypes, m[1])
						if m[1] == "Product" {
							h.ldProducts++
						}
						if listedTypes[m[1]] {
							listed[m[1]]++
							h.ldListed = max(h.ldListed, listed[m[1]])
						}
					}
				}
				if h.template == tmplOther && n.FirstChild != nil && nattr(n, "src") == "" {
					h.template = scriptTemplateOf(nattr(n, "id"), n.FirstChild.Data)
				}
				continue
			case atom.Style, atom.Noscript, atom.Template:
				continue
			case atom.Article:
				h.teasers++
				if !chrome {
					h.mainTeasers++
				}
			case atom.H2, atom.H3, atom.H4:
				if hasDescendant(n, atom.A) || n.Parent != nil && n.Parent.DataAtom == atom.A {
					h.teasers++
					if !chrome {
						h.mainTeasers++
					}
				}
			case atom.A:
				h.links++
				if nattr(n, "rel") == "next" {
					h.pagination = true
				}
				if href := nattr(n, "href"); !chrome && href != h.lastDoc && isPDFHref(href) {
					h.docLinks++
					h.lastDoc = href
				}
			case atom.P:
				if t, l := textAndLink(n); t-l >= 200 {
					h.longParas++
				}
			}
			h.shopMarks(n)
		}
		if n.Type == html.TextNode {
			t, _ := visibleRunes(n.Data)
			h.text += t
			if t > 0 && t < 40 {
				if hasPrice(n.Data) {
					h.prices++
				}
				h.controls |= listControl(n.Data)
			}
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, item{c, chrome, ls})
		}
	}
	h.lists = lists.done(pageText)
	return h
}

// isPDFHref reports a link to a PDF file (its path ends in .pdf, before
// any query or fragment).
func isPDFHref(href string) bool {
	if i := strings.IndexAny(href, "?#"); i >= 0 {
		href = href[:i]
	}
	return len(href) > 4 && strings.EqualFold(href[len(href)-4:], ".pdf")
}

func hasDescendant(n *html.Node, a atom.Atom) bool {
	var buf [32]*html.Node // small subtrees: no allocation
	stack := append(buf[:0], n)
	for steps := 0; len(stack) > 0 && steps < 200; steps++ {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c != n && c.Type == html.ElementNode && c.DataAtom == a {
			return true
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			stack = append(stack, k)
		}
	}
	return false
}

// textAndLink counts a paragraph's visible runes and those inside links.
func textAndLink(p *html.Node) (text, link int) {
	type item struct {
		n      *html.Node
		inLink bool
	}
	stack := []item{{p, false}}
	for steps := 0; len(stack) > 0 && steps < 2000; steps++ {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.n.Type == html.TextNode {
			t, _ := visibleRunes(it.n.Data)
			text += t
			if it.inLink {
				link += t
			}
			continue
		}
		in := it.inLink || it.n.Type == html.ElementNode && it.n.DataAtom == atom.A
		for k := it.n.FirstChild; k != nil; k = k.NextSibling {
			stack = append(stack, item{k, in})
		}
	}
	return text, link
}

// kindEvidence is every signal the page-kind judgement weighs, reduced to
// numbers and flags, so judgeKind is a pure function of it (and the corpus
// test can replay the judgement without extracting again).
type kindEvidence struct {
	Path, Query, OGType string
	Home, HubPath       bool // the site's root (or a language's: /en/); a listing's URL
	ArticlePath         bool // a dated path, a long slug, an id
	StaticPath          bool // about, contact, legal...
	JSONLDArticle       bool
	LDCollection        bool // CollectionPage, SearchResultsPage
	LDItemList          bool
	LDPage              bool // Product, ProfilePage, Event... (see isPage)
	ListingTemplate     bool // the CMS's template for a listing (body classes)
	ProductTemplate     bool // the CMS's template for one product
	ThreadTemplate      bool // a forum's template for one thread
	Teasers             int  // <article>s and linked headings, whole page
	MainTeasers         int  // those outside navigation and asides
	Links, Text         int  // whole page
	LongParasPage       int  // long paragraphs on the whole page
	Long, Chars         int  // long paragraphs and unlinked runes kept in the body
	Cards, CardText     int  // teaser cards on the whole page
	CardLink            int  // their runes inside links
	WholeBody           bool // no container held the content: the whole body was kept
	CardGroup           int  // the largest run of cards
	ContentCards        int  // teaser cards inside the chosen content
	ContentCardText     int
	ContentCardGroup    int
	ContentText         int // visible runes of the chosen content
	CardPriced          int // cards in grids of priced tiles
	CardExcerpts        int // cards with a blurb
	CardDated           int // cards in grids of dated items
	CardProduct         int // cards of a "product…" class
	CardImaged          int // cards in grids of image tiles
	LoopLong            int // long paragraphs in runs of dated cards led by linked headlines
	BodyText, BodyLink  int // <body>'s visible runes and those in links
	Prices, Carts       int // short price tags; add-to-cart controls
	Pagination          bool
	PagerBlock          bool // a pager's block, not a post's rel=next link
	ListControls        int  // kinds of listing controls: sort, order, count, filter
	MicroProducts       int
	LDProducts          int
	LDListed            int  // the most JSON-LD entries of one catalogued type (Course, Recipe...)
	Heads, Paras, Items int  // kept body blocks by kind
	LinkedHeads         int  // kept headings that are links
	LinkBlocks          int  // kept blocks mostly made of link text
	LongestBlock        int  // unlinked runes of the longest kept paragraph or list item
	ListTargets         int  // distinct same-site pages linked from entries of lists of links
	ListText            int  // runes of those links
	MainText            int  // visible runes of the body outside navigation
	ProseMax            int  // the longest unlinked text directly in one block outside navigation
	ProseBlocks         int  // blocks outside navigation with 60+ runes of unlinked text of their own
	DocLinks            int  // PDF documents linked outside navigation
	Profile             bool // typed a person's profile: og:type profile, JSON-LD ProfilePage
}

// kindTrace, when set (by tests), sees each page's evidence.
var kindTrace func(a *Article, ev *kindEvidence)

// kindOff, when set (by tests: ARCHIVIST_KIND_OFF), names rules the
// judgement leaves out, to see which fixtures each rule holds.
var kindOff map[string]bool

// decideKind judges the page kind from the intact page's signals and the
// body blocks that were kept.
func (x *extractor) decideKind(h hubInfo, bs []block) string {
	ev := h.evidence(bs)
	if kindTrace != nil {
		c := ev
		kindTrace(x.art, &c)
	}
	return judgeKind(&ev, kindOff)
}

func (h *hubInfo) evidence(bs []block) kindEvidence {
	path := strings.TrimRight(h.path, "/")
	e := kindEvidence{
		Path: h.path, Query: h.query, OGType: h.ogType,
		Home:            h.path != "" && (path == "" || reLocaleRoot.MatchString(path)) && !reQueryID.MatchString(h.query),
		HubPath:         reHubPath.MatchString(h.path) && !reItemPath.MatchString(h.path),
		ArticlePath:     path != "" && reArticlePath.MatchString(path),
		StaticPath:      reStaticPath.MatchString(h.path),
		JSONLDArticle:   h.jsonLDArticle,
		ListingTemplate: h.template == tmplListing,
		ProductTemplate: h.template == tmplProduct,
		ThreadTemplate:  h.template == tmplThread,
		LDCollection:    h.hasLDType("CollectionPage", "SearchResultsPage"),
		LDItemList:      h.hasLDType("ItemList"),
		LDPage: h.hasLDType("Product", "ProductGroup", "ProfilePage", "AboutPage", "ContactPage",
			"Event", "Service", "JobPosting", "Course"),
		Teasers: h.teasers, MainTeasers: h.mainTeasers, Links: h.links, Text: h.text, LongParasPage: h.longParas,
		Cards: h.cards.cards, CardText: h.cards.text, CardLink: h.cards.link, WholeBody: h.wholeBody, CardGroup: h.cards.maxGroup,
		ContentCards: h.contentCards.cards, ContentCardText: h.contentCards.text,
		ContentCardGroup: h.contentCards.maxGroup, ContentText: h.contentText,
		CardPriced: h.cards.priced, CardExcerpts: h.cards.excerpts, CardDated: h.cards.dated, CardProduct: h.cards.product, CardImaged: h.cards.imaged,
		LoopLong: h.cards.loopLong,
		BodyText: h.cards.rootText, BodyLink: h.cards.rootLink,
		Prices: h.prices, Carts: h.carts, Pagination: h.pagination, PagerBlock: h.pagerBlock, ListControls: controlKinds(h.controls),
		MicroProducts: h.microProducts, LDProducts: h.ldProducts, LDListed: h.ldListed,
		ListTargets: h.lists.targets, ListText: h.lists.linkText, MainText: h.lists.mainText, ProseMax: h.lists.proseMax,
		ProseBlocks: h.lists.proseBlocks, DocLinks: h.docLinks,
		Profile: h.ogType == "profile" || h.hasLDType("ProfilePage"),
	}
	for _, b := range bs {
		e.Chars += b.chars - b.link
		if b.kind == bPara && b.chars-b.link >= 200 {
			e.Long++
		}
		switch b.kind {
		case bHeading:
			e.Heads++
			if 2*b.link >= b.chars && b.chars > 0 {
				e.LinkedHeads++
			}
		case bPara:
			e.Paras++
		case bItem:
			e.Items++
		}
		if b.chars >= 10 && 2*b.link >= b.chars {
			e.LinkBlocks++
		}
		if b.kind == bPara || b.kind == bItem {
			e.LongestBlock = max(e.LongestBlock, b.chars-b.link)
		}
	}
	return e
}

// judgeKind weighs hub evidence against article evidence (kindScoreWhy) and
// the page's own claims to be an article or a page. off names rules to
// leave out (the corpus test's audit switches each off in turn); nil
// judges by all.
func judgeKind(e *kindEvidence, off map[string]bool) string {
	oneProduct := e.oneProduct() && !off["oneproduct"]
	// The CMS rendered the page with its listing template (a category,
	// tag, author, search or shop collection): the site says what the page
	// is in the one place a theme cannot copy onto a post by mistake, as
	// og:type and JSON-LD are (SEO plugins type every page an article).
	// No article of the corpora carries one.
	if e.ListingTemplate && !oneProduct && !off["listingtemplate"] {
		return KindHub
	}
	// Its template for one product: a product's page, whatever its
	// description's prose or its grid of related products suggest.
	if e.ProductTemplate && !off["producttemplate"] {
		return KindPage
	}
	// A forum's template for one thread: the discussion is the content,
	// however many avatars, signatures and quoted links repeat in it.
	if e.ThreadTemplate && !off["threadtemplate"] {
		return KindArticle
	}
	score := kindScoreWhy(e, nil, off)
	// A false hub loses an article (the crawler will not archive it), a
	// false article only costs space: lean towards article. Two claims to
	// be an article (og:type or JSON-LD, and the URL) stand against
	// structure: a long list with teasers is then a listicle, a page whose
	// body could not be found still an article. A shop's grid still makes
	// a hub. A page typed as one product, with at most a row of related
	// ones, is that product's page, whatever its prices and carts suggest.
	// A page that is only lists of links has no article to lose (a CMS
	// types its sitemap or index page an article as readily as a post).
	unclaimed := e.articleClaims() < 2 || off["claims2"] ||
		e.shop() && !off["shopoverclaims"] || e.linkList() && !off["linklistoverclaims"]
	if score >= 4 && unclaimed && !oneProduct {
		return KindHub
	}
	// A person's profile over a run of teasers: an expert's or author's
	// page listing their work under a bio, however long the bio. It is
	// no article (the page says whose profile it is), and the crawler
	// must follow it to the work.
	if e.Profile && !e.articleTyped() && e.ContentCardGroup >= 3 && !off["profileworks"] {
		return KindHub
	}
	if e.isPage() && !off["ispage"] {
		return KindPage
	}
	return KindArticle
}

// kindScoreWhy scores hub evidence against article evidence. Positive
// means hub. Each signal is weak alone; listings show several at once.
// why, when not nil, collects the rules that fired (for the corpus test's
// report); the rules off names are left out.
func kindScoreWhy(e *kindEvidence, why *[]string, off map[string]bool) int {
	score := 0
	add := func(n int, rule string) {
		if off[rule] {
			return
		}
		score += n
		if why != nil {
			*why = append(*why, fmt.Sprintf("%s%+d", rule, n))
		}
	}
	switch {
	case e.Home:
		add(3, "home") // the home page
	case e.HubPath:
		add(2, "hubpath")
	case e.ArticlePath:
		add(-2, "artpath")
	}
	if reListingQuery.MatchString(e.Query) {
		add(1, "query")
	}
	switch e.OGType {
	case "article", "newsarticle", "blogposting":
		add(-2, "ogart")
	case "website", "profile", "blog":
		add(1, "ogsite")
	}
	if e.JSONLDArticle {
		add(-2, "ldart")
	}
	// og:type alone claims an article (SEO plugins type every page so)
	// over content that is a run of dated teasers: linked headings, every
	// heading kept a link, no long paragraph. A section page, whose claim
	// is the plugin's, not the site's; a ranking's or a listicle's entries
	// carry no dates.
	if e.articleClaims() == 1 && !e.JSONLDArticle && !e.ArticlePath && e.Long == 0 && e.CardDated >= 3 &&
		e.LinkedHeads >= 3 && 2*e.LinkedHeads >= e.Heads && e.ContentCardGroup >= 3 && 10*e.ContentCardText >= 9*e.ContentText {
		add(2, "ogcards")
	}
	// Typed listings: a shop's category (og:type product.group), a
	// schema.org CollectionPage or search results, an ItemList that is not
	// an article's. product.group is what a shop declares for a
	// collection and for nothing else (wcxb: 17 listings, one product, no
	// article): it outweighs a category's blurb.
	if e.OGType == "product.group" {
		add(5, "productgroup")
	}
	if e.LDCollection {
		add(2, "ldcoll")
	}
	if !e.JSONLDArticle && e.LDItemList {
		add(1, "itemlist")
	}
	// Teasers outside the navigation: a menu of linked headings is on
	// every page, articles included.
	if e.MainTeasers >= 6 {
		add(2, "teasers6")
	}
	// Many of them weigh more, unless none is in the chosen content,
	// which is prose: they are then the page's menus and related links
	// around an article (a listing's teasers are its content).
	if e.MainTeasers >= 12 && !(e.ContentCards == 0 && e.LinkedHeads == 0 && e.Chars >= 500) {
		add(1, "teasers12")
	}
	// The body itself: long running prose is the strongest article signal.
	long, chars := e.Long, e.Chars
	// Unless the page says it is an article, prose inside a run of teaser
	// cards that make up the content is their excerpts: a section front's.
	// A front drawn as several short runs (containers of three or four
	// tiles) is one as much as a long run is. Short excerpts, none a long
	// paragraph, each under its headline (a heading kept for every other
	// card at least), are then no prose at all: the page has none of its
	// own. A list's entries of a link and a sentence (a reading list, a
	// listicle) have no headings: they stay prose.
	own := chars
	if !e.articleMeta() && (e.ContentCardGroup >= 5 || e.ContentCards >= 5 && e.ContentCardGroup >= 3) && 10*e.ContentCardText >= 7*e.ContentText && !off["cardexcerpts"] {
		own = max(0, chars-e.ContentCardText)
		if long == 0 && 2*e.Heads >= e.ContentCards && !off["excerptsnoprose"] {
			chars = own
		}
	}
	// When no container held the content and the whole body was kept,
	// the cards' blurbs were kept with it: they are not the page's prose.
	if !e.articleMeta() && e.WholeBody && !off["wholebodycards"] {
		own = max(0, own-(e.CardText-e.CardLink))
	}
	// A blog's loop: nearly every long paragraph on the page is the
	// excerpt of a dated post under its linked title (WordPress's
	// the_excerpt, 55 words), in a run of like cards, over a pager's
	// block. They are the posts' openings, not the page's prose,
	// whatever the page claims (a theme's posts page or a page template
	// querying posts names no listing on <body>, and an SEO plugin types
	// it an article). Without the pager, such teasers under an article's
	// og:type are taken for a listicle's entries; a rel=next link alone
	// is a single post's link to the next one (WordPress's
	// the_post_navigation), over which a short post's related posts
	// would outweigh it.
	pageLong := e.LongParasPage
	if e.LoopLong >= 5 && e.LoopLong+1 >= pageLong && e.PagerBlock && !off["loopexcerpts"] {
		long, pageLong, own = 0, 0, max(0, own-(e.CardText-e.CardLink))
		chars = own
	}
	// Long paragraphs on the page that the body left out: an article
	// whose container was not found (a listing's excerpts are shorter).
	// Its kept body says nothing then.
	missed := pageLong >= 5 && long <= 1 && !off["missedprose"]
	switch {
	case missed:
		add(-2, "missedprose")
	case long >= 4 && own >= 1500 || own >= 2500:
		add(-3, "prose3")
	case long >= 2 && own >= 500 || own >= 1000:
		add(-1, "prose1")
	case long == 0 && chars < 500:
		add(2, "noprose")
	}
	// Linked headings over almost no prose: a small section page with a
	// few teasers, too few to form a run of cards.
	if e.MainTeasers >= 4 && long == 0 && chars < 500 && !missed {
		add(1, "fewteasers")
	}
	if e.Text > 0 && e.Links > 0 && e.LongParasPage < 2 && e.Links >= 60 {
		add(1, "links60")
	}
	// Repeated teaser cards: a listing is made of them. A long run of them
	// holding a good share of the page's text, cards making up much of the
	// chosen content itself, or far more text in cards than in the prose
	// that was kept. An article's related-links row is short and sits
	// outside its body. Tiles whose link carries no text keep their
	// headlines as prose: short cards holding nearly all that was kept
	// are then the content too.
	if e.CardGroup >= 12 && 10*e.CardText >= 3*e.Text {
		add(1, "cardgroup12")
	}
	if e.ContentCardGroup >= 4 && 10*min(e.ContentCardText, e.ContentText) >= 4*e.ContentText &&
		(e.ContentCardText > chars || 10*e.ContentCardText >= 9*chars && e.ContentCardText <= 150*e.ContentCards) {
		add(2, "contentcards")
	}
	if e.CardText >= 3*max(chars, 1) {
		add(1, "cardtext3x")
	}
	// A shop's grid: tiles with prices, add-to-cart controls, Product
	// items. Articles do not sell.
	if e.shop() {
		add(4, "shop")
	}
	// Add-to-cart controls in numbers outweigh a category page's
	// description (and a product slug in its URL), unless the page types
	// itself an article (a buying guide links to shops, and rarely has a
	// cart).
	if !e.articleTyped() && (e.Carts >= 3 || e.Prices >= 10 && e.Carts >= 1) {
		add(3, "carts")
	}
	// Cards of a "product" class (product-card, product-tile...), and a
	// grid of image tiles with price tags on a page that claims nothing:
	// a shop's listing whose prices sit outside the tiles or are drawn
	// by script.
	if e.CardProduct >= 4 {
		add(2, "cardproduct")
	}
	if !e.articleMeta() && e.CardImaged >= 8 && e.Prices >= 3 {
		add(4, "imagedprices")
	}
	// Price tags over a body with no prose: a shop's page whose tiles
	// the extractor did not keep (or a script draws).
	if long == 0 && chars < 500 && e.Prices >= 5 {
		add(2, "pricesnoprose")
	}
	// A long grid of image tiles.
	if e.CardImaged >= 20 {
		add(1, "imaged20")
	}
	// A section front: linked headlines over excerpts, with a pager. The
	// excerpts read as prose (and outweigh the teasers above); the linked
	// headings kept in the body and the pager say they are a listing's. A
	// listicle has linked headings too, but no pager.
	if e.LinkedHeads >= 5 && 2*e.LinkedHeads >= e.Heads && e.CardExcerpts >= 5 && e.Pagination {
		add(3, "frontpager")
	}
	// A pager's block under a run of ten or more cards that hold the
	// whole content, on a page that claims nothing: one page of a
	// directory or a catalogue (a post's pager pages its own text).
	if e.PagerBlock && e.articleClaims() == 0 && e.ContentCardGroup >= 10 && 10*e.ContentCardText >= 9*e.ContentText {
		add(1, "pagedcards")
	}
	// A long grid of tiles whose JSON-LD or microdata names as many
	// products: a shop's listing, whatever prose its category page adds
	// (a product page names its variants, but shows no grid).
	if (e.LDProducts >= 10 || e.MicroProducts >= 10) && e.CardGroup >= 10 {
		add(2, "manyproducts")
	}
	// Three courses, recipes, jobs, films or books described in the
	// page's JSON-LD: their catalogue (a page about one describes one),
	// whatever the types also make it a page (LDPage).
	if e.LDListed >= 3 {
		add(4, "ldlisted")
	}
	// Priced tiles each with its own add-to-cart control: a product grid
	// (a buying guide links out to shops; it does not sell from a grid).
	if e.Carts >= 8 && e.CardPriced >= 8 {
		add(1, "cartedtiles")
	}
	// A listing's URL with a column of price tags and no prose kept: a
	// shop's category whose tiles were not kept (the pricesnoprose rule
	// for a page whose intro left one long paragraph).
	if e.HubPath && e.Prices >= 10 && long <= 1 && chars < 1000 {
		add(3, "pricedhub")
	}
	// A home or section page showing a run of dated teasers with blurbs:
	// a news front, whose excerpts read as prose.
	if (e.Home || e.HubPath) && e.CardDated >= 10 && e.CardExcerpts >= 10 {
		add(3, "datedfront")
	}
	// A page that is nearly all links, hundreds of them, over no prose: a
	// list (an index, a Wikipedia "List of"), not an article.
	if e.Links >= 300 && 10*e.BodyLink >= 8*e.BodyText && long == 0 && chars < 500 {
		add(1, "linkfarm")
	}
	// Only lists of links: an index of publications, a plain HTML
	// sitemap, an A–Z list. Most of the text outside navigation is links
	// that are whole list items, table cells or paragraphs of links, to
	// many pages of the site, and no block holds a sentence of its own
	// (a reading list, references or a glossary sit beside prose; a
	// listicle's entries carry sentences). The page gives no article text:
	// it is a hub whatever its URL says.
	if e.linkList() {
		add(4, "linklist")
	}
	// Three PDFs linked over no prose: a list of publications, each a
	// report or paper to download. An article links its PDFs from its
	// text, or beside it.
	if e.DocLinks >= 3 && long == 0 && chars < 500 {
		add(2, "doclist")
	}
	// Two kinds of a listing's controls (sort, ordering, a result count,
	// filters): the reader sorts and narrows a list; three kinds, all
	// the more. No article of the corpora shows two; one alone is common.
	if e.ListControls >= 2 {
		add(2, "listcontrols")
	}
	if e.ListControls >= 3 {
		add(1, "listcontrols3")
	}
	// Dated items (news teasers, events) filling the content, on a page
	// that does not say it is an article.
	if !e.articleMeta() && e.CardDated >= 5 && 10*e.ContentCardText >= 6*e.ContentText {
		add(1, "dated")
	}
	return score
}

// hasLDType reports whether the page's JSON-LD declares one of types.
func (h *hubInfo) hasLDType(types ...string) bool {
	for _, t := range h.ldTypes {
		for _, want := range types {
			if t == want {
				return true
			}
		}
	}
	return false
}

// articleClaims counts the page's claims to be an article: an Article
// og:type, an Article type in JSON-LD, an article's URL.
func (e *kindEvidence) articleClaims() int {
	n := 0
	switch e.OGType {
	case "article", "newsarticle", "blogposting":
		n++
	}
	if e.JSONLDArticle {
		n++
	}
	if e.ArticlePath {
		n++
	}
	return n
}

// articleTyped reports an Article type in og:type or JSON-LD.
func (e *kindEvidence) articleTyped() bool {
	switch e.OGType {
	case "article", "newsarticle", "blogposting":
		return true
	}
	return e.JSONLDArticle
}

// linkList reports a page made of lists of links and nothing else: ten
// or more same-site pages linked from list entries whose links hold three
// fifths of the text outside navigation, no block with 200 runes of its
// own text and at most one (an introduction) with a sentence's worth (a
// short news story beside a menu of lists that is not marked as one has
// two or three), and almost no prose kept in the body. Of the corpora's
// articles with the other four, the one with most text in such links (a
// drug's product page) has 0.54 of it; the corpora's link lists (job
// boards, Wikipedia lists and categories, a shop's index) 0.65 to 0.98.
func (e *kindEvidence) linkList() bool {
	return e.ListTargets >= 10 && 10*e.ListText >= 6*e.MainText && e.ProseMax < 200 && e.ProseBlocks <= 1 && e.Long == 0 && e.Chars < 500
}

// articleMeta reports the page's own claim to be an article: an Article
// type in og:type or JSON-LD, or an article's URL.
func (e *kindEvidence) articleMeta() bool { return e.articleClaims() > 0 }

// oneProduct reports a page typed as a single product (og:type product,
// or JSON-LD naming one or two Products and no list) without a long run
// of cards.
func (e *kindEvidence) oneProduct() bool {
	typed := e.OGType == "product" || strings.HasSuffix(e.OGType, ":product") ||
		e.LDProducts >= 1 && e.LDProducts <= 2 && !e.LDCollection && !e.LDItemList
	return typed && e.CardGroup < 10
}

// shop reports a shop's listing: a grid of priced tiles, several
// add-to-cart controls or Product items, or price tags next to one.
func (e *kindEvidence) shop() bool {
	return e.CardPriced >= 4 || e.Carts >= 3 || e.MicroProducts >= 3 || e.LDProducts >= 3 ||
		e.Prices >= 5 && e.Carts >= 1
}

// isPage is a page that says what it is and is not an article: a product,
// a profile, an about or contact page, an event, a service or job offer,
// by its types, its cart or, for the site's static pages, its path.
// Article evidence (an Article type in JSON-LD or og:type, or running
// prose: long paragraphs, or one block of 800+ runes such as a video's
// transcript, unless the page sells: that is the product's description)
// overrides it, since a page that is really an article would be lost to
// the archive.
func (e *kindEvidence) isPage() bool {
	if e.JSONLDArticle || e.Long >= 4 || e.LongestBlock >= 800 && !e.shop() {
		return false
	}
	switch e.OGType {
	case "article", "newsarticle", "blogposting":
		return false
	case "product", "product.group", "profile", "event", "business.business", "place":
		return true
	}
	// An add-to-cart control: something for sale, a product or service.
	return e.StaticPath || e.LDPage || e.Carts >= 1
}
