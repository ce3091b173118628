package extract

import (
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/publicsuffix"
	"golang.org/x/text/language"
)

// metadata is everything read from the intact document before the body is
// extracted. Owned by the metadata rules (metadata*.go).
type metadata struct {
	Title, Published, Modified, DateSource, SiteName, Language string
	Description, CanonicalURL, Image, SourceURL                string
	SourceURLFrom                                              string
	Authors, Topics                                            []string
	Translations                                               map[string]string
	// HubScore > 0 suggests a listing page (for the page-kind decision):
	// +2 for CollectionPage/ItemList/SearchResultsPage JSON-LD or a site
	// root, +1 for og:type website or a tag/category/author/search path;
	// -2 for Article JSON-LD or og:type article.
	HubScore int

	// For crossCheck: authors named in the head (JSON-LD, meta) and in
	// visible bylines, and the byline's date.
	headAuthors, visibleAuthors []string
	visibleDate, visibleSource  string

	// For the copy rules: the page's credit lines and pull quotes (out of
	// the text), the credit that named the original, the page's scan and
	// title anchor, the site's names, and JSON-LD's source organisations.
	credits, pullquotes []string
	credit              *creditLine
	scan                *pageScan
	anchor              int
	site                siteNames
	sourceOrgs          []string
	dayFirst            bool
	base                *url.URL
	posted              string // the head's own publication date (a copy's posting)
	headDate            string // the head's publication date, before the visible ones had their say
	visDist             int    // the visible date's distance from the title
	dateTrail           []dateStep
}

// traceDateRules makes readDates record in dateTrail each rule that moved
// the publication date, for the rule audit (TestDateRuleAudit). Set only
// by tests, before any page is read.
var traceDateRules bool

// dateStep is one rule's move of the publication date.
type dateStep struct{ rule, before, after string }

// decided records that rule has just set the publication date, when the
// rules are traced and it changed.
func (m *metadata) decided(rule, before string) {
	if traceDateRules && rule != "" && before != m.Published {
		m.dateTrail = append(m.dateTrail, dateStep{rule, before, m.Published})
	}
}

func (m *metadata) apply(a *Article) {
	a.Title, a.Published, a.Modified, a.DateSource = m.Title, m.Published, m.Modified, m.DateSource
	a.SiteName, a.Language, a.Description = m.SiteName, m.Language, m.Description
	a.CanonicalURL, a.Image, a.SourceURL, a.SourceURLFrom = m.CanonicalURL, m.Image, m.SourceURL, m.SourceURLFrom
	a.Authors, a.Topics, a.Translations = m.Authors, m.Topics, m.Translations
}

// readMetadata reads every metadata source in one walk over the document:
// JSON-LD, OpenGraph, Twitter cards, citation_* and Dublin Core meta,
// microdata, <time>, visible bylines and datelines. It must not modify doc:
// the body extraction runs on the same tree afterwards.
func readMetadata(doc *goquery.Document, base *url.URL) *metadata {
	m := &metadata{}
	if doc == nil || len(doc.Nodes) == 0 || doc.Nodes[0] == nil {
		return m
	}
	s := scanPage(doc.Nodes[0], base)
	ld := parseJSONLD(s.jsonld)
	host := ""
	if u := unwrapArchived(base); u != nil {
		host = u.Hostname()
	}

	m.Language = pickLanguage(s.lang, s.first("content-language", "language", "dc.language", "dcterms.language"), ld.lang, s.first("og:locale"))
	lang := strings.ToLower(m.Language)
	m.dayFirst = !(lang == "en" || lang == "en-us")
	m.SiteName = foldSpace(firstNonEmpty(s.first("og:site_name"), ld.siteName, ld.publisher, s.first("application-name", "apple-mobile-web-app-title", "dc.publisher", "citation_publisher")))
	site := newSiteNames(host, m.SiteName, ld.siteName, ld.publisher, s.first("application-name"), strings.TrimPrefix(s.first("twitter:site"), "@"))
	site.add(homeHeadings(s)...)
	if u := unwrapArchived(base); u != nil {
		site.addSections(u.Path)
	}

	m.Title = pickTitle([]string{ld.headline, s.first("og:title"), s.first("twitter:title"), s.first("citation_title"),
		s.first("dc.title", "dcterms.title"), s.firstMicro("headline")}, s.titleTag, s.h1, s.h2, site)

	// A page served as Latin-1 while written in UTF-8 shows "Investorâ\u0080\u0099s";
	// Sphinx ends each heading with its permalink: "¶", or an icon font's glyph.
	m.Title = strings.TrimRightFunc(undoDoubleEncoding(trimLeadingSeparator(m.Title)), func(r rune) bool {
		return r == ' ' || r == '¶' || unicode.Is(unicode.Co, r)
	})
	anchor := titleAnchor(s, m.Title)
	m.readAuthors(s, ld, site, anchor)
	m.Description = foldSpace(firstNonEmpty(s.first("description"), s.first("og:description"), ld.description,
		s.first("twitter:description"), s.first("dc.description", "dcterms.description", "dcterms.abstract"), s.firstMicro("description")))
	m.readDates(s, ld, base, anchor)
	if m.Published == "" {
		// Last resort: some CMSs put the date only in the description
		// ("… (Notizia del 14 Gennaio 2020)").
		if d := findTextDate(m.Description, m.dayFirst); d != "" {
			m.Published, m.DateSource = d, DateSourceMeta
			m.decided("fallback: description", "")
		}
	}

	m.Topics = readTopics(s, ld)
	m.CanonicalURL = resolveURL(base, s.canonical)
	m.Image = resolveURL(base, firstNonEmpty(s.first("og:image", "og:image:url", "og:image:secure_url"),
		s.first("twitter:image", "twitter:image:src"), ld.image, s.imageSrc, s.firstMicro("image")))
	m.Translations = readTranslations(s, base, m.CanonicalURL)
	src := readSource(s, ld, base, m.CanonicalURL, resolveURL(base, s.first("og:url")), anchor)
	m.SourceURL, m.SourceURLFrom, m.credit = src.url, src.from, src.credit
	for _, c := range s.credits {
		if c.strong || c.ctx&ctxChrome == 0 {
			m.credits = append(m.credits, c.text)
		}
	}
	m.pullquotes = s.pullquotes
	m.scan, m.anchor, m.site, m.sourceOrgs, m.base = s, anchor, site, ld.sourceOrgs, base
	m.HubScore = hubScore(s, ld, base)
	return m
}

