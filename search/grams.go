package search

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// Common word pairs (Lucene's CommonGrams): a phrase of two very frequent
// words ("in the") was checked on the positions of every version with
// both words, thousands of them with dozens of each word. Each version
// also indexes, in fPairs, every two adjacent terms of its body that are
// both in commonTerms ("in the", docs only: no positions, not scored), and
// a phrase's searcher takes the posting list of each of its pairs into the
// intersection of its terms' (see positionsSearcher): a two-word phrase of
// common words is then exactly its pair's list, and a longer one checks
// positions only where all its pairs are.
//
// The pairs are of analysed terms (the body analyzer's, at adjacent
// positions), so a phrase analysed the same way has its pair wherever it
// is: the filter drops no match, in any language's documents.
//
// The field is not in the mapping (a mapping that names it would have
// another digest, and an older archivist would decode it slowly; an
// index with it reads the same to one that ignores it): it is added to
// each bleve document after the mapping has made it (pairsField), and an
// index says it has it for every version with a bleve internal value
// (pairsKey), set with each batch.
const fPairs = "pairs"

// commonTerms are the analysed terms whose adjacent pairs are indexed:
// the most frequent function words of the corpus languages as the body
// analyzers leave them (most are stop words only in their own language).
// Changing it changes pairsFormat.
var commonTerms = map[string]bool{}

const commonList = "the of and to a in for is on that with it as at by from this be are or an " +
	"der die und das den von zu mit ist ein auf für im sich nicht es dass " +
	"de la le et les des en du un el y los que del il di e da"

func init() {
	for _, w := range bytes.Fields([]byte(commonList)) {
		commonTerms[string(w)] = true
	}
}

// pairsFormat names commonTerms and the way pairs are made: an index made
// with another has no usable pairs.
const pairsFormat = "1"

// pairsKey is the bleve internal key under which an index with pairs for
// every version keeps "format:seq", seq being the last seq indexed with
// them, set in each batch's bleve commit; state.db's keyPairs is set to
// the same seq in the batch's state commit, beside the last seq. A
// writer that does not make pairs (an older archivist) moves the last
// seq past keyPairs, or rebuilds the bleve index without pairsKey, and
// the pairs are no longer used, until a Rebuild.
var pairsKey = []byte("archivist_pairs")

func pairsMarker(seq uint64) []byte { return []byte(pairsFormat + ":" + strconv.FormatUint(seq, 10)) }

// hasPairs reports whether the bleve index b, whose state says it holds
// the archive up to lastSeq, has pairs for every version: the state's
// last commit with pairs (stateSeq, if stateOK) is its last commit, and
// b's marker is there, at lastSeq or past it (a batch committed in bleve
// whose state commit a crash stopped: the next Sync indexes it again);
// or it is empty.
func hasPairs(b bleve.Index, lastSeq, stateSeq uint64, stateOK bool) bool {
	v, err := b.GetInternal(pairsKey)
	if err != nil {
		return false
	}
	if v == nil {
		n, err := safeDocCount(b)
		return err == nil && n == 0 && lastSeq == 0
	}
	format, seq, ok := bytes.Cut(v, []byte(":"))
	if !ok || string(format) != pairsFormat {
		return false
	}
	n, err := strconv.ParseUint(string(seq), 10, 64)
	return err == nil && n >= lastSeq && stateOK && stateSeq == lastSeq
}

// phrasePairs are the pairs of a phrase's terms (by offset from its first
// word, nil or "" at a gap) that the index holds wherever the phrase is:
// adjacent slots of one term each, both common.
func phrasePairs(slots [][]string) []string {
	var out []string
	for k := 0; k+1 < len(slots); k++ {
		a, b := slots[k], slots[k+1]
		if len(a) != 1 || len(b) != 1 || !commonTerms[a[0]] || !commonTerms[b[0]] {
			continue
		}
		if p := a[0] + " " + b[0]; !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// pairsField is a version's fPairs: made from its body field's analysed
// terms, once bleve has analysed them (fields are analysed in order, and
// it comes after the body).
type pairsField struct {
	body   index.Field
	freqs  index.TokenFrequencies
	length int
}

func (f *pairsField) Name() string                                     { return fPairs }
func (f *pairsField) ArrayPositions() []uint64                         { return nil }
func (f *pairsField) Options() index.FieldIndexingOptions              { return index.IndexField }
func (f *pairsField) Value() []byte                                    { return nil }
func (f *pairsField) NumPlainTextBytes() uint64                        { return 0 }
func (f *pairsField) Size() int                                        { return 64 + f.freqs.Size() }
func (f *pairsField) EncodedFieldType() byte                           { return 't' }
func (f *pairsField) AnalyzedLength() int                              { return f.length }
func (f *pairsField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

// posTerm is a common term at its position in the body.
type posTerm struct {
	pos  int
	term string
}

func (f *pairsField) Analyze() {
	f.freqs = index.TokenFrequencies{}
	var at []posTerm
	for term, tf := range f.body.AnalyzedTokenFrequencies() {
		if !commonTerms[term] {
			continue
		}
		for _, l := range tf.Locations {
			at = append(at, posTerm{l.Position, term})
		}
	}
	slices.SortFunc(at, func(a, b posTerm) int { return a.pos - b.pos })
	for k := 0; k+1 < len(at); k++ {
		if at[k+1].pos != at[k].pos+1 {
			continue
		}
		p := at[k].term + " " + at[k+1].term
		tf := f.freqs[p]
		if tf == nil {
			tf = &index.TokenFreq{Term: []byte(p)}
			f.freqs[p] = tf
		}
		tf.SetFrequency(tf.Frequency() + 1)
		f.length++
	}
}

// withPairs is the bleve document the mapping makes of d, with its pairs
// field after the body.
func withPairs(b bleve.Index, id string, d *doc) (*document.Document, error) {
	bd := document.NewDocument(id)
	if err := b.Mapping().MapDocument(bd, d); err != nil {
		return nil, err
	}
	for i, f := range bd.Fields {
		if f.Name() == fBody {
			if len(f.ArrayPositions()) > 0 {
				return nil, fmt.Errorf("search: %s: a body of several values", id)
			}
			if bf := asBodyField(f); bf != nil {
				f = bf
				bd.Fields[i] = f
			}
			bd.AddField(&pairsField{body: f})
			break
		}
	}
	return bd, nil
}
