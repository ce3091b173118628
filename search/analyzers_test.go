package search

import (
	"math/rand"
	"reflect"
	"testing"
	"unicode"

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
