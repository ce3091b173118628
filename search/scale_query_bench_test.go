package search

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
)

// BenchmarkQueryScale times word, phrase and filtered queries (snippets
// included; bydate: sorted by date) on archives indexed beforehand with `archivist reindex`, side
// by side in one run:
//
//	ARCHIVIST_SCALE_QUERY_DBS=/tmp/x/10k/a.db,/tmp/x/100k/a.db \
//	  go test -run '^$' -bench QueryScale -benchtime 1x ./search
//
// The indexes are opened read-only (copy them first: a read-only open
// still maps them). ARCHIVIST_SCALE_QUERY_KINDS=phrase runs one kind only
// (for -cpuprofile). Reported per kind: wall and thread-CPU p50/p99, and
// over all kinds p99 ÷ p50.
func BenchmarkQueryScale(b *testing.B) {
	spec := os.Getenv("ARCHIVIST_SCALE_QUERY_DBS")
	if spec == "" {
		b.Skip("ARCHIVIST_SCALE_QUERY_DBS not set (comma-separated archive paths, each indexed)")
	}
	kinds := map[string]bool{}
	for _, k := range strings.Split(os.Getenv("ARCHIVIST_SCALE_QUERY_KINDS"), ",") {
		if k != "" {
			kinds[k] = true
		}
	}
	ctx := context.Background()
	for _, db := range strings.Split(spec, ",") {
		a, ix := openScaleDB(b, db)
		n, _ := ix.DocCount()
		name := fmt.Sprintf("%dk", (n+500)/1000)
		b.Run(name, func(b *testing.B) {
			runQueryKinds(b, ctx, ix, a, kinds)
		})
		ix.Close()
		a.Close()
	}
}

// scaleQueries are words and two-word phrases over the corpus languages,
// frequent and rare.
var scaleQueries = []string{"government", "climate change", "police", "market prices", "energy",
	"university students", "trade war", "new york", "health", "football season", "Regierung",
	"Energie Preise", "Kinder Schule", "coronavirus", "election campaign", "water", "oil",
	"technology companies", "Berlin", "security forces", "software", "women", "music festival",
	"Klimaschutz", "artists museum", "economy growth rates", "Polizei Unfall", "travel tips",
	"data privacy law", "prime minister", "united states", "european union", "last year",
	"the government", "in the", "new"}

// scaleKind is one kind of BenchmarkQueryScale's requests: mk makes the
// k-th request of a query ("" Query: not of this kind).
type scaleKind struct {
	name string
	mk   func(q string, k int) Request
}

func scaleKinds() []scaleKind {
	since := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	sites := []string{"", "bbc.co.uk", "theguardian.com", "brookings.edu", "spiegel.de"}
	return []scaleKind{
		{"word", func(q string, _ int) Request {
			if strings.Contains(q, " ") {
				return Request{}
			}
			return Request{Query: q}
		}},
		{"phrase", func(q string, _ int) Request {
			if !strings.Contains(q, " ") {
				return Request{}
			}
			return Request{Query: `"` + q + `"`}
		}},
		// Newest first: every hit's date is read for the sort.
		{"bydate", func(q string, _ int) Request { return Request{Query: q, SortByDate: true} }},
		{"filtered", func(q string, k int) Request {
			r := Request{Query: q}
			switch k % 4 {
			case 0:
				r.Site = sites[1+k%(len(sites)-1)]
			case 1:
				r.Since = since
			case 2:
				r.Lang = "en"
				r.SortByDate = true
			case 3:
				r.Query = `"` + q + `"`
				r.Since = since
			}
			return r
		}},
	}
}

