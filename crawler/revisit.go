package crawler

import (
	"bytes"
	"container/heap"
	"encoding/binary"
	"encoding/json"
	"sync"
	"time"

	"github.com/archivist-org/archivist/archive"
)

// Revisits: every archived page of a source has an entry in the source's
// crawl state with when it was last checked and how often it changes. After
// the crawl proper, a run re-checks (conditionally) the archived pages it
// did not reach, within a budget, the most overdue first, so a page deleted
// or edited after it dropped off every hub is still noticed. The schedule
// adapts as in Nutch's AdaptiveFetchSchedule: a page that changed is due
// sooner, one unchanged check after check later.
const (
	revisitFirst   = 24 * time.Hour
	revisitMin     = time.Hour
	revisitMax     = 30 * 24 * time.Hour
	revisitFlushAt = 256 // buffered index updates written in one batch
	// The auto budget: as many pages as the crawl proper fetched (so
	// revisits are at most half a run's requests), at least revisitMinAuto.
	revisitMinAuto = 50
)

const kindRevisit = "revisit"

// outcomeMoved notes a page renamed (archive.Result.Renamed): it leaves
// the index, as a gone one does.
const outcomeMoved archive.Outcome = "moved"

// revisitEntry is one archived page in the revisit index.
type revisitEntry struct {
	URL      string        `json:"u"`
	Checked  time.Time     `json:"c"`
	Interval time.Duration `json:"i"`
}

func (e revisitEntry) due() time.Time { return e.Checked.Add(e.Interval) }

func revisitKey(pageURL string) []byte {
	k := make([]byte, 9)
	k[0] = 'r'
	binary.BigEndian.PutUint64(k[1:], urlID(pageURL))
	return k
}

// revisitIndex buffers the run's updates to the index.
type revisitIndex struct {
	mu      sync.Mutex
	pending map[string]revisitNote // page URL -> latest outcome
}

// revisitNote is a page's latest outcome and when it was fetched.
type revisitNote struct {
	out archive.Outcome
	at  time.Time
}

// noteOutcome records a page's outcome for the index (flushed in batches).
func (cr *Crawler) noteOutcome(pageURL string, out archive.Outcome, at time.Time) {
	if cr.revisitOff() {
		return
	}
	ri := &cr.revisits
	ri.mu.Lock()
	if ri.pending == nil {
		ri.pending = map[string]revisitNote{}
	}
	ri.pending[pageURL] = revisitNote{out, at}
	n := len(ri.pending)
	ri.mu.Unlock()
	if n >= revisitFlushAt {
		cr.flushRevisits()
	}
}

// flushRevisits writes the buffered updates: a new page starts at
// revisitFirst, a changed one halves its interval, an unchanged one grows
// it by half, a gone or renamed one leaves the index.
func (cr *Crawler) flushRevisits() {
	ri := &cr.revisits
	ri.mu.Lock()
	pending := ri.pending
	ri.pending = nil
	ri.mu.Unlock()
	if len(pending) == 0 {
		return
	}
	ops := make([]archive.KVPair, 0, len(pending))
	for u, note := range pending {
		key := revisitKey(u)
		if note.out == archive.OutcomeGone || note.out == outcomeMoved {
			ops = append(ops, archive.KVPair{Key: key})
			continue
		}
		e := revisitEntry{URL: u, Interval: revisitFirst}
		if v, err := cr.state.Get(key); err == nil && len(v) > 0 {
			var old revisitEntry
			if json.Unmarshal(v, &old) == nil && old.Interval > 0 {
				e.Interval = old.Interval
			}
		}
		switch note.out {
		case archive.OutcomeChanged:
			e.Interval = max(e.Interval/2, revisitMin)
		case archive.OutcomeUnchanged:
			e.Interval = min(e.Interval*3/2, revisitMax)
		}
		e.Checked = note.at
		b, _ := json.Marshal(e)
		ops = append(ops, archive.KVPair{Key: key, Value: b})
	}
	if err := cr.state.Batch(ops); err != nil {
		cr.log.Warn("revisit index not updated", "err", err)
	}
}

func (cr *Crawler) revisitOff() bool { return cr.src.Revisit == RevisitOff }

// revisitBudget is how many pages the revisit pass may re-check.
func (cr *Crawler) revisitBudget() int {
	if cr.src.RevisitBudget > 0 {
		return cr.src.RevisitBudget
	}
	return max(revisitMinAuto, int(cr.c.fetched.Load()))
}

// dueHeap keeps the budget's most overdue entries (a max-heap on due time,
// so the least overdue is dropped first).
type dueHeap []revisitEntry

func (h dueHeap) Len() int           { return len(h) }
func (h dueHeap) Less(i, j int) bool { return h[i].due().After(h[j].due()) }
func (h dueHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *dueHeap) Push(x any)        { *h = append(*h, x.(revisitEntry)) }
func (h *dueHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// queueRevisits picks the archived pages not checked since this crawl
// began, most overdue first, up to the budget, and queues them.
func (cr *Crawler) queueRevisits() (int, error) {
	cr.flushRevisits()
	budget := cr.revisitBudget()
	h := &dueHeap{}
	from := []byte{'r'}
	for {
		pairs, err := cr.state.Scan(from, 1024)
		if err != nil {
			return 0, err
		}
		done := len(pairs) < 1024
		for _, p := range pairs {
			if !bytes.HasPrefix(p.Key, []byte{'r'}) {
				done = true
				break
			}
			var e revisitEntry
			if json.Unmarshal(p.Value, &e) != nil || e.URL == "" {
				continue
			}
			if !e.Checked.Before(cr.crawlStarted) {
				continue // reached by this crawl
			}
			heap.Push(h, e)
			if h.Len() > budget {
				heap.Pop(h)
			}
		}
		if done || len(pairs) == 0 {
			break
		}
		from = append(bytes.Clone(pairs[len(pairs)-1].Key), 0)
	}
	items := make([]item, 0, h.Len())
	for _, e := range *h {
		norm, err := normalizeURL(e.URL)
		if err != nil {
			continue
		}
		// Depth max: a revisit checks the page, it does not crawl from it.
		// Discovery priority with the due time as order: after any seed,
		// feed or sitemap still queued, before any page, so a spent page
		// budget still leaves the revisits their own.
		items = append(items, item{URL: e.URL, Norm: norm, Kind: kindRevisit, Depth: cr.maxDepth, Prio: prioDiscovery, Order: uint64(max(e.due().Unix(), 0))})
	}
	return cr.fr.add(items, nil)
}
