package pdf

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/archivist-org/archivist/internal/lazyre"
)

// splitRuns groups one line's rectangles, left to right, into runs
// separated by gaps wider than a column gutter could be narrower than.
// words is the number of words in the line's text, size its font size.
func splitRuns(rects []line, words int, size float64) []line {
	slices.SortFunc(rects, func(a, b line) int { return cmp.Compare(a.x0, b.x0) })
	if justified(rects, words, size) {
		whole := rects[0]
		for _, r := range rects[1:] {
			whole = union(whole, r)
		}
		return []line{whole}
	}
	var out []line
	cur := rects[0]
	for _, r := range rects[1:] {
		h := max(cur.height(), r.height())
		if r.x0-cur.x1 > max(1.2*h, 8) {
			out = append(out, cur)
			cur = r
			continue
		}
		cur = union(cur, r)
	}
	return append(out, cur)
}

// justified reports whether rects, sorted by x, are one line of words
// stretched to a full width: the widest gaps, one between each two words,
// all alike and well above the gaps within words. A large font justified
// (a title in Chromium's text-align: justify) leaves gaps between its words
// as wide as a column gutter, but a gutter is wider than the word spaces
// on either side of it, and a table row's gaps follow its cells' widths.
func justified(rects []line, words int, size float64) bool {
	if words < 3 || len(rects) < words || size <= 0 {
		return false
	}
	gaps := make([]float64, len(rects)-1)
	for i := range gaps {
		gaps[i] = rects[i+1].x0 - rects[i].x1
	}
	slices.Sort(gaps)
	within, between := gaps[:len(gaps)-(words-1)], gaps[len(gaps)-(words-1):]
	lo, hi := between[0], between[len(between)-1]
	if len(within) > 0 && within[len(within)-1] >= lo/2 {
		return false
	}
	return lo > 0 && hi-lo <= 0.15*size
}

func union(a, b line) line {
	return line{x0: min(a.x0, b.x0), y0: min(a.y0, b.y0), x1: max(a.x1, b.x1), y1: max(a.y1, b.y1), size: a.size, text: a.text}
}

// bodySize is the body text's font size: the median over all lines.
func bodySize(pages []page) float64 {
	var hs []float64
	for _, p := range pages {
		for _, l := range p.lines {
			if h := l.size; h > 0 {
				hs = append(hs, h)
			}
		}
	}
	if len(hs) == 0 {
		return 10
	}
	sort.Float64s(hs)
	return hs[len(hs)/2]
}

// rePageNumber is a line that is only a page number: "12", "- 12 -",
// "Page 3 of 10", "iv".
var rePageNumber = lazyre.New(`(?i)^[\s\-–—|]*((page|p\.|seite|página|pagina|страница|стр\.)\s*)?([0-9]{1,4}|[ivxlcdm]{1,7})(\s*(of|/|von|de|из)\s*[0-9]{1,4})?[\s\-–—|]*$`)

// marginKey normalises a header or footer line so that the same running
// head on every page compares equal whatever its page number.
func marginKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsDigit(r):
			r = '#'
		case unicode.IsSpace(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// marginLines are the candidates for running heads, feet and page
// numbers: the first two and the last two lines of the page, top to bottom.
func marginLines(p page) []int {
	idx := make([]int, len(p.lines))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(p.lines[a].y0, p.lines[b].y0) })
	if len(idx) <= 4 {
		return idx
	}
	return append(idx[:2:2], idx[len(idx)-2:]...)
}

