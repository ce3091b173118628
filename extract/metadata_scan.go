package extract

import (
	"net/url"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageScan is what one walk over the intact document collects for the
// metadata rules. The walk is iterative (no recursion, so 100k nested divs
// are fine), never modifies the tree, and bounds every list it fills.
type pageScan struct {
	base                *url.URL
	lang, titleTag      string
	meta                map[string][]string // lower-case name/property/http-equiv → contents
	canonical, imageSrc string
	alternates          [][2]string // hreflang, href
	jsonld              []string
	scripts             []*html.Node // other scripts' text, read only for a page with no date elsewhere
	h1, h2              []scanText
	times               []scanTime
	bylines, datelines  []scanText
	micro               map[string][]string // itemprop → values (microdata)
	relTags             []string
	topicRows           []string
	credits             []creditLine          // attribution lines of a syndicated copy
	sourceLinks         []creditLink          // links whose text is just "Source", "Original", …
	pullquotes          []string              // pull-quote texts, and their <cite> (they repeat or credit the body)
	textDates           []scanText            // short text nodes holding a full date
	nText               int                   // text nodes seen so far
	updLabel            int                   // nText of the last "Updated:" label, 0 for none
	pubLabel            int                   // nText of the last "Published:" label, 0 for none
	pubDates            []scanText            // text dates a publication label introduces ("Published: 5 March 2024")
	chromeDates         int                   // textDates inside page chrome
	chromeBylines       int                   // bylines inside page chrome
	firstLong, lastLong int                   // positions of the first and last long text outside chrome
	signOff             scanText              // the last paragraph that is one emphasised short text
	nContent, signOffAt int                   // text nodes outside chrome, in all and up to signOff
	classCache          map[string]classFlags // class attribute or token (digitRunsKey) → its rules
}

type scanText struct {
	text string
	ctx  scanCtx
	pos  int // number of text nodes before it, to tell what is near the title
	// node, when set, holds the text instead: read lazily (str) so that
	// only candidates near the title pay for it.
	node   *html.Node
	max    int
	titled bool       // an h2/h3 whose class or itemprop says it is a title
	home   bool       // a heading linking to the site's home page: the site's name (a blog's header)
	upd    bool       // right after an update label ("Last updated:" <span>date</span>)
	said   bool       // a publication date a sentence gives ("This post was published on …")
	at     *html.Node // the text node a text date was read from
}

func (t scanText) str() string {
	if t.node != nil {
		return nodeText(t.node, t.max)
	}
	return t.text
}

type scanTime struct {
	datetime string
	node     *html.Node // its text is read only when datetime is unusable
	pub      bool       // pubdate attribute, itemprop=datePublished or a "published" class
	upd      bool       // marked as the last update (itemprop=dateModified, class "updated")
	ctx      scanCtx
	pos      int
}

// scanCtx tells where an element sits.
type scanCtx uint8

const (
	ctxArticle  scanCtx = 1 << iota // inside <article>, <main> or an itemprop=articleBody
	ctxChrome                       // inside nav/aside/footer, comments, sidebars, related lists
	ctxHead                         // inside <head>
	ctxComments                     // inside the readers' comments (also ctxChrome)
)

const (
	maxScripts   = 100
	maxScanItems = 40
	maxScanText  = 300
)

func scanPage(root *html.Node, base *url.URL) *pageScan {
	s := &pageScan{base: base, meta: map[string][]string{}, micro: map[string][]string{}}
	var stack []scanCtx
	ctx := scanCtx(0)
	for n := root; n != nil; {
		descend := true
		if n.Type == html.ElementNode {
			stack = append(stack, ctx)
			ctx = s.enter(n, ctx)
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Iframe:
				descend = false
			}
		} else if n.Type == html.TextNode && ctx&ctxHead == 0 {
			s.text(n, ctx)
		}
		if descend && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for n != nil {
			if n.Type == html.ElementNode {
				ctx, stack = stack[len(stack)-1], stack[:len(stack)-1]
			}
			if n == root {
				n = nil
				break
			}
			if n.NextSibling != nil {
				n = n.NextSibling
				break
			}
			n = n.Parent
		}
	}
	return s
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// classID is the lower-cased class and id of n, for name-based rules.
func classID(n *html.Node) string {
	return classIDOf(attr(n, "class"), attr(n, "id"))
}

// classIDOf is classID from the attribute values.
func classIDOf(c, id string) string {
	switch {
	case c == "" && id == "":
		return ""
	case id == "":
		return strings.ToLower(c) // no allocation when already lower-case
	case c == "":
		return strings.ToLower(id)
	}
	return strings.ToLower(c + " " + id)
}

// chromeWords, as a word of a class or id ("site-footer", "comment_list"),
// mark page chrome; layout flags like "has-sidebar" don't.
var chromeWords = map[string]bool{
	"comment": true, "comments": true, "commentlist": true, "sidebar": true, "related": true, "footer": true,
	"navigation": true, "nav": true, "navbar": true, "menu": true, "breadcrumb": true, "breadcrumbs": true,
	"recommended": true, "promo": true, "newsletter": true, "cookie": true, "cookies": true, "popular": true, "trending": true,
}

var chromePrefixes = map[string]bool{
	"site": true, "page": true, "global": true, "main": true, "primary": true, "secondary": true, "post": true,
	"entry": true, "article": true, "blog": true, "top": true, "bottom": true, "mobile": true, "sub": true, "jp": true,
}

// ownFooterPrefixes name a post's own parts.
var ownFooterPrefixes = map[string]bool{"post": true, "entry": true, "article": true}

// chromeClass reports whether a class/id marks page chrome, outside an
// article (plain) and inside one (inArticle: an article's own footer isn't
// chrome).
func chromeClass(cl string) (plain, inArticle bool) {
	for len(cl) > 0 && !(plain && inArticle) {
		// Next white-space separated token, without allocating.
		i := 0
		for i < len(cl) && cl[i] != ' ' && cl[i] != '\t' && cl[i] != '\n' {
			i++
		}
		tok := cl[:i]
		cl = strings.TrimLeft(cl[i:], " \t\n")
		if tok == "" || strings.HasPrefix(tok, "has-") || strings.HasPrefix(tok, "no-") || strings.HasPrefix(tok, "with-") || strings.Contains(tok, "layout") {
			continue
		}
		// "comment-list", "sidebar-left", "site-footer"; but not layout
		// flags on page containers ("right-sidebar", "sticky-sidebar-parent"):
		// calling the whole page chrome costs far more than missing a sidebar.
		tok = strings.Trim(tok, "-_")
		f := strings.IndexAny(tok, "-_")
		if f < 0 {
			if chromeWords[tok] {
				plain = true
				inArticle = inArticle || tok != "footer"
			}
			continue
		}
		first, last := tok[:f], tok[strings.LastIndexAny(tok, "-_")+1:]
		if chromeWords[first] {
			plain = true
			inArticle = inArticle || first != "footer"
		}
		// A post's own footer ("post-footer", "entry-footer") holds its
		// byline and date, even outside an <article>.
		if chromeWords[last] && chromePrefixes[first] && !(last == "footer" && ownFooterPrefixes[first]) {
			plain = true
			inArticle = inArticle || last != "footer"
		}
	}
	return plain, inArticle
}

func (s *pageScan) enter(n *html.Node, ctx scanCtx) scanCtx {
	switch n.DataAtom {
	case atom.Html:
		s.lang = attr(n, "lang")
		if s.lang == "" {
			s.lang = attr(n, "xml:lang")
		}
	case atom.Head:
		ctx |= ctxHead
	case atom.Title:
		if s.titleTag == "" && n.Namespace == "" {
			s.titleTag = nodeText(n, 400)
		}
		return ctx
	case atom.Meta:
		s.metaTag(n)
	case atom.Link:
		s.linkTag(n)
	case atom.Script:
		if t := strings.ToLower(attr(n, "type")); strings.Contains(t, "ld+json") && len(s.jsonld) < maxScanItems && n.FirstChild != nil {
			s.jsonld = append(s.jsonld, n.FirstChild.Data)
		} else if n.FirstChild != nil && len(s.scripts) < maxScripts {
			s.scripts = append(s.scripts, n.FirstChild)
		}
		return ctx
	case atom.Article, atom.Main:
		ctx |= ctxArticle
	case atom.Nav, atom.Aside:
		ctx |= ctxChrome
	case atom.Footer:
		// An article's own footer holds bylines and dates.
		if ctx&ctxArticle == 0 {
			ctx |= ctxChrome
		}
	case atom.H1:
		if len(s.h1) < maxScanItems {
			s.h1 = append(s.h1, scanText{text: headingText(n), ctx: ctx, pos: s.nText, home: linksHome(n, s.base)})
		}
	case atom.H2, atom.H3:
		// Old blogs put the post title in an h2/h3, titled by its class;
		// the others may still anchor the title's position.
		if len(s.h2) < maxScanItems {
			cl := classID(n)
			titled := containsAny(cl, "title", "headline", "heading") || hasWord(strings.ToLower(attr(n, "itemprop")), "headline")
			s.h2 = append(s.h2, scanText{text: headingText(n), ctx: ctx, pos: s.nText, titled: titled, home: linksHome(n, s.base)})
		}
	case atom.Time:
		if len(s.times) < maxScanItems {
			cl := classID(n)
			pub := hasAttr(n, "pubdate") || strings.EqualFold(attr(n, "itemprop"), "datePublished") ||
				strings.Contains(cl, "publish") || strings.Contains(cl, "entry-date") || strings.Contains(cl, "post-date")
			ip := strings.ToLower(attr(n, "itemprop"))
			upd := strings.Contains(cl, "update") || strings.Contains(cl, "modif") || ip == "datemodified" || ip == "dateupdated"
			upd = upd || s.afterUpdLabel()
			if upd {
				pub = false
			}
			s.times = append(s.times, scanTime{datetime: attr(n, "datetime"), node: n, pub: pub, upd: upd, ctx: ctx, pos: s.nText})
			if dt := attr(n, "datetime"); dt != "" && s.afterPubLabel() && len(s.pubDates) < maxScanItems {
				s.pubDates = append(s.pubDates, scanText{text: dt, ctx: ctx, pos: s.nText + 1})
			}
		}
	case atom.Abbr:
		// hAtom's <abbr class="published" title="2021-03-03T10:00:00-08:00">
		// (Blogger, old WordPress themes): a <time> whose text may show
		// only the hour.
		if cl := strings.ToLower(attr(n, "class")); len(s.times) < maxScanItems && (hasWord(cl, "published") || hasWord(cl, "updated")) {
			if title := attr(n, "title"); title != "" {
				upd := hasWord(cl, "updated") && !hasWord(cl, "published")
				s.times = append(s.times, scanTime{datetime: title, node: n, pub: !upd, upd: upd, ctx: ctx, pos: s.nText})
			}
		}
	case atom.A:
		if len(s.sourceLinks) < maxCredits {
			s.sourceLink(n, ctx)
		}
		rel := strings.ToLower(attr(n, "rel"))
		if slug := authorSlug(attr(n, "href")); slug != "" && !hasWord(rel, "author") && s.roomForByline(ctx) {
			if authorPageLink(n, slug) {
				// A link to the author's page whose text is the author's
				// name (<a href="/authors/jane-doe">Jane Doe</a>), unless
				// its line credits others ("Contributions From: <a>…</a>").
				if _, other := otherCredit(nodeText(n.Parent, 120)); !other {
					s.addByline(scanText{ctx: ctx, pos: s.nText, node: n, max: 120})
				}
			} else if name := authorPageName(n, slug); name != "" {
				// A link to the author's page labelled otherwise ("Articles
				// by Jane") beside the name its slug spells: that name.
				s.addByline(scanText{text: name, ctx: ctx, pos: s.nText})
			}
		}
		if rel != "" {
			// An article's byline may sit in an <aside> of its own: in
			// chrome inside the article, rel=author still names it (the
			// byline rules keep only chrome right by the title).
			if hasWord(rel, "author") && s.roomForByline(ctx) && (ctx&ctxChrome == 0 || ctx&ctxArticle != 0) {
				s.addByline(scanText{ctx: ctx, pos: s.nText, node: n, max: 120})
			}
			if hasWord(rel, "tag") && len(s.relTags) < maxScanItems {
				s.relTags = append(s.relTags, nodeText(n, 120))
			}
		}
	}
	if ctx&ctxHead != 0 {
		return ctx
	}
	if ip := attr(n, "itemprop"); ip != "" && n.DataAtom != atom.Meta {
		s.microdata(n, ip, ctx)
	}
	c, id := attr(n, "class"), attr(n, "id")
	if c == "" && id == "" {
		return ctx // classID(n) == ""
	}
	if len(s.pullquotes) < maxScanItems && (n.DataAtom == atom.Blockquote || n.DataAtom == atom.Figure || n.DataAtom == atom.Aside || n.DataAtom == atom.Div) {
		s.pullquote(n)
	}
	f := s.classRules(c, id)
	if f&cfArticleBody != 0 {
		ctx |= ctxArticle
	}
	chrome := f&cfChrome != 0
	if ctx&ctxArticle != 0 {
		chrome = f&cfChromeInArticle != 0
	}
	// As for chrome, the page's and the article's own classes (an opinion
	// piece's "comment") say nothing of their parts.
	if n.DataAtom != atom.Body && n.DataAtom != atom.Article && n.DataAtom != atom.Main {
		if chrome {
			ctx |= ctxChrome
		}
		if f&cfComments != 0 {
			ctx |= ctxComments | ctxChrome
		}
	}
	// A form is no byline, whatever its class ("writeReview-form" holds
	// "writer"): its text is its labels and options.
	if f&cfByline != 0 && n.DataAtom != atom.Form && s.roomForByline(ctx) {
		s.addByline(scanText{ctx: ctx, pos: s.nText, node: n, max: maxScanText})
	}
	if f&cfDateline != 0 && len(s.datelines) < maxScanItems {
		s.datelines = append(s.datelines, scanText{ctx: ctx, pos: s.nText, node: n, max: 200, upd: s.afterUpdLabel()})
	}
	return ctx
}

// classFlags are the results of the class/id rules enter applies to an
// element's classID.
type classFlags uint8

const (
	cfArticleBody     classFlags = 1 << iota // names the article body ("entry-content")
	cfChrome                                 // chromeClass: plain
	cfChromeInArticle                        // chromeClass: inArticle
	cfByline                                 // isBylineClass
	cfDateline                               // isDatelineClass
	cfBylineWord                             // (part) names an author; cfByline unless a part says avatar, bio…
	cfComments                               // names the readers' comments ("comment-list", id "comments")
)

// maxClassCache bounds the per-page cache of class rules.
const maxClassCache = 4096

// classRules applies the class/id rules to the element with these class
// and id attributes, as they apply to classID = lower(class + " " + id).
// No rule's words hold a space and the chrome rule goes by space-separated
// token, so each rule holds of classID when it holds of the class or of
// the id (the byline rule: some part names an author and no part is an
// avatar, bio…). Pages repeat the same class on many elements (menus,
// lists, grids), so the class's results are cached per page; ids are
// unique, so not.
func (s *pageScan) classRules(class, id string) classFlags {
	var f classFlags
	if class != "" {
		f = s.classAttrRules(class)
	}
	if id != "" {
		f |= s.classAttrRules(id)
	}
	if f&cfBylineWord != 0 && !containsAny(strings.ToLower(class), bylineNotWords...) && !containsAny(strings.ToLower(id), bylineNotWords...) {
		f |= cfByline
	}
	return f
}

// classAttrRules is partRules(strings.ToLower(class)), cached (for an id
// too). By the same argument as in classRules, the rules hold of a class
// list when they hold of one of its tokens (split where chromeClass
// splits), so a class list seen for the first time is made of cached
// tokens. And no rule word holds a digit, nor does any chrome word, so a
// token's digits only matter as being there: tokens are cached with each
// run of digits as one "0" ("menu-item-1234" and "post-5678" are
// "menu-item-0" and "post-0").
func (s *pageScan) classAttrRules(class string) classFlags {
	var whole [128]byte
	wkey := digitRunsKey(whole[:0], class)
	if f, ok := s.classCache[string(wkey)]; ok {
		return f
	}
	if s.classCache == nil {
		s.classCache = make(map[string]classFlags, 256) // a page has hundreds of class tokens
	}
	var f classFlags
	known := true
	for rest := class; rest != ""; {
		i := indexClassSpace(rest)
		tok := rest
		if i >= 0 {
			tok, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		if tok == "" {
			continue
		}
		var buf [64]byte
		key := digitRunsKey(buf[:0], tok)
		tf, ok := s.classCache[string(key)] // no allocation to look up
		if !ok {
			known = false
			tf = partRules(strings.ToLower(tok))
			if len(s.classCache) < maxClassCache {
				s.classCache[string(key)] = tf
			}
		}
		f |= tf
	}
	// A list seen before in pieces is likely to come again whole (a
	// list with a fresh token, like a numbered menu item, is not).
	if known && len(s.classCache) < maxClassCache {
		s.classCache[string(wkey)] = f
	}
	return f
}

// indexClassSpace is strings.IndexAny(s, " \t\n") for the short strings
// of class attributes, without IndexAny's set building.
func indexClassSpace(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ' ' || c == '\t' || c == '\n' {
			return i
		}
	}
	return -1
}

// digitRunsKey appends tok to buf with each run of ASCII digits replaced
// by one '0'.
func digitRunsKey(buf []byte, tok string) []byte {
	start := 0
	for start < len(tok) && !isDigit(tok[start]) {
		start++
	}
	if start == len(tok) {
		return append(buf, tok...)
	}
	buf = append(buf, tok[:start]...)
	for i := start; i < len(tok); i++ {
		c := tok[i]
		if isDigit(c) {
			if n := len(buf); n > 0 && buf[n-1] == '0' && i > 0 && isDigit(tok[i-1]) {
				continue
			}
			c = '0'
		}
		buf = append(buf, c)
	}
	return buf
}

// partRules applies the rules to a lower-cased class or id.
func partRules(cl string) classFlags {
	var f classFlags
	if (strings.Contains(cl, "body") || strings.Contains(cl, "content")) &&
		containsAny(cl, "articlebody", "article-body", "entry-content", "post-content") {
		f |= cfArticleBody
	}
	plain, inArticle := chromeClass(cl)
	if plain {
		f |= cfChrome
	}
	if inArticle {
		f |= cfChromeInArticle
	}
	if bylineWordSet.any(cl) {
		f |= cfBylineWord
	}
	if isDatelineClass(cl) {
		f |= cfDateline
	}
	if commentsClass(cl) {
		f |= cfComments
	}
	return f
}

// commentsClass reports whether a class token or id names the readers'
// comments or one of them ("comments-area", "comment-list", "comment",
// id "comments", "disqus_thread"); not a link to them in the byline
// ("comments-link", "comment-count").
func commentsClass(tok string) bool {
	switch strings.Trim(tok, "-_") {
	case "comment", "comments", "commentlist", "comment-list", "comments-list", "comments-area", "comments-section",
		"comment-section", "comments-container", "comments-wrapper", "comment-body", "disqus_thread":
		return true
	}
	return false
}

// bylineWords name an author in a class; bylineNotWords say the element is
// something about the author other than the byline.
var (
	bylineWords    = []string{"author", "byline", "autor", "auteur", "writer", "verfasser"}
	bylineNotWords = []string{"avatar", "bio", "description", "desc", "image", "photo", "img", "social", "share", "follow", "about", "more-", "posts", "url", "label", "profile",
		"autoref", "authori"} // a docs site's cross-reference links, "authority"/"authorization"
	bylineWordSet = newPhraseSet(bylineWords...)
)

func isBylineClass(cl string) bool {
	return bylineWordSet.any(cl) && !containsAny(cl, bylineNotWords...)
}

func isDatelineClass(cl string) bool { return datelineClassSet.any(cl) }

var datelineClassSet = newPhraseSet("date", "time", "publi", "posted", "datum", "fecha", "meta", "submitted", "info")

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func hasWord(list, w string) bool {
	for _, f := range strings.Fields(list) {
		if f == w {
			return true
		}
	}
	return false
}

func (s *pageScan) metaTag(n *html.Node) {
	content, ok := "", false
	for _, a := range n.Attr {
		if a.Key == "content" {
			content, ok = a.Val, true
		}
	}
	if !ok {
		return
	}
	content = strings.TrimSpace(content)
	if content == "" {
		return
	}
	// Some frameworks render their JSON-LD as a meta tag named
	// "script:ld+json" (Remix's meta descriptor).
	if strings.EqualFold(attr(n, "name"), "script:ld+json") && len(s.jsonld) < maxScanItems {
		s.jsonld = append(s.jsonld, content)
		return
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "name", "property", "http-equiv":
			k := strings.ToLower(strings.TrimSpace(a.Val))
			if k != "" && len(s.meta[k]) < maxScanItems {
				s.meta[k] = append(s.meta[k], content)
			}
		case "itemprop":
			k := strings.ToLower(strings.TrimSpace(a.Val))
			if k != "" && len(s.micro[k]) < maxScanItems {
				s.micro[k] = append(s.micro[k], content)
			}
		}
	}
}

