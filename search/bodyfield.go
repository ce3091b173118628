package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// bodyField is a version's body as bleve's TextField indexes it (same
// terms, frequencies and locations), with its token frequencies made in
// a few allocations per text: bleve's allocate a TokenFreq, a locations
// slice and its regrowths per distinct term (~600 of them in a corpus
// page), and counting their size for bleve's memory accounting walked every
// location again. Used for a field that is indexed with term vectors, not
// stored, and not in an array: the body.
type bodyField struct {
	name     string
	value    []byte
	options  index.FieldIndexingOptions
	analyzer analysis.Analyzer
	length   int
	freqs    index.TokenFrequencies
	size     int
}

// asBodyField is f as a bodyField, or nil if bodyField does not index it
// as bleve would.
func asBodyField(f document.Field) *bodyField {
	tf, ok := f.(*document.TextField)
	if !ok || tf.Analyzer() == nil || len(tf.ArrayPositions()) > 0 {
		return nil
	}
	o := tf.Options()
	if o.IsStored() || !o.IsIndexed() || !o.IncludeTermVectors() || o.SkipFreqNorm() {
		return nil
	}
	return &bodyField{name: tf.Name(), value: tf.Value(), options: o, analyzer: tf.Analyzer()}
}

func (f *bodyField) Name() string                                     { return f.name }
func (f *bodyField) ArrayPositions() []uint64                         { return nil }
func (f *bodyField) Options() index.FieldIndexingOptions              { return f.options }
func (f *bodyField) Value() []byte                                    { return f.value }
func (f *bodyField) NumPlainTextBytes() uint64                        { return uint64(len(f.value)) }
func (f *bodyField) EncodedFieldType() byte                           { return 't' }
func (f *bodyField) AnalyzedLength() int                              { return f.length }
func (f *bodyField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }
func (f *bodyField) Size() int                                        { return 128 + len(f.name) + len(f.value) + f.size }

// tokenSlab is how many TokenFreqs are allocated at once.
const tokenSlab = 64

func (f *bodyField) Analyze() {
	tokens := f.analyzer.Analyze(f.value)
	f.length = len(tokens)
	freqs := make(index.TokenFrequencies, len(tokens)/2)
	of := make([]*index.TokenFreq, len(tokens)) // each token's term
	var slab []index.TokenFreq
	var terms []*index.TokenFreq // in order of first use
	size := 0
	for k, t := range tokens {
		tf := freqs[string(t.Term)]
		if tf == nil {
			if len(slab) == cap(slab) {
				slab = make([]index.TokenFreq, 0, min(tokenSlab, len(tokens)-k))
			}
			slab = append(slab, index.TokenFreq{Term: t.Term})
			tf = &slab[len(slab)-1]
			freqs[string(t.Term)] = tf
			terms = append(terms, tf)
			size += 2*len(t.Term) + 64
		}
		tf.SetFrequency(tf.Frequency() + 1)
		of[k] = tf
	}
	// Each term's locations are a window of one array, in token order.
	locs := make([]index.TokenLocation, len(tokens))
	ptrs := make([]*index.TokenLocation, len(tokens))
	at := 0
	for _, tf := range terms {
		n := tf.Frequency()
		tf.Locations = ptrs[at : at : at+n]
		at += n
	}
	for k, t := range tokens {
		locs[k] = index.TokenLocation{Start: t.Start, End: t.End, Position: t.Position}
		of[k].Locations = append(of[k].Locations, &locs[k])
	}
	f.freqs, f.size = freqs, size+len(tokens)*56
}
