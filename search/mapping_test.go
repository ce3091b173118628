package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/util"
)

// TestBuiltMappingAsDecoded: a mapping recognised by its stored JSON is
// the one bleve decodes from that JSON, field for field, for the current
// mapping and that of indexes made before nameAnalyzer; other JSON is
// decoded as before.
func TestBuiltMappingAsDecoded(t *testing.T) {
	if len(mappingDigests) != 2 {
		t.Fatalf("%d known mappings, want 2", len(mappingDigests))
	}
	for an, digest := range mappingDigests {
		stored, err := util.MarshalJSON(newMappingNamed(an))
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(stored); hex.EncodeToString(sum[:]) != digest {
			t.Fatalf("the mapping with names analysed by %s changed: set its digest in mappingDigests to %x", an, sum)
		}
		var decoded *mapping.IndexMappingImpl
		// json.Unmarshal, not util.UnmarshalJSON: bleve's own decoding.
		if err := json.Unmarshal(stored, &decoded); err != nil {
			t.Fatal(err)
		}
		var built *mapping.IndexMappingImpl
		if err := util.UnmarshalJSON(stored, &built); err != nil {
			t.Fatal(err)
		}
		if built == decoded || !reflect.DeepEqual(built, decoded) {
			t.Errorf("%s: the built mapping is not the decoded one", an)
		}
		if builtMapping(stored) == nil {
			t.Errorf("%s: its stored JSON is not recognised", an)
		}
		// Any other mapping is decoded from its JSON.
		other := bytes.Replace(stored, []byte(`"analyzer":"`+an+`"`), []byte(`"analyzer":"keyword"`), 1)
		if bytes.Equal(other, stored) || builtMapping(other) != nil {
			t.Fatalf("%s: a changed mapping is recognised", an)
		}
		var got, want *mapping.IndexMappingImpl
		if err := util.UnmarshalJSON(other, &got); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(other, &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) || reflect.DeepEqual(got, decoded) {
			t.Errorf("%s: a changed mapping is not decoded from its JSON", an)
		}
	}
	if builtMapping(nil) != nil || builtMapping([]byte("{}")) != nil {
		t.Error("an empty mapping is recognised")
	}
}