func (s *pageScan) linkTag(n *html.Node) {
	rel := strings.ToLower(attr(n, "rel"))
	href := strings.TrimSpace(attr(n, "href"))
	if href == "" {
		return
	}
	switch {
	case hasWord(rel, "canonical"):
		if s.canonical == "" {
			s.canonical = href
		}
	case hasWord(rel, "alternate"):
		if hl := attr(n, "hreflang"); hl != "" && len(s.alternates) < 100 {
			s.alternates = append(s.alternates, [2]string{hl, href})
		}
	case hasWord(rel, "image_src"):
		s.imageSrc = href
	}
	if ip := attr(n, "itemprop"); ip != "" && len(s.micro[strings.ToLower(ip)]) < maxScanItems {
		k := strings.ToLower(ip)
		s.micro[k] = append(s.micro[k], href)
	}
}

// microdata records itemprop values on visible elements.
func (s *pageScan) microdata(n *html.Node, ip string, ctx scanCtx) {
	for _, p := range strings.Fields(strings.ToLower(ip)) {
		switch p {
		case "author", "creator":
			if !s.roomForByline(ctx) || ctx&ctxChrome != 0 {
				continue
			}
			// An itemscope Person: its name property; else the text.
			if hasAttr(n, "itemscope") {
				if nm := findItemprop(n, "name"); nm != nil {
					s.addByline(scanText{text: microValue(nm), ctx: ctx, pos: s.nText})
				}
				continue
			}
			s.addByline(scanText{ctx: ctx, pos: s.nText, node: n, max: 120})
		case "headline", "datepublished", "datecreated", "datemodified", "dateupdated", "description", "inlanguage", "image", "keywords", "articlesection":
			if len(s.micro[p]) < maxScanItems {
				s.micro[p] = append(s.micro[p], microValue(n))
			}
		}
	}
}

