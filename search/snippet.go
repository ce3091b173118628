package search

import (
	"bytes"
	"encoding/binary"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// candidateWords returns, in text order, the words of text whose lower
// case contains one of the needles: a byte search of a lower-cased copy
// finds them, so a snippet over a long text analyses only those words
// instead of walking every one. ok is false where the byte search cannot
// mirror appendLower exactly: an empty needle or one with too many case
// forms (caseForms), text that is not valid UTF-8 or holds a non-ASCII
// letter whose lower case is ASCII. The caller then scans every word.
func candidateWords(text string, needles [][]byte) (words [][2]int, ok bool) {
	var spelt [][]byte
	for _, n := range needles {
		if len(n) == 0 {
			return nil, false
		}
		forms := caseForms(n)
		if forms == nil {
			return nil, false
		}
		spelt = append(spelt, forms...)
	}
	needles = spelt
	buf := lowerBufs.Get().(*[]byte)
	defer lowerBufs.Put(buf)
	*buf = slices.Grow((*buf)[:0], len(text))[:len(text)]
	lower, ascii := asciiLower(*buf, text)
	if !ascii && (!utf8.ValidString(text) || slices.ContainsFunc(lowersToASCII, func(r string) bool { return strings.Contains(text, r) })) {
		return nil, false
	}
	// Each needle's next occurrence; the nearest one is taken each time,
	// so words come in text order without sorting (sorting was a third
	// of the search on a 90 KB text).
	next := make([]int, len(needles))
	find := func(k, from int) {
		if i := bytes.Index(lower[from:], needles[k]); i >= 0 {
			next[k] = from + i
		} else {
			next[k] = -1
		}
	}
	for k := range needles {
		find(k, 0)
	}
	for {
		k := -1
		for j, at := range next {
			if at >= 0 && (k < 0 || at < next[k]) {
				k = j
			}
		}
		if k < 0 {
			break
		}
		at := next[k]
		start, end := wordAround(text, at)
		if at+len(needles[k]) > end { // not within one word
			find(k, at+1)
			continue
		}
		words = append(words, [2]int{start, end})
		for j, o := range next {
			if o >= 0 && o < end {
				find(j, end)
			}
		}
	}
	return words, true
}

// lowerBufs hold asciiLower's copies: a result page's texts are up to
// 90 KB each.
var lowerBufs = sync.Pool{New: func() any { return new([]byte) }}

// lowersToASCII are the only non-ASCII runes unicode.ToLower maps to ASCII
// (İ to i, the Kelvin sign to k): in a text they would match a needle that
// asciiLower cannot see.
// (strings.Contains each: strings.ContainsAny decodes every rune).
var lowersToASCII = []string{"\u0130", "\u212a"}

// asciiLower writes text's bytes to dst (len(text) long) with ASCII
// letters in lower case, and reports whether text is all ASCII. It works
// on eight bytes at a time: the byte loop was a fifth of a long text's
// byte search.
func asciiLower(dst []byte, text string) ([]byte, bool) {
	copy(dst, text)
	const high = 0x8080808080808080
	var seen uint64
	i := 0
	for ; i+8 <= len(dst); i += 8 {
		w := binary.LittleEndian.Uint64(dst[i:])
		seen |= w
		low := w &^ high                // each byte's low 7 bits: the sums below cannot carry into the next byte
		geA := low + 0x3f3f3f3f3f3f3f3f // high bit set where the byte >= 'A'
		gtZ := low + 0x2525252525252525 // high bit set where the byte > 'Z'
		upper := geA &^ gtZ &^ w & high // and the byte is ASCII
		binary.LittleEndian.PutUint64(dst[i:], w|upper>>2)
	}
	for ; i < len(dst); i++ {
		c := dst[i]
		seen |= uint64(c)
		if 'A' <= c && c <= 'Z' {
			dst[i] = c + 'a' - 'A'
		}
	}
	return dst, seen&high == 0
}

// caseForms are the spellings of needle n as asciiLower leaves a text
// whose appendLower holds n: its ASCII letters in lower case, each other
// rune as any rune lower-casing to it (ü as ü or Ü). nil where there are
// too many to search for, or n is not valid UTF-8.
func caseForms(n []byte) [][]byte {
	forms := [][]byte{nil}
	for len(n) > 0 {
		r, size := utf8.DecodeRune(n)
		if r == utf8.RuneError && size == 1 {
			return nil
		}
		n = n[size:]
		variants := []rune{r}
		if r >= utf8.RuneSelf {
			variants = variants[:0]
			for v := r; ; {
				if unicode.ToLower(v) == r {
					variants = append(variants, v)
				}
				if v = unicode.SimpleFold(v); v == r {
					break
				}
			}
		}
		if len(variants) == 0 {
			return [][]byte{} // no word's lower case holds n
		}
		if len(forms)*len(variants) > maxCaseForms {
			return nil
		}
		var next [][]byte
		for _, f := range forms {
			for _, v := range variants {
				next = append(next, utf8.AppendRune(slices.Clip(f), v))
			}
		}
		forms = next
	}
	return forms
}

// maxCaseForms bounds the byte searches per needle: past it, the word walk
// costs less.
const maxCaseForms = 8

// wordAround is the word (as findMatches cuts them) holding byte at, a
// rune boundary; start == end where that byte is not in a word.
func wordAround(text string, at int) (start, end int) {
	start = at
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:start])
		if !isWordRune(r) {
			break
		}
		start -= n
	}
	end = at
	for end < len(text) {
		r, n := utf8.DecodeRuneInString(text[end:])
		if !isWordRune(r) {
			break
		}
		end += n
	}
	if end == at {
		return at, at
	}
	return start, end
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || r == '\'' || r == '’'
}

