package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestNodeTextLoneChild checks nodeText's shortcut for an element with one
// text child against its walk, which a wrapping <span> forces.
func TestNodeTextLoneChild(t *testing.T) {
	if got := nodeText(nil, 40); got != "" {
		t.Errorf("nodeText(nil) = %q", got)
	}
	for _, text := range []string{"", " ", "Source", "  Read the\u00a0original \n article  ", "×", strings.Repeat("word ", 30), "a\tb"} {
		for _, tag := range []string{"a", "p", "div", "figcaption"} {
			doc, err := html.Parse(strings.NewReader("<" + tag + ">" + html.EscapeString(text) + "</" + tag + "><" + tag + "><span>" + html.EscapeString(text) + "</span></" + tag + ">"))
			if err != nil {
				t.Fatal(err)
			}
			var els []*html.Node
			for n := range doc.Descendants() {
				if n.Type == html.ElementNode && n.Data == tag {
					els = append(els, n)
				}
			}
			if len(els) != 2 {
				t.Fatalf("%s: %d elements", tag, len(els))
			}
			for _, max := range []int{0, 5, 40, 200} {
				if got, want := nodeText(els[0], max), nodeText(els[1], max); got != want {
					t.Errorf("nodeText(<%s>%q, %d) = %q, want %q", tag, text, max, got, want)
				}
			}
		}
	}
}

// TestIsCreditLinkText checks the stack-lowered look-up against
// creditLinkTexts[strings.ToLower(t)].
func TestIsCreditLinkText(t *testing.T) {
	texts := []string{"", "Source", "SOURCE", "source", "Sources", "Read The Original Article", "read the original article and more",
		"ARTÍCULO ORIGINAL", "Artículo original", "Quelle", "Home", "المصدر", "View Original", strings.Repeat("a", 40)}
	for k := range creditLinkTexts {
		texts = append(texts, k, strings.ToUpper(k))
	}
	for _, s := range texts {
		if got, want := isCreditLinkText(s), creditLinkTexts[strings.ToLower(s)]; got != want {
			t.Errorf("isCreditLinkText(%q) = %v, want %v", s, got, want)
		}
	}
}
