package extract

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

type blockKind uint8

const (
	bPara blockKind = iota
	bHeading
	bItem
	bPre
	bTable
)

// block is one paragraph-level unit of the body, in both renderings.
type block struct {
	kind    blockKind
	level   int // heading level or list depth
	ordered bool
	num     int
	quote   int // blockquote nesting
	text    string
	md      string
	chars   int // visible runes
	link    int // visible runes inside links
	caption bool
	lead    bool // the dek, found outside the body container
	note    bool // an entry of a list that is the article's own: notes the text points to, the list a title counts
	term    bool // a definition list's term (<dt>): the entry's name, a link or not
	// offHost is the other site the block's one link points to ("" when
	// it has none, several, or one to the page's own site).
	offHost string
	// within is the list depth of the item a paragraph, code block or
	// table sits in (0 outside lists): markdown indents it under the
	// item's text, or CommonMark would end the list there.
	within int
}

type serializer struct {
	x     *extractor
	roots map[*html.Node]bool
	// whole makes every element a root: a hub's card, of which no part
	// is skipped as a teaser.
	whole  bool
	blocks []block
	text   []byte
	md     []byte
	chars  int
	link   int
	inLink int
	quote  int
	list   int
	// cur is the kind the next flushed block takes.
	cur     block
	lastBR  bool
	caption int
	gen     int // flush count, to detect blocks ending inside inline markup
	// item is the list depth of the innermost list item open, 0 outside
	// lists.
	item int
	// links counts the block's links so far; href is the last one's
	// target.
	links int
	href  string
}

// add appends a finished block, noting the list item it sits in.
func (s *serializer) add(b block) {
	if b.kind != bItem {
		b.within = s.item
	}
	s.blocks = append(s.blocks, b)
}

// serialize turns the content roots into blocks.
func (x *extractor) serialize(roots []*html.Node) []block {
	s := &serializer{x: x, roots: map[*html.Node]bool{}}
	for _, r := range roots {
		s.roots[r] = true
	}
	for _, r := range roots {
		s.walk(r, 0)
		s.flush()
	}
	return s.blocks
}

func (s *serializer) flush() {
	s.lastBR = false
	s.gen++
	t := cleanLines(string(s.text))
	if t == "" {
		s.text, s.md = s.text[:0], s.md[:0]
		s.chars, s.link = 0, 0
		s.links, s.href = 0, ""
		return
	}
	b := s.cur
	b.text = t
	// A line break (<br>) stays one in markdown: two spaces before the
	// newline, which a bare newline is not.
	b.md = strings.ReplaceAll(cleanLines(string(s.md)), "\n", "  \n")
	b.chars, b.link = s.chars, s.link
	b.quote = s.quote
	b.caption = s.caption > 0
	if s.links == 1 && b.kind == bPara && linkOnly(b) {
		// (Read for link-only paragraphs alone: parsing every link's
		// address would cost more than the rest of the block.)
		b.offHost = s.x.otherSite(s.href)
	}
	s.links, s.href = 0, ""
	s.add(b)
	s.text, s.md = s.text[:0], s.md[:0]
	s.chars, s.link = 0, 0
	s.cur = block{}
}

// cleanLines trims every line and drops empty ones.
func cleanLines(s string) string {
	if strings.IndexByte(s, '\n') < 0 {
		return strings.TrimSpace(s)
	}
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'
}

// appendText adds inline text with white space collapsed.
func (s *serializer) appendText(t string) {
	if t == "" {
		return
	}
	s.lastBR = false
	n, _ := visibleRunes(t)
	s.chars += n
	if s.inLink > 0 {
		s.link += n
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c == 0xC2 && i+1 < len(t) && t[i+1] == 0xAD {
			i++ // soft hyphen: invisible, and it would split words
			continue
		}
		if c == 0xE2 && i+2 < len(t) && t[i+1] == 0x80 && t[i+2] == 0x8B ||
			c == 0xEF && i+2 < len(t) && t[i+1] == 0xBB && t[i+2] == 0xBF {
			i += 2 // zero-width space, BOM
			continue
		}
		if c == 0xC2 && i+1 < len(t) && t[i+1] == 0xA0 {
			// U+00A0 (C2 A0) no-break space folds like a space.
			i++
			c = ' '
		}
		if isSpaceByte(c) {
			if len(s.text) > 0 && !isSpaceByte(s.text[len(s.text)-1]) {
				s.text = append(s.text, ' ')
				s.md = append(s.md, ' ')
			}
			continue
		}
		s.text = append(s.text, c)
		switch c {
		case '*', '`', '[', ']', '\\':
			s.md = append(s.md, '\\')
		}
		s.md = append(s.md, c)
	}
}

func (s *serializer) newline() {
	// Drop a trailing space so lines don't end with one.
	if n := len(s.text); n > 0 && s.text[n-1] == ' ' {
		s.text = s.text[:n-1]
	}
	if n := len(s.md); n > 0 && s.md[n-1] == ' ' {
		s.md = s.md[:n-1]
	}
	s.text = append(s.text, '\n')
	s.md = append(s.md, "  \n"...)
}

