package search

import (
	"container/heap"
	"context"
	"math"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// Pruning while scoring for a top k by relevance (MaxScore): a query over
// tens of thousands of hits scored every one of them for a page of ten.
// Each term's score has a bound: BM25 gives idf·k1·tf/(tf + k1·…) < k1·idf
// before the query weight (tf-idf: tf·norm ≤ 1), so a term searcher
// built with boost b scores below factor·Weight()/b·queryNorm. A
// disjunction scores the sum of its matching clauses times matched/all,
// a conjunction the sum. Once the collector holds k hits, the k-th score
// θ is the floor: a later hit must beat it (ties go to the earlier hit),
// so a disjunction leaves out, as not essential, its clauses of least
// bound whose hits, matched by them alone, cannot score above θ, walks
// only the other clauses' hits and looks the left-out clauses up at
// those. Below a conjunction or a disjunction, a clause's floor is θ less
// its siblings' bounds. The hits that are walked are scored by bleve's
// own scorers as before (same scores, same order), and the total comes
// from the posting lists' bitmaps (countByBitmaps): a query that cannot
// be counted so is not pruned.

// pruning is off only in tests, to compare with the answers unpruned.
var pruning = true

// boundFactor is what a term's score is at most, over the query weight
// times its idf, with a margin for rounding.
var boundFactor = max(1, blevesearch.BM25_k1) * (1 + 1e-9)

// bounded is a searcher whose scores have a known bound and that can
// skip hits below a floor.
type bounded interface {
	// maxScore bounds the score of any hit, with the query norm as set
	// (+Inf: unknown).
	maxScore() float64
	// setFloor has it skip hits whose score cannot exceed
	// st.theta - offset.
	setFloor(st *pruneState, offset float64)
}

func boundOf(s blevesearch.Searcher) float64 {
	if b, ok := s.(bounded); ok {
		return b.maxScore()
	}
	return math.Inf(1)
}

func setFloor(s blevesearch.Searcher, st *pruneState, offset float64) {
	if b, ok := s.(bounded); ok {
		b.setFloor(st, offset)
	}
}

// pruneState is the floor shared by a search's pruning searchers: the k-th
// best score collected so far (-Inf until there are k).
type pruneState struct {
	k     int
	top   scoreHeap
	theta float64
}

type pruneKeyType struct{}

var pruneKey pruneKeyType

func newPruneState(k int) *pruneState {
	return &pruneState{k: k, theta: math.Inf(-1)}
}

// offer records a collected hit's score.
func (st *pruneState) offer(score float64) {
	switch {
	case len(st.top) < st.k:
		heap.Push(&st.top, score)
	case score > st.top[0]:
		st.top[0] = score
		heap.Fix(&st.top, 0)
	default:
		return
	}
	if len(st.top) == st.k {
		st.theta = st.top[0]
	}
}

// handler wraps bleve's top-n collector's handler to record each hit's
// score as it is collected.
func (st *pruneState) handler(sctx *blevesearch.SearchContext) (blevesearch.DocumentMatchHandler, bool, error) {
	h, loadID, err := collector.MakeTopNDocumentMatchHandler(sctx)
	if err != nil || h == nil {
		return h, loadID, err
	}
	return func(d *blevesearch.DocumentMatch) error {
		if d == nil {
			return h(d)
		}
		score := d.Score // the handler may put d back in the pool
		if err := h(d); err != nil {
			return err
		}
		st.offer(score)
		return nil
	}, loadID, nil
}

type scoreHeap []float64

func (h scoreHeap) Len() int           { return len(h) }
func (h scoreHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h scoreHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *scoreHeap) Push(x any)        { *h = append(*h, x.(float64)) }
func (h *scoreHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// searchPruned runs sr, sorted by score, pruning its searchers to the
// page's hits, with the total counted from bitmaps. ok false: sr cannot
// be run so (not sorted by score alone, or not countable).
func (ix *Index) searchPruned(ctx context.Context, sr *bleve.SearchRequest) (res *bleve.SearchResult, ok bool, err error) {
	if !pruning || len(sr.Sort) != 1 || sr.Explain || sr.Size <= 0 {
		return nil, false, nil
	}
	if s, isScore := sr.Sort[0].(*blevesearch.SortScore); !isScore || !s.Desc {
		return nil, false, nil
	}
	need := sr.From + sr.Size
	total, ok := ix.countByBitmaps(sr.Query)
	if !ok || total <= uint64(need) {
		return nil, false, nil
	}
	st := newPruneState(need)
	pctx := context.WithValue(ctx, pruneKey, st)
	pctx = context.WithValue(pctx, blevesearch.MakeDocumentMatchHandlerKey, blevesearch.MakeDocumentMatchHandler(st.handler))
	psr := *sr
	psr.Query = pruneRoot{prunable(sr.Query)}
	res, err = searchSafe(pctx, ix.bleve, &psr)
	if err != nil {
		return nil, true, err
	}
	res.Total = total
	return res, true, nil
}

// prunable is q with its disjunctions as anyOf, through the query types
// whose searchers pass floors on.
func prunable(q query.Query) query.Query {
	switch q := q.(type) {
	case *query.DisjunctionQuery:
		d := *q
		d.Disjuncts = make([]query.Query, len(q.Disjuncts))
		for i, k := range q.Disjuncts {
			d.Disjuncts[i] = prunable(k)
		}
		return anyOf{&d}
	case allOf:
		c := *q.ConjunctionQuery
		c.Conjuncts = make([]query.Query, len(q.Conjuncts))
		for i, k := range q.Conjuncts {
			c.Conjuncts[i] = prunable(k)
		}
		return allOf{&c}
	case filtered:
		return filtered{prunable(q.q), q.f}
	case latestOnly:
		return latestOnly{prunable(q.q)}
	}
	return q
}

// pruneRoot sets the floors of its query's searchers once they are built
// (their bounds need the final query norms).
type pruneRoot struct{ q query.Query }

func (q pruneRoot) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	s, err := q.q.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	if st, ok := ctx.Value(pruneKey).(*pruneState); ok {
		setFloor(s, st, 0)
	}
	return s, nil
}

// anyOf is bleve's disjunction query, whose searcher prunes (a
// pruningDisjunction) under searchPruned.
type anyOf struct{ *query.DisjunctionQuery }

func (q anyOf) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	if !canPrune(ctx, options, q.Min, len(q.Disjuncts)) {
		return q.DisjunctionQuery.Searcher(ctx, i, m, options)
	}
	// As query.DisjunctionQuery builds it.
	var kids []blevesearch.Searcher
	var boosts []float64
	for _, d := range q.Disjuncts {
		s, err := d.Searcher(ctx, i, m, options)
		if err != nil {
			for _, k := range kids {
				_ = k.Close()
			}
			return nil, err
		}
		if s == nil {
			continue
		}
		boost := math.NaN()
		if t, ok := d.(*query.TermQuery); ok {
			if _, ok := s.(*searcher.TermSearcher); ok {
				boost = t.BoostVal.Value()
			}
		}
		kids = append(kids, s)
		boosts = append(boosts, boost)
	}
	if len(kids) == 0 {
		return searcher.NewMatchNoneSearcher(i)
	}
	return newPruningDisjunction(kids, boosts, q.Min, options), nil
}

