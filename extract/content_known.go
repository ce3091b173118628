package extract

import (
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// knownBodyMarks are class/id fragments CMSs give the article body
// (WordPress "entry-content", schema.org articleBody, ...). A container
// carrying one is a strong hint, checked against the scored candidate.
var knownBodyMarks = []string{"post-text", "post_text", "post-body", "post-entry", "postentry",
	"post-content", "post_content", "postcontent", "article-text", "articletext",
	"entry-content", "article-content", "article__content", "article-body", "article__body",
	"articlebody", "page-content", "text-content", "body-text", "article__container",
	"art-content", "story-body", "storycontent", "story-content", "field-body", "fulltext",
	"single-content", "blog-content", "rich-text", "richtext", "article-main", "content-body",
	"contentbody", "content__body"}

// knownBodyMarkSet checks a class for any of knownBodyMarks in one pass.
var knownBodyMarkSet = lazyPhraseSet(knownBodyMarks...)

// knownBody returns the first container marked as the article body that
// holds real prose, or nil.
func (x *extractor) knownBody() *html.Node {
	for _, n := range x.order {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Div, atom.Article, atom.Main, atom.Section:
		default:
			continue
		}
		marked := nattr(n, "itemprop") == "articleBody"
		if !marked {
			// A camelCase name is the same mark ("pageContent", "postBody"
			// as "page-content", "post-body": a forum's thread).
			raw := rawClassID(n)
			ci := hyphenCamel(raw)
			if !bodyRule("camelroles") {
				ci = strings.ToLower(raw)
			}
			if ci == "" || !knownBodyMarkSet().any(ci) || !marksAtWordStart(ci) {
				continue
			}
			marked = true
		}
		s := x.stats[n]
		if s != nil && s.text-s.link >= 200 && linkDensity(s) < 0.5 {
			return n
		}
	}
	return nil
}

// preferKnown decides between the marked body k and the scored choice.
// A marked body that holds the scored choice, or most of its prose, wins;
// a small marked box elsewhere (a teaser's "entry-content") does not.
func (x *extractor) preferKnown(k *html.Node, top []*html.Node) bool {
	if len(top) == 0 {
		return true
	}
	t := top[0]
	ks := x.st(k)
	kp, tp := ks.text-ks.link, 0
	for _, n := range top {
		s := x.st(n)
		tp += s.text - s.link
	}
	switch {
	case inLandmark(t) && !inLandmark(k):
		// The page's footer or sidebar outweighed a short article.
		return true
	case slices.Contains(top, k):
		// The marked box among the blocks picked: alone only when it
		// holds half their prose; a marked intro before the article's
		// sections is a piece of it, not all.
		return kp*2 >= tp
	case isAncestor(k, t):
		return true
	case isAncestor(t, k):
		return kp*10 >= tp*6
	}
	return kp*2 >= tp
}

// inLandmark reports whether n is, or sits in, a page footer, navigation
// or sidebar element: chrome kept only for its size.
func inLandmark(n *html.Node) bool {
	for a := n; a != nil && a.Type == html.ElementNode; a = a.Parent {
		switch a.DataAtom {
		case atom.Footer, atom.Nav, atom.Aside:
			return true
		}
	}
	return false
}

// marksAtWordStart reports whether one of knownBodyMarks starts a word of
// ci: "cart-content" holds "art-content" but is a shop's basket.
func marksAtWordStart(ci string) bool {
	for _, m := range knownBodyMarks {
		for i := strings.Index(ci, m); i >= 0; {
			if i == 0 || !isAlpha(ci[i-1]) {
				return true
			}
			j := strings.Index(ci[i+1:], m)
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	return false
}
