package warcio

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
)

func testCaptures() []Capture {
	t0 := time.Date(2024, 3, 5, 10, 11, 12, 123456789, time.UTC)
	return []Capture{
		{URL: "https://example.org/a", Date: t0, Status: 200,
			Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Content-Encoding": {"gzip"}, "Etag": {`"x1"`}},
			Body:   []byte("<html><head><title>A</title></head><body><p>Hello é</p></body></html>")},
		{URL: "https://example.org/b-final", PageURL: "https://example.org/b", Date: t0.Add(time.Hour), Status: 200,
			Header: http.Header{"Content-Type": {"text/html"}, "Transfer-Encoding": {"chunked"}},
			Body:   bytes.Repeat([]byte("<p>binary-ish \x00\xff\r\n</p>"), 500)},
		{URL: "https://example.org/c", Date: t0.Add(2 * time.Hour), Status: 404,
			Header: http.Header{"Content-Type": {"text/plain"}}, Body: nil},
	}
}

func writeWARC(t testing.TB, caps []Capture, opts *WriterOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range caps {
		if _, err := w.WriteResponse(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readAll(t testing.TB, data []byte) (entries []*Entry, recErrs []error) {
	t.Helper()
	return readAllFrom(t, bytes.NewReader(data))
}

// readAllFrom is readAll on any input.
func readAllFrom(t testing.TB, in io.Reader) (entries []*Entry, recErrs []error) {
	t.Helper()
	r := NewReader(in, nil)
	for {
		e, err := r.Next()
		if err == io.EOF {
			return
		}
		var re *RecordError
		if errors.As(err, &re) {
			recErrs = append(recErrs, err)
			continue
		}
		if err != nil {
			t.Fatalf("fatal read error: %v", err)
		}
		entries = append(entries, e)
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	for _, compress := range []bool{true, false} {
		t.Run(fmt.Sprintf("gzip=%v", compress), func(t *testing.T) {
			caps := testCaptures()
			data := writeWARC(t, caps, &WriterOptions{NoCompress: !compress, Info: map[string]string{"description": "test\nexport"}})
			if compress && (data[0] != 0x1f || data[1] != 0x8b) {
				t.Fatal("not gzip")
			}
			entries, errs := readAll(t, data)
			if len(errs) > 0 {
				t.Fatalf("record errors: %v", errs)
			}
			if len(entries) != 1+len(caps) {
				t.Fatalf("got %d entries, want %d", len(entries), 1+len(caps))
			}
			if entries[0].Type != TypeWarcinfo {
				t.Fatalf("first record %q, want warcinfo", entries[0].Type)
			}
			for i, c := range caps {
				e := entries[i+1]
				if e.Type != TypeResponse || e.URL != c.URL || !e.Date.Equal(c.Date) || e.Status != c.Status {
					t.Errorf("entry %d: %s %s %v %d; want %s %v %d", i, e.Type, e.URL, e.Date, e.Status, c.URL, c.Date, c.Status)
				}
				if !bytes.Equal(e.Body, c.Body) {
					t.Errorf("entry %d: body differs (%d vs %d bytes)", i, len(e.Body), len(c.Body))
				}
				if got := e.Header.Get(PageURLField); got != c.PageURL {
					t.Errorf("entry %d: page url %q, want %q", i, got, c.PageURL)
				}
				if e.HTTPHeader.Get("Content-Encoding") != "" || e.HTTPHeader.Get("Transfer-Encoding") != "" {
					t.Errorf("entry %d: wire encodings kept: %v", i, e.HTTPHeader)
				}
				if c.Header.Get("Etag") != "" && e.HTTPHeader.Get("Etag") != c.Header.Get("Etag") {
					t.Errorf("entry %d: etag lost", i)
				}
				if len(e.Warnings) > 0 {
					t.Errorf("entry %d: warnings %v", i, e.Warnings)
				}
			}
		})
	}
}

// TestBrokenRecordSkipped corrupts one record in the middle and checks it is
// reported while the records after it still come through.
func TestBrokenRecordSkipped(t *testing.T) {
	caps := testCaptures()
	cases := map[string]func([]byte) []byte{
		"gzip member corrupted": func(data []byte) []byte {
			// Records are separate gzip members; damage the deflate data of the
			// second response member.
			members := gzipMembers(data)
			m := members[2]
			out := append([]byte(nil), data...)
			for i := m[0] + 20; i < m[0]+60 && i < m[1]; i++ {
				out[i] ^= 0x5a
			}
			return out
		},
		"garbage between records": func(data []byte) []byte {
			members := gzipMembers(data)
			m := members[2]
			out := append([]byte(nil), data[:m[0]]...)
			out = append(out, []byte("this is not a record\r\n\r\n")...)
			return append(out, data[m[0]:]...)
		},
		"truncated member": func(data []byte) []byte {
			members := gzipMembers(data)
			m := members[2]
			out := append([]byte(nil), data[:m[0]+(m[1]-m[0])/2]...)
			return append(out, data[m[1]:]...)
		},
	}
	for name, damage := range cases {
		t.Run(name, func(t *testing.T) {
			data := damage(writeWARC(t, caps, nil))
			entries, errs := readAll(t, data)
			var urls []string
			for _, e := range entries {
				urls = append(urls, e.URL)
			}
			if len(urls) == 0 || urls[len(urls)-1] != caps[2].URL {
				t.Fatalf("last record not read after damage; got %q, errors %v", urls, errs)
			}
			if name != "garbage between records" && len(errs) == 0 {
				t.Fatalf("damage not reported; entries %q", urls)
			}
			for _, e := range entries {
				if e.URL == caps[0].URL && !bytes.Equal(e.Body, caps[0].Body) {
					t.Fatal("undamaged record changed")
				}
			}
		})
	}
	t.Run("plain warc bad header", func(t *testing.T) {
		data := writeWARC(t, caps, &WriterOptions{NoCompress: true})
		i := bytes.Index(data, []byte("WARC/1.1\r\nWARC-Date"))
		j := bytes.Index(data[1:], []byte("WARC/1.1\r\n")) + 1
		j = bytes.Index(data[j+1:], []byte("WARC/1.1\r\n")) + j + 1 // second response
		_ = i
		out := append([]byte(nil), data...)
		copy(out[j+10:], "Content-Length: x\r\n") // clobber header lines
		entries, errs := readAll(t, out)
		if len(errs) == 0 {
			t.Fatal("bad header not reported")
		}
		if entries[len(entries)-1].URL != caps[2].URL {
			t.Fatalf("records after damage lost: %d entries, errs %v", len(entries), errs)
		}
	})
}

// gzipMembers returns [start,end) of each gzip member, found by decoding.
func gzipMembers(data []byte) [][2]int {
	var out [][2]int
	r := bytes.NewReader(data)
	for r.Len() > 0 {
		start := len(data) - r.Len()
		zr, err := gzip.NewReader(r)
		if err != nil {
			break
		}
		zr.Multistream(false)
		io.Copy(io.Discard, zr)
		out = append(out, [2]int{start, len(data) - r.Len()})
	}
	return out
}

// TestReaderNoPanic feeds random mutations of a valid WARC to the reader.
func TestReaderNoPanic(t *testing.T) {
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewSource(seed))
	t.Logf("seed %d", seed)
	base := [][]byte{writeWARC(t, testCaptures(), nil), writeWARC(t, testCaptures(), &WriterOptions{NoCompress: true})}
	for i := 0; i < 300; i++ {
		data := append([]byte(nil), base[i%2]...)
		for k := 0; k < 1+rng.Intn(8); k++ {
			p := rng.Intn(len(data))
			switch rng.Intn(3) {
			case 0:
				data[p] = byte(rng.Intn(256))
			case 1:
				data = data[:p]
			case 2:
				data = append(data[:p], append([]byte("WARC/1.0\r\n"), data[p:]...)...)
			}
			if len(data) == 0 {
				break
			}
		}
		r := NewReader(bytes.NewReader(data), nil)
		for n := 0; n < 10000; n++ {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			var re *RecordError
			if err != nil && !errors.As(err, &re) {
				break
			}
		}
	}
}

func FuzzReader(f *testing.F) {
	f.Add(writeWARC(f, testCaptures()[:1], nil))
	f.Add(writeWARC(f, testCaptures()[:1], &WriterOptions{NoCompress: true}))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data), nil)
		for n := 0; n < 1000; n++ {
			if _, err := r.Next(); err == io.EOF {
				return
			}
		}
	})
}