func microValue(n *html.Node) string {
	for _, k := range []string{"content", "datetime"} {
		if v := attr(n, k); v != "" {
			return v
		}
	}
	switch n.DataAtom {
	case atom.A, atom.Link:
		return attr(n, "href")
	case atom.Img:
		return attr(n, "src")
	}
	return nodeText(n, maxScanText)
}

// findItemprop finds a descendant with itemprop=prop, bounded.
func findItemprop(n *html.Node, prop string) *html.Node {
	seen := 0
	var found *html.Node
	walkBounded(n, 500, func(c *html.Node) bool {
		seen++
		if c != n && c.Type == html.ElementNode && hasWord(strings.ToLower(attr(c, "itemprop")), prop) {
			found = c
			return false
		}
		return true
	})
	return found
}

// walkBounded visits n's subtree in document order, at most max nodes,
// until f returns false.
func walkBounded(root *html.Node, max int, f func(*html.Node) bool) {
	count := 0
	for n := root; n != nil; {
		count++
		if count > max || !f(n) {
			return
		}
		if n.FirstChild != nil && !(n.Type == html.ElementNode && isRawText(n)) {
			n = n.FirstChild
			continue
		}
		for n != nil {
			if n == root {
				return
			}
			if n.NextSibling != nil {
				n = n.NextSibling
				break
			}
			n = n.Parent
		}
	}
}

