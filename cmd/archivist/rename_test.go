package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/extract"
	"github.com/archivist-org/archivist/search"
)

// TestRenamedPageOneHistory: after an article's URL starts answering 301
// to a new URL the site already linked, `history`, `show` and `diff` of
// either URL follow the article across the rename (the real binary, on a
// real archive file).
func TestRenamedPageOneHistory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	const (
		oldURL = "https://think.example/2025/old-slug"
		newURL = "https://think.example/2025/new-slug"
	)
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	a, err := archive.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	put := func(f archive.Fetch, text string) {
		t.Helper()
		title := "Report"
		if strings.Contains(text, "new title") {
			title = "Report, retitled"
		}
		art := &extract.Article{URL: f.URL, Title: title, Text: text, Markdown: text, WordCount: len(strings.Fields(text)),
			Extractor: extract.Version, Kind: extract.KindArticle}
		f.Status, f.Header, f.Body = 200, http.Header{"Content-Type": {"text/html"}}, []byte("<p>"+text+"</p>")
		if _, err := a.Record(context.Background(), f, art); err != nil {
			t.Fatal(err)
		}
	}
	put(archive.Fetch{URL: oldURL, FetchedAt: t0}, "the first text of the report")
	put(archive.Fetch{URL: oldURL, FetchedAt: t0.Add(time.Hour)}, "the first text of the report, edited once")
	put(archive.Fetch{URL: newURL, FetchedAt: t0.Add(2 * time.Hour)}, "the report under its new title and text")
	put(archive.Fetch{URL: oldURL, FinalURL: newURL, FetchedAt: t0.Add(3 * time.Hour),
		Redirects: []archive.Redirect{{From: oldURL, Status: http.StatusMovedPermanently}}}, "the report under its new title and text")
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	for _, u := range []string{oldURL, newURL} {
		res := runBinary(t, dir, nil, "history", "--archive", db, u)
		if res.Code != 0 {
			t.Fatalf("history %s: %d %s", u, res.Code, res.Stderr)
		}
		// Three versions: two of the old URL, one of the new, in order.
		i1, i2 := strings.Index(res.Stdout, "edited once"), strings.Index(res.Stdout, "renamed from "+oldURL+": title changed")
		if strings.Count(res.Stdout, oldURL) < 3 || !strings.Contains(res.Stdout, newURL) || i2 < 0 || i1 > i2 {
			t.Errorf("history %s does not list the article across the rename:\n%s", u, res.Stdout)
		}
		res = runBinary(t, dir, nil, "history", "--archive", db, "--json", u)
		var h struct {
			Versions []struct {
				URL     string `json:"url"`
				Version int    `json:"version"`
				Summary string `json:"summary"`
			} `json:"versions"`
		}
		if err := json.Unmarshal([]byte(res.Stdout), &h); err != nil || len(h.Versions) != 3 || h.Versions[2].URL != newURL || h.Versions[1].URL != oldURL || h.Versions[1].Version != 2 ||
			!strings.HasPrefix(h.Versions[2].Summary, "renamed from "+oldURL) {
			t.Errorf("history --json %s: %v\n%s", u, err, res.Stdout)
		}
	}
	// show of the old URL is the article now, and says where it moved.
	res := runBinary(t, dir, nil, "show", "--archive", db, oldURL)
	if res.Code != 0 || !strings.Contains(res.Stdout, "new title and text") || !strings.Contains(res.Stdout, "moved to "+newURL) {
		t.Errorf("show old URL:\n%s%s", res.Stdout, res.Stderr)
	}
	// --at before the rename is the old URL's version then; --version is
	// the page's own.
	res = runBinary(t, dir, nil, "show", "--archive", db, "--at", "2026-03-01 13:30", newURL)
	if res.Code != 0 || !strings.Contains(res.Stdout, "edited once") {
		t.Errorf("show --at before the rename:\n%s%s", res.Stdout, res.Stderr)
	}
	res = runBinary(t, dir, nil, "show", "--archive", db, "--version", "1", oldURL)
	if res.Code != 0 || !strings.Contains(res.Stdout, "the first text of the report") || strings.Contains(res.Stdout, "edited once") {
		t.Errorf("show --version 1 of the old URL:\n%s%s", res.Stdout, res.Stderr)
	}
	// Before the article's first version (under the old URL), --at says
	// when that was; a version the new URL does not have points to history.
	res = runBinary(t, dir, nil, "show", "--archive", db, "--at", "2026-02-01", newURL)
	if res.Code == 0 || !strings.Contains(res.Stderr, "first was seen at 2026-03-01T12:00:00Z") {
		t.Errorf("show --at before the first version:\n%s%s", res.Stdout, res.Stderr)
	}
	res = runBinary(t, dir, nil, "show", "--archive", db, "--version", "2", newURL)
	if res.Code == 0 || !strings.Contains(res.Stderr, "under its other URLs") {
		t.Errorf("show --version 2 of the new URL:\n%s%s", res.Stdout, res.Stderr)
	}
	// diff compares the last version under the old URL with the first
	// under the new one.
	res = runBinary(t, dir, nil, "diff", "--archive", db, "--no-color", oldURL)
	if res.Code != 0 || !strings.Contains(res.Stdout, "edited once") || !strings.Contains(res.Stdout, "new title") ||
		!strings.Contains(res.Stdout, "--- version 2 of "+oldURL) || !strings.Contains(res.Stdout, "+++ version 1 of "+newURL) {
		t.Errorf("diff across the rename:\n%s%s", res.Stdout, res.Stderr)
	}
}

