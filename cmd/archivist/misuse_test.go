package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/archivist-org/archivist/search"
)

// TestCrawlMisuse: what users type wrong on a crawl's command line is a
// usage error (exit 2) that says what to type instead, before anything is
// fetched or created.
func TestCrawlMisuse(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	for _, c := range []struct {
		args []string
		want []string // in stderr
		not  string   // never in stderr
	}{
		// No scheme: say what was meant, and no "source :" with an empty name.
		{[]string{"crawl", "example.org/research/"}, []string{`did you mean "https://example.org/research/"`}, "source :"},
		{[]string{"crawl", "www.example.org"}, []string{`did you mean "https://www.example.org"`}, "source :"},
		// A negative delay was taken as no delay at all: requests as fast
		// as the host answers, the opposite of what anyone typing a delay
		// wants.
		{[]string{"crawl", "--delay", "-1s", "http://127.0.0.1:1/"}, []string{"delay: must be >= 0"}, ""},
		// Flags of the other way to give sources were ignored: --source
		// without --config crawled the URLs (and a config's source
		// misspelt as a URL argument), --name with it did nothing.
		{[]string{"crawl", "--source", "thinktank", "http://127.0.0.1:1/"}, []string{"--source picks sources of a --config file"}, ""},
		{[]string{"crawl", "--config", "sources.toml", "--name", "thinktank"}, []string{"--name names the source of URL arguments"}, ""},
		{[]string{"crawl", "--shard", "1/2"}, []string{"--shard needs --config"}, ""},
	} {
		dir := t.TempDir()
		res := runBinary(t, dir, nil, c.args...)
		if res.Code != 2 {
			t.Errorf("%v: exit %d, want 2; stderr %q", c.args, res.Code, res.Stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(res.Stderr, w) {
				t.Errorf("%v: stderr %q lacks %q", c.args, res.Stderr, w)
			}
		}
		if c.not != "" && strings.Contains(res.Stderr, c.not) {
			t.Errorf("%v: stderr %q has %q", c.args, res.Stderr, c.not)
		}
		if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) > 0 {
			t.Errorf("%v: created %v", c.args, m)
		}
	}
}

// TestLookupURLWithoutScheme: a URL typed without its scheme (as copied
// from a browser's address bar) finds the page archived under https:// (or
// http://); one archived under neither is a usage error that names the URL
// meant, not Go's "first path segment in URL cannot contain colon".
func TestLookupURLWithoutScheme(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	db := readFixture(t)
	for _, c := range []struct {
		cmd, url string
		archived bool
	}{
		{"show", "think.example/a", true},
		{"history", "think.example/a", true},
		{"diff", "think.example/a", true},
		{"copies", "think.example/a", true},
		{"show", "think.example:8080/a", false},
		{"show", "localhost:8080/a", false},
	} {
		res := runBinary(t, "", nil, c.cmd, "--archive", db, c.url)
		if strings.Contains(res.Stderr, "first path segment") {
			t.Errorf("%s %s: stderr %q", c.cmd, c.url, res.Stderr)
		}
		want := `did you mean "https://` + c.url + `"`
		if c.archived && (res.Code == 2 || strings.Contains(res.Stderr, "did you mean")) {
			t.Errorf("%s %s: exit %d, stderr %q; want the archived https:// page", c.cmd, c.url, res.Code, res.Stderr)
		} else if !c.archived && (res.Code != 2 || !strings.Contains(res.Stderr, want)) {
			t.Errorf("%s %s: exit %d, stderr %q; want 2 and %s", c.cmd, c.url, res.Code, res.Stderr, want)
		}
	}
}

// TestRefusedSeedCountedOnce: a seed refused again on the next run (it is
// also the previous run's failure, retried first) is one error, logged
// once, not two.
func TestRefusedSeedCountedOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	dir := t.TempDir()
	for run := 1; run <= 2; run++ {
		res := runBinary(t, dir, nil, "crawl", "--archive", "a.db", "http://127.0.0.2:1/")
		if res.Code != 1 || strings.Count(res.Stderr, "seed refused") != 1 || !strings.Contains(res.Stdout, "1 error ") {
			t.Errorf("run %d: exit %d, want 1, one 'seed refused' and '1 error':\n%s%s", run, res.Code, res.Stdout, res.Stderr)
		}
	}
}

