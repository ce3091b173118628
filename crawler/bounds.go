package crawler

import (
	"context"
	"encoding/json"
	"sort"
	"time"

	"github.com/archivist-org/archivist/archive"
)

// room is how many more URLs the frontier may hold (Source.MaxQueued).
func (cr *Crawler) room() int {
	n, _ := cr.fr.QueueSize()
	return cr.maxQueued - n
}

// bound keeps the entries the frontier has room for: a sitemap of a
// million URLs under max_pages 300 queues only what the run can fetch (it
// queued all of them, 50 s and 887 MB). What it drops is what the user
// loses least: entries of pages archived and not changed since by their
// date (revisitOnly), which the revisit pass checks anyway; then the
// oldest. Entries of new or changed pages take the places of queued
// revisit-only ones (frontier.evictStale). Pages are looked up until the
// places are filled: all of them only when most are archived.
func (cr *Crawler) bound(ctx context.Context, entries []entry) []entry {
	room := max(cr.room(), 0)
	if len(entries) <= room {
		return entries
	}
	entries = newestFirst(entries)
	limit := room + cr.fr.staleQueued()
	var fresh, known []entry
	for _, e := range entries {
		if len(fresh) >= limit {
			break
		}
		norm, err := normalizeURL(e.URL)
		switch {
		case err != nil:
		case !cr.revisitOnly(ctx, norm, e.Date):
			fresh = append(fresh, e)
		case len(known) < room:
			known = append(known, e)
		}
	}
	if len(fresh) > room {
		n, err := cr.fr.evictStale(len(fresh) - room)
		if err != nil {
			cr.log.Warn("frontier: archived entries not dropped for new ones", "err", err)
		}
		room += n
	}
	out := append(fresh[:min(len(fresh), room)], known[:min(len(known), room-min(len(fresh), room))]...)
	cr.log.Info("queue bound reached: discovered URLs dropped", "kept", len(out), "dropped", len(entries)-len(out), "max_queued", cr.maxQueued)
	return out
}

// revisitOnly: norm is a page archived (not gone) that date, if known,
// does not say changed since it was fetched. Queueing it only re-checks
// it, as the revisit pass does: the first thing to drop, the last to
// fetch.
func (cr *Crawler) revisitOnly(ctx context.Context, norm string, date time.Time) bool {
	p, err := cr.a.Page(ctx, norm)
	return err == nil && p.Versions > 0 && p.GoneSince.IsZero() && (date.IsZero() || !date.After(p.LastFetched))
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
