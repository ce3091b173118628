package search

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/archivist-org/archivist/archive"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// sameBody fails t unless bodyField analyses text as bleve's TextField
// does, with the analyzer of lang's documents.
func sameBody(t *testing.T, im *mapping.IndexMappingImpl, lang, text string) {
	t.Helper()
	opts := index.IndexField | index.IncludeTermVectors
	tf := document.NewTextFieldCustom(fBody, nil, []byte(text), opts, im.AnalyzerNamed(analyzerFor(lang)))
	bf := asBodyField(tf)
	if bf == nil {
		t.Fatal("the body is not a bodyField")
	}
	tf.Analyze()
	bf.Analyze()
	if bf.AnalyzedLength() != tf.AnalyzedLength() || !reflect.DeepEqual(bf.AnalyzedTokenFrequencies(), tf.AnalyzedTokenFrequencies()) {
		t.Fatalf("%s body %.60q: %d tokens, %d terms; bleve's: %d tokens, %d terms", lang, text,
			bf.AnalyzedLength(), len(bf.AnalyzedTokenFrequencies()), tf.AnalyzedLength(), len(tf.AnalyzedTokenFrequencies()))
	}
	if bf.Name() != tf.Name() || bf.Options() != tf.Options() || string(bf.Value()) != string(tf.Value()) ||
		bf.NumPlainTextBytes() != tf.NumPlainTextBytes() || bf.EncodedFieldType() != tf.EncodedFieldType() {
		t.Fatal("the body's name, options or value differ from bleve's")
	}
}

func TestBodyFieldIsBlevesTextField(t *testing.T) {
	im := newMapping().(*mapping.IndexMappingImpl)
	words := strings.Fields("the of and in trade war running runs ran été économie der die Straße 1,000 U.S. don't a_b x")
	texts, every := 500, 5
	if raceEnabled {
		texts, every = 50, 50
	}
	rng := rand.New(rand.NewSource(3))
	for i := 0; i < texts; i++ {
		var b strings.Builder
		for j, n := 0, rng.Intn(300); j < n; j++ {
			b.WriteString(words[rng.Intn(len(words))])
			b.WriteString([]string{" ", " ", ". ", "\n\n", ", "}[rng.Intn(5)])
		}
		sameBody(t, im, []string{"en", "fr", "de", "xx"}[i%4], b.String())
	}
	sameBody(t, im, "en", "")
	for i, p := range loadCorpus(t) {
		if i%every == 0 {
			sameBody(t, im, docLang(&archive.Record{Article: *p.Art}), p.Art.Text)
		}
	}
	// Stored, array or vector-less fields are left to bleve.
	if asBodyField(document.NewTextFieldCustom(fTitle, nil, []byte("x"), index.IndexField|index.StoreField|index.IncludeTermVectors, im.AnalyzerNamed("en"))) != nil ||
		asBodyField(document.NewTextFieldCustom(fBody, []uint64{1}, []byte("x"), index.IndexField|index.IncludeTermVectors, im.AnalyzerNamed("en"))) != nil ||
		asBodyField(document.NewTextFieldCustom(fBody, nil, []byte("x"), index.IndexField, im.AnalyzerNamed("en"))) != nil {
		t.Fatal("a field bodyField would index otherwise became one")
	}
}
