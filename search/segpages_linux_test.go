package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// zapResidentKB is the process's resident KB of its maps of bleve segment
// files (/proc/self/smaps).
func zapResidentKB(t *testing.T) int {
	t.Helper()
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	kb, inZap := 0, false
	for _, line := range strings.Split(string(smaps), "\n") {
		fields := strings.Fields(line)
		switch {
		case len(fields) >= 5 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":"):
			inZap = strings.HasSuffix(fields[len(fields)-1], ".zap")
		case inZap && len(fields) > 1 && fields[0] == "Rss:":
			n, _ := strconv.Atoi(fields[1])
			kb += n
		}
	}
	return kb
}

// What a rebuild's merges read of its segments' file maps is given back,
// and the index reads the same afterwards: the pages come back from the
// file.
func TestSegmentPagesGivenBack(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	m := &memArchive{}
	pages := 800
	if raceEnabled { // the releaser's goroutine is checked on fewer pages
		pages = 300
	}
	for i := 0; i < pages; i++ {
		m.add(fmt.Sprintf("https://base.example/p/%d", i), "Harbour "+randomText(rng, 1),
			"The harbour plan\n\n"+randomText(rng, 40), nil)
	}
	ctx := context.Background()
	ix := rebuiltReadOnly(t, m, 50)
	defer ix.Close()

	// Read every byte of the segments, as a merge does.
	snap := testSnapshot(t, ix)
	sum := 0
	for _, ss := range snap.Segments() {
		if f, ok := ss.Segment().(interface{ Data() []byte }); ok {
			for _, b := range f.Data() {
				sum += int(b)
			}
		}
	}
	snap.Close()
	read := zapResidentKB(t)
	if read == 0 || sum == 0 {
		t.Fatalf("segments read: %d KB resident", read)
	}
	search := func() []string {
		res, err := ix.Search(ctx, Request{Query: "harbour", Limit: 1000, NoSnippets: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, fmt.Sprintf("%s %d %s", h.URL, h.Version, h.Title))
		}
		slices.Sort(ids)
		return ids
	}
	before := search()

	dropSegmentPages(ix.bleve)
	if after := zapResidentKB(t); after > read/10 {
		t.Errorf("segments' resident pages: %d KB read, %d KB after they were given back", read, after)
	}
	if after := search(); !slices.Equal(before, after) || len(after) != pages {
		t.Errorf("after the pages were given back: %d hits, want the same %d", len(after), len(before))
	}

	// The releaser gives them back on its own, and once more at stop.
	search()
	stop := releaseSegmentPages(ix.bleve)
	stop()
	if after := zapResidentKB(t); after > read/10 {
		t.Errorf("after stop: %d KB of the segments resident, %d KB read", after, read)
	}

	// An index closed under the releaser has nothing to give back.
	b := ix.bleve
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	dropSegmentPages(b)
}