func isRawText(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Rt, atom.Rp:
		return true // ruby readings aren't part of the text either
	}
	return false
}

var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Section: true, atom.Header: true,
	atom.Footer: true, atom.Blockquote: true, atom.Dd: true, atom.Dt: true, atom.Figure: true,
}

// nodeText is the white-space-folded text of n, cut at about max bytes.
// Block elements and <br> separate words.
func nodeText(n *html.Node, max int) string {
	// A lone text child (most links and labels) is the whole text: no
	// walk, no copy.
	if n == nil {
		return ""
	}
	if c := n.FirstChild; c != nil && c.NextSibling == nil && c.Type == html.TextNode && n.Type == html.ElementNode && !isRawText(n) && max >= 0 {
		return foldSpace(c.Data)
	}
	var b strings.Builder
	walkBounded(n, 2000, func(c *html.Node) bool {
		if b.Len() > max {
			return false
		}
		switch c.Type {
		case html.TextNode:
			// Separate words split across elements ("By<a>Jane</a>").
			if b.Len() > 0 && c.Data != "" {
				last, _ := utf8.DecodeLastRuneInString(b.String())
				first, _ := utf8.DecodeRuneInString(c.Data)
				if isWordRune(last) && isWordRune(first) {
					b.WriteByte(' ')
				}
			}
			b.WriteString(c.Data)
		case html.ElementNode:
			if blockAtoms[c.DataAtom] && c != n {
				b.WriteByte(' ')
			}
		}
		return true
	})
	return foldSpace(b.String())
}

