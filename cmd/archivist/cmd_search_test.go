package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/extract"
	"github.com/archivist-org/archivist/search"
)

const searchOriginal = `The Sahel has become the epicentre of jihadist violence in Africa, with attacks in Mali, Burkina Faso and Niger rising every year since the coups.

Regional armies have struggled to hold territory once foreign forces left, and militias recruited by the juntas have been accused of abuses against civilians.

Humanitarian access has narrowed as roads are mined and convoys attacked, leaving millions in need of food aid across the central Sahel.

Diplomats argue that any durable settlement will require talks with local armed groups, development money for the borderlands and a return to constitutional rule.`

// recordArticle stores one version of a page in the archive.
func recordArticle(t testing.TB, a *archive.Archive, url, title, text, published, source string) {
	t.Helper()
	art := &extract.Article{URL: url, Title: title, Text: text, Published: published, Language: "en",
		Kind: extract.KindArticle, SourceURL: source, WordCount: len(strings.Fields(text))}
	_, err := a.Record(context.Background(), archive.Fetch{URL: url, Status: 200, Body: []byte("<html><body>" + text + "</body></html>"),
		FetchedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}, art)
	if err != nil {
		t.Fatal(err)
	}
}

// searchArchive builds a small archive with an article, two republications,
// an unrelated page and an edited page.
func searchArchive(t testing.TB) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "a.db")
	a, err := archive.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	recordArticle(t, a, "https://think.example.org/sahel", "Security in the Sahel", searchOriginal, "2024-03-01", "")
	recordArticle(t, a, "https://aggregator.example.net/story/1", "Security in the Sahel (republished)",
		"Home | World | Africa\n\n"+searchOriginal+"\n\nShare this article on social media. Subscribe to our newsletter.", "2024-03-03", "https://think.example.org/sahel")
	paras := strings.Split(searchOriginal, "\n\n")
	recordArticle(t, a, "https://digest.example.com/sahel-violence", "Sahel violence rises",
		paras[2]+"\n\n"+paras[0]+"\n\n"+paras[3]+"\n\nRead more at think.example.org", "2024-03-02", "")
	recordArticle(t, a, "https://news.example.com/budget", "Budget talks", "Parliament debated the budget deficit late into the night while ministers argued over pension reform and new taxes on energy companies.", "2024-05-01", "")
	recordArticle(t, a, "https://news.example.com/pipeline", "Pipeline", "The minister praised the controversial pipeline project in the northern provinces during a visit.", "2024-01-01", "")
	recordArticle(t, a, "https://news.example.com/pipeline", "Project review", "The minister ordered a review of the project in the northern provinces after protests.", "2024-01-01", "")
	return db
}

