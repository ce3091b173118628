package archive

import (
	"context"
	"encoding/binary"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestVersionsUnchangedGoneComeback(t *testing.T) {
	ctx := context.Background()
	a, _ := openTest(t, nil)
	u := "https://Example.org/a?utm_source=x"
	r := record(t, a, u, t0, "Title", "one two three")
	if r.Outcome != OutcomeNew || r.Version != 1 || r.Seq != 1 || r.URL != "https://example.org/a" {
		t.Fatalf("first: %+v", r)
	}
	r = record(t, a, u, t0.Add(time.Hour), "Title", "one  two\nthree") // same after normalisation
	if r.Outcome != OutcomeUnchanged || r.Version != 1 || r.Seq != 0 {
		t.Fatalf("unchanged: %+v", r)
	}
	r = record(t, a, u, t0.Add(2*time.Hour), "Title", "one two three four")
	if r.Outcome != OutcomeChanged || r.Version != 2 || r.Seq != 2 {
		t.Fatalf("changed: %+v", r)
	}
	r, err := a.Record(ctx, Fetch{URL: u, Status: 404, FetchedAt: t0.Add(3 * time.Hour)}, nil)
	if err != nil || r.Outcome != OutcomeGone || r.Version != 2 {
		t.Fatalf("gone: %+v %v", r, err)
	}
	p, err := a.Page(ctx, "https://example.org/a#frag")
	if err != nil || !p.GoneSince.Equal(t0.Add(3*time.Hour)) || p.Versions != 2 {
		t.Fatalf("page: %+v %v", p, err)
	}
	if rec, _ := a.Version(ctx, u, 0); rec.Status != 404 {
		t.Errorf("gone latest status = %d", rec.Status)
	}
	r = record(t, a, u, t0.Add(4*time.Hour), "Title", "one two three four") // came back, same text
	if r.Outcome != OutcomeChanged || r.Version != 3 {
		t.Fatalf("comeback: %+v", r)
	}
	h, err := a.History(ctx, u)
	if err != nil || len(h) != 3 {
		t.Fatalf("history: %v %v", h, err)
	}
	if !h[0].LastSeen.Equal(t0.Add(time.Hour)) || h[1].Summary == "" || h[2].Summary != "came back after being gone" {
		t.Errorf("history: %+v", h)
	}
	rec, err := a.At(ctx, u, t0.Add(90*time.Minute))
	if err != nil || rec.Version != 1 || rec.Text != "one two three" {
		t.Fatalf("at: %+v %v", rec, err)
	}
	if _, err := a.At(ctx, u, t0.Add(-time.Hour)); !errors.Is(err, ErrNotFound) {
		t.Errorf("at before first: %v", err)
	}
	if _, err := a.Version(ctx, u, 4); !errors.Is(err, ErrNotFound) {
		t.Errorf("version out of range: %v", err)
	}
	raw, err := a.Raw(ctx, u, 1)
	if err != nil || string(raw) != htmlFor("Title", "one two three") {
		t.Errorf("raw: %q %v", raw, err)
	}
	if _, err := a.Page(ctx, "https://example.org/nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown page: %v", err)
	}
	st, err := a.Stats(ctx)
	if err != nil || st.Pages != 1 || st.Versions != 3 || st.Gone != 0 || st.LastSeq != 3 || st.Sites != 1 {
		t.Errorf("stats: %+v %v", st, err)
	}
}

