package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/crawler/testsite"
	"github.com/archivist-org/archivist/warcio"
)

// TestCrawlFullDisk (issue 6): when the archive file cannot grow (here a
// file-size limit on the process, which fails writes with EFBIG exactly as
// a full disk fails them with ENOSPC), the crawl stops early with a clear
// error instead of fetching pages it cannot keep; the archive stays
// consistent, and once there is room the same command resumes and finishes.
func TestCrawlFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("needs bash for ulimit")
	}
	const n = 60
	h := longReports(t, n)
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	crawl := fmt.Sprintf("%q crawl --archive %q --allow-private --delay 0 %q", archivistBinary(t), db, h.URL+"/")

	// 256 KiB: room for the first pages only.
	cmd := exec.Command("bash", "-c", "trap '' XFSZ; ulimit -f 256; exec "+crawl)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("crawl into a full file succeeded:\n%s", out)
	}
	if !strings.Contains(string(out), "archive cannot be written") || !strings.Contains(string(out), "file too large") {
		t.Errorf("no clear error about the archive being full:\n%s", out)
	}
	if got := h.Total(); got >= n {
		t.Errorf("the crawl fetched %d pages after the archive filled up; it should stop early", got)
	}

	a, err := archive.Open(db, &archive.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("open after full disk: %v", err)
	}
	if rep, err := a.Verify(context.Background()); err != nil {
		t.Fatalf("verify after full disk: %v %v", err, rep.Problems)
	}
	a.Close()

	// Room again: the same command resumes and completes.
	r := runBinary(t, dir, nil, "crawl", "--archive", db, "--allow-private", "--delay", "0", h.URL+"/")
	if r.Code != 0 {
		t.Fatalf("crawl with room: exit %d\n%s", r.Code, r.Stderr)
	}
	if !strings.Contains(r.Stdout, "(resumed)") {
		t.Errorf("second run did not resume the stopped one:\n%s", r.Stdout)
	}
	a, err = archive.Open(db, &archive.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	st, err := a.Stats(context.Background())
	if err != nil || st.Versions != n {
		t.Errorf("after resuming: %d versions (err %v), want %d", st.Versions, err, n)
	}
}

