package pdf

import "testing"

// word lays out s at 10 pt, 5 pt per glyph, with the given gap after each
// glyph that is followed by a '|' in s (a gap drawn, not a space).
func glyphs(s string, gap float64) []glyph {
	var gs []glyph
	x := 0.0
	for _, r := range s {
		if r == '|' {
			x += gap
			continue
		}
		gs = append(gs, glyph{r: r, x0: x, x1: x + 5})
		x += 5 - 0.1 // a little kerning inside words
	}
	return gs
}

func TestSpaced(t *testing.T) {
	for _, c := range []struct {
		in   string
		gap  float64
		want string
	}{
		{"agency|revenue", 2.7, "agency revenue"}, // character spacing as the word gap
		{"agency|revenue", 0.35, "agencyrevenue"}, // a space squeezed to nothing
		{"one|two|three", 1.5, "one two three"},
	} {
		got, ok := spaced(glyphs(c.in, c.gap), 10)
		if !ok || got != c.want {
			t.Errorf("spaced(%q, gap %.2f) = %q %v, want %q", c.in, c.gap, got, ok, c.want)
		}
	}
	// Right to left: not spaced by position.
	rtl := []glyph{{'b', 10, 15}, {'a', 0, 5}}
	if _, ok := spaced(rtl, 10); ok {
		t.Error("glyphs running right to left were spaced")
	}
	// A hyphenated word PDFium joined across two lines.
	joined := []glyph{{'n', 100, 105}, {'e', 105, 110}, {'\ufffe', 110, 113}, {'c', 0, 5}, {'e', 5, 10}}
	if got, ok := spaced(joined, 10); !ok || got != "ne\ufffece" {
		t.Errorf("hyphenated: %q %v", got, ok)
	}
}

func TestSpacingDecision(t *testing.T) {
	var right spacing
	for i := 0; i < 30; i++ {
		right.sample("the budget office reviewed the rules", "the budget office reviewed the rules")
	}
	if !right.decided || right.geometric {
		t.Errorf("agreeing spaces: decided %v geometric %v", right.decided, right.geometric)
	}
	var wrong spacing
	for i := 0; i < 30; i++ {
		wrong.sample("the agencyrev enue and the transparencybefore", "the agency revenue and the transparency before")
	}
	if !wrong.decided || !wrong.geometric {
		t.Errorf("misplaced spaces: decided %v geometric %v", wrong.decided, wrong.geometric)
	}
	// One stray difference in a long sample keeps PDFium's text.
	var stray spacing
	stray.sample("a footnote1 marker", "a footnote 1 marker")
	for i := 0; i < 30; i++ {
		stray.sample("the budget office reviewed the rules", "the budget office reviewed the rules")
	}
	if stray.geometric {
		t.Error("one stray difference made the document geometric")
	}
}
