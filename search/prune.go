package search

import (
	"context"
	"errors"
	"math"
	"slices"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Pruning while scoring for a top k by relevance (MaxScore): a query over
// tens of thousands of hits scored every one of them for a page of ten.
//
// Each term's score has a bound: BM25 gives idf·k1·tf/(tf + k1·…) < k1·idf
// before the query weight (tf-idf: tf·norm ≤ 1), so a term searcher
// built with boost b scores below factor·Weight()/b·queryNorm. A
// disjunction scores the sum of its matching clauses times matched/all,
// a conjunction the sum, so the query's searchers give a tree of bounds
// over its terms (the leaves). Once the collector holds k hits, the k-th
// score θ is the floor: a later hit must reach it (equal scores go by
// id, see topByScore). The terms of least bound whose versions, matched
// by them alone, cannot reach θ by the tree are left out (not
// essential); the search walks only the versions of the other terms (a
// union of their posting lists' bitmaps) and advances the query's
// searchers to each, so the left-out terms' lists are skipped over and
// read only where a walked version has them. Every hit is found and
// scored by the query's own searchers (the same scores, the same order),
// and the total comes from the posting lists' bitmaps (pruneState.count,
// else countMatches): a query that cannot be counted so, or has a part
// without a bound, is not pruned.

// pruning is off only in tests, to compare with the answers unpruned.
var pruning = true

// boundFactor is what a term's score is at most, over the query weight
// times its idf, with a margin for rounding.
var boundFactor = max(1, blevesearch.BM25_k1) * (1 + 1e-9)

// termBound bounds the scores of a term scorer of weight w (its
// Weight()) built with boost, under query norm qnorm (0: none set, the
// weight is 1).
func termBound(w, boost, qnorm float64) float64 {
	switch {
	case boost == 0:
		return 0
	case boost < 0 || qnorm == 0 || math.IsNaN(boost):
		return math.Inf(1)
	}
	return boundFactor * w / boost * qnorm
}

// boundNode is a node of a query's tree of bounds.
type boundNode struct {
	all  bool // a conjunction; else a disjunction (or a leaf)
	kids []*boundNode
	leaf *boundLeaf
	// matched, if set, is given what the node can match once the walk
	// has read it (see matching).
	matched func(*versionCursor)
	latest  bool // its query matches only the latest versions of these
}

// boundLeaf is a term (or a phrase) of the tree: its bound and the
// versions it can match, per segment (a superset will do).
type boundLeaf struct {
	bound   float64
	bitmaps func(snap *scorch.IndexSnapshot) ([]*roaring.Bitmap, bool)
	count   uint64 // about how many versions it matches (its posting lists')
	lazy    bool   // not essential
	bms     []*roaring.Bitmap
	// superset: its versions are more than its searcher matches (a phrase
	// not checked by its pair, a term cut to a filter).
	superset bool
}

// bounded is a searcher that knows its tree of bounds (nil: it has none).
type bounded interface {
	boundTree() *boundNode
}

func boundTreeOf(s blevesearch.Searcher) *boundNode {
	if b, ok := s.(bounded); ok {
		return b.boundTree()
	}
	return nil
}

// termLeaf is the leaf of a term of field with that bound.
func termLeaf(field, term string, bound float64, count uint64) *boundNode {
	return &boundNode{leaf: &boundLeaf{bound: bound, count: count, bitmaps: func(snap *scorch.IndexSnapshot) ([]*roaring.Bitmap, bool) {
		var bms []*roaring.Bitmap
		for _, ss := range snap.Segments() {
			bm, ok := termBitmap(ss.Segment(), field, term)
			if !ok {
				return nil, false
			}
			bms = append(bms, bm)
		}
		return bms, true
	}}}
}

// lazyBound is the most a version matched only by lazy leaves can score
// (-Inf: none can match).
func (n *boundNode) lazyBound() float64 {
	if n.leaf != nil {
		if n.leaf.lazy {
			return n.leaf.bound
		}
		return math.Inf(-1)
	}
	var sum float64
	matched := 0
	for _, k := range n.kids {
		b := k.lazyBound()
		if math.IsInf(b, -1) {
			if n.all {
				return b
			}
			continue
		}
		sum += b
		matched++
	}
	if matched == 0 {
		return math.Inf(-1)
	}
	if n.all {
		return sum
	}
	return float64(matched) / float64(len(n.kids)) * sum
}

// guided: a conjunction under n follows what it can match (matched).
func (n *boundNode) guided() bool {
	return n.matched != nil || slices.ContainsFunc(n.kids, (*boundNode).guided)
}

func (n *boundNode) leaves(out []*boundLeaf) []*boundLeaf {
	if n.leaf != nil {
		return append(out, n.leaf)
	}
	for _, k := range n.kids {
		out = k.leaves(out)
	}
	return out
}

// pruneState is what a pruned search shares with its searchers: the
// floor (top's k-th best score so far).
type pruneState struct {
	shared  map[termKey]*sharedPostings // terms several clauses read (sharedTermsOf)
	skipped bool                        // some hits may not have been collected
	top     *topByScore
	guide   bool                // the conjunctions follow their matches from the start (see guided)
	roots   []*maxScoreSearcher // the query's, as built
}

type pruneKeyType struct{}

var pruneKey pruneKeyType

func newPruneState(k int) *pruneState {
	return &pruneState{top: newTopByScore(k)}
}

// searchPruned runs sr, sorted by score, pruning to the page's hits; where
// it skipped any, the total is counted from bitmaps. ok false: sr is not
// sorted by score alone.
func (ix *Index) searchPruned(ctx context.Context, sr *bleve.SearchRequest) (res *bleve.SearchResult, ok bool, err error) {
	if !pruning || !byScoreAlone(sr) || sr.Explain || sr.Size <= 0 {
		return nil, false, nil
	}
	st := newPruneState(sr.From + sr.Size)
	st.shared = sharedTermsOf(sr.Query)
	defer st.close()
	pctx := st.top.install(context.WithValue(ctx, pruneKey, st))
	psr := *sr
	psr.Query = pruneRoot{prunable(sr.Query)}
	res, err = searchSafe(pctx, ix.bleve, &psr)
	if err != nil || !st.skipped {
		return res, true, err
	}
	total, counted := st.count()
	if !counted {
		total, counted = ix.countMatches(ctx, sr.Query)
	}
	if !counted {
		// Not met by the queries whose searchers have bounds (see
		// positionsSearcher.boundTree); the answer without pruning.
		return nil, false, nil
	}
	res.Total = total
	return res, true, nil
}

// guided is a search of q in ctx, sorted otherwise than by score, with
// q's searchers built as under searchPruned: each conjunction goes
// straight to its next match, read from the posting lists at the start,
// and terms several clauses read are read once. Nothing sets a floor, so
// nothing is pruned: the hits and scores are q's. Newest first over a
// window of dates advanced each language branch's conjunction to every
// version of the window, where it leapfrogged its words' lists to its
// next match. done closes the shared readers after the search.
func guided(ctx context.Context, q query.Query) (gctx context.Context, gq query.Query, done func()) {
	st := &pruneState{top: newTopByScore(0), guide: true, shared: sharedTermsOf(q)}
	return context.WithValue(ctx, pruneKey, st), pruneRoot{prunable(q)}, st.close
}

// prunable is q with its disjunctions as anyOf, through the query types
// whose searchers know their bounds.
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

// pruneRoot builds its query's searcher as a maxScoreSearcher, where its
// tree of bounds is known.
type pruneRoot struct{ q query.Query }

func (q pruneRoot) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	s, err := q.q.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	st, ok := ctx.Value(pruneKey).(*pruneState)
	snap, isScorch := i.(*scorch.IndexSnapshot)
	if !ok || !isScorch {
		return s, nil
	}
	// The bounds need the final query norms: only now.
	tree := boundTreeOf(s)
	if tree == nil {
		return s, nil
	}
	leaves := tree.leaves(nil)
	for _, l := range leaves {
		if math.IsInf(l.bound, 1) || math.IsNaN(l.bound) {
			return s, nil
		}
	}
	sort.SliceStable(leaves, func(a, b int) bool { return leaves[a].bound < leaves[b].bound })
	ms := &maxScoreSearcher{Searcher: s, st: st, snap: snap, tree: tree, leaves: leaves, theta: math.Inf(-1)}
	// Held for the count, after bleve has closed it (a merge may remove
	// its segments).
	snap.AddRef()
	st.roots = append(st.roots, ms)
	var next uint64
	for _, ss := range snap.Segments() {
		ms.offsets = append(ms.offsets, next)
		next += ss.Segment().Count()
	}
	if (len(st.shared) > 0 || st.guide) && tree.guided() {
		// Terms are shared (or the search is guided): the conjunctions
		// follow what they can match from the first hit on, so that
		// they are advanced in order.
		var ok bool
		if ms.matches, ok = ms.matching(tree); !ok {
			ms.failed = true
		}
	}
	return ms, nil
}

