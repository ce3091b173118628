package extract

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/archivist-org/archivist/extract/score"
)

// ARCHIVIST_BODY_OFF=rule,rule runs every test of the package without those
// body rules (bodyOff), as ARCHIVIST_KIND_OFF does for the kind rules: the
// fixtures that then fail are the ones the rules hold, which the corpus
// audit (TestBodyAudit) does not see.
func init() {
	if rules := os.Getenv("ARCHIVIST_BODY_OFF"); rules != "" {
		bodyOff = map[string]bool{}
		for _, r := range strings.Split(rules, ",") {
			bodyOff[r] = true
		}
	}
}

// bodyRules are the switches of the body rules (bodyRule("name") in
// content*.go), in the pipeline's order: noscript copy; pruning by markup
// (and the exceptions that keep a block all the same); picking the content
// (a marked body, the sibling and widening rules, a forum's thread); the
// blocks skipped inside it; the blocks' filters (chrome text, captions,
// the page's tail, bios, the repeated title, pull quotes); the lead.
var bodyRules = []string{
	"noscript",
	"prunefallback", "hiddenpanel", "ariahidden", "asidebox", "sectionheader", "smallform",
	"signupfield", "closepopup", "camelroles", "contentclass", "tweetembed", "stateclass",
	"headingslug", "itemwrapper", "codewrapper", "strongchrome", "proselist", "prosesection",
	"builderblock", "articlebox",
	"splitarticle", "widen", "samesection", "nextprose", "teasergrid", "samekind", "heroprose", "headings",
	"parentkin", "fillgaps", "knownbody", "thread", "intro",
	"sronly", "embed", "teaserrun", "prosewrapper", "headedsection", "headedlist", "notes", "titlecount", "colonlist",
	"announcedlist", "plainitems", "ownprose", "teaserskip", "notemarkers",
	"sentencelist", "codetable", "layouttable",
	"roundup", "linkonly", "trailinglinks", "captions", "chromeheading", "cuttail", "bio",
	"titlebyline", "dedupe", "trailingheadings",
	"cookie", "chromeblock", "longchrome", "chromeprefix", "dateline", "photocredit",
	"filelink", "categoryrow", "newsletter", "chromeanywhere", "languages", "socialrow",
	"wholebody", "lede", "namedlead", "headerlead",
}

// TestBodyRulesListed keeps bodyRules and the switches in the code in step:
// a switch the audit does not list is never measured, and a name listed
// but switched nowhere measures nothing.
func TestBodyRulesListed(t *testing.T) {
	files, err := filepath.Glob("content*.go")
	if err != nil {
		t.Fatal(err)
	}
	inCode := map[string]bool{}
	re := regexp.MustCompile(`bodyRule\("([a-z]+)"\)`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllSubmatch(b, -1) {
			inCode[string(m[1])] = true
		}
	}
	listed := map[string]bool{}
	for _, r := range bodyRules {
		if listed[r] {
			t.Errorf("%s listed twice", r)
		}
		listed[r] = true
		if !inCode[r] {
			t.Errorf("%s is listed but switched nowhere", r)
		}
	}
	for r := range inCode {
		if !listed[r] {
			t.Errorf("bodyRule(%q) is not in bodyRules", r)
		}
	}
}

// auditPage is one corpus page held in memory with what scores it.
type auditPage struct {
	corpus, id, typ, site, url string
	html                       []byte
	want                       string   // aeb and wcxb: the gold text
	with, without              []string // traf: the snippets
}

// half is a wcxb page's half of the ids, even or odd.
func (p *auditPage) half() string {
	if n := len(p.id); n > 0 && (p.id[n-1]-'0')%2 == 1 {
		return "odd"
	}
	return "even"
}

// auditRun is one pass over every page: each page's F1 and kind, and the
// figures per corpus.
type auditRun struct {
	f     []float64
	kinds []string
	total map[string]float64 // "aeb", "traf", "wcxb article", "wcxb even", "wcxb odd", "wcxb TYPE"
}

