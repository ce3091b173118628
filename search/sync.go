package search

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/archivist-org/archivist/archive"
)

var bucketSigs = []byte("sigs") // unused since schema 3; dropped on reset

// encodePage packs a page's state and its fingerprint (may be nil) into
// one value: one key per page keeps state.db small.
func encodePage(ps *pageState, sig []byte) ([]byte, error) {
	j, err := json.Marshal(ps)
	if err != nil {
		return nil, err
	}
	v := make([]byte, 0, 2+len(sig)+len(j))
	v = binary.AppendUvarint(v, uint64(len(sig)))
	v = append(v, sig...)
	return append(v, j...), nil
}

// decodePage unpacks encodePage's value into ps and returns the
// fingerprint (nil if none); it aliases v.
func decodePage(v []byte, ps *pageState) ([]byte, error) {
	n, k := binary.Uvarint(v)
	if k <= 0 || uint64(len(v)-k) < n {
		return nil, errors.New("search: corrupt page state")
	}
	sig := v[k : k+int(n)]
	if err := json.Unmarshal(v[k+int(n):], ps); err != nil {
		return nil, err
	}
	if len(sig) == 0 {
		sig = nil
	}
	return sig, nil
}

// pageState is what state.db keeps for a page's latest indexed version.
type pageState struct {
	Version   int       `json:"v"`
	Seq       uint64    `json:"seq"`
	Site      string    `json:"site"`
	Title     string    `json:"title,omitempty"`
	Date      time.Time `json:"date,omitzero"`
	Dated     string    `json:"dated,omitempty"`
	FirstSeen time.Time `json:"first_seen,omitzero"`
	SourceURL string    `json:"source_url,omitempty"`
	Words     int       `json:"words,omitempty"`
}

// SyncStats reports what a Sync did.
type SyncStats struct {
	Indexed int    // versions indexed
	Flipped int    // older versions re-indexed as superseded
	LastSeq uint64 // seq the index is now synced to
	// Unreadable lists the versions the archive could not read (damaged
	// data): skipped, so the rest is searchable.
	Unreadable []Unreadable
}

// Unreadable is a version Sync skipped because the archive could not read it.
type Unreadable struct {
	Seq uint64
	URL string
	Err error
}

// Sync indexes every version in src with seq greater than LastSeq, in seq
// order, committing every BatchSize versions. Cancelling ctx stops after
// the current batch; what was committed stays.
func (ix *Index) Sync(ctx context.Context, src Source) (SyncStats, error) {
	if ix.opts.ReadOnly {
		return SyncStats{LastSeq: ix.LastSeq()}, ErrReadOnly
	}
	ix.syncMu.Lock()
	defer ix.syncMu.Unlock()
	return ix.syncLocked(ctx, src)
}

// Rebuild drops the index and indexes the whole archive again.
func (ix *Index) Rebuild(ctx context.Context, src Source) (SyncStats, error) {
	if ix.opts.ReadOnly {
		return SyncStats{LastSeq: ix.LastSeq()}, ErrReadOnly
	}
	ix.syncMu.Lock()
	defer ix.syncMu.Unlock()
	if err := ix.resetLocked(); err != nil {
		return SyncStats{}, err
	}
	st, err := ix.syncLocked(ctx, src)
	if err == nil {
		ix.compactRebuild(ctx)
	}
	return st, err
}

// Add indexes records directly (in seq order, after LastSeq), as Sync does
// with what it reads. For callers that already hold the records.
func (ix *Index) Add(ctx context.Context, recs []*archive.Record, src TextSource) (SyncStats, error) {
	if ix.opts.ReadOnly {
		return SyncStats{LastSeq: ix.LastSeq()}, ErrReadOnly
	}
	ix.syncMu.Lock()
	defer ix.syncMu.Unlock()
	if err := ix.useBleveLocked(true); err != nil {
		return SyncStats{LastSeq: ix.lastSeq}, err
	}
	s := &syncer{ix: ix, ctx: ctx, stats: SyncStats{LastSeq: ix.lastSeq}}
	var err error
	for _, r := range recs {
		if err = s.add(r); err != nil {
			break
		}
	}
	if err == nil {
		err = s.flush()
	}
	if werr := s.wait(); err == nil {
		err = werr
	}
	if err != nil {
		return s.stats, err
	}
	err = ix.applyFlips(ctx, src, &s.stats)
	return s.stats, err
}

