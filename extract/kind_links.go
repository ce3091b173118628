package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// linkListStats describes the page's lists of links outside navigation:
// links that are all, or nearly all, of a list item, a table cell, a
// definition term or a paragraph made of links. An index of publications,
// a plain HTML sitemap or an A–Z list of reports is nothing else; an
// article's reading list sits beside its prose.
type linkListStats struct {
	targets  int // distinct same-site pages those links point to
	linkText int // visible runes inside those links
	mainText int // visible runes of the body outside navigation
	// proseMax is the longest run of unlinked text directly in one block
	// outside navigation (a paragraph, an item, a cell, a definition): a
	// sentence or two of prose, a listicle's entry, a glossary's
	// definition.
	proseMax int
	// proseBlocks counts such blocks with a sentence's worth (60 runes)
	// of their own: a short news story is two or three of them, a list's
	// introduction one.
	proseBlocks int
}

// proseBlockMin is a sentence's worth of running text, in visible runes.
const proseBlockMin = 60

// linkItemAtoms hold one entry of a list of links.
var linkItemAtoms = map[atom.Atom]bool{atom.Li: true, atom.Td: true, atom.Th: true, atom.Dt: true, atom.Dd: true, atom.P: true}

// proseAtoms are the blocks whose own unlinked text is measured for prose.
var proseAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Li: true, atom.Td: true, atom.Th: true, atom.Dt: true, atom.Dd: true,
	atom.Div: true, atom.Blockquote: true, atom.Section: true, atom.Article: true, atom.Span: true,
}

// linkListWalk gathers linkListStats during hubSignals' walk of the page,
// which knows what is navigation.
type linkListWalk struct {
	linkListStats
	chromeText int
	targets    map[string]bool
	entries    map[*html.Node]bool // item → it is an entry of a list of links
}

// linkListChrome counts the text of n, the outermost element of a
// navigation block: it is not the page's main text.
func (x *extractor) linkListChrome(w *linkListWalk, n *html.Node) {
	if s := x.stats[n]; s != nil {
		w.chromeText += s.text
	}
}

// linkListVisit looks at n, an element outside navigation: its own prose,
// and, for a link, whether it is an entry of a list of links. x.measure
// must have run.
func (x *extractor) linkListVisit(w *linkListWalk, n *html.Node) {
	if proseAtoms[n.DataAtom] {
		own := x.ownUnlinked(n)
		w.proseMax = max(w.proseMax, own)
		if own >= proseBlockMin {
			w.proseBlocks++
		}
	}
	if n.DataAtom != atom.A {
		return
	}
	// The entry first: resolving every link of a page allocates.
	it := linkItem(n)
	if it == nil {
		return
	}
	if w.entries == nil {
		w.entries, w.targets = map[*html.Node]bool{}, map[string]bool{}
	}
	if !x.isLinkEntry(it, w.entries) {
		return
	}
	if key := x.sameSiteTarget(nattr(n, "href")); key != "" {
		if s := x.stats[n]; s != nil {
			w.linkText += s.text
		}
		w.targets[key] = true
	}
}

// done returns the stats; pageText is the visible text of the <body>.
func (w *linkListWalk) done(pageText int) linkListStats {
	ls := w.linkListStats
	ls.targets = len(w.targets)
	ls.mainText = max(0, pageText-w.chromeText)
	return ls
}

// linkItem is the nearest list item, cell, term or paragraph holding a,
// within a few levels (a <li> wraps its link in a <span> or <h3> at most).
func linkItem(a *html.Node) *html.Node {
	p := a.Parent
	for range 4 {
		if p == nil || p.Type != html.ElementNode {
			return nil
		}
		if linkItemAtoms[p.DataAtom] {
			return p
		}
		p = p.Parent
	}
	return nil
}

// isLinkEntry reports whether item is an entry of a list of links: its
// text is mostly link text with at most a short note beside it (a date, a
// format, a page count), and a paragraph holds several links (one link in
// a paragraph is prose). Verdicts are kept in seen.
func (x *extractor) isLinkEntry(item *html.Node, seen map[*html.Node]bool) bool {
	if v, ok := seen[item]; ok {
		return v
	}
	s := x.stats[item]
	v := s != nil && s.text > 0 && 2*s.link >= s.text && s.text-s.link <= 120 &&
		(item.DataAtom != atom.P || s.links >= 3)
	seen[item] = v
	return v
}

// ownUnlinked counts the visible runes directly in n and in its inline
// children, outside links: the block's own running text.
func (x *extractor) ownUnlinked(n *html.Node) int {
	t := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			r, _ := visibleRunes(c.Data)
			t += r
		case html.ElementNode:
			if c.DataAtom == atom.A || isBlockTag(c.DataAtom) || ignoredTag(c.DataAtom) {
				continue
			}
			if s := x.stats[c]; s != nil {
				t += s.text - s.link
			}
		}
	}
	return t
}

// sameSiteTarget is the page a link points to on the page's own site
// (host without "www.", path and query), or "" for another site, a
// fragment of this page, or a link that is not to a web page.
func (x *extractor) sameSiteTarget(href string) string {
	if strings.HasPrefix(strings.TrimSpace(href), "#") {
		return ""
	}
	u := resolveRef(x.base, href)
	if u == nil {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	if x.base != nil && host != strings.TrimPrefix(strings.ToLower(x.base.Hostname()), "www.") {
		return ""
	}
	if x.base != nil && u.Path == x.base.Path && u.RawQuery == x.base.RawQuery {
		return "" // the page itself
	}
	return host + u.EscapedPath() + "?" + u.RawQuery
}
