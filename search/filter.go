package search

import (
	"context"
	"math"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// filtered matches what q matches among the versions f matches, with q's
// scores: the conjunction of q and unscored{f}, where f is made of term
// look-ups (sites, language, kind, years: see filterBitmap). Each segment's
// versions that f matches are read once into a bitmap, and each of q's
// hits is looked up in it. A conjunction advanced f's searcher to every
// hit, through bleve's readers and a document match each: `new` since
// 2020 cost twice `new` (22,365 of 27,432 hits kept). Any other f, or an
// index that is not scorch's, goes the conjunction's way.
type filtered struct {
	q, f query.Query
}

func (q filtered) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	snap, ok := i.(*scorch.IndexSnapshot)
	var bitmaps []*roaring.Bitmap
	var offsets []uint64
	if ok {
		bitmaps, offsets, ok = filterBitmaps(snap, q.f)
	}
	if !ok {
		// The filter narrows the query's phrases here (see wholePhrases).
		return newAllOf(wholePhrases(q.q, false), unscored{q.f}).Searcher(ctx, i, m, options)
	}
	var n uint64
	for _, bm := range bitmaps {
		n += bm.GetCardinality()
	}
	if n == 0 {
		return searcher.NewMatchNoneSearcher(i)
	}
	// A query of terms reads only the filter's versions of its lists (see
	// filteredTerms), where the filter is not narrow.
	if fs, err := filteredTerms(ctx, snap, q.q, bitmaps, offsets, options); err != nil {
		return nil, err
	} else if fs != nil {
		if n*4 >= fs.Count() {
			fs.SetQueryNorm(1 / math.Sqrt(fs.Weight()))
			return fs, nil
		}
		_ = fs.Close()
	}
	// The query's phrases look for candidates in the filter only (see
	// positionsSearcher.filter).
	pctx := context.WithValue(ctx, filterKey{}, filterVersions{bitmaps, offsets})
	s, err := q.q.Searcher(pctx, i, m, options)
	if err != nil {
		return nil, err
	}
	if n*4 < s.Count() {
		// A narrow filter (a small site): the conjunction advances the
		// query to the filter's versions rather than walking its hits.
		// As allOf builds it, with the query's searcher, and the filter's
		// from the bitmaps just read.
		fs := newBitmapSearcher(snap, bitmaps, offsets)
		c, err := searcher.NewConjunctionSearcher(ctx, i, []blevesearch.Searcher{s, fs}, options)
		if err != nil {
			_ = s.Close()
			_ = fs.Close()
			return nil, err
		}
		return &allSearcher{staysDone: &staysDone{Searcher: c}, kids: []blevesearch.Searcher{s, fs}}, nil
	}
	// The query norm, as bleve's conjunction sets it (its filter has no
	// weight); an enclosing searcher sets its own after.
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	return &filteredSearcher{Searcher: s, bitmaps: bitmaps, offsets: offsets}, nil
}

// filterVersions are a filter's versions, per segment (as filterBitmaps
// reads them), given through the context to the searchers of the query
// it filters.
type filterVersions struct {
	bitmaps []*roaring.Bitmap
	offsets []uint64
}

type filterKey struct{}

// filterBitmaps reads, for each segment of snap, the versions f matches
// (by segment-local number), and the segments' first global numbers.
// false: f is not one it can read so.
func filterBitmaps(snap *scorch.IndexSnapshot, f query.Query) (bitmaps []*roaring.Bitmap, offsets []uint64, ok bool) {
	var next uint64
	for _, ss := range snap.Segments() {
		seg := ss.Segment()
		bm, ok := filterBitmap(seg, f)
		if !ok {
			return nil, nil, false
		}
		bitmaps = append(bitmaps, bm)
		offsets = append(offsets, next)
		next += seg.Count()
	}
	return bitmaps, offsets, true
}

// filterBitmap is the bitmap of the segment's versions f matches (read
// only: it may be a posting list's own), for f made of term queries,
// disjunctions and conjunctions of them, and nothing.
func filterBitmap(seg segment.Segment, f query.Query) (*roaring.Bitmap, bool) {
	switch f := f.(type) {
	case *query.TermQuery:
		return termBitmap(seg, f.FieldVal, f.Term)
	case dateWindow:
		return windowBitmap(seg, f.from)
	case phraseMatches:
		bm, ok := f[seg]
		return bm, ok
	case knownVersions:
		if bm, ok := f.bms[seg]; ok {
			return bm, true
		}
		return filterBitmap(seg, f.q)
	case *query.MatchNoneQuery:
		return roaring.New(), true
	case *query.DisjunctionQuery:
		if f.Min > 1 {
			return nil, false
		}
		var bms []*roaring.Bitmap
		for _, d := range f.Disjuncts {
			bm, ok := filterBitmap(seg, d)
			if !ok {
				return nil, false
			}
			bms = append(bms, bm)
		}
		if len(bms) == 1 {
			return bms[0], true
		}
		return union(bms...), true
	case *query.ConjunctionQuery:
		var bms []*roaring.Bitmap
		for _, c := range f.Conjuncts {
			bm, ok := filterBitmap(seg, c)
			if !ok {
				return nil, false
			}
			bms = append(bms, bm)
		}
		switch len(bms) {
		case 0:
			return nil, false
		case 1:
			return bms[0], true
		}
		return roaring.FastAnd(bms...), true
	case unscored:
		return filterBitmap(seg, f.q)
	case allOf:
		return filterBitmap(seg, f.ConjunctionQuery)
	case filtered:
		return filterBitmap(seg, query.NewConjunctionQuery([]query.Query{f.q, f.f}))
	case latestOnly:
		bm, ok := filterBitmap(seg, f.q)
		if !ok {
			return nil, false
		}
		old, ok := termBitmap(seg, fLatest, supersededTerm)
		if !ok {
			return nil, false
		}
		return roaring.AndNot(bm, old), true
	}
	return nil, false
}

