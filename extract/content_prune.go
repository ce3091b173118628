package extract

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// boilerTokens are class/id words that mark page chrome. Class and id are
// split on non-letters, so "post-share-buttons" matches "share" but
// "download" does not match "ad".
var boilerTokens = map[string]bool{
	"nav": true, "navbar": true, "navigation": true, "menu": true, "submenu": true,
	"breadcrumb": true, "breadcrumbs": true, "footer": true,
	"masthead": true, "sidebar": true, "widget": true, "widgets": true,
	"related": true, "recommended": true, "recommendations": true, "comment": true,
	"comments": true, "respond": true, "disqus": true, "share": true, "sharing": true,
	"sharer": true, "social": true, "sociallinks": true, "newsletter": true,
	"subscribe": true, "subscription": true, "signup": true, "cookie": true,
	"cookies": true, "consent": true, "gdpr": true, "banner": true, "ad": true,
	"ads": true, "advert": true, "adverts": true, "advertisement": true,
	"advertising": true, "adslot": true, "dfp": true, "sponsor": true,
	"sponsored": true, "promo": true, "popup": true, "modal": true, "overlay": true,
	"tags": true, "tag": true, "taglist": true, "tagcloud": true, "byline": true,
	"bio": true, "biography": true, "authorbio": true, "caption": true, "credit": true,
	"credits": true, "toolbar": true, "tools": true, "pagination": true, "pager": true,
	"skip": true, "outbrain": true, "taboola": true, "rss": true, "login": true,
	"search": true, "switcher": true, "translations": true, "langs": true,
	"follow": true, "counter": true, "views": true, "donate": true, "cta": true,
	"readmore": true, "jump": true, "toc": true, "topics": true, "keywords": true,
	"categories": true, "trending": true, "popular": true, "mostread": true,
	"recirc": true, "print": true, "printfriendly": true, "visuallyhidden": true,
	"sronly": true, "invisible": true, "offscreen": true, "meta": true,
	"postmeta": true, "entrymeta": true, "dateline": true, "addthis": true,
	"sharethis": true, "shareaholic": true, "jp": true, "sharedaddy": true,
	"socials": true, "likes": true, "reactions": true, "alert": true, "notice": true,
	"ticker": true, "promoted": true, "partner": true, "partners": true,
	"announcement": true, "signin": true, "account": true, "copyright": true,
	"legal": true, "disclaimer": false, "lang": true, "language": true, "languages": true,
	"crp": true, "yarpp": true, "pdf": true, "download": false, "wp": false,
	"author": true, "authors": true, "about": false, "more": false,
}

// strongTokens mark chrome that can be bigger than the article (long
// comment threads), so they are dropped whatever their size.
var strongTokens = map[string]bool{"comment": true, "comments": true, "respond": true,
	"disqus": true, "commentlist": true, "replies": true}

// caption tokens are kept when Options.KeepCaptions is set.
var captionTokens = map[string]bool{"caption": true, "credit": true, "credits": true,
	"figcaption": true, "wp-caption-text": true}

// contentTokens veto pruning: "article-body" is content even if it also says
// "main-header" somewhere in its class list.
var contentTokens = map[string]bool{"embed": true, "articlebody": true, "entrycontent": true,
	"postcontent": true, "storybody": true, "articlecontent": true, "postbody": true,
	"articletext": true, "bodytext": true}

// classTokens splits a lower-cased class/id string into words, also adding
// joined pairs ("post-meta" gives "post", "meta" and "postmeta"), and
// reports whether f holds for one of them. f may only hold for words of a
// set whose proper prefixes are pairs (see wordPrefixes): a pair is built
// only when its first word is one of them, not for every pair of words.
func classTokens(ci string, pairs map[string]bool, f func(tok string) bool) bool {
	prev := ""
	i := 0
	for i < len(ci) {
		for i < len(ci) && !isAlpha(ci[i]) {
			if ci[i] == ' ' {
				prev = ""
			}
			i++
		}
		j := i
		for j < len(ci) && isAlpha(ci[j]) {
			j++
		}
		if j > i && i > 0 && isDigit(ci[i-1]) {
			// Letters inside a hash or generated id ("richtext-2ad314195f")
			// are no word.
			prev = ""
		} else if j > i {
			tok := ci[i:j]
			if f(tok) {
				return true
			}
			if prev != "" && pairs[prev] && f(prev+tok) {
				return true
			}
			prev = tok
		}
		i = j
	}
	return false
}

