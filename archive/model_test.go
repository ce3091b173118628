package archive

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"testing"
	"time"
)

// TestRandomAgainstModel drives the archive with a seeded random sequence
// of fetches (new, changed, unchanged, 304, gone, comeback, failures, URL
// variants) and compares every result, and the final state, with a simple
// in-memory model. Set ARCHIVE_SEED to replay a run.
func TestRandomAgainstModel(t *testing.T) {
	seed := time.Now().UnixNano()
	if s := os.Getenv("ARCHIVE_SEED"); s != "" {
		seed, _ = strconv.ParseInt(s, 10, 64)
	}
	t.Logf("seed %d (replay with ARCHIVE_SEED=%d)", seed, seed)
	rng := rand.New(rand.NewSource(seed))
	ctx := context.Background()
	a, _ := openTest(t, nil)

	type mpage struct {
		texts   []string // text of each version
		gone    bool
		failure string
	}
	model := map[string]*mpage{}
	var seq uint64
	texts := []string{"alpha beta", "alpha  beta gamma", "delta", "epsilon zeta eta", "theta"}
	variants := []string{"", "?utm_source=x", "#top", "?fbclid=1&utm_medium=y"}
	ops := 400
	if testing.Short() {
		ops = 100
	}
	at := t0
	for i := 0; i < ops; i++ {
		at = at.Add(time.Minute)
		id := fmt.Sprintf("https://site%d.example/p%d", rng.Intn(2), rng.Intn(8))
		u := id + variants[rng.Intn(len(variants))]
		m := model[id]
		var res Result
		var err error
		switch op := rng.Intn(10); {
		case op < 6: // 200 with an article
			text := texts[rng.Intn(len(texts))]
			res, err = a.Record(ctx, fetch(u, at, htmlFor("T", text)), art(u, "T", text))
			if err != nil {
				t.Fatal(err)
			}
			want := OutcomeUnchanged
			if m == nil {
				m = &mpage{}
				model[id] = m
			}
			if len(m.texts) == 0 || m.gone || contentHash(art("", "T", m.texts[len(m.texts)-1])) != contentHash(art("", "T", text)) {
				m.texts = append(m.texts, text)
				seq++
				want = OutcomeChanged
				if len(m.texts) == 1 {
					want = OutcomeNew
				}
				if res.Seq != seq {
					t.Fatalf("op %d: seq %d, want %d", i, res.Seq, seq)
				}
			}
			m.gone, m.failure = false, ""
			if res.Outcome != want || res.Version != len(m.texts) || res.URL != id {
				t.Fatalf("op %d (%s %q): got %+v, want %s v%d", i, u, text, res, want, len(m.texts))
			}
		case op < 7: // 304
			res, err = a.Record(ctx, Fetch{URL: u, Status: 304, FetchedAt: at}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if m == nil {
				if res.Outcome != OutcomeFailed {
					t.Fatalf("op %d: 304 of unknown page: %+v", i, res)
				}
			} else if res.Outcome != OutcomeUnchanged || res.Version != len(m.texts) {
				t.Fatalf("op %d: 304: %+v", i, res)
			} else {
				m.failure = ""
			}
		case op < 9: // 404/410
			res, err = a.Record(ctx, Fetch{URL: u, Status: 404 + 6*rng.Intn(2), FetchedAt: at}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != OutcomeGone {
				t.Fatalf("op %d: gone: %+v", i, res)
			}
			if m != nil {
				m.gone, m.failure = true, ""
			}
		default: // failed capture
			res, err = a.RecordFailure(ctx, fetch(u, at, "challenge"), "challenge")
			if err != nil || res.Outcome != OutcomeFailed {
				t.Fatalf("op %d: failure: %+v %v", i, res, err)
			}
			if m == nil {
				m = &mpage{}
				model[id] = m
			}
			m.failure = "challenge"
		}
		if i%50 == 0 {
			if rep, err := a.Verify(ctx); err != nil {
				t.Fatalf("op %d: verify: %v %v", i, err, rep.Problems)
			}
		}
	}
	// Final state.
	versions, gone, failed := 0, 0, 0
	for id, m := range model {
		p, err := a.Page(ctx, id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if p.Versions != len(m.texts) || (p.GoneSince.IsZero() == m.gone) || p.LastFailure != m.failure {
			t.Errorf("%s: page %+v, model %+v", id, p, m)
		}
		for n, text := range m.texts {
			rec, err := a.Version(ctx, id, n+1)
			if err != nil || rec.Text != text {
				t.Errorf("%s v%d: %q %v, want %q", id, n+1, rec.Text, err, text)
			}
		}
		versions += len(m.texts)
		if m.gone {
			gone++
		}
		if m.failure != "" {
			failed++
		}
	}
	st, _ := a.Stats(ctx)
	if st.Pages != len(model) || st.Versions != versions || st.Gone != gone || st.Failed != failed || st.LastSeq != seq {
		t.Errorf("stats %+v; model pages %d versions %d gone %d failed %d seq %d", st, len(model), versions, gone, failed, seq)
	}
	n := 0
	a.Export(ctx, ExportFilter{AllVersions: true}, func(*Record) error { n++; return nil })
	if n != versions {
		t.Errorf("export all: %d, want %d", n, versions)
	}
}