// foldSpace collapses runs of white space (including NBSP) to one space
// and trims it: strings.Join(strings.FieldsFunc(s, isSpaceRune), " "), in
// one pass, and without allocating when s is folded already (most texts).
func foldSpace(s string) string {
	// Find the first byte that the folding changes: a leading space, a
	// space other than ' ', or one after another or at the end.
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if isSpaceRune(r) {
				break
			}
			i += size
			continue
		}
		if c == ' ' && i > 0 && i+1 < len(s) {
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			if !isSpaceRune(next) {
				i++
				continue
			}
		}
		if isSpaceRune(rune(c)) {
			break
		}
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	space := false
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if isSpaceRune(r) {
			space = b.Len() > 0
		} else {
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func isSpaceRune(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u2002', '\u2003', '\u2009', '\u200a', '\u202f', '\u3000', '\u200b':
		return true
	}
	return false
}

// topicLabels introduce a row of topic links.
var topicLabels = map[string]bool{"more on": true, "tags": true, "tagged": true, "tagged with": true, "topics": true, "themen": true,
	"schlagwörter": true, "schlagworte": true, "stichwörter": true, "stichworte": true, "mots-clés": true, "mots clés": true,
	"étiquettes": true, "sujets": true, "etiquetas": true, "temas": true, "الوسوم": true, "كلمات مفتاحية": true, "keywords": true, "related topics": true}

func (s *pageScan) text(n *html.Node, ctx scanCtx) {
	t := strings.TrimSpace(n.Data)
	if t == "" || n.Parent == nil {
		return
	}
	upd, pub := s.afterUpdLabel(), s.afterPubLabel()
	s.nText++
	if ctx&ctxChrome == 0 {
		s.nContent++
	}
	if pub && !hasWordRune(t) {
		s.pubLabel = s.nText // "Published" <span>·</span> <span>date</span>
	}
	if upd && !hasWordRune(t) {
		s.updLabel = s.nText // "Updated" <!-- --> ": " <!-- --> "date"
	}
	if len(t) > 80 && ctx&ctxChrome == 0 && n.Parent.DataAtom != atom.A {
		if s.firstLong == 0 {
			s.firstLong = s.nText
		}
		s.lastLong = s.nText
	}
	if len(s.textDates) < maxScanItems && countDigits(t) >= 4 {
		if len(t) <= 400 && len(s.pubDates) < maxScanItems && !pub {
			// A theme's sentence: "This entry was posted on Saturday,
			// December 3rd, 2011 at …", "Dieser Beitrag wurde am 3.
			// Dezember 2011 um … veröffentlicht".
			if rest := afterPostedPhrase(t); rest != "" {
				s.pubDates = append(s.pubDates, scanText{text: rest, ctx: ctx, pos: s.nText, said: true})
			}
		}
		if len(t) <= 100 {
			if pub || startsPubLabel(t) {
				if len(s.pubDates) < maxScanItems {
					s.pubDates = append(s.pubDates, scanText{text: t, ctx: ctx, pos: s.nText})
				}
			} else if rest := pubAfterUpdate(t); rest != "" && len(s.pubDates) < maxScanItems {
				s.pubDates = append(s.pubDates, scanText{text: rest, ctx: ctx, pos: s.nText})
			}
			// Chrome (menus, teasers) may hold many dates before the
			// article's: it gets half the list.
			if ctx&ctxChrome == 0 || s.chromeDates < maxScanItems/2 {
				if ctx&ctxChrome != 0 {
					s.chromeDates++
				}
				s.textDates = append(s.textDates, scanText{text: t, ctx: ctx, pos: s.nText, upd: upd, at: n})
			}
		} else if r, _ := utf8.DecodeRuneInString(t); unicode.IsDigit(r) || r == '(' && len(t) > 1 && isDigit(t[1]) {
			// A dateline opening a paragraph: "27.1.2022 - Bei der …",
			// "(21. November 2022) Die …".
			head := t[:30]
			for !utf8.ValidString(head) {
				head = head[:len(head)-1]
			}
			s.textDates = append(s.textDates, scanText{text: head, ctx: ctx, pos: s.nText})
		}
	}
	if len(t) > 200 {
		return
	}
	// Labels, bylines and source lines sit outside links; link texts are
	// most of a page's short text nodes, so skipping them keeps this cheap.
	// A whole byline may be the link to the author's posts ("<a
	// href=/search?q=Jane+Doe>by Jane Doe</a>").
	if n.Parent.DataAtom == atom.A {
		if len(t) <= 60 && s.roomForByline(ctx) && linkedByline(t) {
			s.addByline(scanText{text: foldSpace(t), ctx: ctx, pos: s.nText})
		}
		return
	}
	low := strings.ToLower(t)
	if len(low) <= maxUpdLabel && countDigits(t) < 4 {
		if isUpdateLow(low) {
			s.updLabel = s.nText
		} else if isPubLabel(low) {
			s.pubLabel = s.nText
		}
	}
	// "More on: A B C" rows and "Tags: a, b" lines.
	if len(low) < 40 && len(s.topicRows) < maxScanItems && topicLabels[strings.TrimSpace(strings.TrimRight(low, ":： "))] {
		s.topicRows = append(s.topicRows, linkTexts(n.Parent, 3)...)
	}
	if s.roomForByline(ctx) && len(t) <= 120 {
		if blk := bylineText(n, t, low); blk != "" {
			s.addByline(scanText{text: blk, ctx: ctx, pos: s.nText})
		}
	}
	if len(t) <= 60 && ctx&ctxChrome == 0 && signOff(n) {
		s.signOff, s.signOffAt = scanText{text: t, ctx: ctx, pos: s.nText}, s.nContent
	}
	if len(s.credits) < maxCredits && sourceAnchorSet.any(low) {
		s.credit(n, t, low, ctx)
	}
}

// signOff reports whether text node n is a paragraph of its own set in
// bold or italics and nothing else: how a news story or a review signs
// off with its author's name ("<p><b><i>Jane Doe</i></b></p>").
func signOff(n *html.Node) bool {
	emphasis := false
	for ; n.Parent != nil; n = n.Parent {
		switch n.Parent.DataAtom {
		case atom.B, atom.Strong, atom.I, atom.Em:
			emphasis = true
		case atom.P:
			return emphasis && onlyChild(n)
		default:
			return false
		}
		if !onlyChild(n) {
			return false
		}
	}
	return false
}

// onlyChild reports whether n's siblings are all blank text or comments.
// It stops at the first that is not, so it costs little in a long list.
func onlyChild(n *html.Node) bool {
	blank := func(c *html.Node) bool {
		return c.Type == html.CommentNode || c.Type == html.TextNode && strings.TrimSpace(c.Data) == ""
	}
	for c := n.PrevSibling; c != nil; c = c.PrevSibling {
		if !blank(c) {
			return false
		}
	}
	for c := n.NextSibling; c != nil; c = c.NextSibling {
		if !blank(c) {
			return false
		}
	}
	return true
}

