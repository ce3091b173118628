package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/archivist-org/archivist/search"
)

// damageFixture crawls a small site into dir/a.db (indexed) and exports
// its pages as a WARC for import; it returns the site's URL.
func damageFixture(t *testing.T, dir string) string {
	t.Helper()
	h := crawlSite(t, 6)
	db := filepath.Join(dir, "a.db")
	if r := runBinary(t, dir, nil, "crawl", "--archive", db, "--allow-private", "--delay", "0", h.URL+"/"); r.Code != 0 {
		t.Fatalf("crawl: exit %d\n%s", r.Code, r.Stderr)
	}
	if r := runBinary(t, dir, nil, "export", "--archive", db, "--all-versions", "--format", "warc", "-o", filepath.Join(dir, "in.warc.gz")); r.Code != 0 {
		t.Fatalf("export warc: exit %d\n%s", r.Code, r.Stderr)
	}
	return h.URL
}

// damageIndex damages the index of the archive at db one way, and returns
// the name of the segment a segment's damage is done to.
func damageIndex(t *testing.T, db, kind string) (segment string) {
	t.Helper()
	store := filepath.Join(search.IndexDir(db), "bleve", "store")
	zaps, _ := filepath.Glob(filepath.Join(store, "*.zap"))
	var biggest string
	var size int64
	for _, z := range zaps {
		if fi, err := os.Stat(z); err == nil && fi.Size() > size {
			biggest, size = z, fi.Size()
		}
	}
	var err error
	switch kind {
	case "flipped segment":
		var b []byte
		if b, err = os.ReadFile(biggest); err == nil {
			for i := 0; i < 8; i++ {
				b[len(b)-200+i*20] ^= 0xff
			}
			err = os.WriteFile(biggest, b, 0o600)
		}
	case "truncated segment":
		err = os.Truncate(biggest, size/2)
	case "missing segment":
		err = os.Remove(biggest)
	case "no root.bolt":
		err = os.Remove(filepath.Join(store, "root.bolt"))
	case "no bleve folder":
		err = os.RemoveAll(filepath.Join(search.IndexDir(db), "bleve"))
	case "truncated state.db":
		err = os.Truncate(filepath.Join(search.IndexDir(db), "state.db"), 5000)
	case "state.db cut at a page":
		// Long enough for bbolt to map, short of its last commit: it
		// faulted (SIGBUS) reading past the end.
		err = os.Truncate(filepath.Join(search.IndexDir(db), "state.db"), 16384)
	case "root.bolt cut at a page":
		err = os.Truncate(filepath.Join(store, "root.bolt"), 16384)
	case "overwritten state.db":
		var f *os.File
		if f, err = os.OpenFile(filepath.Join(search.IndexDir(db), "state.db"), os.O_WRONLY, 0); err == nil {
			_, err = f.WriteAt(bytes.Repeat([]byte{0x5a}, 8192), 0) // both meta pages
			f.Close()
		}
	}
	if err != nil || biggest == "" {
		t.Fatalf("damaging the index (%s): %v (segment %q)", kind, err, biggest)
	}
	return filepath.Base(biggest)
}

var crashRE = regexp.MustCompile(`panic|goroutine \d|fault|SIGBUS|SIGSEGV`)

// strayLogRE matches a line in the log package's form, which bleve writes
// with ("2026/12/07 14:55:58 unable to load snapshot, ..., continuing").
var strayLogRE = regexp.MustCompile(`(?m)^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d `)

// treeSum hashes every file under dir (names and contents); "" when dir
// is missing.
func treeSum(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		fmt.Fprintf(h, "%s %d\n", p, len(b))
		h.Write(b)
		return err
	})
	if errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Every command that uses the index survives each kind of damage to it,
