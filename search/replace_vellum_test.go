package search

import (
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// archivist builds with a copy of vellum whose Levenshtein automaton
// builders are made at the first fuzzy query instead of at bleve's init
// (internal/replace/README.md). archivist's query language has no fuzzy
// terms, so this drives bleve directly: both edit distances bleve keeps a
// builder for must still find a misspelt word, and only within distance.
func TestFuzzyQueryThroughReplacedVellum(t *testing.T) {
	ix, err := bleve.New(filepath.Join(t.TempDir(), "fuzzy.bleve"), bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Index("a", map[string]string{"body": "parliament"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		term      string
		fuzziness int
		want      uint64
	}{
		{"parliment", 1, 1},
		{"parlimant", 2, 1},
		{"parlimant", 1, 0},
	} {
		q := bleve.NewFuzzyQuery(tc.term)
		q.SetFuzziness(tc.fuzziness)
		res, err := ix.Search(bleve.NewSearchRequest(q))
		if err != nil {
			t.Fatalf("%s~%d: %v", tc.term, tc.fuzziness, err)
		}
		if res.Total != tc.want {
			t.Errorf("%s~%d: %d hits, want %d", tc.term, tc.fuzziness, res.Total, tc.want)
		}
	}
}
