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
