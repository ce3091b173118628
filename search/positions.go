package search

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/scorer"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// positionsSearcher is the phrase searcher for phrases of one term per
// position (no alternatives): it reads each term's posting list with
// frequencies, norms and positions once, through term field readers,
// checks each version that has every term on its positions, and scores
// only those, with the scorers bleve's term searchers and conjunction use
// (the same scores, summed in the same order). Bleve's term searchers
// scored every version with all the terms and copied each one's positions
// into a document match, twice (the conjunction merges them), before the
// phrase was checked: "in the" has 2,787 such versions for 1,351 matches,
// with dozens of each word.
type positionsSearcher struct {
	terms []*phraseTerm // by offset from the first word; nil: a gap
	order []*phraseTerm // the terms as bleve's conjunction orders them (by count)
	// pairs are the phrase's common word pairs (fPairs), each version
	// with the phrase has them all; exact: the phrase is its one pair, so
	// a version with it and its terms holds the phrase (no positions read).
	pairs []*phraseTerm
	exact bool
	// matched, where the phrase was read whole (readPhrase), are its
	// versions in each segment of snap, and read what its terms score
	// them with: the searcher goes through them with no reader (exact is
	// set: they are the phrase's versions).
	matched []*roaring.Bitmap
	read    []*segmentMatches
	offsets []uint64 // snap's segments' first global numbers
	snap    *scorch.IndexSnapshot
	seg     int // in read, the segment of the next match
	at      int // in read[seg], the next match
	id      index.IndexInternalID
	field   string
	boost   float64
	qnorm   float64       // as set on the scorers
	steps   []*phraseTerm // the pairs, then order: what candidate advances
	// filter, under a filter (filtered), is its versions: a candidate
	// outside it is skipped before any term's positions are read.
	filter *versionCursor
	conj   *scorer.ConjunctionQueryScorer
	next   uint64 // the first version not yet looked at
	done   bool
	pos    []uint64 // the first term's positions in a candidate
	ms     []*blevesearch.DocumentMatch
	tfd    index.TermFieldDoc // a term's match without its positions, to score
}

type phraseTerm struct {
	term           string
	r              index.TermFieldReader
	scorer         *scorer.TermQueryScorer
	doc            *index.TermFieldDoc
	at             uint64                // doc's number, if started and not ended
	target         index.IndexInternalID // what r was last advanced to (reused)
	started, ended bool
	k              int // among the phrase's terms (no gaps), for read
}