func TestCanonicalAliasesAndFailures(t *testing.T) {
	ctx := context.Background()
	a, _ := openTest(t, nil)
	ar := art("https://www.ex.org/story?id=1", "T", "text here")
	ar.CanonicalURL = "https://www.ex.org/story/1"
	f := fetch("http://www.ex.org:80/story?id=1&utm_medium=rss", t0, "<p>x</p>")
	f.FinalURL = "https://www.ex.org/story?id=1"
	r, err := a.Record(ctx, f, ar)
	if err != nil || r.URL != "https://www.ex.org/story/1" {
		t.Fatalf("%+v %v", r, err)
	}
	for _, u := range []string{"http://www.ex.org/story?id=1", "https://WWW.ex.org/story?id=1#x", "https://www.ex.org/story/1"} {
		p, err := a.Page(ctx, u)
		if err != nil || p.URL != r.URL {
			t.Errorf("%s: %+v %v", u, p, err)
		}
	}
	// Canonical on another site is ignored.
	ar2 := art("https://ex.org/b", "T", "b")
	ar2.CanonicalURL = "https://other.example/b"
	r, _ = a.Record(ctx, fetch("https://ex.org/b", t0, "b"), ar2)
	if r.URL != "https://ex.org/b" {
		t.Errorf("cross-site canonical: %s", r.URL)
	}
	// Failures: never a version; visible on the page.
	r, err = a.RecordFailure(ctx, fetch("https://ex.org/c", t0, "challenge"), "challenge page")
	if err != nil || r.Outcome != OutcomeFailed || r.Version != 0 {
		t.Fatalf("%+v %v", r, err)
	}
	p, _ := a.Page(ctx, "https://ex.org/c")
	if p.LastFailure != "challenge page" || p.Versions != 0 {
		t.Errorf("%+v", p)
	}
	if _, err := a.Version(ctx, "https://ex.org/c", 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("version of failed page: %v", err)
	}
	st, _ := a.Stats(ctx)
	if st.Failed != 1 || st.Pages != 3 {
		t.Errorf("%+v", st)
	}
	record(t, a, "https://ex.org/c", t0.Add(time.Hour), "C", "now fine")
	if st, _ := a.Stats(ctx); st.Failed != 0 {
		t.Errorf("failed after success: %+v", st)
	}
	// 404 of an unknown page creates nothing.
	r, _ = a.Record(ctx, Fetch{URL: "https://ex.org/zz", Status: 410}, nil)
	if r.Outcome != OutcomeGone {
		t.Errorf("%+v", r)
	}
	if _, err := a.Page(ctx, "https://ex.org/zz"); !errors.Is(err, ErrNotFound) {
		t.Error(err)
	}
	if _, err := a.Record(ctx, Fetch{URL: "ftp://x/y"}, nil); !errors.Is(err, ErrBadURL) {
		t.Errorf("bad url: %v", err)
	}
}

func TestNotModifiedAndHeaders(t *testing.T) {
	ctx := context.Background()
	a, _ := openTest(t, nil)
	f := fetch("https://ex.org/a", t0, "x")
	f.Header.Set("ETag", `"v1"`)
	if _, err := a.Record(ctx, f, art("https://ex.org/a", "A", "a")); err != nil {
		t.Fatal(err)
	}
	r, err := a.Record(ctx, Fetch{URL: "https://ex.org/a", Status: 304, FetchedAt: t0.Add(time.Hour),
		Header: http.Header{"Etag": {`"v1"`}}}, nil)
	if err != nil || r.Outcome != OutcomeUnchanged || r.Version != 1 {
		t.Fatalf("%+v %v", r, err)
	}
	p, _ := a.Page(ctx, "https://ex.org/a")
	if p.ETag != `"v1"` || !p.LastSeen.Equal(t0.Add(time.Hour)) {
		t.Errorf("%+v", p)
	}
	fl, err := a.Fetches(ctx, "https://ex.org/a", 0)
	if err != nil || len(fl) != 2 || fl[0].Status != 304 || fl[0].Outcome != OutcomeUnchanged || fl[1].Outcome != OutcomeNew || fl[0].Header != nil {
		t.Errorf("fetch log: %+v %v", fl, err)
	}
	c, err := a.CaptureOf(ctx, "https://ex.org/a", 1)
	if err != nil || string(c.Body) != "x" || c.Header.Get("Etag") != `"v1"` || c.Seq != 1 {
		t.Errorf("%+v %v", c, err)
	}
}

