package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// hasPrice reports whether s holds an amount of money: a currency sign or
// code next to a digit ("$12.99", "12,99 €", "EUR 40"). Callers pass short
// text nodes only: a price tag stands alone, while money in running prose
// ("a $5 billion plan") is not a shop's.
func hasPrice(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '$', '€', '£', '¥', '₹', '₽', '₩':
			if digitNear(s, i, i+size) {
				return true
			}
		case 'E', 'U', 'G', 'C':
			if i+3 <= len(s) {
				switch s[i : i+3] {
				case "EUR", "USD", "GBP", "CHF":
					if digitNear(s, i, i+3) {
						return true
					}
				}
			}
		}
		i += size
	}
	return false
}

// digitNear reports whether a digit sits right before s[start:end] or right
// after it, one space allowed.
func digitNear(s string, start, end int) bool {
	j := end
	if j < len(s) && s[j] == ' ' {
		j++
	} else if j+1 < len(s) && s[j] == 0xc2 && s[j+1] == 0xa0 {
		j += 2 // a no-break space
	}
	if j < len(s) && s[j] >= '0' && s[j] <= '9' {
		return true
	}
	k := start - 1
	if k >= 0 && s[k] == ' ' {
		k--
	} else if k >= 1 && s[k] == 0xa0 && s[k-1] == 0xc2 {
		k -= 2
	}
	return k >= 0 && s[k] >= '0' && s[k] <= '9'
}

// pagerWords mark a pager's class or id; cartWords an add-to-cart or
// quick-view control's.
var (
	pagerWords = newFoldSet("pagination", "pager", "page-numbers")
	cartWords  = newFoldSet("add-to-cart", "addtocart", "add-to-bag", "quick-add", "quickadd", "quick-view", "quickview", "quick-shop")
)

// shopMarks counts a shop's controls and markup on element n: add-to-cart
// and quick-view controls, schema.org Product microdata, and pagers.
func (h *hubInfo) shopMarks(n *html.Node) {
	for _, a := range n.Attr {
		switch a.Key {
		case "class", "id":
			v := a.Val
			if pagerWords.in(v) {
				h.pagination, h.pagerBlock = true, true
			}
			if n.DataAtom == atom.Button || n.DataAtom == atom.A || n.DataAtom == atom.Form || n.DataAtom == atom.Input {
				if cartWords.in(v) {
					h.carts++
				}
			}
		case "itemtype":
			if strings.HasSuffix(a.Val, "schema.org/Product") {
				h.microProducts++
			}
		case "aria-label":
			if containsFold(a.Val, "pagination") {
				h.pagination, h.pagerBlock = true, true
			}
		}
	}
}

// months are the first three letters of month names in English, German,
// French and Spanish that teasers and event lists print.
var months = [...]string{"jan", "feb", "mar", "mär", "apr", "may", "mai", "jun", "jul", "aug", "sep", "oct", "okt", "nov", "dec", "dez", "déc", "ene", "abr", "ago", "dic", "fév", "avr", "jui", "aoû"}

// hasDate reports whether s shows a date as teasers and event lists print
// it: 2025-03-14, 14.03.2025, 3/14/25, "14 March", "March 14", "Mar. 14".
// A hand-written scan: this runs on every short text of every card.
func hasDate(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if asciiDigit(c) && (i == 0 || !asciiDigit(s[i-1])) {
			j := i
			for j < len(s) && asciiDigit(s[j]) {
				j++
			}
			if dateAfterNumber(s, j, j-i) {
				return true
			}
			i = j - 1
			continue
		}
		if (i == 0 || !wordByte(s[i-1])) && isMonth(s[i:]) {
			// March 14, Mar. 14
			j := i + 3
			for j < len(s) && wordByte(s[j]) {
				j++
			}
			if j < len(s) && s[j] == '.' {
				j++
			}
			if j+1 < len(s) && s[j] == ' ' && asciiDigit(s[j+1]) {
				return true
			}
		}
	}
	return false
}

// dateAfterNumber reports whether the number of n digits ending at s[j]
// starts a date: 2025-03-14, 14.03.2025, 3/14/25, 14 March, 14. März.
func dateAfterNumber(s string, j, n int) bool {
	if j >= len(s) {
		return false
	}
	switch {
	case n == 4:
		return j+4 < len(s) && s[j] == '-' && asciiDigit(s[j+1]) && asciiDigit(s[j+2]) && s[j+3] == '-' && asciiDigit(s[j+4])
	case n > 2:
		return false
	case s[j] == ' ':
		return isMonth(s[j+1:])
	case s[j] == '.' || s[j] == '/':
		k := j + 1
		m := k
		for m < len(s) && asciiDigit(s[m]) {
			m++
		}
		if m-k >= 1 && m-k <= 2 && m+2 < len(s) && s[m] == s[j] && asciiDigit(s[m+1]) && asciiDigit(s[m+2]) {
			return true
		}
		return s[j] == '.' && k+1 < len(s) && s[k] == ' ' && isMonth(s[k+1:])
	}
	return false
}