// linkedByline reports whether a link's text is a byline: "by" and a
// person's full name ("By Jane Doe"; not "By Brand", "by clicking here").
func linkedByline(t string) bool {
	rest, ok := strings.CutPrefix(t, "by ")
	if !ok {
		rest, ok = strings.CutPrefix(t, "By ")
	}
	return ok && fullName(strings.TrimSpace(rest))
}

// maxUpdLabel is the longest text read as an update label ("Last
// updated on:").
const maxUpdLabel = 30

// afterUpdLabel reports whether the last text node seen is an update label
// ("Updated", "Last updated:"), so the date in the element or text node
// that follows is the last update, not the publication, even though its
// own text doesn't say so.
func (s *pageScan) afterUpdLabel() bool {
	return s.updLabel > 0 && s.updLabel == s.nText
}

// afterPubLabel reports whether the last text node seen is a publication
// label ("Published", "Veröffentlicht am:"), so the date that follows is
// the publication by the page's own word.
func (s *pageScan) afterPubLabel() bool {
	return s.pubLabel > 0 && s.pubLabel == s.nText
}

// pubLabels introduce a page's publication date, in the languages the
// month names cover.
var pubLabels = []string{"published", "published on", "first published", "originally published", "date published",
	"publication date", "published date", "publish date", "posted", "posted on", "date posted",
	"veröffentlicht", "veröffentlicht am", "erschienen", "erschienen am", "publiziert", "publiziert am", "erstellt am", "online seit",
	"publié", "publié le", "mis en ligne le", "date de publication", "publicado", "publicado el", "publicado em",
	"fecha de publicación", "pubblicato", "pubblicato il", "data di pubblicazione", "gepubliceerd", "gepubliceerd op",
	"publicerad", "publiceret", "publisert", "opublikowano", "publikováno", "опубликовано", "yayınlanma tarihi",
	"geplaatst op", "publicat", "publicat la", "közzétéve", "julkaistu", "δημοσιεύθηκε", "опубліковано", "objavljeno", "diterbitkan",
	"公開日", "投稿日", "掲載日", "发布时间", "发布日期", "發佈時間", "입력", "نشر في", "تاريخ النشر", "פורסם"}

var pubLabelSet = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range pubLabels {
		m[l] = true
	}
	return m
}()

// isPubLabel reports whether a lower-cased text is just a publication
// label ("Published:", "Publié le").
func isPubLabel(low string) bool {
	return pubLabelSet[strings.TrimSpace(strings.TrimRight(low, ":：- \u00a0"))]
}

// startsPubLabel reports whether a text opens with a publication label
// followed by more ("Published: March 5, 2024", "Veröffentlicht am 5.3.2024").
func startsPubLabel(t string) bool {
	if len(t) < 10 {
		return false
	}
	low := strings.ToLower(t[:min(len(t), 40)])
	for _, l := range pubLabels {
		if len(low) > len(l) && strings.HasPrefix(low, l) && endsLabel(low[len(l):]) {
			return true
		}
	}
	return false
}

// endsLabel reports whether the text after a label's words sets them apart
// as a label: a space or a colon, full-width too ("公開日：").
func endsLabel(rest string) bool {
	return strings.HasPrefix(rest, " ") || strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "：")
}

// pubAfterUpdate is the part of a text labelled as the update that a
// publication label opens ("Updated: May 5, 2022 · Published: March 3,
// 2021" gives "Published: March 3, 2021"); "" when there is none.
func pubAfterUpdate(t string) string {
	if !updateLabelled(t) {
		return ""
	}
	at := len(t)
	for _, l := range pubLabels {
		for from := 1; from < at; {
			i, n := indexFold(t[from:], l)
			if i < 0 || from+i >= at {
				break
			}
			i += from
			from = i + n
			// A whole word followed by its date: not "republished".
			if r, _ := utf8.DecodeLastRuneInString(t[:i]); !unicode.IsLetter(r) && endsLabel(t[from:]) {
				at = i
			}
		}
	}
	if at == len(t) {
		return ""
	}
	return t[at:]
}

// postedPhrases introduce the publication date inside a sentence.
var postedPhrases = []string{"was posted on ", "was published on ", "originally published on ", "first published on ", "wurde am ", "wurde vor am ", "publié le ", "publicado el ", "pubblicato il "}

// afterPostedPhrase is the text after a phrase that introduces the
// publication date inside a sentence, cut to a date's length; "" when there
// is none.
func afterPostedPhrase(t string) string {
	t = foldSpace(t)
	for _, p := range postedPhrases {
		if i, n := indexFold(t, p); i >= 0 {
			rest := t[i+n:]
			// "wurde am 7. Oktober geführt" is another event's day.
			if strings.HasPrefix(p, "wurde") && !containsAny(strings.ToLower(rest), "veröffentlicht", "gepostet", "publiziert") {
				continue
			}
			if len(rest) > 60 {
				rest = rest[:60]
				for !utf8.ValidString(rest) {
					rest = rest[:len(rest)-1]
				}
			}
			return rest
		}
	}
	return ""
}

// hasWordRune reports whether s holds a letter or a digit.
func hasWordRune(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// linkTexts returns the texts of links in n (or up to up ancestors above it
// when n holds none).
func linkTexts(n *html.Node, up int) []string {
	for ; n != nil && up >= 0; n, up = n.Parent, up-1 {
		var out []string
		walkBounded(n, 400, func(c *html.Node) bool {
			if c.Type == html.ElementNode && c.DataAtom == atom.A {
				if t := nodeText(c, 80); t != "" {
					out = append(out, t)
				}
			}
			return len(out) < 30
		})
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
		}
	}
	return n
}

// bylineLabels are a whole text node introducing the author ("By" <a>Jane
// Doe</a>); bylineStarts begin a text node that holds the name too.
var (
	bylineLabels = map[string]bool{"by": true, "by:": true, "von": true, "von:": true, "autor:": true, "autorin:": true, "author:": true,
		"text:": true, "text von": true, "par": true, "par :": true, "par:": true, "por": true, "por:": true, "auteur :": true, "auteur:": true,
		"author": true, "authors": true, "author(s)": true, "authors:": true, "contributors:": true, "contributor:": true, "article by": true,
		"autoren:": true, "autorinnen:": true,
		"written by": true, "posted by": true, "submitted by": true, "gespeichert von": true, "geschrieben von": true, "verfasst von": true, "erstellt von": true, "بقلم": true, "بقلم:": true}
	bylineStarts = []string{"by ", "posted by ", "written by ", "von ", "text von ", "text: ", "autor: ", "autorin: ", "author: ", "autor:", "author:",
		"auteur : ", "auteur: ", "auteurs : ", "auteure : ", "redaktion: ", "texte : ", "texte: ", "autor/in: ", "autoren: ", "autoren ", "autorinnen ",
		"geschrieben von ", "verfasst von ", "erstellt von ", "ein beitrag von ", "blog beitrag von ", "par ", "por ", "بقلم ",
		"submitted by ", "gespeichert von ", "autore: ", "autrice: ", "автор: ", "yazar: ", "作者：", "作者:", "記者：", "记者："}
)

