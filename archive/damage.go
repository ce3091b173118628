package archive

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"runtime/debug"
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

// checkFile checks, before bbolt maps the file, that it is not empty and
// that it is at least as long as the newest valid meta page says: bbolt
// trusts that length and would fault reading past the end. A file whose
// meta pages are both invalid is left to bbolt (which says ErrInvalid or
// ErrChecksum). A missing file is fine (it is created).
func checkFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, os.ErrPermission) {
			return nil // created, or refused, by bolt.Open with its own error
		}
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return nil
	}
	size := fi.Size()
	if size == 0 {
		return ErrEmpty
	}
	hdr := make([]byte, pageHeaderSize+metaSize)
	var best *boltMeta
	for i := 0; i < 2; i++ {
		off := int64(0)
		if i == 1 {
			if best == nil {
				break // no page size known: bbolt tries 4096 too, let it
			}
			off = int64(best.pageSize)
		}
		if _, err := f.ReadAt(hdr, off); err != nil {
			if err == io.EOF {
				continue
			}
			return err
		}
		m, ok := parseMeta(hdr[pageHeaderSize:])
		if ok && (best == nil || m.txid > best.txid) {
			best = m
		}
	}
	if best == nil {
		return nil
	}
	if need := int64(best.pgid) * int64(best.pageSize); size < need {
		return fmt.Errorf("%w: %d bytes, its last commit needs %d", ErrTruncated, size, need)
	}
	return nil
}

type boltMeta struct {
	pageSize   uint32
	pgid, txid uint64
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
	m := &boltMeta{pageSize: le.Uint32(b[8:]), pgid: le.Uint64(b[40:]), txid: le.Uint64(b[48:])}
	if m.pageSize < 512 || m.pageSize > 1<<20 || m.pgid < 2 {
		return nil, false
	}
	return m, true
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