// wgetSite serves a small site exercising what real servers do: gzip,
// chunked bodies, redirects, images, 404s.
func wgetSite(t *testing.T) (*httptest.Server, map[string][]byte) {
	pages := map[string][]byte{
		"/":                   []byte(`<html><head><title>Home</title></head><body><a href="/a">a</a> <a href="/b">b</a> <a href="/old">old</a> <a href="/missing">m</a> <img src="/img.png"></body></html>`),
		"/a":                  []byte(`<html><head><title>Article A</title></head><body><article><h1>Article A</h1><p>` + strings.Repeat("Words of article A. ", 200) + `</p></article></body></html>`),
		"/b":                  []byte(`<html><head><meta charset="utf-8"><title>Article B</title></head><body><article><p>` + strings.Repeat("Zürich naïve café. ", 300) + `</p></article></body></html>`),
		"/2024/moved-article": []byte(`<html><head><title>New place</title></head><body><article><h1>New place</h1><p>` + strings.Repeat("This article moved here from its old address. ", 100) + `</p></article></body></html>`),
		"/img.png":            append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0, 1, 2}, 100)...),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		switch {
		case r.URL.Path == "/old":
			http.Redirect(w, r, "/2024/moved-article", http.StatusMovedPermanently)
			return
		case !ok:
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(r.URL.Path, ".png") {
			w.Header().Set("Content-Type", "image/png")
			w.Write(body)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/a": // gzip on the wire, whatever the client asked
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			zw.Write(body)
			zw.Close()
		case "/b": // chunked: flush in pieces without Content-Length
			for i := 0; i < len(body); i += 1000 {
				w.Write(body[i:min(i+1000, len(body))])
				w.(http.Flusher).Flush()
			}
		default:
			w.Write(body)
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, pages
}

// WgetWARC crawls a local test site with wget --warc-file (an independent
// WARC producer) and returns the .warc.gz path and the served pages.
func wgetWARC(t *testing.T) (string, string, map[string][]byte) {
	t.Helper()
	if _, err := exec.LookPath("wget"); err != nil {
		t.Skip("wget not installed (.ci/run installs it)")
	}
	srv, pages := wgetSite(t)
	dir := t.TempDir()
	cmd := exec.Command("wget", "--recursive", "--level=2", "--no-verbose", "--no-proxy",
		"--tries=1", "--timeout=10", "--directory-prefix", filepath.Join(dir, "site"),
		"--warc-file", filepath.Join(dir, "crawl"), "--no-warc-keep-log", srv.URL+"/")
	cmd.Env = append(os.Environ(), "http_proxy=", "https_proxy=", "no_proxy=*")
	out, err := cmd.CombinedOutput()
	// wget exits 8 when some URL gave an error status (our 404): expected.
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 8) {
		t.Fatalf("wget: %v\n%s", err, out)
	}
	return filepath.Join(dir, "crawl.warc.gz"), srv.URL, pages
}

