package search

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/numeric"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestNewestFirstWindows: newest first over date windows gives the same
// page, scores and total as over all hits: with ties on one date across
// the page's end, undated versions, superseded ones, dates far apart and a
// word found only in old versions (the windows widen to the whole index).
func TestNewestFirstWindows(t *testing.T) {
	defer func(n, c uint64) { windowMinHits, countedWindowMinHits = n, c }(windowMinHits, countedWindowMinHits)
	windowMinHits, countedWindowMinHits = 0, 0
	m := &memArchive{}
	base := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	for i := range 400 {
		text := "alpha report"
		if i%3 == 0 {
			text += " beta"
		}
		if i%7 == 0 {
			text += " beta beta delta"
		}
		var date time.Time
		switch {
		case i < 60: // one instant, as a crawl's first-seen dates
			date = base
		case i < 80: // undated
		case i < 90:
			date = time.Date(2066, 3, 2, 0, 0, 0, 0, time.UTC)
		case i < 120:
			date = base.Add(time.Duration(i) * time.Nanosecond)
			text += " epsilon"
		default:
			date = base.AddDate(0, 0, -3*i)
			if i > 360 {
				text += " gamma" // old versions only
			}
		}
		url := fmt.Sprintf("https://w.example/%d", i%380)
		m.add(url, "Report "+url, text, func(r *archive.Record) {
			r.FirstSeen, r.FetchedAt = date, date
		})
	}
	ix := openTest(t, "")
	mustSync(t, ix, m)
	ctx := context.Background()
	n := 0
	for _, q := range []string{"alpha", "beta", "gamma", "delta", "epsilon", "alpha -beta"} {
		for _, all := range []bool{false, true} {
			for _, page := range [][2]int{{0, 10}, {0, 1}, {5, 3}, {55, 10}, {58, 2}, {0, 100}, {90, 30}, {300, 50}, {395, 10}} {
				req := Request{Query: q, SortByDate: true, Offset: page[0], Limit: page[1], AllVersions: all, NoSnippets: true}
				ast, err := parseQuery(q)
				if err != nil {
					t.Fatal(err)
				}
				sr, _, err := ix.request(ast, req)
				if err != nil {
					t.Fatal(err)
				}
				want, err := ix.searchNewestFirst(ctx, sr)
				if err != nil {
					t.Fatal(err)
				}
				got, err := ix.searchNewestWindowed(ctx, sr)
				if err != nil {
					t.Fatal(err)
				}
				if d := diffResults(got, want); d != "" {
					t.Errorf("%q all=%v page %v: %s", q, all, page, d)
				}
				n++
			}
		}
	}
	// 100 versions are dated at base or later, the next older one 3 days
	// before base.
	if cut, in, ok := ix.dateCut(100, nil); !ok || in != 100 || time.Unix(0, cut).After(base) || time.Unix(0, cut).Before(base.AddDate(0, 0, -3*120)) {
		t.Errorf("dateCut(100) = %v, %d, %v; want a cut holding the 100 versions dated at %v or later", time.Unix(0, cut).UTC(), in, ok, base)
	}
	if cut, in, ok := ix.dateCut(30, nil); !ok || in < 30 || in > 60 || time.Unix(0, cut).Before(base) {
		t.Errorf("dateCut(30) = %v, %d, %v; want a cut after %v holding 30-60 versions", time.Unix(0, cut).UTC(), in, ok, base)
	}
	if _, _, ok := ix.dateCut(1000, nil); ok {
		t.Errorf("dateCut(1000) found a cut: fewer versions have a date")
	}
	// Over a query's own hits: gamma's 39, all older than the versions
	// above, dated 3 days apart from 361 times 3 days before base.
	ast, err := parseQuery("gamma")
	if err != nil {
		t.Fatal(err)
	}
	sr, _, err := ix.request(ast, Request{Query: "gamma", SortByDate: true})
	if err != nil {
		t.Fatal(err)
	}
	total, known, ok := ix.countByBitmaps(sr.Query)
	hits, isKnown := known.(knownVersions)
	if !ok || !isKnown || total != 39 {
		t.Fatalf("countByBitmaps(gamma) = %d, %T, %v; want 39 versions read", total, known, ok)
	}
	fifth := base.AddDate(0, 0, -3*365)
	if cut, in, ok := ix.dateCut(5, hits.bms); !ok || in < 5 || in > 10 || time.Unix(0, cut).After(fifth) {
		t.Errorf("dateCut(5, gamma) = %v, %d, %v; want a cut at or before %v holding 5-10 of its hits", time.Unix(0, cut).UTC(), in, ok, fifth)
	}
	if _, _, ok := ix.dateCut(40, hits.bms); ok {
		t.Errorf("dateCut(40, gamma) found a cut: gamma has 39 hits")
	}
	t.Logf("%d requests", n)
}

