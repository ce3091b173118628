package search

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// truncateSegment damages the index in dir: its biggest segment loses
// half its bytes.
func truncateSegment(t *testing.T, dir string) {
	t.Helper()
	zaps, _ := filepath.Glob(filepath.Join(dir, "bleve", "store", "*.zap"))
	var biggest string
	var size int64
	for _, z := range zaps {
		if fi, err := os.Stat(z); err == nil && fi.Size() > size {
			biggest, size = z, fi.Size()
		}
	}
	if biggest == "" {
		t.Fatal("no segment")
	}
	if err := os.Truncate(biggest, size/2); err != nil {
		t.Fatal(err)
	}
}

// Copies reads only state.db: an Open leaves bleve closed until a Search
// or a Sync with something to index needs it. Damage to bleve is then
// found at that first use: a Search says ErrDamaged and changes nothing,
// a Sync drops the index and refills it; an Eager Open drops it at once.
func TestBleveOpenedAtFirstUse(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	m := &memArchive{}
	for i := 0; i < 30; i++ {
		m.add(fmt.Sprintf("https://site.example/a/%d", i), "Budget", "The budget vote\n\n"+randomText(rng, 3), nil)
	}
	orig := randomText(rng, 4)
	m.add("https://orig.example/story", "Story", orig, nil)
	m.add("https://copy.example/story", "Story", orig+"\n\nShare this", nil)
	src := statsArchive{m}
	dir := t.TempDir()
	ix := openTest(t, dir)
	mustSync(t, ix, src)
	ix.Close()
	truncateSegment(t, dir)
	ctx := context.Background()

	for _, ro := range []bool{false, true} {
		ix, err := Open(dir, &Options{ReadOnly: ro})
		if err != nil {
			t.Fatalf("read-only %v: %v", ro, err)
		}
		if g, err := ix.Copies(ctx, "https://orig.example/story"); err != nil || len(g) != 2 {
			t.Errorf("read-only %v: copies %v %v", ro, copyURLs(g), err)
		}
		if _, err := ix.Sync(ctx, src); err != nil && !(ro && errors.Is(err, ErrReadOnly)) {
			t.Errorf("read-only %v: Sync with nothing to index: %v", ro, err)
		}
		if ix.bleveOpen() {
			t.Errorf("read-only %v: bleve opened by Copies or an idle Sync", ro)
		}
		if _, err := ix.Search(ctx, Request{Query: "budget"}, nil); !errors.Is(err, ErrDamaged) {
			t.Errorf("read-only %v: search on a damaged index: %v, want ErrDamaged", ro, err)
		}
		ix.Close()
	}

	// A Sync with something to index drops the damaged index and refills it.
	m.add("https://site.example/new", "Budget", "The budget passed\n\n"+randomText(rng, 3), nil)
	ix = openTest(t, dir)
	st := mustSync(t, ix, src)
	if st.Indexed != len(m.recs) || ix.Damage() == "" {
		t.Errorf("sync after damage: indexed %d of %d, damage %q", st.Indexed, len(m.recs), ix.Damage())
	}
	if res := search(t, ix, m, Request{Query: "budget", Limit: 100}); len(res.Hits) != 31 {
		t.Errorf("search after the rebuild: %d hits, want 31", len(res.Hits))
	}
	ix.Close()

	// Eager: dropped at Open.
	truncateSegment(t, dir)
	ix, err := Open(dir, &Options{Eager: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if !ix.bleveOpen() || ix.Damage() == "" || ix.LastSeq() != 0 {
		t.Errorf("eager open of a damaged index: open %v, damage %q, last seq %d", ix.bleveOpen(), ix.Damage(), ix.LastSeq())
	}
}
