package extract

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// These inputs would blow up recursive or quadratic code. The tests assert
// behaviour (it finishes, no panic, text kept); speed lives in benchmarks.

func TestBodyDeepNesting(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large page")
	}
	const depth = 100_000
	var b strings.Builder
	b.WriteString("<html><body>")
	for range depth {
		b.WriteString("<div>")
	}
	b.WriteString("<p>Deep inside, the article text still matters, and it is long enough to count as prose for the extractor.</p>")
	for range depth {
		b.WriteString("</div>")
	}
	b.WriteString("</body></html>")
	a, err := FromHTML([]byte(b.String()), "https://example.org/deep/article-page-with-slug", &Options{MaxBytes: -1})
	if err != nil {
		// The HTML parser refuses absurd nesting (more than 512 open
		// elements) with a clear error; that is a bounded, honest answer.
		if !strings.Contains(err.Error(), "open stack") {
			t.Fatal(err)
		}
		return
	}
	if !strings.Contains(a.Text, "Deep inside, the article text still matters") {
		t.Errorf("deep text lost: %.200q", a.Text)
	}
}

func TestBodyLongSingleLine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 5 MB page")
	}
	var b strings.Builder
	b.WriteString("<html><body><article>")
	// Distinct paragraphs: repeated ones would rightly be deduplicated.
	for i := 0; b.Len() < 5<<20; i++ {
		b.WriteString("<p>Paragraph " + strconv.Itoa(i) + strings.Repeat(" has words in a long single-line page, with commas,", 6) + " and ends.</p>")
	}
	b.WriteString("</article></body></html>")
	start := time.Now()
	a, err := FromHTML([]byte(b.String()), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.WordCount < 100_000 {
		t.Errorf("word count %d, want the whole page", a.WordCount)
	}
	t.Logf("5 MB single line: %v", time.Since(start))
}

func TestBodyOddInputs(t *testing.T) {
	inputs := []string{
		"<html></html>",
		"<body>",
		"<p>",
		"<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>",
		"<ul><li><ul><li><ol><li>nested</li></ol></li></ul></li></ul>",
		"<a href='%zz'><h1>link heading</h1><p>para in link</p></a>",
		"<em><p>block in inline</p></em><strong><div>x</div></strong>",
		"<pre>\n\n\n</pre><pre>code\n\n\n\nmore</pre>",
		"<blockquote><blockquote><p>q</p></blockquote></blockquote>",
		"<br><br><br>text<br><br>",
		"<p>\u00ad\u200b\ufeff</p>",
		"<frameset><frame src=x></frameset>",
		"<svg><p>not html text</p></svg><math><mi>x</mi></math>",
		strings.Repeat("<p>short</p>", 5000),
		strings.Repeat("<span>", 20000) + "x",
		strings.Repeat("<table><tr><td>", 3000) + "cell",
		strings.Repeat("<ul><li>", 3000) + "item",
		strings.Repeat("<a href=x>", 3000) + "link",
		strings.Repeat("<em>", 3000) + "em",
	}
	for i, in := range inputs {
		a, err := FromHTML([]byte(in), "https://example.org/", nil)
		if err != nil {
			continue
		}
		if strings.Contains(a.Text, "\n\n\n") {
			t.Errorf("input %d: more than one blank line between paragraphs: %q", i, a.Text)
		}
	}
}
