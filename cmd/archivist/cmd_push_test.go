package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/archivist-org/archivist/archive"
	"github.com/archivist-org/archivist/crawler"
	"github.com/archivist-org/archivist/crawler/testsite"
	"github.com/archivist-org/archivist/extract"
	"github.com/archivist-org/archivist/internal/pgtest"
)

// buildPushArchive records n pages over three sites and six months into a
// new archive at path: some pages get a second and third version, some an
// unchanged re-fetch, some go 404; plus a finished crawl run.
func buildPushArchive(t testing.TB, path string, n int) {
	t.Helper()
	a, err := archive.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx := context.Background()
	run, err := a.StartRun(ctx, "synthetic")
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2025, 1, 3, 8, 0, 0, 0, time.UTC)
	sites := []string{"https://www.policy-institute.example", "https://news.example", "https://digest.example"}
	var wg sync.WaitGroup
	errc := make(chan error, 1)
	jobs := make(chan int)
	for w := 0; w < 16; w++ { // concurrent writers share commits
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := recordSynthetic(ctx, a, sites[i%len(sites)], i, base); err != nil {
					select {
					case errc <- err:
					default:
					}
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errc:
		t.Fatal(err)
	default:
	}
	run.Counts["fetched"] = n
	if err := a.FinishRun(ctx, run); err != nil {
		t.Fatal(err)
	}
}

func recordSynthetic(ctx context.Context, a *archive.Archive, site string, i int, base time.Time) error {
	u := fmt.Sprintf("%s/analysis/%d/report-on-topic-%d", site, i, i%97)
	at := base.Add(time.Duration(i) * 37 * time.Minute) // spans months
	text := strings.Join(testsite.Prose(uint64(i), 250), "\n\n")
	rec := func(at time.Time, text string, status int) error {
		f := archive.Fetch{URL: u, Status: status, Header: http.Header{"Content-Type": {"text/html"}},
			Body: []byte("<html><body><p>" + text + "</p></body></html>"), FetchedAt: at}
		if status != 200 {
			_, err := a.Record(ctx, f, nil)
			return err
		}
		lang := []string{"en", "fr", "de-DE"}[i%3]
		_, err := a.Record(ctx, f, &extract.Article{URL: u, Title: fmt.Sprintf("Report %d", i), Authors: []string{"Ann Author"},
			Published: at.Format("2006-01-02"), Language: lang, Text: text, Markdown: text, WordCount: len(strings.Fields(text)),
			Kind: extract.KindArticle, Extractor: extract.Version, Topics: []string{"Policy"}})
		return err
	}
	if err := rec(at, text, 200); err != nil {
		return err
	}
	switch i % 5 {
	case 1:
		if err := rec(at.Add(24*time.Hour), text+"\n\nUpdate: a correction.", 200); err != nil {
			return err
		}
		return rec(at.Add(96*time.Hour), text+"\n\nUpdate: a second correction.", 200)
	case 2:
		return rec(at.Add(48*time.Hour), text, 200) // unchanged
	case 3:
		return rec(at.Add(72*time.Hour), "", 404)
	}
	return nil
}

