// Command pdfcorpus regenerates the PDF corpus in extract/pdf/testdata/corpus:
// documents with a known source text, written by real producers (pdfLaTeX,
// XeLaTeX, LibreOffice, Chromium's print-to-PDF, groff, groff
// through Ghostscript, ImageMagick for scans). Each NAME.pdf has NAME.txt,
// the text a reader sees without page numbers and running heads. A scan
// has NAME.scan instead: it must fail with "no text layer".
//
// The text is made from a seeded generator, so a rerun writes the same
// sources; the PDFs differ only by their producers' timestamps.
//
//	go run ./cmd/pdfcorpus -out ../extract/pdf/testdata/corpus
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"log"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// doc is one document's content, rendered by each producer its own way.
type doc struct {
	name     string
	title    string
	authors  []string
	sections []section
	table    [][]string // optional, after the first section
	lang     string     // en, ru, el, zh, ar, he, de, fr
	rtl      bool       // title, authors and headings in the right-to-left script too
}

type section struct {
	heading string
	paras   []string
	notes   []string // footnotes, attached after the section's first paragraph
}

var vocab = strings.Fields(`efficient financial office official influence effective difficult
first flow conflict affair affluent fiscal deficit official sufficient profile beneficial
field final finance flexible reflection specific significant identify classified certified
government policy institution budget reform evidence analysis report committee parliament
council ministry agency region market trade energy climate security defence health education
housing labour pension growth inflation interest rate debt surplus revenue expenditure
transparency accountability oversight regulation competition innovation investment research
households firms workers citizens voters members experts officials observers critics
increase decrease improve weaken strengthen review assess propose recommend implement require
consider estimate suggest conclude measure compare examine support oppose publish
independent national regional local international economic political social public private
annual quarterly recent current previous future long short medium strong weak broad narrow
important necessary possible likely uncertain considerable substantial modest gradual rapid`)

var glue = strings.Fields(`the the the of of and and to in in for with on by from that which
this these its their our a an as at between under over across after before within`)