// TestServeBannerCountsSources: serve's first line counts its sources in
// words that agree ("1 source", not "1 sources") and SIGTERM ends it with 0.
func TestServeBannerCountsSources(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "sources.toml")
	if err := os.WriteFile(cfg, []byte("[[source]]\nname = \"s\"\nseeds = [\"http://127.0.0.2:1/\"]\nevery = \"24h\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	serve := exec.Command(archivistBinary(t), "serve", "--archive", "a.db", "--config", cfg, "--http-addr", "127.0.0.1:0")
	serve.Dir = dir
	var stderr lockedBuffer
	serve.Stderr = &stderr
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(stderr.String(), "healthz") && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	serve.Process.Signal(syscall.SIGTERM)
	err := serve.Wait()
	if err != nil || !strings.Contains(stderr.String(), "archivist serve: 1 source from ") {
		t.Errorf("serve: %v; want exit 0 and 'archivist serve: 1 source from':\n%s", err, stderr.String())
	}
}

// lockedBuffer is a bytes.Buffer a child process writes while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestExportSiteTakesAURL: --site given as a URL or host:port (pasted from
// a browser) selects that host's pages, as the bare host does; it matched
// nothing and exported 0 articles with exit 0.
func TestExportSiteTakesAURL(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	db := readFixture(t)
	want := runBinary(t, "", nil, "export", "--archive", db, "--all-versions", "--site", "think.example")
	if want.Code != 0 || strings.Count(want.Stdout, "\n") != 3 {
		t.Fatalf("--site think.example: exit %d, %d lines", want.Code, strings.Count(want.Stdout, "\n"))
	}
	for _, site := range []string{"https://think.example/", "http://think.example/a?x=1", "think.example:443", "THINK.example/", "https://www.think.example"} {
		got := runBinary(t, "", nil, "export", "--archive", db, "--all-versions", "--site", site)
		if got.Code != 0 || got.Stdout != want.Stdout {
			t.Errorf("--site %s: exit %d, %d lines; want the 3 of think.example", site, got.Code, strings.Count(got.Stdout, "\n"))
		}
	}
	// Two sites, as search takes them (repeated, or comma-separated): the
	// first was dropped, or the pair matched nothing.
	for _, args := range [][]string{{"--site", "news.example", "--site", "think.example"}, {"--site", "news.example,https://think.example/"}} {
		got := runBinary(t, "", nil, append([]string{"export", "--archive", db, "--all-versions"}, args...)...)
		if got.Code != 0 || strings.Count(got.Stdout, "\n") != 4 {
			t.Errorf("%v: exit %d, %d lines; want the 3 of think.example and 1 of news.example\n%s", args, got.Code, strings.Count(got.Stdout, "\n"), got.Stderr)
		}
	}
}

// TestCopiesBadURLFirst: a malformed URL is a usage error before copies
// opens (and brings up to date) the search index.
func TestCopiesBadURLFirst(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	db := readFixture(t)
	res := runBinary(t, "", nil, "copies", "--archive", db, "ftp://think.example/a")
	if res.Code != 2 || strings.Contains(res.Stderr, "indexed") {
		t.Errorf("exit %d, want 2 and nothing indexed:\n%s", res.Code, res.Stderr)
	}
	if _, err := os.Stat(db + ".index"); err == nil {
		t.Errorf("copies with a bad URL made %s.index", db)
	}
}

// TestHelpExitStatusParagraph: every command's help sets the exit-status
// table apart with a blank line (in nine of them it ran on from the last
// sentence of the description), and gives an example.
func TestHelpExitStatusParagraph(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	for _, c := range []string{"copies", "crawl", "crawls", "demo", "diff", "export", "extract", "history", "import",
		"push", "reextract", "reindex", "salvage", "search", "serve", "show", "stats", "verify"} {
		res := runBinary(t, "", nil, c, "--help")
		if res.Code != 0 || !strings.Contains(res.Stdout, "\n\nExit status:\n") || strings.Contains(res.Stdout, "\n\n\nExit status:") {
			t.Errorf("%s --help: exit %d; the exit-status table is not a paragraph of its own:\n%s", c, res.Code, res.Stdout)
		}
		// And each shows how it is typed (import, reindex and demo did not).
		if !strings.Contains(res.Stdout, "\nExamples:\n  archivist "+c) {
			t.Errorf("%s --help has no example", c)
		}
	}
}

// TestSearchSiteAndDates: search's --site takes a host pasted as a URL or
// with a port, as export's does (it found nothing), and --since after
// --until is a usage error, not "no results".
func TestSearchSiteAndDates(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	db := readFixture(t)
	want := runBinary(t, "", nil, "search", "--archive", db, "--json", "--site", "think.example")
	if want.Code != 0 || strings.Count(want.Stdout, "\n") == 0 {
		t.Fatalf("--site think.example: exit %d, no results:\n%s%s", want.Code, want.Stdout, want.Stderr)
	}
	for _, site := range []string{"https://think.example/", "think.example:443", "https://www.think.example/a?x=1", "nowhere.example,think.example:80"} {
		got := runBinary(t, "", nil, "search", "--archive", db, "--json", "--site", site)
		if got.Code != 0 || got.Stdout != want.Stdout {
			t.Errorf("--site %s: exit %d, %d results; want those of think.example:\n%s", site, got.Code, strings.Count(got.Stdout, "\n"), got.Stderr)
		}
	}
	// --site given twice means both sites, as a comma does: the first was
	// dropped, and only the last site's pages were searched.
	got := runBinary(t, "", nil, "search", "--archive", db, "--json", "--site", "think.example", "--site", "nowhere.example")
	if got.Code != 0 || got.Stdout != want.Stdout {
		t.Errorf("--site think.example --site nowhere.example: exit %d, %d results; want those of think.example:\n%s", got.Code, strings.Count(got.Stdout, "\n"), got.Stderr)
	}
	res := runBinary(t, "", nil, "search", "--archive", db, "--since", "2025-01-01", "--until", "2020-01-01", "x")
	if res.Code != 2 || !strings.Contains(res.Stderr, "after --until") {
		t.Errorf("--since after --until: exit %d, want 2 and why:\n%s", res.Code, res.Stderr)
	}
}

// TestCrawlUnknownSourceListsSources: --source naming no source of the
// file says which there are (a typo is the usual cause).
func TestCrawlUnknownSourceListsSources(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	dir := t.TempDir()
	cfg := "[[source]]\nname = \"think\"\nseeds = [\"http://127.0.0.1:1/\"]\n[[source]]\nname = \"aggregator\"\nseeds = [\"http://127.0.0.1:1/\"]\n"
	if err := os.WriteFile(filepath.Join(dir, "s.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	res := runBinary(t, dir, nil, "crawl", "--archive", "a.db", "--config", "s.toml", "--source", "thinks")
	if res.Code != 2 || !strings.Contains(res.Stderr, `no source "thinks" in s.toml (it has: think, aggregator)`) {
		t.Errorf("exit %d, want 2 and the sources there are:\n%s", res.Code, res.Stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "a.db")); err == nil {
		t.Errorf("a usage error created the archive")
	}
}

// TestReindexWaitsForAReader: reindex while another read command holds
// the search index (a search bringing it up to date) waits for it, up to
// --lock-wait, as read commands wait for each other; it failed at once
// with "search: index in use by another process", and after the wait it
// says who and what to do.
func TestReindexWaitsForAReader(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	db := readFixture(t)
	if r := runBinary(t, "", nil, "search", "--archive", db, "fox"); r.Code != 0 {
		t.Fatalf("search: exit %d\n%s", r.Code, r.Stderr)
	}
	hold := func() *search.Index {
		ix, err := search.Open(search.IndexDir(db), nil)
		if err != nil {
			t.Fatal(err)
		}
		return ix
	}
	ix := hold()
	r := runBinary(t, "", nil, "reindex", "--archive", db, "--lock-wait", "300ms")
	if r.Code != 1 || !strings.Contains(r.Stderr, "in use by another archivist command") || !strings.Contains(r.Stderr, "300ms (--lock-wait)") {
		t.Errorf("reindex with the index held: exit %d\n%s", r.Code, r.Stderr)
	}
	go func() {
		time.Sleep(500 * time.Millisecond)
		ix.Close()
	}()
	if r := runBinary(t, "", nil, "reindex", "--archive", db, "--lock-wait", "20s"); r.Code != 0 || !strings.Contains(r.Stdout, "indexed 4 versions") {
		t.Errorf("reindex once the index is free: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
}

// TestArchiveThroughASymlink: --archive naming the archive by a symbolic
// link is the archive: its search index is the one beside the file, and
// while a writer holds it, read commands reach the writer. A read command
// given the link failed ("locked by another process, and its read server
// at LINK.sock does not answer"), and search built a second index,
// LINK.index, reading every version through the socket.
func TestArchiveThroughASymlink(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	db := readFixture(t)
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	if r := runBinary(t, "", nil, "search", "--archive", link, "fox"); r.Code != 0 || !strings.Contains(r.Stdout, "think.example") {
		t.Errorf("search through a link: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	if _, err := os.Stat(search.IndexDir(link)); err == nil {
		t.Errorf("search through a link made a second index %s", search.IndexDir(link))
	}
	if _, err := os.Stat(search.IndexDir(db)); err != nil {
		t.Errorf("search through a link did not use the archive's index: %v", err)
	}
	w, err := openWriter(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, args := range [][]string{{"stats"}, {"search", "fox"}, {"show", "https://think.example/a"}} {
		r := runBinary(t, "", nil, append(args, "--archive", link)...)
		if r.Code != 0 || strings.Contains(r.Stderr, "indexed") {
			t.Errorf("%v through a link while a writer holds the archive: exit %d\n%s%s", args, r.Code, r.Stdout, r.Stderr)
		}
	}
	if _, err := os.Stat(search.IndexDir(link)); err == nil {
		t.Errorf("a read command through a link made a second index %s", search.IndexDir(link))
	}
}

// TestFlagGivenTwiceIsSaid: a flag that takes one value, given twice with
// different values, still means the last one (a script or an alias may
// give a default first), but says so: --archive a.db --archive b.db read
// b.db without a word, which a typo in a long command line hides.
func TestFlagGivenTwiceIsSaid(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	db := readFixture(t)
	r := runBinary(t, "", nil, "stats", "--archive", "other.db", "--archive", db)
	if r.Code != 0 || !strings.Contains(r.Stderr, `--archive given twice ("other.db", then "`+db+`"): the last counts`) {
		t.Errorf("--archive twice: exit %d\n%s", r.Code, r.Stderr)
	}
	for _, args := range [][]string{
		{"stats", "--archive", db, "--archive", db},                       // the same value
		{"search", "--archive", db, "--site", "a.org", "--site", "b.org"}, // a list
		{"search", "--archive", db, "--json", "--json", "fox"},            // a switch
	} {
		if r := runBinary(t, "", nil, args...); strings.Contains(r.Stderr, "given twice") {
			t.Errorf("%v: %s", args, r.Stderr)
		}
	}
}

// TestArchiveNotAFile: --archive naming a named pipe or a device is
// refused at once, saying what it is, by readers and writers alike; and a
// writer asked to create an archive in a folder that does not exist says
// so. A pipe hung every command for ever, deaf to Ctrl-C and SIGTERM
// (opening it waits for a writer); /dev/null gave "write /dev/null: bad
// file descriptor"; and crawl into a missing folder was told "no archive
// at ... (crawl first ...)".
func TestArchiveNotAFile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.db"), 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	bin := archivistBinary(t)
	for _, c := range []struct{ archive, want string }{
		{"pipe.db", "pipe.db is a named pipe, not an archivist archive"},
		{"/dev/null", "/dev/null is a device, not an archivist archive"},
	} {
		for _, args := range [][]string{{"stats"}, {"export"}, {"crawl", "http://127.0.0.1:1/"}, {"reextract"}} {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			r, err := execBinary(ctx, bin, dir, nil, nil, append(args, "--archive", c.archive)...)
			cancel()
			if err != nil || r.Code != 1 || !strings.Contains(r.Stderr, c.want) {
				t.Errorf("%v --archive %s: exit %d (%v), want 1 and %q:\n%s", args, c.archive, r.Code, err, c.want, r.Stderr)
			}
		}
	}
	r := runBinary(t, dir, nil, "crawl", "--archive", "no/such/folder/a.db", "http://127.0.0.1:1/")
	if r.Code != 1 || !strings.Contains(r.Stderr, "its directory no/such/folder does not exist") {
		t.Errorf("crawl into a missing folder: exit %d\n%s", r.Code, r.Stderr)
	}
}
