package main

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/warcio"
)

// testdata/schema3-urlforms.db.gz is an archive written by archivist at
// schema 3 (main at 75cc99b): `archivist import` of one capture each of
//
//	https://institute.example/%7eanalyst/notes
//	https://institute.example/reports/a%2fb
//	https://institute.example/story;jsessionid=0A1B2C
//	https://institute.example/story;jsessionid=9F8E7D  (same text)
//	https://institute.example/brief?PHPSESSID=abc&id=4
//	https://institute.example/caf%c3%a9
//
// at 2025-02-03 04:05:06 + i minutes, bodies importTestPage(title).
var schema3Pages = []struct{ old, now, title string }{
	{"https://institute.example/%7eanalyst/notes", "https://institute.example/~analyst/notes", "Analyst notes on water"},
	{"https://institute.example/reports/a%2fb", "https://institute.example/reports/a%2Fb", "Report on rivers"},
	{"https://institute.example/story;jsessionid=0A1B2C", "https://institute.example/story;jsessionid=FFFF", "Story of the delta"},
	{"https://institute.example/story;jsessionid=9F8E7D", "https://institute.example/story", "Story of the delta"},
	{"https://institute.example/brief?PHPSESSID=abc&id=4", "https://institute.example/brief?id=4&PHPSESSID=zzz", "Brief on sand mining"},
	{"https://institute.example/caf%c3%a9", "https://institute.example/caf%C3%A9", "Cafe economics"},
}

// TestUpgradeKeepsPagesOfOldURLForms: an archive written before URLs had
// their escapes normalised and session ids dropped, fed the same pages
// under today's forms of their URLs, keeps one page per history: nothing
// new, every page unchanged and still named by the URL it was keyed by.
func TestUpgradeKeepsPagesOfOldURLForms(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	gunzipTo(t, filepath.Join("testdata", "schema3-urlforms.db.gz"), db)

	warc := filepath.Join(dir, "again.warc.gz")
	w, err := warcio.Create(warc, nil)
	if err != nil {
		t.Fatal(err)
	}
	t1 := time.Date(2025, 2, 4, 4, 5, 6, 0, time.UTC)
	for i, p := range schema3Pages {
		if _, err := w.WriteResponse(warcio.Capture{URL: p.now, Date: t1.Add(time.Duration(i) * time.Minute),
			Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: importTestPage(p.title)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	res := runBinary(t, dir, nil, "import", "--archive", db, "again.warc.gz")
	if res.Code != 0 || !strings.Contains(res.Stdout, "0 new, 0 changed, 6 unchanged") {
		t.Fatalf("import of today's forms into a schema-3 archive: exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
	res = runBinary(t, dir, nil, "export", "--archive", db)
	var urls []string
	for _, line := range strings.Split(strings.TrimSpace(res.Stdout), "\n") {
		var r struct {
			URL     string `json:"url"`
			Version int    `json:"version"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil || r.Version != 1 {
			t.Errorf("export line %q: %v", line, err)
		}
		urls = append(urls, r.URL)
	}
	for _, p := range schema3Pages {
		if !slices.Contains(urls, p.old) {
			t.Errorf("page %s is gone from the export (%v)", p.old, urls)
		}
	}
	if len(urls) != len(schema3Pages) {
		t.Errorf("export: %d pages, want %d: %v", len(urls), len(schema3Pages), urls)
	}
	// Today's form finds the old page; the form of a second session id
	// finds the page created first.
	res = runBinary(t, dir, nil, "history", "--archive", db, "https://institute.example/~analyst/notes")
	if res.Code != 0 || !strings.HasPrefix(res.Stdout, "https://institute.example/%7eanalyst/notes\n") {
		t.Errorf("history by today's form: exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
	res = runBinary(t, dir, nil, "history", "--archive", db, "https://institute.example/story;jsessionid=9F8E7D")
	if res.Code != 0 || !strings.HasPrefix(res.Stdout, "https://institute.example/story;jsessionid=9F8E7D\n") {
		t.Errorf("history by a URL as keyed: exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
	if res = runBinary(t, dir, nil, "verify", "--archive", db); res.Code != 0 {
		t.Errorf("verify: exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
}

func gunzipTo(t *testing.T, src, dst string) {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, zr); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
