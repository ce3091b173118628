package extract_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/archivist-org/archivist/extract"
)

const fuzzPageURL = "https://www.example.org/analysis/2024/03/12/page"

// corpusSeeds returns a few gunzipped corpus pages per corpus, nil when the
// corpora are absent (a clean checkout without ../shared).
func corpusSeeds(tb testing.TB, perCorpus int) [][]byte {
	tb.Helper()
	var out [][]byte
	for _, c := range []string{"aeb", "traf"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", c, "html", "*.html.gz"))
		slices.Sort(files)
		for _, f := range files[:min(perCorpus, len(files))] {
			if b, err := gunzipFile(f); err == nil {
				out = append(out, b)
			}
		}
	}
	return out
}

func gunzipFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// oddInputs are small inputs that have broken parsers before.
var oddInputs = []string{
	"",
	" \n\t ",
	"<",
	"<html",
	"<!--",
	"<!DOCTYPE html><title>only a title</title>",
	"<script>document.write('<p>hi</p>')",
	"<p>unclosed <b>bold <i>italic <a href=\"x\">link",
	"<table><tr><td><table><tr><td><ul><li><ol><li>deep</ol></ul></td></tr></table>",
	"<html><body>\xff\xfe\xfd invalid utf-8 \xc3\x28</body></html>",
	"\xef\xbb\xbf<html><body><p>BOM then text</p></body></html>",
	"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00",
	`<meta charset="utf-16"><p>declared utf-16, is ascii</p>`,
	`<meta charset="no-such-charset"><p>unknown charset</p>`,
	`<script type="application/ld+json">{"@graph":[{"@type":"Article","author":{"name":{"name":[1,2,{}]}},"datePublished":["x",{}]}]</script>`,
	`<script type="application/ld+json">{{{{[[[[</script><p>broken json-ld</p>`,
	`<meta property="article:published_time" content="99999-99-99T99:99"><time datetime="0000-00-00">x</time>`,
	`<a href="http://[::1">bad url</a><link rel="canonical" href="%zz"><link rel="alternate" hreflang="" href="">`,
	`<svg><foreignObject><math><mi><p>mixed namespaces</p></mi></math></foreignObject></svg>`,
	`<p>` + strings.Repeat("&amp;&#x10FFFF;&#0;&NotNestedGreaterGreater;", 50) + `</p>`,
	`<div title="` + strings.Repeat("a", 100000) + `">long attribute</div>`,
	`<p>By ` + strings.Repeat("and ", 2000) + `</p>`,
}

// checkArticle asserts the invariants every result must meet: valid UTF-8
// everywhere and output bounded by the input size (no runaway duplication).
func checkArticle(t *testing.T, in []byte, a *extract.Article) {
	t.Helper()
	total := 0
	v := reflect.ValueOf(a).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		name := v.Type().Field(i).Name
		var strs []string
		switch f.Kind() {
		case reflect.String:
			strs = []string{f.String()}
		case reflect.Slice:
			for j := range f.Len() {
				strs = append(strs, f.Index(j).String())
			}
		case reflect.Map:
			for _, k := range f.MapKeys() {
				strs = append(strs, k.String(), f.MapIndex(k).String())
			}
		}
		for _, s := range strs {
			if !utf8.ValidString(s) {
				t.Fatalf("%s is not valid UTF-8: %q", name, s)
			}
			total += len(s)
		}
	}
	// Markdown resolves links against the page URL, and a legacy charset
	// can triple bytes, so allow a generous factor; what this catches is
	// output growing faster than the input.
	if limit := 16*len(in) + 64<<10; total > limit {
		t.Fatalf("output is %d bytes for %d bytes of input (limit %d)", total, len(in), limit)
	}
}

