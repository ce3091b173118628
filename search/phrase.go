package search

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// multiPhrase is bleve's multi-phrase query (exact, no slop or
// fuzziness) with a cheaper check of each candidate's positions. Bleve's
// phrase searcher turns every candidate's term locations into maps and
// lists every path through them (a third of a phrase of two frequent
// words: "in the" has thousands of candidates with dozens of each word);
// a match needs one path, found here on the positions as they come. The
// candidates, their scores and so the hits are bleve's: the same
// conjunction of the same term searchers finds and scores them.
type multiPhrase struct {
	*query.MultiPhraseQuery
	pairs bool // the index has common word pairs (fPairs) for the body
	// whole: the phrase is read wherever it is (no conjunction narrows
	// it), so its matches are read first (see readPhrase).
	whole bool
}

func newMultiPhrase(terms [][]string, field string, boost float64, pairs bool) multiPhrase {
	q := query.NewMultiPhraseQuery(terms, field)
	q.SetBoost(boost)
	return multiPhrase{MultiPhraseQuery: q, pairs: pairs && field == fBody}
}

// wholePhrases is q with its phrases marked whole (true) or not where no
// conjunction is above them: through disjunctions, filters and
// latestOnly. A phrase under a conjunction is advanced to the other
// clauses' versions, and reading all its matches first could cost more.
func wholePhrases(q query.Query, whole bool) query.Query {
	switch q := q.(type) {
	case multiPhrase:
		q.whole = whole
		return q
	case *query.DisjunctionQuery:
		if q.Min > 1 {
			return q
		}
		d := *q
		d.Disjuncts = make([]query.Query, len(q.Disjuncts))
		for i, k := range q.Disjuncts {
			d.Disjuncts[i] = wholePhrases(k, whole)
		}
		return &d
	case filtered:
		return filtered{wholePhrases(q.q, whole), q.f}
	case latestOnly:
		return latestOnly{wholePhrases(q.q, whole)}
	}
	return q
}

func (q multiPhrase) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	field := q.FieldVal
	if field == "" {
		field = m.DefaultSearchField()
	}
	var pairs []string
	if q.pairs && field == fBody {
		pairs = phrasePairs(q.Terms)
	}
	if ps, err := newPositionsSearcher(ctx, i, q.Terms, pairs, field, q.BoostVal.Value(), q.whole, options); err != nil {
		return nil, err
	} else if ps != nil {
		return ps, nil
	}
	// As searcher.NewMultiPhraseSearcher builds it, without fuzziness.
	options.IncludeTermVectors = true
	boost := q.BoostVal.Value()
	var kids []blevesearch.Searcher
	closeAll := func() {
		for _, s := range kids {
			_ = s.Close()
		}
	}
	for _, at := range q.Terms {
		if len(at) == 1 && at[0] != "" {
			ts, err := searcher.NewTermSearcher(ctx, i, at[0], field, boost, options)
			if err != nil {
				closeAll()
				return nil, fmt.Errorf("phrase searcher error building term searcher: %v", err)
			}
			kids = append(kids, ts)
		} else if len(at) > 1 {
			var alts []blevesearch.Searcher
			for _, term := range at {
				if term == "" {
					continue
				}
				ts, err := searcher.NewTermSearcher(ctx, i, term, field, boost, options)
				if err != nil {
					closeAll()
					return nil, fmt.Errorf("phrase searcher error building term searcher: %v", err)
				}
				alts = append(alts, ts)
			}
			d, err := searcher.NewDisjunctionSearcher(ctx, i, alts, 1, options)
			if err != nil {
				closeAll()
				return nil, fmt.Errorf("phrase searcher error building term position disjunction searcher: %v", err)
			}
			kids = append(kids, d)
		}
	}
	must, err := searcher.NewConjunctionSearcher(ctx, i, kids, options)
	if err != nil {
		closeAll()
		return nil, fmt.Errorf("phrase searcher error building conjunction searcher: %v", err)
	}
	s := &phraseSearcher{must: must, field: field}
	// Term slots by offset from the phrase's first word; nil: a gap
	// (a stop word), which still counts as a position.
	for _, at := range q.Terms {
		var slot []string
		for _, t := range at {
			if t != "" {
				slot = append(slot, t)
			}
		}
		s.slots = append(s.slots, slot)
	}
	for len(s.slots) > 0 && len(s.slots[0]) == 0 {
		s.slots = s.slots[1:] // bleve ignores leading gaps
	}
	// The query norm, as bleve's phrase searcher sets it.
	s.must.SetQueryNorm(1 / math.Sqrt(s.must.Weight()))
	return s, nil
}

type phraseSearcher struct {
	must        blevesearch.Searcher
	field       string
	slots       [][]string
	curr        *blevesearch.DocumentMatch
	initialized bool
	// per candidate: positions of each slot's terms
	pos [][]uint64
	ap  [][]uint64 // array positions per entry of pos[0]
}

