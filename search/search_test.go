package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
)

func fixture() *memArchive {
	m := &memArchive{}
	m.add("https://think.example.org/carbon-tax", "The case for a carbon tax",
		"Economists broadly agree that a carbon tax is the cheapest way to cut emissions.\n\nA border adjustment protects industry from leakage.", func(r *archive.Record) {
			r.Authors = []string{"Jane Doe"}
			r.Topics = []string{"Climate Policy"}
			r.Published = "2023-05-01"
		})
	m.add("https://news.example.com/elections", "Elections in the spring",
		"The governing party expects a close race. Turnout among young voters is rising.", func(r *archive.Record) {
			r.Authors = []string{"John Smith"}
			r.Topics = []string{"Politics"}
			r.Published = "2024-02-10"
		})
	m.add("https://www.lemonde.example.fr/climat", "La taxe carbone aux frontières",
		"Les économistes estiment que la taxe carbone réduira les émissions. Les industries européennes craignent la concurrence.", func(r *archive.Record) {
			r.Language = "fr-FR"
			r.Published = "2024-03-01"
		})
	m.add("https://zeit.example.de/migration", "Migrationspolitik in Europa",
		"Die Regierungen streiten über die Verteilung der Flüchtlinge. Die Migration und die Migrationspolitik der Union bleiben umstritten.", func(r *archive.Record) {
			r.Language = "de"
			r.Published = "2022-11-20"
		})
	m.add("https://news.example.com/migration", "Migration talks stall",
		"European governments failed to agree on migration quotas for refugees arriving by sea.", func(r *archive.Record) {
			r.Published = "2024-06-01"
		})
	return m
}

func TestSearchQueries(t *testing.T) {
	m := fixture()
	ix := openTest(t, "")
	st := mustSync(t, ix, m)
	if st.Indexed != 5 || ix.LastSeq() != 5 {
		t.Fatalf("sync: %+v lastSeq %d", st, ix.LastSeq())
	}
	cases := []struct {
		name string
		req  Request
		want []string // in any order, exactly
	}{
		{"word stemmed", Request{Query: "agreeing"}, []string{"https://think.example.org/carbon-tax", "https://news.example.com/migration"}},
		{"french stem", Request{Query: "frontière"}, []string{"https://www.lemonde.example.fr/climat"}},
		{"cross-language stems", Request{Query: "economist"}, []string{"https://think.example.org/carbon-tax", "https://www.lemonde.example.fr/climat"}},
		{"across languages", Request{Query: "carbon OR carbone"}, []string{"https://think.example.org/carbon-tax", "https://www.lemonde.example.fr/climat"}},
		{"german stem", Request{Query: "Regierung"}, []string{"https://zeit.example.de/migration"}},
		{"and implied", Request{Query: "migration refugees"}, []string{"https://news.example.com/migration"}},
		{"phrase", Request{Query: `"border adjustment"`}, []string{"https://think.example.org/carbon-tax"}},
		{"phrase miss", Request{Query: `"adjustment border"`}, nil},
		{"phrase over a stop word", Request{Query: `"cheapest way to cut"`}, []string{"https://think.example.org/carbon-tax"}},
		{"phrase words apart", Request{Query: `"tax emissions"`}, nil},
		{"phrase in a field", Request{Query: `body:"agree on migration"`}, []string{"https://news.example.com/migration"}},
		{"phrase and a word", Request{Query: `"carbon tax" leakage`}, []string{"https://think.example.org/carbon-tax"}},
		{"phrase under OR", Request{Query: `"close race" OR "border adjustment"`}, []string{"https://think.example.org/carbon-tax", "https://news.example.com/elections"}},
		{"not", Request{Query: "migration -refugees"}, []string{"https://zeit.example.de/migration"}},
		{"NOT word", Request{Query: "migration NOT refugees"}, []string{"https://zeit.example.de/migration"}},
		{"prefix", Request{Query: "turn*"}, []string{"https://news.example.com/elections"}},
		{"title field", Request{Query: "title:spring"}, []string{"https://news.example.com/elections"}},
		{"author field", Request{Query: `author:"jane doe"`}, []string{"https://think.example.org/carbon-tax"}},
		{"author word", Request{Query: "author:smith"}, []string{"https://news.example.com/elections"}},
		{"site field", Request{Query: "site:example.com"}, []string{"https://news.example.com/elections", "https://news.example.com/migration"}},
		{"site www", Request{Query: "site:www.lemonde.example.fr"}, []string{"https://www.lemonde.example.fr/climat"}},
		{"topic field", Request{Query: "topic:climate"}, []string{"https://think.example.org/carbon-tax"}},
		{"site filter", Request{Query: "migration", Site: "zeit.example.de"}, []string{"https://zeit.example.de/migration"}},
		{"lang filter", Request{Query: "carbon OR carbone", Lang: "fr"}, []string{"https://www.lemonde.example.fr/climat"}},
		{"author filter", Request{Query: "", Author: "John Smith"}, []string{"https://news.example.com/elections"}},
		{"since", Request{Query: "migration OR migrationspolitik", Since: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}, []string{"https://news.example.com/migration"}},
		{"until", Request{Query: "migration OR migrationspolitik", Until: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}, []string{"https://zeit.example.de/migration"}},
		{"groups", Request{Query: "(leakage OR turnout) economists"}, []string{"https://think.example.org/carbon-tax"}},
		{"stop words only", Request{Query: "the"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := urls(search(t, ix, m, c.req))
			slices.Sort(got)
			want := slices.Clone(c.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%q: got %v, want %v", c.req.Query, got, want)
			}
		})
	}
}

