package pdf

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/archivist-org/archivist/extract"
	"github.com/archivist-org/archivist/internal/lazyre"
)

// build turns what the engine read into an article: text in reading order
// and metadata from the Info dictionary, XMP and the first page.
func build(doc *document, pageURL string) (*extract.Article, error) {
	body := bodySize(doc.pages)
	dropMargins(doc.pages)
	var paras []paragraph
	for _, p := range doc.pages {
		for _, block := range readingOrder(p.lines, max(0.9*body, 6), 0) {
			paras = append(paras, paragraphs(block, body)...)
		}
	}
	size := 0
	for i, p := range paras {
		paras[i].text = strings.TrimSpace(clean(p.text))
		size += len(paras[i].text) + 2
	}
	var text, md strings.Builder
	text.Grow(size)
	md.Grow(size + size/50)
	words := 0
	for _, p := range paras {
		t := p.text
		if t == "" {
			continue
		}
		if text.Len() > 0 {
			text.WriteString("\n\n")
			md.WriteString("\n\n")
		}
		text.WriteString(t)
		if p.height > 1.25*body && len([]rune(t)) < 200 {
			md.WriteString("## ")
		}
		md.WriteString(t)
		words += len(strings.Fields(t))
	}
	// A scan has no text layer at all, or only a stray line per page
	// (a stamp, a page number) that no one would call the document's text.
	if words < 5*max(1, len(doc.pages))/2 && words < 50 {
		return nil, ErrNoText
	}
	a := &extract.Article{
		URL:       pageURL,
		Kind:      extract.KindDocument,
		Text:      text.String(),
		Markdown:  md.String(),
		WordCount: words,
		Pages:     doc.npage,
		Extractor: Extractor,
	}
	a.Title = pickTitle(doc)
	a.Authors = pickAuthors(doc)
	a.Published = firstNonEmpty(pdfDate(doc.info["CreationDate"]), doc.xmp.created)
	if a.Published != "" {
		a.DateSource = extract.DateSourceDocument
	}
	a.Modified = firstNonEmpty(pdfDate(doc.info["ModDate"]), doc.xmp.modified)
	if a.Modified == a.Published {
		a.Modified = ""
	}
	a.Description = firstNonEmpty(doc.info["Subject"], doc.xmp.description)
	for _, k := range strings.FieldsFunc(firstNonEmpty(doc.info["Keywords"], doc.xmp.keywords), func(r rune) bool { return r == ',' || r == ';' }) {
		if k = strings.TrimSpace(k); k != "" {
			a.Topics = append(a.Topics, k)
		}
	}
	a.Language = pickLanguage(firstNonEmpty(doc.lang, doc.xmp.lang), a.Text)
	a.FillLists()
	return a, nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// reJunkTitle is an Info title that names the file or the tool, not the
// document: "Microsoft Word - report.docx", "untitled", "paper.dvi".
var reJunkTitle = lazyre.New(`(?i)^(microsoft (word|powerpoint) - .*|untitled.*|.*\.(docx?|odt|tex|dvi|pdf|indd|rtf|pptx?|qxd|ps|txt|html?)|[a-z0-9_\-]+|\d+)$`)

func pickTitle(doc *document) string {
	for _, t := range []string{doc.info["Title"], doc.xmp.title} {
		if t = strings.Join(strings.Fields(t), " "); t != "" && !reJunkTitle().MatchString(t) {
			return t
		}
	}
	return firstPageTitle(doc)
}

// firstPageTitle is the largest text in the top half of the first page
// with text: consecutive lines of that size joined.
func firstPageTitle(doc *document) string {
	for _, p := range doc.pages {
		if len(p.lines) == 0 {
			continue
		}
		var best float64
		for _, l := range p.lines {
			if (p.h <= 0 || l.y0 < p.h/2) && l.size > best && len(strings.Fields(l.text)) > 0 {
				best = l.size
			}
		}
		var parts []string
		var lastY float64
		for _, l := range sortedY(append([]line(nil), p.lines...)) {
			if absf(l.size-best) > 0.1*best || p.h > 0 && l.y0 >= p.h/2 {
				if len(parts) > 0 {
					break
				}
				continue
			}
			if len(parts) > 0 && l.y0-lastY > 2.5*best {
				break
			}
			parts = append(parts, strings.TrimSpace(l.text))
			lastY = l.y1
		}
		t := strings.TrimSpace(clean(joinLines(parts)))
		if len([]rune(t)) > 300 {
			return ""
		}
		return t
	}
	return ""
}

func pickAuthors(doc *document) []string {
	var names []string
	if a := strings.TrimSpace(doc.info["Author"]); a != "" {
		names = splitNames(a)
	} else {
		names = doc.xmp.creators
	}
	var out []string
	for _, n := range names {
		n = strings.Join(strings.Fields(n), " ")
		if n != "" && !strings.EqualFold(n, "unknown") && !strings.EqualFold(n, "administrator") {
			out = append(out, n)
		}
	}
	return out
}

var reNameSep = lazyre.New(`\s*(;|&|,\s*and\s+|\band\b|,)\s*`)

func splitNames(s string) []string {
	// "Smith, John" is one name in reversed order, not two.
	if parts := strings.Split(s, ","); len(parts) == 2 && !strings.Contains(s, ";") &&
		len(strings.Fields(parts[0])) == 1 && len(strings.Fields(parts[1])) == 1 {
		return []string{strings.TrimSpace(parts[1]) + " " + strings.TrimSpace(parts[0])}
	}
	return reNameSep().Split(s, -1)
}

// rePDFDate is the PDF date format: D:YYYYMMDDHHmmSSOHH'mm'.
var rePDFDate = lazyre.New(`^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz]|[+\-]\d{2}'?\d{2}?'?)?`)

// pdfDate converts an Info dictionary date to ISO 8601 ("" if malformed).
func pdfDate(s string) string {
	m := rePDFDate().FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return ""
	}
	num := func(i, def int) int {
		if m[i] == "" {
			return def
		}
		n := 0
		fmt.Sscanf(m[i], "%d", &n)
		return n
	}
	y, mo, d := num(1, 0), num(2, 1), num(3, 1)
	if y < 1980 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return ""
	}
	if m[4] == "" {
		return fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
	}
	loc := time.UTC
	if z := m[7]; z != "" && z != "Z" && z != "z" {
		digits := strings.NewReplacer("'", "").Replace(z[1:])
		hh, mm := 0, 0
		fmt.Sscanf(digits[:2], "%d", &hh)
		if len(digits) >= 4 {
			fmt.Sscanf(digits[2:4], "%d", &mm)
		}
		off := hh*3600 + mm*60
		if z[0] == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
	}
	t := time.Date(y, time.Month(mo), d, num(4, 0), num(5, 0), num(6, 0), 0, loc)
	return t.Format(time.RFC3339)
}

