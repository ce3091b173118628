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
		newMultiPhrase([][]string{{"report"}, {"number"}}, fBody, 1),
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
			got := bleve.NewSearchRequestOptions(p[0], 100, 0, false)
			want := bleve.NewSearchRequestOptions(p[1], 100, 0, false)
			g, err := ix.bleve.Search(got)
			if err != nil {
				t.Fatal(err)
			}
			w, err := ix.bleve.Search(want)
			if err != nil {
				t.Fatal(err)
			}
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

// TestLatestOnlyAdvancesBack: advanced to an earlier version than it last
// checked (bleve's conjunctions may), latestOnly still leaves out the
// superseded versions before it.
func TestLatestOnlyAdvancesBack(t *testing.T) {
	m := &memArchive{}
	for i := 0; i < 20; i++ {
		m.add(fmt.Sprintf("https://p.example/%d", i%5), "Title", fmt.Sprintf("common words %d", i), nil)
	}
	ix := openTest(t, "")
	mustSync(t, ix, m)
	ctx := context.Background()
	adv, err := ix.bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	mapping := ix.bleve.Mapping()
	newSearcher := func() blevesearch.Searcher {
		s, err := latestOnly{termQ(fBody, "common", 1)}.Searcher(ctx, r, mapping, blevesearch.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	sctx := &blevesearch.SearchContext{DocumentMatchPool: blevesearch.NewDocumentMatchPool(10, 0)}
	var all []index.IndexInternalID
	s := newSearcher()
	for {
		d, err := s.Next(sctx)
		if err != nil {
			t.Fatal(err)
		}
		if d == nil {
			break
		}
		all = append(all, append(index.IndexInternalID(nil), d.IndexInternalID...))
	}
	s.Close()
	if len(all) != 5 {
		t.Fatalf("%d latest versions, want 5", len(all))
	}
	// Every version in id order, latest or not, as a target to go back to.
	var every []index.IndexInternalID
	for n := uint64(0); n < 40; n++ {
		every = append(every, index.NewIndexInternalID(nil, n))
	}
	for _, back := range every {
		s := newSearcher()
		for range all {
			if _, err := s.Next(sctx); err != nil {
				t.Fatal(err)
			}
		}
		d, err := s.Advance(sctx, back)
		if err != nil {
			t.Fatal(err)
		}
		var want index.IndexInternalID
		for _, id := range all {
			if id.Compare(back) >= 0 {
				want = id
				break
			}
		}
		switch {
		case d == nil && want != nil:
			t.Errorf("advanced to %x: nothing, want %x", back, want)
		case d != nil && !d.IndexInternalID.Equals(want):
			t.Errorf("advanced to %x: %x, want %x", back, d.IndexInternalID, want)
		}
		s.Close()
	}
}