func TestSearchOutput(t *testing.T) {
	m := fixture()
	ix := openTest(t, "")
	mustSync(t, ix, m)
	res := search(t, ix, m, Request{Query: "carbon tax"})
	if len(res.Hits) == 0 {
		t.Fatal("no hits")
	}
	h := res.Hits[0]
	if h.URL != "https://think.example.org/carbon-tax" || h.Title != "The case for a carbon tax" ||
		h.Site != "think.example.org" || h.Version != 1 || h.Dated != "published" ||
		!h.Date.Equal(time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)) || h.Score <= 0 ||
		!slices.Equal(h.Authors, []string{"Jane Doe"}) || h.Lang != "en" {
		t.Errorf("hit: %+v", h)
	}
	if !strings.Contains(h.Snippet, "carbon tax") || len(h.Highlights) < 2 {
		t.Errorf("snippet %q highlights %v", h.Snippet, h.Highlights)
	}
	for _, hl := range h.Highlights {
		w := strings.ToLower(h.Snippet[hl[0]:hl[1]])
		if w != "carbon" && w != "tax" {
			t.Errorf("highlight %q", w)
		}
	}
	// Date sort: newest first.
	res = search(t, ix, m, Request{Query: "migration OR carbon OR carbone", SortByDate: true})
	for i := 1; i < len(res.Hits); i++ {
		if res.Hits[i].Date.After(res.Hits[i-1].Date) {
			t.Errorf("not by date: %v", urls(res))
		}
	}
	// Limit and offset page through the same order.
	all := urls(search(t, ix, m, Request{Query: "migration OR carbon OR carbone", SortByDate: true}))
	p2 := urls(search(t, ix, m, Request{Query: "migration OR carbon OR carbone", SortByDate: true, Limit: 2, Offset: 1}))
	if !slices.Equal(p2, all[1:3]) {
		t.Errorf("page %v of %v", p2, all)
	}
}

