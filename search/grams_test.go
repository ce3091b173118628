package search

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"testing"

	"github.com/archivist-org/archivist/archive"
	"github.com/blevesearch/bleve/v2/search/query"
	bolt "go.etcd.io/bbolt"
)

// pairTexts are bodies where common words meet, are apart, are split by a
// sentence's end, start or end the text, in several languages' analysis.
var pairTexts = []struct{ lang, text string }{
	{"fr", "the office closed early in. The staff went home"},    // across a sentence
	{"fr", "in the end of the day"},                              // at the start
	{"fr", "results came in the"},                                // at the end
	{"fr", "the cat in a hat and the dog"},                       // both, apart
	{"fr", "the government of the people by the people"},         // common and rare
	{"fr", "one of the best of the rest in the end in the"},      // repeated
	{"fr", "de la part de la ville et les gens"},                 // French's own, kept as terms? (its stop words)
	{"es", "in the government in the field"},                     // another analysis
	{"de", "the house in the garden of the family"},              // German drops "in"
	{"de", "Die Regierung und die Stadt in der Nacht"},           // German stop words
	{"en", "stay in the house of the government"},                // English drops in/the/of
	{"en", "Der Mann und die Frau in the city"},                  // German words kept by English
	{"xx", "in the standard analysis the words go"},              // standard: English stop words
	{"it", "the art of the state in the museum di la casa e il"}, // Italian drops "in", "di", "e", "il"
}

// pairPhrases are query phrases over those texts.
var pairPhrases = []string{"in the", "of the", "the government", "one of the", "in the end",
	"the of", "of the people by", "the", "in the in the", "de la", "und die", "der mann und die frau",
	"the end of the day", "in. the", "the house", "end in the"}

func pairsIndex(t *testing.T, pairs bool) (*Index, *memArchive) {
	t.Helper()
	m := &memArchive{}
	for i, p := range pairTexts {
		m.add(fmt.Sprintf("https://p.example/%d", i), "Title "+p.text, p.text,
			func(r *archive.Record) { r.Language = p.lang })
	}
	ix := openTest(t, "")
	if !pairs {
		// As an archivist before pairs indexed it.
		if err := ix.useBleve(); err != nil {
			t.Fatal(err)
		}
		ix.pairs = false
	}
	mustSync(t, ix, m)
	return ix, m
}

