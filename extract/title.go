package extract

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/publicsuffix"
)

// Title rules: the page's own heading wins when it agrees with the head
// metadata (it never carries the site name); otherwise the metadata title
// with site-name prefixes and suffixes removed ("Title – Site", "Site |
// Title", "Title – Africa Center for … – Africa Center for Strategic
// Studies").

var titleSeps = []string{" | ", " – ", " — ", " - ", " :: ", " » ", " « ", " › ", " ‹ ", " · ", " • ", " ⋆ ", " || ", " ~ ", " / ", " // ", " : "}

// fullwidthBar separates title and site in Chinese and Japanese titles,
// with no spaces around it ("見出し｜サイト名").
const fullwidthBar = "｜"

type titleSpan struct{ start, end int } // a separator's byte span in the title

func titleSeparators(t string) []titleSpan {
	var spans []titleSpan
	for i := 0; i < len(t); i++ {
		if strings.HasPrefix(t[i:], fullwidthBar) {
			start, end := i, i+len(fullwidthBar)
			for start > 0 && t[start-1] == ' ' {
				start--
			}
			for end < len(t) && t[end] == ' ' {
				end++
			}
			if start > 0 && end < len(t) {
				spans = append(spans, titleSpan{start, end})
			}
			i = end - 1
			continue
		}
		if t[i] != ' ' {
			continue
		}
		for _, sep := range titleSeps {
			if strings.HasPrefix(t[i:], sep) {
				spans = append(spans, titleSpan{i, i + len(sep)})
				i += len(sep) - 1
				break
			}
		}
	}
	return spans
}

// cleanTitle strips segments naming the site from both ends of t, and a
// publisher's name repeated at the end ("Title – Forum – Forum", "Title –
// Africa Center for … – Africa Center for Strategic Studies"), the mark of
// a syndicated copy's title.
func cleanTitle(t string, site siteNames) string {
	t = foldSpace(t)
	orig := t
	// "example.com Headline": the site's domain set before the title with
	// no separator.
	if first, rest, ok := strings.Cut(t, " "); ok && strings.Contains(first, ".") && !strings.HasSuffix(first, ".") && site.matches(first) && len(strings.Fields(rest)) >= 2 {
		t = rest
	}
	for range 6 {
		spans := titleSeparators(t)
		if len(spans) == 0 {
			break
		}
		first, last := spans[0], spans[len(spans)-1]
		switch {
		case site.matchesOrSection(t[last.end:]) && last.start > 0 && len(spans) == 1 && oneWord(t[:last.start]):
			// "About – Site": a one-word page name needs its site.
			return trimEllipsis(t, orig)
		case (site.matchesOrSection(t[last.end:]) || site.opens(t[last.end:])) && last.start > 0:
			t = strings.TrimSpace(t[:last.start])
		case (site.matchesOrSection(t[:first.start]) || cmsLabel(t[:first.start])) && first.end < len(t):
			t = strings.TrimSpace(t[first.end:])
		case len(spans) >= 2 && repeatsName(t[spans[len(spans)-2].end:last.start], t[last.end:]):
			t = strings.TrimSpace(t[:spans[len(spans)-2].start])
		default:
			return trimEllipsis(t, orig)
		}
	}
	return trimEllipsis(t, orig)
}

// oneWord reports whether s is a single word: no space, and not a
// headline in a script written without spaces (Chinese, Japanese, Thai).
func oneWord(s string) bool {
	s = strings.TrimSpace(s)
	if strings.Contains(s, " ") {
		return false
	}
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai) {
			return false
		}
	}
	return true
}

// trimEllipsis drops the "…" a CMS left where it cut the title before
// appending junk we removed.
func trimEllipsis(t, orig string) string {
	if t == orig {
		return t
	}
	t = strings.TrimSuffix(strings.TrimSuffix(t, "…"), "...")
	return strings.TrimSpace(t)
}

// repeatsName reports whether a is b, or b cut short with "…".
func repeatsName(a, b string) bool {
	ka, kb := alnumFold(a), alnumFold(b)
	if ka == "" || kb == "" {
		return false
	}
	a = strings.TrimSpace(a)
	trunc := strings.HasSuffix(a, "…") || strings.HasSuffix(a, "...")
	return ka == kb || trunc && len(ka) >= 4 && strings.HasPrefix(kb, ka)
}

