package extract

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestPhraseSet(t *testing.T) {
	lists := [][]string{chromeAnywhere, newsletterWords, signupWords, creditHints, sourceAnchors,
		{"a", "bc", "bcd", "é", "x"}, {"", "zz"}, {}, slices.Concat(creditPhrases, creditOpeners), {"abc", "bcabd", "cab"}}
	texts := []string{"", "a", "b", "bc", "xbcd", "all rights reserved", "© 2024 Tous droits réservés",
		"ébc", "\xc3", "sign up for our newsletter", "getty images / afp", "our newsletter in your inbox",
		"nothing to see here", "zz", "z", "abcabd", "xxcabxbcabd",
		"the mayor said on tuesday that the works would go on; this article was originally published by the local paper",
		"a long paragraph of ordinary prose, with no credit in it at all, that the skipping scan steps over pair by pair"}
	for _, l := range lists {
		p := newPhraseSet(l...)
		for _, s := range texts {
			for i := range len(s) + 1 {
				if got, want := p.any(s[i:]), containsAny(s[i:], l...); got != want {
					t.Errorf("%q: any(%q) = %v, want %v", l, s[i:], got, want)
				}
			}
		}
	}
}

func FuzzPhraseSet(f *testing.F) {
	f.Add("sign up for our newsletter", "newsletter|sign up|x")
	f.Add("abcabd", "abd||q")
	f.Fuzz(func(t *testing.T, s, list string) {
		l := strings.Split(list, "|")
		if got, want := newPhraseSet(l...).any(s), containsAny(s, l...); got != want {
			t.Fatalf("%q: any(%q) = %v, want %v", l, s, got, want)
		}
	})
}

func BenchmarkPhraseSet(b *testing.B) {
	texts := []string{"menu-item menu-item-type-taxonomy menu-item-12", "entry-meta", "post-date updated",
		"the quick brown fox jumps over the lazy dog and then some more words follow to make this a longer block of text, around two hundred bytes long, as short blocks are",
		"Share on Facebook"}
	p := newPhraseSet(chromeAnywhere...)
	d := newPhraseSet("date", "time", "publi", "posted", "datum", "fecha", "meta", "submitted", "info")
	b.Run("contains/anywhere", func(b *testing.B) {
		for b.Loop() {
			for _, s := range texts {
				containsAny(s, chromeAnywhere...)
			}
		}
	})
	b.Run("set/anywhere", func(b *testing.B) {
		for b.Loop() {
			for _, s := range texts {
				p.any(s)
			}
		}
	})
	b.Run("contains/dateline", func(b *testing.B) {
		for b.Loop() {
			for _, s := range texts[:3] {
				containsAny(s, "date", "time", "publi", "posted", "datum", "fecha", "meta", "submitted", "info")
			}
		}
	})
	b.Run("set/dateline", func(b *testing.B) {
		for b.Loop() {
			for _, s := range texts[:3] {
				d.any(s)
			}
		}
	})
}

func TestEachField(t *testing.T) {
	seps := []func(rune) bool{unicode.IsSpace, func(r rune) bool { return r == '|' || r == utf8.RuneError }, func(rune) bool { return true }}
	for _, s := range []string{"", " ", "a", " a b  c ", "English | Français|Deutsch", "\xffa\xff", "é\xc3 x", "||"} {
		for i, sep := range seps {
			var got []string
			eachField(s, sep, func(w string) { got = append(got, w) })
			if want := strings.FieldsFunc(s, sep); !slices.Equal(got, want) {
				t.Errorf("sep %d: eachField(%q) = %q, want %q", i, s, got, want)
			}
		}
	}
}

// visibleRunesRef is visibleRunes as first written, to check the table
// version against.
func visibleRunesRef(s string) (n, commas int) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f':
		case c < 0x80:
			n++
			if c == ',' {
				commas++
			}
		case c >= 0xC0:
			n++
			if i+1 < len(s) && ((c == 0xD8 && s[i+1] == 0x8C) || (c == 0xEF && s[i+1] == 0xBC)) {
				commas++
			}
		}
	}
	return n, commas
}

func FuzzVisibleRunes(f *testing.F) {
	for _, s := range []string{"", "a, b", "، ，x", "\xd8", "\xef\xbc", "\xd8\x8c\xef\xbc\x8c", " \t\n\r\f\v\u00a0é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, c := visibleRunes(s)
		wn, wc := visibleRunesRef(s)
		if n != wn || c != wc {
			t.Fatalf("visibleRunes(%q) = %d, %d, want %d, %d", s, n, c, wn, wc)
		}
	})
}

