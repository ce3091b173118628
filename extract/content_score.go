package extract

import (
	"net/url"
	"slices"
	"strings"
	"sync"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxDepth caps recursion in the serialiser; deeper subtrees are flattened
// to text so 100k nested divs cost linear time and bounded stack.
const maxDepth = 400

// nstat is what the bottom-up pass knows about one element.
type nstat struct {
	text   int // visible non-space runes
	link   int // of which inside <a>
	commas int
	paras  int // <p> (and text-only <div>) descendants with real text
	links  int // <a> elements with text
	hrefs  int // <a href> elements, with text or not (image and overlay links)
	own    int // runes in direct text and inline children (not blocks)
	ownCm  int // commas among them
	ownBr  int // <br> among the direct children: paragraph breaks in disguise
	score  float64
	cand   bool
}

type extractor struct {
	base  *url.URL
	opts  *Options
	art   *Article
	stats map[*html.Node]*nstat
	order []*html.Node // scratch for walks
	// titles are the page's <title>/og:title, read before pruning.
	titles []string
	// pageText is the visible text of the intact <body>, for the page-kind
	// signals.
	pageText int
	// fragments are the ids in-page links point to ("#fn1"), built at
	// first use.
	fragments map[string]bool
	// titleNum is the count in a listicle's title: 0 not read yet, -1
	// none.
	titleNum int
	// cardPage: teaser cards hold half the page's text or more (a
	// listing's tiles): there the cards are the content.
	cardPage bool
	// scratch holds stats and order, back to measurePool on release.
	scratch *measureScratch
}

// measureScratch is what measuring a page allocates, kept for the next
// page: the stats map and slab were a tenth of an extraction's
// allocation, all garbage once the body is out.
type measureScratch struct {
	stats map[*html.Node]*nstat
	slab  []nstat
	order []*html.Node
}

var measurePool = sync.Pool{New: func() any {
	return &measureScratch{stats: map[*html.Node]*nstat{}}
}}

// release hands the stats back to measurePool: x is done with them.
func (x *extractor) release() {
	sc := x.scratch
	if sc == nil {
		return
	}
	clear(sc.stats)
	clear(x.order[:cap(x.order)]) // no hold on the page's tree
	sc.order = x.order[:0]
	x.stats, x.order, x.scratch = nil, nil, nil
	measurePool.Put(sc)
}

func newExtractor(base *url.URL, o *Options, art *Article) *extractor {
	if o == nil {
		o = &Options{}
	}
	return &extractor{base: base, opts: o, art: art}
}

func (x *extractor) st(n *html.Node) *nstat {
	if s := x.stats[n]; s != nil {
		return s
	}
	return &nstat{}
}

// ignoredTag is content never shown as text.
func ignoredTag(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Iframe,
		atom.Object, atom.Embed, atom.Canvas, atom.Button, atom.Select, atom.Input,
		atom.Textarea, atom.Option, atom.Link, atom.Meta, atom.Dialog, atom.Head,
		atom.Audio, atom.Video, atom.Map, atom.Math, atom.Rt, atom.Rp:
		return true
	}
	return false
}

// preorder lists the element nodes under root in document order,
// skipping ignored subtrees, without recursion.
func (x *extractor) preorder(root *html.Node) []*html.Node {
	out := x.order[:0]
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode && ignoredTag(n.DataAtom) && n != root {
			continue
		}
		if n.Type != html.ElementNode && n.Type != html.DocumentNode {
			continue // text is read from its parent
		}
		out = append(out, n)
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	x.order = out
	return out
}

// visibleRunes counts non-space runes in s, and the commas among them:
// every byte but ASCII white space and UTF-8 continuation bytes starts a
// visible rune.
func visibleRunes(s string) (n, commas int) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		n += int(visibleByte[c])
		if commaByte[c] {
			// ',', and the Arabic comma U+060C (D8 8C) and fullwidth
			// forms U+FFxx (EF BC ..).
			if c == ',' || i+1 < len(s) && (c == 0xD8 && s[i+1] == 0x8C || c == 0xEF && s[i+1] == 0xBC) {
				commas++
			}
		}
	}
	return n, commas
}

// visibleByte is 1 for a byte that starts a visible rune; commaByte marks
// the bytes that may start a comma.
var visibleByte, commaByte = func() (v [256]uint8, c [256]bool) {
	for b := range 256 {
		switch {
		case b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f':
		case b < 0x80 || b >= 0xC0:
			v[b] = 1
		}
	}
	c[','], c[0xD8], c[0xEF] = true, true, true
	return v, c
}()