// wrapInline renders children between markdown markers, moving white space
// outside the markers so "*x*" stays valid.
func (s *serializer) wrapInline(n *html.Node, depth int, open, close string) {
	start, gen := len(s.md), s.gen
	s.children(n, depth)
	if s.gen != gen {
		return // a block ended inside: no inline markup across blocks
	}
	inner := string(s.md[start:])
	trimmed := strings.TrimSpace(inner)
	if trimmed == "" || strings.Contains(trimmed, "\n") {
		return
	}
	lead := inner[:len(inner)-len(strings.TrimLeft(inner, " "))]
	trail := inner[len(strings.TrimRight(inner, " ")):]
	s.md = append(s.md[:start], lead...)
	s.md = append(s.md, open...)
	s.md = append(s.md, trimmed...)
	s.md = append(s.md, close...)
	s.md = append(s.md, trail...)
}

func (s *serializer) children(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		s.walk(c, depth+1)
	}
}

// flat appends all text under n without structure, iteratively.
func (s *serializer) flat(n *html.Node) {
	stack := []*html.Node{n}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch c.Type {
		case html.TextNode:
			s.appendText(c.Data)
			continue
		case html.ElementNode:
			if ignoredTag(c.DataAtom) {
				continue
			}
			if isBlockTag(c.DataAtom) {
				s.appendText(" ")
			}
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
}

func headingLevel(a atom.Atom) int {
	switch a {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}

func (s *serializer) walk(n *html.Node, depth int) {
	if n.Type == html.TextNode {
		s.appendText(n.Data)
		return
	}
	if n.Type != html.ElementNode {
		return
	}
	if depth > maxDepth {
		s.flat(n)
		return
	}
	if ignoredTag(n.DataAtom) {
		return
	}
	if !s.whole && !s.roots[n] && s.x.skipInContent(n) {
		return
	}
	if s.whole && bodyRule("sronly") && screenReaderOnly(n) {
		// A hub's card is read whole, unpruned: its text for screen
		// readers ("Read more about X") would make its chrome link read
		// as text. Pruning drops it everywhere else.
		return
	}
	switch a := n.DataAtom; a {
	case atom.Br:
		if s.lastBR {
			s.flush()
			return
		}
		s.newline()
		s.lastBR = true
	case atom.Hr:
		s.flush()
	case atom.Img, atom.Picture, atom.Source, atom.Wbr:
	case atom.A:
		href := s.x.resolve(nattr(n, "href"))
		if href != "" {
			s.links++
			s.href = href
		}
		start, gen := len(s.md), s.gen
		s.inLink++
		s.children(n, depth)
		s.inLink--
		if s.gen != gen {
			return
		}
		inner := strings.TrimSpace(string(s.md[start:]))
		if href != "" && inner != "" && !strings.Contains(inner, "\n") {
			lead := ""
			if raw := string(s.md[start:]); strings.HasPrefix(raw, " ") {
				lead = " "
			}
			trail := ""
			if raw := string(s.md[start:]); strings.HasSuffix(raw, " ") {
				trail = " "
			}
			s.md = append(s.md[:start], lead+"["+inner+"]("+mdURL.Replace(href)+")"+trail...)
		}
	case atom.Sup:
		if label, ok := s.noteMarker(n); ok && bodyRule("notemarkers") {
			s.noteRef(label)
			return
		}
		s.children(n, depth)
	case atom.Em, atom.I, atom.Cite, atom.Dfn, atom.Var:
		s.wrapInline(n, depth, "*", "*")
	case atom.Strong, atom.B:
		s.wrapInline(n, depth, "**", "**")
	case atom.Code, atom.Kbd, atom.Samp, atom.Tt:
		s.wrapInline(n, depth, "`", "`")
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		s.flush()
		if s.cur.kind == bItem && itemHeading(n) {
			// A heading that opens a list item ("<li><h3>organic
			// cotton</h3></li>") is the item's text: as a heading it
			// would break the list, and a run of them at the end of
			// the body would go as headings with nothing under them.
			s.children(n, depth)
			s.flush()
			return
		}
		s.cur = block{kind: bHeading, level: headingLevel(a)}
		s.children(n, depth)
		s.flush()
		// An empty heading (its button pruned) must not make a heading
		// of the text that follows.
		s.cur = block{}
	case atom.Ul, atom.Ol:
		s.flush()
		s.list++
		note := bodyRule("notes") && s.x.citedList(n) || bodyRule("titlecount") && s.x.titleCounts(n) || bodyRule("sentencelist") && announcedBySentence(n)
		num := 0
		if st, err := strconv.Atoi(nattr(n, "start")); err == nil {
			num = st - 1
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Li {
				if s.x.skipInContent(c) {
					continue
				}
				num++
				s.flush()
				s.cur = block{kind: bItem, level: s.list, ordered: a == atom.Ol, num: num, note: note}
				outer := s.item
				s.item = s.list
				s.children(c, depth+1)
				s.flush()
				s.item = outer
			} else {
				s.walk(c, depth+1)
			}
		}
		s.flush()
		s.list--
	case atom.Li:
		s.flush()
		s.cur = block{kind: bItem, level: max(1, s.list)}
		outer := s.item
		s.item = max(1, s.list)
		s.children(n, depth)
		s.flush()
		s.item = outer
	case atom.Blockquote:
		s.flush()
		s.quote++
		s.children(n, depth)
		s.flush()
		s.quote--
	case atom.Pre:
		s.flush()
		s.pre(n)
	case atom.Table:
		s.flush()
		if bodyRule("codetable") && codeTable(n) {
			s.codeTable(n, depth)
			return
		}
		if bodyRule("layouttable") && s.x.layoutTable(n) {
			s.children(n, depth)
			s.flush()
			return
		}
		s.table(n, depth)
	case atom.Dt:
		// A reference's entry name, often a link to the entry's own
		// page: its name all the same, not a teaser.
		s.flush()
		s.cur = block{term: true}
		s.children(n, depth)
		s.flush()
		s.cur = block{}
	case atom.Figcaption, atom.Caption:
		s.flush()
		s.caption++
		s.children(n, depth)
		s.flush()
		s.caption--
	default:
		if isBlockTag(a) {
			s.flush()
			s.children(n, depth)
			s.flush()
			return
		}
		s.children(n, depth)
	}
}

// noteMarker reports whether a <sup> is a reference to a note, and its
// label ("1", "a", "*") without the brackets it may carry. It is one when
// it links to a place on the page, when its markup names a note (a
// "footnote-ref", WordPress's "fn", role doc-noteref), when its number is
// bracketed, when its number follows a sentence's punctuation
// ("records.<sup>1</sup>") or when it opens a block before a word (the
// note's own label): a number after a letter may be an exponent
// ("km<sup>2</sup>"), one after "5." a price's cents.
func (s *serializer) noteMarker(sup *html.Node) (label string, ok bool) {
	raw := strings.TrimSpace(nodeText(sup, 16))
	label = strings.TrimSpace(strings.Trim(raw, "[]()"))
	if !noteLabel(label) {
		return "", false
	}
	if noteMarkup(sup) || sup.Parent != nil && sup.Parent.DataAtom == atom.A && noteMarkup(sup.Parent) {
		return label, true
	}
	for c := sup.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.A && noteMarkup(c) {
			return label, true
		}
	}
	if !isDigits(label) {
		return "", false
	}
	if label != raw {
		return label, true
	}
	n := len(s.text)
	afterSentence := n > 0 && strings.IndexByte(".,;:!?)\"'", s.text[n-1]) >= 0 && (n == 1 || !isDigit(s.text[n-2]))
	return label, afterSentence || n == 0 && wordFollows(sup)
}

// wordFollows reports whether the text right after n opens with a letter
// (a note's label before its text, "<sup>1</sup>Vanguard"), not with a
// fraction's slash ("<sup>1</sup>/<sub>2</sub> cup").
func wordFollows(n *html.Node) bool {
	next := n.NextSibling
	for next != nil && next.Type != html.TextNode && next.Type != html.ElementNode {
		next = next.NextSibling
	}
	if next == nil {
		return false
	}
	t := strings.TrimLeft(nodeText(next, 8), " ")
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsLetter(r)
}

// noteLabel reports whether a marker's text is a note's label: a number of
// up to three digits, a letter, or an asterisk or dagger.
func noteLabel(l string) bool {
	switch {
	case l == "*" || l == "†" || l == "‡":
		return true
	case len(l) == 1 && l[0] >= 'a' && l[0] <= 'z':
		return true
	}
	return len(l) <= 3 && isDigits(l)
}

// noteMarkup reports whether an element says it points to a note: a link
// to a place on the page, or a class, id or role that names a note.
func noteMarkup(n *html.Node) bool {
	if n.DataAtom == atom.A {
		if h := nattr(n, "href"); len(h) > 1 && h[0] == '#' {
			return true
		}
	}
	if nattr(n, "role") == "doc-noteref" || nhasAttr(n, "data-fn") {
		return true
	}
	for _, t := range strings.FieldsFunc(strings.ToLower(nattr(n, "class")+" "+nattr(n, "id")), notWordByte) {
		switch t {
		case "fn", "fnref", "footnote", "noteref", "endnote", "reference", "ref", "cite":
			return true
		}
	}
	return false
}

func notWordByte(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }

// noteRef writes a note's marker: a footnote reference in markdown
// ("records.[^1]"), and in the text the label in brackets, a token of its
// own ("records.[1]", not "records.1"), as a bracketed marker reads.
func (s *serializer) noteRef(label string) {
	if len(s.text) == 0 {
		// The note's own label, opening it: "[1] Minutes of the
		// council", in markdown the footnote's definition.
		s.text = append(s.text, "["+label+"] "...)
		if s.cur.kind == bPara {
			s.md = append(s.md, "[^"+label+"]: "...)
		} else {
			s.md = append(s.md, "[^"+label+"] "...)
		}
	} else {
		s.text = append(s.text, "["+label+"]"...)
		s.md = append(s.md, "[^"+label+"]"...)
	}
	s.chars += len(label)
	if s.inLink > 0 {
		s.link += len(label)
	}
	s.lastBR = false
}

func (s *serializer) pre(n *html.Node) {
	s.code(codeText(n))
}

// codeText is the text of a code block, a line per line: its newlines,
// its <br>s, and its highlighter's lines in blocks of their own.
func codeText(n *html.Node) string {
	var b strings.Builder
	stack := []*html.Node{n}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			continue
		}
		if c.Type == html.ElementNode && c.DataAtom == atom.Br {
			b.WriteByte('\n')
		}
		if c.Type == html.ElementNode && c != n && isBlockTag(c.DataAtom) && b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			// A highlighter's line in a block of its own (a <div> or a
			// table row per line) with no newline in its text.
			b.WriteByte('\n')
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	// A highlighter indents with no-break spaces.
	raw := strings.ReplaceAll(strings.Trim(b.String(), "\n"), "\u00a0", " ")
	lines := strings.Split(raw, "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		l = strings.TrimRight(l, " \t\r")
		if l == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// code adds a code block.
func (s *serializer) code(t string) {
	if strings.TrimSpace(t) == "" {
		return
	}
	n2, _ := visibleRunes(t)
	fence := codeFence(t)
	s.add(block{kind: bPre, text: t, md: fence + "\n" + t + "\n" + fence, chars: n2, quote: s.quote})
}

// codeFence is the fence for a code block: three backticks, or one more
// than the longest run of them in the code, which would close it early.
func codeFence(code string) string {
	longest, run := 0, 0
	for i := 0; i < len(code); i++ {
		if code[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}

// codeTable reports whether t lays out a code listing: a highlighter
// (Pygments, Rouge, Hexo) puts the line numbers in one cell and the code's
// <pre> in the next. A data table never holds a line-number gutter beside
// a <pre>; as a data table it would flatten the code into one line and
// put a code fence inside a markdown table row.
//
// Other highlighters have no <pre>: SyntaxHighlighter and Crayon put a
// block per line in a cell named "code" beside a gutter of all the line
// numbers, a gist a row per line, its number cell empty ("blob-num") and
// its code cell named "blob-code". A data table's "code" column sits
// beside one row number, not a gutter of several or an empty number cell.
func codeTable(t *html.Node) bool {
	found := false
	tableRows(t, func(tr *html.Node) {
		pre, named, gutter, lines := false, false, false, 0
		for td := tr.FirstChild; td != nil; td = td.NextSibling {
			if td.Type != html.ElementNode || (td.DataAtom != atom.Td && td.DataAtom != atom.Th) {
				continue
			}
			if g, nums := lineGutter(td); g {
				gutter = true
				lines = nums
			} else if hasPre(td) {
				pre = true
			} else if codeCell(td) {
				named = true
			}
		}
		found = found || pre && gutter && lines > 0 || named && gutter && lines != 1
	})
	return found
}

// codeCell reports whether a table cell's class names it as code
// ("code", "blob-code", "crayon-code").
func codeCell(td *html.Node) bool {
	return classTokens(strings.ToLower(nattr(td, "class")), nil, func(t string) bool { return t == "code" })
}

// tableRows calls f on each row of t, not of the tables inside it: rows
// under <thead>, <tbody> and <tfoot> too, nested at most 8 deep.
func tableRows(t *html.Node, f func(tr *html.Node)) {
	var visit func(n *html.Node, d int)
	visit = func(n *html.Node, d int) {
		for c := n.FirstChild; c != nil && d <= 8; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Tr:
				f(c)
			case atom.Thead, atom.Tbody, atom.Tfoot:
				visit(c, d+1)
			}
		}
	}
	visit(t, 0)
}

// lineGutter reports whether a table cell holds only line numbers, and
// how many: none in a cell named for them ("blob-num", "line-number";
// the number is drawn from an attribute).
func lineGutter(td *html.Node) (gutter bool, numbers int) {
	t := nodeText(td, 4000)
	if t == "" {
		return classTokens(strings.ToLower(nattr(td, "class")), nil, func(t string) bool {
			return t == "num" || t == "number" || t == "gutter" || t == "lineno"
		}), 0
	}
	for _, r := range t {
		if (r < '0' || r > '9') && r != ' ' {
			return false, 0
		}
	}
	return true, len(strings.Fields(t))
}

func hasPre(n *html.Node) bool {
	found := false
	walkBounded(n, 500, func(c *html.Node) bool {
		if c.Type == html.ElementNode && c.DataAtom == atom.Pre {
			found = true
		}
		return !found
	})
	return found
}

// codeTable renders a code listing's table (see codeTable) as its code
// blocks, without the line numbers: a cell's <pre> as it is, the lines of
// cells named "code" (one per row, or one cell of them all) as one block.
func (s *serializer) codeTable(t *html.Node, depth int) {
	var lines []string
	flushLines := func() {
		if len(lines) > 0 {
			s.code(strings.Join(lines, "\n"))
			lines = nil
		}
	}
	tableRows(t, func(tr *html.Node) {
		for td := tr.FirstChild; td != nil; td = td.NextSibling {
			if td.Type != html.ElementNode || (td.DataAtom != atom.Td && td.DataAtom != atom.Th) {
				continue
			}
			if g, _ := lineGutter(td); g {
				continue
			}
			if !hasPre(td) && codeCell(td) {
				lines = append(lines, codeText(td))
				continue
			}
			flushLines()
			s.children(td, depth+1)
			s.flush()
		}
	})
	flushLines()
}

// layoutTable reports whether a table holds page layout rather than data.
func (x *extractor) layoutTable(t *html.Node) bool {
	if r := nattr(t, "role"); r == "presentation" || r == "none" {
		return true
	}
	stack := []*html.Node{}
	for c := t.LastChild; c != nil; c = c.PrevSibling {
		stack = append(stack, c)
	}
	seen := 0
	for len(stack) > 0 && seen < 5000 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		seen++
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Table, atom.P, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3, atom.H4,
			atom.Blockquote, atom.Article, atom.Section:
			return true
		case atom.Div:
			if s := x.stats[c]; s != nil && s.text > 200 {
				return true
			}
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	if s := x.stats[t]; s != nil && s.text > 3000 {
		return true
	}
	return false
}

// table renders a data table as one block: a row per line, cells joined by
// " | " (and a markdown table).
func (s *serializer) table(t *html.Node, depth int) {
	var rows [][]string
	var mdRows [][]string
	tableRows(t, func(tr *html.Node) {
		var cells, mdCells []string
		for td := tr.FirstChild; td != nil; td = td.NextSibling {
			if td.Type != html.ElementNode || (td.DataAtom != atom.Td && td.DataAtom != atom.Th) {
				continue
			}
			sub := &serializer{x: s.x, roots: map[*html.Node]bool{td: true}}
			sub.walk(td, depth+1)
			sub.flush()
			var ct, cm []string
			for _, b := range sub.blocks {
				ct = append(ct, strings.ReplaceAll(b.text, "\n", " "))
				// A line break would end the table's row.
				cm = append(cm, strings.ReplaceAll(strings.ReplaceAll(b.md, "  \n", " "), "|", "\\|"))
			}
			cells = append(cells, strings.Join(ct, " "))
			mdCells = append(mdCells, strings.Join(cm, " "))
		}
		if strings.TrimSpace(strings.Join(cells, "")) != "" {
			rows = append(rows, cells)
			mdRows = append(mdRows, mdCells)
		}
	})
	if len(rows) == 0 {
		return
	}
	if c := tableCaption(t); c != nil {
		// The table's title ("Table 1. Wells drilled, 2015–2020"), which
		// no row holds: a paragraph before it.
		s.children(c, depth+1)
		s.flush()
	}
	var tb, mb strings.Builder
	for i, r := range rows {
		if i > 0 {
			tb.WriteByte('\n')
			mb.WriteByte('\n')
		}
		tb.WriteString(strings.Join(r, " | "))
		mb.WriteString("| " + strings.Join(mdRows[i], " | ") + " |")
		if i == 0 {
			mb.WriteString("\n|" + strings.Repeat(" --- |", len(r)))
		}
	}
	st := s.x.st(t)
	s.add(block{kind: bTable, text: tb.String(), md: mb.String(),
		chars: st.text, link: st.link, quote: s.quote})
}

// tableCaption returns t's <caption>, nil when it has none.
func tableCaption(t *html.Node) *html.Node {
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Caption {
			return c
		}
	}
	return nil
}

// skipInContent is readability's conditional cleaning: containers inside
// the content that are mostly links, or teasers. (Not any link-heavy box
// whose class reads as chrome: pruning already dropped those it should,
// and the rest it dropped were a listing's or a forum's own parts; no
// article moved.)
func (x *extractor) skipInContent(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Div, atom.Section, atom.Ul, atom.Ol, atom.Table, atom.Dl, atom.Figure,
		atom.Aside, atom.Header, atom.Footer, atom.Nav, atom.Form, atom.Center:
	default:
		return false
	}
	s := x.stats[n]
	if s == nil || s.text == 0 {
		return false
	}
	if strings.Contains(nclassID(n), "embed") && bodyRule("embed") {
		return false // embedded posts are quoted content, links and all
	}
	if bodyRule("teaserrun") {
		// A run of teaser cards inside the body (related posts, courses,
		// "more on"): its blurbs are prose and a heading may stand over
		// it, so it goes before the exceptions for those. Unless the
		// title counts its cards ("7 healthy recipes"): then it is the
		// article.
		if cards := x.teaserRun(n); cards > 0 && !x.cardPage && cards != x.titleNumber() {
			return true
		}
	}
	if s.text-s.link >= 400 && s.paras >= 2 && bodyRule("prosewrapper") {
		// Real prose inside: a wrapper around a menu and the article.
		// Its children are judged one by one instead.
		return false
	}
	if s.paras >= 1 && bodyRule("headedsection") && (opensWithHeading(n) || afterHeading(n)) && classWeight(n) >= 0 {
		// A section of the article under its own heading whose list of
		// links outweighs its prose ("Patches sent for review:" and the
		// patches): its children are judged one by one.
		return false
	}
	if linkDensity(s) < 0.8 && bodyRule("headedlist") && classWeight(n) >= 0 && x.headedList(n) {
		// A column holding a section's heading and its list ("Shoes
		// and jackets" and the gear, a link in each item): the list
		// is judged as the one below does it.
		return false
	}
	if bodyRule("headedlist") && (isList(n) || soleTable(n)) && linkDensity(s) < 0.8 && (afterHeading(n) || headingBefore(n) != nil) && classWeight(n) >= 0 {
		// A section's list or table under its own heading, most items
		// a link and some words on it: the section's content (a
		// checklist, a list of resources, a table of offers), not a
		// row of teasers.
		return false
	}
	if bodyRule("notes") && (isList(n) && afterHeading(n) && notesHeading(nodeText(prevContent(n), 80)) || x.citedList(n)) ||
		bodyRule("titlecount") && isList(n) && x.titleCounts(n) {
		// Notes, references, sources: the article's own apparatus,
		// a link on every entry, also in a wrapper of their own (a
		// rule and the list: "footnotes"). Or the list the title counts
		// ("My 12 favourite newsletters"), links and all.
		return false
	}
	if bodyRule("notes") && (notesSection(n) || soleList(n) && notesHeading(nodeText(headingBefore(n), 80))) {
		// The same, each in wrappers of its own: a page builder's
		// column holding the "References" heading, the next one the
		// list.
		return false
	}
	if isList(n) && bodyRule("colonlist") && introducedByColon(n) {
		// "Many patches were sent for review:" and the list of them.
		return false
	}
	ld := linkDensity(s)
	if isList(n) && ld < 0.7 && bodyRule("announcedlist") && classWeight(n) >= 0 && announcedList(n, s) {
		return false
	}
	if isList(n) && bodyRule("plainitems") && classWeight(n) >= 0 && x.plainItems(n) && (afterHeading(n) || prevContent(n) != nil && prevContent(n).DataAtom == atom.P) {
		// A list in the text ("Plan to spend: $15", "Buying options:"
		// and the shops) whose links are only some of its items: a
		// menu or a row of teasers links from every item.
		return false
	}
	if (ld > 0.5 || s.links >= 3 && ld > 0.3) && bodyRule("ownprose") && classWeight(n) >= 0 && x.ownProse(n, 4) {
		// A block holding a paragraph of prose that links nowhere (a
		// listicle's entry: its blurb, its facts and a list of further
		// links): its children are judged one by one, so the links go
		// and the entry stays.
		return false
	}
	if ld > 0.5 {
		return true
	}
	if s.links >= 3 && ld > 0.3 && (s.text-s.link) < 60*s.links && bodyRule("teaserskip") {
		// Teasers: a few words around each of several links.
		return true
	}
	return false
}

