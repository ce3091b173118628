package extract

import (
	"bytes"
	"cmp"
	"net/url"

	"encoding/json"
	"fmt"
	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/archivist-org/archivist/extract/score"
)

// TestDumpMeta writes, for every annotated page of traf, wcxb (articles)
// and dates/, one line per metadata field to ARCHIVIST_META_DUMP: corpus,
// page, field, ok, gold, ours and where ours came from; for working on the
// metadata rules (diff two dumps to see what a change moved). Skipped
// otherwise.
func TestDumpMeta(t *testing.T) {
	out := os.Getenv("ARCHIVIST_META_DUMP")
	if out == "" {
		t.Skip("set ARCHIVIST_META_DUMP to an output file")
	}
	root := metaCorpusRoot()
	type job struct {
		corpus, id, url, path string
		title, author, date   string
		dateOnly              bool
	}
	var jobs []job
	if raw, err := os.ReadFile(filepath.Join(root, "traf", "evaldata.json")); err == nil {
		var eval map[string]trafEval
		if err := json.Unmarshal(raw, &eval); err != nil {
			t.Fatal(err)
		}
		for k, e := range eval {
			if e.Title == "" && e.Author == "" && e.Date == "" {
				continue
			}
			u := ""
			if strings.HasPrefix(k, "http://") || strings.HasPrefix(k, "https://") {
				u = k
			}
			jobs = append(jobs, job{"traf", k, u, filepath.Join(root, "traf", "html", e.File), e.Title, string(e.Author), e.Date, false})
		}
	}
	if pages, err := score.LoadWCXB(filepath.Join(root, "wcxb"), 0); err == nil {
		for _, p := range pages {
			if p.Type == "article" {
				jobs = append(jobs, job{"wcxb", p.ID, p.URL, p.HTMLPath, p.Title, p.Author, p.Date, false})
			}
		}
	}
	if dps, err := score.LoadDates(filepath.Join(root, "dates"), 0); err == nil {
		for _, p := range dps {
			jobs = append(jobs, job{"dates", p.URL, p.URL, p.HTMLPath, "", "", p.Date, true})
		}
	}
	lines := make([][]string, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range 2 {
		wg.Go(func() {
			for i := range next {
				j := jobs[i]
				a, err := FromHTML(readGz(t, j.path), j.url, &Options{MaxBytes: -1})
				if err != nil {
					a = &Article{}
				}
				var ls []string
				add := func(field string, ok bool, gold, got, src string) {
					ls = append(ls, fmt.Sprintf("%s\t%s\t%s\t%v\t%q\t%q\t%s", j.corpus, j.id, field, ok, gold, got, src))
				}
				if j.title != "" {
					add("title", score.TitleMatch(a.Title, j.title), j.title, a.Title, "")
				}
				if j.author != "" {
					got := strings.Join(a.Authors, "; ")
					add("author", score.AuthorsMatch(got, j.author), j.author, got, "")
				}
				if j.date != "" || j.dateOnly {
					ok := score.DateMatch(a.Published, j.date) || j.dateOnly && j.date == "" && a.Published == ""
					add("date", ok, j.date, a.Published, a.DateSource+"\t"+dateHints(t, readGz(t, j.path), j.url))
				}
				lines[i] = ls
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	var all []string
	for _, ls := range lines {
		all = append(all, ls...)
	}
	slices.SortFunc(all, func(a, b string) int { return cmp.Compare(a, b) })
	if err := os.WriteFile(out, []byte(strings.Join(all, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDebugMeta prints the metadata rules' inputs for the page
// ARCHIVIST_META_PAGE (a .html.gz, with ARCHIVIST_META_URL): the title
// anchor, the head's dates and every visible date candidate with its
// position. Skipped otherwise.
func TestDebugMeta(t *testing.T) {
	path := os.Getenv("ARCHIVIST_META_PAGE")
	if path == "" {
		t.Skip("set ARCHIVIST_META_PAGE to a .html.gz page")
	}
	raw := readGz(t, path)
	a, err := FromHTML(raw, os.Getenv("ARCHIVIST_META_URL"), &Options{MaxBytes: -1})
	if err != nil {
		t.Fatal(err)
	}
	text, err := decodeBytes(raw, "")
	if err != nil {
		t.Fatal(err)
	}
	root, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	var base *url.URL
	if u := os.Getenv("ARCHIVIST_META_URL"); u != "" {
		base, _ = url.Parse(u)
	}
	m := readMetadata(goquery.NewDocumentFromNode(root), base)
	s := m.scan
	ld := parseJSONLD(s.jsonld)
	p := func(f string, args ...any) { fmt.Printf(f+"\n", args...) }
	p("FINAL published %q (%s) authors %q title %q", a.Published, a.DateSource, a.Authors, a.Title)
	p("anchor %d title %q dayFirst %v", m.anchor, m.Title, m.dayFirst)
	p("ld published %q modified %q pageDates %v authors %q", ld.published, ld.modified, ld.pageDates, ld.authors)
	for _, k := range append(append([]string{}, publishedMetaKeys...), modifiedMetaKeys...) {
		if v := s.meta[k]; len(v) > 0 {
			p("meta %s = %q", k, v)
		}
	}
	p("micro datepublished %q datemodified %q", s.micro["datepublished"], s.micro["datemodified"])
	for _, h := range s.h1 {
		p("h1 @%d ctx%d %q", h.pos, h.ctx, h.text)
	}
	for _, x := range s.times {
		p("time @%d ctx%d pub%v upd%v dt=%q text=%q", x.pos, x.ctx, x.pub, x.upd, x.datetime, nodeText(x.node, 80))
	}
	for _, x := range s.datelines {
		p("dateline @%d ctx%d upd%v %q", x.pos, x.ctx, x.upd, x.str())
	}
	for _, x := range s.bylines {
		p("byline @%d ctx%d %q", x.pos, x.ctx, x.str())
	}
	for _, x := range s.textDates {
		p("textdate @%d ctx%d upd%v %q", x.pos, x.ctx, x.upd, x.text)
	}
	for _, x := range s.pubDates {
		p("pubdate @%d ctx%d %q", x.pos, x.ctx, x.text)
	}
	p("visible %q (%s) visibleAuthors %q headAuthors %q authors %q", m.visibleDate, m.visibleSource, m.visibleAuthors, m.headAuthors, m.Authors)
}

// dateHints lists the date candidates of a page, for the dump.
func dateHints(t *testing.T, raw []byte, pageURL string) string {
	text, err := decodeBytes(raw, "")
	if err != nil {
		return ""
	}
	root, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		return ""
	}
	base, _ := url.Parse(pageURL)
	m := readMetadata(goquery.NewDocumentFromNode(root), base)
	s := m.scan
	ld := parseJSONLD(s.jsonld)
	v := func(x string) string { return parseDateValue(x, m.dayFirst) }
	urlDate := ""
	if base != nil {
		urlDate = dateFromURL(base.EscapedPath())
	}
	metaDate := ""
	for _, k := range publishedMetaKeys {
		if metaDate = v(s.first(k)); metaDate != "" {
			break
		}
	}
	lab, _ := labelledDate(s, m.anchor, m.dayFirst)
	return fmt.Sprintf("url=%s ld=%s meta=%s micro=%s head=%s mod=%s vis=%s/%s/%d lab=%s upd=%s", urlDate, v(ld.published), metaDate,
		v(s.firstMicro("datepublished")), m.headDate, m.Modified, m.visibleDate, m.visibleSource, m.visDist, lab, shownUpdate(s, m.anchor, m.dayFirst))
}