// TestDateBuckets: dateBuckets, reading the segments one by one, gives
// the ranges and counts of bleve's merged dictionary, at every precision
// step, over all dates and from the middle ones to the end.
func TestDateBuckets(t *testing.T) {
	m := &memArchive{}
	base := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	for i := range 60 {
		date := base.AddDate(0, 0, -(i%40)*(i%7))
		m.add(fmt.Sprintf("https://d.example/%d", i), "Title", "words", func(r *archive.Record) {
			r.FirstSeen, r.FetchedAt = date, date
		})
	}
	ix := openTest(t, "")
	mustSync(t, ix, m)
	mid := base.AddDate(0, 0, -40).UnixNano()
	// years reads the segments one by one too.
	d, err := ix.bleve.FieldDict(fYear)
	if err != nil {
		t.Fatal(err)
	}
	var years []int
	for e, err := d.Next(); e != nil || err != nil; e, err = d.Next() {
		if err != nil {
			t.Fatal(err)
		}
		y, _ := strconv.Atoi(e.Term)
		years = append(years, y)
	}
	d.Close()
	if got := ix.years()(); !reflect.DeepEqual(got, years) || len(years) < 2 {
		t.Errorf("years: %v, want %v", got, years)
	}
	r := testSnapshot(t, ix)
	defer r.Close()
	snap := r
	// Several segments, unless background merges already joined them.
	t.Logf("%d segments", len(snap.Segments()))
	for _, lo := range []int64{math.MinInt64, mid} {
		hi := int64(math.MaxInt64)
		for shift := uint(0); shift <= 60; shift += 4 {
			// The same snapshot: merges may go on in the background.
			d, err := snap.FieldDictRange(fDate, numeric.MustNewPrefixCodedInt64(lo, shift), numeric.MustNewPrefixCodedInt64(hi, shift))
			if err != nil {
				t.Fatal(err)
			}
			var want []dateBucket
			for {
				e, err := d.Next()
				if err != nil {
					t.Fatal(err)
				}
				if e == nil {
					break
				}
				p := numeric.PrefixCoded(e.Term)
				if s, err := p.Shift(); err == nil && s == shift {
					v, _ := p.Int64()
					want = append(want, dateBucket{v, e.Count})
				}
			}
			d.Close()
			got, ok := dateBuckets(snap, lo, hi, shift, nil, nil)
			if !ok || !reflect.DeepEqual(got, want) || len(want) == 0 {
				t.Errorf("from %d at shift %d: %v, %v; want %v", lo, shift, got, ok, want)
			}
		}
	}
}

// testSnapshot is ix's current snapshot (see snapshot).
func testSnapshot(t *testing.T, ix *Index) *scorch.IndexSnapshot {
	t.Helper()
	snap, ok := snapshot(ix.bleve)
	if !ok {
		t.Fatal("no scorch snapshot")
	}
	return snap
}

