package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// revealNoscriptCopy puts in place of a <noscript> the markup it holds
// when that markup says more than the rest of the page: a JavaScript app
// (a Discourse forum's thread) ships the page for readers without scripts
// there, and parsed with scripting on, as browsers do, the noscript's
// markup is raw text that no rule reads. A tracking pixel or a "please
// enable JavaScript" notice beside a page of text stays hidden.
func revealNoscriptCopy(body *html.Node) {
	var copies []*html.Node
	walkBounded(body, 1<<20, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Noscript && n.FirstChild != nil &&
			n.FirstChild.Type == html.TextNode && len(n.FirstChild.Data) >= minNoscriptCopy &&
			strings.Contains(n.FirstChild.Data, "<p") {
			copies = append(copies, n)
		}
		return true
	})
	if len(copies) == 0 {
		return
	}
	shown := visibleTextLen(body)
	for _, ns := range copies {
		box := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
		nodes, err := html.ParseFragment(strings.NewReader(ns.FirstChild.Data), box)
		if err != nil {
			continue
		}
		for _, c := range nodes {
			box.AppendChild(c)
		}
		if visibleTextLen(box) <= max(shown, minNoscriptCopy) {
			continue
		}
		ns.Parent.InsertBefore(box, ns)
		ns.Parent.RemoveChild(ns)
	}
}

// minNoscriptCopy is the least text, in bytes, a noscript's markup must
// hold to be a copy of the page.
const minNoscriptCopy = 500

// visibleTextLen counts the bytes of n's text a reader sees.
func visibleTextLen(n *html.Node) int {
	if n.Type == html.TextNode {
		return len(strings.TrimSpace(n.Data))
	}
	size := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || !ignoredTag(c.DataAtom) {
			size += visibleTextLen(c)
		}
	}
	return size
}
