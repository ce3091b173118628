package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/archivist-org/archivist/archive"
)

// randomText is n paragraphs of words drawn from a large vocabulary, so two
// texts share almost no shingles.
func randomText(rng *rand.Rand, paras int) string {
	var b strings.Builder
	for p := 0; p < paras; p++ {
		for w := 0; w < 40; w++ {
			fmt.Fprintf(&b, "w%d ", rng.IntN(50000))
		}
		b.WriteString("\n\n")
	}
	return b.String()
}

func copyURLs(group []Copy) []string {
	var out []string
	for _, c := range group {
		out = append(out, c.URL+"/"+c.Role)
	}
	slices.Sort(out)
	return out
}

// Copies reads the fingerprints of the pages that share a band with the
// page asked about, not every fingerprint; it finds the same group as a
// comparison with every page; and an index made before the band index gets
// one at its next writable open.
func TestCopiesReadsOnlyCandidates(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	m := &memArchive{}
	const distinct = 400
	for i := 0; i < distinct; i++ {
		m.add(fmt.Sprintf("https://site%d.example/a/%d", i%7, i), "T", randomText(rng, 4), nil)
	}
	orig := randomText(rng, 5)
	m.add("https://orig.example/story", "Story", orig, nil)
	m.add("https://copy.example/story", "Story", "Menu\n\n"+orig+"\n\nShare this", nil)
	dir := t.TempDir()
	ix := openTest(t, dir)
	ix.opts.BatchSize = 100
	mustSync(t, ix, m)
	ctx := context.Background()

	self, candidates, ok, err := copiesByBands(ctx, ix, "https://orig.example/story")
	if err != nil || !ok || self == nil {
		t.Fatalf("copiesByBands: self %v ok %v err %v", self, ok, err)
	}
	if len(candidates) > 5 {
		t.Errorf("read %d other fingerprints of %d, want the copy and few more", len(candidates), distinct+1)
	}
	got, err := ix.Copies(ctx, "https://orig.example/story")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://copy.example/story/copy", "https://orig.example/story/original"}
	if !slices.Equal(copyURLs(got), want) {
		t.Errorf("copies %v, want %v", copyURLs(got), want)
	}

	// The copy changes: its old bands go, so it is no longer a candidate.
	m.add("https://copy.example/story", "Story", randomText(rng, 4), nil)
	mustSync(t, ix, m)
	_, candidates, _, _ = copiesByBands(ctx, ix, "https://orig.example/story")
	for _, c := range candidates {
		if c.url == "https://copy.example/story" {
			t.Errorf("the rewritten copy is still a candidate")
		}
	}
	m.add("https://copy.example/story", "Story", orig+"\n\nRead more", nil)
	mustSync(t, ix, m)

	// An index without the band index (an older archivist's).
	ix.Close()
	ix2 := openTest(t, dir)
	err = ix2.state.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketMeta).Delete(keyBands); err != nil {
			return err
		}
		return tx.DeleteBucket(bucketBands)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok, _ := copiesByBands(ctx, ix2, "https://orig.example/story"); ok {
		t.Fatal("bands still there")
	}
	scanned, err := ix2.Copies(ctx, "https://orig.example/story") // compares with every page
	if err != nil || !slices.Equal(copyURLs(scanned), want) {
		t.Errorf("without bands: %v %v, want %v", copyURLs(scanned), err, want)
	}
	ix2.Close()
	ix3 := openTest(t, dir)
	self, candidates, ok, err = copiesByBands(ctx, ix3, "https://orig.example/story")
	if err != nil || !ok || self == nil || len(candidates) > 5 {
		t.Fatalf("after reopening: ok %v, %d candidates, err %v", ok, len(candidates), err)
	}
	got, err = ix3.Copies(ctx, "https://orig.example/story")
	if err != nil || !slices.Equal(copyURLs(got), want) {
		t.Errorf("after reopening: %v %v, want %v", copyURLs(got), err, want)
	}
}