// maxScoreSearcher is the query's searcher, walked through the versions
// of its essential leaves once the floor leaves any out.
type maxScoreSearcher struct {
	blevesearch.Searcher
	st      *pruneState
	snap    *scorch.IndexSnapshot
	tree    *boundNode
	leaves  []*boundLeaf // by bound, least first; the first lazy are not essential
	lazy    int
	theta   float64 // the floor the leaves were last chosen for
	offsets []uint64

	// The essential leaves' versions, per segment, once some are lazy.
	walk    *versionCursor    // nil: step through the query's hits
	matches []*roaring.Bitmap // what the tree can match (matching), once read
	next    uint64            // the first version not yet looked at
	failed  bool              // the bitmaps could not be read: no pruning
}

// choose makes lazy the leaves whose versions alone score below the
// floor θ; true: the walk changed.
func (s *maxScoreSearcher) choose() bool {
	s.theta = s.st.top.floor
	changed := false
	for s.lazy < len(s.leaves) {
		l := s.leaves[s.lazy]
		l.lazy = true
		if s.tree.lazyBound() >= s.theta { // a hit at the floor may rank above it by id
			l.lazy = false
			break
		}
		s.lazy++
		changed = true
	}
	return changed
}

// rewalk reads the union of the essential leaves' versions, and walks it
// where it is less than half of what the query's searchers step through
// (their count: its leaves' lists, with repeats), else advancing them to
// each costs more than stepping.
func (s *maxScoreSearcher) rewalk() {
	s.walk = nil
	all := s.Searcher.Count()
	essential := s.leaves[s.lazy:]
	for _, l := range essential {
		if l.count*2 > all {
			return // the union is no smaller
		}
	}
	walk, ok := s.union(essential)
	if ok && s.matches == nil {
		s.matches, ok = s.matching(s.tree)
	}
	if !ok {
		s.failed = true
		return
	}
	for i := range walk {
		walk[i].And(s.matches[i])
	}
	if cardinality(walk)*2 <= all {
		s.walk = &versionCursor{bms: walk, offsets: s.offsets}
	}
}