// bylineStartsByByte is bylineStarts by their first byte: bylineText
// runs on most of a page's text nodes, and few of them start like one.
var bylineStartsByByte = sync.OnceValue(func() *[256][]string {
	var by [256][]string
	for _, p := range bylineStarts {
		by[p[0]] = append(by[p[0]], p)
	}
	return &by
})

// bylineText recognises a visible byline by its wording and returns the
// text of its block (the label's parent for a bare label).
func bylineText(n *html.Node, t, low string) string {
	blk := n.Parent
	// A separator may open the node: "05.02.2020 <span>- Redaktion: …".
	if c := low[0]; c == '-' || c == '|' || c == '/' || c >= 0x80 {
		if t2 := strings.TrimLeft(t, "-–—|/·• \u00a0"); len(t2) < len(t) && t2 != "" {
			t, low = t2, strings.ToLower(t2)
		}
	}
	if !bylineLabels[low] {
		ok := false
		for _, p := range bylineStartsByByte()[low[0]] {
			if strings.HasPrefix(low, p) {
				ok = true
				break
			}
		}
		if !ok {
			return ""
		}
		// A byline starts a line with a capital ("Von Jane Doe") or has
		// its own element ("<i>von Jane Doe</i>"); "von Säure, Extrakt …"
		// inside a sentence doesn't. (Checked after the cheap prefix test.)
		if r, _ := utf8.DecodeRuneInString(t); !unicode.IsUpper(r) && (strings.TrimLeft(nodeText(n.Parent, 200), "-–—|/·• ") != foldSpace(t) || midSentence(n.Parent)) {
			return ""
		}
		if sortOrFilterLabel(n) {
			return ""
		}
		return foldSpace(t)
	}
	// A bare label: the name follows in sibling elements of its block,
	// or in the element after the block when the label has one of its
	// own (<p class="label">By</p></div> <div><p>Jane Doe</p>).
	for i := 0; i < 3 && blk != nil && blk.Parent != nil; i++ {
		t := nodeText(blk, 200)
		if len(t) > len(low)+2 {
			if len(t) > 150 {
				return ""
			}
			return t
		}
		if next := nextElement(blk); next != nil {
			if name := nodeText(next, 100); name != "" && len(name) <= 80 && len(strings.Fields(name)) <= 4 {
				return t + " " + name
			}
		}
		blk = blk.Parent
	}
	return ""
}

// midSentence reports whether the inline element el sits inside a
// sentence: text other than white space right before it ("passed to
// functions <strong>by value</strong> — so …").
func midSentence(el *html.Node) bool {
	if el.Parent == nil || el.DataAtom != atom.Strong && el.DataAtom != atom.Em && el.DataAtom != atom.B && el.DataAtom != atom.I {
		return false
	}
	for p := el.PrevSibling; p != nil; p = p.PrevSibling {
		if p.Type == html.TextNode && strings.TrimSpace(p.Data) != "" {
			r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(p.Data))
			return unicode.IsLetter(r)
		}
		if p.Type == html.ElementNode {
			return false
		}
	}
	return false
}

// sortOrFilterLabel reports whether the text node n is a control's label
// or the end of a heading, not a byline: a sort order ("<option>By
// Review</option>"), a button, or one word that a heading leads up to
// ("<h2>Shop Courses <span>By Category</span></h2>"; a date line set as a
// heading, "Posted on May 2 <span>by Jane Doe</span>", names a person).
func sortOrFilterLabel(n *html.Node) bool {
	t := foldSpace(strings.TrimSpace(n.Data))
	if groupTitle(n.Parent, t) {
		return true
	}
	for p, up := n.Parent, 0; p != nil && up < 3; p, up = p.Parent, up+1 {
		switch p.DataAtom {
		case atom.Option, atom.Select, atom.Button:
			return true
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			return len(strings.Fields(t)) == 2 && !strings.HasPrefix(nodeText(p, 200), t)
		}
	}
	return false
}

// groupTitle reports whether el, reading "By" and words in lower case,
// titles the list of links after it: a menu's group ("By stage" over its
// links in a mega menu) or a navbox row ("by subject").
func groupTitle(el *html.Node, t string) bool {
	rest, ok := strings.CutPrefix(strings.ToLower(t), "by ")
	if !ok || rest == "" || len(t) < 3 || t[3:] != rest {
		return false
	}
	list := nextElement(el)
	if list != nil && (list.DataAtom == atom.Td || list.DataAtom == atom.Dd) {
		list = firstElement(list)
	}
	if list == nil || list.DataAtom != atom.Ul && list.DataAtom != atom.Ol {
		return false
	}
	// A menu lists links; a post may open with a list of points.
	item := firstElement(list)
	if item == nil {
		return false
	}
	link := adjacentElement(item.FirstChild, func(x *html.Node) *html.Node { return x.NextSibling })
	return link != nil && link.DataAtom == atom.A
}

// roomForByline reports whether a byline in ctx still fits the list:
// chrome (teasers with their authors) gets half of it, so that a long
// sidebar cannot crowd out the article's byline.
func (s *pageScan) roomForByline(ctx scanCtx) bool {
	return len(s.bylines) < maxScanItems && (ctx&ctxChrome == 0 || s.chromeBylines < maxScanItems/2)
}

func (s *pageScan) addByline(t scanText) {
	s.bylines = append(s.bylines, t)
	if t.ctx&ctxChrome != 0 {
		s.chromeBylines++
	}
}

// authorDirs are the path segments under which sites keep their
// authors' pages.
var authorDirs = []string{"author", "authors", "autor", "autoren", "autorin", "auteur", "auteurs", "staff", "writer", "writers", "contributor", "contributors"}

// authorPageLink reports whether a, a link to an author's page, has that
// author's name for its text: slug (authorSlug of its href) spells it
// ("/blog/authors/jane-doe", "/autor/erika-muster-1270").
func authorPageLink(a *html.Node, slug string) bool {
	k := alnumFold(slug)
	return len(k) >= 4 && alnumFold(nodeText(a, 80)) == k
}