func TestReadWgetWARC(t *testing.T) {
	path, base, pages := wgetWARC(t)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, _ := io.ReadAll(f)
	entries, errs := readAll(t, data)
	if len(errs) > 0 {
		t.Fatalf("record errors in wget's WARC: %v", errs)
	}
	got := map[string]*Entry{}
	types := map[string]int{}
	for _, e := range entries {
		types[e.Type]++
		if e.Type == TypeResponse {
			got[strings.TrimPrefix(e.URL, base)] = e
		}
	}
	t.Logf("record types: %v", types)
	if types[TypeWarcinfo] == 0 || types[TypeRequest] == 0 {
		t.Errorf("expected warcinfo and request records, got %v", types)
	}
	for _, p := range []string{"/", "/a", "/b", "/2024/moved-article", "/img.png"} {
		e := got[p]
		if e == nil {
			t.Errorf("no response record for %s", p)
			continue
		}
		if e.Status != 200 || !bytes.Equal(e.Body, pages[p]) {
			t.Errorf("%s: status %d, body %d bytes (want %d)", p, e.Status, len(e.Body), len(pages[p]))
		}
		if e.Date.IsZero() || time.Since(e.Date) > time.Hour {
			t.Errorf("%s: bad date %v", p, e.Date)
		}
	}
	if e := got["/old"]; e == nil || e.Status != 301 || !strings.HasSuffix(e.HTTPHeader.Get("Location"), "/2024/moved-article") {
		t.Errorf("redirect record: %+v", e)
	}
	if e := got["/missing"]; e == nil || e.Status != 404 {
		t.Errorf("404 record: %+v", e)
	}
}