// measure computes nstat for every element under root, bottom-up.
func (x *extractor) measure(root *html.Node) {
	if x.scratch == nil {
		x.scratch = measurePool.Get().(*measureScratch)
		x.order = x.scratch.order
	}
	sc := x.scratch
	nodes := x.preorder(root)
	clear(sc.stats)
	x.stats = sc.stats
	if cap(sc.slab) < len(nodes) {
		sc.slab = make([]nstat, len(nodes)) // one allocation for all the stats
	}
	slab := sc.slab[:len(nodes)]
	clear(slab)
	for i := len(nodes) - 1; i >= 0; i-- {
		n := nodes[i]
		s := &slab[i]
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				t, cm := visibleRunes(c.Data)
				s.text += t
				s.commas += cm
				s.own += t
				s.ownCm += cm
			case html.ElementNode:
				if cs := x.stats[c]; cs != nil {
					s.text += cs.text
					s.link += cs.link
					s.commas += cs.commas
					s.paras += cs.paras
					s.links += cs.links
					s.hrefs += cs.hrefs
					if c.DataAtom == atom.Br {
						s.ownBr++
					} else if !isBlockTag(c.DataAtom) {
						s.own += cs.own
						s.ownCm += cs.ownCm
					}
				}
			}
		}
		if n.DataAtom == atom.A {
			s.link = s.text
			if s.text > 0 {
				s.links = 1
			}
			if nhasAttr(n, "href") {
				s.hrefs = 1
			}
		}
		if n.DataAtom == atom.P && s.text >= 25 {
			s.paras++
		}
		x.stats[n] = s
	}
}

func linkDensity(s *nstat) float64 {
	if s.text == 0 {
		return 0
	}
	return float64(s.link) / float64(s.text)
}

// classWeight is readability's class/id prior.
func classWeight(n *html.Node) float64 {
	ci := nclassID(n)
	w := 0.0
	if ci != "" {
		if negativeWeightSet().any(ci) {
			w -= 25
		}
		if positiveWeightSet().any(ci) {
			w += 25
		}
	}
	if nattr(n, "itemprop") == "articleBody" {
		w += 30
	}
	return w
}

var negativeWeight = []string{"-ad-", "banner", "combx", "comment", "com-", "contact",
	"foot", "gdpr", "masthead", "media", "meta", "outbrain", "promo", "related",
	"scroll", "share", "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping",
	"tags", "tool", "widget", "teaser", "recirc", "newsletter", "social", "byline", "author"}

var positiveWeight = []string{"article", "post-body", "entry-body", "story-body", "body-text", "bodytext", "content", "entry", "hentry", "h-entry",
	"main", "post", "text", "blog", "story", "prose", "rich-text", "richtext"}

// The word lists as phrase sets: each is checked in one pass over a class
// and id, for every candidate node.
var (
	negativeWeightSet = lazyPhraseSet(negativeWeight...)
	positiveWeightSet = lazyPhraseSet(positiveWeight...)
)

// paragraphLike reports whether n's own text should vote for its ancestors.
func paragraphLike(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Pre, atom.Td, atom.Blockquote, atom.Div, atom.Section, atom.Dd,
		atom.Center, atom.Article, atom.Main, atom.Font:
		return true
	}
	return false
}

func isBlockTag(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Details, atom.Dialog,
		atom.Dd, atom.Div, atom.Dl, atom.Dt, atom.Fieldset, atom.Figcaption, atom.Figure,
		atom.Footer, atom.Form, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Header, atom.Hgroup, atom.Hr, atom.Li, atom.Main, atom.Nav, atom.Ol, atom.P,
		atom.Pre, atom.Section, atom.Table, atom.Ul, atom.Tr, atom.Td, atom.Th, atom.Tbody,
		atom.Thead, atom.Tfoot, atom.Caption, atom.Summary, atom.Center:
		return true
	}
	return false
}

func tagBase(n *html.Node) float64 {
	switch n.DataAtom {
	case atom.Div, atom.Article, atom.Main, atom.Section:
		return 5
	case atom.Pre, atom.Td, atom.Blockquote:
		return 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		return -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		return -5
	}
	return 0
}