// with no crash. Read commands (search, copies, show, export) only read:
// they exit 1 saying the index is damaged and to run reindex, after
// showing what does not depend on it, and leave the index as it was.
// Commands that write (crawl, import, reextract, reindex) rebuild it from
// the archive: search finds every page again.
func TestDamagedIndexEveryCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	base := t.TempDir()
	site := damageFixture(t, base)
	page := site + "/2025/04/analysis-number-3-of-the-region"
	commands := []struct {
		args []string
		read bool
	}{
		{[]string{"search", "region"}, true},
		{[]string{"copies", page}, true},
		{[]string{"show", page}, true},
		{[]string{"history", page}, true},
		{[]string{"export", "-o", "out.jsonl"}, true},
		{[]string{"crawl", "--allow-private", "--delay", "0", site + "/"}, false},
		{[]string{"import", "in.warc.gz"}, false},
		{[]string{"reextract"}, false},
		{[]string{"reindex"}, false},
	}
	for _, kind := range []string{"flipped segment", "truncated segment", "missing segment", "no root.bolt", "no bleve folder", "truncated state.db", "state.db cut at a page", "root.bolt cut at a page", "overwritten state.db"} {
		for _, c := range commands {
			args := c.args
			t.Run(kind+"/"+args[0], func(t *testing.T) {
				dir := t.TempDir()
				copyTree(t, base, dir)
				db := filepath.Join(dir, "a.db")
				segment := damageIndex(t, db, kind)
				bleveDir := filepath.Join(search.IndexDir(db), "bleve")
				before := treeSum(t, bleveDir)
				r := runBinary(t, dir, nil, append(args, "--archive", db)...)
				if crashRE.MatchString(r.Stderr) {
					t.Fatalf("%v: crashed (exit %d)\n%s", args, r.Code, r.Stderr)
				}
				if strayLogRE.MatchString(r.Stderr) {
					t.Errorf("%v: a dependency's own log line on stderr:\n%s", args, r.Stderr)
				}
				if kind == "missing segment" && (args[0] == "search" || !c.read && args[0] != "reindex") &&
					!strings.Contains(r.Stderr, segment+" is missing") {
					t.Errorf("%v: the missing segment is not named:\n%s", args, r.Stderr)
				}
				if c.read {
					// copies, show and export read only state.db (fingerprints
					// and copy groups), never the damaged full-text part: they
					// answer in full. search reads it: exit 1, naming it; so
					// do they all when state.db is the damaged part, but
					// history, which never opens the index.
					if args[0] == "search" || strings.Contains(kind, "state.db") && args[0] != "history" {
						if r.Code != 1 || !strings.Contains(r.Stderr, search.IndexDir(db)+" is damaged: run 'archivist reindex") {
							t.Fatalf("%v: exit %d, want 1 and the index named as damaged with what to run:\n%s", args, r.Code, r.Stderr)
						}
					} else if r.Code != 0 {
						t.Fatalf("%v: exit %d, want 0 (it does not read the damaged part):\n%s", args, r.Code, r.Stderr)
					}
					if after := treeSum(t, bleveDir); after != before {
						t.Errorf("%v wrote to the damaged index (a read command must not rebuild it)", args)
					}
					switch args[0] {
					case "show":
						if !strings.Contains(r.Stdout, "Analysis 3 of the region") {
							t.Errorf("show printed no article beside the damaged index:\n%s", r.Stdout)
						}
					case "history":
						if !strings.Contains(r.Stdout, "analysis-number-3") {
							t.Errorf("history printed no page beside the damaged index:\n%s", r.Stdout)
						}
					case "export":
						if out, _ := os.ReadFile(filepath.Join(dir, "out.jsonl")); strings.Count(string(out), "\n") < 6 {
							t.Errorf("export wrote %d lines beside the damaged index, want every page", strings.Count(string(out), "\n"))
						}
					}
					// Still damaged for the next reader; reindex repairs it.
					if s := runBinary(t, dir, nil, "search", "--archive", db, "region"); s.Code != 1 {
						t.Errorf("search after %v: exit %d, want 1 (still damaged)", args, s.Code)
					}
					if x := runBinary(t, dir, nil, "reindex", "--archive", db); x.Code != 0 {
						t.Fatalf("reindex: exit %d\n%s", x.Code, x.Stderr)
					}
				} else {
					if r.Code != 0 {
						t.Fatalf("%v: exit %d\n%s", args, r.Code, r.Stderr)
					}
					if !strings.Contains(r.Stderr, "damaged") && args[0] != "reindex" {
						t.Errorf("%v: the damage is not mentioned:\n%s", args, r.Stderr)
					}
				}
				s := runBinary(t, dir, nil, "search", "--archive", db, "--limit", "50", "region")
				if s.Code != 0 || strings.Count(s.Stdout, "analysis-number-") < 6 {
					t.Errorf("search after %v: exit %d, want all 6 pages:\n%s%s", args, s.Code, s.Stdout, s.Stderr)
				}
			})
		}
	}
}

