package archive

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// renamedArchive makes, at path, an archive of two renames: old → nu
// and then a second article, old2 → nu2. It returns it closed.
func renamedArchive(t *testing.T, path string) (old, nu, old2, nu2 string) {
	t.Helper()
	ctx := context.Background()
	old, nu = "https://think.example/2025/old-slug", "https://think.example/2025/new-slug"
	old2, nu2 = "https://think.example/2025/second", "https://think.example/2025/second-renamed"
	a, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range [][2]string{{old, nu}, {old2, nu2}} {
		base := t0.Add(time.Duration(i) * 24 * time.Hour)
		text := fmt.Sprintf("report %d as it reads now", i)
		record(t, a, m[0], base, "Report", fmt.Sprintf("report %d as it first read", i))
		record(t, a, m[1], base.Add(time.Hour), "Report", text)
		res, err := a.Record(ctx, redirected(m[0], m[1], base.Add(2*time.Hour), htmlFor("Report", text), Redirect{m[0], 301}), art(m[1], "Report", text))
		if err != nil || !slices.Equal(res.Renamed, []string{m[0]}) {
			t.Fatalf("rename %s: %q, %v", m[0], res.Renamed, err)
		}
	}
	mustVerifyClose(t, a)
	return
}

// rewritePages changes the page records of the closed archive at path
// with fn, which gets each record decoded (its rename links from the
// renames bucket, as getPage reads them) and returns the bytes to store.
func rewritePages(t *testing.T, path string, fn func(pr *pageRec) []byte) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		var prs []*pageRec
		err := tx.Bucket(bPages).ForEach(func(k, _ []byte) error {
			pr, err := getPage(tx, binary.BigEndian.Uint64(k))
			prs = append(prs, pr)
			return err
		})
		if err != nil {
			return err
		}
		for _, pr := range prs {
			if err := tx.Bucket(bPages).Put(u64(pr.ID), fn(pr)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// withSum is a record as page records are stored: JSON, a zero byte, the
// CRC-32C of the JSON.
func withSum(t *testing.T, v any) []byte {
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	j = append(j, 0)
	return binary.BigEndian.AppendUint32(j, crc32.Checksum(j[:len(j)-1], crcTable))
}

// checkRenamed fails unless the pages read as renamed: old moved to nu
// (dated) and nu moved from old.
func checkRenamed(t *testing.T, r Reader, old, nu string) {
	t.Helper()
	ctx := context.Background()
	op, err := r.Page(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	np, err := r.Page(ctx, nu)
	if err != nil {
		t.Fatal(err)
	}
	if op.MovedTo != nu || op.MovedAt.IsZero() || !slices.Equal(np.MovedFrom, []string{old}) {
		t.Fatalf("not renamed: %s moved to %q at %v; %s moved from %q", old, op.MovedTo, op.MovedAt, nu, np.MovedFrom)
	}
}

// TestRenamesOldLayout: an archive whose page records carry the rename
// links (as archivist wrote them before the renames bucket) reads them
// read-only without changing the file; its first writable open moves
// them to the bucket, and gives back a moved_from an older binary's write
// dropped (the moved page still says where it went).
func TestRenamesOldLayout(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old-layout.db")
	old, nu, old2, nu2 := renamedArchive(t, path)
	// The old layout: links in the records (encoded as the fields were
	// then, beside the others), no renames bucket. nu2's record lost its
	// moved_from to an older binary's rewrite.
	rewritePages(t, path, func(pr *pageRec) []byte {
		if pr.URL == nu2 {
			pr.MovedFrom = nil
		}
		return withSum(t, pr)
	})
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bMeta).Delete(kRenamesMade); err != nil {
			return err
		}
		return tx.DeleteBucket(bRenames)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	r, err := Open(path, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	checkRenamed(t, r, old, nu)
	exported := map[string]Record{}
	if err := r.Export(ctx, ExportFilter{}, func(rec *Record) error { exported[rec.URL] = *rec; return nil }); err != nil {
		t.Fatal(err)
	}
	if exported[old].MovedTo != nu || !slices.Equal(exported[nu].MovedFrom, []string{old}) || exported[old2].MovedTo != nu2 {
		t.Errorf("read-only export of the old layout: %q, %q, %q", exported[old].MovedTo, exported[nu].MovedFrom, exported[old2].MovedTo)
	}
	if rep, err := r.Verify(ctx); err != nil {
		t.Errorf("verify of the old layout: %v %q", err, rep.Problems)
	}
	r.Close()
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("a read-only open changed the file")
	}

	a, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkRenamed(t, a, old, nu)
	checkRenamed(t, a, old2, nu2) // nu2's moved_from is back
	err = a.view(func(tx *bolt.Tx) error {
		if n := tx.Bucket(bRenames).Stats().KeyN; n != 4 {
			t.Errorf("%d pages' links in the renames bucket, want 4", n)
		}
		return tx.Bucket(bPages).ForEach(func(k, v []byte) error {
			if bytes.Contains(v, []byte(`"moved_`)) {
				t.Errorf("page record %x still carries rename links: %s", k, v)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	mustVerifyClose(t, a)
}

// pageRecF5f891c is the page record of archivist f5f891c, the last
// release from before renames: what an older binary re-encodes a page
// record as (rewriting it for each fetch landing on the page).
type pageRecF5f891c struct {
	ID           uint64    `json:"id"`
	URL          string    `json:"url"`
	Site         string    `json:"site"`
	Aliases      []string  `json:"aliases,omitempty"`
	Versions     int       `json:"versions"`
	FirstSeen    time.Time `json:"first_seen"`
	LastSeen     time.Time `json:"last_seen,omitzero"`
	LastFetched  time.Time `json:"last_fetched"`
	GoneSince    time.Time `json:"gone_since,omitzero"`
	GoneStatus   int       `json:"gone_status,omitempty"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastFailure  string    `json:"last_failure,omitempty"`
	Fetches      uint32    `json:"fetches"`
	Hash         string    `json:"hash,omitempty"`
	HeadSeq      uint64    `json:"head_seq,omitempty"`
}

// TestRenamesKeptByOlderBinary: an older binary rewriting both renamed
// pages' records (decoding them into its page record, which has no rename
// fields, and encoding that, as its fetches do) leaves the rename whole.
func TestRenamesKeptByOlderBinary(t *testing.T) {
	path := filepath.Join(t.TempDir(), "renamed.db")
	old, nu, _, _ := renamedArchive(t, path)
	rewritePages(t, path, func(pr *pageRec) []byte {
		j, err := json.Marshal(pr) // the record with its links, as they were once stored
		if err != nil {
			t.Fatal(err)
		}
		var o pageRecF5f891c
		if err := json.Unmarshal(j, &o); err != nil {
			t.Fatal(err)
		}
		o.LastFetched = o.LastFetched.Add(time.Minute)
		return withSum(t, &o)
	})
	a, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkRenamed(t, a, old, nu)
	mustVerifyClose(t, a)
}

// TestRenameCrashKill9: renames are written in the fetch's transaction.
// A child process records pages and renames them (a fetch of the old URL
// through a 301) with several writers, and is killed at random moments;
// after each kill the archive verifies (every moved page is listed by the
// page it moved to), every rename the child reported is there both ways,
// and no page lists a page moved from it that does not say it moved.
func TestRenameCrashKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns and kills processes")
	}
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewSource(seed))
	db := filepath.Join(t.TempDir(), "crash.db")
	ctx := context.Background()
	var moves [][2]string
	const rounds = 8
	for round := range rounds {
		cmd := childCmd(t, "rename", db)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		got := make(chan [][2]string)
		first := make(chan struct{})
		go func() {
			var ms [][2]string
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				if f := strings.Fields(sc.Text()); len(f) == 3 && f[0] == "moved" {
					if len(ms) == 0 {
						close(first)
					}
					ms = append(ms, [2]string{f[1], f[2]})
				}
			}
			got <- ms
		}()
		if round%2 == 1 {
			select {
			case <-first:
			case <-time.After(30 * time.Second):
			}
		}
		time.Sleep(time.Duration(rng.Intn(250)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		moves = append(moves, <-got...)
		_ = cmd.Wait()

		a, err := Open(db, &Options{Timeout: 2 * time.Second})
		if err != nil {
			t.Fatalf("round %d: open after kill: %v", round, err)
		}
		if rep, err := a.Verify(ctx); err != nil {
			t.Fatalf("round %d: verify: %v %v", round, err, rep.Problems)
		}
		for _, m := range moves {
			checkRenamed(t, a, m[0], m[1])
		}
		err = a.Export(ctx, ExportFilter{}, func(r *Record) error {
			for _, from := range r.MovedFrom {
				if p, err := a.Page(ctx, from); err != nil || p.MovedTo != r.URL {
					t.Errorf("round %d: %s moved from %s, which says it moved to %q (%v)", round, r.URL, from, p.MovedTo, err)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		a.Close()
		t.Logf("round %d: %d renames reported so far", round, len(moves))
	}
	if len(moves) == 0 {
		t.Fatal("the child never reported a rename")
	}
}

// childRename renames pages as fast as it can with four writers: each
// records an article, then a copy at a second URL, then a fetch of the
// first URL through a 301 to the second, printing "moved OLD NEW" once
// that has returned (is committed), until killed.
func childRename(db string) int {
	a, err := Open(db, &Options{Timeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx := context.Background()
	results := make(chan string, 64)
	for w := range 4 {
		go func() {
			for i := 0; ; i++ {
				old := fmt.Sprintf("https://rename.example/%d/%d/%d/old", os.Getpid(), w, i)
				nu := strings.TrimSuffix(old, "old") + "new"
				at := time.Now()
				text := fmt.Sprintf("report %d of worker %d, as it reads now", i, w)
				for _, f := range []struct {
					fetch     Fetch
					url, text string
				}{
					{fetch(old, at, htmlFor("T", "first "+text)), old, "first " + text},
					{fetch(nu, at.Add(time.Millisecond), htmlFor("T", text)), nu, text},
					{redirected(old, nu, at.Add(2*time.Millisecond), htmlFor("T", text), Redirect{old, 301}), nu, text},
				} {
					res, err := a.Record(ctx, f.fetch, art(f.url, "T", f.text))
					if err != nil {
						fmt.Fprintln(os.Stderr, err)
						os.Exit(1)
					}
					if len(res.Renamed) > 0 {
						results <- fmt.Sprintf("moved %s %s", res.Renamed[0], res.URL)
					}
				}
			}
		}()
	}
	out := bufio.NewWriter(os.Stdout)
	for line := range results {
		fmt.Fprintln(out, line)
		if len(results) == 0 {
			out.Flush()
		}
	}
	return 0
}

// TestVerifyRenames: verify names what is wrong in the renames bucket.
func TestVerifyRenames(t *testing.T) {
	ctx := context.Background()
	put := func(l renameLinks) []byte {
		v, err := encodeRenames(&l)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		name, want string
		damage     func(b *bolt.Bucket, oldID, nuID uint64) error
	}{
		{"one way", "whose moved_from does not list it", func(b *bolt.Bucket, _, nuID uint64) error {
			return b.Delete(u64(nuID))
		}},
		{"no page", "no such page", func(b *bolt.Bucket, _, _ uint64) error {
			return b.Put(u64(999), put(renameLinks{MovedFrom: []string{"https://think.example/2025/old-slug"}}))
		}},
		{"not archived", "which is not archived", func(b *bolt.Bucket, oldID, _ uint64) error {
			return b.Put(u64(oldID), put(renameLinks{MovedTo: "https://think.example/2025/never", MovedAt: t0}))
		}},
		{"checksum", "do not match their checksum", func(b *bolt.Bucket, oldID, _ uint64) error {
			v := clone(b.Get(u64(oldID)))
			v[3] ^= 0x20
			return b.Put(u64(oldID), v)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "renamed.db")
			old, nu, _, _ := renamedArchive(t, path)
			db, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = db.Update(func(tx *bolt.Tx) error {
				return c.damage(tx.Bucket(bRenames), lookupID(tx, old), lookupID(tx, nu))
			})
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			rep, err := VerifyFile(ctx, path)
			if err == nil || !strings.Contains(strings.Join(rep.Problems, "\n"), c.want) {
				t.Fatalf("verify: %v, problems %q; want one saying %q", err, rep.Problems, c.want)
			}
		})
	}
}

// TestRenameExportAfterSeq: a rename gives both pages' latest versions a
// new seq, so an export after the last seq seen lists them with their new
// links, though neither changed; so does a RecordMove, and a move undone.
func TestRenameExportAfterSeq(t *testing.T) {
	ctx := context.Background()
	const (
		old = "https://think.example/2025/old-slug"
		nu  = "https://think.example/2025/new-slug"
	)
	since := func(a *Archive, after uint64) (map[string]Record, uint64) {
		t.Helper()
		got, last := map[string]Record{}, after
		err := a.Export(ctx, ExportFilter{AfterSeq: after}, func(r *Record) error {
			got[r.URL], last = *r, max(last, r.Seq)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got, last
	}
	text := "the report as it reads now"
	for _, how := range []string{"fetch", "RecordMove"} {
		t.Run(how, func(t *testing.T) {
			a, _ := openTest(t, nil)
			record(t, a, old, t0, "Report", "the first text of the report")
			record(t, a, nu, t0.Add(time.Hour), "Report", text)
			_, last := since(a, 0)
			if how == "fetch" {
				// Through the redirect, the new page's content unchanged.
				res, err := a.Record(ctx, redirected(old, nu, t0.Add(2*time.Hour), htmlFor("Report", text), Redirect{old, 301}), art(nu, "Report", text))
				if err != nil || res.Outcome != OutcomeUnchanged || len(res.Renamed) != 1 {
					t.Fatalf("rename: %+v, %v", res, err)
				}
			} else if news, err := a.RecordMove(ctx, old, nu, t0.Add(2*time.Hour)); err != nil || !news {
				t.Fatalf("RecordMove: %v, %v", news, err)
			}
			got, next := since(a, last)
			if len(got) != 2 || got[old].MovedTo != nu || !slices.Equal(got[nu].MovedFrom, []string{old}) {
				t.Fatalf("export after seq %d: %v", last, got)
			}
			if got[old].Version != 1 || got[nu].Version != 1 {
				t.Errorf("versions %d, %d: a rename adds none", got[old].Version, got[nu].Version)
			}
			// Nothing new: nothing listed.
			if got, _ := since(a, next); len(got) != 0 {
				t.Errorf("export after seq %d, nothing changed since: %v", next, got)
			}
			// The move undone: the old URL answers again.
			if _, err := a.Record(ctx, fetch(old, t0.Add(3*time.Hour), htmlFor("Report", "the first text of the report")), art(old, "Report", "the first text of the report")); err != nil {
				t.Fatal(err)
			}
			if got, _ := since(a, next); len(got) != 1 || got[old].MovedTo != "" {
				t.Errorf("export after the move was undone: %v", got)
			}
		})
	}
}

// TestRenamesByLayoutBefore: archivist of 2026-12-07/08 (3428ecb, renames
// in the page records) writing to an archive that has the renames bucket
// records its renames in the page records, and reads and rewrites only
// those. Those it records into a page the bucket has links for (more
// pages moved into nu) must be read both ways by this binary, verify, and
// end in the bucket at this binary's next write of the page; a move it
// records later than the bucket's wins (old2 moved on from nu2 to nu).
func TestRenamesByLayoutBefore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "renamed.db")
	old, nu, old2, nu2 := renamedArchive(t, path)
	third := "https://think.example/2025/third"
	a, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	record(t, a, third, t0.Add(72*time.Hour), "Report", "a third report")
	mustVerifyClose(t, a)

	// 3428ecb's writes: its getPage decodes the record alone and its
	// putPage stores the links in the record (as withSum(pr) does). It
	// records third → nu, and old2 → nu (old2 moved on from nu2).
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	at := t0.Add(96 * time.Hour)
	err = db.Update(func(tx *bolt.Tx) error {
		rec := func(u string) *pageRec {
			pr, err := decodePage(tx.Bucket(bPages).Get(u64(lookupID(tx, u))))
			if err != nil {
				t.Fatal(err)
			}
			return pr
		}
		th, o2, n := rec(third), rec(old2), rec(nu)
		th.MovedTo, th.MovedAt = nu, at
		o2.MovedTo, o2.MovedAt = nu, at
		n.MovedFrom = append(n.MovedFrom, third, old2)
		for _, pr := range []*pageRec{th, o2, n} {
			if err := tx.Bucket(bPages).Put(u64(pr.ID), withSum(t, pr)); err != nil {
				return err
			}
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	check := func(r Reader) {
		t.Helper()
		np, err := r.Page(ctx, nu)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{old, third, old2}; !slices.Equal(np.MovedFrom, want) {
			t.Errorf("%s moved from %q, want %q", nu, np.MovedFrom, want)
		}
		for _, u := range []string{old, third, old2} {
			if p, err := r.Page(ctx, u); err != nil || p.MovedTo != nu {
				t.Errorf("%s moved to %q (%v), want %s", u, p.MovedTo, err, nu)
			}
		}
		if p, err := r.Page(ctx, nu2); err != nil || !slices.Equal(p.MovedFrom, []string{old2}) {
			t.Errorf("%s moved from %q (%v)", nu2, p.MovedFrom, err)
		}
	}
	r, err := Open(path, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	check(r)
	if rep, err := r.Verify(ctx); err != nil {
		t.Errorf("verify: %v %q", err, rep.Problems)
	}
	r.Close()

	// This binary's next writes of the pages move the links to the bucket.
	a, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Record(ctx, fetch(nu, at.Add(time.Hour), htmlFor("Report", "revised")), art(nu, "Report", "revised")); err != nil {
		t.Fatal(err)
	}
	_ = a.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bPages).Get(u64(lookupID(tx, nu))); bytes.Contains(v, []byte(`"moved_`)) {
			t.Errorf("%s's record still carries rename links: %s", nu, v)
		}
		return nil
	})
	np, err := a.Page(ctx, nu)
	if err != nil || !slices.Equal(np.MovedFrom, []string{old, third, old2}) {
		t.Errorf("after a write: %s moved from %q (%v)", nu, np.MovedFrom, err)
	}
	mustVerifyClose(t, a)
}

// TestRenameRepeatedNoSeq: a crawl that keeps finding the old URL
// redirecting (every crawl asks it again) records the rename once: later
// fetches through the same 301s give no page a new seq, so an incremental
// export does not send the pages again and again. Walked through a chain
// A→B→C (A redirecting through B), a move back C→A, and stats after each.
func TestRenameRepeatedNoSeq(t *testing.T) {
	ctx := context.Background()
	const (
		a1 = "https://think.example/2025/a"
		b1 = "https://think.example/2025/b"
		c1 = "https://think.example/2025/c"
	)
	a, _ := openTest(t, nil)
	record(t, a, a1, t0, "Report", "first")
	record(t, a, b1, t0.Add(time.Hour), "Report", "second")
	record(t, a, c1, t0.Add(2*time.Hour), "Report", "third")
	at := t0.Add(3 * time.Hour)
	crawl := func(f Fetch, final, text string) Result {
		t.Helper()
		at = at.Add(time.Hour)
		f.FetchedAt = at
		res, err := a.Record(ctx, f, art(final, "Report", text))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	lastSeq := func() uint64 {
		t.Helper()
		st, err := a.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Pages != 3 || st.Versions != 3 {
			t.Errorf("stats: %d pages, %d versions; want 3, 3", st.Pages, st.Versions)
		}
		return st.LastSeq
	}
	steps := []struct {
		name        string
		fetch       Fetch
		final, text string
		renamed     []string
	}{
		{"A→B", redirected(a1, b1, at, htmlFor("Report", "second"), Redirect{a1, 301}), b1, "second", []string{a1}},
		{"B→C, A through B", redirected(a1, c1, at, htmlFor("Report", "third"), Redirect{a1, 301}, Redirect{b1, 301}), c1, "third", []string{a1, b1}},
		{"C→A", redirected(c1, a1, at, htmlFor("Report", "first"), Redirect{c1, 301}), a1, "first", []string{c1}},
	}
	for _, s := range steps {
		before := lastSeq()
		if res := crawl(s.fetch, s.final, s.text); !slices.Equal(res.Renamed, s.renamed) {
			t.Fatalf("%s: renamed %q, want %q", s.name, res.Renamed, s.renamed)
		}
		seq := lastSeq()
		if seq == before {
			t.Errorf("%s: no new seq", s.name)
		}
		for i := range 3 {
			if res := crawl(s.fetch, s.final, s.text); len(res.Renamed) != 0 || res.Outcome != OutcomeUnchanged {
				t.Errorf("%s again (%d): %+v", s.name, i, res)
			}
			// The target answering at its own URL, too.
			crawl(fetch(s.final, at, htmlFor("Report", s.text)), s.final, s.text)
		}
		if got := lastSeq(); got != seq {
			t.Errorf("%s crawled again: last seq %d, was %d", s.name, got, seq)
		}
		var n int
		if err := a.Export(ctx, ExportFilter{AfterSeq: seq}, func(*Record) error { n++; return nil }); err != nil || n != 0 {
			t.Errorf("%s: export after seq %d lists %d records (%v)", s.name, seq, n, err)
		}
	}
	p, err := a.Page(ctx, a1)
	if err != nil || p.MovedTo != "" || !slices.Equal(p.MovedFrom, []string{c1}) {
		t.Errorf("A after the move back: moved to %q, from %q (%v)", p.MovedTo, p.MovedFrom, err)
	}
	for _, u := range []string{b1, c1} {
		if p, err := a.Page(ctx, u); err != nil || p.MovedTo == "" {
			t.Errorf("%s: moved to %q (%v)", u, p.MovedTo, err)
		}
	}
	mustVerifyClose(t, a)
}

// TestRenamesBucketLost: damage that loses the renames bucket (a byte of
// its name changed, which bbolt's checks cannot see) must not pass for an
// archive from before the bucket: verify names it, salvage names it, and
// a writable open refuses the file rather than make an empty bucket in
// its place (every rename lost, unnoticed).
func TestRenamesBucketLost(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "renamed.db")
	old, nu, _, _ := renamedArchive(t, path)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, bRenames); n == 0 {
		t.Fatal("no bucket name in the file")
	}
	b = bytes.ReplaceAll(b, bRenames, []byte("renamfs"))
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}

	rep, err := VerifyFile(ctx, path)
	if err == nil || !strings.Contains(strings.Join(rep.Problems, "\n"), "renames") {
		t.Errorf("verify: %v, problems %q; want the renames bucket named", err, rep.Problems)
	}

	src, err := Open(path, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	dst, err := Open(filepath.Join(dir, "salvaged.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var named []string
	if _, err := Salvage(ctx, src, dst, func(_ uint64, url string, err error) { named = append(named, url+": "+err.Error()) }); err != nil {
		t.Fatal(err)
	}
	src.Close()
	if !slices.ContainsFunc(named, func(s string) bool { return strings.Contains(s, "renames") }) {
		t.Errorf("salvage named %q; want the renames bucket", named)
	}
	mustVerifyClose(t, dst)

	if a, err := Open(path, nil); err == nil {
		p, _ := a.Page(ctx, old)
		a.Close()
		t.Fatalf("a writable open took the file (%s now moved to %q, was %s)", old, p.MovedTo, nu)
	} else if !errors.Is(err, ErrCorrupt) {
		t.Errorf("writable open: %v, want ErrCorrupt", err)
	}
}

// TestRenamesMoveKill9: the move of the rename links at the first writable
// open of an archive from before the renames bucket is one transaction. A
// child opening such an archive (many renames, long URLs) is killed at
// random moments, on a fresh copy each time; after each kill the archive
// reads every rename both ways, read-only as left and after a writable
// open, and verifies.
func TestRenamesMoveKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns and kills processes")
	}
	ctx := context.Background()
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewSource(seed))
	dir := t.TempDir()
	pristine := filepath.Join(dir, "old-layout.db")
	a, err := Open(pristine, nil)
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("a-very-long-slug-", 100)
	const n = 300
	var moves [][2]string
	for i := range n {
		old := fmt.Sprintf("https://think.example/%d/%s/old", i, long)
		nu := fmt.Sprintf("https://think.example/%d/%s/new", i, long)
		moves = append(moves, [2]string{old, nu})
	}
	errs := make(chan error, n)
	for _, m := range moves {
		go func() {
			text := "the report as it reads now, " + m[1][len(m[1])-40:]
			for _, f := range []struct {
				fetch Fetch
				url   string
			}{
				{fetch(m[0], t0, htmlFor("T", "first "+text)), m[0]},
				{fetch(m[1], t0.Add(time.Hour), htmlFor("T", text)), m[1]},
				{redirected(m[0], m[1], t0.Add(2*time.Hour), htmlFor("T", text), Redirect{m[0], 301}), m[1]},
			} {
				body := text
				if f.url == m[0] {
					body = "first " + text
				}
				if _, err := a.Record(ctx, f.fetch, art(f.url, "T", body)); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	a.Close()
	// The old layout: links in the records, no bucket, no note of one.
	rewritePages(t, pristine, func(pr *pageRec) []byte { return withSum(t, pr) })
	db, err := bolt.Open(pristine, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bMeta).Delete(kRenamesMade); err != nil {
			return err
		}
		return tx.DeleteBucket(bRenames)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(pristine)
	if err != nil {
		t.Fatal(err)
	}

	check := func(round int, a *Archive, when string) {
		t.Helper()
		for _, m := range moves {
			op, err := a.Page(ctx, m[0])
			if err != nil {
				t.Fatalf("round %d, %s: %v", round, when, err)
			}
			np, err := a.Page(ctx, m[1])
			if err != nil {
				t.Fatalf("round %d, %s: %v", round, when, err)
			}
			if op.MovedTo != m[1] || !slices.Equal(np.MovedFrom, []string{m[0]}) {
				t.Fatalf("round %d, %s: a rename lost: moved to %q, from %q", round, when, op.MovedTo, np.MovedFrom)
			}
		}
		if rep, err := a.Verify(ctx); err != nil {
			t.Fatalf("round %d, %s: verify: %v %q", round, when, err, rep.Problems)
		}
	}
	moved := 0
	const rounds = 12
	for round := range rounds {
		path := filepath.Join(dir, fmt.Sprintf("round%d.db", round))
		if err := os.WriteFile(path, good, 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := childCmd(t, "open", path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Intn(80)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()

		r, err := Open(path, &Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("round %d: read-only open after kill: %v", round, err)
		}
		_ = r.view(func(tx *bolt.Tx) error {
			if tx.Bucket(bRenames) != nil {
				moved++
			}
			return nil
		})
		check(round, r, "as the kill left it")
		r.Close()
		a, err := Open(path, nil)
		if err != nil {
			t.Fatalf("round %d: open after kill: %v", round, err)
		}
		check(round, a, "after a writable open")
		a.Close()
		os.Remove(path)
	}
	t.Logf("%d of %d kills came after the move was committed", moved, rounds)
}

// childOpen opens the archive for writing (which moves the rename links
// of an archive from before the renames bucket) and closes it.
func childOpen(db string) int {
	a, err := Open(db, &Options{Timeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := a.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// TestRenameReadServerConcurrent: readers through the read server (as
// show, history and export reach an archive a crawl holds) while the
// crawl renames pages. A rename is seen whole: once the old page reads as
// moved, the new one lists it; an export lists every page whose rename
// was committed before it began, with the links both ways, once its last
// record of each page is taken; and an export after the last seq it gave
// lists only pages renamed since.
func TestRenameReadServerConcurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("serves a socket")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	path := filepath.Join(t.TempDir(), "a.db")
	a, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- NewReadServer(a).Serve(ctx, path) }()
	r, err := OpenReader(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, ok := r.(*RemoteReader); !ok {
		t.Fatalf("reader is %T, want the read server's client", r)
	}

	const n = 60
	moves := make(chan [2]string, n)
	go func() {
		defer close(moves)
		for i := range n {
			old := fmt.Sprintf("https://think.example/2025/%d/old", i)
			nu := fmt.Sprintf("https://think.example/2025/%d/new", i)
			at := t0.Add(time.Duration(i) * time.Hour)
			text := fmt.Sprintf("report %d as it reads now", i)
			if _, err := a.Record(ctx, fetch(old, at, htmlFor("T", "first "+text)), art(old, "T", "first "+text)); err != nil {
				t.Error(err)
				return
			}
			if _, err := a.Record(ctx, fetch(nu, at.Add(time.Minute), htmlFor("T", text)), art(nu, "T", text)); err != nil {
				t.Error(err)
				return
			}
			if _, err := a.Record(ctx, redirected(old, nu, at.Add(2*time.Minute), htmlFor("T", text), Redirect{old, 301}), art(nu, "T", text)); err != nil {
				t.Error(err)
				return
			}
			moves <- [2]string{old, nu}
		}
	}()
	var done [][2]string
	var lastSeq uint64
	for m := range moves {
		done = append(done, m)
		// One page, then the other: the second read is as new as the first.
		for _, d := range done[max(0, len(done)-5):] {
			op, err := r.Page(ctx, d[0])
			if err != nil {
				t.Fatal(err)
			}
			np, err := r.Page(ctx, d[1])
			if err != nil {
				t.Fatal(err)
			}
			if op.MovedTo != d[1] || !slices.Contains(np.MovedFrom, d[0]) {
				t.Fatalf("%s moved to %q; %s moved from %q", d[0], op.MovedTo, d[1], np.MovedFrom)
			}
			hist, err := r.History(ctx, d[0])
			if err != nil || len(hist) == 0 {
				t.Fatalf("history of %s: %v, %v", d[0], hist, err)
			}
		}
		if len(done)%10 != 0 {
			continue
		}
		last := map[string]Record{}
		var maxSeq uint64
		err := r.Export(ctx, ExportFilter{}, func(rec *Record) error {
			if p, ok := last[rec.URL]; !ok || rec.Seq > p.Seq {
				last[rec.URL] = *rec
			}
			maxSeq = max(maxSeq, rec.Seq)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range done {
			if last[d[0]].MovedTo != d[1] || !slices.Contains(last[d[1]].MovedFrom, d[0]) {
				t.Fatalf("export: %s moved to %q; %s moved from %q", d[0], last[d[0]].MovedTo, d[1], last[d[1]].MovedFrom)
			}
		}
		since := map[string]bool{}
		if err := r.Export(ctx, ExportFilter{AfterSeq: lastSeq}, func(rec *Record) error { since[rec.URL] = true; return nil }); err != nil {
			t.Fatal(err)
		}
		if lastSeq > 0 {
			for _, d := range done[:len(done)-10] {
				if since[d[0]] || since[d[1]] {
					t.Errorf("export after seq %d lists %v, renamed before it", lastSeq, d)
				}
			}
		}
		lastSeq = maxSeq
	}
	if len(done) != n {
		t.Fatalf("%d of %d renames", len(done), n)
	}
	cancel()
	if err := <-served; err != nil {
		t.Error(err)
	}
	mustVerifyClose(t, a)
}

// TestRenameManyIntoOne: more pages moved into one than its moved_from
// holds (maxAliases). Each reads as moved; the target lists the first
// maxAliases; verify accepts the full list; crawling every old URL again
// gives no new seq; the old layout's move and a salvage keep the same.
func TestRenameManyIntoOne(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "a.db")
	a, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	const target = "https://think.example/2025/digest"
	record(t, a, target, t0, "Digest", "the digest of every report")
	var olds []string
	for i := range maxAliases + 6 {
		old := fmt.Sprintf("https://think.example/2025/report-%d", i)
		olds = append(olds, old)
		record(t, a, old, t0.Add(time.Duration(i)*time.Minute), "Report", fmt.Sprintf("report %d", i))
	}
	crawl := func(a *Archive, at time.Time) (moved int) {
		t.Helper()
		for _, old := range olds {
			res, err := a.Record(ctx, redirected(old, target, at, htmlFor("Digest", "the digest of every report"), Redirect{old, 301}), art(target, "Digest", "the digest of every report"))
			if err != nil {
				t.Fatal(err)
			}
			moved += len(res.Renamed)
		}
		return moved
	}
	if moved := crawl(a, t0.Add(24*time.Hour)); moved != len(olds) {
		t.Fatalf("%d renamed, want %d", moved, len(olds))
	}
	st, _ := a.Stats(ctx)
	if moved := crawl(a, t0.Add(48*time.Hour)); moved != 0 {
		t.Errorf("crawled again: %d renamed", moved)
	}
	if st2, _ := a.Stats(ctx); st2.LastSeq != st.LastSeq {
		t.Errorf("crawled again: last seq %d, was %d", st2.LastSeq, st.LastSeq)
	}
	check := func(r Reader, when string) {
		t.Helper()
		p, err := r.Page(ctx, target)
		if err != nil || !slices.Equal(p.MovedFrom, olds[:maxAliases]) {
			t.Errorf("%s: target moved from %d pages (%v), want the first %d", when, len(p.MovedFrom), err, maxAliases)
		}
		for _, old := range olds {
			if p, err := r.Page(ctx, old); err != nil || p.MovedTo != target {
				t.Errorf("%s: %s moved to %q (%v)", when, old, p.MovedTo, err)
			}
		}
	}
	check(a, "as recorded")
	mustVerifyClose(t, a)

	// Salvaged.
	src, err := Open(path, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	dst, err := Open(filepath.Join(dir, "salvaged.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Salvage(ctx, src, dst, func(_ uint64, url string, err error) { t.Errorf("salvage: %s: %v", url, err) }); err != nil {
		t.Fatal(err)
	}
	src.Close()
	check(dst, "salvaged")
	mustVerifyClose(t, dst)

	// The old layout, moved.
	rewritePages(t, path, func(pr *pageRec) []byte { return withSum(t, pr) })
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bMeta).Delete(kRenamesMade); err != nil {
			return err
		}
		return tx.DeleteBucket(bRenames)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	a, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	check(a, "old layout moved")
	mustVerifyClose(t, a)
}

// TestSalvageDamagedRenames: salvage of an archive whose damage is in the
// rename links: one page's entry in the renames bucket (its checksum
// fails), or a page record, unreadable (its links are in the bucket).
// Salvage names what it left out, keeps every link it could read, and
// what it writes verifies. Before, a lost moved_from left the salvaged
// archive failing verify (moved to a page whose moved_from does not list
// it), and an unreadable record lost its page's links though the bucket
// had them.
func TestSalvageDamagedRenames(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		bucket []byte
		which  int // 0: old, 1: nu
	}{
		{"links of the page moved to", bRenames, 1},
		{"links of the page moved", bRenames, 0},
		{"record of the page moved to", bPages, 1},
		{"record of the page moved", bPages, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "renamed.db")
			old, nu, old2, nu2 := renamedArchive(t, path)
			db, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = db.Update(func(tx *bolt.Tx) error {
				k := u64(lookupID(tx, []string{old, nu}[c.which]))
				b := tx.Bucket(c.bucket)
				v := clone(b.Get(k))
				v[len(v)/3] ^= 0x01 // within the JSON
				return b.Put(k, v)
			})
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			src, err := Open(path, &Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			dst, err := Open(filepath.Join(dir, "salvaged.db"), nil)
			if err != nil {
				t.Fatal(err)
			}
			named := 0
			if _, err := Salvage(ctx, src, dst, func(_ uint64, url string, err error) { named++; t.Logf("named %s: %v", url, err) }); err != nil {
				t.Fatal(err)
			}
			src.Close()
			if named == 0 {
				t.Error("salvage named nothing")
			}
			checkRenamed(t, dst, old2, nu2)
			// The moved page's own links say where it went; the other
			// end's moved_from follows from them. The other way round, a
			// moved_from alone does not say the page has not answered again.
			if bytes.Equal(c.bucket, bPages) || c.which == 1 {
				checkRenamed(t, dst, old, nu)
			}
			mustVerifyClose(t, dst)
		})
	}
}

// TestRenameSeqAllVersions: the seq a rename gives is the latest
// version's only. The search index's sync reads every version after its
// last seq (AllVersions): after a rename of pages with older versions it
// gets the two latest versions once, with their links, and stats count no
// new version.
func TestRenameSeqAllVersions(t *testing.T) {
	ctx := context.Background()
	const (
		old = "https://think.example/2025/old-slug"
		nu  = "https://think.example/2025/new-slug"
	)
	a, _ := openTest(t, nil)
	record(t, a, old, t0, "Report", "the first text")
	record(t, a, old, t0.Add(time.Hour), "Report", "the second text")
	record(t, a, nu, t0.Add(2*time.Hour), "Report", "the third text")
	record(t, a, nu, t0.Add(3*time.Hour), "Report", "the text as it reads now")
	before, _ := a.Stats(ctx)
	if _, err := a.Record(ctx, redirected(old, nu, t0.Add(4*time.Hour), htmlFor("Report", "the text as it reads now"), Redirect{old, 301}), art(nu, "Report", "the text as it reads now")); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := a.Export(ctx, ExportFilter{AfterSeq: before.LastSeq, AllVersions: true}, func(r *Record) error {
		got = append(got, fmt.Sprintf("%s v%d to=%q from=%q", r.URL, r.Version, r.MovedTo, r.MovedFrom))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		fmt.Sprintf("%s v2 to=%q from=[]", old, nu),
		fmt.Sprintf("%s v2 to=\"\" from=[%q]", nu, old),
	}
	if !slices.Equal(got, want) {
		t.Errorf("after seq %d, all versions:\n got %q\nwant %q", before.LastSeq, got, want)
	}
	after, _ := a.Stats(ctx)
	if after.Versions != before.Versions || after.Pages != before.Pages || after.LastSeq != before.LastSeq+2 {
		t.Errorf("stats %+v after the rename, %+v before", after, before)
	}
	mustVerifyClose(t, a)
}

// TestRenameRandomOps: a seeded random walk of fetches over a few pages
// of one site (each at its own URL, through one or two 301s to another,
// a RecordMove, a 410). After each step the archive verifies, and the same
// step again a minute later gives no new seq and renames nothing: a crawl
// that finds what it found last time changes nothing an incremental
// export would send. Set RENAME_RANDOM_STEPS for a longer walk.
func TestRenameRandomOps(t *testing.T) {
	ctx := context.Background()
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewSource(seed))
	steps := 300
	if s := os.Getenv("RENAME_RANDOM_STEPS"); s != "" {
		fmt.Sscan(s, &steps)
	}
	a, _ := openTest(t, nil)
	const pages = 5
	url := func(i int) string { return fmt.Sprintf("https://think.example/2025/page-%d", i) }
	text := func(i, edition int) string { return fmt.Sprintf("report %d, edition %d", i, edition) }
	at := t0
	for i := range pages {
		record(t, a, url(i), at, "Report", text(i, 0))
	}
	lastSeq := func() uint64 {
		st, err := a.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st.LastSeq
	}
	for step := range steps {
		i, j, k := rng.Intn(pages), rng.Intn(pages), rng.Intn(pages)
		ed := rng.Intn(2)
		var name string
		var do func() []string
		switch op := rng.Intn(10); {
		case op < 3:
			name = fmt.Sprintf("%d at its own URL, edition %d", i, ed)
			do = func() []string {
				res, err := a.Record(ctx, fetch(url(i), at, htmlFor("Report", text(i, ed))), art(url(i), "Report", text(i, ed)))
				if err != nil {
					t.Fatalf("step %d, %s: %v", step, name, err)
				}
				return res.Renamed
			}
		case op < 6 && i != j:
			name = fmt.Sprintf("%d → %d", i, j)
			do = func() []string {
				res, err := a.Record(ctx, redirected(url(i), url(j), at, htmlFor("Report", text(j, ed)), Redirect{url(i), 301}), art(url(j), "Report", text(j, ed)))
				if err != nil {
					t.Fatalf("step %d, %s: %v", step, name, err)
				}
				return res.Renamed
			}
		case op < 8 && i != j && j != k && i != k:
			name = fmt.Sprintf("%d → %d → %d", i, j, k)
			do = func() []string {
				res, err := a.Record(ctx, redirected(url(i), url(k), at, htmlFor("Report", text(k, ed)), Redirect{url(i), 301}, Redirect{url(j), 301}), art(url(k), "Report", text(k, ed)))
				if err != nil {
					t.Fatalf("step %d, %s: %v", step, name, err)
				}
				return res.Renamed
			}
		case op < 9 && i != j:
			name = fmt.Sprintf("RecordMove %d → %d", i, j)
			do = func() []string {
				news, err := a.RecordMove(ctx, url(i), url(j), at)
				if err != nil {
					t.Fatalf("step %d, %s: %v", step, name, err)
				}
				if news {
					return []string{url(i)}
				}
				return nil
			}
		default:
			name = fmt.Sprintf("%d gone", i)
			do = func() []string {
				if _, err := a.Record(ctx, Fetch{URL: url(i), Status: 410, FetchedAt: at}, nil); err != nil {
					t.Fatalf("step %d, %s: %v", step, name, err)
				}
				return nil
			}
		}
		at = at.Add(time.Hour)
		do()
		if rep, err := a.Verify(ctx); err != nil {
			t.Fatalf("step %d, %s: verify: %v %q", step, name, err, rep.Problems)
		}
		seq := lastSeq()
		at = at.Add(time.Minute)
		if renamed := do(); len(renamed) > 0 {
			t.Errorf("step %d, %s again: renamed %q", step, name, renamed)
		}
		if got := lastSeq(); got != seq {
			var since []string
			_ = a.Export(ctx, ExportFilter{AfterSeq: seq}, func(r *Record) error {
				since = append(since, fmt.Sprintf("%s v%d to=%q from=%q", r.URL, r.Version, r.MovedTo, r.MovedFrom))
				return nil
			})
			t.Errorf("step %d, %s again: last seq %d, was %d: %q", step, name, got, seq, since)
		}
	}
	mustVerifyClose(t, a)
}