// pickContent scores containers and returns the main content nodes in
// document order: the best container and any siblings that look like more
// of the same article.
func (x *extractor) pickContent(bodyNode *html.Node) []*html.Node {
	nodes := x.order
	var cands []*html.Node
	initCand := func(n *html.Node) *nstat {
		s := x.stats[n]
		if s == nil {
			return nil
		}
		if !s.cand {
			s.cand = true
			s.score = tagBase(n) + classWeight(n)
			cands = append(cands, n)
		}
		return s
	}
	for _, n := range nodes {
		if n.Type != html.ElementNode || !paragraphLike(n) {
			continue
		}
		s := x.stats[n]
		if s == nil || s.own < 25 {
			continue
		}
		// Text split by <br><br> counts as that many paragraphs.
		chunks := float64(1 + min(s.ownBr/2, 20))
		commas := float64(s.ownCm)
		if n.DataAtom == atom.Pre {
			// A code listing's commas separate arguments more than
			// clauses: a few count, not hundreds (a long listing
			// outscored the reference page around it).
			commas = min(commas, 10)
		}
		score := chunks + commas + min(float64(s.own)/100, 3*chunks)
		level := 0
		first := n.Parent
		switch n.DataAtom {
		case atom.P, atom.Pre, atom.Td:
		default:
			// Text straight in a container: readability would wrap it in a
			// <p>, making the container itself the first to gain.
			first = n
		}
		for a := first; a != nil && level < 5; a = a.Parent {
			if a.Type != html.ElementNode {
				break
			}
			as := initCand(a)
			if as == nil {
				break
			}
			div := 1.0
			switch level {
			case 0:
			case 1:
				div = 2
			default:
				div = float64(level) * 3
			}
			as.score += score / div
			level++
			if a == bodyNode {
				break
			}
		}
	}
	var top *html.Node
	var topScore float64
	for _, c := range cands {
		s := x.stats[c]
		s.score *= 1 - linkDensity(s)
		if top == nil || s.score > topScore {
			top, topScore = c, s.score
		}
	}
	if top == nil {
		return []*html.Node{bodyNode}
	}
	// Several strong candidates under one ancestor: the article is split in
	// blocks (e.g. paragraphs between ads); take the common ancestor.
	var strong []*html.Node
	// A block whose score is mostly its class name's ("post-date", a
	// line of text) is no evidence either: it needs prose of its own,
	// 200 runes or half of top's.
	minProse := min(200, (x.stats[top].text-x.stats[top].link)/2)
	for _, c := range cands {
		// Ancestors and descendants of top are the same content, not
		// evidence of a split article.
		if cs := x.stats[c]; c != top && cs.score >= topScore*0.75 && !isAncestor(top, c) && cs.text-cs.link >= minProse {
			strong = append(strong, c)
		}
	}
	if len(strong) >= 2 && topScore > 5 && bodyRule("splitarticle") {
		for a := top.Parent; a != nil && a != bodyNode.Parent; a = a.Parent {
			n := 0
			for _, c := range strong {
				if isAncestor(a, c) {
					n++
				}
			}
			if n >= 2 {
				top = a
				break
			}
		}
	}
	// Climb while the parent is just a wrapper around the candidate.
	for top != bodyNode && top.Parent != nil && top.Parent.Type == html.ElementNode {
		ps := x.stats[top.Parent]
		ts := x.stats[top]
		if ps == nil || ts == nil {
			break
		}
		if ps.text <= ts.text+ts.text/20 && top.Parent != bodyNode {
			top = top.Parent
			continue
		}
		break
	}
	if bodyRule("widen") {
		top = x.widen(top, bodyNode)
	}
	if top == bodyNode || top.Parent == nil {
		return []*html.Node{top}
	}
	ts := x.stats[top]
	threshold := max(10, ts.score*0.2)
	topClass := nattr(top, "class")
	var out []*html.Node
	afterTop := false
	for sib := top.Parent.FirstChild; sib != nil; sib = sib.NextSibling {
		if sib == top {
			out = append(out, sib)
			afterTop = true
			continue
		}
		if sib.Type != html.ElementNode {
			continue
		}
		ss := x.stats[sib]
		if ss == nil || ss.text == 0 {
			continue
		}
		// A grid of teaser cards (related posts, each a headline and a
		// blurb) scores as paragraphs too: never more of the article.
		// Judged once a rule would take the sibling.
		grid := -1
		teasers := func() bool {
			if grid < 0 {
				grid = 0
				if bodyRule("teasergrid") && x.teaserGrid(sib) {
					grid = 1
				}
			}
			return grid == 1
		}
		bonus := 0.0
		if topClass != "" && sameClasses(topClass, nattr(sib, "class")) {
			bonus = ts.score * 0.2
		}
		ld := linkDensity(ss)
		if ss.cand && ld >= 0.25 && ss.score+bonus >= threshold {
			// Links within the page (a table of contents, "back to
			// the top") lead nowhere else.
			ld = float64(ss.link-x.inPageLinkText(sib)) / float64(ss.text)
		}
		if ss.cand && ss.score+bonus >= threshold && (ld < 0.25 || bonus > 0 && ss.paras >= 3 && ld < 0.4) && (ss.paras >= 2 || bonus > 0) && !teasers() {
			out = append(out, sib)
			continue
		}
		// The article split over sibling sections of one kind (same tag
		// and leading class), each a heading and its paragraphs: scores
		// sit on the paragraphs' parents deep inside, so judge the shape.
		// A section after the body may hold plain lists or a table and
		// no paragraph (a comparison grid of pros and cons); before it,
		// such boxes are as often product cards.
		if bodyRule("samesection") && sameSection(top, sib) && (ss.paras >= 1 || afterTop && ss.text-ss.link >= 300 && linkDensity(ss) < 0.1 && holdsListOrTable(sib)) && linkDensity(ss) < 0.3 && !x.cardList(sib) {
			out = append(out, sib)
			continue
		}
		// The article going on in the next block, its paragraphs in
		// wrappers of their own so its score sits deep inside: plain
		// prose right after a block kept.
		if bodyRule("nextprose") && len(out) > 0 && out[len(out)-1] == prevElement(sib) && !inLandmark(sib) && ss.paras >= 2 && ss.text-ss.link >= 300 && linkDensity(ss) < 0.1 && !x.repeatsKept(sib, out) && !teasers() {
			out = append(out, sib)
			continue
		}
		if bodyRule("samekind") && ss.link == 0 && ss.hrefs == 0 && ss.text >= 150 && !inLandmark(sib) && shareClass(top, sib) {
			// A block of the same kind that links nowhere (a recipe's
			// ingredients and tips beside its steps): plain text of the
			// article, lists or not.
			out = append(out, sib)
			continue
		}
		if bodyRule("heroprose") && !afterTop && sib.DataAtom != atom.P && ss.text >= 200 && ss.link == 0 && !inLandmark(sib) && onlyParagraph(sib) {
			// A paragraph in a wrapper of its own before the body (an
			// intro in a "hero" box) is plain prose, as a bare <p>
			// would be. (After the body, such a box is as often a
			// disclaimer or a notice.)
			out = append(out, sib)
			continue
		}
		if sib.DataAtom == atom.P {
			ld := linkDensity(ss)
			if ss.text > 80 && ld < 0.25 {
				out = append(out, sib)
			} else if ss.text < 80 && ld == 0 && sentenceEnd(sib) {
				out = append(out, sib)
			}
		}
	}
	if bodyRule("headings") {
		out = x.withHeadings(out)
	}
	if bodyRule("parentkin") {
		out = x.withParentKin(top, bodyNode, out)
	}
	if bodyRule("fillgaps") {
		out = x.fillGaps(out)
	}
	return out
}