// union is the versions of leaves, per segment.
func (s *maxScoreSearcher) union(leaves []*boundLeaf) ([]*roaring.Bitmap, bool) {
	out := make([]*roaring.Bitmap, len(s.offsets))
	for k := range s.offsets {
		var bms []*roaring.Bitmap
		for _, l := range leaves {
			if l.bms == nil {
				var ok bool
				if l.bms, ok = l.bitmaps(s.snap); !ok {
					return nil, false
				}
			}
			bms = append(bms, l.bms[k])
		}
		out[k] = union(bms...)
	}
	return out, true
}

// matching is, per segment, the versions that the tree under n can
// match (a superset where a phrase is in it): its leaves' versions, met
// in its conjunctions and joined in its disjunctions.
func (s *maxScoreSearcher) matching(n *boundNode) ([]*roaring.Bitmap, bool) {
	if n.leaf != nil {
		if n.leaf.bms == nil {
			var ok bool
			if n.leaf.bms, ok = n.leaf.bitmaps(s.snap); !ok {
				return nil, false
			}
		}
		return n.leaf.bms, true
	}
	out := make([]*roaring.Bitmap, len(s.offsets))
	kids := make([][]*roaring.Bitmap, len(n.kids))
	for j, k := range n.kids {
		var ok bool
		if kids[j], ok = s.matching(k); !ok {
			return nil, false
		}
	}
	for i := range out {
		bms := make([]*roaring.Bitmap, len(kids))
		for j := range kids {
			bms[j] = kids[j][i]
		}
		if n.all {
			out[i] = roaring.FastAnd(bms...)
		} else {
			out[i] = union(bms...)
		}
	}
	if n.matched != nil {
		n.matched(&versionCursor{bms: out, offsets: s.offsets})
	}
	return out, true
}

// count is the total of the pruned search's query, from the versions its
// walk read (matching): counted apart (countMatches), each language
// branch's conjunction was met again, a fifth of what `technology
// companies` since 2020 allocated. false: its tree's versions are not
// the query's (a superset leaf, a latestOnly under a disjunction), or the
// query was built more than once.
func (st *pruneState) count() (uint64, bool) {
	if len(st.roots) != 1 {
		return 0, false
	}
	s := st.roots[0]
	latest, exact := s.tree.exact(true)
	if !exact || s.failed {
		return 0, false
	}
	if s.matches == nil {
		var ok bool
		if s.matches, ok = s.matching(s.tree); !ok {
			return 0, false
		}
	}
	var n uint64
	for k, ss := range s.snap.Segments() {
		bm := s.matches[k]
		if latest {
			old, ok := termBitmap(ss.Segment(), fLatest, supersededTerm)
			if !ok {
				return 0, false
			}
			bm = roaring.AndNot(bm, old)
		}
		n += bm.GetCardinality()
		if del := ss.Deleted(); del != nil && !del.IsEmpty() {
			n -= bm.AndCardinality(del)
		}
	}
	return n, true
}

