package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// cardStats describes the page's repeated teaser cards: sibling elements of
// one tag and class, each a short block led by a link (a headline to
// another page, perhaps a blurb), outside the navigation. Listings are made
// of them; an article has at most a row of related links.
type cardStats struct {
	cards    int // cards in groups of three or more
	text     int // their visible runes
	link     int // of which inside links
	maxGroup int // the largest group
	priced   int // cards showing a price: a shop's product tiles
	excerpts int // cards with a blurb: 80+ runes outside their links
	dated    int // cards in grids of dated items: news teasers, events
	product  int // cards whose shared class names a product (product-card...)
	imaged   int // cards in grids of image tiles
	// loopLong counts the long paragraphs (200+ unlinked runes) in runs
	// of dated cards led by a linked headline: a blog loop's excerpts.
	loopLong int
	// The root's visible runes and those inside links.
	rootText, rootLink int
	// runs are the groups counted in cards: a hub's text is made of them.
	runs []cardRun
}

// cardMin is the smallest run of siblings that counts as a list of cards.
const cardMin = 3

// findCards needs x.measure to have run on root.
func (x *extractor) findCards(root *html.Node) cardStats {
	var cs cardStats
	if s := x.stats[root]; s != nil {
		cs.rootText, cs.rootLink = s.text, s.link
	}
	pageText := x.pageText
	type item struct {
		n      *html.Node
		chrome bool
	}
	var groups []cardGroup
	type member struct {
		n *html.Node
		k int // its group
	}
	var members []member
	stack := []item{{root, false}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := it.n
		chrome := it.chrome || x.navChrome(n, pageText)
		groups, members = groups[:0], members[:0]
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || ignoredTag(c.DataAtom) {
				continue
			}
			stack = append(stack, item{c, chrome})
			if chrome {
				continue
			}
			s := x.stats[c]
			if s == nil || !isCard(c, s) && !isTileCard(c, s) {
				continue
			}
			cl := cardClass(c)
			k := 0
			for k < len(groups) && !groups[k].like(c, cl) {
				k++
			}
			if k == len(groups) {
				// A tile's class names the product anywhere in its list
				// ("swiper-slide product-card-holder"), not only first.
				groups = append(groups, cardGroup{tag: c.DataAtom, data: c.Data, class: cl, product: containsFold(nattr(c, "class"), "product")})
			}
			groups[k].n++
			groups[k].text += s.text
			groups[k].link += s.link
			if s.text-s.link >= 80 {
				groups[k].blurbs++
			}
			members = append(members, member{c, k})
		}
		// Count the like siblings that are not cards: a run is most of them.
		if len(groups) > 0 && !chrome {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type != html.ElementNode || ignoredTag(c.DataAtom) {
					continue
				}
				if s := x.stats[c]; s == nil || s.text == 0 {
					continue
				}
				cl := cardClass(c)
				for k := range groups {
					if groups[k].like(c, cl) {
						groups[k].all++
						break
					}
				}
			}
		}
		// Prices, dates and images are looked for in the first cards of a
		// run only: tiles of one grid look alike.
		for _, m := range members {
			g := &groups[m.k]
			if !g.isRun() {
				continue
			}
			if s := x.stats[m.n]; s.text-s.link >= 200 {
				g.long += longParas(m.n)
			}
			if g.looked >= 6 {
				continue
			}
			g.looked++
			price, date := cardMarks(m.n)
			if price {
				g.priced++
			}
			if date {
				g.dated++
			}
			if hasDescendant(m.n, atom.Img) {
				g.imaged++
			}
			if ledByHeadline(m.n) {
				g.headed++
			}
		}
		for _, g := range groups {
			if g.isRun() {
				cs.cards += g.n
				cs.text += g.text
				cs.link += g.link
				cs.maxGroup = max(cs.maxGroup, g.n)
				cs.excerpts += g.blurbs
				if 2*g.priced >= min(g.n, 6) {
					cs.priced += g.n
				}
				if 2*g.dated >= min(g.n, 6) {
					cs.dated += g.n
				}
				if 2*g.imaged >= min(g.n, 6) {
					cs.imaged += g.n
				}
				if 2*g.headed >= min(g.n, 6) && 2*g.dated >= min(g.n, 6) {
					cs.loopLong += g.long
				}
				if g.product {
					cs.product += g.n
				}
				cs.runs = append(cs.runs, cardRun{parent: n, group: g})
			}
		}
	}
	return cs
}

// cardGroup is a run of sibling cards, keyed by tag and cardClass.
type cardGroup struct {
	tag                                          atom.Atom
	data                                         string
	class                                        string
	n, text, link, priced, blurbs, dated, imaged int
	headed, long                                 int
	looked                                       int  // cards searched for marks
	product                                      bool // the first card's class names a product
	all                                          int  // siblings of this tag and class, cards or not
}

