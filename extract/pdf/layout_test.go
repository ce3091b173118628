package pdf

import (
	"strings"
	"testing"
)

func ln(x0, y0, x1 float64, text string) line {
	return line{x0: x0, y0: y0, x1: x1, y1: y0 + 10, size: 10, text: text}
}

// TestReadingOrderColumns: a full-width title over two columns whose
// baselines align reads title, left column, right column.
func TestReadingOrderColumns(t *testing.T) {
	var ls []line
	ls = append(ls, ln(100, 50, 500, "Title across the page"))
	for i := 0; i < 5; i++ {
		y := 100 + float64(i)*12
		ls = append(ls, ln(50, y, 290, "L"+string(rune('1'+i))), ln(310, y, 550, "R"+string(rune('1'+i))))
	}
	// The right column ends lower than the left.
	ls = append(ls, ln(310, 160, 550, "R6"))
	var got []string
	for _, b := range readingOrder(ls, 9, 0) {
		for _, l := range b {
			got = append(got, l.text)
		}
	}
	want := "Title across the page L1 L2 L3 L4 L5 R1 R2 R3 R4 R5 R6"
	if strings.Join(got, " ") != want {
		t.Errorf("order:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}

// TestReadingOrderSingleColumn: ragged lines of one column keep their
// order even where a short line leaves a gap.
func TestReadingOrderSingleColumn(t *testing.T) {
	ls := []line{ln(50, 100, 550, "a"), ln(50, 112, 200, "b"), ln(300, 124, 550, "c"), ln(50, 136, 550, "d")}
	var got []string
	for _, b := range readingOrder(ls, 9, 0) {
		for _, l := range b {
			got = append(got, l.text)
		}
	}
	if strings.Join(got, "") != "abcd" {
		t.Errorf("order %q", got)
	}
}

func TestJoinLines(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"the recog-|nised rule", "the recognised rule"},
		{"a well-|Known case", "a well- Known case"},
		{"soft\u00ad|ware", "software"},
		{"price 10-|20", "price 10- 20"},
		{"政府公布了|下一年度", "政府公布了下一年度"},
		{"end.|Next", "end. Next"},
	} {
		if got := joinLines(strings.Split(c.in, "|")); got != c.want {
			t.Errorf("joinLines(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestClean(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"e\ufb03cient \ufb01scal", "efficient fiscal"},
		{"o\x1ecial \x1celd", "official field"},
		{"d\x01e\x1ccit", "déficit"},
		{"fa\x0bcade", "façade"},
		{"Íåçàâèñèìûå ýêñïåðòû", "Независимые эксперты"},
		{"Déjà vu à Genève", "Déjà vu à Genève"},
		{"a\ue000b\u0007", "ab"},
		{"لـــكن", "لكن"},
	} {
		if got := clean(c.in); got != c.want {
			t.Errorf("clean(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDropMargins(t *testing.T) {
	var pages []page
	for i := 1; i <= 3; i++ {
		pages = append(pages, page{w: 600, h: 800, lines: []line{
			ln(50, 30, 550, "Working Paper Series — Fiscal Studies"),
			ln(50, 100, 550, "Body one of page "+[]string{"", "alpha", "beta", "gamma"}[i]),
			ln(50, 112, 550, "Body two"),
			// The running head's words in the body, elsewhere, are text.
			ln(50, 124+12*float64(i), 550, "Working Paper Series — Fiscal Studies"),
			ln(290, 760, 310, "- "+string(rune('0'+i))+" -"),
		}})
	}
	dropMargins(pages)
	for i, p := range pages {
		if len(p.lines) != 3 || !strings.HasPrefix(p.lines[0].text, "Body one of page") {
			t.Errorf("page %d kept %d lines: %+v", i+1, len(p.lines), p.lines)
		}
	}
}

func TestPDFDate(t *testing.T) {
	for in, want := range map[string]string{
		"D:20240305120000+01'00'": "2024-03-05T12:00:00+01:00",
		"D:20240305120000Z":       "2024-03-05T12:00:00Z",
		"D:20240305":              "2024-03-05",
		"D:2024":                  "2024-01-01",
		"garbage":                 "",
		"D:19000101":              "",
	} {
		if got := pdfDate(in); got != want {
			t.Errorf("pdfDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTitleAndAuthors(t *testing.T) {
	d := &document{info: map[string]string{"Title": "Microsoft Word - draft7.docx", "Author": "Smith, John"}, pages: []page{{h: 800, lines: []line{
		{x0: 100, y0: 60, x1: 500, y1: 80, size: 20, text: "Fiscal Councils"},
		{x0: 100, y0: 84, x1: 500, y1: 104, size: 20, text: "in Europe"},
		{x0: 100, y0: 120, x1: 500, y1: 130, size: 10, text: "Body text"},
	}}}}
	if got := pickTitle(d); got != "Fiscal Councils in Europe" {
		t.Errorf("title %q", got)
	}
	if got := pickAuthors(d); len(got) != 1 || got[0] != "John Smith" {
		t.Errorf("authors %q", got)
	}
	d.info["Author"] = "Ana Lee; Sam Roe and Jo Park"
	if got := pickAuthors(d); strings.Join(got, "|") != "Ana Lee|Sam Roe|Jo Park" {
		t.Errorf("authors %q", got)
	}
}

func TestXMP(t *testing.T) {
	raw := []byte(`%PDF-1.7 ... <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description xmp:CreateDate="2023-11-02T09:30:00+01:00">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Budget Rules &amp; Reality</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>Ana Lee</rdf:li><rdf:li>Sam Roe</rdf:li></rdf:Seq></dc:creator>
</rdf:Description></rdf:RDF></x:xmpmeta>`)
	x := parseXMP(raw)
	if x.title != "Budget Rules & Reality" || strings.Join(x.creators, "|") != "Ana Lee|Sam Roe" || x.created != "2023-11-02T09:30:00+01:00" {
		t.Errorf("xmp %+v", x)
	}
}

func TestBigramF1(t *testing.T) {
	if f := bigramF1("a b c d", "a b c d"); f != 1 {
		t.Errorf("same order: %.3f", f)
	}
	if f := bigramF1("d c b a", "a b c d"); f != 0 {
		t.Errorf("reversed: %.3f", f)
	}
}

func TestPickLanguage(t *testing.T) {
	arabic := strings.Repeat("قدمت الحكومة مشروع الميزانية للعام المقبل. ", 5)
	english := strings.Repeat("The government presented the budget for the next year and the debt. ", 3)
	for _, c := range []struct{ declared, text, want string }{
		{"en-US", arabic, "ar"}, // a producer's default, belied by the script
		{"", arabic, "ar"},      // nothing declared
		{"fa", arabic, "fa"},    // same script: the declaration is more precise
		{"de", english, "de"},   // same script: the declaration stands
		{"", english, "en"},     // function words
		{"uk", "Привіт світ, як справи у вас сьогодні", "uk"},
	} {
		if got := pickLanguage(c.declared, c.text); got != c.want {
			t.Errorf("pickLanguage(%q, %.20q) = %q, want %q", c.declared, c.text, got, c.want)
		}
	}
}

// glyphRects lays words out one rectangle per glyph (as Chromium draws
// them), 6 wide, from x, with gap between words.
func glyphRects(x, gap float64, words ...string) []line {
	var out []line
	for _, w := range words {
		for range w {
			out = append(out, line{x0: x, y0: 50, x1: x + 6, y1: 60})
			x += 6.2
		}
		x += gap
	}
	return out
}

// TestSplitRunsJustified: a justified line of a large font keeps its
// words together however wide its gaps; a gutter between two columns and
// the cells of a table row still split.
func TestSplitRunsJustified(t *testing.T) {
	const size = 12
	for _, c := range []struct {
		name  string
		rects []line
		words int
		runs  int
	}{
		{"justified title", glyphRects(40, 20, "Budget", "in", "review", "again"), 4, 1},
		{"two columns", append(glyphRects(40, 3, "left", "column", "text"), glyphRects(200, 3, "right", "column", "text")...), 6, 2},
		{"table row", append(append(glyphRects(40, 0, "Country"), glyphRects(120, 0, "6.8")...), glyphRects(190, 0, "104.0")...), 3, 3},
	} {
		if got := splitRuns(c.rects, c.words, size); len(got) != c.runs {
			t.Errorf("%s: %d runs, want %d", c.name, len(got), c.runs)
		}
	}
}
