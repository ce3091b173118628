package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/crawler/testsite"
)

func crawlSite(t *testing.T, n int) *testsite.Host {
	t.Helper()
	h := testsite.Start(1)[0]
	t.Cleanup(h.Close)
	var links []string
	for i := 0; i < n; i++ {
		p := fmt.Sprintf("/2025/04/analysis-number-%d-of-the-region", i)
		links = append(links, p)
		h.HTML(p, testsite.ArticleHTML(fmt.Sprintf("Analysis %d of the region", i), "Sam Roe", "2025-04-01", uint64(i+7), 350, 0))
	}
	h.HTML("/", testsite.HubHTML("Home", links...))
	return h
}

func recorded(t *testing.T, db string, h *testsite.Host, n int) map[string]bool {
	t.Helper()
	a, err := archive.Open(db, &archive.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	out := map[string]bool{}
	for i := 0; i < n; i++ {
		p := fmt.Sprintf("/2025/04/analysis-number-%d-of-the-region", i)
		if pg, err := a.Page(context.Background(), h.URL+p); err == nil && pg.Versions > 0 {
			out[p] = true
		}
	}
	return out
}

// TestCrawlKillAndResume SIGKILLs a real `archivist crawl` mid-crawl and
// checks the next run resumes: no page finished before the kill is fetched
// again, and the archive ends complete.
func TestCrawlKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	const n = 80
	h := crawlSite(t, n)
	h.SetDelay(15 * time.Millisecond)
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	args := []string{"crawl", "--archive", db, "--allow-private", "--delay", "0", "--concurrency", "2", h.URL + "/"}
	cmd := exec.Command(archivistBinary(t), args...)
	cmd.Dir = dir
	var errBuf bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &errBuf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for h.Total() < n/3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	done1 := recorded(t, db, h, n)
	if len(done1) == 0 || len(done1) == n {
		t.Fatalf("kill landed badly: %d of %d recorded before the kill\n%s", len(done1), n, errBuf.String())
	}
	// Before the resume, nothing runs: the killed run is not "running".
	res := runBinary(t, dir, nil, "crawls", "--archive", db, "--json")
	var killed archive.Run
	if res.Code != 0 || json.Unmarshal([]byte(res.Stdout), &killed) != nil || killed.Status != archive.RunInterrupted {
		t.Errorf("crawls --json after kill -9: status %q, want %q; exit %d\n%s%s", killed.Status, archive.RunInterrupted, res.Code, res.Stdout, res.Stderr)
	}
	res = runBinary(t, dir, nil, args...)
	if res.Code != 0 {
		t.Fatalf("resume: exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
	if !strings.Contains(res.Stdout, "(resumed)") {
		t.Errorf("resume not reported: %s", res.Stdout)
	}
	final := recorded(t, db, h, n)
	if len(final) != n {
		t.Errorf("%d of %d pages archived after resume", len(final), n)
	}
	for p := range done1 {
		if c := h.Hits(p); c != 1 {
			t.Errorf("%s finished before the kill but fetched %d times", p, c)
		}
	}
	if h.Hits("/") != 1 {
		t.Errorf("seed fetched %d times", h.Hits("/"))
	}
	// The killed run is shown as interrupted.
	res = runBinary(t, dir, nil, "crawls", "--archive", db)
	if res.Code != 0 || !strings.Contains(res.Stdout, "interrupted") || !strings.Contains(res.Stdout, "done") {
		t.Errorf("crawls: exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
}

func TestCrawlCommandAndCrawls(t *testing.T) {
	h := crawlSite(t, 5)
	h.HTML("/2025/04/blocked-page-here-for-test", `<html><head><title>Just a moment...</title></head><body>cf-chl challenge</body></html>`)
	h.HTML("/", testsite.HubHTML("Home", "/2025/04/analysis-number-0-of-the-region", "/2025/04/analysis-number-1-of-the-region", "/2025/04/blocked-page-here-for-test"))
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	cfg := filepath.Join(dir, "s.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("user_agent = \"archivist-test (+mailto:t@example.org)\"\n[[source]]\nname = \"site\"\nseeds = [%q]\ndelay = \"0s\"\nconcurrency = 2\n", h.URL+"/")), 0o644)
	var out, errb bytes.Buffer
	off := false
	err := runCrawl(context.Background(), crawlOptions{Archive: db, Config: cfg, AllowPrivate: true, Timeout: 5 * time.Second, progress: &off}, nil, &out, &errb)
	if err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	if !strings.Contains(out.String(), "site: done") || !strings.Contains(out.String(), "2 new") || !strings.Contains(out.String(), "1 failed capture (") {
		t.Errorf("summary: %s", out.String())
	}
	for _, ua := range h.UserAgents() {
		if ua != "archivist-test (+mailto:t@example.org)" {
			t.Errorf("user agent %q", ua)
		}
	}
	out.Reset()
	if err := runCrawls(context.Background(), crawlsOptions{Archive: db, Limit: 5, Failures: true}, nil, &out, &errb); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "site") || !strings.Contains(out.String(), "challenge page") {
		t.Errorf("crawls: %s", out.String())
	}
}

func TestCrawlRefusesPrivateByDefault(t *testing.T) {
	h := crawlSite(t, 1)
	db := filepath.Join(t.TempDir(), "a.db")
	var out, errb bytes.Buffer
	off := false
	runCrawl(context.Background(), crawlOptions{Archive: db, Delay: 0, Concurrency: 1, Timeout: time.Second, progress: &off}, []string{h.URL + "/"}, &out, &errb)
	if h.Total() != 0 {
		t.Errorf("loopback contacted without --allow-private: %v", h.AllHits())
	}
	if !strings.Contains(errb.String()+out.String(), "private") {
		t.Errorf("no explanation: %s %s", out.String(), errb.String())
	}
	// Every seed refused: the run failed (exit 1), and says which and why.
	dir := t.TempDir()
	res := runBinary(t, dir, nil, "crawl", "--archive", db, "--delay", "0s", h.URL+"/")
	if res.Code != 1 || !strings.Contains(res.Stderr, "nothing fetched") {
		t.Errorf("crawl with every seed refused: exit %d, want 1\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
	res = runBinary(t, dir, nil, "crawls", "--archive", db, "--failures")
	if res.Code != 0 || !strings.Contains(res.Stdout, h.URL+"/") || !strings.Contains(res.Stdout, "private") {
		t.Errorf("crawls --failures does not list the refused seed: exit %d\n%s%s", res.Code, res.Stdout, res.Stderr)
	}
	// The run is recorded as failed, as its exit status said: crawls (and
	// serve's /healthz) called it "done".
	res = runBinary(t, dir, nil, "crawls", "--archive", db, "--json", "--limit", "1")
	var run struct{ Status string }
	if err := json.Unmarshal([]byte(res.Stdout), &run); err != nil || run.Status != archive.RunFailed {
		t.Errorf("crawls --json: %v, status %q, want %q\n%s", err, run.Status, archive.RunFailed, res.Stdout)
	}
}

func TestCrawlUsageErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("[[source]]\nname = \"x\"\nseeds = [\"https://example.org/\"]\nmax_deph = 2\n"), 0o644)
	for _, c := range []struct {
		opts crawlOptions
		args []string
		want string
	}{
		{crawlOptions{}, nil, "nothing to crawl"},
		{crawlOptions{Config: bad}, nil, "bad.toml:4: unknown key"},
		{crawlOptions{Config: bad}, []string{"https://example.org/"}, "not both"},
		{crawlOptions{}, []string{"ftp://example.org/"}, "http"},
	} {
		c.opts.Archive = filepath.Join(dir, "a.db")
		err := runCrawl(context.Background(), c.opts, c.args, io.Discard, io.Discard)
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v %v: err %v, want usage error with %q", c.opts.Config, c.args, err, c.want)
		}
	}
}

