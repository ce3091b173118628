package search

import (
	"context"
	"log/slog"
	"math"
	"time"
	"unsafe"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// floorSegment is the merge plan's floor (in versions): a segment smaller
// than this counts as this big when bleve sizes its tiers. bleve's default,
// 2000, is above a rebuild's batch (1000 versions), so a crawl's segment of
// a few dozen versions landed in the rebuild segments' tier and tipped it:
// each crawl into a rebuilt 100k index started a merge of ~6,500 versions
// (45 MB) that it abandoned at exit, a third of its CPU. Below the batch
// size, the crawls' segments make a tier of their own, merged among
// themselves, ~10 at a time (a few hundred versions).
const floorSegment = 500

// mergePlan is bleve's default merge plan with floorSegment.
var mergePlan = func() mergeplan.MergePlanOptions {
	o := mergeplan.DefaultMergePlanOptions
	o.FloorSegmentSize = floorSegment
	return o
}()

// bleveConfig is the config of every open of the bleve index: writers
// plan merges alike, so what one settles (see settleMerges) the next does
// not start again.
func bleveConfig() map[string]interface{} {
	return map[string]interface{}{
		"bolt_timeout":           "1s",
		"scorchMergePlanOptions": map[string]interface{}{"FloorSegmentSize": floorSegment},
	}
}

// settleMerges runs the merges the plan calls for and waits until their
// result is on disk, before a writer closes the index. bleve merges in the
// background and drops a merge in flight at Close: a short-lived writer
// (crawl, import) would start the same merge every run and finish none,
// while the segments pile up. Settled once, the index needs no merge until
// ~10 more writes, and then a small one. plan nil is mergePlan.
func settleMerges(ctx context.Context, b bleve.Index, plan *mergeplan.MergePlanOptions) {
	// After a failed commit (a full disk) bleve can panic here: the
	// failure is the caller's to report, and the next open checks the
	// segments.
	defer func() {
		if p := recover(); p != nil {
			slog.Debug("search: merge before close", "panic", p)
		}
	}()
	adv, err := b.Advanced()
	if err != nil {
		return
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return
	}
	o := mergePlan
	if plan != nil {
		o = *plan
	}
	if err := s.ForceMerge(ctx, &o); err != nil {
		slog.Debug("search: merge before close", "err", err)
		return
	}
	// The merge's result is in memory until the persister writes the
	// root: an empty batch returns once a root at least as new is on disk.
	if err := b.Batch(b.NewBatch()); err != nil {
		slog.Debug("search: persist merges before close", "err", err)
	}
}

// compactPlan merges a whole index into one segment, in one task:
// bleve's SingleSegmentMergePlanOptions merges ten segments a task and
// ForceMerge plans once, which leaves two of a rebuild's eleven.
var compactPlan = func() mergeplan.MergePlanOptions {
	o := mergeplan.SingleSegmentMergePlanOptions
	o.SegmentsPerMergeTask = math.MaxInt32
	return o
}()

// compactRebuild merges a rebuilt index into one segment. A query pays
// for each segment it visits (a dictionary look-up per term, a posting
// list, a bitmap per filter): at 100k versions, the eleven segments
// bleve's tiers leave cost a query 35% more at the median than one, and a
// search process 10-20% more (see docs/performance.md, "One segment after
// a rebuild"). The merge is one more pass over the index, ~5% of a
// rebuild's CPU. The crawls' later segments stay in tiers below (see
// floorSegment); the big one is never merged again until the next rebuild.
func (ix *Index) compactRebuild(ctx context.Context) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bleve != nil {
		defer releaseSegmentPages(ix.bleve)()
		settleMerges(ctx, ix.bleve, &compactPlan)
	}
}

// segmentPagesEvery is how often releaseSegmentPages gives the pages back.
// A merge reads its inputs at some tens of MB a second, so what it holds
// between two drops stays small.
const segmentPagesEvery = 250 * time.Millisecond

// releaseSegmentPages gives back the process's resident pages of b's
// segment files, every segmentPagesEvery until stop is called and once
// then. zap reads a segment through a map of its file, and every page a
// merge reads stays in the RSS until the segment is closed: the one-segment
// merge at the end of a rebuild of 100k versions of corpus pages held 852
// MB of its inputs' pages at once, most of a 965 MB peak RSS. Given back,
// the pages stay in the page cache: the next read maps them again without
// I/O (a minor fault).
func releaseSegmentPages(b bleve.Index) (stop func()) {
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(segmentPagesEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				dropSegmentPages(b)
				return
			case <-t.C:
				dropSegmentPages(b)
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
	}
}

// dropSegmentPages gives back the resident pages of the file maps of the
// segments in b's current snapshot. The snapshot holds each segment open,
// so its map stays where it is meanwhile (segments not yet written to disk
// are in the heap, and have no file map).
func dropSegmentPages(b bleve.Index) {
	snap, ok := snapshot(b)
	if !ok {
		return
	}
	defer snap.Close()
	for _, ss := range snap.Segments() {
		f, ok := ss.Segment().(interface{ Data() []byte })
		if !ok {
			continue
		}
		if m := f.Data(); len(m) > 0 {
			dropMapped(uintptr(unsafe.Pointer(&m[0])), uintptr(len(m)))
		}
	}
}

// snapshot is the open bleve index's current scorch snapshot, for reading
// its segments directly; the caller closes it. false: the index is not a
// scorch index, or cannot be read.
func snapshot(b bleve.Index) (*scorch.IndexSnapshot, bool) {
	adv, err := b.Advanced()
	if err != nil {
		return nil, false
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, false
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, false
	}
	// A closed index has no snapshot: a rebuild's releaseSegmentPages
	// may look once more after its index was closed under it.
	return snap, snap != nil
}

// segmentCount is the number of segments of the open bleve index (0 if it
// is not a scorch index).
func segmentCount(b bleve.Index) int {
	snap, ok := snapshot(b)
	if !ok {
		return 0
	}
	defer snap.Close()
	return len(snap.Segments())
}
