package extract

import (
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Dates come in two shapes: structured values (JSON-LD, meta, <time
// datetime>) that are ISO 8601 or RFC 1123 most of the time, and free text
// from bylines and datelines in many languages. parseISODate handles the
// first, findTextDate the second; both return ISO 8601 ("2024-03-05" or
// "2024-03-05T10:00:00+01:00") and never look past a few hundred bytes.

const (
	minYear = 1990
	maxYear = 2100
)

// parseDateValue reads a structured date value, falling back to free text
// ("Tue, 05 Mar 2024 10:00:00 GMT", "05.03.2024").
func parseDateValue(s string, dayFirst bool) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if d := parseISODate(s); d != "" {
		return d
	}
	if d := parseUnixTime(s); d != "" {
		return d
	}
	return findTextDate(s, dayFirst)
}

// parseUnixTime reads a Unix time in seconds (10 digits) or milliseconds
// (13), as some CMSs write a <time datetime> or a date meta tag
// ("1709632800"). Only values starting with 1 (2001-09-09 to 2033-05-18)
// are read: one starting with 19 or 20 may be a compact date and hour
// (2024030510), and earlier years are past minYear's.
func parseUnixTime(s string) string {
	if len(s) != 10 && len(s) != 13 || s[0] != '1' || !isDigits(s) {
		return ""
	}
	secs := int64(atoiDigits(s[:10]))
	return time.Unix(secs, 0).UTC().Format("2006-01-02T15:04:05Z")
}

// parseISODate accepts YYYY-MM-DD with an optional time and zone, and the
// same with / or . as separators, at the start of s.
func parseISODate(s string) string {
	if len(s) < 8 {
		return ""
	}
	p := 0
	y, ok := digitsAt(s, &p, 4, 4)
	if !ok || p >= len(s) {
		return ""
	}
	sep := s[p]
	var mo, d int
	if sep == '-' || sep == '/' || sep == '.' {
		p++
		if mo, ok = digitsAt(s, &p, 1, 2); !ok || p >= len(s) || s[p] != sep {
			return ""
		}
		p++
		if d, ok = digitsAt(s, &p, 1, 2); !ok {
			return ""
		}
	} else if len(s) >= 8 && isDigits(s[:8]) && (len(s) == 8 || !isDigit(s[8])) {
		// Compact 20240305 (some meta tags).
		mo, d, p = atoi(s[4:6]), atoi(s[6:8]), 8
	} else {
		return ""
	}
	if !validDate(y, mo, d) {
		return ""
	}
	date := fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
	if p >= len(s) || (s[p] != 'T' && s[p] != ' ') {
		return date
	}
	// Time part: THH:MM[:SS][.fff][Z|±HH:MM|±HHMM].
	q := p + 1
	for q < len(s) && s[q] == ' ' {
		q++
	}
	h, ok1 := digitsAt(s, &q, 2, 2)
	if !ok1 || q >= len(s) || s[q] != ':' {
		return date
	}
	q++
	mi, ok2 := digitsAt(s, &q, 2, 2)
	if !ok2 || h > 23 || mi > 59 {
		return date
	}
	sec := 0
	if q < len(s) && s[q] == ':' {
		q++
		if sec, ok = digitsAt(s, &q, 2, 2); !ok || sec > 60 {
			return date
		}
	}
	if q < len(s) && (s[q] == '.' || s[q] == ',') {
		q++
		for q < len(s) && isDigit(s[q]) {
			q++
		}
	}
	for q < len(s) && s[q] == ' ' {
		q++
	}
	zone := ""
	switch {
	case q < len(s) && (s[q] == 'Z' || s[q] == 'z'):
		zone = "Z"
	case q < len(s) && (s[q] == '+' || s[q] == '-'):
		sign := s[q]
		q++
		zh, ok := digitsAt(s, &q, 2, 2)
		if !ok {
			break
		}
		if q < len(s) && s[q] == ':' {
			q++
		}
		zm := 0
		if q < len(s) && isDigit(s[q]) {
			if zm, ok = digitsAt(s, &q, 2, 2); !ok {
				break
			}
		}
		if zh <= 14 && zm < 60 {
			zone = fmt.Sprintf("%c%02d:%02d", sign, zh, zm)
		}
	case strings.HasPrefix(s[q:], "GMT") || strings.HasPrefix(s[q:], "UTC"):
		zone = "Z"
	}
	// Midnight is a date-only value padded by a CMS, with or without the
	// zone it writes every time in: a calendar date, not an instant. Read
	// as one, 2025-03-14T00:00:00Z is 13 March west of Greenwich, and
	// the page shows the 14th.
	if h == 0 && mi == 0 && sec == 0 {
		return date
	}
	return fmt.Sprintf("%sT%02d:%02d:%02d%s", date, h, mi, sec, zone)
}

// findTextDate finds the first complete date (day, month, year) in free
// text: "March 5, 2024", "5. März 2024", "le 5 mars 2024", "5 de marzo de
// 2024", "05.03.2024", "2024/03/05", Arabic month names and digits.
// dayFirst decides ambiguous numeric dates like 03/05/2024.
func findTextDate(s string, dayFirst bool) string {
	if len(s) > 400 {
		s = s[:400]
		for !utf8.ValidString(s) && len(s) > 0 {
			s = s[:len(s)-1]
		}
	}
	toks := dateTokens(s)
	for i := range toks {
		if d := dateAt(toks, i, dayFirst); d != "" {
			return d
		}
	}
	return ""
}

// findShownDate is findTextDate for text a reader sees: a date written for
// people beats a machine timestamp (2024-03-05T10:00:00+01:00) in the same
// text, which is most often a hidden microformat value ("updated") left in
// the byline by the theme. A text holding only a timestamp still gives it.
func findShownDate(s string, dayFirst bool) string {
	if len(s) > 400 {
		s = s[:400]
		for !utf8.ValidString(s) && len(s) > 0 {
			s = s[:len(s)-1]
		}
	}
	toks := dateTokens(s)
	machine := ""
	for i := range toks {
		d := dateAt(toks, i, dayFirst)
		if d == "" {
			continue
		}
		if !isTimestampAt(toks, i) {
			return d
		}
		if machine == "" {
			machine = d
		}
	}
	return machine
}

// isTimestampAt reports whether the date at toks[i] is an ISO 8601
// timestamp: YYYY-MM-DD followed directly by T and the time.
func isTimestampAt(toks []dateTok, i int) bool {
	return i+3 < len(toks) && toks[i].nlen == 4 && toks[i].sep == '-' &&
		toks[i+2].sep == '?' && toks[i+3].word == "t" && toks[i+3].sep == '?'
}

type dateTok struct {
	num   int    // value when digits, -1 otherwise
	nlen  int    // number of digits
	month int    // 1..12 when a month name
	word  string // lower-case word
	sep   byte   // the separator character that follows ('.', '/', '-', ':', ' ', ',' or 0)
	// glued: a number written onto a word ("portage-2", "v2"), as a
	// version's first part is.
	glued bool
}

// dateTokens splits s into numbers and words, recording which separator
// follows each so "10:30" (a time) isn't read as day/month.
func dateTokens(s string) []dateTok {
	var toks []dateTok
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsDigit(r):
			n, l := 0, 0
			for i < len(rs) && unicode.IsDigit(rs[i]) {
				if l < 9 {
					n = n*10 + digitVal(rs[i])
				}
				l++
				i++
			}
			toks = append(toks, dateTok{num: n, nlen: l, sep: sepAt(rs, i), glued: gluedAt(rs, i-l)})
		case unicode.IsLetter(r):
			j := i
			for i < len(rs) && (unicode.IsLetter(rs[i]) || unicode.Is(unicode.Mn, rs[i]) || unicode.Is(unicode.Mc, rs[i])) {
				i++
			}
			w := strings.ToLower(string(rs[j:i]))
			t := dateTok{num: -1, word: w, sep: sepAt(rs, i)}
			t.month = monthNames()[w]
			toks = append(toks, t)
		default:
			i++
		}
		if len(toks) > 200 {
			break
		}
	}
	// Two-word Levantine Arabic months (كانون الثاني, تشرين الأول...).
	for i := 0; i+1 < len(toks); i++ {
		if m, ok := arabicTwoWordMonths[toks[i].word+" "+toks[i+1].word]; ok {
			toks[i].month = m
			toks = append(toks[:i+1], toks[i+2:]...)
		}
	}
	return toks
}