// warcioJS returns a command running the npm warcio checker, or skips.
func warcioJS(t *testing.T) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "tools", "warcio")
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node not installed (.ci/run installs it): cannot validate with warcio.js")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "warcio")); err != nil {
		t.Skip("warcio.js not installed: run `npm ci --prefix tools/warcio` (.ci/run does)")
	}
	return filepath.Join(dir, "check.mjs")
}

// CheckWithWarcioJS validates a WARC with webrecorder's warcio and returns
// its view of the records.
func checkWithWarcioJS(t *testing.T, script, path string) []map[string]any {
	t.Helper()
	out, err := exec.Command("node", script, path).Output()
	var recs []map[string]any
	for _, line := range bytes.Split(bytes.TrimSpace(out), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		var m map[string]any
		if jerr := json.Unmarshal(line, &m); jerr != nil {
			t.Fatalf("warcio output %q: %v", line, jerr)
		}
		recs = append(recs, m)
	}
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("warcio.js rejected %s: %v\n%s\n%s", path, err, out, ee.Stderr)
		}
		t.Fatal(err)
	}
	return recs
}

func TestValidatedByWarcioJS(t *testing.T) {
	script := warcioJS(t)
	caps := testCaptures()
	for _, compress := range []bool{true, false} {
		path := filepath.Join(t.TempDir(), "out.warc")
		if compress {
			path += ".gz"
		}
		w, err := Create(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range caps {
			if _, err := w.WriteResponse(c); err != nil {
				t.Fatal(err)
			}
		}
		req := httptest.NewRequest("GET", "https://example.org/fetched?q=1", nil)
		req.Header.Set("User-Agent", "archivist-test")
		resp := &http.Response{StatusCode: 200, Proto: "HTTP/2.0", Header: http.Header{"Content-Type": {"text/html"}}, Request: req}
		if err := w.WriteFetch(req, resp, []byte("<p>fetched</p>")); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		recs := checkWithWarcioJS(t, script, path)
		if len(recs) != 1+len(caps)+2 {
			t.Fatalf("warcio.js saw %d records, want %d", len(recs), 1+len(caps)+2)
		}
		if recs[0]["type"] != "warcinfo" || recs[len(recs)-2]["type"] != "request" {
			t.Fatalf("record types: %v ... %v", recs[0]["type"], recs[len(recs)-2]["type"])
		}
		for i, c := range caps {
			r := recs[i+1]
			if r["uri"] != c.URL || int(r["status"].(float64)) != c.Status || int(r["payload_len"].(float64)) != len(c.Body) {
				t.Errorf("record %d as warcio.js sees it: %v", i, r)
			}
		}
	}
}

// TestWriteArchiveFetchConcurrent is the `crawl --warc` path: many crawler
// workers write fetches at once; every pair comes out whole and linked.
func TestWriteArchiveFetchConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "crawl.warc.gz")
	w, err := Create(path, &WriterOptions{Info: map[string]string{"description": "crawl test"}})
	if err != nil {
		t.Fatal(err)
	}
	const n = 40
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	errc := make(chan error, n)
	for i := range n {
		go func() {
			errc <- w.WriteArchiveFetch(archive.Fetch{URL: fmt.Sprintf("https://site.example/p/%d", i),
				Status: 200, Header: http.Header{"Content-Type": {"text/html"}},
				Body: bytes.Repeat([]byte(fmt.Sprintf("<p>page %d</p>", i)), 100+i), FetchedAt: t0.Add(time.Duration(i) * time.Second)},
				http.Header{"User-Agent": {"archivist"}})
		}()
	}
	for range n {
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	entries, errs := readAll(t, data)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	ids := map[string]*Entry{}
	var reqs []*Entry
	for _, e := range entries {
		switch e.Type {
		case TypeResponse:
			ids[e.RecordID] = e
		case TypeRequest:
			reqs = append(reqs, e)
		}
	}
	if len(ids) != n || len(reqs) != n {
		t.Fatalf("%d responses, %d requests; want %d each", len(ids), len(reqs), n)
	}
	for _, rq := range reqs {
		resp := ids[strings.Trim(rq.Header.Get("WARC-Concurrent-To"), "<>")]
		if resp == nil {
			resp = ids[rq.Header.Get("WARC-Concurrent-To")]
		}
		if resp == nil || resp.URL != rq.URL || !resp.Date.Equal(rq.Date) {
			t.Fatalf("request %s not linked to its response", rq.URL)
		}
	}
	if script := warcioJSIfPresent(); script != "" {
		if recs := checkWithWarcioJS(t, script, path); len(recs) != 1+2*n {
			t.Fatalf("warcio.js read %d records", len(recs))
		}
	}
}

