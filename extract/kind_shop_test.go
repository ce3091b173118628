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