// dbDump lists a database's archivist tables as sorted lines, without what
// differs between two correct pushes (when they ran).
func dbDump(t testing.TB, url string, withArchive bool) map[string][]string {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	arch := ""
	if withArchive {
		arch = ", archive_id, archive_seq, archive_version"
	}
	queries := map[string]string{
		"pages": `SELECT url, site, first_seen, last_seen, last_fetched, gone_since, versions, aliases FROM pages ORDER BY url`,
		"versions": `SELECT url, content_hash, version, first_seen, last_seen, fetched_at, status, site, title, authors, published,
			language, topics, translations, source_url, kind, md5(text), md5(markdown), word_count, md5(tsv::text)` + arch + `
			FROM versions ORDER BY url, content_hash`,
	}
	if withArchive {
		queries["fetches"] = `SELECT * FROM fetches ORDER BY archive_id, url, n`
		queries["runs"] = `SELECT * FROM runs ORDER BY archive_id, id`
		queries["archives"] = `SELECT id, pushed_seq, runs_from FROM archives ORDER BY id`
		queries["partitions"] = `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
			WHERE i.inhparent = 'versions'::regclass ORDER BY 1`
	}
	out := map[string][]string{}
	for name, q := range queries {
		rows, err := c.Query(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for rows.Next() {
			v, err := rows.Values()
			if err != nil {
				t.Fatal(err)
			}
			out[name] = append(out[name], fmt.Sprint(v))
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	return out
}

func compareDumps(t testing.TB, what string, want, got map[string][]string) {
	t.Helper()
	for name, w := range want {
		g := got[name]
		if len(w) == 0 {
			t.Errorf("%s: reference has no %s", what, name)
		}
		if len(g) != len(w) {
			t.Errorf("%s: %s: %d rows, want %d", what, name, len(g), len(w))
			continue
		}
		for i := range w {
			if g[i] != w[i] {
				t.Errorf("%s: %s row %d differs:\n got  %s\n want %s", what, name, i, g[i], w[i])
				break
			}
		}
	}
}

// TestPushKilledManyTimes (issue 19): a real `archivist push` is SIGKILLed
// at random moments, 10 times; after every kill the database holds exactly
// the versions up to its cursor, and the push that finally runs to its end
// leaves the database identical to an uninterrupted push (rows, versions,
// hashes, fetches, runs).
func TestPushKilledManyTimes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and a PostgreSQL")
	}
	srv := pgtest.Start(t)
	const kills = 10
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewSource(seed))
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	buildPushArchive(t, db, 1500)
	bin := archivistBinary(t)
	args := func(url string) []string {
		return []string{"push", "--archive", db, "--batch-size", "100", url}
	}

	ref := srv.NewDB(t)
	start := time.Now()
	if r := runBinary(t, dir, nil, args(ref)...); r.Code != 0 {
		t.Fatalf("uninterrupted push: exit %d\n%s", r.Code, r.Stderr)
	}
	full := time.Since(start)
	want := dbDump(t, ref, true)
	// What a push costs before its first batch (start, schema check).
	start = time.Now()
	if r := runBinary(t, dir, nil, args(ref)...); r.Code != 0 || !strings.Contains(r.Stdout, "pushed 0 versions of archive") ||
		!strings.Contains(r.Stdout, ": 0 new rows, 0 pages re-fetched since, 0 runs;") {
		t.Fatalf("push with nothing new: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	idle := time.Since(start)
	work := max(full-idle, time.Millisecond)

	target := srv.NewDB(t)
	killed := 0
	var cursors []int64
	for round := 0; killed < kills; round++ {
		if round > 5*kills {
			t.Fatalf("only %d kills landed in %d rounds", killed, round)
		}
		cmd := exec.Command(bin, args(target)...)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = io.Discard, &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		select {
		case err := <-exited:
			if err != nil {
				t.Fatalf("round %d: push failed on its own: %v\n%s", round, err, stderr.String())
			}
			// It finished before the kill (the kills so far left little
			// to do, or the machine ran it faster than measured): the
			// result must be whole; go on killing pushes into a new
			// database, or every later round would have nothing to do.
			compareDumps(t, fmt.Sprintf("round %d, finished", round), want, dbDump(t, target, true))
			target = srv.NewDB(t)
		// A random moment after the start-up, within about a tenth of
		// the work, so the kills spread over the push rather than all
		// landing before it began or after it ended.
		case <-time.After(idle/2 + time.Duration(rng.Int63n(int64(idle)+int64(work)/kills))):
			cmd.Process.Kill()
			<-exited
			killed++
		}
		cursors = append(cursors, checkCursorConsistent(t, target, round))
	}
	// Ctrl-C: exit 130, the cursor consistent, a message saying where.
	cmd := exec.Command(bin, args(target)...)
	var stderr bytes.Buffer
	cmd.Dir, cmd.Stderr = dir, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(idle + work/10)
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code == 130 {
		if !strings.Contains(stderr.String(), "push interrupted: the database has every version up to seq") {
			t.Errorf("interrupted push said:\n%s", stderr.String())
		}
	} else if err != nil {
		t.Errorf("interrupted push: exit %d, want 130 (or 0 if it had finished)\n%s", code, stderr.String())
	}
	checkCursorConsistent(t, target, -1)
	if r := runBinary(t, dir, nil, args(target)...); r.Code != 0 {
		t.Fatalf("final push: exit %d\n%s", r.Code, r.Stderr)
	}
	compareDumps(t, "after kills", want, dbDump(t, target, true))
	t.Logf("%d kills (cursor after each round: %v); uninterrupted push took %s; %d versions, %d pages, %d fetches identical",
		killed, cursors, full.Round(time.Millisecond), len(want["versions"]), len(want["pages"]), len(want["fetches"]))
}

// checkCursorConsistent: every version the database has is at or below its
// cursor and every version at or below it is there (in this archive every
// version is a distinct content).
func checkCursorConsistent(t testing.TB, url string, round int) int64 {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var ok bool
	err = c.QueryRow(ctx, "SELECT to_regclass('archives') IS NOT NULL").Scan(&ok)
	if err != nil || !ok {
		return 0 // killed before the schema was committed
	}
	var cursor, rows, above, maxSeq int64
	err = c.QueryRow(ctx, `SELECT coalesce((SELECT pushed_seq FROM archives), 0),
		(SELECT count(*) FROM versions), (SELECT count(*) FROM versions WHERE archive_seq > coalesce((SELECT pushed_seq FROM archives), 0)),
		(SELECT coalesce(max(archive_seq), 0) FROM versions)`).Scan(&cursor, &rows, &above, &maxSeq)
	if err != nil {
		t.Fatal(err)
	}
	if above != 0 || rows != cursor || maxSeq != cursor {
		t.Fatalf("round %d: cursor %d but %d rows (%d above it, max seq %d)", round, cursor, rows, above, maxSeq)
	}
	return cursor
}

// TestShardedCrawlsPushUnion (issue 19): two "machines" (two processes, two
// archives) crawl one sources file with --shard 1/2 and 2/2 at once and
// push into one database; it ends with the same pages and versions as one
// archive crawled whole and pushed.
func TestShardedCrawlsPushUnion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and a PostgreSQL")
	}
	srv := pgtest.Start(t)
	names := []string{"alpha-institute", "beta-review", "gamma-centre", "delta-news", "epsilon-forum", "zeta-policy"}
	hosts := testsite.Start(len(names))
	var cfg strings.Builder
	for i, h := range hosts {
		t.Cleanup(h.Close)
		var links []string
		for j := 0; j < 5; j++ {
			p := fmt.Sprintf("/research/%s-paper-%d", names[i], j)
			links = append(links, p)
			h.HTML(p, testsite.ArticleHTML(fmt.Sprintf("%s paper %d on regional security", names[i], j), "Sam Roe", "2025-04-01", uint64(100*i+j), 300, 0))
		}
		h.HTML("/", testsite.HubHTML(names[i]+" home", links...))
		fmt.Fprintf(&cfg, "[[source]]\nname = %q\nseeds = [%q]\ndelay = \"0s\"\n\n", names[i], h.URL+"/")
	}
	in := map[int]int{}
	for _, n := range names {
		in[crawler.ShardOf(n, 2)]++
	}
	if in[1] == 0 || in[2] == 0 {
		t.Fatalf("the test's sources do not split over two shards: %v", in)
	}
	dir := t.TempDir()
	sources := filepath.Join(dir, "sources.toml")
	if err := os.WriteFile(sources, []byte(cfg.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	crawl := func(db string, extra ...string) binResult {
		res, err := execBinary(context.Background(), archivistBinary(t), dir, nil, nil,
			append([]string{"crawl", "--config", sources, "--archive", db, "--allow-private"}, extra...)...)
		if err != nil {
			t.Error(err)
		}
		return res
	}
	whole := filepath.Join(dir, "whole.db")
	if r := crawl(whole); r.Code != 0 {
		t.Fatalf("whole crawl: exit %d\n%s", r.Code, r.Stderr)
	}
	// The two machines crawl at the same time.
	var wg sync.WaitGroup
	res := make([]binResult, 2)
	for k := range res {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[k] = crawl(filepath.Join(dir, fmt.Sprintf("shard%d.db", k+1)), "--shard", fmt.Sprintf("%d/2", k+1))
		}()
	}
	wg.Wait()
	for k, r := range res {
		if r.Code != 0 {
			t.Fatalf("shard %d/2: exit %d\n%s", k+1, r.Code, r.Stderr)
		}
		for _, n := range names {
			if got, want := strings.Contains(r.Stdout, n+":"), crawler.ShardOf(n, 2) == k+1; got != want {
				t.Errorf("shard %d/2 crawled %s: %v, want %v\n%s", k+1, n, got, want, r.Stdout)
			}
		}
	}
	dbWhole, dbUnion := srv.NewDB(t), srv.NewDB(t)
	for _, p := range []struct{ db, url string }{{whole, dbWhole}, {filepath.Join(dir, "shard1.db"), dbUnion}, {filepath.Join(dir, "shard2.db"), dbUnion}} {
		if r := runBinary(t, dir, nil, "push", "--archive", p.db, p.url); r.Code != 0 {
			t.Fatalf("push %s: exit %d\n%s", p.db, r.Code, r.Stderr)
		}
	}
	// Times differ between crawls; what was archived must not.
	contents := func(url string) []string {
		ctx := context.Background()
		c, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(ctx)
		rows, _ := c.Query(ctx, `SELECT v.url || ' ' || v.version || ' ' || v.content_hash || ' ' || v.title || ' ' || md5(v.text) || ' ' || p.versions
			FROM versions v JOIN pages p USING (url) ORDER BY 1`)
		out, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	want, got := contents(dbWhole), contents(dbUnion)
	if len(want) != 5*len(names) {
		t.Errorf("whole crawl pushed %d versions, want %d", len(want), 5*len(names))
	}
	if strings.Join(want, "\n") != strings.Join(got, "\n") {
		t.Errorf("union of the shards differs from the whole crawl:\nwhole (%d)\n%s\nunion (%d)\n%s",
			len(want), strings.Join(want, "\n"), len(got), strings.Join(got, "\n"))
	}
	var archives int
	c, err := pgx.Connect(context.Background(), dbUnion)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	if err := c.QueryRow(context.Background(), "SELECT count(*) FROM archives").Scan(&archives); err != nil || archives != 2 {
		t.Errorf("union database has %d archives (%v), want 2", archives, err)
	}
}

// TestPushUsageAndErrors: exit codes, and the password never shown.
func TestPushUsageAndErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	buildPushArchive(t, db, 3)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"push", "--archive", db}, 2, "needs a database URL"},
		{[]string{"push", "--archive", db, "--batch-size", "0", "postgres://u@h/d"}, 2, "--batch-size"},
		{[]string{"push", "--archive", db, "--streams", "0", "postgres://u@h/d"}, 2, "--streams"},
		{[]string{"push", "--archive", filepath.Join(dir, "missing.db"), "postgres://u@h/d"}, 1, "no archive at"},
		// Not a PostgreSQL URL: said before the archive is opened, in
		// words that say what is wanted (pgx said "failed to parse as
		// keyword/value").
		{[]string{"push", "--archive", db, "mysql://u@h/d"}, 2, "want postgres://USER@HOST[:PORT]/DATABASE"},
		{[]string{"push", "--archive", db, "127.0.0.1:5432/research"}, 2, `did you mean "postgres://127.0.0.1:5432/research"`},
		{[]string{"push", "--archive", filepath.Join(dir, "missing.db"), "db.example/research"}, 2, `did you mean "postgres://db.example/research"`},
		{[]string{"push", "--archive", db, "postgres://u:pw-s3cr3t@127.0.0.1:1/db?connect_timeout=2"}, 1, "postgres://u@127.0.0.1:1/db"},
		{[]string{"push", "--archive", db, "postgres://u:pw-s3cr3t@bad host:x/db"}, 2, "bad database URL"},
	} {
		before, _ := os.ReadFile(db)
		r := runBinary(t, dir, nil, c.args...)
		if r.Code != c.code || !strings.Contains(r.Stderr, c.want) || strings.Contains(r.Stderr+r.Stdout, "s3cr3t") {
			t.Errorf("%v: exit %d, want %d with %q\n%s", c.args, r.Code, c.code, c.want, r.Stderr)
		}
		if after, _ := os.ReadFile(db); c.code == 2 && !bytes.Equal(before, after) {
			t.Errorf("%v: a usage error changed the archive", c.args)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("push created a missing archive")
	}
}

