package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/archivist-org/archivist/search"
)

// interruptOnce starts the binary with args in dir, sends SIGINT once
// ready() says it made progress, and returns its exit status and stderr.
func interruptOnce(t *testing.T, dir string, ready func() bool, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(archivistBinary(t), args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	for deadline := time.Now().Add(60 * time.Second); !ready(); time.Sleep(2 * time.Millisecond) {
		select {
		case err := <-exited:
			t.Fatalf("%v ended (%v) before the progress the test waits for\n%s", args, err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("%v made no progress\n%s", args, stderr.String())
		}
	}
	cmd.Process.Signal(syscall.SIGINT)
	<-exited
	return cmd.ProcessState.ExitCode(), stderr.String()
}

// indexedUpTo is the seq the search index of db is synced up to.
func indexedUpTo(t *testing.T, db string) uint64 {
	t.Helper()
	ix, err := search.Open(indexDir(db), &search.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open the index after the interrupt: %v", err)
	}
	defer ix.Close()
	return ix.LastSeq()
}

// archiveSound checks that verify passes and that a reindex then indexes
// every version.
func archiveSound(t *testing.T, dir, db string, versions int) {
	t.Helper()
	if r := runBinary(t, dir, nil, "verify", "--archive", db); r.Code != 0 {
		t.Errorf("verify after the interrupt: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	// Every version is indexed; a version re-extracted out of its page's
	// order (an interrupted reextract leaves some) may be written twice,
	// first as the latest and then flipped, so "indexed" can exceed it.
	r := runBinary(t, dir, nil, "reindex", "--archive", db)
	var indexed int
	if _, err := fmt.Sscanf(r.Stdout, "indexed %d versions", &indexed); r.Code != 0 || err != nil || indexed < versions {
		t.Errorf("reindex after the interrupt: exit %d, want %d versions or more indexed\n%s%s", r.Code, versions, r.Stdout, r.Stderr)
	}
}

// TestReindexInterruptAbandonsTheBatch: Ctrl-C during a rebuild ends it
// without waiting for the batch bleve is building (seconds for 1,000
// versions on a loaded machine): interrupted once the first batch is on
// disk, it exits 130 before the second is committed, where it used to
// commit it first; what it committed stays sound and the next reindex
// rebuilds the whole index.
func TestReindexInterruptAbandonsTheBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and an archive of 6,400 versions")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	buildPushArchive(t, db, 4000) // 6,400 versions: 7 batches
	const versions = 6400
	firstBatchOnDisk := func() bool {
		zaps, _ := filepath.Glob(filepath.Join(indexDir(db), "bleve", "store", "*.zap"))
		return len(zaps) > 0
	}
	code, stderr := interruptOnce(t, dir, firstBatchOnDisk, "reindex", "--archive", db)
	if code != exitCancelled || !strings.Contains(stderr, "interrupted") {
		t.Fatalf("reindex interrupted: exit %d, want %d saying so\n%s", code, exitCancelled, stderr)
	}
	if got := indexedUpTo(t, db); got >= 2*rebuildBatch {
		t.Errorf("the interrupted reindex committed up to seq %d: it waited for the batch in the making", got)
	}
	archiveSound(t, dir, db, versions)
}

// archiveLastSeq is the archive's last seq, as `stats --json` gives it
// (through the read socket of a writer that holds it).
func archiveLastSeq(t *testing.T, dir, db string) uint64 {
	t.Helper()
	r := runBinary(t, dir, nil, "stats", "--json", "--archive", db)
	var st struct {
		LastSeq uint64 `json:"last_seq"`
	}
	if r.Code != 0 || json.Unmarshal([]byte(r.Stdout), &st) != nil {
		t.Fatalf("stats --json: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	return st.LastSeq
}

// TestReextractInterruptSkipsTheSync: Ctrl-C during reextract ends it
// without indexing what it re-extracted (thousands of versions: it used
// to sync them all, uninterruptibly, before exiting); the next sync or
// reindex does.
func TestReextractInterruptSkipsTheSync(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and an archive of 6,400 versions")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	buildPushArchive(t, db, 4000) // its articles are not what the extractor makes of its pages: all change
	const versions = 6400
	if r := runBinary(t, dir, nil, "reindex", "--archive", db); r.Code != 0 {
		t.Fatalf("reindex: exit %d\n%s", r.Code, r.Stderr)
	}
	reextracted := func() bool {
		_, err := os.Stat(db + ".sock")
		return err == nil && archiveLastSeq(t, dir, db) > versions+500
	}
	code, stderr := interruptOnce(t, dir, reextracted, "reextract", "--all", "--archive", db)
	if code != exitCancelled || !strings.Contains(stderr, "interrupted") {
		t.Fatalf("reextract interrupted: exit %d, want %d saying so\n%s", code, exitCancelled, stderr)
	}
	if last, got := archiveLastSeq(t, dir, db), indexedUpTo(t, db); got >= last {
		t.Errorf("the interrupted reextract indexed up to seq %d of %d: it synced before exiting", got, last)
	}
	archiveSound(t, dir, db, versions)
}

// TestCrawlInterruptSkipsTheSync: Ctrl-C during a crawl ends it without
// indexing the pages recorded since its last sync (up to a batch: it used
// to sync them, uninterruptibly, on its way out); the next sync does.
func TestCrawlInterruptSkipsTheSync(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	h := crawlSite(t, 40)
	h.SetDelay(100 * time.Millisecond)
	fetched := func() bool { return h.Total() >= 6 }
	code, stderr := interruptOnce(t, dir, fetched, "crawl", "--archive", db, "--allow-private", "--delay", "0", h.URL+"/")
	if code != exitCancelled || !strings.Contains(stderr, "interrupted") {
		t.Fatalf("crawl interrupted: exit %d, want %d saying so\n%s", code, exitCancelled, stderr)
	}
	// Ctrl-C is what the user asked for: the sync it skips is no warning
	// (it said `search index sync err="context canceled"`).
	if strings.Contains(stderr, "level=WARN") {
		t.Errorf("an interrupted crawl warns:\n%s", stderr)
	}
	last := archiveLastSeq(t, dir, db)
	if got := indexedUpTo(t, db); last == 0 || got >= last {
		t.Errorf("the interrupted crawl indexed up to seq %d of %d: it synced before exiting", got, last)
	}
	archiveSound(t, dir, db, int(last))
}
