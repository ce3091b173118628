package search

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/archivist-org/archivist/archive"
)

// TestFilteredAsConjunction: filtered finds what the conjunction of its
// query and unscored filter finds, with the same scores, for wide filters
// (each hit looked up in the bitmaps, or terms' lists cut to them),
// narrow ones (a conjunction), empty
// ones and ones it cannot read as bitmaps (a date range), alone and
// inside latestOnly and a conjunction, over several segments.
func TestFilteredAsConjunction(t *testing.T) {
	m := &memArchive{}
	sites := []string{"a.example", "b.example", "c.example"}
	for i := 0; i < 80; i++ {
		text := fmt.Sprintf("ccc page %d", i)
		if i%2 == 0 {
			text += " eee"
		}
		site := sites[i%3]
		if i == 7 {
			site = "rare.example"
		}
		m.add(fmt.Sprintf("https://%s/%d", site, i%70), "Title ttt", text, func(r *archive.Record) {
			r.Published = fmt.Sprintf("%d-06-01", 2015+i%8)
			if i%5 == 0 {
				r.Language = "de"
			}
		})
	}
	ix := openTest(t, "")
	mustSync(t, ix, m)
	word := func(s string) query.Query {
		return bleve.NewDisjunctionQuery(termQ(fBody, s, 1), termQ(fTitle, s, 2.5))
	}
	years := bleve.NewDisjunctionQuery(termQ(fYear, "2018", 1), termQ(fYear, "2019", 1), termQ(fYear, "2020", 1))
	filters := map[string]query.Query{
		"site":         termQ(fSites, "a.example", 1),
		"narrow site":  termQ(fSites, "rare.example", 1),
		"no such site": termQ(fSites, "none.example", 1),
		"years":        years,
		"site, years":  bleve.NewConjunctionQuery(termQ(fSites, "b.example", 1), years),
		"lang":         termQ(fLang, "de", 1),
		"date range":   dateFilter(time.Date(2018, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC), nil),
		"since":        dateFilter(time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), time.Time{}, ix.years()),
	}
	queries := []query.Query{word("ccc"), word("eee"), newAllOf(word("ccc"), word("eee")), word("ttt"), termQ(fBody, "eee", 1),
		bleve.NewDisjunctionQuery(termQ(fBody, "eee", 1), termQ(fBody, "none", 1), termQ(fTitle, "ccc", 2))}
	found := 0
	for name, f := range filters {
		for i, q := range queries {
			pairs := [][2]query.Query{
				{filtered{q, f}, bleve.NewConjunctionQuery(q, unscored{f})},
				{latestOnly{filtered{q, f}}, latestOnly{bleve.NewConjunctionQuery(q, unscored{f})}},
				{newAllOf(latestOnly{filtered{q, f}}, termQ(fBody, "eee", 1)), newAllOf(latestOnly{bleve.NewConjunctionQuery(q, unscored{f})}, termQ(fBody, "eee", 1))},
			}
			for j, p := range pairs {
				g, w := searchBoth(t, ix, p[0], p[1])
				if d := diffResults(g, w); d != "" {
					t.Errorf("%s, query %d, form %d: %s", name, i, j, d)
				}
				if w.Total > 0 {
					found++
				}
			}
		}
	}
	if found < 50 {
		t.Errorf("only %d searches found anything: the test checks too little", found)
	}
	// Each way of searching is taken.
	r := testSnapshot(t, ix)
	defer r.Close()
	prefix := bleve.NewPrefixQuery("ee")
	prefix.SetField(fBody)
	for _, c := range []struct {
		filter string
		q      query.Query
		want   string
	}{
		{"site", prefix, "*search.filteredSearcher"},
		{"site", word("ccc"), "*searcher.DisjunctionSliceSearcher"}, // terms cut to the filter: filteredTerms
		{"lang", termQ(fBody, "eee", 1), "*search.termFilteredSearcher"},
		{"narrow site", word("ccc"), "*search.allSearcher"},
		{"no such site", word("ccc"), "*searcher.MatchNoneSearcher"},
		{"date range", word("ccc"), "*search.staysDone"},
	} {
		name, want := c.filter, c.want
		s, err := filtered{c.q, filters[name]}.Searcher(context.Background(), r, ix.bleve.Mapping(), blevesearch.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%T", s); got != want {
			t.Errorf("%s: searched by %s, want %s", name, got, want)
		}
		s.Close()
	}
}

