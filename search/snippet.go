package search

import (
	"bytes"
	"encoding/binary"
	"slices"
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

// nearTexts are the lines of the texts a request's hits have shown so
// far, with the matches found in them. A page of hits often holds texts
// that are mostly the same (a page's versions, an article's copies under
// other URLs, boilerplate paragraphs): a line seen before takes its
// matches from there, and only the stretches of lines not seen are
// searched. No word spans a line break, so the matches are findMatches'
// on the whole text (TestNearTextsMatchFindMatches).
type nearTexts struct {
	lines map[string]map[string]seenLine // by analyzer name, by line
	kept  int                            // the bytes of the texts lines keeps
}

// maxNearBytes bounds the texts a request keeps for their lines: a
// thousand hits of long texts are not all kept in memory.
const maxNearBytes = 8 << 20

// seenLine is a line's matches, as offsets in the text it was seen in
// (at off).
type seenLine struct {
	matches [][2]int
	termAt  []string
	off     int
}

// matches are find(text)'s matches, find being findMatches with the
// analyzer named analyzer, called here on runs of text's lines.
func (n *nearTexts) matches(text, analyzer string, find func(string) ([][2]int, []string)) ([][2]int, []string) {
	if n.lines == nil || n.kept+len(text) > maxNearBytes {
		n.lines, n.kept = map[string]map[string]seenLine{}, 0
	}
	n.kept += len(text)
	seen := n.lines[analyzer]
	if seen == nil {
		seen = map[string]seenLine{}
		n.lines[analyzer] = seen
	}
	var matches [][2]int
	var termAt []string
	add := func(m [][2]int, at []string, shift int) {
		if matches == nil && shift == 0 && len(m) > 0 { // the whole text searched
			matches, termAt = m, at
			return
		}
		for _, w := range m {
			matches = append(matches, [2]int{w[0] + shift, w[1] + shift})
		}
		termAt = append(termAt, at...)
	}
	pending := 0 // the start of the lines not seen before
	for at := 0; at < len(text); {
		end := lineEnd(text, at)
		if end == at { // an empty line: nothing to search
			if pending == at {
				pending = at + 1
			}
		} else if l, ok := seen[text[at:end]]; ok {
			if pending < at {
				m, t := find(text[pending:at])
				add(m, t, pending)
			}
			add(l.matches, l.termAt, at-l.off)
			pending = end + 1
		}
		at = end + 1
	}
	if pending < len(text) {
		m, t := find(text[pending:])
		add(m, t, pending)
	}
	k := 0
	for at := 0; at < len(text); {
		end := lineEnd(text, at)
		for k < len(matches) && matches[k][0] < at {
			k++
		}
		j := k
		for j < len(matches) && matches[j][1] <= end {
			j++
		}
		if line := text[at:end]; end > at {
			if _, ok := seen[line]; !ok {
				seen[line] = seenLine{matches: matches[k:j:j], termAt: termAt[k:j:j], off: at}
			}
		}
		k = j
		at = end + 1
	}
	return matches, termAt
}

// lineEnd is the index of the line break ending the line starting at
// text[at], len(text) for the last line.
func lineEnd(text string, at int) int {
	if i := strings.IndexByte(text[at:], '\n'); i >= 0 {
		return at + i
	}
	return len(text)
}
