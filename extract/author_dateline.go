package extract

import (
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// datelineNames reads the name in the short line around the date shown
// just below the title (a date with no byline label, class or link):
// "Jane Doe | Senior Writer | July 2, 2025", "Dec 26, 2025 • Jane Doe in
// Marketing", "06.11.2023 13:30 von Jane", or in an element of its own
// right before that line. It is a person's full name (two or three
// capitalised words, no role or organisation; one word only after a
// label), as a lone word there is as often the section ("Essay ·
// 25.10.2022"); a line naming two is not read.
func datelineNames(s *pageScan, anchor int, title string) []string {
	title = foldText(title)
	if anchor < 0 {
		return nil
	}
	for _, t := range s.textDates {
		if t.at == nil || t.ctx&ctxChrome != 0 || t.upd || t.pos <= anchor {
			continue
		}
		if t.pos > anchor+nearTitle {
			break
		}
		if findTextDate(t.text, false) == "" {
			continue // digits of something else ("Model 520, 104 links")
		}
		// The line is the text node when it holds more than the date,
		// else the smallest element around it that does, short of one
		// holding a heading (the title itself).
		line, blk := foldSpace(t.text), t.at.Parent
		if onlyDate(line) {
			for up := 0; blk != nil && up < 3 && !holdsHeading(blk); blk, up = blk.Parent, up+1 {
				if line = nodeText(blk, 160); !onlyDate(line) {
					break
				}
			}
		}
		if len(line) > 120 || onlyDate(line) || blk == nil {
			continue
		}
		name, ok := nameInDateline(line, title, offsiteLinkTexts(blk, s.base))
		if name != "" || !ok {
			return nameList(name)
		}
		// The name in an element of its own right before the dateline's
		// block (or the block's first ancestor with an element before it).
		for n, up := blk, 0; n != nil && up < 3; n, up = n.Parent, up+1 {
			prev := elementBefore(n)
			if prev == nil {
				continue
			}
			// Not a link: that is the section's ("<a>Human Resources</a>").
			if seg := nodeText(prev, 60); fullName(seg) && stripBylinePrefix(seg) == seg && !strings.Contains(title, foldText(seg)) &&
				prev.DataAtom != atom.A && !hasDescendant(prev, atom.A) {
				return []string{seg}
			}
			break
		}
		return nil
	}
	return nil
}

// nameInDateline is the one part of a dateline that names a person
// ("Jane Doe | Senior Writer | July 2, 2025"); ok is false when two do.
// title (folded) and credits (links to other sites: the source a listing
// credits, "12/09/2025 | <a>City Post</a>") name no author.
func nameInDateline(line, title string, credits []string) (name string, ok bool) {
	for _, seg := range splitDateline(line) {
		// "Last updated on May 2, 2025 by Jane Doe" (a docs site's last
		// commit): the editor. WordPress's "Updated on … by" names the
		// post's author.
		if low := strings.ToLower(seg); (strings.HasPrefix(low, "last ") || strings.HasPrefix(low, "zuletzt ")) && opensWithUpdate(seg) {
			continue
		}
		// "06.11.2023 13:30 von Jane": after a label the name may be a
		// single word.
		by := afterByLabel(seg)
		if by != "" && (fullName(by) || oneName(by)) {
			seg = by
		} else {
			if i := wordStartDigit(seg); i >= 0 {
				seg = trimTrailingWeekday(seg[:i], true)
				// "Ort Berlin Datum 28.01.2022": a table of fields whose
				// last label names the date; the words before are the
				// other fields, not a name.
				if low := strings.ToLower(lastWord(seg)); dateFieldLabels[low] || isPubLabel(low) {
					continue
				}
			}
			seg = strings.TrimSpace(stripBylinePrefix(strings.Trim(seg, " ,;:")))
			if i, _ := indexFold(seg, " in "); i > 0 {
				seg = seg[:i] // "Jane Doe in Marketing": the section
			}
			if !fullName(seg) || strings.Contains(title, foldText(seg)) || slices.Contains(credits, seg) {
				continue
			}
		}
		if name != "" {
			return "", false
		}
		name = seg
	}
	return name, true
}

// dateFieldLabels label a date in a page's table of fields.
var dateFieldLabels = map[string]bool{"date": true, "datum": true, "fecha": true, "data": true, "stand": true}

// nameList is name as a list, nil for "".
func nameList(name string) []string {
	if name == "" {
		return nil
	}
	return []string{name}
}

// elementBefore is the element before n among its siblings, past white
// space and comments; nil when other text or nothing comes first.
func elementBefore(n *html.Node) *html.Node {
	return adjacentElement(n.PrevSibling, func(x *html.Node) *html.Node { return x.PrevSibling })
}

// splitDateline cuts a dateline into its parts at the separators themes
// set between date, author and section.
func splitDateline(line string) []string {
	parts := []string{line}
	for _, sep := range []string{" | ", " · ", " • ", " – ", " — ", " - ", " / ", "|", "·", "•"} {
		var next []string
		for _, p := range parts {
			next = append(next, strings.Split(p, sep)...)
		}
		parts = next
	}
	return parts
}

// onlyDate reports whether a text holds nothing but a date and time: its
// words are month or weekday names, fillers or "am"/"pm"/"Uhr".
func onlyDate(text string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if monthNames()[w] == 0 && !weekdays[w] && !dateFillers[w] && w != "pm" && w != "uhr" && w != "h" {
			return false
		}
	}
	return true
}

