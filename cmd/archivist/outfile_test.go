package main

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestOutputToFIFOKeepsTheNode: -o on a named pipe (or /dev/null) writes
// through it; renaming a temporary file over it would replace the node
// and leave a plain file where the device or pipe was.
func TestOutputToFIFOKeepsTheNode(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- "open: " + err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	o, err := createOutput(fifo, io.Discard, gzipText)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(o.W, "line\n"); err != nil {
		t.Fatal(err)
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "line\n" {
		t.Fatalf("reader got %q", s)
	}
	fi, err := os.Lstat(fifo)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("%s is now %v, want the named pipe kept", fifo, fi.Mode())
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(m) > 0 {
		t.Fatalf("temporary files left: %v", m)
	}
}

// A command killed while it writes FILE (export -o, salvage) leaves its
// hidden temporary file behind, as big as the output it was making: the
// next write of FILE removes those no running command holds, and keeps the
// one a command beside it is writing.
func TestKilledWritersTemporaryFilesAreRemoved(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	db := searchArchive(t)
	dir := t.TempDir()
	for _, c := range []struct {
		target string
		args   []string
	}{
		{"out.jsonl", []string{"export", "--archive", db, "-o", "out.jsonl"}},
		{"new.db", []string{"salvage", "--archive", db, "new.db"}},
	} {
		stale := filepath.Join(dir, "."+c.target+".tmp123456")
		held := filepath.Join(dir, "."+c.target+".tmp654321")
		other := filepath.Join(dir, "."+c.target+".tmp-notes")
		for _, p := range []string{stale, held, other} {
			if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		f, err := os.Open(held)
		if err != nil {
			t.Fatal(err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
			t.Fatal(err)
		}
		r := runBinary(t, dir, nil, c.args...)
		f.Close()
		if r.Code != 0 {
			t.Fatalf("%v: exit %d\n%s", c.args, r.Code, r.Stderr)
		}
		if _, err := os.Stat(stale); !os.IsNotExist(err) {
			t.Errorf("%v: the killed run's temporary file is still there (%v)", c.args, err)
		}
		for _, p := range []string{held, other} {
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%v removed %s, which is not a dead run's: %v", c.args, filepath.Base(p), err)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, c.target)); err != nil {
			t.Errorf("%v: %v", c.args, err)
		}
	}
}