// canPrune: a disjunction of n clauses with that minimum is built as a
// pruningDisjunction, which scores as bleve's slice searcher does.
func canPrune(ctx context.Context, options blevesearch.SearcherOptions, min float64, n int) bool {
	if _, ok := ctx.Value(pruneKey).(*pruneState); !ok {
		return false
	}
	if b, _ := ctx.Value(blevesearch.IncludeScoreBreakdownKey).(bool); b {
		return false
	}
	return options.Score != "none" && !options.Explain && !options.IncludeTermVectors &&
		min <= 1 && n <= searcher.DisjunctionHeapTakeover
}

// pruningDisjunction is bleve's disjunction slice searcher (the same
// clause order, scores and hits) that skips the hits of its
// non-essential clauses alone (see the top of this file).
type pruningDisjunction struct {
	kids   []blevesearch.Searcher // by count, as bleve orders them
	boosts []float64              // a term searcher's boost; NaN: not a term
	currs  []*blevesearch.DocumentMatch
	min    int
	qnorm  float64
	scorer *scorer.DisjunctionQueryScorer

	st     *pruneState
	offset float64
	bounds []float64
	// byBound are the clauses by bound, least first; the first lazy are
	// not essential: their currs may lag behind, moved up when a hit of
	// the others needs them. cut[p] is the most a hit of the first p
	// alone can score.
	byBound []int
	cut     []float64
	lazy    int

	matching    []*blevesearch.DocumentMatch
	matchIdx    []int
	initialized bool
}