// statser is the part of archive.Reader that says which archive it is and
// how far it goes.
type statser interface {
	Stats(ctx context.Context) (*archive.Stats, error)
}

// checkSource drops the index when it was not synced from src's archive
// (another archive's index copied beside it) or holds versions src lacks
// (the archive was restored from an older backup): both would answer with
// pages the archive does not have and never index the ones it gets. The
// next sync then starts from scratch. It records src's id in the index
// and returns src's stats (nil when src cannot give them).
func (ix *Index) checkSource(ctx context.Context, src Source) (*archive.Stats, error) {
	ss, ok := src.(statser)
	if !ok {
		return nil, nil
	}
	st, err := ss.Stats(ctx)
	if err != nil {
		return nil, err
	}
	why := ix.mismatch(st)
	if why != "" && ix.opts.NoRebuild {
		return nil, &IndexError{Kind: ErrForeign, Why: why}
	}
	if why != "" {
		slog.Warn("search: the index does not match its archive; rebuilding it", "index", ix.dir, "why", why)
		if err := ix.resetLocked(); err != nil {
			return nil, err
		}
		ix.mu.Lock()
		ix.damage = why
		ix.mu.Unlock()
	}
	if st.ID == "" || st.ID == ix.archiveID {
		return st, nil
	}
	err = ix.state.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keyArchive, []byte(st.ID))
	})
	if err != nil {
		return nil, fmt.Errorf("search: commit state: %w", err)
	}
	ix.archiveID = st.ID
	return st, nil
}

// mismatch says why the index cannot serve the archive st describes:
// made from another archive, or holding versions beyond its last; "" if
// it can.
func (ix *Index) mismatch(st *archive.Stats) string {
	switch {
	case st.ID != "" && ix.archiveID != "" && st.ID != ix.archiveID:
		return fmt.Sprintf("it was made from another archive (id %s, this one is %s)", ix.archiveID, st.ID)
	case ix.lastSeq > st.LastSeq:
		return fmt.Sprintf("it holds versions up to seq %d, the archive only up to %d (restored from an older copy?)", ix.lastSeq, st.LastSeq)
	}
	return ""
}

func (ix *Index) syncLocked(ctx context.Context, src Source) (SyncStats, error) {
	srcStats, err := ix.checkSource(ctx, src)
	if err != nil {
		return SyncStats{LastSeq: ix.lastSeq}, err
	}
	if srcStats != nil && srcStats.LastSeq <= ix.lastSeq && !ix.flipsPending() {
		return SyncStats{LastSeq: ix.lastSeq}, nil // nothing to index: bleve stays closed
	}
	if err := ix.useBleveLocked(true); err != nil { // may drop a damaged index: lastSeq 0
		return SyncStats{LastSeq: ix.lastSeq}, err
	}
	s := &syncer{ix: ix, ctx: ctx, stats: SyncStats{LastSeq: ix.lastSeq}}
	// Flips left by an interrupted Sync first.
	if err := ix.applyFlips(ctx, src, &s.stats); err != nil {
		return s.stats, err
	}
	// A fresh index filled from a big archive gets its band index at the
	// end, band by band. Kept up to date batch by batch, every batch would
	// insert its 64 keys per page all over the bucket, rewriting most of
	// its pages: a rebuild's writes would grow with the square of the
	// archive. Until then Copies compares with every fingerprint; an
	// interrupted sync's bands are built at the next writable Open.
	deferBands := false
	if ix.lastSeq == 0 && srcStats != nil && srcStats.LastSeq > uint64(4*ix.opts.BatchSize) {
		if err := dropBands(ix.state); err != nil {
			return s.stats, err
		}
		deferBands = true
		s.bulk = true
		// Its merges read whole segments of it, bigger with every tier.
		defer releaseSegmentPages(ix.bleve)()
	}
	start := time.Now()
	err = src.Export(ctx, archive.ExportFilter{AfterSeq: ix.lastSeq, AllVersions: true, NoMarkdown: true, NoDerivedFields: true,
		OnBadRecord: func(seq uint64, url string, err error) {
			s.stats.Unreadable = append(s.stats.Unreadable, Unreadable{seq, url, err})
		}}, s.add)
	if err == nil {
		err = s.addUnsuperseded(ctx, src)
	}
	if err == nil {
		err = s.flush()
	}
	if werr := s.wait(); err == nil {
		err = werr
	}
	if err != nil {
		return s.stats, err
	}
	// Superseded versions are read back after Export returns: reading the
	// archive from inside its Export callback could deadlock a writer.
	if err := ix.applyFlips(ctx, src, &s.stats); err != nil {
		return s.stats, err
	}
	if deferBands {
		if err := ensureBands(ix.state); err != nil {
			return s.stats, err
		}
	}
	if s.stats.Indexed > 0 {
		slog.Debug("search: synced", "indexed", s.stats.Indexed, "flipped", s.stats.Flipped,
			"last_seq", s.stats.LastSeq, "took", time.Since(start))
	}
	return s.stats, nil
}

