package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A grid of teaser cards beside or below the article (related posts,
// "recommended", "latest", each a headline, maybe an image, a date and a
// blurb) is the site's recirculation, not the article. The blurbs are
// paragraphs, and the links are often empty (an overlay or image link
// beside a plain headline), so by paragraphs and link density the grid
// reads as more of the article: the rules that add content beside the
// winner (a sibling, the next block, a wider ancestor) ask teaserGrid
// first.

// teaserGrid reports whether most of n's text sits in runs of teaser
// cards, as findCards sees them (a headline link, or an image or overlay
// link beside a plain headline, in three or more like siblings).
func (x *extractor) teaserGrid(n *html.Node) bool {
	c := x.findCards(n)
	return c.cards >= cardMin && 2*c.text >= x.st(n).text
}

// teaserRun returns the number of cards when n's text is nearly all one
// run of teaser cards among its children (four fifths of it), 0 when not.
func (x *extractor) teaserRun(n *html.Node) int {
	s := x.stats[n]
	if s == nil || s.text == 0 || s.hrefs < cardMin || n.DataAtom == atom.Ol {
		// A numbered list is a sequence the article sets out (its
		// modules, its recommendations), not a row of teasers.
		return 0
	}
	// By the measured stats first (no walk): enough children of a
	// card's size, holding most of the text.
	shaped, text := 0, 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && cardSized(x.stats[c]) {
			shaped++
			text += x.stats[c].text
		}
	}
	if shaped < cardMin || 5*text < 4*s.text {
		return 0
	}
	type group struct {
		tag   atom.Atom
		class string
		cards int
		text  int
		// targets are the cards' link targets: a run links each card to
		// a page of its own.
		targets map[string]bool
	}
	var groups []group
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || ignoredTag(c.DataAtom) {
			continue
		}
		target, ok := x.teaserCard(c)
		if !ok {
			continue
		}
		cl := cardClass(c)
		k := 0
		for k < len(groups) && (groups[k].tag != c.DataAtom || groups[k].class != cl) {
			k++
		}
		if k == len(groups) {
			groups = append(groups, group{tag: c.DataAtom, class: cl, targets: map[string]bool{}})
		}
		groups[k].cards++
		groups[k].text += x.stats[c].text
		groups[k].targets[target] = true
	}
	for _, g := range groups {
		if g.cards >= cardMin && len(g.targets) >= cardMin && 5*g.text >= 4*s.text && !x.underPage(g.targets) {
			return g.cards
		}
	}
	return 0
}

// teaserCard reports whether c is a teaser card, and the page it links to:
// a short block (a headline, maybe a blurb of 300 runes and a date) whose
// links all go to one page of this site, and whose first text is that
// link or a heading, or comes after an image or overlay link to it.
func (x *extractor) teaserCard(c *html.Node) (target string, ok bool) {
	s := x.stats[c]
	if !cardSized(s) {
		return "", false
	}
	led := false    // the first text is a link's or a heading's
	seen := false   // a text was met
	linked := false // a link was met before the first text
	bad := false
	walkElements(c, func(e *html.Node) bool {
		if bad || ignoredTag(e.DataAtom) {
			return false
		}
		switch e.DataAtom {
		case atom.A:
			href := nattr(e, "href")
			if href == "" {
				return true
			}
			if strings.HasPrefix(href, "#") {
				bad = true // an in-page link: a table of contents
				return false
			}
			t := x.resolve(href)
			if t == "" {
				return true // a script's link: no page
			}
			if target == "" {
				target = t
			} else if t != target {
				bad = true // links to two pages: not one teaser
				return false
			}
			if !seen {
				linked = true
				if es := x.stats[e]; es != nil && es.text > 0 {
					seen, led = true, true
				}
			}
			return false
		case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			if !seen {
				if es := x.stats[e]; es != nil && es.text > 0 {
					seen, led = true, linked || hasDescendant(e, atom.A)
				}
			}
		}
		if !seen && hasOwnText(e) {
			seen, led = true, linked
		}
		return true
	})
	if !led && hasLinkedHeading(c) {
		led = true // a kicker or a category label above a linked headline
	}
	if bad || !led || target == "" {
		return "", false
	}
	if x.otherSite(target) != "" {
		return "", false
	}
	// More than a bare link: a list of links is the article's as often.
	if s.text-s.link < 40 && !hasTileMark(c) {
		return "", false
	}
	return target, true
}

// cardSized reports a teaser's size by its stats: one to four links, a
// headline's worth of text and a blurb of at most 300 runes outside them.
func cardSized(s *nstat) bool {
	return s != nil && s.hrefs >= 1 && s.hrefs <= 4 && s.text >= 10 && s.text <= 500 && s.paras <= 2 && s.text-s.link <= 300
}

// hasOwnText reports whether a text child of e holds visible runes.
func hasOwnText(e *html.Node) bool {
	for c := e.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			if t, _ := visibleRunes(c.Data); t > 0 {
				return true
			}
		}
	}
	return false
}

// underPage reports whether most targets are pages under this page's path
// ("/get-started/" linking to "/get-started/install/"): the page's own
// table of contents with summaries, not recirculation.
func (x *extractor) underPage(targets map[string]bool) bool {
	if x.base == nil {
		return false
	}
	dir := x.base.Path
	if !strings.HasSuffix(dir, "/") {
		dir += "/"
	}
	if dir == "/" {
		return false
	}
	under := 0
	for t := range targets {
		u, err := x.base.Parse(t)
		if err == nil && u.Host == x.base.Host && strings.HasPrefix(u.Path, dir) && len(u.Path) > len(dir) {
			under++
		}
	}
	return 2*under >= len(targets)
}