// searchBoth runs two queries, top 100 by score as bleve.Search does, on
// one snapshot of the index: the forms diffResults compares must see the
// same segments, and a background merge between two bleve searches moved
// scores (deleted versions leave the term statistics) and ties.
func searchBoth(t *testing.T, ix *Index, got, want query.Query) (g, w *bleve.SearchResult) {
	t.Helper()
	r := testSnapshot(t, ix)
	defer r.Close()
	run := func(q query.Query) *bleve.SearchResult {
		ctx := context.Background()
		s, err := q.Searcher(ctx, r, ix.bleve.Mapping(), blevesearch.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		coll := collector.NewTopNCollector(100, 0, blevesearch.SortOrder{&blevesearch.SortScore{Desc: true}})
		if err := coll.Collect(ctx, s, r); err != nil {
			t.Fatal(err)
		}
		return &bleve.SearchResult{Total: coll.Total(), Hits: coll.Results(), MaxScore: coll.MaxScore()}
	}
	return run(got), run(want)
}

// tiesByID puts hits that tie (the same score and sort keys) in the order
// of their ids: the index's background merges between two searches
// reorder ties, which no request orders.
func tiesByID(hits blevesearch.DocumentMatchCollection) {
	tie := func(a, b *blevesearch.DocumentMatch) bool {
		return a.Score == b.Score && slices.Equal(a.Sort, b.Sort)
	}
	for i := 0; i < len(hits); {
		j := i + 1
		for j < len(hits) && tie(hits[i], hits[j]) {
			j++
		}
		sort.SliceStable(hits[i:j], func(a, b int) bool { return hits[i+a].ID < hits[i+b].ID })
		i = j
	}
}

// diffResults says how got differs from want, hit by hit; ties may come
// in any order.
func diffResults(got, want *bleve.SearchResult) string {
	if got.Total != want.Total {
		return fmt.Sprintf("total %d, want %d", got.Total, want.Total)
	}
	if len(got.Hits) != len(want.Hits) {
		return fmt.Sprintf("%d hits, want %d", len(got.Hits), len(want.Hits))
	}
	tiesByID(got.Hits)
	tiesByID(want.Hits)
	for i := range got.Hits {
		g, w := got.Hits[i], want.Hits[i]
		if g.ID != w.ID || g.Score != w.Score {
			return fmt.Sprintf("hit %d: %s (%v), want %s (%v)", i, g.ID, g.Score, w.ID, w.Score)
		}
		if fmt.Sprint(g.Fields) != fmt.Sprint(w.Fields) {
			return fmt.Sprintf("hit %d: fields %v, want %v", i, g.Fields, w.Fields)
		}
	}
	return ""
}

// TestDateWindow: the window's bitmap filter matches what bleve's numeric
// range on the date matches, in one snapshot of several segments with
// deleted versions: alone (its own searcher), as the filter of a query
// (the conjunction of a narrow window, walking the query's hits for a
// wide one), and in a count, from cuts at every precision step's
// boundaries, at the dates and next to them.
func TestDateWindow(t *testing.T) {
	m := &memArchive{}
	ix := openTest(t, "")
	base := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	var dates []time.Time
	add := func(i int) {
		var date time.Time
		switch {
		case i%25 == 0: // undated
		case i%25 == 1:
			date = time.Date(1950+i%3, 1, 1, 0, 0, 0, 0, time.UTC) // before 1970: negative
		case i%25 == 2:
			date = time.Date(2150, 3, 2, 0, 0, 0, 0, time.UTC)
		case i%5 == 3:
			date = base.Add(time.Duration(i) * time.Nanosecond)
		default:
			date = base.AddDate(0, 0, -(i%40)*(i%7)).Add(time.Duration(i%11) * time.Hour)
		}
		if !date.IsZero() {
			dates = append(dates, date)
		}
		text := "alpha"
		if i%3 == 0 {
			text += " beta"
		}
		m.add(fmt.Sprintf("https://d.example/%d", i%70), "Title", text, func(r *archive.Record) {
			r.FirstSeen, r.FetchedAt = date, date
		})
	}
	for i := range 150 {
		add(i)
		if i%30 == 29 {
			mustSync(t, ix, m) // later versions supersede earlier ones
		}
	}
	for i := 0; i < 10; i++ {
		if err := ix.bleve.Delete(docID(fmt.Sprintf("https://d.example/%d", i*7), 1)); err != nil {
			t.Fatal(err)
		}
	}
	// bleve joins segments in the background: one snapshot, taken right
	// after a write, holds several.
	var snap *scorch.IndexSnapshot
	deleted := func() (n int) {
		for _, ss := range snap.Segments() {
			if d := ss.Deleted(); d != nil {
				n += int(d.GetCardinality())
			}
		}
		return n
	}
	for i := 150; snap == nil || len(snap.Segments()) < 2 || deleted() == 0; i++ {
		if snap != nil {
			snap.Close()
		}
		if i > 200 {
			t.Fatal("no snapshot of several segments with deleted versions")
		}
		add(i)
		mustSync(t, ix, m)
		snap = testSnapshot(t, ix)
	}
	defer snap.Close()
	t.Logf("%d segments, %d deleted versions", len(snap.Segments()), deleted())
	cuts := []int64{math.MinInt64, -1, 0, 1, math.MaxInt64}
	for _, d := range dates {
		n := d.UnixNano()
		cuts = append(cuts, n-1, n, n+1)
	}
	for shift := uint(0); shift <= 60; shift += 4 {
		b, _ := dateBuckets(snap, math.MinInt64, math.MaxInt64, shift, nil, nil)
		for _, b := range b {
			cuts = append(cuts, b.start, b.start-1, b.start+int64(1)<<shift)
		}
	}
	// Buckets of different steps share boundaries: each cut once.
	slices.Sort(cuts)
	n := len(cuts)
	cuts = slices.Compact(cuts)
	t.Logf("%d cuts, %d distinct", n, len(cuts))
	// Under -race (which finds nothing in this sequential reading) an
	// eighth of them, spread over the range; the plain run reads all.
	step := 1
	if raceEnabled {
		step = 8
		var some []int64
		for i, c := range cuts {
			if i%step == 0 || i == len(cuts)-1 {
				some = append(some, c)
			}
		}
		cuts = some
	}
	ctx := context.Background()
	// find lists the hits of q in the snapshot: numbers and scores.
	find := func(q query.Query) []string {
		s, err := q.Searcher(ctx, snap, ix.bleve.Mapping(), blevesearch.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		sctx := &blevesearch.SearchContext{DocumentMatchPool: blevesearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: snap}
		var hits []string
		for {
			m, err := s.Next(sctx)
			if err != nil {
				t.Fatal(err)
			}
			if m == nil {
				return hits
			}
			hits = append(hits, fmt.Sprintf("%d:%v", m.IndexInternalID.Value(), m.Score))
			sctx.DocumentMatchPool.Put(m)
		}
	}
	word := func(s string) query.Query {
		return bleve.NewDisjunctionQuery(termQ(fBody, s, 1), termQ(fTitle, s, 2.5))
	}
	found, narrow, wide := 0, 0, 0
	for _, cut := range cuts {
		want := find(unscored{dateFrom(cut)})
		if got := find(dateWindow{cut}); !reflect.DeepEqual(got, want) {
			t.Errorf("from %d: %v, want %v", cut, got, want)
		}
		found += len(want)
		for _, w := range []string{"alpha", "beta"} {
			want := find(newAllOf(word(w), unscored{dateFrom(cut)}))
			if got := find(filtered{word(w), dateWindow{cut}}); !reflect.DeepEqual(got, want) {
				t.Errorf("%s from %d: %v, want %v", w, cut, got, want)
			}
			// The count reads the index's current snapshot: merges
			// change the numbers, not how many.
			if n, _, ok := ix.countByBitmaps(filtered{word(w), dateWindow{cut}}); !ok || n != uint64(len(want)) {
				t.Errorf("%s from %d: counted %d, %v; want %d", w, cut, n, ok, len(want))
			}
			if len(find(dateWindow{cut}))*4 < len(find(word(w))) {
				narrow++
			} else {
				wide++
			}
		}
	}
	if found < 1000/step || narrow < 20/step || wide < 20/step {
		t.Errorf("%d found, %d narrow and %d wide windows: the test checks too little", found, narrow, wide)
	}
}
