package extract

import (
	"net"
	"net/url"
	"path"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A syndicated copy names its original in many ways; source.go reads them
// all (readSource), and knows the attribution sentences that are chrome of
// the copy rather than its text (isCreditSentence).

// creditLine is a block whose text credits an original publisher ("This
// article first appeared on …", "Source: <a>…</a>").
type creditLine struct {
	text   string   // the block's text
	hrefs  []string // its links, in order
	strong bool     // a sentence that can only be a credit, not a "Source:" label
	pos    int
	ctx    scanCtx
}

// creditLink is a link whose whole text says "the original is there".
type creditLink struct {
	href string
	pos  int
	ctx  scanCtx
}

const maxCredits = 8

// sourceAnchors: every credit phrase contains one of them; checking these
// first keeps the common text node cheap.
var sourceAnchors = []string{"publi", "appear", "reprint", "original", "cross", "source", "quelle", "erschien", "ursprünglich",
	"erstver", "paru", "fuente", "fonte", "المصدر", "نشر", "نُشر", "أعيد", "via"}

var sourceAnchorSet = newPhraseSet(sourceAnchors...)

// creditPhrases can only be attribution sentences: a copy crediting its
// original. Lower case; in English, French, German, Spanish, Portuguese and
// Arabic.
var creditPhrases = []string{
	"appeared first on", "published first on", "republished from", "republished with permission", "republished under",
	"is republished", "was republished", "reprinted from", "reprinted with permission", "read the original article",
	"cross-posted from", "crossposted from", "syndicated from", "under a content-sharing agreement",
	// French
	"paru d'abord sur", "publié d'abord sur", "republié avec", "republié à partir", "est republié", "lire l'article original",
	"lire l'article d'origine",
	// German
	"erschien zuerst", "zuerst erschienen", "erstveröffentlichung", "mit freundlicher genehmigung von",
	// Spanish and Portuguese
	"republicado de", "republicado con", "republicado com", "publicado primero en", "publicado primeiro em",
	// Arabic
	"أعيد نشر", "أُعيد نشر", "نشرت أولا", "نُشرت أولاً",
}

// creditOpeners are credit phrases that are also ordinary prose ("It first
// appeared in 2014"): they credit an original only opening a line, or in
// a sentence about "this article".
var creditOpeners = []string{
	"originally published", "first published", "first appeared", "originally appeared", "originally posted",
	"this article was published", "this story was published", "this post was published", "this article first",
	"this article originally", "this story first", "this story originally", "this post first", "this post originally",
	"this piece first", "this piece originally", "this piece was", "this commentary", "this op-ed", "this essay first",
	"this essay originally", "this article appeared", "this story appeared", "a version of this", "an earlier version of this",
	"publié initialement", "initialement publié", "paru initialement", "initialement paru", "publié à l'origine",
	"cet article a été publié", "cet article est paru", "cet article a d'abord", "article publié initialement",
	"ursprünglich veröffentlicht", "ursprünglich erschienen", "dieser artikel erschien", "dieser beitrag erschien",
	"dieser text erschien", "zuerst veröffentlicht", "erstmals erschienen", "erstmals veröffentlicht",
	"publicado originalmente", "originalmente publicado", "publicado por primera vez", "apareció originalmente",
	"este artículo fue publicado", "este artículo se publicó", "este artículo apareció", "se publicó originalmente",
	"este artigo foi publicado", "publicado inicialmente", "foi publicado originalmente", "este artigo foi originalmente",
	"نشر في الأصل", "نُشر في الأصل", "نشر هذا المقال", "نُشر هذا المقال", "نشرت هذه المقالة", "نُشرت هذه المقالة", "نشر أصلا", "نُشر أصلاً",
}

// isCreditText reports whether a short text is an attribution sentence.
func isCreditText(low string) bool {
	if creditPhraseSet.any(low) {
		return true
	}
	if !creditOpenerSet.any(low) {
		return false
	}
	t := strings.TrimLeft(low, " *_—–-([\u00a0")
	for _, o := range creditOpeners {
		if strings.HasPrefix(t, o) {
			return true
		}
	}
	// "This commentary was originally published by …", "Cet article
	// d'opinion a été publié initialement …": about the text itself.
	for _, this := range []string{"this ", "cet ", "cette ", "dieser ", "diese ", "este ", "esta ", "هذا ", "هذه "} {
		if strings.HasPrefix(t, this) {
			head := t[:min(len(t), 90)]
			return creditOpenerSet.any(head)
		}
	}
	return false
}

var creditOpenerSet = newPhraseSet(creditOpeners...)

var creditPhraseSet = newPhraseSet(creditPhrases...)

// anyCreditSet holds both lists: the first check on every text, and on a
// whole article's text, is one pass, not two.
var anyCreditSet = newPhraseSet(slices.Concat(creditPhrases, creditOpeners)...)

// creditLabels open a short "Source: …" line.
var creditLabels = []string{"source:", "source :", "sources:", "quelle:", "fuente:", "fonte:", "المصدر:", "المصدر :", "via:", "original:",
	"originalquelle:", "source originale:", "article original:", "original article:"}

// creditLinkTexts are link texts that alone point to the original.
var creditLinkTexts = map[string]bool{"source": true, "original": true, "original article": true, "read more at": true,
	"read the original": true, "read the original article": true, "original source": true, "quelle": true, "originalartikel": true,
	"source originale": true, "article original": true, "lire l'article original": true, "fuente": true, "artículo original": true,
	"fonte": true, "artigo original": true, "المصدر": true, "المقال الأصلي": true, "zum originalartikel": true, "view original": true}

// isCreditLinkText is creditLinkTexts[strings.ToLower(t)]. Most links
// (menus, lists) are short ASCII: lowered on the stack, not allocated.
func isCreditLinkText(t string) bool {
	var buf [32]byte
	if low, ok := lowerShortASCII(buf[:], t); ok {
		return creditLinkTexts[string(low)]
	}
	return creditLinkTexts[strings.ToLower(t)]
}

// labelledCredit reports whether a short line opens with a credit label.
func labelledCredit(low string) bool {
	if len(low) > 160 {
		return false
	}
	for _, l := range creditLabels {
		if strings.HasPrefix(low, l) {
			return true
		}
	}
	return false
}

// credit records the block holding text node n when its text credits an
// original. A "Source:" label counts only as the start of a short block
// outside figures and tables (there it cites data, not an original).
func (s *pageScan) credit(n *html.Node, t, low string, ctx scanCtx) {
	if !anyCreditSet.any(low) && !labelledCredit(low) {
		return
	}
	blk := enclosingBlock(n)
	for p := blk; p != nil; p = p.Parent {
		switch p.DataAtom {
		case atom.Figure, atom.Figcaption, atom.Table, atom.Caption, atom.Blockquote, atom.Cite:
			return
		}
	}
	text := nodeText(blk, 600)
	textLow := strings.ToLower(text)
	strong := isCreditText(textLow)
	if !strong && (!labelledCredit(textLow) || captionLike(blk)) {
		return
	}
	if strong && len(text) > 600 {
		return
	}
	c := creditLine{text: text, strong: strong, pos: s.nText, ctx: ctx}
	walkBounded(blk, 300, func(e *html.Node) bool {
		if e.Type == html.ElementNode && e.DataAtom == atom.A {
			if h := strings.TrimSpace(attr(e, "href")); h != "" {
				c.hrefs = append(c.hrefs, h)
			}
		}
		return len(c.hrefs) < 6
	})
	if len(c.hrefs) == 0 {
		if u := bareURL.FindString(text); u != "" {
			c.hrefs = append(c.hrefs, strings.TrimRight(u, ".,;)"))
		}
	}
	s.credits = append(s.credits, c)
}

// captionLike reports whether a block sits under (or holds) a picture or a
// table: a "Source:" there credits the figure.
func captionLike(blk *html.Node) bool {
	media := func(n *html.Node) bool {
		found := false
		walkBounded(n, 200, func(e *html.Node) bool {
			if e.Type == html.ElementNode {
				switch e.DataAtom {
				case atom.Img, atom.Picture, atom.Svg, atom.Figure, atom.Table, atom.Video, atom.Iframe:
					found = true
				}
			}
			return !found
		})
		return found
	}
	if media(blk) {
		return true
	}
	for p := blk.PrevSibling; p != nil; p = p.PrevSibling {
		if p.Type == html.ElementNode {
			return media(p)
		}
	}
	return false
}

var bareURL = lazyCompile(`https?://[^\s<>"]+`)

// sourceLink records a link whose whole text is "Source", "Original", ….
func (s *pageScan) sourceLink(n *html.Node, ctx scanCtx) {
	h := strings.TrimSpace(attr(n, "href"))
	if h == "" || strings.HasPrefix(h, "#") {
		return
	}
	t := strings.Trim(nodeText(n, 40), " :›»→….")
	if !isCreditLinkText(t) {
		return
	}
	t = strings.ToLower(t)
	// By a byline or a meta line ("Written by 2:56 pm Source News"), not
	// alone under a picture or inside a caption.
	blk := enclosingBlock(n)
	for p := blk; p != nil; p = p.Parent {
		if p.DataAtom == atom.Figure || p.DataAtom == atom.Figcaption {
			return
		}
	}
	if len(nodeText(blk, 200)) <= len(t)+3 || captionLike(blk) {
		return
	}
	s.sourceLinks = append(s.sourceLinks, creditLink{href: h, pos: s.nText, ctx: ctx})
}

// enclosingBlock returns the nearest block-level ancestor of n (or <body>,
// or the topmost ancestor when there is neither).
func enclosingBlock(n *html.Node) *html.Node {
	blk := n.Parent
	for blk.Parent != nil && !blockAtoms[blk.DataAtom] && blk.DataAtom != atom.Body {
		blk = blk.Parent
	}
	return blk
}

// pullquote records the text of a pull quote and of its <cite>: both
// repeat or credit the body, so the text drops paragraphs equal to them.
func (s *pageScan) pullquote(n *html.Node) {
	if c, id := attr(n, "class"), attr(n, "id"); !pullquoteMark(c) && !pullquoteMark(id) {
		return
	}
	if t := nodeText(n, 600); t != "" {
		s.pullquotes = append(s.pullquotes, t)
	}
	walkBounded(n, 200, func(e *html.Node) bool {
		if e.Type == html.ElementNode && e.DataAtom == atom.P {
			if t := nodeText(e, 600); t != "" {
				s.pullquotes = append(s.pullquotes, t)
			}
		}
		if e.Type == html.ElementNode && (e.DataAtom == atom.Cite || e.DataAtom == atom.Figcaption) {
			if t := nodeText(e, 200); t != "" {
				s.pullquotes = append(s.pullquotes, t)
			}
			if t := nodeText(e.Parent, 600); t != "" && e.Parent != n {
				s.pullquotes = append(s.pullquotes, t)
			}
		}
		return len(s.pullquotes) < maxScanItems
	})
}

// pullquoteMark reports whether a class or id names a pull quote, as
// strings.Contains(classID(n), …) would, without lower-casing (on every
// element): no non-ASCII rune lower-cases to the words' letters.
func pullquoteMark(v string) bool {
	return v != "" && (indexLowerASCII(v, "pullquote") >= 0 || indexLowerASCII(v, "pull-quote") >= 0 || indexLowerASCII(v, "pull_quote") >= 0)
}

// shareHosts are never an original publisher.
var shareHosts = map[string]bool{
	"facebook.com": true, "twitter.com": true, "x.com": true, "linkedin.com": true, "whatsapp.com": true, "t.me": true,
	"instagram.com": true, "youtube.com": true, "reddit.com": true, "pinterest.com": true, "google.com": true,
	"addtoany.com": true, "sharethis.com": true, "wa.me": true, "telegram.me": true, "tumblr.com": true, "flipboard.com": true,
	"creativecommons.org": true, "bsky.app": true, "mastodon.social": true, "xing.com": true, "vk.com": true,
	"doi.org": true, "nih.gov": true, "arxiv.org": true, "archive.org": true, "web.archive.org": true, "wikipedia.org": true, "bit.ly": true,
}

// hostingSuffixes are the shared hosts a publisher stages or mirrors its
// own site on ("example.wpengine.com", "example-staging.netlify.app").
var hostingSuffixes = []string{"wpengine.com", "wpenginepowered.com", "netlify.app", "vercel.app", "herokuapp.com", "pantheonsite.io",
	"azurewebsites.net", "github.io", "wordpress.com", "kinsta.cloud", "cloudfront.net", "ampproject.org", "googleusercontent.com",
	"flywheelsites.com", "myshopify.com", "web.app", "firebaseapp.com", "appspot.com", "amazonaws.com"}

// siteLabel is a host's registrable domain without its public suffix
// ("brookings" for www.brookings.edu and brookings.co.uk).
func siteLabel(domain string) string {
	if i := strings.IndexByte(domain, '.'); i > 0 {
		return domain[:i]
	}
	return domain
}

// sameSite reports whether two absolute URLs belong to one publisher: the
// same registrable domain, the same name under another suffix, or a
// staging/mobile/mirror host carrying the publisher's name.
func sameSite(a, b string) bool {
	// Sites on bare addresses (loopback test and demo servers) are told
	// apart by address and port.
	if ipa, ipb := addrSite(a), addrSite(b); ipa != "" || ipb != "" {
		return ipa == ipb
	}
	da, db := domainOf(a), domainOf(b)
	if da == "" || db == "" {
		return false
	}
	if da == db {
		return true
	}
	la, lb := siteLabel(da), siteLabel(db)
	if la == lb && len(la) >= 3 {
		return true
	}
	ha, hb := hostOf(a), hostOf(b)
	// A subdomain named after the other site ("economictimes.indiatimes.com"
	// and "m.economictimes.com").
	if hostHasLabel(ha, lb) || hostHasLabel(hb, la) {
		return true
	}
	for _, pair := range [][2]string{{ha, lb}, {hb, la}} {
		host, label := pair[0], pair[1]
		if len(label) < 4 {
			continue
		}
		flat, flatLabel := strings.ReplaceAll(host, "-", ""), strings.ReplaceAll(label, "-", "")
		if !strings.Contains(flat, flatLabel) {
			continue
		}
		// "example.wpengine.com", "example-staging.netlify.app",
		// "example-com-blog.cluster-1.org"
		for _, suf := range hostingSuffixes {
			if strings.HasSuffix(host, suf) {
				return true
			}
		}
		for _, w := range []string{"staging", "stage", "preview", "dev", "test", "beta", "amp", "cdn", "mirror", "cluster", "origin"} {
			if strings.Contains(host, w) {
				return true
			}
		}
	}
	return false
}

// hostHasLabel reports whether a dot-separated label of host, other than
// its last two, is label.
func hostHasLabel(host, label string) bool {
	if len(label) < 4 {
		return false
	}
	parts := strings.Split(host, ".")
	for i := 0; i+2 < len(parts); i++ {
		if parts[i] == label {
			return true
		}
	}
	return false
}

// addrSite is host:port for a URL on an IP address or localhost, "" for
// any other URL.
func addrSite(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	h := u.Hostname()
	if h == "localhost" || net.ParseIP(h) != nil {
		return strings.ToLower(u.Host)
	}
	return ""
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// elsewhere returns u when it is an article URL on another publisher's
// site than the page's (not a home page, not a share or reference host).
func elsewhere(u, self string) string {
	d := domainOf(u)
	if d == "" || shareHosts[d] || sameSite(u, self) {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil || strings.Trim(p.Path, "/") == "" && p.RawQuery == "" {
		return "" // a home page names the publisher, not the article
	}
	switch strings.ToLower(path.Ext(p.Path)) {
	case ".pdf", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".mp4", ".mp3", ".zip", ".doc", ".docx", ".xls", ".xlsx", ".csv":
		return "" // a document or file cited, not an article copied
	}
	return u
}

// sourceSignal is where the original is, and what said so.
type sourceSignal struct {
	url, from string
	credit    *creditLine // the credit line that gave it, if one did
}

// readSource finds the original of a syndicated copy from, in order of
// trust: Google's syndication-source/original-source meta, JSON-LD
// isBasedOn, a canonical or og:url on another site, a credit line, a
// "Source" link near the byline, and JSON-LD sourceOrganization or
// copyrightHolder pointing to an article elsewhere.
func readSource(s *pageScan, ld ldInfo, base *url.URL, canonical, ogURL string, anchor int) sourceSignal {
	if base == nil || domainOf(base.String()) == "" {
		return sourceSignal{}
	}
	self := base.String()
	for _, k := range []string{"syndication-source", "original-source"} {
		if u := elsewhere(resolveURL(base, s.first(k)), self); u != "" {
			return sourceSignal{url: u, from: SourceFromMeta}
		}
	}
	if u := elsewhere(resolveURL(base, ld.basedOn), self); u != "" {
		return sourceSignal{url: u, from: SourceFromJSONLD}
	}
	if u := elsewhere(canonical, self); u != "" {
		return sourceSignal{url: u, from: SourceFromCanonical}
	}
	if u := elsewhere(ogURL, self); u != "" && (canonical == "" || !sameSite(canonical, self) || sameURL(canonical, ogURL)) {
		return sourceSignal{url: u, from: SourceFromOGURL}
	}
	for i := range s.credits {
		c := &s.credits[i]
		if !c.strong {
			continue // a "Source:" label must sit at an edge of the text (sourceFromLabel)
		}
		for _, h := range c.hrefs {
			if u := elsewhere(resolveURL(base, h), self); u != "" {
				return sourceSignal{url: u, from: SourceFromCredit, credit: c}
			}
		}
	}
	for _, l := range s.sourceLinks {
		if anchor < 0 || l.pos-anchor < -nearTitle || l.pos-anchor > 3*nearTitle {
			continue // by the byline only: in the body it cites a fact
		}
		if u := elsewhere(resolveURL(base, l.href), self); u != "" {
			return sourceSignal{url: u, from: SourceFromLink}
		}
	}
	for _, o := range ld.sourceOrgURLs {
		if u := elsewhere(resolveURL(base, o), self); u != "" {
			return sourceSignal{url: u, from: SourceFromJSONLD}
		}
	}
	return sourceSignal{}
}

// sourceFromLabel finds the original in a "Source: …" line that opens or
// closes the article's text: in the middle of the text such a line cites
// a fact or a figure, not the original.
func sourceFromLabel(a *Article, m *metadata) {
	if a.SourceURL != "" || m.scan == nil || a.Text == "" || m.base == nil {
		return
	}
	self := m.base.String()
	for i := range m.scan.credits {
		c := &m.scan.credits[i]
		if c.strong || c.ctx&ctxChrome != 0 || len(c.text) > 120 {
			continue
		}
		if c.pos > m.scan.firstLong && c.pos < m.scan.lastLong {
			continue
		}
		for _, h := range c.hrefs {
			if u := elsewhere(resolveURL(m.base, h), self); u != "" {
				a.SourceURL, a.SourceURLFrom, m.credit = u, SourceFromCredit, c
				return
			}
		}
	}
}

// isCreditSentence reports whether a paragraph of text is an attribution
// sentence of a copy: it holds a credit phrase and is short, or it is a
// "Source: …" line that matches the page's credit line.
func isCreditSentence(p string, credits []string) bool {
	if len(p) > 400 {
		return false
	}
	if isCreditText(strings.ToLower(p)) {
		return true
	}
	fp := foldText(p)
	for _, c := range credits {
		if fc := foldText(c); fc != "" && (fp == fc || len(fc) >= 12 && strings.HasPrefix(fp, fc)) {
			return true
		}
	}
	return false
}

// deskWords name aggregator staff and bot accounts, not people.
var deskWords = map[string]bool{
	"autopost": true, "auto post": true, "autoposter": true, "auto poster": true, "admin": true, "administrator": true,
	"editor": true, "editors": true, "the editors": true, "newsdesk": true, "news desk": true, "web desk": true, "webdesk": true,
	"staff": true, "staff writer": true, "staff reporter": true, "guest": true, "guest contributor": true, "guest author": true,
	"guest post": true, "contributor": true, "contributors": true, "editorial": true, "editorial team": true, "editorial staff": true,
	"editorial board": true, "redaction": true, "rédaction": true, "la rédaction": true, "redaktion": true, "die redaktion": true,
	"redacción": true, "redação": true, "desk": true, "bot": true, "feed": true, "rss": true, "wire": true, "syndication": true,
	"press release": true, "webmaster": true, "team": true, "news": true, "التحرير": true, "هيئة التحرير": true,
}

// deskSuffixes end desk account names ("Pulse Newsdesk", "Digital Desk").
var deskSuffixes = []string{" desk", " newsdesk", " staff", " team", " editors", " bot", " admin", " redaktion", " rédaction", " wire", " feed"}

// isDeskAccount reports whether an author name is an aggregator's staff or
// bot account (or the site itself) rather than a writer.
func isDeskAccount(name string, site siteNames) bool {
	low := strings.ToLower(foldSpace(name))
	low = strings.TrimPrefix(low, "by ")
	if deskWords[low] || site.matches(name) {
		return true
	}
	if strings.ContainsAny(low, "_@") || strings.HasPrefix(low, "admin") || strings.HasPrefix(low, "autopost") {
		return true
	}
	for _, s := range deskSuffixes {
		if strings.HasSuffix(low, s) {
			return true
		}
	}
	return false
}
