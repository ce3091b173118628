package extract_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/archivist-org/archivist/extract"
)

// goldenCase is testdata/<case>/expected.json. Pointer and nil-slice fields
// are checked only when present, so a case states exactly what it pins;
// title, authors, published, source_url and kind are required.
type goldenCase struct {
	// Description says what the page exercises (not checked).
	Description string `json:"description"`
	// URL is the page URL passed to FromHTML.
	URL       string    `json:"url"`
	Title     *string   `json:"title"`
	Authors   *[]string `json:"authors"` // compared as a set
	Published *string   `json:"published"`
	// DateSource, when present, must equal Article.DateSource.
	DateSource *string `json:"date_source"`
	SourceURL  *string `json:"source_url"`
	// SourceURLFrom and Republished, when present, must equal the
	// article's (issue 13: a copy's source and the copy's own date).
	SourceURLFrom *string `json:"source_url_from"`
	Republished   *string `json:"republished"`
	Kind          *string `json:"kind"`
	// Language is compared on the primary subtag ("en" matches "en-US").
	Language *string `json:"language"`
	// Translations must all be present (by primary subtag) in the result.
	Translations map[string]string `json:"translations"`
	// TopicsContain must all be among Topics (case-insensitive).
	TopicsContain []string `json:"topics_contain"`
	// TextContains must be in the text, TextExcludes must not, TextOnce must
	// be there exactly once (pull quotes repeating the body). White space
	// is folded on both sides.
	TextContains []string `json:"text_contains"`
	TextExcludes []string `json:"text_excludes"`
	TextOnce     []string `json:"text_once"`
	// MarkdownContains must be in the markdown (white space folded).
	MarkdownContains []string `json:"markdown_contains"`
	// KeepCaptions sets Options.KeepCaptions.
	KeepCaptions bool `json:"keep_captions"`
	// Skip, when set, skips the case with this reason (a known failure,
	// kept visible instead of weakening the expectations).
	Skip string `json:"skip"`
}

const goldenDir = "testdata"

// goldenCases returns the case directories (those with an expected.json).
func goldenCases(t testing.TB) []string {
	t.Helper()
	entries, err := os.ReadDir(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(goldenDir, e.Name(), "expected.json")); err == nil {
			dirs = append(dirs, e.Name())
		}
	}
	return dirs
}

func readGoldenCase(t testing.TB, name string) (goldenCase, []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(goldenDir, name, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var c goldenCase
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields() // a typo must not silently disable a check
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("%s/expected.json: %v", name, err)
	}
	src, err := os.ReadFile(filepath.Join(goldenDir, name, "source.html"))
	if err != nil {
		t.Fatal(err)
	}
	return c, src
}

// TestGoldenCasesWellFormed checks the test set itself: enough cases, each
// pinning the required fields, so a broken expected.json can't pass quietly.
func TestGoldenCasesWellFormed(t *testing.T) {
	names := goldenCases(t)
	if len(names) < 12 {
		t.Errorf("%d golden cases, want at least 12", len(names))
	}
	langs := map[string]bool{}
	for _, name := range names {
		c, _ := readGoldenCase(t, name)
		if c.URL == "" || c.Title == nil || c.Authors == nil || c.Published == nil || c.SourceURL == nil || c.Kind == nil {
			t.Errorf("%s: expected.json must set url, title, authors, published, source_url and kind", name)
		}
		if c.Kind != nil && *c.Kind == extract.KindArticle && len(c.TextContains) == 0 {
			t.Errorf("%s: an article case needs text_contains", name)
		}
		if c.Language != nil {
			langs[primaryLang(*c.Language)] = true
		}
	}
	if len(langs) < 2 {
		t.Errorf("golden cases cover languages %v, want at least two", langs)
	}
}

