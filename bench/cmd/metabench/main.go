// Command metabench scores the metadata archivist extracts (title, authors,
// published date) on every corpus that annotates it, side by side with
// go-trafilatura in the same run, and counts the pages read as syndicated
// copies (a source_url), which on these corpora of originals should be few.
//
//	cd bench && go run ./cmd/metabench -corpus ../../shared/corpus
//
// traf: all annotated pages; wcxb: article pages; dates: htmldate's gold
// dates (a page with no gold date is right when none is found). Scoring is
// extract/score's: titles and authors exact after folding, authors as a
// set, dates on YYYY-MM-DD. The text's F1 (aeb shingles, traf snippets,
// wcxb words) is printed too, so a metadata change that moves the body
// (attribution lines leaving the text) shows here. wcxb is also scored on
// its even and odd page ids apart (a rule must hold on both halves), and
// each corpus's wrong dates are counted by kind: none found, a day off (a
// time zone), day and month swapped, another day.
package main

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/archivist-org/archivist/bench/harness"
	"github.com/archivist-org/archivist/extract"
	"github.com/archivist-org/archivist/extract/score"
)

type page struct {
	id, url              string
	html                 []byte
	title, author, date  string
	hasTitle, hasAuthor  bool
	hasDate, emptyDateOK bool
	body                 string // aeb body or wcxb main content
	bodyMetric           string // "aeb", "words", "traf" or ""
	with, without        []string
}

type tally struct {
	title, authors, date score.Accuracy
	aeb                  score.AEB
	words                score.Words
	traf                 score.Traf
	sources              int
	// dated counts the pages where a date was found, right or wrong;
	// dateMisses the wrong ones by kind (see dateMiss).
	dated      int
	dateMisses map[string]int
}

func main() {
	corpusDir := flag.String("corpus", "../../shared/corpus", "directory holding traf/, wcxb/, dates/ and aeb/")
	only := flag.String("only", "traf,wcxb,dates,aeb", "corpora to run, comma-separated")
	peer := flag.Bool("peer", true, "also run go-trafilatura")
	fails := flag.String("fails", "", "print archivist's misses for this field (title, authors, date)")
	sources := flag.Bool("sources", false, "list the pages that got a source_url")
	limit := flag.Int("limit", 0, "first N pages of each corpus (0 = all)")
	dumpAll := flag.Bool("dump", false, "print every title, author and date emitted on every page instead of scores")
	flag.Parse()
	if *dumpAll {
		if err := dump(os.Stdout, *corpusDir, *only); err != nil {
			fmt.Fprintf(os.Stderr, "metabench: %v\n", err)
			os.Exit(1)
		}
		return
	}

	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	type corpusMisses struct{ corpus, kinds string }
	var misses []corpusMisses
	fmt.Fprintln(tw, "corpus\textractor\tpages\ttitle\tauthors\tdate\tdated\ttext F1\tsource_url\t")
	for _, name := range strings.Split(*only, ",") {
		pages, err := load(name, filepath.Join(*corpusDir, name), *limit)
		if err != nil {
			fmt.Fprintf(os.Stderr, "metabench: %s: %v\n", name, err)
			continue
		}
		var mine, theirs tally
		// wcxb's even and odd ids apart: a rule fitted to some pages
		// lifts one half and not the other.
		var halves [2]tally
		var halfSize [2]int
		for _, p := range pages {
			a, err := extract.FromHTML(p.html, p.url, &extract.Options{MaxBytes: -1})
			if err != nil {
				a = &extract.Article{}
			}
			r := harness.Result{Text: a.Text, Title: a.Title, Authors: strings.Join(a.Authors, "; "), Date: a.Published}
			add(&mine, name, p, r, *fails)
			if name == "wcxb" {
				half := harness.IDParity(p.id)
				add(&halves[half], name, p, r, "")
				halfSize[half]++
				if a.SourceURL != "" {
					halves[half].sources++
				}
			}
			if a.SourceURL != "" {
				mine.sources++
				if *sources {
					fmt.Printf("source\t%s\t%s\t%s\t%s\n", name, p.url, a.SourceURL, a.SourceURLFrom)
				}
			}
			if *peer {
				pr, _ := harness.Extractors()[1].Run(p.html, p.url)
				add(&theirs, name, p, pr, "")
			}
		}
		row(tw, name, "archivist", len(pages), &mine, true)
		if len(mine.dateMisses) > 0 {
			misses = append(misses, corpusMisses{name, missKinds(mine.dateMisses)})
		}
		if name == "wcxb" {
			row(tw, "wcxb even", "archivist", halfSize[0], &halves[0], true)
			row(tw, "wcxb odd", "archivist", halfSize[1], &halves[1], true)
		}
		if *peer {
			row(tw, name, "go-trafilatura", len(pages), &theirs, false)
		}
	}
	tw.Flush()
	for _, m := range misses {
		fmt.Printf("date misses, %s: %s\n", m.corpus, m.kinds)
	}
}