// gluedAt reports whether the number starting at rs[i] is written onto a
// word: a letter right before it, or a letter and a hyphen.
func gluedAt(rs []rune, i int) bool {
	if i > 0 && rs[i-1] == '-' {
		i--
	}
	return i > 0 && unicode.IsLetter(rs[i-1])
}

func sepAt(rs []rune, i int) byte {
	if i >= len(rs) {
		return 0
	}
	switch r := rs[i]; r {
	case '.', '/', '-', ':', ',':
		return byte(r)
	case ' ', '\u00a0', '\t', '\n':
		return ' '
	}
	return '?'
}

// fillers may sit between the parts of a written date.
var dateFillers = map[string]bool{
	"de": true, "del": true, "of": true, "st": true, "nd": true, "rd": true, "th": true,
	"er": true, "le": true, "den": true, "im": true, "jahr": true, "año": true,
	"º": true, "ª": true, // Spanish and Portuguese ordinals: "1º de marzo"
}

func dateAt(t []dateTok, i int, dayFirst bool) string {
	a := t[i]
	next := func(j int) int { // index of the next non-filler token after j
		j++
		for j < len(t) && t[j].num < 0 && t[j].month == 0 && dateFillers[t[j].word] {
			j++
		}
		return j
	}
	year := func(x dateTok) int {
		if x.num < 0 {
			return 0
		}
		if x.nlen == 4 {
			return x.num
		}
		return 0
	}
	switch {
	case a.num >= 0 && a.nlen == 4 && i+4 < len(t) && (t[i+1].word == "年" && t[i+3].word == "月" || t[i+1].word == "년" && t[i+3].word == "월"):
		// 2019年6月24日 (Chinese, Japanese), 2019년 6월 24일 (Korean).
		if validDate(a.num, t[i+2].num, t[i+4].num) {
			return isoDate(a.num, t[i+2].num, t[i+4].num)
		}
	case a.num >= 0 && a.nlen == 4 && i+3 < len(t) && (t[i+1].word == "m" || t[i+1].word == "gada"):
		// 2024 m. kovo 5 d. (Lithuanian), 2024. gada 5. martā (Latvian).
		m, d := t[i+2], t[i+3]
		if t[i+1].word == "gada" {
			m, d = d, m
		}
		if m.month > 0 && d.num >= 0 && d.nlen <= 2 && d.sep != ':' && validDate(a.num, m.month, d.num) {
			return isoDate(a.num, m.month, d.num)
		}
	case a.num >= 0 && a.nlen == 4 && (a.sep == ' ' || a.sep == '.') && i+2 < len(t) && t[i+1].month > 0:
		// 2023 Jan 7 (PubMed, citation_publication_date), 2024. március
		// 5. (Hungarian); not "… for 2026 December 30, 2025".
		yearNext := i+3 < len(t) && t[i+3].nlen == 4
		if d := t[i+2]; d.num >= 0 && d.nlen <= 2 && d.sep != ':' && !yearNext && validDate(a.num, t[i+1].month, d.num) {
			return isoDate(a.num, t[i+1].month, d.num)
		}
	case a.num >= 0 && a.nlen == 4 && (a.sep == '-' || a.sep == '/' || a.sep == '.'):
		// 2024-03-05, 2024/3/5.
		if i+2 < len(t) && t[i+1].num >= 0 && t[i+1].sep == a.sep && t[i+2].num >= 0 && t[i+2].nlen <= 2 && t[i+1].nlen <= 2 {
			if validDate(a.num, t[i+1].num, t[i+2].num) {
				return isoDate(a.num, t[i+1].num, t[i+2].num)
			}
		}
	case a.num >= 0 && a.nlen <= 2 && a.sep != ':':
		j := next(i)
		if j >= len(t) {
			return ""
		}
		b := t[j]
		if b.month > 0 {
			// 5 March 2024, 5. März 2024, 5 de marzo de 2024.
			k := next(j)
			if k < len(t) && validDate(year(t[k]), b.month, a.num) {
				return isoDate(year(t[k]), b.month, a.num)
			}
			return ""
		}
		// 05.03.2024, 03/05/2024, 5-3-2024, 05.03.24.
		if b.num < 0 || b.nlen > 2 || j != i+1 || (a.sep != '.' && a.sep != '/' && a.sep != '-') || b.sep != a.sep || j+1 >= len(t) {
			return ""
		}
		c := t[j+1]
		if c.num < 0 || (c.nlen != 4 && c.nlen != 2) || (j+2 < len(t) && c.sep == a.sep && t[j+2].num >= 0) {
			return ""
		}
		y := c.num
		if c.nlen == 2 {
			// "portage-2.3.66", "v1.10.24": a version, not a date.
			if c.sep == ':' || a.sep != '.' || a.glued {
				return ""
			}
			y += 2000
		}
		d, m := a.num, b.num
		if !dayFirst && a.sep == '/' {
			d, m = m, d
		}
		if validDate(y, m, d) {
			return isoDate(y, m, d)
		}
		if validDate(y, d, m) {
			return isoDate(y, d, m)
		}
	case a.month > 0:
		// March 5, 2024; Mar. 5th 2024; März 2024 (no day: rejected).
		j := next(i)
		if j >= len(t) || t[j].num < 0 || t[j].nlen > 2 || t[j].sep == ':' {
			return ""
		}
		k := next(j)
		if k < len(t) && validDate(year(t[k]), a.month, t[j].num) {
			return isoDate(year(t[k]), a.month, t[j].num)
		}
	}
	return ""
}