func TestRunSearchLocal(t *testing.T) {
	db := searchArchive(t)
	var out, errb bytes.Buffer
	no := false
	opts := searchOptions{Archive: db, Limit: 10, Sort: "relevance", Color: &no}
	if err := runSearch(context.Background(), opts, []string{"jihadist", "violence"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errb.String(), "indexed 6 new versions") {
		t.Errorf("stderr: %q", errb.String())
	}
	s := out.String()
	// The two republications fold under the original.
	for _, want := range []string{"Security in the Sahel", "think.example.org · 2024-03-01", "https://think.example.org/sahel", "jihadist violence",
		"also at: ", "1–1 of 3 matches, 2 copies folded into these results"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	// JSON lines with score, filters, and all versions.
	out.Reset()
	opts.JSON = true
	opts.Site = "news.example.com"
	opts.AllVersions = true
	if err := runSearch(context.Background(), opts, []string{"pipeline"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	var hit search.Hit
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 1 || json.Unmarshal([]byte(lines[0]), &hit) != nil || hit.Version != 1 || hit.Score <= 0 || hit.Snippet == "" {
		t.Errorf("json: %q", out.String())
	}
	out.Reset()
	opts.AllVersions = false
	if err := runSearch(context.Background(), opts, []string{"pipeline"}, &out, &errb); err != nil || out.Len() != 0 {
		t.Errorf("edited-out word found in latest: %q %v", out.String(), err)
	}
	// Usage errors.
	for _, o := range []searchOptions{
		{Archive: db, Limit: 10, Sort: "size"},
		{Archive: db, Limit: 0, Sort: "date"},
		{Archive: db, Limit: 10, Since: "yesterday"},
	} {
		var ue usageError
		if err := runSearch(context.Background(), o, []string{"x"}, &out, &errb); !errors.As(err, &ue) {
			t.Errorf("%+v: %v, want usage error", o, err)
		}
	}
}

func TestRunCopiesAndReindex(t *testing.T) {
	db := searchArchive(t)
	var out, errb bytes.Buffer
	if err := runCopies(context.Background(), copiesOptions{Archive: db, JSON: true}, []string{"https://aggregator.example.net/story/1"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	var group []search.Copy
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var c search.Copy
		if err := json.Unmarshal([]byte(l), &c); err != nil {
			t.Fatal(err)
		}
		group = append(group, c)
	}
	if len(group) != 3 || group[0].URL != "https://think.example.org/sahel" || group[0].Role != "original" {
		t.Fatalf("group: %+v", group)
	}
	for _, c := range group[1:] {
		if c.Role != "copy" || c.Shared < 0.5 {
			t.Errorf("copy: %+v", c)
		}
	}
	// A page nobody copied has no group: no line, as the text says "no
	// copies found" (it printed the page itself as a "copy").
	out.Reset()
	if err := runCopies(context.Background(), copiesOptions{Archive: db, JSON: true}, []string{"https://news.example.com/budget"}, &out, &errb); err != nil || out.Len() != 0 {
		t.Errorf("copies --json of a page alone: %v, %q; want no line", err, out.String())
	}
	// Bulk links for export.
	r, err := archive.OpenReader(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	links, err := copyLinksFor(context.Background(), db, r)
	r.Close()
	if err != nil || links["https://aggregator.example.net/story/1"].CopyOf != "https://think.example.org/sahel" ||
		len(links["https://think.example.org/sahel"].Copies) != 2 {
		t.Errorf("links: %v %v", links, err)
	}
	// show carries the links.
	for u, want := range map[string]string{
		"https://aggregator.example.net/story/1": `"copy_of": "https://think.example.org/sahel"`,
		"https://think.example.org/sahel":        `"https://digest.example.com/sahel-violence"`,
	} {
		out.Reset()
		if err := runShow(context.Background(), showOptions{Archive: db, Format: formatJSON}, []string{u}, &out, &errb); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), want) {
			t.Errorf("show %s lacks %s:\n%s", u, want, out.String())
		}
	}
	out.Reset()
	if err := runReindex(context.Background(), reindexOptions{Archive: db}, nil, &out, &errb); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "indexed 6 versions") {
		t.Errorf("reindex: %q", out.String())
	}
	out.Reset()
	if err := runCopies(context.Background(), copiesOptions{Archive: db}, []string{"https://news.example.com/budget"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "no copies") {
		t.Errorf("budget copies: %q", out.String())
	}
}

// While a writer holds the archive (and the index), search, copies and
// reindex go through its read server.
func TestSearchThroughReadServer(t *testing.T) {
	db := searchArchive(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := archive.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	srv := archive.NewReadServer(a)
	syncFn, closeFn, err := attachSearch(ctx, a, db, srv)
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, db) }()
	defer func() { cancel(); <-done }()
	if err := syncFn(ctx); err != nil {
		t.Fatal(err)
	}
	// A version written by the holder after the last sync is found too.
	recordArticle(t, a, "https://news.example.com/late", "Late news", "Fishermen protested the new quota rules at the harbour.", "2024-06-01", "")
	var out, errb bytes.Buffer
	no := false
	var lastErr error
	for i := 0; i < 50; i++ { // the server may still be starting
		out.Reset()
		if lastErr = runSearch(ctx, searchOptions{Archive: db, Limit: 10, Color: &no}, []string{"fishermen"}, &out, &errb); lastErr == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if lastErr != nil {
		t.Fatal(lastErr)
	}
	if !strings.Contains(out.String(), "https://news.example.com/late") {
		t.Errorf("remote search: %q", out.String())
	}
	// Copies fold there as here.
	out.Reset()
	if err := runSearch(ctx, searchOptions{Archive: db, Limit: 10, Color: &no}, []string{"jihadist"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.HasPrefix(s, "1. Security in the Sahel\n") || strings.Contains(s, "\n2. ") ||
		!strings.Contains(s, "2 copies folded") {
		t.Errorf("remote folded search: %q", s)
	}
	out.Reset()
	if err := runCopies(ctx, copiesOptions{Archive: db}, []string{"https://think.example.org/sahel"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "2 copies") || !strings.Contains(out.String(), "(this page)") {
		t.Errorf("remote copies: %q", out.String())
	}
	out.Reset()
	if err := runReindex(ctx, reindexOptions{Archive: db}, nil, &out, &errb); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), fmt.Sprintf("indexed %d versions", 7)) {
		t.Errorf("remote reindex: %q", out.String())
	}
}

// The real binary: results, JSON lines, exit codes.
func TestSearchBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	db := searchArchive(t)
	res := runBinary(t, "", nil, "search", "--archive", db, "--json", "--sort", "date", "--copies", "jihadist")
	if res.Code != 0 || strings.Count(res.Stdout, "\n") != 3 || !strings.Contains(res.Stdout, `"score"`) {
		t.Errorf("search: %+v", res)
	}
	res = runBinary(t, "", nil, "copies", "--archive", db, "https://think.example.org/sahel")
	if res.Code != 0 || !strings.Contains(res.Stdout, "original") || !strings.Contains(res.Stdout, "aggregator.example.net") {
		t.Errorf("copies: %+v", res)
	}
	for _, args := range [][]string{
		{"search", "--archive", db},
		{"search", "--archive", db, "--sort", "size", "x"},
		{"search", "--archive", db, "--limit", "0", "x"},
		{"copies", "--archive", db},
		{"reindex", "--archive", db, "extra"},
	} {
		if res := runBinary(t, "", nil, args...); res.Code != exitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, res.Code, exitUsage, res.Stderr)
		}
	}
	if res := runBinary(t, "", nil, "copies", "--archive", db, "https://nowhere.example/x"); res.Code != exitError {
		t.Errorf("copies of unknown page: %+v", res)
	}
	if res := runBinary(t, "", nil, "search", "--archive", filepath.Join(t.TempDir(), "none.db"), "x"); res.Code != exitError {
		t.Errorf("missing archive: %+v", res)
	}
}

// Words starting with "-" are query terms unless they are search's own
// flags; flag values are never taken for terms.
func TestQueryTermsLast(t *testing.T) {
	c := newSearchCommand()
	c.InitDefaultHelpFlag()
	for _, tc := range []struct{ in, want string }{
		{"-water", "-- -water"},
		{"sahel -mali --json", "--json -- sahel -mali"},
		{"--archive a.db -water", "--archive a.db -- -water"},
		{"--since 2024-01-01 -n 5 x", "--since 2024-01-01 -n 5 -- x"},
		{"-n5 -nato", "-n5 -- -nato"},
		{"-n=5 x", "-n=5 -- x"},
		{"--limit -5 x", "--limit -5 -- x"},
		{"-h", "-h"},
		{"x -- --json", "-- x --json"},
		{"--nosuch x", "--nosuch -- x"},
		{"water -n", "-n"}, // the parser reports the missing value
	} {
		got := strings.Join(queryTermsLast(c.Flags(), strings.Fields(tc.in)), " ")
		if got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A search on an index already up to date with its archive opens it
// read-only: it writes nothing there. New versions are still indexed
// first.
func TestSearchCurrentIndexUnwritten(t *testing.T) {
	db := searchArchive(t)
	no := false
	opts := searchOptions{Archive: db, Limit: 10, Sort: "relevance", Color: &no}
	run := func(words ...string) (stdout, stderr string) {
		t.Helper()
		var out, errb bytes.Buffer
		if err := runSearch(context.Background(), opts, words, &out, &errb); err != nil {
			t.Fatal(err)
		}
		return out.String(), errb.String()
	}
	run("jihadist") // indexes the archive
	// The next search opens the index writable to verify the segments
	// the first wrote (a merge bleve runs meanwhile may need one more);
	// then searches leave it as it is.
	unchanged := false
	for i := 0; i < 4 && !unchanged; i++ {
		before := treeSum(t, search.IndexDir(db))
		out, errs := run("jihadist")
		if !strings.Contains(out, "1–1 of 3 matches") || errs != "" {
			t.Errorf("search %d: %q, stderr %q", i+2, out, errs)
		}
		unchanged = treeSum(t, search.IndexDir(db)) == before
	}
	if !unchanged {
		t.Error("every search on an up-to-date index changed its files")
	}

	a, err := archive.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	recordArticle(t, a, "https://news.example.com/jihadist-report", "A new report", "A report on jihadist recruitment in the region.", "2024-06-01", "")
	a.Close()
	out, errs := run("jihadist")
	if !strings.Contains(errs, "indexed 1 new version") || !strings.Contains(out, "1–2 of 4 matches") {
		t.Errorf("search after a new version: %q, stderr %q", out, errs)
	}
}

// A rebuild that opens the archive again every 2 versions indexes all of
// them, the superseded ones too, as one open does.
func TestReindexReopensArchive(t *testing.T) {
	db := searchArchive(t)
	defer func(n int) { reopenEvery = n }(reopenEvery)
	var out, errb bytes.Buffer
	for _, every := range []int{1000, 2, 1} {
		reopenEvery = every
		out.Reset()
		if err := runReindex(context.Background(), reindexOptions{Archive: db}, nil, &out, &errb); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "indexed 6 versions") {
			t.Errorf("every %d: reindex: %q", every, out.String())
		}
		ix, err := search.Open(search.IndexDir(db), nil)
		if err != nil {
			t.Fatal(err)
		}
		n, err := ix.DocCount()
		ix.Close()
		if err != nil || n != 6 {
			t.Errorf("every %d: %d documents (%v), want 6", every, n, err)
		}
		out.Reset()
		if err := runCopies(context.Background(), copiesOptions{Archive: db}, []string{"https://think.example.org/sahel"}, &out, &errb); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "2 copies") {
			t.Errorf("every %d: copies: %q", every, out.String())
		}
	}
}

// TestSearchKindChecked: --kind takes the kinds pages are archived as, in
// any case; another word is a usage error naming them. A misspelt kind
// ("articles", "pdf") matched nothing: "no results" and exit 0, as if the
// archive held none.
func TestSearchKindChecked(t *testing.T) {
	for _, k := range []string{"article", "Article", "document", "hub", "page"} {
		if _, err := searchRequest(searchOptions{Kind: k, Limit: 10}, []string{"water"}); err != nil {
			t.Errorf("--kind %s: %v", k, err)
		}
	}
	for _, k := range []string{"articles", "pdf"} {
		_, err := searchRequest(searchOptions{Kind: k, Limit: 10}, []string{"water"})
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "want article, document, hub or page") {
			t.Errorf("--kind %s: %v, want a usage error naming the kinds", k, err)
		}
	}
}

// searchLines runs the binary's search and decodes its JSON lines.
func searchLines(t *testing.T, args ...string) []search.FoldedHit {
	t.Helper()
	res := runBinary(t, "", nil, append([]string{"search", "--json"}, args...)...)
	if res.Code != 0 {
		t.Fatalf("search %v: %+v", args, res)
	}
	var hits []search.FoldedHit
	for _, l := range strings.Split(strings.TrimSpace(res.Stdout), "\n") {
		if l == "" {
			continue
		}
		var h search.FoldedHit
		if err := json.Unmarshal([]byte(l), &h); err != nil {
			t.Fatalf("%v: %q", err, l)
		}
		hits = append(hits, h)
	}
	return hits
}

// Search shows an article once: its copies fold under the original, also
// on later pages; --copies lists each; a copy whose original is filtered
// out is shown, naming it.
func TestSearchFoldsCopies(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	db := searchArchive(t)
	a, err := archive.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	recordArticle(t, a, "https://other.example.org/mali", "Mali after the coup", "Jihadist groups in Mali have extended their reach since the junta expelled the UN mission, and fuel blockades now squeeze the capital.", "2024-04-01", "")
	recordArticle(t, a, "https://other.example.org/niger", "Niger's borders", "Smugglers and jihadist fighters cross the desert border between Niger and Libya, where patrols have been withdrawn since the summer.", "2024-04-02", "")
	a.Close()
	const orig = "https://think.example.org/sahel"
	hits := searchLines(t, "--archive", db, "jihadist")
	if len(hits) != 3 {
		t.Fatalf("%d results, want 3 (the article, its copies folded, and two others)", len(hits))
	}
	var shown []string
	for _, h := range hits {
		shown = append(shown, h.URL)
		if h.URL != orig {
			if len(h.Copies) != 0 || h.CopyOf != "" {
				t.Errorf("%s: copies %v, copy_of %q", h.URL, h.Copies, h.CopyOf)
			}
			continue
		}
		var copies []string
		for _, c := range h.Copies {
			copies = append(copies, c.URL)
			if c.Site == "" || c.Version != 1 || !c.Matched {
				t.Errorf("copy %+v", c)
			}
		}
		if !slices.Contains(copies, "https://aggregator.example.net/story/1") || !slices.Contains(copies, "https://digest.example.com/sahel-violence") || len(copies) != 2 {
			t.Errorf("copies of the original: %v", copies)
		}
	}
	if !slices.Contains(shown, orig) {
		t.Errorf("the original is not shown: %v", shown)
	}
	// One result a page: the same three, never a copy.
	var paged []string
	for off := 0; off < 4; off++ {
		for _, h := range searchLines(t, "--archive", db, "-n", "1", "--offset", strconv.Itoa(off), "jihadist") {
			paged = append(paged, h.URL)
		}
	}
	if !slices.Equal(paged, shown) {
		t.Errorf("paged one by one: %v, want %v", paged, shown)
	}
	if hits := searchLines(t, "--archive", db, "--copies", "jihadist"); len(hits) != 5 {
		t.Errorf("--copies: %d results, want 5", len(hits))
	}
	hits = searchLines(t, "--archive", db, "--site", "aggregator.example.net", "jihadist")
	if len(hits) != 1 || hits[0].URL != "https://aggregator.example.net/story/1" || hits[0].CopyOf != orig {
		t.Errorf("the aggregator's copy alone: %+v", hits)
	}
	res := runBinary(t, "", nil, "search", "--archive", db, "--site", "aggregator.example.net", "jihadist")
	if !strings.Contains(res.Stdout, "copy of "+orig) {
		t.Errorf("text of a copy whose original does not match: %q", res.Stdout)
	}
	res = runBinary(t, "", nil, "search", "--archive", db, "sahel")
	if !strings.Contains(res.Stdout, "also at: ") || !strings.Contains(res.Stdout, "1–1 of 3 matches, 2 copies folded into these results") {
		t.Errorf("text: %q", res.Stdout)
	}
}

// TestSearchSummaryCountsMatches: the line under the results says "1
// match" for one, and counts matches with --all-versions too. It said "1–1
// of 1 matches", and "1–2 of 2" (no noun) with --all-versions.
func TestSearchSummaryCountsMatches(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	db := searchArchive(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"deficit"}, "1 match\n"},
		{[]string{"--all-versions", "deficit"}, "1 match\n"},
		{[]string{"--all-versions", "provinces"}, "1–2 of 2 matches\n"},
	} {
		res := runBinary(t, "", nil, append([]string{"search", "--archive", db}, c.args...)...)
		if res.Code != 0 || !strings.HasSuffix(res.Stdout, c.want) {
			t.Errorf("search %v: exit %d, output ends %q, want %q", c.args, res.Code, res.Stdout[max(len(res.Stdout)-30, 0):], c.want)
		}
	}
}

// TestVerifyCountsInEnglish: verify's summary of an archive of one page says
// "1 page, 1 version", not "1 pages, 1 versions".
func TestVerifyCountsInEnglish(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	db := filepath.Join(t.TempDir(), "a.db")
	a, err := archive.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	recordArticle(t, a, "https://news.example.com/budget", "Budget talks", "Parliament debated the budget deficit late into the night while ministers argued over pension reform.", "2024-05-01", "")
	a.Close()
	res := runBinary(t, "", nil, "verify", "--archive", db)
	if res.Code != 0 || !strings.Contains(res.Stdout, "checked 1 page, 1 version, ") {
		t.Errorf("verify: exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
}
