package search

import (
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// snippetWords are inflected words of the analysed languages, with
// diacritics, apostrophes, digits and letters whose case changes length
// (İ and the Kelvin sign, which lower-case to ASCII, are added apart: the
// byte search leaves texts holding them to the full scan).
var snippetWords = []string{
	"government", "governments", "governed", "privacy", "private", "law", "laws", "lawyer's", "data",
	"election", "elections", "elected", "campaigning", "year", "years", "running", "runner",
	"Regierung", "Regierungen", "Schüler", "Schule", "Schulen", "Straße", "STRASSE", "Größe", "über", "Übersee",
	"élection", "élections", "économie", "l'économie", "l’État", "d’été", "français", "naïve", "cœur",
	"gobierno", "años", "niño", "elección", "governo", "città", "perché", "eleição", "ações",
	"regering", "verkiezingen", "ijsland", "IJsland",
	"правительство", "выборы", "Выборах", "данные", "закон",
	"الحكومة", "الانتخابات", "Ωμέγα", "σοφία", "ıslak", "kelvin", "istanbul",
	"covid-19", "2020", "1st", "o'clock", "rock'n'roll", "'quoted'", "x", "ß",
}

// TestCandidateWordsMatchFullScan: on generated texts and queries in every
// analysed language, the byte search finds exactly the matches of the
// word-by-word scan.
func TestCandidateWordsMatchFullScan(t *testing.T) {
	ix := openTest(t, "")
	if err := ix.useBleve(); err != nil {
		t.Fatal(err)
	}
	var analyzers []string
	for _, lang := range []string{"en", "fr", "de", "ar", "es", "it", "pt", "nl", "ru", stdLang} {
		analyzers = append(analyzers, analyzerFor(lang))
	}
	b := &builder{ix: ix, analyzers: analyzers}
	rng := rand.New(rand.NewSource(16))
	seps := []string{" ", " ", " ", "\n", ", ", ". ", "-", "—", "\u00a0", "(", ")", "’", "'", "«", "»", "\t"}
	recase := func(w string) string {
		switch rng.Intn(5) {
		case 0:
			return strings.ToUpper(w)
		case 1:
			r := []rune(w)
			r[0] = unicode.ToTitle(r[0])
			return string(r)
		case 2:
			r := []rune(w)
			for i := range r {
				if rng.Intn(2) == 0 {
					r[i] = unicode.ToUpper(r[i])
				}
			}
			return string(r)
		}
		return w
	}
	fast, total, found := 0, 0, 0
	texts := 3000
	if raceEnabled { // pure sequential code: a sample under -race
		texts = 300
	}
	for range texts {
		var text strings.Builder
		for range rng.Intn(200) {
			text.WriteString(recase(snippetWords[rng.Intn(len(snippetWords))]))
			text.WriteString(seps[rng.Intn(len(seps))])
		}
		switch rng.Intn(10) {
		case 0:
			text.WriteString("\xff\xe2\x84 tail")
		case 1:
			text.WriteString("İstanbul")
		case 2:
			text.WriteString("\u212aelvin")
		}
		var q []string
		for range 1 + rng.Intn(3) {
			w := recase(snippetWords[rng.Intn(len(snippetWords))])
			if rng.Intn(4) == 0 {
				w = string([]rune(w)[:1+rng.Intn(len([]rune(w)))]) + "*"
			}
			q = append(q, w)
		}
		if rng.Intn(10) == 0 {
			q = append(q, []string{"istanbul", "kelvin*"}[rng.Intn(2)])
		}
		ast, err := parseQuery(strings.Join(q, " "))
		if err != nil {
			continue
		}
		for _, an := range analyzers {
			a := ix.analyzerNamed(an)
			terms := b.highlightTerms(ast)
			got, gotAt := findMatches(text.String(), terms, a, false)
			want, wantAt := findMatches(text.String(), b.highlightTerms(ast), a, true)
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotAt, wantAt) {
				t.Fatalf("%s, query %q, text %q:\nbyte search %v %q\nfull scan   %v %q", an, q, text.String(), got, gotAt, want, wantAt)
			}
			var needles [][]byte
			for _, p := range terms.prefixes {
				needles = append(needles, []byte(p))
			}
			for tm := range terms.terms {
				needles = append(needles, []byte(head(tm)))
			}
			if _, ok := candidateWords(text.String(), needles); ok {
				fast++
			}
			total++
			found += len(want)
		}
	}
	// The comparison means something only where the byte search ran and
	// found words.
	if fast < total/4 || found < total {
		t.Fatalf("byte search ran on %d of %d, %d matches", fast, total, found)
	}
	t.Logf("byte search ran on %d of %d, %d matches", fast, total, found)
}