// newPositionsSearcher builds it for the phrase's terms (nil or "" at a
// gap) and the common word pairs the index holds wherever the phrase is
// (phrasePairs; nil: none), or returns nil when bleve's would not score
// as it does here.
func newPositionsSearcher(ctx context.Context, i index.IndexReader, slots [][]string, pairs []string, field string, boost float64, whole bool, options blevesearch.SearcherOptions) (*positionsSearcher, error) {
	if options.Explain || options.Score == "none" {
		return nil, nil
	}
	for _, at := range slots {
		if len(at) > 1 {
			return nil, nil
		}
	}
	for len(slots) > 0 && (len(slots[0]) == 0 || slots[0][0] == "") {
		slots = slots[1:] // bleve ignores leading gaps
	}
	if len(slots) == 0 {
		return nil, nil
	}
	count, avgDocLength, err := termStats(ctx, i, field)
	if err != nil {
		return nil, err
	}
	s := &positionsSearcher{conj: scorer.NewConjunctionQueryScorer(options), field: field, boost: boost}
	if f, ok := ctx.Value(filterKey{}).(filterVersions); ok {
		s.filter = &versionCursor{bms: f.bitmaps, offsets: f.offsets}
	}
	s.exact = len(pairs) == 1 && len(slots) == 2 && len(slots[1]) == 1 && slots[1][0] != "" &&
		pairs[0] == slots[0][0]+" "+slots[1][0]
	if snap, ok := i.(*scorch.IndexSnapshot); ok && whole && readWhole && !s.exact {
		var within []*roaring.Bitmap
		if s.filter != nil {
			within = s.filter.bms
		}
		key := phraseKey(field, slots, pairs)
		reads, _ := ctx.Value(phraseReadsKey{}).(*phraseReads)
		_, counting := ctx.Value(countingKey{}).(bool)
		read, from := reads.find(key, snap, within, counting)
		if read == nil {
			var ok bool
			var err error
			if read, ok, err = readPhrase(snap, field, slots, pairs, within); err != nil {
				return nil, err
			} else if ok {
				from = snap
				reads.add(key, snap, within, read)
			}
		}
		if read != nil {
			s.read, s.snap, s.exact, s.offsets = read, from, true, segmentOffsets(snap)
			for _, r := range read {
				s.matched = append(s.matched, r.versions)
			}
		}
	}
	scoreOptions := options
	scoreOptions.IncludeTermVectors = false
	for _, at := range slots {
		if len(at) == 0 || at[0] == "" {
			s.terms = append(s.terms, nil)
			continue
		}
		if err := blevesearch.RecordTermSearcher(ctx); err != nil {
			s.Close()
			return nil, err
		}
		r, err := i.TermFieldReader(ctx, []byte(at[0]), field, true, true, !s.exact)
		if err != nil {
			s.Close()
			return nil, err
		}
		t := &phraseTerm{term: at[0], r: r, doc: &index.TermFieldDoc{}, k: len(s.order),
			scorer: scorer.NewTermQueryScorer([]byte(at[0]), field, boost, count, r.Count(), avgDocLength, scoreOptions)}
		s.terms = append(s.terms, t)
		s.order = append(s.order, t)
	}
	// bleve's conjunction sorts its searchers by count (sort.Sort: the
	// same permutation for the same counts), then sums in that order.
	sort.Sort(byCount(s.order))
	for _, p := range pairs {
		r, err := i.TermFieldReader(ctx, []byte(p), fPairs, false, false, false)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.pairs = append(s.pairs, &phraseTerm{term: p, r: r, doc: &index.TermFieldDoc{}})
	}
	// The pairs first (the fewest versions); they are sought there too,
	// where scorch did not intersect the lists.
	s.steps = append(slices.Clip(s.pairs), s.order...)
	// And has scorch intersect the readers' posting lists, so that each
	// steps over the versions without every term (as bleve's
	// optimizeCompositeSearcher does for a conjunction of terms).
	if len(s.order) > 1 {
		var octx index.OptimizableContext
		// The pairs after the terms: scorch skips a segment where either
		// of the first two has no bitmap (a pair absent there).
		for _, t := range append(slices.Clip(s.order), s.pairs...) {
			o, ok := t.r.(index.Optimizable)
			if !ok {
				octx = nil
				break
			}
			var err error
			if octx, err = o.Optimize("conjunction", octx); err != nil {
				s.Close()
				return nil, err
			}
			if octx == nil {
				break
			}
		}
		if octx != nil {
			if _, err := octx.Finish(); err != nil {
				s.Close()
				return nil, err
			}
		}
	}
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	return s, nil
}

// termStats are the statistics a term searcher in field scores with
// (bleve's newTermSearcherFromReader): the document count and, for BM25,
// the field's average length.
func termStats(ctx context.Context, i index.IndexReader, field string) (count uint64, avgDocLength float64, err error) {
	model := ""
	if f, ok := ctx.Value(blevesearch.GetScoringModelCallbackKey).(blevesearch.GetScoringModelCallbackFn); ok {
		model = f()
	}
	switch model {
	case index.BM25Scoring:
		var card int
		if st, ok := ctx.Value(blevesearch.BM25StatsKey).(*blevesearch.BM25Stats); ok {
			count = uint64(st.DocCount)
			if card, ok = st.FieldCardinality[field]; !ok {
				return 0, 0, fmt.Errorf("field stat for bm25 not present %s", field)
			}
		} else {
			var err error
			if count, err = i.DocCount(); err != nil {
				return 0, 0, err
			}
			if r, ok := i.(index.BM25Reader); ok {
				if card, err = r.FieldCardinality(field); err != nil {
					return 0, 0, err
				}
			}
		}
		if count != 0 || card != 0 {
			avgDocLength = math.Ceil(float64(card) / float64(count))
		}
	default:
		var err error
		if count, err = i.DocCount(); err != nil {
			return 0, 0, err
		}
	}
	return count, avgDocLength, nil
}

type byCount []*phraseTerm

func (b byCount) Len() int           { return len(b) }
func (b byCount) Less(i, j int) bool { return b[i].r.Count() < b[j].r.Count() }
func (b byCount) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

// seek moves the term's reader to its first version numbered v or more.
func (t *phraseTerm) seek(v uint64) error {
	if t.ended || (t.started && t.at >= v) {
		return nil
	}
	var d *index.TermFieldDoc
	var err error
	if !t.started || t.at+1 < v {
		t.target = index.NewIndexInternalID(t.target, v)
		d, err = t.r.Advance(t.target, t.doc)
	} else {
		d, err = t.r.Next(t.doc)
	}
	t.started = true
	if err != nil {
		return err
	}
	if d == nil {
		t.ended = true
		return nil
	}
	t.doc, t.at = d, d.ID.Value()
	return nil
}