// commitDepth is how many batches are committed at once. bleve builds each
// batch's segment on the goroutine that hands it over, single-threaded (a
// third of a rebuild's CPU), so two batches would build two segments side
// by side; but each holds its analysed documents (70-100 MB for 1000
// versions), and under reindex's 256 MB heap limit two cost ~10% more CPU
// in collections (10k versions, side by side: 10.4-11.0 s against
// 8.9-9.8 s for one). Their state commits follow one another in seq order.
const commitDepth = 1

// batchTextBytes also ends a batch: what a batch holds while it is
// analysed and built into a segment grows with its texts, and corpus
// pages' are 3-4 times the scale archives' (7.0 against 1.9 KB a version).
// Batches of 1000 of them held more than reindex's 256 MB heap limit
// allows, and the collector ran all the time: 30k versions of corpus
// pages took 102 s of CPU, against 52-53 s in batches of 250 or 500. At
// 3 MB the scale archives' batches stay at ~1000 versions.
var batchTextBytes = 3 << 20

// syncer accumulates one batch while the ones before it are committed: the
// archive's decoding, fingerprints and bleve's document mapping of the next
// batch overlap bleve's analysis and segment building and the state commit
// of the last ones.
type syncer struct {
	ix      *Index
	ctx     context.Context
	docs    []*doc
	ids     []string
	pending map[string]int // url -> index in docs of its newest version
	pages   map[string]*pageState
	sigs    map[string][]byte // url -> encoded signature, nil = delete
	flips   [][]byte
	langs   map[string]bool
	maxSeq  uint64
	stats   SyncStats
	bulk    bool // a fresh index filled from a big archive
	// superseded: page URL -> its newest version indexed as superseded
	// (Record.Superseded) in this sync, until a later version arrives.
	superseded map[string]int
	textBytes  int // the batch's titles and texts

	inflight []*batchCommit // the batches being committed, oldest first
}

// batchCommit is one batch handed to commit.
type batchCommit struct {
	docs   []*doc
	ids    []string
	pages  map[string]*pageState // read-only once handed over
	sigs   map[string][]byte
	flips  [][]byte
	langs  map[string]bool
	maxSeq uint64
	bulk   bool          // drop state.db's resident pages after the commit
	done   chan error    // the batch's result, read by wait
	stated chan struct{} // closed once its state is committed or failed (err set before)
	err    error
}

