package extract

import (
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// cardRun is one run of teaser cards findCards counted: the element that
// holds them, and their group (tag, cardClass, size).
type cardRun struct {
	parent *html.Node
	group  cardGroup
}

// hubList is a listing's text: the heading and intro above its items,
// then each item whole (its title, teaser, date or price). The article
// rules drop exactly these (link-heavy teasers), which leaves a hub with
// its intro or nothing, while a listing's content is its list of items.
type hubList struct {
	intro []block
	// items are the cards' blocks as serialised, chrome and all: most
	// pages are not hubs, and blocks() reads the chrome only for one.
	items [][]block
}

// hubBlocks is the listing's intro and items. The items are the runs of
// cards the kind judgement found, of the template that holds the most
// text (a grid's rows are runs of one template). It runs before pruning,
// which drops a card's <header> (its title) with the page's; findCards
// left out the runs in navigation. Empty when there is no run, or its
// cards hold a twentieth of the page's text or less.
func (x *extractor) hubBlocks(runs []cardRun, bodyNode *html.Node) hubList {
	key, text := mainTemplate(runs)
	if text == 0 || 20*text < x.pageText {
		// A row of related links under an article, a footer's grid:
		// not what the page is made of.
		return hubList{}
	}
	items := x.itemsInOrder(runs, key)
	if len(items) == 0 {
		return hubList{}
	}
	l := hubList{intro: x.introBlocks(bodyNode, items[0])}
	for _, it := range items {
		l.items = append(l.items, x.itemBlocks(it))
	}
	return l
}

// blocks is the listing's text, each item a markdown list entry; nil
// when there is none.
func (l hubList) blocks() []block {
	out := l.intro
	for _, item := range l.items {
		kept := item[:0]
		for _, b := range item {
			if !isChromeText(b.text) {
				kept = append(kept, b)
			}
		}
		asListItem(kept)
		out = append(out, kept...)
	}
	return out
}

// runKey names a card template: a tag and its cardClass.
type runKey struct {
	tag         atom.Atom
	data, class string
}

func (r cardRun) key() runKey { return runKey{r.group.tag, r.group.data, r.group.class} }

// mainTemplate is the card template whose runs hold the most text,
// unless runs of another template inside its cards hold nearly all of
// it: a grid's rows are cards of their cells (Drupal's views grid, a
// table of tiles), and the cells are the items.
func mainTemplate(runs []cardRun) (runKey, int) {
	text := map[runKey]int{}
	var best runKey
	for _, r := range runs {
		k := r.key()
		text[k] += r.group.text
		if text[k] > text[best] {
			best = k
		}
	}
	inner := map[runKey]int{}
	for _, r := range runs {
		if p := r.parent; r.key() != best && p.DataAtom == best.tag && p.Data == best.data && cardClass(p) == best.class {
			inner[r.key()] += r.group.text
		}
	}
	top, most := best, text[best]
	for k, t := range inner {
		if 10*t >= 9*text[best] && (top == best || t > most) {
			top, most = k, t
		}
	}
	return top, most
}

// itemsInOrder returns the cards with text of the runs on template key, in
// document order: findCards walks the tree right to left, so its last run
// is the first in the document. A run inside another's card is in that
// card already.
func (x *extractor) itemsInOrder(runs []cardRun, key runKey) []*html.Node {
	var parents, items []*html.Node
	for i := len(runs) - 1; i >= 0; i-- {
		p := runs[i].parent
		if runs[i].key() != key || slices.ContainsFunc(parents, func(q *html.Node) bool { return isAncestor(q, p) }) {
			continue
		}
		parents = append(parents, p)
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == key.tag && c.Data == key.data && cardClass(c) == key.class && x.st(c).text > 0 {
				items = append(items, c)
			}
		}
	}
	return items
}