// union is roaring.FastOr's answer. Of two bitmaps, Or makes it with less
// memory: FastOr turns two containers (a segment's 65,536 versions)
// holding over 1,024 versions together into an 8 KB bitmap, then copies
// that back into an array when the union is under 4,096; Or keeps an
// array up to 4,096.
func union(bms ...*roaring.Bitmap) *roaring.Bitmap {
	if len(bms) == 2 {
		return roaring.Or(bms[0], bms[1])
	}
	return roaring.FastOr(bms...)
}

// countByBitmaps counts the versions q matches from its terms' posting
// lists, where q is made of term look-ups (see filterBitmap): a count of a
// query over most of the index (newest first: the total beside a window
// of the newest hits) walked every hit through bleve's searchers, two
// thirds of 'in the' newest first. known is q with the versions read, for
// a filter. false (and known nil): q cannot be counted so.
func (ix *Index) countByBitmaps(q query.Query) (total uint64, known query.Query, ok bool) {
	snap, ok := snapshot(ix.bleve)
	if !ok {
		return 0, nil, false
	}
	defer snap.Close()
	k := knownVersions{q: q, bms: map[segment.Segment]*roaring.Bitmap{}}
	if total, ok = countIn(snap, q, k.bms); !ok {
		return 0, nil, false
	}
	return total, k, true
}

// knownVersions is q, whose versions in some segments are read (as
// filterBitmap reads them): a filter of q's versions (newest first's
// window of its hits) met q's branches again, after the count had. The
// other segments' (a later snapshot's) are read from q.
type knownVersions struct {
	q   query.Query
	bms map[segment.Segment]*roaring.Bitmap
}

func (k knownVersions) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	return k.q.Searcher(ctx, i, m, options)
}

// countIn is countByBitmaps in snap; each segment's versions go into
// read, where it is not nil.
func countIn(snap *scorch.IndexSnapshot, q query.Query, read map[segment.Segment]*roaring.Bitmap) (uint64, bool) {
	var n uint64
	for _, ss := range snap.Segments() {
		bm, ok := filterBitmap(ss.Segment(), q)
		if !ok {
			return 0, false
		}
		if read != nil {
			read[ss.Segment()] = bm
		}
		if del := ss.Deleted(); del != nil && !del.IsEmpty() {
			n += bm.GetCardinality() - bm.AndCardinality(del)
		} else {
			n += bm.GetCardinality()
		}
	}
	return n, true
}

// termBitmap is the bitmap of the segment's versions with the term in the
// field, through the posting list's iterator (zap's gives its bitmap, or
// its one version).
func termBitmap(seg segment.Segment, field, term string) (*roaring.Bitmap, bool) {
	d, err := seg.Dictionary(field)
	if err != nil {
		return nil, false
	}
	return postingsBitmap(d, term)
}

// postingsBitmap is termBitmap in the field's dictionary d.
func postingsBitmap(d segment.TermDictionary, term string) (*roaring.Bitmap, bool) {
	pl, err := d.PostingsList([]byte(term), nil, nil)
	if err != nil {
		return nil, false
	}
	if pl == nil {
		return roaring.New(), true
	}
	it, ok := pl.Iterator(false, false, false, nil).(segment.OptimizablePostingsIterator)
	if !ok {
		return nil, false
	}
	if n, one := it.DocNum1Hit(); one {
		return roaring.BitmapOf(uint32(n)), true
	}
	if bm := it.ActualBitmap(); bm != nil {
		return bm, true
	}
	return roaring.New(), true
}

type filteredSearcher struct {
	blevesearch.Searcher
	bitmaps []*roaring.Bitmap
	offsets []uint64 // first global number of each segment
	seg     int      // the segment of the last hit looked up
	done    bool
}

// in reports whether the version numbered id is in the filter.
func (s *filteredSearcher) in(id index.IndexInternalID) bool {
	v := id.Value()
	if v < s.offsets[s.seg] || (s.seg+1 < len(s.offsets) && v >= s.offsets[s.seg+1]) {
		s.seg = sort.Search(len(s.offsets), func(k int) bool { return s.offsets[k] > v }) - 1
		if s.seg < 0 {
			s.seg = 0
			return false
		}
	}
	local := v - s.offsets[s.seg]
	return local <= math.MaxUint32 && s.bitmaps[s.seg].Contains(uint32(local))
}

