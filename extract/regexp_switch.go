package extract

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/archivist-org/archivist/internal/lazyre"
)

// firstByteRegexp matches like the regexp it was made from, faster. For a
// regexp anchored at the start of the text, ^(alt1|alt2|…)rest, it keeps
// one smaller regexp per first byte of the text holding only the
// alternatives that can begin with that byte; a text starting with a byte
// no alternative can begin with fails without running a regexp. The
// alternatives' possible first bytes are derived from their syntax trees
// (a superset: ranges are widened, case folds and invalid UTF-8 included,
// an alternative that can match the empty string is kept for every byte),
// so it cannot disagree with the whole regexp. Regexps of another shape
// are run whole.
//
// The smaller regexps are compiled on first use (compiling them all would
// cost every process tens of milliseconds at start).
type firstByteRegexp struct {
	expr  string
	once  sync.Once // splits expr, at the first match
	whole *regexp.Regexp
	// by[b] is the regexp for texts starting with b, once compiled;
	// lazy[b] says how to make it (nil: run the whole regexp; a pattern
	// with no alternative: never matches).
	by   [256]atomic.Pointer[regexp.Regexp]
	lazy [256]*lazyRegexp
	// wild are the literals that the alternatives able to begin with
	// almost any byte require (".{0,40}canal de …" requires "canal de
	// "). Those alternatives are in every byte's regexp and cost the most
	// to run (the engine tries every length of the lead); a text holding
	// none of the literals can't match them, and runs the plain regexp
	// for its first byte, made without them.
	wild      []string
	plainBy   [256]atomic.Pointer[regexp.Regexp]
	plainLazy [256]*lazyRegexp
}

// lazyRegexp is a regexp compiled on first use, shared by the first bytes
// that select the same alternatives.
type lazyRegexp struct {
	expr  string
	never bool // no alternative can match
	once  sync.Once
	re    *regexp.Regexp
}

func (l *lazyRegexp) get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.expr) })
	return l.re
}

// lazyCompile is regexp.MustCompile deferred to the first match: the
// package's regexps would otherwise be compiled by every process at start,
// even `archivist --help`. A bad expr panics at its first use (the tests
// run every one).
func lazyCompile(expr string) *lazyRegexp { return &lazyRegexp{expr: expr} }

// MatchString reports whether s contains a match of the regexp.
func (l *lazyRegexp) MatchString(s string) bool { return l.get().MatchString(s) }

// FindAllStringSubmatch is regexp.Regexp's.
func (l *lazyRegexp) FindAllStringSubmatch(s string, n int) [][]string {
	return l.get().FindAllStringSubmatch(s, n)
}

// FindString is regexp.Regexp's.
func (l *lazyRegexp) FindString(s string) string { return l.get().FindString(s) }

// FindStringIndex is regexp.Regexp.FindStringIndex.
func (l *lazyRegexp) FindStringIndex(s string) []int { return l.get().FindStringIndex(s) }

// FindIndex is regexp.Regexp's.
func (l *lazyRegexp) FindIndex(b []byte) []int { return l.get().FindIndex(b) }

// FindSubmatch is regexp.Regexp's.
func (l *lazyRegexp) FindSubmatch(b []byte) [][]byte { return l.get().FindSubmatch(b) }

// FindStringSubmatch is regexp.Regexp's.
func (l *lazyRegexp) FindStringSubmatch(s string) []string { return l.get().FindStringSubmatch(s) }

// ReplaceAllString is regexp.Regexp's.
func (l *lazyRegexp) ReplaceAllString(src, repl string) string {
	return l.get().ReplaceAllString(src, repl)
}

// String returns the source text of the regexp.
func (l *lazyRegexp) String() string { return l.expr }

// lazySplitFirstByte builds the switch for expr (see firstByteRegexp) at
// its first match (see lazyCompile).
func lazySplitFirstByte(expr string) *firstByteRegexp { return &firstByteRegexp{expr: expr} }

func (f *firstByteRegexp) ready() {
	f.once.Do(func() { f.split(regexp.MustCompile(f.expr)) })
}

// wholeRE is the regexp the switch was made from.
func (f *firstByteRegexp) wholeRE() *regexp.Regexp {
	f.ready()
	return f.whole
}

func (f *firstByteRegexp) split(re *regexp.Regexp) {
	f.whole = re
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil || tree.Op != syntax.OpConcat || len(tree.Sub) < 2 || tree.Sub[0].Op != syntax.OpBeginText {
		return
	}
	alt := tree.Sub[1]
	capture := alt.Op == syntax.OpCapture
	if capture {
		alt = alt.Sub[0]
	}
	if alt.Op != syntax.OpAlternate {
		return
	}
	firsts := make([]*[256]bool, len(alt.Sub))
	for i, a := range alt.Sub {
		var set [256]bool
		if firstBytes(a, &set) {
			for b := range set {
				set[b] = true // nullable: may match whatever follows
			}
		}
		firsts[i] = &set
	}
	isWild := make([]bool, len(alt.Sub))
	for i, a := range alt.Sub {
		n := 0
		for _, in := range firsts[i] {
			if in {
				n++
			}
		}
		if lit := requiredLiteral(a); n >= 128 && lit != "" {
			isWild[i] = true
			f.wild = append(f.wild, lit)
		}
	}
	shared := map[string]*lazyRegexp{}
	for b := range f.lazy {
		f.lazy[b] = splitPart(tree, alt, capture, firsts, nil, byte(b), shared)
		if len(f.wild) > 0 {
			f.plainLazy[b] = splitPart(tree, alt, capture, firsts, isWild, byte(b), shared)
		}
	}
}

