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
	if j < len(s) && (s[j] == ' ' || s[j] == 0xa0) {
		j++
	}
	if j < len(s) && s[j] >= '0' && s[j] <= '9' {
		return true
	}
	// "12,99 €": a no-break space is two bytes in UTF-8 (C2 A0).
	k := start - 1
	if k >= 0 && s[k] == ' ' {
		k--
	} else if k >= 1 && s[k] == 0xa0 && s[k-1] == 0xc2 {
		k -= 2
	}
	return k >= 0 && s[k] >= '0' && s[k] <= '9'
}

// shopMarks counts a shop's controls and markup on element n: add-to-cart
// and quick-view controls, schema.org Product microdata, and pagers.
func (h *hubInfo) shopMarks(n *html.Node) {
	for _, a := range n.Attr {
		switch a.Key {
		case "class", "id":
			v := a.Val
			if containsFold(v, "pagination") || containsFold(v, "pager") || containsFold(v, "page-numbers") {
				h.pagination = true
			}
			if n.DataAtom == atom.Button || n.DataAtom == atom.A || n.DataAtom == atom.Form || n.DataAtom == atom.Input {
				if containsFold(v, "add-to-cart") || containsFold(v, "addtocart") ||
					containsFold(v, "add-to-bag") || containsFold(v, "quick-add") || containsFold(v, "quickadd") ||
					containsFold(v, "quick-view") || containsFold(v, "quickview") || containsFold(v, "quick-shop") {
					h.carts++
				}
			}
		case "itemtype":
			if strings.HasSuffix(a.Val, "schema.org/Product") {
				h.microProducts++
			}
		case "aria-label":
			if containsFold(a.Val, "pagination") {
				h.pagination = true
			}
		}
	}
}

// reCardDate is a date as teasers and event lists print it: 2025-03-14,
// 14.03.2025, 3/14/25, "14 March", "March 14", "Mar 14".
var reCardDate = lazyCompile(`(?i)\b(\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}\.? (jan|feb|m[aä]r|apr|ma[iy]|jun|jul|aug|sep|o[ck]t|nov|de[cz])[a-z]*|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b)`)

// cardMarks reports whether a card (a small subtree) shows a price, and
// whether it shows a date (a <time> element or a date in a short text).
func cardMarks(n *html.Node) (price, date bool) {
	stack := []*html.Node{n}
	for steps := 0; len(stack) > 0 && steps < 300 && !(price && date); steps++ {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.TextNode {
			if len(c.Data) < 120 {
				price = price || hasPrice(c.Data)
				date = date || reCardDate.MatchString(c.Data)
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
