package search

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// foldQueries are bench/scale-cli.sh's queries.
var foldQueries = []string{"government", "climate change", `"trade war"`, "police", "energy prices", `"new york"`}

// BenchmarkFoldScale times a page of ten results, unfolded (Search) and
// folded (SearchFolded), on an indexed archive opened read-only:
//
//	ARCHIVIST_SCALE_QUERY_DBS=/tmp/x/100k/a.db go test -run '^$' -bench FoldScale -benchtime 30x ./search
//
// Reported per query: the median thread CPU of each, and their difference.
func BenchmarkFoldScale(b *testing.B) {
	spec := os.Getenv("ARCHIVIST_SCALE_QUERY_DBS")
	if spec == "" {
		b.Skip("ARCHIVIST_SCALE_QUERY_DBS not set (comma-separated archive paths, each indexed)")
	}
	ctx := context.Background()
	for _, db := range strings.Split(spec, ",") {
		a, ix := openScaleDB(b, db)
		for _, q := range foldQueries {
			req := Request{Query: q, Limit: 10}
			b.Run(strings.ReplaceAll(q, " ", "_"), func(b *testing.B) {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				var plain, folded []time.Duration
				for b.Loop() {
					c0 := threadCPU()
					if _, err := ix.Search(ctx, req, a); err != nil {
						b.Fatal(err)
					}
					c1 := threadCPU()
					if _, err := ix.SearchFolded(ctx, req, a); err != nil {
						b.Fatal(err)
					}
					plain, folded = append(plain, c1-c0), append(folded, threadCPU()-c1)
				}
				slices.Sort(plain)
				slices.Sort(folded)
				p, f := ms(plain[len(plain)/2]), ms(folded[len(folded)/2])
				b.ReportMetric(f-p, "fold-ms")
				fmt.Fprintf(os.Stderr, "%s %q: thread CPU median search %.2f ms, folded %.2f ms, fold %.2f ms (%d runs)\n", db, q, p, f, f-p, len(plain))
			})
		}
		ix.Close()
		a.Close()
	}
}