// cmsLabel reports whether a title segment is a label a blog theme or
// forum puts between the site's name and the post's ("Site » Blog
// Archive » Post", WordPress's long-lived default theme; "Site • View
// topic - Post", phpBB's).
func cmsLabel(seg string) bool {
	switch alnumFold(seg) {
	case "blogarchive", "blogarchiv", "archivesdublog", "archivodelblog", "archiviodelblog", "arquivodoblog", "blogarchief",
		"viewtopic", "themaanzeigen", "voirlesujet", "vertema": // phpBB's "Site • View topic - Title"
		return true
	}
	return false
}

// archiveName drops the "Archives" a CMS appends to listing titles.
func archiveName(t string) string {
	for _, suf := range []string{" archives", " archive", " archiv"} {
		if strings.HasSuffix(t, suf) {
			return strings.TrimSuffix(t, suf)
		}
	}
	return t
}

// siteNames are the ways a page may name its site.
type siteNames struct {
	names    []string // folded alphanumerics of og:site_name, publisher, application-name
	hosts    []string // folded alphanumerics of the host labels ("krimiblog", "krimiblogde")
	sections []string // folded directories of the page's URL path ("opinion" in /story/opinion/x)
}

func newSiteNames(host string, names ...string) siteNames {
	var s siteNames
	for _, n := range names {
		if k := alnumFold(n); len(k) >= 2 {
			s.names = append(s.names, k)
		}
	}
	host = strings.TrimPrefix(strings.ToLower(host), "www.")
	if host != "" {
		s.hosts = append(s.hosts, alnumFold(host))
		labels := strings.Split(host, ".")
		for _, l := range labels {
			if len(l) >= 4 {
				s.hosts = append(s.hosts, alnumFold(l))
			}
		}
		// A three-letter domain names its site too ("Title | IBM" on
		// ibm.com): matched whole only, as a word that short may begin
		// a longer name.
		if reg, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
			if l, _, _ := strings.Cut(reg, "."); len(l) == 3 {
				s.hosts = append(s.hosts, alnumFold(l))
			}
		}
	}
	return s
}

// add takes more names of the site.
func (s *siteNames) add(names ...string) {
	for _, n := range names {
		if k := alnumFold(n); len(k) >= 2 {
			s.names = append(s.names, k)
		}
	}
}

// addSections takes the directories of the page's URL path, the slug
// excepted: a title segment naming one is the section the page sits in
// ("Headline | Opinion" at /story/opinion/contributors/…).
func (s *siteNames) addSections(path string) {
	dirs := strings.Split(strings.Trim(path, "/"), "/")
	for _, d := range dirs[:len(dirs)-1] {
		if k := alnumFold(d); len(k) >= 3 && strings.Trim(k, "0123456789") != "" {
			s.sections = append(s.sections, k)
		}
	}
}

// matchesOrSection reports whether seg names the site or the section of
// the site the page is in.
func (s siteNames) matchesOrSection(seg string) bool {
	if s.matches(seg) {
		return true
	}
	k := alnumFold(seg)
	for _, sec := range s.sections {
		if k == sec {
			return true
		}
	}
	return false
}

// homeHeadings are the texts of the headings linking to the site's home
// page: a blog's header names its site in an h1 on every page.
func homeHeadings(s *pageScan) []string {
	var out []string
	for _, hs := range [][]scanText{s.h1, s.h2} {
		for _, h := range hs {
			if h.home && h.text != "" && utf8.RuneCountInString(h.text) <= 80 {
				out = append(out, h.text)
			}
		}
	}
	return out
}