func TestVersionsLatestAndAll(t *testing.T) {
	m := &memArchive{}
	ix := openTest(t, "")
	m.add("https://a.example/p", "Draft", "The minister praised the controversial pipeline project.", nil)
	m.add("https://b.example/q", "Other", "Nothing about ministers here, only weather reports and rain.", nil)
	mustSync(t, ix, m)
	// Edited in a later sync, then edited twice inside one batch.
	m.add("https://a.example/p", "Final", "The minister announced a review of the project.", nil)
	mustSync(t, ix, m)
	m.add("https://a.example/p", "Final 2", "The minister cancelled the project after the review.", nil)
	m.add("https://a.example/p", "Final 3", "The project was cancelled; an inquiry follows.", nil)
	st := mustSync(t, ix, m)
	if st.Flipped != 1 {
		t.Errorf("flipped %d, want 1", st.Flipped)
	}
	if got := urls(search(t, ix, m, Request{Query: "pipeline"})); len(got) != 0 {
		t.Errorf("edited-out text found in latest: %v", got)
	}
	res := search(t, ix, m, Request{Query: "pipeline", AllVersions: true})
	if len(res.Hits) != 1 || res.Hits[0].Version != 1 {
		t.Errorf("all versions: %+v", res.Hits)
	}
	res = search(t, ix, m, Request{Query: "project", AllVersions: true})
	if res.Total != 4 {
		t.Errorf("all versions of project: %d", res.Total)
	}
	res = search(t, ix, m, Request{Query: "project"})
	if res.Total != 1 || res.Hits[0].Version != 4 || res.Hits[0].Title != "Final 3" {
		t.Errorf("latest: %+v", res.Hits)
	}
	// Sync again: nothing to do.
	if st := mustSync(t, ix, m); st.Indexed != 0 {
		t.Errorf("resync indexed %d", st.Indexed)
	}
}

func TestReopenResumeAndRebuild(t *testing.T) {
	m := fixture()
	dir := t.TempDir()
	ix, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustSync(t, ix, m)
	// A second opener is refused while the first holds it.
	if _, err := Open(dir, nil); !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v", err)
	}
	ix.Close()
	m.add("https://news.example.com/new", "Budget", "The budget deficit widened sharply.", nil)
	ix = openTest(t, dir)
	if ix.LastSeq() != 5 {
		t.Fatalf("reopened lastSeq %d", ix.LastSeq())
	}
	if st := mustSync(t, ix, m); st.Indexed != 1 {
		t.Fatalf("resume indexed %d", st.Indexed)
	}
	n1, _ := ix.DocCount()
	st, err := ix.Rebuild(context.Background(), m)
	if err != nil || st.Indexed != 6 {
		t.Fatalf("rebuild %+v %v", st, err)
	}
	if n2, _ := ix.DocCount(); n2 != n1 {
		t.Errorf("doc count %d after rebuild, %d before", n2, n1)
	}
	if got := urls(search(t, ix, m, Request{Query: "deficit"})); len(got) != 1 {
		t.Errorf("after rebuild: %v", got)
	}
}

