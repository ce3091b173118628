package archive

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// cyclicArchive returns the path of an archive of n versions whose seq
// index has a branch page that refers to itself: bbolt would loop for ever
// on any read of that index. The file is not marked clean.
func cyclicArchive(t testing.TB, n int) (path string, page uint64) {
	return cyclicBucket(t, n, bSeq)
}

// cyclicBucket is cyclicArchive with the cycle at the root of bucket name,
// which n versions must make a branch page.
func cyclicBucket(t testing.TB, n int, name []byte) (path string, page uint64) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "cyclic.db")
	a, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := 0; i < n; i++ {
		record(t, a, fmt.Sprintf("https://example.org/p%d", i), at.Add(time.Duration(i)*time.Minute),
			fmt.Sprintf("Title %d", i), fmt.Sprintf("Body text number %d with enough words to be an article.", i))
	}
	if err := a.view(func(tx *bolt.Tx) error { page = uint64(tx.Bucket(name).Root()); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	hdr := make([]byte, pageHeaderSize+elemSize)
	if _, err := f.ReadAt(hdr, int64(page)*4096); err != nil {
		t.Fatal(err)
	}
	if binary.LittleEndian.Uint16(hdr[8:]) != pageBranch {
		t.Fatalf("bucket %s's root (page %d) is not a branch page: add versions", name, page)
	}
	binary.LittleEndian.PutUint64(hdr[pageHeaderSize+8:], page) // first child: itself
	if _, err := f.WriteAt(hdr, int64(page)*4096); err != nil {
		t.Fatal(err)
	}
	return path, page
}

// within fails the test if fn does not return in d (a loop in bbolt).
func within(t *testing.T, d time.Duration, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); fn() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not finish in %v", what, d)
	}
}

// A read-only open of a file whose page trees are not known sound walks
// them first: a cycle is ErrCorrupt at the open, not a read that never
// ends.
func TestCyclicPageRefusedAtOpen(t *testing.T) {
	path, page := cyclicArchive(t, 400)
	for _, ro := range []bool{true, false} {
		within(t, 30*time.Second, "open", func() {
			_, err := Open(path, &Options{ReadOnly: ro})
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("open (read-only %v) of a file with a page cycle: %v, want ErrCorrupt", ro, err)
			} else if want := fmt.Sprintf("page %d", page); !containsStr(err.Error(), want) {
				t.Errorf("open error does not name %s: %v", want, err)
			}
		})
	}
}

// A read-only open that walked a sound file marks it, so the next open
// does not walk again; any change afterwards clears the mark.
func TestReadOnlyWalkMarksSoundFile(t *testing.T) {
	a, path := openTest(t, nil)
	record(t, a, "https://example.org/a", t0, "T", "Some words of text here.")
	a.Close()
	if !closedClean(path) {
		t.Skip("no user extended attributes on this file system")
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(path, old, old); err != nil { // as if changed an hour ago by another tool
		t.Fatal(err)
	}
	if closedClean(path) {
		t.Fatal("mark survived a change of time")
	}
	ro, err := Open(path, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ro.Close()
	if !closedClean(path) {
		t.Error("a read-only open that walked a sound file did not mark it")
	}
}

func containsStr(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
