package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"text/tabwriter"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/archivist-org/archivist/extract/score"
)

// TestDateRuleAudit prints, for each rule of readDates that moves the
// publication date, how often its move made the page right (+), wrong (-)
// or neither (=) against the gold, on every annotated page of traf, dates
// and wcxb's articles, wcxb's even and odd ids apart. A rule that lifts one
// corpus or half and lowers another is a fit. The last row is the
// cross-check after the body (a listing's dates dropped, a copy's
// original). Skipped unless ARCHIVIST_DATE_AUDIT is set (it reads ~1,500
// pages):
//
//	ARCHIVIST_CORPUS=/work/shared/corpus ARCHIVIST_DATE_AUDIT=1 go test -run TestDateRuleAudit -v ./extract/
func TestDateRuleAudit(t *testing.T) {
	if os.Getenv("ARCHIVIST_DATE_AUDIT") == "" {
		t.Skip("set ARCHIVIST_DATE_AUDIT=1 (and ARCHIVIST_CORPUS) to audit the date rules")
	}
	root := metaCorpusRoot()
	type job struct{ group, url, path, gold string }
	var jobs []job
	if raw, err := os.ReadFile(filepath.Join(root, "traf", "evaldata.json")); err == nil {
		var eval map[string]trafEval
		if err := json.Unmarshal(raw, &eval); err != nil {
			t.Fatal(err)
		}
		for k, e := range eval {
			if e.Date == "" {
				continue
			}
			u := ""
			if strings.HasPrefix(k, "http://") || strings.HasPrefix(k, "https://") {
				u = k
			}
			jobs = append(jobs, job{"traf", u, filepath.Join(root, "traf", "html", e.File), e.Date})
		}
	}
	if dps, err := score.LoadDates(filepath.Join(root, "dates"), 0); err == nil {
		for _, p := range dps {
			jobs = append(jobs, job{"dates", p.URL, p.HTMLPath, p.Date})
		}
	}
	if pages, err := score.LoadWCXB(filepath.Join(root, "wcxb"), 0); err == nil {
		for _, p := range pages {
			if p.Type != "article" || p.Date == "" {
				continue
			}
			group := "wcxb even"
			if n, _ := strconv.Atoi(p.ID); n%2 == 1 {
				group = "wcxb odd"
			}
			jobs = append(jobs, job{group, p.URL, p.HTMLPath, p.Date})
		}
	}
	if len(jobs) == 0 {
		t.Skipf("no corpus under %s", root)
	}
	groups := []string{"traf", "dates", "wcxb even", "wcxb odd"}
	// right: a page with no gold date is right when none is found (dates).
	right := func(got, gold string) bool {
		return score.DateMatch(got, gold) || gold == "" && got == ""
	}
	type key struct{ rule, group, mark string }
	counts := map[key]int{}
	var mu sync.Mutex
	count := func(rule, group, before, after, gold string) {
		mark := "="
		switch rb, ra := right(before, gold), right(after, gold); {
		case ra && !rb:
			mark = "+"
		case rb && !ra:
			mark = "-"
		}
		mu.Lock()
		counts[key{rule, group, mark}]++
		mu.Unlock()
	}
	traceDateRules = true
	defer func() { traceDateRules = false }()
	var wg sync.WaitGroup
	next := make(chan job)
	for range 2 {
		wg.Go(func() {
			for j := range next {
				raw := readGz(t, j.path)
				text, err := decodeBytes(raw, "")
				if err != nil {
					continue
				}
				doc, err := html.Parse(bytes.NewReader(text))
				if err != nil {
					continue
				}
				base, _ := url.Parse(j.url)
				m := readMetadata(goquery.NewDocumentFromNode(doc), base)
				for _, st := range m.dateTrail {
					count(st.rule, j.group, st.before, st.after, j.gold)
				}
				a, err := FromHTML(raw, j.url, &Options{MaxBytes: -1})
				if err == nil && a.Published != m.Published {
					count("cross-check after the body", j.group, m.Published, a.Published, j.gold)
				}
			}
		})
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()

	var rules []string
	for k := range counts {
		if !slices.Contains(rules, k.rule) {
			rules = append(rules, k.rule)
		}
	}
	slices.Sort(rules)
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "rule\t%s\t\n", strings.Join(groups, "\t"))
	for _, r := range rules {
		fmt.Fprintf(tw, "%s", r)
		for _, g := range groups {
			fmt.Fprintf(tw, "\t+%d -%d =%d", counts[key{r, g, "+"}], counts[key{r, g, "-"}], counts[key{r, g, "="}])
		}
		fmt.Fprintln(tw, "\t")
	}
	tw.Flush()
	t.Log("\n" + b.String())
	// Every page's head date is read by one of the head rules: a run that
	// recorded none traced nothing.
	if len(rules) == 0 {
		t.Fatal("no rule recorded a move: is traceDateRules read?")
	}
}
