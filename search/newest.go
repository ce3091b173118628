package search

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/numeric"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Newest first over many hits: the page is among the newest versions, so
// the query runs first over a window of the newest dates only, widened
// until it holds the page, and the total comes from a count without
// scores, sort or doc values. Reading each hit's date key was a third of
// a newest-first query over most of the index; now only the window's
// hits are read, so the cost follows the page, not the hits.

// windowMinHits: below this many hits the whole query is cheap, and the
// windows would only add their own searches (each builds the query's
// searchers again); below an eighth of it one scored pass costs less than
// two. A variable for the tests.
var windowMinHits uint64 = 2000

// countedWindowMinHits is windowMinHits where the total came from the
// posting lists (countByBitmaps: no pass over the hits), and one scored
// pass below it. A window pays from a few dozen hits: on one segment its
// set-up is small, while one pass reads the date key of every hit, and
// at 100k versions nearly each hit is in a block of doc values of its
// own, decompressed for it alone (`data privacy law`, 189 hits: 4.6-5.0
// -> 3.6 ms; `prime minister`, 220: 3.4-3.7 -> 2.1-2.2).
var countedWindowMinHits uint64 = 48

// windowHitsPerNeed and windowSpare size a window: it is to hold
// windowHitsPerNeed times the hits the page needs at the query's rate of
// hits, plus windowSpare versions. Each hit in it costs a date key read,
// which is most of a window's cost; a window too small is widened (the
// loop below), which costs a second search in the few queries whose
// newest versions are of another language than their hits. 2 and 64
// against 4 and 512: newest first at 100k, thread CPU p50 2.0-2.1 ->
// 1.65-1.7 ms, p99 4.9-5.1 -> 4.4-4.9 ms; at 10k p50 1.1-1.2 -> 1.0 ms.
const (
	windowHitsPerNeed = 2
	windowSpare       = 64
)

// searchNewestWindowed runs sr, sorted by newestFirst, over date windows
// (see above). The window [cut, ∞) holds every hit newer than any hit
// outside it, so its first From+Size hits in date order are the query's,
// and when the page ends inside one date, all the versions of that date
// are inside it too. A window is searched in one scored pass: its hits
// are few, and a second pass would build the query's searchers again.
func (ix *Index) searchNewestWindowed(ctx context.Context, sr *bleve.SearchRequest) (*bleve.SearchResult, error) {
	need := sr.From + sr.Size
	total, known, counted := ix.countByBitmaps(sr.Query)
	if !counted {
		count := *sr
		count.Sort = blevesearch.SortOrder{&blevesearch.SortScore{Desc: true}}
		count.From, count.Size = 0, 0
		count.Score = bleve.ScoreNone
		count.Fields = nil
		cres, err := searchSafe(ctx, ix.bleve, &count)
		if err != nil {
			return nil, err
		}
		total = cres.Total
	}
	minHits, onePass := windowMinHits, windowMinHits/8
	if counted {
		minHits, onePass = countedWindowMinHits, countedWindowMinHits
	}
	docs, err := ix.bleve.DocCount()
	switch {
	case err != nil || total <= uint64(need) || docs == 0 || total < onePass:
		// Few hits: one scored pass reads few date keys, where a second
		// would build the query's searchers again.
		return ix.searchTiesByID(ctx, sr)
	case total < minHits:
		return ix.searchNewestFirst(ctx, sr)
	}
	// Versions to take in the window: the page's share of the index at the
	// query's rate of hits, windowHitsPerNeed times over, and some to
	// spare. The newest versions may be of other languages than the
	// query's hits ("in the" matched 3% of the newest and 23% of all):
	// the loop widens the window then.
	want := windowHitsPerNeed*uint64(need+1)*docs/total + windowSpare
	for want < docs {
		cut, inWindow, ok := ix.dateCut(want, nil)
		if !ok {
			break
		}
		res, err := ix.searchWindow(ctx, sr, cut, known)
		if err != nil {
			return nil, err
		}
		if res.Total >= uint64(need) {
			res.Total = total
			return res, nil
		}
		if k, ok := known.(knownVersions); ok {
			// The query's hits are known: cut the next window at their
			// own dates, so that it holds the page's hits and few more.
			// Where the hits are older than most versions (dated
			// articles against undated pages that carry their fetch
			// time), the windows sized on all versions widened across
			// those and read the date key of each hit on the way
			// (`coronavirus` newest first on real pages). Not first:
			// counting each date term's hits costs more than the first
			// window where that one holds the page.
			if cut, _, ok := ix.dateCut(uint64(need), k.bms); ok {
				res, err := ix.searchWindow(ctx, sr, cut, known)
				if err != nil || res.Total >= uint64(need) {
					if res != nil {
						res.Total = total
					}
					return res, err
				}
			}
			break
		}
		// Widen to what the window's own rate of hits says the page
		// needs (the newest versions may be of other languages or
		// kinds than the query's hits), and at least fourfold.
		next := want * 8
		if res.Total > 0 {
			next = 2 * uint64(need+1) * inWindow / res.Total
		}
		want = max(next, 4*want)
	}
	res, err := ix.searchNewestFirst(ctx, sr)
	if err != nil {
		return nil, err
	}
	res.Total = total
	return res, nil
}

