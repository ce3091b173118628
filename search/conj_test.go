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

// TestAllOfAsBleve: allOf finds what bleve's conjunction finds, with the
// same scores, alone and as clauses of disjunctions and conjunctions that
// advance it past its end (words whose last pages come early), over
// several segments.
func TestAllOfAsBleve(t *testing.T) {
	m := &memArchive{}
	for i := 0; i < 60; i++ {
		text := fmt.Sprintf("page %d ccc", i)
		if i < 20 {
			text += " eee"
		}
		if i%3 == 0 {
			text += " ttt"
		}
		if i%5 == 0 {
			text += " fff"
		}
		if i > 50 {
			text += " lll"
		}
		m.add(fmt.Sprintf("https://p.example/%d", i), "Title", text, nil)
	}
	ix := openTest(t, "")
	mustSync(t, ix, m)
	w := func(s string) query.Query { return termQ(fBody, s, 1) }
	type pair struct{ got, want query.Query }
	both := func(mk func(and func(...query.Query) query.Query) query.Query) pair {
		return pair{
			mk(func(qs ...query.Query) query.Query { return newAllOf(qs...) }),
			mk(func(qs ...query.Query) query.Query { return bleve.NewConjunctionQuery(qs...) }),
		}
	}
	pairs := []pair{
		both(func(and func(...query.Query) query.Query) query.Query { return and(w("eee"), w("ttt")) }),
		both(func(and func(...query.Query) query.Query) query.Query {
			return and(bleve.NewDisjunctionQuery(and(w("eee"), w("fff")), and(w("lll"), w("ttt")), and(w("ccc"), w("ttt"))), w("ccc"))
		}),
		both(func(and func(...query.Query) query.Query) query.Query {
			return and(bleve.NewDisjunctionQuery(and(w("eee"), w("ttt")), w("lll")), unscored{w("fff")})
		}),
		both(func(and func(...query.Query) query.Query) query.Query {
			return bleve.NewDisjunctionQuery(and(w("eee"), w("ttt")), and(w("lll"), w("fff")))
		}),
		both(func(and func(...query.Query) query.Query) query.Query {
			return latestOnly{and(bleve.NewDisjunctionQuery(and(w("eee"), w("fff")), w("ttt")), w("ccc"))}
		}),
	}
	for i, p := range pairs {
		g, want := searchBoth(t, ix, p.got, p.want)
		if d := diffResults(g, want); d != "" {
			t.Errorf("query %d: %s", i, d)
		}
		if want.Total == 0 {
			t.Errorf("query %d finds nothing: the test checks too little", i)
		}
	}
}

// TestAllOfStaysDone: once out of matches, allOf's searcher answers an
// advance with nothing, without going back to matches it has returned.
func TestAllOfStaysDone(t *testing.T) {
	m := &memArchive{}
	for i := 0; i < 10; i++ {
		m.add(fmt.Sprintf("https://p.example/%d", i), "Title", "alpha beta", nil)
	}
	ix := openTest(t, "")
	mustSync(t, ix, m)
	r := testSnapshot(t, ix)
	defer r.Close()
	s, err := newAllOf(termQ(fBody, "alpha", 1), termQ(fBody, "beta", 1)).Searcher(context.Background(), r, ix.bleve.Mapping(), blevesearch.SearcherOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sctx := &blevesearch.SearchContext{DocumentMatchPool: blevesearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	n := 0
	for {
		d, err := s.Next(sctx)
		if err != nil {
			t.Fatal(err)
		}
		if d == nil {
			break
		}
		n++
	}
	if n != 10 {
		t.Fatalf("%d matches, want 10", n)
	}
	if d, err := s.Advance(sctx, index.NewIndexInternalID(nil, 1)); d != nil || err != nil {
		t.Errorf("advanced after the end: %v, %v; want nothing", d, err)
	}
}