// holdsHeading reports whether n is or holds an h1–h3.
func holdsHeading(n *html.Node) bool {
	found := false
	walkBounded(n, 400, func(c *html.Node) bool {
		if c.Type == html.ElementNode && (c.DataAtom == atom.H1 || c.DataAtom == atom.H2 || c.DataAtom == atom.H3) {
			found = true
		}
		return !found
	})
	return found
}

// fullName reports whether p is a person's name written in full: two or
// three capitalised words of letters, particles aside ("Ursula von der
// Leyen"), no role, label or organisation word. German capitalises every
// noun, so "der" and "den" count only after "von" or "van" ("Buch der
// Woche" is no name).
func fullName(p string) bool {
	words := strings.Fields(p)
	if len(words) < 2 || isRoleOrJunk(p) || isOrgName(p) || isUpdateLine(p) {
		return false
	}
	capital := 0
	for i, w := range words {
		for _, r := range w {
			if !unicode.IsLetter(r) && r != '-' && r != '.' && r != '\'' && r != '’' {
				return false
			}
		}
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			// A word in capitals is a label or a brand ("ORSO", "DID").
			if utf8.RuneCountInString(w) > 2 && strings.ToUpper(w) == w {
				return false
			}
			capital++
			continue
		}
		switch w {
		case "der", "den":
			if i == 0 || words[i-1] != "von" && words[i-1] != "van" {
				return false
			}
		case "von", "van", "de", "da", "di", "du", "del", "della", "la", "le", "des", "zu", "ten", "ter", "bin", "ibn", "al", "el", "dos", "do", "y":
		default:
			return false
		}
	}
	return capital >= 2 && capital <= 3
}

// offsiteLinkTexts returns the texts of the links in n that lead to
// another site than base's.
func offsiteLinkTexts(n *html.Node, base *url.URL) []string {
	if base == nil {
		return nil
	}
	own := domainOf(base.String())
	var out []string
	walkBounded(n, 400, func(c *html.Node) bool {
		if c.Type == html.ElementNode && c.DataAtom == atom.A {
			if d := domainOf(resolveURL(base, attr(c, "href"))); d != "" && d != own {
				out = append(out, nodeText(c, 120))
			}
		}
		return len(out) < 10
	})
	return out
}

// afterByLabel is what follows a byline label ("von", "by", "par", "por")
// that comes after a date's digits in a dateline's part; "" when there is
// none.
func afterByLabel(seg string) string {
	for _, l := range []string{" by ", " von ", " par ", " por "} {
		if i, n := indexFold(seg, l); i > 0 && wordStartDigit(seg[:i]) >= 0 {
			return strings.TrimSpace(strings.Trim(seg[i+n:], " ,;:"))
		}
	}
	return ""
}

