// Command extractbench compares archivist's extractor with go-trafilatura
// (EnableFallback), readeck/go-readability and a parse-only baseline
// (golang.org/x/net/html.Parse) on the same corpus pages in one run.
//
//	cd bench && go run ./cmd/extractbench -corpus ../../shared/corpus
//
// Pages are loaded and decompressed first. Each round runs every extractor
// on every page, interleaved (the order of the extractors rotates from page
// to page and round to round, so none always runs on a warm or cold cache or
// right after another's garbage); the table reports the median over rounds
// of each extractor's total time. Quality comes from the first round (the
// extractors are deterministic) and is scored by extract/score: aeb by the
// 4-token-shingle metric, traf by its with/without snippets, wcxb by its
// bag-of-words F1 (articles, each page type, each half of the ids), title,
// authors and date on traf and wcxb articles, dates/ by its gold
// publication dates, and archivist's page kind (articles kept, WCXB's
// listings and collections called hub). "alloc MB/page" is the heap allocated per
// page in the first round (garbage included: a measure of GC pressure, not
// of peak memory). "cpu ms/page" is the median over rounds of the thread
// CPU time of the calls (Linux; the extractors run on one locked thread):
// on a shared, loaded machine its ratios hold where wall time's do not
// (garbage collected on other threads is left out of it, as are
// background GC workers' shares).
package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/archivist-org/archivist/bench/harness"
	"github.com/archivist-org/archivist/extract/score"
)

func main() {
	runtime.LockOSThread() // every call on one thread: see threadCPU
	corpusDir := flag.String("corpus", "../../shared/corpus", "directory holding the corpora (aeb/, traf/, wcxb/, dates/)")
	rounds := flag.Int("rounds", 3, "timed rounds (medians are reported)")
	only := flag.String("only", "aeb,traf,wcxb,dates", "corpora to run, comma-separated")
	limit := flag.Int("limit", 0, "use only the first N pages of each corpus (0 = all)")
	names := flag.String("extractors", "", "comma-separated subset of extractors (default all)")
	worst := flag.Int("worst", 0, "list archivist's N lowest pages of each corpus (and go-trafilatura's F1 beside them), then the pages go-trafilatura beats it on by more than 0.1")
	flag.Parse()
	if *rounds < 1 {
		fmt.Fprintln(os.Stderr, "extractbench: -rounds must be at least 1")
		os.Exit(2)
	}
	exs := harness.Extractors()
	if *names != "" {
		want := strings.Split(*names, ",")
		exs = slices.DeleteFunc(exs, func(e harness.Extractor) bool { return !slices.Contains(want, e.Name) })
		if len(exs) == 0 {
			fmt.Fprintln(os.Stderr, "extractbench: no known extractor in -extractors")
			os.Exit(2)
		}
	}
	fmt.Printf("extractbench: %s/%s, GOMAXPROCS %d, %d rounds, medians\n", runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), *rounds)
	ran := 0
	for _, name := range strings.Split(*only, ",") {
		var c *harness.Corpus
		var err error
		dir := filepath.Join(*corpusDir, name)
		switch name {
		case "aeb":
			c, err = harness.LoadAEB(dir, *limit)
		case "traf":
			c, err = harness.LoadTraf(dir, *limit)
		case "wcxb":
			c, err = harness.LoadWCXB(dir, *limit)
		case "dates":
			c, err = harness.LoadDates(dir, *limit)
		default:
			err = fmt.Errorf("unknown corpus %q (want aeb, traf, wcxb or dates)", name)
		}
		if errors.Is(err, harness.ErrNoCorpus) {
			fmt.Fprintf(os.Stderr, "extractbench: skipping %s: %v\n", name, err)
			continue
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "extractbench:", err)
			os.Exit(1)
		}
		run(os.Stdout, c, exs, *rounds, *worst)
		ran++
	}
	if ran == 0 {
		fmt.Fprintln(os.Stderr, "extractbench: no corpus found under", *corpusDir)
		os.Exit(1)
	}
}

// stats is one extractor's outcome on one corpus.
type stats struct {
	totals []time.Duration // per round
	cpu    []time.Duration // thread CPU time per round
	errors int             // in the first round
	alloc  uint64          // bytes allocated in the first round
	aeb    score.AEB
	traf   score.Traf
	title  score.Accuracy
	author score.Accuracy
	date   score.Accuracy
	// wcxb: word F1 by page type, and page kinds by page type.
	words map[string]*score.Words
	kinds map[string]map[string]int
	// wcxb articles' word F1 on the even and the odd ids apart: a rule
	// fitted to some pages lifts one half more than the other.
	halves [2]score.Words
	// dates: pages where a date was found.
	found int
	// pages holds each scored page's body F1, precision and recall by id,
	// for the -worst listing.
	pages map[string]pageScore
}

