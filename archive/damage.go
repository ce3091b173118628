package archive

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrTruncated: the file is shorter than its last commit says it is (cut
// by a copy, a full disk or `truncate`). Mapping it would read past its end
// (a bus error), so Open refuses it first. It wraps ErrCorrupt.
var ErrTruncated = fmt.Errorf("%w: the file is truncated", ErrCorrupt)

// ErrEmpty: the file is empty (0 bytes). It is refused rather than made
// into an archive: an empty file at an archive's path is more likely a
// mistake or a failed copy than a wish for a new archive.
var ErrEmpty = fmt.Errorf("%w: the file is empty", ErrNotArchive)

// bbolt's file layout, as far as checkFile needs it: two meta pages at the
// start, each a 16-byte page header then the meta fields (native byte
// order, little-endian on every platform we build for).
const (
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	pageHeaderSize = 16
	metaSize       = 64 // up to and including the checksum
)

// IsBoltFile reports whether path is a regular file that begins as a bbolt
// database does (every archive, and the state of every search index), so
// that a command writing an output file can refuse to overwrite one. Any
// other file, or one that cannot be read, is not. A named pipe is not
// opened: reading it would wait for a writer.
func IsBoltFile(path string) bool {
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var b [pageHeaderSize + 4]byte
	if _, err := io.ReadFull(f, b[:]); err != nil {
		return false
	}
	return binary.LittleEndian.Uint32(b[pageHeaderSize:]) == boltMagic
}

// checkFile checks, before bbolt maps the file, that it is not empty and
// that it is at least as long as the newest valid meta page says: bbolt
// trusts that length and would fault reading past the end. A file whose
// meta pages are both invalid is left to bbolt (which says ErrInvalid or
// ErrChecksum). A missing file is fine (it is created).
func checkFile(path string) error {
	_, err := checkFileMeta(path)
	return err
}

// CheckBoltLength is checkFile for the other bbolt files archivist keeps
// (the search index's): an error wrapping ErrTruncated (or ErrCorrupt)
// when bbolt would read past the file's end. An empty or missing file
// passes: bbolt makes a new database of it.
func CheckBoltLength(path string) error {
	if err := checkFile(path); err != nil && !errors.Is(err, ErrEmpty) {
		return err
	}
	return nil
}

// checkFileMeta is checkFile, also returning the newest valid meta page
// (nil when none was read).
func checkFileMeta(path string) (*boltMeta, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, os.ErrPermission) {
			return nil, nil // created, or refused, by bolt.Open with its own error
		}
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, nil
	}
	size := fi.Size()
	if size == 0 {
		return nil, ErrEmpty
	}
	hdr := make([]byte, pageHeaderSize+metaSize)
	var best *boltMeta
	// The first meta page, then the second where its page size puts it;
	// when the first is unreadable, the second where bbolt looks for it:
	// at each page size from 1 KB to 16 MB. The tree walked must be the
	// one bbolt will read.
	offsets := []int64{0}
	for i := 0; i <= 14; i++ {
		if pos := int64(1024) << i; pos < size-1024 {
			offsets = append(offsets, pos)
		}
	}
	for i, off := range offsets {
		if i > 0 && best != nil && off != int64(best.pageSize) {
			continue
		}
		if _, err := f.ReadAt(hdr, off); err != nil && err != io.EOF {
			return nil, err
		}
		m, ok := parseMeta(hdr[pageHeaderSize:])
		if !ok && boltValidMeta(hdr[pageHeaderSize:]) {
			// bbolt would read it; we cannot make sense of it.
			return nil, fmt.Errorf("%w: meta page at %d: page size %d, last page %d", ErrCorrupt, off,
				binary.LittleEndian.Uint32(hdr[pageHeaderSize+8:]), binary.LittleEndian.Uint64(hdr[pageHeaderSize+40:]))
		}
		if ok && (best == nil || m.txid > best.txid) {
			best = m
		}
		if i > 0 && best != nil && off == int64(best.pageSize) {
			break // the second meta page, found
		}
	}
	if best == nil {
		return nil, nil
	}
	if need := int64(best.pgid) * int64(best.pageSize); size < need {
		return best, fmt.Errorf("%w: %d bytes, its last commit needs %d", ErrTruncated, size, need)
	}
	return best, nil
}

type boltMeta struct {
	pageSize             uint32
	freelist, pgid, txid uint64
}

// syncedFreelist reports whether the file stores its freelist; if not,
// a writable bbolt open rebuilds it by walking every page.
func (m *boltMeta) syncedFreelist() bool { return m.freelist != ^uint64(0) }