// wordPrefixes returns the proper prefixes of the keys of words.
func wordPrefixes(words map[string]bool) map[string]bool {
	p := map[string]bool{}
	for w := range words {
		for i := 1; i < len(w); i++ {
			p[w[:i]] = true
		}
	}
	return p
}

// The prefixes of the token sets, for classTokens, built at first use.
var (
	contentPrefixes = sync.OnceValue(func() map[string]bool { return wordPrefixes(contentTokens) })
	boilerPrefixes  = sync.OnceValue(func() map[string]bool { return wordPrefixes(boilerTokens) })
	strongPrefixes  = sync.OnceValue(func() map[string]bool { return wordPrefixes(strongTokens) })
)

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' }

var chromeRoles = map[string]bool{"navigation": true, "banner": true, "contentinfo": true,
	"complementary": true, "search": true, "menu": true, "menubar": true, "dialog": true,
	"alertdialog": true, "alert": true, "tablist": true, "toolbar": true}

// prune removes chrome subtrees under root. A subtree holding most of the
// page's text is never removed by class alone: some sites wrap the whole
// page in <form> or a "has-sidebar" div.
func (x *extractor) prune(root *html.Node) {
	rs := x.st(root)
	total := rs.text - rs.link
	type dropped struct {
		n    *html.Node
		sure bool // hidden or never text: dropped even in the fallback
	}
	var drop []dropped
	removed := 0
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.CommentNode {
			drop = append(drop, dropped{n, true})
			continue
		}
		if n.Type != html.ElementNode && n.Type != html.DocumentNode {
			continue
		}
		if n != root && n.Type == html.ElementNode {
			if c, sure := x.isChrome(n, total); c {
				s := x.st(n)
				removed += s.text - s.link
				drop = append(drop, dropped{n, sure})
				continue
			}
		}
		if n.DataAtom == atom.Pre || n.DataAtom == atom.Code {
			// A highlighter's spans ("hljs-comment", "token tag") name
			// the code's syntax, not page chrome.
			continue
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	// When markup rules would leave almost nothing, they are wrong for this
	// site (e.g. a product page whose description sits in a <form>): keep
	// only the sure drops and let scoring find the content. A box about
	// the author is never the article's text: it goes all the same, from
	// inside the blocks kept (a short post's footer).
	if total > 500 && (total-removed)*8 < total && bodyRule("prunefallback") {
		var sure []dropped
		for _, d := range drop {
			if d.sure {
				sure = append(sure, d)
				continue
			}
			stack := []*html.Node{d.n}
			for len(stack) > 0 {
				c := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if c.Type != html.ElementNode {
					continue
				}
				if aboutTheAuthor(c) {
					sure = append(sure, dropped{c, true})
					continue
				}
				for k := c.FirstChild; k != nil; k = k.NextSibling {
					stack = append(stack, k)
				}
			}
		}
		drop = sure
	}
	for _, d := range drop {
		if d.n.Parent != nil {
			x.unmeasure(d.n)
			d.n.Parent.RemoveChild(d.n)
		}
	}
	x.preorder(root)
}

// aboutTheAuthor reports whether n's class or id names a box about the
// author ("author-info", "entry-author", "author-bio"): never the
// article's text, even on a page whose article is too short to outweigh
// the chrome pruned around it.
func aboutTheAuthor(n *html.Node) bool {
	return classTokens(nclassID(n), nil, func(t string) bool { return t == "author" || t == "authorbio" || t == "bio" || t == "biography" })
}

// unmeasure takes a subtree about to be removed out of its ancestors'
// stats, so pruning needs no second measuring pass.
func (x *extractor) unmeasure(n *html.Node) {
	s := x.stats[n]
	if s == nil || n.Type != html.ElementNode {
		return
	}
	if p := x.stats[n.Parent]; p != nil && n.DataAtom == atom.Br {
		p.ownBr--
	}
	// Inline text counts as "own" text up to the first block ancestor.
	dOwn, dOwnCm := 0, 0
	if n.DataAtom != atom.Br && !isBlockTag(n.DataAtom) {
		dOwn, dOwnCm = s.own, s.ownCm
	}
	for a := n.Parent; a != nil && dOwn+dOwnCm > 0; a = a.Parent {
		as := x.stats[a]
		if as == nil {
			break
		}
		as.own -= dOwn
		as.ownCm -= dOwnCm
		if isBlockTag(a.DataAtom) {
			break
		}
	}
	// The deltas change on the way up: inside a link all text is link
	// text, and a <p> or <a> may stop counting once emptied.
	dt, dl, dcm, dp, dls := s.text, s.link, s.commas, s.paras, s.links
	for a := n.Parent; a != nil; a = a.Parent {
		as := x.stats[a]
		if as == nil {
			break
		}
		before := as.text
		as.text -= dt
		as.commas -= dcm
		switch a.DataAtom {
		case atom.A:
			was := 0
			if before > 0 {
				was = 1
			}
			as.link = as.text
			as.links = 0
			if as.text > 0 {
				as.links = 1
			}
			dl, dls = dt, was-as.links
		default:
			as.link -= dl
			as.links -= dls
		}
		as.paras -= dp
		if a.DataAtom == atom.P && before >= 25 && as.text < 25 {
			as.paras--
			dp++
		}
	}
}

// isChrome reports whether n is page chrome, and whether that is sure
// (hidden, or never text) rather than a guess from its markup.
func (x *extractor) isChrome(n *html.Node, total int) (chrome, sure bool) {
	if ignoredTag(n.DataAtom) {
		return true, true
	}
	s := x.st(n)
	// Holding 40% of the page's prose makes a subtree too big to drop on
	// markup alone.
	big := total > 0 && (s.text-s.link)*5 > total*2
	if nhasAttr(n, "hidden") {
		// A collapsed accordion or tab panel, or a chunk React's streaming
		// server rendering sends hidden (id "S:n") for its script to move
		// into place: part of the page's text, not chrome. Only these
		// markers say so; a hidden menu or dialog has none.
		if bodyRule("hiddenpanel") && (collapsedPanel(n) || strings.HasPrefix(nattr(n, "id"), "S:")) {
			return false, false
		}
		return !big, true
	}
	if st := nattr(n, "style"); st != "" {
		st = strings.ToLower(st)
		if strings.Contains(st, "display:none") || strings.Contains(st, "display: none") ||
			strings.Contains(st, "visibility:hidden") || strings.Contains(st, "visibility: hidden") {
			if bodyRule("hiddenpanel") && collapsedPanel(n) {
				return false, false // an accordion panel closed by its style
			}
			return !big, true
		}
	}
	switch n.DataAtom {
	case atom.Aside:
		if bodyRule("asidebox") && (proseSection(s) || x.codeBlock(n)) && inArticle(n) && x.proseFollows(n) {
			// A box of the article (a report's "Box 1", a sidenote, a
			// code listing): prose or code inside the <article>, where
			// a page's sidebar is not, with the article going on
			// after it (a box at the end is the call to subscribe or
			// donate).
			return false, false
		}
		return !big, false
	case atom.Header:
		if bodyRule("sectionheader") && s.link == 0 && s.text < 300 && hasHeading(n) && !hasDescendant(n, atom.H1) && x.proseAfter(n) {
			// A section's own header (a step's number and heading in
			// a card of its own), the section's prose after it: not
			// the page's header, which links to the site, nor the
			// article's, which holds its title (<h1>).
			return false, false
		}
		return !big, false
	case atom.Nav, atom.Footer:
		return !big, false
	case atom.Form:
		// Comment and search forms are small; shops and old ASP.NET sites
		// wrap real content in forms.
		if s.text-s.link < 400 && bodyRule("smallform") {
			return !big, false
		}
	case atom.Figcaption:
		return !x.opts.KeepCaptions && !numberedCaption(nodeText(n, 40)), false
	case atom.Html, atom.Body, atom.Main:
		return false, false
	}
	if (n.DataAtom == atom.Div || n.DataAtom == atom.Section) && s.paras == 0 && s.text-s.link < 600 && bodyRule("signupfield") && textField(n) {
		// A box around a field for an e-mail address or a phone
		// number ("Get deals texted to your phone", a newsletter
		// sign-up) with no paragraph of prose: a sign-up form,
		// whatever its markup.
		return !big, false
	}
	if (n.DataAtom == atom.Div || n.DataAtom == atom.Section) && bodyRule("closepopup") && opensWithClose(n) {
		// A box whose first control closes it: a pop-up's panel (the
		// shipping terms, a sign-up), shown over the page by a script.
		return !big, false
	}
	if r := nattr(n, "role"); r != "" && chromeRoles[strings.ToLower(r)] {
		if strings.EqualFold(r, "complementary") && bodyRule("articlebox") && x.articleBox(n, s) {
			return false, false
		}
		return !big, false
	}
	if nattr(n, "aria-hidden") == "true" && s.text < 200 && bodyRule("ariahidden") {
		return true, false
	}
	switch n.DataAtom {
	case atom.Article, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.P,
		atom.Blockquote, atom.Pre, atom.Code, atom.Samp, atom.Kbd, atom.Td, atom.Tr, atom.Em, atom.Strong, atom.B, atom.I:
		// Text-level elements: their ids are often slugs of their own
		// text ("nav_nur_die_folie"), so class rules would misfire.
		return false, false
	}
	if nattr(n, "itemprop") == "articleBody" {
		return false, false
	}
	ci := chromeClassID(n)
	if ci == "" {
		return false, false
	}
	if bodyRule("contentclass") && classTokens(ci, contentPrefixes(), func(t string) bool { return contentTokens[t] }) {
		return false, false
	}
	if strings.Contains(ci, "tweet") && bodyRule("tweetembed") && hasDescendant(n, atom.Blockquote) {
		return false, false // an embedded post quoted by the article
	}
	keepCap := x.opts.KeepCaptions
	hit := classTokens(ci, boilerPrefixes(), func(t string) bool {
		if keepCap && captionTokens[t] {
			return false
		}
		return boilerTokens[t]
	})
	if hit && bodyRule("stateclass") {
		if rest, cut := dropStateClasses(ci); cut {
			// "sidebar-enabled--false", "has-sidebar", "no-comments":
			// a layout's state on the page's main block, not its role.
			ci = rest
			hit = ci != "" && classTokens(ci, boilerPrefixes(), func(t string) bool {
				if keepCap && captionTokens[t] {
					return false
				}
				return boilerTokens[t]
			})
		}
	}
	if hit && bodyRule("headingslug") && idIsHeadingSlug(n) {
		// An id made of the section's own heading ("how-popular-is-x"):
		// its words are the article's, not the page's chrome.
		c := splitCamel(nattr(n, "class"))
		hit = c != "" && classTokens(c, boilerPrefixes(), func(t string) bool {
			if keepCap && captionTokens[t] {
				return false
			}
			return boilerTokens[t]
		})
		ci = c
	}
	if hit && bodyRule("itemwrapper") && s.hrefs == 0 && n.Parent != nil && n.Parent.DataAtom == atom.Li && soleChild(n.Parent) == n && len(strings.Fields(nodeText(n, 200))) >= 3 {
		// "lfh_meta" around all of a list item's words (a review's
		// pros and cons): the item's wrapper, its list judged as a
		// whole above; a menu or a row of post meta is named on the
		// list.
		return false, false
	}
	if hit && bodyRule("codewrapper") && x.codeBlock(n) {
		// "language-python highlighter-rouge", "code-toolbar": a code
		// block's wrapper names the code, not page chrome.
		return false, false
	}
	if hit && big && bodyRule("strongchrome") && classTokens(ci, strongPrefixes(), func(t string) bool { return strongTokens[t] }) {
		return true, false
	}
	if hit && bodyRule("proselist") && isList(n) && proseSection(s) && s.hrefs == 0 && !classTokens(ci, boilerPrefixes(), func(t string) bool {
		return boilerTokens[t] && !linkListTokens[t] && !recircTokens[t]
	}) && !inSidebar(n) {
		// "recommendations", "related": words that name a list of links
		// to other pages, on a list of prose that links nowhere (a
		// report's numbered recommendations). (Not any block: teaser
		// boxes may link by script, from custom elements.)
		return false, false
	}
	if hit && bodyRule("prosesection") && proseSection(s) && !classTokens(ci, boilerPrefixes(), func(t string) bool {
		return boilerTokens[t] && !linkListTokens[t]
	}) && !inSidebar(n) {
		// "toc-para", "nav-section": a name taken from the page's table
		// of contents or navigation, on a block of prose that such a list
		// points to. A real menu or contents list is mostly links. But a
		// text widget in a sidebar (kept for its size on a short page)
		// is the sidebar's.
		return false, false
	}
	if hit && bodyRule("builderblock") && s.link == 0 && (s.paras >= 1 || soleHeading(n) != nil) && !inSidebar(n) && !classTokens(ci, boilerPrefixes(), func(t string) bool {
		return boilerTokens[t] && !builderTokens[t]
	}) && x.proseAfter(n) {
		// "elementor-widget", "elementor-invisible": the words a page
		// builder gives every block, here on a heading or a short
		// paragraph the article goes on after.
		return false, false
	}
	if hit && bodyRule("articlebox") && x.articleBox(n, s) {
		// "sidebar-box", "related-box": a box of the article all the
		// same, prose that links nowhere with the article going on
		// after it.
		return false, false
	}
	return hit && !big, false
}

// articleBox reports whether n is a box of the article's own (a report's
// "Box 1", a sidenote, a tutorial's tip or warning): prose that links
// nowhere, a heading and a paragraph, list or table, or two paragraphs, or
// one long paragraph that is no caption, inside the <article>, with the
// article going on after it.
func (x *extractor) articleBox(n *html.Node, s *nstat) bool {
	if s.hrefs != 0 || !proseSection(s) || !inArticle(n) || !x.proseFollows(n) {
		return false
	}
	if hasHeading(n) {
		// A box's heading over its prose, or over its list or table (a
		// report's recommendations, a tip's steps).
		return s.paras >= 1 || holdsListOrTable(n)
	}
	// No heading: two paragraphs, or one long one (a note, a tip) that
	// is no caption.
	return s.paras >= 2 || s.paras >= 1 && s.text >= 200 && n.DataAtom != atom.Figure &&
		!classTokens(nclassID(n), boilerPrefixes(), func(t string) bool { return captionTokens[t] })
}

// hasHeading reports whether n holds a heading (h1–h6).
func hasHeading(n *html.Node) bool {
	found := false
	walkBounded(n, 60, func(c *html.Node) bool {
		found = found || c.Type == html.ElementNode && headingLevel(c.DataAtom) > 0
		return !found
	})
	return found
}

// opensWithClose reports whether n's first element child is a control
// that closes it: classed "close" ("close-btn", "modal-close"), with at
// most a word and a mark as text ("×", "Close [X]").
func opensWithClose(n *html.Node) bool {
	first := firstElement(n)
	// The class first: it is most often empty, the text a walk.
	return first != nil && classTokens(strings.ToLower(nattr(first, "class")), nil, func(t string) bool { return t == "close" }) &&
		len(nodeText(first, 40)) <= 20
}

// builderTokens are the chrome words page builders put on every block,
// the article's text too.
var builderTokens = map[string]bool{"widget": true, "widgets": true, "invisible": true}

// proseAfter reports whether the next block with text after n is one of
// prose: its next sibling, or its wrapper's when n is all the wrapper
// holds (a page builder nests a heading six wrappers deep in a section of
// its own).
func (x *extractor) proseAfter(n *html.Node) bool {
	for up := 0; up < 7 && n != nil && n.Type == html.ElementNode; up, n = up+1, n.Parent {
		for c := n.NextSibling; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || x.st(c).text == 0 {
				continue
			}
			return proseSection(x.st(c))
		}
		if n.Parent == nil || x.st(n.Parent).text != x.st(n).text {
			return false
		}
	}
	return false
}