// exact reports whether what the tree under n can match (matching) is
// what its query matches, but for the superseded versions where latest;
// top: only conjunctions above n, where leaving out the superseded
// versions of n's matches leaves them out of the root's.
func (n *boundNode) exact(top bool) (latest, ok bool) {
	if n.latest {
		if !top {
			return false, false
		}
		latest = true
	}
	if n.leaf != nil {
		return latest, !n.leaf.superset
	}
	for _, k := range n.kids {
		l, ok := k.exact(top && n.all)
		if !ok {
			return false, false
		}
		latest = latest || l
	}
	return latest, true
}

func cardinality(bms []*roaring.Bitmap) uint64 {
	var n uint64
	for _, bm := range bms {
		n += bm.GetCardinality()
	}
	return n
}

// versionCursor finds the first of a set of versions (bitmaps of
// segment-local numbers, by segment) at or after a version; it reads
// forward, as searchers are advanced.
type versionCursor struct {
	bms     []*roaring.Bitmap
	offsets []uint64 // the segments' first global numbers
	seg     int
	it      roaring.IntPeekable
	at      uint64 // the version last asked for
}

// first is the first version of the set numbered v or more; false: none.
func (c *versionCursor) first(v uint64) (uint64, bool) {
	if v < c.at {
		c.seg, c.it = 0, nil // back: read again
	}
	c.at = v
	for ; c.seg < len(c.bms); c.seg, c.it = c.seg+1, nil {
		end := uint64(math.MaxUint64)
		if c.seg+1 < len(c.offsets) {
			end = c.offsets[c.seg+1]
		}
		if v >= end {
			continue
		}
		if c.it == nil {
			c.it = c.bms[c.seg].Iterator()
		}
		if v > c.offsets[c.seg] {
			c.it.AdvanceIfNeeded(uint32(v - c.offsets[c.seg]))
		}
		if c.it.HasNext() {
			return c.offsets[c.seg] + uint64(c.it.PeekNext()), true
		}
	}
	return 0, false
}

func (s *maxScoreSearcher) Next(ctx *blevesearch.SearchContext) (*blevesearch.DocumentMatch, error) {
	if s.st.top.floor > s.theta && !s.failed && s.choose() {
		s.rewalk()
	}
	var m *blevesearch.DocumentMatch
	var err error
	if s.lazy == len(s.leaves) {
		s.st.skipped = true
		return nil, nil // nothing can reach the floor
	}
	if s.walk == nil || s.failed {
		m, err = s.Searcher.Next(ctx)
	} else {
		s.st.skipped = true
		c, ok := s.walk.first(s.next)
		if !ok {
			return nil, nil
		}
		m, err = s.Searcher.Advance(ctx, index.NewIndexInternalID(nil, c))
	}
	if m != nil {
		s.next = m.IndexInternalID.Value() + 1
	}
	return m, err
}

func (s *maxScoreSearcher) Advance(ctx *blevesearch.SearchContext, id index.IndexInternalID) (*blevesearch.DocumentMatch, error) {
	m, err := s.Searcher.Advance(ctx, id)
	if m != nil {
		s.next = m.IndexInternalID.Value() + 1
	}
	return m, err
}

// anyOf is bleve's disjunction query, whose searcher knows its bounds (an
// anySearcher) under searchPruned.
type anyOf struct{ *query.DisjunctionQuery }

func (q anyOf) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	if !canPrune(ctx, options, q.Min, len(q.Disjuncts)) {
		return q.DisjunctionQuery.Searcher(ctx, i, m, options)
	}
	// As query.DisjunctionQuery builds it.
	kids, qs, err := clauseSearchers(ctx, q.Disjuncts, i, m, options)
	if err != nil {
		return nil, err
	}
	terms := make([]*query.TermQuery, len(kids))
	for k, s := range kids {
		if _, ok := s.(*searcher.TermSearcher); ok {
			terms[k], _ = qs[k].(*query.TermQuery)
		}
	}
	if len(kids) == 0 {
		return searcher.NewMatchNoneSearcher(i)
	}
	return newAnySearcher(kids, terms, q.Min, options), nil
}