// boltValidMeta reports whether bbolt would take b as a meta page: its
// magic, version and checksum, nothing more.
func boltValidMeta(b []byte) bool {
	le := binary.LittleEndian
	if le.Uint32(b) != boltMagic || le.Uint32(b[4:]) != boltVersion {
		return false
	}
	h := fnv.New64a()
	h.Write(b[:56])
	return h.Sum64() == le.Uint64(b[56:])
}

func parseMeta(b []byte) (*boltMeta, bool) {
	le := binary.LittleEndian
	if le.Uint32(b) != boltMagic || le.Uint32(b[4:]) != boltVersion {
		return nil, false
	}
	h := fnv.New64a()
	h.Write(b[:56])
	if h.Sum64() != le.Uint64(b[56:]) {
		return nil, false
	}
	m := &boltMeta{pageSize: le.Uint32(b[8:]), freelist: le.Uint64(b[32:]), pgid: le.Uint64(b[40:]), txid: le.Uint64(b[48:])}
	if m.pageSize < 512 || m.pageSize > 1<<20 || m.pgid < 2 {
		return nil, false
	}
	return m, true
}

// StorageFull reports whether err means the archive file cannot grow or be
// written (disk full, file size limit, read-only file system, quota): a
// writer stops there rather than fail every write after it. bbolt wraps
// its resize errors with %s, not %w, so the text is checked too.
func StorageFull(err error) bool {
	for _, e := range []syscall.Errno{syscall.ENOSPC, syscall.EFBIG, syscall.EROFS, syscall.EDQUOT} {
		if errors.Is(err, e) || strings.Contains(err.Error(), e.Error()) {
			return true
		}
	}
	return false
}

// guard turns a panic or memory fault inside bbolt (it panics on pages
// that fail its checks, and faults reading a damaged page reference) into
// an error wrapping ErrCorrupt, so a damaged file gives a message rather
// than a crash. Use as:
//
//	defer guard(&err)()
func guard(err *error) func() {
	old := debug.SetPanicOnFault(true)
	return func() {
		debug.SetPanicOnFault(old)
		if p := recover(); p != nil {
			*err = fmt.Errorf("%w: reading the file failed (%v); 'archivist verify' lists the damage", ErrCorrupt, p)
		}
	}
}

// prepareSocketDir makes the private socket folder when sock is in it, and
// checks that it is the user's and closed to others.
func prepareSocketDir(sock string) error {
	dir := filepath.Dir(sock)
	if dir != privateSocketDir() {
		return nil
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !fi.IsDir() || !ok || int(st.Uid) != os.Getuid() || fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("refusing the socket folder %s: it must be a folder of yours closed to others (mode %s)", dir, fi.Mode())
	}
	return nil
}

// checkSocketOwner refuses a socket at sock that another user made: its
// listener would see this user's queries and could answer them falsely.
func checkSocketOwner(sock string) error {
	fi, err := os.Lstat(sock)
	if err != nil {
		return nil // none yet
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		return fmt.Errorf("refusing the read socket %s: it belongs to uid %d, not to you (uid %d); remove it if it is stale", sock, st.Uid, os.Getuid())
	}
	return nil
}

// walkPages visits every page of every bucket, in this goroutine, so that
// damage bbolt would meet in a goroutine of its own (where a panic cannot
// be recovered: the freelist rebuild of a writable open, tx.Check) is met
// here first, as an error.
func walkPages(db *bolt.DB) (err error) {
	defer guard(&err)()
	return db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(_ []byte, b *bolt.Bucket) error {
			_ = b.Stats() // walks the bucket's pages and its sub-buckets'
			return nil
		})
	})
}

// preflight checks the file's page trees (walkFile) before a writable
// open rebuilds its freelist by walking them in a goroutine of bbolt's
// own, where a damaged tree panics (unrecoverably) or loops. Readers may
// hold the file meanwhile, but no writer: a writer holding it makes the
// open fail with ErrLocked anyway (a false alarm then only says so).
func preflight(path string) error {
	return walkFile(path, true)
}

// locked reports whether another process holds path exclusively (a
// writer): its pages may change under a reader that does not lock.
func locked(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB) != nil {
		return true
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}

// lockShared takes a shared lock on path on a descriptor of its own,
// polling until timeout as bbolt does; closing the file lets it go. It
// fails with ErrLocked while a writer holds the file.
func lockShared(path string, timeout time.Duration) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(timeout)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, err
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, ErrLocked
		}
		time.Sleep(min(50*time.Millisecond, time.Until(deadline)+time.Millisecond))
	}
}