// cardClass is the class that keys a card's group: its first, without
// digits or a zebra stripe. CMSs put an item's own class first
// (WordPress's "post-123 post type-post", a grid's "col-1") or its
// row's parity (Drupal's "views-row-odd" and "views-row-even", "odd"
// and "even" rows): the digits and the parity are the item's, the stem
// the template's.
func cardClass(c *html.Node) string {
	cl, _, _ := strings.Cut(strings.TrimSpace(nattr(c, "class")), " ")
	cl = strings.Map(func(r rune) rune {
		if '0' <= r && r <= '9' {
			return -1
		}
		return r
	}, cl)
	for _, parity := range [...]string{"odd", "even"} {
		if stem, ok := strings.CutSuffix(cl, parity); ok && (stem == "" || stem[len(stem)-1] == '-' || stem[len(stem)-1] == '_') {
			return stem
		}
	}
	return cl
}

// like reports whether element c, of cardClass cl, belongs to g.
func (g *cardGroup) like(c *html.Node, cl string) bool {
	return g.tag == c.DataAtom && g.data == c.Data && g.class == cl
}

// isRun reports a run of cards: three or more, and most of their like
// siblings: a listing's tiles look alike, while a thread's posts or an
// article's paragraphs are cards only now and then (a short one with a
// link).
func (g *cardGroup) isRun() bool { return g.n >= cardMin && 3*g.n >= 2*g.all }

// ledByHeadline reports a card led by its title: a heading that is a
// link or holds one (WordPress's .entry-title, a node's teaser), or a
// link of a headline's length holding the card's first text (a Drupal
// view's title field). A comment is led by its author's name.
func ledByHeadline(card *html.Node) bool {
	if hasLinkedHeading(card) {
		return true
	}
	for n := firstTextNode(card); n != nil && n != card; n = n.Parent {
		if n.DataAtom == atom.A {
			t, _ := textAndLink(n)
			return t >= 20
		}
	}
	return false
}