// matches reports whether seg names the site: equal to a site name or host
// label (ignoring case and punctuation), or a truncated ("…") prefix of one.
func (s siteNames) matches(seg string) bool {
	seg = strings.TrimSpace(seg)
	trunc := strings.HasSuffix(seg, "…") || strings.HasSuffix(seg, "...")
	k := alnumFold(seg)
	if k == "" {
		return false
	}
	for _, n := range append(s.names, s.hosts...) {
		if k == n || trunc && len(k) >= 4 && strings.HasPrefix(n, k) {
			return true
		}
		// "Example News" vs host "examplenews"; "Example.com" vs host.
		if len(k) >= 5 && ((strings.HasPrefix(n, k) || strings.HasSuffix(n, k)) && len(k)*2 > len(n) || strings.HasPrefix(k, n) && len(n)*2 > len(k) && len(n) >= 5) {
			return true
		}
	}
	return false
}

// opens reports whether seg is a short name whose first word names the
// site: the site's full name or one of its products after the title
// ("| REI Co-op" on rei.com, "– OSSO B.V", "— Flask Documentation (3.1.x)").
func (s siteNames) opens(seg string) bool {
	words := strings.Fields(seg)
	if len(words) < 2 || len(words) > 4 {
		return false
	}
	// "Doom9's Forum" on doom9.org.
	first := alnumFold(strings.TrimSuffix(strings.TrimSuffix(words[0], "'s"), "’s"))
	if len(first) < 3 {
		return false
	}
	for _, n := range append(s.names, s.hosts...) {
		if first == n {
			return true
		}
	}
	return false
}

// alnumFold keeps lower-cased letters and digits.
func alnumFold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// pickTitle chooses the article title from head candidates (best first,
// the <title> tag last), the page's h1s and its other title-like headings
// (h2/h3 with a "title"/"headline" class, in document order).
func pickTitle(metas []string, titleTag string, h1s, others []scanText, site siteNames) string {
	type cand struct {
		raw, clean string
		tag        bool // the <title> tag's
	}
	var cs []cand
	for i, m := range append(metas, titleTag) {
		if m = unescapeTwice(foldSpace(m)); m != "" {
			cs = append(cs, cand{m, cleanTitle(m, site), i == len(metas)})
		}
	}
	segs := map[string]bool{}
	for _, c := range cs {
		t := c.raw
		prev := 0
		for _, sp := range titleSeparators(t) {
			segs[foldText(t[prev:sp.start])] = true
			prev = sp.end
		}
		segs[foldText(t[prev:])] = true
	}
	var heads []scanText
	for _, hs := range [][]scanText{h1s, others} {
		for _, h := range hs {
			if h.text != "" && h.ctx&ctxChrome == 0 && !site.matches(h.text) && utf8.RuneCountInString(h.text) <= 300 && (h.titled || isH1(h, h1s)) && !templateExpression(h.text) {
				heads = append(heads, h)
			}
		}
	}
	// Headings of syndicated copies carry the same junk as head titles.
	for i := range heads {
		heads[i].text = cleanTitle(heads[i].text, site)
	}
	// 1. A heading that agrees with the metadata: equal to a title or one
	// of its segments, or the title minus a kicker ("Kicker: Heading").
	// An h1 in the page chrome (the last crumb of a breadcrumb trail) counts
	// only when it is the whole title of the head's metadata (the <title>
	// tag alone may be a second headline).
	for _, h := range h1s {
		if h.text == "" || h.ctx&ctxChrome == 0 || h.home || site.matches(h.text) {
			continue
		}
		fh := foldText(h.text)
		for _, c := range cs {
			if !c.tag && (fh == foldText(c.raw) || fh == foldText(c.clean)) {
				return h.text
			}
		}
	}
	// A heading that is a whole title beats one that is only a segment of
	// one (a section's name in "Site - Section - Headline").
	for _, h := range heads {
		fh := foldText(h.text)
		if len(titleSeparators(h.text)) >= 2 {
			continue // a copy of the <title>, section and site included
		}
		for _, c := range cs {
			if fc := foldText(c.clean); fh == foldText(c.raw) || fh == fc || fh == archiveName(fc) {
				return h.text
			}
		}
	}
	// Of the headings that are segments of a title, the longest: the
	// shorter ones name the site or its section.
	bestSeg := -1
	for i, h := range heads {
		if fh := foldText(h.text); segs[fh] && utf8.RuneCountInString(fh) > 3 && (bestSeg < 0 || len(fh) > len(foldText(heads[bestSeg].text))) {
			bestSeg = i
		}
	}
	if bestSeg >= 0 {
		return heads[bestSeg].text
	}
	for _, h := range heads {
		fh := foldText(h.text)
		for _, c := range cs {
			fc := foldText(c.clean)
			// A metadata title cut short with "…".
			if p := strings.TrimRight(strings.TrimRight(fc, "…"), ". "); p != fc && len(p) > 10 && strings.HasPrefix(fh, p) {
				return h.text
			}
		}
	}
	for _, h := range heads {
		fh := foldText(h.text)
		if utf8.RuneCountInString(fh) < 12 {
			continue
		}
		for _, c := range cs {
			fc := foldText(c.clean)
			// The head's title is the heading and a subtitle after a colon
			// ("How to Design a Website: a Complete Guide for 2026").
			if rest, ok := strings.CutPrefix(fc, fh); ok && strings.HasPrefix(rest, ": ") && len(strings.Fields(rest)) >= 3 && !c.tag {
				return c.clean
			}
			if utf8.RuneCountInString(fc) >= 12 && strings.HasSuffix(fh, fc) && isKicker(strings.TrimSuffix(fh, fc)) {
				return c.clean
			}
			if strings.Contains(fc, fh) || strings.Contains(fh, fc) && utf8.RuneCountInString(fc) >= 12 {
				return h.text
			}
		}
	}
	// 2. The only h1 of the page, when it reads like a headline.
	// A responsive theme may print it twice (one for small screens).
	var solo []scanText
	for _, h := range heads {
		if h.pos >= 0 && len(h1s) > 0 && isH1(h, h1s) && (len(solo) == 0 || h.text != solo[0].text) {
			solo = append(solo, h)
		}
	}
	if len(solo) == 1 && len(strings.Fields(solo[0].text)) >= 3 {
		return solo[0].text
	}
	// 3. The best metadata title, cleaned.
	if len(cs) > 0 {
		// A headline cut to a length limit (JSON-LD's 110 characters) is
		// the start of a longer title further down the list.
		best := cs[0].clean
		for _, c := range cs[1:] {
			fc, fb := foldText(c.clean), foldText(best)
			if len(fb) >= 40 && len(fc) > len(fb) && strings.HasPrefix(fc, fb) && !startsWithSeparator(fc[len(fb):]) {
				best = c.clean
			}
		}
		return best
	}
	// 4. The first heading.
	if len(heads) > 0 {
		return heads[0].text
	}
	return ""
}

