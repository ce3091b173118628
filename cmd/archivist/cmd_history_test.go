package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/extract"
)

var fixtureT0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// readFixture builds a small archive: page a with 3 versions (the last
// gone), page b on another site with one version.
func readFixture(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "fixture.db")
	a, err := archive.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rec := func(u string, at time.Time, title, text string) {
		t.Helper()
		art := &extract.Article{URL: u, Title: title, Authors: []string{"Ann Author"}, Published: "2026-02-01",
			Text: text, Markdown: "_" + text + "_", WordCount: len(strings.Fields(text)), Extractor: "0.0.1"}
		body := "<html><title>" + title + "</title><body><p>" + text + "</p></body></html>"
		if _, err := a.Record(ctx, archive.Fetch{URL: u, Status: 200, Body: []byte(body), FetchedAt: at,
			Header: http.Header{"Content-Type": {"text/html"}}}, art); err != nil {
			t.Fatal(err)
		}
	}
	rec("https://think.example/a", fixtureT0, "Report", "The quick brown fox.\n\nSecond paragraph stays.")
	rec("https://think.example/a", fixtureT0.Add(24*time.Hour), "Report (updated)", "The quick red fox jumps.\n\nSecond paragraph stays.")
	rec("https://news.example/b", fixtureT0.Add(36*time.Hour), "Other", "Other site text.")
	rec("https://think.example/a", fixtureT0.Add(48*time.Hour), "Report (updated)", "The quick red fox jumps.\n\nSecond paragraph stays.\n\nA new conclusion.")
	if _, err := a.Record(ctx, archive.Fetch{URL: "https://think.example/a", Status: 410, FetchedAt: fixtureT0.Add(72 * time.Hour)}, nil); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestRunHistory(t *testing.T) {
	db := readFixture(t)
	ctx := context.Background()
	var out, errb bytes.Buffer
	if err := runHistory(ctx, historyOptions{Archive: db}, []string{"https://THINK.example/a?utm_source=x"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"GONE since 2026-03-04", "first version", "title changed", "+3)", "VERSION"} {
		if !strings.Contains(s, want) {
			t.Errorf("history lacks %q:\n%s", want, s)
		}
	}
	out.Reset()
	if err := runHistory(ctx, historyOptions{Archive: db, Fetches: 2}, []string{"https://think.example/a"}, &out, &errb); err != nil ||
		!strings.Contains(out.String(), "410") || !strings.Contains(out.String(), "gone") {
		t.Errorf("fetches: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := runHistory(ctx, historyOptions{Archive: db, JSON: true}, []string{"https://think.example/a"}, &out, &errb); err != nil || !strings.Contains(out.String(), `"content_hash"`) {
		t.Errorf("json: %v\n%s", err, out.String())
	}
	err := runHistory(ctx, historyOptions{Archive: db}, []string{"https://think.example/zzz"}, &out, &errb)
	if !errors.Is(err, archive.ErrNotFound) {
		t.Errorf("unknown URL: %v", err)
	}
	var ue usageError
	if err := runHistory(ctx, historyOptions{Archive: db}, []string{"not a url"}, &out, &errb); !errors.As(err, &ue) {
		t.Errorf("bad URL should be a usage error: %v", err)
	}
	missing := filepath.Join(t.TempDir(), "none.db")
	if err := runHistory(ctx, historyOptions{Archive: missing}, []string{"https://x.example/"}, &out, &errb); err == nil || !strings.Contains(err.Error(), "no archive at") {
		t.Errorf("missing archive: %v", err)
	}
	if _, err := filepath.Glob(missing); err != nil {
		t.Fatal(err)
	}
}

func TestRunShow(t *testing.T) {
	db := readFixture(t)
	ctx := context.Background()
	run := func(o showOptions) (string, error) {
		o.Archive = db
		if o.Format == "" {
			o.Format = formatText
		}
		var out, errb bytes.Buffer
		err := runShow(ctx, o, []string{"https://think.example/a"}, &out, &errb)
		return out.String(), err
	}
	s, err := run(showOptions{})
	if err != nil || !strings.Contains(s, "A new conclusion.") || !strings.Contains(s, "Version: 3") || !strings.Contains(s, "410") {
		t.Errorf("latest: %v\n%s", err, s)
	}
	s, err = run(showOptions{Version: 1, Format: formatMarkdown})
	if err != nil || !strings.Contains(s, "# Report\n") || !strings.Contains(s, "_The quick brown fox.") {
		t.Errorf("v1 markdown: %v\n%s", err, s)
	}
	s, err = run(showOptions{At: "2026-03-02"})
	if err != nil || !strings.Contains(s, "red fox") || strings.Contains(s, "conclusion") {
		t.Errorf("at: %v\n%s", err, s)
	}
	s, err = run(showOptions{Version: 2, Format: formatJSON})
	if err != nil || !strings.Contains(s, `"version": 2`) || !strings.Contains(s, `"seq": 2`) {
		t.Errorf("json: %v\n%s", err, s)
	}
	s, err = run(showOptions{Version: 1, Format: formatHTML})
	if err != nil || !strings.HasPrefix(s, "<html><title>Report</title>") {
		t.Errorf("html: %v\n%s", err, s)
	}
	if _, err := run(showOptions{Version: 9}); !errors.Is(err, archive.ErrNotFound) || !strings.Contains(err.Error(), "1..3") {
		t.Errorf("out of range: %v", err)
	}
	if _, err := run(showOptions{At: "2020-01-01"}); !errors.Is(err, archive.ErrNotFound) {
		t.Errorf("before first: %v", err)
	}
	var ue usageError
	for _, o := range []showOptions{{At: "yesterday"}, {Format: "pdf"}, {Version: 1, At: "2026-03-02"}} {
		if _, err := run(o); !errors.As(err, &ue) {
			t.Errorf("%+v: want usage error, got %v", o, err)
		}
	}
}

func TestRunStatsAndVerify(t *testing.T) {
	db := readFixture(t)
	ctx := context.Background()
	var out, errb bytes.Buffer
	if err := runStats(ctx, statsOptions{Archive: db}, nil, &out, &errb); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"pages:        2", "versions:     4", "sites:        2", "gone pages:   1", "last seq:     4"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("stats lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := runVerify(ctx, verifyOptions{Archive: db}, nil, &out, &errb); err != nil || !strings.Contains(out.String(), "ok") {
		t.Errorf("verify: %v\n%s", err, out.String())
	}
}

// TestHistoryJSONPageNeverCaptured: the history of a page whose only
// capture failed (a challenge page) has no last_seen in its JSON; it
// printed Go's zero time, "0001-01-01T00:00:00Z", which a script reads as
// a date.
func TestHistoryJSONPageNeverCaptured(t *testing.T) {
	db := readFixture(t)
	ctx := context.Background()
	a, err := archive.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	u := "https://think.example/blocked"
	_, err = a.RecordFailure(ctx, archive.Fetch{URL: u, Status: 200, FetchedAt: time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC),
		Body: []byte("<html>Checking your browser</html>")}, "challenge page (WAF/captcha)")
	if cerr := a.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if err := runHistory(ctx, historyOptions{Archive: db, JSON: true}, []string{u}, &out, &errb); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	var h struct {
		Page map[string]any `json:"page"`
	}
	if err := json.Unmarshal(out.Bytes(), &h); err != nil || h.Page["last_fetched"] == nil || h.Page["last_failure"] == nil {
		t.Fatalf("history --json: %v\n%s", err, out.String())
	}
	if v, ok := h.Page["last_seen"]; ok {
		t.Errorf("last_seen = %v for a page never captured, want it absent", v)
	}
}
