package search

import (
	"context"
	"fmt"
	"testing"

	"github.com/blevesearch/bleve/v2"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// TestLatestOnlyAsBleve: latestOnly finds the same versions with the same
// scores as bleve's boolean query with a must-not on superseded versions,
// alone and inside a conjunction and a disjunction (which advance it),
// over several segments.
func TestLatestOnlyAsBleve(t *testing.T) {
	m := &memArchive{}
	words := []string{"alpha", "beta", "gamma", "delta"}
	for i := 0; i < 40; i++ {
		url := fmt.Sprintf("https://p.example/%d", i%13) // most pages get new versions
		text := fmt.Sprintf("%s %s report number %d", words[i%4], words[(i/3)%4], i)
		m.add(url, "Title "+words[(i+1)%4], text, nil)
	}
	ix := openTest(t, "")
	mustSync(t, ix, m)
	old := bleve.NewBoolFieldQuery(false)
	old.SetField(fLatest)
	boolean := func(q query.Query) query.Query {
		b := bleve.NewBooleanQuery()
		b.AddMust(q)
		b.AddMustNot(old)
		return b
	}
	queries := []query.Query{
		termQ(fBody, "alpha", 1),
		bleve.NewDisjunctionQuery(termQ(fBody, "beta", 1), termQ(fTitle, "beta", 2.5)),
		newMultiPhrase([][]string{{"report"}, {"number"}}, fBody, 1, false),
		termQ(fBody, "missing", 1),
		bleve.NewMatchAllQuery(),
	}
	checked := 0
	for i, q := range queries {
		pairs := [][2]query.Query{
			{latestOnly{q}, boolean(q)},
			{bleve.NewConjunctionQuery(latestOnly{q}, termQ(fBody, "gamma", 1)), bleve.NewConjunctionQuery(boolean(q), termQ(fBody, "gamma", 1))},
			{bleve.NewConjunctionQuery(termQ(fTitle, "delta", 1), latestOnly{q}), bleve.NewConjunctionQuery(termQ(fTitle, "delta", 1), boolean(q))},
			{bleve.NewDisjunctionQuery(latestOnly{q}, termQ(fBody, "delta", 1)), bleve.NewDisjunctionQuery(boolean(q), termQ(fBody, "delta", 1))},
		}
		for j, p := range pairs {
			g, w := searchBoth(t, ix, p[0], p[1])
			if d := diffResults(g, w); d != "" {
				t.Errorf("query %d, form %d: %s", i, j, d)
			}
			if w.Total > 0 {
				checked++
			}
		}
	}
	if checked < 12 {
		t.Errorf("only %d searches found anything: the test checks too little", checked)
	}
}

// TestLatestOnlySteps: latestOnly's searcher returns what bleve's boolean
// searcher returns for the same calls (a few hits, then an advance to any
// version, behind or ahead, then the rest), over several segments.
func TestLatestOnlySteps(t *testing.T) {
	m := &memArchive{}
	for i := 0; i < 30; i++ {
		m.add(fmt.Sprintf("https://p.example/%d", i%7), "Title", fmt.Sprintf("common words %d", i), nil)
	}
	ix := openTest(t, "")
	mustSync(t, ix, m)
	ctx := context.Background()
	r := testSnapshot(t, ix)
	defer r.Close()
	old := bleve.NewBoolFieldQuery(false)
	old.SetField(fLatest)
	word := termQ(fBody, "common", 1)
	boolean := bleve.NewBooleanQuery()
	boolean.AddMust(word)
	boolean.AddMustNot(old)
	// steps returns the ids and scores q's searcher gives for k calls of
	// Next, an Advance to target, then Next until the end.
	steps := func(q query.Query, k int, target index.IndexInternalID) string {
		s, err := q.Searcher(ctx, r, ix.bleve.Mapping(), blevesearch.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		sctx := &blevesearch.SearchContext{DocumentMatchPool: blevesearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
		var out []string
		add := func(d *blevesearch.DocumentMatch, err error) bool {
			if err != nil {
				t.Fatal(err)
			}
			if d == nil {
				out = append(out, "end")
				return false
			}
			out = append(out, fmt.Sprintf("%x:%v", d.IndexInternalID, d.Score))
			sctx.DocumentMatchPool.Put(d)
			return true
		}
		for range k {
			add(s.Next(sctx))
		}
		out = append(out, "advance")
		for ok := add(s.Advance(sctx, target)); ok; ok = add(s.Next(sctx)) {
		}
		return fmt.Sprint(out)
	}
	for k := 0; k < 8; k++ {
		for n := uint64(0); n < 32; n++ {
			target := index.NewIndexInternalID(nil, n)
			if got, want := steps(latestOnly{word}, k, target), steps(boolean, k, target); got != want {
				t.Errorf("%d hits, advance to %d: %s, want %s", k, n, got, want)
			}
		}
	}
}