// clauseSearchers builds the searchers of qs (leaving out nil ones), with
// the queries they are of; on an error it closes those it built.
func clauseSearchers(ctx context.Context, qs []query.Query, i index.IndexReader, m mapping.IndexMapping, options blevesearch.SearcherOptions) ([]blevesearch.Searcher, []query.Query, error) {
	var kids []blevesearch.Searcher
	var of []query.Query
	st, _ := ctx.Value(pruneKey).(*pruneState)
	for _, q := range qs {
		var s blevesearch.Searcher
		var err error
		shared := false
		if tq, ok := q.(*query.TermQuery); ok && st != nil {
			s, shared, err = st.sharedTermSearcher(ctx, tq, i, options)
		}
		if !shared {
			s, err = q.Searcher(ctx, i, m, options)
		}
		if err != nil {
			for _, k := range kids {
				_ = k.Close()
			}
			return nil, nil, err
		}
		if s != nil {
			kids, of = append(kids, s), append(of, q)
		}
	}
	return kids, of, nil
}

// canPrune: under searchPruned, a disjunction of n clauses with that
// minimum is built as an anySearcher, which scores as bleve's slice
// searcher does.
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

// anySearcher is bleve's disjunction slice searcher (the same clause
// order, scores and hits) that knows its clauses for their bounds.
type anySearcher struct {
	kids  []blevesearch.Searcher // by count, as bleve orders them
	terms []*query.TermQuery     // the term query of a term searcher; nil: not one
	currs []*blevesearch.DocumentMatch
	min   int
	qnorm float64
	score *scorer.DisjunctionQueryScorer

	matching    []*blevesearch.DocumentMatch
	matchIdx    []int
	first       index.IndexInternalID
	initialized bool
}

func newAnySearcher(kids []blevesearch.Searcher, terms []*query.TermQuery, min float64, options blevesearch.SearcherOptions) *anySearcher {
	// Bleve's slice searcher sorts its searchers by count (sort.Sort:
	// the same permutation for the same counts) and sums in that order.
	sorted := make(searcher.OrderedSearcherList, len(kids))
	copy(sorted, kids)
	sort.Sort(sorted)
	s := &anySearcher{
		kids:     sorted,
		terms:    make([]*query.TermQuery, len(kids)),
		currs:    make([]*blevesearch.DocumentMatch, len(kids)),
		min:      int(min),
		score:    scorer.NewDisjunctionQueryScorer(options),
		matching: make([]*blevesearch.DocumentMatch, 0, len(kids)),
		matchIdx: make([]int, 0, len(kids)),
	}
	for i, k := range sorted {
		for j, orig := range kids {
			if orig == k {
				s.terms[i] = terms[j]
				break
			}
		}
		if a, ok := k.(*allSearcher); ok {
			a.lazy = true
		}
	}
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	return s
}

func (s *anySearcher) boundTree() *boundNode {
	n := &boundNode{}
	for i, k := range s.kids {
		var kid *boundNode
		if t := s.terms[i]; t != nil {
			kid = termLeaf(t.FieldVal, t.Term, termBound(k.Weight(), t.BoostVal.Value(), s.qnorm), k.Count())
		} else if kid = boundTreeOf(k); kid == nil {
			return nil
		}
		n.kids = append(n.kids, kid)
	}
	return n
}

