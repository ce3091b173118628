package search

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	// Indexes built before nameAnalyzer name bleve's "simple" analyzer in
	// their stored mapping: without it registered they fail to open, and
	// a crawl would rebuild the whole index in its own process.
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/simple"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/registry"
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
