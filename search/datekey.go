package search

import (
	"bytes"
	"context"
	"encoding/binary"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/numeric"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Newest first sorts on the date key (fDateKey). bleve reads a hit's key
// from the field's doc values: chunks of 1,024 versions, snappy-compressed,
// each decompressed whole for the first hit in it (30 µs at 100k). A query
// whose hits are sparse (a window of the newest dates, a query of a few
// hundred hits) decompressed a chunk for nearly every hit: a fifth of
// `data privacy law` newest first. The same key can be made from the hit's
// stored date (its own small snappy block, about 1 µs); dateKeySort reads
// that, and a chunk's doc values where the hits are dense enough for one
// decompression to cost less than the stored reads it saves.

// denseGap: a hit this close to the previous one (in version numbers)
// reads its chunk's doc values, and the chunk's later hits with it. Hits
// that close are about 1024/denseGap to a chunk, which is where one
// decompression costs what their stored reads would. A dense query (a
// phrase of thousands of hits newest first) then pays about one stored
// read per chunk more than bleve did; a chunk decided by a 16-hit count
// instead cost `"new york"` newest first 6.4 -> 8.2 ms.
const denseGap = 32

// dvChunk is zap's chunk of doc values (its legacy chunk mode, which doc
// values keep): only dateKeySort's choice depends on it, not its keys.
const dvChunk = 1024

// withStoredDates returns sr sorting by dateKeySort where it sorts by the
// date key as newestFirst does (a copy; sr unchanged), and that sort.
func withStoredDates(sr *bleve.SearchRequest) (*bleve.SearchRequest, *dateKeySort) {
	if len(sr.Sort) == 0 {
		return sr, nil
	}
	f, ok := sr.Sort[0].(*blevesearch.SortField)
	if !ok || f.Field != fDateKey || f.Type != blevesearch.SortFieldAsString ||
		f.Mode != blevesearch.SortFieldDefault || f.Missing != blevesearch.SortFieldMissingLast {
		return sr, nil
	}
	s := &dateKeySort{tap: &readerTap{}, desc: f.Desc, missingLast: true}
	out := *sr
	out.Sort = append(blevesearch.SortOrder{s}, sr.Sort[1:]...)
	out.Query = tapped{q: sr.Query, tap: s.tap}
	return &out, s
}

// readerTap holds the index reader a search runs on, which its sort reads
// hits from (a hit's number is only meaningful in it).
type readerTap struct{ r index.IndexReader }

// tapped is q, whose searcher hands the search's reader to tap.
type tapped struct {
	q   query.Query
	tap *readerTap
}

func (t tapped) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	t.tap.r = i
	return t.q.Searcher(ctx, i, m, options)
}

// dateKeySort is bleve's SortField on fDateKey (as a string, missing
// last) with the same values, read from each hit's stored date where its
// chunk of doc values has had few hits (see above).
type dateKeySort struct {
	tap               *readerTap
	desc, missingLast bool

	snap    *scorch.IndexSnapshot // tap's reader, if scorch's
	offsets []uint64              // the snapshot's segments' first numbers
	dv      index.DocValueReader
	visit   index.DocValueVisitor // dv's visitor, into term
	term    []byte
	// The last hit read (a global number), and the chunk whose doc values
	// dv holds.
	last            uint64
	seg, chunk      uint64
	started, loaded bool
	err             error
}

// RequiresFields: none, so that bleve reads no doc values itself.
func (s *dateKeySort) RequiresFields() []string     { return nil }
func (s *dateKeySort) UpdateVisitor(string, []byte) {}
func (s *dateKeySort) DecodeValue(v string) string  { return v }
func (s *dateKeySort) Descending() bool             { return s.desc }
func (s *dateKeySort) RequiresDocID() bool          { return false }
func (s *dateKeySort) RequiresScoring() bool        { return false }

func (s *dateKeySort) Reverse() {
	s.desc, s.missingLast = !s.desc, !s.missingLast
}

func (s *dateKeySort) Copy() blevesearch.SearchSort {
	return &dateKeySort{tap: s.tap, desc: s.desc, missingLast: s.missingLast}
}

// Value is the hit's date key, or the term that sorts it last (first)
// without one, as SortField gives them.
func (s *dateKeySort) Value(d *blevesearch.DocumentMatch) string {
	key, ok := s.key(d.IndexInternalID)
	if ok {
		return key
	}
	if s.missingLast == s.desc {
		return blevesearch.LowTerm
	}
	return blevesearch.HighTerm
}

func (s *dateKeySort) key(id index.IndexInternalID) (string, bool) {
	if s.err != nil || s.tap.r == nil {
		return "", false
	}
	if s.snap == nil && s.dv == nil {
		if snap, ok := s.tap.r.(*scorch.IndexSnapshot); ok {
			s.snap = snap
			var next uint64
			for _, ss := range snap.Segments() {
				s.offsets = append(s.offsets, next)
				next += ss.Segment().Count()
			}
		}
	}
	if s.snap != nil && len(id) == 8 {
		n := binary.BigEndian.Uint64(id)
		seg := uint64(sort.Search(len(s.offsets), func(i int) bool { return s.offsets[i] > n }) - 1)
		local := n - s.offsets[seg]
		chunk := local / dvChunk
		inLoaded := s.loaded && seg == s.seg && chunk == s.chunk
		dense := s.started && n > s.last && n-s.last < denseGap
		s.started, s.last = true, n
		if !inLoaded && !dense {
			return s.stored(s.snap.Segments()[seg].Segment(), local)
		}
		s.loaded, s.seg, s.chunk = true, seg, chunk
	}
	return s.docValue(id)
}

// stored reads the key from the version's stored date: the date field
// is stored exactly where bleve indexes it, and the key is made from it
// as at indexing (dateKey).
func (s *dateKeySort) stored(seg segment.Segment, local uint64) (string, bool) {
	var nanos int64
	found := false
	err := seg.VisitStoredFields(local, func(field string, _ byte, v []byte, _ []uint64) bool {
		if field != fDate {
			return true
		}
		// The value is the prefix-coded nanoseconds, then 0xff and the
		// layout (bleve's DateTimeField, without its allocations).
		if i := bytes.IndexByte(v, 0xff); i >= 0 {
			v = v[:i]
		}
		n, err := numeric.PrefixCoded(v).Int64()
		if err == nil {
			nanos, found = n, true
		}
		return false
	})
	if err != nil {
		s.err = err
		return "", false
	}
	if !found {
		return "", false
	}
	return dateKey(time.Unix(0, nanos)), true
}

// docValue reads the key from the field's doc values, as bleve does.
func (s *dateKeySort) docValue(id index.IndexInternalID) (string, bool) {
	if s.dv == nil {
		dv, err := s.tap.r.DocValueReader([]string{fDateKey})
		if err != nil {
			s.err = err
			return "", false
		}
		s.dv = dv
		// One visitor for every hit: a closure made per hit was an
		// allocation per hit of a dense query.
		s.visit = func(field string, term []byte) {
			if field == fDateKey && s.term == nil {
				s.term = term
			}
		}
	}
	s.term = nil
	if err := s.dv.VisitDocValues(id, s.visit); err != nil {
		s.err = err
		return "", false
	}
	return string(s.term), s.term != nil
}