// TestCrawlFullDiskStopsEverySource: when the archive fills up during one
// source of a sources file, the sources after it are not crawled: each
// fetched its pages (and hammered its site) only to fail its first write,
// printing one more "archive cannot be written" block per source.
func TestCrawlFullDiskStopsEverySource(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	first := longReports(t, 60)
	second := longReports(t, 5)
	dir := t.TempDir()
	config := fmt.Sprintf("[[source]]\nname = \"first\"\nseeds = [%q]\ndelay = \"0s\"\n\n[[source]]\nname = \"second\"\nseeds = [%q]\ndelay = \"0s\"\n", first.URL+"/", second.URL+"/")
	if err := os.WriteFile(filepath.Join(dir, "sources.toml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := withFileLimit(t, dir, 256, "crawl", "--archive", "a.db", "--allow-private", "--config", "sources.toml").CombinedOutput()
	if err == nil {
		t.Fatalf("crawl into a full file succeeded:\n%s", out)
	}
	if got := second.Total(); got != 0 {
		t.Errorf("the source after the archive filled up was crawled (%d requests):\n%s", got, out)
	}
	if !strings.Contains(string(out), "second") {
		t.Errorf("the output does not name the source left uncrawled:\n%s", out)
	}
}

// TestReindexFullDisk: a rebuild whose index cannot grow (the file-size
// limit as above) fails saying why, and the next one, with room, rebuilds
// it whole. bleve panicked settling merges at close after the failed
// commit, so reindex ended with "internal error: assignment to entry in
// nil map (a bug...)" instead of the write error, and left a segment that
// failed its checksum.
func TestReindexFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	n := crawlLongReports(t, dir)
	// 256 KiB: less than the index of 40 long reports.
	out, err := withFileLimit(t, dir, 256, "reindex", "--archive", "a.db").CombinedOutput()
	if err == nil || crashRE.MatchString(string(out)) || strings.Contains(string(out), "internal error") ||
		!strings.Contains(string(out), "file too large") {
		t.Fatalf("reindex into a full disk: %v, want exit 1 naming the write error:\n%s", err, out)
	}
	if r := runBinary(t, dir, nil, "reindex", "--archive", "a.db"); r.Code != 0 {
		t.Fatalf("reindex with room: exit %d\n%s", r.Code, r.Stderr)
	}
	r := runBinary(t, dir, nil, "search", "--archive", "a.db", "--limit", "100", "long report")
	if r.Code != 0 || strings.Count(r.Stdout, "/2025/06/long-report-") != n {
		t.Errorf("search after the rebuild: exit %d, %d of %d reports\n%s", r.Code, strings.Count(r.Stdout, "/2025/06/long-report-"), n, r.Stderr)
	}
}

// TestImportFullDisk: an import into an archive that cannot grow stops at
// the first write that fails, saying so once, as a crawl does; the same
// import run again with room completes it. It went on through every
// record, failing each and printing one line per record (1,223 lines for
// a 1,500-record WARC).
func TestImportFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("needs bash for ulimit")
	}
	const n = 60
	dir := t.TempDir()
	w, err := warcio.Create(filepath.Join(dir, "in.warc.gz"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		body := testsite.ArticleHTML(fmt.Sprintf("Long report %d", i), "Kim Park", "2025-06-01", uint64(i+3), 2500, 0)
		if _, err := w.WriteResponse(warcio.Capture{URL: fmt.Sprintf("https://institute.example/2025/06/long-report-%d", i),
			Date: t0.Add(time.Duration(i) * time.Minute), Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: []byte(body)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", "-c", fmt.Sprintf("trap '' XFSZ; ulimit -f 256; exec %q import --archive a.db in.warc.gz", archivistBinary(t)))
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err = cmd.Run()
	if err == nil || strings.Count(stderr.String(), "\n") != 1 || !strings.Contains(stderr.String(), "the archive cannot be written") ||
		!strings.Contains(stderr.String(), "file too large") {
		t.Fatalf("import into a full archive: %v, want exit 1 and one line saying the archive cannot be written:\n%s", err, stderr.String())
	}
	r := runBinary(t, dir, nil, "import", "--archive", "a.db", "--json", "in.warc.gz")
	var st struct{ New, Unchanged, Errors int }
	if r.Code != 0 || json.Unmarshal([]byte(r.Stdout), &st) != nil || st.New == 0 || st.Unchanged == 0 || st.New+st.Unchanged != n {
		t.Errorf("import with room: exit %d, %+v, want the %d captures new or unchanged\n%s%s", r.Code, st, n, r.Stdout, r.Stderr)
	}
}

// longReports serves n reports of 2,500 words, /2025/06/long-report-I,
// linked from its home page.
func longReports(t *testing.T, n int) *testsite.Host {
	t.Helper()
	h := testsite.Start(1)[0]
	t.Cleanup(h.Close)
	var links []string
	for i := 0; i < n; i++ {
		p := fmt.Sprintf("/2025/06/long-report-%d", i)
		links = append(links, p)
		h.HTML(p, testsite.ArticleHTML(fmt.Sprintf("Long report %d", i), "Kim Park", "2025-06-01", uint64(i+3), 2500, 0))
	}
	h.HTML("/", testsite.HubHTML("Home", links...))
	return h
}

// crawlLongReports crawls 40 long reports into dir/a.db (about 2 MB) and
// returns how many.
func crawlLongReports(t *testing.T, dir string) int {
	t.Helper()
	const n = 40
	h := longReports(t, n)
	if r := runBinary(t, dir, nil, "crawl", "--archive", "a.db", "--allow-private", "--delay", "0", h.URL+"/"); r.Code != 0 {
		t.Fatalf("crawl: exit %d\n%s", r.Code, r.Stderr)
	}
	return n
}

// withFileLimit is the command archivist ARGS in dir, under a limit of
// kib KiB on the size of the files it writes: writes beyond fail with
// EFBIG, as they fail with ENOSPC on a full disk.
func withFileLimit(t *testing.T, dir string, kib int, args ...string) *exec.Cmd {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("needs bash for ulimit")
	}
	line := fmt.Sprintf("trap '' XFSZ; ulimit -f %d; exec %q", kib, archivistBinary(t))
	for _, a := range args {
		line += fmt.Sprintf(" %q", a)
	}
	cmd := exec.Command("bash", "-c", line)
	cmd.Dir = dir
	return cmd
}

// TestSalvageFullDisk: a salvage that cannot finish (here a full disk)
// leaves no NEW.db, and says so: it left a partial archive there that
// verified as sound, read as the whole salvage ("salvaged 37 versions
// into s.db"), and that the next run refused to overwrite ("s.db exists").
// The same command with room then salvages everything.
func TestSalvageFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	n := crawlLongReports(t, dir)
	var stderr strings.Builder
	cmd := withFileLimit(t, dir, 256, "salvage", "--archive", "a.db", "new.db")
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil || !strings.Contains(stderr.String(), "new.db was not written") {
		t.Fatalf("salvage into a full disk: %v, want exit 1 saying new.db was not written:\n%s", err, stderr.String())
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*new.db*")); len(m) > 0 {
		t.Fatalf("a failed salvage left %v", m)
	}
	r := runBinary(t, dir, nil, "salvage", "--archive", "a.db", "new.db")
	if r.Code != 0 || !strings.Contains(r.Stdout, fmt.Sprintf("salvaged %d versions into new.db", n)) {
		t.Fatalf("salvage with room: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".new.db*")); len(m) > 0 {
		t.Errorf("salvage left %v beside new.db", m)
	}
}
