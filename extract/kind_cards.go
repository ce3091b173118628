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
}

// cardMin is the smallest run of siblings that counts as a list of cards.
const cardMin = 3

// findCards needs x.measure to have run on root.
func (x *extractor) findCards(root *html.Node) cardStats {
	var cs cardStats
	type item struct {
		n      *html.Node
		chrome bool
	}
	stack := []item{{root, false}}
	groups := map[string]int{}
	groupText := map[string]int{}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := it.n
		chrome := it.chrome || isNavChrome(n)
		clear(groups)
		clear(groupText)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || ignoredTag(c.DataAtom) {
				continue
			}
			stack = append(stack, item{c, chrome})
			if chrome {
				continue
			}
			if s := x.stats[c]; s != nil && isCard(s) {
				// The first class only: CMSs add per-item classes (post-123).
				cl, _, _ := strings.Cut(strings.TrimSpace(nattr(c, "class")), " ")
				sig := c.Data + "." + cl
				groups[sig]++
				groupText[sig] += s.text
			}
		}
		for sig, k := range groups {
			if k >= cardMin {
				cs.cards += k
				cs.text += groupText[sig]
				cs.maxGroup = max(cs.maxGroup, k)
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
	ci := nclassID(n)
	return ci != "" && (strings.Contains(ci, "menu") || strings.Contains(ci, "nav") || strings.Contains(ci, "footer"))
}
