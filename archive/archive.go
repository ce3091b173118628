package archive

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// ErrReadOnly: a write on an archive opened with Options.ReadOnly.
var ErrReadOnly = errors.New("archive: opened read-only")

// ErrClosed: the archive was closed.
var ErrClosed = errors.New("archive: closed")

// SchemaVersion is the layout version this archivist writes. Older files
// are migrated on a writable Open; newer ones are refused (ErrNewerSchema).
// Schema 3 adds checksums to version records (vrecBinary3); schema 4
// normalises escapes and drops session ids in URLs (migrate3to4).
const SchemaVersion = 4

// minReadSchema is the oldest schema a read-only open reads as it is.
const minReadSchema = 2

// Bucket names. Keys of per-version buckets are pageID(8) + version(4),
// big-endian, so one page's versions are adjacent and ordered.
var (
	bMeta     = []byte("meta")     // schema, counters
	bURLs     = []byte("urls")     // normalised URL or alias -> pageID
	bPages    = []byte("pages")    // pageID -> pageRec (JSON)
	bVMeta    = []byte("vmeta")    // pageID+ver -> versionRec (JSON)
	bVArticle = []byte("varticle") // pageID+ver -> S2(article JSON)
	bBlobs    = []byte("blobs")    // sha256(raw) -> zstd(raw)
	bSeq      = []byte("seq")      // seq -> pageID+ver, every version
	bHeads    = []byte("heads")    // seq -> pageID+ver, only each page's latest
	bFetches  = []byte("fetches")  // pageID+n -> fetch log entry (binary)
	bSites    = []byte("sites")    // site -> number of pages
	bKV       = []byte("kv")       // namespace buckets
	bRuns     = []byte("runs")     // runID -> Run (JSON)

	kSchema   = []byte("schema")
	kCounters = []byte("counters")
	kID       = []byte("id") // the archive's id, set once at creation

	allBuckets = [][]byte{bMeta, bURLs, bPages, bVMeta, bVArticle, bBlobs, bSeq, bHeads, bFetches, bSites, bKV, bRuns}
)

// Archive is an open archive file. It is safe for concurrent use; writes
// from many goroutines are grouped into shared commits (see Record).
type Archive struct {
	db       *bolt.DB
	path     string
	readOnly bool
	opts     Options
	id       string
	// removeOnClose is a folder Close removes (OpenRescued's copy).
	removeOnClose string

	mu     sync.RWMutex // guards closed and sends on reqs
	closed bool

	// liveRuns are the runs this process started and has not finished:
	// any other run stored as running was left so by a process that died
	// (only one process writes an archive at a time).
	liveRuns sync.Map // run ID -> struct{}
	reqs     chan *writeReq
	done     chan struct{}
	// stopFill and filled end and await fillSourceFields (writers only).
	stopFill, filled chan struct{}
}

// writeReq is one atomic unit of work for the group committer.
type writeReq struct {
	fn  func(*bolt.Tx) error
	err chan error
}

// maxGroup bounds how many writes share one commit.
const maxGroup = 512

