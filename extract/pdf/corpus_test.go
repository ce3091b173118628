package pdf

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/archivist-org/archivist/extract"
	"github.com/archivist-org/archivist/extract/score"
)

type corpusMeta struct {
	Producer string
	Columns  int
	Language string
	Title    string
	Authors  []string
}

// TestCorpus extracts every document of testdata/corpus (see
// bench/cmd/pdfcorpus) and scores it against its known text with WCXB's
// word F1; scans must fail with ErrNoText.
func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*.pdf"))
	if len(files) < 40 {
		t.Fatalf("%d corpus files", len(files))
	}
	var all, single score.Words
	producers := map[string]*score.Words{}
	titles, titled, langs, langed := 0, 0, 0, 0
	for _, f := range files {
		base := strings.TrimSuffix(f, ".pdf")
		name := filepath.Base(base)
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) {
			a, err := Extract(context.Background(), data, "https://example.org/"+name+".pdf", nil)
			if _, serr := os.Stat(base + ".scan"); serr == nil {
				if !errors.Is(err, ErrNoText) {
					t.Errorf("scan: err %v, want ErrNoText", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(base + ".txt")
			if err != nil {
				t.Fatal(err)
			}
			var m corpusMeta
			if b, err := os.ReadFile(base + ".json"); err == nil {
				json.Unmarshal(b, &m)
			}
			_, _, f1 := all.Add(a.Text, string(want))
			if m.Columns <= 1 {
				single.Add(a.Text, string(want))
				producer, _, _ := strings.Cut(name, "-")
				if producers[producer] == nil {
					producers[producer] = &score.Words{}
				}
				producers[producer].Add(a.Text, string(want))
			}
			if a.Authors == nil || a.Topics == nil || a.Translations == nil {
				t.Errorf("nil lists (docs/schema.md: [] and {}): authors %v topics %v translations %v", a.Authors, a.Topics, a.Translations)
			}
			if a.Kind != extract.KindDocument || a.Pages < 1 || a.WordCount == 0 {
				t.Errorf("kind %q pages %d words %d", a.Kind, a.Pages, a.WordCount)
			}
			if f1 < 0.9 {
				t.Errorf("word F1 %.3f", f1)
			}
			// Right-to-left text in reading order: pairs of adjacent
			// words, which a visual (drawn) order reverses.
			if m.Language == "ar" || m.Language == "he" {
				if b := bigramF1(a.Text, string(want)); b < 0.95 {
					t.Errorf("word-pair F1 %.3f: right-to-left text out of reading order", b)
				}
			}
			titles++
			if a.Title == m.Title {
				titled++
			} else {
				t.Logf("title %q, want %q", a.Title, m.Title)
			}
			if m.Language != "" {
				langs++
				if l, _, _ := strings.Cut(strings.ToLower(a.Language), "-"); l == m.Language {
					langed++
				} else {
					t.Logf("language %q, want %q", a.Language, m.Language)
				}
			}
		})
	}
	f1, _, _ := all.Result()
	sf1, _, _ := single.Result()
	t.Logf("word F1 %.3f over %d documents, %.3f single-column; titles %d/%d; languages %d/%d", f1, all.N, sf1, titled, titles, langed, langs)
	if f1 < 0.97 || sf1 < 0.97 {
		t.Errorf("corpus word F1 %.3f, single-column %.3f: want ≥ 0.97", f1, sf1)
	}
	// Each producer's single-column documents together: one whose word
	// spacing or encoding goes wrong must not hide behind the others.
	for name, w := range producers {
		f1, _, _ := w.Result()
		t.Logf("%s single-column: word F1 %.3f over %d documents", name, f1, w.N)
		if f1 < 0.97 {
			t.Errorf("%s single-column word F1 %.3f: want ≥ 0.97", name, f1)
		}
	}
	if titled*10 < titles*9 {
		t.Errorf("titles right on %d of %d documents", titled, titles)
	}
	if langed*10 < langs*8 {
		t.Errorf("languages right on %d of %d documents", langed, langs)
	}
}