func runQueryKinds(b *testing.B, ctx context.Context, ix *Index, src TextSource, only map[string]bool) {
	kinds := scaleKinds()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	// One warm-up pass: the first touch of each posting list is a page
	// fault, not query work.
	for _, q := range scaleQueries {
		if _, err := ix.Search(ctx, Request{Query: q}, src); err != nil {
			b.Fatal(err)
		}
	}
	var all, allCPU []time.Duration
	p99s := map[string][2]time.Duration{} // kind: wall, CPU p99
	for i := 0; i < b.N; i++ {
		for _, kind := range kinds {
			if len(only) > 0 && !only[kind.name] {
				continue
			}
			var lat, cpu []time.Duration
			type slow struct {
				q string
				d time.Duration
			}
			var worst slow
			var each []slow // by thread CPU, for the slowest
			timeQueries(b, ctx, ix, src, scaleQueries, kind.mk, func(req Request, d, c time.Duration) {
				lat, cpu = append(lat, d), append(cpu, c)
				all, allCPU = append(all, d), append(allCPU, c)
				desc := fmt.Sprintf("%q site=%q since=%v lang=%q", req.Query, req.Site, !req.Since.IsZero(), req.Lang)
				if d > worst.d {
					worst = slow{desc, d}
				}
				each = append(each, slow{desc, c})
			})
			slices.Sort(lat)
			slices.Sort(cpu)
			p50, p99 := lat[len(lat)/2], lat[len(lat)*99/100]
			fmt.Fprintf(os.Stderr, "%s %s: %d queries, wall p50 %.2f ms, p99 %.2f ms; thread CPU p50 %.2f ms, p99 %.2f ms; slowest %s %.1f ms\n",
				b.Name(), kind.name, len(lat), ms(p50), ms(p99), ms(cpu[len(cpu)/2]), ms(cpu[len(cpu)*99/100]), worst.q, ms(worst.d))
			if os.Getenv("ARCHIVIST_SCALE_QUERY_SLOW") != "" {
				slices.SortFunc(each, func(x, y slow) int { return int(y.d - x.d) })
				for _, s := range each[:min(8, len(each))] {
					fmt.Fprintf(os.Stderr, "    cpu %.1f ms %s\n", ms(s.d), s.q)
				}
			}
			p99s[kind.name] = [2]time.Duration{p99, cpu[len(cpu)*99/100]}
			b.ReportMetric(ms(p50), kind.name+"-p50-ms")
			b.ReportMetric(ms(p99), kind.name+"-p99-ms")
		}
	}
	if len(all) > 0 {
		slices.Sort(all)
		slices.Sort(allCPU)
		p50, p99 := all[len(all)/2], all[len(all)*99/100]
		c50, c99 := allCPU[len(allCPU)/2], allCPU[len(allCPU)*99/100]
		fmt.Fprintf(os.Stderr, "%s all: %d queries, wall p50 %.2f ms, p99 %.2f ms, p99/p50 %.2f; thread CPU p50 %.2f ms, p99 %.2f ms, p99/p50 %.2f\n",
			b.Name(), len(all), ms(p50), ms(p99), float64(p99)/float64(p50), ms(c50), ms(c99), float64(c99)/float64(c50))
		if w, ok := p99s["word"]; ok {
			for _, k := range []string{"phrase", "bydate", "filtered"} {
				if p, ok := p99s[k]; ok {
					fmt.Fprintf(os.Stderr, "%s %s p99 / word p99: wall %.2f, thread CPU %.2f\n", b.Name(), k,
						float64(p[0])/float64(w[0]), float64(p[1])/float64(w[1]))
				}
			}
		}
		b.ReportMetric(float64(p99)/float64(p50), "p99/p50")
	}
}

// TestScaleQueryDump writes, for each scale archive, every benchmark query
// as words and as a phrase, by relevance and newest first, on several
// pages and under each filter, with its full result (total, hits, scores,
// snippets) as JSON lines, to compare two versions of the code:
//
//	ARCHIVIST_SCALE_QUERY_DBS=/tmp/x/10k/a.db ARCHIVIST_SCALE_QUERY_DUMP=/tmp/before \
//	  go test -run ScaleQueryDump ./search
//	# the same into /tmp/after with the other code, then cmp the files
func TestScaleQueryDump(t *testing.T) {
	spec, dir := os.Getenv("ARCHIVIST_SCALE_QUERY_DBS"), os.Getenv("ARCHIVIST_SCALE_QUERY_DUMP")
	if spec == "" || dir == "" {
		t.Skip("ARCHIVIST_SCALE_QUERY_DBS and ARCHIVIST_SCALE_QUERY_DUMP not set")
	}
	ctx := context.Background()
	for i, db := range strings.Split(spec, ",") {
		a, ix := openScaleDB(t, db)
		var out strings.Builder
		enc := json.NewEncoder(&out)
		n := 0
		for _, r := range scaleDumpRequests() {
			res, err := ix.Search(ctx, r, a)
			if err != nil {
				t.Fatalf("%+v: %v", r, err)
			}
			if err := enc.Encode(struct {
				Request Request `json:"request"`
				Result  *Result `json:"result"`
			}{r, res}); err != nil {
				t.Fatal(err)
			}
			n++
		}
		ix.Close()
		a.Close()
		path := filepath.Join(dir, fmt.Sprintf("%d.jsonl", i))
		if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d requests -> %s", db, n, path)
	}
}

