package search

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/archivist-org/archivist/archive"
)

// Aggregator chrome added around republished text.
var chromeHead = []string{
	"Home | World | Politics | Business | Tech | Opinion | Subscribe",
	"Menu Search Sign in Latest news Most read",
	"You are here: News › International › Analysis",
}
var chromeTail = []string{
	"Share this article: Facebook Twitter LinkedIn Email Print",
	"Sign up for our daily newsletter and get the top stories in your inbox every morning.",
	"Related: Ten things to know this week · Markets close higher · Weather warning for the weekend",
	"© 2025 Daily Aggregator Media Group. All rights reserved. Terms of use. Privacy policy. Cookie settings.",
	"Comments are closed. Read our community guidelines before posting.",
}

// republish makes a near-copy of text: chrome added, some paragraphs
// dropped, the rest partly reordered.
func republish(rng *rand.Rand, text, source string) string {
	paras := strings.Split(text, "\n\n")
	var kept []string
	for _, p := range paras {
		if rng.Float64() < 0.2 && len(paras) > 3 { // drop ~20%
			continue
		}
		kept = append(kept, p)
	}
	if len(kept) == 0 {
		kept = paras
	}
	// Reorder: swap a few neighbours and move one paragraph.
	for i := 0; i < len(kept)/3; i++ {
		j := rng.IntN(len(kept))
		k := rng.IntN(len(kept))
		kept[j], kept[k] = kept[k], kept[j]
	}
	var out []string
	out = append(out, chromeHead[rng.IntN(len(chromeHead))])
	if rng.IntN(2) == 0 {
		out = append(out, "Originally published at "+source)
	}
	out = append(out, kept...)
	for _, c := range chromeTail {
		if rng.IntN(3) > 0 {
			out = append(out, c)
		}
	}
	return strings.Join(out, "\n\n")
}

func TestCopiesPrecisionRecall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an index of the corpus and its copies")
	}
	pages := loadCorpus(t)
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("ARCHIVIST_TEST_SEED"); s != "" { // replays a logged seed
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	t.Logf("seed %d", seed)
	m := &memArchive{}
	truth := map[string]string{} // url -> group (original url)
	originals := 0
	for _, p := range pages {
		a := *p.Art
		r := m.add(a.URL, a.Title, a.Text, func(r *archive.Record) { r.Article = a })
		if originals >= 120 || len(strings.Fields(a.Text)) < 150 || strings.Count(a.Text, "\n\n") < 3 {
			continue
		}
		originals++
		truth[r.URL] = r.URL
		for c := 0; c < 1+rng.IntN(3); c++ {
			u := fmt.Sprintf("https://aggregator%d.example/%d/%s", c, originals, strings.ReplaceAll(a.Title, " ", "-"))
			src := ""
			if rng.IntN(2) == 0 {
				src = r.URL
			}
			text := republish(rng, a.Text, r.URL)
			m.add(u, a.Title, text, func(cr *archive.Record) {
				cr.SourceURL = src
				cr.Published = "2030-01-01" // copies come later
			})
			// A copy whose dropped paragraphs left it too short for a
			// fingerprint (a one-paragraph body) cannot be found, by design.
			if _, n := fingerprint(text); n >= MinShingles {
				truth[u] = r.URL
			}
		}
	}
	ix := openTest(t, "")
	ix.opts.BatchSize = 500
	mustSync(t, ix, m)

	// Copies, one page at a time, for every original and copy.
	var tp, fp, fn, wrongOrig int
	for u, group := range truth {
		got, err := ix.Copies(context.Background(), u)
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		found := map[string]bool{}
		for _, c := range got {
			if c.Self {
				continue
			}
			found[c.URL] = true
			if truth[c.URL] == group {
				tp++
			} else {
				fp++
				t.Logf("false copy: %s ~ %s (j %.2f shared %.2f)", u, c.URL, c.Similarity, c.Shared)
			}
		}
		for v, g := range truth {
			if g == group && v != u && !found[v] {
				fn++
				if fn < 15 {
					c, _ := ix.loadSigs()
					j, sh := similarity(c.byURL[u], c.byURL[v])
					t.Logf("missed: %s ~ %s (j %.2f shared %.2f, n %d/%d)", u, v, j, sh, c.byURL[u].n, c.byURL[v].n)
				}
			}
		}
		if len(got) > 1 && got[0].URL != group && (found[group] || u == group) {
			wrongOrig++
		}
	}
	precision := float64(tp) / float64(max(tp+fp, 1))
	recall := float64(tp) / float64(max(tp+fn, 1))
	t.Logf("copies: %d originals, %d pages, %d distractors; precision %.3f recall %.3f; wrong original %d",
		originals, len(m.recs), len(m.recs)-len(truth), precision, recall, wrongOrig)
	if precision < 0.95 || recall < 0.95 {
		t.Errorf("precision %.3f recall %.3f, want >= 0.95 (seed %d)", precision, recall, seed)
	}
	if wrongOrig > 0 {
		t.Errorf("%d groups headed by a copy", wrongOrig)
	}

	// The same with the bulk LSH pass.
	links, err := ix.CopyLinks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tp, fp, fn = 0, 0, 0
	for u, group := range truth {
		l := links[u]
		if u == group {
			got := map[string]bool{}
			for _, c := range l.Copies {
				got[c] = true
				if truth[c] == group {
					tp++
				} else {
					fp++
				}
			}
			for v, g := range truth {
				if g == group && v != u && !got[v] {
					fn++
				}
			}
		} else if l.CopyOf != group {
			t.Logf("%s: copy_of %q, want %q", u, l.CopyOf, group)
		}
	}
	precision = float64(tp) / float64(max(tp+fp, 1))
	recall = float64(tp) / float64(max(tp+fn, 1))
	t.Logf("copy links (LSH): precision %.3f recall %.3f", precision, recall)
	if precision < 0.95 || recall < 0.95 {
		t.Errorf("links: precision %.3f recall %.3f, want >= 0.95 (seed %d)", precision, recall, seed)
	}
}

