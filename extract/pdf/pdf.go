package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/klippa-app/go-pdfium"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"

	"github.com/archivist-org/archivist/extract"
)

// Errors callers can branch on.
var (
	// ErrNotPDF is returned when the input does not start like a PDF.
	ErrNotPDF = errors.New("pdf: not a PDF")
	// ErrTooLarge is returned when the input exceeds Options.MaxBytes.
	ErrTooLarge = errors.New("pdf: document too large")
	// ErrNoText is returned for a document without a text layer, such as
	// a scan. OCR is out of scope: the caller records a failed capture.
	ErrNoText = errors.New("pdf: no text layer (scanned or image-only document; OCR is not supported)")
	// ErrUnreadable is returned when PDFium cannot open the document
	// (damaged, encrypted with a password).
	ErrUnreadable = errors.New("pdf: cannot open document")
)

// DefaultMaxBytes is the input limit when Options.MaxBytes is zero.
const DefaultMaxBytes = 64 << 20

// Extractor is the version recorded in Article.Extractor for documents.
const Extractor = "archivist-pdf/2"

// Options tune extraction. The zero value (or nil) is the default.
type Options struct {
	// MaxBytes limits the input size; 0 means DefaultMaxBytes, <0 no limit.
	MaxBytes int
	// MaxPages stops reading text after this many pages; 0 means all.
	// Article.Pages still counts every page.
	MaxPages int
}

// IsPDF reports whether b starts like a PDF file (the %PDF- header within
// the first KB, as readers accept).
func IsPDF(b []byte) bool {
	if len(b) > 1024 {
		b = b[:1024]
	}
	return bytes.Contains(b, []byte("%PDF-"))
}

// Extract reads one PDF's text in reading order and its metadata. pageURL
// is where it was fetched from ("" if unknown). The result has Kind
// extract.KindDocument. Extract is safe for concurrent use; the PDF engine
// starts on the first call.
func Extract(ctx context.Context, data []byte, pageURL string, opts *Options) (*extract.Article, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	maxBytes := o.MaxBytes
	if maxBytes == 0 {
		maxBytes = DefaultMaxBytes
	}
	if maxBytes > 0 && len(data) > maxBytes {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(data), maxBytes)
	}
	if !IsPDF(data) {
		return nil, ErrNotPDF
	}
	var doc *document
	err := withInstance(ctx, func(p pdfium.Pdfium) error {
		var err error
		doc, err = read(ctx, p, data, o.MaxPages)
		return err
	})
	if err != nil {
		return nil, err
	}
	doc.xmp = parseXMP(data)
	return build(doc, pageURL)
}

// document is what the engine reads: pages of positioned lines and the
// metadata dictionaries. Everything after this is pure Go.
type document struct {
	pages []page
	npage int
	info  map[string]string // Info dictionary: Title, Author, ...
	lang  string            // catalog /Lang
	xmp   xmpMeta
}

type page struct {
	w, h  float64
	lines []line
}

// line is a run of text on one baseline, in page coordinates with the
// origin at the top left (y grows downwards).
type line struct {
	x0, y0, x1, y1 float64
	size           float64 // font size in points of the line's first character
	text           string
	// alt is the text spaced from glyph positions, kept for the lines
	// sampled before the document's spacing is decided (see spacing).
	alt string
}

func (l line) height() float64 { return l.y1 - l.y0 }

