package search

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/archivist-org/archivist/archive"
)

// TestEqualScoresPageStably: pages that score the same come in one order
// on every page of results, before and after a merge rearranges the
// segments, by every path (a word, pruned; a phrase; newest first;
// folded; the read server's): an analyst paging through results while a
// crawl writes must see each hit once. The order among equal scores is
// the version's id (URL, then version), which no merge changes.
func TestEqualScoresPageStably(t *testing.T) {
	m := &memArchive{}
	// Same length, same words: the same score. Too short to be copies of
	// each other, so folding keeps each its own result.
	texts := []string{
		"The tide tables for the harbour and the pier.",
		"Tide tables: the pier and the harbour.",
		"For the pier and the harbour, the tide tables.",
	}
	names := []string{"g", "c", "e", "a", "f", "b", "h", "d"}
	ix := openTest(t, "") // batches of 3
	for i, n := range names {
		m.add("https://tide.example/"+n, "Tide tables", texts[i%len(texts)], func(r *archive.Record) { r.Published = "2024-05-05" })
		if i == 0 {
			// A segment of its own, the smallest: a merge puts it after
			// the others'.
			mustSync(t, ix, m)
		}
	}
	mustSync(t, ix, m)
	srv := httptest.NewServer(Handler(ix, m))
	defer srv.Close()
	remote := &Remote{Client: srv.Client(), BaseURL: srv.URL}
	ctx := context.Background()

	type pager func(req Request) []string
	pagers := map[string]pager{
		"index": func(req Request) []string { return urls(search(t, ix, nil, req)) },
		"remote": func(req Request) []string {
			res, err := remote.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			return urls(res)
		},
		"folded": func(req Request) []string {
			res, err := ix.SearchFolded(ctx, req, nil)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, h := range res.Hits {
				out = append(out, h.URL)
			}
			return out
		},
	}
	reqs := []Request{{Query: "tide"}, {Query: "tide harbour"}, {Query: `"tide tables"`}, {Query: "tide", SortByDate: true}}
	pages := func() map[string][]string {
		out := map[string][]string{}
		for name, page := range pagers {
			for _, req := range reqs {
				for _, limit := range []int{2, 3} {
					var got []string
					for off := 0; off < len(names); off += limit {
						req.Offset, req.Limit = off, limit
						got = append(got, page(req)...)
					}
					out[fmt.Sprintf("%s %q by date %v, pages of %d", name, req.Query, req.SortByDate, limit)] = got
				}
			}
		}
		return out
	}
	var want []string
	for _, n := range slices.Sorted(slices.Values(names)) {
		want = append(want, "https://tide.example/"+n)
	}
	check := func(when string) map[string][]string {
		t.Helper()
		all := pages()
		for k, got := range all {
			if !slices.Equal(got, want) {
				t.Errorf("%s, %s:\n got %v\nwant %v", when, k, got, want)
			}
		}
		return all
	}
	before := check("before the merge")

	// A crawl writes pages the queries do not match, and the segments merge.
	for i := range 7 {
		m.add(fmt.Sprintf("https://other.example/%d", i), "Football", strings.Repeat("A late goal decided the derby. ", i+1), nil)
	}
	mustSync(t, ix, m)
	// (The writer's own merges may come first: the order holds either way.)
	settleMerges(ctx, ix.bleve, &compactPlan)
	for k, got := range check("after the merge") {
		if !slices.Equal(got, before[k]) {
			t.Errorf("%s: the merge changed the order\n from %v\n   to %v", k, before[k], got)
		}
	}
}