// pageScore is one page's body score (wcxb: its page type too).
type pageScore struct {
	typ      string
	f1, p, r float64
}

func (s *stats) median() time.Duration { return median(s.totals) }

func median(ds []time.Duration) time.Duration {
	t := slices.Clone(ds)
	slices.Sort(t)
	if len(t)%2 == 1 {
		return t[len(t)/2]
	}
	return (t[len(t)/2-1] + t[len(t)/2]) / 2
}

func run(w io.Writer, c *harness.Corpus, exs []harness.Extractor, rounds, worst int) {
	st := make([]*stats, len(exs))
	for i := range st {
		st[i] = &stats{totals: make([]time.Duration, rounds), cpu: make([]time.Duration, rounds), words: map[string]*score.Words{}, kinds: map[string]map[string]int{}, pages: map[string]pageScore{}}
	}
	n := len(exs)
	for r := range rounds {
		start := time.Now()
		runtime.GC()
		for pi := range c.Pages {
			p := &c.Pages[pi]
			for k := range n {
				ei := (pi + r + k) % n
				a0 := harness.AllocatedBytes()
				c0 := threadCPU()
				res, d, err := harness.Call(exs[ei], p)
				c1 := threadCPU()
				st[ei].totals[r] += d
				st[ei].cpu[r] += c1 - c0
				if r == 0 {
					st[ei].alloc += harness.AllocatedBytes() - a0
					scorePage(c.Name, st[ei], exs[ei], p, res, err)
				}
			}
		}
		fmt.Fprintf(os.Stderr, "extractbench: %s round %d/%d done in %v\n", c.Name, r+1, rounds, time.Since(start).Round(time.Millisecond))
	}

	fmt.Fprintf(w, "\n== %s: %d pages, %.1f MB of HTML ==\n", c.Name, len(c.Pages), float64(c.Bytes)/1e6)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "extractor\tF1\tprecision\trecall\ttitle\tauthors\tdate\tms/page\tcpu ms/page\tMB/s\talloc MB/page\terrors\t\n")
	for i, e := range exs {
		s := st[i]
		med := s.median()
		msPage := float64(med.Microseconds()) / 1000 / float64(max(1, len(c.Pages)))
		cpuPage := float64(median(s.cpu).Microseconds()) / 1000 / float64(max(1, len(c.Pages)))
		mbs := float64(c.Bytes) / 1e6 / max(med.Seconds(), 1e-9)
		q := [6]string{"-", "-", "-", "-", "-", "-"}
		if e.Scored {
			var f, p, rc float64
			switch c.Name {
			case "aeb":
				f, p, rc = s.aeb.Result()
			case "wcxb":
				if w := s.words["article"]; w != nil {
					f, p, rc = w.Result()
				}
				q[3], q[4], q[5] = acc(s.title), acc(s.author), acc(s.date)
			case "dates":
				q[5] = acc(s.date)
			default:
				f, p, rc = s.traf.Result()
				q[3], q[4], q[5] = acc(s.title), acc(s.author), acc(s.date)
			}
			if c.Name != "dates" {
				q[0], q[1], q[2] = fmt.Sprintf("%.4f", f), fmt.Sprintf("%.4f", p), fmt.Sprintf("%.4f", rc)
			}
		}
		allocPage := float64(s.alloc) / 1e6 / float64(max(1, len(c.Pages)))
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.2f\t%.2f\t%.2f\t%.1f\t%d\t\n", e.Name, q[0], q[1], q[2], q[3], q[4], q[5], msPage, cpuPage, mbs, allocPage, s.errors)
	}
	tw.Flush()
	switch c.Name {
	case "traf":
		fmt.Fprintf(w, "(metadata accuracy over annotated pages: title %d, authors %d, date %d)\n",
			st[0].title.N, st[0].author.N, st[0].date.N)
	case "wcxb":
		fmt.Fprintf(w, "(F1, precision, recall over %d article pages; metadata over annotated article pages: title %d, authors %d, date %d)\n",
			wordsN(st[0], "article"), st[0].title.N, st[0].author.N, st[0].date.N)
		wcxbTables(w, exs, st)
	case "dates":
		for i, e := range exs {
			if e.Scored {
				fmt.Fprintf(w, "%s: date accuracy %.3f over %d pages, a date found on %.3f\n", e.Name, st[i].date.Value(), st[i].date.N, float64(st[i].found)/float64(max(1, len(c.Pages))))
			}
		}
	}
	if c.Name != "wcxb" {
		articlesKept(w, exs, st, len(c.Pages))
	}
	ratio := func(a, b string) {
		ia := slices.IndexFunc(exs, func(e harness.Extractor) bool { return e.Name == a })
		ib := slices.IndexFunc(exs, func(e harness.Extractor) bool { return e.Name == b })
		if ia < 0 || ib < 0 {
			return
		}
		fmt.Fprintf(w, "time %s / %s = %.2fx (thread CPU %.2fx)\n", a, b, st[ia].median().Seconds()/max(st[ib].median().Seconds(), 1e-9),
			median(st[ia].cpu).Seconds()/max(median(st[ib].cpu).Seconds(), 1e-9))
	}
	ratio("go-trafilatura", "archivist")
	ratio("go-readability", "archivist")
	ratio("archivist", "parse-only")
	if worst > 0 {
		listWorst(w, c, exs, st, worst)
	}
}