// scaleDumpRequests are the requests TestScaleQueryDump runs.
func scaleDumpRequests() []Request {
	since := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	var reqs []Request
	for _, q := range scaleQueries {
		for _, text := range []string{q, `"` + q + `"`} {
			for _, byDate := range []bool{false, true} {
				base := Request{Query: text, SortByDate: byDate}
				variants := []func(r *Request){
					func(*Request) {},
					func(r *Request) { r.Offset = 30 },
					func(r *Request) { r.Offset = 995; r.Limit = 7 },
					func(r *Request) { r.Limit = MaxLimit; r.NoSnippets = true },
					func(r *Request) { r.AllVersions = true; r.Limit = 50 },
					func(r *Request) { r.Site = "bbc.co.uk" },
					func(r *Request) { r.Since = since },
					func(r *Request) { r.Lang = "en" },
					func(r *Request) { r.Lang = "de"; r.Limit = 40 },
					func(r *Request) { r.Until = since },
					func(r *Request) { r.Since = since.AddDate(0, 3, 0); r.Until = since.AddDate(1, 0, 0) },
					func(r *Request) {
						r.Since = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
						r.Limit = 200
						r.NoSnippets = true
					},
				}
				for _, v := range variants {
					r := base
					v(&r)
					reqs = append(reqs, r)
				}
			}
		}
	}
	// Filters alone (newest first by default).
	for _, r := range []Request{{Site: "spiegel.de"}, {Lang: "fr", Limit: 100}, {Since: since, Offset: 500}, {Kind: "article", Limit: 30}} {
		reqs = append(reqs, r)
	}
	return reqs
}

// BenchmarkQueryOne times single requests in this process, warm (the
// index open, the request run once before), in thread CPU, for comparing
// with `archivist search` as a process:
//
//	ARCHIVIST_SCALE_QUERY_DBS=/tmp/x/100k/a.db \
//	ARCHIVIST_SCALE_QUERY_ONE='government;energy --lang en --sort date' \
//	  go test -run '^$' -bench QueryOne -benchtime 40x ./search
//
// Each request is words followed by --lang L, --sort date or --since
// YYYY-MM-DD, as on the command line; ";" separates requests. Reported
// per request: the median thread CPU over the -benchtime repeats.
func BenchmarkQueryOne(b *testing.B) {
	spec, list := os.Getenv("ARCHIVIST_SCALE_QUERY_DBS"), os.Getenv("ARCHIVIST_SCALE_QUERY_ONE")
	if spec == "" || list == "" {
		b.Skip("ARCHIVIST_SCALE_QUERY_DBS and ARCHIVIST_SCALE_QUERY_ONE not set")
	}
	ctx := context.Background()
	for _, db := range strings.Split(spec, ",") {
		a, ix := openScaleDB(b, db)
		for _, line := range strings.Split(list, ";") {
			req := oneRequest(b, line)
			b.Run(strings.ReplaceAll(strings.TrimSpace(line), " ", "_"), func(b *testing.B) {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				if _, err := ix.Search(ctx, req, a); err != nil {
					b.Fatal(err)
				}
				var cpu []time.Duration
				for b.Loop() {
					c0 := threadCPU()
					if _, err := ix.Search(ctx, req, a); err != nil {
						b.Fatal(err)
					}
					cpu = append(cpu, threadCPU()-c0)
				}
				slices.Sort(cpu)
				b.ReportMetric(ms(cpu[len(cpu)/2]), "cpu-ms")
				fmt.Fprintf(os.Stderr, "%s %q: thread CPU median %.2f ms (%d runs)\n", db, line, ms(cpu[len(cpu)/2]), len(cpu))
			})
		}
		ix.Close()
		a.Close()
	}
}

// oneRequest reads "words --lang L --sort date --since YYYY-MM-DD".
func oneRequest(b *testing.B, line string) Request {
	var req Request
	var words []string
	f := strings.Fields(line)
	for i := 0; i < len(f); i++ {
		switch f[i] {
		case "--lang", "--sort", "--since":
			if i+1 == len(f) {
				b.Fatalf("%q: %s wants a value", line, f[i])
			}
			v := f[i+1]
			i++
			switch f[i-1] {
			case "--lang":
				req.Lang = v
			case "--sort":
				req.SortByDate = v == "date"
			case "--since":
				t, err := time.Parse("2006-01-02", v)
				if err != nil {
					b.Fatal(err)
				}
				req.Since = t
			}
		default:
			words = append(words, f[i])
		}
	}
	req.Query = strings.Join(words, " ")
	return req
}

// openScaleDB opens an indexed archive of ARCHIVIST_SCALE_QUERY_DBS and its
// index read-only; the caller closes both.
func openScaleDB(tb testing.TB, db string) (*archive.Archive, *Index) {
	tb.Helper()
	a, err := archive.Open(db, &archive.Options{ReadOnly: true})
	if err != nil {
		tb.Fatal(err)
	}
	ix, err := Open(IndexDir(db), &Options{ReadOnly: true})
	if err != nil {
		a.Close()
		tb.Fatal(err)
	}
	return a, ix
}