// introBlocks are the page's heading (the last <h1> before the items: a
// theme's logo may be an earlier one) and the paragraphs of prose between
// it and the first item: the section's name and what it is about. Menus
// and sidebars are not looked into.
func (x *extractor) introBlocks(bodyNode, first *html.Node) []block {
	var intro []*html.Node
	seenH1, done := false, false
	walkElements(bodyNode, func(n *html.Node) bool {
		if done || n == first {
			done = true
			return false
		}
		switch {
		case n != bodyNode && n.DataAtom != atom.Header && x.navChrome(n, x.pageText):
			return false
		case n.DataAtom == atom.H1:
			seenH1 = true
			intro = append(intro[:0], n)
			return false
		case seenH1 && n.DataAtom == atom.P:
			if s := x.st(n); s.text >= 20 && 2*s.link < s.text {
				intro = append(intro, n)
			}
			return false
		}
		return true
	})
	if !seenH1 {
		return nil
	}
	return x.serialize(intro)
}

// itemBlocks serialises a card whole: every element under it is a root,
// so none is skipped as a teaser; hubList.blocks drops its chrome text
// ("Read more", "Add to cart").
func (x *extractor) itemBlocks(item *html.Node) []block {
	s := &serializer{x: x, whole: true}
	s.walk(item, 0)
	s.flush()
	return s.blocks
}

// asListItem makes a card's blocks one entry of a markdown list: its
// first linked block (the title; a badge or the source's name may stand
// above it) the item, the rest (teaser, date, price) indented under it.
func asListItem(bs []block) {
	head := max(slices.IndexFunc(bs, func(b block) bool { return b.link > 0 }), 0)
	if head > 0 {
		h := bs[head]
		copy(bs[1:head+1], bs[:head])
		bs[0] = h
	}
	for i := range bs {
		switch {
		case i == 0:
			bs[i].kind, bs[i].level, bs[i].ordered, bs[i].within = bItem, 1, false, 0
		case bs[i].kind == bItem:
			bs[i].level++
		case bs[i].kind == bHeading:
			bs[i].kind, bs[i].within = bPara, 1
		default:
			bs[i].within = 1
		}
	}
}

// walkElements visits the elements under root (root too) in document
// order; f returns whether to descend.
func walkElements(root *html.Node, f func(n *html.Node) bool) {
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type != html.ElementNode || !f(n) {
			continue
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
}

// listItems makes b, a hub's body from the article rules' blocks, its
// list of items, unless those blocks hold most of the items already (a
// page of prose around a table or list the rules kept: the better text).
// The article blocks the items lack are kept: an intro the items' heading
// did not lead to, before them; a shop category's buying guide below its
// grid, after them (before or after the first article block the items
// hold).
func (b *body) listItems(article, items []block) {
	if items == nil || holdsItems(b.Text, items) {
		return
	}
	var all strings.Builder
	for _, it := range items {
		all.WriteString(it.text)
		all.WriteByte('\n')
	}
	have := all.String()
	var before, after []block
	anchored := false
	for _, a := range article {
		switch {
		case strings.Contains(have, a.text):
			anchored = true
		case anchored:
			after = append(after, a)
		default:
			before = append(before, a)
		}
	}
	if !anchored {
		before, after = nil, before
	}
	// Cards drawn twice (a carousel's clones, a hover overlay) say
	// their text twice.
	hb := renderBlocks(dedupe(slices.Concat(before, items, after)))
	b.Text, b.Markdown = hb.Text, hb.Markdown
}

// holdsItems reports whether text, the article rules' text, has most of
// the hub's blocks already, the items' titles among them: a page of prose
// around a table or list the rules kept. It is the better text then. The
// teasers alone are no list (a view's excerpts kept without the titles
// that link them).
func holdsItems(text string, items []block) bool {
	held, heads, headsHeld := 0, 0, 0
	for _, b := range items {
		in := strings.Contains(text, b.text)
		if in {
			held++
		}
		if b.kind == bItem && b.level == 1 {
			heads++
			if in {
				headsHeld++
			}
		}
	}
	return 2*held >= len(items) && 2*headsHeld >= heads
}
