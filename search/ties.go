package search

import (
	"container/heap"
	"context"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	index "github.com/blevesearch/bleve_index_api"
)

// topByScore collects the best k hits of a search by score, equal scores
// in the order of their versions' ids (the URL, then the version), as
// newestFirst orders equal dates and scores. Bleve's collector puts equal
// scores in the order it reads the hits in, the segments' order, which a
// background merge rearranges: an analyst paging through results while a
// crawl writes could see a hit on two pages, or on none. An id is a
// stored-field read, so it is read only for a hit whose score ties with
// one it is compared with (sorting by id read every hit's).
type topByScore struct {
	k      int
	hits   []*blevesearch.DocumentMatch // a heap, the least first
	floor  float64                      // the k-th best score so far (-Inf until there are k)
	reader index.IndexReader
	err    error // reading an id
}

func newTopByScore(k int) *topByScore {
	return &topByScore{k: k, floor: math.Inf(-1)}
}

// searchByScore runs sr, sorted by score, with ties in id order.
func searchByScore(ctx context.Context, b bleve.Index, sr *bleve.SearchRequest) (*bleve.SearchResult, error) {
	if k := sr.From + sr.Size; k > 0 && byScoreAlone(sr) {
		ctx = newTopByScore(k).install(ctx)
	}
	return searchSafe(ctx, b, sr)
}

// byScoreAlone: sr is sorted by score, best first, and nothing else.
func byScoreAlone(sr *bleve.SearchRequest) bool {
	if len(sr.Sort) != 1 {
		return false
	}
	s, ok := sr.Sort[0].(*blevesearch.SortScore)
	return ok && s.Desc
}

// install makes t the collector's handler of the searches run in ctx.
func (t *topByScore) install(ctx context.Context) context.Context {
	return context.WithValue(ctx, blevesearch.MakeDocumentMatchHandlerKey, blevesearch.MakeDocumentMatchHandler(t.handler))
}

// handler keeps the best k hits itself and, at the end, gives them to
// bleve's top-n handler in their order (numbered so, as bleve orders
// equal scores by number).
func (t *topByScore) handler(sctx *blevesearch.SearchContext) (blevesearch.DocumentMatchHandler, bool, error) {
	store, loadID, err := collector.MakeTopNDocumentMatchHandler(sctx)
	if err != nil || store == nil {
		return store, loadID, err
	}
	t.reader = sctx.IndexReader
	return func(d *blevesearch.DocumentMatch) error {
		if d == nil {
			slices.SortFunc(t.hits, func(a, b *blevesearch.DocumentMatch) int {
				switch {
				case t.less(b, a):
					return -1
				case t.less(a, b):
					return 1
				}
				return 0
			})
			for i, h := range t.hits {
				h.HitNumber = uint64(i)
				if err := store(h); err != nil {
					return err
				}
			}
			t.hits = nil
			return store(nil)
		}
		switch {
		case len(t.hits) < t.k:
			heap.Push(t, d)
		case t.less(t.hits[0], d):
			sctx.DocumentMatchPool.Put(t.hits[0])
			t.hits[0] = d
			heap.Fix(t, 0)
		default:
			sctx.DocumentMatchPool.Put(d)
		}
		if len(t.hits) == t.k {
			t.floor = t.hits[0].Score
		}
		return t.err
	}, loadID, nil
}

// less: a ranks below b.
func (t *topByScore) less(a, b *blevesearch.DocumentMatch) bool {
	if a.Score != b.Score {
		return a.Score < b.Score
	}
	return t.id(a) > t.id(b)
}

func (t *topByScore) id(d *blevesearch.DocumentMatch) string {
	if d.ID == "" && t.err == nil {
		d.ID, t.err = t.reader.ExternalID(d.IndexInternalID)
	}
	return d.ID
}

func (t *topByScore) Len() int           { return len(t.hits) }
func (t *topByScore) Less(i, j int) bool { return t.less(t.hits[i], t.hits[j]) }
func (t *topByScore) Swap(i, j int)      { t.hits[i], t.hits[j] = t.hits[j], t.hits[i] }
func (t *topByScore) Push(x any)         { t.hits = append(t.hits, x.(*blevesearch.DocumentMatch)) }
func (t *topByScore) Pop() any {
	x := t.hits[len(t.hits)-1]
	t.hits = t.hits[:len(t.hits)-1]
	return x
}
