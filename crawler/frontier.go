package crawler

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"sync"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/gocolly/colly/v2"
	"github.com/gocolly/colly/v2/queue"
	"github.com/gocolly/colly/v2/storage"

	"github.com/archivist-org/archivist/archive"
)

// kvStore is the part of archive.KV the frontier uses.
type kvStore interface {
	Get(key []byte) ([]byte, error)
	Scan(from []byte, n int) ([]archive.KVPair, error)
	Batch(ops []archive.KVPair) error
	NewBatch(ops []archive.KVPair) (*archive.KVBatch, error)
	Clear() error
}

// Key layout inside the source's KV namespace:
//
//	q<prio:1><order:8><seq:8> -> colly-serialised request (queued)
//	s<xxhash(url):8>          -> "" (seen this run: queued or done)
//	m<name>                   -> run metadata
//
// A queued key is deleted in the same batch that records its outcome's
// follow-ups, so after a crash every unfinished request is still queued
// and every finished one is gone: nothing is fetched twice, nothing lost.
const (
	prefixQueue = 'q'
	prefixSeen  = 's'
	prefixMeta  = 'm'
)

// Priorities (lower first).
const (
	prioDiscovery = 0 // robots, feeds, sitemaps, seeds
	prioFresh     = 1 // dated feed/sitemap entries, newest first
	prioLink      = 2 // links, breadth first
	prioStale     = 3 // dated entries not newer than our copy
)

// frontier is the persistent queue and seen set of one source. It
// implements colly's queue.Storage and storage.Storage over the archive's
// KV so memory stays flat however large the frontier grows.
type frontier struct {
	kv       kvStore
	mu       sync.Mutex
	seq      uint64
	size     int
	stale    int             // queued entries of priority prioStale
	inflight map[string]bool // queued keys handed out, not yet finished
	pending  map[uint64]bool // seen ids in a batch being committed
	jar      http.CookieJar
	cookieMu sync.Mutex
}

var (
	_ queue.Storage   = (*frontier)(nil)
	_ storage.Storage = (*frontier)(nil)
)

func newFrontier(kv kvStore) *frontier {
	jar, _ := cookiejar.New(nil)
	return &frontier{kv: kv, inflight: map[string]bool{}, pending: map[uint64]bool{}, jar: jar}
}

// Init loads the sequence counter and queue size (queue.Storage and
// storage.Storage).
func (f *frontier) Init() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.size > 0 || f.seq > 0 {
		return nil
	}
	// Sequence numbers only order entries within a priority; starting from
	// the clock keeps them increasing across restarts without a shared
	// counter every batch would have to write.
	f.seq = uint64(time.Now().UnixNano())
	n, stale := 0, 0
	if err := f.eachQueued(func(k, _ []byte) bool {
		n++
		if k[1] == prioStale {
			stale++
		}
		return true
	}); err != nil {
		return err
	}
	f.size, f.stale = n, stale
	return nil
}

func metaKey(name string) []byte { return append([]byte{prefixMeta}, name...) }

func seenKey(id uint64) []byte {
	k := make([]byte, 9)
	k[0] = prefixSeen
	binary.BigEndian.PutUint64(k[1:], id)
	return k
}

func urlID(norm string) uint64 { return xxhash.Sum64String(norm) }

// item is one frontier entry to add.
type item struct {
	URL   string // absolute URL to fetch
	Norm  string // normalised URL (dedup identity)
	Kind  string // kindPage, kindFeed, kindSitemap
	Depth int
	Prio  byte
	Order uint64 // within a priority, ascending
}

const (
	kindPage    = "page"
	kindFeed    = "feed"
	kindSitemap = "sitemap"
)

func (f *frontier) encode(it item) ([]byte, error) {
	u, err := url.Parse(it.URL)
	if err != nil {
		return nil, err
	}
	ctx := colly.NewContext()
	ctx.Put("kind", it.Kind)
	ctx.Put("norm", it.Norm)
	r := &colly.Request{URL: u, Method: http.MethodGet, Depth: it.Depth, Ctx: ctx}
	return r.Marshal()
}

func (f *frontier) queueKey(prio byte, order uint64) []byte {
	f.seq++
	k := make([]byte, 18)
	k[0] = prefixQueue
	k[1] = prio
	binary.BigEndian.PutUint64(k[2:], order)
	binary.BigEndian.PutUint64(k[10:], f.seq)
	return k
}

