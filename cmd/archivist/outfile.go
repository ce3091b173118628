package main

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/archivist-org/archivist/archive"
)

// outputFile is where a command writes its output (export, export --format
// warc): standard output, or FILE. FILE is written to a temporary file
// beside it and renamed into place by Commit, so a failed or interrupted
// write never leaves a partial FILE, and Abort removes the temporary file:
// whatever goes wrong, FILE is either the complete output or as it was.
// (A kill -9 mid-write leaves the hidden temporary file behind: the next
// write of FILE removes it, see createTempBeside.)
type outputFile struct {
	W    io.Writer // write here
	Path string    // "" for standard output
	// Gzip: the name ends in .gz, so the content must be gzip. With
	// gzipText the writer already compresses; otherwise (WARC, which
	// compresses each record itself) the caller does.
	Gzip bool

	tmp     *os.File
	special *os.File // a device or FIFO written in place
	gz      *gzip.Writer
	done    bool
}

// outputKind says what a command writes, for the checks createOutput makes.
type outputKind int

const (
	// gzipText: text, gzip-compressed by the writer when the name ends in .gz.
	gzipText outputKind = iota
	// binaryOutput: not for a terminal (a WARC: raw web pages, perhaps
	// gzip); the caller compresses by the name.
	binaryOutput
)

// checkOutputPath rejects a target of flag that can never be written as a
// file (a directory) or must not be (an archive: `export -o` replaces it,
// `crawl --warc` appends to it, and either destroys it), before anything
// is opened or created. "" and "-" are standard output.
func checkOutputPath(flag, path string) error {
	if path == "" || path == "-" {
		return nil
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return usageError{fmt.Errorf("%s %s: is a directory; give a file name", flag, path)}
	}
	if archive.IsBoltFile(path) {
		return usageError{fmt.Errorf("%s %s: is an archivist archive (or its index), which this would overwrite; give another file name", flag, path)}
	}
	return nil
}

// createOutput opens the output: stdout for "" or "-" (binary output
// refuses a terminal), else a temporary file beside path.
func createOutput(path string, stdout io.Writer, kind outputKind) (*outputFile, error) {
	if path == "" || path == "-" {
		if kind == binaryOutput && isTTY(stdout) {
			return nil, usageError{errors.New("refusing to write WARC to a terminal: give -o FILE.warc.gz (or FILE.warc), or redirect the output")}
		}
		return &outputFile{W: stdout}, nil
	}
	if err := checkOutputPath("-o", path); err != nil {
		return nil, err
	}
	// Write where a symlink points, keeping the link.
	target := path
	if real, err := filepath.EvalSymlinks(path); err == nil {
		target = real
	}
	// A device, FIFO or socket (-o /dev/null, -o /dev/stdout, a named
	// pipe) is written in place: renaming a file over it would replace
	// the device node itself.
	if fi, err := os.Stat(target); err == nil && !fi.Mode().IsRegular() {
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("cannot write %s: %w", path, pathCause(err))
		}
		o := &outputFile{W: f, Gzip: strings.HasSuffix(path, ".gz"), special: f}
		if o.Gzip && kind == gzipText {
			o.gz = gzip.NewWriter(f)
			o.W = o.gz
		}
		return o, nil
	}
	tmp, err := createTempBeside(target)
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, pathCause(err))
	}
	// CreateTemp makes the file 0600; the output is an ordinary file.
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(target); err == nil {
		mode = fi.Mode().Perm()
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("cannot write %s: %w", path, pathCause(err))
	}
	o := &outputFile{W: tmp, Path: target, Gzip: strings.HasSuffix(path, ".gz"), tmp: tmp}
	if o.Gzip && kind == gzipText {
		o.gz = gzip.NewWriter(tmp)
		o.W = o.gz
	}
	return o, nil
}

// createTempBeside creates the hidden temporary file (".NAME.tmpDIGITS")
// a complete target is renamed or linked from, locked while this process
// has it open. Those a command killed before it could remove its own left
// beside target (kill -9, a crash, a power cut), which no process holds
// locked, are removed first: each was as big as the output it was making.
func createTempBeside(target string) (*os.File, error) {
	dir, prefix := filepath.Dir(target), "."+filepath.Base(target)+".tmp"
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		digits, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || digits == "" || strings.Trim(digits, "0123456789") != "" || !e.Type().IsRegular() {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if f, err := os.Open(p); err == nil {
			if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
				os.Remove(p)
			}
			f.Close()
		}
	}
	tmp, err := os.CreateTemp(dir, prefix+"*")
	if err != nil {
		return nil, err
	}
	// Held until the file is closed: a run beside this one keeps it.
	if err := syscall.Flock(int(tmp.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, err
	}
	return tmp, nil
}

// Commit finishes the output: for a file, flushes and syncs it and renames
// it into place. After an error the temporary file is removed.
func (o *outputFile) Commit() error {
	if o.special != nil && !o.done {
		o.done = true
		var err error
		if o.gz != nil {
			err = o.gz.Close()
		}
		if cerr := o.special.Close(); err == nil {
			err = cerr
		}
		return err
	}
	if o.tmp == nil || o.done {
		return nil
	}
	o.done = true
	err := func() error {
		if o.gz != nil {
			if err := o.gz.Close(); err != nil {
				return err
			}
		}
		if err := o.tmp.Sync(); err != nil {
			return err
		}
		if err := o.tmp.Close(); err != nil {
			return err
		}
		return os.Rename(o.tmp.Name(), o.Path)
	}()
	if err != nil {
		o.tmp.Close()
		os.Remove(o.tmp.Name())
		return fmt.Errorf("writing %s: %w", o.Path, err)
	}
	return nil
}

// Abort drops an uncommitted file output; safe after Commit.
func (o *outputFile) Abort() {
	if o.special != nil && !o.done {
		o.done = true
		o.special.Close()
		return
	}
	if o.tmp == nil || o.done {
		return
	}
	o.done = true
	o.tmp.Close()
	os.Remove(o.tmp.Name())
}