// ownProse reports whether a <p> of prose (100 runes or more, no link,
// not a label ending with a colon) sits at most depth levels under n.
func (x *extractor) ownProse(n *html.Node, depth int) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.DataAtom == atom.P {
			// Not one that ends with a colon: that is the label of
			// the links after it ("Highlights of the issue:").
			if s := x.stats[c]; s != nil && s.text >= 100 && s.link == 0 && !strings.HasSuffix(strings.TrimSpace(nodeText(c, 400)), ":") {
				return true
			}
			continue
		}
		if depth > 1 && isBlockTag(c.DataAtom) && x.ownProse(c, depth-1) {
			return true
		}
	}
	return false
}

// plainItems reports whether a third or more of a list's items (at least
// one) hold text and no link at all.
func (x *extractor) plainItems(n *html.Node) bool {
	items, plain := x.countItems(n, func(s *nstat) bool { return s.text > 0 && s.hrefs == 0 })
	return items > 0 && plain > 0 && plain*3 >= items
}

// wordyItems reports whether most items of a list carry words of their
// own beside their links ("Hiking boots (Merrell and Danner are my most
// worn)"): a row of links to other pages has none.
func (x *extractor) wordyItems(n *html.Node) bool {
	items, wordy := x.countItems(n, func(s *nstat) bool { return s.text-s.link >= 10 })
	return items > 0 && wordy*3 >= items*2
}