func read(ctx context.Context, p pdfium.Pdfium, data []byte, maxPages int) (*document, error) {
	d, err := p.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrUnreadable, openFailure(err))
	}
	defer p.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: d.Document})

	doc := &document{info: map[string]string{}}
	for _, tag := range []string{"Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate"} {
		if m, err := p.FPDF_GetMetaText(&requests.FPDF_GetMetaText{Document: d.Document, Tag: tag}); err == nil {
			doc.info[tag] = strings.TrimSpace(strings.Trim(m.Value, "\x00"))
		}
	}
	if l, err := p.FPDFCatalog_GetLanguage(&requests.FPDFCatalog_GetLanguage{Document: d.Document}); err == nil {
		doc.lang = strings.TrimSpace(l.Language)
	}
	pc, err := p.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: d.Document})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	doc.npage = pc.PageCount
	n := pc.PageCount
	if maxPages > 0 && n > maxPages {
		n = maxPages
	}
	var sp spacing
	for i := 0; i < n; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pg, err := readPage(p, d.Document, i, &sp)
		if err != nil {
			return nil, fmt.Errorf("pdf: page %d: %w", i+1, err)
		}
		doc.pages = append(doc.pages, pg)
	}
	if !sp.decided {
		sp.decide()
	}
	for _, pg := range doc.pages {
		for j := range pg.lines {
			if l := &pg.lines[j]; sp.geometric && l.alt != "" {
				l.text = l.alt
			}
			pg.lines[j].alt = ""
		}
	}
	return doc, nil
}

// readPage asks PDFium for the page's text in one call, splits it at the
// line breaks PDFium inserts, and asks for each line's rectangles: a few
// calls per line rather than several per character, which is what makes
// the WebAssembly engine fast enough.
func readPage(p pdfium.Pdfium, doc references.FPDF_DOCUMENT, index int, sp *spacing) (page, error) {
	lp, err := p.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: index})
	if err != nil {
		return page{}, err
	}
	defer p.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: lp.Page})
	ref := requests.Page{ByReference: &lp.Page}
	var pg page
	if w, err := p.FPDF_GetPageWidth(&requests.FPDF_GetPageWidth{Page: ref}); err == nil {
		pg.w = w.Width
	}
	if h, err := p.FPDF_GetPageHeight(&requests.FPDF_GetPageHeight{Page: ref}); err == nil {
		pg.h = h.Height
	}
	tp, err := p.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: ref})
	if err != nil {
		return page{}, err
	}
	defer p.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	cc, err := p.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil || cc.Count <= 0 {
		return pg, err
	}
	all, err := p.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp.TextPage, StartIndex: 0, Count: cc.Count})
	if err != nil {
		return pg, err
	}
	units := make([]uint16, 0, len(all.Text))
	for _, r := range all.Text {
		units = utf16.AppendRune(units, r)
	}
	// Glyph positions are asked by character index: only where the text
	// has one unit per character (PDFium leaves out characters it has no
	// Unicode for, which shifts every index after them).
	aligned := len(units) == cc.Count
	if len(units) > cc.Count {
		units = units[:cc.Count]
	}
	start := 0
	for i := 0; i <= len(units); i++ {
		if i < len(units) && units[i] != '\n' && units[i] != '\r' {
			continue
		}
		if i > start {
			pg.lines = append(pg.lines, lineRuns(p, tp.TextPage, pg.h, units[start:i], start, aligned, sp)...)
		}
		start = i + 1
	}
	return pg, nil
}

