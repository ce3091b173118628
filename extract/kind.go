package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// hubInfo is what the intact page says about its kind, read before pruning.
type hubInfo struct {
	ogType        string
	path          string
	query         string
	teasers       int // <article> elements and linked headings
	longParas     int // <p> with 200+ runes outside links
	links         int
	text          int
	linkText      int
	jsonLDArticle bool
	titles        []string // <title> and og:title, to drop a repeated title
	descriptions  []string // meta/og/twitter descriptions, to find the lead
}

var (
	// reHubPath is a listing's URL: a section, tag, author, search or date
	// archive, or a numbered page of one.
	reHubPath = lazyCompile(`(?i)(/(tags?|topics?|category|categories|section|sections|authors?|auteurs?|autoren|etiquettes?|mots?-cles?|rubriques?|thema|themen|schlagworte?|kategorien?)(/[^/.]+)?/?$|/(search|suche|recherche|archives?|latest|news|blogs?|publications|research|analysis|experts|themes?)/?$|/(page|seite)/\d+/?$|/\d{4}(/\d{1,2})?/?$)`)
	// reArticlePath is an article's URL: a dated path, a long slug, an id.
	reArticlePath = lazyCompile(`(?i)(/\d{4}/\d{1,2}/\d{1,2}/.|/\d{4}/\d{1,2}/[^/]+-|/\d{4}-\d{2}-\d{2}|\d{5,}|\.s?html?$|\.aspx?$|\.php$|[a-z0-9]+-[a-z0-9]+-[a-z0-9]+-[a-z0-9]+)`)
)

// hubSignals reads page-kind evidence from the intact document.
func (x *extractor) hubSignals(root, bodyNode *html.Node) hubInfo {
	var h hubInfo
	if x.base != nil {
		h.path = x.base.Path
		h.query = x.base.RawQuery
	}
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				switch nattr(n, "property") {
				case "og:type":
					h.ogType = strings.ToLower(strings.TrimSpace(nattr(n, "content")))
				case "og:title":
					h.titles = append(h.titles, nattr(n, "content"))
				case "og:description", "twitter:description":
					h.descriptions = append(h.descriptions, nattr(n, "content"))
				}
				switch nattr(n, "name") {
				case "description", "twitter:description":
					h.descriptions = append(h.descriptions, nattr(n, "content"))
				}
			case atom.Title:
				if n.FirstChild != nil {
					h.titles = append(h.titles, n.FirstChild.Data)
				}
			case atom.Script:
				if nattr(n, "type") == "application/ld+json" && n.FirstChild != nil {
					d := n.FirstChild.Data
					if strings.Contains(d, `"NewsArticle"`) || strings.Contains(d, `"Article"`) ||
						strings.Contains(d, `"BlogPosting"`) || strings.Contains(d, `"Report"`) ||
						strings.Contains(d, `"ScholarlyArticle"`) || strings.Contains(d, `"OpinionNewsArticle"`) {
						h.jsonLDArticle = true
					}
				}
				continue
			case atom.Style, atom.Noscript, atom.Template:
				continue
			case atom.Article:
				h.teasers++
			case atom.H2, atom.H3, atom.H4:
				if hasDescendant(n, atom.A) || n.Parent != nil && n.Parent.DataAtom == atom.A {
					h.teasers++
				}
			case atom.A:
				h.links++
			case atom.P:
				if t, l := textAndLink(n); t-l >= 200 {
					h.longParas++
				}
			}
		}
		if n.Type == html.TextNode {
			t, _ := visibleRunes(n.Data)
			h.text += t
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	return h
}

func hasDescendant(n *html.Node, a atom.Atom) bool {
	stack := []*html.Node{n}
	for steps := 0; len(stack) > 0 && steps < 200; steps++ {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c != n && c.Type == html.ElementNode && c.DataAtom == a {
			return true
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			stack = append(stack, k)
		}
	}
	return false
}

// textAndLink counts a paragraph's visible runes and those inside links.
func textAndLink(p *html.Node) (text, link int) {
	type item struct {
		n      *html.Node
		inLink bool
	}
	stack := []item{{p, false}}
	for steps := 0; len(stack) > 0 && steps < 2000; steps++ {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.n.Type == html.TextNode {
			t, _ := visibleRunes(it.n.Data)
			text += t
			if it.inLink {
				link += t
			}
			continue
		}
		in := it.inLink || it.n.Type == html.ElementNode && it.n.DataAtom == atom.A
		for k := it.n.FirstChild; k != nil; k = k.NextSibling {
			stack = append(stack, item{k, in})
		}
	}
	return text, link
}

// decideKind scores hub evidence against article evidence. Positive means
// hub. Each signal is weak alone; listings show several at once.
func (x *extractor) decideKind(h hubInfo, bs []block) string {
	score := 0
	path := strings.TrimRight(h.path, "/")
	switch {
	case h.path != "" && path == "":
		score += 3 // the home page
	case reHubPath.MatchString(h.path):
		score += 2
	case path != "" && reArticlePath.MatchString(path):
		score -= 2
	}
	if strings.Contains(h.query, "s=") || strings.Contains(h.query, "q=") || strings.Contains(h.query, "page=") {
		score++
	}
	switch h.ogType {
	case "article", "newsarticle", "blogposting":
		score -= 2
	case "website", "profile", "blog":
		score++
	}
	if h.jsonLDArticle {
		score -= 2
	}
	if h.teasers >= 6 {
		score += 2
	}
	if h.teasers >= 12 {
		score++
	}
	// The body itself: long running prose is the strongest article signal.
	long, chars := 0, 0
	for _, b := range bs {
		chars += b.chars - b.link
		if b.kind == bPara && b.chars-b.link >= 200 {
			long++
		}
	}
	switch {
	case long >= 4 || chars >= 2500:
		score -= 3
	case long >= 2 || chars >= 1000:
		score -= 1
	case long == 0 && chars < 500:
		score += 2
	}
	if h.text > 0 && h.links > 0 && h.longParas < 2 && h.links >= 60 {
		score++
	}
	// A false hub loses an article (the crawler will not archive it), a
	// false article only costs space: lean towards article.
	if score >= 3 {
		return KindHub
	}
	return KindArticle
}
