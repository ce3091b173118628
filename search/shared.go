package search

import (
	"context"
	"math"
	"sort"

	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// Terms read by several clauses of one query share their reader: the
// language branches of `market prices` each read `market` in bodies and
// titles (four branches, eight readers of two posting lists), and zap's
// reader decodes every posting it passes, whatever it is advanced to. A
// shared reader decodes each posting once, and every clause's searcher
// (bleve's term searcher, the same scores) reads through its own cursor
// what it answered. Under searchPruned the branches are advanced in the
// order of the walk (see allSearcher), so the cursors ask for versions in
// about the same order; a cursor that asks behind what was read is
// answered by the reader started over (scorch restarts a reader advanced
// backwards), with the same postings.

// termKey is a term of a field.
type termKey struct{ field, term string }

// sharedTermsOf are the terms of q's term queries that more than one of
// them read, as the keys of an empty map of their shared postings (nil:
// none).
func sharedTermsOf(q query.Query) map[termKey]*sharedPostings {
	uses := map[termKey]int{}
	var walk func(q query.Query)
	walk = func(q query.Query) {
		switch q := q.(type) {
		case *query.TermQuery:
			uses[termKey{q.FieldVal, q.Term}]++
		case *query.DisjunctionQuery:
			for _, k := range q.Disjuncts {
				walk(k)
			}
		case anyOf:
			walk(q.DisjunctionQuery)
		case allOf:
			for _, k := range q.Conjuncts {
				walk(k)
			}
		case filtered:
			walk(q.q)
		case latestOnly:
			walk(q.q)
		}
	}
	walk(q)
	var shared map[termKey]*sharedPostings
	for k, n := range uses {
		if n > 1 && k.field != "" {
			if shared == nil {
				shared = map[termKey]*sharedPostings{}
			}
			shared[k] = nil
		}
	}
	return shared
}

// sharedTermSearcher is bleve's term searcher for q, reading through a
// cursor of the search's shared postings of its term; false: q's term is
// not shared.
func (st *pruneState) sharedTermSearcher(ctx context.Context, q *query.TermQuery, i index.IndexReader, options blevesearch.SearcherOptions) (blevesearch.Searcher, bool, error) {
	k := termKey{q.FieldVal, q.Term}
	p, shared := st.shared[k]
	if !shared || options.Score == "none" || options.IncludeTermVectors {
		return nil, false, nil
	}
	if p == nil {
		open := func() (index.TermFieldReader, error) {
			return i.TermFieldReader(ctx, []byte(q.Term), q.FieldVal, true, true, false)
		}
		r, err := open()
		if err != nil {
			return nil, true, err
		}
		p = &sharedPostings{open: open, r: r, end: math.MaxUint64, term: q.Term, field: q.FieldVal}
		st.shared[k] = p
	}
	c := &termCursor{p: p}
	p.cursors = append(p.cursors, c)
	s, err := searcher.NewTermSearcher(ctx, cursorIndex{IndexReader: i, cursor: c}, q.Term, q.FieldVal, q.BoostVal.Value(), options)
	return s, true, err
}

// close closes the shared readers and lets go of the snapshots held for
// the count (see pruneState.count).
func (st *pruneState) close() {
	for _, p := range st.shared {
		if p != nil {
			_ = p.r.Close()
		}
	}
	for _, r := range st.roots {
		_ = r.snap.DecRef()
	}
	st.roots = nil
}

// sharedPostings are a term's postings as its reader answered them.
type sharedPostings struct {
	term, field string
	open        func() (index.TermFieldReader, error) // a new reader of the term
	r           index.TermFieldReader
	seen        []seenPosting // by number
	end         uint64        // no posting is numbered end or more
	ranOut      bool          // r has answered none
	tfd         index.TermFieldDoc
	at          index.IndexInternalID // what r is advanced to (not tfd.ID: r keeps that as its place)
	cursors     []*termCursor         // the readers of the answers
}

// seenPosting is the reader's answer when advanced to from: the first
// posting numbered from or more.
type seenPosting struct {
	from, id uint64
	freq     uint64
	norm     float64
}

// first is the first posting numbered v or more; false: none.
func (p *sharedPostings) first(v uint64) (seenPosting, bool, error) {
	i := sort.Search(len(p.seen), func(i int) bool { return p.seen[i].id >= v })
	if i < len(p.seen) && p.seen[i].from <= v {
		return p.seen[i], true, nil
	}
	if v >= p.end {
		return seenPosting{}, false, nil
	}
	if p.ranOut {
		// r has run out, and scorch's reader, advanced again behind its
		// last posting, would not start over: a new one.
		r, err := p.open()
		if err != nil {
			return seenPosting{}, false, err
		}
		_ = p.r.Close()
		p.r, p.tfd, p.ranOut = r, index.TermFieldDoc{}, false
	}
	p.at = index.NewIndexInternalID(p.at, v)
	d, err := p.r.Advance(p.at, &p.tfd)
	if err != nil {
		return seenPosting{}, false, err
	}
	if d == nil {
		p.end, p.ranOut = min(p.end, v), true
		return seenPosting{}, false, nil
	}
	sp := seenPosting{from: v, id: d.ID.Value(), freq: d.Freq, norm: d.Norm}
	if len(p.seen) == cap(p.seen) && p.forget() {
		i = sort.Search(len(p.seen), func(i int) bool { return p.seen[i].id >= v })
	}
	switch {
	case i < len(p.seen) && p.seen[i].id == sp.id:
		p.seen[i].from = v
	case i == len(p.seen):
		p.seen = append(p.seen, sp)
	default:
		p.seen = append(p.seen, seenPosting{})
		copy(p.seen[i+1:], p.seen[i:])
		p.seen[i] = sp
	}
	return sp, true, nil
}

// forget drops the answers before every cursor's place, which a cursor
// reading forward never asks for again (one sent back behind them is
// answered by the reader started over), rather than letting the answers
// grow with the walk: they were a tenth of what a conjunction since 2020
// allocated (`technology companies`, 1 MB a search). true: some dropped.
func (p *sharedPostings) forget() bool {
	low := uint64(math.MaxUint64)
	for _, c := range p.cursors {
		low = min(low, c.next)
	}
	k := sort.Search(len(p.seen), func(i int) bool { return p.seen[i].id >= low })
	if k == 0 {
		return false
	}
	p.seen = append(p.seen[:0], p.seen[k:]...)
	return true
}

// termCursor is one term searcher's reader of shared postings.
type termCursor struct {
	p    *sharedPostings
	next uint64 // the first number not yet read (MaxUint64: read to the end)
}

func (c *termCursor) Next(pre *index.TermFieldDoc) (*index.TermFieldDoc, error) {
	return c.Advance(index.NewIndexInternalID(nil, c.next), pre)
}

func (c *termCursor) Advance(id index.IndexInternalID, pre *index.TermFieldDoc) (*index.TermFieldDoc, error) {
	sp, ok, err := c.p.first(id.Value())
	if err != nil {
		return nil, err
	}
	if !ok {
		c.next = math.MaxUint64
		return nil, nil
	}
	if pre == nil {
		pre = &index.TermFieldDoc{}
	}
	pre.ID = index.NewIndexInternalID(pre.ID, sp.id)
	pre.Freq, pre.Norm = sp.freq, sp.norm
	c.next = sp.id + 1
	return pre, nil
}

func (c *termCursor) Count() uint64 { return c.p.r.Count() }
func (c *termCursor) Close() error  { return nil } // the search closes the shared reader
func (c *termCursor) Size() int     { return 32 }

// cursorIndex is the index reader a term searcher is built on, whose term
// reader is the cursor.
type cursorIndex struct {
	index.IndexReader
	cursor *termCursor
}

func (c cursorIndex) TermFieldReader(context.Context, []byte, string, bool, bool, bool) (index.TermFieldReader, error) {
	return c.cursor, nil
}

// FieldCardinality is the index's, for BM25 (0 where it has none, as
// bleve's term searcher takes it then).
func (c cursorIndex) FieldCardinality(field string) (int, error) {
	if r, ok := c.IndexReader.(index.BM25Reader); ok {
		return r.FieldCardinality(field)
	}
	return 0, nil
}
