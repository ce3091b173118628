package extract

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/archivist-org/archivist/extract/score"
)

// ARCHIVIST_KIND_OFF=rule,rule judges every page of the package's tests
// without those rules (kindOff): the fixtures that fail are the ones the
// rules hold, which the corpus audit (kindAudit) does not see; the
// corpus test's figures are then without them too.
func init() {
	if rules := os.Getenv("ARCHIVIST_KIND_OFF"); rules != "" {
		kindOff = map[string]bool{}
		for _, r := range strings.Split(rules, ",") {
			kindOff[r] = true
		}
	}
}

// kindPage is one corpus page's expected type and the kind evidence the
// pipeline gathered on it.
type kindPage struct {
	Corpus, ID, URL, Type string
	Ev                    kindEvidence
}

// TestKindCorpus is the fast page-kind scorer: it judges the kind of every
// page of wcxb (against its page types) and of the article corpora (aeb,
// traf, dates: every page an article) and prints the confusion table by
// WCXB type and the articles kept per corpus, and fails under floors a
// little below today's. It runs when asked: ARCHIVIST_CORPUS names the
// corpora's directory (or ARCHIVIST_KIND_CACHE is set, with the corpora in
// ../../shared/corpus), e.g.
//
//	ARCHIVIST_CORPUS=/work/shared/corpus ARCHIVIST_KIND_CACHE=/tmp/kind.json go test ./extract -run TestKindCorpus -v
//
// ARCHIVIST_KIND_CACHE=file keeps the evidence in file: the first run
// extracts every page and writes it, later runs only replay judgeKind, in
// a second. Delete the file when the evidence itself changes.
// ARCHIVIST_KIND_MISSES=1 logs every misjudged page with its evidence and
// the rules that fired on it. ARCHIVIST_KIND_VERDICTS=file writes one
// line a page (corpus, id, type, kind, score, URL, the rules that fired; tab-separated) to diff
// two runs. Both halves of wcxb (even and odd ids) are reported apart: a
// rule that lifts one and lowers the other is a fit.
// ARCHIVIST_KIND_AUDIT=1 replays the judgement with each rule switched
// off in turn and logs what each one changes (kindAudit); a comma list of
// rules instead of 1 lists the pages each of them moves too.
func TestKindCorpus(t *testing.T) {
	dir := os.Getenv("ARCHIVIST_CORPUS")
	cache := os.Getenv("ARCHIVIST_KIND_CACHE")
	if dir == "" && cache == "" {
		// TestCorpusWCXB already judges the wcxb pages on every run; this
		// one extracts 1,900 pages more, so it waits to be asked.
		t.Skip("set ARCHIVIST_CORPUS (the corpora's directory) or ARCHIVIST_KIND_CACHE to run")
	}
	if dir == "" {
		dir = corpusDir
	}
	if _, err := os.Stat(filepath.Join(dir, "wcxb", "types.json")); err != nil {
		t.Skipf("corpora absent: %v", err)
	}
	var pages []kindPage
	if cache != "" {
		if b, err := os.ReadFile(cache); err == nil {
			if err := json.Unmarshal(b, &pages); err != nil {
				t.Fatalf("cache %s: %v", cache, err)
			}
		}
	}
	if len(pages) == 0 {
		pages = kindEvidenceOf(t, dir)
		if cache != "" {
			b, err := json.Marshal(pages)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(cache, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	misses := os.Getenv("ARCHIVIST_KIND_MISSES") != ""
	var verdicts strings.Builder          // ARCHIVIST_KIND_VERDICTS=file: one line a page, to diff runs
	conf := map[string]map[string]int{}   // corpus/type → kind → pages
	halves := map[string]map[string]int{} // wcxb half/type → kind → pages
	for i := range pages {
		p := &pages[i]
		kind := judgeKind(&p.Ev, kindOff)
		key := p.Corpus + " " + p.Type
		if conf[key] == nil {
			conf[key] = map[string]int{}
		}
		conf[key][kind]++
		var why []string
		score := kindScoreWhy(&p.Ev, &why, kindOff)
		// The templates judgeKind decides by before the score.
		for _, t := range []struct {
			on   bool
			name string
		}{{p.Ev.ListingTemplate, "listingtemplate"}, {p.Ev.ProductTemplate, "producttemplate"}, {p.Ev.ThreadTemplate, "threadtemplate"}} {
			if t.on {
				why = append(why, t.name)
			}
		}
		fmt.Fprintf(&verdicts, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", p.Corpus, p.ID, p.Type, kind, score, p.URL, strings.Join(why, " "))
		if p.Corpus == "wcxb" {
			// Both halves of wcxb (even and odd ids) must move together:
			// a rule that helps one and hurts the other is a fit.
			half := "even"
			if n := len(p.ID); n > 0 && (p.ID[n-1]-'0')%2 == 1 {
				half = "odd"
			}
			hk := half + " " + p.Type
			if halves[hk] == nil {
				halves[hk] = map[string]int{}
			}
			halves[hk][kind]++
		}
		if misses && misjudged(p.Type, kind) {
			t.Logf("KIND %s %s %s judged %s (score %d: %s): %s\n    %+v", p.Corpus, p.ID, p.Type, kind, score, strings.Join(why, " "), p.URL, p.Ev)
		}
	}
	if f := os.Getenv("ARCHIVIST_KIND_VERDICTS"); f != "" {
		if err := os.WriteFile(f, []byte(verdicts.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	keys := make([]string, 0, len(conf))
	for k := range conf {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var tab strings.Builder
	fmt.Fprintf(&tab, "%-20s %6s %7s %5s %5s\n", "corpus type", "pages", "article", "hub", "page")
	for _, k := range keys {
		c := conf[k]
		n := c[KindArticle] + c[KindHub] + c[KindPage]
		fmt.Fprintf(&tab, "%-20s %6d %7d %5d %5d", k, n, c[KindArticle], c[KindHub], c[KindPage])
		if strings.HasSuffix(k, " article") {
			fmt.Fprintf(&tab, "   kept %.4f", float64(c[KindArticle])/float64(max(n, 1)))
		}
		tab.WriteString("\n")
	}
	l, c := conf["wcxb listing"], conf["wcxb collection"]
	nl := l[KindArticle] + l[KindHub] + l[KindPage] + c[KindArticle] + c[KindHub] + c[KindPage]
	fmt.Fprintf(&tab, "wcxb listing+collection called hub %.4f (%d/%d)\n", float64(l[KindHub]+c[KindHub])/float64(max(nl, 1)), l[KindHub]+c[KindHub], nl)
	for _, half := range []string{"even", "odd"} {
		a := halves[half+" article"]
		l, c := halves[half+" listing"], halves[half+" collection"]
		na := a[KindArticle] + a[KindHub] + a[KindPage]
		nl := l[KindArticle] + l[KindHub] + l[KindPage] + c[KindArticle] + c[KindHub] + c[KindPage]
		fmt.Fprintf(&tab, "wcxb %-4s articles kept %.4f (%d/%d), listing+collection hub %.4f (%d/%d)\n", half,
			float64(a[KindArticle])/float64(max(na, 1)), a[KindArticle], na,
			float64(l[KindHub]+c[KindHub])/float64(max(nl, 1)), l[KindHub]+c[KindHub], nl)
	}
	t.Logf("page kinds:\n%s", tab.String())
	if a := os.Getenv("ARCHIVIST_KIND_AUDIT"); a != "" {
		t.Logf("what each rule changes:\n%s", kindAudit(pages, strings.Split(a, ",")))
	}
	// Floors a little under what the judgement reaches on the dev halves,
	// so a regression fails (the bars: articles kept 0.995 on
	// every corpus, listing+collection called hub 0.90).
	for corpus, floor := range map[string]float64{"wcxb": 0.992, "aeb": 0.99, "traf": 0.994, "dates": 0.994} {
		c := conf[corpus+" article"]
		if n := c[KindArticle] + c[KindHub] + c[KindPage]; n > 0 && float64(c[KindArticle]) < floor*float64(n) {
			t.Errorf("%s: articles kept %d/%d, below the floor %.3f", corpus, c[KindArticle], n, floor)
		}
	}
	if hubs := l[KindHub] + c[KindHub]; nl > 0 && float64(hubs) < 0.83*float64(nl) {
		t.Errorf("wcxb listing+collection called hub %d/%d, below the floor 0.83", hubs, nl)
	}
}

// kindGates are judgeKind's rules outside the score (see judgeKind).
var kindGates = []string{"listingtemplate", "producttemplate", "threadtemplate", "oneproduct",
	"claims2", "shopoverclaims", "linklistoverclaims", "profileworks", "ispage", "cardexcerpts", "excerptsnoprose", "wholebodycards", "loopexcerpts"}

// kindAudit replays the judgement of every page with each rule off in
// turn and tabulates the verdicts it changes: the articles it costs on
// each corpus (kept with it off, lost with it on), the listings and
// collections it makes hubs on each half of wcxb, the other wcxb pages it
// moves, and the sites of all the pages it moves. A rule that moves
// pages of one half or one site only is fitted to them.
func kindAudit(pages []kindPage, listed []string) string {
	rules := slices.Clone(kindGates)
	for i := range pages {
		var why []string
		kindScoreWhy(&pages[i].Ev, &why, nil)
		for _, w := range why {
			if r := w[:strings.LastIndexAny(w, "+-")]; !slices.Contains(rules, r) {
				rules = append(rules, r)
			}
		}
	}
	base := make([]string, len(pages))
	for i := range pages {
		base[i] = judgeKind(&pages[i].Ev, nil)
	}
	var b, moves strings.Builder
	fmt.Fprintf(&b, "%-20s %5s %5s %5s %5s %5s %9s %9s %5s %5s %5s\n", "rule", "moved", "aeb", "traf", "dates", "wcxb", "hubs even", "hubs odd", "other", "sites", "half")
	for _, r := range rules {
		off := map[string]bool{r: true}
		lost := map[string]int{}   // corpus → articles the rule costs (negative: keeps)
		hubs := map[string]int{}   // wcxb half → listings and collections it makes hubs
		halves := map[string]int{} // wcxb half → pages moved
		sites := map[string]bool{} // hosts of the pages moved
		moved, other := 0, 0
		for i := range pages {
			p := &pages[i]
			k := judgeKind(&p.Ev, off)
			if k == base[i] {
				continue
			}
			moved++
			if slices.Contains(listed, r) {
				fmt.Fprintf(&moves, "%s off: %s %s %s %s -> %s %s\n", r, p.Corpus, p.ID, p.Type, base[i], k, p.URL)
			}
			if u, err := url.Parse(p.URL); err == nil {
				sites[strings.TrimPrefix(u.Hostname(), "www.")] = true
			}
			half := ""
			if p.Corpus == "wcxb" {
				half = "even"
				if n := len(p.ID); n > 0 && (p.ID[n-1]-'0')%2 == 1 {
					half = "odd"
				}
				halves[half]++
			}
			switch p.Type {
			case "article":
				switch {
				case k == KindArticle:
					lost[p.Corpus]++
				case base[i] == KindArticle:
					lost[p.Corpus]--
				}
			case "listing", "collection":
				switch {
				case base[i] == KindHub:
					hubs[half]++
				case k == KindHub:
					hubs[half]--
				}
			default:
				other++
			}
		}
		if moved == 0 {
			fmt.Fprintf(&b, "%-20s %5d\n", r, 0)
			continue
		}
		oneHalf := "both"
		switch {
		case halves["even"] == 0 && halves["odd"] == 0:
			oneHalf = "-"
		case halves["even"] == 0:
			oneHalf = "odd"
		case halves["odd"] == 0:
			oneHalf = "even"
		}
		fmt.Fprintf(&b, "%-20s %5d %5d %5d %5d %5d %9d %9d %5d %5d %5s\n", r, moved, lost["aeb"], lost["traf"], lost["dates"], lost["wcxb"],
			hubs["even"], hubs["odd"], other, len(sites), oneHalf)
	}
	return b.String() + moves.String()
}

// kindEvidenceOf extracts every page of the corpora in dir and returns the
// evidence the kind judgement saw on each.
func kindEvidenceOf(t *testing.T, dir string) []kindPage {
	type job struct {
		p    kindPage
		path string
	}
	var jobs []job
	wp, err := score.LoadWCXB(filepath.Join(dir, "wcxb"), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range wp {
		jobs = append(jobs, job{kindPage{Corpus: "wcxb", ID: p.ID, URL: p.URL, Type: p.Type}, p.HTMLPath})
	}
	if raw, err := os.ReadFile(filepath.Join(dir, "aeb", "ground-truth.json")); err == nil {
		var gt map[string]struct {
			URL string `json:"url"`
		}
		if err := json.Unmarshal(raw, &gt); err != nil {
			t.Fatal(err)
		}
		for id, g := range gt {
			path := filepath.Join(dir, "aeb", "html", id+".html.gz")
			if _, err := os.Stat(path); err == nil {
				jobs = append(jobs, job{kindPage{Corpus: "aeb", ID: id, URL: g.URL, Type: "article"}, path})
			}
		}
	}
	if raw, err := os.ReadFile(filepath.Join(dir, "traf", "evaldata.json")); err == nil {
		var ev map[string]struct {
			File string `json:"file"`
		}
		if err := json.Unmarshal(raw, &ev); err != nil {
			t.Fatal(err)
		}
		for k, e := range ev {
			path := filepath.Join(dir, "traf", "html", e.File)
			if _, err := os.Stat(path); err != nil {
				continue
			}
			u := ""
			if strings.HasPrefix(k, "http://") || strings.HasPrefix(k, "https://") {
				u = k
			}
			jobs = append(jobs, job{kindPage{Corpus: "traf", ID: e.File, URL: u, Type: "article"}, path})
		}
	}
	if dp, err := score.LoadDates(filepath.Join(dir, "dates"), 0); err == nil {
		for _, p := range dp {
			jobs = append(jobs, job{kindPage{Corpus: "dates", ID: filepath.Base(p.HTMLPath), URL: p.URL, Type: "article"}, p.HTMLPath})
		}
	}

	var seen sync.Map // *Article → *kindEvidence
	kindTrace = func(a *Article, ev *kindEvidence) { seen.Store(a, *ev) }
	defer func() { kindTrace = nil }()
	out := make([]kindPage, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = jobs[i].p
				a, err := FromHTML(readGz(t, jobs[i].path), jobs[i].p.URL, &Options{MaxBytes: -1})
				if err != nil {
					out[i].Type = "error"
					continue
				}
				if ev, ok := seen.LoadAndDelete(a); ok {
					out[i].Ev = ev.(kindEvidence)
				}
				if k := judgeKind(&out[i].Ev, kindOff); k != a.Kind {
					t.Errorf("%s: replayed kind %s, pipeline said %s", jobs[i].path, k, a.Kind)
				}
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	slices.SortFunc(out, func(a, b kindPage) int { return strings.Compare(a.Corpus+" "+a.ID, b.Corpus+" "+b.ID) })
	return out
}