func TestServeSchedulesHealthzMetrics(t *testing.T) {
	h := crawlSite(t, 3)
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	cfg := filepath.Join(dir, "s.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[[source]]\nname = \"site\"\nseeds = [%q]\ndelay = \"0s\"\nevery = \"1h\"\n", h.URL+"/")), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrc := make(chan string, 1)
	errc := make(chan error, 1)
	go func() {
		errc <- runServe(ctx, serveOptions{Archive: db, Config: cfg, HTTPAddr: "127.0.0.1:0", RunNow: true, AllowPrivate: true,
			Timeout: 5 * time.Second, ready: func(a string) { addrc <- a }}, nil, io.Discard, io.Discard)
	}()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-errc:
		t.Fatal(err)
	}
	get := func(p string) string {
		resp, err := http.Get("http://" + addr + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", p, resp.StatusCode)
		}
		return string(b)
	}
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(get("/metrics"), `archivist_crawler_runs_total{source="site",status="done"} 1`) {
		if time.Now().After(deadline) {
			t.Fatalf("no finished run in metrics:\n%s", get("/metrics"))
		}
		time.Sleep(20 * time.Millisecond)
	}
	hz := get("/healthz")
	if !strings.Contains(hz, `"status":"ok"`) || !strings.Contains(hz, `"name":"site"`) || !strings.Contains(hz, `"schedule":"@every 1h0m0s"`) {
		t.Errorf("healthz: %s", hz)
	}
	if m := get("/metrics"); !strings.Contains(m, `archivist_crawler_pages_total{outcome="new",source="site"} 3`) {
		t.Errorf("metrics lack page counts:\n%s", m)
	}
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("serve stopped with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	var out, errb bytes.Buffer
	if err := runDemo(context.Background(), demoOptions{Archive: db}, nil, &out, &errb); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	s := out.String()
	for _, want := range []string{"pass 1 demo-thinktank: done", "5 new", "3 new", "1 changed", "archivist history --archive", "archivist search"} {
		if !strings.Contains(s, want) {
			t.Errorf("demo output lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, " error") || errb.Len() > 0 {
		t.Errorf("demo had errors:\n%s\n%s", s, errb.String())
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, "demo-") && len([]rune(line)) > summaryWidth {
			t.Errorf("summary line of %d columns (> %d): %s", len([]rune(line)), summaryWidth, line)
		}
	}
	first := demoStats(t, db)

	// The aggregator's republications are linked to the think tank's
	// originals in the export (copy_of / copies, from the search index).
	var exp bytes.Buffer
	errb.Reset()
	if err := runExport(context.Background(), exportOptions{Archive: db, Format: formatJSONL, Output: "-"}, nil, &exp, &errb); err != nil {
		t.Fatalf("export: %v\n%s", err, errb.String())
	}
	recs := map[string]archive.Record{}
	for _, line := range strings.Split(strings.TrimSpace(exp.String()), "\n") {
		var r archive.Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("export line %q: %v", line, err)
		}
		recs[r.URL] = r
	}
	copies := 0
	for u, r := range recs {
		if r.CopyOf == "" {
			continue
		}
		copies++
		orig, ok := recs[r.CopyOf]
		if !ok || !slices.Contains(orig.Copies, u) {
			t.Errorf("%s is a copy of %s, which does not list it back (copies %v)", u, r.CopyOf, orig.Copies)
		}
		if sameHost(u, r.CopyOf) {
			t.Errorf("%s: copy_of %s is on the same site; the demo's copies are the aggregator's", u, r.CopyOf)
		}
	}
	if copies < 3 {
		t.Errorf("export links %d copies, want the aggregator's 3 republications", copies)
	}
	// Each copy names its original itself (source_url), and the WordPress
	// "The post … appeared first on …" line is neither in its text nor
	// found by search; show names the original and lists the copies.
	shown := false
	for u, r := range recs {
		if r.CopyOf == "" {
			continue
		}
		if r.SourceURL != r.CopyOf || r.SourceURLFrom == "" {
			t.Errorf("%s: source_url %q (from %q), want its original %s", u, r.SourceURL, r.SourceURLFrom, r.CopyOf)
		}
		if strings.Contains(r.Text, "appeared first on") || strings.Contains(r.Markdown, "appeared first on") {
			t.Errorf("%s: attribution sentence left in the text", u)
		}
		if shown {
			continue
		}
		shown = true
		var sh bytes.Buffer
		if err := runShow(context.Background(), showOptions{Archive: db, Format: formatText}, []string{u}, &sh, io.Discard); err != nil {
			t.Fatalf("show: %v", err)
		}
		if !strings.Contains(sh.String(), "Copy of: "+r.CopyOf+" (") || !strings.Contains(sh.String(), "first seen") {
			t.Errorf("show of a copy does not name its original:\n%s", sh.String())
		}
		sh.Reset()
		if err := runShow(context.Background(), showOptions{Archive: db, Format: formatText}, []string{r.CopyOf}, &sh, io.Discard); err != nil {
			t.Fatalf("show: %v", err)
		}
		if !strings.Contains(sh.String(), "Copies: ") || !strings.Contains(sh.String(), u) {
			t.Errorf("show of an original does not list its copies:\n%s", sh.String())
		}
	}
	var found bytes.Buffer
	if err := runSearch(context.Background(), searchOptions{Archive: db, JSON: true, Limit: 10, Sort: "relevance"}, []string{`"appeared first on"`}, &found, io.Discard); err != nil {
		t.Fatalf("search: %v", err)
	}
	if strings.Contains(found.String(), "appeared first") {
		t.Errorf("search finds the attribution sentence: %s", found.String())
	}
	found.Reset() // the same search finds what the copies do say
	if err := runSearch(context.Background(), searchOptions{Archive: db, JSON: true, Limit: 10, Sort: "relevance"}, []string{"Sahel"}, &found, io.Discard); err != nil || !strings.Contains(found.String(), "Sahel") {
		t.Errorf("search for Sahel: %v %s", err, found.String())
	}

	// A second demo rebuilds the archive, saying so, rather than adding
	// the same pages again under new ports.
	out.Reset()
	errb.Reset()
	if err := runDemo(context.Background(), demoOptions{Archive: db}, nil, &out, &errb); err != nil {
		t.Fatalf("second demo: %v\n%s", err, errb.String())
	}
	if !strings.Contains(out.String(), "Rebuilding "+db) {
		t.Errorf("second demo does not say it rebuilds:\n%s", out.String())
	}
	if again := demoStats(t, db); again.Pages != first.Pages || again.Versions != first.Versions || again.Sites != first.Sites {
		t.Errorf("second demo: %+v, first: %+v", again, first)
	}
}

