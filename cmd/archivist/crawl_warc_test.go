package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archivist-org/archivist/crawler/testsite"
)

// TestCrawlWARC: `crawl --warc` writes every fetch as it happens, a second
// run appends to the same file, and the WARC imports into a fresh archive
// with the same pages as the crawl archived.
func TestCrawlWARC(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	h := testsite.Start(1)[0]
	t.Cleanup(h.Close)
	var links []string
	for i := 0; i < 5; i++ {
		p := fmt.Sprintf("/2025/05/warc-article-%d", i)
		h.HTML(p, testsite.ArticleHTML(fmt.Sprintf("WARC article %d on ports", i), "Ana Ruiz", "2025-05-01", uint64(i+1), 300, 0))
		links = append(links, p)
	}
	h.HTML("/", testsite.HubHTML("Home", links...))
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	warc := filepath.Join(dir, "crawl.warc.gz")
	for pass := 1; pass <= 2; pass++ {
		if r := runBinary(t, dir, nil, "crawl", "--archive", db, "--allow-private", "--delay", "0", "--warc", warc, h.URL+"/"); r.Code != 0 {
			t.Fatalf("crawl pass %d: exit %d\n%s", pass, r.Code, r.Stderr)
		}
	}
	st, err := os.Stat(warc)
	if err != nil || st.Size() == 0 {
		t.Fatalf("no WARC written: %v", err)
	}

	db2 := filepath.Join(dir, "b.db")
	r := runBinary(t, dir, nil, "import", "--archive", db2, "--json", warc)
	if r.Code != 0 {
		t.Fatalf("import: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	urls := func(db string) map[string]bool {
		r := runBinary(t, dir, nil, "export", "--archive", db)
		if r.Code != 0 {
			t.Fatalf("export %s: exit %d\n%s", db, r.Code, r.Stderr)
		}
		out := map[string]bool{}
		for _, line := range strings.Split(strings.TrimSpace(r.Stdout), "\n") {
			var rec struct{ URL, Title string }
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("bad export line %q: %v", line, err)
			}
			out[rec.URL+" "+rec.Title] = true
		}
		return out
	}
	crawled, imported := urls(db), urls(db2)
	if len(crawled) != 5 {
		t.Fatalf("crawl archived %d articles, want 5: %v", len(crawled), crawled)
	}
	for k := range crawled {
		if !imported[k] {
			t.Errorf("page %q crawled but not in the imported WARC", k)
		}
	}
	// An independent reader (webrecorder's warcio, installed by .ci/run)
	// must accept the appended file too.
	check, _ := filepath.Abs("../../tools/warcio/check.mjs")
	if _, err := exec.LookPath("node"); err != nil {
		t.Log("node absent: warcio.js check skipped")
		return
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(check), "node_modules", "warcio")); err != nil {
		t.Log("warcio.js not installed (npm ci --prefix tools/warcio): check skipped")
		return
	}
	out, err := exec.Command("node", check, warc).CombinedOutput()
	if err != nil {
		t.Fatalf("warcio.js rejects the crawl WARC: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "\"response\""); n < 10 {
		t.Errorf("warcio.js saw %d response records, want >= 10 (two passes)\n%s", n, out)
	}
}
