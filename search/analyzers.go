package search

import (
	"bytes"
	"hash/maphash"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	// Indexes built before nameAnalyzer name bleve's "simple" analyzer in
	// their stored mapping: without it registered they fail to open, and
	// a crawl would rebuild the whole index in its own process.
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/simple"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/go-porterstemmer"
	"github.com/blevesearch/segment"
)

// nameAnalyzer analyses the short fields (author, topic) as bleve's
// "simple" analyzer does (runs of letters, lower-cased: the same tokens at
// the same positions), without its tokenizer's 1024-token slice (8 KB) per
// value: a fifth of the bytes a rebuild allocated.
const nameAnalyzer = "archivist_simple"

const letterTokenizerName = "archivist_letter"

func init() {
	registry.RegisterTokenizer(letterTokenizerName, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return letterTokenizer{}, nil
	})
	registry.RegisterAnalyzer(nameAnalyzer, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		tok, err := cache.TokenizerNamed(letterTokenizerName)
		if err != nil {
			return nil, err
		}
		lower, err := cache.TokenFilterNamed(lowercase.Name)
		if err != nil {
			return nil, err
		}
		return &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: []analysis.TokenFilter{lower}}, nil
	})
}

// letterTokenizer is bleve's letter tokenizer (character.CharacterTokenizer
// with unicode.IsLetter), to the byte, including its stop at the first
// invalid UTF-8 sequence; only its token slice starts small.
type letterTokenizer struct{}

func (letterTokenizer) Tokenize(input []byte) analysis.TokenStream {
	var rv analysis.TokenStream
	offset, start, end, count := 0, 0, 0, 0
	emit := func() {
		rv = append(rv, &analysis.Token{Term: input[start:end], Start: start, End: end,
			Position: count + 1, Type: analysis.AlphaNumeric})
		count++
	}
	for r, size := utf8.DecodeRune(input); r != utf8.RuneError; r, size = utf8.DecodeRune(input[offset:]) {
		if unicode.IsLetter(r) {
			end = offset + size
		} else {
			if end-start > 0 {
				emit()
			}
			start = offset + size
			end = start
		}
		offset += size
	}
	if end-start > 0 {
		emit()
	}
	return rv
}

// Analysis is a fifth of a rebuild's CPU, and half of it was bleve's
// unicode tokenizer and its Porter stemmer (30k versions of corpus pages:
// 12.6 and 6.3 of 105 s). Both are replaced, in the cache of every mapping
// this code builds, by stand-ins under the same names that make the same
// tokens: the stored mapping is unchanged, an index built with either
// answers alike, and an older archivist reads it as before.
const (
	fastUnicodeType  = "archivist_unicode"
	cachedPorterType = "archivist_porter"
)

func init() {
	registry.RegisterTokenizer(fastUnicodeType, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return fastUnicodeTokenizer{}, nil
	})
	registry.RegisterTokenFilter(cachedPorterType, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return cachedPorter{}, nil
	})
}

// useFastAnalysis defines the stand-ins in im's cache, before any analyzer
// is built from it; the mapping's JSON is left as it is.
func useFastAnalysis(im *mapping.IndexMappingImpl) {
	if im.AddCustomTokenizer(unicodetok.Name, map[string]interface{}{"type": fastUnicodeType}) == nil {
		delete(im.CustomAnalysis.Tokenizers, unicodetok.Name)
	}
	if im.AddCustomTokenFilter(porter.Name, map[string]interface{}{"type": cachedPorterType}) == nil {
		delete(im.CustomAnalysis.TokenFilters, porter.Name)
	}
}

// bleveUnicode is the tokenizer fastUnicodeTokenizer stands for.
var bleveUnicode = unicodetok.NewUnicodeTokenizer()

// Classes of ASCII bytes in Unicode word segmentation (UAX #29, as
// blevesearch/segment has them).
const (
	wbOther     = iota
	wbLetter    // ALetter
	wbDigit     // Numeric
	wbUnder     // ExtendNumLet: "_"
	wbMidLetter // MidLetter: ":"
	wbMidNum    // MidNum: "," ";"
	wbMidBoth   // MidNumLet and Single_Quote: "." "'"
)

var wbClass = func() (c [utf8.RuneSelf]uint8) {
	for b := 'a'; b <= 'z'; b++ {
		c[b], c[b-'a'+'A'] = wbLetter, wbLetter
	}
	for b := '0'; b <= '9'; b++ {
		c[b] = wbDigit
	}
	c['_'], c[':'], c[','], c[';'], c['.'], c['\''] = wbUnder, wbMidLetter, wbMidNum, wbMidNum, wbMidBoth, wbMidBoth
	return c
}()

