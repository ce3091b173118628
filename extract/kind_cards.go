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
		tag                                    atom.Atom
		data                                   string
		class                                  string
		n, text, priced, blurbs, dated, imaged int
		looked                                 int // cards searched for marks
	}
	type member struct {
		n *html.Node
		k int // its group
	}
	var groups []group
	var members []member
	stack := []item{{root, false}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := it.n
		chrome := it.chrome || isNavChrome(n)
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
			}
			members = append(members, member{c, k})
		}
		// Prices, dates and images are looked for in the first cards of a
		// run only: tiles of one grid look alike.
		for _, m := range members {
			g := &groups[m.k]
			if g.n < cardMin || g.looked >= 6 {
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
		}
		for _, g := range groups {
			if g.n >= cardMin {
				cs.cards += g.n
				cs.text += g.text
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
				if containsFold(g.class, "product") {
					cs.product += g.n
				}
			}
		}
	}
	return cs
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
