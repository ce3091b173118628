package main

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/extract"
)

// TestAtTakesTheTimesHistoryPrints: history and diff print times as
// "2026-03-02 12:00" (UTC, to the minute); show --at and export --since
// take that text back. It was a usage error ("want a date or RFC 3339"),
// so a time copied from history's table could not be used.
func TestAtTakesTheTimesHistoryPrints(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	a, err := archive.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	u := "https://think.example/report"
	t0 := time.Date(2026, 3, 1, 12, 0, 36, 0, time.UTC)
	for i, text := range []string{"The first text of the report, long enough.", "The second text of the report, long enough."} {
		art := &extract.Article{URL: u, Title: "Report", Text: text, Markdown: text, WordCount: 8, Extractor: "0.0.1"}
		f := archive.Fetch{URL: u, Status: 200, Body: []byte("<p>" + text), FetchedAt: t0.Add(time.Duration(i) * 24 * time.Hour),
			Header: http.Header{"Content-Type": {"text/html"}}}
		if _, err := a.Record(context.Background(), f, art); err != nil {
			t.Fatal(err)
		}
	}
	a.Close()

	hist := runBinary(t, dir, nil, "history", "--archive", db, u)
	if hist.Code != 0 || !strings.Contains(hist.Stdout, "2026-03-02 12:00") {
		t.Fatalf("history: exit %d\n%s%s", hist.Code, hist.Stdout, hist.Stderr)
	}
	for at, want := range map[string]string{
		"2026-03-02 12:00":    "second text", // the minute history prints: its versions are in
		"2026-03-02T12:00":    "second text",
		"2026-03-02 12:00:36": "second text",
		"2026-03-02 11:59":    "first text",
		"2026-03-02 12:00:35": "first text",
	} {
		r := runBinary(t, dir, nil, "show", "--archive", db, "--at", at, u)
		if r.Code != 0 || !strings.Contains(r.Stdout, want) {
			t.Errorf("show --at %q: exit %d, want %q\n%s%s", at, r.Code, want, r.Stdout, r.Stderr)
		}
	}
	r := runBinary(t, dir, nil, "export", "--archive", db, "--all-versions", "--since", "2026-03-02 12:00")
	if r.Code != 0 || strings.Count(r.Stdout, "\n") != 1 || !strings.Contains(r.Stdout, "second text") {
		t.Errorf("export --since \"2026-03-02 12:00\": exit %d, want the second version only\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	if r := runBinary(t, dir, nil, "show", "--archive", db, "--at", "2026-03-02 25:00", u); r.Code != 2 {
		t.Errorf("show --at 25:00: exit %d, want 2\n%s", r.Code, r.Stderr)
	}
}

// TestCrawlsTimesInUTC: crawls prints when runs started in UTC, as
// history, diff and show print times and --at reads them; it printed the
// machine's local time, unlabelled, so a run and the versions it fetched
// were hours apart on a machine outside UTC.
func TestCrawlsTimesInUTC(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	a, err := archive.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	run, err := a.StartRun(context.Background(), "site")
	if err != nil {
		t.Fatal(err)
	}
	a.FinishRun(context.Background(), run)
	a.Close()
	t.Setenv("TZ", "Asia/Tokyo") // UTC+9, no daylight saving
	r := runBinary(t, dir, nil, "crawls", "--archive", db)
	if want := run.Started.UTC().Format("2006-01-02 15:04:05"); r.Code != 0 || !strings.Contains(r.Stdout, want) {
		t.Errorf("crawls: exit %d, want the start in UTC, %s\n%s%s", r.Code, want, r.Stdout, r.Stderr)
	}
}

// TestLookupIgnoresEscapeCase: a page archived from a URL whose
// percent-escapes are lower case (WordPress writes non-Latin slugs so:
// /%d8%a7%d9%84...) is found from the same URL as a browser shows it
// (Unicode) or copies it (upper-case escapes). RFC 3986 makes escapes
// case-insensitive; show said "no page ... in the archive".
func TestLookupIgnoresEscapeCase(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	a, err := archive.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	stored := "https://think.example/ar/%d8%a7%d9%84%d8%b3%d9%84%d8%a7%d9%85-report"
	text := "The text of the report, long enough to be kept as an article."
	art := &extract.Article{URL: stored, Title: "Report", Text: text, Markdown: text, WordCount: 12, Extractor: "0.0.1"}
	if _, err := a.Record(context.Background(), archive.Fetch{URL: stored, Status: 200, Body: []byte("<p>" + text), FetchedAt: time.Now(),
		Header: http.Header{"Content-Type": {"text/html"}}}, art); err != nil {
		t.Fatal(err)
	}
	a.Close()
	for _, u := range []string{stored, "https://think.example/ar/السلام-report", "https://think.example/ar/%D8%A7%D9%84%D8%B3%D9%84%D8%A7%D9%85-report"} {
		if r := runBinary(t, dir, nil, "show", "--archive", db, u); r.Code != 0 || !strings.Contains(r.Stdout, "text of the report") {
			t.Errorf("show %s: exit %d\n%s%s", u, r.Code, r.Stdout, r.Stderr)
		}
	}
}
