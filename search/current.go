package search

import (
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"github.com/archivist-org/archivist/archive"
)

// OpenCurrent opens the index in dir read-only when it is already up to
// date with the archive a describes: synced from it up to its last
// version, no superseded versions pending, its copy bands complete and
// every segment's checksum verified, so that a Sync would change nothing.
// A read command then takes no write lock, and bleve is opened read-only
// at the first query: no persister, no commits (six fsyncs at close on a
// small index).
//
// It returns nil when the index is not known to be up to date, or is
// missing, locked, foreign or not readable as it is: the caller opens it
// as before (writable, then Sync), which deals with each of those.
// opts.ReadOnly and opts.Archive are set from the call.
func OpenCurrent(dir string, a *archive.Stats, opts *Options) *Index {
	if a == nil {
		return nil
	}
	o := Options{}
	if opts != nil {
		o = *opts
	}
	o.ReadOnly, o.Archive = true, a
	ix, err := Open(dir, &o)
	if err != nil {
		return nil
	}
	if !ix.current(a) {
		ix.Close()
		return nil
	}
	return ix
}

// current reports whether the index holds every version of the archive a
// describes and nothing a writable Open or a Sync would still do: see
// OpenCurrent.
func (ix *Index) current(a *archive.Stats) bool {
	if ix.LastSeq() != a.LastSeq || ix.archiveID != a.ID || ix.flipsPending() {
		return false
	}
	ok := false
	_ = ix.state.View(func(tx *bolt.Tx) error {
		ok = bandsComplete(tx) && segmentsVerified(tx, ix.dir)
		return nil
	})
	// No writer can change the segments while this read-only Index has
	// state.db open: the check holds for bleve's open at the first query.
	ix.segsVerified = ok
	return ok
}

// segmentsVerified reports whether every segment file of the bleve index
// in dir has its checksum recorded as verified, unchanged since. A
// read-only open cannot record them, so it would read the others whole at
// every open; a writable one records them once.
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
