package search

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"testing"

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
	ix, err := Open(t.TempDir(), &Options{BatchSize: 200})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	mustSync(t, ix, m)
	if err := ix.useBleve(); err != nil {
		t.Fatal(err)
	}
	snap, ok := snapshot(ix.bleve)
	if !ok {
		t.Fatal("no snapshot")
	}
	defer snap.Close()
	if len(snap.Segments()) < 2 {
		t.Fatalf("%d segments, want several", len(snap.Segments()))
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