// TestRenamedPageNoCopyOfItself: the search index finds the article under
// its old and new URLs near-duplicates; neither show nor copies calls
// either a copy of the other.
func TestRenamedPageNoCopyOfItself(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	const (
		oldURL = "https://think.example/2025/old-slug"
		newURL = "https://think.example/2025/new-slug"
	)
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	a, err := archive.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for i := range 150 {
		words = append(words, fmt.Sprintf("word%d", i*7919%1000))
	}
	text := strings.Join(words, " ")
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, f := range []archive.Fetch{
		{URL: oldURL, FetchedAt: t0},
		{URL: newURL, FetchedAt: t0.Add(time.Hour)},
		{URL: oldURL, FinalURL: newURL, FetchedAt: t0.Add(2 * time.Hour), Redirects: []archive.Redirect{{From: oldURL, Status: http.StatusPermanentRedirect}}},
	} {
		body := text
		if f.URL == newURL || f.FinalURL == newURL {
			body += " and a closing sentence added when the report moved"
		}
		art := &extract.Article{URL: f.URL, Title: "Report", Text: body, Markdown: body, WordCount: len(strings.Fields(body)),
			Extractor: extract.Version, Kind: extract.KindArticle}
		f.Status, f.Header, f.Body = 200, http.Header{"Content-Type": {"text/html"}}, []byte("<p>"+body+"</p>")
		if _, err := a.Record(context.Background(), f, art); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if res := runBinary(t, dir, nil, "reindex", "--archive", db); res.Code != 0 {
		t.Fatalf("reindex: %s", res.Stderr)
	}
	for _, args := range [][]string{{newURL}, {"--version", "1", oldURL}} {
		res := runBinary(t, dir, nil, append([]string{"show", "--archive", db}, args...)...)
		if res.Code != 0 || strings.Contains(res.Stdout, "Copy of") || strings.Contains(res.Stdout, "Copies:") || !strings.Contains(res.Stdout, "Renamed:") {
			t.Errorf("show %v:\n%s%s", args, res.Stdout, res.Stderr)
		}
	}
	// Nor does copies list the article under its other URL.
	for _, u := range []string{newURL, oldURL} {
		res := runBinary(t, dir, nil, "copies", "--archive", db, u)
		if res.Code != 0 || !strings.Contains(res.Stdout, "no copies found") {
			t.Errorf("copies %s:\n%s%s", u, res.Stdout, res.Stderr)
		}
	}
}

// TestCopiesWithoutRenames: copies drops the article under its other URL
// from the group; when that one was the original, the page asked about
// is, listed first, and a third site's copy stays a copy.
func TestCopiesWithoutRenames(t *testing.T) {
	ctx := context.Background()
	const (
		oldURL  = "https://think.example/2025/old-slug"
		newURL  = "https://think.example/2025/new-slug"
		copyURL = "https://aggregator.example/story/9"
	)
	a, err := archive.Open(filepath.Join(t.TempDir(), "a.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, f := range []archive.Fetch{
		{URL: oldURL, FetchedAt: t0},
		{URL: newURL, FetchedAt: t0.Add(time.Hour)},
		{URL: oldURL, FinalURL: newURL, FetchedAt: t0.Add(2 * time.Hour), Redirects: []archive.Redirect{{From: oldURL, Status: http.StatusMovedPermanently}}},
	} {
		text := "the report as it reads at " + f.URL
		if f.FinalURL != "" {
			text = "the report as it reads at " + f.FinalURL
		}
		art := &extract.Article{URL: f.URL, Title: "Report", Text: text, Markdown: text, WordCount: 7, Extractor: extract.Version, Kind: extract.KindArticle}
		f.Status, f.Header, f.Body = 200, http.Header{"Content-Type": {"text/html"}}, []byte("<p>"+text+"</p>")
		if _, err := a.Record(ctx, f, art); err != nil {
			t.Fatal(err)
		}
	}
	p, err := a.Page(ctx, newURL)
	if err != nil || len(p.MovedFrom) != 1 {
		t.Fatalf("new page %+v %v", p, err)
	}
	got, err := withoutRenames(ctx, a, p, []search.Copy{
		{URL: oldURL, Role: "original"}, {URL: newURL, Role: "copy", Self: true}, {URL: copyURL, Role: "copy"},
	})
	if err != nil || len(got) != 2 || got[0].URL != newURL || got[0].Role != "original" || !got[0].Self || got[1].URL != copyURL || got[1].Role != "copy" {
		t.Errorf("group %+v, %v", got, err)
	}
}
