package search

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// OpenCurrent opens the index in dir read-only when it is already up to
// date with src: synced from src's archive up to its last version by this
// archivist's schema, no superseded versions pending, its copy bands built
// and every segment's checksum verified, so that a Sync would change
// nothing and a writable Open would write nothing. A read command then
// takes no write lock and makes no commit (each an fsync), and bleve
// starts no persister or merger: about half the cost of a search on a
// small archive.
//
// It returns nil and no error when the index is not known to be up to
// date, or is missing, locked or not readable as it is: the caller opens
// it writable and syncs, which deals with each of those. Only a failure to
// ask src is an error. opts.ReadOnly is implied.
func OpenCurrent(ctx context.Context, dir string, src Source, opts *Options) (*Index, error) {
	ss, ok := src.(statser)
	if !ok {
		return nil, nil
	}
	st, err := ss.Stats(ctx)
	if err != nil {
		return nil, err
	}
	o := Options{}
	if opts != nil {
		o = *opts
	}
	o.ReadOnly = true
	if !stateCurrent(dir, st.ID, st.LastSeq, o.Timeout) {
		return nil, nil
	}
	ix, err := Open(dir, &o)
	if err != nil {
		return nil, nil
	}
	// A writer may have synced between the look and the open.
	if ix.LastSeq() != st.LastSeq || ix.archiveID != st.ID {
		ix.Close()
		return nil, nil
	}
	return ix, nil
}

// stateCurrent reads state.db in dir, read-only, and reports whether it
// says the index is synced from archive id up to lastSeq with nothing left
// for a writable Open or a Sync to do (see OpenCurrent).
func stateCurrent(dir, id string, lastSeq uint64, timeout time.Duration) bool {
	path := filepath.Join(dir, "state.db")
	if _, err := os.Stat(path); err != nil {
		return false // bolt would create it
	}
	if timeout <= 0 {
		timeout = 10 * time.Millisecond
	}
	st, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout, ReadOnly: true})
	if err != nil {
		return false
	}
	defer st.Close()
	current := false
	_ = st.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		if m == nil || tx.Bucket(bucketPages) == nil || !bandsComplete(tx) {
			return nil
		}
		if s, _ := strconv.Atoi(string(m.Get(keySchema))); s != schemaVersion {
			return nil
		}
		if v := m.Get(keySeq); len(v) != 8 || binary.BigEndian.Uint64(v) != lastSeq {
			return nil
		}
		if string(m.Get(keyArchive)) != id {
			return nil
		}
		if f := tx.Bucket(bucketFlips); f != nil {
			if k, _ := f.Cursor().First(); k != nil {
				return nil
			}
		}
		current = segmentsVerified(tx, dir)
		return nil
	})
	return current
}

// segmentsVerified reports whether every segment file of the bleve index
// in dir has its checksum recorded as verified, unchanged since: a
// read-only open (which cannot record them) would otherwise read the
// others whole at every open.
func segmentsVerified(tx *bolt.Tx, dir string) bool {
	files, err := filepath.Glob(filepath.Join(dir, "bleve", "store", "*.zap"))
	if err != nil {
		return false
	}
	known := tx.Bucket(bucketSegs)
	if known == nil {
		return len(files) == 0
	}
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil || string(known.Get([]byte(filepath.Base(f)))) != segmentStamp(fi) {
			return false
		}
	}
	return true
}