// dropStateClasses removes from a class/id list the names that state a
// layout option rather than a role ("sidebar-enabled--false",
// "has-sidebar", "no-comments", "with-sidebar"), and reports whether
// there was one.
func dropStateClasses(ci string) (string, bool) {
	if !strings.Contains(ci, "able") && !strings.Contains(ci, "-") && !strings.Contains(ci, "_") {
		return ci, false
	}
	cut := false
	var kept []string
	for _, c := range strings.Fields(ci) {
		if stateClass(c) {
			cut = true
			continue
		}
		kept = append(kept, c)
	}
	if !cut {
		return ci, false
	}
	return strings.Join(kept, " "), true
}

// stateClass reports whether a class name states a layout option about
// a chrome block ("has-sidebar", "sidebar-enabled--false"), not that
// block itself. (Other options, "no-underline", are left alone.)
func stateClass(c string) bool {
	rest := ""
	for _, p := range []string{"has-", "has_", "no-", "no_", "with-", "with_", "without-", "without_"} {
		if strings.HasPrefix(c, p) {
			rest = c[len(p):]
			break
		}
	}
	if rest == "" {
		// A BEM modifier's value ("--false") and the option's name.
		base, value := strings.TrimSuffix(strings.TrimSuffix(c, "--false"), "--true"), false
		value = len(base) < len(c)
		for _, w := range []string{"-enabled", "_enabled", "-disabled", "_disabled"} {
			if strings.HasSuffix(base, w) {
				base, value = strings.TrimSuffix(base, w), true
				break
			}
		}
		if value {
			rest = base
		}
	}
	return rest != "" && classTokens(rest, boilerPrefixes(), func(t string) bool { return boilerTokens[t] })
}