func sentence(r *rand.Rand) string {
	n := 9 + r.Intn(14)
	w := make([]string, n)
	for i := range w {
		if i%3 == 1 {
			w[i] = glue[r.Intn(len(glue))]
		} else {
			w[i] = vocab[r.Intn(len(vocab))]
		}
		if r.Intn(40) == 0 {
			w[i] = fmt.Sprint(1990 + r.Intn(35))
		}
	}
	s := strings.Join(w, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func paragraph(r *rand.Rand, lang string, n int) string {
	var s []string
	for i := 0; i < n; i++ {
		if l, ok := foreign[lang]; ok {
			s = append(s, l[r.Intn(len(l))])
		} else {
			s = append(s, sentence(r))
		}
	}
	sep := " "
	if lang == "zh" {
		sep = ""
	}
	return strings.Join(s, sep)
}

// foreign holds hand-written sentences in non-English languages,
// recombined into paragraphs.
var foreign = map[string][]string{
	"ru": {
		"Правительство представило новый бюджет на следующий год.",
		"Независимые эксперты оценили влияние реформы на экономику страны.",
		"Дефицит бюджета снизился благодаря росту налоговых поступлений.",
		"Парламент рассмотрит законопроект о финансовом контроле весной.",
		"Эффективность государственных расходов остаётся главным вопросом.",
		"Региональные власти требуют большей самостоятельности в налоговой политике.",
		"Инфляция замедлилась, однако цены на энергию продолжают расти.",
		"Доклад рекомендует создать независимый фискальный совет.",
	},
	"el": {
		"Η κυβέρνηση παρουσίασε τον νέο προϋπολογισμό για το επόμενο έτος.",
		"Οι ανεξάρτητοι εμπειρογνώμονες αξιολόγησαν τις επιπτώσεις της μεταρρύθμισης.",
		"Το δημοσιονομικό έλλειμμα μειώθηκε χάρη στην αύξηση των φορολογικών εσόδων.",
		"Η Βουλή θα εξετάσει το νομοσχέδιο για τον οικονομικό έλεγχο την άνοιξη.",
		"Ο πληθωρισμός επιβραδύνθηκε, αλλά οι τιμές της ενέργειας συνεχίζουν να αυξάνονται.",
		"Η έκθεση προτείνει τη δημιουργία ανεξάρτητου δημοσιονομικού συμβουλίου.",
	},
	"zh": {
		"政府公布了下一年度的预算草案。",
		"独立专家评估了改革对国家经济的影响。",
		"由于税收增加，财政赤字有所下降。",
		"议会将在春季审议关于财政监督的法案。",
		"通货膨胀有所放缓，但能源价格继续上涨。",
		"报告建议设立独立的财政委员会。",
	},
	"ar": {
		"قدمت الحكومة مشروع الميزانية للعام المقبل.",
		"قيم الخبراء المستقلون أثر الإصلاح على اقتصاد البلاد.",
		"انخفض العجز المالي بفضل زيادة الإيرادات الضريبية.",
		"سيناقش البرلمان مشروع القانون المتعلق بالرقابة المالية في الربيع.",
		"تباطأ التضخم لكن أسعار الطاقة ما زالت ترتفع.",
	},
	"he": {
		"הממשלה הציגה את הצעת התקציב לשנה הבאה.",
		"מומחים בלתי תלויים העריכו את השפעת הרפורמה על כלכלת המדינה.",
		"הגירעון ירד הודות לעלייה בהכנסות ממסים.",
		"הכנסת תדון בהצעת החוק על הפיקוח הפיננסי באביב.",
		"האינפלציה האטה, אך מחירי האנרגיה ממשיכים לעלות.",
		"הדוח ממליץ להקים מועצה פיסקלית עצמאית.",
	},
	"de": {
		"Die Regierung legte den Haushaltsentwurf für das kommende Jahr vor.",
		"Unabhängige Fachleute bewerteten die Auswirkungen der Reform auf die Wirtschaft.",
		"Das Defizit sank dank höherer Steuereinnahmen deutlich.",
		"Der Bundestag berät das Gesetz über die Finanzkontrolle im Frühjahr.",
		"Die Inflation verlangsamte sich, doch die Energiepreise steigen weiter.",
		"Der Bericht empfiehlt die Einrichtung eines unabhängigen Fiskalrats.",
	},
	"fr": {
		"Le gouvernement a présenté le projet de budget pour l'année prochaine.",
		"Des experts indépendants ont évalué les effets de la réforme sur l'économie.",
		"Le déficit a diminué grâce à la hausse des recettes fiscales.",
		"Le Parlement examinera le projet de loi sur le contrôle financier au printemps.",
		"L'inflation a ralenti, mais les prix de l'énergie continuent d'augmenter.",
		"Le rapport recommande la création d'un conseil budgétaire indépendant.",
	},
}

var surnames = strings.Fields("Smith Okafor Lindqvist Moreau Tanaka Novak Haddad Fischer Silva Kowalski Brennan Duarte")
var given = strings.Fields("Anna John Maria David Sofia Peter Laura Ahmed Elena Thomas Chloe Marek")

// rtlNames are authors' names in the right-to-left scripts.
var rtlNames = map[string][]string{
	"ar": {"أحمد حداد", "ليلى منصور", "سامي خوري", "مريم الصالح"},
	"he": {"דוד לוי", "מרים כהן", "יוסף מזרחי", "רחל אברהם"},
}

// makeRTLDoc is a document wholly in a right-to-left script: title,
// authors, headings and paragraphs, so that its reading order is known
// word for word.
func makeRTLDoc(r *rand.Rand, name, lang string, sections, parasPer int) doc {
	d := doc{name: name, lang: lang, rtl: true}
	words := func(n int) string {
		w := strings.Fields(strings.TrimSuffix(foreign[lang][r.Intn(len(foreign[lang]))], "."))
		return strings.Join(w[:min(n, len(w))], " ")
	}
	d.title = words(5)
	names := rtlNames[lang]
	d.authors = []string{names[r.Intn(len(names))]}
	for i := 0; i < sections; i++ {
		s := section{heading: fmt.Sprintf("%d %s", i+1, words(3))}
		for j := 0; j < parasPer; j++ {
			s.paras = append(s.paras, paragraph(r, lang, 3+r.Intn(5)))
		}
		d.sections = append(d.sections, s)
	}
	return d
}

func makeDoc(r *rand.Rand, name, lang string, sections, parasPer int, notes, table bool) doc {
	d := doc{name: name, lang: lang}
	t := strings.Fields(sentence(r))
	d.title = strings.TrimSuffix(strings.Join(t[:min(len(t), 6+r.Intn(4))], " "), ".")
	d.title = strings.ToUpper(d.title[:1]) + d.title[1:]
	for i := 0; i < 1+r.Intn(2); i++ {
		d.authors = append(d.authors, given[r.Intn(len(given))]+" "+surnames[r.Intn(len(surnames))])
	}
	note := 1
	for i := 0; i < sections; i++ {
		h := strings.Fields(sentence(r))
		s := section{heading: fmt.Sprintf("%d %s", i+1, strings.TrimSuffix(strings.Join(h[:3], " "), "."))}
		s.heading = strings.ToUpper(s.heading[:3]) + s.heading[3:]
		for j := 0; j < parasPer; j++ {
			s.paras = append(s.paras, paragraph(r, lang, 3+r.Intn(5)))
		}
		if notes && i%2 == 0 {
			s.notes = append(s.notes, fmt.Sprintf("%d", note)+" "+sentence(r))
			note++
		}
		d.sections = append(d.sections, s)
	}
	if table {
		d.table = [][]string{{"Country", "Deficit", "Debt", "Growth"}}
		for i := 0; i < 5; i++ {
			d.table = append(d.table, []string{surnames[r.Intn(len(surnames))] + "land",
				fmt.Sprintf("%d.%d", r.Intn(9), r.Intn(10)), fmt.Sprintf("%d.%d", 20+r.Intn(90), r.Intn(10)), fmt.Sprintf("%d.%d", r.Intn(5), r.Intn(10))})
		}
	}
	return d
}

// truth is the text a reader sees: title, authors, headings, paragraphs,
// footnote markers and footnotes, table cells.
func (d doc) truth() string {
	var b strings.Builder
	b.WriteString(d.title + "\n\n" + strings.Join(d.authors, ", ") + "\n\n")
	for i, s := range d.sections {
		b.WriteString(s.heading + "\n\n")
		for j, p := range s.paras {
			b.WriteString(p)
			if j == 0 {
				for _, n := range s.notes {
					b.WriteString(" " + strings.Fields(n)[0])
				}
			}
			b.WriteString("\n\n")
		}
		for _, n := range s.notes {
			b.WriteString(n + "\n\n")
		}
		if i == 0 && d.table != nil {
			for _, row := range d.table {
				b.WriteString(strings.Join(row, " ") + "\n")
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func run(dir string, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %v: %v\n%s", name, args, err, tail(string(out)))
	}
	return nil
}

func tail(s string) string {
	if len(s) > 2000 {
		return s[len(s)-2000:]
	}
	return s
}

// ---- LaTeX ----

type texStyle struct {
	engine    string // pdflatex or xelatex
	twocolumn bool
	fancy     bool // running head and foot
}

func latex(d doc, st texStyle) string {
	var b strings.Builder
	opts := "11pt,a4paper"
	if st.twocolumn {
		opts += ",twocolumn"
	}
	fmt.Fprintf(&b, "\\documentclass[%s]{article}\n", opts)
	switch st.engine {
	case "pdflatex":
		b.WriteString("\\usepackage[T1,T2A]{fontenc}\n\\usepackage[utf8]{inputenc}\n")
		switch d.lang {
		case "ru":
			b.WriteString("\\usepackage[russian]{babel}\n")
		case "de":
			b.WriteString("\\usepackage[ngerman]{babel}\n")
		case "fr":
			b.WriteString("\\usepackage[french]{babel}\n")
		}
	default:
		b.WriteString("\\usepackage{fontspec}\n")
		switch d.lang {
		case "zh":
			b.WriteString("\\usepackage{xeCJK}\n\\setCJKmainfont{AR PL SungtiL GB}\n")
		case "ru", "el":
			b.WriteString("\\setmainfont{DejaVu Serif}\n")
		case "ar":
			// bidi (under polyglossia) must come after hyperref.
			b.WriteString("\\usepackage{hyperref}\n\\usepackage{polyglossia}\n\\setmainlanguage{arabic}\n\\newfontfamily\\arabicfont[Script=Arabic]{Amiri}\n")
		case "he":
			b.WriteString("\\usepackage{hyperref}\n\\usepackage{polyglossia}\n\\setmainlanguage{hebrew}\n\\setmainfont{DejaVu Sans}\n\\newfontfamily\\hebrewfont[Script=Hebrew]{DejaVu Sans}\n")
		}
	}
	if d.lang != "ar" && d.lang != "he" || st.engine == "pdflatex" {
		b.WriteString("\\usepackage{hyperref}\n")
	}
	fmt.Fprintf(&b, "\\hypersetup{pdftitle={%s},pdfauthor={%s}}\n", d.title, strings.Join(d.authors, ", "))
	if st.fancy {
		fmt.Fprintf(&b, "\\usepackage{fancyhdr}\n\\pagestyle{fancy}\n\\fancyhead[L]{Working Paper Series}\n\\fancyhead[R]{%s}\n\\fancyfoot[C]{\\thepage}\n", "Institute for Fiscal Studies")
	}
	b.WriteString("\\begin{document}\n")
	fmt.Fprintf(&b, "{\\Large\\bfseries %s\\par}\n\\bigskip\n{%s\\par}\n\\bigskip\n", d.title, strings.Join(d.authors, ", "))
	for i, s := range d.sections {
		fmt.Fprintf(&b, "\\section*{%s}\n", s.heading)
		for j, p := range s.paras {
			b.WriteString(p)
			if j == 0 {
				for _, n := range s.notes {
					f := strings.SplitN(n, " ", 2)
					fmt.Fprintf(&b, "\\footnote{%s}", f[1])
				}
			}
			b.WriteString("\n\n")
		}
		if i == 0 && d.table != nil {
			b.WriteString("\\begin{center}\\begin{tabular}{lrrr}\n")
			for k, row := range d.table {
				b.WriteString(strings.Join(row, " & ") + " \\\\\n")
				if k == 0 {
					b.WriteString("\\hline\n")
				}
			}
			b.WriteString("\\end{tabular}\\end{center}\n")
		}
	}
	b.WriteString("\\end{document}\n")
	return b.String()
}

// ---- HTML for Chromium and LibreOffice ----

func htmlDoc(d doc, columns int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html><html lang=%q><head><meta charset=utf-8><title>%s</title>", d.lang, html.EscapeString(d.title))
	fmt.Fprintf(&b, "<meta name=author content=%q>", strings.Join(d.authors, ", "))
	b.WriteString("<style>body{font-family:'DejaVu Serif',serif;font-size:11pt;text-align:justify;hyphens:auto}")
	if columns > 1 {
		fmt.Fprintf(&b, ".cols{column-count:%d;column-gap:2em}", columns)
	}
	switch d.lang {
	case "ar":
		b.WriteString("body{direction:rtl;font-family:Amiri}")
	case "he":
		b.WriteString("body{direction:rtl;font-family:'Noto Serif Hebrew'}")
	}
	b.WriteString("table{border-collapse:collapse}td,th{padding:2px 8px}</style></head><body>")
	fmt.Fprintf(&b, "<h1>%s</h1><p>%s</p><div class=cols>", html.EscapeString(d.title), html.EscapeString(strings.Join(d.authors, ", ")))
	for i, s := range d.sections {
		fmt.Fprintf(&b, "<h2>%s</h2>", html.EscapeString(s.heading))
		for j, p := range s.paras {
			b.WriteString("<p>" + html.EscapeString(p))
			if j == 0 {
				for _, n := range s.notes {
					fmt.Fprintf(&b, " <sup>%s</sup>", strings.Fields(n)[0])
				}
			}
			b.WriteString("</p>")
		}
		for _, n := range s.notes {
			fmt.Fprintf(&b, "<p><small>%s</small></p>", html.EscapeString(n))
		}
		if i == 0 && d.table != nil {
			b.WriteString("<table>")
			for _, row := range d.table {
				b.WriteString("<tr>")
				for _, c := range row {
					b.WriteString("<td>" + html.EscapeString(c) + "</td>")
				}
				b.WriteString("</tr>")
			}
			b.WriteString("</table>")
		}
	}
	b.WriteString("</div></body></html>")
	return b.String()
}

// ---- LibreOffice flat ODT, for page headers, footers and columns ----

func fodt(d doc, columns int, headfoot bool) string {
	esc := html.EscapeString
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
`)
	fmt.Fprintf(&b, "<office:meta><dc:title>%s</dc:title><meta:initial-creator>%s</meta:initial-creator><dc:creator>%s</dc:creator><dc:language>%s</dc:language></office:meta>\n",
		esc(d.title), esc(strings.Join(d.authors, ", ")), esc(strings.Join(d.authors, ", ")), d.lang)
	font, complex, direction := "DejaVu Serif", "Amiri", ""
	switch d.lang {
	case "zh":
		font = "AR PL SungtiL GB"
	case "he":
		complex = "Noto Serif Hebrew"
	}
	if d.rtl {
		direction = ` style:writing-mode="rl-tb"`
	}
	fmt.Fprintf(&b, `<office:styles>
<style:style style:name="Standard" style:family="paragraph"><style:paragraph-properties fo:text-align="justify" fo:margin-bottom="0.2cm"%[5]s/><style:text-properties style:font-name="%[1]s" fo:font-family="%[1]s" style:font-family-asian="%[1]s" style:font-family-complex="%[4]s" fo:font-size="10.5pt" style:font-size-complex="10.5pt" fo:hyphenate="true" fo:language="%[2]s" style:language-complex="%[2]s"/></style:style>
<style:style style:name="H" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="start" fo:margin-top="0.3cm"/><style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>
<style:style style:name="T" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="start"/><style:text-properties fo:font-size="20pt" fo:font-weight="bold"/></style:style>
</office:styles>
<office:automatic-styles>
<style:style style:name="S1" style:family="section"><style:section-properties><style:columns fo:column-count="%[3]d" fo:column-gap="0.8cm"/></style:section-properties></style:style>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/><style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.4cm"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.4cm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">`, font, d.lang, max(columns, 1), complex, direction)
	if headfoot {
		b.WriteString(`<style:header><text:p>Policy Brief — Centre for Budget Research</text:p></style:header><style:footer><text:p>Page <text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>`)
	}
	b.WriteString("</style:master-page></office:master-styles>\n<office:body><office:text>\n")
	fmt.Fprintf(&b, "<text:p text:style-name=\"T\">%s</text:p><text:p>%s</text:p>\n", esc(d.title), esc(strings.Join(d.authors, ", ")))
	b.WriteString(`<text:section text:style-name="S1" text:name="body">`)
	for i, s := range d.sections {
		fmt.Fprintf(&b, "<text:p text:style-name=\"H\">%s</text:p>\n", esc(s.heading))
		for j, p := range s.paras {
			b.WriteString("<text:p>" + esc(p))
			if j == 0 {
				for _, n := range s.notes {
					f := strings.SplitN(n, " ", 2)
					fmt.Fprintf(&b, ` <text:note text:note-class="footnote"><text:note-citation>%s</text:note-citation><text:note-body><text:p>%s</text:p></text:note-body></text:note>`, f[0], esc(f[1]))
				}
			}
			b.WriteString("</text:p>\n")
		}
		if i == 0 && d.table != nil {
			b.WriteString(`<table:table table:name="t1"><table:table-column table:number-columns-repeated="4"/>`)
			for _, row := range d.table {
				b.WriteString("<table:table-row>")
				for _, c := range row {
					b.WriteString("<table:table-cell><text:p>" + esc(c) + "</text:p></table:table-cell>")
				}
				b.WriteString("</table:table-row>")
			}
			b.WriteString("</table:table>\n")
		}
	}
	b.WriteString("</text:section></office:text></office:body></office:document>\n")
	return b.String()
}

// ---- groff ms ----

func groffMS(d doc) string {
	var b strings.Builder
	b.WriteString(".ds LH Budget Review\n.ds CH\n.ds RH Fiscal Studies\n.ds CF - \\\\n(PN -\n")
	fmt.Fprintf(&b, ".TL\n%s\n.AU\n%s\n", d.title, strings.Join(d.authors, ", "))
	for i, s := range d.sections {
		fmt.Fprintf(&b, ".SH\n%s\n", s.heading)
		for j, p := range s.paras {
			b.WriteString(".PP\n" + p)
			if j == 0 {
				for _, n := range s.notes {
					f := strings.SplitN(n, " ", 2)
					fmt.Fprintf(&b, "\\**\n.FS\n%s\n.FE\n", f[1])
				}
			}
			b.WriteString("\n")
		}
		if i == 0 && d.table != nil {
			b.WriteString(".TS\ncenter;\nl r r r.\n")
			for _, row := range d.table {
				b.WriteString(strings.Join(row, "\t") + "\n")
			}
			b.WriteString(".TE\n")
		}
	}
	return b.String()
}

func main() {
	out := flag.String("out", "../extract/pdf/testdata/corpus", "output directory")
	only := flag.String("only", "", "make only the documents whose names match this regular expression (the others' content is still drawn, so every document stays the same)")
	flag.Parse()
	if abs, err := filepath.Abs(*out); err == nil {
		*out = abs
	}
	work, err := os.MkdirTemp("", "pdfcorpus")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(work)
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	r := rand.New(rand.NewSource(18))
	n := 0
	onlyRE := regexp.MustCompile(*only)
	emit := func(d doc, columns int, produce func(dir string) (string, error)) {
		if !onlyRE.MatchString(d.name) {
			return
		}
		dir := filepath.Join(work, d.name)
		os.MkdirAll(dir, 0o755)
		pdf, err := produce(dir)
		if err != nil {
			log.Printf("%s: %v", d.name, err)
			return
		}
		b, err := os.ReadFile(pdf)
		if err != nil {
			log.Printf("%s: %v", d.name, err)
			return
		}
		os.WriteFile(filepath.Join(*out, d.name+".pdf"), b, 0o644)
		os.WriteFile(filepath.Join(*out, d.name+".txt"), []byte(d.truth()), 0o644)
		meta, _ := json.MarshalIndent(map[string]any{
			"producer": strings.SplitN(d.name, "-", 2)[0], "columns": columns, "language": d.lang,
			"title": d.title, "authors": d.authors,
		}, "", "  ")
		os.WriteFile(filepath.Join(*out, d.name+".json"), append(meta, '\n'), 0o644)
		n++
	}
	tex := func(d doc, st texStyle) {
		cols := 1
		if st.twocolumn {
			cols = 2
		}
		emit(d, cols, func(dir string) (string, error) {
			os.WriteFile(filepath.Join(dir, "d.tex"), []byte(latex(d, st)), 0o644)
			if err := run(dir, st.engine, "-interaction=nonstopmode", "d.tex"); err != nil {
				return "", err
			}
			return filepath.Join(dir, "d.pdf"), nil
		})
	}
	chrome := func(d doc, cols int, headers bool) {
		emit(d, cols, func(dir string) (string, error) {
			os.WriteFile(filepath.Join(dir, "d.html"), []byte(htmlDoc(d, cols)), 0o644)
			args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--print-to-pdf=" + filepath.Join(dir, "d.pdf")}
			if !headers {
				args = append(args, "--no-pdf-header-footer")
			}
			if err := run(dir, "chromium", append(args, "file://"+filepath.Join(dir, "d.html"))...); err != nil {
				return "", err
			}
			return filepath.Join(dir, "d.pdf"), nil
		})
	}
	office := func(d doc, cols int, headfoot bool) {
		emit(d, cols, func(dir string) (string, error) {
			os.WriteFile(filepath.Join(dir, "d.fodt"), []byte(fodt(d, cols, headfoot)), 0o644)
			if err := run(dir, "soffice", "-env:UserInstallation=file://"+filepath.Join(work, "lo"), "--headless", "--convert-to", "pdf", "d.fodt"); err != nil {
				return "", err
			}
			return filepath.Join(dir, "d.pdf"), nil
		})
	}
	groff := func(d doc, viaGhostscript bool) {
		emit(d, 1, func(dir string) (string, error) {
			os.WriteFile(filepath.Join(dir, "d.ms"), []byte(groffMS(d)), 0o644)
			if viaGhostscript {
				if err := run(dir, "sh", "-c", "groff -t -ms -Tps d.ms > d.ps && ps2pdf d.ps d.pdf"); err != nil {
					return "", err
				}
			} else if err := run(dir, "sh", "-c", "groff -t -ms -Tpdf d.ms > d.pdf"); err != nil {
				return "", err
			}
			return filepath.Join(dir, "d.pdf"), nil
		})
	}
	// pdfLaTeX: one and two columns, footnotes, tables, running heads.
	for i := 0; i < 4; i++ {
		tex(makeDoc(r, fmt.Sprintf("pdflatex-single-%d", i), "en", 3+i, 3, i%2 == 0, i == 1), texStyle{engine: "pdflatex", fancy: i >= 2})
	}
	for i := 0; i < 5; i++ {
		tex(makeDoc(r, fmt.Sprintf("pdflatex-twocol-%d", i), "en", 4+i, 3, i%2 == 1, i == 2), texStyle{engine: "pdflatex", twocolumn: true, fancy: i%2 == 0})
	}
	tex(makeDoc(r, "pdflatex-ru", "ru", 3, 3, true, false), texStyle{engine: "pdflatex"})
	tex(makeDoc(r, "pdflatex-de-twocol", "de", 4, 3, false, true), texStyle{engine: "pdflatex", twocolumn: true, fancy: true})
	tex(makeDoc(r, "pdflatex-fr", "fr", 3, 3, true, false), texStyle{engine: "pdflatex", fancy: true})
	// XeLaTeX and LuaLaTeX with system fonts, non-Latin scripts.
	tex(makeDoc(r, "xelatex-el", "el", 3, 3, false, false), texStyle{engine: "xelatex"})
	tex(makeDoc(r, "xelatex-ru-twocol", "ru", 4, 3, true, false), texStyle{engine: "xelatex", twocolumn: true})
	tex(makeDoc(r, "xelatex-zh", "zh", 3, 3, false, false), texStyle{engine: "xelatex"})
	tex(makeDoc(r, "xelatex-ru", "ru", 2, 3, false, false), texStyle{engine: "xelatex", fancy: true})
	tex(makeDoc(r, "xelatex-en", "en", 4, 3, true, true), texStyle{engine: "xelatex", fancy: true})
	tex(makeDoc(r, "xelatex-en-twocol", "en", 5, 3, true, false), texStyle{engine: "xelatex", twocolumn: true, fancy: true})
	tex(makeDoc(r, "pdflatex-long", "en", 12, 4, true, true), texStyle{engine: "pdflatex", fancy: true})
	// Chromium's print-to-PDF: CSS columns, its own running head and foot.
	for i := 0; i < 6; i++ {
		chrome(makeDoc(r, fmt.Sprintf("chromium-%d", i), "en", 3+i, 3, i%3 == 0, i%2 == 0), 1+i%2, i%3 != 2)
	}
	chrome(makeDoc(r, "chromium-ru", "ru", 3, 3, false, false), 1, true)
	chrome(makeDoc(r, "chromium-zh", "zh", 3, 3, false, false), 1, false)
	chrome(makeDoc(r, "chromium-el-twocol", "el", 4, 3, false, false), 2, true)
	chrome(makeDoc(r, "chromium-ar", "ar", 2, 3, false, false), 1, false)
	// LibreOffice: sections in columns, page heads and feet, footnotes.
	for i := 0; i < 6; i++ {
		office(makeDoc(r, fmt.Sprintf("libreoffice-%d", i), "en", 3+i, 3, i%2 == 0, i%3 == 1), 1+i%3, i != 3)
	}
	office(makeDoc(r, "libreoffice-de", "de", 3, 3, true, false), 2, true)
	office(makeDoc(r, "libreoffice-zh", "zh", 3, 3, false, false), 1, true)
	office(makeDoc(r, "libreoffice-ru-twocol", "ru", 4, 3, false, true), 2, true)
	// groff: directly to PDF and through PostScript and Ghostscript.
	for i := 0; i < 3; i++ {
		groff(makeDoc(r, fmt.Sprintf("groff-%d", i), "en", 3+i, 3, i != 1, i == 0), false)
	}
	for i := 0; i < 2; i++ {
		groff(makeDoc(r, fmt.Sprintf("ghostscript-%d", i), "en", 3+i, 3, true, i == 1), true)
	}
	// Right-to-left documents, wholly Arabic or Hebrew: their text must
	// come out in reading (logical) order, not in the order drawn.
	chrome(makeRTLDoc(r, "chromium-he", "he", 3, 3), 1, false)
	office(makeRTLDoc(r, "libreoffice-ar", "ar", 3, 3), 1, true)
	office(makeRTLDoc(r, "libreoffice-he", "he", 3, 3), 1, false)
	tex(makeRTLDoc(r, "xelatex-ar", "ar", 3, 3), texStyle{engine: "xelatex"})
	tex(makeRTLDoc(r, "xelatex-he", "he", 2, 3), texStyle{engine: "xelatex"})
	log.Printf("%d documents with text", n)
	// Scans: a text PDF rendered to images and wrapped back into a PDF.
	for i, src := range []string{"pdflatex-single-0", "libreoffice-1"} {
		name := fmt.Sprintf("scan-%d", i)
		dst := filepath.Join(*out, name+".pdf")
		if err := run(work, "gs", "-q", "-sDEVICE=pdfimage8", "-r100", "-o", dst, filepath.Join(*out, src+".pdf")); err != nil {
			log.Printf("%s: %v", name, err)
			continue
		}
		os.WriteFile(filepath.Join(*out, name+".scan"), []byte("image-only: a scan of "+src+".pdf\n"), 0o644)
	}
}
