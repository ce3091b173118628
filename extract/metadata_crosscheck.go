package extract

import (
	"strings"
)

// crossCheck reconciles metadata with what the body revealed (e.g. a visible
// byline in an aggregator's copy beats the aggregator's head metadata). It
// runs after the body extraction.
func crossCheck(a *Article, m *metadata, b *body) {
	if a == nil || m == nil {
		return
	}
	sourceFromLabel(a, m)
	// A syndicated copy: the head describes the aggregator, the visible
	// byline names the real authors.
	if len(m.visibleAuthors) > 0 && (a.SourceURL != "" || authorsNameSite(m.headAuthors, a.SiteName)) {
		if v, _ := bodyByline(m); len(v) > 0 && a.SourceURL != "" {
			a.Authors = v
		} else if v := withoutDesk(m.visibleAuthors, m.site); len(v) > 0 {
			a.Authors = v
		}
	}
	// A listing's bylines and dates belong to the items it lists.
	if b != nil && b.Kind == KindHub && m.HubScore > 0 {
		if len(m.headAuthors) == 0 {
			a.Authors = nil
		}
		// Unless the page shows one date only: an article taken for a
		// listing, or a listing of undated items under its own date.
		if (a.DateSource == DateSourceByline || a.DateSource == DateSourceTime) && shownDates(m, 2) > 1 {
			a.Published, a.DateSource = "", ""
		}
		return
	}
	copied := a.SourceURL != "" || m.credit != nil || hasStrongCredit(m.scan)
	if copied || allBots(a.Authors) {
		originalAuthors(a, m)
	}
	if a.SourceURL != "" {
		originalDate(a, m)
	}
	dropCredits(a, m)
	a.Authors = tidyAuthors(a.Authors)
}

// authorsNameSite reports whether the head's only author is the site itself.
func authorsNameSite(authors []string, site string) bool {
	return len(authors) == 1 && site != "" && alnumFold(authors[0]) == alnumFold(site)
}

func hasStrongCredit(s *pageScan) bool {
	if s == nil {
		return false
	}
	for _, c := range s.credits {
		if c.strong && c.ctx&ctxChrome == 0 {
			return true
		}
	}
	return false
}

// allBots reports whether every author is a posting robot or admin account
// (an autoposter's page even without a credit line).
func allBots(names []string) bool {
	for _, n := range names {
		low := strings.ToLower(foldSpace(n))
		if !strings.HasPrefix(low, "autopost") && !strings.HasPrefix(low, "admin") && !strings.HasSuffix(low, "bot") &&
			!strings.Contains(low, "newsdesk") && low != "rss" && low != "feed" {
			return false
		}
	}
	return len(names) > 0
}

// withoutDesk drops aggregator staff and bot accounts from a list of names.
func withoutDesk(names []string, site siteNames) []string {
	var out []string
	for _, n := range names {
		if !isDeskAccount(n, site) {
			out = append(out, n)
		}
	}
	return out
}

// originalAuthors replaces desk and bot accounts by the original's authors
// named on the page: a byline in the body ("By the Africa Center for
// Strategic Studies", "by Jane Doe, Chatham House"), else the publisher a
// credit line names, else JSON-LD's source organisation.
func originalAuthors(a *Article, m *metadata) {
	if len(a.Authors) > 0 && len(withoutDesk(a.Authors, m.site)) == len(a.Authors) {
		return // real names already
	}
	if names, _ := bodyByline(m); len(names) > 0 {
		a.Authors = names
		return
	}
	if org := creditedPublisher(m); org != "" {
		a.Authors = []string{org}
		return
	}
	if orgs := withoutDesk(m.sourceOrgs, m.site); len(orgs) > 0 {
		a.Authors = orgs[:1]
		return
	}
	if len(withoutDesk(a.Authors, m.site)) == 0 && len(a.Authors) > 0 && a.SourceURL != "" {
		a.Authors = nil // the copy's desk account is not the original's author
	}
}

// bodyByline is the byline of the original at the head of the body: the
// first byline near the title naming someone other than a desk account,
// and the date it (or the line right after it) states. "by Jane Doe,
// Chatham House" names Jane Doe of Chatham House.
func bodyByline(m *metadata) ([]string, string) {
	s := m.scan
	if s == nil {
		return nil, ""
	}
	for _, bl := range s.bylines {
		if bl.ctx&ctxChrome != 0 || m.anchor >= 0 && (bl.pos < m.anchor-nearTitle || bl.pos > m.anchor+visibleDateWindow) {
			continue
		}
		raw := bl.str()
		low := strings.ToLower(raw)
		if i := strings.IndexByte(raw, ','); i > 0 && strings.Count(raw, ",") == 1 && !strings.Contains(low, " and ") && !strings.Contains(raw, "&") {
			if findTextDate(raw[i:], m.dayFirst) == "" {
				raw = raw[:i]
			}
		}
		names := withoutDesk(cleanAuthors(raw), m.site)
		if len(names) == 0 {
			continue
		}
		date := findTextDate(bl.str(), m.dayFirst)
		for _, t := range s.textDates {
			if date == "" && t.pos > bl.pos && t.pos <= bl.pos+3 && t.ctx&ctxChrome == 0 && len(t.text) <= maxBareDate {
				date = findTextDate(t.text, m.dayFirst)
			}
		}
		return dedupeFold(names), date
	}
	return nil, ""
}

// creditedPublisher is the publisher a credit line of the page names.
func creditedPublisher(m *metadata) string {
	var texts []string
	if m.credit != nil {
		texts = append(texts, m.credit.text)
	}
	if m.scan != nil {
		for _, c := range m.scan.credits {
			if c.strong {
				texts = append(texts, c.text)
			}
		}
	}
	for _, t := range texts {
		if org := creditPublisher(t); org != "" && !isDeskAccount(org, m.site) {
			return org
		}
	}
	return ""
}