// textField reports whether n holds an <input> for an e-mail address or
// a phone number, within a bounded walk. (Not any text field: a shop's
// quantity box sits beside the product's description.)
func textField(n *html.Node) bool {
	found := false
	walkBounded(n, 300, func(c *html.Node) bool {
		if c.Type == html.ElementNode && c.DataAtom == atom.Input {
			switch strings.ToLower(nattr(c, "type")) {
			case "email", "tel":
				found = true
			}
		}
		return !found
	})
	return found
}

// codeBlock reports whether most of n's text is in <pre> blocks.
func (x *extractor) codeBlock(n *html.Node) bool {
	s := x.st(n)
	if s.text == 0 {
		return false
	}
	pre := 0
	stack := []*html.Node{n}
	for steps := 0; len(stack) > 0 && steps < 500; steps++ {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type != html.ElementNode {
			continue
		}
		if c.DataAtom == atom.Pre {
			pre += x.st(c).text
			continue
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	return pre*2 > s.text
}

// inArticle reports whether one of n's nearest ancestors is an <article>.
func inArticle(n *html.Node) bool {
	for a, i := n.Parent, 0; a != nil && a.Type == html.ElementNode && i < 12; a, i = a.Parent, i+1 {
		if a.DataAtom == atom.Article {
			return true
		}
	}
	return false
}

// proseFollows reports whether a paragraph of prose comes after n among
// its next few siblings.
func (x *extractor) proseFollows(n *html.Node) bool {
	i := 0
	for c := n.NextSibling; c != nil && i < 3; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		i++
		if c.DataAtom != atom.Aside && x.st(c).paras >= 1 {
			return true
		}
	}
	return false
}

// inSidebar reports whether one of n's nearest ancestors is an aside or
// a complementary region. (Not a "sidebar" class: layouts name the whole
// page "has-sidebar".)
func inSidebar(n *html.Node) bool {
	for a, i := n.Parent, 0; a != nil && a.Type == html.ElementNode && i < 12; a, i = a.Parent, i+1 {
		if a.DataAtom == atom.Aside || nattr(a, "role") == "complementary" {
			return true
		}
	}
	return false
}

// collapsedPanel reports whether a hidden element is an accordion or tab
// panel (a region labelled by its header button): content the reader
// opens, not chrome.
func collapsedPanel(n *html.Node) bool {
	if nattr(n, "role") == "region" || nattr(n, "role") == "tabpanel" || nhasAttr(n, "aria-labelledby") {
		return true
	}
	// Or the panel right after its toggle: a header holding a button
	// with aria-expanded.
	prev := n.PrevSibling
	for prev != nil && prev.Type != html.ElementNode {
		prev = prev.PrevSibling
	}
	found := false
	if prev != nil {
		walkBounded(prev, 30, func(c *html.Node) bool {
			if c.Type == html.ElementNode && nhasAttr(c, "aria-expanded") {
				found = true
			}
			return !found
		})
	}
	return found
}

// linkListTokens name chrome that is a list of links (menus, contents,
// tag rows) or any block at all (widgets); a block of prose carrying one
// of these words is not that chrome.
var linkListTokens = map[string]bool{
	"nav": true, "navbar": true, "navigation": true, "menu": true, "submenu": true, "toc": true,
	"breadcrumb": true, "breadcrumbs": true, "pagination": true, "pager": true, "jump": true,
	"tags": true, "tag": true, "taglist": true, "topics": true, "keywords": true, "categories": true,
	// Page builders call every block a widget, the article's text too,
	// and mark blocks "invisible" until an entrance animation shows them.
	"widget": true, "widgets": true, "invisible": true,
}

// recircTokens name recirculation: teasers of other pages, which link to
// them.
var recircTokens = map[string]bool{
	"related": true, "recommended": true, "recommendations": true, "popular": true,
	"trending": true, "mostread": true, "recirc": true, "readmore": true, "more": true,
}

// proseSection reports whether a subtree is a block of prose: real text
// with few links. One paragraph is enough, or a list of plain items:
// page builders wrap each heading and its paragraph or list in a block
// of their own.
func proseSection(s *nstat) bool {
	return (s.paras >= 1 && s.text-s.link >= 120 || s.text-s.link >= 150) && linkDensity(s) < 0.15 ||
		// Several paragraphs may carry more links (an intro with its
		// table of contents) and still be the article's.
		s.paras >= 3 && s.text-s.link >= 800 && linkDensity(s) < 0.3
}

// idIsHeadingSlug reports whether n's id holds the slug of the first
// heading inside it (its text lower-cased, words joined by hyphens).
func idIsHeadingSlug(n *html.Node) bool {
	id := nattr(n, "id")
	if len(id) < 8 {
		return false
	}
	var h *html.Node
	walkBounded(n, 100, func(c *html.Node) bool {
		if c.Type == html.ElementNode && headingLevel(c.DataAtom) > 0 {
			h = c
		}
		return h == nil
	})
	if h == nil {
		return false
	}
	var slug []byte
	for _, r := range strings.ToLower(nodeText(h, 200)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			slug = utf8.AppendRune(slug, r)
		} else if len(slug) > 0 && slug[len(slug)-1] != '-' {
			slug = append(slug, '-')
		}
	}
	t := strings.TrimRight(string(slug), "-")
	return len(t) >= 8 && strings.Contains(strings.ToLower(id), t)
}

