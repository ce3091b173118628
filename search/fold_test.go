package search

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
)

// foldArchive holds two articles republished elsewhere (one twice) and
// three articles nobody copied, all about the harbour.
func foldArchive(t *testing.T) (*Index, *memArchive) {
	t.Helper()
	m := &memArchive{}
	// Each topic has its own length, so no two pages score the same: equal
	// scores come in the order of the segments, which merges rearrange.
	paragraphs := map[string]int{"dams": 4, "ferries": 5, "cranes": 3, "tariffs": 6, "dredging": 2}
	article := func(topic string) string {
		var paras []string
		for i := 0; i < paragraphs[topic]; i++ {
			paras = append(paras, fmt.Sprintf("The harbour authority discussed %s again in session %d, and the %s committee heard %d witnesses on the %s question before it adjourned for the week.", topic, i, topic, i+3, topic))
		}
		return strings.Join(paras, "\n\n")
	}
	dams, ferries := article("dams"), article("ferries")
	m.add("https://think.example/dams", "Dams", dams, func(r *archive.Record) { r.Published = "2024-01-01" })
	m.add("https://agg.example/dams", "Dams", "Menu | News\n\n"+dams+"\n\nShare this", func(r *archive.Record) {
		r.Published = "2024-01-02"
		r.SourceURL = "https://think.example/dams"
	})
	m.add("https://digest.example/dams", "Dams", dams+"\n\nRead more", func(r *archive.Record) { r.Published = "2024-01-03" })
	m.add("https://think.example/ferries", "Ferries", ferries, func(r *archive.Record) { r.Published = "2024-02-01" })
	m.add("https://agg.example/ferries", "Ferries", "Menu | News\n\n"+ferries, func(r *archive.Record) {
		r.Published = "2024-02-02"
		r.SourceURL = "https://think.example/ferries"
	})
	for _, topic := range []string{"cranes", "tariffs", "dredging"} {
		m.add("https://think.example/"+topic, topic, article(topic), nil)
	}
	ix := openTest(t, "")
	mustSync(t, ix, m)
	return ix, m
}