func isoDate(y, m, d int) string { return fmt.Sprintf("%04d-%02d-%02d", y, m, d) }

func validDate(y, m, d int) bool {
	if y < minYear || y > maxYear || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	if d > days[m-1] {
		return false
	}
	return m != 2 || d < 29 || y%4 == 0 && (y%100 != 0 || y%400 == 0)
}

// dateFromURL reads /2024/03/05/ or /2024-03-05 style paths.
func dateFromURL(path string) string {
	toks := dateTokens(path)
	for i := 0; i+2 < len(toks); i++ {
		a, b, c := toks[i], toks[i+1], toks[i+2]
		if a.nlen == 4 && b.num >= 0 && b.nlen <= 2 && c.num >= 0 && c.nlen <= 2 && a.sep != '.' && b.sep != '.' {
			if validDate(a.num, b.num, c.num) {
				return isoDate(a.num, b.num, c.num)
			}
		}
		// /2023/oct/03/, /2023/october/03/: the month named, in its own
		// path segment (not a slug's "2023-may-5-tips").
		if a.nlen == 4 && b.month > 0 && c.num >= 0 && c.nlen <= 2 && a.sep == '/' && b.sep == '/' && c.sep == '/' {
			if validDate(a.num, b.month, c.num) {
				return isoDate(a.num, b.month, c.num)
			}
		}
	}
	// A whole path segment of eight digits: /20200428/.
	for _, seg := range strings.Split(path, "/") {
		if len(seg) == 8 && isDigits(seg) {
			y, m, d := atoiDigits(seg[:4]), atoiDigits(seg[4:6]), atoiDigits(seg[6:])
			if y >= 1995 && y <= 2035 && validDate(y, m, d) {
				return isoDate(y, m, d)
			}
		}
	}
	// /29-10-2021 and 29.10.2021 in a slug: day first, a 4-digit year last.
	for i := 0; i+2 < len(toks); i++ {
		a, b, c := toks[i], toks[i+1], toks[i+2]
		if a.num >= 0 && a.nlen == 2 && b.num >= 0 && b.nlen == 2 && c.num >= 0 && c.nlen == 4 && a.sep == b.sep && (a.sep == '-' || a.sep == '.' || a.sep == '_') {
			if validDate(c.num, b.num, a.num) {
				return isoDate(c.num, b.num, a.num)
			}
		}
	}
	return ""
}

