package search

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/it"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveutil "github.com/blevesearch/bleve/v2/util"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/extract"
)

var (
	// ErrLocked: another process has the index open.
	ErrLocked = errors.New("search: index in use by another process")
	// ErrNotIndexed: the page is not in the index (or has no fingerprint).
	ErrNotIndexed = errors.New("search: page not indexed")
	// ErrBadQuery: the query could not be parsed.
	ErrBadQuery = errors.New("search: bad query")
	// ErrNewerIndex: the index was written by a newer archivist.
	ErrNewerIndex = errors.New("search: index written by a newer archivist")
	// ErrReadOnly: the index was opened with Options.ReadOnly and cannot
	// be brought up to date (Sync, Add, Rebuild), or it needs a rebuild
	// that only a writable open can do.
	ErrReadOnly = errors.New("search: index opened read-only")
	// ErrDamaged: the index's files are damaged (a segment fails its
	// checksum, bleve cannot open it or panicked reading it). A writable
	// Open rebuilds such an index from scratch (the next Sync refills it);
	// a read-only one or one with Options.NoRebuild does not, and
	// `archivist reindex` must.
	ErrDamaged = errors.New("search: index is damaged")
	// ErrForeign: the index does not match the archive it is synced from
	// (it was made from another archive, or holds versions beyond the
	// archive's last seq). Sync rebuilds it, unless Options.NoRebuild.
	ErrForeign = errors.New("search: index does not match its archive")
)

// schemaVersion changes whenever the index layout or analysis changes; an
// older index is rebuilt by the next Sync.
const schemaVersion = 8 // 5: the page kind (article, document); 6: positions in the body, for phrases; 7: fingerprints keep middle bits of the minima; 8: dates sorted by one keyword term each

// Source is what Sync reads from: archive.Reader (local or remote) and an
// open archive both provide it.
type Source interface {
	Export(ctx context.Context, f archive.ExportFilter, fn func(*archive.Record) error) error
	TextSource
}

// TextSource returns one version of a page; used for snippets and to
// re-index a superseded version.
type TextSource interface {
	Version(ctx context.Context, url string, n int) (*archive.Record, error)
}

// Options for Open. nil means defaults.
type Options struct {
	// Timeout waits this long for another process's lock; 0 fails at once
	// with ErrLocked.
	Timeout time.Duration
	// BatchSize is the number of versions per commit; 0 means 1000.
	// Bigger batches index faster (4000: about +5%) at the cost of memory.
	BatchSize int
	// ReadOnly opens an existing index without writing anything, for an
	// archive on read-only storage: queries work, Sync, Add and Rebuild
	// return ErrReadOnly, so results are as fresh as the last Sync made
	// by a writable open (compare LastSeq with the archive's). Open fails
	// with fs.ErrNotExist when there is no index, and with ErrReadOnly
	// when the index is from an older archivist and must be rebuilt.
	// Several read-only opens can share an index; a writable open waits
	// for them. false: Open creates or updates the index as needed.
	ReadOnly bool
	// NoRebuild: an index that would be dropped and rebuilt because it is
	// damaged (Open: ErrDamaged) or foreign to its archive (Sync:
	// ErrForeign) is left as it is and the error returned, for callers
	// that must not start a rebuild (read commands). An intact index is
	// opened and synced as usual. false: such an index is rebuilt.
	NoRebuild bool
	// Archive, with NoRebuild or ReadOnly, is the archive the index serves
	// (its id and last seq): an index made from another archive, or ahead
	// of this one, fails Open with ErrForeign before its bleve files are
	// opened (which writes to them). nil: Sync checks it.
	Archive *archive.Stats
	// Eager opens and checks the full-text part of the index (bleve) in
	// Open, for writers that keep it open (crawl, serve, import): a
	// writable Open drops a damaged index, the next Sync refills it, and
	// a read-only Open fails with ErrDamaged. false: it is opened at its
	// first use, a Search or a Sync with something to index, so Copies,
	// which reads only state.db, costs the same at every index size. A
	// Sync then drops a damaged index as Open would; a Search returns
	// ErrDamaged.
	Eager bool
}

// IndexError is ErrDamaged or ErrForeign (its Kind) with the reason, for
// a message that says why without the chain of errors around it.
type IndexError struct {
	Kind     error
	Why      string // "its segment 000000000008.zap is missing"
	ReadOnly bool   // it cannot be rebuilt here: also ErrReadOnly
}

func (e *IndexError) Error() string {
	msg := e.Kind.Error() + ": " + e.Why
	if e.ReadOnly {
		msg += "; it cannot be rebuilt here: " + ErrReadOnly.Error()
	}
	return msg
}