// oneName reports whether p is a single capitalised word that may be a
// first name or a pen name ("Jane", not "Politik" after no label).
func oneName(p string) bool {
	r, _ := utf8.DecodeRuneInString(p)
	return len(strings.Fields(p)) == 1 && unicode.IsUpper(r) && nameShaped(p) && !isRoleOrJunk(p)
}

// labelledByline is the names of the byline nearest the title, within
// nearTitle text nodes and outside chrome, when it opens with a byline
// label ("By", "von", "Written by"); nil otherwise.
func labelledByline(bs []scanText, anchor int) []string {
	if anchor < 0 {
		return nil
	}
	best, bestDist := -1, nearTitle+1
	for i, b := range bs {
		if d := abs(b.pos - anchor); b.ctx&ctxChrome == 0 && d < bestDist {
			best, bestDist = i, d
		}
	}
	if best < 0 {
		return nil
	}
	// A role in the line ("Jane Doe, Director, Acme Lines") makes its
	// other parts affiliations rather than authors.
	text := bs[best].str()
	if stripBylinePrefix(text) == text || hasRoleWord(text) {
		return nil
	}
	return cleanAuthors(text)
}

// allFullNames reports whether every name is a person's full name.
func allFullNames(names []string) bool {
	for _, n := range names {
		if !fullName(n) {
			return false
		}
	}
	return true
}

// withoutHonorifics returns names less a leading "Dr", "Dr." or "Prof.".
func withoutHonorifics(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n
		for _, h := range []string{"Dr ", "Dr. ", "Prof ", "Prof. "} {
			if rest, ok := strings.CutPrefix(n, h); ok {
				out[i] = rest
				break
			}
		}
	}
	return out
}

// withoutTaxonomy drops the names that are a category or tag a byline
// element links to beside or instead of its author (WordPress's
// "cat-links", "byline__category", "<a href=/tag/lifestyle>"): a section
// of the site, not a person.
func withoutTaxonomy(names []string, byline *html.Node) []string {
	if byline == nil || len(names) == 0 {
		return names
	}
	var terms []string
	walkBounded(byline, 500, func(n *html.Node) bool {
		if n.Type == html.ElementNode && taxonomyElement(n) {
			terms = append(terms, strings.ToLower(nodeText(n, 100)))
		}
		return true
	})
	if len(terms) == 0 {
		return names
	}
	return slices.DeleteFunc(names, func(name string) bool {
		low := strings.ToLower(name)
		return slices.ContainsFunc(terms, func(t string) bool { return strings.Contains(t, low) })
	})
}

// taxonomyWords name a site's categories and tags in a class, a link's
// path or its rel.
var taxonomyWords = map[string]bool{"tag": true, "tags": true, "category": true, "categories": true, "cat": true, "topic": true, "topics": true}

// taxonomyElement reports whether n is a link to, or an element holding,
// a category or tag: by a class part, its rel, or a segment of its href.
func taxonomyElement(n *html.Node) bool {
	sep := func(r rune) bool { return r == ' ' || r == '-' || r == '_' || r == '/' }
	for _, key := range []string{"class", "rel"} {
		for _, w := range strings.FieldsFunc(strings.ToLower(attr(n, key)), sep) {
			if taxonomyWords[w] {
				return true
			}
		}
	}
	if n.DataAtom != atom.A {
		return false
	}
	path, query, _ := strings.Cut(strings.ToLower(attr(n, "href")), "?")
	for _, seg := range strings.Split(path, "/") {
		if taxonomyWords[seg] {
			return true
		}
	}
	// "/blog/?content_topic=906", "/?cat=12": a filter by category.
	for _, param := range strings.Split(query, "&") {
		key, _, _ := strings.Cut(param, "=")
		for _, w := range strings.FieldsFunc(key, sep) {
			if taxonomyWords[w] {
				return true
			}
		}
	}
	return false
}
