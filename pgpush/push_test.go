package pgpush_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/extract"
	"github.com/archivist-org/archivist/internal/pgtest"
	"github.com/archivist-org/archivist/pgpush"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// page describes one fetch to record.
type page struct {
	url, title, text, lang string
	at                     time.Time
	status                 int    // 0 = 200
	source                 string // source_url (an aggregator's copy)
}

func openArchive(t testing.TB) *archive.Archive {
	t.Helper()
	a, err := archive.Open(filepath.Join(t.TempDir(), "a.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func record(t testing.TB, a *archive.Archive, p page) archive.Result {
	t.Helper()
	res, err := recordErr(a, p)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func recordErr(a *archive.Archive, p page) (archive.Result, error) {
	status := p.status
	if status == 0 {
		status = 200
	}
	f := archive.Fetch{URL: p.url, Status: status, Header: http.Header{"Content-Type": {"text/html"}},
		Body: []byte("<html><body><p>" + p.text + "</p></body></html>"), FetchedAt: p.at}
	if status != 200 {
		return a.Record(context.Background(), f, nil)
	}
	lang := p.lang
	if lang == "" {
		lang = "en"
	}
	art := &extract.Article{URL: p.url, Title: p.title, Authors: []string{"Ann Author"}, Published: "2025-01-02",
		Language: lang, Text: p.text, Markdown: p.text, WordCount: len(strings.Fields(p.text)),
		Kind: extract.KindArticle, Extractor: extract.Version, SourceURL: p.source, SiteName: "Test"}
	return a.Record(context.Background(), f, art)
}

func osMkdirTemp() (string, error) { return os.MkdirTemp("", "pgpush-bench-") }

func pgtestStart(tb testing.TB) *pgtest.Server { return pgtest.Start(tb) }

func newDB(t testing.TB) string {
	t.Helper()
	return pgtest.Start(t).NewDB(t)
}

func push(t testing.TB, db string, a *archive.Archive, o *pgpush.Options) pgpush.Stats {
	t.Helper()
	ctx := context.Background()
	s, err := pgpush.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Push(ctx, a, o)
	if err != nil {
		t.Fatalf("push: %v", err)
	}
	return st
}

func connect(t testing.TB, db string) *pgx.Conn {
	t.Helper()
	c, err := pgx.Connect(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// rowsOf runs sql and returns each row's values joined by " | ".
func rowsOf(t testing.TB, c *pgx.Conn, sql string, args ...any) []string {
	t.Helper()
	rows, err := c.Query(context.Background(), sql, args...)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, v := range vals {
			switch x := v.(type) {
			case time.Time:
				parts = append(parts, x.UTC().Format("2006-01-02 15:04"))
			default:
				parts = append(parts, fmt.Sprint(x))
			}
		}
		out = append(out, strings.Join(parts, " | "))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return out
}

// contents is the database's versions as people see them: per page, each
// distinct content with its number and sightings.
const contents = `SELECT url, version, left(content_hash, 8), first_seen, last_seen, title FROM versions ORDER BY url, version`

func TestPushIncrementalAndIdempotent(t *testing.T) {
	a := openArchive(t)
	for _, p := range []page{
		{url: "https://think.example/a", title: "A", text: "alpha one", at: day("2025-01-05 10:00")},
		{url: "https://think.example/a", title: "A", text: "alpha two", at: day("2025-02-05 10:00")},
		{url: "https://think.example/b", title: "B", text: "beta", at: day("2025-02-06 10:00")},
		{url: "https://news.example/c", title: "C", text: "gamma", at: day("2025-03-07 10:00")},
		{url: "https://news.example/c", title: "C", text: "gamma", at: day("2025-03-09 10:00")}, // unchanged
	} {
		record(t, a, p)
	}
	db := newDB(t)
	st := push(t, db, a, &pgpush.Options{BatchSize: 2})
	if st.Versions != 4 || st.Inserted != 4 || st.Seq != 4 || st.FromSeq != 0 {
		t.Fatalf("first push: %+v", st)
	}
	c := connect(t, db)
	want := []string{
		"https://news.example/c | 1 | " + hashOf(t, a, "https://news.example/c", 1) + " | 2025-03-07 10:00 | 2025-03-09 10:00 | C",
		"https://think.example/a | 1 | " + hashOf(t, a, "https://think.example/a", 1) + " | 2025-01-05 10:00 | 2025-01-05 10:00 | A",
		"https://think.example/a | 2 | " + hashOf(t, a, "https://think.example/a", 2) + " | 2025-02-05 10:00 | 2025-02-05 10:00 | A",
		"https://think.example/b | 1 | " + hashOf(t, a, "https://think.example/b", 1) + " | 2025-02-06 10:00 | 2025-02-06 10:00 | B",
	}
	checkRows(t, "versions", rowsOf(t, c, contents), want)
	checkRows(t, "partitions", rowsOf(t, c, `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
		WHERE i.inhparent = 'versions'::regclass ORDER BY 1`), []string{"versions_2025_01", "versions_2025_02", "versions_2025_03"})
	checkRows(t, "pages", rowsOf(t, c, `SELECT url, site, versions, first_seen, last_seen FROM pages ORDER BY url`), []string{
		"https://news.example/c | news.example | 1 | 2025-03-07 10:00 | 2025-03-09 10:00",
		"https://think.example/a | think.example | 2 | 2025-01-05 10:00 | 2025-02-05 10:00",
		"https://think.example/b | think.example | 1 | 2025-02-06 10:00 | 2025-02-06 10:00",
	})
	checkRows(t, "fetches", rowsOf(t, c, `SELECT url, n, outcome FROM fetches ORDER BY url, n`), []string{
		"https://news.example/c | 1 | new", "https://news.example/c | 2 | unchanged",
		"https://think.example/a | 1 | new", "https://think.example/a | 2 | changed",
		"https://think.example/b | 1 | new",
	})

	// The cursor is in both places.
	s, err := pgpush.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	ac, err := pgpush.ArchiveCursorOf(a, s.DatabaseID())
	s.Close()
	if err != nil || ac.Seq != 4 || strings.Contains(ac.Database, "password") {
		t.Fatalf("archive-side cursor %+v, %v", ac, err)
	}

	// Nothing new: nothing sent.
	if st := push(t, db, a, nil); st.Versions != 0 || st.Seq != 4 {
		t.Fatalf("second push sent %+v", st)
	}
	// One more version: only it is sent.
	record(t, a, page{url: "https://think.example/b", title: "B", text: "beta revised", at: day("2025-03-10 08:00")})
	if st := push(t, db, a, nil); st.Versions != 1 || st.Inserted != 1 || st.FromSeq != 4 || st.Seq != 5 {
		t.Fatalf("third push: %+v", st)
	}
	got := rowsOf(t, c, `SELECT url, version, last_seen FROM versions WHERE url LIKE '%/b' ORDER BY version`)
	checkRows(t, "b's versions", got, []string{
		"https://think.example/b | 1 | 2025-02-06 10:00", "https://think.example/b | 2 | 2025-03-10 08:00",
	})

	// Re-fetches without a new version (no new seq) still reach the
	// database: b unchanged later, c gone.
	record(t, a, page{url: "https://think.example/b", title: "B", text: "beta revised", at: day("2025-04-01 08:00")})
	record(t, a, page{url: "https://news.example/c", status: 404, at: day("2025-04-02 08:00")})
	if st := push(t, db, a, nil); st.Versions != 0 || st.Refreshed != 2 {
		t.Fatalf("push after re-fetches: %+v", st)
	}
	checkRows(t, "refreshed pages", rowsOf(t, c, `SELECT url, last_seen, last_fetched, gone_since IS NOT NULL FROM pages WHERE url NOT LIKE '%/a' ORDER BY url`), []string{
		"https://news.example/c | 2025-03-09 10:00 | 2025-04-02 08:00 | true",
		"https://think.example/b | 2025-04-01 08:00 | 2025-04-01 08:00 | false",
	})
	checkRows(t, "b's current version", rowsOf(t, c, `SELECT version, last_seen FROM versions WHERE url LIKE '%/b' ORDER BY version DESC LIMIT 1`),
		[]string{"2 | 2025-04-01 08:00"})
	checkRows(t, "fetches", rowsOf(t, c, `SELECT count(*) FROM fetches`), []string{"8"})
	if st := push(t, db, a, nil); st.Versions != 0 || st.Refreshed != 0 {
		t.Fatalf("push with nothing new: %+v", st)
	}
}

func hashOf(t testing.TB, a *archive.Archive, url string, n int) string {
	t.Helper()
	r, err := a.Version(context.Background(), url, n)
	if err != nil {
		t.Fatal(err)
	}
	return r.ContentHash[:8]
}

func checkRows(t testing.TB, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\ngot\n  %s\nwant\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestTwoArchivesOnePage: two machines crawled the same page; the database
// keeps one row per distinct content whichever pushes first, seen from the
// earliest to the latest sighting of either.
func TestTwoArchivesOnePage(t *testing.T) {
	const u = "https://think.example/report"
	a := openArchive(t)
	record(t, a, page{url: u, title: "R", text: "first text", at: day("2025-01-05 10:00")})
	record(t, a, page{url: u, title: "R", text: "second text", at: day("2025-01-10 10:00")})
	b := openArchive(t)
	record(t, b, page{url: u, title: "R", text: "second text", at: day("2025-01-08 09:00")})
	record(t, b, page{url: u, title: "R", text: "second text", at: day("2025-01-12 09:00")})
	record(t, b, page{url: u, title: "R", text: "third text", at: day("2025-02-20 09:00")})
	if a.ID() == b.ID() {
		t.Fatal("two archives share an id")
	}
	dbAB, dbBA := newDB(t), newDB(t)
	push(t, dbAB, a, nil)
	push(t, dbAB, b, nil)
	push(t, dbBA, b, nil)
	push(t, dbBA, a, nil)
	const q = `SELECT url, version, first_seen, last_seen, left(text, 12) FROM versions ORDER BY url, version`
	want := []string{
		u + " | 1 | 2025-01-05 10:00 | 2025-01-05 10:00 | first text",
		u + " | 2 | 2025-01-08 09:00 | 2025-01-12 09:00 | second text",
		u + " | 3 | 2025-02-20 09:00 | 2025-02-20 09:00 | third text",
	}
	checkRows(t, "a then b", rowsOf(t, connect(t, dbAB), q), want)
	checkRows(t, "b then a", rowsOf(t, connect(t, dbBA), q), want)
	for _, db := range []string{dbAB, dbBA} {
		c := connect(t, db)
		checkRows(t, "page", rowsOf(t, c, `SELECT versions, first_seen, last_seen FROM pages`),
			[]string{"3 | 2025-01-05 10:00 | 2025-02-20 09:00"})
		checkRows(t, "archives", rowsOf(t, c, `SELECT count(*), sum(pushed_seq)::int FROM archives`), []string{"2 | 4"})
		checkRows(t, "fetches", rowsOf(t, c, `SELECT count(*) FROM fetches`), []string{"5"})
	}
}

// TestContentComesBack: a page that went back to an earlier text has one
// row per distinct content, and the current one is the highest version.
func TestContentComesBack(t *testing.T) {
	const u = "https://think.example/flip"
	a := openArchive(t)
	record(t, a, page{url: u, title: "F", text: "original", at: day("2025-01-05 10:00")})
	record(t, a, page{url: u, title: "F", text: "edited", at: day("2025-01-06 10:00")})
	record(t, a, page{url: u, title: "F", text: "original", at: day("2025-01-07 10:00")})
	db := newDB(t)
	push(t, db, a, &pgpush.Options{BatchSize: 1}) // one transaction per version
	c := connect(t, db)
	checkRows(t, "versions", rowsOf(t, c, `SELECT version, archive_version, first_seen, last_seen, text FROM versions ORDER BY version`), []string{
		"1 | 2 | 2025-01-06 10:00 | 2025-01-06 10:00 | edited",
		"2 | 1 | 2025-01-05 10:00 | 2025-01-07 10:00 | original",
	})
	checkRows(t, "page", rowsOf(t, c, `SELECT versions FROM pages`), []string{"2"})
}

// TestSchema: push creates the schema once, records its version, refuses a
// newer one and keeps the password out of errors.
func TestSchema(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		s, err := pgpush.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	c := connect(t, db)
	checkRows(t, "schema", rowsOf(t, c, `SELECT version FROM archivist_schema`), []string{fmt.Sprint(pgpush.SchemaVersion)})
	if _, err := c.Exec(ctx, `INSERT INTO archivist_schema (version) VALUES ($1)`, pgpush.SchemaVersion+1); err != nil {
		t.Fatal(err)
	}
	if _, err := pgpush.Open(ctx, db); err == nil || !strings.Contains(err.Error(), "newer archivist") {
		t.Errorf("newer schema: %v", err)
	}

	// A database with unrelated tables of the same names is not touched.
	other := newDB(t)
	oc := connect(t, other)
	if _, err := oc.Exec(ctx, `CREATE TABLE pages (id int)`); err != nil {
		t.Fatal(err)
	}
	if _, err := pgpush.Open(ctx, other); err == nil || !strings.Contains(err.Error(), "not an archivist database") {
		t.Errorf("foreign tables: %v", err)
	}

	// Bad password: the error names the database, never the password.
	bad := strings.Replace(db, "postgres@", "nobody:s3cr3t-pw@", 1)
	_, err := pgpush.Open(ctx, bad)
	if err == nil {
		t.Fatal("connected as a role that does not exist")
	}
	if strings.Contains(err.Error(), "s3cr3t-pw") {
		t.Errorf("error shows the password: %v", err)
	}
	if r := pgpush.Redact("postgres://u:s3cr3t-pw@db.example:5433/arch?sslmode=require"); r != "postgres://u@db.example:5433/arch" {
		t.Errorf("Redact = %q", r)
	}
}

// TestConcurrentPushes: two archives sharing pages push into one database
// at the same time, in small batches; the database ends as if they had
// pushed one after the other (one row per distinct content, same numbers).
func TestConcurrentPushes(t *testing.T) {
	archives := []*archive.Archive{openArchive(t), openArchive(t)}
	base := day("2025-01-01 00:00")
	for k, a := range archives {
		for i := 0; i < 200; i++ {
			u := fmt.Sprintf("https://shared.example/p/%d", i)
			at := base.Add(time.Duration(i*7+k*3) * time.Hour)
			record(t, a, page{url: u, title: "P", text: fmt.Sprintf("text %d", i), at: at})
			if i%2 == k { // each archive also saw its own second text of half the pages
				record(t, a, page{url: u, title: "P", text: fmt.Sprintf("text %d by %d", i, k), at: at.Add(40 * 24 * time.Hour)})
			}
		}
	}
	seq, conc := newDB(t), newDB(t)
	push(t, seq, archives[0], nil)
	push(t, seq, archives[1], nil)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for k, a := range archives {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := pgpush.Open(context.Background(), conc)
			if err != nil {
				errs[k] = err
				return
			}
			defer s.Close()
			_, errs[k] = s.Push(context.Background(), a, &pgpush.Options{BatchSize: 7})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	const q = `SELECT url, version, content_hash, first_seen, last_seen FROM versions ORDER BY url, version`
	want, got := rowsOf(t, connect(t, seq), q), rowsOf(t, connect(t, conc), q)
	if len(want) != 400 {
		t.Errorf("sequential pushes left %d rows, want 400", len(want))
	}
	checkRows(t, "concurrent vs sequential", got, want)
	checkRows(t, "pages", rowsOf(t, connect(t, conc), `SELECT count(*), sum(versions)::int FROM pages`), []string{"200 | 400"})
}

// TestStreams: batches written on several connections at once leave the
// database as one connection does, with pages whose versions (one going
// back to an earlier text) fall in batches in flight together.
func TestStreams(t *testing.T) {
	a := openArchive(t)
	base := day("2025-01-01 00:00")
	for round := 0; round < 4; round++ {
		for i := 0; i < 30; i++ {
			text := fmt.Sprintf("page %d text %d", i, round)
			if i%5 == 0 && round == 3 {
				text = fmt.Sprintf("page %d text %d", i, 1) // back to an earlier text
			}
			record(t, a, page{url: fmt.Sprintf("https://think.example/p/%d", i), title: "P", text: text,
				at: base.Add(time.Duration(round*30+i) * 29 * time.Hour)})
		}
	}
	one, four := newDB(t), newDB(t)
	st1 := push(t, one, a, &pgpush.Options{BatchSize: 4, Streams: 1})
	st4 := push(t, four, a, &pgpush.Options{BatchSize: 4, Streams: 4})
	if st1.Inserted != 114 || st4.Inserted != st1.Inserted || st4.Seq != st1.Seq {
		t.Errorf("one stream: %+v; four: %+v; want 114 rows each", st1, st4)
	}
	for _, q := range []string{contents,
		`SELECT url, versions, first_seen, last_seen FROM pages ORDER BY url`,
		`SELECT url, n, outcome FROM fetches ORDER BY url, n`,
		`SELECT pushed_seq FROM archives`} {
		checkRows(t, q, rowsOf(t, connect(t, four), q), rowsOf(t, connect(t, one), q))
	}
	if got := push(t, four, a, &pgpush.Options{Streams: 4}); got.Versions != 0 {
		t.Errorf("second push sent %d versions", got.Versions)
	}
}
