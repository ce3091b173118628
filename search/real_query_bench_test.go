package search

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestScaleQueryProfile lists, for each archive of ARCHIVIST_SCALE_QUERY_DBS,
// BenchmarkQueryScale's requests (each once, warm, the median thread CPU of
// 3 runs) slowest first, with what may set the slow ones apart: the hits
// counted, the text bytes the snippets read, the cost without snippets; and
// the document frequency of every query word beside the body's most frequent
// terms, to see whether the queries are the archive's vocabulary:
//
//	ARCHIVIST_SCALE_QUERY_DBS=/tmp/x/100k/a.db ARCHIVIST_SCALE_QUERY_PROFILE=1 \
//	  go test -run ScaleQueryProfile -v ./search
func TestScaleQueryProfile(t *testing.T) {
	spec := os.Getenv("ARCHIVIST_SCALE_QUERY_DBS")
	if spec == "" || os.Getenv("ARCHIVIST_SCALE_QUERY_PROFILE") == "" {
		t.Skip("ARCHIVIST_SCALE_QUERY_DBS and ARCHIVIST_SCALE_QUERY_PROFILE not set")
	}
	ctx := context.Background()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for _, db := range strings.Split(spec, ",") {
		a, ix := openScaleDB(t, db)
		median := func(req Request, src TextSource) (time.Duration, *Result) {
			var res *Result
			var cpu []time.Duration
			for range 3 {
				c0 := threadCPU()
				r, err := ix.Search(ctx, req, src)
				if err != nil {
					t.Fatal(err)
				}
				cpu, res = append(cpu, threadCPU()-c0), r
			}
			slices.Sort(cpu)
			return cpu[1], res
		}
		type row struct {
			desc         string
			cpu, bare    time.Duration
			total        uint64
			hits, textKB int
			sizes        []string // each hit's text, KB, and its site
		}
		var rows []row
		textSize := map[string]int{} // every hit's text, by URL#version
		seen := map[string]bool{}
		for round := range 5 {
			for _, kind := range scaleKinds() {
				for k, q := range scaleQueries {
					req := kind.mk(q, k+round)
					desc := fmt.Sprintf("%s %q site=%q since=%v lang=%q bydate=%v", kind.name, req.Query, req.Site, !req.Since.IsZero(), req.Lang, req.SortByDate)
					if req.Query == "" || seen[desc] {
						continue
					}
					seen[desc] = true
					cpu, res := median(req, a)
					bareReq := req
					bareReq.NoSnippets = true
					bare, _ := median(bareReq, nil)
					r := row{desc: desc, cpu: cpu, bare: bare, total: res.Total, hits: len(res.Hits)}
					for _, h := range res.Hits {
						if rec, err := a.Version(ctx, h.URL, h.Version); err == nil {
							r.textKB += len(rec.Text)
							textSize[fmt.Sprintf("%s#%d", h.URL, h.Version)] = len(rec.Text)
							r.sizes = append(r.sizes, fmt.Sprintf("%d %s", len(rec.Text)/1024, h.Site))
						}
					}
					r.textKB /= 1024
					rows = append(rows, r)
				}
			}
		}
		slices.SortFunc(rows, func(x, y row) int { return cmp.Compare(y.cpu, x.cpu) })
		var all, bare []time.Duration
		var sum, sumBare time.Duration
		for _, r := range rows {
			all, bare = append(all, r.cpu), append(bare, r.bare)
			sum, sumBare = sum+r.cpu, sumBare+r.bare
		}
		slices.Sort(all)
		slices.Sort(bare)
		t.Logf("%s: %d distinct requests, thread CPU p50 %.2f ms, p90 %.2f, p99 %.2f (p99/p50 %.2f), sum %.0f ms", db, len(rows),
			ms(all[len(all)/2]), ms(all[len(all)*9/10]), ms(all[len(all)*99/100]), float64(all[len(all)*99/100])/float64(all[len(all)/2]), ms(sum))
		sizes := slices.Sorted(maps.Values(textSize))
		t.Logf("hits' texts: %d distinct versions, p50 %.1f KB, p90 %.1f, p99 %.1f, max %.1f", len(sizes),
			float64(sizes[len(sizes)/2])/1024, float64(sizes[len(sizes)*9/10])/1024, float64(sizes[len(sizes)*99/100])/1024, float64(sizes[len(sizes)-1])/1024)
		t.Logf("without snippets: p50 %.2f ms, p90 %.2f, p99 %.2f (p99/p50 %.2f), sum %.0f ms",
			ms(bare[len(bare)/2]), ms(bare[len(bare)*9/10]), ms(bare[len(bare)*99/100]), float64(bare[len(bare)*99/100])/float64(bare[len(bare)/2]), ms(sumBare))
		// What snippets at most their median cost would leave: the tail
		// that is not the snippets'.
		var snip, capped []time.Duration
		for _, r := range rows {
			snip = append(snip, r.cpu-r.bare)
		}
		slices.Sort(snip)
		for _, r := range rows {
			capped = append(capped, r.bare+min(r.cpu-r.bare, snip[len(snip)/2]))
		}
		slices.Sort(capped)
		t.Logf("snippets at most their median %.2f ms: p50 %.2f ms, p99 %.2f (p99/p50 %.2f)", ms(snip[len(snip)/2]),
			ms(capped[len(capped)/2]), ms(capped[len(capped)*99/100]), float64(capped[len(capped)*99/100])/float64(capped[len(capped)/2]))
		for i, r := range rows {
			if i < 25 || i == len(rows)/2 {
				t.Logf("#%d cpu %.2f ms, without snippets %.2f ms; total %d, %d hits, %d KB of text: %s",
					i+1, ms(r.cpu), ms(r.bare), r.total, r.hits, r.textKB, r.desc)
				if i < 8 {
					t.Logf("    hits' texts (KB): %s", strings.Join(r.sizes, ", "))
				}
			}
		}
		var words []string
		for _, q := range scaleQueries {
			for _, w := range strings.Fields(q) {
				if !slices.Contains(words, w) {
					words = append(words, w)
				}
			}
		}
		var df []string
		for _, w := range words {
			res, err := ix.Search(ctx, Request{Query: w, Limit: 1, NoSnippets: true}, nil)
			if err != nil {
				t.Fatal(err)
			}
			df = append(df, fmt.Sprintf("%s %d", w, res.Total))
		}
		t.Logf("query words' matching versions: %s", strings.Join(df, ", "))
		var langs []string
		for _, l := range []string{"en", "de", "fr", "es", "it", "pt", "nl", "ru", "zh", "ja"} {
			res, err := ix.Search(ctx, Request{Lang: l, Limit: 1, NoSnippets: true}, nil)
			if err != nil {
				t.Fatal(err)
			}
			langs = append(langs, fmt.Sprintf("%s %d", l, res.Total))
		}
		t.Logf("versions by language: %s", strings.Join(langs, ", "))
		d, err := ix.bleve.FieldDict(fBody)
		if err != nil {
			t.Fatal(err)
		}
		type term struct {
			s string
			n uint64
		}
		var terms []term
		for e, err := d.Next(); e != nil || err != nil; e, err = d.Next() {
			if err != nil {
				t.Fatal(err)
			}
			terms = append(terms, term{e.Term, e.Count})
		}
		d.Close()
		slices.SortFunc(terms, func(x, y term) int { return cmp.Compare(y.n, x.n) })
		var top []string
		for _, x := range terms[:min(80, len(terms))] {
			top = append(top, fmt.Sprintf("%s %d", x.s, x.n))
		}
		t.Logf("body: %d terms; the most frequent: %s", len(terms), strings.Join(top, ", "))
		ix.Close()
		a.Close()
	}
}