// trimLeadingSeparator drops a separator left at the head of a title by an
// empty kicker or site prefix (": Bohren, bis es heiß wird", "- „Es …“").
func trimLeadingSeparator(t string) string {
	for _, sep := range []string{": ", "- ", "– ", "— ", "| ", "· ", "» "} {
		if rest, ok := strings.CutPrefix(t, sep); ok && strings.TrimSpace(rest) != "" {
			return strings.TrimSpace(rest)
		}
	}
	return t
}

func (s *pageScan) first(keys ...string) string {
	for _, k := range keys {
		for _, v := range s.meta[k] {
			if v = strings.TrimSpace(v); v != "" {
				return v
			}
		}
	}
	return ""
}

func (s *pageScan) firstMicro(key string) string {
	for _, v := range s.micro[key] {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// pickLanguage returns the first candidate that parses as a BCP 47 tag.
func pickLanguage(cands ...string) string {
	for _, c := range cands {
		c = strings.TrimSpace(strings.ReplaceAll(c, "_", "-"))
		if i := strings.IndexAny(c, ",; "); i > 0 {
			c = c[:i]
		}
		if c == "" || len(c) > 35 {
			continue
		}
		t, err := language.Parse(c)
		if err != nil || t == language.Und {
			continue
		}
		return t.String()
	}
	return ""
}

func (m *metadata) readAuthors(s *pageScan, ld ldInfo, site siteNames, anchor int) {
	title := alnumFold(m.Title)
	var siteOnly []string
	// keep drops names that are the title or the site itself (remembered
	// as a last resort: some pages are signed by their publisher).
	keep := func(names []string) []string {
		var out []string
		for _, n := range names {
			k := alnumFold(n)
			switch {
			case k == "" || k == title:
			case site.matches(n):
				siteOnly = append(siteOnly, n)
			default:
				out = append(out, n)
			}
		}
		return dedupeFold(out)
	}
	// A head author naming the site in full is the publisher, even where
	// cleaning would cut it down to a word that matches no name of the
	// site ("Human in the Loop" to "Human").
	clean := func(raws []string) []string {
		var out []string
		for _, r := range raws {
			if site.matches(r) {
				siteOnly = append(siteOnly, foldSpace(r))
				continue
			}
			out = append(out, cleanHeadAuthors(r)...)
		}
		return keep(out)
	}
	// citation_author and DC.creator hold one name each, often "Last, First".
	lastFirsts := func(vs []string) []string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = lastFirst(v)
		}
		return out
	}
	citation := clean(lastFirsts(s.meta["citation_author"]))
	fromLD := clean(ld.authors)
	var fromMeta []string
	for _, src := range [][]string{
		twitterLabelled(s, "written by", "verfasst von", "geschrieben von", "autor", "author", "écrit par", "escrito por"),
		s.meta["author"], lastFirsts(s.meta["dc.creator"]), lastFirsts(s.meta["dcterms.creator"]),
		s.meta["article:author"], s.meta["parsely-author"], s.meta["sailthru.author"], s.meta["byl"], s.meta["cxenseparse:author"],
		s.micro["author"], // <meta itemprop="author" content="…">
	} {
		if fromMeta = clean(src); len(fromMeta) > 0 {
			break
		}
	}
	visible := keep(nearestByline(s.bylines, anchor, m.Title, site))
	m.visibleAuthors = visible
	// The byline box names the meta author plus words of the box around
	// it ("Get in touch", a department): the meta's names are the authors;
	// unless a labelled byline by the title lists them all as full names
	// ("By Jane Doe and John Roe" against the meta's Jane Doe).
	if len(fromMeta) > 0 && len(visible) > len(fromMeta) && containsAllFold(visible, fromMeta) {
		if names := labelledByline(s.bylines, anchor); !(len(names) == len(visible) && containsAllFold(names, visible) && allFullNames(names)) {
			visible = fromMeta
		}
	}
	// A head author that is a login handle ("andrew.keaveney", "KatieS")
	// names the account that posted; a byline by the title naming a
	// person in full names the writer.
	if len(visible) > 0 && len(strings.Fields(visible[0])) >= 2 {
		if len(fromLD) > 0 && allHandles(ld.authors) {
			fromLD = nil
		}
	}
	// A head naming only the first of the authors a labelled byline by
	// the title lists ("von Jane Doe, John Roe", "Written by Dr Jane Doe,
	// John Roe" against JSON-LD's Jane Doe): the byline's list.
	if len(fromLD) > 0 {
		if names := labelledByline(s.bylines, anchor); len(names) > len(fromLD) && containsAllFold(withoutHonorifics(names), fromLD) && allFullNames(names) {
			fromLD = names
		}
	}
	for _, c := range [][]string{citation, fromLD, visible, fromMeta} {
		if c = tidyAuthors(c); len(c) > 0 {
			m.Authors = c
			break
		}
	}
	// A story signing off with its author's name in a paragraph of its
	// own, set in bold or italics, right after its last paragraphs and
	// last in the page but for its chrome (not a heading over a list,
	// nor a quote's attribution among others).
	if len(m.Authors) == 0 {
		if so := s.signOff; so.pos > max(s.lastLong, anchor) && so.pos-s.lastLong <= signOffGap && s.nContent == s.signOffAt && fullName(so.text) {
			m.Authors = tidyAuthors(keep([]string{so.text}))
		}
	}
	if len(m.Authors) == 0 {
		m.Authors = tidyAuthors(dedupeFold(siteOnly))
	}
	// A JavaScript app's page may name its author only in the script's
	// data ("pagePostAuthor":"…", "author":{"name":"…"}); a page its head
	// calls a product or website holds there its reviews' and quotes'.
	og := strings.ToLower(s.first("og:type"))
	if len(m.Authors) == 0 && (ld.article || og == "" || og == "article") {
		m.Authors = tidyAuthors(scriptAuthors(s, func(raws []string) []string {
			var names []string
			for _, r := range raws {
				if scriptName(r) {
					names = append(names, r)
				}
			}
			return clean(names)
		}))
	}
	// A page naming its author nowhere else may still show the name in
	// the line that dates it, by the title: "Jane Doe | Senior Writer |
	// July 2, 2025", "Dec 26, 2025 • Jane Doe in Marketing".
	if len(m.Authors) == 0 {
		m.Authors = tidyAuthors(keep(datelineNames(s, anchor, m.Title)))
	}
	m.headAuthors = firstNonEmptyList(citation, fromLD, fromMeta)
}