// splitPart returns the regexp of the alternatives that can begin with
// byte b, less those skip marks (nil: the whole regexp); shared holds
// those made so far, by the alternatives they keep.
func splitPart(tree, alt *syntax.Regexp, capture bool, firsts []*[256]bool, skip []bool, b byte, shared map[string]*lazyRegexp) *lazyRegexp {
	var subs []*syntax.Regexp
	key := make([]byte, len(alt.Sub))
	for i, a := range alt.Sub {
		if firsts[i][b] && (skip == nil || !skip[i]) {
			subs = append(subs, a)
			key[i] = 1
		}
	}
	if len(subs) == len(alt.Sub) {
		return nil // all of them: the whole regexp
	}
	if l, ok := shared[string(key)]; ok {
		return l
	}
	l := &lazyRegexp{never: len(subs) == 0}
	if !l.never {
		var part *syntax.Regexp
		if len(subs) == 1 {
			part = subs[0]
		} else {
			part = &syntax.Regexp{Op: syntax.OpAlternate, Flags: alt.Flags, Sub: subs}
		}
		if capture {
			c := *tree.Sub[1]
			c.Sub = []*syntax.Regexp{part}
			part = &c
		}
		t := *tree
		t.Sub = append([]*syntax.Regexp{tree.Sub[0], part}, tree.Sub[2:]...)
		l.expr = t.String()
	}
	shared[string(key)] = l
	return l
}

// requiredLiteral returns a literal every match of re holds (the longest
// of its top-level concatenation), or "".
func requiredLiteral(re *syntax.Regexp) string {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	if re.Op != syntax.OpConcat {
		return ""
	}
	best := ""
	for _, s := range re.Sub {
		// Not a case-folded literal; nor one with U+FFFD, which the
		// engine also matches on invalid UTF-8.
		if s.Op == syntax.OpLiteral && s.Flags&syntax.FoldCase == 0 && len(s.Rune) > 1 && !slices.Contains(s.Rune, utf8.RuneError) &&
			len(string(s.Rune)) > len(best) {
			best = string(s.Rune)
		}
	}
	return best
}

// MatchString reports whether s contains a match of the regexp.
func (f *firstByteRegexp) MatchString(s string) bool {
	f.ready()
	if s == "" {
		return f.whole.MatchString(s)
	}
	by, lazy := &f.by, &f.lazy
	if len(f.wild) > 0 && !containsAny(s, f.wild...) {
		by, lazy = &f.plainBy, &f.plainLazy
	}
	r := f.regexpFor(by, lazy, s[0])
	return r != neverMatches() && r.MatchString(s)
}

// regexpFor returns the regexp for texts starting with b (neverMatches
// when none can match), from by (compiled) or lazy.
func (f *firstByteRegexp) regexpFor(by *[256]atomic.Pointer[regexp.Regexp], lazy *[256]*lazyRegexp, b byte) *regexp.Regexp {
	if r := by[b].Load(); r != nil {
		return r
	}
	l := lazy[b]
	var r *regexp.Regexp
	switch {
	case l == nil:
		r = f.whole
	case l.never:
		r = neverMatches()
	default:
		r = l.get()
	}
	by[b].Store(r)
	return r
}

// neverMatches matches no text; it marks a first byte no alternative can
// begin with, and is not run.
var neverMatches = lazyre.New(`[^\x00-\x{10FFFF}]`)

// String returns the source text of the whole regexp.
func (f *firstByteRegexp) String() string { return f.expr }

// firstBytes adds to set every byte a match of re can begin with (a
// superset) and reports whether re can match the empty string.
func firstBytes(re *syntax.Regexp, set *[256]bool) (nullable bool) {
	switch re.Op {
	case syntax.OpNoMatch:
		return false
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true // zero width
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return true
		}
		r := re.Rune[0]
		addRuneRange(set, r, r)
		if re.Flags&syntax.FoldCase != 0 {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				addRuneRange(set, f, f)
			}
		}
		return false
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			addRuneRange(set, re.Rune[i], re.Rune[i+1])
		}
		return false
	case syntax.OpCapture:
		return firstBytes(re.Sub[0], set)
	case syntax.OpStar, syntax.OpQuest:
		firstBytes(re.Sub[0], set)
		return true
	case syntax.OpPlus:
		return firstBytes(re.Sub[0], set)
	case syntax.OpRepeat:
		n := firstBytes(re.Sub[0], set)
		return n || re.Min == 0
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if !firstBytes(s, set) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if firstBytes(s, set) {
				nullable = true
			}
		}
		return nullable
	}
	// Any character, or an operator not handled above: anything.
	for b := range set {
		set[b] = true
	}
	return true
}

// addRuneRange adds the first bytes of the UTF-8 encodings of lo…hi. The
// first byte grows with the rune, so the bytes between those of lo and hi
// are a superset. A range holding U+FFFD also matches invalid UTF-8, which
// the regexp engine reads as U+FFFD: every non-ASCII byte is added.
func addRuneRange(set *[256]bool, lo, hi rune) {
	for b := leadByte(lo); b <= leadByte(hi); b++ {
		set[b] = true
	}
	if lo <= unicode.ReplacementChar && unicode.ReplacementChar <= hi {
		for b := 0x80; b < 0x100; b++ {
			set[b] = true
		}
	}
}

// leadByte is the first byte of r's UTF-8 encoding (runes past the Unicode
// range as the largest).
func leadByte(r rune) int {
	switch {
	case r < 0x80:
		return int(r)
	case r < 0x800:
		return 0xC0 | int(r>>6)
	case r < 0x10000:
		return 0xE0 | int(r>>12)
	case r <= unicode.MaxRune:
		return 0xF0 | int(r>>18)
	}
	return 0xFF
}