// candidate finds the first version numbered from s.next on with every
// term; false: none.
func (s *positionsSearcher) candidate() (uint64, bool, error) {
	target := s.next
	for {
		if s.filter != nil {
			var in bool
			if target, in = s.filter.first(target); !in {
				return 0, false, nil
			}
		}
		agreed := true
		for _, t := range s.steps {
			if err := t.seek(target); err != nil {
				return 0, false, err
			}
			if t.ended {
				return 0, false, nil
			}
			if t.at > target {
				target, agreed = t.at, false
			}
		}
		if agreed {
			return target, true, nil
		}
	}
}

// matches reports whether the candidate holds the phrase: a position p of
// the first term with each later term at p+offset, in the same value of
// the field.
func (s *positionsSearcher) matches() bool {
	if s.exact {
		return true
	}
	first := s.terms[0].doc.Vectors
	for _, t := range s.terms {
		if t == nil {
			continue
		}
		for _, tv := range t.doc.Vectors {
			if len(tv.ArrayPositions) > 0 {
				return s.matchesWithArrays()
			}
		}
	}
	s.pos = s.pos[:0]
	for _, tv := range first {
		s.pos = append(s.pos, tv.Pos)
	}
	for _, p := range s.pos {
		ok := true
		for j := 1; j < len(s.terms) && ok; j++ {
			t := s.terms[j]
			if t == nil {
				continue
			}
			ok = slices.ContainsFunc(t.doc.Vectors, func(tv *index.TermFieldVector) bool { return tv.Pos == p+uint64(j) })
		}
		if ok {
			return true
		}
	}
	return false
}

// matchesWithArrays is matches for a field with several values: the
// phrase's words must be in the same one.
func (s *positionsSearcher) matchesWithArrays() bool {
	for _, a := range s.terms[0].doc.Vectors {
		ok := true
		for j := 1; j < len(s.terms) && ok; j++ {
			t := s.terms[j]
			if t == nil {
				continue
			}
			ok = slices.ContainsFunc(t.doc.Vectors, func(tv *index.TermFieldVector) bool {
				return tv.Pos == a.Pos+uint64(j) && slices.Equal(tv.ArrayPositions, a.ArrayPositions)
			})
		}
		if ok {
			return true
		}
	}
	return false
}

// score is the candidate's document match, scored as bleve's conjunction
// of term searchers scores it.
func (s *positionsSearcher) score(ctx *blevesearch.SearchContext) *blevesearch.DocumentMatch {
	s.ms = s.ms[:0]
	for _, t := range s.order {
		s.tfd = index.TermFieldDoc{Term: t.doc.Term, ID: t.doc.ID, Freq: t.doc.Freq, Norm: t.doc.Norm}
		s.ms = append(s.ms, t.scorer.Score(ctx, &s.tfd))
	}
	rv := s.conj.Score(ctx, s.ms)
	for _, m := range s.ms[1:] {
		ctx.DocumentMatchPool.Put(m)
	}
	return rv
}

func (s *positionsSearcher) Next(ctx *blevesearch.SearchContext) (*blevesearch.DocumentMatch, error) {
	if s.read != nil {
		return s.nextRead(ctx), nil
	}
	for !s.done {
		v, ok, err := s.candidate()
		if err != nil {
			return nil, err
		}
		if !ok {
			s.done = true
			break
		}
		s.next = v + 1
		if s.matches() {
			return s.score(ctx), nil
		}
	}
	return nil, nil
}

// Advance moves to the first match numbered id or more, never back to one
// already passed.
func (s *positionsSearcher) Advance(ctx *blevesearch.SearchContext, id index.IndexInternalID) (*blevesearch.DocumentMatch, error) {
	s.next = max(s.next, id.Value())
	return s.Next(ctx)
}

// nextRead is Next where the phrase was read whole: its first match
// numbered s.next or more, scored from what readPhrase read (nil: none).
func (s *positionsSearcher) nextRead(ctx *blevesearch.SearchContext) *blevesearch.DocumentMatch {
	for ; s.seg < len(s.read); s.seg, s.at = s.seg+1, 0 {
		r, off := s.read[s.seg], s.offsets[s.seg]
		if s.next > off {
			if s.next-off > math.MaxUint32 {
				continue
			}
			local := uint32(s.next - off)
			if s.at < len(r.docs) && r.docs[s.at] < local {
				s.at += sort.Search(len(r.docs)-s.at, func(k int) bool { return r.docs[s.at+k] >= local })
			}
		}
		if s.at == len(r.docs) {
			continue
		}
		v := off + uint64(r.docs[s.at])
		s.id = index.NewIndexInternalID(s.id, v)
		s.ms = s.ms[:0]
		for _, t := range s.order {
			s.tfd = index.TermFieldDoc{Term: t.doc.Term, ID: s.id, Freq: r.freq[t.k][s.at], Norm: r.norm[t.k][s.at]}
			s.ms = append(s.ms, t.scorer.Score(ctx, &s.tfd))
		}
		rv := s.conj.Score(ctx, s.ms)
		for _, m := range s.ms[1:] {
			ctx.DocumentMatchPool.Put(m)
		}
		s.at++
		s.next = v + 1
		return rv
	}
	return nil
}