// signOffGap is how many text nodes may stand between a story's last
// long paragraph and its sign-off (a book's details under a review).
const signOffGap = 8

func firstNonEmptyList(ls ...[]string) []string {
	for _, l := range ls {
		if len(l) > 0 {
			return l
		}
	}
	return nil
}

// bylineGroup is how close (in text nodes) several byline elements must be
// to count as one byline ("By <span class=author>A</span> and <span
// class=author>B</span>").
const bylineGroup = 6

// nearestByline returns the names in the byline element nearest the title
// heading (at anchor), plus those right next to it; the first byline when
// there is no anchor.
func nearestByline(bs []scanText, anchor int, title string, site siteNames) []string {
	type cand struct {
		names  []string
		pos    int
		chrome bool
	}
	var cs []cand
	var others []string // named by "Reviewed by" lines: not the authors
	for _, b := range bs {
		// Chrome far from the title is another item's, unless it is a
		// details box inside the article that labels the author
		// ("Author" <p>Jane Doe</p>, "Written by …").
		if b.ctx&ctxChrome != 0 && (anchor < 0 || abs(b.pos-anchor) > nearTitle/2) &&
			!(b.ctx&ctxArticle != 0 && authorLabelled(b.str())) {
			continue
		}
		// A header block holding the headline, its date and lead is read
		// without the headline ("Yellow Vests and I" is no byline).
		text := b.str()
		if len(title) >= 10 && strings.HasPrefix(text, title) {
			text = strings.TrimSpace(text[len(title):])
		}
		// One holding the headline after other words is a block around
		// it (a kicker, the blog's name: a theme's <body
		// class="single-author">), not a byline, which comes after it.
		if len(title) >= 10 && strings.Index(text, title) > 0 {
			continue
		}
		if rest, ok := otherCredit(text); ok {
			others = append(others, cleanAuthors("By "+rest)...)
			continue
		}
		names := withoutTaxonomy(cleanAuthors(text), b.node)
		// A blog signed with its own name, whole ("Human in the Loop"),
		// not cut down to a word that is no name ("Human"): the caller
		// keeps the site's name as a last resort. A date after the name
		// makes it a byline to clean.
		if wordStartDigit(text) < 0 && site.matches(text) {
			names = []string{foldSpace(text)}
		}
		if len(names) == 0 {
			// An author box with a bio: "Jane Doe Jane Doe is a …".
			if n := bioName(text); n != "" {
				names = []string{n}
			}
		}
		if len(names) > 0 {
			cs = append(cs, cand{names, b.pos, b.ctx&ctxChrome != 0})
		}
	}
	if len(cs) == 0 {
		return nil
	}
	best, bestDist := 0, -1
	if anchor >= 0 {
		for i, c := range cs {
			d := c.pos - anchor
			if d < 0 {
				d = -2 * d
			}
			// A teaser's byline in chrome just above the title (a
			// slider of opinion pieces) loses to the article's own a
			// little further down.
			if c.chrome && c.pos < anchor {
				d += nearTitle
			}
			if bestDist < 0 || d < bestDist {
				best, bestDist = i, d
			}
		}
	}
	var out []string
	for i, c := range cs {
		if c.chrome && i != best {
			continue
		}
		if d := c.pos - cs[best].pos; d >= -bylineGroup && d <= bylineGroup {
			for _, n := range c.names {
				if !slices.ContainsFunc(others, func(o string) bool { return strings.EqualFold(o, n) }) {
					out = append(out, n)
				}
			}
		}
	}
	return dedupeFold(out)
}

// titleAnchor is the position of the heading that carries the title (the
// first real h1 when none does), -1 when there is none.
func titleAnchor(s *pageScan, title string) int {
	ft := foldText(title)
	for _, h := range append(s.h1[:len(s.h1):len(s.h1)], s.h2...) {
		if foldText(h.text) == ft {
			return h.pos
		}
	}
	// A heading carrying the title plus junk ("Title – Site – Site").
	for _, h := range append(s.h1[:len(s.h1):len(s.h1)], s.h2...) {
		if len(ft) >= 10 && strings.HasPrefix(foldText(h.text), ft) {
			return h.pos
		}
	}
	for _, h := range s.h1 {
		if h.ctx&ctxChrome == 0 {
			return h.pos
		}
	}
	return -1
}

var publishedMetaKeys = []string{
	"article:published_time", "og:article:published_time", "og:published_time", "article:published", "article.published",
	"published_time", "citation_publication_date", "citation_date", "citation_online_date", "dc.date.issued",
	"dcterms.issued", "dc.date", "dcterms.date", "dc.date.created", "dcterms.created", "date", "pubdate", "publishdate",
	"publish-date", "publish_date", "publication_date", "publication-date", "sailthru.date", "parsely-pub-date",
	"datepublished", "cxenseparse:recs:publishtime", "originalpublicationdate", "dc.date.published", "release_date",
}

