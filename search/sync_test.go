package search

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/archivist-org/archivist/archive"
)

// filterRecorder is a Source that notes the filters it is exported with.
type filterRecorder struct {
	*memArchive
	filters []archive.ExportFilter
}

func (r *filterRecorder) Export(ctx context.Context, f archive.ExportFilter, fn func(*archive.Record) error) error {
	r.filters = append(r.filters, f)
	return r.memArchive.Export(ctx, f, fn)
}

// A sync reads the articles as stored: the index uses neither their
// markdown nor the source fields an archive derives for articles made by
// older extractors (by extracting each copy's stored page again: over half
// of a rebuild's CPU on an archive of corpus pages written before 0.2.0).
func TestSyncReadsArticlesAsStored(t *testing.T) {
	src := &filterRecorder{memArchive: &memArchive{}}
	src.add("https://a.example/1", "One", "the first page", nil)
	src.add("https://a.example/2", "Two", "the second page", nil)
	ix := openTest(t, "")
	if st := mustSync(t, ix, src); st.Indexed != 2 {
		t.Fatalf("indexed %d, want 2", st.Indexed)
	}
	if len(src.filters) == 0 {
		t.Fatal("the sync did not export")
	}
	for _, f := range src.filters {
		if !f.NoDerivedFields || !f.NoMarkdown {
			t.Errorf("exported with NoDerivedFields %v, NoMarkdown %v: want both", f.NoDerivedFields, f.NoMarkdown)
		}
	}
}

// seqWatcher is a Source that notes, as it hands each version over, the
// seq the index has committed up to.
type seqWatcher struct {
	*memArchive
	ix      *Index
	maxSeen uint64
}

func (w *seqWatcher) Export(ctx context.Context, f archive.ExportFilter, fn func(*archive.Record) error) error {
	return w.memArchive.Export(ctx, f, func(r *archive.Record) error {
		w.maxSeen = max(w.maxSeen, w.ix.LastSeq())
		return fn(r)
	})
}

// A batch ends at batchTextBytes of text as well as at BatchSize versions:
// long texts are committed in smaller batches, so what a batch holds while
// it is analysed stays bounded.
func TestBatchesEndAtTheirTextBytes(t *testing.T) {
	defer func(n int) { batchTextBytes = n }(batchTextBytes)
	batchTextBytes = 2500
	m := &memArchive{}
	for i := 0; i < 12; i++ {
		m.add(fmt.Sprintf("https://a.example/%d", i), "Title", strings.Repeat(fmt.Sprintf("word%d ", i), 150), nil)
	}
	ix, err := Open(t.TempDir(), &Options{BatchSize: 1000})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	w := &seqWatcher{memArchive: m, ix: ix}
	if st := mustSync(t, ix, w); st.Indexed != 12 || st.LastSeq != 12 {
		t.Fatalf("indexed %d up to seq %d, want 12 and 12", st.Indexed, st.LastSeq)
	}
	if w.maxSeen == 0 {
		t.Error("nothing was committed before the export ended: 12 texts of ~1 KB made one batch over a 2.5 KB bound")
	}
	if res := search(t, ix, m, Request{Query: "word11"}); len(res.Hits) != 1 {
		t.Errorf("word11: %d hits, want 1", len(res.Hits))
	}
}