// TestBadInput: nothing that claims to be a PDF may panic or hang.
func TestBadInput(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "corpus", "groff-0.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{
		"empty":        nil,
		"html":         []byte("<!doctype html><p>hello</p>"),
		"header only":  []byte("%PDF-1.7\n"),
		"truncated":    good[:len(good)/2],
		"garbage":      append([]byte("%PDF-1.4\n"), []byte(strings.Repeat("\x00\xff obj << /Length 99999999 >> stream", 500))...),
		"no xref":      []byte("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"),
		"flipped bits": flip(good),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			a, err := Extract(context.Background(), b, "", nil)
			if err == nil && (a == nil || a.Text == "") {
				t.Errorf("no error and no text")
			}
		})
	}
	if _, err := Extract(context.Background(), good, "", &Options{MaxBytes: 100}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("MaxBytes: %v", err)
	}
	if _, err := Extract(context.Background(), []byte("<html>"), "", nil); !errors.Is(err, ErrNotPDF) {
		t.Errorf("HTML: %v", err)
	}
	// PDFium's own errors read "3: incorrect format"; the user is told in
	// words.
	_, err = Extract(context.Background(), cases["header only"], "", nil)
	if !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), "not a PDF, or a damaged or truncated one") {
		t.Errorf("header only: %v, want ErrUnreadable saying why in words", err)
	}
}

func flip(b []byte) []byte {
	c := append([]byte(nil), b...)
	for i := 200; i < len(c); i += 97 {
		c[i] ^= 0x5a
	}
	return c
}

func TestCancelled(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "corpus", "pdflatex-long.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Extract(ctx, good, "", nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// bigramF1 is the F1 of the multisets of adjacent word pairs: 1 when the
// words come in the same order, near 0 when reversed.
func bigramF1(got, want string) float64 {
	pairs := func(s string) map[[2]string]int {
		w := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		m := map[[2]string]int{}
		for i := 1; i < len(w); i++ {
			m[[2]string{w[i-1], w[i]}]++
		}
		return m
	}
	g, w := pairs(got), pairs(want)
	tp, ng, nw := 0, 0, 0
	for k, c := range g {
		tp += min(c, w[k])
		ng += c
	}
	for _, c := range w {
		nw += c
	}
	if tp == 0 {
		return 0
	}
	p, r := float64(tp)/float64(ng), float64(tp)/float64(nw)
	return 2 * p * r / (p + r)
}

// TestEngineCompiledInChild: the engine this test binary started was
// compiled by a child process (the test binary re-run), not in process.
func TestEngineCompiledInChild(t *testing.T) {
	if raceEnabled {
		t.Skip("the -race run loads the engine compiled by other tests (see TestMain)")
	}
	good, err := os.ReadFile("testdata/corpus/libreoffice-1.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Extract(context.Background(), good, "", nil); err != nil {
		t.Fatal(err)
	}
	if engine.from != "child" {
		t.Errorf("engine started %s, want compiled by a child", engine.from)
	}
	if compiled(t.TempDir()) {
		t.Error("an empty directory counts as compiled")
	}
}

// TestJustifiedTitle: Chromium's titles justified across two lines, their
// words as far apart as column gutters, read as one paragraph, in order:
// the first line of the known text.
func TestJustifiedTitle(t *testing.T) {
	for _, name := range []string{"chromium-0", "chromium-ru"} {
		base := filepath.Join("testdata", "corpus", name)
		data, err := os.ReadFile(base + ".pdf")
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(base + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		a, err := Extract(context.Background(), data, "https://example.org/"+name+".pdf", nil)
		if err != nil {
			t.Fatal(err)
		}
		first, _, _ := strings.Cut(a.Text, "\n")
		if wantFirst, _, _ := strings.Cut(string(want), "\n"); first != wantFirst {
			t.Errorf("%s: first paragraph %q, want %q", name, first, wantFirst)
		}
	}
}
