package extract

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/archivist-org/archivist/extract/score"
)

// The corpus tests score the body text by the benchmarks' own rules, in
// package score (the same code scores the peers in the bench module):
//
//   - aeb: per page, \w+ tokens in 4-token shingles counted as multisets;
//     tp/fp/fn normalised by their sum; precision and recall averaged over
//     pages, F1 of the averages.
//   - traf: each "with" snippet found (white space folded, substring) is a
//     true positive, missing a false negative; each "without" snippet found
//     is a false positive; counts summed over pages.
//
// They skip when ../shared/corpus is absent. ARCHIVIST_CORPUS_VERBOSE=1
// logs the worst pages (ARCHIVIST_CORPUS_MISS=1 also each missed or junk
// snippet), ARCHIVIST_BODY_ONLY=1 runs the body rules without metadata.

// corpusDir is the shared evaluation corpora, outside the repository:
// ARCHIVIST_CORPUS, else ../../shared/corpus (from a checkout beside
// shared/).
var corpusDir = cmp.Or(os.Getenv("ARCHIVIST_CORPUS"), "../../shared/corpus")

// Floors a bit under what the extractor achieves on the dev halves, so a
// regression fails while small, honest changes don't. The bars are
// aeb 0.970 and traf 0.930.
const (
	aebFloor  = 0.976
	trafFloor = 0.940
)

