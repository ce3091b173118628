package search

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// candidateWords returns, in text order, the words of text whose lower
// case contains one of the needles: a byte search of a lower-cased copy
// finds them, so a snippet over a long text analyses only those words
// instead of walking every one. ok is false where the byte search cannot
// mirror appendLower exactly: a needle that is empty or not ASCII, text
// that is not valid UTF-8 or holds a non-ASCII letter whose lower case is
// ASCII. The caller then scans every word.
func candidateWords(text string, needles [][]byte) (words [][2]int, ok bool) {
	for _, n := range needles {
		if len(n) == 0 || !isASCII(n) {
			return nil, false
		}
	}
	lower, ascii := asciiLower(make([]byte, len(text)), text)
	if !ascii && (!utf8.ValidString(text) || slices.ContainsFunc(lowersToASCII, func(r string) bool { return strings.Contains(text, r) })) {
		return nil, false
	}
	for _, n := range needles {
		for from := 0; from < len(lower); {
			i := bytes.Index(lower[from:], n)
			if i < 0 {
				break
			}
			at := from + i
			start, end := wordAround(text, at)
			if at+len(n) <= end {
				words = append(words, [2]int{start, end})
				from = end
			} else {
				from = at + 1
			}
		}
	}
	if len(needles) > 1 {
		slices.SortFunc(words, func(a, b [2]int) int { return a[0] - b[0] })
		words = slices.Compact(words)
	}
	return words, true
}

// lowersToASCII are the only non-ASCII runes unicode.ToLower maps to ASCII
// (İ to i, the Kelvin sign to k): in a text they would match a needle that
// asciiLower cannot see.
// (strings.Contains each: strings.ContainsAny decodes every rune).
var lowersToASCII = []string{"\u0130", "\u212a"}

// asciiLower writes text's bytes to dst (len(text) long) with ASCII
// letters in lower case, and reports whether text is all ASCII.
func asciiLower(dst []byte, text string) ([]byte, bool) {
	var high byte
	for i := 0; i < len(text); i++ {
		c := text[i]
		high |= c
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst[i] = c
	}
	return dst, high < utf8.RuneSelf
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

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