func (e *IndexError) Unwrap() []error {
	if e.ReadOnly {
		return []error{e.Kind, ErrReadOnly}
	}
	return []error{e.Kind}
}

// IndexDir is where the index for the archive at dbPath lives.
func IndexDir(dbPath string) string { return dbPath + ".index" }

// Index is an open search index. Its methods are safe for concurrent use;
// Sync and Rebuild are serialised, queries run beside them.
type Index struct {
	dir   string
	opts  Options
	state *bolt.DB

	mu    sync.RWMutex // guards bleve (swapped by Rebuild) and langs
	bleve bleve.Index
	langs map[string]bool // analyzers of the languages present
	// pairs: every version in bleve has its common word pairs (fPairs),
	// so phrases may filter on them and new versions get them; pairsSeq
	// is the seq the index says they reach.
	pairs    bool
	pairsSeq atomic.Uint64
	// stateSeq is state.db's pairs key: the last seq whose state commit
	// said its versions had pairs (stateOK: the key is there).
	stateSeq uint64
	stateOK  bool
	syncMu   sync.Mutex // one Sync/Rebuild at a time
	lastSeq  uint64

	sigMu sync.Mutex
	sigs  *sigCache // lazily loaded signatures for Copies

	archiveID    string      // the archive the index was synced from ("" unknown)
	segsVerified bool        // read-only: every segment's checksum is known good (current)
	damage       string      // why the index was last dropped as damaged or foreign
	wrote        atomic.Bool // a batch went into bleve: settle its merges at Close
}

// bbolt buckets and keys of state.db.
var (
	bucketMeta  = []byte("meta")
	bucketPages = []byte("pages")
	bucketFlips = []byte("flips")
	keySeq      = []byte("last_seq")
	keySchema   = []byte("schema")
	keyLangs    = []byte("langs")
	keyArchive  = []byte("archive_id")
	keyPairs    = []byte("pairs_seq") // see hasPairs
	// bucketSegs caches the bleve segments whose checksum was verified:
	// file name -> size and mtime. Segments are immutable, so each is read
	// once (again if it was written to since).
	bucketSegs = []byte("segments")
)

// Open opens (creating if needed) the index in dir.
func Open(dir string, opts *Options) (*Index, error) {
	ix := &Index{dir: dir, langs: map[string]bool{}}
	if opts != nil {
		ix.opts = *opts
	}
	if ix.opts.BatchSize <= 0 {
		ix.opts.BatchSize = 1000
	}
	if ix.opts.ReadOnly {
		return ix.openReadOnly()
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	// state.db's lock doubles as the index lock: it is taken first and
	// held for the life of the Index.
	timeout := ix.opts.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Millisecond
	}
	st, err := openState(dir, &bolt.Options{Timeout: timeout})
	if errors.Is(err, ErrDamaged) && !ix.opts.NoRebuild {
		// Derived data, as a damaged bleve index: start again, and the
		// next Sync refills it from the archive.
		slog.Warn("search: the index is damaged; rebuilding it from the archive", "index", dir, "why", err)
		ix.damage = err.Error()
		if err := removeIndexFiles(dir); err != nil {
			return nil, err
		}
		st, err = openState(dir, &bolt.Options{Timeout: timeout})
	}
	if err != nil {
		return nil, err
	}
	ix.state = st
	rebuild := false
	// An index in the current schema is only read here: a read command
	// does not pay for a commit (and its fsyncs) at every open.
	current := false
	_ = st.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		current = m != nil && tx.Bucket(bucketPages) != nil && tx.Bucket(bucketFlips) != nil &&
			string(m.Get(keySchema)) == strconv.Itoa(schemaVersion)
		return nil
	})
	readState := st.Update
	if current {
		readState = st.View
	}
	err = readState(func(tx *bolt.Tx) error {
		if !current {
			for _, b := range [][]byte{bucketMeta, bucketPages, bucketFlips} {
				if _, err := tx.CreateBucketIfNotExists(b); err != nil {
					return err
				}
			}
		}
		m := tx.Bucket(bucketMeta)
		if v := m.Get(keySchema); v != nil {
			s, _ := strconv.Atoi(string(v))
			if s > schemaVersion {
				return ErrNewerIndex
			}
			rebuild = s < schemaVersion
		}
		if v := m.Get(keySeq); len(v) == 8 {
			ix.lastSeq = binary.BigEndian.Uint64(v)
		}
		if v := m.Get(keyPairs); len(v) == 8 {
			ix.stateSeq, ix.stateOK = binary.BigEndian.Uint64(v), true
		}
		for _, l := range strings.Fields(string(m.Get(keyLangs))) {
			ix.langs[l] = true
		}
		ix.archiveID = string(m.Get(keyArchive))
		if current {
			return nil
		}
		return m.Put(keySchema, []byte(strconv.Itoa(schemaVersion)))
	})
	if err != nil {
		st.Close()
		if errors.Is(err, ErrNewerIndex) {
			return nil, err
		}
		return nil, fmt.Errorf("search: state: %w", err)
	}
	if a := ix.opts.Archive; a != nil && ix.opts.NoRebuild {
		if why := ix.mismatch(a); why != "" {
			st.Close()
			return nil, &IndexError{Kind: ErrForeign, Why: why}
		}
	}
	if err := ensureBands(st); err != nil {
		st.Close()
		return nil, err
	}
	if rebuild {
		if err := ix.resetLocked(); err != nil {
			st.Close()
			return nil, err
		}
	}
	if ix.opts.Eager {
		if err := ix.useBleveLocked(true); err != nil {
			st.Close()
			return nil, err
		}
	}
	return ix, nil
}