// nearTexts are the last texts a request's hits showed, with the matches
// found in them. A page of hits often holds texts that are mostly the
// same (a page's versions, an article's copies under other URLs): a text
// is aligned with the one of them it shares most with, stretch by
// stretch (a paragraph changed, one added or cut), and takes its matches
// in the common stretches from it; only the stretches between are
// searched. A common stretch is cut at non-word bytes, so its words are
// the same in both texts and the matches are findMatches' on the whole
// text (TestNearTextsMatchFindMatches).
type nearTexts struct {
	recent [maxNearTexts]nearText
	next   int
}

type nearText struct {
	text     string
	analyzer string
	anchors  [nearAnchors]string
	matches  [][2]int
	termAt   []string
}

// nearAnchors are the lines (their first minAnchor bytes) of a text that
// tell whether another text may be near it: only a text sharing one is
// aligned with it, so that a page of unrelated texts costs no alignment.
const nearAnchors = 4

// anchorsOf are the first nearAnchors lines of text at least minAnchor
// long, cut to minAnchor bytes.
func anchorsOf(text string) (out [nearAnchors]string) {
	n := 0
	for at := 0; at < len(text) && n < nearAnchors; {
		end := lineEnd(text, at)
		if end-at >= minAnchor {
			out[n] = text[at : at+minAnchor]
			n++
		}
		at = end + 1
	}
	return out
}

// shareAnchor tells whether a and b have an anchor in common.
func shareAnchor(a, b *[nearAnchors]string) bool {
	for _, x := range a {
		if x == "" {
			break
		}
		if slices.Contains(b[:], x) {
			return true
		}
	}
	return false
}

// maxNearTexts bounds the texts each hit's is aligned with: a page of
// copies of two alternating texts needs two.
const maxNearTexts = 4

// common is a stretch of a text, [at, end), the same as the earlier
// text's from at-shift.
type common struct{ at, end, shift int }

