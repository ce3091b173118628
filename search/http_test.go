package search

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/extract"
)

// TestHTTPCopiesOfAPageAlone: GET /search/v1/copies of a page nobody
// copied answers an empty list, as `copies` and `copies --json` print no
// copy for it; it answered the page itself as a one-page group, which a
// client counting members (or roles) read as one copy. A page with a copy
// still gets its whole group, original first.
func TestHTTPCopiesOfAPageAlone(t *testing.T) {
	m := &memArchive{}
	text := "The committee published its final report on water management in the delta region on Monday.\n\n" +
		"It recommends new dykes, a ban on sand mining and compensation for farmers who lose land.\n\n" +
		"Critics say the plan ignores the upstream dams that have cut the flow of sediment for decades."
	m.add("https://orig.example/report", "Report", text, func(r *archive.Record) { r.Published = "2024-01-01" })
	m.add("https://copy.example/report", "Report", "Menu\n\n"+text+"\n\nShare", func(r *archive.Record) {
		r.SourceURL = "https://orig.example/report"
	})
	alone := "https://other.example/x"
	m.add(alone, "Other", "Completely different words about football, the league table and a late goal that decided the derby in extra time.", nil)
	ix := openTest(t, "")
	srv := httptest.NewServer(Handler(ix, m))
	defer srv.Close()

	get := func(u string) (int, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + pathCopies + "?url=" + url.QueryEscape(u))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, strings.TrimSpace(string(b))
	}
	if code, body := get(alone); code != http.StatusOK || body != "[]" {
		t.Errorf("copies of a page alone: %d %s; want 200 []", code, body)
	}
	code, body := get("https://copy.example/report")
	var group []Copy
	if err := json.Unmarshal([]byte(body), &group); code != http.StatusOK || err != nil || len(group) != 2 ||
		group[0].URL != "https://orig.example/report" || group[0].Role != "original" || !group[1].Self || group[1].Role != "copy" {
		t.Errorf("copies of a copy: %d %s (%v)", code, body, err)
	}
	// A page with no fingerprint is still not_indexed (404), not an empty group.
	if code, body := get("https://nowhere.example/"); code != http.StatusNotFound || !strings.Contains(body, "not_indexed") {
		t.Errorf("copies of an unknown page: %d %s", code, body)
	}

	// Remote, which the CLI reads through, gets no member either.
	rem := &Remote{Client: srv.Client(), BaseURL: srv.URL}
	if g, err := rem.Copies(context.Background(), alone); err != nil || len(g) != 0 {
		t.Errorf("Remote.Copies of a page alone: %v, %+v", err, g)
	}
	if g, err := rem.Copies(context.Background(), "https://orig.example/report"); err != nil || len(g) != 2 {
		t.Errorf("Remote.Copies of the original: %v, %+v", err, g)
	}
}

// TestHTTPCopiesByAnyURLOfThePage: /search/v1/copies takes any URL of the
// page, as `archivist copies` does (an alias, tracking parameters, escapes
// in another case): it answered 404 not_indexed, "no text to compare",
// for a page it has.
func TestHTTPCopiesByAnyURLOfThePage(t *testing.T) {
	ctx := context.Background()
	a, err := archive.Open(filepath.Join(t.TempDir(), "a.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	text := "The committee published its final report on water management in the delta region on Monday.\n\n" +
		"It recommends new dykes, a ban on sand mining and compensation for farmers who lose land.\n\n" +
		"Critics say the plan ignores the upstream dams that have cut the flow of sediment for decades."
	for _, u := range []string{"https://orig.example/r%C3%A9port", "https://copy.example/report"} {
		art := &extract.Article{URL: u, Title: "Report", Text: text, Language: "en", Kind: extract.KindArticle, WordCount: len(strings.Fields(text))}
		if _, err := a.Record(ctx, archive.Fetch{URL: u, Status: 200, Body: []byte(u + text), FetchedAt: time.Now()}, art); err != nil {
			t.Fatal(err)
		}
	}
	ix := openTest(t, "")
	srv := httptest.NewServer(Handler(ix, a))
	defer srv.Close()
	rem := &Remote{Client: srv.Client(), BaseURL: srv.URL}
	for _, u := range []string{"https://orig.example/r%C3%A9port", "HTTPS://orig.example/r%c3%a9port?utm_source=x#top"} {
		if g, err := rem.Copies(ctx, u); err != nil || len(g) != 2 {
			t.Errorf("copies of %s: %v, %+v; want the page and its copy", u, err, g)
		}
	}
}
