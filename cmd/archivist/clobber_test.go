package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputNeverReplacesAnArchive: -o and --warc name files the command
// overwrites or appends to. Given the archive itself (by any name: another
// path, a symlink) or any other archive, they would destroy it, so the
// command refuses (exit 2) and the file is left byte for byte as it was.
func TestOutputNeverReplacesAnArchive(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	db := readFixture(t)
	dir := filepath.Dir(db)
	other := filepath.Join(dir, "other.db")
	want, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, want, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("fixture.db", filepath.Join(dir, "link.db")); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"export", "--archive", "fixture.db", "-o", "fixture.db"},
		{"export", "--archive", "fixture.db", "-o", "./fixture.db"},
		{"export", "--archive", "fixture.db", "-o", "link.db"},
		{"export", "--archive", "other.db", "-o", "fixture.db"},
		{"export", "--archive", "fixture.db", "--format", "warc", "-o", "fixture.db"},
		{"crawl", "--archive", "other.db", "--warc", "fixture.db", "http://127.0.0.1:1/"},
		{"crawl", "--archive", "fixture.db", "--warc", "fixture.db", "http://127.0.0.1:1/"},
	} {
		res := runBinary(t, dir, nil, args...)
		if res.Code != 2 || !strings.Contains(res.Stderr, "is an archivist archive") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a refusal naming the archive", args, res.Code, res.Stderr)
		}
		if got, _ := os.ReadFile(db); !bytes.Equal(got, want) {
			t.Fatalf("%v changed the archive (%d bytes, was %d)", args, len(got), len(want))
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(m) > 0 {
		t.Errorf("temporary files left: %v", m)
	}
}