// creditPublisherRe finds the publisher a credit sentence names: "appeared
// first on X.", "republished from X under …", "originally published by X".
var creditPublisherRe = lazyCompile(`(?i)(?:appeared first on|republished from|reprinted from|originally published (?:by|on|in|at)|first (?:published|appeared) (?:by|on|in|at)|cross-?posted from)\s+(?:the website of\s+)?([^.,;:]{3,80}?)(?:\s+(?:under|on|in|with|and)\b|[.,;:]|$)`)

func creditPublisher(text string) string {
	mm := creditPublisherRe.FindStringSubmatch(text)
	if mm == nil {
		return ""
	}
	org := strings.TrimSpace(mm[1])
	if isURLish(org) || findTextDate(org, false) != "" {
		return ""
	}
	return org
}

// originalDate: on a copy, the original's date the page states (in its
// credit line, by the original's byline, or by the title) is the
// publication; the copy's own posting date, when later, moves to
// Republished.
func originalDate(a *Article, m *metadata) {
	orig := ""
	if m.credit != nil {
		orig = findTextDate(m.credit.text, m.dayFirst)
	}
	if orig == "" && m.scan != nil {
		for _, c := range m.scan.credits {
			if c.strong {
				if orig = findTextDate(c.text, m.dayFirst); orig != "" {
					break
				}
			}
		}
	}
	if orig == "" {
		_, orig = bodyByline(m)
	}
	if orig == "" && m.visibleDate != "" && a.DateSource != DateSourceByline {
		orig = m.visibleDate
	}
	if orig == "" {
		return
	}
	posted := firstNonEmpty(m.posted, a.Published)
	if posted == "" {
		a.Published, a.DateSource = orig, DateSourceByline
		return
	}
	if sameDay(orig, posted) || orig > posted[:min(10, len(posted))] {
		return // the same day, or a date after the posting: not the original's
	}
	a.Republished = posted
	a.Published, a.DateSource = orig, DateSourceByline
}

// dropCredits takes attribution sentences and pull quotes (with their
// <cite>) out of the text and markdown.
func dropCredits(a *Article, m *metadata) {
	if a.Text == "" {
		return
	}
	if len(m.credits) == 0 && len(m.pullquotes) == 0 {
		// Nothing marked on the page: look for a credit in the text,
		// lower-cased once (it is the whole article).
		low := strings.ToLower(a.Text)
		if !anyCreditSet.any(low) {
			return
		}
	}
	var pq map[string]bool
	if len(m.pullquotes) > 0 {
		pq = map[string]bool{}
		for _, q := range m.pullquotes {
			pq[foldText(q)] = true
		}
	}
	paras := strings.Split(a.Text, "\n\n")
	seen := map[string]int{}
	for _, p := range paras {
		seen[foldText(p)]++
	}
	dropped := map[string]bool{}
	kept := paras[:0:0]
	for _, p := range paras {
		f := foldText(p)
		switch {
		case isCreditSentence(p, m.credits):
			dropped[f] = true
		case pq[f] && seen[f] > 1:
			seen[f]-- // a verbatim pull quote: keep one copy
			dropped[f] = true
		case pq[f] && seen[f] == 1 && (len(f) < 200 || !containedElsewhere(f, paras)):
			dropped[f] = true
		default:
			kept = append(kept, p)
			continue
		}
	}
	if len(dropped) == 0 || len(kept) == 0 {
		return
	}
	a.Text = strings.Join(kept, "\n\n")
	if a.Markdown != "" {
		mps := strings.Split(a.Markdown, "\n\n")
		mk := mps[:0:0]
		count := map[string]int{}
		for _, p := range kept {
			count[foldText(p)]++
		}
		for _, p := range mps {
			f := foldText(markdownPlain(p))
			if dropped[f] && count[f] == 0 {
				continue
			}
			if count[f] > 0 {
				count[f]--
			}
			mk = append(mk, p)
		}
		a.Markdown = strings.Join(mk, "\n\n")
	}
}

func containedElsewhere(f string, paras []string) bool {
	for _, p := range paras {
		if fp := foldText(p); fp != f && strings.Contains(fp, f) {
			return true
		}
	}
	return false
}

var (
	mdLink   = lazyCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	mdMarker = lazyCompile(`(?m)^(?:#{1,6} |> ?|[*+-] |\d+\. )+`)
)

// markdownPlain is a markdown paragraph's plain text, to compare it with
// the text's paragraphs.
func markdownPlain(p string) string {
	p = mdLink.ReplaceAllString(p, "$1")
	p = mdMarker.ReplaceAllString(p, "")
	p = strings.NewReplacer("**", "", "__", "", "*", "", "\\", "").Replace(p)
	return p
}

// shownDates counts the distinct dates the page shows (in <time>
// elements and short date texts outside chrome), up to limit.
func shownDates(m *metadata, limit int) int {
	s := m.scan
	if s == nil {
		return 0
	}
	seen := map[string]bool{}
	add := func(d string) bool {
		if len(d) >= 10 {
			seen[d[:10]] = true
		}
		return len(seen) >= limit
	}
	for _, t := range s.times {
		if t.ctx&ctxChrome == 0 && add(parseDateValue(t.datetime, m.dayFirst)) {
			return len(seen)
		}
	}
	for _, t := range s.textDates {
		if t.ctx&ctxChrome == 0 && len(t.text) <= maxBareDate && add(findTextDate(t.text, m.dayFirst)) {
			return len(seen)
		}
	}
	return len(seen)
}
