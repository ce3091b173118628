package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/archivist-org/archivist/archive"
)

// crawledFixture skips under -short (it builds the binary), else crawls
// the damage fixture into a new folder: it returns the folder, the site
// and the archive.
func crawledFixture(t *testing.T) (dir, site, db string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir = t.TempDir()
	site = damageFixture(t, dir)
	return dir, site, filepath.Join(dir, "a.db")
}

// problemLines are the PROBLEM lines of verify's output, sorted.
func problemLines(out string) []string {
	var ps []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "PROBLEM:") {
			ps = append(ps, l)
		}
	}
	slices.Sort(ps)
	return ps
}

// startServe starts `archivist serve` on the archive at db (a source on
// site, due in a day: it only holds the archive) and waits for its read
// socket; stop ends it (SIGTERM) and waits, once.
func startServe(t *testing.T, dir, db, site string) (stop func()) {
	t.Helper()
	cfg := filepath.Join(dir, "sources.toml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf("[[source]]\nname = \"s\"\nseeds = [%q]\nevery = \"24h\"\n", site+"/")), 0o600); err != nil {
		t.Fatal(err)
	}
	serve := exec.Command(archivistBinary(t), "serve", "--archive", db, "--config", cfg, "--allow-private", "--http-addr", "127.0.0.1:0")
	serve.Dir = dir
	var serveErr strings.Builder
	serve.Stderr = &serveErr
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			serve.Process.Signal(syscall.SIGTERM)
			serve.Wait()
		}
	}
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if _, err := os.Stat(archive.SocketPath(db)); err == nil {
			return stop
		}
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("serve made no read socket in 60s:\n%s", serveErr.String())
		}
	}
}