func TestGolden(t *testing.T) {
	names := goldenCases(t)
	copies := 0
	for _, name := range names {
		if c, _ := readGoldenCase(t, name); c.SourceURL != nil && *c.SourceURL != "" {
			copies++
		}
	}
	t.Logf("%d golden cases, %d of them syndicated copies", len(names), copies)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, src := readGoldenCase(t, name)
			if c.Skip != "" {
				t.Skip(c.Skip)
			}
			a, err := extract.FromHTML(src, c.URL, &extract.Options{KeepCaptions: c.KeepCaptions})
			if err != nil {
				t.Fatalf("FromHTML: %v", err)
			}
			checkGolden(t, &c, a)
		})
	}
}

func checkGolden(t *testing.T, c *goldenCase, a *extract.Article) {
	t.Helper()
	if c.Title != nil && foldSpace(a.Title) != foldSpace(*c.Title) {
		t.Errorf("title = %q, want %q", a.Title, *c.Title)
	}
	if c.Authors != nil && !sameSet(a.Authors, *c.Authors) {
		t.Errorf("authors = %q, want %q", a.Authors, *c.Authors)
	}
	if c.Published != nil {
		got, want := a.Published, *c.Published
		// A date-only expectation pins the day, whatever time is known.
		if len(want) == len("2006-01-02") && len(got) > len(want) {
			got = got[:len(want)]
		}
		if got != want {
			t.Errorf("published = %q (from %q), want %q", a.Published, a.DateSource, want)
		}
	}
	if c.DateSource != nil && a.DateSource != *c.DateSource {
		t.Errorf("date_source = %q, want %q", a.DateSource, *c.DateSource)
	}
	if c.SourceURL != nil && a.SourceURL != *c.SourceURL {
		t.Errorf("source_url = %q, want %q", a.SourceURL, *c.SourceURL)
	}
	if c.SourceURLFrom != nil && a.SourceURLFrom != *c.SourceURLFrom {
		t.Errorf("source_url_from = %q, want %q", a.SourceURLFrom, *c.SourceURLFrom)
	}
	if c.Republished != nil && !strings.HasPrefix(a.Republished, *c.Republished) {
		t.Errorf("republished = %q, want %q", a.Republished, *c.Republished)
	}
	if c.Kind != nil && a.Kind != *c.Kind {
		t.Errorf("kind = %q, want %q", a.Kind, *c.Kind)
	}
	if c.Language != nil && primaryLang(a.Language) != primaryLang(*c.Language) {
		t.Errorf("language = %q, want %q", a.Language, *c.Language)
	}
	for lang, u := range c.Translations {
		found := false
		for gl, gu := range a.Translations {
			if primaryLang(gl) == primaryLang(lang) && gu == u {
				found = true
			}
		}
		if !found {
			t.Errorf("translations = %v, want %s → %s among them", a.Translations, lang, u)
		}
	}
	for _, topic := range c.TopicsContain {
		if !slices.ContainsFunc(a.Topics, func(s string) bool { return strings.EqualFold(s, topic) }) {
			t.Errorf("topics = %q, want %q among them", a.Topics, topic)
		}
	}
	text := foldSpace(a.Text)
	for _, s := range c.TextContains {
		if !strings.Contains(text, foldSpace(s)) {
			t.Errorf("text lacks %q", s)
		}
	}
	for _, s := range c.TextOnce {
		if n := strings.Count(text, foldSpace(s)); n != 1 {
			t.Errorf("text has %q %d times, want once", s, n)
		}
	}
	for _, s := range c.TextExcludes {
		if strings.Contains(text, foldSpace(s)) {
			t.Errorf("text has chrome %q", s)
		}
	}
	md := foldSpace(a.Markdown)
	for _, s := range c.MarkdownContains {
		if !strings.Contains(md, foldSpace(s)) {
			t.Errorf("markdown lacks %q", s)
		}
	}
	if t.Failed() {
		t.Logf("text:\n%s", a.Text)
	}
}

func foldSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func primaryLang(tag string) string {
	tag = strings.ToLower(tag)
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}

func sameSet(got, want []string) bool {
	g := make([]string, len(got))
	for i, s := range got {
		g[i] = foldSpace(s)
	}
	w := make([]string, len(want))
	for i, s := range want {
		w[i] = foldSpace(s)
	}
	slices.Sort(g)
	slices.Sort(w)
	return slices.Equal(g, w)
}
