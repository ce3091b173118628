package search

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/it"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/util"
)

// Opening a bleve index decodes the mapping stored in it (21 KB of JSON):
// 1.6 ms of CPU, more in a fresh process, as long as a query over a few
// thousand hits. Bleve's mapping types decode their JSON a level at a time,
// each level checking and copying all of its part again (six levels). The
// mappings this code builds, the current one and that of indexes made
// before nameAnalyzer, are recognised by the digest of their stored bytes
// (bleve stores util.MarshalJSON of the mapping) and built in code instead
// (0.03 ms);
// any other mapping is decoded as before.
func init() {
	decode := util.UnmarshalJSON
	util.UnmarshalJSON = func(data []byte, v any) error {
		if p, ok := v.(**mapping.IndexMappingImpl); ok {
			if m := builtMapping(data); m != nil {
				*p = m
				return nil
			}
		}
		return decode(data, v)
	}
}

// mappingDigests are the SHA-256 of the JSON bleve stores for the
// mappings this code builds, by the analyzer of their names: nameAnalyzer,
// and bleve's "simple" in indexes made before it. Made at open, the JSON
// cost a fresh process a third of a millisecond; TestBuiltMappingAsDecoded
// fails with the new digest when newMappingNamed changes (a stale digest
// would only cost the decoding).
var mappingDigests = map[string]string{
	nameAnalyzer: "c55d961986f0b1c7226424df9b227f16dbe9132881688142e52902880ec3bc66",
	"simple":     "76212f81860e34b4492135e17ece45651c54cb4521c89589f43b2da524c77ef3",
}

// builtMapping returns the mapping whose stored JSON is data if this code
// builds it, else nil.
func builtMapping(data []byte) *mapping.IndexMappingImpl {
	if len(data) == 0 {
		return nil
	}
	sum := sha256.Sum256(data)
	digest := hex.EncodeToString(sum[:])
	for an, d := range mappingDigests {
		if d == digest {
			im := newMappingNamed(an)
			useFastAnalysis(im)
			deferAnalyzers(im)
			return im
		}
	}
	return nil
}

// Opening an index validates its mapping, and bleve's validation builds
// every analyzer the mapping names: ten languages' stemmers and stop-word
// maps (0.5 ms, more in a fresh process), where a query with --lang uses
// one, and a process that runs one query pays for all of them at every
// start. The language analyzers of a mapping this code builds (see
// builtMapping) are put in its cache as stand-ins that build the real
// analyzer, from the same registered constructor and the same cache, at
// their first use; the tokens are the real analyzer's.
const lazyAnalyzerType = "archivist_lazy"

func init() {
	registry.RegisterAnalyzer(lazyAnalyzerType, func(config map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		name, _ := config["of"].(string)
		return &lazyAnalyzer{name: name, cache: cache}, nil
	})
}

// deferAnalyzers puts lazy stand-ins for the language analyzers (and the
// standard one) in im's cache, before bleve validates im. The mapping's
// JSON and its custom analysis are left as they are.
func deferAnalyzers(im *mapping.IndexMappingImpl) {
	names := []string{standard.Name}
	for _, an := range langAnalyzers {
		names = append(names, an)
	}
	for _, name := range names {
		if err := im.AddCustomAnalyzer(name, map[string]interface{}{"type": lazyAnalyzerType, "of": name}); err != nil {
			continue // already in the cache: it is built as before
		}
		delete(im.CustomAnalysis.Analyzers, name)
	}
}

// The language analyzers' stop words (and French and Italian articles)
// are bleve's word lists, which bleve reads into maps a line at a time
// through a bufio.Reader, a string per line and per word: half of an
// analyzer's build. A lazy analyzer first defines them in its cache as
// maps read in one pass over the same bytes (loadWordList), the same
// words.
const wordListType = "archivist_word_list"

var wordLists = map[string][]byte{
	en.StopName: en.EnglishStopWords, fr.StopName: fr.FrenchStopWords, fr.ArticlesName: fr.FrenchArticles,
	de.StopName: de.GermanStopWords, ar.StopName: ar.ArabicStopWords, es.StopName: es.SpanishStopWords,
	it.StopName: it.ItalianStopWords, it.ArticlesName: it.ItalianArticles, pt.StopName: pt.PortugueseStopWords,
	nl.StopName: nl.DutchStopWords, ru.StopName: ru.RussianStopWords,
}

// analyzerWordLists are the word lists each analyzer's build reads.
var analyzerWordLists = map[string][]string{
	standard.Name: {en.StopName}, en.AnalyzerName: {en.StopName},
	fr.AnalyzerName: {fr.StopName, fr.ArticlesName}, it.AnalyzerName: {it.StopName, it.ArticlesName},
	de.AnalyzerName: {de.StopName}, ar.AnalyzerName: {ar.StopName}, es.AnalyzerName: {es.StopName},
	pt.AnalyzerName: {pt.StopName}, nl.AnalyzerName: {nl.StopName}, ru.AnalyzerName: {ru.StopName},
}

func init() {
	registry.RegisterTokenMap(wordListType, func(config map[string]interface{}, _ *registry.Cache) (analysis.TokenMap, error) {
		name, _ := config["of"].(string)
		data, ok := wordLists[name]
		if !ok {
			return nil, fmt.Errorf("search: no word list %q", name)
		}
		return loadWordList(data), nil
	})
}

// loadWordList reads a word list as analysis.TokenMap.LoadBytes does
// (words separated by white space, a line's comment from "#" or "|"),
// with one string for the whole list that the words are cut from.
func loadWordList(data []byte) analysis.TokenMap {
	text := string(data)
	m := make(analysis.TokenMap, strings.Count(text, "\n")/2)
	for text != "" {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		if i := strings.IndexAny(line, "#|"); i >= 0 {
			line = line[:i]
		}
		for {
			line = strings.TrimLeftFunc(line, unicode.IsSpace)
			if line == "" {
				break
			}
			end := strings.IndexFunc(line, unicode.IsSpace)
			if end < 0 {
				end = len(line)
			}
			m[line[:end]] = true
			line = line[end:]
		}
	}
	return m
}

// lazyAnalyzer is the registered analyzer name, built into cache at the
// first Analyze.
type lazyAnalyzer struct {
	name  string
	cache *registry.Cache
	once  sync.Once
	an    analysis.Analyzer
}

func (l *lazyAnalyzer) Analyze(text []byte) analysis.TokenStream {
	l.once.Do(func() {
		for _, list := range analyzerWordLists[l.name] {
			// Already there (another analyzer's, or a concurrent
			// build's): an error, and the one in the cache is used.
			_, _ = l.cache.DefineTokenMap(list, map[string]interface{}{"type": wordListType, "of": list})
		}
		a, err := registry.AnalyzerBuild(l.name, nil, l.cache)
		if err != nil {
			// Not for the analyzers linked into this binary (index.go
			// imports each): no tokens, rather than a panic.
			slog.Error("search: cannot build analyzer", "analyzer", l.name, "err", err)
			return
		}
		l.an = a.(analysis.Analyzer)
	})
	if l.an == nil {
		return nil
	}
	return l.an.Analyze(text)
}
