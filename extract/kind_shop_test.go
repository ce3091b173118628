package extract

import "testing"

func TestHasDate(t *testing.T) {
	for s, want := range map[string]bool{
		"2025-03-14":             true,
		"Posted 14.03.2025":      true,
		"3/14/25":                true,
		"14 March 2025":          true,
		"14. März 2025":          true,
		"March 14, 2025":         true,
		"Mar. 14":                true,
		"Monday 2 June 2025":     true,
		"Read more":              false,
		"Page 2 of 14":           false,
		"1234-5":                 false,
		"12.5 km":                false,
		"Room 3":                 false,
		"14":                     false,
		"Marketing":              false,
		"In 2025 the plan began": false,
	} {
		if got := hasDate(s); got != want {
			t.Errorf("hasDate(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestHasPrice(t *testing.T) {
	for s, want := range map[string]bool{
		"$12.99":       true,
		"From $ 80":    true,
		"12,99 €":      true,
		"12,99\u00a0€": true,
		"EUR 40":       true,
		"£5":           true,
		"Price":        false,
		"US$":          false,
		"EUROPE 2025":  false,
		"a $ sign":     false,
		"CHFX":         false,
	} {
		if got := hasPrice(s); got != want {
			t.Errorf("hasPrice(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestListControl(t *testing.T) {
	for s, want := range map[string]int{
		"Sort by":             ctlSort,
		" Sort : ":            ctlSort,
		"Sort by: Featured":   ctlSort,
		"Price: low to high":  ctlOrder,
		"(High to Low)":       ctlOrder,
		"Showing 1–24 of 312": ctlCount,
		"312 results":         ctlCount,
		"(1,204 Items)":       ctlCount,
		"Filter by":           ctlFilter,
		"Filters":             ctlFilter,
		"Sorting hat":         0,
		"3 things to know":    0,
		"Filter coffee":       0,
		"The results are in":  0,
		"":                    0,
	} {
		if got := listControl(s); got != want {
			t.Errorf("listControl(%q) = %d, want %d", s, got, want)
		}
	}
	if n := controlKinds(ctlSort | ctlCount); n != 2 {
		t.Errorf("controlKinds = %d, want 2", n)
	}
}

// TestJudgeKindCombinedEvidence replays the judgement on evidence shaped
// like the pages the combined rules are for, with and without the one
// signal each rule adds: alone the rest leaves the page an article.
func TestJudgeKindCombinedEvidence(t *testing.T) {
	for _, c := range []struct {
		name   string
		ev     kindEvidence
		change func(*kindEvidence) // removes the rule's evidence
	}{
		{"shop category drawn by script, with sort and order controls",
			kindEvidence{Path: "/category/desk-converters", HubPath: true, OGType: "website", Links: 12, Text: 1100,
				Paras: 40, Chars: 830, ListControls: 2},
			func(e *kindEvidence) { e.ListControls = 1 }},
		{"news section front whose excerpts read as prose",
			kindEvidence{Path: "/sections/science/", HubPath: true, OGType: "article", Teasers: 84, MainTeasers: 84,
				Links: 250, Text: 22000, LongParasPage: 11, Long: 5, Chars: 2900, Cards: 23, CardText: 15000,
				CardLink: 7000, CardGroup: 20, CardExcerpts: 23, CardDated: 23, CardImaged: 23, Paras: 17, Heads: 7},
			func(e *kindEvidence) { e.CardDated = 0 }},
		{"shop category whose tiles carry a cart each",
			kindEvidence{Path: "/luggage-carry-on-luggage/", ArticlePath: true, OGType: "website", Links: 190, Text: 18000,
				LongParasPage: 20, Long: 10, Chars: 4900, Cards: 11, CardText: 5000, CardGroup: 11, CardPriced: 11,
				CardExcerpts: 11, CardImaged: 11, Prices: 38, Carts: 11, Paras: 25, Heads: 12},
			func(e *kindEvidence) { e.Carts = 2 }},
		{"listing URL with a column of prices over no prose",
			kindEvidence{Path: "/category/multiplayer_coop/", HubPath: true, OGType: "article", Links: 400, Text: 9000,
				Long: 1, Chars: 240, Prices: 23, Paras: 1},
			func(e *kindEvidence) { e.Prices = 4 }},
	} {
		if k := judgeKind(&c.ev, kindOff); k != KindHub {
			var why []string
			kindScoreWhy(&c.ev, &why, kindOff)
			t.Errorf("%s: kind %s, want hub (%v)", c.name, k, why)
		}
		c.change(&c.ev)
		if k := judgeKind(&c.ev, kindOff); k != KindArticle {
			t.Errorf("%s, without the rule's evidence: kind %s, want article", c.name, k)
		}
	}
	// A buying guide: an article with a grid of priced tiles and one
	// "Sort by" label stays an article.
	guide := kindEvidence{Path: "/best-gps-watches", OGType: "article", Links: 250, Text: 50000, LongParasPage: 49,
		Long: 64, Chars: 42000, Cards: 59, CardText: 6000, CardGroup: 17, CardPriced: 25, Prices: 26, ListControls: 1,
		Paras: 800, Heads: 26}
	if k := judgeKind(&guide, kindOff); k != KindArticle {
		t.Errorf("buying guide: kind %s, want article", k)
	}
}