// errClosed: the Index was closed.
var errClosed = errors.New("search: index closed")

// useBleve opens the bleve index at its first use (see Options.Eager) for
// a query: a damaged index is ErrDamaged, left as it is.
func (ix *Index) useBleve() error {
	if ix.bleveOpen() {
		return nil
	}
	ix.syncMu.Lock()
	defer ix.syncMu.Unlock()
	return ix.useBleveLocked(false)
}

func (ix *Index) bleveOpen() bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.bleve != nil
}

// useBleveLocked opens the bleve index after checking it (openChecked),
// if not open yet; the caller holds syncMu or is Open. With drop (a
// writer: Open, Sync) a damaged index is dropped, to be refilled by the
// next Sync; else, and always on a read-only Index, it is ErrDamaged.
func (ix *Index) useBleveLocked(drop bool) error {
	ix.mu.RLock()
	opened, closed := ix.bleve != nil, ix.state == nil
	ix.mu.RUnlock()
	switch {
	case opened:
		return nil
	case closed:
		return errClosed
	}
	b, damage, err := ix.openChecked(ix.opts.ReadOnly)
	if err != nil {
		return err
	}
	if damage == "" {
		ix.mu.Lock()
		ix.bleve = b
		ix.pairs = hasPairs(b, ix.lastSeq, ix.stateSeq, ix.stateOK)
		ix.pairsSeq.Store(ix.lastSeq)
		ix.mu.Unlock()
		return nil
	}
	if ix.opts.ReadOnly {
		return &IndexError{Kind: ErrDamaged, Why: damage, ReadOnly: true}
	}
	if !drop || ix.opts.NoRebuild {
		return &IndexError{Kind: ErrDamaged, Why: damage}
	}
	// Derived data: drop it; the next Sync refills it from the archive.
	slog.Warn("search: the index is damaged; rebuilding it from the archive", "index", ix.dir, "why", damage)
	ix.mu.Lock()
	ix.damage = damage
	ix.mu.Unlock()
	return ix.resetLocked()
}

// Damage says why this Index dropped its contents as damaged (unreadable
// files, a half-made index) or foreign (synced from another archive, or
// ahead of it) and rebuilt them from the archive; "" if it did not.
func (ix *Index) Damage() string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.damage
}