// withHeadings adds the blocks right before a kept one that hold only its
// heading: a page builder (Elementor, Divi) gives each heading a section
// of its own, six wrappers deep, with no paragraph to score, so the
// sibling rules kept the sections' text and lost their titles.
func (x *extractor) withHeadings(out []*html.Node) []*html.Node {
	kept := make(map[*html.Node]bool, len(out))
	for _, n := range out {
		kept[n] = true
	}
	var all []*html.Node
	for _, n := range out {
		var heads []*html.Node
		for p := x.prevWithText(n); p != nil && !kept[p] && headingWrapped(p, 8) != nil; p = x.prevWithText(p) {
			heads = append(heads, p)
			kept[p] = true
		}
		slices.Reverse(heads)
		all = append(append(all, heads...), n)
	}
	return all
}

// prevWithText returns the element before n among its siblings that holds
// text (not a spacer or an image), or nil.
func (x *extractor) prevWithText(n *html.Node) *html.Node {
	for p := prevElement(n); p != nil; p = prevElement(p) {
		if x.st(p).text > 0 {
			return p
		}
	}
	return nil
}

// withParentKin adds the blocks beside top's wrapper that share its class
// and link nowhere (or are a list or table with a few words linked), when
// top holds most of that wrapper's text: the same plain parts of the
// article (a recipe's ingredients beside the block of its steps) one
// level up from where the sibling rules look. And the blocks beside top,
// or beside its wrapper, that hold sections of the tag and class of the
// section top is or wraps: a reference page's intro section in the
// header's wrapper, its other sections in the body's.
func (x *extractor) withParentKin(top, bodyNode *html.Node, out []*html.Node) []*html.Node {
	core := top
	for range 2 {
		if c := x.mainChild(core); c != nil {
			core = c
		}
	}
	kept := make(map[*html.Node]bool, len(out))
	for _, n := range out {
		kept[n] = true
	}
	var before, after []*html.Node
	visit := func(w *html.Node, plainToo bool) {
		seen := false
		for sib := w.Parent.FirstChild; sib != nil; sib = sib.NextSibling {
			if sib == w {
				seen = true
				continue
			}
			if sib.Type != html.ElementNode || kept[sib] {
				continue
			}
			ss := x.stats[sib]
			if ss == nil || inLandmark(sib) {
				continue
			}
			plain := plainToo && (ss.link == 0 && ss.hrefs == 0 && ss.text >= 150 || x.glossedList(sib)) && shareClass(w, sib)
			if !plain && !(ss.text-ss.link >= 300 && linkDensity(ss) < 0.4 && x.holdsSectionsLike(sib, core) && !x.cardList(sib)) {
				continue
			}
			kept[sib] = true
			if seen {
				after = append(after, sib)
			} else {
				before = append(before, sib)
			}
		}
	}
	if top.Parent != nil && top != bodyNode {
		visit(top, false)
	}
	p := top.Parent
	if p != nil && p != bodyNode && p.Parent != nil && p.DataAtom != atom.Body {
		if ps, ts := x.stats[p], x.stats[top]; ps != nil && ts != nil && ts.text*3 >= ps.text*2 {
			visit(p, true)
		}
	}
	if len(before) == 0 && len(after) == 0 {
		return out
	}
	return append(append(before, out...), after...)
}

