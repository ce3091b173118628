package archive

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestReadServerSecondProcess: a child process holds the archive and
// writes; this process reads through the socket, then directly once the
// child has gone.
func TestReadServerSecondProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a process")
	}
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "a.db")
	cmd := childCmd(t, "serve", db)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stdout)
	expect := func(prefix string) string {
		t.Helper()
		if !lines.Scan() || !strings.HasPrefix(lines.Text(), prefix) {
			t.Fatalf("child said %q, want %q", lines.Text(), prefix)
		}
		return lines.Text()
	}
	expect("ready")
	add := func(u, text string) {
		io.WriteString(stdin, "add "+u+" "+text+"\n")
		expect("ok")
	}
	add("https://ex.org/a", "first text")
	add("https://ex.org/a", "second text")
	add("https://ex.org/b", "other page")

	r, err := OpenReader(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := r.(*RemoteReader); !ok {
		t.Fatalf("reader is %T, want the socket client while the child holds the file", r)
	}
	checkReader(t, r)
	// Writes made after the reader opened are visible.
	add("https://ex.org/c", "third page")
	if p, err := r.Page(ctx, "https://ex.org/c"); err != nil || p.Versions != 1 {
		t.Errorf("new page through socket: %+v %v", p, err)
	}
	r.Close()

	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	r, err = OpenReader(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, ok := r.(*Archive); !ok {
		t.Fatalf("reader is %T, want direct access once the file is free", r)
	}
	checkReader(t, r)
}

// checkReader runs the same read checks on any Reader.
func checkReader(t *testing.T, r Reader) {
	t.Helper()
	ctx := context.Background()
	p, err := r.Page(ctx, "https://EX.org/a?utm_source=z")
	if err != nil || p.Versions != 2 {
		t.Fatalf("page: %+v %v", p, err)
	}
	h, err := r.History(ctx, "https://ex.org/a")
	if err != nil || len(h) != 2 || h[1].Seq != 2 {
		t.Fatalf("history: %+v %v", h, err)
	}
	v, err := r.Version(ctx, "https://ex.org/a", 1)
	if err != nil || v.Text != "first text" || v.Version != 1 {
		t.Fatalf("version: %+v %v", v, err)
	}
	if _, err := r.Version(ctx, "https://ex.org/a", 7); !errors.Is(err, ErrNotFound) {
		t.Errorf("out of range: %v", err)
	}
	if _, err := r.Page(ctx, "https://ex.org/nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown: %v", err)
	}
	at, err := r.At(ctx, "https://ex.org/a", time.Now())
	if err != nil || at.Version != 2 {
		t.Errorf("at: %+v %v", at, err)
	}
	raw, err := r.Raw(ctx, "https://ex.org/a", 2)
	if err != nil || !strings.Contains(string(raw), "second text") {
		t.Errorf("raw: %q %v", raw, err)
	}
	if c, err := r.(CaptureReader).CaptureOf(ctx, "https://ex.org/a", 1); err != nil || !strings.Contains(string(c.Body), "first text") {
		t.Errorf("capture: %+v %v", c, err)
	}
	var seqs []uint64
	if err := r.Export(ctx, ExportFilter{}, func(rec *Record) error { seqs = append(seqs, rec.Seq); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(seqs) < 2 || seqs[0] != 2 || seqs[1] != 3 {
		t.Errorf("export latest: %v", seqs)
	}
	seqs = nil
	r.Export(ctx, ExportFilter{AllVersions: true, AfterSeq: 1}, func(rec *Record) error { seqs = append(seqs, rec.Seq); return nil })
	if len(seqs) < 2 || seqs[0] != 2 {
		t.Errorf("export all after 1: %v", seqs)
	}
	fl, err := r.(FetchLogReader).Fetches(ctx, "https://ex.org/a", 1)
	if err != nil || len(fl) != 1 || fl[0].N != 2 || fl[0].Outcome != OutcomeChanged {
		t.Errorf("fetches: %+v %v", fl, err)
	}
	st, err := r.Stats(ctx)
	if err != nil || st.Versions < 3 {
		t.Errorf("stats: %+v %v", st, err)
	}
	if _, err := r.Runs(ctx, 5); err != nil {
		t.Error(err)
	}
}

func TestOpenReaderMissing(t *testing.T) {
	_, err := OpenReader(context.Background(), filepath.Join(t.TempDir(), "none.db"))
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("%v", err)
	}
}

// TestExportJSONLMatchesRecords: the spliced lines decode to exactly the
// records Export gives.
func TestExportJSONLMatchesRecords(t *testing.T) {
	ctx := context.Background()
	a, _ := openTest(t, nil)
	ar := art("https://ex.org/x?id=1", "Quotes \"and\" <tags> & ünïcode", "Body\n\nwith \"quotes\" and <b>")
	ar.Topics = []string{"a", "b"}
	ar.Translations = map[string]string{"fr": "https://ex.org/fr/x"}
	ar.CanonicalURL = "https://ex.org/x"
	if _, err := a.Record(ctx, fetch("https://ex.org/x?id=1&utm_source=q", t0, "<p>x</p>"), ar); err != nil {
		t.Fatal(err)
	}
	record(t, a, "https://ex.org/y", t0, "Y", "y text")
	record(t, a, "https://ex.org/y", t0.Add(time.Hour), "Y", "y text 2")
	a.Record(ctx, Fetch{URL: "https://ex.org/y", Status: 410, FetchedAt: t0.Add(2 * time.Hour)}, nil)
	for _, f := range []ExportFilter{{}, {AllVersions: true}, {AllVersions: true, AfterSeq: 1}} {
		var want []string
		a.Export(ctx, f, func(r *Record) error {
			b, _ := json.Marshal(r)
			want = append(want, string(b))
			return nil
		})
		var buf bytes.Buffer
		n, last, err := a.ExportJSONL(ctx, f, &buf)
		if err != nil || n != len(want) {
			t.Fatalf("%+v: %d lines, %v; want %d", f, n, err, len(want))
		}
		lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
		for i, l := range lines {
			var x, y Record
			if err := json.Unmarshal([]byte(l), &x); err != nil {
				t.Fatalf("line %q: %v", l, err)
			}
			json.Unmarshal([]byte(want[i]), &y)
			if !reflect.DeepEqual(x, y) {
				t.Errorf("line %d:\n got %s\nwant %s", i, l, want[i])
			}
			if i == len(lines)-1 && x.Seq != last {
				t.Errorf("last seq %d, line has %d", last, x.Seq)
			}
		}
	}
}

// TestReadServerExportReaderGone: a reader that stops reading an export
// (`archivist export | head -1` while a crawl holds the archive) is not a
// problem of the server's: it is not logged as a warning, which put
// "archive: read server: export err=... broken pipe" in serve's log at
// every such pipe.
func TestReadServerExportReaderGone(t *testing.T) {
	a, _ := openTest(t, nil)
	words := strings.Fields("water policy sahel regional cooperation drought grain corridor election budget reform security analysis river delta")
	for i := range 200 {
		var b strings.Builder
		for j := range 6000 {
			b.WriteString(words[(i*7+j*j)%len(words)])
			b.WriteByte(' ')
		}
		record(t, a, fmt.Sprintf("https://ex.org/%d", i), t0, fmt.Sprintf("Page %d", i), b.String())
	}
	var logs bytes.Buffer
	var mu sync.Mutex
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, &slog.HandlerOptions{Level: slog.LevelInfo})))
	t.Cleanup(func() { slog.SetDefault(prev) })

	srv := httptest.NewServer(NewReadServer(a))
	resp, err := http.Get(srv.URL + "/v1/export")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(resp.Body, make([]byte, 4096)); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close() // the reader goes away mid-export
	srv.CloseClientConnections()
	srv.Close() // waits for the handler
	mu.Lock()
	defer mu.Unlock()
	if strings.Contains(logs.String(), "level=WARN") {
		t.Errorf("a reader leaving mid-export was logged as a warning:\n%s", logs.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestReadServerThroughASymlink: a reader naming the archive by a
// symbolic link (to the file, or to its folder) reaches the read server
// of the process holding it by its real name; the socket was put beside
// the name each was given, so the reader found none and failed with
// "locked by another process, and its read server ... does not answer".
func TestReadServerThroughASymlink(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	real := filepath.Join(dir, "data", "a.db")
	if err := os.Mkdir(filepath.Dir(real), 0o700); err != nil {
		t.Fatal(err)
	}
	a, err := Open(real, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	record(t, a, "https://ex.org/a", t0, "A", "some text")
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go NewReadServer(a).Serve(sctx, real)
	for deadline := time.Now().Add(5 * time.Second); ; {
		if _, err := os.Stat(SocketPath(real)); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no socket")
		}
		time.Sleep(10 * time.Millisecond)
	}
	fileLink := filepath.Join(dir, "link.db")
	dirLink := filepath.Join(dir, "current")
	os.Symlink(real, fileLink)
	os.Symlink(filepath.Dir(real), dirLink)
	for _, p := range []string{fileLink, filepath.Join(dirLink, "a.db")} {
		r, err := OpenReader(ctx, p)
		if err != nil {
			t.Errorf("reader through %s: %v", p, err)
			continue
		}
		if st, err := r.Stats(ctx); err != nil || st.Pages != 1 {
			t.Errorf("stats through %s: %+v, %v", p, st, err)
		}
		r.Close()
	}
}