// openChecked opens the bleve index after checking that it is whole: its
// folder is there if state.db says anything was indexed, every segment
// passes its checksum, bleve opens it without error or panic, and it holds
// documents if anything was indexed. A failed check returns its reason as
// damage (and no index); err is for what is not damage (a lock, a
// permission).
func (ix *Index) openChecked(readOnly bool) (b bleve.Index, damage string, err error) {
	path := filepath.Join(ix.dir, "bleve")
	if _, serr := os.Stat(path); errors.Is(serr, fs.ErrNotExist) {
		if ix.lastSeq > 0 {
			return nil, "its bleve folder is missing", nil
		}
		if readOnly {
			return nil, "", fmt.Errorf("search: %w", serr)
		}
	}
	root := filepath.Join(path, "store", "root.bolt")
	if ix.lastSeq > 0 {
		// bleve would make a new, empty one in its place.
		if _, serr := os.Stat(root); errors.Is(serr, fs.ErrNotExist) {
			return nil, "its store/root.bolt is missing", nil
		}
	}
	if why := unmappable(root); why != "" {
		return nil, "its store/root.bolt " + why, nil
	}
	if name, err := missingSegment(root); err != nil || name != "" {
		if name != "" {
			return nil, "its segment " + name + " is missing", nil
		}
		if notDamage(err) {
			return nil, "", err
		}
		return nil, "its store/root.bolt cannot be read (" + err.Error() + ")", nil
	}
	if !(readOnly && ix.segsVerified) {
		if damage, err := ix.checkSegments(readOnly); err != nil || damage != "" {
			return nil, damage, err
		}
	}
	if readOnly {
		b, err = openBleveUsing(path, map[string]interface{}{"read_only": true, "bolt_timeout": "1s"}, false)
	} else {
		b, err = openBleve(path)
	}
	if err != nil {
		if errors.Is(err, ErrDamaged) || !notDamage(err) {
			return nil, firstLine(err.Error()), nil
		}
		return nil, "", err
	}
	n, err := safeDocCount(b)
	if err == nil && n == 0 && ix.lastSeq > 0 {
		err = fmt.Errorf("it holds no documents but state.db says it was synced to seq %d", ix.lastSeq)
	}
	if err != nil {
		closeQuietly(b)
		return nil, err.Error(), nil
	}
	return b, "", nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// notDamage reports whether an open error is about access (a lock held,
// a permission, read-only storage) rather than the index's content.
func notDamage(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) ||
		errors.Is(err, bolt.ErrTimeout) || strings.Contains(err.Error(), "timeout")
}

func safeDocCount(b bleve.Index) (n uint64, err error) {
	defer recoverDamage(&err)
	return b.DocCount()
}

// searchSafe runs a bleve search; a panic inside bleve is ErrDamaged.
func searchSafe(ctx context.Context, b bleve.Index, sr *bleve.SearchRequest) (res *bleve.SearchResult, err error) {
	defer recoverDamage(&err)
	sr, dates := withStoredDates(sr)
	res, err = b.SearchInContext(ctx, sr)
	if err == nil && dates != nil && dates.err != nil {
		return nil, dates.err
	}
	return res, err
}

func closeQuietly(b bleve.Index) {
	defer func() { _ = recover() }()
	_ = b.Close()
}

// recoverDamage turns a panic inside bleve (it trusts the offsets in its
// segment files) into ErrDamaged. Use as: defer recoverDamage(&err).
func recoverDamage(err *error) {
	if p := recover(); p != nil {
		*err = &IndexError{Kind: ErrDamaged, Why: fmt.Sprint(p)}
	}
}

// checkSegments verifies the CRC-32 that ends every zap segment file
// (computed over all bytes before it) for the segments not verified yet,
// and remembers those that pass (unless readOnly). It returns the first
// failure as damage.
func (ix *Index) checkSegments(readOnly bool) (damage string, err error) {
	files, err := filepath.Glob(filepath.Join(ix.dir, "bleve", "store", "*.zap"))
	if err != nil || len(files) == 0 {
		return "", err
	}
	known := map[string]string{}
	_ = ix.state.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketSegs); b != nil {
			return b.ForEach(func(k, v []byte) error {
				known[string(k)] = string(v)
				return nil
			})
		}
		return nil
	})
	checked := map[string]string{}
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			return "", err
		}
		name := filepath.Base(f)
		stamp := segmentStamp(fi)
		if known[name] == stamp {
			checked[name] = stamp
			continue
		}
		ok, err := segmentChecksumOK(f)
		if err != nil {
			if errors.Is(err, fs.ErrPermission) {
				return "", err
			}
			return fmt.Sprintf("segment %s cannot be read: %v", name, err), nil
		}
		if !ok {
			return fmt.Sprintf("segment %s fails its checksum", name), nil
		}
		checked[name] = stamp
	}
	if readOnly || maps.Equal(known, checked) {
		return "", nil
	}
	err = ix.state.Update(func(tx *bolt.Tx) error {
		_ = tx.DeleteBucket(bucketSegs)
		b, err := tx.CreateBucket(bucketSegs)
		if err != nil {
			return err
		}
		for name, stamp := range checked {
			if err := b.Put([]byte(name), []byte(stamp)); err != nil {
				return err
			}
		}
		return nil
	})
	return "", err
}