// Weight is the sum of the terms' weights in the conjunction's order.
func (s *positionsSearcher) Weight() float64 {
	var w float64
	for _, t := range s.order {
		w += t.scorer.Weight()
	}
	return w
}

func (s *positionsSearcher) SetQueryNorm(n float64) {
	s.qnorm = n
	for _, t := range s.order {
		t.scorer.SetQueryNorm(n)
	}
}

func (s *positionsSearcher) Count() uint64 {
	var n uint64
	for _, t := range s.order {
		n += t.r.Count()
	}
	return n
}

func (s *positionsSearcher) Min() int                   { return 0 }
func (s *positionsSearcher) Size() int                  { return 0 }
func (s *positionsSearcher) DocumentMatchPoolSize() int { return len(s.order) + 1 }

func (s *positionsSearcher) Close() error {
	var err error
	for _, t := range append(slices.Clip(s.order), s.pairs...) {
		if cerr := t.r.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// readWhole is off only in tests, to compare with the phrases checked
// candidate by candidate as they are walked.
var readWhole = true

// phraseReads are the phrases one search has read whole (readPhrase), so
// that its count, which builds the query's searchers again where the
// pruned walk could not count it (countMatches), reads none twice. The
// count reads a phrase without its filters (countingKey), and meets it
// with them after: a read within them counts the same.
type phraseReads struct {
	mu    sync.Mutex
	reads []phraseRead
}

type phraseRead struct {
	key    string
	snap   *scorch.IndexSnapshot
	within []*roaring.Bitmap // the filter's versions it was read in (nil: all)
	read   []*segmentMatches
}

// countingKey marks a context whose searchers count (phraseMatches).
type countingKey struct{}

type phraseReadsKey struct{}

// withPhraseReads is ctx with a new store of phrase reads, for one search.
func withPhraseReads(ctx context.Context) context.Context {
	return context.WithValue(ctx, phraseReadsKey{}, &phraseReads{})
}

func phraseKey(field string, slots [][]string, pairs []string) string {
	return fmt.Sprintf("%s\x00%q\x00%q", field, slots, pairs)
}

// find is the read of the phrase key in a snapshot with snap's segments,
// within the same filter's versions (any, counting), and that snapshot
// (nil: none).
func (r *phraseReads) find(key string, snap *scorch.IndexSnapshot, within []*roaring.Bitmap, counting bool) ([]*segmentMatches, *scorch.IndexSnapshot) {
	if r == nil {
		return nil, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, pr := range r.reads {
		if pr.key == key && sameSegments(pr.snap, snap) && (counting || sameBitmaps(pr.within, within)) {
			return pr.read, pr.snap
		}
	}
	return nil, nil
}

// sameBitmaps reports whether a and b are the same slice.
func sameBitmaps(a, b []*roaring.Bitmap) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

func (r *phraseReads) add(key string, snap *scorch.IndexSnapshot, within []*roaring.Bitmap, read []*segmentMatches) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reads = append(r.reads, phraseRead{key, snap, within, read})
}

// segmentOffsets are the first global version numbers of snap's segments.
func segmentOffsets(snap *scorch.IndexSnapshot) []uint64 {
	var offsets []uint64
	var next uint64
	for _, ss := range snap.Segments() {
		offsets = append(offsets, next)
		next += ss.Segment().Count()
	}
	return offsets
}

// readPhrase reads, per segment of snap, the versions with the phrase
// (slots: its terms by offset, nil or "" at a gap; the first not a gap)
// in field, but for the deleted ones: the versions with every term and
// pair (and in within, per segment, where it is given), each checked on
// its terms' positions, and each term's frequency and norm in them. A
// phrase of frequent words has thousands of such candidates; read through
// the searcher, each term of each was then read again by bleve's reader
// for its score, and a pruned search could not count the phrase's hits
// from bitmaps (no tree of bounds: each was scored). false: some version
// holds the field more than once (positions with array positions), which
// this does not check.
func readPhrase(snap *scorch.IndexSnapshot, field string, slots [][]string, pairs []string, within []*roaring.Bitmap) ([]*segmentMatches, bool, error) {
	var terms []*slotReader
	for off, at := range slots {
		if len(at) > 0 && at[0] != "" {
			terms = append(terms, &slotReader{term: []byte(at[0]), off: uint64(off)})
		}
	}
	out := make([]*segmentMatches, 0, len(snap.Segments()))
	for k, ss := range snap.Segments() {
		var in *roaring.Bitmap
		if within != nil {
			in = within[k]
		}
		m := &segmentMatches{versions: roaring.New(), freq: make([][]uint64, len(terms)), norm: make([][]float64, len(terms))}
		ok, err := m.read(ss.Segment(), ss.Deleted(), field, terms, pairs, in)
		if err != nil || !ok {
			return nil, ok, err
		}
		out = append(out, m)
	}
	return out, true, nil
}

// segmentMatches are a phrase's matches in a segment: their numbers in
// it, and by term (the phrase's, without gaps) its frequency and norm in
// each.
type segmentMatches struct {
	versions *roaring.Bitmap
	docs     []uint32
	freq     [][]uint64
	norm     [][]float64
}

// slotReader is a phrase term's reader in one segment.
type slotReader struct {
	term  []byte
	off   uint64 // from the phrase's first word
	count uint64
	it    segment.PostingsIterator
	p     segment.Posting // at the version being checked
	pos   []uint64
}

func (m *segmentMatches) read(seg segment.Segment, deleted *roaring.Bitmap, field string, terms []*slotReader, pairs []string, within *roaring.Bitmap) (bool, error) {
	d, err := seg.Dictionary(field)
	if err != nil {
		return false, err
	}
	bms := make([]*roaring.Bitmap, 0, len(terms)+len(pairs)+1)
	for _, t := range terms {
		pl, err := d.PostingsList(t.term, deleted, nil)
		if err != nil {
			return false, err
		}
		if pl == nil || pl.Count() == 0 {
			return true, nil
		}
		t.count = pl.Count()
		t.it = pl.Iterator(true, true, true, t.it)
		o, ok := t.it.(segment.OptimizablePostingsIterator)
		if !ok {
			return false, nil
		}
		if n, one := o.DocNum1Hit(); one {
			bms = append(bms, roaring.BitmapOf(uint32(n)))
		} else if bm := o.ActualBitmap(); bm != nil {
			bms = append(bms, bm)
		} else {
			return true, nil
		}
	}
	for _, p := range pairs {
		bm, ok := termBitmap(seg, fPairs, p)
		if !ok {
			return false, nil
		}
		bms = append(bms, bm)
	}
	if within != nil {
		bms = append(bms, within)
	}
	candidates := roaring.FastAnd(bms...)
	// The terms read fewest first: a version without the phrase is
	// mostly told by its rarer words' positions, and the others' are not
	// read then.
	order := slices.Clone(terms)
	slices.SortStableFunc(order, func(a, b *slotReader) int { return cmp.Compare(a.count, b.count) })
	var starts, next []uint64
	it := candidates.Iterator()
	for it.HasNext() {
		v := it.Next()
		starts = starts[:0]
		for j, t := range order {
			p, err := t.it.Advance(uint64(v))
			if err != nil {
				return false, err
			}
			if p == nil || p.Number() != uint64(v) {
				return false, fmt.Errorf("search: phrase term %q: version %d not in its postings", t.term, v)
			}
			t.p = p
			t.pos = t.pos[:0]
			for _, l := range p.Locations() {
				if len(l.ArrayPositions()) > 0 {
					return false, nil
				}
				if at := l.Pos(); at >= t.off {
					t.pos = append(t.pos, at-t.off)
				}
			}
			if !slices.IsSorted(t.pos) {
				slices.Sort(t.pos)
			}
			if j == 0 {
				starts = append(starts, t.pos...)
			} else {
				next = intersectSorted(next[:0], starts, t.pos)
				starts, next = next, starts
			}
			if len(starts) == 0 {
				break
			}
		}
		if len(starts) == 0 {
			continue
		}
		m.versions.Add(v)
		m.docs = append(m.docs, v)
		for k, t := range terms {
			m.freq[k] = append(m.freq[k], t.p.Frequency())
			m.norm[k] = append(m.norm[k], t.p.Norm())
		}
	}
	return true, nil
}

// intersectSorted appends to dst the values in both a and b, sorted.
func intersectSorted(dst, a, b []uint64) []uint64 {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			dst = append(dst, a[i])
			i++
			j++
		}
	}
	return dst
}
