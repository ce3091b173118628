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

// currentMappingJSON is the JSON bleve stores for newMapping(), made once.
var currentMappingJSON = sync.OnceValue(func() []byte {
	b, err := util.MarshalJSON(newMapping())
	if err != nil {
		return nil // never equal: decoded as before
	}
	return b
})

// builtMapping returns the mapping whose stored JSON is data if this code
// builds it, else nil. The mappings differ only in their names' analyzer,
// so one JSON is made (0.15 ms) and the others compared to it with that
// name replaced (TestBuiltMappingAsDecoded checks it is their JSON).
func builtMapping(data []byte) *mapping.IndexMappingImpl {
	cur := currentMappingJSON()
	if len(cur) == 0 {
		return nil
	}
	for _, an := range mappingNames {
		if an == nameAnalyzer {
			if bytes.Equal(data, cur) {
				return newMappingNamed(an)
			}
			continue
		}
		if len(data) == len(cur)-len(nameAnalyzer)*nameFields+len(an)*nameFields &&
			bytes.Equal(data, bytes.ReplaceAll(cur, analyzerJSON(nameAnalyzer), analyzerJSON(an))) {
			return newMappingNamed(an)
		}
	}
	return nil
}

// nameFields is how many fields of the mapping are names analysed by
// nameAnalyzer (author and topic in each document type).
var nameFields = (1 + len(langAnalyzers) + 1) * 2

func analyzerJSON(an string) []byte { return []byte(`"analyzer":"` + an + `"`) }