func (s *phraseSearcher) advanceMust(ctx *blevesearch.SearchContext) error {
	if s.curr != nil {
		ctx.DocumentMatchPool.Put(s.curr)
	}
	var err error
	s.curr, err = s.must.Next(ctx)
	return err
}

// matches reports whether the candidate holds the phrase: a position p of
// the first slot's terms with each later slot's term at p+offset, in the
// same value of the field.
func (s *phraseSearcher) matches(m *blevesearch.DocumentMatch) bool {
	if len(s.slots) == 0 {
		return false
	}
	if s.pos == nil {
		s.pos = make([][]uint64, len(s.slots))
	}
	for i := range s.pos {
		s.pos[i] = s.pos[i][:0]
	}
	s.ap = s.ap[:0]
	// Locations come from m.FieldTermLocations (the conjunction's merge of
	// its term searchers'); array positions matter only for fields with
	// several values, so they are kept with the first slot's positions and
	// compared where they are set.
	hasAP := false
	for _, ftl := range m.FieldTermLocations {
		if ftl.Field != s.field {
			continue
		}
		for i, slot := range s.slots {
			if slices.Contains(slot, ftl.Term) {
				s.pos[i] = append(s.pos[i], ftl.Location.Pos)
				if len(ftl.Location.ArrayPositions) > 0 {
					hasAP = true
				}
			}
		}
	}
	if hasAP {
		return s.matchesWithArrays(m)
	}
	for i := range s.pos {
		slices.Sort(s.pos[i])
	}
	for _, p := range s.pos[0] {
		ok := true
		for j := 1; j < len(s.slots) && ok; j++ {
			if len(s.slots[j]) == 0 {
				continue
			}
			_, ok = slices.BinarySearch(s.pos[j], p+uint64(j))
		}
		if ok {
			return true
		}
	}
	return false
}

// matchesWithArrays is matches for a field with several values: the
// phrase's words must be in the same one.
func (s *phraseSearcher) matchesWithArrays(m *blevesearch.DocumentMatch) bool {
	type at struct {
		pos uint64
		ap  string
	}
	sets := make([]map[at]bool, len(s.slots))
	for i := range sets {
		sets[i] = map[at]bool{}
	}
	for _, ftl := range m.FieldTermLocations {
		if ftl.Field != s.field {
			continue
		}
		for i, slot := range s.slots {
			if slices.Contains(slot, ftl.Term) {
				sets[i][at{ftl.Location.Pos, fmt.Sprint(ftl.Location.ArrayPositions)}] = true
			}
		}
	}
	for a := range sets[0] {
		ok := true
		for j := 1; j < len(s.slots) && ok; j++ {
			if len(s.slots[j]) == 0 {
				continue
			}
			ok = sets[j][at{a.pos + uint64(j), a.ap}]
		}
		if ok {
			return true
		}
	}
	return false
}

func (s *phraseSearcher) Next(ctx *blevesearch.SearchContext) (*blevesearch.DocumentMatch, error) {
	if !s.initialized {
		if err := s.advanceMust(ctx); err != nil {
			return nil, err
		}
		s.initialized = true
	}
	for s.curr != nil {
		var rv *blevesearch.DocumentMatch
		if s.matches(s.curr) {
			rv, s.curr = s.curr, nil
			// The candidate's locations are not the phrase's: drop them
			// (nothing here asks bleve for locations).
			rv.FieldTermLocations = rv.FieldTermLocations[:0]
		}
		if err := s.advanceMust(ctx); err != nil {
			return nil, err
		}
		if rv != nil {
			return rv, nil
		}
	}
	return nil, nil
}

func (s *phraseSearcher) Advance(ctx *blevesearch.SearchContext, id index.IndexInternalID) (*blevesearch.DocumentMatch, error) {
	if !s.initialized {
		if err := s.advanceMust(ctx); err != nil {
			return nil, err
		}
		s.initialized = true
	}
	if s.curr != nil {
		if s.curr.IndexInternalID.Compare(id) >= 0 {
			return s.Next(ctx)
		}
		ctx.DocumentMatchPool.Put(s.curr)
	}
	if s.curr == nil {
		return nil, nil
	}
	var err error
	s.curr, err = s.must.Advance(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.Next(ctx)
}

func (s *phraseSearcher) Weight() float64            { return s.must.Weight() }
func (s *phraseSearcher) SetQueryNorm(n float64)     { s.must.SetQueryNorm(n) }
func (s *phraseSearcher) Count() uint64              { return s.must.Count() }
func (s *phraseSearcher) Min() int                   { return 0 }
func (s *phraseSearcher) Size() int                  { return s.must.Size() }
func (s *phraseSearcher) DocumentMatchPoolSize() int { return s.must.DocumentMatchPoolSize() + 1 }
func (s *phraseSearcher) Close() error               { return s.must.Close() }