// dateMiss says how a date missed: "none" (no date found), "extra" (a date
// where the gold has none), "partial gold" (the gold gives no day), "a day
// off" (a time zone apart), "day/month" (the two read the other way
// round) or "other day".
func dateMiss(got, want string) string {
	switch {
	case got == "":
		return "none"
	case want == "":
		return "extra"
	case len(want) < 10:
		return "partial gold"
	}
	g, errG := time.Parse(time.DateOnly, got[:min(len(got), 10)])
	w, errW := time.Parse(time.DateOnly, want[:10])
	switch {
	case errG != nil || errW != nil:
		return "other day"
	case g.Sub(w).Abs() <= 24*time.Hour:
		return "a day off"
	case g.Year() == w.Year() && int(g.Month()) == w.Day() && g.Day() == int(w.Month()):
		return "day/month"
	}
	return "other day"
}

// missKinds prints a tally's date misses by kind, most first.
func missKinds(m map[string]int) string {
	kinds := slices.Collect(maps.Keys(m))
	slices.SortFunc(kinds, func(a, b string) int { return cmp.Or(m[b]-m[a], strings.Compare(a, b)) })
	var parts []string
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

func add(t *tally, corpus string, p page, r harness.Result, fails string) {
	miss := func(field, got, want string) {
		if fails == field {
			fmt.Printf("miss\t%s\t%s\t%s\tgot %q\twant %q\n", corpus, field, pageName(p), got, want)
		}
	}
	if p.hasTitle {
		ok := score.TitleMatch(r.Title, p.title)
		t.title.Add(ok)
		if !ok {
			miss("title", r.Title, p.title)
		}
	}
	if p.hasAuthor {
		ok := score.AuthorsMatch(r.Authors, p.author)
		t.authors.Add(ok)
		if !ok {
			miss("authors", r.Authors, p.author)
		}
	}
	if p.hasDate {
		if r.Date != "" {
			t.dated++
		}
		ok := score.DateMatch(r.Date, p.date) || p.emptyDateOK && p.date == "" && r.Date == ""
		t.date.Add(ok)
		if !ok {
			miss("date", r.Date, p.date)
			if t.dateMisses == nil {
				t.dateMisses = map[string]int{}
			}
			t.dateMisses[dateMiss(r.Date, p.date)]++
		}
	}
	switch p.bodyMetric {
	case "aeb":
		t.aeb.Add(r.Text, p.body)
	case "words":
		t.words.Add(r.Text, p.body)
	case "traf":
		t.traf.Add(r.Text, p.with, p.without)
	}
}

func row(w io.Writer, corpus, name string, n int, t *tally, own bool) {
	acc := func(a score.Accuracy) string {
		if a.N == 0 {
			return "-"
		}
		return fmt.Sprintf("%.3f", a.Value())
	}
	f1 := "-"
	if v, _, _ := t.aeb.Result(); v > 0 {
		f1 = fmt.Sprintf("%.4f", v)
	} else if v, _, _ := t.traf.Result(); v > 0 {
		f1 = fmt.Sprintf("%.4f", v)
	} else if t.words.N > 0 {
		v, _, _ := t.words.Result()
		f1 = fmt.Sprintf("%.4f", v)
	}
	src := "-"
	if own {
		src = fmt.Sprint(t.sources)
	}
	dated := "-"
	if t.date.N > 0 {
		dated = fmt.Sprintf("%.3f", float64(t.dated)/float64(t.date.N))
	}
	fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t\n", corpus, name, n, acc(t.title), acc(t.authors), acc(t.date), dated, f1, src)
}

// loaders read each corpus through the harness.
var loaders = map[string]func(dir string, limit int) (*harness.Corpus, error){
	"traf": harness.LoadTraf, "aeb": harness.LoadAEB, "wcxb": harness.LoadWCXB, "dates": harness.LoadDates,
}

func load(name, dir string, limit int) ([]page, error) {
	loadCorpus, ok := loaders[name]
	if !ok {
		return nil, fmt.Errorf("unknown corpus")
	}
	c, err := loadCorpus(dir, limit)
	if err != nil {
		return nil, err
	}
	var out []page
	for _, p := range c.Pages {
		q := page{id: p.ID, url: p.URL, html: p.HTML, title: p.Title, author: p.Author, date: p.Date,
			hasTitle: p.Title != "", hasAuthor: p.Author != "", hasDate: p.Date != ""}
		switch name {
		case "aeb":
			q.body, q.bodyMetric = p.Body, "aeb"
		case "traf":
			q.with, q.without, q.bodyMetric = p.With, p.Without, "traf"
		case "wcxb":
			if p.Type != "article" {
				continue
			}
			q.body, q.bodyMetric = p.MainContent, "words"
		case "dates":
			q.hasDate, q.emptyDateOK = true, true
		}
		out = append(out, q)
	}
	return out, nil
}

// pageName is the page's id and URL, or whichever of them it has: the id
// finds the stored file, the URL says what the page is.
func pageName(p page) string {
	switch {
	case p.id == "" || p.id == p.url:
		return p.url
	case p.url == "":
		return p.id
	}
	return p.id + " " + p.url
}