func BenchmarkVisibleRunes(b *testing.B) {
	s := strings.Repeat("The quick brown fox, jumps over the lazy dog. Überall éèà ", 20)
	b.Run("ref", func(b *testing.B) {
		for b.Loop() {
			visibleRunesRef(s)
		}
	})
	b.Run("table", func(b *testing.B) {
		for b.Loop() {
			visibleRunes(s)
		}
	})
}

func TestCountOver(t *testing.T) {
	long := strings.Repeat("the same words again ", 8)
	texts := []string{"", "a", "aaaa", "abcabc\x00abc", "xyz", long, long + "x" + long, strings.Repeat("a", 5000),
		strings.Repeat("a", 40) + "b" + strings.Repeat("a", 40)}
	subs := []string{"", "a", "aa", "abc", "q", long, long[:40], long[:40] + "x", strings.Repeat("a", 40), strings.Repeat("a", 40) + "b",
		strings.Repeat("a", 39) + "b" + strings.Repeat("a", 40)}
	for _, s := range texts {
		for _, sub := range subs {
			for n := 0; n < 6; n++ {
				if got, want := countOver(s, sub, n), strings.Count(s, sub) > n; got != want {
					t.Errorf("countOver(%q, %q, %d) = %v, want %v", s, sub, n, got, want)
				}
			}
		}
	}
}

func FuzzCountOver(f *testing.F) {
	f.Add("abcabcabc", "abc", 1)
	f.Add(strings.Repeat("ab", 100), strings.Repeat("ab", 20)+"c", 0)
	f.Fuzz(func(t *testing.T, s, sub string, n int) {
		if n < 0 || n > 100 {
			return
		}
		if got, want := countOver(s, sub, n), strings.Count(s, sub) > n; got != want {
			t.Fatalf("countOver(%q, %q, %d) = %v, want %v", s, sub, n, got, want)
		}
	})
}

func FuzzCountWords(f *testing.F) {
	f.Add("a b\tc\n\nd é\xff x\u00a0y")
	f.Fuzz(func(t *testing.T, s string) {
		n, in := 0, false
		for _, r := range s {
			sp := r == ' ' || r == '\n' || r == '\t' || r == '\r'
			if !sp && !in {
				n++
			}
			in = !sp
		}
		if got := countWords(s); got != n {
			t.Fatalf("countWords(%q) = %d, want %d", s, got, n)
		}
	})
}

func FuzzIndexLowerASCII(f *testing.F) {
	f.Add("Jane Doe | The Times", " | ")
	f.Add("BY JANE FOR THE", " for ")
	f.Add("aAaA", "aa")
	f.Fuzz(func(t *testing.T, s, sub string) {
		if !isASCII(s) {
			return
		}
		if got, want := indexLowerASCII(s, sub), strings.Index(strings.ToLower(s), sub); got != want {
			t.Fatalf("indexLowerASCII(%q, %q) = %d, want %d", s, sub, got, want)
		}
	})
}

// foldBlockRef is foldBlock as first written, to check the faster one.
func foldBlockRef(s string) string {
	b := make([]byte, 0, len(s))
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' || r == '\u00a0' || (r > 0x7f && unicode.IsSpace(r)) {
			space = len(b) > 0
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		if r < 0x80 {
			c := byte(r)
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			continue
		}
		b = utf8.AppendRune(b, unicode.ToLower(r))
	}
	return string(b)
}

func FuzzFoldBlock(f *testing.F) {
	for _, s := range []string{"", "  Hello,  World \n", "ÉTÉ\u00a0À\u2003Paris", "\xff\xfeA\x0bB", "ȺȾ ǅ", "a\tb\fc\rd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := foldBlock(s), foldBlockRef(s); got != want {
			t.Fatalf("foldBlock(%q) = %q, want %q", s, got, want)
		}
	})
}

func FuzzDigitRunsKey(f *testing.F) {
	f.Add("menu-item-1234 x9y 00")
	f.Fuzz(func(t *testing.T, s string) {
		var want []byte
		for i := 0; i < len(s); i++ {
			c := s[i]
			if isDigit(c) {
				if i > 0 && isDigit(s[i-1]) {
					continue
				}
				c = '0'
			}
			want = append(want, c)
		}
		if got := digitRunsKey(nil, s); string(got) != string(want) {
			t.Fatalf("digitRunsKey(%q) = %q, want %q", s, got, want)
		}
	})
}