// lineRuns positions one PDFium line. A line whose rectangles are far
// apart (two columns or table cells PDFium put on one line) is split at
// the gap, each part read back by its rectangle. Words are spaced from
// glyph positions while sp samples the document and when it decided so.
func lineRuns(p pdfium.Pdfium, tp references.FPDF_TEXTPAGE, pageH float64, units []uint16, start int, aligned bool, sp *spacing) []line {
	text := string(utf16.Decode(units))
	if strings.TrimSpace(text) == "" {
		return nil
	}
	cr, err := p.FPDFText_CountRects(&requests.FPDFText_CountRects{TextPage: tp, StartIndex: start, Count: len(units)})
	if err != nil || cr.Count <= 0 {
		return nil
	}
	var rects []line
	for i := 0; i < cr.Count; i++ {
		r, err := p.FPDFText_GetRect(&requests.FPDFText_GetRect{TextPage: tp, Index: i})
		if err != nil {
			continue
		}
		rects = append(rects, line{x0: r.Left, x1: r.Right, y0: pageH - r.Top, y1: pageH - r.Bottom})
	}
	if len(rects) == 0 {
		return nil
	}
	size := 0.0
	for i, u := range units {
		if u != ' ' {
			if fs, err := p.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: tp, Index: start + i}); err == nil {
				size = fs.FontSize
			}
			break
		}
	}
	groups := splitRuns(rects, len(strings.Fields(text)), size)
	for i := range groups {
		groups[i].size = size
		if size <= 0 {
			groups[i].size = groups[i].height()
		}
	}
	var glyphs []glyph
	if aligned && (!sp.decided || sp.geometric) {
		glyphs = lineGlyphs(p, tp, units, start)
	}
	// respace sets g.text from the glyphs within g, or keeps it for the
	// sample.
	respace := func(g *line) {
		if glyphs == nil {
			return
		}
		var in []glyph
		for _, gl := range glyphs {
			if c := (gl.x0 + gl.x1) / 2; c >= g.x0-0.5 && c <= g.x1+0.5 {
				in = append(in, gl)
			}
		}
		t, ok := spaced(in, g.size)
		switch {
		case !ok:
		case sp.geometric:
			g.text = t
		default:
			sp.sample(g.text, t)
			g.alt = t
		}
	}
	if len(groups) == 1 {
		g := groups[0]
		g.text = text
		respace(&g)
		return []line{g}
	}
	out := make([]line, 0, len(groups))
	for _, g := range groups {
		bt, err := p.FPDFText_GetBoundedText(&requests.FPDFText_GetBoundedText{
			TextPage: tp, Left: g.x0 - 0.5, Right: g.x1 + 0.5, Top: pageH - g.y0 + 0.5, Bottom: pageH - g.y1 - 0.5,
		})
		if err != nil {
			continue
		}
		g.text = strings.Trim(bt.Text, "\x00")
		if strings.TrimSpace(g.text) != "" {
			respace(&g)
			out = append(out, g)
		}
	}
	return out
}

// lineGlyphs asks for the advance box of each of the line's non-space
// characters, one call each. It returns nil if a character cannot be
// placed or is outside the Basic Multilingual Plane (PDFium's character
// index no longer matches the UTF-16 text there).
func lineGlyphs(p pdfium.Pdfium, tp references.FPDF_TEXTPAGE, units []uint16, start int) []glyph {
	gs := make([]glyph, 0, len(units))
	for i, u := range units {
		switch {
		case u == ' ' || u == 0xa0 || u == '\t':
			continue
		case utf16.IsSurrogate(rune(u)):
			return nil
		}
		b, err := p.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp, Index: start + i})
		switch {
		case err != nil:
			return nil
		case b.Rect.Right <= b.Rect.Left:
			// No advance of its own: the second letter of a ligature
			// PDFium expanded, a combining mark. It goes with the glyph
			// before it.
			if len(gs) == 0 {
				return nil
			}
			prev := gs[len(gs)-1]
			gs = append(gs, glyph{r: rune(u), x0: prev.x1, x1: prev.x1})
		default:
			gs = append(gs, glyph{r: rune(u), x0: float64(b.Rect.Left), x1: float64(b.Rect.Right)})
		}
	}
	return gs
}

// openFailure says in words why PDFium could not open a document; its
// errors read "3: incorrect format".
func openFailure(err error) string {
	switch {
	case errors.Is(err, pdfiumerrors.ErrFormat):
		return "not a PDF, or a damaged or truncated one"
	case errors.Is(err, pdfiumerrors.ErrPassword):
		return "protected by a password"
	case errors.Is(err, pdfiumerrors.ErrSecurity):
		return "encrypted with an unsupported scheme"
	case errors.Is(err, pdfiumerrors.ErrFile):
		return "unreadable"
	}
	return err.Error()
}