// matches are find(text)'s matches, find being findMatches with the
// analyzer named analyzer, called here on stretches of text cut at
// non-word bytes.
func (n *nearTexts) matches(text, analyzer string, find func(string) ([][2]int, []string)) ([][2]int, []string) {
	var best *nearText
	var bestC []common
	bestN := 0
	anchors := anchorsOf(text)
	for k := range n.recent {
		r := &n.recent[k]
		if r.analyzer != analyzer || r.text == "" || !shareAnchor(&anchors, &r.anchors) {
			continue
		}
		c := align(text, r.text)
		m := 0
		for _, s := range c {
			m += s.end - s.at
		}
		if m > bestN {
			best, bestC, bestN = r, c, m
		}
	}
	var matches [][2]int
	var termAt []string
	if best == nil || bestN < len(text)/2 {
		matches, termAt = find(text)
	} else {
		add := func(m [][2]int, at []string, shift int) {
			for _, w := range m {
				matches = append(matches, [2]int{w[0] + shift, w[1] + shift})
			}
			termAt = append(termAt, at...)
		}
		pending := 0 // the start of the text left to search
		for _, c := range bestC {
			// lo and hi are non-word bytes (or the texts' ends, where
			// both texts end there): no word crosses them.
			lo := c.at - 1
			if !(c.at == 0 && c.shift == 0) {
				for lo = c.at; lo < c.end && !nonWordByte(text[lo]); lo++ {
				}
			}
			hi := c.end
			if !(c.end == len(text) && c.end-c.shift == len(best.text)) {
				for hi = c.end - 1; hi > lo && !nonWordByte(text[hi]); hi-- {
				}
			}
			if hi-lo < minNearRun {
				continue
			}
			if pending < lo+1 {
				m, t := find(text[pending : lo+1])
				add(m, t, pending)
			}
			from := sort.Search(len(best.matches), func(k int) bool { return best.matches[k][0] > lo-c.shift })
			to := from
			for to < len(best.matches) && best.matches[to][1] <= hi-c.shift {
				to++
			}
			add(best.matches[from:to], best.termAt[from:to], c.shift)
			pending = hi
		}
		if pending < len(text) {
			m, t := find(text[pending:])
			add(m, t, pending)
		}
	}
	n.recent[n.next] = nearText{text: text, analyzer: analyzer, anchors: anchors, matches: matches, termAt: termAt}
	n.next = (n.next + 1) % maxNearTexts
	return matches, termAt
}

// minNearRun is the shortest common stretch taken from the earlier text:
// a search of the text around it costs less than a search of its own.
const minNearRun = 256

// align finds the stretches text has in common with old, in order: the
// longest common prefix from where both texts are, then, past a
// difference, the same from the next line of text that old holds a little
// further on (found by its first minAnchor bytes).
func align(text, old string) []common {
	var out []common
	i, j := 0, 0
	for i < len(text) && j < len(old) {
		if p := commonPrefix(text[i:], old[j:]); p > 0 {
			out = append(out, common{at: i, end: i + p, shift: i - j})
			i, j = i+p, j+p
		}
		// A few searches for the next lines: one where nothing is common
		// yet, so an unrelated text costs one search.
		searches := 4
		if len(out) == 0 {
			searches = 1
		}
		found, from := false, i
		for lines := 0; lines < 16 && searches > 0 && !found; lines++ {
			nl := strings.IndexByte(text[i:], '\n')
			if nl < 0 {
				break
			}
			i += nl + 1
			if lineEnd(text, i)-i < minAnchor {
				continue
			}
			searches--
			// Where old has the line is near where text has it: a
			// stretch added or cut is not longer than maxNearGap.
			if k := strings.Index(old[j:min(len(old), j+i-from+maxNearGap)], text[i:i+minAnchor]); k >= 0 {
				j += k
				found = true
			}
		}
		if !found {
			break
		}
	}
	return out
}

// maxNearGap is the longest stretch align looks past in the earlier text.
const maxNearGap = 8 << 10

// minAnchor is the shortest line align resynchronises on.
const minAnchor = 32

// lineEnd is the index of the line break ending the line starting at
// text[at], len(text) for the last line.
func lineEnd(text string, at int) int {
	if i := strings.IndexByte(text[at:], '\n'); i >= 0 {
		return at + i
	}
	return len(text)
}

// nonWordByte tells an ASCII byte that no word holds: it ends the word
// before it, and a text cut after it cuts no word.
func nonWordByte(c byte) bool {
	return c < utf8.RuneSelf && !isWordRune(rune(c))
}

// commonPrefix is the length of the longest common prefix of a and b.
func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i+64 <= n && a[i:i+64] == b[i:i+64] {
		i += 64
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}