// fastUnicodeTokenizer makes the tokens of bleve's unicode tokenizer.
// Word segmentation never joins across a space, tab or line feed followed by
// an ASCII character (none is Extend or Format, which would join the
// space): the text is cut there into chunks, each segmented alone. A chunk
// of ASCII is segmented here by UAX #29's rules for ASCII, the others by
// blevesearch/segment's machine in one pass (bleve runs it once per word,
// with two allocations per word and per space between). Should the machine
// stop short of a chunk's end, the whole text is handed to bleve's
// tokenizer, which stops at that point.
type fastUnicodeTokenizer struct{}

func (fastUnicodeTokenizer) Tokenize(input []byte) analysis.TokenStream {
	toks := make([]analysis.Token, 0, len(input)/6+1)
	boundary := func(p int) bool {
		b := input[p-1]
		return (b == ' ' || b == '\t' || b == '\n') && input[p] < utf8.RuneSelf
	}
	var vals [][]byte
	var types []int
	for i := 0; i < len(input); {
		k := i
		for k < len(input) && input[k] < utf8.RuneSelf {
			k++
		}
		if k == len(input) {
			toks = asciiWords(toks, input, i, k)
			break
		}
		a := k
		for a > i && !boundary(a) {
			a--
		}
		toks = asciiWords(toks, input, i, a)
		c := k + 1
		for c < len(input) && !boundary(c) {
			c++
		}
		var n int
		var err error
		vals, types, n, err = segment.SegmentWordsDirect(input[a:c], vals[:0], types[:0])
		if err != nil || n < c-a {
			// bleve's tokenizer stops where the machine does (invalid
			// UTF-8 after a word).
			return bleveUnicode.Tokenize(input)
		}
		start := a
		for j, v := range vals {
			end := start + len(v)
			if types[j] != segment.None {
				toks = append(toks, analysis.Token{Term: v, Start: start, End: end, Type: segmentType(types[j])})
			}
			start = end
		}
		i = c
	}
	if len(toks) == 0 {
		return analysis.TokenStream{}
	}
	rv := make(analysis.TokenStream, len(toks))
	for j := range toks {
		toks[j].Position = j + 1
		rv[j] = &toks[j]
	}
	return rv
}

// asciiWords appends the words of input[from:to], ASCII text that starts
// and ends at a chunk's edges.
func asciiWords(toks []analysis.Token, input []byte, from, to int) []analysis.Token {
	for j := from; j < to; {
		c := wbClass[input[j]]
		if c != wbLetter && c != wbDigit && c != wbUnder {
			j++
			continue
		}
		start := j
		letters, digits := c == wbLetter, c == wbDigit
		for j++; j < to; j++ {
			c := wbClass[input[j]]
			if c == wbLetter || c == wbDigit || c == wbUnder {
				letters = letters || c == wbLetter
				digits = digits || c == wbDigit
				continue
			}
			// WB6/7: a letter, MidLetter or MidNumLet, a letter; WB11/12:
			// a digit, MidNum or MidNumLet, a digit.
			if j+1 < to && c >= wbMidLetter {
				p, n := wbClass[input[j-1]], wbClass[input[j+1]]
				if p == n && (p == wbLetter && c != wbMidNum || p == wbDigit && c != wbMidLetter) {
					j++
					continue
				}
			}
			break
		}
		typ := analysis.AlphaNumeric
		if digits && !letters {
			typ = analysis.Numeric
		}
		toks = append(toks, analysis.Token{Term: input[start:j], Start: start, End: j, Type: typ})
	}
	return toks
}

// segmentType is bleve's token type for a segment's word type.
func segmentType(t int) analysis.TokenType {
	switch t {
	case segment.Ideo, segment.Kana:
		return analysis.Ideographic
	case segment.Number:
		return analysis.Numeric
	}
	return analysis.AlphaNumeric
}

// cachedPorter is bleve's Porter stemmer (English) with a cache of stems:
// a word's stem is a function of its bytes, and a few thousand words are
// most of a text. The cache is a fixed array of slots, each holding the
// last word hashed to it, read and replaced without a lock. The stem
// handed out is shared: nothing after the stemmer in bleve's English
// analyzer changes a term in place.
type cachedPorter struct{}

type stemEntry struct {
	word string
	stem []byte
}

var (
	stemSeed  = maphash.MakeSeed()
	stemCache [1 << 15]atomic.Pointer[stemEntry]
)

func (cachedPorter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, token := range input {
		if token.KeyWord {
			continue
		}
		slot := &stemCache[maphash.Bytes(stemSeed, token.Term)%uint64(len(stemCache))]
		if e := slot.Load(); e != nil && e.word == string(token.Term) {
			token.Term = e.stem
			continue
		}
		word := string(token.Term)
		stem := analysis.BuildTermFromRunes(porterstemmer.StemWithoutLowerCasing(bytes.Runes(token.Term)))
		slot.Store(&stemEntry{word, stem})
		token.Term = stem
	}
	return input
}