// glossedList reports whether n is a list or table of plain text with a
// few of its words linked (a recipe's ingredients, each linking to the
// site's glossary): 150 runes of its own, a link for every third rune
// at most.
func (x *extractor) glossedList(n *html.Node) bool {
	s := x.st(n)
	return s.text-s.link >= 150 && s.link*3 < s.text && classWeight(n) >= 0 && holdsListOrTable(n) && !x.cardList(n)
}

// mainChild returns the element child of n holding two thirds of its
// text or more, nil if none does.
func (x *extractor) mainChild(n *html.Node) *html.Node {
	ns := x.stats[n]
	if ns == nil {
		return nil
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if cs := x.stats[c]; c.Type == html.ElementNode && cs != nil && cs.text*3 >= ns.text*2 {
			return c
		}
	}
	return nil
}

// holdsSectionsLike reports whether most of n's element children are
// sections of top's tag and class (one at least).
func (x *extractor) holdsSectionsLike(n, top *html.Node) bool {
	class := nattr(top, "class")
	if class == "" && top.DataAtom != atom.Section {
		return false
	}
	like, other := 0, 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.DataAtom == top.DataAtom && nattr(c, "class") == class {
			like++
		} else {
			other++
		}
	}
	return like >= 1 && like >= other
}

// fillGaps adds the block that sits alone between two kept siblings and
// holds a list or a table of plain text: the article's own parts in a
// shape the sibling rules, which count paragraphs, do not know (a row of
// pros and cons between two reviews, a table of costs between two
// sections). Chrome there carries links, buttons or a chrome class; a
// lone sentence there is as often a notice ("reviewed by doctors").
func (x *extractor) fillGaps(out []*html.Node) []*html.Node {
	if len(out) < 2 {
		return out
	}
	kept := make(map[*html.Node]bool, len(out))
	for _, n := range out {
		kept[n] = true
	}
	var added bool
	for i := 0; i+1 < len(out); i++ {
		a, b := out[i], out[i+1]
		if a.Parent != b.Parent {
			continue
		}
		// Only a gap of one block (blank or empty ones aside).
		var gap *html.Node
		for c := a.NextSibling; c != nil && c != b; c = c.NextSibling {
			if c.Type != html.ElementNode || x.st(c).text == 0 {
				continue
			}
			if gap != nil {
				gap = nil
				break
			}
			gap = c
		}
		if gap == nil || kept[gap] {
			continue
		}
		gs := x.st(gap)
		if gs.text > max(x.st(a).text, x.st(b).text) {
			continue // the bulk of the page (a report's contents), not a part between two
		}
		if gs.link == 0 && gs.hrefs == 0 && gs.text >= 40 && classWeight(gap) >= 0 && !hasDescendant(gap, atom.Button) && holdsListOrTable(gap) && !inLandmark(gap) && !ignoredTag(gap.DataAtom) {
			kept[gap] = true
			added = true
		}
	}
	if !added {
		return out
	}
	var all []*html.Node
	for c := out[0].Parent.FirstChild; c != nil; c = c.NextSibling {
		if kept[c] {
			all = append(all, c)
		}
	}
	// Kept blocks under another parent (none today) stay as they were.
	if len(all) < len(kept) {
		return out
	}
	return all
}

