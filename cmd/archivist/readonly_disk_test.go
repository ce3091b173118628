package main

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/archivist-org/archivist/crawler/testsite"
	"github.com/archivist-org/archivist/search"
)

// TestReadOnlyArchive (issue 6): an archive its user cannot write (files
// 0444, directory 0555; as root the commands run as nobody, since root
// ignores permissions) still serves every read command, search included
// (its index is opened read-only and not synced); crawl and the other
// writing commands fail at once with a message naming the file and saying
// it is read-only; nothing is changed, and once writable again the
// archive verifies. With only the index read-only, a crawl goes on without
// it.
func TestReadOnlyArchive(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	h := crawlSite(t, 5)
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	crawl := func(run func(args ...string) binResult) binResult {
		return run("crawl", "--archive", db, "--allow-private", "--delay", "0", h.URL+"/")
	}
	asMe := func(args ...string) binResult { return runBinary(t, dir, nil, args...) }
	if r := crawl(asMe); r.Code != 0 {
		t.Fatalf("crawl: exit %d\n%s", r.Code, r.Stderr)
	}
	// A second crawl with one page revised, indexed only in the archive:
	// the search index is put back as it was before, one version behind.
	stale := filepath.Join(t.TempDir(), "index")
	if err := os.CopyFS(stale, os.DirFS(search.IndexDir(db))); err != nil {
		t.Fatal(err)
	}
	revised := "/2025/04/analysis-number-0-of-the-region"
	h.HTML(revised, testsite.ArticleHTML("Analysis 0 of the region, revised", "Sam Roe", "2025-04-01", 99, 350, 0))
	if r := crawl(asMe); r.Code != 0 {
		t.Fatalf("second crawl: exit %d\n%s", r.Code, r.Stderr)
	}
	wantExport := asMe("export", "--archive", db)
	if wantExport.Code != 0 {
		t.Fatalf("export: exit %d\n%s", wantExport.Code, wantExport.Stderr)
	}
	if err := os.RemoveAll(search.IndexDir(db)); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(search.IndexDir(db), os.DirFS(stale)); err != nil {
		t.Fatal(err)
	}

	// A WARC to import (an input that is not one is refused before the
	// archive is opened).
	warc := writeTestWARC(t, dir, "in.warc", 1)

	as := asMe
	if os.Geteuid() == 0 {
		cred := &syscall.Credential{Uid: 65534, Gid: 65534}
		if err := readOnlyForOther(dir, cred); err != nil {
			t.Skipf("cannot run the binary as uid %d: %v", cred.Uid, err)
		}
		as = func(args ...string) binResult { return runBinaryAs(t, cred, dir, args...) }
		if r := as("--help"); r.Code != 0 {
			t.Skipf("cannot run the binary as uid %d: exit %d %s", cred.Uid, r.Code, r.Stderr)
		}
	}
	before := treeHash(t, dir)
	setWritable(t, dir, false)
	t.Cleanup(func() { setWritable(t, dir, true) })
	if os.Geteuid() != 0 {
		if f, err := os.OpenFile(db, os.O_WRONLY, 0); err == nil {
			f.Close()
			t.Skip("chmod does not stop writes here")
		}
	}

	t.Run("writers", func(t *testing.T) {
		start := time.Now()
		fetched := h.Total()
		r := crawl(as)
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("crawl took %s to fail; it should fail at once", took)
		}
		if h.Total() != fetched {
			t.Errorf("crawl fetched %d pages it could not keep", h.Total()-fetched)
		}
		expectClear(t, r, "crawl", db, "read-only")
		expectClear(t, as("import", "--archive", db, warc), "import", db, "read-only")
		expectClear(t, as("reextract", "--archive", db), "reextract", db, "read-only")
		expectClear(t, as("reindex", "--archive", db), "reindex", search.IndexDir(db), "cannot be written")
		newDB := filepath.Join(dir, "new.db")
		expectClear(t, as("crawl", "--archive", newDB, "--allow-private", h.URL+"/"), "crawl into a new file", newDB, "cannot be written")
	})

	t.Run("readers", func(t *testing.T) {
		u := h.URL + revised
		for _, args := range [][]string{
			{"stats"},
			{"verify"},
			{"crawls"},
			{"history", u},
			{"show", u},
			{"show", "--format", "json", u},
			{"diff", u},
			{"copies", u},
		} {
			r := as(append(args, "--archive", db)...)
			if r.Code != 0 || r.Stdout == "" {
				t.Errorf("%v on a read-only archive: exit %d\n%s%s", args, r.Code, r.Stdout, r.Stderr)
			}
		}
		if r := as("export", "--archive", db); r.Code != 0 || r.Stdout != wantExport.Stdout {
			t.Errorf("export on a read-only archive: exit %d, same output: %v\n%s", r.Code, r.Stdout == wantExport.Stdout, r.Stderr)
		}
		r := as("search", "--archive", db, "region")
		if r.Code != 0 || !strings.Contains(r.Stdout, "Analysis 3 of the region") {
			t.Errorf("search on a read-only archive: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
		}
		if !strings.Contains(r.Stderr, "read-only and misses 1 version archived") {
			t.Errorf("search did not say its read-only index misses the newest version:\n%s", r.Stderr)
		}
	})

	after := treeHash(t, dir)
	for p, sum := range before {
		if after[p] != sum {
			t.Errorf("%s changed on a read-only archive", p)
		}
	}
	if len(after) != len(before) {
		t.Errorf("files appeared on a read-only archive: %d, were %d", len(after), len(before))
	}
	setWritable(t, dir, true)
	if r := asMe("verify", "--archive", db); r.Code != 0 {
		t.Errorf("verify once writable again: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}

	// Only the index read-only (say another user made it): search is
	// derived, so a crawl goes on without it and says so.
	setWritable(t, search.IndexDir(db), false)
	h.HTML(revised, testsite.ArticleHTML("Analysis 0 of the region, revised twice", "Sam Roe", "2025-04-01", 98, 350, 0))
	if r := crawl(as); r.Code != 0 || !strings.Contains(r.Stderr, "search index not available") {
		t.Errorf("crawl beside a read-only index: exit %d, want 0 and a warning\n%s", r.Code, r.Stderr)
	}
	if r := as("search", "--archive", db, "region"); r.Code != 0 || !strings.Contains(r.Stderr, "misses 2 versions") {
		t.Errorf("search of a read-only index two versions behind: exit %d\n%s", r.Code, r.Stderr)
	}
}

// expectClear checks that a command failed with status 1 and a one-line
// message naming name and saying why, not a panic.
func expectClear(t *testing.T, r binResult, what, name, why string) {
	t.Helper()
	msg := strings.TrimSpace(r.Stderr)
	switch {
	case r.Code != exitError:
		t.Errorf("%s on a read-only archive: exit %d, want %d\n%s%s", what, r.Code, exitError, r.Stdout, r.Stderr)
	case strings.Contains(msg, "panic") || strings.Contains(msg, "goroutine "):
		t.Errorf("%s on a read-only archive panicked:\n%s", what, msg)
	case !strings.Contains(msg, name) || !strings.Contains(msg, why):
		t.Errorf("%s on a read-only archive: the error should name %s and say %q:\n%s", what, name, why, msg)
	default:
		t.Logf("%s: %s", what, msg)
	}
}

// readOnlyForOther lets the user of cred reach dir and makes it the
// owner of everything in it (so only the permission bits stop it).
func readOnlyForOther(dir string, cred *syscall.Credential) error {
	// t.TempDir's parent is private to us; the ones above must let
	// others through already.
	if err := os.Chmod(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	for p := filepath.Dir(filepath.Dir(dir)); ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil {
			return err
		}
		if fi.Mode().Perm()&0o001 == 0 {
			return fmt.Errorf("%s is not searchable by others", p)
		}
		if p == filepath.Dir(p) {
			break
		}
	}
	return filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, int(cred.Uid), int(cred.Gid))
	})
}