// missingSegment returns the first segment file that the newest snapshot
// recorded in bleve's root.bolt names and the store lacks ("" if none, or
// no root.bolt yet). bleve itself logs such a snapshot as unloadable,
// falls back to an older one or to none, and then fails on the mapping it
// cannot find, or answers from stale segments: neither says what is wrong.
func missingSegment(root string) (string, error) {
	if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	db, err := bolt.Open(root, 0, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return "", err
	}
	defer db.Close()
	var missing string
	err = db.View(func(tx *bolt.Tx) error {
		snapshots := tx.Bucket(bleveutil.BoltSnapshotsBucket)
		if snapshots == nil {
			return nil
		}
		// Snapshot keys sort by epoch; the newest with segment metadata
		// is the one bleve loads.
		c := snapshots.Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			snap := snapshots.Bucket(k)
			if v != nil || snap == nil || snap.Bucket(bleveutil.BoltMetaDataKey) == nil {
				continue
			}
			return snap.ForEachBucket(func(k []byte) error {
				p := snap.Bucket(k).Get(bleveutil.BoltPathKey)
				if p == nil || missing != "" {
					return nil
				}
				if _, err := os.Stat(filepath.Join(filepath.Dir(root), string(p))); errors.Is(err, fs.ErrNotExist) {
					missing = string(p)
				}
				return nil
			})
		}
		return nil
	})
	return missing, err
}

// segmentStamp is what bucketSegs records of a verified segment file.
func segmentStamp(fi fs.FileInfo) string {
	return fmt.Sprintf("%d %d", fi.Size(), fi.ModTime().UnixNano())
}

// segmentChecksumOK reads a zap segment and compares its trailing CRC-32
// with the one of the bytes before it.
func segmentChecksumOK(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return false, err
	}
	if fi.Size() < 4 {
		return false, nil
	}
	h := crc32.NewIEEE()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, fi.Size()-4)); err != nil {
		return false, err
	}
	var tail [4]byte
	if _, err := f.ReadAt(tail[:], fi.Size()-4); err != nil {
		return false, err
	}
	return binary.BigEndian.Uint32(tail[:]) == h.Sum32(), nil
}

// openState opens the index's state.db. A file bbolt cannot read as a
// database (cut short, overwritten, failing its checksum) is ErrDamaged,
// so that writers rebuild the index and read commands say to; a lock
// held too long is ErrLocked.
func openState(dir string, opts *bolt.Options) (*bolt.DB, error) {
	path := filepath.Join(dir, "state.db")
	if why := unmappable(path); why != "" {
		return nil, &IndexError{Kind: ErrDamaged, Why: "state.db " + why}
	}
	st, err := bolt.Open(path, 0o600, opts)
	switch {
	case err == nil:
		return st, nil
	case errors.Is(err, berrors.ErrTimeout):
		return nil, ErrLocked
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch),
		errors.Is(err, berrors.ErrChecksum), strings.HasPrefix(err.Error(), "file size too small"):
		return nil, &IndexError{Kind: ErrDamaged, Why: "state.db: " + err.Error()}
	}
	return nil, fmt.Errorf("search: open state: %w", err)
}

// unmappable says why bbolt must not map a file of the index: shorter
// than its last commit (a copy cut short, a full disk), bbolt, trusting
// that length, would fault reading past its end. "" when it may.
func unmappable(path string) string {
	err := archive.CheckBoltLength(path)
	switch {
	case err == nil:
		return ""
	case errors.Is(err, archive.ErrTruncated):
		return "is truncated (" + strings.TrimPrefix(err.Error(), archive.ErrTruncated.Error()+": ") + ")"
	}
	return "cannot be read (" + err.Error() + ")"
}

// removeIndexFiles removes the index's files in dir (state.db and the
// bleve index), and nothing else a user may have put there.
func removeIndexFiles(dir string) error {
	for _, name := range []string{"state.db", "bleve"} {
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("search: remove damaged index: %w", err)
		}
	}
	return nil
}

