package search

import (
	"fmt"
	"testing"

	"github.com/archivist-org/archivist/archive"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestMultiPhraseAsBleve: the phrase searcher finds the same documents
// with the same scores as bleve's, on phrases with gaps (stop words),
// repeated words, alternatives at one position and words in the wrong
// order or apart.
func TestMultiPhraseAsBleve(t *testing.T) {
	m := &memArchive{}
	texts := []string{
		"the state of the art in the field",
		"state art of the",
		"in the end the state of art",
		"art of the state of the art",
		"the the the in in the",
		"New York is not york new",
		"new new york york",
		"trade war and the war on trade",
		"a b c d e f g a c e",
	}
	for i, text := range texts {
		// French: its analyzer keeps the English stop words.
		m.add(fmt.Sprintf("https://p.example/%d", i), "Title "+text, text+". "+text, func(r *archive.Record) { r.Language = "fr" })
	}
	ix := openTest(t, "")
	mustSync(t, ix, m)
	fr := ix.analyzerNamed(analyzerFor("fr"))
	phrases := [][][]string{
		{{"state"}, nil, {"art"}}, // "state of the art" with of/the as gaps
		{{"state"}, {"art"}},
		{{"the"}, {"the"}},
		{{"in"}, {"the"}},
		{{"new"}, {"york"}},
		{{"york"}, {"new"}},
		{{"trade"}, {"war"}},
		{{"war"}, nil, {"trade"}},
		{{"war"}, nil, nil, {"trade"}},
		{{"a", "c"}, {"b", "d"}},
		{{"c"}, nil, {"e"}},
		{{"e"}, {"f"}, {"g"}, {"a"}},
		{{"art"}},
		{{"missing"}, {"art"}},
	}
	for _, p := range []string{"state of the art", "in the", "the the", "new york", "york new", "war on trade", "a b c", "c d e f g a"} {
		phrases = append(phrases, phraseTerms(fr, p))
	}
	found := 0
	for _, terms := range phrases {
		for _, field := range []string{fBody, fTitle} {
			wq := query.NewMultiPhraseQuery(terms, field)
			wq.SetBoost(2.5)
			g, w := searchBoth(t, ix, newMultiPhrase(terms, field, 2.5, false), wq)
			if d := diffResults(g, w); d != "" {
				t.Errorf("%v in %s: %s", terms, field, d)
			}
			if w.Total > 0 {
				found++
			}
			// And inside a conjunction, which advances it.
			g, w = searchBoth(t, ix, bleve.NewConjunctionQuery(newMultiPhrase(terms, field, 2.5, false), termQ(fBody, "the", 1)),
				bleve.NewConjunctionQuery(wq, termQ(fBody, "the", 1)))
			if d := diffResults(g, w); d != "" {
				t.Errorf("%v in %s, with a conjunction: %s", terms, field, d)
			}
		}
	}
	if found < 20 {
		t.Errorf("only %d phrases found anything: the test checks too little", found)
	}
}

// TestPhraseUnderFilter: a phrase under a filter finds, with the same
// scores, the versions of the filter that it finds without one, where
// the filter is wide (the phrase skips candidates outside it) and narrow.
func TestPhraseUnderFilter(t *testing.T) {
	m := &memArchive{}
	texts := []string{"new york city", "york new city", "new and york", "a new york day", "new york new york"}
	for i := range 200 {
		site := "wide.example"
		if i%3 == 0 {
			site = "other.example"
		}
		if i%40 == 0 {
			site = "narrow.example"
		}
		m.add(fmt.Sprintf("https://%s/%d", site, i), "Post", texts[i%len(texts)]+" "+texts[(i/5)%len(texts)], nil)
	}
	ix := openTest(t, "")
	mustSync(t, ix, m)
	ctx := t.Context()
	all, err := ix.Search(ctx, Request{Query: `"new york"`, Limit: MaxLimit, NoSnippets: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, site := range []string{"wide.example", "narrow.example"} {
		got, err := ix.Search(ctx, Request{Query: `"new york"`, Site: site, Limit: MaxLimit, NoSnippets: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var want []Hit
		for _, h := range all.Hits {
			if h.Site == site {
				want = append(want, h)
			}
		}
		if len(want) == 0 || got.Total != uint64(len(want)) {
			t.Fatalf("%s: %d hits, want %d", site, got.Total, len(want))
		}
		scores := map[string]float64{}
		for _, h := range want {
			scores[h.URL] = h.Score
		}
		for _, h := range got.Hits {
			if s, ok := scores[h.URL]; !ok || s != h.Score {
				t.Errorf("%s: %s score %v, want %v (found %v)", site, h.URL, h.Score, s, ok)
			}
		}
	}
}