// countItems counts the items of a list (n, or the one a wrapper holds
// alone) and those whose stats satisfy f.
func (x *extractor) countItems(n *html.Node, f func(s *nstat) bool) (items, matching int) {
	for n != nil && n.DataAtom != atom.Ul && n.DataAtom != atom.Ol {
		n = firstElement(n)
	}
	if n == nil {
		return 0, 0
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c.DataAtom != atom.Li {
			continue
		}
		items++
		if s := x.stats[c]; s != nil && f(s) {
			matching++
		}
	}
	return items, matching
}

// firstElement returns n's first element child, or nil.
func firstElement(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

// announcedList reports whether a list is part of the text: right after a
// paragraph, its items carrying words of their own beside their links
// ("Official website: X", "Buying options: ..."); or a sub-list in an
// item of a list kept (a menu's sub-lists went with the menu).
func announcedList(n *html.Node, s *nstat) bool {
	if n.Parent != nil && n.Parent.DataAtom == atom.Li {
		return true
	}
	prev := prevContent(n)
	return prev != nil && prev.DataAtom == atom.P && s.text-s.link >= 100
}

// reNotesHeading is the heading of an article's notes or references.
var reNotesHeading = lazyCompile(`^((key|selected|cited) )?` + notesWords + `( (&|and|und|et|y|و) ` + notesWords + `)?\s*:?$`)

// notesWords name an article's notes or references.
const notesWords = `(notes?|end ?notes|foot ?notes|references|sources|bibliography|citations|works cited|further reading|` +
	`anmerkungen|fußnoten|quellen|quellenangaben|einzelnachweise|literatur|literaturverzeichnis|` +
	`références|bibliographie|referencias|fuentes|notas|bibliografía|المراجع|المصادر|الهوامش)`

// soleChild returns n's only element child when no text stands beside
// it, else nil.
func soleChild(n *html.Node) *html.Node {
	var only *html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.ElementNode:
			if only != nil {
				return nil
			}
			only = c
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) != "":
			return nil
		}
	}
	return only
}

