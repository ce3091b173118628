package score

import (
	"math"
	"os"
	"slices"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestTokens(t *testing.T) {
	got := Tokens("Le franc CFA, l'épreuve — 2024_03; naïve-test! العربية")
	want := []string{"Le", "franc", "CFA", "l", "épreuve", "2024_03", "naïve", "test", "العربية"}
	if !slices.Equal(got, want) {
		t.Errorf("Tokens = %q, want %q", got, want)
	}
}

func TestShinglesMultiset(t *testing.T) {
	m := Shingles("a b c d a b c d")
	if m["a b c d"] != 2 || m["b c d a"] != 1 || len(m) != 4 {
		t.Errorf("Shingles = %v", m)
	}
	if m := Shingles("one two"); m["one two"] != 1 || len(m) != 1 {
		t.Errorf("short text: %v", m)
	}
	if len(Shingles("  ,, ")) != 0 {
		t.Error("no tokens must give no shingles")
	}
}

func TestAEBPage(t *testing.T) {
	const want = "w1 w2 w3 w4 w5 w6 w7" // 4 shingles
	if p, r := AEBPage(want, want); !near(p, 1) || !near(r, 1) {
		t.Errorf("identical: %v %v", p, r)
	}
	if p, r := AEBPage("", ""); !near(p, 1) || !near(r, 1) {
		t.Errorf("both empty: %v %v", p, r)
	}
	if p, r := AEBPage("", want); !near(p, 1) || !near(r, 0) {
		// No output: no false positives (precision 1 by convention), recall 0.
		t.Errorf("empty output: %v %v", p, r)
	}
	// "w1 w2 w3 w4 w5 j1 j2 j3" has 5 shingles: w1-w4 and w2-w5 are true
	// (tp 2), the three reaching into j1..j3 are false (fp 3), and w3-w6,
	// w4-w7 are missed (fn 2).
	p, r := AEBPage("w1 w2 w3 w4 w5 j1 j2 j3", want)
	if !near(p, 2.0/5) || !near(r, 2.0/4) {
		t.Errorf("partial: p=%v r=%v, want 0.4 0.5", p, r)
	}
	// Duplicates count: repeating the text doubles fp, not tp.
	p, r = AEBPage(want+" "+want, want)
	if !(p < 0.5) || !near(r, 1) {
		t.Errorf("duplicated: p=%v r=%v", p, r)
	}
}

func TestAEBAverages(t *testing.T) {
	var a AEB
	a.Add("x y z w", "x y z w") // p=1 r=1
	if p, r := a.Add("", "a b c d e"); !near(p, 1) || !near(r, 0) {
		t.Errorf("Add returned the page's %v %v, want 1 0", p, r)
	}
	f, p, r := a.Result()
	if !near(p, 1) || !near(r, 0.5) || !near(f, F1(1, 0.5)) {
		t.Errorf("Result = %v %v %v", f, p, r)
	}
}

func TestTraf(t *testing.T) {
	var tr Traf
	const text = "The  quick brown\nfox jumps. Share this!"
	tr.Add(text, []string{"quick brown fox", "lazy dog"}, []string{"Share this!", "Cookies"})
	if tr != (Traf{TP: 1, FN: 1, FP: 1, TN: 1}) {
		t.Errorf("counts = %+v", tr)
	}
	if !Found(text, "brown fox") || Found(text, "lazy dog") {
		t.Error("Found")
	}
	f, p, r := tr.Result()
	if !near(p, 0.5) || !near(r, 0.5) || !near(f, 0.5) {
		t.Errorf("Result = %v %v %v", f, p, r)
	}
	if page := tr.Add(text, []string{"fox  jumps"}, nil); page != (Traf{TP: 1}) {
		t.Errorf("page counts = %+v", page)
	}
	if tr != (Traf{TP: 2, FN: 1, FP: 1, TN: 1}) {
		t.Errorf("counts after a second page = %+v", tr)
	}
}

func TestMetadata(t *testing.T) {
	if !TitleMatch("  Grain  Corridors\nAfter ", "grain corridors after") {
		t.Error("title folding")
	}
	if TitleMatch("Grain Corridors – Site", "Grain Corridors") {
		t.Error("suffix must not match")
	}
	for _, c := range []struct {
		got, want string
		ok        bool
	}{
		{"Amina Diallo; Peter Okafor", "Peter Okafor and Amina Diallo", true},
		{"Anna Weber und Jan Roth", "anna weber, jan roth", true},
		{"Claire Dubois et Jean Martin", "Claire Dubois & Jean Martin", true},
		{"Amina Diallo", "Amina Diallo, Peter Okafor", false},
		{"Alexandra Etienne", "Alexandra Etienne", true}, // "and"/"et" only as words
		{"", "Someone", false},
	} {
		if got := AuthorsMatch(c.got, c.want); got != c.ok {
			t.Errorf("AuthorsMatch(%q, %q) = %v (sets %q / %q)", c.got, c.want, got, AuthorSet(c.got), AuthorSet(c.want))
		}
	}
	if !DateMatch("2024-03-12T08:30:00Z", "2024-03-12") || DateMatch("2024-03", "2024-03-12") || DateMatch("", "2024-03-12") {
		t.Error("DateMatch")
	}
}

func TestAccuracy(t *testing.T) {
	var a Accuracy
	if a.Value() != 0 {
		t.Error("empty accuracy")
	}
	a.Add(true)
	a.Add(false)
	if !near(a.Value(), 0.5) {
		t.Errorf("Value = %v", a.Value())
	}
}

func TestWordPage(t *testing.T) {
	p, r := WordPage("The cat, the HAT", "the cat sat")
	// got bag: the×2 cat hat; want: the cat sat; tp = 1 (the) + 1 (cat) = 2.
	if !near(p, 2.0/4) || !near(r, 2.0/3) {
		t.Fatalf("p=%v r=%v", p, r)
	}
	if p, r := WordPage("", ""); p != 1 || r != 1 {
		t.Fatalf("empty/empty: %v %v", p, r)
	}
	if p, r := WordPage("", "x"); p != 0 || r != 0 {
		t.Fatalf("empty got: %v %v", p, r)
	}
	var w Words
	w.Add("a b", "a b")
	w.Add("a", "b")
	if f, _, _ := w.Result(); !near(f, 0.5) {
		t.Fatalf("mean F1 = %v, want 0.5", f)
	}
}

func TestLoadCorpora(t *testing.T) {
	if _, err := os.Stat("../../../shared/corpus/wcxb/types.json"); err != nil {
		t.Skip("corpus absent")
	}
	w, err := LoadWCXB("../../../shared/corpus/wcxb", 0)
	if err != nil || len(w) < 1000 || w[0].MainContent == "" || w[0].Type == "" {
		t.Fatalf("wcxb: %d pages, %v", len(w), err)
	}
	d, err := LoadDates("../../../shared/corpus/dates", 0)
	if err != nil || len(d) < 100 || len(d[0].Date) != 10 {
		t.Fatalf("dates: %d pages, %v", len(d), err)
	}
}