// searchWindow runs sr over the versions dated at cut or later. hits,
// where not nil, is sr's query with its versions read (countByBitmaps):
// the window's hits themselves then come from the posting lists, and the
// query's searchers are advanced to those alone, where they walked all of
// the query's hits to test each against the window (two fifths of `data
// privacy law`).
func (ix *Index) searchWindow(ctx context.Context, sr *bleve.SearchRequest, cut int64, hits query.Query) (*bleve.SearchResult, error) {
	var window query.Query = dateWindow{from: cut}
	if hits != nil {
		window = query.NewConjunctionQuery([]query.Query{window, hits})
	}
	win := *sr
	gctx, q, done := guided(ctx, filtered{q: sr.Query, f: window})
	defer done()
	win.Query = q
	return ix.searchTiesByID(gctx, &win)
}

// dateWindow matches, unscored, the versions whose date term is at from
// or later (the int64 value of the date field's numeric terms, as dateCut
// gives it): dateFrom's versions, read as a filter (see filtered) from
// each segment's posting lists of the date terms that cover the window
// (windowBitmap). Through bleve's numeric range searcher, the window cost
// a merged dictionary (a goroutine per segment) for each of its terms'
// checks and a term searcher per term, most of a narrow window's search.
type dateWindow struct{ from int64 }

// Searcher: dateFrom's, for an index whose segments cannot be read (a
// filtered query reads the bitmaps itself).
func (w dateWindow) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	snap, ok := i.(*scorch.IndexSnapshot)
	if !ok {
		return unscored{dateFrom(w.from)}.Searcher(ctx, i, m, options)
	}
	bitmaps, offsets, ok := filterBitmaps(snap, w)
	if !ok {
		return unscored{dateFrom(w.from)}.Searcher(ctx, i, m, options)
	}
	return newBitmapSearcher(snap, bitmaps, offsets), nil
}

// windowBitmap is the bitmap of the segment's versions dated at from or
// later: the union of the posting lists of the date terms that cover
// [from, max], as bleve's numeric range splits it. From the finest
// precision up, each step covers from up to the next boundary of the step
// above (fewer than 16 terms at its precision); the coarsest (60) covers
// the rest. The terms of one precision are one range of the dictionary
// (their first byte is the shift), read with one iterator.
func windowBitmap(seg segment.Segment, from int64) (*roaring.Bitmap, bool) {
	d, err := seg.Dictionary(fDate)
	if err != nil {
		return nil, false
	}
	const sign = uint64(1) << 63
	lo := uint64(from) ^ sign // the prefix codes' order: unsigned
	var bms []*roaring.Bitmap
	for shift := uint(0); shift < 64; shift += 4 {
		hi := uint64(math.MaxUint64) // the coarsest step takes the rest
		if shift < 60 {
			mask := uint64(1)<<(shift+4) - 1
			if lo&mask == 0 {
				continue // the steps above cover [lo, max]
			}
			hi = lo | mask
		}
		start := []byte(numeric.MustNewPrefixCodedInt64(int64(lo^sign), shift))
		end := exclusiveEnd(numeric.MustNewPrefixCodedInt64(int64(hi^sign), shift))
		it := d.AutomatonIterator(nil, start, end)
		for {
			e, err := it.Next()
			if err != nil {
				return nil, false
			}
			if e == nil {
				break
			}
			bm, ok := postingsBitmap(d, e.Term)
			if !ok {
				return nil, false
			}
			if !bm.IsEmpty() {
				bms = append(bms, bm)
			}
		}
		if hi == math.MaxUint64 {
			break
		}
		lo = hi + 1
	}
	switch len(bms) {
	case 0:
		return roaring.New(), true
	case 1:
		return bms[0], true
	}
	return roaring.FastOr(bms...), true
}

