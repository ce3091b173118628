package score

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// WordPage returns one page's precision and recall by WCXB's rule: bags of
// lower-cased \w+ tokens, counted as multisets. Two empty texts score 1, 1;
// an empty text against a non-empty one scores 0 on the side that is empty.
func WordPage(got, want string) (precision, recall float64) {
	g, w := bag(got), bag(want)
	var ng, nw, tp int
	for k, c := range g {
		ng += c
		tp += min(c, w[k])
	}
	for _, c := range w {
		nw += c
	}
	switch {
	case ng == 0 && nw == 0:
		return 1, 1
	case ng == 0:
		return 0, 0
	case nw == 0:
		return 0, 1
	}
	return float64(tp) / float64(ng), float64(tp) / float64(nw)
}

func bag(s string) map[string]int {
	m := map[string]int{}
	for _, t := range Tokens(strings.ToLower(s)) {
		m[t]++
	}
	return m
}

// Words accumulates pages for WCXB's metric: the per-page F1 averaged over
// pages (not the F1 of averaged precision and recall, as aeb does).
type Words struct {
	sumP, sumR, sumF float64
	N                int
}

// Add scores one page and returns its precision, recall and F1.
func (a *Words) Add(got, want string) (precision, recall, f1 float64) {
	precision, recall = WordPage(got, want)
	f1 = F1(precision, recall)
	a.sumP, a.sumR, a.sumF = a.sumP+precision, a.sumR+recall, a.sumF+f1
	a.N++
	return precision, recall, f1
}

// Result returns the mean per-page F1, precision and recall.
func (a *Words) Result() (f1, precision, recall float64) {
	if a.N == 0 {
		return 0, 0, 0
	}
	n := float64(a.N)
	return a.sumF / n, a.sumP / n, a.sumR / n
}

// WCXBPage is one page of the WCXB corpus: its id, page type (article,
// listing, collection, forum, product, documentation, service), URL, the
// path of its gzipped HTML and its ground truth.
type WCXBPage struct {
	ID, Type, URL, HTMLPath string
	Title, Author, Date     string
	MainContent             string
	With, Without           []string
}

// LoadWCXB reads dir/types.json and dir/ground-truth/ID.json for every page
// with an html/ID.html.gz, in id order. limit > 0 keeps the first limit.
func LoadWCXB(dir string, limit int) ([]WCXBPage, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "types.json"))
	if err != nil {
		return nil, err
	}
	var types map[string]string
	if err := json.Unmarshal(raw, &types); err != nil {
		return nil, fmt.Errorf("wcxb types.json: %w", err)
	}
	ids := make([]string, 0, len(types))
	for id := range types {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var out []WCXBPage
	for _, id := range ids {
		if limit > 0 && len(out) >= limit {
			break
		}
		p := WCXBPage{ID: id, Type: types[id], HTMLPath: filepath.Join(dir, "html", id+".html.gz")}
		if _, err := os.Stat(p.HTMLPath); err != nil {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, "ground-truth", id+".json"))
		if err != nil {
			return nil, err
		}
		var gt struct {
			URL string `json:"url"`
			GT  struct {
				Title       string   `json:"title"`
				Author      string   `json:"author"`
				PublishDate string   `json:"publish_date"`
				MainContent string   `json:"main_content"`
				With        []string `json:"with"`
				Without     []string `json:"without"`
			} `json:"ground_truth"`
		}
		if err := json.Unmarshal(raw, &gt); err != nil {
			return nil, fmt.Errorf("wcxb ground-truth/%s.json: %w", id, err)
		}
		p.URL, p.Title, p.Author, p.Date = gt.URL, gt.GT.Title, gt.GT.Author, gt.GT.PublishDate
		p.MainContent, p.With, p.Without = gt.GT.MainContent, gt.GT.With, gt.GT.Without
		out = append(out, p)
	}
	return out, nil
}

// DatesPage is one page of htmldate's gold set: URL, gzipped HTML path and
// the gold publication date (YYYY-MM-DD), "" for the few pages that have
// none (an extractor is right there when it finds no date).
type DatesPage struct{ URL, HTMLPath, Date string }

// LoadDates reads dir/dates.json ({URL: {file, date}}), in URL order,
// keeping pages whose html/FILE exists. limit > 0 keeps the first limit.
func LoadDates(dir string, limit int) ([]DatesPage, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "dates.json"))
	if err != nil {
		return nil, err
	}
	// The file is pandas' JSON: a page with no gold date has NaN, which
	// encoding/json rejects; it becomes "" (nothing should be found).
	raw = bytes.ReplaceAll(raw, []byte(": NaN"), []byte(": null"))
	var m map[string]struct{ File, Date string }
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("dates.json: %w", err)
	}
	urls := make([]string, 0, len(m))
	for u := range m {
		urls = append(urls, u)
	}
	slices.Sort(urls)
	var out []DatesPage
	for _, u := range urls {
		if limit > 0 && len(out) >= limit {
			break
		}
		p := DatesPage{URL: u, HTMLPath: filepath.Join(dir, "html", m[u].File), Date: m[u].Date}
		if _, err := os.Stat(p.HTMLPath); err == nil {
			out = append(out, p)
		}
	}
	return out, nil
}