func (s *anySearcher) init(ctx *blevesearch.SearchContext) error {
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

func (s *anySearcher) Next(ctx *blevesearch.SearchContext) (*blevesearch.DocumentMatch, error) {
	if !s.initialized {
		if err := s.init(ctx); err != nil {
			return nil, err
		}
	}
	for {
		var first index.IndexInternalID
		for _, c := range s.currs {
			if c != nil && (first == nil || c.IndexInternalID.Compare(first) < 0) {
				first = c.IndexInternalID
			}
		}
		if first == nil {
			return nil, nil
		}
		// Its own copy: a placeholder realized goes back to the pool.
		s.first = append(s.first[:0], first...)
		first = s.first
		moved := false
		for i, c := range s.currs {
			a, ok := s.kids[i].(*allSearcher)
			if !ok || !a.pending(c) || !c.IndexInternalID.Equals(first) {
				continue
			}
			m, err := a.realize(ctx, c)
			if err != nil {
				return nil, err
			}
			s.currs[i] = m
			moved = moved || m == nil || !m.IndexInternalID.Equals(first)
		}
		if moved {
			continue // it matched past its placeholder: look again
		}
		s.matching, s.matchIdx = s.matching[:0], s.matchIdx[:0]
		for i, c := range s.currs {
			if c != nil && c.IndexInternalID.Equals(first) {
				s.matching = append(s.matching, c)
				s.matchIdx = append(s.matchIdx, i)
			}
		}
		var rv *blevesearch.DocumentMatch
		if len(s.matching) >= s.min {
			rv = s.score.Score(ctx, s.matching, len(s.matching), len(s.kids))
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
		if rv != nil {
			return rv, nil
		}
	}
}

// Advance moves the clauses behind id to it; an exhausted one stays so
// (searchers move forward only).
func (s *anySearcher) Advance(ctx *blevesearch.SearchContext, id index.IndexInternalID) (*blevesearch.DocumentMatch, error) {
	if !s.initialized {
		if err := s.init(ctx); err != nil {
			return nil, err
		}
	}
	for i, c := range s.currs {
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

func (s *anySearcher) Weight() float64 {
	var sum float64
	for _, k := range s.kids {
		sum += k.Weight()
	}
	return sum
}

func (s *anySearcher) SetQueryNorm(n float64) {
	s.qnorm = n
	for _, k := range s.kids {
		k.SetQueryNorm(n)
	}
}

func (s *anySearcher) Count() uint64 {
	var sum uint64
	for _, k := range s.kids {
		sum += k.Count()
	}
	return sum
}

func (s *anySearcher) Min() int { return s.min }

func (s *anySearcher) Size() int {
	n := 64 + 24*len(s.kids)
	for _, k := range s.kids {
		n += k.Size()
	}
	return n
}

func (s *anySearcher) DocumentMatchPoolSize() int {
	n := len(s.currs)
	for _, k := range s.kids {
		n += k.DocumentMatchPoolSize()
	}
	return n
}

func (s *anySearcher) Close() error {
	var err error
	for _, k := range s.kids {
		if cerr := k.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// allSearcher is allOf's searcher under searchPruned: bleve's
// conjunction, with its clauses known for their bounds. Once the walk has
// read what it can match, it is advanced straight to its next match: a
// disjunction of language branches advances each branch to every version
// walked, and bleve's conjunction leapfrogged its clauses from there,
// reading every version of its rarer words in between (`market prices`
// since 2020: `market` and `pric`, 239 matches, cost as much as
// `market` and `price`, 2,158).
type allSearcher struct {
	*staysDone
	kids    []blevesearch.Searcher
	matches *versionCursor // nil: not read
	next    uint64         // the first version not yet returned
	// lazy: its parent (an anySearcher) takes a placeholder at the next
	// match, and has it realized when it is the parent's next version;
	// the clauses are advanced there only then, in the walk's order,
	// which lets the branches share their terms' readers (sharedPostings).
	lazy        bool
	placeholder *blevesearch.DocumentMatch // given, not realized
	pendingAt   uint64                     // the placeholder's version
}

func (s *allSearcher) Next(ctx *blevesearch.SearchContext) (*blevesearch.DocumentMatch, error) {
	if s.matches == nil {
		return s.seen(s.staysDone.Next(ctx))
	}
	return s.Advance(ctx, index.NewIndexInternalID(nil, s.next))
}

func (s *allSearcher) Advance(ctx *blevesearch.SearchContext, id index.IndexInternalID) (*blevesearch.DocumentMatch, error) {
	s.placeholder = nil // the parent has let go of it
	if s.matches != nil && !s.done {
		v, ok := s.matches.first(id.Value())
		if !ok {
			s.done = true
			return nil, nil
		}
		if s.lazy {
			m := ctx.DocumentMatchPool.Get()
			m.IndexInternalID = index.NewIndexInternalID(m.IndexInternalID, v)
			s.placeholder, s.pendingAt, s.next = m, v, v+1
			return m, nil
		}
		id = index.NewIndexInternalID(nil, v)
	}
	return s.seen(s.staysDone.Advance(ctx, id))
}

// pending reports whether m is a placeholder it gave.
func (s *allSearcher) pending(m *blevesearch.DocumentMatch) bool {
	return m != nil && m == s.placeholder
}

// realize is the match the placeholder m stands for: the first at or
// after its version (that one, where what it can match is exact).
func (s *allSearcher) realize(ctx *blevesearch.SearchContext, m *blevesearch.DocumentMatch) (*blevesearch.DocumentMatch, error) {
	s.placeholder = nil
	ctx.DocumentMatchPool.Put(m)
	return s.seen(s.staysDone.Advance(ctx, index.NewIndexInternalID(nil, s.pendingAt)))
}

// seen notes m, the match returned.
func (s *allSearcher) seen(m *blevesearch.DocumentMatch, err error) (*blevesearch.DocumentMatch, error) {
	if m != nil {
		s.next = m.IndexInternalID.Value() + 1
	}
	return m, err
}

func (s *allSearcher) DocumentMatchPoolSize() int { return s.staysDone.DocumentMatchPoolSize() + 1 }

func (s *allSearcher) boundTree() *boundNode {
	n := &boundNode{all: true, matched: func(c *versionCursor) { s.matches = c }}
	for _, k := range s.kids {
		kid := boundTreeOf(k)
		if kid == nil {
			return nil
		}
		n.kids = append(n.kids, kid)
	}
	return n
}

// pruningSearcher is what query.ConjunctionQuery.Searcher builds, as an
// allSearcher.
func (q allOf) pruningSearcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	kids, _, err := clauseSearchers(ctx, q.Conjuncts, i, m, options)
	if err != nil {
		return nil, err
	}
	if len(kids) == 0 {
		return searcher.NewMatchNoneSearcher(i)
	}
	c, err := searcher.NewConjunctionSearcher(ctx, i, kids, options)
	if err != nil {
		return nil, err
	}
	return &allSearcher{staysDone: &staysDone{Searcher: c}, kids: kids}, nil
}

// boundTree of a filter: its query's, in a conjunction with the filter's
// versions (a leaf that adds no score), which every hit is in.
func (s *filteredSearcher) boundTree() *boundNode {
	inner := boundTreeOf(s.Searcher)
	if inner == nil {
		return nil
	}
	return &boundNode{all: true, kids: []*boundNode{bitmapsLeaf(s.bitmaps, cardinality(s.bitmaps)), inner}}
}
func (s *latestSearcher) boundTree() *boundNode {
	n := boundTreeOf(s.Searcher)
	if n != nil {
		n.latest = true
	}
	return n
}

// boundTree of the filter's bitmaps: a conjunction clause that adds no
// score and matches what it matches.
func (s *bitmapSearcher) boundTree() *boundNode { return bitmapsLeaf(s.bitmaps, s.count) }

// bitmapsLeaf is a leaf that adds no score and matches the versions of
// bitmaps, count of them.
func bitmapsLeaf(bitmaps []*roaring.Bitmap, count uint64) *boundNode {
	return &boundNode{leaf: &boundLeaf{count: count, bitmaps: func(*scorch.IndexSnapshot) ([]*roaring.Bitmap, bool) { return bitmaps, true }}}
}

func (s *termFilteredSearcher) boundTree() *boundNode {
	n := termLeaf(s.field, s.term, termBound(s.scorer.Weight(), s.boost, s.qnorm), s.count)
	n.leaf.superset = true // the term's whole list, not cut to the filter
	return n
}

// boundTree of a phrase: a leaf, bounded by its terms' sum (bleve's
// conjunction scores it so), that can match where all its terms and
// pairs are; nil where its matches are not cheap to count (see
// phraseMatches).
func (s *positionsSearcher) boundTree() *boundNode {
	if !s.countable() {
		return nil
	}
	var bound float64
	for _, t := range s.order {
		bound += termBound(t.scorer.Weight(), s.boost, s.qnorm)
	}
	count := uint64(math.MaxUint64)
	for _, t := range append(slices.Clip(s.order), s.pairs...) {
		count = min(count, t.r.Count())
	}
	if s.matched != nil {
		count = cardinality(s.matched)
	}
	return &boundNode{leaf: &boundLeaf{bound: bound, count: count, bitmaps: s.versions(), superset: !s.exact}}
}

// versions reads, per segment, the versions with all of the phrase's
// terms and pairs: a superset of its matches, or, where it is exact,
// them (and superseded versions the posting lists still hold).
func (s *positionsSearcher) versions() func(snap *scorch.IndexSnapshot) ([]*roaring.Bitmap, bool) {
	var keys []termKey
	for _, t := range s.order {
		keys = append(keys, termKey{s.field, t.term})
	}
	for _, p := range s.pairs {
		keys = append(keys, termKey{fPairs, p.term})
	}
	return func(snap *scorch.IndexSnapshot) ([]*roaring.Bitmap, bool) {
		if s.matched != nil && sameSegments(snap, s.snap) {
			return s.matched, true
		}
		var out []*roaring.Bitmap
		for _, ss := range snap.Segments() {
			var bms []*roaring.Bitmap
			for _, k := range keys {
				bm, ok := termBitmap(ss.Segment(), k.field, k.term)
				if !ok {
					return nil, false
				}
				bms = append(bms, bm)
			}
			out = append(out, roaring.FastAnd(bms...))
		}
		return out, true
	}
}

// sameSegments reports whether snapshots a and b hold the same segments
// (and so number versions alike).
func sameSegments(a, b *scorch.IndexSnapshot) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || len(a.Segments()) != len(b.Segments()) {
		return false
	}
	for k, ss := range a.Segments() {
		if ss.Segment() != b.Segments()[k].Segment() {
			return false
		}
	}
	return true
}

// countMatches counts the versions q matches, as countByBitmaps, where
// q's phrases are cheap to match (see phraseMatches).
func (ix *Index) countMatches(ctx context.Context, q query.Query) (uint64, bool) {
	snap, ok := snapshot(ix.bleve)
	if !ok {
		return 0, false
	}
	defer snap.Close()
	if n, ok := countIn(snap, q, nil); ok || !hasMultiPhrase(q) {
		return n, ok
	}
	if q, ok = ix.withPhraseMatches(ctx, snap, q); !ok {
		return 0, false
	}
	return countIn(snap, q, nil)
}

func hasMultiPhrase(q query.Query) bool {
	switch q := q.(type) {
	case multiPhrase:
		return true
	case *query.DisjunctionQuery:
		return slices.ContainsFunc(q.Disjuncts, hasMultiPhrase)
	case *query.ConjunctionQuery:
		return slices.ContainsFunc(q.Conjuncts, hasMultiPhrase)
	case allOf:
		return hasMultiPhrase(q.ConjunctionQuery)
	case filtered:
		return hasMultiPhrase(q.q)
	case latestOnly:
		return hasMultiPhrase(q.q)
	}
	return false
}

// phraseMatches are the versions a phrase matches, by segment.
type phraseMatches map[segment.Segment]*roaring.Bitmap

func (phraseMatches) Searcher(context.Context, index.IndexReader, mapping.IndexMapping, blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	return nil, errors.New("search: phrase matches are for counting")
}

// withPhraseMatches is q with each phrase as its matches, read through
// its searcher where that is cheap: a phrase that is its common word
// pair (exact), or one in titles (short lists). false: some other.
func (ix *Index) withPhraseMatches(ctx context.Context, snap *scorch.IndexSnapshot, q query.Query) (query.Query, bool) {
	mapped := func(qs []query.Query) ([]query.Query, bool) {
		out := make([]query.Query, len(qs))
		for i, k := range qs {
			var ok bool
			if out[i], ok = ix.withPhraseMatches(ctx, snap, k); !ok {
				return nil, false
			}
		}
		return out, true
	}
	switch q := q.(type) {
	case multiPhrase:
		return ix.phraseMatches(ctx, snap, q)
	case *query.DisjunctionQuery:
		d := *q
		var ok bool
		d.Disjuncts, ok = mapped(q.Disjuncts)
		return &d, ok
	case *query.ConjunctionQuery:
		c := *q
		var ok bool
		c.Conjuncts, ok = mapped(q.Conjuncts)
		return &c, ok
	case allOf:
		c, ok := ix.withPhraseMatches(ctx, snap, q.ConjunctionQuery)
		return c, ok
	case filtered:
		inner, ok := ix.withPhraseMatches(ctx, snap, q.q)
		return filtered{inner, q.f}, ok
	case latestOnly:
		inner, ok := ix.withPhraseMatches(ctx, snap, q.q)
		return latestOnly{inner}, ok
	}
	return q, true
}

func (ix *Index) phraseMatches(ctx context.Context, snap *scorch.IndexSnapshot, q multiPhrase) (query.Query, bool) {
	s, err := q.Searcher(context.WithValue(ctx, countingKey{}, true), snap, ix.bleve.Mapping(), blevesearch.SearcherOptions{})
	if err != nil {
		return nil, false
	}
	defer s.Close()
	ps, ok := s.(*positionsSearcher)
	if !ok || !ps.countable() {
		return nil, false
	}
	segs := snap.Segments()
	out := phraseMatches{}
	if ps.exact {
		// The versions with its pair and terms, from their posting lists
		// (countIn leaves out the deleted): walking them through the
		// searcher, each read and scored, was half of `"in the"`.
		bms, ok := ps.versions()(snap)
		if !ok {
			return nil, false
		}
		for k, ss := range segs {
			out[ss.Segment()] = bms[k]
		}
		return out, true
	}
	var offsets []uint64
	var next uint64
	for _, ss := range segs {
		offsets = append(offsets, next)
		next += ss.Segment().Count()
		out[ss.Segment()] = roaring.New()
	}
	sctx := &blevesearch.SearchContext{DocumentMatchPool: blevesearch.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0)}
	for {
		m, err := s.Next(sctx)
		if err != nil {
			return nil, false
		}
		if m == nil {
			return out, true
		}
		v := m.IndexInternalID.Value()
		k := sort.Search(len(offsets), func(k int) bool { return offsets[k] > v }) - 1
		out[segs[k].Segment()].Add(uint32(v - offsets[k]))
		sctx.DocumentMatchPool.Put(m)
	}
}

// countable: the phrase's matches are cheap to read for a count, its
// common word pair's list or a title's.
func (s *positionsSearcher) countable() bool { return s.exact || s.field == fTitle }