// xmpMeta is what the XMP packet says. It is read from the raw bytes: the
// packet is kept uncompressed by convention so that tools can find it.
type xmpMeta struct {
	title, description, keywords string
	creators                     []string
	created, modified, lang      string
}

// xmpRegexps are the patterns parseXMP reads a packet with, compiled
// together at the first PDF that has one.
type xmpRegexps struct {
	packet, title, desc, creator, li, lang, create, modify, keys *regexp.Regexp
}

var xmpREs = sync.OnceValue(func() *xmpRegexps {
	return &xmpRegexps{
		packet:  regexp.MustCompile(`(?s)<x:xmpmeta.*?</x:xmpmeta>`),
		title:   regexp.MustCompile(`(?s)<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>`),
		desc:    regexp.MustCompile(`(?s)<dc:description>.*?<rdf:li[^>]*>(.*?)</rdf:li>`),
		creator: regexp.MustCompile(`(?s)<dc:creator>(.*?)</dc:creator>`),
		li:      regexp.MustCompile(`(?s)<rdf:li[^>]*>(.*?)</rdf:li>`),
		lang:    regexp.MustCompile(`(?s)<dc:language>.*?<rdf:li[^>]*>(.*?)</rdf:li>`),
		create:  regexp.MustCompile(`(?s)xmp:CreateDate(?:="|>)([^"<]+)`),
		modify:  regexp.MustCompile(`(?s)xmp:ModifyDate(?:="|>)([^"<]+)`),
		keys:    regexp.MustCompile(`(?s)pdf:Keywords(?:="|>)([^"<]+)`),
	}
})