// soleList reports whether n is a list, or wraps just one a few
// wrappers down.
func soleList(n *html.Node) bool {
	for i := 0; i < 4 && n != nil; i, n = i+1, soleChild(n) {
		if n.DataAtom == atom.Ul || n.DataAtom == atom.Ol {
			return true
		}
	}
	return false
}

// soleTable reports whether n is a table, or wraps just one a few
// wrappers down.
func soleTable(n *html.Node) bool {
	for i := 0; i < 4 && n != nil; i, n = i+1, soleChild(n) {
		if n.DataAtom == atom.Table {
			return true
		}
	}
	return false
}

// soleHeading returns the heading (h2–h6) n is, or wraps alone a few
// wrappers down, when it is no link; else nil.
func soleHeading(n *html.Node) *html.Node {
	return headingWrapped(n, 4)
}

// headingWrapped returns the heading (h2–h6, no link) n is, or wraps
// alone at most depth wrappers down; else nil.
func headingWrapped(n *html.Node, depth int) *html.Node {
	for i := 0; i < depth && n != nil; i, n = i+1, soleChild(n) {
		if headingLevel(n.DataAtom) > 0 {
			if !plainHeading(n) {
				return nil
			}
			return n
		}
	}
	return nil
}

// headingBefore returns the heading right before n, climbing out of
// wrappers n opens (a heading in one column block, its list in the
// next); nil when another block comes first.
func headingBefore(n *html.Node) *html.Node {
	for up := 0; up < 3 && n != nil && n.Type == html.ElementNode; up, n = up+1, n.Parent {
		if prev := prevContent(n); prev != nil {
			if prev.Type != html.ElementNode {
				return nil
			}
			return soleHeading(prev)
		}
	}
	return nil
}

