package crawler

import (
	"encoding/json"
	"sort"

	"github.com/archivist-org/archivist/archive"
)

// room is how many more URLs the frontier may hold (Source.MaxQueued).
func (cr *Crawler) room() int {
	n, _ := cr.fr.QueueSize()
	return cr.maxQueued - n
}

// bound keeps the entries the frontier has room for, newest first: a
// sitemap of a million URLs under max_pages 300 queues only what the run
// can fetch (it queued all of them, 50 s and 887 MB).
func (cr *Crawler) bound(entries []entry) []entry {
	room := max(cr.room(), 0)
	if len(entries) <= room {
		return entries
	}
	entries = newestFirst(entries)
	cr.log.Info("queue bound reached: discovered URLs dropped", "kept", room, "dropped", len(entries)-room, "max_queued", cr.maxQueued)
	return entries[:room]
}

// newestFirst sorts dated entries newest first, undated ones after in
// their order.
func newestFirst(entries []entry) []entry {
	sort.SliceStable(entries, func(i, j int) bool {
		di, dj := entries[i].Date, entries[j].Date
		if di.IsZero() || dj.IsZero() {
			return !di.IsZero() && dj.IsZero()
		}
		return di.After(dj)
	})
	return entries
}

// sitemapState is what the last run saw of one sitemap, kept across runs so
// an unchanged sitemap is not expanded again.
type sitemapState struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	Hash         uint64 `json:"hash"`
	// Complete: every entry was queued (not cut by MaxQueued).
	Complete bool `json:"complete"`
}

func sitemapKey(u string) []byte { return append([]byte("x"), u...) }

func (cr *Crawler) sitemapState(u string) *sitemapState {
	v, err := cr.state.Get(sitemapKey(u))
	if err != nil || len(v) == 0 {
		return nil
	}
	var s sitemapState
	if json.Unmarshal(v, &s) != nil || !s.Complete {
		return nil // an incomplete expansion is fetched and read in full again
	}
	return &s
}

func (cr *Crawler) saveSitemapState(u string, s *sitemapState) {
	b, _ := json.Marshal(s)
	if err := cr.state.Batch([]archive.KVPair{{Key: sitemapKey(u), Value: b}}); err != nil {
		cr.log.Warn("remembering sitemap", "url", u, "err", err)
	}
}