// TestBodyAudit runs the corpora with each body rule switched off in turn
// (ARCHIVIST_BODY_AUDIT=1, with ARCHIVIST_CORPUS naming the corpora's
// directory or ../../shared/corpus there) and logs, for each, what the
// rule adds: aeb and traf F1, wcxb article word F1 and on each half of
// wcxb's ids, the word F1 of each other WCXB type (F1 with the rule less
// F1 without it), the pages it raises and lowers by more than 0.01 of
// their F1, the sites of those pages, and the pages whose kind it
// changes. A comma list of rules instead of 1 audits those only and lists
// the pages each moves. A rule lowering one corpus or half while raising
// another, or moving one page of one site, is fitted to those pages,
// unless a fixture of the product's own holds it (ARCHIVIST_BODY_OFF).
func TestBodyAudit(t *testing.T) {
	which := os.Getenv("ARCHIVIST_BODY_AUDIT")
	if which == "" {
		t.Skip("set ARCHIVIST_BODY_AUDIT=1 (or a comma list of rules) to run")
	}
	skipCorpusUnderRace(t)
	dir := cmp.Or(os.Getenv("ARCHIVIST_CORPUS"), corpusDir)
	pages := loadAuditPages(t, dir)
	rules, list := bodyRules, false
	if which != "1" {
		rules, list = strings.Split(which, ","), true
	}
	saved := bodyOff
	defer func() { bodyOff = saved }()
	base := runAudit(pages)
	cols := []string{"aeb", "traf", "wcxb article", "wcxb even", "wcxb odd"}
	for _, ty := range []string{"collection", "documentation", "forum", "listing", "product", "service"} {
		cols = append(cols, "wcxb "+ty)
	}
	var tab strings.Builder
	fmt.Fprintf(&tab, "| rule | up | down | sites | kinds |")
	for _, c := range cols {
		fmt.Fprintf(&tab, " %s |", strings.TrimPrefix(c, "wcxb "))
	}
	tab.WriteString("\n")
	fmt.Fprintf(&tab, "| (all on) | | | | |")
	for _, c := range cols {
		fmt.Fprintf(&tab, " %.4f |", base.total[c])
	}
	tab.WriteString("\n")
	for _, rule := range rules {
		bodyOff = map[string]bool{rule: true}
		for r := range saved {
			bodyOff[r] = true
		}
		off := runAudit(pages)
		up, down, kinds := 0, 0, 0
		sites := map[string]bool{}
		var moved []string
		for i, p := range pages {
			d := base.f[i] - off.f[i]
			if d > 0.01 {
				up++
			} else if d < -0.01 {
				down++
			}
			if d > 0.01 || d < -0.01 {
				sites[p.site] = true
				moved = append(moved, fmt.Sprintf("    %+.3f %s %s %s %s", d, p.corpus, p.id, p.typ, cmp.Or(p.url, p.site)))
			}
			if base.kinds[i] != off.kinds[i] {
				kinds++
				moved = append(moved, fmt.Sprintf("    kind %s -> %s (with it) %s %s %s", off.kinds[i], base.kinds[i], p.corpus, p.id, p.typ))
			}
		}
		fmt.Fprintf(&tab, "| %s | %d | %d | %d | %d |", rule, up, down, len(sites), kinds)
		for _, c := range cols {
			fmt.Fprintf(&tab, " %+.4f |", base.total[c]-off.total[c])
		}
		tab.WriteString("\n")
		if list {
			tab.WriteString(strings.Join(moved, "\n") + "\n")
		}
	}
	t.Logf("what each body rule adds (F1 with it less F1 without it):\n%s", tab.String())
}