// authorPageName is the name a link to an author's page spells in its
// slug ("/blog/authors/jane-doe") when its text says something else
// ("Articles by Jane", "View profile") and the block around the link
// writes the name out in full; "" otherwise.
func authorPageName(a *html.Node, slug string) string {
	words := strings.FieldsFunc(slug, func(r rune) bool { return r == '-' || r == '_' })
	if len(words) < 2 || len(words) > 4 {
		return ""
	}
	want := alnumFold(slug)
	if alnumFold(nodeText(a, 80)) == want {
		return "" // authorPageLink's
	}
	blk := a.Parent
	for up := 0; up < 2 && blk != nil; up, blk = up+1, blk.Parent {
		text := strings.Fields(nodeText(blk, 200))
		for i := 0; i+len(words) <= len(text); i++ {
			cand := strings.Join(text[i:i+len(words)], " ")
			if alnumFold(cand) == want {
				return strings.Trim(cand, ",;:|·•")
			}
		}
	}
	return ""
}

// authorPathWords are in the path of an author page (author, autor,
// auteur, staff, writer, contributor).
var authorPathWords = newPhraseSet("uthor", "utor", "uteur", "staff", "riter", "ontributor")

// authorSlug is the path segment after an authorDirs segment in href,
// less a trailing number ("/autor/jane-doe-1270" gives "jane-doe"); ""
// when there is none.
func authorSlug(href string) string {
	if len(href) < 8 || !authorPathWords.any(href) {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i := 0; i+1 < len(segs); i++ {
		if slices.Contains(authorDirs, strings.ToLower(segs[i])) {
			return strings.TrimRight(strings.TrimRight(segs[i+1], "0123456789"), "-_")
		}
	}
	return ""
}

// nextElement is the element after n among its siblings, past white
// space and comments; nil when other text or nothing comes first.
func nextElement(n *html.Node) *html.Node {
	return adjacentElement(n.NextSibling, func(x *html.Node) *html.Node { return x.NextSibling })
}

// adjacentElement is the first element from x on, stepping by next, past
// white space and comments; nil when other text or nothing comes first.
func adjacentElement(x *html.Node, next func(*html.Node) *html.Node) *html.Node {
	for ; x != nil; x = next(x) {
		switch x.Type {
		case html.ElementNode:
			return x
		case html.TextNode:
			if strings.TrimSpace(x.Data) != "" {
				return nil
			}
		}
	}
	return nil
}

// isWordRune is a letter or digit of a script that separates words with
// spaces (not Han, kana or Thai).
func isWordRune(r rune) bool {
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return false
	}
	return !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai)
}

// kickerMarks name the parts of a heading that aren't the headline: the
// kicker or overline above it ("Klimaschutz:", "Open Future") and a
// subtitle inside it.
var kickerMarks = []string{"kicker", "overline", "dachzeile", "topline", "roofline", "eyebrow", "flytitle", "spitzmarke",
	"supertitle", "pretitle", "pre-title", "subtitle", "sub-title", "subline", "subheadline", "label", "category"}

// headingText is a heading's text without its kicker or subtitle parts
// (when that leaves anything).
func headingText(h *html.Node) string {
	var b strings.Builder
	skipped := false
	for n, seen := h.FirstChild, 0; n != nil && seen < 2000 && b.Len() < 4*maxScanText; seen++ {
		skip := false
		if n.Type == html.ElementNode {
			if cl := classID(n); cl != "" && containsAny(cl, kickerMarks...) {
				skip, skipped = true, true
			} else if isRawText(n) {
				skip = true
			}
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		if !skip && n.FirstChild != nil && b.Len() < maxScanText {
			n = n.FirstChild
			continue
		}
		for n != nil && n != h {
			if n.NextSibling != nil {
				n = n.NextSibling
				break
			}
			n = n.Parent
		}
		if n == h {
			break
		}
	}
	if t := foldSpace(b.String()); skipped && t != "" {
		return t
	}
	return nodeText(h, maxScanText)
}

// linksHome reports whether heading h is, or holds as its only link, a link
// to the home page of the site it is on: a blog header's site name ("<h1><a
// href="/">Four Years Remaining</a></h1>"), never the post's title. A home
// page links home from every heading, so nothing counts there.
func linksHome(h *html.Node, base *url.URL) bool {
	page := unwrapArchived(base)
	if page == nil || isHomePath(page.Path) {
		return false
	}
	var href string
	for a, up := h.Parent, 0; a != nil && up < 3; a, up = a.Parent, up+1 {
		if a.Type == html.ElementNode && a.DataAtom == atom.A {
			href = attr(a, "href")
			break
		}
	}
	if href == "" {
		links := 0
		for n, seen := h.FirstChild, 0; n != nil && seen < 50; seen++ {
			if n.Type == html.ElementNode && n.DataAtom == atom.A {
				links++
				href = attr(n, "href")
			}
			if n.FirstChild != nil {
				n = n.FirstChild
				continue
			}
			for n != nil && n != h && n.NextSibling == nil {
				n = n.Parent
			}
			if n == nil || n == h {
				break
			}
			n = n.NextSibling
		}
		if links != 1 {
			return false
		}
	}
	ref, err := url.Parse(strings.TrimSpace(href))
	if href == "" || err != nil {
		return false
	}
	u := unwrapArchived(base.ResolveReference(ref))
	return u != nil && isHomePath(u.Path) && u.RawQuery == "" && sameSite(u.String(), page.String())
}

func isHomePath(p string) bool {
	p = strings.TrimSuffix(p, "/")
	return p == "" || p == "/index.html" || p == "/index.php"
}

// unwrapArchived returns the page a web-archive URL holds
// ("https://web.archive.org/web/20080731095558/http://www.example.de/post")
// or u itself: the archived site names the page, not the archive.
func unwrapArchived(u *url.URL) *url.URL {
	if u == nil || !strings.EqualFold(u.Hostname(), "web.archive.org") {
		return u
	}
	rest, ok := strings.CutPrefix(u.Path, "/web/")
	if !ok {
		return u
	}
	_, inner, ok := strings.Cut(rest, "/")
	if !ok || !strings.HasPrefix(inner, "http") {
		return u
	}
	if i := strings.Index(inner, ":/"); i > 0 && !strings.HasPrefix(inner[i:], "://") {
		inner = inner[:i] + "://" + inner[i+2:] // a path-cleaned "http:/host"
	}
	v, err := url.Parse(inner)
	if err != nil || v.Host == "" {
		return u
	}
	if v.RawQuery == "" {
		v.RawQuery = u.RawQuery
	}
	return v
}
