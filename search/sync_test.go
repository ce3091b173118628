package search

import (
	"context"
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
