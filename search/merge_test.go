package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

type planSeg struct {
	id   uint64
	size int64
}

func (s planSeg) Id() uint64          { return s.id }
func (s planSeg) FullSize() int64     { return s.size }
func (s planSeg) LiveSize() int64     { return s.size }
func (s planSeg) HasVector() bool     { return false }
func (s planSeg) FileSize() int64     { return s.size }
func (s planSeg) LiveFileSize() int64 { return s.size }

// A rebuilt index is merged batches (the segments of a rebuilt 100k
// index, in versions); crawls then add a segment of ~20 versions each.
// Their merges must stay among the crawls' segments: a crawl must never
// drag the rebuild's full batches into a merge (bleve's default plan merged
// ~6,500 versions at the second crawl), and they must happen (the
// segment count stays bounded).
func TestMergePlanKeepsCrawlsApart(t *testing.T) {
	for _, rebuilt := range [][]int64{
		{52725, 9946, 9947, 9944, 9948, 996, 995, 995, 995, 996, 995, 999, 519, 1}, // bleve's tiers
		{100001}, // compactRebuild's one segment
	} {
		checkCrawlsApart(t, rebuilt)
	}
}

func checkCrawlsApart(t *testing.T, rebuilt []int64) {
	var segs []mergeplan.Segment
	for i, n := range rebuilt {
		segs = append(segs, planSeg{uint64(i), n})
	}
	o := mergePlan
	id := uint64(100)
	merges := 0
	for crawl := 1; crawl <= 60; crawl++ {
		id++
		segs = append(segs, planSeg{id, 20})
		p, err := mergeplan.Plan(segs, &o)
		if err != nil {
			t.Fatal(err)
		}
		if p == nil {
			continue
		}
		for _, task := range p.Tasks {
			var size int64
			for _, s := range task.Segments {
				if s.LiveSize() >= 995 { // a full batch
					t.Errorf("crawl %d: a merge takes a rebuild segment of %d versions", crawl, s.LiveSize())
				}
				size += s.LiveSize()
				for j := range segs {
					if segs[j] == s {
						segs = append(segs[:j], segs[j+1:]...)
						break
					}
				}
			}
			merges++
			id++
			segs = append(segs, planSeg{id, size})
		}
	}
	if merges == 0 || len(segs) > 30 {
		t.Errorf("after a rebuild into %d segments and 60 crawls: %d merges, %d segments", len(rebuilt), merges, len(segs))
	}
}

// Many short-lived writers, each syncing a few versions and closing (a
// crawl under a schedule): each leaves the index settled (no merge for
// the next writer to start and abandon), the segments stay few, and every
// page is found.
func TestShortWritersLeaveIndexSettled(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	m := &memArchive{}
	src := statsArchive{m}
	dir := t.TempDir()
	ctx := context.Background()
	for i := 0; i < 120; i++ {
		m.add(fmt.Sprintf("https://base.example/a/%d", i), "Harbour", "The harbour plan\n\n"+randomText(rng, 2), nil)
	}
	ix, err := Open(dir, &Options{BatchSize: 20})
	if err != nil {
		t.Fatal(err)
	}
	mustSync(t, ix, src)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	const runs = 40
	for run := 0; run < runs; run++ {
		for p := 0; p < 2; p++ {
			m.add(fmt.Sprintf("https://crawl.example/%d/%d", run, p), "Harbour", "The harbour vote\n\n"+randomText(rng, 2), nil)
		}
		ix, err := Open(dir, &Options{Eager: true})
		if err != nil {
			t.Fatal(err)
		}
		if st := mustSync(t, ix, src); st.Indexed != 2 {
			t.Fatalf("run %d: indexed %d, want 2", run, st.Indexed)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		if segs := pendingMerges(t, dir); segs != 0 {
			t.Fatalf("run %d: the writer left a merge of %d segments", run, segs)
		}
	}

	ix, err = Open(dir, &Options{ReadOnly: true, Eager: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n := segmentCount(ix.bleve); n < 1 || n > 10 {
		t.Errorf("%d segments after %d writers", n, runs)
	}
	want := 120 + 2*runs
	if n, err := ix.DocCount(); err != nil || n != uint64(want) {
		t.Errorf("doc count %d (%v), want %d", n, err, want)
	}
	res, err := ix.Search(ctx, Request{Query: "harbour", Limit: 1000, NoSnippets: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, h := range res.Hits {
		seen[h.URL] = true
	}
	if res.Total != uint64(want) || len(seen) != want {
		t.Errorf("search finds %d pages (total %d), want %d", len(seen), res.Total, want)
	}
}

// pendingMerges opens the index in dir read-only and returns how many
// segments the merge plan would merge now.
func pendingMerges(t *testing.T, dir string) int {
	t.Helper()
	ix, err := Open(dir, &Options{ReadOnly: true, Eager: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	r := testSnapshot(t, ix)
	defer r.Close()
	var segs []mergeplan.Segment
	for _, s := range r.Segments() {
		segs = append(segs, s)
	}
	o := mergePlan
	p, err := mergeplan.Plan(segs, &o)
	if err != nil || p == nil {
		return 0
	}
	n := 0
	for _, task := range p.Tasks {
		n += len(task.Segments)
	}
	return n
}

// A rebuild ends in one segment, whatever its batches left, with every
// version still found; the plan merges them in one task, though bleve's
// single-segment plan takes ten a task and ForceMerge plans once.
func TestRebuildLeavesOneSegment(t *testing.T) {
	var many []mergeplan.Segment
	for i := range 25 {
		many = append(many, planSeg{uint64(i), 1000})
	}
	o := compactPlan
	if p, err := mergeplan.Plan(many, &o); err != nil || p == nil || len(p.Tasks) != 1 || len(p.Tasks[0].Segments) != 25 {
		t.Errorf("the plan for 25 segments: %+v (%v), want one task of all 25", p, err)
	}
	rng := rand.New(rand.NewPCG(5, 5))
	m := &memArchive{}
	ctx := context.Background()
	for i := 0; i < 600; i++ {
		m.add(fmt.Sprintf("https://base.example/a/%d", i), "Harbour", "The harbour plan\n\n"+randomText(rng, 2), nil)
	}
	ix := rebuiltReadOnly(t, m, 40)
	defer ix.Close()
	r := testSnapshot(t, ix)
	defer r.Close()
	if segs := r.Segments(); len(segs) != 1 || segs[0].LiveSize() != 600 {
		t.Errorf("after the rebuild: %d segments, want one of 600 versions", len(segs))
	}
	res, err := ix.Search(ctx, Request{Query: "harbour", Limit: 1000, NoSnippets: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 600 {
		t.Errorf("search finds %d versions, want 600", res.Total)
	}
}

// rebuiltReadOnly rebuilds an index of m in batches of batch versions and
// opens it again read-only, its segments open.
func rebuiltReadOnly(t *testing.T, m *memArchive, batch int) *Index {
	t.Helper()
	dir := t.TempDir()
	ix, err := Open(dir, &Options{BatchSize: batch})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Rebuild(context.Background(), statsArchive{m}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir, &Options{ReadOnly: true, Eager: true})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}
