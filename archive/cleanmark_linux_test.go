package archive

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCleanMark: a clean close marks the file; a change by anything else
// (here one byte rewritten at once, within the same clock tick) clears the mark,
// so the next writable open checks the page trees.
func TestCleanMark(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	a, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if !closedClean(path) {
		t.Skip("no user extended attributes on this file system")
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, 100); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(b, 100); err != nil { // same byte, new mtime
		t.Fatal(err)
	}
	f.Close()
	if closedClean(path) {
		t.Fatal("a file changed after its clean close still counts as clean")
	}
	ro, err := Open(path, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ro.Close()
	if closedClean(path) {
		t.Fatal("a read-only close marked the file clean")
	}
}
