package search

import (
	"context"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A query of terms under a wide filter (the branch of a phrase's
// languages that drop some of its words: "in the" is the word "the" on
// 25,000 German pages, of 28,000 with it) walked every hit of each term,
// scored it and the disjunction's match, and then dropped the ones
// outside the filter. Here each term's posting lists are cut to the
// filter's versions before they are read (zap's iterator over the
// intersection of its list and the filter's bitmap, as scorch's
// conjunction does for its terms), and the disjunction is bleve's over
// them: the same hits with the same scores, as the statistics are the
// whole lists' (termFilteredSearcher's Count and scorer).

// filteredTerms builds the searcher of q, a term query or a disjunction
// of them, over the versions of the per-segment bitmaps of snap (see
// filterBitmaps); nil: q is not one it builds.
func filteredTerms(ctx context.Context, snap *scorch.IndexSnapshot, q query.Query, bitmaps []*roaring.Bitmap, offsets []uint64, options blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	if options.Explain || options.Score == "none" || options.IncludeTermVectors {
		return nil, nil
	}
	var terms []*query.TermQuery
	min := 0
	if a, ok := q.(anyOf); ok {
		q = a.DisjunctionQuery
	}
	switch q := q.(type) {
	case *query.TermQuery:
		terms = append(terms, q)
	case *query.DisjunctionQuery:
		for _, d := range q.Disjuncts {
			t, ok := d.(*query.TermQuery)
			if !ok {
				return nil, nil
			}
			terms = append(terms, t)
		}
		min = int(q.Min)
	default:
		return nil, nil
	}
	if len(terms) == 0 {
		return nil, nil
	}
	for _, t := range terms {
		if t.FieldVal == "" {
			return nil, nil
		}
	}
	var kids []blevesearch.Searcher
	closeAll := func() {
		for _, k := range kids {
			_ = k.Close()
		}
	}
	for _, t := range terms {
		k, err := newTermFilteredSearcher(ctx, snap, t.Term, t.FieldVal, t.BoostVal.Value(), bitmaps, offsets, options)
		if err != nil || k == nil {
			closeAll()
			return nil, err
		}
		kids = append(kids, k)
	}
	if _, ok := q.(*query.TermQuery); ok {
		return kids[0], nil
	}
	if canPrune(ctx, options, float64(min), len(kids)) {
		return newAnySearcher(kids, make([]*query.TermQuery, len(kids)), float64(min), options), nil
	}
	// As query.DisjunctionQuery builds it.
	nctx := context.WithValue(ctx, blevesearch.IncludeScoreBreakdownKey, false)
	d, err := searcher.NewDisjunctionSearcher(nctx, snap, kids, float64(min), options)
	if err != nil {
		closeAll()
		return nil, err
	}
	return d, nil
}

// termFilteredSearcher is bleve's term searcher over the versions of
// per-segment bitmaps.
type termFilteredSearcher struct {
	term    string
	field   string
	its     []segment.PostingsIterator // per segment; nil: none there
	offsets []uint64
	seg     int // the segment it reads
	count   uint64
	scorer  *scorer.TermQueryScorer
	boost   float64
	qnorm   float64 // as set on the scorer; 0: not set (its weight is 1)
	tfd     index.TermFieldDoc
}

// newTermFilteredSearcher returns nil where a segment's postings cannot
// be cut so.
func newTermFilteredSearcher(ctx context.Context, snap *scorch.IndexSnapshot, term, field string, boost float64, bitmaps []*roaring.Bitmap, offsets []uint64, options blevesearch.SearcherOptions) (*termFilteredSearcher, error) {
	segs := snap.Segments()
	if len(segs) != len(bitmaps) {
		return nil, nil
	}
	s := &termFilteredSearcher{term: term, field: field, offsets: offsets, boost: boost}
	for k, ss := range segs {
		d, err := ss.Segment().Dictionary(field)
		if err != nil {
			return nil, err
		}
		pl, err := d.PostingsList([]byte(term), ss.Deleted(), nil)
		if err != nil {
			return nil, err
		}
		s.count += pl.Count() // the whole list's, as bleve's reader counts
		pit := pl.Iterator(true, true, false, nil)
		it, ok := pit.(segment.OptimizablePostingsIterator)
		if !ok {
			return nil, nil
		}
		if n, one := it.DocNum1Hit(); one {
			if n <= uint64(^uint32(0)) && bitmaps[k].Contains(uint32(n)) {
				s.its = append(s.its, pit)
			} else {
				s.its = append(s.its, nil)
			}
			continue
		}
		if bm := it.ActualBitmap(); bm != nil {
			it.ReplaceActual(roaring.And(bm, bitmaps[k]))
			s.its = append(s.its, pit)
			continue
		}
		s.its = append(s.its, nil) // an empty list
	}
	if err := blevesearch.RecordTermSearcher(ctx); err != nil {
		return nil, err
	}
	count, avgDocLength, err := termStats(ctx, snap, field)
	if err != nil {
		return nil, err
	}
	s.scorer = scorer.NewTermQueryScorer([]byte(term), field, boost, count, s.count, avgDocLength, options)
	return s, nil
}

// match scores posting p of the current segment.
func (s *termFilteredSearcher) match(ctx *blevesearch.SearchContext, p segment.Posting) *blevesearch.DocumentMatch {
	s.tfd.Reset()
	s.tfd.Term = s.term
	s.tfd.ID = index.NewIndexInternalID(s.tfd.ID, s.offsets[s.seg]+p.Number())
	s.tfd.Freq = p.Frequency()
	s.tfd.Norm = p.Norm()
	return s.scorer.Score(ctx, &s.tfd)
}

func (s *termFilteredSearcher) Next(ctx *blevesearch.SearchContext) (*blevesearch.DocumentMatch, error) {
	for ; s.seg < len(s.its); s.seg++ {
		it := s.its[s.seg]
		if it == nil {
			continue
		}
		p, err := it.Next()
		if err != nil {
			return nil, err
		}
		if p != nil {
			return s.match(ctx, p), nil
		}
	}
	return nil, nil
}

// Advance moves to the first match numbered id or more, never back.
func (s *termFilteredSearcher) Advance(ctx *blevesearch.SearchContext, id index.IndexInternalID) (*blevesearch.DocumentMatch, error) {
	v := id.Value()
	for s.seg+1 < len(s.offsets) && s.offsets[s.seg+1] <= v {
		s.seg++
	}
	for ; s.seg < len(s.its); s.seg++ {
		it := s.its[s.seg]
		if it == nil {
			continue
		}
		var local uint64
		if v > s.offsets[s.seg] {
			local = v - s.offsets[s.seg]
		}
		p, err := it.Advance(local)
		if err != nil {
			return nil, err
		}
		if p != nil {
			return s.match(ctx, p), nil
		}
	}
	return nil, nil
}

func (s *termFilteredSearcher) Weight() float64            { return s.scorer.Weight() }
func (s *termFilteredSearcher) SetQueryNorm(n float64)     { s.qnorm = n; s.scorer.SetQueryNorm(n) }
func (s *termFilteredSearcher) Count() uint64              { return s.count }
func (s *termFilteredSearcher) Min() int                   { return 0 }
func (s *termFilteredSearcher) Size() int                  { return 64 + 8*len(s.its) }
func (s *termFilteredSearcher) DocumentMatchPoolSize() int { return 1 }
func (s *termFilteredSearcher) Close() error               { return nil }
