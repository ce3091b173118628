package pdf

import (
	"strings"
)

// Word spacing from glyph positions.
//
// PDFium's text keeps the space characters the content stream draws and
// adds spaces where glyphs leave a gap. Some producers make that wrong:
// Ghostscript re-encoding groff's PostScript justifies lines by changing
// the character spacing inside a string ("(yr) Tj" with Tc 2.7 is "y r")
// and squeezes a real space to nothing with a negative word spacing
// ("(ev e) Tj" with Tw -2.15 is "eve"), so the stream's spaces sit in the
// wrong places. What the reader sees is where the glyphs are: a gap wider
// than a tenth of the font size between one glyph's advance and the next
// glyph is a word break, whatever characters the stream has.
//
// Asking the engine for every glyph's box costs a call per character, far
// more than the rest of the page, so a document is sampled first: if
// PDFium's spaces and the glyph gaps agree on the sample, PDFium's text is
// kept; if they disagree on more than a few breaks, every line is spaced
// from its glyphs.

// glyph is one non-space character of a line and its advance box.
type glyph struct {
	r      rune
	x0, x1 float64
}

// wordGap is the gap, as a fraction of the font size, from which two
// glyphs belong to different words (pdftotext's minimum word break).
const wordGap = 0.1

// spaced writes glyphs as text, a space between two glyphs whose gap is at
// least wordGap × size. It reports false when the glyphs do not run left
// to right (right-to-left text, overprinting): their order is not a
// reading order to space by.
func spaced(gs []glyph, size float64) (string, bool) {
	var b strings.Builder
	for i, g := range gs {
		if i > 0 {
			prev := gs[i-1]
			if g.x0 < prev.x0-0.05*size {
				if hyphen(prev.r) {
					// PDFium joins a word hyphenated at a line end
					// without a line break: the next line starts here.
					b.WriteRune(g.r)
					continue
				}
				return "", false
			}
			if g.x0-prev.x1 >= wordGap*size {
				b.WriteByte(' ')
			}
		}
		b.WriteRune(g.r)
	}
	return b.String(), true
}

// breaks returns the positions of word breaks in s, counted in non-space
// characters before each break.
func breaks(s string) map[int]bool {
	out := map[int]bool{}
	n := 0
	space := false
	for _, r := range s {
		if r == ' ' || r == '\u00a0' || r == '\t' {
			space = n > 0
			continue
		}
		if space {
			out[n] = true
			space = false
		}
		n++
	}
	return out
}

// spacing decides, from a sample of a document's lines, whether its words
// come from glyph gaps (geometric) or from PDFium's text.
type spacing struct {
	decided, geometric bool
	probed             int // characters sampled so far
	agree, disagree    int // word breaks both ways / one way only
}

// sampleChars is how many characters are sampled before deciding.
const sampleChars = 800

// sample compares PDFium's text of one line with the glyph-spaced text and
// decides once enough characters are seen: geometric when more than one
// break in twenty-five differs (a producer whose spaces are misplaced gets
// dozens wrong per page; one whose spaces are right, a stray few).
func (s *spacing) sample(pdfium, geometric string) {
	a, b := breaks(pdfium), breaks(geometric)
	for k := range a {
		if b[k] {
			s.agree++
		} else {
			s.disagree++
		}
	}
	for k := range b {
		if !a[k] {
			s.disagree++
		}
	}
	s.probed += len(geometric)
	if s.probed >= sampleChars {
		s.decide()
	}
}

// decide settles the document's mode from what was sampled.
func (s *spacing) decide() {
	s.decided = true
	s.geometric = s.disagree >= 3 && s.disagree*25 > s.agree+s.disagree
}

// hyphen reports whether r ends a line in a hyphenated word: PDFium marks
// the hyphens it recognises as U+FFFE.
func hyphen(r rune) bool {
	return r == '\ufffe' || r == '-' || r == '\u00ad' || r == '\x02'
}