func TestSearchFolded(t *testing.T) {
	ix, _ := foldArchive(t)
	ctx := context.Background()
	res, err := ix.SearchFolded(ctx, Request{Query: "harbour", Limit: 10}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 8 || len(res.Hits) != 5 || res.Folded != 3 {
		t.Fatalf("total %d, %d results, %d folded; want 8, 5, 3", res.Total, len(res.Hits), res.Folded)
	}
	seen := map[string]bool{}
	for _, h := range res.Hits {
		if strings.HasPrefix(h.URL, "https://agg.") || strings.HasPrefix(h.URL, "https://digest.") || h.CopyOf != "" {
			t.Errorf("a copy shown though its original matches: %+v", h)
		}
		for _, u := range append([]string{h.URL}, foldedURLs(h)...) {
			if seen[u] {
				t.Errorf("%s twice", u)
			}
			seen[u] = true
		}
		for _, c := range h.Copies {
			if !c.Matched || c.Version != 1 || c.Site == "" {
				t.Errorf("copy of %s: %+v", h.URL, c)
			}
		}
	}
	if len(seen) != 8 {
		t.Errorf("%d pages in the results, want 8", len(seen))
	}
	// Pages of any size, one after the other, give the same results.
	var all []string
	for _, h := range res.Hits {
		all = append(all, h.URL)
	}
	for limit := 1; limit <= 3; limit++ {
		var paged []string
		for off := 0; off < 6; off += limit {
			p, err := ix.SearchFolded(ctx, Request{Query: "harbour", Limit: limit, Offset: off}, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range p.Hits {
				paged = append(paged, h.URL)
			}
		}
		if !slices.Equal(paged, all) {
			t.Errorf("limit %d: pages give %v, want %v", limit, paged, all)
		}
	}
	// The aggregator's copies alone: shown, each naming its original.
	res, err = ix.SearchFolded(ctx, Request{Query: "harbour", Site: "agg.example", Limit: 10}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 2 || res.Folded != 0 {
		t.Fatalf("--site of the copies: %+v", res)
	}
	for _, h := range res.Hits {
		if want := strings.Replace(h.URL, "agg.", "think.", 1); h.CopyOf != want || slices.Contains(foldedURLs(h), want) {
			t.Errorf("%s: copy_of %q, copies %v; want copy_of %s", h.URL, h.CopyOf, foldedURLs(h), want)
		}
	}
}

func foldedURLs(h FoldedHit) []string {
	var out []string
	for _, c := range h.Copies {
		out = append(out, c.URL)
	}
	return out
}

// The read server folds as the index does; an older server, without the
// endpoint, says so with ErrUnknownEndpoint (the client then lists each copy).
func TestSearchFoldedRemote(t *testing.T) {
	ix, m := foldArchive(t)
	ctx := context.Background()
	req := Request{Query: "harbour", Limit: 3, Offset: 1}
	srv := httptest.NewServer(Handler(ix, m))
	defer srv.Close()
	// Every page scores the same here, and equal scores come in the order
	// of the segments, which the background merges of the fresh index
	// rearrange: compare the remote answer with local ones taken before
	// and after it that agree.
	for attempt := 0; ; attempt++ {
		local, err := ix.SearchFolded(ctx, req, m)
		if err != nil {
			t.Fatal(err)
		}
		remote, err := (&Remote{Client: srv.Client(), BaseURL: srv.URL}).SearchFolded(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		after, err := ix.SearchFolded(ctx, req, m)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(local, after) && attempt < 50 {
			time.Sleep(20 * time.Millisecond)
			continue
		}
		if !reflect.DeepEqual(local, remote) {
			t.Errorf("remote %+v\nlocal %+v", remote, local)
		}
		break
	}
	old := httptest.NewServer(http.NotFoundHandler())
	defer old.Close()
	if _, err := (&Remote{Client: old.Client(), BaseURL: old.URL}).SearchFolded(ctx, req); !errors.Is(err, ErrUnknownEndpoint) {
		t.Errorf("older server: %v, want ErrUnknownEndpoint", err)
	}
}

// Two copies of an article that are no copies of each other (each added a
// long text of its own) are one result, even when the original does not
// match: the second copy's group names the first's original.
func TestSearchFoldedCopiesOfOneOriginal(t *testing.T) {
	words := func(prefix string, paras, n int, extra string) string {
		var ps []string
		for p := 0; p < paras; p++ {
			var ws []string
			for i := 0; i < n; i++ {
				ws = append(ws, fmt.Sprintf("%s%d", prefix, p*n+i))
			}
			ps = append(ps, extra+strings.Join(ws, " ")+".")
		}
		return strings.Join(ps, "\n\n")
	}
	orig := words("tide", 3, 30, "")
	m := &memArchive{}
	m.add("https://think.example/tides", "Tides", orig, func(r *archive.Record) { r.Published = "2024-01-01" })
	for i, site := range []string{"agg.example", "digest.example"} {
		m.add("https://"+site+"/tides", "Tides", orig+"\n\n"+words(site[:3], 4, 40, "lighthouse "), func(r *archive.Record) {
			r.Published = fmt.Sprintf("2024-01-0%d", i+2)
			r.SourceURL = "https://think.example/tides"
		})
	}
	ix := openTest(t, "")
	mustSync(t, ix, m)
	ctx := context.Background()
	for _, u := range []string{"https://agg.example/tides", "https://digest.example/tides"} {
		if g, err := ix.Copies(ctx, u); err != nil || len(g) != 2 || g[0].URL != "https://think.example/tides" {
			t.Fatalf("fixture: the group of %s is %+v, %v; want it and the original", u, g, err)
		}
	}
	res, err := ix.SearchFolded(ctx, Request{Query: "lighthouse", Limit: 10}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].CopyOf != "https://think.example/tides" || len(res.Hits[0].Copies) != 1 || res.Folded != 1 {
		t.Errorf("%d results: %+v", len(res.Hits), res.Hits)
	}
}

// foldGroupsPerHit is foldGroups as it was first written, the reference:
// each hit's group read on its own, by Copies.
func foldGroupsPerHit(t testing.TB, ix *Index, req Request, need int) []*foldGroup {
	t.Helper()
	ctx := context.Background()
	var groups []*foldGroup
	byURL := map[string]*foldGroup{}
	scan := firstScan(req, need)
	for len(groups) < need {
		res, err := ix.Search(ctx, scan, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if byURL[h.URL] != nil {
				continue
			}
			if len(groups) == need {
				break
			}
			members, err := ix.Copies(ctx, h.URL)
			if err != nil && !errors.Is(err, ErrNotIndexed) {
				t.Fatal(err)
			}
			groups = placeHit(groups, byURL, h, members)
		}
		scan.Offset += len(res.Hits)
		if len(res.Hits) == 0 || uint64(scan.Offset) >= res.Total {
			break
		}
		scan.Limit = min(2*scan.Limit, MaxLimit)
	}
	return groups
}

// checkFoldGroups fails unless foldGroups (the groups of several hits
// read at once) makes the groups the per-hit reads make, for every need
// up to max.
func checkFoldGroups(t testing.TB, ix *Index, req Request, max int) {
	t.Helper()
	describe := func(groups []*foldGroup) []string {
		var out []string
		for _, g := range groups {
			out = append(out, fmt.Sprintf("%s: %+v", g.best.URL, g.members))
		}
		return out
	}
	for need := 1; need <= max; need++ {
		got, _, err := ix.foldGroups(context.Background(), req, need)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := describe(got), describe(foldGroupsPerHit(t, ix, req, need)); !slices.Equal(g, w) {
			t.Errorf("%q, %d groups:\n got %q\nwant %q", req.Query, need, g, w)
		}
	}
}

// Copy groups that overlap without being transitive: a chain of pages of
// three blocks each, the next page shifted by one block (a copy of both
// neighbours, sharing two thirds, and of neither page two links away,
// sharing one third), and two copies of one original that are no copies
// of each other. Every page matches, each with its own length (equal
// scores would come in segment order, which merges rearrange).
func TestFoldGroupsBatched(t *testing.T) {
	words := func(prefix string, paras, n int) []string {
		var ps []string
		for p := 0; p < paras; p++ {
			ws := []string{"estuary"}
			for i := 0; i < n; i++ {
				ws = append(ws, fmt.Sprintf("%s%d", prefix, p*n+i))
			}
			ps = append(ps, strings.Join(ws, " ")+".")
		}
		return ps
	}
	m := &memArchive{}
	blocks := words("block", 8, 30)
	for i := 0; i < 6; i++ {
		text := strings.Join(append(slices.Clone(blocks[i:i+3]), words(fmt.Sprintf("note%d_", i), 1, i+2)...), "\n\n")
		m.add(fmt.Sprintf("https://chain%d.example/estuary", i), "Estuary", text,
			func(r *archive.Record) { r.Published = fmt.Sprintf("2024-03-%02d", 10-i) })
	}
	orig := strings.Join(words("tide", 3, 30), "\n\n")
	m.add("https://think.example/tides", "Tides", orig, func(r *archive.Record) { r.Published = "2024-01-01" })
	for i, site := range []string{"agg", "digest"} {
		m.add("https://"+site+".example/tides", "Tides", orig+"\n\n"+strings.Join(words(site, 4+i, 40), "\n\n"), func(r *archive.Record) {
			r.Published = fmt.Sprintf("2024-01-0%d", i+2)
			r.SourceURL = "https://think.example/tides"
		})
	}
	for i, topic := range []string{"dredging", "silt", "buoys"} {
		m.add("https://port.example/"+topic, topic, strings.Join(words(topic, 2+2*i, 25), "\n\n"), nil)
	}
	ix := openTest(t, "")
	mustSync(t, ix, m)
	ctx := context.Background()
	for u, want := range map[string]int{"https://chain0.example/estuary": 2, "https://chain2.example/estuary": 3,
		"https://agg.example/tides": 2, "https://think.example/tides": 3, "https://port.example/silt": 1} {
		if g, err := ix.Copies(ctx, u); err != nil || len(g) != want {
			t.Fatalf("fixture: the group of %s is %v, %v; want %d pages", u, copyURLs(g), err, want)
		}
	}
	for _, q := range []string{"estuary", "estuary block40", "estuary tide3"} {
		checkFoldGroups(t, ix, Request{Query: q}, 14)
	}
}

// The same on an indexed archive, opened read-only:
// ARCHIVIST_SCALE_QUERY_DBS=/tmp/x/100k/a.db go test -run FoldGroupsScale ./search
func TestFoldGroupsScale(t *testing.T) {
	spec := os.Getenv("ARCHIVIST_SCALE_QUERY_DBS")
	if spec == "" {
		t.Skip("ARCHIVIST_SCALE_QUERY_DBS not set")
	}
	for _, db := range strings.Split(spec, ",") {
		a, ix := openScaleDB(t, db)
		for _, q := range foldQueries {
			checkFoldGroups(t, ix, Request{Query: q}, 30)
		}
		ix.Close()
		a.Close()
	}
}