func readGz(t testing.TB, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type pageScore struct {
	id      string
	p, r, f float64
}

func logWorst(t *testing.T, scores []pageScore) {
	if os.Getenv("ARCHIVIST_CORPUS_VERBOSE") == "" {
		return
	}
	sort.Slice(scores, func(i, j int) bool { return scores[i].f < scores[j].f })
	for i, s := range scores {
		if (i >= 25 || s.f >= 0.999) && os.Getenv("ARCHIVIST_CORPUS_ALL") == "" {
			break
		}
		t.Logf("  %-40s f=%.3f p=%.3f r=%.3f", s.id, s.f, s.p, s.r)
	}
}

func TestCorpusAEBText(t *testing.T) {
	skipCorpusUnderRace(t)
	dir := filepath.Join(corpusDir, "aeb")
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		t.Skipf("aeb corpus absent: %v", err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(gt))
	for id := range gt {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var aeb score.AEB
	var scores []pageScore
	hubs := 0
	for _, id := range ids {
		path := filepath.Join(dir, "html", id+".html.gz")
		if _, err := os.Stat(path); err != nil {
			continue
		}
		a, err := corpusExtract(readGz(t, path), gt[id].URL)
		got := ""
		if err == nil {
			got = a.Text
		}
		if err == nil && a.Kind != KindArticle {
			hubs++
			if os.Getenv("ARCHIVIST_CORPUS_VERBOSE") != "" {
				t.Logf("  NOT ARTICLE (%s) %s", a.Kind, id)
			}
		}
		p, r := aeb.Add(got, gt[id].ArticleBody)
		scores = append(scores, pageScore{id, p, r, score.F1(p, r)})
	}
	if len(scores) == 0 {
		t.Skip("aeb corpus has no pages")
	}
	f, p, r := aeb.Result()
	t.Logf("aeb: %d pages F1=%.4f P=%.4f R=%.4f (%d not kept as articles)", len(scores), f, p, r, hubs)
	logWorst(t, scores)
	if f < aebFloor {
		t.Errorf("aeb F1 %.4f below floor %.3f", f, aebFloor)
	}
}

// corpusExtract runs the full pipeline; with ARCHIVIST_BODY_ONLY set it
// skips the metadata rules (to score the body rules alone while metadata is
// being changed).
func corpusExtract(raw []byte, pageURL string) (*Article, error) {
	if os.Getenv("ARCHIVIST_BODY_ONLY") == "" {
		return FromHTML(raw, pageURL, nil)
	}
	text, err := decode(raw, "")
	if err != nil {
		return nil, err
	}
	root, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return nil, err
	}
	doc := goquery.NewDocumentFromNode(root)
	var base *url.URL
	if pageURL != "" {
		base, _ = url.Parse(pageURL)
	}
	art := &Article{URL: pageURL}
	b := extractBody(doc, base, &Options{}, art)
	b.apply(art)
	return art, nil
}

// corpusBody parses p and runs only the body rules on it.
func corpusBody(p []byte) (*body, error) {
	root, err := html.Parse(bytes.NewReader(p))
	if err != nil {
		return nil, err
	}
	return extractBody(goquery.NewDocumentFromNode(root), nil, &Options{}, &Article{}), nil
}

func TestCorpusTrafText(t *testing.T) {
	skipCorpusUnderRace(t)
	dir := filepath.Join(corpusDir, "traf")
	raw, err := os.ReadFile(filepath.Join(dir, "evaldata.json"))
	if err != nil {
		t.Skipf("traf corpus absent: %v", err)
	}
	var ev map[string]struct {
		File    string   `json:"file"`
		With    []string `json:"with"`
		Without []string `json:"without"`
	}
	if err := json.Unmarshal(raw, &ev); err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(ev))
	for k := range ev {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var traf score.Traf
	var scores []pageScore
	hubs := 0
	verbose := os.Getenv("ARCHIVIST_CORPUS_VERBOSE") != ""
	misses := verbose && os.Getenv("ARCHIVIST_CORPUS_MISS") != ""
	for _, k := range keys {
		e := ev[k]
		path := filepath.Join(dir, "html", e.File)
		if _, err := os.Stat(path); err != nil {
			continue
		}
		a, err := corpusExtract(readGz(t, path), "")
		got := ""
		if err == nil {
			got = a.Text
			if a.Kind != KindArticle {
				hubs++
				if verbose {
					t.Logf("  NOT ARTICLE (%s) %s", a.Kind, e.File)
				}
			}
		}
		page := traf.Add(got, e.With, e.Without)
		if misses {
			for _, s := range e.With {
				if !score.Found(got, s) {
					t.Logf("  MISS %s: %.80q", e.File, s)
				}
			}
			for _, s := range e.Without {
				if score.Found(got, s) {
					t.Logf("  JUNK %s: %.80q", e.File, s)
				}
			}
		}
		bad := float64(page.FP + page.FN)
		scores = append(scores, pageScore{e.File, float64(page.FP), float64(page.FN), 1 - bad/10})
	}
	if len(scores) == 0 {
		t.Skip("traf corpus has no pages")
	}
	f, p, r := traf.Result()
	t.Logf("traf: %d pages F1=%.4f P=%.4f R=%.4f (tp=%d fp=%d fn=%d tn=%d; %d not kept as articles)", len(scores), f, p, r, traf.TP, traf.FP, traf.FN, traf.TN, hubs)
	logWorst(t, scores)
	if f < trafFloor {
		t.Errorf("traf F1 %.4f below floor %.3f", f, trafFloor)
	}
}

// benchPages loads up to n corpus pages for benchmarks.
func benchPages(b *testing.B, n int) [][]byte {
	b.Helper()
	var pages [][]byte
	for _, sub := range []string{"aeb/html", "traf/html"} {
		files, _ := filepath.Glob(filepath.Join(corpusDir, sub, "*.html.gz"))
		sort.Strings(files)
		for i, f := range files {
			if i >= n/2 {
				break
			}
			pages = append(pages, readGz(b, f))
		}
	}
	if len(pages) == 0 {
		b.Skip("corpus absent")
	}
	return pages
}

// BenchmarkBodyVsParse compares the whole extraction with a bare
// html.Parse of the same pages (the bar is at most 3x).
func BenchmarkBodyVsParse(b *testing.B) {
	pages := benchPages(b, 200)
	var total int64
	for _, p := range pages {
		total += int64(len(p))
	}
	b.Run("parse", func(b *testing.B) {
		b.SetBytes(total)
		for b.Loop() {
			for _, p := range pages {
				if _, err := html.Parse(bytes.NewReader(p)); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("body", func(b *testing.B) {
		b.SetBytes(total)
		for b.Loop() {
			for _, p := range pages {
				if _, err := corpusBody(p); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("extract", func(b *testing.B) {
		b.SetBytes(total)
		for b.Loop() {
			for _, p := range pages {
				if _, err := FromHTML(p, "https://example.org/a/b", nil); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
