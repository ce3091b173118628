package score

import (
	"slices"
	"strings"
	"unicode"
)

// Tokens splits s into \w+ runs: Unicode letters, digits and underscore.
func Tokens(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_'
		switch {
		case w && start < 0:
			start = i
		case !w && start >= 0:
			out = append(out, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// Shingles counts the 4-token windows of s. A text of 1-3 tokens is one
// shingle of all of them, so very short texts still count.
func Shingles(s string) map[string]int {
	toks := Tokens(s)
	m := map[string]int{}
	if len(toks) < 4 {
		if len(toks) > 0 {
			m[strings.Join(toks, " ")]++
		}
		return m
	}
	for i := 0; i+4 <= len(toks); i++ {
		m[strings.Join(toks[i:i+4], " ")]++
	}
	return m
}

// AEBPage returns one page's precision and recall by the aeb rules. Two
// empty texts score 1, 1.
func AEBPage(got, want string) (precision, recall float64) {
	g, w := Shingles(got), Shingles(want)
	var tp, fp, fn float64
	for k, gc := range g {
		wc := w[k]
		tp += float64(min(gc, wc))
		fp += float64(max(0, gc-wc))
	}
	for k, wc := range w {
		fn += float64(max(0, wc-g[k]))
	}
	sum := tp + fp + fn
	if sum == 0 {
		return 1, 1
	}
	tp, fp, fn = tp/sum, fp/sum, fn/sum
	precision, recall = 1, 1
	if tp+fp > 0 {
		precision = tp / (tp + fp)
	}
	if tp+fn > 0 {
		recall = tp / (tp + fn)
	}
	return precision, recall
}

// F1 is the harmonic mean of p and r (0 when both are 0).
func F1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// AEB accumulates pages for the aeb metric.
type AEB struct {
	sumP, sumR float64
	n          int
}

// Add scores one page and returns its precision and recall (AEBPage).
func (a *AEB) Add(got, want string) (precision, recall float64) {
	precision, recall = AEBPage(got, want)
	a.sumP += precision
	a.sumR += recall
	a.n++
	return precision, recall
}

// Result returns the averaged precision and recall and their F1.
func (a *AEB) Result() (f1, precision, recall float64) {
	if a.n == 0 {
		return 0, 0, 0
	}
	precision, recall = a.sumP/float64(a.n), a.sumR/float64(a.n)
	return F1(precision, recall), precision, recall
}

// FoldSpace collapses white space runs to one space and trims.
func FoldSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// Traf accumulates snippet counts for the traf metric.
type Traf struct{ TP, FP, FN, TN int }

// Found reports whether snippet occurs in text, white space folded in both:
// the traf rule for one snippet.
func Found(text, snippet string) bool {
	return strings.Contains(FoldSpace(text), FoldSpace(snippet))
}

// Add scores one page's text against its with/without snippets, adds the
// counts and returns the page's own.
func (t *Traf) Add(got string, with, without []string) (page Traf) {
	got = FoldSpace(got)
	for _, s := range with {
		if strings.Contains(got, FoldSpace(s)) {
			page.TP++
		} else {
			page.FN++
		}
	}
	for _, s := range without {
		if strings.Contains(got, FoldSpace(s)) {
			page.FP++
		} else {
			page.TN++
		}
	}
	t.TP, t.FP, t.FN, t.TN = t.TP+page.TP, t.FP+page.FP, t.FN+page.FN, t.TN+page.TN
	return page
}

// Result returns F1, precision and recall of the summed counts.
func (t *Traf) Result() (f1, precision, recall float64) {
	if t.TP+t.FP > 0 {
		precision = float64(t.TP) / float64(t.TP+t.FP)
	}
	if t.TP+t.FN > 0 {
		recall = float64(t.TP) / float64(t.TP+t.FN)
	}
	return F1(precision, recall), precision, recall
}

// FoldMeta folds case and white space, the metadata comparison rule.
func FoldMeta(s string) string { return strings.ToLower(FoldSpace(s)) }

// TitleMatch reports whether got equals want after folding.
func TitleMatch(got, want string) bool { return FoldMeta(got) == FoldMeta(want) }

// AuthorSet splits a list of names on ; , & and the words and/und/et,
// folds each name and returns the sorted set.
func AuthorSet(s string) []string {
	s = " " + FoldMeta(s) + " "
	s = strings.NewReplacer(";", ",", "&", ",", " and ", " , ", " und ", " , ", " et ", " , ").Replace(s)
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = FoldSpace(p); p != "" {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// AuthorsMatch compares two author lists (each a string, names joined by
// any of the separators) as sets.
func AuthorsMatch(got, want string) bool {
	return slices.Equal(AuthorSet(got), AuthorSet(want))
}

// DateMatch compares the YYYY-MM-DD prefixes of two ISO 8601 dates; an
// empty or shorter got never matches.
func DateMatch(got, want string) bool {
	if len(got) < 10 || len(want) < 10 {
		return false
	}
	return got[:10] == want[:10]
}

// Accuracy counts correct answers over the pages annotated with a field.
type Accuracy struct{ OK, N int }

// Add records one annotated page.
func (a *Accuracy) Add(ok bool) {
	a.N++
	if ok {
		a.OK++
	}
}

// Value is OK/N, 0 with no annotated pages.
func (a Accuracy) Value() float64 {
	if a.N == 0 {
		return 0
	}
	return float64(a.OK) / float64(a.N)
}