// following is the first version of the filter after v's (s.seg set to
// v's segment by in); false: none.
func (s *filteredSearcher) following(v uint64) (uint64, bool) {
	for k := s.seg; k < len(s.bitmaps); k++ {
		from := uint64(0)
		if v >= s.offsets[k] {
			if from = v - s.offsets[k] + 1; from > math.MaxUint32 {
				continue
			}
		}
		it := s.bitmaps[k].Iterator()
		it.AdvanceIfNeeded(uint32(from))
		if it.HasNext() {
			return s.offsets[k] + uint64(it.PeekNext()), true
		}
	}
	return 0, false
}

// keep returns m if the filter has it, else the query's next hit in the
// filter: the query's searcher is advanced past the versions outside it
// (a sparse filter, such as since a year, over a query whose hits are
// mostly before it, would otherwise score each of them).
func (s *filteredSearcher) keep(ctx *blevesearch.SearchContext, m *blevesearch.DocumentMatch, err error) (*blevesearch.DocumentMatch, error) {
	for err == nil && m != nil && !s.in(m.IndexInternalID) {
		v, ok := s.following(m.IndexInternalID.Value())
		ctx.DocumentMatchPool.Put(m)
		if !ok {
			m = nil
			break
		}
		m, err = s.Searcher.Advance(ctx, index.NewIndexInternalID(nil, v))
	}
	if err != nil {
		return nil, err
	}
	s.done = m == nil
	return m, nil
}

func (s *filteredSearcher) Next(ctx *blevesearch.SearchContext) (*blevesearch.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	m, err := s.Searcher.Next(ctx)
	return s.keep(ctx, m, err)
}

func (s *filteredSearcher) Advance(ctx *blevesearch.SearchContext, id index.IndexInternalID) (*blevesearch.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	m, err := s.Searcher.Advance(ctx, id)
	return s.keep(ctx, m, err)
}

func (s *filteredSearcher) Min() int { return 0 }

// bitmapSearcher matches, unscored, the versions of per-segment bitmaps
// (filterBitmaps), but for deleted ones: a filter's searcher in a
// conjunction, from the bitmaps the filter was read into.
type bitmapSearcher struct {
	bitmaps []*roaring.Bitmap
	offsets []uint64 // first global number of each segment
	deleted []*roaring.Bitmap
	seg     int                 // the segment it walks
	it      roaring.IntPeekable // in bitmaps[seg]; nil: not started
	count   uint64
}

func newBitmapSearcher(snap *scorch.IndexSnapshot, bitmaps []*roaring.Bitmap, offsets []uint64) *bitmapSearcher {
	s := &bitmapSearcher{bitmaps: bitmaps, offsets: offsets}
	for k, ss := range snap.Segments() {
		if k >= len(bitmaps) {
			break
		}
		s.count += bitmaps[k].GetCardinality()
		s.deleted = append(s.deleted, ss.Deleted())
	}
	return s
}

func (s *bitmapSearcher) Next(ctx *blevesearch.SearchContext) (*blevesearch.DocumentMatch, error) {
	for s.seg < len(s.bitmaps) {
		if s.it == nil {
			s.it = s.bitmaps[s.seg].Iterator()
		}
		if !s.it.HasNext() {
			s.seg++
			s.it = nil
			continue
		}
		n := s.it.Next()
		if del := s.deleted[s.seg]; del != nil && del.Contains(n) {
			continue
		}
		m := ctx.DocumentMatchPool.Get()
		m.IndexInternalID = index.NewIndexInternalID(m.IndexInternalID, s.offsets[s.seg]+uint64(n))
		return m, nil
	}
	return nil, nil
}

func (s *bitmapSearcher) Advance(ctx *blevesearch.SearchContext, id index.IndexInternalID) (*blevesearch.DocumentMatch, error) {
	v := id.Value()
	k := sort.Search(len(s.offsets), func(k int) bool { return s.offsets[k] > v }) - 1
	if k >= s.seg && k >= 0 {
		if k > s.seg || s.it == nil {
			s.seg, s.it = k, s.bitmaps[k].Iterator()
		}
		if local := v - s.offsets[k]; local <= math.MaxUint32 {
			s.it.AdvanceIfNeeded(uint32(local))
		} else {
			s.seg, s.it = k+1, nil
		}
	}
	return s.Next(ctx)
}

func (s *bitmapSearcher) Close() error               { return nil }
func (s *bitmapSearcher) Weight() float64            { return 0 }
func (s *bitmapSearcher) SetQueryNorm(float64)       {}
func (s *bitmapSearcher) Count() uint64              { return s.count }
func (s *bitmapSearcher) Min() int                   { return 0 }
func (s *bitmapSearcher) Size() int                  { return 64 + 8*len(s.bitmaps) }
func (s *bitmapSearcher) DocumentMatchPoolSize() int { return 1 }