// TestPairsAsPhrase: with the pairs, each phrase finds what bleve's
// phrase finds, with the same scores, in every language's analysis of it,
// alone and through Search; and the pairs field holds a pair exactly where
// a two-word phrase of common words is.
func TestPairsAsPhrase(t *testing.T) {
	ix, m := pairsIndex(t, true)
	if !ix.pairs {
		t.Fatal("a new index has no pairs")
	}
	used, found := 0, 0
	for _, lang := range []string{"fr", "de", "en", "it", "es", "xx"} {
		an := ix.analyzerNamed(analyzerFor(lang))
		for _, p := range pairPhrases {
			terms := phraseTerms(an, p)
			if len(terms) < 2 {
				continue
			}
			pairs := phrasePairs(terms)
			if len(pairs) > 0 {
				used++
			}
			wq := query.NewMultiPhraseQuery(terms, fBody)
			g, w := searchBoth(t, ix, newMultiPhrase(terms, fBody, 1, true), wq)
			if d := diffResults(g, w); d != "" {
				t.Errorf("%s %q %v (pairs %q): %s", lang, p, terms, pairs, d)
			}
			if w.Total > 0 && len(pairs) > 0 {
				found++
			}
			if len(pairs) == 1 && len(terms) == 2 {
				// The pair's posting list is the phrase's matches.
				var want []string
				for _, h := range w.Hits {
					want = append(want, h.ID)
				}
				if got := pairDocs(t, ix, pairs[0]); !slices.Equal(got, sorted(want)) {
					t.Errorf("pair %q in %v, phrase in %v", pairs[0], got, sorted(want))
				}
			}
		}
	}
	if used < 20 || found < 15 {
		t.Errorf("pairs used by %d phrases, %d found something: the test checks too little", used, found)
	}
	// Through Search: the same results with the pairs and without.
	for _, p := range pairPhrases {
		for _, req := range []Request{{Query: `"` + p + `"`}, {Query: `"` + p + `" house`}, {Query: `"` + p + `"`, SortByDate: true},
			{Query: `"` + p + `"`, Lang: "fr"}, {Query: `"` + p + `" OR "end of"`, AllVersions: true}} {
			ix.pairs = true
			with, err := ix.Search(context.Background(), req, m)
			if err != nil {
				t.Fatal(err)
			}
			ix.pairs = false
			without, err := ix.Search(context.Background(), req, m)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := fmt.Sprintf("%+v", with), fmt.Sprintf("%+v", without); a != b {
				t.Errorf("%+v: with pairs\n%s\nwithout\n%s", req, a, b)
			}
		}
	}
	ix.pairs = true
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

// pairDocs are the ids of the versions with the pair in fPairs.
func pairDocs(t *testing.T, ix *Index, pair string) []string {
	t.Helper()
	r := testSnapshot(t, ix)
	defer r.Close()
	tfr, err := r.TermFieldReader(context.Background(), []byte(pair), fPairs, false, false, false)
	if err != nil {
		t.Fatal(err)
	}
	defer tfr.Close()
	var out []string
	for {
		d, err := tfr.Next(nil)
		if err != nil {
			t.Fatal(err)
		}
		if d == nil {
			break
		}
		id, err := r.ExternalID(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// TestPhrasePairs: pairs only between adjacent slots of one common term.
func TestPhrasePairs(t *testing.T) {
	for _, c := range []struct {
		slots [][]string
		want  []string
	}{
		{[][]string{{"in"}, {"the"}}, []string{"in the"}},
		{[][]string{{"in"}, nil, {"the"}}, nil},
		{[][]string{nil, {"in"}, {"the"}, nil}, []string{"in the"}},
		{[][]string{{"the"}, {"govern"}}, nil},
		{[][]string{{"one"}, {"of"}, {"the"}, {"of"}, {"the"}}, []string{"of the", "the of"}},
		{[][]string{{"in", "on"}, {"the"}}, nil},
		{[][]string{{""}, {"the"}}, nil},
	} {
		if got := phrasePairs(c.slots); !slices.Equal(got, c.want) {
			t.Errorf("%v: %q, want %q", c.slots, got, c.want)
		}
	}
}

// TestPairsOldIndex: an index made without pairs (an archivist before
// them) answers phrases as before, and stays without them when this code
// adds to it; one with pairs loses them when a writer that does not make
// them adds versions, and a rebuild brings them back.
func TestPairsOldIndex(t *testing.T) {
	dir := t.TempDir()
	m := &memArchive{}
	for i, p := range pairTexts {
		m.add(fmt.Sprintf("https://p.example/%d", i), "Title", p.text, func(r *archive.Record) { r.Language = p.lang })
	}
	ix, err := Open(dir, &Options{BatchSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.useBleve(); err != nil {
		t.Fatal(err)
	}
	ix.pairs = false // as before pairs
	mustSync(t, ix, m)
	if got := pairDocs(t, ix, "in the"); len(got) != 0 {
		t.Fatalf("an index without pairs has %v", got)
	}
	ix.Close()
	reopen := func() *Index {
		t.Helper()
		ix, err := Open(dir, &Options{BatchSize: 3})
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.useBleve(); err != nil {
			t.Fatal(err)
		}
		return ix
	}
	ix = reopen()
	if ix.pairs {
		t.Fatal("an index made without pairs says it has them")
	}
	fr := ix.analyzerNamed(analyzerFor("fr"))
	for _, p := range []string{"in the", "of the", "in the end"} {
		terms := phraseTerms(fr, p)
		g, w := searchBoth(t, ix, newMultiPhrase(terms, fBody, 1, ix.pairs), query.NewMultiPhraseQuery(terms, fBody))
		if d := diffResults(g, w); d != "" {
			t.Errorf("%q: %s", p, d)
		}
		if w.Total == 0 {
			t.Errorf("%q: nothing found", p)
		}
	}
	// This code adds to it: still none.
	m.add("https://p.example/new", "Title", "back in the day", func(r *archive.Record) { r.Language = "fr" })
	mustSync(t, ix, m)
	if v, _ := ix.bleve.GetInternal(pairsKey); v != nil || ix.pairs {
		t.Fatalf("pairs %v, marker %q in an index without them", ix.pairs, v)
	}
	// Rebuilt: every version has them.
	if _, err := ix.Rebuild(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix = reopen()
	if !ix.pairs {
		t.Fatal("a rebuilt index has no pairs")
	}
	if got := pairDocs(t, ix, "in the"); len(got) == 0 {
		t.Fatal("no pair \"in the\" in a rebuilt index")
	}
	// A crash after a batch's bleve commit, before its state commit: the
	// marker is past the last seq, and the pairs are still used (the next
	// Sync indexes that batch again, with pairs).
	last := ix.LastSeq()
	if err := ix.bleve.SetInternal(pairsKey, pairsMarker(last+7)); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix = reopen()
	if !ix.pairs {
		t.Fatal("pairs not used after a batch whose state commit was lost")
	}
	// Then a writer without pairs adds a version: its last seq is still
	// behind the marker, but the state's pairs key is not its own.
	ix.pairs = false
	m.add("https://p.example/after-crash", "Title", "right in the middle", func(r *archive.Record) { r.Language = "fr" })
	mustSync(t, ix, m)
	ix.Close()
	ix = reopen()
	if ix.pairs {
		t.Fatal("pairs used after a writer without them added a version behind the marker")
	}
	last = ix.LastSeq()
	// A writer without pairs rebuilds it (it drops the bleve index, not
	// state.db's pairs key) up to the same seq: no pairs.
	if err := ix.resetLocked(); err != nil {
		t.Fatal(err)
	}
	if err := ix.state.Update(func(tx *bolt.Tx) error {
		var seq [8]byte
		binary.BigEndian.PutUint64(seq[:], last)
		return tx.Bucket(bucketMeta).Put(keyPairs, seq[:])
	}); err != nil {
		t.Fatal(err)
	}
	ix.pairs = false
	mustSync(t, ix, m)
	if ix.LastSeq() != last {
		t.Fatalf("last seq %d, want %d", ix.LastSeq(), last)
	}
	ix.Close()
	ix = reopen()
	if ix.pairs {
		t.Fatal("pairs used after a rebuild without them")
	}
	if _, err := ix.Rebuild(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix = reopen()
	if !ix.pairs {
		t.Fatal("a rebuilt index has no pairs")
	}
	// A writer that makes no pairs adds a version: the pairs are no longer
	// complete, and not used.
	ix.pairs = false
	m.add("https://p.example/later", "Title", "later in the week", func(r *archive.Record) { r.Language = "fr" })
	mustSync(t, ix, m)
	ix.Close()
	ix = reopen()
	defer ix.Close()
	if ix.pairs {
		t.Fatal("pairs used after versions were added without them")
	}
	terms := phraseTerms(fr, "in the")
	g, w := searchBoth(t, ix, newMultiPhrase(terms, fBody, 1, ix.pairs), query.NewMultiPhraseQuery(terms, fBody))
	if d := diffResults(g, w); d != "" {
		t.Errorf("after an older writer: %s", d)
	}
}
