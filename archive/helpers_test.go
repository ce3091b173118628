package archive

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/extract"
)

// openTest opens a fresh archive in t.TempDir() and verifies it on cleanup.
func openTest(t testing.TB, opts *Options) (*Archive, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	a, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mustVerifyClose(t, a) })
	return a, path
}

func mustVerifyClose(t testing.TB, a *Archive) {
	t.Helper()
	a.mu.RLock()
	closed := a.closed
	a.mu.RUnlock()
	if closed {
		return
	}
	if rep, err := a.Verify(context.Background()); err != nil {
		t.Errorf("verify: %v\n%s", err, strings.Join(rep.Problems, "\n"))
	}
	if err := a.Close(); err != nil {
		t.Error(err)
	}
}

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func art(url, title, text string) *extract.Article {
	return &extract.Article{URL: url, Title: title, Authors: []string{"Ann Author"}, Published: "2026-02-01",
		Text: text, Markdown: text, WordCount: len(strings.Fields(text)), Extractor: extract.Version, Kind: extract.KindArticle}
}

func fetch(url string, at time.Time, body string) Fetch {
	return Fetch{URL: url, Status: 200, Header: http.Header{"Content-Type": {"text/html"}, "Date": {at.Format(http.TimeFormat)}},
		Body: []byte(body), FetchedAt: at}
}

func htmlFor(title, text string) string {
	return fmt.Sprintf("<html><head><title>%s</title></head><body><article><p>%s</p></article></body></html>", title, text)
}

func record(t testing.TB, a *Archive, url string, at time.Time, title, text string) Result {
	t.Helper()
	r, err := a.Record(context.Background(), fetch(url, at, htmlFor(title, text)), art(url, title, text))
	if err != nil {
		t.Fatal(err)
	}
	return r
}
