package search

import (
	"bytes"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/util"
)

// Opening a bleve index decodes the mapping stored in it (21 KB of JSON):
// 1.6 ms of CPU, more in a fresh process, as long as a query over a few
// thousand hits. Bleve's mapping types decode their JSON a level at a time,
// each level checking and copying all of its part again (six levels). The
// mappings this code builds, the current one and that of indexes made
// before nameAnalyzer, are recognised by their stored bytes (bleve stores
// util.MarshalJSON of the mapping) and built in code instead (0.03 ms);
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

// mappingNames are the analyzers of names in the mappings this code has
// built: nameAnalyzer, and bleve's "simple" before it.
var mappingNames = []string{nameAnalyzer, "simple"}

var mappingJSON struct {
	sync.Mutex
	of map[string][]byte // by name analyzer
}

// builtMapping returns the mapping whose stored JSON is data if this code
// builds it, else nil.
func builtMapping(data []byte) *mapping.IndexMappingImpl {
	for _, an := range mappingNames {
		if j := storedMappingJSON(an); len(j) > 0 && bytes.Equal(data, j) {
			return newMappingNamed(an)
		}
	}
	return nil
}

// storedMappingJSON is the JSON bleve stores for newMappingNamed(an),
// made once.
func storedMappingJSON(an string) []byte {
	mappingJSON.Lock()
	defer mappingJSON.Unlock()
	if b, ok := mappingJSON.of[an]; ok {
		return b
	}
	b, err := util.MarshalJSON(newMappingNamed(an))
	if err != nil {
		b = nil // never equal: decoded as before
	}
	if mappingJSON.of == nil {
		mappingJSON.of = map[string][]byte{}
	}
	mappingJSON.of[an] = b
	return b
}
