package extract

import (
	"strings"
	"testing"
)

func TestCountsOver(t *testing.T) {
	long := strings.Repeat("the same words again ", 8)
	texts := []string{"", "a", "aaaa", "abcabc\x00abc", "xyz", long, long + "x" + long, strings.Repeat("a", 5000),
		strings.Repeat("a", 40) + "b" + strings.Repeat("a", 40), strings.Repeat("ab", 60) + "\x00" + strings.Repeat("ab", 20) + "c"}
	subs := []string{"", "a", "aa", "abc", "q", long, long[:40], long[:40] + "x", strings.Repeat("a", 40), strings.Repeat("a", 40) + "b",
		strings.Repeat("a", 39) + "b" + strings.Repeat("a", 40), strings.Repeat("a", 16), strings.Repeat("ab", 20), strings.Repeat("ab", 20) + "c"}
	for _, s := range texts {
		for n := 0; n < 6; n++ {
			checkCountsOver(t, s, subs, n, 6)
		}
	}
}

func FuzzCountsOver(f *testing.F) {
	f.Add("abcabcabc abcabcabcabcabcabc", "abc|abcabcabcabcabcabc|bcabcabcabcabcab", 1)
	f.Add(strings.Repeat("ab", 100), strings.Repeat("ab", 20)+"c|"+strings.Repeat("ba", 9), 0)
	f.Fuzz(func(t *testing.T, s, list string, n int) {
		if n < 0 || n > 100 {
			return
		}
		checkCountsOver(t, s, strings.Split(list, "|"), n, 4)
	})
}

// checkCountsOver compares countsOver(s, subs, limits) with strings.Count,
// the k-th limit being (n+k) % spread.
func checkCountsOver(t *testing.T, s string, subs []string, n, spread int) {
	t.Helper()
	limits := make([]int, len(subs))
	for k := range limits {
		limits[k] = (n + k) % spread
	}
	over := countsOver(s, subs, limits)
	for k, sub := range subs {
		if want := strings.Count(s, sub) > limits[k]; over[k] != want {
			t.Fatalf("countsOver(%q, %q, %d) = %v, want %v", s, sub, limits[k], over[k], want)
		}
	}
}
