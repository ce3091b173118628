package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
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
		if !reflect.DeepEqual(newMappingNamed(an), decoded) {
			t.Errorf("%s: the built mapping is not the decoded one", an)
		}
		// What open builds is that mapping with stand-ins for its
		// analyzers in its cache (deferAnalyzers): the same JSON.
		var built *mapping.IndexMappingImpl
		if err := util.UnmarshalJSON(stored, &built); err != nil {
			t.Fatal(err)
		}
		if again, err := util.MarshalJSON(built); err != nil || !bytes.Equal(again, stored) || built == decoded {
			t.Errorf("%s: the built mapping's JSON is not the stored one (%v)", an, err)
		}
		if err := built.Validate(); err != nil {
			t.Errorf("%s: %v", an, err)
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

// TestDeferredAnalyzers: the stand-ins an opened mapping's cache holds
// for its language analyzers give the tokens of the analyzers they stand
// for, and are built only when used: a query in one language builds that
// language's analyzer only.
func TestDeferredAnalyzers(t *testing.T) {
	texts := []string{
		"The governments' policies were running; Ölpreise und Regierungen",
		"Les gouvernements européens ont décidé, les élèves étudiaient",
		"Los gobiernos y las políticas, i governi italiani, os governos",
		"De regeringen besloten, правительства решили, الحكومات قررت",
		"", "a", "\xff\xfe invalid utf-8 then words",
	}
	lazy := newMappingNamed(nameAnalyzer)
	deferAnalyzers(lazy)
	eager := newMappingNamed(nameAnalyzer)
	if err := lazy.Validate(); err != nil {
		t.Fatal(err)
	}
	names := []string{"standard"}
	for _, an := range langAnalyzers {
		names = append(names, an)
	}
	for _, name := range names {
		la, ok := lazy.AnalyzerNamed(name).(*lazyAnalyzer)
		if !ok {
			t.Fatalf("%s: %T in the cache, not a stand-in", name, lazy.AnalyzerNamed(name))
		}
		if la.an != nil {
			t.Fatalf("%s: built by Validate", name)
		}
	}
	en := lazy.AnalyzerNamed("en").(*lazyAnalyzer)
	en.Analyze([]byte("policies"))
	for _, name := range names {
		la := lazy.AnalyzerNamed(name).(*lazyAnalyzer)
		if built := la.an != nil; built != (name == "en") {
			t.Errorf("%s: built %v after English alone was used", name, built)
		}
	}
	for _, name := range names {
		for _, text := range texts {
			got := lazy.AnalyzerNamed(name).Analyze([]byte(text))
			want := eager.AnalyzerNamed(name).Analyze([]byte(text))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %q: %v, want %v", name, text, got, want)
			}
		}
	}
}

// TestWordLists: the word lists a lazy analyzer reads are bleve's, word
// for word, and every list its build needs is one of them.
func TestWordLists(t *testing.T) {
	for name, data := range wordLists {
		want := analysis.NewTokenMap()
		if err := want.LoadBytes(data); err != nil {
			t.Fatal(err)
		}
		if got := loadWordList(data); !reflect.DeepEqual(got, want) || len(want) < 5 {
			t.Errorf("%s: %d words, want %d", name, len(got), len(want))
		}
	}
	for _, text := range []string{"", "a", "a\n", "\n\n b  c\t| d e\n#f\nx# y\n\xff z", "w1 | w2\r\nw3"} {
		want := analysis.NewTokenMap()
		_ = want.LoadBytes([]byte(text))
		if got := loadWordList([]byte(text)); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %v, want %v", text, got, want)
		}
	}
	im := newMappingNamed(nameAnalyzer)
	deferAnalyzers(im)
	for an, lists := range analyzerWordLists {
		im.AnalyzerNamed(an).Analyze([]byte("words"))
		for _, l := range lists {
			if _, ok := wordLists[l]; !ok {
				t.Errorf("%s: no word list %s", an, l)
			}
		}
	}
	// Built from the lists: each stop filter's map is ours.
	c := registry.NewCache()
	for l := range wordLists {
		if _, err := c.DefineTokenMap(l, map[string]interface{}{"type": wordListType, "of": l}); err != nil {
			t.Fatal(err)
		}
	}
	for an := range analyzerWordLists {
		if _, err := registry.AnalyzerBuild(an, nil, c); err != nil {
			t.Errorf("%s: %v", an, err)
		}
	}
}

// TestDeferredAnalyzersConcurrent: stand-ins first used from several
// goroutines at once (bleve analyses a batch's documents in parallel)
// build once each and analyse as the real analyzers.
func TestDeferredAnalyzersConcurrent(t *testing.T) {
	lazy := newMappingNamed(nameAnalyzer)
	deferAnalyzers(lazy)
	eager := newMappingNamed(nameAnalyzer)
	names := []string{"standard"}
	for _, an := range langAnalyzers {
		names = append(names, an)
	}
	text := []byte("The governments' policies; les élèves et des gouvernements, die Regierungen")
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(names))
	for range 8 {
		for _, name := range names {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if got, want := lazy.AnalyzerNamed(name).Analyze(text), eager.AnalyzerNamed(name).Analyze(text); !reflect.DeepEqual(got, want) {
					errs <- name
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for name := range errs {
		t.Errorf("%s: tokens differ from the real analyzer's", name)
	}
}