func TestCopiesOfAndEdits(t *testing.T) {
	m := &memArchive{}
	text := strings.Repeat("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu.\n\n", 1) +
		"The committee published its final report on water management in the delta region on Monday.\n\n" +
		"It recommends new dykes, a ban on sand mining and compensation for farmers who lose land.\n\n" +
		"Critics say the plan ignores the upstream dams that have cut the flow of sediment for decades."
	m.add("https://orig.example/report", "Report", text, func(r *archive.Record) { r.Published = "2024-01-01" })
	m.add("https://copy.example/report", "Report", "Menu\n\n"+text+"\n\nShare", func(r *archive.Record) {
		r.Published = "2023-12-31" // dated earlier, but it names its source
		r.SourceURL = "https://orig.example/report"
	})
	m.add("https://other.example/x", "Other", "Completely different words about football, the league table and a late goal that decided the derby in extra time.", nil)
	ix := openTest(t, "")
	mustSync(t, ix, m)
	copyOf, copies, err := ix.CopiesOf(context.Background(), "https://copy.example/report")
	if err != nil || copyOf != "https://orig.example/report" || copies != nil {
		t.Errorf("copy: %q %v %v", copyOf, copies, err)
	}
	copyOf, copies, err = ix.CopiesOf(context.Background(), "https://orig.example/report")
	if err != nil || copyOf != "" || len(copies) != 1 || copies[0] != "https://copy.example/report" {
		t.Errorf("original: %q %v %v", copyOf, copies, err)
	}
	if _, err := ix.Copies(context.Background(), "https://nowhere.example/"); err == nil {
		t.Error("unknown page: no error")
	}
	// The copy is rewritten: no longer a copy (the cache follows).
	m.add("https://copy.example/report", "Report", "An entirely new text about the harvest festival, with music, food stalls and a parade through the old town on Sunday afternoon.", nil)
	mustSync(t, ix, m)
	_, copies, _ = ix.CopiesOf(context.Background(), "https://orig.example/report")
	if len(copies) != 0 {
		t.Errorf("after edit: %v", copies)
	}
	links, err := ix.CopyLinks(context.Background())
	if err != nil || len(links) != 0 {
		t.Errorf("links after edit: %v %v", links, err)
	}
	_ = sort.Strings
}

func TestOddRecords(t *testing.T) {
	m := &memArchive{}
	m.add("https://odd.example/empty", "", "", nil)
	m.add("https://odd.example/bad-utf8", "\xff\xfe title", "text \xff\xfe\xfd with bad bytes\n\nand more \xc3", nil)
	m.add("https://odd.example/long", "Long", strings.Repeat("word ", 200000), nil)
	m.add("https://odd.example/ar", "عنوان", "قالت الحكومة إنها لن ترفع الضرائب على الطبقة الوسطى هذا العام", func(r *archive.Record) {
		r.Language = "ar"
		r.Published = "not a date"
	})
	m.add("https://odd.example/frag#x", "Frag", "A page whose URL has a fragment and a #v in it.", nil)
	ix := openTest(t, "")
	mustSync(t, ix, m)
	for _, q := range []string{"word", "الضرائب", "fragment", "bad bytes", `"with bad bytes"`, "title"} {
		res := search(t, ix, m, Request{Query: q})
		if res.Total == 0 {
			t.Errorf("%q: no hits", q)
		}
	}
	if _, err := ix.Copies(context.Background(), "https://odd.example/empty"); !errors.Is(err, ErrNotIndexed) {
		t.Errorf("empty page copies: %v", err)
	}
}

// TestCopiesBySourceURL: a copy too different in text to be found by its
// shingles (an excerpt with its own lead) is still linked to the original
// its source_url names, with the URL written differently (http, www, a
// trailing slash).
func TestCopiesBySourceURL(t *testing.T) {
	m := &memArchive{}
	m.add("https://www.think.example/analysis/water/", "Water", "The committee published its final report on water management in the delta region on Monday. It recommends new dykes, a ban on sand mining and compensation for farmers who lose land. Critics say the plan ignores the upstream dams.", nil)
	m.add("https://agg.example/2024/water-excerpt", "Water (excerpt)", "Our editors picked this analysis of the harvest season, the football league and the price of fuel for readers in the north.", func(r *archive.Record) {
		r.SourceURL = "http://think.example/analysis/water"
	})
	m.add("https://other.example/x", "Other", "Completely different words about football, the league table and a late goal that decided the derby in extra time.", nil)
	ix := openTest(t, "")
	mustSync(t, ix, m)
	copyOf, _, err := ix.CopiesOf(context.Background(), "https://agg.example/2024/water-excerpt")
	if err != nil || copyOf != "https://www.think.example/analysis/water/" {
		t.Errorf("copy: copy_of %q, %v", copyOf, err)
	}
	_, copies, err := ix.CopiesOf(context.Background(), "https://www.think.example/analysis/water/")
	if err != nil || len(copies) != 1 || copies[0] != "https://agg.example/2024/water-excerpt" {
		t.Errorf("original: copies %v, %v", copies, err)
	}
	links, err := ix.CopyLinks(context.Background())
	if err != nil || links["https://agg.example/2024/water-excerpt"].CopyOf != "https://www.think.example/analysis/water/" {
		t.Errorf("CopyLinks: %v %v", links, err)
	}
	if _, ok := links["https://other.example/x"]; ok {
		t.Errorf("unrelated page linked: %v", links)
	}
}