func newPruningDisjunction(kids []blevesearch.Searcher, boosts []float64, min float64, options blevesearch.SearcherOptions) *pruningDisjunction {
	// Bleve's slice searcher sorts its searchers by count; the scores
	// are summed in that order.
	order := make([]int, len(kids))
	for i := range order {
		order[i] = i
	}
	sorted := make(searcher.OrderedSearcherList, len(kids))
	copy(sorted, kids)
	sort.Sort(sorted)
	s := &pruningDisjunction{
		kids:     sorted,
		boosts:   make([]float64, len(kids)),
		currs:    make([]*blevesearch.DocumentMatch, len(kids)),
		min:      int(min),
		scorer:   scorer.NewDisjunctionQueryScorer(options),
		matching: make([]*blevesearch.DocumentMatch, 0, len(kids)),
		matchIdx: make([]int, 0, len(kids)),
	}
	for i, k := range sorted {
		for j, orig := range kids {
			if orig == k {
				s.boosts[i] = boosts[j]
				break
			}
		}
	}
	var sum float64
	for _, k := range s.kids {
		sum += k.Weight()
	}
	s.SetQueryNorm(1 / math.Sqrt(sum))
	return s
}

func (s *pruningDisjunction) kidBound(i int) float64 {
	b := s.boosts[i]
	switch {
	case math.IsNaN(b): // not a term searcher
		return boundOf(s.kids[i])
	case b == 0:
		return 0
	case b < 0:
		return math.Inf(1)
	}
	return boundFactor * s.kids[i].Weight() / b * s.qnorm
}

func (s *pruningDisjunction) maxScore() float64 {
	var sum float64
	for i := range s.kids {
		sum += s.kidBound(i)
	}
	return sum
}

func (s *pruningDisjunction) setFloor(st *pruneState, offset float64) {
	n := len(s.kids)
	s.st, s.offset = st, offset
	s.bounds = make([]float64, n)
	s.byBound = make([]int, n)
	for i := range s.kids {
		s.bounds[i] = s.kidBound(i)
		s.byBound[i] = i
	}
	sort.SliceStable(s.byBound, func(a, b int) bool { return s.bounds[s.byBound[a]] < s.bounds[s.byBound[b]] })
	s.cut = make([]float64, n+1)
	var sum float64
	for p := 1; p <= n; p++ {
		sum += s.bounds[s.byBound[p-1]]
		s.cut[p] = float64(p) / float64(n) * sum
	}
	for i, k := range s.kids {
		var others float64
		for j := range s.kids {
			if j != i {
				others += s.bounds[j]
			}
		}
		setFloor(k, st, offset+others)
	}
}

// updateLazy moves clauses out of the essential ones as the floor rises;
// true: none is left, no later hit can score above the floor.
func (s *pruningDisjunction) updateLazy() bool {
	if s.st == nil || s.min > 1 {
		return false
	}
	floor := s.st.theta - s.offset
	for s.lazy < len(s.kids) && s.cut[s.lazy+1] <= floor {
		s.lazy++
	}
	return s.lazy == len(s.kids)
}

func (s *pruningDisjunction) init(ctx *blevesearch.SearchContext) error {
	s.initialized = true
	for i, k := range s.kids {
		m, err := k.Next(ctx)
		if err != nil {
			return err
		}
		s.currs[i] = m
	}
	return nil
}

func (s *pruningDisjunction) Next(ctx *blevesearch.SearchContext) (*blevesearch.DocumentMatch, error) {
	if !s.initialized {
		if err := s.init(ctx); err != nil {
			return nil, err
		}
	}
	if s.updateLazy() {
		return nil, nil
	}
	var cand *blevesearch.DocumentMatch
	for _, i := range s.byBound[s.lazy:] {
		if c := s.currs[i]; c != nil && (cand == nil || c.IndexInternalID.Compare(cand.IndexInternalID) < 0) {
			cand = c
		}
	}
	if cand == nil {
		return nil, nil
	}
	id := cand.IndexInternalID
	for _, i := range s.byBound[:s.lazy] {
		if c := s.currs[i]; c != nil && c.IndexInternalID.Compare(id) < 0 {
			ctx.DocumentMatchPool.Put(c)
			m, err := s.kids[i].Advance(ctx, id)
			if err != nil {
				return nil, err
			}
			s.currs[i] = m
		}
	}
	s.matching, s.matchIdx = s.matching[:0], s.matchIdx[:0]
	for i, c := range s.currs {
		if c != nil && c.IndexInternalID.Equals(id) {
			s.matching = append(s.matching, c)
			s.matchIdx = append(s.matchIdx, i)
		}
	}
	var rv *blevesearch.DocumentMatch
	if len(s.matching) >= s.min {
		rv = s.scorer.Score(ctx, s.matching, len(s.matching), len(s.kids))
	}
	for _, i := range s.matchIdx {
		if s.currs[i] != rv {
			ctx.DocumentMatchPool.Put(s.currs[i])
		}
		m, err := s.kids[i].Next(ctx)
		if err != nil {
			return nil, err
		}
		s.currs[i] = m
	}
	if rv == nil {
		return s.Next(ctx)
	}
	return rv, nil
}

