package archive

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// smallArchive returns the bytes of a real archive with a few pages, one
// of them renamed.
func smallArchive(t testing.TB) []byte {
	a, path := openTest(t, nil)
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := 0; i < 4; i++ {
		record(t, a, fmt.Sprintf("https://example.org/p%d", i), at.Add(time.Duration(i)*time.Hour),
			fmt.Sprintf("Title %d", i), fmt.Sprintf("Body text number %d with enough words to be an article.", i))
	}
	// p3 renamed to p4: the page records carry moved_to and moved_from.
	const text = "Body text number 3, moved to a new URL with enough words to be an article."
	record(t, a, "https://example.org/p4", at.Add(4*time.Hour), "Title 3", text)
	f := redirected("https://example.org/p3", "https://example.org/p4", at.Add(5*time.Hour), htmlFor("Title 3", text),
		Redirect{"https://example.org/p3", 301})
	if res, err := a.Record(context.Background(), f, art("https://example.org/p4", "Title 3", text)); err != nil || len(res.Renamed) != 1 {
		t.Fatalf("rename: %+v %v", res, err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readEverything opens the file at path read-only and runs every read over
// it; damage may give errors, never a panic or a fault.
func readEverything(t testing.TB, path string) error {
	a, err := Open(path, &Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer a.Close()
	ctx := context.Background()
	// Open walked the page trees (the file is not marked clean), so
	// every read below ends: with an answer or an error.
	_, verr := a.Verify(ctx)
	_, _ = a.Stats(ctx)
	_ = a.Export(ctx, ExportFilter{AllVersions: true}, func(r *Record) error {
		if p, err := a.Page(ctx, r.URL); err == nil && p.MovedTo != "" {
			_, _ = a.Page(ctx, p.MovedTo)
		}
		_, _ = a.Version(ctx, r.URL, r.Version)
		_, _ = a.History(ctx, r.URL)
		_, _ = a.Raw(ctx, r.URL, r.Version)
		return nil
	})
	return verr
}

// salvageDamaged reads the damaged file at path as verify and salvage
// do: past its damage, into a new archive.
func salvageDamaged(t testing.TB, path, dir string) {
	ctx := context.Background()
	_, _ = VerifyDamaged(ctx, path)
	src, _, err := OpenRescued(ctx, path, dir)
	if err != nil {
		return
	}
	defer src.Close()
	dst, err := Open(filepath.Join(dir, "salvaged.db"), &Options{noSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if _, err := Salvage(ctx, src, dst, nil); err != nil && !errors.Is(err, ErrCorrupt) {
		t.Errorf("salvage: %v", err)
	}
	if rep, err := dst.Verify(ctx); err != nil {
		t.Errorf("the salvaged archive does not verify: %v\n%v", err, rep.Problems)
	}
}

// FuzzOpen feeds damaged archive files to Open and the read path. Its
// seeds (a real archive, and copies with flipped bytes and cuts) run under
// go test.
func FuzzOpen(f *testing.F) {
	good := smallArchive(f)
	f.Add(good)
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 6; i++ {
		b := append([]byte(nil), good...)
		for j := 0; j < 20; j++ {
			b[8192+rng.Intn(len(b)-8192)] ^= byte(1 + rng.Intn(255))
		}
		f.Add(b)
	}
	f.Add(good[:len(good)/2])
	f.Add([]byte{})
	cyclic, _ := cyclicBucket(f, 20, bVMeta)
	if b, err := os.ReadFile(cyclic); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "a.db")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := readEverything(t, path); errors.Is(err, ErrCorrupt) {
			salvageDamaged(t, path, dir)
		}
	})
}

// A truncated archive is refused before it is mapped, with ErrTruncated;
// an empty file is not made into an archive; flipped bytes are reported
// by Verify and by reads as errors.
func TestDamagedArchiveFiles(t *testing.T) {
	good := smallArchive(t)
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, ro := range []bool{true, false} {
		_, err := Open(write("cut.db", good[:len(good)/2]), &Options{ReadOnly: ro})
		if !errors.Is(err, ErrTruncated) || !errors.Is(err, ErrCorrupt) {
			t.Errorf("truncated file, read-only %v: %v, want ErrTruncated", ro, err)
		}
		empty := write("empty.db", nil)
		_, err = Open(empty, &Options{ReadOnly: ro})
		if !errors.Is(err, ErrEmpty) || !errors.Is(err, ErrNotArchive) {
			t.Errorf("empty file, read-only %v: %v, want ErrEmpty", ro, err)
		}
		if fi, _ := os.Stat(empty); fi.Size() != 0 {
			t.Errorf("empty file written to: %d bytes", fi.Size())
		}
	}
	rng := rand.New(rand.NewSource(7))
	reported := 0
	for i := 0; i < 20; i++ {
		b := append([]byte(nil), good...)
		for j := 0; j < 20; j++ {
			b[8192+rng.Intn(len(b)-8192)] ^= byte(1 + rng.Intn(255))
		}
		if err := readEverything(t, write(fmt.Sprintf("flip%d.db", i), b)); err != nil {
			reported++
		}
	}
	if reported == 0 {
		t.Error("20 files with flipped bytes all verified clean")
	}
	// A new archive is private to its owner.
	a, path := openTest(t, nil)
	a.Close()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("new archive mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
}

// Export with OnBadRecord skips a version whose article cannot be read,
// names it, and goes on.
func TestExportSkipsBadRecords(t *testing.T) {
	a, _ := openTest(t, nil)
	defer a.Close()
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	var results []Result
	for i := 0; i < 3; i++ {
		results = append(results, record(t, a, fmt.Sprintf("https://example.org/p%d", i), at,
			fmt.Sprintf("Title %d", i), fmt.Sprintf("Body text number %d with enough words to be an article.", i)))
	}
	err := a.guardedUpdate(func(tx *bolt.Tx) error {
		k := tx.Bucket(bSeq).Get(u64(results[1].Seq))
		return tx.Bucket(bVArticle).Put(k, []byte("not s2 at all"))
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := a.Export(ctx, ExportFilter{}, func(*Record) error { return nil }); !errors.Is(err, ErrCorrupt) {
		t.Errorf("export without OnBadRecord: %v, want ErrCorrupt", err)
	}
	var got, bad []string
	f := ExportFilter{OnBadRecord: func(seq uint64, url string, err error) {
		bad = append(bad, fmt.Sprintf("%d %s", seq, url))
	}}
	if err := a.Export(ctx, f, func(r *Record) error { got = append(got, r.URL); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(bad) != 1 || bad[0] != fmt.Sprintf("%d %s", results[1].Seq, results[1].URL) {
		t.Errorf("exported %v, skipped %v; want p0, p2 and p1 named", got, bad)
	}
}