// openReadOnly is Open with Options.ReadOnly.
func (ix *Index) openReadOnly() (*Index, error) {
	if _, err := os.Stat(filepath.Join(ix.dir, "state.db")); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	timeout := ix.opts.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Millisecond
	}
	st, err := openState(ix.dir, &bolt.Options{Timeout: timeout, ReadOnly: true})
	if err != nil {
		return nil, err
	}
	err = st.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		if m == nil || tx.Bucket(bucketPages) == nil {
			return fmt.Errorf("index never written, it needs a rebuild: %w", ErrReadOnly)
		}
		s, _ := strconv.Atoi(string(m.Get(keySchema)))
		switch {
		case s > schemaVersion:
			return ErrNewerIndex
		case s < schemaVersion:
			return fmt.Errorf("index from an older archivist, it needs a rebuild: %w", ErrReadOnly)
		}
		if v := m.Get(keySeq); len(v) == 8 {
			ix.lastSeq = binary.BigEndian.Uint64(v)
		}
		if v := m.Get(keyPairs); len(v) == 8 {
			ix.stateSeq, ix.stateOK = binary.BigEndian.Uint64(v), true
		}
		for _, l := range strings.Fields(string(m.Get(keyLangs))) {
			ix.langs[l] = true
		}
		ix.archiveID = string(m.Get(keyArchive))
		return nil
	})
	if err != nil {
		st.Close()
		if errors.Is(err, ErrNewerIndex) {
			return nil, err
		}
		return nil, fmt.Errorf("search: state: %w", err)
	}
	if a := ix.opts.Archive; a != nil {
		if why := ix.mismatch(a); why != "" {
			st.Close()
			return nil, &IndexError{Kind: ErrForeign, Why: why}
		}
	}
	ix.state = st
	if ix.opts.Eager {
		if err := ix.useBleveLocked(false); err != nil {
			st.Close()
			ix.state = nil
			return nil, err
		}
	}
	return ix, nil
}

func openBleve(path string) (bleve.Index, error) {
	return openBleveUsing(path, bleveConfig(), true)
}

// openBleveUsing opens (or, with create, creates) the bleve index at
// path. A panic inside bleve (a segment with bad offsets) is ErrDamaged.
func openBleveUsing(path string, cfg map[string]interface{}, create bool) (b bleve.Index, err error) {
	defer recoverDamage(&err)
	b, err = bleve.OpenUsing(path, cfg)
	if create && errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		b, err = bleve.NewUsing(path, newMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("search: open bleve index: %w", err)
	}
	return b, nil
}

// Close closes the index.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	var errs []error
	if ix.bleve != nil {
		if ix.wrote.Load() {
			settleMerges(context.Background(), ix.bleve, nil)
		}
		errs = append(errs, ix.bleve.Close())
		ix.bleve = nil
	}
	if ix.state != nil {
		errs = append(errs, ix.state.Close())
		ix.state = nil
	}
	return errors.Join(errs...)
}

// LastSeq is the archive sequence number the index is synced up to.
func (ix *Index) LastSeq() uint64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.lastSeq
}

// DocCount is the number of indexed versions.
func (ix *Index) DocCount() (uint64, error) {
	if err := ix.useBleve(); err != nil {
		return 0, err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return safeDocCount(ix.bleve)
}

// resetLocked drops the bleve index and the state. Caller holds syncMu (or
// is Open).
func (ix *Index) resetLocked() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.bleve != nil {
		// A damaged index may fail to close: it is removed all the same.
		closeQuietly(ix.bleve)
		ix.bleve = nil
	}
	path := filepath.Join(ix.dir, "bleve")
	if err := os.RemoveAll(path); err != nil {
		return fmt.Errorf("search: remove old index: %w", err)
	}
	err := ix.state.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketPages, bucketBands, bucketPageNums, bucketPageURLs, bucketFlips, bucketSigs, bucketSegs} {
			if err := tx.DeleteBucket(name); err != nil && !errors.Is(err, bolt.ErrBucketNotFound) {
				return err
			}
			if string(name) == string(bucketSigs) || string(name) == string(bucketSegs) {
				continue
			}
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		m := tx.Bucket(bucketMeta)
		// An empty band index is complete: batches keep it up to date.
		if err := m.Put(keyBands, []byte{bandsFormat}); err != nil {
			return err
		}
		if err := m.Delete(keySeq); err != nil {
			return err
		}
		if err := m.Delete(keyArchive); err != nil {
			return err
		}
		if err := m.Delete(keyPairs); err != nil {
			return err
		}
		return m.Delete(keyLangs)
	})
	if err != nil {
		return fmt.Errorf("search: reset state: %w", err)
	}
	ix.lastSeq = 0
	ix.stateSeq, ix.stateOK = 0, false
	ix.archiveID = ""
	ix.langs = map[string]bool{}
	ix.sigMu.Lock()
	ix.sigs = nil
	ix.sigMu.Unlock()
	b, err := openBleve(path)
	if err != nil {
		return err
	}
	ix.bleve = b
	ix.pairs = true // empty: complete
	ix.pairsSeq.Store(0)
	return nil
}

