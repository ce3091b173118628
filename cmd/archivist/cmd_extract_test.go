package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A small page whose body text survives any reasonable extractor: the CLI
// tests check the command (inputs, formats, errors, order), not extraction
// quality, which extract's golden tests cover.
const cliPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Grain corridors after the drought</title></head>
<body><article><h1>Grain corridors after the drought</h1>
<p>The grain corridors reopened in March, and prices in the regional markets fell by a third within six weeks of the first convoys.</p>
<p>Traders in the northern provinces nevertheless report that insurance costs remain far above their pre-drought levels.</p>
</article></body></html>`

const cliSnippet = "grain corridors reopened in March"

func extractTestFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func extractGzip(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// jsonlRecords parses jsonl output into generic objects.
func extractJSONL(t *testing.T, out string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("bad jsonl line %q: %v", sc.Text(), err)
		}
		recs = append(recs, m)
	}
	return recs
}

func TestExtractBinaryFormats(t *testing.T) {
	dir := t.TempDir()
	extractTestFile(t, dir, "page.html", []byte(cliPage))

	t.Run("text", func(t *testing.T) {
		r := runBinary(t, dir, nil, "extract", "page.html", "--url", "https://example.org/2024/03/grain")
		if r.Code != 0 {
			t.Fatalf("exit %d, stderr %q", r.Code, r.Stderr)
		}
		head, body, ok := strings.Cut(r.Stdout, "\n\n")
		if !ok {
			t.Fatalf("text output has no blank line between metadata and text:\n%s", r.Stdout)
		}
		if !strings.Contains(head, "URL: https://example.org/2024/03/grain") {
			t.Errorf("metadata lines lack the page URL:\n%s", head)
		}
		if !strings.Contains(body, cliSnippet) {
			t.Errorf("text lacks %q:\n%s", cliSnippet, body)
		}
	})

	t.Run("json", func(t *testing.T) {
		r := runBinary(t, dir, nil, "extract", "--format", "json", "page.html")
		if r.Code != 0 {
			t.Fatalf("exit %d, stderr %q", r.Code, r.Stderr)
		}
		if !strings.HasPrefix(r.Stdout, "{\n  ") {
			t.Errorf("json is not pretty-printed: %.80q", r.Stdout)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(r.Stdout), &m); err != nil {
			t.Fatalf("bad json: %v\n%s", err, r.Stdout)
		}
		if m["source"] != "page.html" {
			t.Errorf("source = %v", m["source"])
		}
		// Every schema field is present even when empty (docs/schema.md).
		for _, k := range []string{"url", "title", "authors", "published", "modified", "date_source",
			"site_name", "language", "description", "topics", "canonical_url", "image",
			"translations", "source_url", "kind", "text", "markdown", "word_count", "extractor"} {
			if _, ok := m[k]; !ok {
				t.Errorf("json lacks field %q", k)
			}
		}
		if _, ok := m["error"]; ok {
			t.Errorf("successful record has an error field")
		}
		if !strings.Contains(fmt.Sprint(m["text"]), cliSnippet) {
			t.Errorf("text lacks snippet: %v", m["text"])
		}
	})

	t.Run("markdown", func(t *testing.T) {
		r := runBinary(t, dir, nil, "extract", "-f", "markdown", "page.html")
		if r.Code != 0 {
			t.Fatalf("exit %d, stderr %q", r.Code, r.Stderr)
		}
		if strings.TrimSpace(r.Stdout) == "" {
			t.Fatal("empty markdown output")
		}
	})
}

func TestExtractBinaryInputsAndFailures(t *testing.T) {
	dir := t.TempDir()
	extractTestFile(t, dir, "a.html", []byte(cliPage))
	extractTestFile(t, dir, "b.html.gz", extractGzip(t, []byte(strings.Replace(cliPage, "March", "April", 1))))
	extractTestFile(t, dir, "binary.html", []byte("\x00\x01\x02\x03PK\x03\x04\x00\x00\xff\xfe"))

	stdin := strings.NewReader(strings.Replace(cliPage, "March", "May", 1))
	r := runBinary(t, dir, stdin, "extract", "-f", "jsonl",
		"a.html", "missing.html", "b.html.gz", "binary.html", "-")
	if r.Code != 1 {
		t.Errorf("exit %d, want 1 (some inputs failed)", r.Code)
	}
	recs := extractJSONL(t, r.Stdout)
	wantSources := []string{"a.html", "missing.html", "b.html.gz", "binary.html", "-"}
	if len(recs) != len(wantSources) {
		t.Fatalf("got %d records, want %d:\n%s", len(recs), len(wantSources), r.Stdout)
	}
	for i, want := range wantSources {
		if recs[i]["source"] != want {
			t.Errorf("record %d source = %v, want %q (input order)", i, recs[i]["source"], want)
		}
	}
	wantText := map[int]string{0: "reopened in March", 2: "reopened in April", 4: "reopened in May"}
	for i, snip := range wantText {
		if e, ok := recs[i]["error"]; ok {
			t.Errorf("%s: unexpected error %v", wantSources[i], e)
		}
		if !strings.Contains(fmt.Sprint(recs[i]["text"]), snip) {
			t.Errorf("%s: text lacks %q", wantSources[i], snip)
		}
	}
	for _, i := range []int{1, 3} {
		if e, _ := recs[i]["error"].(string); e == "" {
			t.Errorf("%s: no error in record %v", wantSources[i], recs[i])
		}
		if _, ok := recs[i]["text"]; ok {
			t.Errorf("%s: failed record carries article fields", wantSources[i])
		}
		if !strings.Contains(r.Stderr, wantSources[i]) {
			t.Errorf("stderr does not report %s:\n%s", wantSources[i], r.Stderr)
		}
	}
	if strings.Contains(r.Stderr, "a.html") {
		t.Errorf("stderr reports a good input:\n%s", r.Stderr)
	}
}

func TestExtractBinaryTooLarge(t *testing.T) {
	dir := t.TempDir()
	extractTestFile(t, dir, "big.html", []byte(cliPage))
	extractTestFile(t, dir, "big.html.gz", extractGzip(t, []byte(cliPage+strings.Repeat("<p>padding</p>", 1000))))
	for _, in := range []string{"big.html", "big.html.gz"} {
		r := runBinary(t, dir, nil, "extract", "--max-bytes", "200", in)
		if r.Code != 1 {
			t.Errorf("%s: exit %d, want 1", in, r.Code)
		}
		if !strings.Contains(r.Stderr, "too large") {
			t.Errorf("%s: stderr lacks a clear size error: %q", in, r.Stderr)
		}
	}
}

func TestExtractBinaryUsage(t *testing.T) {
	dir := t.TempDir()
	extractTestFile(t, dir, "a.html", []byte(cliPage))
	for _, args := range [][]string{
		{"extract"},
		{"extract", "--format", "yaml", "a.html"},
		{"extract", "--url", "https://example.org/x", "a.html", "a.html"},
		{"extract", "--url", "not a url", "a.html"},
		{"extract", "-", "-"},
		{"extract", "--no-such-flag", "a.html"},
	} {
		r := runBinary(t, dir, nil, args...)
		if r.Code != 2 {
			t.Errorf("%v: exit %d, want 2 (usage); stderr %q", args, r.Code, r.Stderr)
		}
		if r.Stderr == "" {
			t.Errorf("%v: no message on stderr", args)
		}
	}
	r := runBinary(t, dir, nil, "extract", "--help")
	if r.Code != 0 {
		t.Errorf("--help: exit %d", r.Code)
	}
	for _, want := range []string{"--format", "jsonl", "--url", "Exit status", "130", "archivist extract testdata/sample/article.html"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}

func TestExtractBinaryHTTP(t *testing.T) {
	// Latin-1 bytes, declared only in the Content-Type header.
	latin1 := []byte(strings.Replace(cliPage, "The grain", "La soci\xe9t\xe9 civile dit que the grain", 1))
	latin1 = bytes.Replace(latin1, []byte(`<meta charset="utf-8">`), nil, 1)
	mux := http.NewServeMux()
	mux.HandleFunc("/latin1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
		w.Write(latin1)
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/latin1", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "gone", http.StatusGone)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	r := runBinary(t, "", nil, "extract", "--allow-private", "-f", "jsonl", srv.URL+"/moved", srv.URL+"/gone")
	if r.Code != 1 {
		t.Errorf("exit %d, want 1", r.Code)
	}
	recs := extractJSONL(t, r.Stdout)
	if len(recs) != 2 {
		t.Fatalf("got %d records:\n%s", len(recs), r.Stdout)
	}
	if got := recs[0]["url"]; got != srv.URL+"/latin1" {
		t.Errorf("url = %v, want the final URL after redirects", got)
	}
	if txt := fmt.Sprint(recs[0]["text"]); !strings.Contains(txt, "La société civile") {
		t.Errorf("charset from Content-Type not applied: %q", txt)
	}
	if e := fmt.Sprint(recs[1]["error"]); !strings.Contains(e, "410") {
		t.Errorf("error for /gone = %q, want the HTTP status", e)
	}
}

// TestRunExtractOrder calls runExtract directly: inputs finishing out of
// order (slow first, fast last) still print in input order.
func TestRunExtractOrder(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/%d", &n)
		time.Sleep(time.Duration(8-n) * 5 * time.Millisecond)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><body><p>Page number %d of the series on order.</p></body></html>", n)
	}))
	defer srv.Close()
	var args []string
	for i := range 8 {
		args = append(args, fmt.Sprintf("%s/%d", srv.URL, i))
	}
	var out, errOut bytes.Buffer
	opts := extractOptions{Format: formatJSONL, Jobs: 4, Timeout: 10 * time.Second, AllowPrivate: true}
	if err := runExtract(context.Background(), opts, args, &out, &errOut); err != nil {
		t.Fatalf("runExtract: %v (stderr %q)", err, errOut.String())
	}
	recs := extractJSONL(t, out.String())
	if len(recs) != len(args) {
		t.Fatalf("got %d records", len(recs))
	}
	for i, rec := range recs {
		if rec["source"] != args[i] {
			t.Errorf("record %d source = %v, want %s", i, rec["source"], args[i])
		}
		if !strings.Contains(fmt.Sprint(rec["text"]), fmt.Sprintf("Page number %d ", i)) {
			t.Errorf("record %d text = %v", i, rec["text"])
		}
	}
}

// TestRunExtractCancelled: a cancelled context stops the run with
// context.Canceled (exit 130 in main) and still reports every input.
func TestRunExtractCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	p := extractTestFile(t, dir, "a.html", []byte(cliPage))
	var out, errOut bytes.Buffer
	opts := extractOptions{Format: formatJSONL, Timeout: time.Second}
	err := runExtract(ctx, opts, []string{p, p}, &out, &errOut)
	if err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if exitCode(ctx, err) != exitCancelled {
		t.Errorf("exit code = %d", exitCode(ctx, err))
	}
}

// TestExtractBinaryREADMESample runs the README's extract example (from the
// repository root, as a newcomer would) on the bundled sample page.
func TestExtractBinaryREADMESample(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	r := runBinary(t, root, nil, "extract", "testdata/sample/article.html",
		"--url", "https://www.sahelcentre.example/analysis/solar-pumps-herders-sahel/")
	if r.Code != 0 {
		t.Fatalf("exit %d, stderr %q", r.Code, r.Stderr)
	}
	if first, _, _ := strings.Cut(r.Stdout, "\n"); first != "Solar Pumps Are Redrawing the Herders' Map of the Sahel" {
		t.Errorf("first line = %q, want the article's title", first)
	}
	for _, want := range []string{"For generations, the movement of cattle across the Sahel followed the water.", "Private water, shifting routes"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	for _, chrome := range []string{"We use cookies", "About the Centre", "Subscribe to the Centre"} {
		if strings.Contains(r.Stdout, chrome) {
			t.Errorf("output has chrome %q", chrome)
		}
	}
}

// TestRunExtractKeepCaptions: --keep-captions reaches the extractor.
func TestRunExtractKeepCaptions(t *testing.T) {
	page := strings.Replace(cliPage, "<p>Traders", `<figure><img src="/a.jpg" alt=""><figcaption>Convoys queue at the border post near the river crossing.</figcaption></figure><p>Traders`, 1)
	p := extractTestFile(t, t.TempDir(), "cap.html", []byte(page))
	const caption = "Convoys queue at the border post"
	for _, keep := range []bool{false, true} {
		var out, errOut bytes.Buffer
		opts := extractOptions{Format: formatJSONL, Timeout: time.Second, KeepCaptions: keep}
		if err := runExtract(context.Background(), opts, []string{p}, &out, &errOut); err != nil {
			t.Fatalf("runExtract: %v (%s)", err, errOut.String())
		}
		recs := extractJSONL(t, out.String())
		if got := strings.Contains(fmt.Sprint(recs[0]["text"]), caption); got != keep {
			t.Errorf("keep-captions=%v: caption in text = %v", keep, got)
		}
	}
}

// TestExtractBinaryURLNotUTF8: --url with bytes that are not UTF-8 (a
// Latin-1 path typed or pasted from a legacy page) is shown with those
// bytes percent-encoded, not turned into U+FFFD by the JSON encoder.
func TestExtractBinaryURLNotUTF8(t *testing.T) {
	dir := t.TempDir()
	extractTestFile(t, dir, "page.html", []byte(cliPage))
	r := runBinary(t, dir, nil, "extract", "--format", "json", "--url", "https://example.org/caf\xe9/menu?q=\xff", "page.html")
	if r.Code != 0 {
		t.Fatalf("exit %d, stderr %q", r.Code, r.Stderr)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(r.Stdout), &m); err != nil {
		t.Fatalf("bad json: %v\n%s", err, r.Stdout)
	}
	if want := "https://example.org/caf%E9/menu?q=%FF"; m["url"] != want {
		t.Errorf("url = %q, want %q", m["url"], want)
	}
}

// TestExtractRefusesPrivateAddresses: `archivist extract URL` refuses a
// loopback address, as crawl does, and the error names the flag that
// allows it; with --allow-private the page is fetched. extract fetched
// any address, so it reached services crawl refused to.
func TestExtractRefusesPrivateAddresses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	var fetched atomic.Int32 // the handler runs on the server's goroutine
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetched.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<html><body><p>An internal page that only the local network should see.</p></body></html>")
	}))
	defer srv.Close()
	r := runBinary(t, "", nil, "extract", srv.URL+"/internal")
	if r.Code != 1 || fetched.Load() != 0 || !strings.Contains(r.Stderr, "--allow-private") {
		t.Errorf("without --allow-private: exit %d, %d fetches, stderr %q", r.Code, fetched.Load(), r.Stderr)
	}
	r = runBinary(t, "", nil, "extract", "--allow-private", srv.URL+"/internal")
	if r.Code != 0 || fetched.Load() != 1 || !strings.Contains(r.Stdout, "An internal page") {
		t.Errorf("with --allow-private: exit %d, %d fetches\n%s%s", r.Code, fetched.Load(), r.Stdout, r.Stderr)
	}
}