// chromeClassID is n's class and id, lower-cased, with the chrome words of
// its camelCase names split off (see splitCamel).
func chromeClassID(n *html.Node) string {
	if !bodyRule("camelroles") {
		return strings.ToLower(rawClassID(n))
	}
	return splitCamel(rawClassID(n))
}

// regionTokens are the boiler words that name a region of the page holding
// other things (a menu, a footer, a comment thread, an ad slot): chrome
// wherever they stand in a camelCase name, as in "sideBarWidget" or
// "js-visitorMenuBody". Other boiler words name chrome only as the name's
// head, its last word ("ParkFooter", "imgCaption"): before it they qualify
// a thing of the page's own ("CtaButton", "sellerLegalText", "authorEnd").
// Words that say what kind of item a block is rather than where it stands
// ("AdvertisingDisclosure", "sponsoredPost") are no region.
var regionTokens = map[string]bool{
	"nav": true, "navbar": true, "navigation": true, "menu": true, "submenu": true,
	"breadcrumb": true, "breadcrumbs": true, "footer": true, "sidebar": true, "masthead": true,
	"banner": true, "search": true, "comment": true, "comments": true, "respond": true,
	"disqus": true, "related": true, "recommended": true, "recommendations": true,
	"share": true, "sharing": true, "social": true, "newsletter": true, "subscribe": true,
	"cookie": true, "cookies": true, "consent": true, "gdpr": true, "ad": true, "ads": true,
	"advert": true, "adverts": true, "advertisement": true, "sponsor": true, "promo": true,
	"outbrain": true, "taboola": true, "toolbar": true, "pagination": true, "pager": true,
}

