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