// A crash after bleve committed a batch but before state.db did: the next
// Sync replays it and the index ends the same.
func TestReplayIsIdempotent(t *testing.T) {
	m := fixture()
	ix := openTest(t, "")
	mustSync(t, ix, m)
	m.add("https://news.example.com/elections", "Elections, updated", "Turnout fell after all.", nil)
	mustSync(t, ix, m)
	before, _ := ix.DocCount()
	// Forget the state as if the last commit had not happened.
	s := &syncer{ix: ix, ctx: context.Background()}
	for _, r := range m.recs {
		if err := s.add(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.flush(); err != nil {
		t.Fatal(err)
	}
	if err := s.wait(); err != nil {
		t.Fatal(err)
	}
	if after, _ := ix.DocCount(); after != before {
		t.Errorf("docs %d after replay, %d before", after, before)
	}
	res := search(t, ix, m, Request{Query: "turnout"})
	if res.Total != 1 || res.Hits[0].Version != 2 {
		t.Errorf("latest after replay: %+v", res.Hits)
	}
}

func TestBadQueriesDoNotPanic(t *testing.T) {
	m := fixture()
	ix := openTest(t, "")
	mustSync(t, ix, m)
	for _, q := range []string{`"`, `""`, `(`, `)`, `((a)`, `a OR`, `OR`, `NOT`, `-`, `+`, `*`, `title:`, `site:`,
		`author:""`, `a AND AND b`, `--x`, `"unclosed phrase`, strings.Repeat("(", 200), `lang:`, "\xff\xfe", `topic:*`,
		`-carbon`, `NOT NOT carbon`} {
		_, err := ix.Search(context.Background(), Request{Query: q}, m)
		if err != nil && !errors.Is(err, ErrBadQuery) {
			t.Errorf("%q: %v", q, err)
		}
	}
	res := search(t, ix, m, Request{Query: "-carbon"})
	if res.Total != 3 { // the French "carbone" stems to carbon too
		t.Errorf("-carbon: %d", res.Total)
	}
}

func TestGuessLang(t *testing.T) {
	for text, want := range map[string]string{
		"The government said that it will not raise the taxes for the middle class this year.": "en",
		"Le gouvernement a dit que les impôts ne seront pas augmentés pour la classe moyenne.": "fr",
		"Die Regierung sagte, dass die Steuern für die Mittelschicht nicht erhöht werden.":     "de",
		"قالت الحكومة إنها لن ترفع الضرائب على الطبقة الوسطى هذا العام":                        "ar",
		"": "",
	} {
		if got := guessLang(text); got != want {
			t.Errorf("guessLang(%.30q) = %q, want %q", text, got, want)
		}
	}
}

func TestDateFilter(t *testing.T) {
	m := &memArchive{}
	dates := []string{"1899-05-01", "2019-06-01", "2020-01-01", "2021-12-31", "2023-03-03", "2031-01-01"}
	for _, d := range dates {
		m.add("https://d.example/"+d, "Dated "+d, "A dated report on harbours.", func(r *archive.Record) { r.Published = d })
	}
	ix := openTest(t, "")
	mustSync(t, ix, m)
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	ranges := [][2]string{{"2020-01-01", ""}, {"2019-07-01", ""}, {"", "2021-12-31"}, {"", "2022-01-01"},
		{"2019-01-01", "2020-01-02"}, {"2020-01-01", "2020-01-01"}, {"2021-06-01", "2023-03-04"}, {"1800-01-01", "1900-01-01"}, {"2024-01-01", ""}}
	for _, r := range ranges {
		var since, until time.Time
		if r[0] != "" {
			since = day(r[0])
		}
		if r[1] != "" {
			until = day(r[1])
		}
		var want []string
		for _, d := range dates {
			dt := day(d)
			if (since.IsZero() || !dt.Before(since)) && (until.IsZero() || dt.Before(until)) {
				want = append(want, "https://d.example/"+d)
			}
		}
		got := urls(search(t, ix, m, Request{Query: "harbour", Since: since, Until: until, Limit: 20}))
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("[%s, %s): got %v, want %v", r[0], r[1], got, want)
		}
	}
}

// Nothing is copied into bleve's catch-all _all field: building it cost
// CPU on every document for a field no query reads.
func TestNoCatchAllField(t *testing.T) {
	ix := openTest(t, "")
	mustSync(t, ix, fixture())
	fields, err := ix.bleve.Fields()
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(fields, "_all") {
		t.Errorf("fields %v include _all", fields)
	}
	if !slices.Contains(fields, fBody) {
		t.Errorf("fields %v lack %s", fields, fBody)
	}
}

// TestSortByDateOrder: a date sort orders by the exact instant (to the
// nanosecond), newest first, then by score; versions without a date bleve
// can hold (none, or before 1677) come last, by score then id. Sorting reads
// the one-term date key, not the date's numeric terms.
func TestSortByDateOrder(t *testing.T) {
	m := &memArchive{}
	add := func(name, published, text string) {
		m.add("https://port.example.com/"+name, "Port news "+name, text, func(r *archive.Record) {
			r.Published = published
			if published == "" {
				r.FirstSeen, r.FetchedAt = time.Time{}, time.Time{}
			}
		})
	}
	plain := "The harbour reopened after the storm and ships came back."
	add("half-second", "2024-01-01T00:00:00.5Z", plain)
	add("midnight", "2024-01-01T00:00:00Z", plain)
	add("one-second", "2024-01-01T00:00:01Z", plain)
	add("old", "1500-06-01", plain)
	add("undated", "", plain)
	add("one-second-busy", "2024-01-01T00:00:01Z", "The harbour, the harbour and the harbour again: harbour traffic.")
	add("last-nanosecond", "2023-12-31T23:59:59.999999999Z", plain)
	ix := openTest(t, "")
	mustSync(t, ix, m)
	got := urls(search(t, ix, m, Request{Query: "harbour", SortByDate: true}))
	var want []string
	for _, n := range []string{"one-second-busy", "one-second", "half-second", "midnight", "last-nanosecond", "old", "undated"} {
		want = append(want, "https://port.example.com/"+n)
	}
	if !slices.Equal(got, want) {
		t.Errorf("by date:\n got %v\nwant %v", got, want)
	}
	// A phrase keeps the order of the versions it matches (all but the
	// busy one, where the words are not adjacent).
	got = urls(search(t, ix, m, Request{Query: `"harbour reopened"`, SortByDate: true}))
	if w := slices.Delete(slices.Clone(want), 0, 1); !slices.Equal(got, w) {
		t.Errorf("phrase by date:\n got %v\nwant %v", got, w)
	}
	// Pages cut the same order, also where a page ends between the two
	// versions that have no date bleve holds.
	for limit := 1; limit <= 4; limit++ {
		var got []string
		for off := 0; off < len(want); off += limit {
			got = append(got, urls(search(t, ix, m, Request{Query: "harbour", SortByDate: true, Limit: limit, Offset: off}))...)
		}
		if !slices.Equal(got, want) {
			t.Errorf("pages of %d:\n got %v\nwant %v", limit, got, want)
		}
	}
}

// TestFiltersKeepScores: a filter (date, site, language, kind) narrows the
// hits without changing their scores, so a filtered page ranks as the
// same hits do unfiltered. (A date filter's year terms used to add their
// weight to the query's, lowering every score by an amount that varied
// with the range.)
func TestFiltersKeepScores(t *testing.T) {
	m := &memArchive{}
	texts := []string{"The harbour reopened.", "Harbour, harbour and harbour traffic at the harbour.",
		"A long report on shipping, tides, cranes and the harbour authority's plans for the next decade.",
		"Harbour news.", "The harbour and the port."}
	for i, d := range []string{"2018-05-01", "2019-06-01", "2020-01-01", "2021-12-31", "2023-03-03", "2024-07-07"} {
		m.add(fmt.Sprintf("https://s%d.example/%s", i%2, d), "Report "+d, texts[i%len(texts)], func(r *archive.Record) { r.Published = d })
	}
	ix := openTest(t, "")
	mustSync(t, ix, m)
	scores := map[string]float64{}
	for _, h := range search(t, ix, m, Request{Query: "harbour", Limit: 20}).Hits {
		scores[h.URL] = h.Score
	}
	since := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, req := range []Request{
		{Since: since}, {Until: since}, {Since: since.AddDate(0, 3, 0), Until: since.AddDate(3, 0, 0)},
		{Site: "s1.example"}, {Site: "s0.example", Since: since}, {Kind: "article", Since: since},
	} {
		req.Query, req.Limit = "harbour", 20
		res := search(t, ix, m, req)
		if len(res.Hits) == 0 || len(res.Hits) == len(scores) {
			t.Errorf("%+v: %d hits, want some but not all", req, len(res.Hits))
		}
		for _, h := range res.Hits {
			if h.Score != scores[h.URL] {
				t.Errorf("%+v: %s scored %v, %v unfiltered", req, h.URL, h.Score, scores[h.URL])
			}
		}
	}
}

// TestSortByDateTies: versions with the same date and score come in id
// order on every page, also where the tie crosses a page's end.
func TestSortByDateTies(t *testing.T) {
	m := &memArchive{}
	names := []string{"e", "b", "d", "a", "c", "f"}
	for i, n := range names {
		d := "2024-05-05"
		if i == len(names)-1 {
			d = "2024-05-06" // one newer, first
		}
		m.add("https://tie.example/"+n, "Tide tables", "The tide tables for the harbour.", func(r *archive.Record) { r.Published = d })
	}
	ix := openTest(t, "")
	mustSync(t, ix, m)
	want := []string{"f", "a", "b", "c", "d", "e"}
	for i := range want {
		want[i] = "https://tie.example/" + want[i]
	}
	if got := urls(search(t, ix, m, Request{Query: "tide", SortByDate: true})); !slices.Equal(got, want) {
		t.Fatalf("by date:\n got %v\nwant %v", got, want)
	}
	// A word and a phrase (which run in one pass, not two).
	for _, q := range []string{"tide", `"tide tables"`} {
		for limit := 1; limit <= 4; limit++ {
			var got []string
			for off := 0; off < len(want); off += limit {
				res := search(t, ix, m, Request{Query: q, SortByDate: true, Limit: limit, Offset: off})
				for _, h := range res.Hits {
					if h.Title != "Tide tables" || h.Date.IsZero() {
						t.Errorf("%s, page at %d: hit %s without its stored fields (title %q, date %v)", q, off, h.URL, h.Title, h.Date)
					}
				}
				got = append(got, urls(res)...)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s, pages of %d:\n got %v\nwant %v", q, limit, got, want)
			}
		}
	}
}

// TestPhraseStopWordsStayInTheirLanguage: where a language drops a
// phrase's stop word ("in" in German: "in the" becomes the word "the"),
// that looser query matches only documents in that language; a French
// page with "the" but not "in the" is no hit.
func TestPhraseStopWordsStayInTheirLanguage(t *testing.T) {
	m := &memArchive{}
	lang := func(l string) func(*archive.Record) { return func(r *archive.Record) { r.Language = l } }
	m.add("https://de.example/haus", "Das Haus", "Wir wohnen in the house, sagt sie.", lang("de"))
	m.add("https://fr.example/meteo", "La météo", "Il a dit: the weather is nice aujourd'hui.", lang("fr"))
	m.add("https://fr.example/maison", "La maison", "Elle a écrit in the house sur le mur.", lang("fr"))
	ix := openTest(t, "")
	mustSync(t, ix, m)
	got := urls(search(t, ix, m, Request{Query: `"in the"`}))
	slices.Sort(got)
	if want := []string{"https://de.example/haus", "https://fr.example/maison"}; !slices.Equal(got, want) {
		t.Errorf(`"in the": got %v, want %v`, got, want)
	}
}

// Versions the archive says are superseded are indexed as such at once:
// no flips, the same answers; a page whose newer version cannot be read
// keeps the one before as its latest.
func TestSupersededVersionsNeedNoFlips(t *testing.T) {
	for _, unreadableLast := range []bool{false, true} {
		m := &memArchive{superseded: true, unreadable: map[uint64]bool{}}
		for i := 1; i <= 4; i++ {
			r := m.add("https://a.example/p", fmt.Sprintf("Edit %d", i), fmt.Sprintf("The harbour project, revision number%d of the plan.", i), nil)
			m.add(fmt.Sprintf("https://b.example/%d", i), "Other", "Weather reports and rain over the hills.", nil)
			if i == 4 && unreadableLast {
				m.unreadable[r.Seq] = true
			}
		}
		ix := openTest(t, "")
		st, err := ix.Rebuild(context.Background(), m)
		if err != nil {
			t.Fatal(err)
		}
		if st.Flipped != 0 {
			t.Errorf("flipped %d, want 0", st.Flipped)
		}
		want := 4
		if unreadableLast {
			want = 3
		}
		res := search(t, ix, m, Request{Query: "harbour"})
		if res.Total != 1 || res.Hits[0].Version != want {
			t.Errorf("unreadable last %v: latest %+v, want version %d", unreadableLast, res.Hits, want)
		}
		res = search(t, ix, m, Request{Query: "harbour", AllVersions: true})
		if res.Total != uint64(want) {
			t.Errorf("unreadable last %v: all versions %d, want %d", unreadableLast, res.Total, want)
		}
		if got := urls(search(t, ix, m, Request{Query: fmt.Sprintf("number%d", want)})); len(got) != 1 {
			t.Errorf("unreadable last %v: latest text not found: %v", unreadableLast, got)
		}
	}
}

// appendLower is strings.ToLower, on words of every case and script and
// on bytes that are not UTF-8.
func TestAppendLowerIsToLower(t *testing.T) {
	for _, s := range []string{"", "word", "Word", "WORD", "ÉTÉ", "Straße", "İstanbul", "ΣΊΣΥΦΟΣ", "ǅ", "Ⅻ", "ＡＢＣ", "a\xffB", "\xc3", "12ab"} {
		if got := string(appendLower([]byte("x"), s)); got != "x"+strings.ToLower(s) {
			t.Errorf("%q: %q, want %q", s, got, "x"+strings.ToLower(s))
		}
	}
}