// withIntro adds the blocks of plain prose right before the content
// chosen: an intro or summary the page builder gave a wrapper of its own
// (its class differs from the body's by a modifier, or the body is the
// container the CMS marks), too short to win on its own score.
func (x *extractor) withIntro(top []*html.Node, bodyNode *html.Node) []*html.Node {
	if len(top) == 0 || top[0] == bodyNode || inLandmark(top[0]) {
		return top
	}
	// The body opening its wrappers (the first block with text in
	// each): the intro sits before the outermost one, in a block of the
	// same kind (the article's header column, the body's column).
	anchor := top[0]
	for up := 0; up < 4 && x.firstWithText(anchor) && anchor.Parent != nil && anchor.Parent != bodyNode &&
		anchor.Parent.Type == html.ElementNode && !inLandmark(anchor.Parent); up++ {
		anchor = anchor.Parent
	}
	var intro []*html.Node
	for sib, n := anchor.PrevSibling, 0; sib != nil && n < 3; sib = sib.PrevSibling {
		if sib.Type != html.ElementNode {
			continue
		}
		ss := x.stats[sib]
		if ss == nil || ss.text == 0 && sib.DataAtom != atom.Hr {
			continue // an image, a spacer
		}
		n++
		if ss.paras < 1 || ss.text-ss.link < 80 || linkDensity(ss) >= 0.2 || isAncestor(sib, top[0]) || !introLike(sib, anchor) {
			break
		}
		intro = append(intro, sib)
	}
	if len(intro) == 0 {
		return top
	}
	slices.Reverse(intro)
	return append(intro, top...)
}

// firstWithText reports whether no sibling before n holds text.
func (x *extractor) firstWithText(n *html.Node) bool {
	for p := n.PrevSibling; p != nil; p = p.PrevSibling {
		if p.Type == html.TextNode && strings.TrimSpace(p.Data) != "" || p.Type == html.ElementNode && x.st(p).text > 0 {
			return false
		}
	}
	return true
}