// headedList reports whether n holds just a heading (no link, no
// "Related" or "More from") and the list after it (images aside), most
// of its items with words beside their links; maybe in the one column of
// a row that holds text (the others hold images).
func (x *extractor) headedList(n *html.Node) bool {
	for range 3 {
		only := x.onlyWithText(n)
		if only == nil {
			break
		}
		n = only
	}
	first := firstElement(n)
	if first == nil || !plainHeading(first) {
		return false
	}
	next := nextElement(first)
	if next == nil || !soleList(next) || !x.wordyItems(next) {
		return false
	}
	for c := next.NextSibling; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && x.st(c).text > 0 || c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return false // more than the list: judged as a whole
		}
	}
	return !recircWordSet().any(strings.ToLower(nodeText(first, 80)))
}

// onlyWithText returns n's one element child holding text, nil when
// none or several do.
func (x *extractor) onlyWithText(n *html.Node) *html.Node {
	var only *html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || x.st(c).text == 0 {
			continue
		}
		if only != nil {
			return nil
		}
		only = c
	}
	return only
}

// notesSection reports whether n is, a few wrappers down, a block that
// opens with a heading naming notes or references, followed by a list.
func notesSection(n *html.Node) bool {
	for i := 0; i < 4 && n != nil; i, n = i+1, soleChild(n) {
		first := firstElement(n)
		if first == nil {
			return false
		}
		if h := soleHeading(first); h != nil && h != n {
			next := first.NextSibling
			for next != nil && next.Type != html.ElementNode {
				next = next.NextSibling
			}
			return next != nil && soleList(next) && notesHeading(nodeText(h, 80))
		}
	}
	return false
}