var modifiedMetaKeys = []string{
	"article:modified_time", "og:updated_time", "og:article:modified_time", "article:modified", "dcterms.modified",
	"dc.date.modified", "last-modified", "lastmod", "datemodified", "modified_time",
}

func (m *metadata) readDates(s *pageScan, ld ldInfo, base *url.URL, anchor int) {
	dayFirst := m.dayFirst
	val := func(v string) string { return parseDateValue(v, dayFirst) }
	set := func(d, src string) bool {
		if d == "" || m.Published != "" {
			return m.Published != ""
		}
		m.Published, m.DateSource = d, src
		return true
	}
	var firstVisible, firstSource string
	var visDist int
	m.visibleDate, m.visibleSource, firstVisible, firstSource, visDist = visibleDate(s, anchor, m.Title, dayFirst)
	urlDate, urlMonth := "", ""
	if base != nil {
		urlDate = dateFromURL(base.EscapedPath())
		urlMonth = monthFromURL(base.EscapedPath())
	}
	// inURL reports whether a date agrees with the URL's day or month
	// (the day read from a /2024/03/5-tips slug may be no day).
	inURL := func(d string) bool {
		return urlDate != "" && sameDay(d, urlDate) || urlMonth != "" && strings.HasPrefix(d, urlMonth)
	}
	// offURL reports whether a date contradicts the URL's: another day
	// than the one it states, or another month when it states none.
	offURL := func(d string) bool {
		if urlDate != "" {
			return !sameDay(d, urlDate)
		}
		return urlMonth != "" && !strings.HasPrefix(d, urlMonth)
	}
	metaDate := ""
	for _, k := range publishedMetaKeys {
		for _, v := range s.meta[k] {
			if metaDate = val(v); metaDate != "" {
				break
			}
		}
		if metaDate != "" {
			break
		}
	}
	if metaDate == "" {
		metaDate = otherPublishedMeta(s, dayFirst)
	}
	m.posted = firstNonEmpty(val(ld.published), metaDate)
	microDate := firstNonEmpty(val(s.firstMicro("datepublished")), val(s.firstMicro("datecreated")))
	mod := val(ld.modified)
	for _, k := range modifiedMetaKeys {
		if mod != "" {
			break
		}
		mod = val(s.first(k))
	}
	if mod == "" {
		mod = firstNonEmpty(val(s.firstMicro("datemodified")), val(s.firstMicro("dateupdated")))
	}
	rule := ""
	switch {
	case !ld.pageDates && set(val(ld.published), DateSourceJSONLD):
		rule = "head: JSON-LD article"
	case set(metaDate, DateSourceMeta):
		rule = "head: meta"
	case set(microDate, DateSourceMicro):
		rule = "head: microdata"
	case set(val(ld.published), DateSourceJSONLD):
		rule = "head: JSON-LD page"
	}
	m.decided(rule, "")
	// A UTC timestamp names the UTC day; the URL the publisher's own. When
	// they differ by the time zone alone, the URL's is the day readers saw.
	if urlDate != "" && !sameDay(urlDate, m.Published) && utcDayMayBe(m.Published, urlDate) {
		before := m.Published
		m.Published = urlDate
		m.decided("URL's day over a UTC day", before)
	}
	m.headDate, m.visDist = m.Published, visDist
	// The date shown by the title beats the head's when they nearly agree
	// (a time zone apart) or when the page shows its last update; a far-off
	// visible date is more likely a stray one.
	if v := m.visibleDate; v != "" {
		// 03/10/2023 under /2023/10/03/: the URL tells the order.
		if urlDate != "" && !sameDay(v, urlDate) && sameDay(swapDayMonth(v), urlDate) {
			v = swapDayMonth(v)
			m.visibleDate = v
		}
		before := m.Published
		switch {
		case m.Published == "":
			m.Published, m.DateSource = v, m.visibleSource
			m.decided("shown, no head date", before)
		case sameDay(v, m.Published):
		case sameDay(swapDayMonth(v), m.Published):
			// 09.10.2024 read the other way round: the head settles it.
		case inURL(m.Published) && offURL(v) && v < m.Published:
			// A visible date before the publication the URL confirms is
			// some other item's (a later one may be the update's).
		case v < m.Published && visDist >= nearTitle && !sameDay(v, mod):
			// A date before the head's, ten text nodes or more from the
			// title, is a related item's more often than the article's
			// (an article is not shown dated before it was published).
		case daysApart(v, m.Published) <= visibleOverride && visDist <= 20 || sameDay(v, mod) || visDist <= 5:
			rule := "shown over head: within 60 days"
			switch {
			case daysApart(v, m.Published) <= visibleOverride && visDist <= 20:
			case sameDay(v, mod):
				rule = "shown over head: the head's modified"
			default:
				rule = "shown over head: by the title"
			}
			m.Published, m.DateSource = v, m.visibleSource
			m.decided(rule, before)
		}
	}
	// A date the page labels as its publication ("Published: …") by the
	// title beats the others, which may be the last update; further away
	// it is still better than none.
	if lab, labDist := labelledDate(s, anchor, dayFirst); lab != "" && (m.Published == "" || labDist <= visibleDateWindow) {
		if !sameDay(lab, m.Published) {
			before := m.Published
			m.Published, m.DateSource = lab, DateSourceByline
			m.decided("labelled publication", before)
		}
	}
	before := m.Published
	switch {
	case set(urlDate, DateSourceURL):
		rule = "fallback: URL"
	case set(pathDate(s.canonical), DateSourceURL):
		rule = "fallback: canonical URL"
	case set(shownUpdate(s, anchor, dayFirst), DateSourceByline):
		rule = "fallback: shown update"
		// A page that shows no publication date but its last update by
		// the title: that update, not some teaser's date further down.
	case set(firstVisible, firstSource):
		rule = "fallback: first shown"
	case set(scriptDate(s, dayFirst), DateSourceDocument):
		rule = "fallback: script data"
	case set(mod, DateSourceMeta):
		// The last modification is the best date known for the content.
		rule = "fallback: modified"
	}
	m.decided(rule, before)
	if m.DateSource == srcText {
		m.DateSource = DateSourceByline
	}

	m.Modified = mod
}