// listWorst prints archivist's n lowest-scoring pages with go-trafilatura's
// score beside each, then every page where go-trafilatura's F1 is higher by
// more than 0.1: the failures to classify before writing a rule.
func listWorst(w io.Writer, c *harness.Corpus, exs []harness.Extractor, st []*stats, n int) {
	find := func(name string) map[string]pageScore {
		if i := slices.IndexFunc(exs, func(e harness.Extractor) bool { return e.Name == name }); i >= 0 {
			return st[i].pages
		}
		return nil
	}
	arch, peer := find("archivist"), find("go-trafilatura")
	if len(arch) == 0 {
		return
	}
	// WCXB's other page types score low by design (a listing's teasers are
	// not an article): the lowest pages listed are articles.
	ids := make([]string, 0, len(arch))
	for id, a := range arch {
		if a.typ == "" || a.typ == "article" {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b string) int {
		return cmp.Or(cmp.Compare(arch[a].f1, arch[b].f1), strings.Compare(a, b))
	})
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(id string) {
		a := arch[id]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.3f\t%.3f\t%.3f", c.Name, id, a.typ, a.f1, a.p, a.r)
		if g, ok := peer[id]; ok {
			fmt.Fprintf(tw, "\t%.3f\t%.3f\t%.3f", g.f1, g.p, g.r)
		}
		fmt.Fprint(tw, "\t\n")
	}
	fmt.Fprintf(w, "\n-- %s: archivist's %d lowest pages (F1 P R), go-trafilatura beside --\n", c.Name, n)
	for _, id := range ids[:min(n, len(ids))] {
		row(id)
	}
	tw.Flush()
	if peer == nil {
		return
	}
	fmt.Fprintf(w, "-- %s: go-trafilatura ahead by more than 0.1 --\n", c.Name)
	for _, id := range ids {
		if g, ok := peer[id]; ok && g.f1 > arch[id].f1+0.1 {
			row(id)
		}
	}
	tw.Flush()
}

// articlesKept prints archivist's page kinds on an article corpus: every
// page is an article, and one judged hub or page is lost to the archive.
func articlesKept(w io.Writer, exs []harness.Extractor, st []*stats, pages int) {
	ia := slices.IndexFunc(exs, func(e harness.Extractor) bool { return e.Name == "archivist" })
	if ia < 0 {
		return
	}
	k := st[ia].kinds["article"]
	fmt.Fprintf(w, "archivist kinds: article %d, hub %d, page %d: articles kept %.4f (%d/%d)\n",
		k["article"], k["hub"], k["page"], float64(k["article"])/float64(max(1, pages)), k["article"], pages)
}

func acc(a score.Accuracy) string { return fmt.Sprintf("%.3f", a.Value()) }