// splitCamel lower-cases a class/id string, cutting from each camelCase
// name the chrome words it holds ("ParkFooter" gives "park-footer"), so
// they match like those of a hyphenated name; its other words stay glued
// ("CtaButton" gives "ctabutton"). Names holding a digit or an underscore
// are left whole: a generated name's case changes ("jpUnAp",
// "Card-sc-3f8a") are no words.
func splitCamel(ci string) string {
	return cutCamel(ci, writeCamelWords)
}

// hyphenCamel lower-cases a class/id string, cutting each camelCase name
// at every word ("pageContent" gives "page-content"), names with a digit
// or an underscore left whole as in splitCamel.
func hyphenCamel(ci string) string {
	return cutCamel(ci, writeEveryWord)
}

// cutCamel lower-cases ci, writing each run of letters of a camelCase
// name through write, with the lengths of its words.
func cutCamel(ci string, write func(b *strings.Builder, low string, lens []int)) string {
	if !hasCamel(ci) {
		return strings.ToLower(ci)
	}
	var b strings.Builder
	b.Grow(len(ci) + 8)
	for name := range strings.FieldsSeq(ci) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		if strings.ContainsAny(name, "_0123456789") || !hasCamel(name) {
			b.WriteString(strings.ToLower(name))
			continue
		}
		for i := 0; i < len(name); {
			j := i
			for j < len(name) && (isUpper(name[j]) || isAlpha(name[j])) {
				j++
			}
			if j > i {
				write(&b, strings.ToLower(name[i:j]), camelWords(name[i:j]))
			}
			for i = j; i < len(name) && !isUpper(name[i]) && !isAlpha(name[i]); i++ {
				b.WriteByte(name[i])
			}
		}
	}
	return b.String()
}