// srcText marks a date read from plain text near the title (reported as
// a byline date), weaker than one from a <time> or a dateline element.
const srcText = "text"

// nearTitle is how many text nodes from the title heading an element is
// trusted even inside what its classes call chrome.
const nearTitle = 10

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

const visibleOverride = 60

// updHandicap is what a text date labelled as the update loses, in text
// nodes of distance, against the dates shown without that label.
const updHandicap = nearTitle

// chromeRank is what a visible date inside page chrome loses against the
// article's own dates, in text nodes of distance from the title.
const chromeRank = 2

// maxBareDate is the longest text read as a bare date ("Wednesday,
// September 30, 2020").
const maxBareDate = 40

// visibleDateWindow is how many text nodes from the title a dateline may be.
const visibleDateWindow = 40

// visibleDate is the date shown next to the article's title: a <time>, a
// dateline or byline, or a short text holding a date, whichever is nearest
// the title heading (dates after it count a little nearer).
//
// It also returns the first dated <time>, dateline or byline anywhere
// outside the page chrome, a weaker hint for pages without a clear title.
func visibleDate(s *pageScan, anchor int, title string, dayFirst bool) (near, nearSrc, first, firstSrc string, dist int) {
	titleDate := findTextDate(title, dayFirst)
	best, bestSrc, bestDist := "", "", visibleDateWindow+1
	bestRank := bestDist
	// consider weighs a candidate at pos; date reads it only when it could
	// win or serve as the fallback. Its rank is its distance, plus a little
	// for chrome: by the title, a sidebar's date is still less likely the
	// article's than one of the article's own at about the same distance.
	weigh := func(pos int, ctx scanCtx) (dist, rank int, canWin, needFirst bool) {
		// Chrome classes are a guess; right by the title they are wrong.
		// Readers' comments are no guess: a short post's comments start
		// by its title.
		if ctx&ctxComments != 0 || ctx&ctxChrome != 0 && (anchor < 0 || abs(pos-anchor) > nearTitle) {
			return 0, 0, false, false
		}
		dist = pos - anchor
		if anchor < 0 {
			dist = 0
		} else if dist < 0 {
			dist = -2 * dist
		}
		rank = dist
		if ctx&ctxChrome != 0 {
			rank += chromeRank
		}
		return dist, rank, rank < bestRank && (anchor >= 0 || ctx&ctxArticle != 0), first == "" && ctx&ctxChrome == 0
	}
	updOnly := shownUpdateDay(s, dayFirst)
	consider := func(date func() string, src string, pos int, ctx scanCtx, handicap int) {
		dist, rank, canWin, needFirst := weigh(pos, ctx)
		rank += handicap
		canWin = canWin && rank < bestRank
		if !canWin && !needFirst {
			return
		}
		d := date()
		if d == "" {
			return
		}
		if needFirst {
			first, firstSrc = d, src
		}
		// A date inside the headline ("Results, 19.5.2007") is more
		// likely its subject than its publication. Datelines and bylines
		// are read without the headline (below), so a date of theirs that
		// equals the headline's is a date of its own ("Jane Doe /
		// 22.04.2020" under "Report of 22.04.2020").
		if d == titleDate && src == srcText {
			dist += 3 * visibleDateWindow
			rank += 3 * visibleDateWindow
			canWin = rank < bestRank
		}
		// The update's day, read again from the dateline around its
		// <time>, is still the update's when the page shows the
		// publication's apart.
		if src != DateSourceTime && updOnly(d) {
			dist += 3 * visibleDateWindow
			rank += 3 * visibleDateWindow
			canWin = rank < bestRank
		}
		if canWin {
			best, bestSrc, bestDist, bestRank = d, src, dist, rank
		}
	}
	for _, t := range s.times {
		pos := t.pos
		// A <time> reading "Last updated: …" is the update whatever its
		// class says.
		if t.upd || updateLabelled(nodeText(t.node, 120)) {
			pos += 3 * visibleDateWindow
		}
		consider(func() string {
			if d := parseDateValue(t.datetime, dayFirst); d != "" {
				// A UTC timestamp whose text shows the day before or
				// after: the text is the publisher's own day.
				if len(d) > 10 {
					if shown := findTextDate(nodeText(t.node, 120), dayFirst); shown != "" && !sameDay(shown, d) && utcDayMayBe(d, shown) {
						return shown
					}
				}
				return d
			}
			return findTextDate(nodeText(t.node, 120), dayFirst)
		}, DateSourceTime, pos, t.ctx, 0)
	}
	for _, ts := range [][]scanText{s.datelines, s.bylines} {
		for _, t := range ts {
			if _, _, canWin, needFirst := weigh(t.pos, t.ctx); !canWin && !needFirst {
				continue
			}
			text := t.str()
			// A long block merely mentions dates ("until 25 November").
			if len(text) > 150 {
				continue
			}
			if titleDate != "" {
				text = withoutTitle(text, title)
			}
			pos := t.pos
			if t.upd || isUpdateLine(text) {
				pos += 3 * visibleDateWindow // "Updated 19 Feb 2020" is not the publication
			}
			consider(func() string { return findShownDate(text, dayFirst) }, DateSourceByline, pos, t.ctx, 0)
		}
	}
	f, fs := first, firstSrc
	for _, t := range s.textDates {
		pos := t.pos
		if t.upd {
			pos += 3 * visibleDateWindow
		}
		// A text reading "Updated: January 2, 2026" by the title still
		// dates a page that shows nothing else, but a date shown about
		// as near without the label is the publication.
		handicap := 0
		if !t.upd && updateLabelled(t.text) {
			handicap = updHandicap
		}
		consider(func() string { return findTextDate(t.text, dayFirst) }, srcText, pos, t.ctx, handicap)
		// A short text holding a date (a text node that is nothing but
		// the date, or the head of a paragraph opening with one) is a
		// dateline without the class name: the fallback when the page has
		// no better one.
		if f == "" && t.ctx&ctxChrome == 0 && len(t.text) <= maxBareDate {
			if d := findTextDate(t.text, dayFirst); d != "" {
				f, fs = d, srcText
			}
		}
	}
	if anchor < 0 {
		// Without a title heading, "nearest" means only first: not near.
		bestDist = visibleDateWindow
	}
	return best, bestSrc, f, fs, bestDist
}

