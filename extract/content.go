package extract

import (
	"net/url"
	"slices"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// body is the extracted content. Owned by the content rules (content*.go).
type body struct {
	Text, Markdown string
	Kind           string
}

// bodyOff, when set (by tests: ARCHIVIST_BODY_OFF, ARCHIVIST_BODY_AUDIT),
// names the body rules the extraction leaves out, to measure what each
// one changes; nil outside tests.
var bodyOff map[string]bool

// bodyRule reports whether the body rule name applies: always, unless a
// test switched it off.
func bodyRule(name string) bool { return bodyOff == nil || !bodyOff[name] }

func (b *body) apply(a *Article) {
	a.Text, a.Markdown, a.Kind = b.Text, b.Markdown, b.Kind
}

// extractBody may modify doc. art holds the metadata read so far (title,
// authors...) so the body can drop a repeated title or byline.
//
// The steps, each a linear pass over the tree (no recursion deeper than
// maxDepth, so pathological nesting stays bounded):
//  1. measure text and link lengths bottom-up;
//  2. prune chrome by tag, role, class/id and hidden markers, never a
//     subtree that holds most of the page's text;
//  3. score containers readability-style and pick the main one (plus
//     siblings that look like more of the same article); a container the
//     CMS marks as the body ("entry-content", itemprop=articleBody) wins
//     when it agrees with the scores;
//  4. serialise its blocks, dropping chrome by text pattern, link-heavy
//     and teaser blocks, the repeated title/byline, bios, the tail after
//     a "Related"/"Comments" marker and duplicate sentences (pull quotes);
//  5. put back the lead (dek) when the page header holds it outside the
//     body container: the page's description meta says which block it is.
func extractBody(doc *goquery.Document, base *url.URL, o *Options, art *Article) *body {
	root := doc.Get(0)
	if root == nil {
		return &body{Kind: KindArticle}
	}
	bodyNode := findBody(root)
	if bodyRule("noscript") {
		revealNoscriptCopy(bodyNode)
	}
	x := newExtractor(base, o, art)
	defer x.release()
	x.measure(bodyNode)
	x.pageText = x.st(bodyNode).text
	hub := x.hubSignals(root, bodyNode)
	x.titles = hub.titles
	hub.cards = x.findCards(bodyNode)
	x.cardPage = 2*hub.cards.text >= x.pageText
	lead := x.findLead(hub.descriptions)
	excerpt := x.headerLead() // before pruning drops the article's <header>
	hubItems := x.hubBlocks(hub.cards.runs, bodyNode)
	x.prune(bodyNode)
	top := x.pickContent(bodyNode)
	if k := x.knownBody(); k != nil && bodyRule("knownbody") && x.preferKnown(k, top) {
		top = []*html.Node{k}
	}
	if t := x.threadOf(top, bodyNode); t != nil && bodyRule("thread") {
		top = []*html.Node{t}
	}
	for _, n := range top {
		c := x.findCards(n)
		hub.contentCards.cards += c.cards
		hub.contentCards.text += c.text
		hub.contentCards.maxGroup = max(hub.contentCards.maxGroup, c.maxGroup)
		hub.contentText += x.st(n).text
	}
	if bodyRule("intro") {
		top = x.withIntro(top, bodyNode)
	}
	blocks := x.serialize(top)
	blocks = x.cleanBlocks(blocks)
	if blocksTextLen(blocks) < 200 && (len(top) != 1 || top[0] != bodyNode) && bodyRule("wholebody") {
		// The chosen container was too small: fall back to the whole body,
		// still block-filtered.
		alt := x.cleanBlocks(x.serialize([]*html.Node{bodyNode}))
		if blocksTextLen(alt) > 2*blocksTextLen(blocks)+200 {
			blocks = alt
			hub.wholeBody = true
		}
	}
	if !bodyRule("lede") {
		lead = nil
	}
	blocks = x.addLead(lead, blocks)
	kindBlocks := blocks
	if len(lead) == 0 && !hub.wholeBody && len(top) > 0 && bodyRule("namedlead") {
		// No lead the description names: one the header's markup
		// names. The page kind is judged without it, as before.
		named := x.namedLead(top[0], bodyNode)
		if named == nil && excerpt != nil && !isAncestor(bodyNode, excerpt) && bodyRule("headerlead") {
			named = excerpt // pruned with the header it sat in
		}
		if named != nil {
			blocks = x.addLead(x.cleanBlocks(x.serialize([]*html.Node{named})), blocks)
		}
	}
	b := renderBlocks(blocks)
	b.Kind = x.decideKind(hub, kindBlocks)
	if b.Kind == KindHub {
		b.listItems(blocks, hubItems.blocks())
	}
	return b
}

// findBody returns the <body> element, or root when there is none.
func findBody(root *html.Node) *html.Node {
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode && n.DataAtom == atom.Body {
			return n
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Head {
			continue
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	return root
}

func nattr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func nhasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// nclassID is the lower-cased class and id of n, for pattern rules.
func nclassID(n *html.Node) string {
	return strings.ToLower(rawClassID(n))
}

// rawClassID is n's class and id, space-separated, as written.
func rawClassID(n *html.Node) string {
	c, id := "", ""
	for _, a := range n.Attr {
		switch a.Key {
		case "class":
			c = a.Val
		case "id":
			id = a.Val
		}
	}
	if c == "" && id == "" {
		return ""
	}
	return c + " " + id
}

// finish normalises the result: word count, nil slices to empty.
func finish(a *Article) {
	a.WordCount = countWords(a.Text)
	a.FillLists()
}

func countWords(s string) int {
	// By byte: the white space is ASCII, and every byte of a multi-byte
	// (or invalid) rune is not, so words start at the same places.
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		sp := c == ' ' || c == '\n' || c == '\t' || c == '\r'
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}

// threadOf returns the parent of the run of posts the picked blocks stand
// in, when they are all in one post of a thread (the scores pick its
// longest): an ancestor a few levels up whose tag and class repeat in
// three or more siblings that each hold prose, as a forum's posts (phpBB's,
// FluxBB's, vBulletin's) do. Blocks picked from several such siblings are
// a page builder's sections, already chosen one by one.
func (x *extractor) threadOf(top []*html.Node, bodyNode *html.Node) *html.Node {
	if len(top) == 0 {
		return nil
	}
	for a, level := top[0], 0; a != nil && a != bodyNode && a.Parent != nil && level < 6; a, level = a.Parent, level+1 {
		if a.Type != html.ElementNode {
			return nil
		}
		cls := nattr(a, "class")
		if cls == "" || slices.ContainsFunc(top, func(n *html.Node) bool { return n != a && !isAncestor(a, n) }) {
			continue
		}
		posts := 0
		for c := a.Parent.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || c.DataAtom != a.DataAtom || nattr(c, "class") != cls {
				continue
			}
			if s := x.st(c); s.text-s.link >= 80 && linkDensity(s) < 0.3 {
				posts++
			}
		}
		if posts >= 3 {
			return a.Parent
		}
	}
	return nil
}