func (s *syncer) add(r *archive.Record) error {
	if err := s.ctx.Err(); err != nil {
		return err
	}
	if r == nil || r.URL == "" {
		return nil
	}
	if s.pending == nil {
		s.pending = map[string]int{}
		s.pages = map[string]*pageState{}
		s.sigs = map[string][]byte{}
		s.langs = map[string]bool{}
	}
	if r.Superseded {
		return s.addSuperseded(r)
	}
	delete(s.superseded, r.URL)
	prev, err := s.prevState(r.URL)
	if err != nil {
		return err
	}
	latest := prev == nil || r.Version >= prev.Version
	d := newDoc(r, latest)
	if latest {
		if i, ok := s.pending[r.URL]; ok && s.docs[i].Version != d.Version {
			s.docs[i].Latest = false // superseded inside this batch
		} else if !ok && prev != nil && prev.Version != r.Version {
			s.flips = append(s.flips, flipKey(r.URL, prev.Version))
		}
		s.pending[r.URL] = len(s.docs)
		ps := &pageState{Version: r.Version, Seq: r.Seq, Site: d.Site, Title: r.Title,
			Date: d.Date, Dated: d.Dated, FirstSeen: r.FirstSeen, SourceURL: r.SourceURL, Words: r.WordCount}
		s.pages[r.URL] = ps
		if sig, n := fingerprint(r.Text); n >= MinShingles {
			s.sigs[r.URL] = encodeSig(sig, n)
		} else {
			s.sigs[r.URL] = nil
		}
	}
	s.docs = append(s.docs, d)
	s.ids = append(s.ids, docID(r.URL, r.Version))
	s.langs[d.typ] = true
	if r.Seq > s.maxSeq {
		s.maxSeq = r.Seq
	}
	return s.flushIfFull(r)
}

// flushIfFull counts r's text into the batch and flushes the batch once it
// holds BatchSize versions or batchTextBytes of text.
func (s *syncer) flushIfFull(r *archive.Record) error {
	s.textBytes += len(r.Title) + len(r.Text)
	if len(s.docs) >= s.ix.opts.BatchSize || s.textBytes >= batchTextBytes {
		return s.flush()
	}
	return nil
}

// addSuperseded indexes a version the archive already holds a newer one
// of, hence one later in this export: as superseded at once, leaving the
// page's state to the newer one. Indexed as the latest, it would be
// flipped when the newer one comes, which reads it back from the archive
// and indexes it again (17% of the versions of the 100k scale archive).
func (s *syncer) addSuperseded(r *archive.Record) error {
	d := newDoc(r, false)
	s.docs = append(s.docs, d)
	s.ids = append(s.ids, docID(r.URL, r.Version))
	s.langs[d.typ] = true
	if r.Seq > s.maxSeq {
		s.maxSeq = r.Seq
	}
	if s.superseded == nil {
		s.superseded = map[string]int{}
	}
	if v, ok := s.superseded[r.URL]; !ok || r.Version > v {
		s.superseded[r.URL] = r.Version
	}
	return s.flushIfFull(r)
}

// addUnsuperseded indexes again, as their page's latest, the versions
// indexed as superseded whose newer version never came (it could not be
// read, or the archive changed meanwhile): else the page would have no
// latest version in the index.
func (s *syncer) addUnsuperseded(ctx context.Context, src TextSource) error {
	urls := slices.Sorted(maps.Keys(s.superseded))
	for _, u := range urls {
		v := s.superseded[u]
		delete(s.superseded, u)
		r, err := src.Version(ctx, u, v)
		if err != nil {
			slog.Warn("search: a superseded version whose newer one was not indexed cannot be read again", "url", u, "version", v, "err", err)
			continue
		}
		if r.URL == "" {
			r.URL = u
		}
		if r.Version == 0 {
			r.Version = v
		}
		r.Superseded = false
		if err := s.add(r); err != nil {
			return err
		}
	}
	return nil
}

// prevState is the page's latest state: from this batch, the one being
// committed, else state.db.
func (s *syncer) prevState(url string) (*pageState, error) {
	if ps, ok := s.pages[url]; ok {
		return ps, nil
	}
	for i := len(s.inflight) - 1; i >= 0; i-- {
		if ps, ok := s.inflight[i].pages[url]; ok {
			return ps, nil
		}
	}
	var ps *pageState
	err := s.ix.state.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketPages).Get([]byte(url))
		if v == nil {
			return nil
		}
		ps = new(pageState)
		_, err := decodePage(v, ps)
		return err
	})
	return ps, err
}

func flipKey(url string, version int) []byte {
	k := make([]byte, len(url)+5)
	copy(k, url)
	binary.BigEndian.PutUint32(k[len(url)+1:], uint32(version))
	return k
}