func TestKVAndRuns(t *testing.T) {
	ctx := context.Background()
	a, _ := openTest(t, nil)
	kv := a.KV("frontier")
	if v, err := kv.Get([]byte("x")); v != nil || err != nil {
		t.Fatal(v, err)
	}
	for _, k := range []string{"b", "a", "c"} {
		if err := kv.Put([]byte(k), []byte("v"+k)); err != nil {
			t.Fatal(err)
		}
	}
	kv.Put([]byte("a"), []byte("va2")) // overwrite: still 3 keys
	if n, _ := kv.Len(); n != 3 {
		t.Errorf("len after overwrite %d", n)
	}
	kv.Delete([]byte("zz")) // absent: no change
	if err := kv.Put(nil, []byte("x")); !errors.Is(err, ErrEmptyKey) {
		t.Error(err)
	}
	ps, _ := kv.Scan([]byte("b"), 10)
	if len(ps) != 2 || string(ps[0].Key) != "b" || string(ps[1].Value) != "vc" {
		t.Errorf("%q", ps)
	}
	if err := kv.Batch([]KVPair{{Key: []byte("a")}, {Key: []byte("d"), Value: []byte("vd")}}); err != nil {
		t.Fatal(err)
	}
	if n, _ := kv.Len(); n != 3 {
		t.Errorf("len %d", n)
	}
	if n, _ := a.KV("other").Len(); n != 0 {
		t.Errorf("namespaces leak: %d", n)
	}
	if err := kv.Delete([]byte("b")); err != nil {
		t.Fatal(err)
	}
	if err := kv.Clear(); err != nil {
		t.Fatal(err)
	}
	if n, _ := kv.Len(); n != 0 {
		t.Errorf("after clear: %d", n)
	}
	r, err := a.StartRun(ctx, "think-tanks")
	if err != nil || r.ID != 1 || r.Status != RunRunning {
		t.Fatal(r, err)
	}
	r.Counts["fetched"] = 3
	if err := a.FinishRun(ctx, r); err != nil {
		t.Fatal(err)
	}
	r2, _ := a.StartRun(ctx, "news")
	runs, err := a.Runs(ctx, 10)
	if err != nil || len(runs) != 2 || runs[0].ID != r2.ID || runs[1].Status != RunDone || runs[1].Counts["fetched"] != 3 {
		t.Errorf("%+v %v", runs, err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	// Read-only never creates a file.
	if _, err := Open(filepath.Join(dir, "missing.db"), &Options{ReadOnly: true}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("read-only open created a file")
	}
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("not a database at all, just text"), 0o644)
	if _, err := Open(junk, nil); !errors.Is(err, ErrNotArchive) {
		t.Errorf("junk: %v", err)
	}
	// A bbolt file that is not ours.
	other := filepath.Join(dir, "other.db")
	db, _ := bolt.Open(other, 0o644, nil)
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("x")); return err })
	db.Close()
	if _, err := Open(other, nil); !errors.Is(err, ErrNotArchive) {
		t.Errorf("other bbolt: %v", err)
	}
	// Newer schema refused with a clear message.
	a, path := openTest(t, nil)
	a.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(kSchema, []byte{0, 0, 0, 99}) })
	a.Close()
	_, err := Open(path, nil)
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("newer: %v", err)
	}
	t.Log(err)
	// Locked by another opener.
	p2 := filepath.Join(dir, "locked.db")
	b, err := Open(p2, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := Open(p2, &Options{Timeout: 20 * time.Millisecond}); !errors.Is(err, ErrLocked) {
		t.Errorf("locked: %v", err)
	}
	if _, err := Open(p2, &Options{ReadOnly: true}); !errors.Is(err, ErrLocked) {
		t.Errorf("locked ro: %v", err)
	}
}

func TestMigrateFromSchema1(t *testing.T) {
	ctx := context.Background()
	a, path := openTest(t, nil)
	record(t, a, "https://ex.org/a", t0, "A", "a b")
	record(t, a, "https://ex.org/a", t0.Add(time.Hour), "A", "a b c")
	record(t, a, "https://ex.org/b", t0, "B", "b")
	want, _ := a.Stats(ctx)
	// Turn it into a schema-1 file: no counters, no site index.
	a.db.Update(func(tx *bolt.Tx) error {
		tx.Bucket(bMeta).Delete(kCounters)
		tx.DeleteBucket(bSites)
		return tx.Bucket(bMeta).Put(kSchema, []byte{0, 0, 0, 1})
	})
	a.Close()
	// ... naming commands that do it (it named "verify --repair", a flag
	// verify does not have; verify only reads).
	if _, err := Open(path, &Options{ReadOnly: true}); err == nil || !strings.Contains(err.Error(), "crawl") || strings.Contains(err.Error(), "verify") {
		t.Errorf("read-only open of an old schema should ask for a migration by a writing command: %v", err)
	}
	b, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer mustVerifyClose(t, b)
	got, _ := b.Stats(ctx)
	if *got != *want {
		t.Errorf("after migration %+v, want %+v", got, want)
	}
}

func TestIDStableAndGivenToOlderArchives(t *testing.T) {
	a, path := openTest(t, nil)
	id := a.ID()
	if len(id) != 32 {
		t.Fatalf("id %q", id)
	}
	a.Close()
	ro, err := Open(path, &Options{ReadOnly: true})
	if err != nil || ro.ID() != id {
		t.Fatalf("read-only reopen: id %q, %v; want %q", ro.ID(), err, id)
	}
	ro.Close()
	other, _ := openTest(t, nil)
	if other.ID() == id {
		t.Fatal("two archives share an id")
	}
	// An archive written before ids gets one at its next writable open.
	b, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Delete(kID) })
	b.Close()
	ro, err = Open(path, &Options{ReadOnly: true})
	if err != nil || ro.ID() != "" {
		t.Fatalf("old archive read-only: id %q, %v", ro.ID(), err)
	}
	ro.Close()
	c, err := Open(path, nil)
	if err != nil || len(c.ID()) != 32 || c.ID() == id {
		t.Fatalf("old archive, writable: id %q, %v", c.ID(), err)
	}
	mustVerifyClose(t, c)
}