// shownUpdateDay returns a test for the day of the update when the page
// shows both its publication and its last update in <time> elements
// marked as such (class "published"/"updated", itemprop), each written for
// readers (not a bare timestamp, often hidden), on different days.
func shownUpdateDay(s *pageScan, dayFirst bool) func(d string) bool {
	var pub, upd string
	for _, t := range s.times {
		if !t.pub && !t.upd {
			continue
		}
		text := nodeText(t.node, 120)
		if shown := findShownDate(text, dayFirst); shown == "" || len(parseISODate(strings.TrimSpace(text))) > 10 {
			continue // no date in its text, or a machine timestamp
		}
		d := parseDateValue(t.datetime, dayFirst)
		if d == "" {
			d = findShownDate(text, dayFirst)
		}
		if len(d) < 10 {
			continue
		}
		if t.upd && upd == "" {
			upd = d[:10]
		} else if t.pub && pub == "" {
			pub = d[:10]
		}
	}
	if pub == "" || upd == "" || pub == upd {
		return func(string) bool { return false }
	}
	return func(d string) bool { return sameDay(d, upd) }
}

// shownUpdate is the last update the page shows by its title ("Updated
// on" <span>October 21, 2025</span>, <time class="updated">), "" when
// none is within visibleDateWindow text nodes.
func shownUpdate(s *pageScan, anchor int, dayFirst bool) string {
	if anchor < 0 {
		return ""
	}
	best, bestDist := "", visibleDateWindow+1
	try := func(pos int, ctx scanCtx, date func() string) {
		dist := pos - anchor
		if dist < 0 {
			dist = -2 * dist
		}
		if dist >= bestDist || ctx&ctxComments != 0 || ctx&ctxChrome != 0 && dist > nearTitle {
			return
		}
		if d := date(); d != "" {
			best, bestDist = d, dist
		}
	}
	for _, t := range s.times {
		if t.upd || updateLabelled(nodeText(t.node, 120)) {
			try(t.pos, t.ctx, func() string {
				return firstNonEmpty(parseDateValue(t.datetime, dayFirst), findTextDate(nodeText(t.node, 120), dayFirst))
			})
		}
	}
	for _, t := range s.textDates {
		if t.upd || updateLabelled(t.text) {
			try(t.pos, t.ctx, func() string { return findTextDate(t.text, dayFirst) })
		}
	}
	return best
}

// updateLabelled reports whether a short text names its date the last
// update: an update word before the first digit ("Updated on June 18,
// 2025", "Last Updated: Nov 6, 2025"; not "Published 5 May · Updated 7
// May").
func updateLabelled(text string) bool {
	i := strings.IndexFunc(text, unicode.IsDigit)
	if i < 0 {
		i = len(text)
	}
	if i > maxUpdLabel+20 {
		return false
	}
	return isUpdateLine(text[:i])
}

// withoutTitle cuts the headline out of a dateline that holds it, so that
// a date in the headline is not read as the dateline's.
func withoutTitle(text, title string) string {
	if title == "" {
		return text
	}
	if i := strings.Index(text, title); i >= 0 {
		return text[:i] + " | " + text[i+len(title):]
	}
	return text
}

func readTopics(s *pageScan, ld ldInfo) []string {
	var all []string
	all = append(all, s.meta["article:tag"]...)
	all = append(all, s.meta["og:article:tag"]...)
	for _, k := range []string{"keywords", "news_keywords", "citation_keywords", "dc.subject", "parsely-tags", "sailthru.tags"} {
		for _, v := range s.meta[k] {
			all = append(all, splitList(v)...)
		}
	}
	all = append(all, ld.keywords...)
	all = append(all, ld.sections...)
	all = append(all, s.meta["article:section"]...)
	for _, v := range s.micro["keywords"] {
		all = append(all, splitList(v)...)
	}
	all = append(all, s.relTags...)
	all = append(all, s.topicRows...)
	var out []string
	for _, t := range all {
		t = foldSpace(t)
		if t != "" && len(t) <= 80 && !isURLish(t) {
			out = append(out, t)
		}
	}
	out = dedupeFold(out)
	if len(out) > 50 {
		out = out[:50]
	}
	return out
}