// Size returns the bytes the index takes on disk.
func (ix *Index) Size() (int64, error) {
	var n int64
	err := filepath.Walk(ix.dir, func(_ string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n, err
}

// Languages and their bleve analyzers. Documents in other (or unknown)
// languages use the standard analyzer.
var langAnalyzers = map[string]string{
	"en": en.AnalyzerName, "fr": fr.AnalyzerName, "de": de.AnalyzerName,
	"ar": ar.AnalyzerName, "es": es.AnalyzerName, "it": it.AnalyzerName,
	"pt": pt.AnalyzerName, "nl": nl.AnalyzerName, "ru": ru.AnalyzerName,
}

// stdLang is the document type of texts in languages without an analyzer.
const stdLang = "xx"

func analyzerFor(lang string) string {
	if a, ok := langAnalyzers[lang]; ok {
		return a
	}
	return standard.Name
}

// Field names in the bleve documents.
const (
	fURL     = "url"
	fTitle   = "title"
	fBody    = "body"
	fAuthor  = "author"
	fAuthors = "authors" // stored only, for output
	fSite    = "site"
	fSites   = "sites" // site and its parent domains
	fTopic   = "topic"
	fLang    = "lang"
	fType    = "type" // document type: the analyzer's language or stdLang
	fDate    = "date"
	fYear    = "year"  // the date's year, for fast whole-year filtering
	fDateKey = "dkey"  // the date as one sortable term (dateKeyLayout), for sorting by date
	fDated   = "dated" // "published" or "first_seen"
	fLatest  = "latest"
	fVersion = "version"
	fKind    = "kind" // the page kind: article, document (a PDF), hub, page
)

// newMapping is the mapping of a new index, analysing with the stand-ins
// of useFastAnalysis.
func newMapping() mapping.IndexMapping {
	im := newMappingNamed(nameAnalyzer)
	useFastAnalysis(im)
	return im
}

// newMappingNamed is the mapping with names (author, topic) analysed by
// nameAn: nameAnalyzer, or bleve's "simple" in indexes built before it.
func newMappingNamed(nameAn string) *mapping.IndexMappingImpl {
	im := bleve.NewIndexMapping()
	im.ScoringModel = "bm25"
	im.DefaultAnalyzer = standard.Name
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	im.DefaultMapping = docMapping(standard.Name, nameAn)
	for lang, an := range langAnalyzers {
		im.AddDocumentMapping(lang, docMapping(an, nameAn))
	}
	im.AddDocumentMapping(stdLang, docMapping(standard.Name, nameAn))
	return im
}

func docMapping(analyzer, nameAn string) *mapping.DocumentMapping {
	text := func(an string, store, vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = an
		f.Store = store
		f.IncludeTermVectors = vectors // positions, for phrase queries
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := func(store bool) *mapping.FieldMapping {
		f := text(keyword.Name, store, false)
		return f
	}
	storedOnly := func() *mapping.FieldMapping {
		f := text(keyword.Name, true, false)
		f.Index = false
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	// No field goes into bleve's catch-all _all field and no query reads
	// it; disabled, it costs nothing to build (5% of a reindex's CPU).
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	dm.AddFieldMappingsAt(fURL, kw(true))
	dm.AddFieldMappingsAt(fTitle, text(analyzer, true, true))
	dm.AddFieldMappingsAt(fBody, text(analyzer, false, true))
	dm.AddFieldMappingsAt(fAuthor, text(nameAn, false, true))
	dm.AddFieldMappingsAt(fAuthors, storedOnly())
	dm.AddFieldMappingsAt(fSite, kw(true))
	dm.AddFieldMappingsAt(fSites, kw(false))
	dm.AddFieldMappingsAt(fTopic, text(nameAn, false, true))
	dm.AddFieldMappingsAt(fLang, kw(true))
	dm.AddFieldMappingsAt(fType, kw(false))
	dm.AddFieldMappingsAt(fKind, kw(true))
	dm.AddFieldMappingsAt(fYear, kw(false))
	dm.AddFieldMappingsAt(fDated, storedOnly())
	date := bleve.NewDateTimeFieldMapping()
	date.Store = true
	// Sorting reads fDateKey: a date's doc values are its 16 numeric
	// terms (one per precision step), and decoding them for every hit
	// was most of a date-sorted query over many hits.
	date.DocValues = false
	date.IncludeInAll = false
	dm.AddFieldMappingsAt(fDate, date)
	dkey := kw(false)
	dkey.DocValues = true
	dm.AddFieldMappingsAt(fDateKey, dkey)
	latest := bleve.NewBooleanFieldMapping()
	latest.Store = false
	latest.DocValues = false
	latest.IncludeInAll = false
	dm.AddFieldMappingsAt(fLatest, latest)
	ver := bleve.NewNumericFieldMapping()
	ver.Store = true
	ver.Index = false
	ver.DocValues = false
	ver.IncludeInAll = false
	dm.AddFieldMappingsAt(fVersion, ver)
	return dm
}

// doc is what bleve indexes for one version.
type doc struct {
	URL     string    `json:"url"`
	Title   string    `json:"title"`
	Body    string    `json:"body"`
	Author  []string  `json:"author"`
	Authors string    `json:"authors"`
	Site    string    `json:"site"`
	Sites   []string  `json:"sites"`
	Topic   []string  `json:"topic"`
	Lang    string    `json:"lang"`
	Type    string    `json:"type"`
	Date    time.Time `json:"date"`
	Year    string    `json:"year,omitempty"`
	DateKey *string   `json:"dkey"` // nil without a date, as the date field then`
	Dated   string    `json:"dated"`
	Latest  bool      `json:"latest"`
	Version float64   `json:"version"`
	Kind    string    `json:"kind"`

	typ string
}

// BleveType picks the document mapping, hence the analyzers.
func (d *doc) BleveType() string { return d.typ }

func docID(url string, version int) string { return url + "#v" + strconv.Itoa(version) }

func newDoc(r *archive.Record, latest bool) *doc {
	lang := docLang(r)
	typ := lang
	if _, ok := langAnalyzers[lang]; !ok {
		typ = stdLang
	}
	site := siteOf(r)
	// The tokenizer stops at invalid UTF-8: replace it so the rest of the
	// text is still indexed.
	valid := func(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
	validAll := func(ss []string) []string {
		out := make([]string, len(ss))
		for i, s := range ss {
			out[i] = valid(s)
		}
		return out
	}
	d := &doc{
		URL:     r.URL,
		Title:   valid(r.Title),
		Body:    valid(r.Text),
		Author:  validAll(r.Authors),
		Authors: valid(strings.Join(r.Authors, "; ")),
		Site:    site,
		Sites:   domainSuffixes(site),
		Topic:   validAll(r.Topics),
		Lang:    lang,
		Type:    typ,
		Latest:  latest,
		Version: float64(r.Version),
		Kind:    kindOf(r),
		typ:     typ,
	}
	if t, ok := parseDate(r.Published); ok {
		d.Date, d.Dated = t, "published"
	} else if !r.FirstSeen.IsZero() {
		d.Date, d.Dated = r.FirstSeen.UTC(), "first_seen"
	} else if !r.FetchedAt.IsZero() {
		d.Date, d.Dated = r.FetchedAt.UTC(), "first_seen"
	}
	if !d.Date.IsZero() {
		d.Year = strconv.Itoa(d.Date.Year())
		// Only where bleve indexes the date (a date it cannot represent
		// is left out, and sorts last).
		if !d.Date.Before(document.MinTimeRepresentable) && !d.Date.After(document.MaxTimeRepresentable) {
			k := dateKey(d.Date)
			d.DateKey = &k
		}
	}
	return d
}

// dateKeyLayout is fixed width, so that date keys sort as the dates do
// (years 0–9999, to the nanosecond).
const dateKeyLayout = "2006-01-02T15:04:05.000000000"

func dateKey(t time.Time) string { return t.UTC().Format(dateKeyLayout) }

// parseDate reads the article's ISO 8601 date (date only or RFC 3339).
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// siteOf is the record's host, lower-case, without "www.".
func siteOf(r *archive.Record) string {
	return normSite(hostOf(r.URL))
}

func hostOf(u string) string {
	s := u
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndex(s, "@"); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.LastIndex(s, ":"); i >= 0 && !strings.Contains(s[i:], "]") {
		s = s[:i]
	}
	return s
}

// normSite lower-cases a host or site filter and drops "www.".
func normSite(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimSuffix(s, ".")
	if strings.Contains(s, "://") || strings.Contains(s, "/") {
		s = hostOf(s)
	}
	return strings.TrimPrefix(s, "www.")
}

// domainSuffixes lists site and its parent domains with at least two
// labels, so site:example.org matches blog.example.org.
func domainSuffixes(site string) []string {
	if site == "" {
		return nil
	}
	out := []string{site}
	s := site
	for {
		i := strings.IndexByte(s, '.')
		if i < 0 {
			break
		}
		s = s[i+1:]
		if !strings.Contains(s, ".") {
			break
		}
		out = append(out, s)
	}
	return out
}

// kindOf is the record's page kind; records from before kinds were stored
// are articles.
func kindOf(r *archive.Record) string {
	if r.Kind == "" {
		return extract.KindArticle
	}
	return strings.ToLower(r.Kind)
}
