package search

import (
	"bytes"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/util"
)

// sameTokens fails t unless the stand-in tokenizer makes bleve's unicode
// tokenizer's tokens of in: terms, offsets, positions and types.
func sameTokens(t *testing.T, in []byte) {
	t.Helper()
	got, want := fastUnicodeTokenizer{}.Tokenize(in), bleveUnicode.Tokenize(in)
	if len(got)+len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		n := min(len(got), len(want))
		for i := 0; i < n; i++ {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("tokens of %q differ at %d: %v, want %v", in, i, got[i], want[i])
			}
		}
		t.Fatalf("tokens of %q: %d, want %d", in, len(got), len(want))
	}
}

func TestFastUnicodeTokenizerIsBleves(t *testing.T) {
	fixed := []string{"", " ", "a", "_", "__", "1", "a1", "1a", "_1_", "1_.2", "a.b", "a..b", "U.S.", "3.14.", "1,000.50",
		"can't", "a:b", "a'", "'a", "e.g. the", "x_y z", "1.a.b", "a_.b", "a1.2", "1.2a", "12:30", "a;b", "1;2",
		"don\u2019t stop", "caf\u00e9 au lait", "na\u0308ive x", " \u0301 abc", "\u0301abc def", "a\u00adb c",
		"\u05d0\"\u05d1 \u05d0'", "\u65e5\u672c\u8a9e \u30c6\u30ad\u30b9\u30c8 \u3072\u3089", "\ud55c\uad6d\uc5b4 x",
		"\U0001F1EB\U0001F1F7 flag", "a\u200db c", "x\r\ny", "x\r y", "\v\f", "\u0663\u066b\u0664 arabic",
		"tail\xe2\x82", "\xff", "x \xff y", "nbsp\u00a0word", "em\u2014dash", "a\u2019b\u2019c d.e\u2018f"}
	for _, s := range fixed {
		sameTokens(t, []byte(s))
	}
	alphabet := []rune("aZq09 _.,;:'\"-\t\n\r\v\u00e9\u2019\u2018\u00b7\u2014\u00a0\u0301\u00ad\u200d\u05d0\u65e5\u30a2\u3042\ud55c\u0663\u066b\U0001F1EB\U0001F600\u0416")
	rng := rand.New(rand.NewSource(1))
	var b strings.Builder
	n := 100000
	if raceEnabled {
		n = 10000
	}
	for i := 0; i < n; i++ {
		b.Reset()
		for j, n := 0, rng.Intn(30); j < n; j++ {
			b.WriteRune(alphabet[rng.Intn(len(alphabet))])
		}
		s := b.String()
		if rng.Intn(20) == 0 {
			s = s[:rng.Intn(len(s)+1)] // maybe a rune cut short
		}
		sameTokens(t, []byte(s))
	}
}

// The same on real texts: every corpus page's title and text (a tenth
// under -race).
func TestFastUnicodeTokenizerOnCorpus(t *testing.T) {
	for i, p := range loadCorpus(t) {
		if raceEnabled && i%10 != 0 {
			continue
		}
		sameTokens(t, []byte(p.Art.Title))
		sameTokens(t, []byte(p.Art.Text))
		sameTokens(t, []byte(strings.ToValidUTF8(p.Art.Text, "\uFFFD")))
	}
}

// The cached stemmer gives bleve's stems, from the cache as at first.
func TestCachedPorterIsBleves(t *testing.T) {
	theirs, err := registry.NewCache().TokenFilterNamed(porter.Name)
	if err != nil {
		t.Fatal(err)
	}
	words := strings.Fields("running runs ran generalization generalizations happily sky skies troubled hoping " +
		"caresses ponies ties caress cats feed agreed plastered motoring sing conflated troubling sized hopping " +
		"tanned falling hissing fizzed failing filing happy relational conditional rational valenci hesitanci " +
		"digitizer conformabli radicalli differentli vileli analogousli vietnamization predication operator " +
		"feudalism decisiveness hopefulness callousness formaliti sensitiviti sensibiliti \u00e9t\u00e9 x 1999 a")
	for round := 0; round < 3; round++ {
		for _, w := range words {
			got := cachedPorter{}.Filter(analysis.TokenStream{{Term: []byte(w)}})
			want := theirs.Filter(analysis.TokenStream{{Term: []byte(w)}})
			if !bytes.Equal(got[0].Term, want[0].Term) {
				t.Fatalf("round %d: stem of %q: %q, want %q", round, w, got[0].Term, want[0].Term)
			}
		}
	}
	kw := cachedPorter{}.Filter(analysis.TokenStream{{Term: []byte("running"), KeyWord: true}})
	if string(kw[0].Term) != "running" {
		t.Fatalf("a keyword was stemmed: %q", kw[0].Term)
	}
}

// The mappings this code builds analyse with the stand-ins, and their JSON
// does not name them.
func TestMappingUsesFastAnalysis(t *testing.T) {
	im := newMapping().(*mapping.IndexMappingImpl)
	an := im.AnalyzerNamed("en")
	da, ok := an.(*analysis.DefaultAnalyzer)
	if !ok {
		t.Fatalf("en analyzer is %T", an)
	}
	if _, ok := da.Tokenizer.(fastUnicodeTokenizer); !ok {
		t.Fatalf("en tokenizer is %T", da.Tokenizer)
	}
	if _, ok := da.TokenFilters[len(da.TokenFilters)-1].(cachedPorter); !ok {
		t.Fatalf("en stemmer is %T", da.TokenFilters[len(da.TokenFilters)-1])
	}
	if len(im.CustomAnalysis.Tokenizers)+len(im.CustomAnalysis.TokenFilters) > 0 {
		t.Fatalf("custom analysis in the mapping's JSON: %v %v", im.CustomAnalysis.Tokenizers, im.CustomAnalysis.TokenFilters)
	}
}

// An index opened from its stored mapping (builtMapping, with lazy
// analyzers) analyses with the stand-ins too.
func TestOpenedMappingUsesFastAnalysis(t *testing.T) {
	stored, err := util.MarshalJSON(newMappingNamed(nameAnalyzer))
	if err != nil {
		t.Fatal(err)
	}
	im := builtMapping(stored)
	if im == nil {
		t.Fatal("the stored mapping is not recognised")
	}
	for _, name := range []string{"en", "fr", "standard"} {
		lazy, ok := im.AnalyzerNamed(name).(*lazyAnalyzer)
		if !ok {
			t.Fatalf("%s is %T", name, im.AnalyzerNamed(name))
		}
		lazy.Analyze([]byte("x"))
		da, ok := lazy.an.(*analysis.DefaultAnalyzer)
		if !ok {
			t.Fatalf("%s builds %T", name, lazy.an)
		}
		if _, ok := da.Tokenizer.(fastUnicodeTokenizer); !ok {
			t.Fatalf("%s tokenizer is %T", name, da.Tokenizer)
		}
	}
}