// monthFromURL reads the year and month of a /2024/03/… path as
// "2024-03"; "" when the path has none.
func monthFromURL(path string) string {
	segs := strings.Split(path, "/")
	for i := 0; i+1 < len(segs); i++ {
		y, m := segs[i], segs[i+1]
		if len(y) != 4 || !isDigits(y) || len(m) < 1 || len(m) > 2 || !isDigits(m) {
			continue
		}
		if yy, mm := atoiDigits(y), atoiDigits(m); yy >= 1995 && yy <= 2035 && mm >= 1 && mm <= 12 {
			return fmt.Sprintf("%04d-%02d", yy, mm)
		}
	}
	return ""
}

func digitsAt(s string, p *int, minN, maxN int) (int, bool) {
	n, i := 0, *p
	for i < len(s) && i-*p < maxN && isDigit(s[i]) {
		n = n*10 + int(s[i]-'0')
		i++
	}
	if i-*p < minN {
		return 0, false
	}
	*p = i
	return n, true
}

func atoiDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// digitVal maps any Unicode decimal digit (Arabic-Indic, Persian...) to its
// value.
func digitVal(r rune) int {
	if r >= '0' && r <= '9' {
		return int(r - '0')
	}
	for _, zero := range decimalZeros {
		if r >= zero && r <= zero+9 {
			return int(r - zero)
		}
	}
	return 0
}

