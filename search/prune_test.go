package search

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/archivist-org/archivist/archive"
	blevesearch "github.com/blevesearch/bleve/v2/search"
)

// searchBothWays runs req pruned and unpruned and reports any difference
// in the hits (order, scores, fields) or the total.
func searchBothWays(t *testing.T, ix *Index, req Request) (pruned *Result, differs string) {
	t.Helper()
	ctx := context.Background()
	got, err := ix.Search(ctx, req, nil)
	if err != nil {
		t.Fatalf("%+v: %v", req, err)
	}
	pruning = false
	defer func() { pruning = true }()
	want, err := ix.Search(ctx, req, nil)
	if err != nil {
		t.Fatalf("%+v unpruned: %v", req, err)
	}
	if got.Total != want.Total {
		return got, fmt.Sprintf("total %d, unpruned %d", got.Total, want.Total)
	}
	if !reflect.DeepEqual(got.Hits, want.Hits) {
		for i := range min(len(got.Hits), len(want.Hits)) {
			if !reflect.DeepEqual(got.Hits[i], want.Hits[i]) {
				return got, fmt.Sprintf("hit %d: %s v%d %v, unpruned %s v%d %v", i,
					got.Hits[i].URL, got.Hits[i].Version, got.Hits[i].Score, want.Hits[i].URL, want.Hits[i].Version, want.Hits[i].Score)
			}
		}
		return got, fmt.Sprintf("%d hits, unpruned %d", len(got.Hits), len(want.Hits))
	}
	return got, ""
}

