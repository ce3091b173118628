package archive

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// rescueCommitEvery bounds the keys one transaction of a rescue copies:
// the page buffers they point into are held until it commits.
const rescueCommitEvery = 20000

// rescue reads the bbolt file at path page by page with pread (no mapping,
// no bbolt), as far as it can be read, and copies every bucket, key and
// value it reaches into a new bbolt file at to. A damaged page (or a
// reference to one: out of the file, past a truncation, reached twice) is
// a problem, returned, and what hangs from it is not copied; the walk goes
// on with the rest. The error is for a file that cannot be read at all (no
// valid meta page) or a copy that cannot be written.
func rescue(ctx context.Context, path, to string) (problems []string, err error) {
	meta, merr := checkFileMeta(path)
	if meta == nil {
		if merr == nil {
			merr = fmt.Errorf("%w: no valid meta page", ErrNotArchive)
		}
		return nil, merr
	}
	if merr != nil { // truncated: read what is there
		problems = append(problems, trimCorrupt(merr))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	metas := readMetas(f, int64(meta.pageSize))
	for i, m := range metas {
		found, n, err := rescueFrom(ctx, f, m, to)
		if err != nil {
			return nil, err
		}
		if n > 0 || i == len(metas)-1 {
			if i > 0 {
				problems = append(problems, fmt.Sprintf("nothing could be read from the last commit (transaction %d): read as of the one before (%d)", metas[0].txid, m.txid))
			}
			return append(problems, found...), nil
		}
		// Nothing readable from the last commit's root (a cut file
		// often loses it: new pages go at the end): bbolt keeps the
		// previous commit's tree whole until the next commit, so try it.
		if err := os.Remove(to); err != nil {
			return nil, err
		}
		problems = append(problems, found...)
	}
	return problems, nil
}

// metaRoot is a valid meta page and its root bucket's page.
type metaRoot struct {
	boltMeta
	root uint64
}

// readMetas returns the file's valid meta pages, newest first.
func readMetas(f *os.File, ps int64) []metaRoot {
	var out []metaRoot
	for _, off := range []int64{0, ps} {
		b := make([]byte, pageHeaderSize+metaSize)
		if _, err := f.ReadAt(b, off); err != nil {
			continue
		}
		if m, ok := parseMeta(b[pageHeaderSize:]); ok && int64(m.pageSize) == ps {
			out = append(out, metaRoot{*m, binary.LittleEndian.Uint64(b[pageHeaderSize+16:])})
		}
	}
	if len(out) == 2 && out[1].txid > out[0].txid {
		out[0], out[1] = out[1], out[0]
	}
	return out
}

// rescueFrom copies what can be read from the tree of meta m into a new
// bbolt file at to, and returns the damage met and how many keys it copied.
func rescueFrom(ctx context.Context, f *os.File, m metaRoot, to string) (problems []string, n int, err error) {
	db, err := bolt.Open(to, 0o600, &bolt.Options{NoSync: true, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return nil, 0, err
	}
	defer func() {
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}()
	tx, err := db.Begin(true)
	if err != nil {
		return nil, 0, err
	}
	defer func() {
		if tx != nil {
			_ = tx.Rollback()
		}
	}()
	fi, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	// Pages past the end of a cut file cannot be read: bound references
	// (and overflow runs, which the walk marks one by one) by the file.
	hwm := min(m.pgid, uint64(fi.Size()/int64(m.pageSize)))
	w := &walker{f: f, ps: int64(m.pageSize), hwm: hwm, seen: map[uint64]bool{}, collect: true, order: true}
	bucketAt := func(path [][]byte) (*bolt.Bucket, error) {
		b, err := tx.CreateBucketIfNotExists(path[0])
		for _, name := range path[1:] {
			if err != nil {
				break
			}
			b, err = b.CreateBucketIfNotExists(name)
		}
		return b, err
	}
	w.bucket = func(path [][]byte, name []byte, seq uint64) error {
		b, err := bucketAt(append(path[:len(path):len(path)], name))
		if err == nil {
			err = b.SetSequence(seq)
		}
		if err != nil {
			return w.fail(w.bad("bucket %q in %q: %v", name, path, err))
		}
		return nil
	}
	w.visit = func(path [][]byte, k, v []byte) error {
		if len(path) == 0 {
			return w.fail(w.bad("a value outside any bucket (key %q)", k))
		}
		b, err := bucketAt(path)
		if err == nil {
			err = b.Put(k, v)
		}
		if err != nil {
			return w.fail(w.bad("key %q in bucket %q: %v", k, path, err))
		}
		if n++; n%rescueCommitEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := tx.Commit(); err != nil {
				return err
			}
			if tx, err = db.Begin(true); err != nil {
				return err
			}
		}
		return nil
	}
	if err := w.tree(m.root, 0, "root", nil); err != nil {
		return nil, n, err
	}
	problems = w.problems
	if w.nbad > len(w.problems) {
		problems = append(problems, fmt.Sprintf("and %d more damaged pages or references", w.nbad-len(w.problems)))
	}
	err = tx.Commit()
	tx = nil
	return problems, n, err
}

func trimCorrupt(err error) string {
	s := err.Error()
	if p := ErrCorrupt.Error() + ": "; len(s) > len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}

// OpenRescued opens, read-only, what can still be read of the damaged
// archive at path: a file whose page trees are broken (a page out of the
// file, reached twice, cut off by truncation) and that Open therefore
// refuses. Every key and value reachable past the damage is copied, page by
// page without bbolt, into a temporary file in dir ("" = the system's
// temporary folder), which is opened instead and removed by Close. It
// returns the damage met: what hung from those pages is lost, and shows in
// the copy as missing records (Verify names them). The original is only
// read, under a shared lock, so no writer changes it meanwhile.
func OpenRescued(ctx context.Context, path, dir string) (*Archive, []string, error) {
	lk, err := lockShared(path, time.Second)
	if err != nil {
		return nil, nil, fmt.Errorf("archive %s: %w", path, err)
	}
	defer lk.Close()
	tmp, err := os.MkdirTemp(dir, "archivist-rescue-")
	if err != nil {
		return nil, nil, err
	}
	copyPath := filepath.Join(tmp, "readable.db")
	problems, err := rescue(ctx, path, copyPath)
	if err == nil {
		err = completeRescued(copyPath)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return nil, problems, fmt.Errorf("archive %s: %w", path, err)
	}
	a, err := Open(copyPath, &Options{ReadOnly: true})
	if err != nil {
		os.RemoveAll(tmp)
		return nil, problems, fmt.Errorf("archive %s (what could be read of it): %w", path, err)
	}
	a.removeOnClose = tmp
	return a, problems, nil
}

// completeRescued gives a rescued copy the buckets and schema mark an
// archive has, when the damage took them (a copy of no archive bucket at
// all is not an archive).
func completeRescued(path string) error {
	db, err := bolt.Open(path, 0o600, &bolt.Options{NoSync: true}) // a temporary file
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Update(func(tx *bolt.Tx) error {
		found := false
		for _, name := range allBuckets {
			found = found || tx.Bucket(name) != nil
		}
		if !found {
			return fmt.Errorf("%w: nothing of it could be read past the damage", ErrCorrupt)
		}
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		m := tx.Bucket(bMeta)
		if m.Get(kSchema) == nil {
			return m.Put(kSchema, u64(SchemaVersion)[4:])
		}
		return nil
	})
}