// TestServePushesAfterRuns: with [push] in the sources file and --shard,
// serve runs only its shard's sources and pushes what they archived.
func TestServePushesAfterRuns(t *testing.T) {
	dbURL := pgtest.Start(t).NewDB(t)
	h := crawlSite(t, 4)
	other := crawlSite(t, 2)
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	cfg := filepath.Join(dir, "s.toml")
	// "beta-review" is in shard 1 of 2, "alpha-institute" in shard 2.
	os.WriteFile(cfg, []byte(fmt.Sprintf("[push]\nurl = %q\n\n"+
		"[[source]]\nname = \"beta-review\"\nseeds = [%q]\ndelay = \"0s\"\nevery = \"1h\"\n\n"+
		"[[source]]\nname = \"alpha-institute\"\nseeds = [%q]\ndelay = \"0s\"\nevery = \"1h\"\n",
		dbURL, h.URL+"/", other.URL+"/")), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		errc <- runServe(ctx, serveOptions{Archive: db, Config: cfg, HTTPAddr: "127.0.0.1:0", RunNow: true, AllowPrivate: true,
			Timeout: 5 * time.Second, Shard: "1/2"}, nil, io.Discard, io.Discard)
	}()
	c, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	deadline := time.Now().Add(30 * time.Second)
	n := 0
	for n < 4 {
		if time.Now().After(deadline) {
			t.Fatalf("serve pushed %d versions, want 4", n)
		}
		time.Sleep(50 * time.Millisecond)
		_ = c.QueryRow(ctx, "SELECT count(*) FROM versions").Scan(&n)
	}
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("serve stopped with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	var sites []string
	rows, _ := c.Query(context.Background(), "SELECT DISTINCT site FROM versions")
	sites, err = pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(sites) != 1 || !strings.HasPrefix(h.URL, "http://"+sites[0]) {
		t.Errorf("pushed sites %v (%v), want only shard 1's %s", sites, err, h.URL)
	}
}

// TestPushConnectErrorSaysWhy: a push that cannot connect says why in one
// line: pgx listed each attempt on its own line, first a misleading
// "tls error: server refused TLS connection", then the cause.
func TestPushConnectErrorSaysWhy(t *testing.T) {
	srv := pgtest.Start(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	buildPushArchive(t, db, 1)
	for _, c := range []struct{ url, want string }{
		{"postgres://u@127.0.0.1:1/db?connect_timeout=5", "connection refused (is PostgreSQL running there?)"},
		{srv.URL("no_such_database"), `database "no_such_database" does not exist`},
		{"postgres://u@no-such-host.invalid/db", "no-such-host.invalid"},
	} {
		r := runBinary(t, dir, nil, "push", "--archive", db, c.url)
		if r.Code != 1 || !strings.Contains(r.Stderr, c.want) || strings.Count(strings.TrimSpace(r.Stderr), "\n") != 0 || strings.Contains(r.Stderr, "tls error") {
			t.Errorf("push %s: exit %d, want 1 and one line with %q:\n%s", c.url, r.Code, c.want, r.Stderr)
		}
	}
}

// TestPushLosingItsDatabaseSaysWhereItStands: a push whose connection the
// server drops mid-way (a restart, a failover) says how far the database
// has the archive and that running it again resumes, as an interrupted
// push does; it printed the server's message alone ("terminating
// connection due to administrator command"). The second run completes it.
func TestPushLosingItsDatabaseSaysWhereItStands(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and a PostgreSQL")
	}
	srv := pgtest.Start(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	buildPushArchive(t, db, 1500)
	bin := archivistBinary(t)
	for attempt := 0; ; attempt++ {
		url := srv.NewDB(t)
		ctx := context.Background()
		c, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		push := exec.Command(bin, "push", "--archive", db, "--batch-size", "20", "--streams", "1", url)
		push.Dir = dir
		var stderr lockedBuffer
		push.Stderr = &stderr
		if err := push.Start(); err != nil {
			t.Fatal(err)
		}
		// Once a batch is in, drop every connection of the push.
		var n int
		for deadline := time.Now().Add(20 * time.Second); n == 0 && time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
			c.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE tablename = 'versions'").Scan(&n)
			if n > 0 {
				n = 0
				c.QueryRow(ctx, "SELECT count(*) FROM versions").Scan(&n)
			}
		}
		c.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
		c.Close(ctx)
		err = push.Wait()
		if err == nil {
			if attempt < 5 {
				continue // finished before the drop: again, into a new database
			}
			t.Skip("every push finished before its connection was dropped")
		}
		if !strings.Contains(stderr.String(), "run the same command again to resume") || !strings.Contains(stderr.String(), "the database has every version up to seq") {
			t.Errorf("push whose connection was dropped: %v\n%s", err, stderr.String())
		}
		var stats struct {
			LastSeq uint64 `json:"last_seq"`
		}
		if r := runBinary(t, dir, nil, "stats", "--archive", db, "--json"); json.Unmarshal([]byte(r.Stdout), &stats) != nil || stats.LastSeq == 0 {
			t.Fatalf("stats: %s%s", r.Stdout, r.Stderr)
		}
		r := runBinary(t, dir, nil, "push", "--archive", db, url)
		if r.Code != 0 || !strings.Contains(r.Stdout, fmt.Sprintf("database has everything up to seq %d\n", stats.LastSeq)) {
			t.Errorf("second push: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
		}
		return
	}
}