// dropMargins removes running headers and footers (the same text,
// numbers aside, at the same height in the margin lines of at least half
// the pages) and bare page numbers among the margin lines.
func dropMargins(pages []page) {
	key := func(l line) string {
		return fmt.Sprintf("%s@%d", marginKey(l.text), int(math.Round(l.y0/6)))
	}
	count := map[string]int{}
	margins := make([][]int, len(pages))
	for i, p := range pages {
		margins[i] = marginLines(p)
		seen := map[string]bool{}
		for _, j := range margins[i] {
			k := key(p.lines[j])
			if !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	need := max(2, (len(pages)+1)/2)
	for i := range pages {
		drop := map[int]bool{}
		for _, j := range margins[i] {
			l := pages[i].lines[j]
			if rePageNumber().MatchString(strings.TrimSpace(l.text)) || len(pages) >= 2 && count[key(l)] >= need {
				drop[j] = true
			}
		}
		if len(drop) == 0 {
			continue
		}
		kept := pages[i].lines[:0]
		for j, l := range pages[i].lines {
			if !drop[j] {
				kept = append(kept, l)
			}
		}
		pages[i].lines = kept
	}
}

// interval is a stretch of x free of text: a column gutter.
type interval struct{ lo, hi float64 }

// gutters are the gaps of at least min width in the x projection of ls,
// between its leftmost and rightmost text.
func gutters(ls []line, minGap float64) []interval {
	xs := make([]line, len(ls))
	copy(xs, ls)
	slices.SortFunc(xs, func(a, b line) int { return cmp.Compare(a.x0, b.x0) })
	var out []interval
	right := xs[0].x1
	for _, l := range xs[1:] {
		if l.x0-right >= minGap {
			out = append(out, interval{right, l.x0})
		}
		right = max(right, l.x1)
	}
	return out
}

func crosses(l line, g interval) bool { return l.x0 < g.hi && l.x1 > g.lo }

// bands splits lines, top to bottom, into horizontal bands whose lines
// overlap vertically.
func bands(ls []line) [][]line {
	slices.SortStableFunc(ls, func(a, b line) int { return cmp.Compare(a.y0, b.y0) })
	var out [][]line
	var cur []line
	bottom := 0.0
	for _, l := range ls {
		// A little overlap is leading, not the same band.
		if len(cur) > 0 && l.y0 >= bottom-0.25*l.height() {
			out = append(out, cur)
			cur = nil
		}
		if len(cur) == 0 {
			bottom = l.y1
		}
		cur = append(cur, l)
		bottom = max(bottom, l.y1)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// readingOrder returns the page's lines as blocks (columns or full-width
// stretches) in reading order, each block's lines top to bottom.
//
// It is a form of XY-cut: the page is cut into horizontal bands; runs of
// bands sharing a column gutter (no line of theirs crosses it) form a
// multi-column stretch, which is cut at the gutter into columns read one
// after the other, each column ordered the same way in turn.
func readingOrder(ls []line, minGap float64, depth int) [][]line {
	if len(ls) == 0 {
		return nil
	}
	if depth > 8 || len(ls) == 1 {
		return [][]line{sortedY(ls)}
	}
	type group struct {
		lines []line
		gut   []interval
	}
	var groups []group
	for _, b := range bands(ls) {
		var g []interval
		if len(b) > 1 {
			g = gutters(b, minGap)
		}
		if n := len(groups); n > 0 {
			last := &groups[n-1]
			if len(last.gut) > 0 {
				var keep []interval
				for _, gi := range last.gut {
					ok := true
					for _, l := range b {
						if crosses(l, gi) {
							ok = false
							break
						}
					}
					if ok {
						keep = append(keep, gi)
					}
				}
				if len(keep) > 0 {
					last.gut = keep
					last.lines = append(last.lines, b...)
					continue
				}
			} else if len(g) == 0 {
				last.lines = append(last.lines, b...)
				continue
			}
		}
		groups = append(groups, group{lines: slices.Clone(b), gut: g})
	}
	var out [][]line
	for _, g := range groups {
		if len(g.gut) == 0 {
			out = append(out, sortedY(g.lines))
			continue
		}
		// Narrow each gutter to the group's real free space, then cut.
		cols := make([][]line, len(g.gut)+1)
		for _, l := range g.lines {
			c := 0
			for c < len(g.gut) && l.x0 >= g.gut[c].hi-0.01 {
				c++
			}
			cols[c] = append(cols[c], l)
		}
		for _, c := range cols {
			if len(c) == 0 {
				continue
			}
			if len(c) == len(g.lines) {
				out = append(out, sortedY(c))
				continue
			}
			out = append(out, readingOrder(c, minGap, depth+1)...)
		}
	}
	return out
}

func sortedY(ls []line) []line {
	slices.SortStableFunc(ls, func(a, b line) int {
		if d := a.y0 - b.y0; d > 0.5*min(a.height(), b.height()) || -d > 0.5*min(a.height(), b.height()) {
			return cmp.Compare(a.y0, b.y0)
		}
		return cmp.Compare(a.x0, b.x0)
	})
	return ls
}

// paragraph is text gathered from consecutive lines, with the height of
// its first line (headings stand out by it).
type paragraph struct {
	text   string
	height float64
}

// paragraphs joins a block's lines. A new paragraph starts after a gap
// larger than the usual leading, at a change of font size, or after a short
// line followed by an indented one.
func paragraphs(block []line, body float64) []paragraph {
	var out []paragraph
	var cur []string
	var curH float64
	left, right := block[0].x0, block[0].x1
	for _, l := range block {
		left, right = min(left, l.x0), max(right, l.x1)
	}
	flush := func() {
		if len(cur) > 0 {
			out = append(out, paragraph{text: joinLines(cur), height: curH})
		}
		cur = nil
	}
	for i, l := range block {
		if i > 0 {
			prev := block[i-1]
			gap := l.y0 - prev.y1
			h := max(l.size, 1)
			sizeChange := absf(l.size-prev.size) > 0.15*max(prev.size, h)
			shortPrev := prev.x1 < right-3*body && l.x0 > left+0.5*body
			if gap > 0.8*min(h, body*1.5) || sizeChange || shortPrev || gap < -h {
				flush()
			}
		}
		if len(cur) == 0 {
			curH = l.size
		}
		cur = append(cur, l.text)
	}
	flush()
	return out
}

func absf(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// joinLines joins lines with a space, or with nothing where a word was
// hyphenated at the line end.
func joinLines(ls []string) string {
	var b strings.Builder
	for _, s := range ls {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if b.Len() > 0 {
			prev := b.String()
			if stem, ok := hyphenated(prev, s); ok {
				b.Reset()
				b.WriteString(stem)
			} else if !closeUp(prev, s) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(s)
	}
	return b.String()
}

// hyphenated reports whether prev ends with a word broken at the line
// end, and returns prev without the hyphen. A soft hyphen (or PDFium's
// mark for one) is never text; a hard hyphen is dropped only between
// letters with the next line going on in lower case ("recog- nised").
func hyphenated(prev, next string) (string, bool) {
	r, size := utf8.DecodeLastRuneInString(prev)
	stem := prev[:len(prev)-size]
	switch r {
	case '\u00ad', '\x02':
		return stem, true
	case '-', '\u2010':
		before, _ := utf8.DecodeLastRuneInString(stem)
		first, _ := utf8.DecodeRuneInString(next)
		if unicode.IsLetter(before) && unicode.IsLower(first) {
			return stem, true
		}
	}
	return prev, false
}

// closeUp reports whether two lines join without a space: Chinese and
// Japanese run on across line breaks.
func closeUp(prev, next string) bool {
	last, _ := utf8.DecodeLastRuneInString(prev)
	first, _ := utf8.DecodeRuneInString(next)
	return isCJK(last) && isCJK(first)
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) ||
		r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef
}

// clean maps ligatures and presentation forms to plain letters and drops
// control and private-use characters that fonts without a proper encoding
// leave behind.
func clean(s string) string {
	s = cyrillicFromLatin1(s)
	var b strings.Builder
	b.Grow(len(s))
	next := func(i int) rune {
		r, _ := utf8.DecodeRuneInString(s[min(i+1, len(s)):])
		return r
	}
	var pendingAccent rune
	for i, r := range s {
		if pendingAccent != 0 && unicode.IsLetter(r) {
			b.WriteRune(r)
			b.WriteRune(pendingAccent)
			pendingAccent = 0
			continue
		}
		pendingAccent = 0
		switch {
		case r >= 0xFB00 && r <= 0xFB06:
			b.WriteString(ligatures[r-0xFB00])
		case r <= 0x08:
			// TeX's T1/T2A accents 0x00–0x08 (\accent: the accent, then the letter;
			// 0x09 and 0x0A, macron and dot, are also tab and newline)
			// in fonts without a ToUnicode map: a combining mark after the
			// letter, composed by NFC below.
			pendingAccent = texAccents[r]
			continue
		case r == 0x0b && strings.ContainsRune("cCsStT", next(i)):
			pendingAccent = '\u0327' // T1 cedilla; OT1 ff otherwise
			continue
		case r < 0x20 && texLigatures[r] != "":
			// TeX fonts without a ToUnicode map (Type 3 bitmaps, old
			// Type 1) leave their ligature slots as control codes.
			b.WriteString(texLigatures[r])
		case r == '\u00a0' || r == '\u2002' || r == '\u2003' || r == '\u2009' || r == '\t':
			b.WriteByte(' ')
		case r == '\u00ad' || r == '\x02':
			// Soft hyphens left inside a line are invisible.
		case r == '\u0640':
			// Tatweel (kashida) stretches Arabic words to justify a
			// line: layout, not a letter of the word.
		case r == '\n':
			b.WriteRune(r)
		case r == utf8.RuneError, unicode.Is(unicode.Co, r), unicode.IsControl(r), r == '\ufffe', r == '\uffff':
		default:
			b.WriteRune(r)
		}
	}
	if !composed(b.String()) {
		return norm.NFC.String(b.String())
	}
	return b.String()
}

// cyrillicFromLatin1 undoes a TeX T2A font without a ToUnicode map: its
// Cyrillic letters sit where Latin-1 has À–ÿ, so such text reads as runs
// of accented Latin letters. No Latin-script language writes most of its
// letters in that range, so a text that does is remapped to А–я.
func cyrillicFromLatin1(s string) string {
	hi, letters := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if r >= 0xc0 && r <= 0xff && r != 0xd7 && r != 0xf7 {
				hi++
			}
		}
	}
	if letters < 8 || hi*10 < letters*6 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= 0xc0 && r <= 0xff { // × and ÷ are Ч and ч here
			return r + 0x350
		}
		return r
	}, s)
}

// composed reports whether s has no combining marks to compose.
func composed(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			return false
		}
	}
	return true
}

// texAccents are the accent slots 0x00–0x0A of TeX's T1 and T2A encodings
// as combining marks.
var texAccents = [...]rune{'\u0300', '\u0301', '\u0302', '\u0303', '\u0308', '\u030b', '\u030a', '\u030c', '\u0306', '\u0304', '\u0307'}

var ligatures = [...]string{"ff", "fi", "fl", "ffi", "ffl", "st", "st"}

// texLigatures are the ligature slots of TeX's OT1 (0x0B–0x0F) and T1
// (0x1B–0x1F) font encodings. 0x0D (fl in OT1) is left out: it is also a
// carriage return.
var texLigatures = [0x20]string{
	0x0b: "ff", 0x0c: "fi", 0x0e: "ffi", 0x0f: "ffl",
	0x1b: "ff", 0x1c: "fi", 0x1d: "fl", 0x1e: "ffi", 0x1f: "ffl",
}