// templateExpression reports a heading a script has yet to fill in, as
// its template wrote it (Vue's or Angular's "{{ $localize('cart.summary') }}").
func templateExpression(s string) bool {
	return strings.HasPrefix(s, "{{") && strings.HasSuffix(s, "}}")
}

// startsWithSeparator reports whether rest, what a longer title adds, is
// set off like a site name or subtitle (" – Site", ": Subtitle").
func startsWithSeparator(rest string) bool {
	if strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, ",") {
		return true
	}
	for _, sep := range titleSeps {
		if strings.HasPrefix(rest, sep) {
			return true
		}
	}
	return false
}

// isKicker reports whether the words a heading puts before the head's
// title are a kicker ("Politics |", "Energiewende Oberland:", "Dec 18
// 2025"): set off by a separator, or two words or more. One word ("The",
// "2025") is as often the title's own.
func isKicker(pre string) bool {
	pre = strings.TrimSpace(pre)
	if pre == "" {
		return false
	}
	if strings.ContainsAny(pre[len(pre)-1:], ":|-–—»·•/") {
		return true
	}
	return len(strings.Fields(pre)) >= 2
}

func isH1(h scanText, h1s []scanText) bool {
	for _, x := range h1s {
		if x.pos == h.pos && !h.titled && x.ctx == h.ctx {
			return true
		}
	}
	return false
}

// unescapeTwice decodes entities left in a value that was escaped twice
// ("&amp;#8222;" arrives as "&#8222;").
func unescapeTwice(s string) string {
	if strings.Contains(s, "&") && strings.Contains(s, ";") {
		return html.UnescapeString(s)
	}
	return s
}

// foldText lower-cases and folds white space, for comparing titles.
func foldText(s string) string {
	return foldSpace(strings.ToLower(s))
}