// setWritable makes the files under dir 0644 and directories 0755, or
// 0444 and 0555.
func setWritable(t *testing.T, dir string, w bool) {
	t.Helper()
	file, sub := os.FileMode(0o444), os.FileMode(0o555)
	if w {
		file, sub = 0o644, 0o755
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.Chmod(p, sub)
		}
		return os.Chmod(p, file)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// treeHash returns the SHA-256 of every file under dir.
func treeHash(t *testing.T, dir string) map[string][sha256.Size]byte {
	t.Helper()
	sums := map[string][sha256.Size]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		sums[p] = sha256.Sum256(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

// TestReadOnlyMount: on read-only storage (a snapshot, a read-only
// mount: EROFS, not a permission) search and copies use the index as it
// is, and an archive without an index says reindex is needed where it
// can be written, as with files the user cannot write (TestReadOnlyArchive);
// they failed with "open ….index/state.db: read-only file system" and
// "mkdir ….index: read-only file system". Needs root (a bind mount).
func TestReadOnlyMount(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root for a read-only bind mount")
	}
	h := crawlSite(t, 3)
	src := t.TempDir()
	db := filepath.Join(src, "a.db")
	if r := runBinary(t, src, nil, "crawl", "--archive", db, "--allow-private", "--delay", "0", h.URL+"/"); r.Code != 0 {
		t.Fatalf("crawl: exit %d\n%s", r.Code, r.Stderr)
	}
	// The same archive without an index.
	noIndex := filepath.Join(src, "noindex.db")
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(noIndex, b, 0o600)
	mnt := t.TempDir()
	if err := syscall.Mount(src, mnt, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("cannot bind-mount: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(mnt, 0) })
	if err := syscall.Mount(src, mnt, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount read-only: %v", err)
	}
	ro := filepath.Join(mnt, "a.db")
	u := h.URL + "/2025/04/analysis-number-1-of-the-region"
	if r := runBinary(t, mnt, nil, "search", "--archive", ro, "region"); r.Code != 0 || !strings.Contains(r.Stdout, "Analysis 1 of the region") {
		t.Errorf("search on a read-only mount: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	if r := runBinary(t, mnt, nil, "copies", "--archive", ro, u); r.Code != 0 || !strings.Contains(r.Stdout, "no copies found") {
		t.Errorf("copies on a read-only mount: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	r := runBinary(t, mnt, nil, "search", "--archive", filepath.Join(mnt, "noindex.db"), "region")
	if r.Code != 1 || !strings.Contains(r.Stderr, "has no search index and none can be made beside it") || !strings.Contains(r.Stderr, "archivist reindex") {
		t.Errorf("search of an unindexed archive on a read-only mount: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
}
