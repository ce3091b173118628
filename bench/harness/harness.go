// Package harness loads the evaluation corpora and runs extractors on them
// side by side: archivist's extractor, go-trafilatura (EnableFallback),
// readeck/go-readability and a parse-only baseline (x/net/html.Parse).
// The peers live in this separate module so the main module never depends
// on them.
package harness

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime/metrics"
	"slices"
	"strings"
	"time"

	"codeberg.org/readeck/go-readability/v2"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/archivist-org/archivist/extract"
	"github.com/archivist-org/archivist/extract/score"
)

// Page is one corpus page, decompressed in memory so timing never includes
// disk or gzip.
type Page struct {
	ID   string
	URL  string // "" when the corpus doesn't give one
	HTML []byte

	// aeb ground truth.
	Body string
	// traf annotations.
	With, Without       []string
	Title, Author, Date string // "" when not annotated (wcxb and dates too)
	// wcxb: the page type (article, listing, ...) and the main content.
	Type        string
	MainContent string
}

// IDParity is 0 for an id whose last digit is even (or that has none), 1
// for odd: WCXB's ids are numbers, and their halves split the pages at
// random with respect to site and type, so a rule fitted to some pages
// lifts one half and not the other.
func IDParity(id string) int {
	if n := len(id); n > 0 && id[n-1] >= '0' && id[n-1] <= '9' {
		return int(id[n-1]-'0') & 1
	}
	return 0
}

// Corpus is a named set of pages.
type Corpus struct {
	Name  string
	Pages []Page
	Bytes int64 // total HTML bytes
}

// ErrNoCorpus is returned when a corpus directory is absent.
var ErrNoCorpus = errors.New("harness: corpus not found")

// LoadAEB reads dir/ground-truth.json ({id: {articleBody, url}}) and
// dir/html/<id>.html.gz. limit > 0 keeps the first limit pages by id.
func LoadAEB(dir string, limit int) (*Corpus, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoCorpus, err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		return nil, fmt.Errorf("harness: %s: %w", dir, err)
	}
	c := &Corpus{Name: "aeb"}
	for _, id := range sortedKeys(gt) {
		if limit > 0 && len(c.Pages) >= limit {
			break
		}
		b, err := gunzip(filepath.Join(dir, "html", id+".html.gz"))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		c.Pages = append(c.Pages, Page{ID: id, URL: gt[id].URL, HTML: b, Body: gt[id].ArticleBody})
		c.Bytes += int64(len(b))
	}
	return c, nil
}

// stringOrList reads a JSON string or list of strings (joined with "; ").
type stringOrList string

func (s *stringOrList) UnmarshalJSON(b []byte) error {
	var one *string
	if err := json.Unmarshal(b, &one); err == nil {
		if one != nil {
			*s = stringOrList(*one)
		}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*s = stringOrList(strings.Join(many, "; "))
	return nil
}

// LoadTraf reads dir/evaldata.json ({key: {file, with, without, title,
// author, date}}) and dir/html/<file>. Keys that are URLs become page URLs.
func LoadTraf(dir string, limit int) (*Corpus, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "evaldata.json"))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoCorpus, err)
	}
	var ev map[string]struct {
		File    string       `json:"file"`
		With    []string     `json:"with"`
		Without []string     `json:"without"`
		Title   stringOrList `json:"title"`
		Author  stringOrList `json:"author"`
		Date    stringOrList `json:"date"`
	}
	if err := json.Unmarshal(raw, &ev); err != nil {
		return nil, fmt.Errorf("harness: %s: %w", dir, err)
	}
	c := &Corpus{Name: "traf"}
	for _, k := range sortedKeys(ev) {
		if limit > 0 && len(c.Pages) >= limit {
			break
		}
		e := ev[k]
		b, err := gunzip(filepath.Join(dir, "html", e.File))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		p := Page{ID: k, HTML: b, With: e.With, Without: e.Without,
			Title: string(e.Title), Author: string(e.Author), Date: string(e.Date)}
		if strings.HasPrefix(k, "http://") || strings.HasPrefix(k, "https://") {
			p.URL = k
		}
		c.Pages = append(c.Pages, p)
		c.Bytes += int64(len(b))
	}
	return c, nil
}