// Open opens (creating if needed) the archive at path. A writable open
// takes an exclusive lock on the file; a ReadOnly open takes a shared lock
// and fails with fs.ErrNotExist instead of creating a missing file. When
// the lock is held elsewhere Open fails with ErrLocked after opts.Timeout.
func Open(path string, opts *Options) (*Archive, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	fi, err := os.Stat(path)
	switch {
	case err != nil && o.ReadOnly:
		return nil, fmt.Errorf("archive %s: %w", path, err)
	case err == nil && !fi.Mode().IsRegular() && !fi.IsDir():
		// Opening a named pipe waits for a writer for ever (Ctrl-C does
		// not end it); bbolt fails on a device with its own errors.
		return nil, fmt.Errorf("archive %s: %w: not a regular file", path, ErrNotArchive)
	}
	meta, err := checkFileMeta(path)
	if err != nil {
		return nil, fmt.Errorf("archive %s: %w", path, err)
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = time.Nanosecond // bbolt's 0 means "wait forever"
	}
	// A writable open of a file without a stored freelist walks every
	// page in a bbolt goroutine, and bbolt's writes trust the pages they
	// touch; and bbolt's reads follow page references without a cycle
	// check (a damaged branch page that refers back to itself makes any
	// read of its bucket loop for ever). So the page trees are walked
	// first, where damage is an error — unless the file is exactly as it
	// was when last closed by a writer or walked by a reader (closedClean):
	// on a 1 GB archive the walk takes about a second, and a healthy
	// archive opens in constant time. verify walks them too.
	var stamp string
	if meta != nil && o.ReadOnly && !closedClean(path) {
		// Walk under a shared lock of our own, so no writer changes the
		// pages meanwhile; bbolt's own shared lock is taken before ours
		// is let go.
		lk, err := lockShared(path, timeout)
		if err != nil {
			return nil, fmt.Errorf("archive %s: %w", path, err)
		}
		defer lk.Close()
		stamp = cleanStamp(path)
		if err := walkFile(path, false); err != nil {
			return nil, fmt.Errorf("archive %s: %w", path, err)
		}
	}
	if meta != nil && !o.ReadOnly && (!meta.syncedFreelist() || !closedClean(path)) {
		if err := preflight(path); err != nil {
			if locked(path) {
				return nil, fmt.Errorf("archive %s: %w", path, ErrLocked)
			}
			return nil, fmt.Errorf("archive %s: %w", path, err)
		}
	}
	db, err := openBolt(path, &bolt.Options{
		Timeout:  timeout,
		ReadOnly: o.ReadOnly,
		// The free list is written at each commit so an open reads a
		// constant amount: without it bbolt walks the whole file to rebuild
		// it (seconds and gigabytes of RSS on a big archive). A file written
		// without it gets one at its first writable open.
		NoFreelistSync: o.noFreelistSync,
		NoSync:         o.noSync,
		FreelistType:   bolt.FreelistMapType,
	})
	if err != nil {
		switch {
		case errors.Is(err, berrors.ErrTimeout):
			return nil, fmt.Errorf("archive %s: %w", path, ErrLocked)
		case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
			return nil, fmt.Errorf("archive %s: %w (%v)", path, ErrNotArchive, err)
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("archive %s: %w", path, err)
		}
		return nil, fmt.Errorf("archive %s: %w", path, err)
	}
	// The lock is ours: no writer of this file runs, so a socket beside it
	// is a killed writer's.
	removeStaleSocket(path)
	a := &Archive{db: db, path: path, readOnly: o.ReadOnly, opts: o}
	if err := a.checkSchema(); err != nil {
		db.Close()
		return nil, fmt.Errorf("archive %s: %w", path, err)
	}
	if stamp != "" {
		markWalked(path, stamp) // the next open need not walk it again
	}
	if !o.ReadOnly {
		a.reqs = make(chan *writeReq, maxGroup)
		a.done = make(chan struct{})
		go a.committer()
		a.stopFill, a.filled = make(chan struct{}), make(chan struct{})
		go a.fillSourceFields()
	}
	return a, nil
}

// openBolt is bolt.Open, with a panic or fault on a damaged file (bbolt
// walks every page to rebuild the freelist) as ErrCorrupt. The file is
// created 0600: an archive is its owner's, and a file other users can
// open is one they can lock (flock -s) to stop every crawl.
func openBolt(path string, o *bolt.Options) (db *bolt.DB, err error) {
	defer guard(&err)()
	return bolt.Open(path, 0o600, o)
}

// Path returns the archive's file name.
func (a *Archive) Path() string { return a.path }

// Close waits for pending writes and closes the file.
func (a *Archive) Close() error {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return nil
	}
	a.closed = true
	if a.reqs != nil {
		close(a.reqs)
	}
	a.mu.Unlock()
	if a.done != nil {
		<-a.done
	}
	if a.filled != nil {
		close(a.stopFill)
		<-a.filled
	}
	err := a.db.Close()
	if err == nil && !a.readOnly {
		markClean(a.path)
	}
	if a.removeOnClose != "" {
		os.RemoveAll(a.removeOnClose)
	}
	return err
}

