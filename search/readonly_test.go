package search

import (
	"context"
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// An index on read-only storage answers queries without writing a byte;
// it cannot be synced, and several read-only opens share it.
func TestOpenReadOnly(t *testing.T) {
	m := fixture()
	dir := t.TempDir()
	ix := openTest(t, dir)
	mustSync(t, ix, m)
	ix.Close()
	before := treeSum(t, dir)

	ro, err := Open(dir, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ro2, err := Open(dir, &Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("second read-only open: %v", err)
	}
	if _, err := Open(dir, nil); !errors.Is(err, ErrLocked) {
		t.Errorf("writable open beside read-only ones: %v, want ErrLocked", err)
	}
	if ro.LastSeq() != 5 {
		t.Errorf("LastSeq %d, want 5", ro.LastSeq())
	}
	if got := urls(search(t, ro, m, Request{Query: "frontière"})); len(got) != 1 {
		t.Errorf("read-only search: %v", got)
	}
	if _, err := ro2.Copies(context.Background(), "https://news.example.com/migration"); err != nil && !errors.Is(err, ErrNotIndexed) {
		t.Errorf("read-only copies: %v", err)
	}
	m.add("https://news.example.com/new", "Budget", "The budget deficit widened sharply.", nil)
	if _, err := ro.Sync(context.Background(), m); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Sync: %v, want ErrReadOnly", err)
	}
	if _, err := ro.Rebuild(context.Background(), m); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Rebuild: %v, want ErrReadOnly", err)
	}
	ro.Close()
	ro2.Close()
	if after := treeSum(t, dir); after != before {
		t.Error("a read-only open changed the index's files")
	}

	if _, err := Open(filepath.Join(dir, "none"), &Options{ReadOnly: true}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("read-only open of no index: %v, want fs.ErrNotExist", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "none")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a read-only open created the index directory")
	}
}

// treeSum hashes the names and contents of the files under dir.
func treeSum(t *testing.T, dir string) [32]byte {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		h.Write([]byte(p + "\x00"))
		h.Write(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var s [32]byte
	copy(s[:], h.Sum(nil))
	return s
}