// BenchmarkCopiesScale times one Copies look-up on indexes of 10,000 and
// 100,000 pages (every 100th with a near-copy), through the band index and
// as before (a fresh process comparing with every fingerprint). Only
// state.db is filled: Copies does not touch bleve. Run with
//
//	go test -run '^$' -bench CopiesScale ./search
func BenchmarkCopiesScale(b *testing.B) {
	sizes := []int{10_000, 100_000}
	if v, err := strconv.Atoi(os.Getenv("ARCHIVIST_COPIES_PAGES")); err == nil && v >= 100 {
		sizes = []int{v}
	}
	for _, n := range sizes {
		t0 := time.Now()
		dir := b.TempDir()
		ix, err := Open(dir, nil)
		if err != nil {
			b.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(uint64(n), 3))
		url := func(i int) string { return fmt.Sprintf("https://site%d.example/a/%d", i%300, i) }
		for lo := 0; lo < n; lo += 5000 {
			err := ix.state.Update(func(tx *bolt.Tx) error {
				pb := tx.Bucket(bucketPages)
				sigs := map[string][]byte{}
				vals := map[string][]byte{}
				for i := lo; i < min(lo+5000, n); i++ {
					text := randomText(rng, 4)
					for _, u := range []string{url(i), url(i) + "/copy"} {
						sig, k := fingerprint(text)
						raw := encodeSig(sig, k)
						v, err := encodePage(&pageState{Version: 1, Site: "x"}, raw)
						if err != nil {
							return err
						}
						sigs[u], vals[u] = raw, v
						if i%100 != 0 {
							break
						}
						text += "\n\nShare this"
					}
				}
				if err := putBands(tx, nil, sigs); err != nil { // as a sync batch does
					return err
				}
				for u, v := range vals {
					if err := pb.Put([]byte(u), v); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.Logf("%d pages written in %s", n, time.Since(t0).Round(time.Millisecond))
		ctx := context.Background()
		// The same 100 pages with a copy at every size (a page looked
		// up once is mapped: drawing from 10 times more pages at 100k
		// would time first touches against reuse). warm: each was looked
		// up before; fresh-open: a read-only open per look-up, as a
		// process does, with its minor page faults per op.
		pick := rand.New(rand.NewPCG(7, 7))
		sample := make([]string, 100)
		for i := range sample {
			sample[i] = url(pick.IntN(n/100) * 100)
		}
		copies := func(b *testing.B, ix *Index, u string) {
			g, err := ix.Copies(ctx, u)
			if err != nil || len(g) != 2 {
				b.Fatal(len(g), err)
			}
		}
		b.Run(fmt.Sprintf("pages=%d/bands/warm", n), func(b *testing.B) {
			for _, u := range sample {
				copies(b, ix, u)
			}
			b.ResetTimer()
			c0 := cpuTime()
			for i := 0; i < b.N; i++ {
				copies(b, ix, sample[i%len(sample)])
			}
			b.ReportMetric(float64(cpuTime()-c0)/1e6/float64(b.N), "cpu-ms/op")
		})
		ix.Close()
		b.Run(fmt.Sprintf("pages=%d/bands/fresh-open", n), func(b *testing.B) {
			f0, c0 := minorFaults(), cpuTime()
			for i := 0; i < b.N; i++ {
				r, err := Open(dir, &Options{ReadOnly: true})
				if err != nil {
					b.Fatal(err)
				}
				copies(b, r, sample[i%len(sample)])
				r.Close()
			}
			b.ReportMetric(float64(minorFaults()-f0)/float64(b.N), "faults/op")
			b.ReportMetric(float64(cpuTime()-c0)/1e6/float64(b.N), "cpu-ms/op")
		})
		if ix, err = Open(dir, nil); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("pages=%d/scan", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				ix.sigs = nil // a new process loads them all
				if _, err := ix.loadSigs(); err != nil {
					b.Fatal(err)
				}
			}
		})
		ix.Close()
	}
}

// minorFaults is the number of minor page faults of this process so far.
func minorFaults() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Minflt
}

// statsArchive is a memArchive that says how far it goes, as archives do.
type statsArchive struct{ *memArchive }

func (s statsArchive) Stats(context.Context) (*archive.Stats, error) {
	return &archive.Stats{LastSeq: uint64(len(s.recs))}, nil
}

// bandKeysOf lists the band index's keys, each page's number replaced by
// its URL (two indexes number their pages in the order they met them).
func bandKeysOf(t *testing.T, ix *Index) []string {
	t.Helper()
	var keys []string
	err := ix.state.View(func(tx *bolt.Tx) error {
		if !bandsComplete(tx) {
			t.Error("band index not marked complete")
		}
		urls := tx.Bucket(bucketPageURLs)
		return tx.Bucket(bucketBands).ForEach(func(k, _ []byte) error {
			num := k[len(k)-pageNumLen:]
			u := urls.Get(num)
			if u == nil {
				t.Errorf("key %q: page number %x has no URL", k, num)
			}
			keys = append(keys, string(k[:len(k)-pageNumLen])+string(u))
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(keys)
	return keys
}

// A fresh index filled from a big archive builds its band index at the
// end: the same keys as one kept up to date batch by batch, and later
// syncs keep it up to date.
func TestBandsBuiltAfterABigFirstSync(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	m := &memArchive{}
	for i := 0; i < 450; i++ {
		m.add(fmt.Sprintf("https://site%d.example/a/%d", i%7, i), "T", randomText(rng, 4), nil)
	}
	orig := randomText(rng, 5)
	m.add("https://orig.example/story", "Story", orig, nil)
	m.add("https://copy.example/story", "Story", "Menu\n\n"+orig+"\n\nShare this", nil)

	deferred := openTest(t, "")
	deferred.opts.BatchSize = 100 // 452 versions > 4 batches: bands at the end
	mustSync(t, deferred, statsArchive{m})
	incremental := openTest(t, "")
	incremental.opts.BatchSize = 100
	mustSync(t, incremental, m) // no Stats: bands batch by batch
	got, want := bandKeysOf(t, deferred), bandKeysOf(t, incremental)
	if len(got) < 64*450 || !slices.Equal(got, want) {
		t.Fatalf("%d band keys built at the end, %d kept batch by batch", len(got), len(want))
	}
	// In passes of 7 bands (the last of one) rather than all in one.
	defer func(n int) { bandPassBytes = n }(bandPassBytes)
	bandPassBytes = 7 * bandKeyLen * 452
	passes := openTest(t, "")
	passes.opts.BatchSize = 100
	mustSync(t, passes, statsArchive{m})
	if got := bandKeysOf(t, passes); !slices.Equal(got, want) {
		t.Fatalf("%d band keys built 7 bands a pass, %d kept batch by batch", len(got), len(want))
	}
	ctx := context.Background()
	_, candidates, ok, err := copiesByBands(ctx, deferred, "https://orig.example/story")
	if err != nil || !ok || len(candidates) == 0 || len(candidates) > 5 {
		t.Fatalf("copiesByBands: ok %v, %d candidates, err %v", ok, len(candidates), err)
	}
	// The next sync is incremental again.
	m.add("https://third.example/story", "Story", orig+"\n\nMore", nil)
	mustSync(t, deferred, statsArchive{m})
	mustSync(t, incremental, m)
	if got, want := bandKeysOf(t, deferred), bandKeysOf(t, incremental); !slices.Equal(got, want) {
		t.Fatalf("after a later sync: %d band keys, want %d", len(got), len(want))
	}
	group, err := deferred.Copies(ctx, "https://third.example/story")
	if err != nil || len(group) != 3 {
		t.Errorf("copies of the new page: %v %v", copyURLs(group), err)
	}
}

// A band index in the first format (keys ending with the page's URL) is
// not read: a read-only open compares with every fingerprint, and the
// next writable open rebuilds it with page numbers, 9 bytes a key.
func TestOldBandFormatRebuilt(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	m := &memArchive{}
	for i := 0; i < 50; i++ {
		m.add(fmt.Sprintf("https://site.example/a/%d", i), "T", randomText(rng, 4), nil)
	}
	orig := randomText(rng, 5)
	m.add("https://orig.example/story", "Story", orig, nil)
	m.add("https://copy.example/story", "Story", "Menu\n\n"+orig+"\n\nShare this", nil)
	dir := t.TempDir()
	ix := openTest(t, dir)
	mustSync(t, ix, m)
	want := bandKeysOf(t, ix)
	// Back to format 1: URL-ended keys, no page numbers.
	err := ix.state.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketBands, bucketPageNums, bucketPageURLs} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		bb, err := tx.CreateBucket(bucketBands)
		if err != nil {
			return err
		}
		if err := bb.Put([]byte("\x00\x01\x02\x03\x04https://orig.example/story"), nil); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keyBands, []byte{1})
	})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ctx := context.Background()
	wantGroup := []string{"https://copy.example/story/copy", "https://orig.example/story/original"}

	ro, err := Open(dir, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok, _ := copiesByBands(ctx, ro, "https://orig.example/story"); ok {
		t.Error("read-only open: the old band index was read")
	}
	if g, err := ro.Copies(ctx, "https://orig.example/story"); err != nil || !slices.Equal(copyURLs(g), wantGroup) {
		t.Errorf("read-only open: copies %v %v, want %v", copyURLs(g), err, wantGroup)
	}
	ro.Close()

	rw := openTest(t, dir)
	if got := bandKeysOf(t, rw); !slices.Equal(got, want) {
		t.Errorf("rebuilt band index: %d keys, want %d", len(got), len(want))
	}
	err = rw.state.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketBands).ForEach(func(k, _ []byte) error {
			if k[0] < keyOwnURL && len(k) != bandPrefix+pageNumLen {
				t.Errorf("band key %q: %d bytes, want %d", k, len(k), bandPrefix+pageNumLen)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if g, err := rw.Copies(ctx, "https://orig.example/story"); err != nil || !slices.Equal(copyURLs(g), wantGroup) {
		t.Errorf("rebuilt: copies %v %v, want %v", copyURLs(g), err, wantGroup)
	}
}

// Unrelated pages share no band: the bands hold bits of the minima that
// are as good as random (the top bits of a minimum are mostly zeros: kept,
// 2,000 random texts made ~150 pairs sharing a band, and a look-up's
// candidates grew with the archive).
func TestUnrelatedPagesShareNoBand(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	owner := map[string]int{}
	pairs := map[[2]int]bool{}
	for i := 0; i < 2000; i++ {
		sig, n := fingerprint(randomText(rng, 4))
		if n < MinShingles {
			t.Fatal("text too short")
		}
		for band := 0; band < lshBands; band++ {
			k := string(bandKey(nil, &sig, band))
			if j, ok := owner[k]; ok {
				pairs[[2]int{j, i}] = true
			}
			owner[k] = i
		}
	}
	if len(pairs) > 2 {
		t.Errorf("%d pairs of unrelated texts share a band, want ~0", len(pairs))
	}
}

// copiesByBands reads the candidates of one page, as Copies does.
func copiesByBands(ctx context.Context, ix *Index, url string) (self *sigEntry, others []*sigEntry, ok bool, err error) {
	found, _, ok, err := ix.candidatesByBands(ctx, []string{url}, false)
	if f := found[url]; f != nil {
		self, others = f.self, f.others
	}
	return self, others, ok, err
}