func FuzzFromHTML(f *testing.F) {
	for _, name := range goldenCases(f) {
		src, err := os.ReadFile(filepath.Join(goldenDir, name, "source.html"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src, false)
	}
	for _, s := range oddInputs {
		f.Add([]byte(s), true)
	}
	// Corpus pages are big and slow the mutator down; -short leaves them
	// out for long fuzzing sessions (go test -short -fuzz FuzzFromHTML).
	if !testing.Short() {
		for _, b := range corpusSeeds(f, 3) {
			f.Add(b, false)
		}
	}
	f.Fuzz(func(t *testing.T, in []byte, keepCaptions bool) {
		a, err := extract.FromHTML(in, fuzzPageURL, &extract.Options{KeepCaptions: keepCaptions})
		if err != nil {
			if a != nil {
				t.Fatalf("error %v with a non-nil article", err)
			}
			return
		}
		checkArticle(t, in, a)
	})
}

// TestOddInputs runs the small hostile inputs with and without a page URL
// (so plain `go test` covers them even without the fuzz seeds).
func TestOddInputs(t *testing.T) {
	for i, s := range oddInputs {
		for _, u := range []string{"", fuzzPageURL} {
			a, err := extract.FromHTML([]byte(s), u, nil)
			if err != nil {
				continue
			}
			if a == nil {
				t.Fatalf("input %d: nil article without error", i)
			}
			checkArticle(t, []byte(s), a)
		}
	}
}

// TestDeepNesting: 100k nested unclosed divs must complete (no stack
// exhaustion, no quadratic blow-up that never ends). Time is not asserted.
func TestDeepNesting(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	for _, tag := range []string{"<div>", "<div><span>", "<table><tr><td>"} {
		var b bytes.Buffer
		b.WriteString("<html><body>")
		for range 100_000 / strings.Count(tag, "<") {
			b.WriteString(tag)
		}
		b.WriteString("<p>The paragraph at the bottom of a very deep tree still has words in it.</p>")
		in := b.Bytes()
		a, err := extract.FromHTML(in, fuzzPageURL, nil)
		if err != nil {
			t.Logf("%s: error (acceptable): %v", tag, err)
			continue
		}
		checkArticle(t, in, a)
	}
}

// TestHugeSingleLine: a 5 MB page without a single newline (minified
// markup, or one enormous paragraph) must complete.
func TestHugeSingleLine(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	const size = 5 << 20
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the of grain corridor convoy market price insurance checkpoint border policy sahel analysis report data")
	sentence := func() string {
		var s strings.Builder
		for range 12 + rng.IntN(12) {
			s.WriteString(words[rng.IntN(len(words))])
			s.WriteByte(' ')
		}
		return s.String()
	}
	t.Run("minified markup", func(t *testing.T) {
		var b bytes.Buffer
		b.WriteString(`<!DOCTYPE html><html><head><title>Minified</title></head><body><header><a href="/">Home</a></header><main><article>`)
		for i := 0; b.Len() < size; i++ {
			b.WriteString(`<div class="block"><p>` + sentence() + `<a href="/link/` + words[i%len(words)] + `">link</a> ` + sentence() + `</p></div>`)
		}
		b.WriteString(`</article></main></body></html>`)
		in := b.Bytes()
		a, err := extract.FromHTML(in, fuzzPageURL, nil)
		if err != nil {
			t.Fatalf("FromHTML: %v", err)
		}
		checkArticle(t, in, a)
		if a.WordCount < 1000 {
			t.Errorf("word count %d: the body was lost", a.WordCount)
		}
	})
	t.Run("one paragraph", func(t *testing.T) {
		var b bytes.Buffer
		b.WriteString(`<html><body><p>`)
		for b.Len() < size {
			b.WriteString(sentence())
		}
		b.WriteString(`</p></body></html>`)
		in := b.Bytes()
		a, err := extract.FromHTML(in, fuzzPageURL, nil)
		if err != nil {
			t.Fatalf("FromHTML: %v", err)
		}
		checkArticle(t, in, a)
	})
}

func TestTooLarge(t *testing.T) {
	page := []byte("<html><body><p>" + strings.Repeat("word ", 400) + "</p></body></html>")
	if _, err := extract.FromHTML(page, "", &extract.Options{MaxBytes: 1000}); !errors.Is(err, extract.ErrTooLarge) {
		t.Errorf("MaxBytes 1000, %d bytes: err = %v, want ErrTooLarge", len(page), err)
	}
	if _, err := extract.FromHTML(page, "", &extract.Options{MaxBytes: -1}); err != nil {
		t.Errorf("MaxBytes -1 (no limit): err = %v", err)
	}
	if testing.Short() {
		return
	}
	big := bytes.Repeat([]byte("<p>x</p>"), extract.DefaultMaxBytes/8+1)
	if _, err := extract.FromHTML(big, "", nil); !errors.Is(err, extract.ErrTooLarge) {
		t.Errorf("default limit, %d bytes: err = %v, want ErrTooLarge", len(big), err)
	}
}

func TestBinaryInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	random := make([]byte, 64<<10)
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("<html><body><p>compressed page</p></body></html>"))
	zw.Close()
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"), random[:4096]...)
	pdf := append([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n"), random[:2048]...)
	for name, in := range map[string][]byte{"random": random, "gzip": gz.Bytes(), "png": png, "pdf": pdf} {
		a, err := extract.FromHTML(in, fuzzPageURL, nil)
		if err == nil {
			t.Errorf("%s: no error; got %d words of text", name, a.WordCount)
		}
	}
}

// TestConcurrentUse: FromHTML is safe for concurrent use and deterministic,
// so the crawler can run it from many goroutines (run with -race).
func TestConcurrentUse(t *testing.T) {
	var pages [][]byte
	for _, name := range goldenCases(t) {
		src, err := os.ReadFile(filepath.Join(goldenDir, name, "source.html"))
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, src)
	}
	want := make([]*extract.Article, len(pages))
	for i, p := range pages {
		want[i], _ = extract.FromHTML(p, fuzzPageURL, nil)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range pages {
				i := (k + g*3) % len(pages)
				got, _ := extract.FromHTML(pages[i], fuzzPageURL, nil)
				if !reflect.DeepEqual(got, want[i]) {
					t.Errorf("page %d: concurrent result differs from serial one", i)
				}
			}
		})
	}
	wg.Wait()
}