// checkSchema creates a new archive's layout, migrates an older one, and
// refuses a newer one or a bbolt file that is not an archive.
func (a *Archive) checkSchema() error {
	var have uint32
	empty, renames, renamesGone := true, false, false
	err := a.view(func(tx *bolt.Tx) error {
		_ = tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
		renames = tx.Bucket(bRenames) != nil && bget(tx, bMeta, kRenamesMade) != nil
		renamesGone = renamesLost(tx)
		if m := tx.Bucket(bMeta); m != nil {
			if v := m.Get(kSchema); len(v) == 4 {
				have = binary.BigEndian.Uint32(v)
			}
			a.id = string(m.Get(kID))
		}
		return nil
	})
	if err != nil {
		return err
	}
	switch {
	case have > SchemaVersion:
		return fmt.Errorf("%w: schema %d, this archivist reads up to %d; upgrade archivist", ErrNewerSchema, have, SchemaVersion)
	case have == 0 && !empty:
		return ErrNotArchive
	case renamesGone && !a.readOnly:
		return fmt.Errorf("%w: its renames bucket is lost (its name damaged?), and with it every rename link; 'archivist salvage' copies the rest into a new archive", ErrCorrupt)
	case have == SchemaVersion && a.id != "" && (renames || a.readOnly):
		return nil
	case have >= minReadSchema && a.readOnly:
		return nil // an archive from before ids or checksums; it gets them at its next write open
	case a.readOnly && empty:
		return ErrNotArchive
	case a.readOnly:
		return fmt.Errorf("schema %d needs migrating to %d: open it once with a command that writes it (archivist crawl, import or serve), which migrates it", have, SchemaVersion)
	}
	return a.guardedUpdate(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		if tx.Bucket(bRenames) == nil {
			if err := moveRenames(tx); err != nil {
				return fmt.Errorf("moving rename links: %w", err)
			}
		} else if err := markRenames(tx); err != nil {
			return err
		}
		for v := have; v < SchemaVersion && have > 0; v++ { // a fresh file (0) is current
			m := migrations[v]
			if m == nil {
				return fmt.Errorf("no migration from schema %d", v)
			}
			slog.Info("archive: migrating", "from", v, "to", v+1)
			if err := m(tx); err != nil {
				return fmt.Errorf("migrate schema %d -> %d: %w", v, v+1, err)
			}
		}
		m := tx.Bucket(bMeta)
		if a.id == "" {
			a.id = newID()
			if err := m.Put(kID, []byte(a.id)); err != nil {
				return err
			}
		}
		return m.Put(kSchema, binary.BigEndian.AppendUint32(nil, SchemaVersion))
	})
}

// ID returns the archive's id: 32 random hex digits written once, when the
// file is created (or, for an archive made before ids, at its first
// writable open). It names the archive to what is derived from it (the
// search index) and to where it is pushed, and survives copies and backups
// of the file. "" only for such an older archive opened read-only.
func (a *Archive) ID() string { return a.id }

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

// committer runs queued writes, many per bbolt transaction: one fsync is
// shared by every write that arrived while the previous commit ran. A write
// that fails rolls back its group; the others are retried without it, so
// each write stays atomic and none is reported stored before its commit.
func (a *Archive) committer() {
	defer close(a.done)
	group := make([]*writeReq, 0, maxGroup)
	for first := range a.reqs {
		group = append(group[:0], first)
	drain:
		for len(group) < maxGroup {
			select {
			case r, ok := <-a.reqs:
				if !ok {
					break drain
				}
				group = append(group, r)
			default:
				break drain
			}
		}
		a.commitGroup(group)
	}
}

func (a *Archive) commitGroup(group []*writeReq) {
	for len(group) > 0 {
		failed := -1
		var ferr error
		err := a.guardedUpdate(func(tx *bolt.Tx) error {
			for i, r := range group {
				if err := r.fn(tx); err != nil {
					failed, ferr = i, err
					return err
				}
			}
			return nil
		})
		if err == nil {
			for _, r := range group {
				r.err <- nil
			}
			return
		}
		if failed < 0 { // the commit itself failed: every write failed
			for _, r := range group {
				r.err <- err
			}
			return
		}
		group[failed].err <- ferr
		group = append(group[:failed:failed], group[failed+1:]...)
	}
}

// update runs fn atomically in a (possibly shared) write transaction and
// returns after it is committed. fn may run more than once (if another
// write in its group fails), so it must only derive state from tx.
func (a *Archive) update(ctx context.Context, fn func(*bolt.Tx) error) error {
	if a.readOnly {
		return ErrReadOnly
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	r := &writeReq{fn: fn, err: make(chan error, 1)}
	a.mu.RLock()
	if a.closed {
		a.mu.RUnlock()
		return ErrClosed
	}
	a.reqs <- r
	a.mu.RUnlock()
	return <-r.err
}

// view runs fn in a read transaction. Damage that makes bbolt panic or
// fault is returned as ErrCorrupt (bbolt rolls the transaction back).
func (a *Archive) view(fn func(*bolt.Tx) error) (err error) {
	a.mu.RLock()
	closed := a.closed
	a.mu.RUnlock()
	if closed {
		return ErrClosed
	}
	defer guard(&err)()
	return a.db.View(fn)
}

// guardedUpdate is db.Update with damage as ErrCorrupt, as in view.
func (a *Archive) guardedUpdate(fn func(*bolt.Tx) error) (err error) {
	defer guard(&err)()
	return a.db.Update(fn)
}

func u64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

func vkey(pageID uint64, ver int) []byte {
	k := make([]byte, 12)
	binary.BigEndian.PutUint64(k, pageID)
	binary.BigEndian.PutUint32(k[8:], uint32(ver))
	return k
}

func splitVKey(k []byte) (uint64, int) {
	if len(k) != 12 {
		return 0, 0
	}
	return binary.BigEndian.Uint64(k), int(binary.BigEndian.Uint32(k[8:]))
}

// clone copies a byte slice out of a transaction.
func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}