// TestDateFilterYears: a date filter built with the index's years (open
// ends as year terms) matches what the date ranges match, with versions
// dated in years bleve cannot index as dates (before 1677, after 2262),
// undated ones and ones far in the future.
func TestDateFilterYears(t *testing.T) {
	for _, edge := range []string{"", "1650-05-01", "2300-05-01"} {
		m := &memArchive{}
		dates := []string{"1899-12-31T23:00:00Z", "1901-01-01", "1950-06-01", "2019-12-31T23:59:59Z", "2020-01-01", "2020-06-15", "2024-02-29", "2031-01-01", "2200-01-01", ""}
		if edge != "" {
			dates = append(dates, edge)
		}
		for i, d := range dates {
			m.add(fmt.Sprintf("https://p.example/%d", i), "Title", "ccc", func(r *archive.Record) {
				r.Published = d
				if d == "" {
					r.FirstSeen, r.FetchedAt = time.Time{}, time.Time{}
				}
			})
		}
		ix := openTest(t, "")
		mustSync(t, ix, m)
		day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
		ranges := [][2]time.Time{
			{day("2020-01-01"), {}}, {day("2019-06-01"), {}}, {{}, day("2020-01-01")}, {{}, day("1901-01-01")},
			{{}, day("1950-03-01")}, {day("1900-01-01"), day("2021-01-01")}, {day("2031-01-01"), {}}, {day("2100-01-01"), {}},
		}
		found := 0
		for _, rg := range ranges {
			gr, wr := searchBoth(t, ix, unscored{dateFilter(rg[0], rg[1], ix.years())}, unscored{dateFilter(rg[0], rg[1], nil)})
			if d := diffResults(gr, wr); d != "" {
				t.Errorf("edge %q, %v: %s", edge, rg, d)
			}
			found += int(wr.Total)
		}
		if found < 15 {
			t.Errorf("edge %q: %d found: the test checks too little", edge, found)
		}
	}
}

// TestCountByBitmaps: a count from the posting lists is bleve's total, on
// an index with superseded and deleted versions over several segments;
// a query it cannot count so (a phrase) is left to bleve.
func TestCountByBitmaps(t *testing.T) {
	m := &memArchive{}
	ix := openTest(t, "")
	for i := 0; i < 90; i++ {
		text := fmt.Sprintf("ccc page %d", i)
		if i%2 == 0 {
			text += " eee"
		}
		if i%3 == 0 {
			text += " fff"
		}
		m.add(fmt.Sprintf("https://p.example/%d", i%40), "Title ttt", text, func(r *archive.Record) {
			r.Published = fmt.Sprintf("%d-06-01", 2015+i%8)
		})
		if i%40 == 39 {
			// Later versions supersede earlier ones in segments already
			// written, where those are deleted and added again.
			mustSync(t, ix, m)
		}
	}
	mustSync(t, ix, m)
	// Deleted documents stay in their segments until a merge: bleve's
	// iterators leave them out, and so must the count.
	for i := 0; i < 12; i++ {
		if err := ix.bleve.Delete(docID(fmt.Sprintf("https://p.example/%d", i*3), 1)); err != nil {
			t.Fatal(err)
		}
	}
	deleted := uint64(0)
	snap := testSnapshot(t, ix)
	for _, ss := range snap.Segments() {
		if d := ss.Deleted(); d != nil {
			deleted += d.GetCardinality()
		}
	}
	snap.Close()
	if deleted == 0 {
		t.Fatal("no deleted documents: the test checks too little")
	}
	word := func(s string) query.Query {
		return bleve.NewDisjunctionQuery(termQ(fBody, s, 1), termQ(fTitle, s, 2.5))
	}
	years := bleve.NewDisjunctionQuery(termQ(fYear, "2018", 1), termQ(fYear, "2019", 1))
	queries := []query.Query{
		word("ccc"), word("eee"), newAllOf(word("eee"), word("fff")),
		bleve.NewDisjunctionQuery(newAllOf(word("eee"), word("fff")), word("ttt")),
		filtered{word("fff"), years}, unscored{years}, bleve.NewMatchNoneQuery(), termQ(fBody, "missing", 1),
	}
	for _, q := range append([]query.Query(nil), queries...) {
		queries = append(queries, latestOnly{q})
	}
	for i, q := range queries {
		got, _, ok := ix.countByBitmaps(q)
		if !ok {
			t.Errorf("query %d: not counted", i)
			continue
		}
		res, err := ix.bleve.Search(bleve.NewSearchRequestOptions(q, 0, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		if got != res.Total {
			t.Errorf("query %d: counted %d, bleve finds %d", i, got, res.Total)
		}
	}
	if _, _, ok := ix.countByBitmaps(latestOnly{newMultiPhrase([][]string{{"ccc"}, {"page"}}, fBody, 1, false)}); ok {
		t.Error("a phrase is counted from its terms' posting lists")
	}
	all, _, _ := ix.countByBitmaps(word("ccc"))
	latest, _, _ := ix.countByBitmaps(latestOnly{word("ccc")})
	if all != 90-12 || latest != 40 {
		t.Errorf("counted %d versions and %d latest, want %d and 40", all, latest, 90-12)
	}
}
