package search

import (
	"strings"
	"sync"
	"unicode"

	"github.com/archivist-org/archivist/archive"
)

// docLang is the record's language as a lower-case base tag ("fr-FR" →
// "fr"); when the page did not say, a guess from its text (stop words and
// script), "" when unsure.
func docLang(r *archive.Record) string {
	if l := baseLang(r.Language); l != "" {
		return l
	}
	return guessLang(r.Text)
}

func baseLang(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) < 2 || len(tag) > 3 {
		return ""
	}
	for _, c := range tag {
		if c < 'a' || c > 'z' {
			return ""
		}
	}
	return tag
}

// Frequent function words of the languages we stem; enough to tell them
// apart on a few hundred words.
var stopSets = map[string][]string{
	"en": {"the", "and", "of", "to", "in", "is", "that", "for", "it", "with", "was", "on", "are", "as", "by", "this", "be", "from", "have", "not"},
	"fr": {"le", "la", "les", "et", "des", "du", "un", "une", "est", "que", "pour", "dans", "qui", "pas", "sur", "au", "avec", "ce", "il", "sont"},
	"de": {"der", "die", "und", "das", "den", "ist", "nicht", "von", "zu", "mit", "sich", "des", "auf", "für", "ein", "eine", "auch", "dem", "im", "wird"},
	"es": {"el", "la", "los", "las", "y", "que", "en", "del", "por", "con", "una", "para", "es", "se", "su", "al", "lo", "como", "más", "pero"},
	"it": {"il", "di", "che", "è", "e", "la", "per", "un", "non", "una", "sono", "della", "del", "con", "nel", "gli", "alla", "anche", "come", "più"},
	"pt": {"o", "de", "que", "e", "do", "da", "em", "um", "para", "com", "não", "uma", "os", "no", "se", "na", "por", "mais", "as", "dos"},
	"nl": {"de", "het", "een", "en", "van", "is", "dat", "niet", "op", "te", "zijn", "voor", "met", "die", "ook", "als", "maar", "bij", "wordt", "er"},
}

// stopIndex maps each stop word to the languages it is one of; built at
// first use.
var stopIndex = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for lang, words := range stopSets {
		for _, w := range words {
			m[w] = append(m[w], lang)
		}
	}
	return m
})

// guessLang guesses the language of up to the first 400 words of text.
func guessLang(text string) string {
	var arabic, cyrillic, latin int
	counts := map[string]int{}
	words := 0
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if words >= 400 {
			break
		}
		words++
		r := []rune(w)[0]
		switch {
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
		for _, l := range stopIndex()[strings.ToLower(w)] {
			counts[l]++
		}
	}
	if words == 0 {
		return ""
	}
	switch {
	case arabic*2 > words:
		return "ar"
	case cyrillic*2 > words:
		return "ru"
	case latin*2 <= words:
		return ""
	}
	best, n := "", 0
	for l, c := range counts {
		if c > n || (c == n && l < best) {
			best, n = l, c
		}
	}
	if n*10 < words { // under 10% function words: unsure
		return ""
	}
	return best
}
