package archive

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// snapshot is what a reader can ask of an archive about the given URLs,
// minus what a salvage renumbers (seqs).
func snapshot(t *testing.T, a *Archive, urls []string) map[string]any {
	t.Helper()
	ctx := context.Background()
	out := map[string]any{}
	for _, u := range urls {
		p, err := a.Page(ctx, u)
		if err != nil {
			out[u] = err.Error()
			continue
		}
		out[u+" page"] = *p
		h, _ := a.History(ctx, u)
		for i := range h {
			h[i].Seq = 0
		}
		out[u+" history"] = h
		f, _ := a.Fetches(ctx, u, 0)
		out[u+" fetches"] = f
		if p.Versions > 0 {
			r, err := a.Version(ctx, u, 0)
			if err == nil {
				r.Seq = 0
			}
			out[u+" latest"] = r
		}
	}
	runs, _ := a.Runs(ctx, 0)
	out["runs"] = runs
	kv, _ := a.KV("frontier").Scan(nil, 0)
	out["kv"] = kv
	st, _ := a.Stats(ctx)
	st.ID, st.LastSeq, st.StoredBytes = "", 0, 0
	out["stats"] = *st
	return out
}

// Salvage carries everything an archive knows, not only versions:
// aliases, gone and failed pages, validators, the fetch log, runs and the
// key-value namespaces.
func TestSalvageCarriesPageState(t *testing.T) {
	ctx := context.Background()
	src, _ := openTest(t, nil)
	urls := []string{"https://ex.org/a", "https://ex.org/b", "https://ex.org/c", "https://ex.org/failed"}
	record(t, src, urls[0], t0, "A", "first text of a")
	record(t, src, urls[0], t0.Add(time.Hour), "A", "first text of a") // unchanged
	record(t, src, urls[0], t0.Add(2*time.Hour), "A", "second text of a, longer")
	f := fetch("https://ex.org/b?utm_source=x&id=2", t0, htmlFor("B", "text of b"))
	f.FinalURL = "https://ex.org/b"
	f.Header.Set("ETag", `"b1"`)
	if _, err := src.Record(ctx, f, art(urls[1], "B", "text of b")); err != nil {
		t.Fatal(err)
	}
	if _, err := src.Record(ctx, Fetch{URL: urls[1], Status: 304, FetchedAt: t0.Add(time.Hour)}, nil); err != nil {
		t.Fatal(err)
	}
	record(t, src, urls[2], t0, "C", "text of c")
	if _, err := src.Record(ctx, Fetch{URL: urls[2], Status: 410, FetchedAt: t0.Add(3 * time.Hour)}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := src.RecordFailure(ctx, fetch(urls[3], t0, "challenge"), "challenge page"); err != nil {
		t.Fatal(err)
	}
	if _, err := src.RecordFailure(ctx, fetch(urls[0], t0.Add(4*time.Hour), "x"), "paywall"); err != nil {
		t.Fatal(err)
	}
	run, err := src.StartRun(ctx, "https://ex.org/")
	if err != nil {
		t.Fatal(err)
	}
	run.Counts["fetched"] = 7
	if err := src.FinishRun(ctx, run); err != nil {
		t.Fatal(err)
	}
	if err := src.KV("frontier").Put([]byte("https://ex.org/next"), []byte("queued")); err != nil {
		t.Fatal(err)
	}
	dst := salvageWhole(t, src, 4, append(urls, "https://ex.org/b?id=2"))
	if dst.ID() == src.ID() {
		t.Error("the salvaged archive has the original's id")
	}
}

// salvageWhole salvages the sound archive src into a new one, which it
// returns, and checks that it copied versions versions and reads as src
// does for urls.
func salvageWhole(t *testing.T, src *Archive, versions int, urls []string) *Archive {
	t.Helper()
	dst, err := Open(filepath.Join(t.TempDir(), "new.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mustVerifyClose(t, dst) })
	var bad []string
	st, err := Salvage(context.Background(), src, dst, func(seq uint64, url string, err error) { bad = append(bad, fmt.Sprint(seq, url, err)) })
	if err != nil || len(bad) > 0 || st.Versions != versions {
		t.Fatalf("salvage: %+v %v %v", st, err, bad)
	}
	want, got := snapshot(t, src, urls), snapshot(t, dst, urls)
	for k := range want {
		if !reflect.DeepEqual(want[k], got[k]) {
			t.Errorf("%s differs after salvage:\n got %+v\nwant %+v", k, got[k], want[k])
		}
	}
	return dst
}

// TestSalvageKeepsEveryVersion: a page that went gone and came back with
// the same text has two versions; salvage copied the second as an
// unchanged fetch of the first, so a sound archive's salvage lost it and
// called the archive damaged ("1 of its 2 versions could not be copied").
func TestSalvageKeepsEveryVersion(t *testing.T) {
	ctx := context.Background()
	src, _ := openTest(t, nil)
	u := "https://ex.org/back"
	record(t, src, u, t0, "Back", "the text that comes back")
	if _, err := src.Record(ctx, Fetch{URL: u, Status: 404, FetchedAt: t0.Add(time.Hour)}, nil); err != nil {
		t.Fatal(err)
	}
	record(t, src, u, t0.Add(2*time.Hour), "Back", "the text that comes back")
	salvageWhole(t, src, 2, []string{u})
}

// A file whose page trees are damaged (here a cycle in the seq index) is
// read past its damage: every version is salvaged from its own record.
func TestSalvageRescuedCycle(t *testing.T) {
	ctx := context.Background()
	path, page := cyclicArchive(t, 400)
	src, damage, err := OpenRescued(ctx, path, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(damage) == 0 || !containsStr(damage[0], fmt.Sprint("page ", page)) {
		t.Errorf("damage %q does not name page %d", damage, page)
	}
	dst, err := Open(filepath.Join(t.TempDir(), "new.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer mustVerifyClose(t, dst)
	st, err := Salvage(ctx, src, dst, nil)
	src.Close()
	if err != nil || st.Versions != 400 || st.Skipped != 0 {
		t.Errorf("salvaged %+v (%v), want all 400 versions", st, err)
	}
	rep, err := VerifyDamaged(ctx, path)
	if err == nil || rep.DamagedPages == 0 || !containsStr(rep.Problems[0], fmt.Sprint("page ", page)) {
		t.Errorf("verify of the cyclic file: %v %+v", err, rep)
	}
}

// exportAll returns every version of a, as JSON without its seq, keyed by
// URL and version.
func exportAll(t *testing.T, a *Archive) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := a.Export(context.Background(), ExportFilter{AllVersions: true, OnBadRecord: func(uint64, string, error) {}}, func(r *Record) error {
		r.Seq = 0
		b, err := json.Marshal(r)
		out[fmt.Sprintf("%s v%d", r.URL, r.Version)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Random damage, salvaged: every version in the new archive is as it was
// in the original, or salvage named its URL; and the new archive verifies.
func TestSalvageRandomDamage(t *testing.T) {
	ctx := context.Background()
	src, path := openTest(t, nil)
	for i := 0; i < 30; i++ {
		u := fmt.Sprintf("https://example.org/p%d", i%12)
		record(t, src, u, t0.Add(time.Duration(i)*time.Hour), fmt.Sprintf("Title %d", i%12),
			fmt.Sprintf("Body text number %d with enough words to be an article, edition %d.", i%12, i/12))
	}
	if _, err := src.Record(ctx, Fetch{URL: "https://example.org/p3", Status: 410, FetchedAt: t0.Add(99 * time.Hour)}, nil); err != nil {
		t.Fatal(err)
	}
	want := exportAll(t, src)
	mustVerifyClose(t, src)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	copies := 40
	if s := os.Getenv("SALVAGE_DAMAGE_COPIES"); s != "" {
		fmt.Sscan(s, &copies) // more, to hunt
	}
	rng := rand.New(rand.NewSource(11))
	for i := 0; i < copies; i++ {
		b := append([]byte(nil), good...)
		for j := 0; j < 10; j++ {
			b[8192+rng.Intn(len(b)-8192)] ^= byte(1 + rng.Intn(255))
		}
		dir := t.TempDir()
		p := filepath.Join(dir, "d.db")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		a, err := Open(p, &Options{ReadOnly: true})
		var damage []string
		if errors.Is(err, ErrCorrupt) {
			a, damage, err = OpenRescued(ctx, p, dir)
		}
		// When the last commit's tree is lost, the file is read as of the
		// commit before: every version as it was then, which that one
		// problem names as a whole.
		older := slices.ContainsFunc(damage, func(d string) bool { return strings.Contains(d, "read as of the one before") })
		if err != nil {
			t.Logf("damaged copy %d: %v", i, err)
			continue
		}
		dst, err := Open(filepath.Join(dir, "new.db"), nil)
		if err != nil {
			t.Fatal(err)
		}
		named := map[string]bool{}
		if _, err := Salvage(ctx, a, dst, func(_ uint64, url string, _ error) {
			named[url] = true
			if n, err := NormalizeURL(url); err == nil { // as the new archive files it
				named[n] = true
			}
		}); err != nil {
			t.Errorf("damaged copy %d: salvage: %v", i, err)
		}
		a.Close()
		for k, g := range exportAll(t, dst) {
			url := k[:len(k)-len(" v")-1]
			if w := want[k]; w != g && !named[url] && !older {
				t.Errorf("damaged copy %d: %s salvaged unlike the original, unnamed (named: %v):\n got %s\nwant %s", i, k, named, g, w)
			}
		}
		mustVerifyClose(t, dst)
	}
}

// TestSalvageCarriesRenames: a salvaged archive keeps the rename links
// (Page.MovedTo, MovedAt, MovedFrom), a chain of two renames included;
// before, history and show of the old URL stopped at the rename again.
func TestSalvageCarriesRenames(t *testing.T) {
	ctx := context.Background()
	src, _ := openTest(t, nil)
	const (
		first  = "https://think.example/2025/first-slug"
		second = "https://think.example/2025/second-slug"
		third  = "https://think.example/2025/third-slug"
	)
	record(t, src, first, t0, "Report", "the first text of the report")
	record(t, src, second, t0.Add(time.Hour), "Report", "the report as it reads now")
	move := func(from, to string, at time.Time, text string) {
		t.Helper()
		if _, err := src.Record(ctx, redirected(from, to, at, htmlFor("Report", text), Redirect{from, 301}), art(to, "Report", text)); err != nil {
			t.Fatal(err)
		}
	}
	move(first, second, t0.Add(2*time.Hour), "the report as it reads now")
	record(t, src, third, t0.Add(3*time.Hour), "Report", "the report as it reads last")
	move(second, third, t0.Add(4*time.Hour), "the report as it reads last")
	for _, c := range [][2]string{{first, second}, {second, third}} {
		if p, err := src.Page(ctx, c[0]); err != nil || p.MovedTo != c[1] {
			t.Fatalf("source: %s moved to %q, %v", c[0], p.MovedTo, err)
		}
	}
	salvageWhole(t, src, 3, []string{first, second, third})
}