// camelWords returns the lengths of seg's words, cut where a lower-case
// letter is followed by an upper-case one ("ParkFooter": 4, 6).
func camelWords(seg string) []int {
	var lens []int
	start := 0
	for i := 1; i < len(seg); i++ {
		if isUpper(seg[i]) && isAlpha(seg[i-1]) {
			lens = append(lens, i-start)
			start = i
		}
	}
	return append(lens, len(seg)-start)
}

// writeCamelWords writes the lower-cased compound low, hyphens around its
// chrome words: a region word anywhere, another boiler word as the head.
// A pair of words can make one ("sideBar"). A single "tag" as the head is
// an item's label ("PriceTag", "SaleTag"), not a list of topic links
// ("ArticleTags", "TagList").
func writeCamelWords(b *strings.Builder, low string, lens []int) {
	chrome := func(w string, head bool) bool {
		return boilerTokens[w] && (regionTokens[w] || head && w != "tag")
	}
	pos, glued := 0, false
	for k := 0; k < len(lens); k++ {
		w := low[pos : pos+lens[k]]
		n := 1
		if k+1 < len(lens) && chrome(low[pos:pos+lens[k]+lens[k+1]], k+2 == len(lens)) {
			w, n = low[pos:pos+lens[k]+lens[k+1]], 2
		} else if !chrome(w, k+1 == len(lens)) {
			b.WriteString(w)
			pos += len(w)
			glued = true
			continue
		}
		if glued {
			b.WriteByte('-')
		}
		b.WriteString(w)
		if k+n < len(lens) {
			b.WriteByte('-')
		}
		pos += len(w)
		k += n - 1
		glued = false
	}
}

// writeEveryWord writes the lower-cased compound low, its words joined by
// hyphens.
func writeEveryWord(b *strings.Builder, low string, lens []int) {
	pos := 0
	for k, n := range lens {
		if k > 0 {
			b.WriteByte('-')
		}
		b.WriteString(low[pos : pos+n])
		pos += n
	}
}

// hasCamel reports whether s has a lower-case letter followed by an
// upper-case one.
func hasCamel(s string) bool {
	for i := 1; i < len(s); i++ {
		if isUpper(s[i]) && isAlpha(s[i-1]) {
			return true
		}
	}
	return false
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