func TestReaderTooLarge(t *testing.T) {
	caps := testCaptures()
	r := NewReader(bytes.NewReader(writeWARC(t, caps, nil)), &ReaderOptions{MaxPayload: 1000})
	var big *Entry
	for {
		e, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if e.URL == caps[1].URL {
			big = e
		}
	}
	if big == nil || !big.TooLarge || big.Body != nil || big.Status != 200 || big.HTTPHeader.Get("Content-Type") != "text/html" {
		t.Fatalf("large record: %+v", big)
	}
}

func TestParseHTTP2StatusLine(t *testing.T) {
	e := &Entry{Type: TypeResponse}
	block := []byte("HTTP/2 200\r\ncontent-type: text/html\r\ncontent-encoding: gzip\r\n\r\n")
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte("<p>h2</p>"))
	zw.Close()
	if err := parseHTTPResponse(e, append(block, z.Bytes()...)); err != nil {
		t.Fatal(err)
	}
	if e.Status != 200 || string(e.Body) != "<p>h2</p>" || e.HTTPHeader.Get("Content-Type") != "text/html" {
		t.Fatalf("%d %q %v", e.Status, e.Body, e.HTTPHeader)
	}
}

// TestWholeFileGzip: `gzip file.warc` makes one member of many records.
func TestWholeFileGzip(t *testing.T) {
	caps := testCaptures()
	plain := writeWARC(t, caps, &WriterOptions{NoCompress: true})
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(plain)
	zw.Close()
	entries, errs := readAll(t, z.Bytes())
	if len(errs) > 0 || len(entries) != 1+len(caps) {
		t.Fatalf("%d entries, errors %v", len(entries), errs)
	}
	for i, c := range caps {
		if !bytes.Equal(entries[i+1].Body, c.Body) {
			t.Errorf("record %d body differs", i)
		}
	}
	// A whole-file gzip followed by per-record members still reads on.
	more := append(z.Bytes(), writeWARC(t, caps[:1], nil)...)
	if entries, errs := readAll(t, more); len(errs) > 0 || len(entries) != 1+len(caps)+2 {
		t.Fatalf("mixed: %d entries, errors %v", len(entries), errs)
	}
}

func TestBlankLinesBetweenRecords(t *testing.T) {
	caps := testCaptures()
	data := writeWARC(t, caps, &WriterOptions{NoCompress: true})
	data = bytes.ReplaceAll(data, []byte("\r\n\r\nWARC/1.1"), []byte("\r\n\r\n\r\n\nWARC/1.1"))
	data = append(data, "\r\n\n"...)
	entries, errs := readAll(t, data)
	if len(errs) > 0 || len(entries) != 1+len(caps) {
		t.Fatalf("%d entries, errors %v", len(entries), errs)
	}
}
