package extract

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestFoldSetIsContainsFold checks foldSet.in against containsFold word
// by word on class-like strings.
func TestFoldSetIsContainsFold(t *testing.T) {
	sets := [][]string{
		{"menu", "nav", "footer"},
		{"pagination", "pager", "page-numbers"},
		{"add-to-cart", "addtocart", "quick-add", "quick-view"},
	}
	pieces := []string{"", " ", "-", "_", "\r", "Menu", "NAV", "na", "foot", "FOOTER", "page", "Pager", "-numbers",
		"add", "-to-", "CART", "quick", "view", "main", "é", "x"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		s := ""
		for range r.IntN(8) {
			s += pieces[r.IntN(len(pieces))]
		}
		for _, words := range sets {
			want := false
			for _, w := range words {
				want = want || containsFold(s, w)
			}
			if got := newFoldSet(words...).in(s); got != want {
				t.Fatalf("foldSet%q.in(%q) = %v, containsFold says %v", words, s, got, want)
			}
		}
	}
}

// TestFoldSpaceIsFields checks foldSpace against its definition, the
// fields of s joined by one space.
func TestFoldSpaceIsFields(t *testing.T) {
	pieces := []string{"", " ", "  ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\u3000", "\u200b", "a", "Bc", "é", "\xff", "\xe2\x80", "x y", " z "}
	r := rand.New(rand.NewPCG(3, 4))
	for range 50000 {
		s := ""
		for range r.IntN(7) {
			s += pieces[r.IntN(len(pieces))]
		}
		want := strings.Join(strings.FieldsFunc(s, isSpaceRune), " ")
		if got := foldSpace(s); got != want {
			t.Fatalf("foldSpace(%q) = %q, want %q", s, got, want)
		}
	}
}