// The byte search's table of non-ASCII runes that lower-case to ASCII is
// complete.
func TestLowersToASCII(t *testing.T) {
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if unicode.ToLower(r) < utf8.RuneSelf && !slices.Contains(lowersToASCII, string(r)) {
			t.Errorf("%U lower-cases to ASCII %q", r, unicode.ToLower(r))
		}
	}
}

// BenchmarkFindMatches: the words of a query in a 90 KB text (a real
// page's p99) of random words with curly quotes and umlauts, by the byte
// search and by the full scan: "data privacy law" (ASCII heads) and
// élections (a head with two case forms).
func BenchmarkFindMatches(b *testing.B) {
	ix := openTest(b, "")
	if err := ix.useBleve(); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewSource(1))
	var text strings.Builder
	for text.Len() < 90<<10 {
		switch n := rng.Intn(100); {
		case n == 0:
			text.WriteString([]string{"data", "Privacy", "laws", "lawyer’s", "élection", "ÉLECTIONS"}[rng.Intn(6)])
		case n < 5:
			text.WriteString("“Quoted” it’s über")
		default:
			for range 1 + rng.Intn(9) {
				text.WriteByte(byte('a' + rng.Intn(26)))
			}
		}
		text.WriteString([]string{" ", " ", " ", ", ", ". ", "\n"}[rng.Intn(6)])
	}
	for _, q := range []struct{ query, lang string }{{`"data privacy law"`, "en"}, {"élections", "fr"}} {
		ast, err := parseQuery(q.query)
		if err != nil {
			b.Fatal(err)
		}
		bl := &builder{ix: ix, analyzers: []string{analyzerFor(q.lang)}}
		a := ix.analyzerNamed(analyzerFor(q.lang))
		for _, scanAll := range []bool{false, true} {
			b.Run(q.lang+"/"+map[bool]string{false: "byte-search", true: "full-scan"}[scanAll], func(b *testing.B) {
				terms := bl.highlightTerms(ast)
				b.SetBytes(int64(text.Len()))
				for b.Loop() {
					findMatches(text.String(), terms, a, scanAll)
				}
			})
		}
	}
}

// caseForms finds every rune lower-casing to a needle's rune by walking
// that rune's SimpleFold orbit: every rune and its lower case share one,
// but for İ (lowersToASCII: texts holding it are left to the word walk).
func TestLowerInFoldOrbit(t *testing.T) {
	for v := rune(0); v <= unicode.MaxRune; v++ {
		r := unicode.ToLower(v)
		if r == v || slices.Contains(lowersToASCII, string(v)) {
			continue
		}
		o := r
		for o = unicode.SimpleFold(o); o != r && o != v; o = unicode.SimpleFold(o) {
		}
		if o != v {
			t.Errorf("%U lower-cases to %U outside its fold orbit", v, r)
		}
	}
	if got := caseForms([]byte("mü")); len(got) != 2 || string(got[0]) != "mü" || string(got[1]) != "mÜ" {
		t.Errorf("caseForms(mü) = %q", got)
	}
}

// asciiLower lower-cases ASCII letters alone, eight bytes at a time and in
// the tail, and tells all-ASCII texts apart.
func TestASCIILower(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for range 2000 {
		b := make([]byte, rng.Intn(40))
		for i := range b {
			b[i] = byte(rng.Intn(256))
			if rng.Intn(2) == 0 {
				b[i] &= 0x7f
			}
		}
		want, ascii := make([]byte, len(b)), true
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			want[i], ascii = c, ascii && c < utf8.RuneSelf
		}
		got, gotASCII := asciiLower(make([]byte, len(b)), string(b))
		if string(got) != string(want) || gotASCII != ascii {
			t.Fatalf("asciiLower(%q) = %q, %v; want %q, %v", b, got, gotASCII, want, ascii)
		}
	}
}

// editGen makes the nearTexts tests' texts from snippetWords, and the
// spans their edits put in.
type editGen struct{ rng *rand.Rand }

var editSeps = []string{" ", " ", "\n", ", ", ". ", "-", "’", "'", "«", "\u00a0"}

func (g editGen) word() string {
	w := snippetWords[g.rng.Intn(len(snippetWords))]
	if g.rng.Intn(4) == 0 {
		w = strings.ToUpper(w)
	}
	return w
}

func (g editGen) piece(words int) string {
	var s strings.Builder
	for range words {
		s.WriteString(g.word())
		s.WriteString(editSeps[g.rng.Intn(len(editSeps))])
	}
	return s.String()
}

