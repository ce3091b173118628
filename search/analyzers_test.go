package search

import (
	"go/build"
	"math/rand"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"unicode"

	"github.com/blevesearch/bleve/v2"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/simple"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/character"
	"github.com/blevesearch/bleve/v2/registry"
)

// The name analyzer makes the same tokens as bleve's simple analyzer, so
// an index built with either answers alike.
func TestNameAnalyzerIsSimple(t *testing.T) {
	cache := registry.NewCache()
	ours, err := cache.AnalyzerNamed(nameAnalyzer)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := cache.AnalyzerNamed(simple.Name)
	if err != nil {
		t.Fatal(err)
	}
	inputs := []string{"", "Jane Doe", "  O'Brien-Smith, J. ", "Ünïcödé ÉTÉ", "x\xffy z", "a1b2 c3", "محمد علي", "Иван Петров",
		"日本語 テキスト", "tail\xe2\x82", "\xff"}
	rng := rand.New(rand.NewSource(1))
	alphabet := []rune("aZé ,.-'1\u00a0Ωж字\n\t")
	for i := 0; i < 2000; i++ {
		rs := make([]rune, rng.Intn(40))
		for j := range rs {
			rs[j] = alphabet[rng.Intn(len(alphabet))]
		}
		s := string(rs)
		if rng.Intn(10) == 0 {
			s += "\xff" + s
		}
		inputs = append(inputs, s)
	}
	letters := character.NewCharacterTokenizer(unicode.IsLetter)
	for _, in := range inputs {
		if got, want := (letterTokenizer{}).Tokenize([]byte(in)), letters.Tokenize([]byte(in)); len(got)+len(want) > 0 && !reflect.DeepEqual(got, want) {
			t.Fatalf("tokens of %q:\n%v\nwant\n%v", in, got, want)
		}
		if got, want := ours.Analyze([]byte(in)), theirs.Analyze([]byte(in)); len(got)+len(want) > 0 && !reflect.DeepEqual(got, want) {
			t.Fatalf("analysis of %q:\n%v\nwant\n%v", in, got, want)
		}
	}
}

// TestOpensIndexOfSimpleAnalyzer: an index whose stored mapping names
// bleve's "simple" analyzer (author and topic before nameAnalyzer) still
// opens, and the package itself registers it: this test file imports it
// too, so the search alone would pass without the package's import.
func TestOpensIndexOfSimpleAnalyzer(t *testing.T) {
	pkg, err := build.Default.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(pkg.Imports, "github.com/blevesearch/bleve/v2/analysis/analyzer/simple") {
		t.Error("package search does not import bleve's simple analyzer: indexes built before nameAnalyzer would not open")
	}
	dir := filepath.Join(t.TempDir(), "old.bleve")
	m := bleve.NewIndexMapping()
	f := bleve.NewTextFieldMapping()
	f.Analyzer = simple.Name
	m.DefaultMapping.AddFieldMappingsAt("author", f)
	ix, err := bleve.New(dir, m)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Index("a", map[string]any{"author": "Jane Doe"}); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix, err = bleve.Open(dir)
	if err != nil {
		t.Fatalf("an index of the simple analyzer does not open: %v", err)
	}
	defer ix.Close()
	q := bleve.NewMatchQuery("doe")
	q.SetField("author")
	res, err := ix.Search(bleve.NewSearchRequest(q))
	if err != nil || res.Total != 1 {
		t.Fatalf("search in it: %v, %v", res, err)
	}
}