// scorePage adds one first-round result to the extractor's quality scores.
// A failed extraction scores as empty output.
func scorePage(corpus string, s *stats, e harness.Extractor, p *harness.Page, res harness.Result, err error) {
	if err != nil {
		s.errors++
		res = harness.Result{}
	}
	if !e.Scored {
		return
	}
	if corpus != "wcxb" && err == nil {
		// Every page of the article corpora is an article.
		if s.kinds["article"] == nil {
			s.kinds["article"] = map[string]int{}
		}
		s.kinds["article"][res.Kind]++
	}
	switch corpus {
	case "aeb":
		pr, rc := s.aeb.Add(res.Text, p.Body)
		s.pages[p.ID] = pageScore{f1: score.F1(pr, rc), p: pr, r: rc}
		return
	case "dates":
		// A page with no gold date is right when none is found.
		s.date.Add(res.Date == p.Date || score.DateMatch(res.Date, p.Date))
		if res.Date != "" {
			s.found++
		}
		return
	case "wcxb":
		w := s.words[p.Type]
		if w == nil {
			w = &score.Words{}
			s.words[p.Type] = w
		}
		pr, rc, f1 := w.Add(res.Text, p.MainContent)
		s.pages[p.ID] = pageScore{typ: p.Type, f1: f1, p: pr, r: rc}
		if p.Type == "article" {
			s.halves[harness.IDParity(p.ID)].Add(res.Text, p.MainContent)
		}
		if s.kinds[p.Type] == nil {
			s.kinds[p.Type] = map[string]int{}
		}
		s.kinds[p.Type][res.Kind]++
		if p.Type != "article" {
			return
		}
		s.addMeta(res, p)
		return
	}
	page := s.traf.Add(res.Text, p.With, p.Without)
	f1, pr, rc := page.Result()
	s.pages[p.ID] = pageScore{f1: f1, p: pr, r: rc}
	s.addMeta(res, p)
}

// addMeta scores the metadata the page is annotated with.
func (s *stats) addMeta(res harness.Result, p *harness.Page) {
	if p.Title != "" {
		s.title.Add(score.TitleMatch(res.Title, p.Title))
	}
	if p.Author != "" {
		s.author.Add(score.AuthorsMatch(res.Authors, p.Author))
	}
	if p.Date != "" {
		s.date.Add(score.DateMatch(res.Date, p.Date))
	}
}

func wordsN(s *stats, typ string) int {
	if w := s.words[typ]; w != nil {
		return w.N
	}
	return 0
}

// wcxbTables prints the F1 of every WCXB page type for each extractor, and
// archivist's page kinds against WCXB's page types: articles kept (kind
// article) and listing+collection pages called hubs.
func wcxbTables(w io.Writer, exs []harness.Extractor, st []*stats) {
	var types []string
	for ty := range st[0].words {
		types = append(types, ty)
	}
	slices.Sort(types)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "word F1 by page type\t")
	for _, ty := range types {
		fmt.Fprintf(tw, "%s (%d)\t", ty, wordsN(st[0], ty))
	}
	fmt.Fprint(tw, "\n")
	for i, e := range exs {
		if !e.Scored {
			continue
		}
		fmt.Fprintf(tw, "%s\t", e.Name)
		for _, ty := range types {
			f := 0.0
			if ww := st[i].words[ty]; ww != nil {
				f, _, _ = ww.Result()
			}
			fmt.Fprintf(tw, "%.4f\t", f)
		}
		fmt.Fprint(tw, "\n")
	}
	tw.Flush()
	fmt.Fprint(w, "article word F1, even / odd ids:")
	for i, e := range exs {
		if e.Scored {
			even, _, _ := st[i].halves[0].Result()
			odd, _, _ := st[i].halves[1].Result()
			fmt.Fprintf(w, "  %s %.4f / %.4f", e.Name, even, odd)
		}
	}
	fmt.Fprintln(w)
	ia := slices.IndexFunc(exs, func(e harness.Extractor) bool { return e.Name == "archivist" })
	if ia < 0 {
		return
	}
	k := st[ia].kinds
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "archivist kind by page type\tarticle\thub\tpage\t\n")
	for _, ty := range types {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", ty, k[ty]["article"], k[ty]["hub"], k[ty]["page"])
	}
	tw.Flush()
	kept := float64(k["article"]["article"]) / float64(max(1, wordsN(st[ia], "article")))
	lists := k["listing"]["hub"] + k["collection"]["hub"]
	nLists := wordsN(st[ia], "listing") + wordsN(st[ia], "collection")
	fmt.Fprintf(w, "articles kept %.4f, listing+collection called hub %.4f (%d/%d)\n", kept, float64(lists)/float64(max(1, nLists)), lists, nLists)
}