func dedupeFold(in []string) []string {
	if len(in) < 2 {
		return in
	}
	seen := map[string]bool{}
	out := in[:0:0]
	for _, s := range in {
		k := strings.ToLower(s)
		if !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

// resolveURL makes ref absolute against base; "" for unusable references.
func resolveURL(base *url.URL, ref string) string {
	if u := resolveRef(base, ref); u != nil {
		return u.String()
	}
	return ""
}

// resolveRef is resolveURL's URL; nil for unusable references (empty,
// unparsable, or to something other than a web page).
func resolveRef(base *url.URL, ref string) *url.URL {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "data:") || strings.HasPrefix(ref, "javascript:") {
		return nil
	}
	u, err := url.Parse(ref)
	if err != nil {
		return nil
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return nil
	}
	return u
}

// sameURL compares two absolute URLs ignoring scheme, "www.", the fragment
// and a trailing slash.
func sameURL(a, b string) bool {
	norm := func(s string) string {
		u, err := url.Parse(s)
		if err != nil {
			return s
		}
		return strings.TrimPrefix(strings.ToLower(u.Host), "www.") + strings.TrimSuffix(u.EscapedPath(), "/") + "?" + u.RawQuery
	}
	return norm(a) == norm(b)
}

func readTranslations(s *pageScan, base *url.URL, canonical string) map[string]string {
	self := ""
	if base != nil {
		self = base.String()
	}
	var out map[string]string
	for _, alt := range s.alternates {
		lang := strings.TrimSpace(alt[0])
		if lang == "" || strings.EqualFold(lang, "x-default") {
			continue
		}
		u := resolveURL(base, alt[1])
		if u == "" || self != "" && sameURL(u, self) || canonical != "" && sameURL(u, canonical) {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		if _, dup := out[lang]; !dup {
			out[lang] = u
		}
	}
	return out
}

// domainOf is the registrable domain (eTLD+1) of an absolute URL.
func domainOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	h := strings.ToLower(u.Hostname())
	d, err := publicsuffix.EffectiveTLDPlusOne(h)
	if err != nil {
		return h
	}
	return d
}

func hubScore(s *pageScan, ld ldInfo, base *url.URL) int {
	score := 0
	og := strings.ToLower(s.first("og:type"))
	switch {
	case ld.article || og == "article":
		score -= 2
	case og == "website":
		score++
	}
	if ld.hub > 0 && !ld.article {
		score += 2
	}
	if base != nil {
		p := strings.ToLower(strings.Trim(base.Path, "/"))
		if p == "" && base.RawQuery == "" {
			score += 2
		}
		for _, seg := range strings.Split(p, "/") {
			switch seg {
			case "tag", "tags", "category", "categories", "author", "authors", "topic", "topics", "search", "section", "archive", "archives", "page", "thema", "themen", "rubrik", "autor", "auteur", "categorie", "etiqueta":
				score++
			}
		}
	}
	return score
}

func sameDay(a, b string) bool { return len(a) >= 10 && len(b) >= 10 && a[:10] == b[:10] }

// daysApart is the distance in days between two ISO dates, large when
// either doesn't parse.
func daysApart(a, b string) int {
	ta, err1 := time.Parse("2006-01-02", a[:min(10, len(a))])
	tb, err2 := time.Parse("2006-01-02", b[:min(10, len(b))])
	if err1 != nil || err2 != nil {
		return 1 << 20
	}
	d := ta.Sub(tb).Hours() / 24
	if d < 0 {
		d = -d
	}
	return int(d + 0.5)
}

// twitterLabelled reads the twitter:labelN/twitter:dataN pairs some CMSs
// emit ("Written by" → "Jane Doe").
func twitterLabelled(s *pageScan, labels ...string) []string {
	var out []string
	for i := 1; i <= 4; i++ {
		l := strings.ToLower(s.first("twitter:label" + string(rune('0'+i))))
		for _, want := range labels {
			if l == want {
				out = append(out, s.first("twitter:data"+string(rune('0'+i))))
			}
		}
	}
	return out
}

// isUpdateLine tells a dateline about a later update, or about some date
// other than the publication (a forum member's "Joined:").
func isUpdateLine(s string) bool { return isUpdateLow(strings.ToLower(s)) }

// isUpdateLow is isUpdateLine for a lower-cased text.
func isUpdateLow(low string) bool { return updateWordSet().any(low) }

// updateWordSet holds the words of a dateline about an update or about
// some other date than the publication.
var updateWordSet = lazyPhraseSet("update", "aktualisiert", "geändert", "mis à jour", "modifié", "actualizado", "actualización", "modificado", "last modified", "zuletzt", "revised", "edited",
	"registriert", "joined", "member since", "mitglied seit", "registered", "inscrit le", "founded",
	"aggiornat", "atualizad", "bijgewerkt", "uppdaterad", "opdateret", "oppdatert", "zaktualizowan", "aktualizován", "обновлен", "güncellen",
	"mise à jour", "gewijzigd", "actualizat", "frissítve", "päivitetty", "ενημερώθηκε", "оновлено", "ažurirano", "diperbarui", "cập nhật",
	"更新", "수정", "تحديث", "עודכן")

// labelledDate is the publication date the page states in words
// ("Published: March 5, 2024", "Veröffentlicht am" <time>): the one
// nearest the title heading, dates after it counting nearer. Chrome
// counts inside the article, where a details box beside the text
// holds it. dist is its distance from the title (0 without an anchor).
func labelledDate(s *pageScan, anchor int, dayFirst bool) (date string, dist int) {
	best, bestSaid := -1, true
	for _, t := range s.pubDates {
		if t.ctx&ctxChrome != 0 && t.ctx&ctxArticle == 0 || t.ctx&ctxComments != 0 {
			continue
		}
		// A label states the page's date; a sentence may tell of an
		// earlier edition ("This post was originally published on …")
		// beside the label of this one: it counts only without one.
		if t.said && !bestSaid {
			continue
		}
		d := parseDateValue(t.text, dayFirst)
		if d == "" {
			continue
		}
		dd := 0
		if anchor >= 0 {
			if dd = t.pos - anchor; dd < 0 {
				dd = -2 * dd
			}
		}
		if best < 0 || dd < best || bestSaid && !t.said {
			date, best, bestSaid = d, dd, t.said
		}
	}
	return date, best
}

// otherPublishedMeta reads a meta tag named for the publication that
// publishedMetaKeys does not list ("published", "w-published-date",
// "og:publish_date") or its upload (a photo or video site's "…:uploaded"),
// in name order: CMSs invent their own names.
func otherPublishedMeta(s *pageScan, dayFirst bool) string {
	var keys []string
	for k := range s.meta {
		if (strings.Contains(k, "publish") && !strings.Contains(k, "publisher")) || strings.Contains(k, "pubdate") || strings.HasSuffix(k, "uploaded") || strings.Contains(k, "uploaddate") || strings.Contains(k, "upload_date") {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range s.meta[k] {
			if d := parseDateValue(v, dayFirst); d != "" {
				return d
			}
		}
	}
	return ""
}

// scriptPublishedRe finds a publication date in a script's data
// ("datePublished":"2024-03-05", \"published_at\":\"…\").
var scriptPublishedRe = lazyCompile(`\\?["'](?:datePublished|publishDate|publishedDate|publishedAt|published_at|publish_date|date_published|publicationDate|firstPublishedDate|pubDate)\\?["']\s*:\s*\\?["']([^"'\\]{8,40})`)

// scriptDate is the first publication date named in the page's scripts'
// data (a JavaScript app's state): the last resort of a page that shows
// no date and has none in its head.
//
// The regexp starts with no literal, so it would walk every byte of every
// script (megabytes on an app's page) at regexp speed: it is run only on a
// short window around each place a key's stem occurs.
func scriptDate(s *pageScan, dayFirst bool) string {
	for _, n := range s.scripts {
		text := n.Data
		if len(text) > 1<<20 {
			text = text[:1<<20]
		}
		for from, tries := 0, 0; tries < 40; tries++ {
			i := nextStem(text, from)
			if i < 0 {
				break
			}
			from = i + 1
			// The longest key's part before its stem, quote and backslash
			// included; after it the rest of the key, the colon and the
			// value.
			w := text[max(0, i-16):min(len(text), i+128)]
			if mm := scriptPublishedRe.FindStringSubmatch(w); mm != nil {
				if d := parseDateValue(mm[1], dayFirst); d != "" {
					return d
				}
			}
		}
	}
	return ""
}

// scriptAuthorRe finds an author in a script's data: "author":"Jane
// Doe", "authorName":"…", "author":{"id":21,"name":"…"}, escaped or not.
var scriptAuthorRe = lazyCompile(`\\?["'](?:author|authorName|author_name|pagePostAuthor|postAuthor)\\?["']\s*:\s*(?:\{[^{}]{0,120}?\\?["']name\\?["']\s*:\s*)?\\?["']([^"'\\]{2,60})\\?["']`)

// scriptAuthors is the first author named in the page's scripts' data
// that accept keeps (a site's own name is not its author), tried only
// where every other source named none; like scriptDate it runs the
// regexp on a window around each occurrence of the key's stem.
func scriptAuthors(s *pageScan, accept func([]string) []string) []string {
	tries := 0
	for _, n := range s.scripts {
		text := n.Data
		if len(text) > 1<<20 {
			text = text[:1<<20]
		}
		for from := 0; tries < 40; tries++ {
			i := strings.Index(text[from:], "uthor")
			if i < 0 {
				break
			}
			i += from
			from = i + 1
			w := text[max(0, i-12):min(len(text), i+200)]
			if mm := scriptAuthorRe.FindStringSubmatch(w); mm != nil {
				if names := accept([]string{mm[1]}); len(names) > 0 {
					return names
				}
			}
		}
	}
	return nil
}

// scriptName reports whether a script's author value looks like a
// person's name rather than a template's placeholder or a file ("Name",
// "$undefined", "base.css", "TV"): letters, spaces, hyphens and the dots
// of initials, the first word capitalised and the whole at least four
// letters long.
func scriptName(v string) bool {
	v = strings.TrimSpace(v)
	if utf8.RuneCountInString(v) < 4 || strings.EqualFold(v, "name") || strings.EqualFold(v, "your name") {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(v); !unicode.IsUpper(r) {
		return false
	}
	for i, r := range v {
		switch {
		case unicode.IsLetter(r) || r == ' ' || r == '-' || r == '\'':
		case r == '.' && i > 0 && unicode.IsUpper(rune(v[i-1])):
		default:
			return false
		}
	}
	return true
}

// nextStem is the first place at or after from where one of
// scriptDateStems occurs in text, or -1.
func nextStem(text string, from int) int {
	best := -1
	for _, stem := range scriptDateStems {
		end := len(text)
		if best >= 0 {
			end = min(len(text), best+len(stem))
		}
		if i := strings.Index(text[from:end], stem); i >= 0 && (best < 0 || from+i < best) {
			best = from + i
		}
	}
	return best
}

// scriptDateStems: every key scriptPublishedRe knows holds one of them.
var scriptDateStems = []string{"ublish", "ublication", "pubDate"}

// containsAllFold reports whether every name of sub is in names, ignoring
// case.
func containsAllFold(names, sub []string) bool {
	for _, x := range sub {
		if !slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, x) }) {
			return false
		}
	}
	return true
}