func parseXMP(data []byte) xmpMeta {
	var x xmpMeta
	i := bytes.LastIndex(data, []byte("<x:xmpmeta"))
	if i < 0 {
		return x
	}
	end := min(len(data), i+256<<10)
	rx := xmpREs()
	pkt := rx.packet.Find(data[i:end])
	if pkt == nil {
		return x
	}
	get := func(re *regexp.Regexp) string {
		if m := re.FindSubmatch(pkt); m != nil {
			return strings.TrimSpace(html.UnescapeString(string(m[1])))
		}
		return ""
	}
	x.title = get(rx.title)
	x.description = get(rx.desc)
	x.lang = get(rx.lang)
	x.keywords = get(rx.keys)
	x.created = isoDate(get(rx.create))
	x.modified = isoDate(get(rx.modify))
	if m := rx.creator.FindSubmatch(pkt); m != nil {
		for _, li := range rx.li.FindAllSubmatch(m[1], -1) {
			x.creators = append(x.creators, strings.TrimSpace(html.UnescapeString(string(li[1]))))
		}
	}
	return x
}

// isoDate keeps an XMP date (already ISO 8601) when it parses.
func isoDate(s string) string {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			if layout == "2006-01-02" {
				return t.Format(layout)
			}
			return t.Format(time.RFC3339)
		}
	}
	return ""
}

// pickLanguage is the declared language unless the text is written in
// another script: producers declare their own default (LibreOffice writes
// the installation's en-US on an Arabic report), which the script belies.
func pickLanguage(declared, text string) string {
	guess := guessLanguage(text)
	if declared == "" {
		return guess
	}
	base, _, _ := strings.Cut(strings.ToLower(declared), "-")
	if guess != "" && scriptOf(guess) != scriptOf(base) {
		return guess
	}
	return declared
}

// scriptOf names the script a language is written in; Latin for those not
// listed.
func scriptOf(lang string) string {
	switch lang {
	case "ar", "fa", "ur", "ps":
		return "Arabic"
	case "he", "yi":
		return "Hebrew"
	case "el":
		return "Greek"
	case "ru", "uk", "bg", "sr", "mk", "be", "kk", "ky", "tg", "mn":
		return "Cyrillic"
	case "zh", "ja":
		return "Han"
	case "ko":
		return "Hangul"
	case "hi", "mr", "ne":
		return "Devanagari"
	case "th":
		return "Thai"
	}
	return "Latin"
}

// guessLanguage names the language of text with no declared one, from its
// script or, for Latin script, its most frequent function words. "" when
// unsure.
func guessLanguage(text string) string {
	if len(text) > 20000 {
		text = text[:20000]
	}
	scripts := map[string]int{}
	letters := 0
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		switch {
		case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
			scripts["ja"] += 3
		case unicode.Is(unicode.Hangul, r):
			scripts["ko"]++
		case unicode.Is(unicode.Han, r):
			scripts["zh"]++
		case unicode.Is(unicode.Arabic, r):
			scripts["ar"]++
		case unicode.Is(unicode.Hebrew, r):
			scripts["he"]++
		case unicode.Is(unicode.Greek, r):
			scripts["el"]++
		case unicode.Is(unicode.Cyrillic, r):
			scripts["ru"]++
		case unicode.Is(unicode.Devanagari, r):
			scripts["hi"]++
		case unicode.Is(unicode.Thai, r):
			scripts["th"]++
		}
	}
	if letters == 0 {
		return ""
	}
	best, n := "", 0
	for s, c := range scripts {
		if c > n {
			best, n = s, c
		}
	}
	if n*2 > letters {
		if best == "zh" && scripts["ja"] > 0 {
			return "ja"
		}
		return best
	}
	counts := map[string]int{}
	for _, w := range strings.Fields(strings.ToLower(text)) {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		for lang, set := range stopWords() {
			if set[w] {
				counts[lang]++
			}
		}
	}
	best, n = "", 0
	total := 0
	for l, c := range counts {
		total += c
		if c > n {
			best, n = l, c
		}
	}
	if n < 5 || n*2 < total {
		return ""
	}
	return best
}

// stopWords holds, per language, a few of its most frequent words; built
// at the first document whose language is guessed.
var stopWords = sync.OnceValue(buildStopWords)

func buildStopWords() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for lang, ws := range map[string]string{
		"en": "the and of to in is that for it with was on are as by this be from have not",
		"fr": "le la les et des du un une est que pour dans qui pas sur au avec ce il sont",
		"de": "der die und den das ist nicht mit von zu sich des auf für ein eine dem im auch",
		"es": "el los las y del en que por con una para es se su al lo como más pero",
		"it": "il di che è per una sono della con non gli le nel anche del alla",
		"pt": "o os as e do da em que para com uma não dos das no na por mais",
		"nl": "de het een en van in is dat op te voor zijn met niet aan er ook",
	} {
		set := map[string]bool{}
		for _, w := range strings.Fields(ws) {
			set[w] = true
		}
		out[lang] = set
	}
	return out
}
