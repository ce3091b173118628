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
// (each hit looked up in the bitmaps), narrow ones (a conjunction), empty
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
	queries := []query.Query{word("ccc"), word("eee"), newAllOf(word("ccc"), word("eee")), word("ttt")}
	found := 0
	for name, f := range filters {
		for i, q := range queries {
			pairs := [][2]query.Query{
				{filtered{q, f}, bleve.NewConjunctionQuery(q, unscored{f})},
				{latestOnly{filtered{q, f}}, latestOnly{bleve.NewConjunctionQuery(q, unscored{f})}},
				{newAllOf(latestOnly{filtered{q, f}}, termQ(fBody, "eee", 1)), newAllOf(latestOnly{bleve.NewConjunctionQuery(q, unscored{f})}, termQ(fBody, "eee", 1))},
			}
			for j, p := range pairs {
				g, err := ix.bleve.Search(bleve.NewSearchRequestOptions(p[0], 100, 0, false))
				if err != nil {
					t.Fatal(err)
				}
				w, err := ix.bleve.Search(bleve.NewSearchRequestOptions(p[1], 100, 0, false))
				if err != nil {
					t.Fatal(err)
				}
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
	adv, err := ix.bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for name, want := range map[string]string{"site": "*search.filteredSearcher", "narrow site": "*search.staysDone", "no such site": "*searcher.MatchNoneSearcher", "date range": "*search.staysDone"} {
		s, err := filtered{word("ccc"), filters[name]}.Searcher(context.Background(), r, ix.bleve.Mapping(), blevesearch.SearcherOptions{})
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
			q := bleve.NewSearchRequestOptions(unscored{dateFilter(rg[0], rg[1], ix.years())}, 100, 0, false)
			w := bleve.NewSearchRequestOptions(unscored{dateFilter(rg[0], rg[1], nil)}, 100, 0, false)
			gr, err := ix.bleve.Search(q)
			if err != nil {
				t.Fatal(err)
			}
			wr, err := ix.bleve.Search(w)
			if err != nil {
				t.Fatal(err)
			}
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