func (s *pruningDisjunction) Advance(ctx *blevesearch.SearchContext, id index.IndexInternalID) (*blevesearch.DocumentMatch, error) {
	if !s.initialized {
		if err := s.init(ctx); err != nil {
			return nil, err
		}
	}
	s.updateLazy()
	for _, i := range s.byBound[s.lazy:] {
		c := s.currs[i]
		if c == nil || c.IndexInternalID.Compare(id) >= 0 {
			continue
		}
		ctx.DocumentMatchPool.Put(c)
		m, err := s.kids[i].Advance(ctx, id)
		if err != nil {
			return nil, err
		}
		s.currs[i] = m
	}
	return s.Next(ctx)
}

func (s *pruningDisjunction) Weight() float64 {
	var sum float64
	for _, k := range s.kids {
		sum += k.Weight()
	}
	return sum
}

func (s *pruningDisjunction) SetQueryNorm(n float64) {
	s.qnorm = n
	for _, k := range s.kids {
		k.SetQueryNorm(n)
	}
}

func (s *pruningDisjunction) Count() uint64 {
	var sum uint64
	for _, k := range s.kids {
		sum += k.Count()
	}
	return sum
}

func (s *pruningDisjunction) Min() int { return s.min }

func (s *pruningDisjunction) Size() int {
	n := 64 + 24*len(s.kids)
	for _, k := range s.kids {
		n += k.Size()
	}
	return n
}

func (s *pruningDisjunction) DocumentMatchPoolSize() int {
	n := len(s.currs)
	for _, k := range s.kids {
		n += k.DocumentMatchPoolSize()
	}
	return n
}

func (s *pruningDisjunction) Close() error {
	var err error
	for _, k := range s.kids {
		if cerr := k.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// conjunctionNode is allOf's searcher under searchPruned: bleve's
// conjunction, with its clauses known for their bounds and floors.
type conjunctionNode struct {
	*staysDone
	kids []blevesearch.Searcher
}

func (s *conjunctionNode) maxScore() float64 {
	var sum float64
	for _, k := range s.kids {
		sum += boundOf(k)
	}
	return sum
}

func (s *conjunctionNode) setFloor(st *pruneState, offset float64) {
	for i, k := range s.kids {
		var others float64
		for j, o := range s.kids {
			if j != i {
				others += boundOf(o)
			}
		}
		setFloor(k, st, offset+others)
	}
}

// pruningSearcher is what query.ConjunctionQuery.Searcher builds, as a
// conjunctionNode.
func (q allOf) pruningSearcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	var kids []blevesearch.Searcher
	for _, c := range q.Conjuncts {
		s, err := c.Searcher(ctx, i, m, options)
		if err != nil {
			for _, k := range kids {
				_ = k.Close()
			}
			return nil, err
		}
		kids = append(kids, s)
	}
	if len(kids) == 0 {
		return searcher.NewMatchNoneSearcher(i)
	}
	c, err := searcher.NewConjunctionSearcher(ctx, i, kids, options)
	if err != nil {
		return nil, err
	}
	return &conjunctionNode{staysDone: &staysDone{Searcher: c}, kids: kids}, nil
}

func (s *filteredSearcher) maxScore() float64 { return boundOf(s.Searcher) }
func (s *filteredSearcher) setFloor(st *pruneState, offset float64) {
	setFloor(s.Searcher, st, offset)
}

func (s *latestSearcher) maxScore() float64 { return boundOf(s.Searcher) }
func (s *latestSearcher) setFloor(st *pruneState, offset float64) {
	setFloor(s.Searcher, st, offset)
}

func (s *bitmapSearcher) maxScore() float64                   { return 0 }
func (s *bitmapSearcher) setFloor(*pruneState, float64)       {}
func (s *termFilteredSearcher) setFloor(*pruneState, float64) {}
func (s *termFilteredSearcher) maxScore() float64 {
	switch {
	case s.boost == 0:
		return 0
	case s.boost < 0 || s.qnorm == 0:
		return math.Inf(1)
	}
	return boundFactor * s.scorer.Weight() / s.boost * s.qnorm
}