func parseFlipKey(k []byte) (string, int, bool) {
	if len(k) < 5 || k[len(k)-5] != 0 {
		return "", 0, false
	}
	return string(k[:len(k)-5]), int(binary.BigEndian.Uint32(k[len(k)-4:])), true
}

// flush hands the batch to a goroutine that commits it, once fewer than
// commitDepth batches are being committed. wait must follow the last flush.
func (s *syncer) flush() error {
	if len(s.docs) == 0 {
		return nil
	}
	for len(s.inflight) >= commitDepth {
		if err := s.waitOldest(); err != nil {
			return err
		}
	}
	bc := &batchCommit{docs: s.docs, ids: s.ids, pages: s.pages, sigs: s.sigs, flips: s.flips,
		langs: s.langs, maxSeq: s.maxSeq, bulk: s.bulk, done: make(chan error, 1), stated: make(chan struct{})}
	s.docs, s.ids, s.flips, s.textBytes = nil, nil, nil, 0
	s.pending, s.pages, s.sigs, s.langs = nil, nil, nil, nil
	var prev *batchCommit
	if n := len(s.inflight); n > 0 {
		prev = s.inflight[n-1]
	}
	s.inflight = append(s.inflight, bc)
	go func() {
		err := s.ix.commitBatch(bc, prev)
		bc.err = err
		close(bc.stated)
		bc.done <- err
	}()
	return nil
}