// utcDayMayBe reports whether a UTC timestamp ("…Z", "…+00:00") falls on
// day in some time zone (UTC-12 to UTC+14).
func utcDayMayBe(ts, day string) bool {
	if !strings.HasSuffix(ts, "Z") && !strings.HasSuffix(ts, "+00:00") {
		return false
	}
	t, err := time.Parse(time.RFC3339, ts)
	if err != nil {
		return false
	}
	from, to := t.Add(-12*time.Hour).Format("2006-01-02"), t.Add(14*time.Hour).Format("2006-01-02")
	return from <= day && day <= to
}

// swapDayMonth reads an ISO date with day and month exchanged
// ("2024-10-09" → "2024-09-10"), "" when that is no date.
func swapDayMonth(d string) string {
	if len(d) < 10 || !isDigits(d[:4]) || !isDigits(d[5:7]) || !isDigits(d[8:10]) {
		return ""
	}
	y, mo, day := atoiDigits(d[:4]), atoiDigits(d[5:7]), atoiDigits(d[8:10])
	if mo == day || !validDate(y, day, mo) {
		return ""
	}
	return isoDate(y, day, mo)
}

// pathDate is the date in the path of a (possibly relative) URL.
func pathDate(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	return dateFromURL(u.EscapedPath())
}

// allHandles reports whether every raw name is one word: a login handle.
func allHandles(raws []string) bool {
	for _, r := range raws {
		if strings.ContainsAny(strings.TrimSpace(r), " \u00a0") {
			return false
		}
	}
	return len(raws) > 0
}