func (g editGen) insert() string {
	return []string{"", "x", "\n\nRevision 7.", g.piece(1 + g.rng.Intn(3)), "laws", "é", "\n"}[g.rng.Intn(7)]
}

// TestNearTextsMatchFindMatches: hits whose texts are edits of earlier
// hits' (spans replaced, inserted or cut, in a word or between two, line
// breaks among them, at the start, in the middle or at the end) get from
// nearTexts the matches findMatches finds in the whole text, while only
// the edited lines are searched.
func TestNearTextsMatchFindMatches(t *testing.T) {
	ix := openTest(t, "")
	if err := ix.useBleve(); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(18))
	g := editGen{rng}
	word, piece := g.word, g.piece
	edit := func(text string) string {
		at := 0
		switch rng.Intn(4) {
		case 0: // the start
		case 1: // the end
			at = len(text)
		default:
			at = rng.Intn(len(text) + 1)
		}
		for at < len(text) && !utf8.RuneStart(text[at]) {
			at++
		}
		cut := at + min(len(text)-at, rng.Intn(12))
		for cut < len(text) && !utf8.RuneStart(text[cut]) {
			cut++
		}
		return text[:at] + g.insert() + text[cut:]
	}
	searched, total, reused := 0, 0, 0
	requests := 150
	if raceEnabled {
		requests = 40
	}
	for range requests {
		lang := []string{"en", "fr", "de", "ru", stdLang}[rng.Intn(5)]
		an := analyzerFor(lang)
		a := ix.analyzerNamed(an)
		query := strings.Join([]string{word(), word()}, " ")
		ast, err := parseQuery(query)
		if err != nil {
			continue
		}
		b := &builder{ix: ix, analyzers: []string{an}}
		terms := b.highlightTerms(ast)
		var near nearTexts
		text := piece(300 + rng.Intn(600))
		for range 10 {
			if rng.Intn(8) == 0 {
				text = piece(300 + rng.Intn(600)) // another text
			} else {
				for range 1 + rng.Intn(3) {
					text = edit(text)
				}
			}
			got, gotAt := near.matches(text, an, func(s string) ([][2]int, []string) {
				searched += len(s)
				return findMatches(s, terms, a, false)
			})
			want, wantAt := findMatches(text, terms, a, true)
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotAt, wantAt) {
				t.Fatalf("%s, %q in %q:\n got %v %q\nwant %v %q", an, query, text, got, gotAt, want, wantAt)
			}
			total += len(text)
			reused += len(got)
		}
	}
	if reused == 0 {
		t.Fatal("no matches: the test checks nothing")
	}
	// Most texts are edits of the one before: most of their bytes are
	// not searched again.
	if searched > total/2 {
		t.Errorf("searched %d of %d bytes", searched, total)
	}
	t.Logf("searched %d of %d bytes", searched, total)
}

// BenchmarkNearTexts: a page of ten hits' matches through nearTexts, the
// texts all different (its bookkeeping is all it adds) or copies that
// differ in a line, against findMatches on each.
func BenchmarkNearTexts(b *testing.B) {
	ix := openTest(b, "")
	if err := ix.useBleve(); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewSource(1))
	text := func(size int) string {
		var s strings.Builder
		for s.Len() < size {
			s.WriteString(snippetWords[rng.Intn(len(snippetWords))])
			s.WriteString([]string{" ", " ", " ", ", ", ". ", ".\n\n"}[rng.Intn(6)])
		}
		return s.String()
	}
	ast, err := parseQuery(`"data privacy law"`)
	if err != nil {
		b.Fatal(err)
	}
	an := analyzerFor("en")
	a := ix.analyzerNamed(an)
	terms := (&builder{ix: ix, analyzers: []string{an}}).highlightTerms(ast)
	find := func(s string) ([][2]int, []string) { return findMatches(s, terms, a, false) }
	for _, size := range []int{4 << 10, 90 << 10} {
		var distinct, copies []string
		for k := range 10 {
			distinct = append(distinct, text(size))
			copies = append(copies, distinct[0]+fmt.Sprintf("\n\nRevision %d.", k))
		}
		for _, set := range []struct {
			name  string
			texts []string
		}{{"distinct", distinct}, {"copies", copies}} {
			b.Run(fmt.Sprintf("%s-%dKB/findMatches", set.name, size>>10), func(b *testing.B) {
				for b.Loop() {
					for _, t := range set.texts {
						find(t)
					}
				}
			})
			b.Run(fmt.Sprintf("%s-%dKB/nearTexts", set.name, size>>10), func(b *testing.B) {
				for b.Loop() {
					var near nearTexts
					for _, t := range set.texts {
						near.matches(t, an, find)
					}
				}
			})
		}
	}
}
