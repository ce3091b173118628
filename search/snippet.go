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

// nearTexts are the last hits' texts of a request with the matches found
// in them. A page of hits often holds texts that are mostly the same (a
// page's versions, an article's copies under other URLs): where a text
// shares a long prefix and suffix with one of them, its matches there are
// taken from it and only the stretch between is searched. The matches are
// the same as findMatches' on the whole text (TestNearTextsMatchFindMatches).
type nearTexts struct {
	recent [maxNearTexts]nearText
	next   int
}

type nearText struct {
	text     string
	analyzer string
	matches  [][2]int
	termAt   []string
}

// maxNearTexts bounds the texts compared with each hit: a page of ten
// copies of one text needs one.
const maxNearTexts = 4

// matches are find(text)'s matches, find being findMatches with the
// analyzer named analyzer and called here on a part of text cut at word
// boundaries.
func (n *nearTexts) matches(text, analyzer string, find func(string) ([][2]int, []string)) ([][2]int, []string) {
	best, bestP, bestS := -1, 0, 0
	for k := range n.recent {
		r := &n.recent[k]
		if r.analyzer != analyzer || r.text == "" {
			continue
		}
		p := commonPrefix(r.text, text)
		s := commonSuffix(r.text, text, min(len(r.text), len(text))-p)
		if p+s > bestP+bestS {
			best, bestP, bestS = k, p, s
		}
	}
	var matches [][2]int
	var termAt []string
	if best < 0 || bestP+bestS < len(text)/2 {
		matches, termAt = find(text)
	} else {
		old := &n.recent[best]
		// Words ending before a non-word ASCII byte of the common prefix
		// are the same in both texts, and so are words starting after one
		// in the common suffix; the stretch between is searched.
		lo := bestP
		for lo > 0 && !nonWordByte(text[lo-1]) {
			lo--
		}
		hi := len(text) - bestS
		for hi < len(text) && !nonWordByte(text[hi]) {
			hi++
		}
		delta := len(text) - len(old.text)
		for k, m := range old.matches {
			if m[1] < lo {
				matches = append(matches, m)
				termAt = append(termAt, old.termAt[k])
			}
		}
		mid, midAt := find(text[lo:hi])
		for k, m := range mid {
			matches = append(matches, [2]int{m[0] + lo, m[1] + lo})
			termAt = append(termAt, midAt[k])
		}
		for k, m := range old.matches {
			if m[0] > hi-delta {
				matches = append(matches, [2]int{m[0] + delta, m[1] + delta})
				termAt = append(termAt, old.termAt[k])
			}
		}
	}
	n.recent[n.next] = nearText{text: text, analyzer: analyzer, matches: matches, termAt: termAt}
	n.next = (n.next + 1) % maxNearTexts
	return matches, termAt
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

// commonSuffix is the length of the longest common suffix of a and b, at
// most limit.
func commonSuffix(a, b string, limit int) int {
	i := 0
	for i+64 <= limit && a[len(a)-i-64:len(a)-i] == b[len(b)-i-64:len(b)-i] {
		i += 64
	}
	for i < limit && a[len(a)-i-1] == b[len(b)-i-1] {
		i++
	}
	return i
}