// firstTextNode is the first text node under n with visible runes,
// outside ignored subtrees; nil when none is near the top. One bounded
// walk.
func firstTextNode(n *html.Node) *html.Node {
	var buf [32]*html.Node // small subtrees: no allocation
	stack := append(buf[:0], n)
	for steps := 0; len(stack) > 0 && steps < 200; steps++ {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.TextNode {
			if t, _ := visibleRunes(c.Data); t > 0 {
				return c
			}
			continue
		}
		if c.Type != html.ElementNode || ignoredTag(c.DataAtom) {
			continue
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	return nil
}

// hasLinkedHeading reports a heading under card that is a link or holds
// one: a post's title leading its teaser.
func hasLinkedHeading(card *html.Node) bool {
	found := false
	walkElements(card, func(c *html.Node) bool {
		switch c.DataAtom {
		case atom.H2, atom.H3, atom.H4:
			found = found || hasDescendant(c, atom.A) || c.Parent != nil && c.Parent.DataAtom == atom.A
			return false
		}
		return !found
	})
	return found
}

// longParas counts the paragraphs under a card with 200 or more runes
// outside links, as hubSignals counts the page's: a long excerpt.
func longParas(card *html.Node) int {
	n := 0
	walkElements(card, func(c *html.Node) bool {
		if c.DataAtom != atom.P {
			return true
		}
		if t, l := textAndLink(c); t-l >= 200 {
			n++
		}
		return false
	})
	return n
}

// isCard is a teaser's shape: one to a few links carrying a headline's
// worth of text, and little else.
func isCard(n *html.Node, s *nstat) bool {
	if n.DataAtom == atom.P {
		return false // a paragraph with a link in it is prose
	}
	return s.links >= 1 && s.links <= 8 && (s.link >= 12*s.links/2+6 || s.link >= 12 && s.text-s.link <= 200) && s.text <= 1200 && s.paras <= 3
}

// navChrome is isNavChrome short of a wrapper holding nearly all the
// page's text (four fifths): a theme's class on <body> or on the page's
// frame ("v7menu", "offcanvas-wrapper") does not make the content
// navigation. A tabbed panel of headlines beside a missing article
// ("with-nav-tabs", three quarters of the text) still is. pageText is the
// visible text of the whole <body>; x.measure must have run.
func (x *extractor) navChrome(n *html.Node, pageText int) bool {
	if !isNavChrome(n) {
		return false
	}
	s := x.stats[n]
	return s == nil || 5*s.text <= 4*pageText
}

// isTileCard is a teaser whose link carries no text: an image link or an
// empty link laid over the tile, with the headline as plain text beside
// it (news fronts and shop grids draw them so). A headline's worth of
// text and an image or heading; share buttons and icon rows have
// neither.
func isTileCard(n *html.Node, s *nstat) bool {
	if n.DataAtom == atom.P || s.hrefs < 1 || s.hrefs > 8 || s.text < 15 || s.text > 600 || s.paras > 3 {
		return false
	}
	if s.link > 0 && !buttonTile(n, s) {
		return false
	}
	return hasTileMark(n)
}

// buttonTile reports a tile whose only linked text is a button's words
// ("Shop now", "Show", "View"), a call to action rather than a headline:
// a shop's tile beside its image link, the item's name and price and
// little else (a service's pricing plan lists its features under its
// button), or a tile under a heading whose image and button, two links
// or more, all open one item (a directory's show, a catalogue's course).
func buttonTile(n *html.Node, s *nstat) bool {
	if s.link > 12 || 4*s.link > s.text {
		return false
	}
	return s.links == 1 && s.text <= 200 && hasTileMark(n) && tilePriced(n) ||
		s.links <= 2 && hasHeading(n) && oneTarget(n)
}

// tilePriced reports a price shown in the tile.
func tilePriced(n *html.Node) bool {
	price, _ := cardMarks(n)
	return price
}

// hasTileMark reports an image or a heading under n: what a tile shows
// beside its link. One bounded walk.
func hasTileMark(n *html.Node) bool {
	var buf [32]*html.Node // small subtrees: no allocation
	stack := append(buf[:0], n)
	for steps := 0; len(stack) > 0 && steps < 200; steps++ {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c != n && c.Type == html.ElementNode {
			switch c.DataAtom {
			case atom.Img, atom.Picture, atom.H2, atom.H3, atom.H4:
				return true
			}
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			stack = append(stack, k)
		}
	}
	return false
}

// isNavChrome is navigation: menus repeat links too, but they are not
// listings of content.
func isNavChrome(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.Nav, atom.Header, atom.Footer, atom.Aside:
		return true
	}
	if nattr(n, "role") == "navigation" {
		return true
	}
	for _, a := range n.Attr {
		if (a.Key == "class" || a.Key == "id") && navWords.in(a.Val) {
			return true
		}
	}
	return false
}

// navWords mark a navigation block's class or id.
var navWords = newFoldSet("menu", "nav", "footer")

// containsFold reports whether s contains the lower-case ASCII word sub,
// ignoring ASCII case, without allocating.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if hasPrefixFold(s[i:], sub) {
			return true
		}
	}
	return false
}

// hasPrefixFold reports whether s starts with the lower-case ASCII word
// sub, ignoring ASCII case (as containsFold compares).
func hasPrefixFold(s, sub string) bool {
	if len(s) < len(sub) {
		return false
	}
	for j := 0; j < len(sub); j++ {
		if s[j]|0x20 != sub[j] {
			return false
		}
	}
	return true
}

// foldSet is a list of lower-case ASCII words for containsFold, checked in
// one pass over s instead of one pass per word: class and id attributes
// of every element are checked against several words.
type foldSet struct {
	first [256]bool // first[c]: some word starts with c
	words []string
}

func newFoldSet(words ...string) *foldSet {
	f := &foldSet{words: words}
	for _, w := range words {
		f.first[w[0]] = true
	}
	return f
}

// in reports whether s contains one of the words, ignoring ASCII case:
// containsFold(s, w) for some w.
func (f *foldSet) in(s string) bool {
	for i := 0; i < len(s); i++ {
		if !f.first[s[i]|0x20] {
			continue
		}
		for _, w := range f.words {
			if hasPrefixFold(s[i:], w) {
				return true
			}
		}
	}
	return false
}

// oneTarget reports a tile whose links, two or more, all lead to one
// page: its image and its button ("Show", "View") open the same item. A
// link without href is a button acting in place. One bounded walk: a
// subtree too large to look at is no tile.
func oneTarget(n *html.Node) bool {
	const maxNodes = 300
	target, count, seen := "", 0, 0
	same := true
	walkBounded(n, maxNodes, func(c *html.Node) bool {
		seen++
		if c.Type != html.ElementNode || c.DataAtom != atom.A || !hasAttr(c, "href") {
			return true
		}
		h := strings.TrimSpace(nattr(c, "href"))
		if i := strings.IndexByte(h, '#'); i >= 0 {
			h = h[:i]
		}
		if count == 0 {
			target = h
		} else if h != target {
			same = false
		}
		count++
		return same
	})
	return same && seen < maxNodes && count >= 2 && target != ""
}