// verify run while a serve process holds the archive goes through its
// read socket, and reports the same damage as a direct verify of the file
// (every damaged page, then every record problem), not the first damaged
// page only: the holder verifies a snapshot of the file.
func TestVerifyThroughSocketReportsAll(t *testing.T) {
	dir, site, db := crawledFixture(t)
	root, ps := bucketRoot(t, db, "pages")
	stop := startServe(t, dir, db, site)
	defer stop()
	if r := runBinary(t, dir, nil, "verify", "--archive", db); r.Code != 0 {
		t.Fatalf("verify through the socket of an intact archive: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}

	// Damage under the holder: the pages bucket's root refers to itself.
	writeCycle(t, db, root, ps)
	viaSocket := runBinary(t, dir, nil, "verify", "--archive", db)
	stop()
	direct := runBinary(t, dir, nil, "verify", "--archive", db)
	if crashRE.MatchString(viaSocket.Stderr) || viaSocket.Code != 1 {
		t.Fatalf("verify through the socket: exit %d, want 1\n%s%s", viaSocket.Code, viaSocket.Stdout, viaSocket.Stderr)
	}
	want := fmt.Sprintf("page %d is reached twice", root)
	if !strings.Contains(direct.Stdout, want) {
		t.Fatalf("direct verify does not name page %d (exit %d):\n%s%s", root, direct.Code, direct.Stdout, direct.Stderr)
	}
	got, all := problemLines(viaSocket.Stdout), problemLines(direct.Stdout)
	if len(all) < 2 || !slices.Equal(got, all) {
		t.Errorf("verify through the socket reported\n%s\nwant what a direct verify reports:\n%s", strings.Join(got, "\n"), strings.Join(all, "\n"))
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".a.db.verify-*")); len(left) > 0 {
		t.Errorf("the snapshot was left behind: %v", left)
	}
}

// copiesOf returns where each copy of pat starts in b.
func copiesOf(b, pat []byte) []int {
	var at []int
	for i := 0; ; {
		j := bytes.Index(b[i:], pat)
		if j < 0 {
			return at
		}
		at = append(at, i+j)
		i += j + len(pat)
	}
}

// urlKeyCopies returns where each copy of url's key in the URL index
// starts in the archive file b: the copies of url followed by an 8-byte
// page id rather than JSON (the live leaf, and copies in free pages that
// bbolt's copy-on-write left behind).
func urlKeyCopies(b []byte, url string) []int {
	var keys []int
	for _, i := range copiesOf(b, []byte(url)) {
		id := b[i+len(url):]
		if len(id) >= 8 && bytes.Equal(id[:6], make([]byte, 6)) && id[7] != 0 {
			keys = append(keys, i)
		}
	}
	return keys
}

// editFile applies edit to the bytes of the file at path.
func editFile(t *testing.T, path string, edit func(b []byte)) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edit(b)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// flipURLKey flips the last byte of url's key in the URL index of the
// archive at db, in the file itself.
func flipURLKey(t *testing.T, db, url string) {
	t.Helper()
	editFile(t, db, func(b []byte) {
		keys := urlKeyCopies(b, url)
		if len(keys) == 0 {
			t.Fatalf("no URL index key of %s in the file", url)
		}
		for _, i := range keys {
			b[i+len(url)-1] ^= 0x03
		}
	})
}

// A damaged key in the URL index (issue 15) is damage, not a page the
// archive lacks: show, history and diff of that page exit 1 naming the
// damaged entry and what to run, directly and through the read socket of
// a serve process holding the archive; other pages read as before.
func TestDamagedURLKey(t *testing.T) {
	dir, site, db := crawledFixture(t)
	page := site + "/2025/04/analysis-number-3-of-the-region"
	other := site + "/2025/04/analysis-number-2-of-the-region"
	flipURLKey(t, db, page)
	check := func(how string) {
		t.Helper()
		for _, args := range [][]string{{"show", page}, {"history", page}, {"diff", page}} {
			r := runBinary(t, dir, nil, append(args, "--archive", db)...)
			if r.Code != 1 || crashRE.MatchString(r.Stderr) || !strings.Contains(r.Stderr, "URL index entry is damaged") ||
				!strings.Contains(r.Stderr, "verify") || strings.Contains(r.Stderr, "no page") {
				t.Errorf("%s: %v: exit %d, want 1 naming the damaged URL index entry:\n%s", how, args, r.Code, r.Stderr)
			}
		}
		if r := runBinary(t, dir, nil, "show", "--archive", db, other); r.Code != 0 {
			t.Errorf("%s: show of an intact page: exit %d\n%s", how, r.Code, r.Stderr)
		}
		if r := runBinary(t, dir, nil, "show", "--archive", db, site+"/never-archived"); r.Code != 1 || !strings.Contains(r.Stderr, "no page") {
			t.Errorf("%s: show of a page never archived: exit %d, want 1 and 'no page'\n%s", how, r.Code, r.Stderr)
		}
	}
	check("directly")
	stop := startServe(t, dir, db, site)
	defer stop()
	check("through the read socket")
}

// flipAll flips, in the file at db, byte off of every copy of pat (the
// live record and the copies bbolt's copy-on-write left in free pages).
func flipAll(t *testing.T, db string, pat []byte, off int) {
	t.Helper()
	editFile(t, db, func(b []byte) {
		at := copiesOf(b, pat)
		if len(at) == 0 {
			t.Fatalf("%q is not in %s", pat, db)
		}
		for _, i := range at {
			b[i+off] ^= 0x01
		}
	})
}

// A bit flipped in a fetch-log entry (its HTTP status) or in a crawl run
// record (its status), both of which still decode, is found by verify
// through their CRC-32C, and the commands reading them exit 1.
func TestFetchLogAndRunDamage(t *testing.T) {
	dir, site, db := crawledFixture(t)
	page := site + "/2025/04/analysis-number-3-of-the-region"
	if r := runBinary(t, dir, nil, "verify", "--archive", db); r.Code != 0 {
		t.Fatalf("verify of the intact archive: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	bdb, err := bolt.Open(db, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var entry []byte
	_ = bdb.View(func(tx *bolt.Tx) error {
		_, v := tx.Bucket([]byte("fetches")).Cursor().First()
		entry = bytes.Clone(v)
		return nil
	})
	bdb.Close()
	if len(entry) < 10 {
		t.Fatalf("no fetch entry to damage (%d bytes)", len(entry))
	}
	_, n := binary.Uvarint(entry) // the fetch time, then the status
	flipAll(t, db, entry, n)
	flipAll(t, db, []byte(`"status":"done"`), len(`"status":"d`))

	r := runBinary(t, dir, nil, "verify", "--archive", db)
	if r.Code != 1 || crashRE.MatchString(r.Stderr) ||
		!strings.Contains(r.Stdout, "fetch entry does not match its checksum") ||
		!strings.Contains(r.Stdout, "does not match its checksum (its counts, times or status are damaged)") {
		t.Errorf("verify: exit %d, want 1 naming the fetch entry and the run:\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	if r := runBinary(t, dir, nil, "crawls", "--archive", db); r.Code != 1 || !strings.Contains(r.Stderr, "checksum") {
		t.Errorf("crawls over a damaged run: exit %d, want 1 naming the checksum:\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	if r := runBinary(t, dir, nil, "show", "--archive", db, page); r.Code != 0 {
		t.Errorf("show of a page (no fetch log read): exit %d\n%s", r.Code, r.Stderr)
	}
}

// Keys out of order in a leaf page (bytes flipped in URL index keys)
// leave every read working, but bbolt's writes trust the order: writers
// (import, crawl) refuse the file, saying it is damaged and what to run,
// and change nothing; verify names the page.
func TestKeyOrderDamageRefusedByWriters(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	base := t.TempDir()
	site := damageFixture(t, base)
	good, err := os.ReadFile(filepath.Join(base, "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	// ".../analysis-number-2-..." becomes "...-9-...": after number 3 and 4
	// in the sort order, before them on the page.
	key := site + "/2025/04/analysis-number-2-of-the-region"
	damaged := bytes.Clone(good)
	keys := urlKeyCopies(damaged, key)
	if len(keys) == 0 {
		t.Fatal("no URL index key to damage")
	}
	for _, i := range keys {
		damaged[i+len(key)-len("2-of-the-region")] = '9'
	}
	for _, args := range [][]string{{"verify"}, {"import", "in.warc.gz"}, {"crawl", "--allow-private", "--delay", "0", site + "/"}} {
		t.Run(args[0], func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "a.db")
			if err := os.WriteFile(db, damaged, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := copyFile(filepath.Join(base, "in.warc.gz"), filepath.Join(dir, "in.warc.gz")); err != nil {
				t.Fatal(err)
			}
			r := runBinary(t, dir, nil, append(args, "--archive", db)...)
			if crashRE.MatchString(r.Stderr) || r.Code != 1 || !strings.Contains(r.Stdout+r.Stderr, "key out of order") {
				t.Fatalf("%v: exit %d, want 1 naming the keys out of order:\n%s%s", args, r.Code, r.Stdout, r.Stderr)
			}
			if args[0] != "verify" && !strings.Contains(r.Stderr, "archivist verify") {
				t.Errorf("%v: the message does not say what to run:\n%s", args, r.Stderr)
			}
			if after, _ := os.ReadFile(db); !bytes.Equal(after, damaged) {
				t.Errorf("%v wrote into the damaged archive", args)
			}
		})
	}
}
