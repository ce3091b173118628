package extract

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// switchedRegexps are the regexps run through splitFirstByte.
func switchedRegexps() map[string]*firstByteRegexp {
	return map[string]*firstByteRegexp{
		"reChromeBlock":  reChromeBlock,
		"reChromePrefix": reChromePrefix,
		"reLongChrome":   reLongChrome,
		"reEndMarker":    reEndMarker,
	}
}

// equivalencePages are the pages the equivalence tests of rewritten rules
// run over: the golden pages and the corpora (a sample under -short and
// -race).
func equivalencePages(t *testing.T) [][]byte {
	var pages [][]byte
	dirs, _ := filepath.Glob(filepath.Join("testdata", "*", "source.html"))
	for _, p := range dirs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, b)
	}
	for _, sub := range []string{"aeb/html", "traf/html"} {
		files, _ := filepath.Glob(filepath.Join(corpusDir, sub, "*.html.gz"))
		for i, f := range files {
			if (testing.Short() || raceEnabled) && i >= 20 {
				break
			}
			pages = append(pages, readGz(t, f))
		}
	}
	return pages
}

// switchInputs are texts to compare a split regexp with the whole one on:
// the text between tags of the golden pages and corpus pages (lower-cased,
// as the rules see them), cut like the rules cut them, and each with its
// first byte changed.
func switchInputs(t *testing.T) []string {
	pages := equivalencePages(t)
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, p := range pages {
		for _, seg := range strings.Split(string(p), "<") {
			if i := strings.IndexByte(seg, '>'); i >= 0 {
				seg = seg[i+1:]
			}
			seg = strings.ToLower(strings.TrimSpace(seg))
			if seg == "" || len(seg) > 2000 {
				continue
			}
			for _, n := range []int{60, 80, 120, 400} {
				if len(seg) > n {
					add(seg[:n])
				}
			}
			add(seg)
			for _, b := range []byte{' ', '(', '-', '\xc3', '\xff', 'x'} {
				add(string(b) + seg[1:])
			}
		}
	}
	add("")
	return out
}

func TestFirstByteRegexpAgrees(t *testing.T) {
	inputs := switchInputs(t)
	for name, f := range switchedRegexps() {
		whole := regexp.MustCompile(f.String())
		matches := 0
		for _, s := range inputs {
			want := whole.MatchString(s)
			if got := f.MatchString(s); got != want {
				t.Errorf("%s.MatchString(%q) = %v, the whole regexp says %v", name, s, got, want)
			}
			if want {
				matches++
			}
		}
		t.Logf("%s: %d inputs, %d matches", name, len(inputs), matches)
	}
}

func TestFirstBytes(t *testing.T) {
	for _, c := range []struct {
		re      string
		matches []string // each must still match through the switch
		fails   []string // and these not
	}{
		{`^(a|b+c|d?e|(?i:é)|\d{0,2}f|.{0,3}g|x\b|$)`, []string{"a", "bc", "e", "de", "É", "é", "f", "12f", "zzg", "x", "", "\xffg"}, []string{"y"}},
		{`^(\(?visited|[^a-z]q|\s+r)`, []string{"visited", "(visited", "\xffq", "\x80q", "éq", " r"}, []string{"vis", "aq"}},
		{`^(foo|bar)\s*:?\s*$`, []string{"foo", "bar :"}, []string{"baz", "fo"}},
		// A lead that any byte begins: run only on texts holding "zz q".
		{`^(a|.{0,5}zz q(x|y)|b)`, []string{"a", "zz qx", "12345zz qy", "éézz qx", "\xffzz qy"}, []string{"123456zz qx", "zz q", "c", "1\nzz qx"}},
	} {
		f := lazySplitFirstByte(c.re)
		if f.ready(); strings.Contains(c.re, ".{0,5}zz q") && !slices.Equal(f.wild, []string{"zz q"}) {
			t.Errorf("%s: wild literals %q, want [\"zz q\"]", c.re, f.wild)
		}
		for _, s := range c.matches {
			if !f.MatchString(s) {
				t.Errorf("%s: %q does not match", c.re, s)
			}
		}
		for _, s := range c.fails {
			if f.MatchString(s) {
				t.Errorf("%s: %q matches", c.re, s)
			}
		}
	}
}

func FuzzFirstByteRegexp(f *testing.F) {
	f.Add("share this article")
	f.Add("(visited 12 times")
	f.Add("© 2024 all rights reserved")
	f.Fuzz(func(t *testing.T, s string) {
		for name, r := range switchedRegexps() {
			if got, want := r.MatchString(s), r.wholeRE().MatchString(s); got != want {
				t.Fatalf("%s.MatchString(%q) = %v, the whole regexp says %v", name, s, got, want)
			}
		}
	})
}