// TestPruningKeepsResults: pruned searches give the same page, scores,
// order and total as unpruned ones, over a generated index of three
// languages, words of every frequency in bodies and titles (common words
// in most versions, title words that outscore bodies, many ties from
// repeated texts), superseded versions and several segments; each query
// as words, a phrase, with filters and at several pages.
func TestPruningKeepsResults(t *testing.T) {
	rng := rand.New(rand.NewSource(17))
	vocab := map[string][]string{
		"en": strings.Fields("the new in of and market trade war data privacy law energy prices government health climate policy report city company technology companies people year world"),
		"de": strings.Fields("die der und in the new neue Markt Handel Krieg Daten Gesetz Energie Preise Regierung Gesundheit Klima Bericht Stadt Unternehmen Technologie Jahr Welt"),
		"fr": strings.Fields("le la de et in the new marché commerce guerre données loi énergie prix gouvernement santé climat rapport ville entreprise technologie année monde"),
	}
	// zipf picks word k with weight 1/(k+1): the first words are in most
	// texts, the last in few.
	zipf := func(words []string) string {
		var total float64
		for k := range words {
			total += 1 / float64(k+1)
		}
		x := rng.Float64() * total
		for k, w := range words {
			if x -= 1 / float64(k+1); x <= 0 {
				return w
			}
		}
		return words[len(words)-1]
	}
	m := &memArchive{}
	langs := []string{"en", "de", "fr"}
	sites := []string{"a.example", "b.example", "news.c.example"}
	var texts []string
	for i := range 1500 {
		lang := langs[i%3]
		var text string
		if i%11 == 0 && len(texts) > 0 {
			text = texts[rng.Intn(len(texts))] // a copy: tied scores
		} else {
			n := 3 + rng.Intn(60)
			var words []string
			for range n {
				words = append(words, zipf(vocab[lang]))
			}
			text = strings.Join(words, " ")
			texts = append(texts, text)
		}
		title := zipf(vocab[lang]) + " " + zipf(vocab[lang][len(vocab[lang])/2:])
		if i%5 == 0 {
			title = "Report"
		}
		url := fmt.Sprintf("https://%s/%d", sites[i%len(sites)], i%1300) // the rest: second versions
		date := time.Date(2018+i%8, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
		m.add(url, title, text, func(r *archive.Record) {
			r.Language = lang
			r.FirstSeen, r.FetchedAt = date, date
		})
	}
	ix, err := Open(t.TempDir(), &Options{BatchSize: 400})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	mustSync(t, ix, m)

	queries := []string{"the", "new", "in the", "market", "technology companies", "data privacy law",
		"trade war", "new OR market", "energy -prices", "climate policy report", "Energie Preise", "die Welt",
		"title:report", "new year", "santé", "Report new"}
	since := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	pruned, countedFromWalk := 0, 0
	for _, q := range queries {
		for _, text := range []string{q, `"` + q + `"`} {
			for _, v := range []func(r *Request){
				func(*Request) {},
				func(r *Request) { r.Limit = 1 },
				func(r *Request) { r.Offset = 7; r.Limit = 3 },
				func(r *Request) { r.Offset = 30 },
				func(r *Request) { r.AllVersions = true },
				func(r *Request) { r.Since = since },
				func(r *Request) { r.Lang = "de" },
				func(r *Request) { r.Site = "news.c.example" },
				func(r *Request) { r.Since = since; r.Lang = "en"; r.Limit = 5 },
			} {
				req := Request{Query: text, NoSnippets: true}
				v(&req)
				res, differs := searchBothWays(t, ix, req)
				if differs != "" {
					t.Errorf("%+v: %s", req, differs)
				}
				if res.Total > uint64(req.Offset+max(req.Limit, 10)) {
					pruned++
				}
				if _, _, ok := collectedPruned(t, ix, req); ok {
					countedFromWalk++
				}
			}
		}
	}
	if pruned < 100 {
		t.Errorf("only %d requests had more hits than their page", pruned)
	}
	if countedFromWalk < 100 {
		t.Errorf("only %d requests were counted from their walk's versions", countedFromWalk)
	}
	// And the pruning does leave hits out: their scores are not read.
	skipping := 0
	for _, q := range queries {
		collected, total, _ := collectedPruned(t, ix, Request{Query: q})
		if uint64(collected) < total/2 {
			skipping++
		}
	}
	if skipping < 3 {
		t.Errorf("pruning collected under half the hits of %d queries, want 3 or more", skipping)
	}
}

// collectedPruned runs req pruned and returns how many hits bleve's
// collector was given, and the total (ok false: it cannot be counted);
// fromWalk: the search's count from its walk's versions (pruneState.count)
// could be made, and it is countMatches'.
func collectedPruned(t *testing.T, ix *Index, req Request) (collected int, total uint64, fromWalk bool) {
	t.Helper()
	ast, err := parseQuery(req.Query)
	if err != nil {
		t.Fatal(err)
	}
	sr, _, err := ix.request(ast, req)
	if err != nil {
		t.Fatalf("%+v: %v", req, err)
	}
	if sr == nil {
		return 0, 0, false // nothing to search
	}
	st := newPruneState(sr.From + sr.Size)
	defer st.close()
	ctx := context.WithValue(context.Background(), pruneKey, st)
	ctx = context.WithValue(ctx, blevesearch.MakeDocumentMatchHandlerKey, blevesearch.MakeDocumentMatchHandler(
		func(sctx *blevesearch.SearchContext) (blevesearch.DocumentMatchHandler, bool, error) {
			h, loadID, err := st.top.handler(sctx)
			return func(d *blevesearch.DocumentMatch) error {
				if d != nil {
					collected++
				}
				return h(d)
			}, loadID, err
		}))
	psr := *sr
	psr.Query = pruneRoot{prunable(sr.Query)}
	if _, err := searchSafe(ctx, ix.bleve, &psr); err != nil {
		t.Fatal(err)
	}
	total, ok := ix.countMatches(context.Background(), sr.Query)
	if !ok {
		return collected, 0, false
	}
	walked, fromWalk := st.count()
	if fromWalk && walked != total {
		t.Errorf("%+v: counted %d from the walk, countMatches %d", req, walked, total)
	}
	return collected, total, fromWalk
}

// TestPruningKeepsResultsScale compares the requests of
// TestScaleQueryDump pruned and unpruned on the scale archives
// (ARCHIVIST_SCALE_QUERY_DBS, each indexed).
func TestPruningKeepsResultsScale(t *testing.T) {
	spec := os.Getenv("ARCHIVIST_SCALE_QUERY_DBS")
	if spec == "" {
		t.Skip("ARCHIVIST_SCALE_QUERY_DBS not set")
	}
	for _, db := range strings.Split(spec, ",") {
		a, ix := openScaleDB(t, db)
		n := 0
		for _, req := range scaleDumpRequests() {
			if req.SortByDate || req.Query == "" {
				continue
			}
			req.NoSnippets = true
			if _, differs := searchBothWays(t, ix, req); differs != "" {
				t.Errorf("%s: %+v: %s", db, req, differs)
			}
			n++
		}
		t.Logf("%s: %d requests compared", db, n)
		ix.Close()
		a.Close()
	}
}

// TestVersionCursor finds the first version of per-segment bitmaps at or
// after a version, across segments, forward and back.
func TestVersionCursor(t *testing.T) {
	c := &versionCursor{bms: []*roaring.Bitmap{roaring.BitmapOf(3, 7), roaring.New(), roaring.BitmapOf(0, 5)}, offsets: []uint64{0, 10, 20}}
	for _, tc := range []struct {
		at   uint64
		want uint64
		ok   bool
	}{{0, 3, true}, {3, 3, true}, {4, 7, true}, {8, 20, true}, {21, 25, true}, {25, 25, true}, {5, 7, true}, {26, 0, false}, {2, 3, true}} {
		got, ok := c.first(tc.at)
		if got != tc.want || ok != tc.ok {
			t.Errorf("first(%d) = %d, %v; want %d, %v", tc.at, got, ok, tc.want, tc.ok)
		}
	}
}

// TestPrunedCountLeavesOutSuperseded: a pruned search's total, counted
// from its walk's versions, leaves out the superseded versions (flipped
// by a second sync: deleted where they were, indexed again) as
// countMatches does, under filters too.
func TestPrunedCountLeavesOutSuperseded(t *testing.T) {
	m := &memArchive{}
	words := strings.Fields("market prices energy trade war data law city report world")
	text := func(i int) string {
		var out []string
		for k, w := range words {
			if (i+k)%(k+2) != 0 {
				out = append(out, w)
			}
		}
		return strings.Join(out, " ")
	}
	sites := []string{"a.example", "b.example"}
	for i := range 400 {
		m.add(fmt.Sprintf("https://%s/%d", sites[i%2], i), "Page", text(i), nil)
	}
	ix, err := Open(t.TempDir(), &Options{BatchSize: 150})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	mustSync(t, ix, m)
	for i := 0; i < 400; i += 3 {
		m.add(fmt.Sprintf("https://%s/%d", sites[i%2], i), "Page", text(i+1), nil)
	}
	mustSync(t, ix, m)

	since := time.Date(2024, 1, 10, 0, 0, 0, 0, time.UTC)
	fromWalk := 0
	for _, q := range []string{"market prices", "energy OR war", "data law city", "trade"} {
		for _, v := range []func(r *Request){
			func(*Request) {},
			func(r *Request) { r.Since = since },
			func(r *Request) { r.Site = "b.example"; r.Limit = 3 },
		} {
			req := Request{Query: q, NoSnippets: true, Limit: 5}
			v(&req)
			all := req
			all.AllVersions = true
			latest, err := ix.Search(context.Background(), req, nil)
			if err != nil {
				t.Fatal(err)
			}
			every, err := ix.Search(context.Background(), all, nil)
			if err != nil {
				t.Fatal(err)
			}
			if every.Total <= latest.Total {
				t.Fatalf("%+v: %d hits of every version, %d of the latest: nothing superseded", req, every.Total, latest.Total)
			}
			for _, r := range []Request{req, all} {
				_, total, ok := collectedPruned(t, ix, r) // compares the two counts
				if ok {
					fromWalk++
				}
				if r == req && total != 0 && total != latest.Total {
					t.Errorf("%+v: countMatches %d, search %d", r, total, latest.Total)
				}
			}
		}
	}
	if fromWalk < 12 {
		t.Errorf("only %d of 24 requests were counted from their walk's versions", fromWalk)
	}
}