// An index copied from another archive, or ahead of its archive (the
// archive restored from an older copy), is never trusted: read commands
// exit 1 saying it does not match and to run reindex, and leave it as it
// is; a command that writes rebuilds it, after which search answers with
// this archive's pages only.
func TestForeignAndNewerIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dirA, dirB := t.TempDir(), t.TempDir()
	damageFixture(t, dirA)
	siteB := damageFixture(t, dirB)
	dbA, dbB := filepath.Join(dirA, "a.db"), filepath.Join(dirB, "a.db")
	pageB := siteB + "/2025/04/analysis-number-3-of-the-region"

	// Every read command refuses the index, unchanged; then the writer
	// (an import of what the archive holds already) rebuilds it.
	mismatch := func(t *testing.T, dir, db, why string) {
		t.Helper()
		bleveDir := filepath.Join(search.IndexDir(db), "bleve")
		before := treeSum(t, bleveDir)
		for _, args := range [][]string{{"search", "region"}, {"copies", pageB}, {"show", pageB}, {"export", "-o", "out.jsonl"}} {
			r := runBinary(t, dir, nil, append(args, "--archive", db)...)
			if r.Code != 1 || crashRE.MatchString(r.Stderr) || !strings.Contains(r.Stderr, why) ||
				!strings.Contains(r.Stderr, search.IndexDir(db)+" does not match its archive: run 'archivist reindex") {
				t.Errorf("%v: exit %d, want 1, %q and what to run:\n%s", args, r.Code, why, r.Stderr)
			}
			if args[0] == "search" && strings.Contains(r.Stdout, "analysis-number-") {
				t.Errorf("search answered from the mismatched index:\n%s", r.Stdout)
			}
		}
		if after := treeSum(t, bleveDir); after != before {
			t.Errorf("read commands wrote to the mismatched index")
		}
		if err := copyFile(filepath.Join(dirB, "in.warc.gz"), filepath.Join(dir, "in.warc.gz")); err != nil {
			t.Fatal(err)
		}
		if r := runBinary(t, dir, nil, "import", "--archive", db, "in.warc.gz"); r.Code != 0 || !strings.Contains(r.Stderr, why) {
			t.Fatalf("import (a writer) over the mismatched index: exit %d, want 0 and %q:\n%s", r.Code, why, r.Stderr)
		}
	}

	// Foreign: B's archive with A's index.
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	if err := copyFile(dbB, db); err != nil {
		t.Fatal(err)
	}
	copyTree(t, search.IndexDir(dbA), search.IndexDir(db))
	mismatch(t, dir, db, "another archive")
	r := runBinary(t, dir, nil, "search", "--archive", db, "--limit", "50", "region")
	if n := strings.Count(r.Stdout, siteB); r.Code != 0 || n != 6 || strings.Count(r.Stdout, "analysis-number-") != 6 {
		t.Errorf("search over the rebuilt index: exit %d, %d hits of this archive, want 6 and no other:\n%s%s", r.Code, n, r.Stdout, r.Stderr)
	}

	// Newer: the archive goes back to an older copy, the index stays.
	older := filepath.Join(t.TempDir(), "old.db")
	if err := copyFile(dbB, older); err != nil {
		t.Fatal(err)
	}
	h := crawlSite(t, 9) // a new site: 9 more pages in B's archive and index
	if r := runBinary(t, dirB, nil, "crawl", "--archive", dbB, "--allow-private", "--delay", "0", h.URL+"/"); r.Code != 0 {
		t.Fatalf("crawl: exit %d\n%s", r.Code, r.Stderr)
	}
	if err := copyFile(older, dbB); err != nil {
		t.Fatal(err)
	}
	mismatch(t, dirB, dbB, "restored from an older copy")
	r = runBinary(t, dirB, nil, "search", "--archive", dbB, "--limit", "50", "region")
	if r.Code != 0 || strings.Contains(r.Stdout, h.URL) || strings.Count(r.Stdout, siteB) != 6 {
		t.Errorf("search over the rebuilt index: exit %d, want this archive's 6 pages and none it does not have:\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
}

// boltUsed is how much of a bbolt file its last commit uses (its high-water
// page times the page size, from the newer meta page). bbolt grows a file
// ahead of use, so the file can be more than twice that: cut at half its
// length, it may lose nothing it needs.
func boltUsed(t *testing.T, b []byte) int {
	t.Helper()
	const hdr = 16 // page header; then magic, version, page size, flags, root (16), free list, pgid, txid
	meta := func(off int) (used int, txid uint64) {
		if off+hdr+56 > len(b) {
			return 0, 0
		}
		m := b[off+hdr:]
		pageSize := int(binary.LittleEndian.Uint32(m[8:]))
		return int(binary.LittleEndian.Uint64(m[40:])) * pageSize, binary.LittleEndian.Uint64(m[48:])
	}
	used, txid := meta(0)
	pageSize := int(binary.LittleEndian.Uint32(b[hdr+8:]))
	if u, x := meta(pageSize); x > txid {
		used = u
	}
	if used <= 0 || used > len(b) {
		t.Fatalf("cannot read the archive's meta pages (used %d of %d bytes)", used, len(b))
	}
	return used
}

// A truncated archive, one with flipped bytes and an empty file give
// clear errors and exit 1 from every command, never a crash.
func TestDamagedArchiveCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	base := t.TempDir()
	site := damageFixture(t, base)
	page := site + "/2025/04/analysis-number-3-of-the-region"
	good, err := os.ReadFile(filepath.Join(base, "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(3))
	flipped := func() []byte {
		b := append([]byte(nil), good...)
		for i := 0; i < 20; i++ {
			b[8192+rng.Intn(len(b)-8192)] ^= byte(1 + rng.Intn(255))
		}
		return b
	}
	files := map[string][]byte{
		"truncated": good[:boltUsed(t, good)/2],
		"empty":     {},
		"flipped1":  flipped(),
		"flipped2":  flipped(),
		"flipped3":  flipped(),
	}
	want := map[string]string{"truncated": "is truncated", "empty": "empty file"}
	commands := [][]string{{"verify"}, {"stats"}, {"export"}, {"search", "region"}, {"show", page},
		{"import", "in.warc.gz"}, {"reextract"}, {"crawl", "--allow-private", "--delay", "0", site + "/"}}
	for name, data := range files {
		for _, args := range commands {
			t.Run(name+"/"+args[0], func(t *testing.T) {
				dir := t.TempDir()
				db := filepath.Join(dir, "a.db")
				if err := os.WriteFile(db, data, 0o600); err != nil {
					t.Fatal(err)
				}
				if err := copyFile(filepath.Join(base, "in.warc.gz"), filepath.Join(dir, "in.warc.gz")); err != nil {
					t.Fatal(err)
				}
				r := runBinary(t, dir, nil, append(args, "--archive", db)...)
				if crashRE.MatchString(r.Stderr) || r.Code == 2 {
					t.Fatalf("%v on a %s archive: exit %d\n%s", args, name, r.Code, r.Stderr)
				}
				if w := want[name]; w != "" {
					if r.Code != 1 || !strings.Contains(r.Stderr, w) {
						t.Errorf("%v on a %s archive: exit %d, want 1 and %q:\n%s", args, name, r.Code, w, r.Stderr)
					}
					// One hint, said once.
					if n := strings.Count(r.Stderr, "archivist salvage"); n > 1 {
						t.Errorf("%v on a %s archive: 'archivist salvage' named %d times:\n%s", args, name, n, r.Stderr)
					}
					if after, _ := os.ReadFile(db); !bytes.Equal(after, data) {
						t.Errorf("%v changed the %s archive", args, name)
					}
				}
				if args[0] == "verify" && name != "empty" && r.Code == 0 {
					// Flips can land in free pages, which nothing reads:
					// then every version must export as from the intact
					// file.
					got := runBinary(t, dir, nil, "export", "--archive", db, "--all-versions")
					orig := runBinary(t, base, nil, "export", "--archive", filepath.Join(base, "a.db"), "--all-versions")
					if got.Code != 0 || got.Stdout != orig.Stdout {
						t.Errorf("verify passed a %s archive whose export differs from the intact one (exit %d)", name, got.Code)
					}
				}
			})
		}
	}
}

// A writer waits --lock-wait for readers, and names them when it gives up.
func TestWriterWaitsForReaders(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if _, err := exec.LookPath("flock"); err != nil {
		t.Skip("no flock(1)")
	}
	dir := t.TempDir()
	damageFixture(t, dir)
	db := filepath.Join(dir, "a.db")
	hold := func(d time.Duration) *exec.Cmd {
		c := exec.Command("flock", "-s", db, "sleep", fmt.Sprint(d.Seconds()))
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
		return c
	}
	c := hold(5 * time.Second)
	r := runBinary(t, dir, nil, "import", "--archive", db, "--lock-wait", "500ms", "in.warc.gz")
	c.Process.Kill()
	c.Wait()
	if r.Code != 1 || !strings.Contains(r.Stderr, "being read by another process") {
		t.Errorf("import under a reader's lock: exit %d, want 1 naming the reader:\n%s", r.Code, r.Stderr)
	}
	c = hold(1 * time.Second)
	r = runBinary(t, dir, nil, "import", "--archive", db, "in.warc.gz")
	c.Wait()
	if r.Code != 0 {
		t.Errorf("import did not wait for a 1s reader: exit %d\n%s", r.Code, r.Stderr)
	}
}

// cycleBucket makes the root page of bucket name in the archive at db a
// branch page whose one child is itself: bbolt, which follows page
// references without a cycle check, would loop or recurse for ever on any
// read of that bucket. It returns the page's number.
func cycleBucket(t *testing.T, db, name string) uint64 {
	t.Helper()
	root, ps := bucketRoot(t, db, name)
	writeCycle(t, db, root, ps)
	return root
}

// bucketRoot returns the root page of bucket name in the archive at db,
// and the page size.
func bucketRoot(t *testing.T, db, name string) (root uint64, ps int64) {
	t.Helper()
	bdb, err := bolt.Open(db, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	_ = bdb.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket([]byte(name)); b != nil {
			root = uint64(b.Root())
		}
		return nil
	})
	ps = int64(bdb.Info().PageSize)
	bdb.Close()
	if root == 0 {
		t.Fatalf("bucket %s is inline or missing: no page of its own to damage", name)
	}
	return root, ps
}

// writeCycle makes page root of the archive at db a branch page whose one
// child is itself.
func writeCycle(t *testing.T, db string, root uint64, ps int64) {
	t.Helper()
	f, err := os.OpenFile(db, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p := make([]byte, 16+16+8)
	le := binary.LittleEndian
	le.PutUint16(p[8:], 0x01)  // a branch page
	le.PutUint16(p[10:], 1)    // of one element
	le.PutUint32(p[12:], 0)    // no overflow
	le.PutUint32(p[16:], 16)   // its key 16 bytes on
	le.PutUint32(p[20:], 8)    // 8 bytes long
	le.PutUint64(p[24:], root) // its child: the page itself
	le.PutUint64(p, root)
	if _, err := f.WriteAt(p, int64(root)*ps); err != nil {
		t.Fatal(err)
	}
}

// An archive whose page references form a cycle makes no command hang:
// every read command ends with a clear error naming the damage (exit 1),
// verify names the page, and salvage copies every version (found from its
// own record) into a new archive that verifies.
func TestCyclicArchiveCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	base := t.TempDir()
	site := damageFixture(t, base)
	page := site + "/2025/04/analysis-number-3-of-the-region"
	good := filepath.Join(base, "a.db")
	want := exportedVersions(t, base, good, "url", "version", "text")
	orig, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	commands := [][]string{{"show", page}, {"history", page}, {"diff", page}, {"export", "--all-versions"},
		{"search", "region"}, {"copies", page}, {"stats"}, {"crawls"}, {"verify"}, {"salvage", "new.db"},
		{"reextract"}, {"import", "in.warc.gz"}}
	for _, args := range commands {
		t.Run(args[0], func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "a.db")
			if err := os.WriteFile(db, orig, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := copyFile(filepath.Join(base, "in.warc.gz"), filepath.Join(dir, "in.warc.gz")); err != nil {
				t.Fatal(err)
			}
			bad := cycleBucket(t, db, "pages")
			damaged, err := os.ReadFile(db)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			r, err := execBinary(ctx, archivistBinary(t), dir, nil, nil, append(args, "--archive", db)...)
			if ctx.Err() != nil {
				t.Fatalf("%v on an archive with a page cycle did not finish in 60s", args)
			}
			if err != nil {
				t.Fatal(err)
			}
			if crashRE.MatchString(r.Stderr) || r.Code != 1 || !strings.Contains(r.Stderr, "damaged") {
				t.Fatalf("%v on an archive with a page cycle: exit %d, want 1 and a message saying it is damaged:\n%s", args, r.Code, r.Stderr)
			}
			switch args[0] {
			case "verify":
				if !strings.Contains(r.Stdout, fmt.Sprintf("page %d is reached twice", bad)) {
					t.Errorf("verify does not name page %d:\n%s", bad, r.Stdout)
				}
			case "salvage":
				got := exportedVersions(t, dir, filepath.Join(dir, "new.db"), "url", "version", "text")
				if len(got) != len(want) {
					t.Errorf("salvage copied %d versions of %d:\n%s%s", len(got), len(want), r.Stdout, r.Stderr)
				}
				for k, w := range want {
					if got[k] != w {
						t.Errorf("%s salvaged as %s, want %s", k, got[k], w)
					}
				}
				if v := runBinary(t, dir, nil, "verify", "--archive", filepath.Join(dir, "new.db")); v.Code != 0 {
					t.Errorf("the salvaged archive does not verify:\n%s%s", v.Stdout, v.Stderr)
				}
			}
			if after, _ := os.ReadFile(db); !bytes.Equal(after, damaged) {
				t.Errorf("%v changed the damaged archive", args)
			}
		})
	}
}