// notesHeading reports whether a heading's text names the article's notes
// or references.
func notesHeading(t string) bool {
	t = strings.ToLower(strings.TrimSpace(t))
	return len(t) < 40 && reNotesHeading.MatchString(t)
}

// titleCounts reports whether n is a list with as many items as the number
// the page title counts ("12 newsletters", "Top 20 ..."): the list is the
// article.
func (x *extractor) titleCounts(n *html.Node) bool {
	want := x.titleNumber()
	if want < 3 {
		return false
	}
	for n != nil && n.DataAtom != atom.Ul && n.DataAtom != atom.Ol {
		n = firstElement(n) // isList: a wrapper holding just the list
	}
	if n == nil {
		return false
	}
	items := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Li {
			items++
		}
	}
	return items == want
}

// otherSite returns the registrable domain of href when it is another
// site than the page's, "" when it is the page's own or the page's URL is
// unknown.
func (x *extractor) otherSite(href string) string {
	if x.base == nil || x.base.Host == "" {
		return ""
	}
	d := domainOf(href)
	if d == "" || sameSite(href, x.base.String()) {
		return ""
	}
	return d
}

// titleNumber is the count a listicle's title gives (3 to 200; a year is
// no count), 0 when it gives none. Read once per page.
func (x *extractor) titleNumber() int {
	if x.titleNum != 0 {
		return max(x.titleNum, 0)
	}
	x.titleNum = -1
	t := ""
	if x.art != nil {
		t = x.art.Title
	}
	if t == "" && len(x.titles) > 0 {
		t = x.titles[0]
	}
	for _, w := range strings.Fields(t) {
		if v, err := strconv.Atoi(strings.Trim(w, "+:.,()")); err == nil && v >= 3 && v <= 200 {
			x.titleNum = v
			break
		}
	}
	return max(x.titleNum, 0)
}

// citedList reports whether n is a list of notes the text points to: one
// of its first items, or an anchor at the start of one, is the target of
// an in-page link ("#fn1").
func (x *extractor) citedList(n *html.Node) bool {
	if x.fragments == nil {
		x.fragments = map[string]bool{}
		for _, c := range x.order {
			if c.DataAtom == atom.A {
				if h := nattr(c, "href"); len(h) > 1 && h[0] == '#' {
					x.fragments[h[1:]] = true
				}
			}
		}
	}
	if len(x.fragments) == 0 {
		return false
	}
	found := false
	walkBounded(n, 60, func(c *html.Node) bool {
		// The target is an entry, not the list itself (a menu a
		// "#menu" toggle opens).
		if c.Type == html.ElementNode && (c.DataAtom == atom.Li || c.Parent != nil && c.Parent.DataAtom == atom.Li) {
			if id := nattr(c, "id"); id != "" && x.fragments[id] {
				found = true
			} else if nm := nattr(c, "name"); nm != "" && c.DataAtom == atom.A && x.fragments[nm] {
				found = true
			}
		}
		return !found
	})
	return found
}