// leadIn returns the first element under n (a bounded walk) holding
// plain prose whose class names a lead, or nil. A short lead is a
// paragraph of one sentence or so (Ghost's custom excerpt); a lead of
// another kind must hold more, or a label or a tagline would pass.
func (x *extractor) leadIn(n *html.Node, short bool) *html.Node {
	least := 80
	if short {
		least = 30
	}
	stack := []*html.Node{n}
	for steps := 0; len(stack) > 0 && steps < 200; steps++ {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		cs := x.stats[c]
		if c.Type != html.ElementNode || cs == nil || cs.text-cs.link < least {
			continue // too little prose below
		}
		if cs.text <= 1500 && linkDensity(cs) < 0.1 && (!short || c.DataAtom == atom.P) {
			if ci := strings.ToLower(nattr(c, "class")); ci != "" && classTokens(ci, leadPrefixes(), func(t string) bool { return leadTokens[t] }) &&
				!reBio.MatchString(nodeText(c, 300)) {
				// (Not the author's bio a theme shows in its excerpt
				// box.)
				return c
			}
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	return nil
}

// headerLead finds the lead in the article's <header> (the one holding
// its <h1>): a paragraph whose class names a lead, as Ghost's themes show
// the post's excerpt under its title. Pruning drops such a header with
// its byline and tags, so it is looked for first.
func (x *extractor) headerLead() *html.Node {
	for _, n := range x.order {
		if n.DataAtom == atom.Header && hasDescendant(n, atom.H1) {
			if lead := x.leadIn(n, true); lead != nil {
				return lead
			}
		}
	}
	return nil
}

// namedLead finds the lead in the article's header, before the body
// chosen and a few levels up from it: a block of plain prose whose class
// names a lead ("article-excerpt", "lead", "page-intro__copy").
func (x *extractor) namedLead(t, bodyNode *html.Node) *html.Node {
	var lead *html.Node
	n := t
	for level := 0; level < 3 && n != nil && n != bodyNode && lead == nil; level, n = level+1, n.Parent {
		for sib, k := n.PrevSibling, 0; sib != nil && k < 3 && lead == nil; sib = sib.PrevSibling {
			if sib.Type != html.ElementNode {
				continue
			}
			k++
			lead = x.leadIn(sib, false)
		}
	}
	return lead
}

// introLike reports whether sib's class names a lead ("intro",
// "summary", "standfirst"), or shares a class with the body after it:
// the same kind of block. (A disclosure or a byline box before the body
// has a class of its own.)
func introLike(sib, body *html.Node) bool {
	sc := strings.Fields(strings.ToLower(nattr(sib, "class")))
	if len(sc) == 0 {
		return false
	}
	bc := strings.Fields(strings.ToLower(nattr(body, "class")))
	for _, c := range sc {
		if slices.Contains(bc, c) && !gridClass(c) {
			return true
		}
	}
	return classTokens(strings.Join(sc, " "), leadPrefixes(), func(t string) bool { return leadTokens[t] })
}

// shareClass reports whether a and b have a class in common that is not
// a grid's.
func shareClass(a, b *html.Node) bool {
	bc := strings.Fields(nattr(b, "class"))
	for _, c := range strings.Fields(nattr(a, "class")) {
		if slices.Contains(bc, c) && !gridClass(strings.ToLower(c)) {
			return true
		}
	}
	return false
}

// gridClass reports whether a class places a block in the page's grid
// ("col-xs-12", "row", "span-12", a builder's "bde-column"): every column
// of a page shares it, so it says nothing of what the block holds.
func gridClass(c string) bool {
	for _, p := range []string{"col", "row", "container", "grid", "span", "cell", "column", "flex", "wrap"} {
		if c == p || strings.HasPrefix(c, p+"-") || strings.HasPrefix(c, p+"_") || strings.HasSuffix(c, "-"+p) || strings.HasSuffix(c, "_"+p) ||
			strings.Contains(c, "-"+p+"-") {
			return true
		}
	}
	return false
}

// leadTokens name a lead paragraph in class names.
var leadTokens = map[string]bool{"intro": true, "introduction": true, "lead": true, "lede": true,
	"standfirst": true, "dek": true, "summary": true, "excerpt": true, "teaser": false, "chapo": true,
	"abstract": true, "subtitle": false, "deck": true}

var leadPrefixes = sync.OnceValue(func() map[string]bool { return wordPrefixes(leadTokens) })

// inPageLinkText is the link text under n in links to a place on the
// page itself ("#symptoms").
func (x *extractor) inPageLinkText(n *html.Node) int {
	total := 0
	walkBounded(n, 5000, func(c *html.Node) bool {
		if c.Type == html.ElementNode && c.DataAtom == atom.A && strings.HasPrefix(nattr(c, "href"), "#") && len(nattr(c, "href")) > 1 {
			if s := x.stats[c]; s != nil {
				total += s.link
			}
		}
		return true
	})
	return total
}

// sameClasses reports whether two class lists are the same block's: equal,
// or one is the other plus a modifier ("sqs-block html-block" and
// "sqs-block html-block sqs-background-enabled").
func sameClasses(a, b string) bool {
	if a == b {
		return true
	}
	fa, fb := strings.Fields(a), strings.Fields(b)
	if len(fa) > len(fb) {
		fa, fb = fb, fa
	}
	if len(fa) < 2 || len(fb) > len(fa)+1 {
		return false
	}
	for _, c := range fa {
		if !slices.Contains(fb, c) {
			return false
		}
	}
	return true
}

func sentenceEnd(n *html.Node) bool {
	for c := n.LastChild; c != nil; c = c.PrevSibling {
		if c.Type == html.TextNode {
			t := strings.TrimSpace(c.Data)
			if t == "" {
				continue
			}
			return strings.HasSuffix(t, ".") || strings.HasSuffix(t, "!") || strings.HasSuffix(t, "?")
		}
		if c.Type == html.ElementNode {
			return sentenceEnd(c)
		}
	}
	return false
}

func isAncestor(a, n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == a {
			return true
		}
	}
	return false
}

// sameSection reports whether sib is another section like top: the same
// sectioning tag (or the same tag and leading class).
func sameSection(top, sib *html.Node) bool {
	if top.DataAtom != sib.DataAtom {
		return false
	}
	if top.DataAtom == atom.Section {
		return true
	}
	tc, _, _ := strings.Cut(strings.TrimSpace(nattr(top, "class")), " ")
	sc, _, _ := strings.Cut(strings.TrimSpace(nattr(sib, "class")), " ")
	return tc != "" && tc == sc
}

// widen climbs from a small winner to the nearby ancestor that holds many
// times its prose in many more paragraphs, with few links: the article's
// paragraphs sat so deep or so spread out (one per section, each in its
// own wrappers) that no single container collected their scores, and an
// intro or a callout won instead.
func (x *extractor) widen(top, bodyNode *html.Node) *html.Node {
	ts := x.stats[top]
	if ts == nil {
		return top
	}
	own := ts.text - ts.link
	a := top.Parent
	for level := 0; level < 4 && a != nil && a != bodyNode && a.Type == html.ElementNode; level++ {
		as := x.stats[a]
		if as == nil {
			break
		}
		if as.paras >= 4*ts.paras+4 && as.text-as.link >= 8*own && linkDensity(as) < 0.1 {
			// Not when teaser cards make most of the gain: a grid of
			// related posts, each a headline and a blurb under an
			// image link, reads as paragraphs with few links too.
			if c := x.findCards(a); 2*c.text >= as.text-ts.text && bodyRule("teasergrid") {
				return top
			}
			return a
		}
		a = a.Parent
	}
	return top
}

// repeatsKept reports whether sib opens with a paragraph the kept blocks
// hold already: a second copy of the article (a mobile or gated variant
// the CMS sends hidden beside it), not more of it. Dedupe drops the
// copy's paragraphs but not its headings and short lines.
func (x *extractor) repeatsKept(sib *html.Node, kept []*html.Node) bool {
	first := ""
	walkElements(sib, func(c *html.Node) bool {
		if first != "" {
			return false
		}
		if c.DataAtom == atom.P {
			if s := x.stats[c]; s != nil && s.text-s.link >= 100 {
				first = nodeText(c, 200)
			}
			return false
		}
		return true
	})
	if first == "" {
		return false
	}
	found := false
	for _, k := range kept {
		walkElements(k, func(c *html.Node) bool {
			if found {
				return false
			}
			if c.DataAtom == atom.P {
				found = nodeText(c, 200) == first
				return false
			}
			return true
		})
	}
	return found
}

// holdsListOrTable reports whether n is or holds a list or a table.
func holdsListOrTable(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Ul, atom.Ol, atom.Dl, atom.Table:
		return true
	}
	return hasDescendant(n, atom.Ul) || hasDescendant(n, atom.Ol) || hasDescendant(n, atom.Table)
}

// prevElement returns the element before n among its siblings, or nil.
func prevElement(n *html.Node) *html.Node {
	for p := n.PrevSibling; p != nil; p = p.PrevSibling {
		if p.Type == html.ElementNode {
			return p
		}
	}
	return nil
}

// cardList reports whether most of n's text sits in dated teaser cards: a
// list of recent posts that shares the article's wrapper class.
func (x *extractor) cardList(n *html.Node) bool {
	c := x.findCards(n)
	return c.cards >= cardMin && c.dated >= cardMin && c.text*2 >= x.st(n).text
}

// onlyParagraph reports whether n wraps a single paragraph: its one
// element child, a few wrappers down, is a <p> ending a sentence, and no
// text stands beside it.
func onlyParagraph(n *html.Node) bool {
	for i := 0; i < 3 && n != nil; i++ {
		var only *html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.ElementNode:
				if only != nil {
					return false
				}
				only = c
			case html.TextNode:
				if strings.TrimSpace(c.Data) != "" {
					return false
				}
			}
		}
		if only != nil && only.DataAtom == atom.P {
			return sentenceEnd(only)
		}
		if only == nil || only.DataAtom != atom.Div {
			return false
		}
		n = only
	}
	return false
}
