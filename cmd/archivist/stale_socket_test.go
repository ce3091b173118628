package main

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// startSlowCrawl starts a real crawl of a slow test site into db and
// returns once its read socket is up and it has fetched a page.
func startSlowCrawl(t *testing.T, dir, db string) *exec.Cmd {
	t.Helper()
	h := crawlSite(t, 40)
	h.SetDelay(300 * time.Millisecond)
	cmd := exec.Command(archivistBinary(t), "crawl", "--archive", db, "--allow-private", "--delay", "0", "-q", h.URL+"/")
	cmd.Dir = dir
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(db + ".sock"); err == nil && h.Total() >= 2 {
			return cmd
		}
		if time.Now().After(deadline) {
			t.Fatal("the crawl never served its read socket")
		}
	}
}

// TestKilledWritersSocketCleanedByReaders: a writing command killed with
// -9 leaves ARCHIVE.sock behind; the next open of any kind (here read
// commands, which used to leave it for `ls` to show) removes it, since the
// lock it takes says no writer runs, and still works.
func TestKilledWritersSocketCleanedByReaders(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	for _, read := range [][]string{{"stats"}, {"search", "region"}, {"verify"}} {
		crawl := startSlowCrawl(t, dir, db)
		crawl.Process.Kill()
		crawl.Wait()
		if _, err := os.Lstat(db + ".sock"); err != nil {
			t.Fatalf("no socket left by the killed crawl (%v): the test no longer kills a live writer", err)
		}
		r := runBinary(t, dir, nil, append(read, "--archive", db)...)
		if r.Code != 0 {
			t.Fatalf("%v after a killed crawl: exit %d\n%s%s", read, r.Code, r.Stdout, r.Stderr)
		}
		if _, err := os.Lstat(db + ".sock"); err == nil {
			t.Errorf("%v left the killed crawl's socket in place", read)
		}
	}
}

// TestLiveWritersSocketKept: read commands never remove the socket of a
// writer that runs, neither while it holds the archive (they read through
// the socket) nor when the file at the path was replaced under it (the
// reader then holds the lock of another file, and the socket answers).
func TestLiveWritersSocketKept(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	other := filepath.Join(dir, "other.db")
	site := crawlSite(t, 3)
	if r := runBinary(t, dir, nil, "crawl", "--archive", other, "--allow-private", "--delay", "0", "-q", site.URL+"/"); r.Code != 0 {
		t.Fatalf("crawl of the replacement archive: exit %d\n%s", r.Code, r.Stderr)
	}
	crawl := startSlowCrawl(t, dir, db)
	sockAnswers := func(when string) {
		t.Helper()
		c, err := net.Dial("unix", db+".sock")
		if err != nil {
			t.Fatalf("%s: the live crawl's socket is gone: %v", when, err)
		}
		c.Close()
	}
	if r := runBinary(t, dir, nil, "stats", "--archive", db); r.Code != 0 {
		t.Fatalf("stats through the live crawl: exit %d\n%s", r.Code, r.Stderr)
	}
	sockAnswers("after stats through it")

	if err := os.Rename(other, db); err != nil {
		t.Fatal(err)
	}
	for _, read := range [][]string{{"stats"}, {"verify"}} {
		r := runBinary(t, dir, nil, append(read, "--archive", db)...)
		if r.Code != 0 {
			t.Fatalf("%v of the replacement archive: exit %d\n%s%s", read, r.Code, r.Stdout, r.Stderr)
		}
		sockAnswers("after " + read[0] + " of the file replaced under it")
	}
	crawl.Process.Signal(syscall.SIGINT)
	crawl.Wait()
}
