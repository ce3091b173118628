package search

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/extract"
)

// corpusDir: ARCHIVIST_CORPUS, else ../../shared/corpus (from a
// checkout beside shared/).
var corpusDir = cmp.Or(os.Getenv("ARCHIVIST_CORPUS"), "../../shared/corpus")

// corpusPage is one corpus page, extracted.
type corpusPage struct {
	ID  string // "aeb/<id>" or "traf/<file stem>"
	Art *extract.Article
}

var (
	corpusOnce  sync.Once
	corpusPages []corpusPage
	corpusErr   error
)

// loadCorpus extracts every corpus page once per test binary (skips when
// the corpus is absent).
func loadCorpus(t testing.TB) []corpusPage {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("corpus not present at " + corpusDir)
	}
	corpusOnce.Do(func() { corpusPages, corpusErr = readCorpus() })
	if corpusErr != nil {
		t.Fatal(corpusErr)
	}
	return corpusPages
}

func readCorpus() ([]corpusPage, error) {
	type job struct{ id, path, url string }
	var jobs []job
	var gt map[string]struct {
		URL string `json:"url"`
	}
	if b, err := os.ReadFile(filepath.Join(corpusDir, "aeb", "ground-truth.json")); err == nil {
		if err := json.Unmarshal(b, &gt); err != nil {
			return nil, err
		}
	}
	for id, e := range gt {
		jobs = append(jobs, job{"aeb/" + id, filepath.Join(corpusDir, "aeb", "html", id+".html.gz"), e.URL})
	}
	var ev map[string]struct {
		File string `json:"file"`
		URL  string `json:"url"`
	}
	if b, err := os.ReadFile(filepath.Join(corpusDir, "traf", "evaldata.json")); err == nil {
		if err := json.Unmarshal(b, &ev); err != nil {
			return nil, err
		}
	}
	for key, e := range ev {
		u := strings.TrimSpace(e.URL)
		key = strings.TrimSpace(key)
		switch {
		case u != "":
		case strings.HasPrefix(key, "http://") || strings.HasPrefix(key, "https://"):
			u = key
		default: // "hard::host-path.html": the file name is all we have
			stem := strings.TrimSuffix(e.File, ".html.gz")
			if i := strings.IndexByte(stem, '-'); i > 0 && strings.Contains(stem[:i], ".") {
				u = "https://" + stem[:i] + "/" + stem[i+1:]
			} else {
				u = "https://traf.example/" + stem
			}
		}
		jobs = append(jobs, job{"traf/" + strings.TrimSuffix(e.File, ".html.gz"), filepath.Join(corpusDir, "traf", "html", e.File), u})
	}
	sort.Slice(jobs, func(a, b int) bool { return jobs[a].id < jobs[b].id })
	out := make([]corpusPage, len(jobs))
	var wg sync.WaitGroup
	ch := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range ch {
				j := jobs[i]
				raw, err := readGz(j.path)
				if err != nil {
					continue
				}
				art, err := extract.FromHTML(raw, j.url, nil)
				if err != nil || art == nil || len(strings.Fields(art.Text)) < 50 {
					continue
				}
				art.URL = j.url
				out[i] = corpusPage{ID: j.id, Art: art}
			}
		}()
	}
	for i := range jobs {
		ch <- i
	}
	close(ch)
	wg.Wait()
	pages := out[:0]
	seen := map[string]bool{}
	for _, p := range out {
		if p.Art == nil || seen[p.Art.URL] {
			continue
		}
		seen[p.Art.URL] = true
		pages = append(pages, p)
	}
	return pages, nil
}

func readGz(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// corpusArchive is an in-memory archive of the corpus pages, one version
// each, URLs made unique.
func corpusArchive(pages []corpusPage) (*memArchive, map[string]string) {
	m := &memArchive{}
	urlOf := map[string]string{}
	for _, p := range pages {
		a := *p.Art
		r := m.add(a.URL, a.Title, a.Text, func(r *archive.Record) {
			r.Article = a
			r.FirstSeen = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		})
		urlOf[p.ID] = r.URL
	}
	return m, urlOf
}

// TestDumpCorpus writes a table of the corpus pages (for writing judged
// queries): ARCHIVIST_DUMP_CORPUS=path go test -run DumpCorpus ./search.
func TestDumpCorpus(t *testing.T) {
	path := os.Getenv("ARCHIVIST_DUMP_CORPUS")
	if path == "" {
		t.Skip("set ARCHIVIST_DUMP_CORPUS")
	}
	pages := loadCorpus(t)
	var b bytes.Buffer
	for _, p := range pages {
		text := strings.Join(strings.Fields(p.Art.Text), " ")
		if len(text) > 400 {
			text = text[:400]
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%d\t%s\n", p.ID, p.Art.Language, p.Art.URL, p.Art.Title, len(strings.Fields(p.Art.Text)), text)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d pages", len(pages))
}