func asciiDigit(c byte) bool { return c >= '0' && c <= '9' }
func wordByte(c byte) bool   { return c|0x20 >= 'a' && c|0x20 <= 'z' || c >= 0x80 }

// isMonth reports whether s starts with a month's first three letters.
func isMonth(s string) bool {
	if s == "" || !strings.ContainsRune("jfmasondeJFMASONDE", rune(s[0])) {
		return false
	}
	for _, m := range months {
		if len(s) >= len(m) && strings.EqualFold(s[:len(m)], m) {
			return true
		}
	}
	return false
}

// cardMarks reports whether a card (a small subtree) shows a price, and
// whether it shows a date (a <time> element or a date in a short text).
func cardMarks(n *html.Node) (price, date bool) {
	var buf [32]*html.Node // small subtrees: no allocation
	stack := append(buf[:0], n)
	for steps := 0; len(stack) > 0 && steps < 300 && !(price && date); steps++ {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.TextNode {
			if len(c.Data) < 120 {
				price = price || hasPrice(c.Data)
				date = date || hasDate(c.Data)
			}
			continue
		}
		if c.Type != html.ElementNode || ignoredTag(c.DataAtom) {
			continue
		}
		if c.DataAtom == atom.Time {
			date = true
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			stack = append(stack, k)
		}
	}
	return price, date
}

// Controls of a listing, read from its short texts: bits of listControl.
const (
	ctlSort   = 1 << iota // a "Sort by" label
	ctlOrder              // an ordering option: "Price: low to high"
	ctlCount              // a result count: "312 results", "Showing 1–24 of 312"
	ctlFilter             // a "Filter by" label
)

// sortLabels and filterLabels are the labels of a listing's controls, in
// English, German, French and Spanish, lower-cased; orderWords name an
// ordering option ("Price: low to high").
var (
	sortLabels   = [...]string{"sort", "sort by", "sortieren", "sortieren nach", "trier par", "ordenar por"}
	filterLabels = [...]string{"filter", "filters", "filter by", "refine", "refine by", "filtern", "filtre", "filtres", "filtrar"}
	orderWords   = [...]string{"low to high", "high to low", "lowest to highest", "highest to lowest", "low - high", "high - low"}
	countNouns   = [...]string{"results", "result", "items", "products", "ergebnisse", "artikel", "produkte", "résultats", "produits", "resultados"}
)

// listControl reports which of a listing's controls a short text is: a
// sort or filter label, an ordering option, a result count. One kind alone
// says little (an article may show "Filter" or "3 items"); a page showing
// two kinds lets its reader sort and narrow a list. It runs on every short
// text of the page: each test starts from a cheap look at the first byte
// or a common word.
func listControl(s string) int {
	s = strings.TrimSpace(s)
	if len(s) < 4 || len(s) > 60 {
		return 0
	}
	switch c := s[0] | 0x20; {
	case c == 's' || c == 't' || c == 'o':
		label := strings.TrimSpace(strings.TrimRight(s, ":"))
		for _, l := range sortLabels {
			if strings.EqualFold(label, l) {
				return ctlSort
			}
		}
		if len(s) > 8 && strings.EqualFold(s[:7], "sort by") && (s[7] == ' ' || s[7] == ':') {
			return ctlSort
		}
		if len(s) > 9 && strings.EqualFold(s[:8], "showing ") && asciiDigit(s[8]) {
			return ctlCount
		}
	case c == 'f' || c == 'r':
		label := strings.TrimSpace(strings.TrimRight(s, ":"))
		for _, l := range filterLabels {
			if strings.EqualFold(label, l) {
				return ctlFilter
			}
		}
	case asciiDigit(s[0]) || s[0] == '(':
		// "312 results", "(1,204 items)"
		c := strings.Trim(s, "() ")
		i := 0
		for i < len(c) && (asciiDigit(c[i]) || i > 0 && (c[i] == ',' || c[i] == '.')) {
			i++
		}
		if i > 0 && i < len(c) && c[i] == ' ' {
			noun := strings.TrimSpace(c[i+1:])
			for _, w := range countNouns {
				if strings.EqualFold(noun, w) {
					return ctlCount
				}
			}
		}
		if i > 0 {
			return 0
		}
		// An ordering option in brackets: "(High to Low)".
	}
	if containsFold(s, "high") {
		for _, w := range orderWords {
			if containsFold(s, w) {
				return ctlOrder
			}
		}
	} else if containsFold(s, "steigend") || containsFold(s, "croissant") {
		return ctlOrder // aufsteigend, absteigend, (dé)croissant
	}
	return 0
}

// controlKinds counts the kinds of controls in bits.
func controlKinds(bits int) int {
	n := 0
	for ; bits != 0; bits &= bits - 1 {
		n++
	}
	return n
}
