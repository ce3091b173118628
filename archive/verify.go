package archive

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// VerifyReport is what Verify checked and found.
type VerifyReport struct {
	Pages    int `json:"pages"`
	Versions int `json:"versions"`
	Blobs    int `json:"blobs"`
	Fetches  int `json:"fetches"`
	URLs     int `json:"urls"`
	// DamagedPages counts the damaged pages and page references met: the
	// counts above and the record problems are then of what could be read
	// past them (see VerifyDamaged).
	DamagedPages int      `json:"damaged_pages,omitempty"`
	Problems     []string `json:"problems,omitempty"`
}

// maxProblems bounds the report.
const maxProblems = 1000

// Verify checks the whole archive in one read transaction: bbolt's own
// page consistency, every blob's hash against its decompressed content,
// every version's article, the URL, seq and head indexes, the fetch log,
// the rename links, and the stored counters. It returns the report and, if anything is wrong, an
// error wrapping ErrCorrupt.
func (a *Archive) Verify(ctx context.Context) (*VerifyReport, error) {
	rep := &VerifyReport{}
	if a.filled != nil {
		// Its commits beside bbolt's check read as unreachable pages.
		<-a.filled
	}
	problem := func(format string, args ...any) {
		if len(rep.Problems) < maxProblems {
			rep.Problems = append(rep.Problems, fmt.Sprintf(format, args...))
		}
	}
	// bbolt's own check runs in a goroutine of its own, where a panic on
	// a damaged page would kill the process: walk the pages here first.
	walk := func() error { return walkPages(a.db) }
	if a.readOnly { // no writer: the file can be read beside bbolt
		walk = func() error { return walkFile(a.path, true) }
	}
	if err := walk(); err != nil {
		if a.readOnly && a.removeOnClose == "" {
			return VerifyDamaged(ctx, a.path)
		}
		problem("bbolt: the page structure is damaged: %v", err)
		return rep, fmt.Errorf("%w: %d problem(s), first: %s", ErrCorrupt, len(rep.Problems), rep.Problems[0])
	}
	// bbolt's own check rebuilds a free list the file does not store by
	// walking the pages in a goroutine of its own, where a panic cannot be
	// recovered: only with a stored free list (then its walk runs in a
	// goroutine that recovers) is it run. The walk above covers the trees.
	meta, _ := checkFileMeta(a.path)
	err := a.view(func(tx *bolt.Tx) error {
		if meta != nil && meta.syncedFreelist() {
			for e := range tx.Check() {
				problem("bbolt: %v", e)
			}
		}
		for _, name := range allBuckets {
			if tx.Bucket(name) == nil {
				problem("bucket %s missing", name)
				return nil
			}
		}
		var c counters
		sites := map[string]uint64{}
		blobRefs := map[string]bool{}
		seqs := map[uint64]string{} // seq -> version key
		heads := map[uint64]bool{}
		err := tx.Bucket(bPages).ForEach(func(k, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			rep.Pages++
			pp, err := decodePage(v)
			if pp == nil || len(k) != 8 || binary.BigEndian.Uint64(k) != pp.ID {
				problem("page %x: bad record", k)
				return nil
			}
			p := *pp
			if err != nil {
				problem("page %s: %v", p.URL, err)
			}
			c.Pages++
			sites[p.Site]++
			if !p.GoneSince.IsZero() {
				c.Gone++
			}
			if p.LastFailure != "" {
				c.Failed++
			}
			c.LastFetch = maxTime(c.LastFetch, p.LastFetched)
			if lookupID(tx, p.URL) != p.ID {
				problem("page %s: not indexed by its URL", p.URL)
			}
			var hash string
			for n := 1; n <= p.Versions; n++ {
				vr, err := getVersion(tx, p.ID, n)
				if err != nil {
					problem("page %s: %v", p.URL, err)
					continue
				}
				rep.Versions++
				c.Versions++
				c.RawBytes += int64(vr.RawSize)
				c.StoredBytes += int64(len(tx.Bucket(bVMeta).Get(vkey(p.ID, n))) + len(tx.Bucket(bVArticle).Get(vkey(p.ID, n))))
				if _, err := decodeRecord(tx, p.ID, n, vr); err != nil {
					problem("page %s version %d: %v", p.URL, n, err)
				}
				key := string(vkey(p.ID, n))
				if got := tx.Bucket(bSeq).Get(u64(vr.Seq)); string(got) != key {
					problem("page %s version %d: seq %d not indexed", p.URL, n, vr.Seq)
				}
				seqs[vr.Seq] = key
				if n == p.Versions {
					heads[vr.Seq] = true
					hash = vr.Hash
					if p.HeadSeq != vr.Seq {
						problem("page %s: head seq %d, latest version has %d", p.URL, p.HeadSeq, vr.Seq)
					}
				}
				blobRefs[vr.Blob] = true
				if tx.Bucket(bBlobs).Get(mustHex(vr.Blob)) == nil {
					problem("page %s version %d: raw page %s missing", p.URL, n, vr.Blob)
				}
			}
			if p.Versions > 0 && hash != p.Hash {
				problem("page %s: content hash differs from its latest version", p.URL)
			}
			if tx.Bucket(bVMeta).Get(vkey(p.ID, p.Versions+1)) != nil {
				problem("page %s: versions beyond %d stored", p.URL, p.Versions)
			}
			fc := tx.Bucket(bFetches).Cursor()
			prefix := u64(p.ID)
			nf := uint32(0)
			for fk, fv := fc.Seek(prefix); fk != nil && string(fk[:8]) == string(prefix); fk, fv = fc.Next() {
				nf++
				rep.Fetches++
				if len(fk) != 12 || binary.BigEndian.Uint32(fk[8:]) != nf {
					problem("page %s: fetch log key %x out of order", p.URL, fk)
				}
				if _, err := decodeFetch(fv); err != nil {
					problem("page %s fetch %d: %v", p.URL, nf, err)
				}
			}
			if nf != p.Fetches {
				problem("page %s: %d fetches logged, page says %d", p.URL, nf, p.Fetches)
			}
			return nil
		})
		if err != nil {
			return err
		}
		verifyRenames(tx, problem)
		_ = tx.Bucket(bKV).ForEach(func(ns, v []byte) error {
			if b := tx.Bucket(bKV).Bucket(ns); b != nil && uint64(b.Stats().KeyN) != b.Sequence() {
				problem("kv %s: %d keys, count says %d", ns, b.Stats().KeyN, b.Sequence())
			}
			return nil
		})
		_ = tx.Bucket(bRuns).ForEach(func(k, v []byte) error {
			if _, err := decodeRun(v); err != nil {
				problem("run %x: %v", k, err)
			}
			return nil
		})
		_ = tx.Bucket(bURLs).ForEach(func(k, v []byte) error {
			rep.URLs++
			if len(v) != 8 || tx.Bucket(bPages).Get(v) == nil {
				problem("url %s: points to a missing page", k)
			}
			return nil
		})
		_ = tx.Bucket(bSeq).ForEach(func(k, v []byte) error {
			if len(k) != 8 || seqs[binary.BigEndian.Uint64(k)] != string(v) {
				problem("seq %x: stale entry", k)
			}
			return nil
		})
		nh := 0
		_ = tx.Bucket(bHeads).ForEach(func(k, v []byte) error {
			nh++
			if len(k) != 8 || !heads[binary.BigEndian.Uint64(k)] {
				problem("head %x: not a page's latest version", k)
			}
			return nil
		})
		if nh != len(heads) {
			problem("heads index has %d entries, want %d", nh, len(heads))
		}
		if last := tx.Bucket(bSeq).Sequence(); len(seqs) > 0 {
			for s := range seqs {
				if s > last {
					problem("seq %d beyond the counter %d", s, last)
				}
			}
		}
		err = tx.Bucket(bBlobs).ForEach(func(k, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			rep.Blobs++
			c.StoredBytes += int64(len(v))
			h := hex.EncodeToString(k)
			raw, err := decompress(v)
			if err != nil {
				problem("raw page %s: %v", h, err)
				return nil
			}
			if blobHash(raw) != h {
				problem("raw page %s: content does not match its hash", h)
			}
			if !blobRefs[h] {
				problem("raw page %s: not referenced by any version", h)
			}
			return nil
		})
		if err != nil {
			return err
		}
		stored := getCounters(tx)
		c.LastFetch = stored.LastFetch // fetches of unknown pages move it too
		if stored != c {
			problem("counters %+v, recomputed %+v", stored, c)
		}
		_ = tx.Bucket(bSites).ForEach(func(k, v []byte) error {
			if len(v) != 8 || binary.BigEndian.Uint64(v) != sites[string(k)] {
				problem("site %s: page count off", k)
			}
			delete(sites, string(k))
			return nil
		})
		for s := range sites {
			problem("site %s: missing from the site index", s)
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	if len(rep.Problems) > 0 {
		return rep, fmt.Errorf("%w: %d problem(s), first: %s", ErrCorrupt, len(rep.Problems), rep.Problems[0])
	}
	return rep, nil
}

// VerifySnapshot verifies the archive as one read transaction sees it,
// with every check a direct verify of the file runs (the damaged pages,
// then every record problem): for the process that holds the archive,
// answering another's verify through its read server. A writable
// archive's pages are read through bbolt, where damage stops the check at
// its first bad page; so the file is copied (bbolt's Tx.CopyFile, which
// copies the pages as they are, without following their trees) beside the
// archive, and the copy is verified as a reader verifies a file. A
// read-only archive is verified directly.
func (a *Archive) VerifySnapshot(ctx context.Context) (*VerifyReport, error) {
	if a.readOnly {
		return a.Verify(ctx)
	}
	dir, err := os.MkdirTemp(filepath.Dir(a.path), "."+filepath.Base(a.path)+".verify-")
	if err != nil {
		return nil, fmt.Errorf("verify: a snapshot of the archive: %w", err)
	}
	defer os.RemoveAll(dir)
	snap := filepath.Join(dir, "snapshot.db")
	if err := a.view(func(tx *bolt.Tx) error { return tx.CopyFile(snap, 0o600) }); err != nil {
		return nil, fmt.Errorf("verify: a snapshot of the archive: %w", err)
	}
	return VerifyFile(ctx, snap)
}

// VerifyFile verifies the archive file at path, as `archivist verify`
// does: directly, or past its damaged pages (VerifyDamaged) when they
// keep it from being opened.
func VerifyFile(ctx context.Context, path string) (*VerifyReport, error) {
	c, err := Open(path, &Options{ReadOnly: true})
	if errors.Is(err, ErrCorrupt) {
		return VerifyDamaged(ctx, path)
	}
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return c.Verify(ctx)
}

// VerifyDamaged verifies the archive at path whose page trees are damaged
// (Open refuses it with ErrCorrupt): it lists every damaged page and page
// reference, then verifies what can be read past them (OpenRescued) and
// lists every record problem found there: versions, articles, raw pages
// lost with the damaged pages or damaged themselves. The error wraps
// ErrCorrupt whenever anything is wrong, which, the file being damaged, is
// always; it is another error only when the file cannot be read at all.
func VerifyDamaged(ctx context.Context, path string) (*VerifyReport, error) {
	c, damage, err := OpenRescued(ctx, path, "")
	rep := &VerifyReport{DamagedPages: len(damage)}
	for _, d := range damage {
		rep.Problems = append(rep.Problems, "page structure: "+d)
	}
	if err != nil {
		if len(rep.Problems) == 0 {
			return nil, err
		}
		rep.Problems = append(rep.Problems, fmt.Sprintf("nothing more could be read: %v", err))
		return rep, fmt.Errorf("%w: %d problem(s), first: %s", ErrCorrupt, len(rep.Problems), rep.Problems[0])
	}
	defer c.Close()
	recs, verr := c.Verify(ctx)
	if recs == nil {
		return rep, verr
	}
	recs.DamagedPages = rep.DamagedPages
	recs.Problems = append(rep.Problems, recs.Problems...)
	if len(recs.Problems) > maxProblems {
		recs.Problems = recs.Problems[:maxProblems]
	}
	if len(recs.Problems) == 0 { // damage only in pages nothing needed
		recs.Problems = []string{"page structure: damaged, but every record was read past it"}
	}
	return recs, fmt.Errorf("%w: %d problem(s), first: %s", ErrCorrupt, len(recs.Problems), recs.Problems[0])
}