// LoadWCXB reads the WCXB split in dir (types.json, ground-truth/ID.json,
// html/ID.html.gz) through score.LoadWCXB.
func LoadWCXB(dir string, limit int) (*Corpus, error) {
	pages, err := score.LoadWCXB(dir, limit)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoCorpus, err)
	}
	c := &Corpus{Name: "wcxb"}
	for _, wp := range pages {
		b, err := gunzip(wp.HTMLPath)
		if err != nil {
			return nil, err
		}
		c.Pages = append(c.Pages, Page{ID: wp.ID, URL: wp.URL, HTML: b, Type: wp.Type, MainContent: wp.MainContent,
			Title: wp.Title, Author: wp.Author, Date: wp.Date, With: wp.With, Without: wp.Without})
		c.Bytes += int64(len(b))
	}
	return c, nil
}

// LoadDates reads htmldate's gold set in dir (dates.json, html/) through
// score.LoadDates. A page with no gold date keeps Date "" but stays in:
// finding no date is right there.
func LoadDates(dir string, limit int) (*Corpus, error) {
	pages, err := score.LoadDates(dir, limit)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoCorpus, err)
	}
	c := &Corpus{Name: "dates"}
	for _, dp := range pages {
		b, err := gunzip(dp.HTMLPath)
		if err != nil {
			return nil, err
		}
		c.Pages = append(c.Pages, Page{ID: dp.URL, URL: dp.URL, HTML: b, Date: dp.Date})
		c.Bytes += int64(len(b))
	}
	return c, nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func gunzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return io.ReadAll(zr)
}

// Result is what the metrics need from one extraction.
type Result struct {
	Text    string
	Title   string
	Authors string // names joined with "; "
	Date    string // ISO 8601, "" when none
	Kind    string // archivist's page kind; "" for the peers
}

// Extractor is one contender. Scored is false for the parse-only baseline,
// which has no output to score.
type Extractor struct {
	Name   string
	Scored bool
	Run    func(html []byte, pageURL string) (Result, error)
}

// Extractors returns the four contenders in table order.
func Extractors() []Extractor {
	return []Extractor{
		{Name: "archivist", Scored: true, Run: runArchivist},
		{Name: "go-trafilatura", Scored: true, Run: runTrafilatura},
		{Name: "go-readability", Scored: true, Run: runReadability},
		{Name: "parse-only", Run: runParseOnly},
	}
}

func runArchivist(b []byte, pageURL string) (Result, error) {
	a, err := extract.FromHTML(b, pageURL, &extract.Options{MaxBytes: -1})
	if err != nil {
		return Result{}, err
	}
	return Result{Text: a.Text, Title: a.Title, Authors: strings.Join(a.Authors, "; "), Date: a.Published, Kind: a.Kind}, nil
}

func parseURL(s string) *url.URL {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil
	}
	return u
}

func runTrafilatura(b []byte, pageURL string) (Result, error) {
	r, err := trafilatura.Extract(bytes.NewReader(b), trafilatura.Options{
		OriginalURL:    parseURL(pageURL),
		EnableFallback: true,
	})
	if err != nil {
		return Result{}, err
	}
	res := Result{Text: r.ContentText, Title: r.Metadata.Title, Authors: r.Metadata.Author}
	if !r.Metadata.Date.IsZero() {
		res.Date = r.Metadata.Date.Format("2006-01-02")
	}
	return res, nil
}

func runReadability(b []byte, pageURL string) (Result, error) {
	a, err := readability.FromReader(bytes.NewReader(b), parseURL(pageURL))
	if err != nil {
		return Result{}, err
	}
	var text strings.Builder
	if a.Node != nil {
		if err := a.RenderText(&text); err != nil {
			return Result{}, err
		}
	}
	res := Result{Text: text.String(), Title: a.Title(), Authors: a.Byline()}
	if t, err := a.PublishedTime(); err == nil && !t.IsZero() {
		res.Date = t.Format("2006-01-02")
	}
	return res, nil
}

func runParseOnly(b []byte, _ string) (Result, error) {
	_, err := html.Parse(bytes.NewReader(b))
	return Result{}, err
}

// AllocatedBytes returns the bytes allocated on the heap by the process so
// far (cumulative; runtime/metrics reads it without stopping the world).
func AllocatedBytes() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// Call runs one extraction, turning a panic into an error so one bad page
// can't end a benchmark run.
func Call(e Extractor, p *Page) (res Result, d time.Duration, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	start := time.Now()
	res, err = e.Run(p.HTML, p.URL)
	return res, time.Since(start), err
}
