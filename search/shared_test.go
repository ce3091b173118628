package search

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
)

// TestSharedPostingsAsReader asks shared postings for the first posting
// at or after versions in every order (forward, back, past the last
// posting and back again) over several segments with superseded
// versions, and compares each answer with a new reader's.
func TestSharedPostingsAsReader(t *testing.T) {
	m := &memArchive{}
	words := []string{"alpha", "beta", "gamma", "delta"}
	for i := range 900 {
		text := words[i%4]
		if i%3 == 0 {
			text += " " + words[(i/3)%4]
		}
		m.add(fmt.Sprintf("https://a.example/%d", i%700), "t", text, nil) // the rest: second versions
	}
	// bleve joins segments in the background, and on a loaded machine it
	// can join them all before the snapshot is taken: build again.
	snap := sharedTestSnapshot(t, m)
	for try := 1; len(snap.Segments()) < 2; try++ {
		if try == 10 {
			t.Fatalf("%d segments in %d builds, want several", len(snap.Segments()), try)
		}
		snap = sharedTestSnapshot(t, m)
	}
	var n uint64 // versions numbered, superseded ones too
	for _, ss := range snap.Segments() {
		n += ss.Segment().Count()
	}
	ctx := context.Background()
	rng := rand.New(rand.NewSource(1))
	for _, term := range []string{"gamma", "delta", "absent"} {
		open := func() (index.TermFieldReader, error) {
			return snap.TermFieldReader(ctx, []byte(term), fBody, true, true, false)
		}
		r, err := open()
		if err != nil {
			t.Fatal(err)
		}
		p := &sharedPostings{open: open, r: r, end: math.MaxUint64}
		var asks []uint64
		for v := uint64(0); v < n+5; v += 7 {
			asks = append(asks, v)
		}
		for range 300 {
			asks = append(asks, uint64(rng.Intn(int(n)+10)))
		}
		// Past the last posting, then behind it but after the last
		// posting answered (scorch's reader does not start over there).
		for k := range uint64(40) {
			asks = append(asks, n-90+k, n+2, n-40+k)
		}
		for _, v := range asks {
			got, ok, err := p.first(v)
			if err != nil {
				t.Fatal(err)
			}
			fresh, _ := open()
			want, err := fresh.Advance(index.NewIndexInternalID(nil, v), nil)
			fresh.Close()
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case want == nil && ok:
				t.Fatalf("%s: first(%d) = %d, want none", term, v, got.id)
			case want != nil && !ok:
				t.Fatalf("%s: first(%d) = none, want %d", term, v, want.ID.Value())
			case want != nil && (got.id != want.ID.Value() || got.freq != want.Freq || got.norm != want.Norm):
				t.Fatalf("%s: first(%d) = %+v, want %d (freq %d, norm %v)", term, v, got, want.ID.Value(), want.Freq, want.Norm)
			}
		}
		p.r.Close()
	}
}

// sharedTestSnapshot indexes m in several segments and returns a snapshot
// of the index, closed at the end of the test.
func sharedTestSnapshot(t *testing.T, m *memArchive) *scorch.IndexSnapshot {
	t.Helper()
	ix, err := Open(t.TempDir(), &Options{BatchSize: 200})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	mustSync(t, ix, m)
	if err := ix.useBleve(); err != nil {
		t.Fatal(err)
	}
	snap, ok := snapshot(ix.bleve)
	if !ok {
		t.Fatal("no snapshot")
	}
	t.Cleanup(func() { snap.Close() })
	return snap
}

// TestSharedPostingsForgetBehindCursors: cursors reading forward a few
// postings apart get every posting a reader of their own gets, and the
// answers kept for them stay those between the cursors, not the walk's.
func TestSharedPostingsForgetBehindCursors(t *testing.T) {
	m := &memArchive{}
	for i := range 2000 {
		m.add(fmt.Sprintf("https://a.example/%d", i), "t", "omega", nil)
	}
	snap := sharedTestSnapshot(t, m)
	ctx := context.Background()
	open := func() (index.TermFieldReader, error) {
		return snap.TermFieldReader(ctx, []byte("omega"), fBody, true, true, false)
	}
	r, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	p := &sharedPostings{open: open, r: r, end: math.MaxUint64}
	lead, trail := &termCursor{p: p}, &termCursor{p: p}
	p.cursors = []*termCursor{lead, trail}
	fresh, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	var want []uint64
	for {
		d, err := fresh.Next(nil)
		if err != nil {
			t.Fatal(err)
		}
		if d == nil {
			break
		}
		want = append(want, d.ID.Value())
	}
	read := func(c *termCursor) (uint64, bool) {
		d, err := c.Next(nil)
		if err != nil {
			t.Fatal(err)
		}
		if d == nil {
			return 0, false
		}
		return d.ID.Value(), true
	}
	var gotLead, gotTrail []uint64
	maxKept := 0
	for {
		v, ok := read(lead)
		if ok {
			gotLead = append(gotLead, v)
		}
		// The trailing cursor stays ten postings behind, then reads the rest.
		for len(gotTrail) < len(gotLead)-10 || (!ok && len(gotTrail) < len(want)) {
			v, ok := read(trail)
			if !ok {
				break
			}
			gotTrail = append(gotTrail, v)
		}
		maxKept = max(maxKept, len(p.seen))
		if !ok {
			break
		}
	}
	if !slices.Equal(gotLead, want) || !slices.Equal(gotTrail, want) {
		t.Fatalf("postings: %d and %d read, want %d", len(gotLead), len(gotTrail), len(want))
	}
	// The answers between the cursors, and room to grow: not the 2,000.
	if maxKept > 64 {
		t.Errorf("%d answers kept at most, for %d postings", maxKept, len(want))
	}
}