// add queues the items not seen before and, in the same batch, finishes
// doneKey (if not nil). It returns how many were new.
func (f *frontier) add(items []item, doneKey []byte, extra ...archive.KVPair) (int, error) {
	w, err := f.prepare(items, doneKey, extra...)
	if err != nil {
		return 0, err
	}
	if len(w.ops) == 0 {
		return 0, nil
	}
	return f.settle(w, f.kv.Batch(w.ops))
}

// frontierWrite is an add prepared under the lock and committed outside it,
// so concurrent workers share the archive's group commit: alone (add) or
// with the fetch it follows from (batch, archive.Fetch.Also). Either way
// settle must be called with the commit's outcome.
type frontierWrite struct {
	ops     []archive.KVPair
	ids     []uint64 // seen ids being written, kept in pending meanwhile
	stale   int      // of them, queued at prioStale
	doneKey []byte
}

func (f *frontier) prepare(items []item, doneKey []byte, extra ...archive.KVPair) (*frontierWrite, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	w := &frontierWrite{ops: make([]archive.KVPair, 0, 2*len(items)+3), doneKey: doneKey}
	for _, it := range items {
		id := urlID(it.Norm)
		if f.pending[id] {
			continue
		}
		v, err := f.kv.Get(seenKey(id))
		if err != nil {
			f.unpend(w.ids)
			return nil, err
		}
		if len(v) > 0 {
			continue
		}
		enc, err := f.encode(it)
		if err != nil {
			continue
		}
		f.pending[id] = true
		w.ids = append(w.ids, id)
		if it.Prio == prioStale {
			w.stale++
		}
		w.ops = append(w.ops, archive.KVPair{Key: seenKey(id), Value: []byte("1")}, archive.KVPair{Key: f.queueKey(it.Prio, it.Order), Value: enc})
	}
	if doneKey != nil {
		w.ops = append(w.ops, archive.KVPair{Key: doneKey})
	}
	w.ops = append(w.ops, extra...)
	return w, nil
}

// batch returns w's writes for archive.Fetch.Also.
func (f *frontier) batch(w *frontierWrite) (*archive.KVBatch, error) {
	return f.kv.NewBatch(w.ops)
}

// settle updates the in-memory state once w's commit has succeeded or
// failed (err), and returns how many items it queued.
func (f *frontier) settle(w *frontierWrite, err error) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.unpend(w.ids)
	if err != nil {
		return 0, err
	}
	added := len(w.ids)
	f.size += added
	f.stale += w.stale
	if w.doneKey != nil {
		delete(f.inflight, string(w.doneKey))
		f.size--
		if w.doneKey[1] == prioStale {
			f.stale--
		}
	}
	return added, nil
}

func (f *frontier) unpend(ids []uint64) {
	for _, id := range ids {
		delete(f.pending, id)
	}
}

// staleQueued is how many queued entries are of archived pages not
// changed since (prioStale).
func (f *frontier) staleQueued() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stale
}

// evictStale drops up to n queued entries of archived pages not changed
// since (prioStale, not in flight), to make room for new pages, and
// returns how many it dropped. Their seen marks go too, so the revisit
// pass may still check them this run. It reads only the entries it drops
// (the first of their priority): a full queue costs no scan.
func (f *frontier) evictStale(n int) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if n <= 0 || f.stale == 0 {
		return 0, nil
	}
	var keys, vals [][]byte
	err := f.eachQueuedFrom([]byte{prefixQueue, prioStale}, func(k, v []byte) bool {
		if !f.inflight[string(k)] {
			keys, vals = append(keys, bytes.Clone(k)), append(vals, bytes.Clone(v))
		}
		return len(keys) < n
	})
	if err != nil {
		return 0, err
	}
	ops := make([]archive.KVPair, 0, 2*len(keys))
	for i, k := range keys {
		ops = append(ops, archive.KVPair{Key: k})
		var sr struct{ Ctx map[string]any }
		if json.Unmarshal(vals[i], &sr) == nil {
			if norm, _ := sr.Ctx["norm"].(string); norm != "" {
				ops = append(ops, archive.KVPair{Key: seenKey(urlID(norm))})
			}
		}
	}
	if err := f.kv.Batch(ops); err != nil {
		return 0, err
	}
	f.size -= len(keys)
	f.stale -= len(keys)
	return len(keys), nil
}

// markSeen adds ids to the seen set without queueing (canonical URLs and
// redirect targets fetched under another URL).
func (f *frontier) markSeen(norms ...string) error {
	ops := make([]archive.KVPair, 0, len(norms))
	for _, n := range norms {
		ops = append(ops, archive.KVPair{Key: seenKey(urlID(n)), Value: []byte("1")})
	}
	if len(ops) == 0 {
		return nil
	}
	return f.kv.Batch(ops)
}

