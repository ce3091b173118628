package search

import (
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
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
