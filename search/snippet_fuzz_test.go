package search

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

// FuzzNearTexts: for any text, any three edits of it in turn (a span cut
// and another put in its place, anywhere, rune boundaries or not) and
// any query, nearTexts gives each text of the sequence exactly the
// matches findMatches finds scanning the whole text: byte offsets and
// terms. Seeded with the cases TestNearTextsMatchFindMatches generates.
func FuzzNearTexts(f *testing.F) {
	rng := rand.New(rand.NewSource(18))
	g := editGen{rng}
	word, piece, ins := g.word, g.piece, g.insert
	for range 24 {
		base := piece(100 + rng.Intn(300))
		at := func() uint16 { return uint16(rng.Intn(len(base) + 1)) }
		cut := func() uint8 { return uint8(rng.Intn(12)) }
		f.Add(uint8(rng.Intn(5)), word()+" "+word(), base,
			at(), cut(), ins(), at(), cut(), ins(), at(), cut(), ins())
	}
	f.Add(uint8(0), "law*", strings.Repeat("the laws of the land\n", 40), uint16(0), uint8(0), "", uint16(400), uint8(3), "lawyer's", uint16(820), uint8(0), "\n")

	ix := openTest(f, "")
	if err := ix.useBleve(); err != nil {
		f.Fatal(err)
	}
	langs := []string{"en", "fr", "de", "ru", stdLang}
	f.Fuzz(func(t *testing.T, lang uint8, query, text string,
		at1 uint16, cut1 uint8, ins1 string,
		at2 uint16, cut2 uint8, ins2 string,
		at3 uint16, cut3 uint8, ins3 string) {
		an := analyzerFor(langs[int(lang)%len(langs)])
		a := ix.analyzerNamed(an)
		ast, err := parseQuery(query)
		if err != nil || ast == nil {
			return // a search shows no snippets for an empty query
		}
		b := &builder{ix: ix, analyzers: []string{an}}
		terms := b.highlightTerms(ast)
		edit := func(text string, at uint16, cut uint8, ins string) string {
			i := min(int(at), len(text))
			j := min(i+int(cut), len(text))
			return text[:i] + ins + text[j:]
		}
		var near nearTexts
		for _, e := range []struct {
			at  uint16
			cut uint8
			ins string
		}{{0, 0, ""}, {at1, cut1, ins1}, {at2, cut2, ins2}, {at3, cut3, ins3}} {
			text = edit(text, e.at, e.cut, e.ins)
			got, gotAt := near.matches(text, an, func(s string) ([][2]int, []string) {
				return findMatches(s, terms, a, false)
			})
			want, wantAt := findMatches(text, terms, a, true)
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotAt, wantAt) {
				t.Fatalf("%s, %q in %q:\n got %v %q\nwant %v %q", an, query, text, got, gotAt, want, wantAt)
			}
		}
	})
}