func demoStats(t *testing.T, db string) archive.Stats {
	t.Helper()
	r, err := archive.OpenReader(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	st, err := r.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return *st
}

func sameHost(a, b string) bool {
	ua, _ := url.Parse(a)
	ub, _ := url.Parse(b)
	return ua != nil && ub != nil && ua.Host == ub.Host
}

// TestCrawlSummaryAccountsForDeadLinks: a link that answers 404 or 410 the
// first time it is fetched is a dead link, not a gone page (nothing was
// archived), but it was fetched: the summary names it, so what was
// fetched adds up to what is listed.
func TestCrawlSummaryAccountsForDeadLinks(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	h := crawlSite(t, 2)
	h.HandleFunc("/2025/04/removed", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	h.HTML("/", testsite.HubHTML("Home", "/2025/04/analysis-number-0-of-the-region", "/2025/04/analysis-number-1-of-the-region",
		"/2025/04/never-there", "/2025/04/removed"))
	dir := t.TempDir()
	res := runBinary(t, dir, nil, "crawl", "--archive", "a.db", "--allow-private", "--delay", "0s", h.URL+"/")
	// The two above, and the articles' "/research/" nav link.
	want := []string{"6 pages fetched", "2 new", "0 gone", "1 hub followed", "3 dead links (404/410)"}
	for _, w := range want {
		if res.Code != 0 || !strings.Contains(res.Stdout, w) {
			t.Errorf("exit %d, summary lacks %q:\n%s%s", res.Code, w, res.Stdout, res.Stderr)
		}
	}
	res = runBinary(t, dir, nil, "crawl", "--archive", "a.db", "--allow-private", "--delay", "0s", "--json", h.URL+"/")
	var sum map[string]any
	if err := json.Unmarshal([]byte(res.Stdout), &sum); err != nil {
		t.Fatalf("--json summary %q: %v", res.Stdout, err)
	}
	// Keys in snake_case as in every other --json (they were Go's field
	// names, "Fetched", with "Elapsed" in nanoseconds beside
	// "elapsed_seconds").
	listed := 0.0
	for _, k := range []string{"new", "changed", "unchanged", "gone", "failed", "hubs", "skipped", "errors", "dead_links"} {
		v, ok := sum[k].(float64)
		if !ok {
			t.Errorf("--json summary lacks %q: %s", k, res.Stdout)
		}
		listed += v
	}
	if f, _ := sum["fetched"].(float64); listed != f || sum["source"] == nil || sum["Elapsed"] != nil {
		t.Errorf("--json summary: %s; want snake_case keys, the counts adding up to fetched", res.Stdout)
	}
}

// TestCrawlOnlyTheNamedSource: crawl --config --source b runs b alone; it
// ran b and every source after it in the file (the wanted set emptied
// once b was found, and an empty set meant "all").
// TestCrawlSummaryCountsAListOfLinksAsAHub: a page that is only a list of
// links (an index of all publications) is a hub followed in the summary,
// not a failed capture: it was an "empty extraction".
func TestCrawlSummaryCountsAListOfLinksAsAHub(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	const n = 10
	h := crawlSite(t, n)
	var items strings.Builder
	for i := range n {
		fmt.Fprintf(&items, `<li><a href="/2025/04/analysis-number-%d-of-the-region">Analysis %d of the region</a></li>`, i, i)
	}
	h.HTML("/all.html", "<html><head><title>All publications</title></head><body><ul>"+items.String()+"</ul></body></html>")
	h.HTML("/", testsite.HubHTML("Home", "/all.html"))
	res := runBinary(t, t.TempDir(), nil, "crawl", "--archive", "a.db", "--allow-private", "--delay", "0s", h.URL+"/")
	for _, w := range []string{fmt.Sprintf("%d new", n), "2 hubs followed"} {
		if res.Code != 0 || !strings.Contains(res.Stdout, w) {
			t.Errorf("exit %d, summary lacks %q:\n%s%s", res.Code, w, res.Stdout, res.Stderr)
		}
	}
	if strings.Contains(res.Stdout, "failed capture") {
		t.Errorf("the list of links is counted as a failed capture:\n%s", res.Stdout)
	}
}

func TestCrawlOnlyTheNamedSource(t *testing.T) {
	h := crawlSite(t, 1)
	dir := t.TempDir()
	var cfg strings.Builder
	for _, name := range []string{"a", "b", "c", "d"} {
		fmt.Fprintf(&cfg, "[[source]]\nname = %q\nseeds = [%q]\ndelay = \"0s\"\n\n", name, h.URL+"/"+name+"/")
	}
	os.WriteFile(filepath.Join(dir, "s.toml"), []byte(cfg.String()), 0o644)
	res := runBinary(t, dir, nil, "crawl", "--archive", "a.db", "--config", "s.toml", "--source", "b", "--allow-private")
	_ = res // the seed is a 404: the crawl fails, the run is recorded
	for _, p := range []string{"/a/", "/c/", "/d/"} {
		if n := h.Hits(p); n != 0 {
			t.Errorf("--source b fetched %s %d times", p, n)
		}
	}
	if h.Hits("/b/") != 1 {
		t.Errorf("--source b did not fetch b's seed:\n%s", res.Stderr)
	}
	res = runBinary(t, dir, nil, "crawls", "--archive", "a.db", "--json")
	if n := strings.Count(res.Stdout, "\n"); n != 1 || !strings.Contains(res.Stdout, `"source":"b"`) {
		t.Errorf("crawls after --source b: %s", res.Stdout)
	}
}

// TestServeHealthzLastRunAfterRestart: /healthz of a serve just started
// reports each source's last run as the archive recorded it (`archivist
// crawls`), not nothing until the next scheduled run, hours away.
func TestServeHealthzLastRunAfterRestart(t *testing.T) {
	h := crawlSite(t, 2)
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	cfg := filepath.Join(dir, "s.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[[source]]\nname = \"site\"\nseeds = [%q]\ndelay = \"0s\"\nevery = \"6h\"\n\n"+
		"[[source]]\nname = \"never-run\"\nseeds = [%q]\nevery = \"6h\"\n", h.URL+"/", h.URL+"/none/")), 0o644)
	// Two runs of "site" (the last one is reported), none of "never-run".
	for range 2 {
		if err := runCrawl(context.Background(), crawlOptions{Archive: db, Config: cfg, Sources: []string{"site"}, AllowPrivate: true, Timeout: 5 * time.Second}, nil, io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrc := make(chan string, 1)
	errc := make(chan error, 1)
	go func() {
		errc <- runServe(ctx, serveOptions{Archive: db, Config: cfg, HTTPAddr: "127.0.0.1:0", AllowPrivate: true,
			Timeout: 5 * time.Second, ready: func(a string) { addrc <- a }}, nil, io.Discard, io.Discard)
	}()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-errc:
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var hz struct {
		Sources []struct {
			Name       string `json:"name"`
			LastRun    uint64 `json:"last_run"`
			LastStatus string `json:"last_status"`
		} `json:"sources"`
	}
	err = json.NewDecoder(resp.Body).Decode(&hz)
	resp.Body.Close()
	if err != nil || len(hz.Sources) != 2 {
		t.Fatalf("healthz: %+v, %v", hz, err)
	}
	if s := hz.Sources[0]; s.Name != "site" || s.LastRun != 2 || s.LastStatus != "done" {
		t.Errorf("healthz after restart: %+v; want site's last run 2, done", s)
	}
	if s := hz.Sources[1]; s.Name != "never-run" || s.LastRun != 0 || s.LastStatus != "" {
		t.Errorf("healthz of a source never run: %+v", s)
	}
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("serve stopped with %v", err)
	}
}