// wait waits for every batch being committed and counts them.
func (s *syncer) wait() error {
	var first error
	for len(s.inflight) > 0 {
		if err := s.waitOldest(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// waitOldest waits for the oldest batch being committed and counts it.
func (s *syncer) waitOldest() error {
	bc := s.inflight[0]
	err := <-bc.done
	s.inflight = s.inflight[1:]
	if err != nil {
		return err
	}
	s.stats.Indexed += len(bc.docs)
	s.stats.LastSeq = s.ix.LastSeq()
	return nil
}

// commitBatch commits a batch: bleve first (persisted), then state.db,
// once prev (the batch before it, nil if none) has committed its state: a
// crash leaves state.db at the end of a batch whose versions, and all
// before them, are in bleve (later ones may be too: the next Sync indexes
// them again, under the same ids).
func (ix *Index) commitBatch(s, prev *batchCommit) error {
	err := ix.commitDocs(s.ids, s.docs, s.maxSeq)
	if prev != nil {
		<-prev.stated
		if err == nil && prev.err != nil {
			err = errors.New("search: commit batch: an earlier batch failed")
		}
	}
	if err != nil {
		return err // commitDocs says which step failed
	}
	ix.mu.RLock()
	pairs := ix.pairs
	ix.mu.RUnlock()
	newLangs := false
	for l := range s.langs {
		if !ix.hasLang(l) {
			newLangs = true
		}
	}
	err = ix.state.Update(func(tx *bolt.Tx) error {
		pb := tx.Bucket(bucketPages)
		urls := make([]string, 0, len(s.pages))
		for u := range s.pages {
			urls = append(urls, u)
		}
		sort.Strings(urls) // sequential bbolt inserts are much cheaper
		if err := putBands(tx, s.pages, s.sigs); err != nil {
			return err
		}
		for _, u := range urls {
			v, err := encodePage(s.pages[u], s.sigs[u])
			if err != nil {
				return err
			}
			if err := pb.Put([]byte(u), v); err != nil {
				return err
			}
		}
		fb := tx.Bucket(bucketFlips)
		for _, k := range s.flips {
			if err := fb.Put(k, nil); err != nil {
				return err
			}
		}
		m := tx.Bucket(bucketMeta)
		if newLangs {
			ls := ix.langList(s.langs)
			if err := m.Put(keyLangs, []byte(strings.Join(ls, " "))); err != nil {
				return err
			}
		}
		var seq [8]byte
		binary.BigEndian.PutUint64(seq[:], s.maxSeq)
		if s.maxSeq > ix.LastSeq() {
			if pairs {
				if err := m.Put(keyPairs, seq[:]); err != nil {
					return err
				}
			}
			return m.Put(keySeq, seq[:])
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("search: commit state: %w", err)
	}
	if s.bulk {
		// Each batch inserts all over the pages bucket: over a rebuild
		// every page of it would stay resident.
		dropResident(ix.state)
	}
	ix.mu.Lock()
	for l := range s.langs {
		ix.langs[l] = true
	}
	if s.maxSeq > ix.lastSeq {
		ix.lastSeq = s.maxSeq
	}
	ix.mu.Unlock()
	ix.updateSigCache(s.pages, s.sigs)
	return nil
}

func (ix *Index) hasLang(l string) bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.langs[l]
}

func (ix *Index) langList(extra map[string]bool) []string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	set := map[string]bool{}
	for l := range ix.langs {
		set[l] = true
	}
	for l := range extra {
		set[l] = true
	}
	out := make([]string, 0, len(set))
	for l := range set {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// flipsPending reports whether superseded versions wait to be re-indexed.
func (ix *Index) flipsPending() bool {
	pending := false
	_ = ix.state.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketFlips); b != nil {
			k, _ := b.Cursor().First()
			pending = k != nil
		}
		return nil
	})
	return pending
}

// applyFlips re-indexes superseded versions with latest=false, reading
// their text back from src, then forgets the flips.
func (ix *Index) applyFlips(ctx context.Context, src TextSource, stats *SyncStats) error {
	for {
		var keys [][]byte
		err := ix.state.View(func(tx *bolt.Tx) error {
			c := tx.Bucket(bucketFlips).Cursor()
			for k, _ := c.First(); k != nil && len(keys) < ix.opts.BatchSize; k, _ = c.Next() {
				keys = append(keys, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil || len(keys) == 0 {
			return err
		}
		if src == nil {
			return errors.New("search: superseded versions pending but no source to read them")
		}
		var ids []string
		var docs []*doc
		var dels []string
		for _, k := range keys {
			url, v, ok := parseFlipKey(k)
			if !ok {
				continue
			}
			r, err := src.Version(ctx, url, v)
			if errors.Is(err, archive.ErrNotFound) {
				dels = append(dels, docID(url, v))
				continue
			}
			if err != nil {
				return fmt.Errorf("search: read superseded %s v%d: %w", url, v, err)
			}
			if r.URL == "" {
				r.URL = url
			}
			if r.Version == 0 {
				r.Version = v
			}
			ids = append(ids, docID(url, v))
			docs = append(docs, newDoc(r, false))
		}
		if err := ix.commitDocs(ids, docs, 0, dels...); err != nil {
			return err
		}
		err = ix.state.Update(func(tx *bolt.Tx) error {
			fb := tx.Bucket(bucketFlips)
			for _, k := range keys {
				if err := fb.Delete(k); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("search: commit state: %w", err)
		}
		stats.Flipped += len(keys)
	}
}

// commitDocs indexes docs under ids and deletes dels in one bleve batch;
// upTo (if not 0) is the last seq of the versions it commits. A panic
// inside bleve (damaged segments met by a merge) is ErrDamaged.
func (ix *Index) commitDocs(ids []string, docs []*doc, upTo uint64, dels ...string) (err error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	defer recoverDamage(&err)
	b := ix.bleve.NewBatch()
	for i, d := range docs {
		if !ix.pairs {
			if err := b.Index(ids[i], d); err != nil {
				return fmt.Errorf("search: index %s: %w", ids[i], err)
			}
			continue
		}
		bd, err := withPairs(ix.bleve, ids[i], d)
		if err == nil {
			err = b.IndexAdvanced(bd)
		}
		if err != nil {
			return fmt.Errorf("search: index %s: %w", ids[i], err)
		}
	}
	// Batches commit in seq order (one at a time: commitDepth), the
	// marker with them.
	if ix.pairs && upTo > ix.pairsSeq.Load() {
		b.SetInternal(pairsKey, pairsMarker(upTo))
	}
	for _, id := range dels {
		b.Delete(id)
	}
	ix.wrote.Store(true)
	if err := ix.bleve.Batch(b); err != nil {
		return fmt.Errorf("search: commit batch: %w", err)
	}
	if ix.pairs && upTo > ix.pairsSeq.Load() {
		ix.pairsSeq.Store(upTo)
	}
	return nil
}