// dateFrom matches versions dated at cut (Unix nanoseconds) or later.
func dateFrom(cut int64) query.Query {
	// A numeric range on the date's terms: the searcher takes the
	// int64's bits as a float64 and back, exactly.
	lo, incl := numeric.Int64ToFloat64(cut), true
	q := bleve.NewNumericRangeInclusiveQuery(&lo, nil, &incl, nil)
	q.SetField(fDate)
	return q
}

// dateCut finds a date such that about want versions (at least want,
// at most about twice as many, counting superseded ones) are dated at it
// or later, from the counts of the date field's numeric terms: each
// precision step (4 bits) splits a range of dates into 16, so it walks
// down from the widest ranges into the one where the count reaches want.
// It also returns how many versions are dated at the cut or later.
// With hits (each segment's versions of a query, as countByBitmaps reads
// them), it counts those alone, exactly: the live ones among them.
// false: fewer than want versions have a date, or hits lacks a segment.
func (ix *Index) dateCut(want uint64, hits map[segment.Segment]*roaring.Bitmap) (cut int64, n uint64, ok bool) {
	snap, ok := snapshot(ix.bleve)
	if !ok {
		return 0, 0, false
	}
	defer snap.Close()
	var live map[segment.Segment]*roaring.Bitmap
	if hits != nil {
		live = map[segment.Segment]*roaring.Bitmap{}
		for _, ss := range snap.Segments() {
			bm, ok := hits[ss.Segment()]
			if !ok {
				return 0, 0, false
			}
			if del := ss.Deleted(); del != nil && !del.IsEmpty() {
				bm = roaring.AndNot(bm, del)
			}
			live[ss.Segment()] = bm
		}
	}
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	var above uint64 // versions dated after hi
	var buckets []dateBucket
	for shift := uint(60); ; shift -= 4 {
		buckets, ok = dateBuckets(snap, lo, hi, shift, live, buckets[:0])
		if !ok {
			return 0, 0, false
		}
		i := len(buckets) - 1
		for ; i >= 0; i-- {
			if above+buckets[i].n >= want {
				break
			}
			above += buckets[i].n
		}
		if i < 0 {
			return 0, 0, false
		}
		b := buckets[i]
		if b.n <= want || shift == 0 {
			return b.start, above + b.n, true
		}
		lo, hi = b.start, b.start+(int64(1)<<shift-1)
	}
}

// dateBucket is a range of dates (a numeric term of the date field at one
// precision step) and its count of versions.
type dateBucket struct {
	start int64
	n     uint64
}

// dateBuckets appends to buckets the date field's ranges at precision
// shift from lo to hi, with their counts over the segments of snap,
// ordered by start; with live, the counts are of each segment's versions
// in it. The segments' dictionaries are read one after the
// other: bleve's merged dictionary (FieldDictRange) opens them in a
// goroutine each, twelve at 100k versions, at every step of dateCut,
// which in a process that runs one query cost more than the reads. All
// steps read one snapshot (FieldDictRange took the current one at each).
func dateBuckets(snap *scorch.IndexSnapshot, lo, hi int64, shift uint, live map[segment.Segment]*roaring.Bitmap, buckets []dateBucket) ([]dateBucket, bool) {
	start := []byte(numeric.MustNewPrefixCodedInt64(lo, shift))
	end := exclusiveEnd(numeric.MustNewPrefixCodedInt64(hi, shift))
	counts := map[int64]uint64{}
	for _, ss := range snap.Segments() {
		d, err := ss.Segment().Dictionary(fDate)
		if err != nil {
			return nil, false
		}
		it := d.AutomatonIterator(nil, start, end)
		for {
			e, err := it.Next()
			if err != nil {
				return nil, false
			}
			if e == nil {
				break
			}
			p := numeric.PrefixCoded(e.Term)
			if s, err := p.Shift(); err != nil || s != shift {
				continue
			}
			v, err := p.Int64()
			if err != nil {
				continue
			}
			n := e.Count
			if live != nil {
				bm, ok := postingsBitmap(d, e.Term)
				if !ok {
					return nil, false
				}
				n = bm.AndCardinality(live[ss.Segment()])
			}
			counts[v] += n
		}
	}
	for v, n := range counts {
		buckets = append(buckets, dateBucket{v, n})
	}
	slices.SortFunc(buckets, func(a, b dateBucket) int { return cmp.Compare(a.start, b.start) })
	return buckets, true
}

// exclusiveEnd is the key right after an inclusive end, made as bleve's
// FieldDictRange makes it.
func exclusiveEnd(inclusive []byte) []byte {
	end := slices.Clone(inclusive)
	if len(end) == 0 {
		return end
	}
	if end[len(end)-1] < 0xff {
		end[len(end)-1]++
		return end
	}
	return append(end, 0)
}
