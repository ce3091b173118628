package search

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
	"github.com/blevesearch/bleve/v2"
)

// TestDateKeySortAsDocValues: newest first through dateKeySort (stored
// dates, and doc values where hits are close together) gives
// bleve's own sort on the date key's doc values, key for key and hit for
// hit: over versions an instant apart, a nanosecond apart, far apart,
// undated and dated before 1677 (no key: last), for queries whose hits
// are sparse (stored dates only), dense (both) and in between, on every
// page size up to all hits.
func TestDateKeySortAsDocValues(t *testing.T) {
	m := &memArchive{}
	base := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	for i := range 2600 {
		text := "common words"
		if i%97 == 0 {
			text += " sparse"
		}
		if i%5 == 0 {
			text += " middle"
		}
		var date time.Time
		switch {
		case i%11 == 0: // undated
		case i%13 == 0:
			date = time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC)
		case i%3 == 0: // one instant, as a crawl's first-seen dates
			date = base
		case i%3 == 1:
			date = base.Add(time.Duration(i) * time.Nanosecond)
		default:
			date = base.AddDate(0, 0, -i).Add(time.Duration(i) * time.Millisecond)
		}
		m.add(fmt.Sprintf("https://d.example/%d", i%2400), "Report", text, func(r *archive.Record) {
			r.FirstSeen, r.FetchedAt = date, date
		})
	}
	ix, err := Open(t.TempDir(), &Options{BatchSize: 700})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	mustSync(t, ix, m)
	ctx := context.Background()
	usedDocValues := false
	for _, q := range []string{"common", "middle", "sparse"} {
		for _, size := range []int{1, 10, 100, MaxLimit, 3000} {
			sr := bleve.NewSearchRequestOptions(termQ(fBody, q, 1), size, 0, false)
			sr.SortByCustom(newestFirst())
			want, err := ix.bleve.SearchInContext(ctx, sr)
			if err != nil {
				t.Fatal(err)
			}
			ours, s := withStoredDates(sr)
			if s == nil {
				t.Fatal("newest first does not sort by stored dates")
			}
			got, err := ix.bleve.SearchInContext(ctx, ours)
			if err != nil || s.err != nil {
				t.Fatal(err, s.err)
			}
			usedDocValues = usedDocValues || s.dv != nil
			if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
				t.Fatalf("%q size %d: %d of %d hits, want %d of %d", q, size, len(got.Hits), got.Total, len(want.Hits), want.Total)
			}
			for i, g := range got.Hits {
				w := want.Hits[i]
				if g.ID != w.ID || !slices.Equal(g.Sort, w.Sort) {
					t.Fatalf("%q size %d, hit %d: %s %q, want %s %q", q, size, i, g.ID, g.Sort, w.ID, w.Sort)
				}
			}
		}
	}
	if !usedDocValues {
		t.Errorf("no hits within %d versions of each other: the doc values were not read", denseGap)
	}
}
