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
	maxGroup int // the largest group
	priced   int // cards showing a price: a shop's product tiles
	excerpts int // cards with a blurb: 80+ runes outside their links
	longIn   int // long paragraphs inside cards: excerpts, not an article's prose
	dated    int // cards in grids of dated items: news teasers, events
	product  int // cards whose shared class names a product (product-card...)
	imaged   int // cards in grids of image tiles
	// The root's visible runes and those inside links.
	rootText, rootLink int
}

// cardMin is the smallest run of siblings that counts as a list of cards.
const cardMin = 3

// findCards needs x.measure to have run on root.
func (x *extractor) findCards(root *html.Node) cardStats {
	var cs cardStats
	if s := x.stats[root]; s != nil {
		cs.rootText, cs.rootLink = s.text, s.link
	}
	type item struct {
		n      *html.Node
		chrome bool
	}
	// A group is keyed by tag and first class: CMSs add per-item classes
	// (post-123) after the shared one.
	type group struct {
		tag                                          atom.Atom
		data                                         string
		class                                        string
		n, text, priced, blurbs, long, dated, imaged int
	}
	var groups []group
	stack := []item{{root, false}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := it.n
		chrome := it.chrome || isNavChrome(n)
		groups = groups[:0]
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || ignoredTag(c.DataAtom) {
				continue
			}
			stack = append(stack, item{c, chrome})
			if chrome {
				continue
			}
			s := x.stats[c]
			if s == nil || !isCard(s) {
				continue
			}
			cl, _, _ := strings.Cut(strings.TrimSpace(nattr(c, "class")), " ")
			k := 0
			for k < len(groups) && (groups[k].tag != c.DataAtom || groups[k].data != c.Data || groups[k].class != cl) {
				k++
			}
			if k == len(groups) {
				groups = append(groups, group{tag: c.DataAtom, data: c.Data, class: cl})
			}
			groups[k].n++
			groups[k].text += s.text
			if s.text-s.link >= 80 {
				groups[k].blurbs++
				if c.DataAtom != atom.P {
					groups[k].long += longParasIn(c)
				}
			}
			// A price is looked for in the first cards only: tiles of one
			// grid look alike.
			if groups[k].n <= 6 {
				price, date := cardMarks(c)
				if hasDescendant(c, atom.Img) {
					groups[k].imaged++
				}
				if price {
					groups[k].priced++
				}
				if date {
					groups[k].dated++
				}
			}
		}
		for _, g := range groups {
			if g.n >= cardMin {
				cs.cards += g.n
				cs.text += g.text
				cs.maxGroup = max(cs.maxGroup, g.n)
				cs.excerpts += g.blurbs
				cs.longIn += g.long
				if 2*g.priced >= min(g.n, 6) {
					cs.priced += g.n
				}
				if 2*g.dated >= min(g.n, 6) {
					cs.dated += g.n
				}
				if 2*g.imaged >= min(g.n, 6) {
					cs.imaged += g.n
				}
				if containsFold(g.class, "product") {
					cs.product += g.n
				}
			}
		}
	}
	return cs
}

// longParasIn counts the paragraphs of 200+ runes outside links in a card.
func longParasIn(card *html.Node) int {
	n := 0
	stack := []*html.Node{card}
	for steps := 0; len(stack) > 0 && steps < 300; steps++ {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type != html.ElementNode {
			continue
		}
		if c.DataAtom == atom.P {
			if t, l := textAndLink(c); t-l >= 200 {
				n++
			}
			continue
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			stack = append(stack, k)
		}
	}
	return n
}

// isCard is a teaser's shape: one to a few links carrying a headline's
// worth of text, and little else.
func isCard(s *nstat) bool {
	return s.links >= 1 && s.links <= 8 && s.link >= 12*s.links/2+6 && s.text <= 1200 && s.paras <= 3
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
		if (a.Key == "class" || a.Key == "id") && (containsFold(a.Val, "menu") || containsFold(a.Val, "nav") || containsFold(a.Val, "footer")) {
			return true
		}
	}
	return false
}

// containsFold reports whether s contains the lower-case ASCII word sub,
// ignoring ASCII case, without allocating.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) && s[i+j]|0x20 == sub[j] {
			j++
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}
