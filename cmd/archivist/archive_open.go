package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/archivist-org/archivist/archive"
)

// openArchiveReader opens the archive for a read command (directly, or via
// the read server of a process holding it). Every read command opens it
// here, so a missing, foreign or damaged archive reads the same whatever
// the command.
func openArchiveReader(ctx context.Context, path string) (archive.Reader, error) {
	r, err := archive.OpenReader(ctx, path)
	if err != nil {
		return nil, archiveOpenErr(path, err)
	}
	return r, nil
}

// errNoArchive is the one wording for an archive file that does not exist.
func errNoArchive(path string) error {
	return reworded{fmt.Sprintf("no archive at %s (crawl first, or pass --archive FILE / set ARCHIVIST_ARCHIVE)", path), fs.ErrNotExist}
}

// reworded is an error said in other words: its message replaces the
// cause's, which errors.Is and As still find.
type reworded struct {
	msg   string
	cause error
}

func (e reworded) Error() string { return e.msg }
func (e reworded) Unwrap() error { return e.cause }

// archiveOpenErr words the archive package's open errors for people: one
// message per cause, naming the file, whichever command opened it. Other
// errors are returned as they are.
func archiveOpenErr(path string, err error) error {
	if fi, serr := os.Stat(path); serr == nil && fi.IsDir() && (errors.Is(err, archive.ErrNotArchive) || errors.Is(err, syscall.EISDIR)) {
		return reworded{fmt.Sprintf("%s is a directory, not an archivist archive (check --archive: give the archive's file, e.g. %s)", path, filepath.Join(path, "archivist.db")), err}
	} else if serr == nil && !fi.Mode().IsRegular() && errors.Is(err, archive.ErrNotArchive) {
		return reworded{fmt.Sprintf("%s is %s, not an archivist archive (check --archive)", path, specialFile(fi.Mode())), err}
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errNoArchive(path)
	case errors.Is(err, archive.ErrEmpty):
		return reworded{fmt.Sprintf("%s is an empty file, not an archivist archive (check --archive; remove it to start a new archive there)", path), err}
	case errors.Is(err, archive.ErrTruncated):
		return reworded{fmt.Sprintf("the archive %s is truncated (%s): part of it is missing, so it is not opened; restore it from a backup, or copy what is left into a new archive with 'archivist salvage --archive %s NEW.db'", path, truncDetail(err), path), err}
	case errors.Is(err, archive.ErrNotArchive):
		return reworded{fmt.Sprintf("%s is not an archivist archive (check --archive)", path), err}
	case errors.Is(err, archive.ErrCorrupt):
		return fmt.Errorf("the archive %s is damaged (%w); 'archivist verify --archive %s' lists what, 'archivist salvage' copies what can be read into a new archive", path, err, path)
	case errors.Is(err, archive.ErrNewerSchema):
		return fmt.Errorf("the archive %s was written by a newer archivist: upgrade to read it (%w)", path, err)
	}
	return err
}

// specialFile names what a file that is not a regular one is.
func specialFile(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// truncDetail is the sizes part of an ErrTruncated message.
func truncDetail(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, "truncated: "); i >= 0 {
		return msg[i+len("truncated: "):]
	}
	return msg
}