// loadAuditPages reads aeb, traf and wcxb into memory.
func loadAuditPages(t *testing.T, dir string) []auditPage {
	var pages []auditPage
	raw, err := os.ReadFile(filepath.Join(dir, "aeb", "ground-truth.json"))
	if err != nil {
		t.Skipf("corpora absent: %v", err)
	}
	var aeb map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &aeb); err != nil {
		t.Fatal(err)
	}
	for id, g := range aeb {
		path := filepath.Join(dir, "aeb", "html", id+".html.gz")
		if _, err := os.Stat(path); err != nil {
			continue
		}
		pages = append(pages, auditPage{corpus: "aeb", id: id, typ: "article", site: strings.TrimPrefix(hostOf(g.URL), "www."), url: g.URL,
			html: readGz(t, path), want: g.ArticleBody})
	}
	raw, err = os.ReadFile(filepath.Join(dir, "traf", "evaldata.json"))
	if err != nil {
		t.Fatal(err)
	}
	var traf map[string]struct {
		File    string   `json:"file"`
		With    []string `json:"with"`
		Without []string `json:"without"`
	}
	if err := json.Unmarshal(raw, &traf); err != nil {
		t.Fatal(err)
	}
	for _, e := range traf {
		path := filepath.Join(dir, "traf", "html", e.File)
		if _, err := os.Stat(path); err != nil {
			continue
		}
		// traf names its files after the site: "blog.python.org.html",
		// "bahamaslocal.com-atlantis.html".
		site := strings.TrimSuffix(strings.TrimSuffix(e.File, ".gz"), ".html")
		if i := strings.IndexByte(site, '-'); i > 0 && strings.Contains(site[:i], ".") {
			site = site[:i]
		}
		pages = append(pages, auditPage{corpus: "traf", id: e.File, typ: "article", site: site,
			html: readGz(t, path), with: e.With, without: e.Without})
	}
	wcxb, err := score.LoadWCXB(filepath.Join(dir, "wcxb"), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range wcxb {
		pages = append(pages, auditPage{corpus: "wcxb", id: p.ID, typ: p.Type, site: strings.TrimPrefix(hostOf(p.URL), "www."), url: p.URL,
			html: readGz(t, p.HTMLPath), want: p.MainContent})
	}
	sort.Slice(pages, func(i, j int) bool {
		return pages[i].corpus+" "+pages[i].id < pages[j].corpus+" "+pages[j].id
	})
	return pages
}

// runAudit extracts every page (two at a time: the machine is shared) and
// scores it as the corpus tests do.
func runAudit(pages []auditPage) auditRun {
	texts := make([]string, len(pages))
	kinds := make([]string, len(pages))
	var wg sync.WaitGroup
	next := make(chan int)
	for range 2 {
		wg.Go(func() {
			for i := range next {
				p := &pages[i]
				a, err := FromHTML(p.html, p.url, nil)
				if err != nil {
					kinds[i] = "error"
					continue
				}
				texts[i], kinds[i] = a.Text, a.Kind
			}
		})
	}
	for i := range pages {
		next <- i
	}
	close(next)
	wg.Wait()
	run := auditRun{f: make([]float64, len(pages)), kinds: kinds, total: map[string]float64{}}
	var aeb score.AEB
	var traf score.Traf
	words := map[string]*score.Words{}
	addWords := func(key, got, want string) float64 {
		w := words[key]
		if w == nil {
			w = &score.Words{}
			words[key] = w
		}
		_, _, f := w.Add(got, want)
		return f
	}
	for i, p := range pages {
		switch p.corpus {
		case "aeb":
			pr, rc := aeb.Add(texts[i], p.want)
			run.f[i] = score.F1(pr, rc)
		case "traf":
			pg := traf.Add(texts[i], p.with, p.without)
			run.f[i] = 1
			if bad := pg.FP + pg.FN; bad > 0 {
				run.f[i] = float64(2*pg.TP) / float64(2*pg.TP+bad)
			}
		case "wcxb":
			run.f[i] = addWords("wcxb "+p.typ, texts[i], p.want)
			if p.typ == "article" {
				addWords("wcxb "+p.half(), texts[i], p.want)
			}
		}
	}
	run.total["aeb"], _, _ = aeb.Result()
	run.total["traf"], _, _ = traf.Result()
	for k, w := range words {
		run.total[k], _, _ = w.Result()
	}
	return run
}