// take hands out the first queued request not already in flight; nil when
// none is available right now.
func (f *frontier) take() (key, val []byte, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(f.inflight) + 1
	from := []byte{prefixQueue}
	pairs, err := f.kv.Scan(from, n)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range pairs {
		if p.Key[0] != prefixQueue {
			break
		}
		if f.inflight[string(p.Key)] {
			continue
		}
		k := bytes.Clone(p.Key)
		f.inflight[string(k)] = true
		return k, bytes.Clone(p.Value), nil
	}
	return nil, nil, nil
}

// eachQueued calls fn with every queued request's key and value, in queue
// order, until fn returns false.
func (f *frontier) eachQueued(fn func(key, val []byte) bool) error {
	return f.eachQueuedFrom([]byte{prefixQueue}, fn)
}

// eachQueuedFrom is eachQueued from key from on.
func (f *frontier) eachQueuedFrom(from []byte, fn func(key, val []byte) bool) error {
	for {
		pairs, err := f.kv.Scan(from, 1024)
		if err != nil {
			return err
		}
		for _, p := range pairs {
			if p.Key[0] != prefixQueue || !fn(p.Key, p.Value) {
				return nil
			}
		}
		if len(pairs) < 1024 {
			return nil
		}
		from = append(bytes.Clone(pairs[len(pairs)-1].Key), 0)
	}
}

// release returns an unfinished key to the queue (cancelled fetch).
func (f *frontier) release(key []byte) {
	f.mu.Lock()
	delete(f.inflight, string(key))
	f.mu.Unlock()
}

func (f *frontier) inFlight() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.inflight)
}

func (f *frontier) meta(name string) string {
	v, _ := f.kv.Get(metaKey(name))
	return string(v)
}

func (f *frontier) setMeta(name, value string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.kv.Batch([]archive.KVPair{{Key: metaKey(name), Value: []byte(value)}})
}

// reset forgets the whole run state (after a complete run).
func (f *frontier) reset() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.size, f.seq, f.stale = 0, 0, 0
	clear(f.inflight)
	return f.kv.Clear()
}

// AddRequest queues a colly-serialised request (queue.Storage).
func (f *frontier) AddRequest(b []byte) error {
	var sr struct {
		URL   string
		Depth int
		Ctx   map[string]any
	}
	if err := json.Unmarshal(b, &sr); err != nil {
		return err
	}
	norm, err := normalizeURL(sr.URL)
	if err != nil {
		return err
	}
	kind, _ := sr.Ctx["kind"].(string)
	if kind == "" {
		kind = kindPage
	}
	_, err = f.add([]item{{URL: sr.URL, Norm: norm, Kind: kind, Depth: sr.Depth, Prio: prioLink, Order: uint64(sr.Depth)}}, nil)
	return err
}

// GetRequest hands out the next request (queue.Storage). Unlike colly's
// in-memory queue it stays stored until finished; use take/add to finish.
func (f *frontier) GetRequest() ([]byte, error) {
	_, v, err := f.take()
	return v, err
}

// QueueSize is the number of queued (including in-flight) requests.
func (f *frontier) QueueSize() (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.size, nil
}

// Visited marks a request id as seen (storage.Storage).
func (f *frontier) Visited(id uint64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.kv.Batch([]archive.KVPair{{Key: seenKey(id), Value: []byte("1")}})
}

// IsVisited reports whether id was seen this run (storage.Storage).
func (f *frontier) IsVisited(id uint64) (bool, error) {
	v, err := f.kv.Get(seenKey(id))
	return len(v) > 0, err
}

// Cookies are kept in memory only: sessions are not worth persisting.
func (f *frontier) Cookies(u *url.URL) string {
	f.cookieMu.Lock()
	defer f.cookieMu.Unlock()
	return storage.StringifyCookies(f.jar.Cookies(u))
}

func (f *frontier) SetCookies(u *url.URL, cookies string) {
	f.cookieMu.Lock()
	defer f.cookieMu.Unlock()
	f.jar.SetCookies(u, storage.UnstringifyCookies(cookies))
}

var errBadItem = errors.New("crawler: bad frontier entry")

func decodeItem(c *colly.Collector, b []byte) (*colly.Request, error) {
	r, err := c.UnmarshalRequest(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errBadItem, err)
	}
	return r, nil
}