// TestMigrateURLForms: schema 4 normalises percent-escapes (RFC 3986
// 6.2.2) and drops session ids, so pages keyed the old way (written by a
// schema-3 archivist: /%7euser/…, /a%2fb, /%7Euser and /%7euser as two
// pages, /s;jsessionid=1) must be found
// under the new form, keep their URL, and take the next fetch into the
// same history; a read-only open before the migration finds them by the
// URL as written.
func TestMigrateURLForms(t *testing.T) {
	ctx := context.Background()
	a, path := openTest(t, nil)
	old := map[string]string{ // key a schema-3 archivist wrote -> today's form
		"https://ex.org/%7euser/report": "https://ex.org/~user/report",
		"https://ex.org/a%2fb":          "https://ex.org/a%2Fb",
		"https://ex.org/%7Ep":           "https://ex.org/~p",
		"https://ex.org/s;jsessionid=1": "https://ex.org/s",
		"https://ex.org/t?PHPSESSID=9f": "https://ex.org/t",
	}
	for _, n := range old {
		record(t, a, n, t0, "T "+n, "text of "+n)
	}
	// /%7ep, recorded later: its own page (as schema 3 kept it before
	// escapes were looked up in either case), which must not take ~p
	// from the first.
	record(t, a, "https://ex.org/q", t0, "Q", "text of q")
	// Key them as schema 3 did.
	rekey := func(tx *bolt.Tx, from, to string) {
		b := tx.Bucket(bURLs)
		v := b.Get([]byte(from))
		if v == nil {
			t.Fatalf("no %s", from)
		}
		id := binary.BigEndian.Uint64(v)
		pr, err := getPage(tx, id)
		if err != nil {
			t.Fatal(err)
		}
		pr.URL = to
		b.Delete([]byte(from))
		b.Put([]byte(to), u64(id))
		putPage(tx, pr)
	}
	a.db.Update(func(tx *bolt.Tx) error {
		for o, n := range old {
			rekey(tx, n, o)
		}
		rekey(tx, "https://ex.org/q", "https://ex.org/%7ep")
		return tx.Bucket(bMeta).Put(kSchema, []byte{0, 0, 0, 3})
	})
	a.Close()

	ro, err := Open(path, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	for o := range old {
		if p, err := ro.Page(ctx, o); err != nil || p.URL != o {
			t.Errorf("read-only, not migrated: page %s: %+v, %v", o, p, err)
		}
	}
	ro.Close()

	b, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer mustVerifyClose(t, b)
	for o, n := range old {
		p, err := b.Page(ctx, n)
		if err != nil || p.URL != o {
			t.Errorf("after migration, page %s: %+v, %v; want the page keyed %s", n, p, err, o)
			continue
		}
		// The same text fetched under today's form is that page, unchanged.
		if r := record(t, b, n, t0.Add(time.Hour), "T "+n, "text of "+n); r.URL != o || r.Outcome != OutcomeUnchanged {
			t.Errorf("refetch of %s: %+v; want %s unchanged", n, r, o)
		}
		if h, err := b.History(ctx, o); err != nil || len(h) != 1 {
			t.Errorf("history of %s: %d versions, %v", o, len(h), err)
		}
	}
	// The page keyed /%7ep keeps its URL, and is found by it; another
	// form is the page created first.
	if p, err := b.Page(ctx, "https://ex.org/%7ep"); err != nil || p.URL != "https://ex.org/%7ep" {
		t.Errorf("page keyed /%%7ep: %+v, %v", p, err)
	}
	if p, err := b.Page(ctx, "https://ex.org/%7E%70"); err != nil || p.URL != "https://ex.org/%7Ep" {
		t.Errorf("/%%7E%%70 resolves to %+v, %v; want the page created first", p, err)
	}
	st, _ := b.Stats(ctx)
	if st.Pages != 6 || st.Versions != 6 {
		t.Errorf("stats after migration and refetch: %d pages, %d versions; want 6, 6", st.Pages, st.Versions)
	}
}

// TestOlderGoneFetchLeavesThePage: a 404 older than what the archive has
// seen since (a WARC imported again, or WARCs imported out of order) is
// logged but does not mark the page gone: it did, so importing an
// archive's own export again called a live page gone.
func TestOlderGoneFetchLeavesThePage(t *testing.T) {
	ctx := context.Background()
	a, _ := openTest(t, nil)
	u := "https://example.org/live"
	record(t, a, u, t0, "Live", "a page that is still there")
	record(t, a, u, t0.Add(2*time.Hour), "Live", "a page that is still there")
	if _, err := a.Record(ctx, Fetch{URL: u, Status: 404, FetchedAt: t0.Add(time.Hour)}, nil); err != nil {
		t.Fatal(err)
	}
	p, err := a.Page(ctx, u)
	if err != nil || !p.GoneSince.IsZero() {
		t.Fatalf("a 404 older than the page's last sighting marked it gone: %+v %v", p, err)
	}
	if st, _ := a.Stats(ctx); st.Gone != 0 {
		t.Errorf("stats count %d gone pages", st.Gone)
	}
	if f, _ := a.Fetches(ctx, u, 0); len(f) != 3 {
		t.Errorf("fetch log has %d entries, want the 3 fetches", len(f))
	}
}