// decimalZeros are the zero digits of the scripts whose digits dates are
// written in: Arabic-Indic, Persian, Devanagari, Bengali, Gurmukhi,
// Gujarati, Tamil, Telugu, Kannada, Malayalam, Thai, Lao, Myanmar, Khmer
// and full-width.
var decimalZeros = []rune{'\u0660', '\u06f0', '\u0966', '\u09e6', '\u0a66', '\u0ae6', '\u0be6', '\u0c66', '\u0ce6', '\u0d66',
	'\u0e50', '\u0ed0', '\u1040', '\u17e0', '\uff10'}

// monthNames maps a month name or abbreviation, lower-cased, to its number;
// built at first use.
var monthNames = sync.OnceValue(func() map[string]int {
	m := map[string]int{}
	add := func(n int, names ...string) {
		for _, s := range names {
			m[s] = n
		}
	}
	// English, German, French, Spanish, Italian, Portuguese, Dutch, Arabic.
	add(1, "january", "jan", "januar", "jänner", "jän", "janvier", "janv", "enero", "ene", "gennaio", "gen", "janeiro", "januari", "يناير", "جانفي")
	add(2, "february", "feb", "febr", "februar", "feber", "février", "fevrier", "févr", "fev", "fév", "febrero", "febbraio", "fevereiro", "februari", "فبراير", "فيفري", "شباط")
	add(3, "march", "mar", "märz", "maerz", "mär", "mrz", "mars", "marzo", "março", "maart", "mrt", "مارس", "آذار")
	add(4, "april", "apr", "avril", "avr", "abril", "abr", "aprile", "أبريل", "ابريل", "إبريل", "أفريل", "افريل", "نيسان")
	add(5, "may", "mai", "mayo", "maggio", "mag", "maio", "mei", "مايو", "ماي", "أيار")
	add(6, "june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho", "يونيو", "يونيه", "جوان", "حزيران")
	add(7, "july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "يوليو", "يوليه", "جويلية", "تموز")
	add(8, "august", "aug", "août", "aout", "agosto", "ago", "augustus", "أغسطس", "اغسطس", "أوت", "آب")
	add(9, "september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "set", "setembro", "سبتمبر", "أيلول")
	add(10, "october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out", "أكتوبر", "اكتوبر")
	add(11, "november", "nov", "novembre", "noviembre", "novembro", "نوفمبر")
	add(12, "december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dicembre", "dezembro", "ديسمبر", "دجنبر")
	// Russian, Ukrainian, Polish, Turkish (genitive forms as written in dates).
	add(1, "января", "январь", "січня", "stycznia", "styczeń", "ocak")
	add(2, "февраля", "февраль", "лютого", "lutego", "luty", "şubat")
	add(3, "марта", "март", "березня", "marca", "marzec", "mart")
	add(4, "апреля", "апрель", "квітня", "kwietnia", "kwiecień", "nisan")
	add(5, "мая", "май", "травня", "maja", "maj", "mayıs")
	add(6, "июня", "июнь", "червня", "czerwca", "czerwiec", "haziran")
	add(7, "июля", "июль", "липня", "lipca", "lipiec", "temmuz")
	add(8, "августа", "август", "серпня", "sierpnia", "sierpień", "ağustos")
	add(9, "сентября", "сентябрь", "вересня", "września", "wrzesień", "eylül")
	add(10, "октября", "октябрь", "жовтня", "października", "październik", "ekim")
	add(11, "ноября", "ноябрь", "листопада", "listopada", "listopad", "kasım")
	add(12, "декабря", "декабрь", "грудня", "grudnia", "grudzień", "aralık")
	// Swedish, Danish and Norwegian; Czech (genitive); Hungarian; Finnish
	// (partitive); Greek (genitive); Romanian; Indonesian and Malay.
	add(1, "ledna", "január", "tammikuuta", "ιανουαρίου", "ianuarie")
	add(2, "februar", "února", "február", "helmikuuta", "φεβρουαρίου", "februarie", "februari")
	add(3, "marts", "března", "március", "maaliskuuta", "μαρτίου", "martie", "maret")
	add(4, "dubna", "április", "huhtikuuta", "απριλίου", "aprilie")
	add(5, "maj", "května", "május", "toukokuuta", "μαΐου", "mai", "mei")
	add(6, "června", "június", "kesäkuuta", "ιουνίου", "iunie")
	add(7, "července", "július", "heinäkuuta", "ιουλίου", "iulie")
	add(8, "augusti", "srpna", "augusztus", "elokuuta", "αυγούστου", "agustus", "ogos")
	add(9, "září", "szeptember", "syyskuuta", "σεπτεμβρίου", "septembrie")
	add(10, "října", "október", "lokakuuta", "οκτωβρίου", "octombrie")
	add(11, "listopadu", "marraskuuta", "νοεμβρίου", "noiembrie")
	add(12, "prosince", "joulukuuta", "δεκεμβρίου", "decembrie", "desember", "disember")
	// Catalan, Slovak, Croatian (not "listopada": November in Polish),
	// Slovene, Serbian and Bulgarian/Macedonian (Latin and Cyrillic),
	// Tagalog; Hindi, Bengali and Hebrew (also with its prefix ב, "in").
	add(1, "gener", "januára", "siječnja", "януари", "јануар", "јануари")
	add(2, "febrer", "februára", "veljače", "февруари", "фебруар", "pebrero")
	add(3, "març", "marec", "ožujka", "marso")
	add(4, "apríla", "travnja", "април")
	add(5, "maig", "mája", "svibnja", "мај")
	add(6, "juny", "júna", "lipnja", "junij", "юни", "јун", "јуни", "hunyo")
	add(7, "juliol", "júla", "srpnja", "julij", "юли", "јул", "јули", "hulyo")
	add(8, "agost", "augusta", "kolovoza", "avgust", "август")
	add(9, "setembre", "septembra", "rujna", "septembar", "септември", "септембар", "setyembre")
	add(10, "octubre", "októbra", "oktobar", "октомври", "октобар", "oktubre")
	add(11, "novembra", "studenoga", "studenog", "novembar", "ноември", "новембар", "nobyembre")
	add(12, "desembre", "decembra", "prosinca", "decembar", "декември", "децембар", "disyembre")
	// Lithuanian (genitive), Latvian (nominative and locative), Estonian.
	add(1, "sausio", "janvāris", "janvārī", "jaanuar")
	add(2, "vasario", "februāris", "februārī", "veebruar")
	add(3, "kovo", "martā", "märts")
	add(4, "balandžio", "aprīlis", "aprīlī", "aprill")
	add(5, "gegužės", "maijs", "maijā")
	add(6, "birželio", "jūnijs", "jūnijā", "juuni")
	add(7, "liepos", "jūlijs", "jūlijā", "juuli")
	add(8, "rugpjūčio", "augusts", "augustā")
	add(9, "rugsėjo", "septembris", "septembrī")
	add(10, "spalio", "oktobris", "oktobrī", "oktoober")
	add(11, "lapkričio", "novembris", "novembrī")
	add(12, "gruodžio", "decembris", "decembrī", "detsember")
	add(1, "जनवरी", "জানুয়ারি", "জানুয়ারী", "ינואר", "בינואר", "জানুয়ারি", "জানুয়ারী")
	add(2, "फ़रवरी", "फरवरी", "ফেব্রুয়ারি", "ফেব্রুয়ারী", "פברואר", "בפברואר", "फ़रवरी", "ফেব্রুয়ারি", "ফেব্রুয়ারী")
	add(3, "मार्च", "মার্চ", "מרץ", "מרס", "במרץ", "במרס")
	add(4, "अप्रैल", "अप्रेल", "এপ্রিল", "אפריל", "באפריל")
	add(5, "मई", "মে", "מאי", "במאי")
	add(6, "जून", "জুন", "יוני", "ביוני")
	add(7, "जुलाई", "জুলাই", "יולי", "ביולי")
	add(8, "अगस्त", "আগস্ট", "আগষ্ট", "אוגוסט", "באוגוסט")
	add(9, "सितंबर", "सितम्बर", "সেপ্টেম্বর", "ספטמבר", "בספטמבר")
	add(10, "अक्टूबर", "अक्तूबर", "অক্টোবর", "অক্টোবর", "אוקטובר", "באוקטובר")
	add(11, "नवंबर", "नवम्बर", "নভেম্বর", "נובמבר", "בנובמבר")
	add(12, "दिसंबर", "दिसम्बर", "ডিসেম্বর", "דצמבר", "בדצמבר")
	return m
})

var arabicTwoWordMonths = map[string]int{
	"كانون الثاني": 1, "تشرين الأول": 10, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الأول": 12, "كانون الاول": 12,
}