// itemHeading reports whether a heading's nearest block ancestor is a
// list item.
func itemHeading(h *html.Node) bool {
	for a, i := h.Parent, 0; a != nil && a.Type == html.ElementNode && i < 4; a, i = a.Parent, i+1 {
		if a.DataAtom == atom.Li {
			return true
		}
		if isBlockTag(a.DataAtom) {
			return false
		}
	}
	return false
}

// opensWithHeading reports whether n's first element child is a heading
// (h2–h6) that is not a link.
func opensWithHeading(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		return plainHeading(c)
	}
	return false
}

// afterHeading reports whether the element before n is a heading (h2–h6)
// that is not a link: n is the body of that heading's section.
func afterHeading(n *html.Node) bool {
	prev := prevContent(n)
	return prev != nil && prev.Type == html.ElementNode && plainHeading(prev)
}

// plainHeading reports whether n is a heading (h2–h6) that is not a link.
func plainHeading(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return !hasDescendant(n, atom.A)
	}
	return false
}

// prevContent returns the sibling before n that is an element or
// non-blank text, skipping whitespace and comments; nil when there is none.
func prevContent(n *html.Node) *html.Node {
	p := n.PrevSibling
	for p != nil && p.Type != html.ElementNode && (p.Type != html.TextNode || strings.TrimSpace(p.Data) == "") {
		p = p.PrevSibling
	}
	return p
}

// isList reports whether n is a list, or a wrapper holding just one.
func isList(n *html.Node) bool {
	for i := 0; i < 2 && n != nil; i++ {
		if n.DataAtom == atom.Ul || n.DataAtom == atom.Ol {
			return true
		}
		var only *html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				if only != nil {
					return false
				}
				only = c
			}
		}
		n = only
	}
	return false
}

// introducedByColon reports whether the block before n (its previous
// element sibling, or that of its wrapper when n is alone in it) is a
// paragraph ending with a colon: a sentence announcing n.
func introducedByColon(n *html.Node) bool {
	for up := 0; up < 2 && n != nil; up, n = up+1, n.Parent {
		prev := prevContent(n)
		if prev == nil {
			continue
		}
		if prev.Type != html.ElementNode {
			return false // text runs into n
		}
		t := strings.TrimSpace(nodeText(prev, 400))
		return len(t) > 10 && strings.HasSuffix(t, ":") && !hasDescendant(prev, atom.H1) && prev.DataAtom != atom.A
	}
	return false
}

// announcedBySentence reports whether the paragraph before a list is a
// sentence of the text announcing it ("Here are the ones I read:"), not a
// label for related links ("Related posts:", "Read more:"): its items
// are the article's, links and all, even as the last thing in it.
func announcedBySentence(n *html.Node) bool {
	if !introducedByColon(n) {
		return false
	}
	prev := prevContent(n)
	if prev == nil || prev.DataAtom != atom.P {
		return false
	}
	t := strings.TrimSpace(nodeText(prev, 400))
	lt := strings.ToLower(strings.TrimSuffix(t, ":"))
	return len(strings.Fields(t)) >= 3 && !isChromeText(t) && !reEndMarker.MatchString(lt) && !reChromePrefix.MatchString(strings.ToLower(t)) &&
		!recircWordSet().any(lt)
}

// recircWords announce links to the site's other pages ("If you liked
// this post you might also like:", "More helpful articles by ...:").
var recircWordSet = lazyPhraseSet("related", "also like", "might like", "may like", "also enjoy", "might enjoy",
	"more from", "read more", "recommended", "popular", "other posts", "other articles", "more articles",
	"helpful articles", "more posts", "previous post", "next post", "also read", "read next", "more stories",
	"learn more", "our series", "see also", "check out our", "don't miss",
	// and the site's accounts elsewhere.
	"follow us", "find us", "social media", "connect with us", "share this", "subscribe")

// mdURL escapes what would end a markdown link target early.
var mdURL = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E")

func (x *extractor) resolve(href string) string {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return ""
	}
	low := strings.ToLower(href)
	if strings.HasPrefix(low, "javascript:") || strings.HasPrefix(low, "data:") {
		return ""
	}
	if x.base == nil {
		return href
	}
	u, err := x.base.Parse(href)
	if err != nil {
		return href
	}
	return u.String()
}

// screenReaderOnlyClasses are the classes CMSs and CSS frameworks give text
// drawn off-screen for screen readers (Drupal's "Read more<span
// class="element-invisible"> about X</span>", Bootstrap's sr-only,
// WordPress's screen-reader-text): no reader of the page sees it.
var screenReaderOnlyClasses = []string{"element-invisible", "visually-hidden", "visuallyhidden",
	"sr-only", "screen-reader-text", "screen-reader-only", "u-visually-hidden", "show-for-sr"}

// screenReaderOnly reports whether n is text for screen readers only.
func screenReaderOnly(n *html.Node) bool {
	c := nattr(n, "class")
	if c == "" {
		return false
	}
	for _, f := range strings.Fields(c) {
		if slices.Contains(screenReaderOnlyClasses, strings.ToLower(f)) {
			return true
		}
	}
	return false
}
