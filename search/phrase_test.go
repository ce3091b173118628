package search

import (
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"time"

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
			// Read whole first (readPhrase).
			g, w = searchBoth(t, ix, wholePhrases(newMultiPhrase(terms, field, 2.5, false), true), wq)
			if d := diffResults(g, w); d != "" {
				t.Errorf("%v in %s, read whole: %s", terms, field, d)
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

// TestWholePhrases: a phrase read whole (readPhrase) gives the same
// pages, scores and totals as one checked candidate by candidate, and its
// search by relevance is then counted from its matches' bitmaps (the
// walk's tree of bounds is exact).
func TestWholePhrases(t *testing.T) {
	rng := rand.New(rand.NewSource(16))
	words := strings.Fields("new york market prices the last year of in data privacy law city")
	m := &memArchive{}
	sites := []string{"a.example", "b.example"}
	for i := range 900 {
		var text []string
		for range 20 + rng.Intn(200) {
			text = append(text, words[rng.Intn(len(words))])
		}
		url := fmt.Sprintf("https://%s/%d", sites[i%2], i%800) // the rest: second versions
		date := time.Date(2018+i%8, time.Month(1+i%12), 1, 0, 0, 0, 0, time.UTC)
		m.add(url, words[rng.Intn(len(words))]+" "+words[rng.Intn(len(words))], strings.Join(text, " "), func(r *archive.Record) {
			r.FirstSeen, r.FetchedAt = date, date
		})
	}
	ix, err := Open(t.TempDir(), &Options{BatchSize: 300})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	mustSync(t, ix, m)
	ctx := t.Context()
	since := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	counted := 0
	for _, q := range []string{`"new york"`, `"market prices"`, `"last year"`, `"data privacy law"`, `"year of the city"`, `"york new york"`, `"new york" OR "market prices"`, `"city"`, `New-York`, `last-year -city`} {
		for _, v := range []func(r *Request){
			func(*Request) {},
			func(r *Request) { r.Offset = 20; r.Limit = 7 },
			func(r *Request) { r.AllVersions = true },
			func(r *Request) { r.Since = since },
			func(r *Request) { r.Site = "b.example" },
			func(r *Request) { r.SortByDate = true },
		} {
			req := Request{Query: q, NoSnippets: true}
			v(&req)
			got, err := ix.Search(ctx, req, nil)
			if err != nil {
				t.Fatal(err)
			}
			readWhole = false
			want, err := ix.Search(ctx, req, nil)
			readWhole = true
			if err != nil {
				t.Fatal(err)
			}
			if got.Total == 0 && q != `"york new york"` && q != `last-year -city` {
				t.Errorf("%+v: no hits", req)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%+v: read whole %d hits %v, checked one by one %d hits %v", req, got.Total, got.Hits, want.Total, want.Hits)
			}
			if !req.SortByDate {
				if _, _, fromWalk := collectedPruned(t, ix, req); fromWalk {
					counted++
				}
			}
		}
	}
	t.Logf("%d of 50 phrase requests by relevance counted from their matches' bitmaps", counted)
	if counted < 36 {
		t.Errorf("%d of 50 phrase requests by relevance were counted from their matches' bitmaps, want 36 or more", counted)
	}
}
