package extract

import "golang.org/x/net/html"

// A grid of teaser cards beside or below the article (related posts,
// "recommended", "latest", each a headline, maybe an image, a date and a
// blurb) is the site's recirculation, not the article. The blurbs are
// paragraphs, and the links are often empty (an overlay or image link
// beside a plain headline), so by paragraphs and link density the grid
// reads as more of the article: the rules that add content beside the
// winner (a sibling, the next block, a wider ancestor) ask teaserGrid
// first.

// teaserGrid reports whether most of n's text sits in runs of teaser
// cards, as findCards sees them (a headline link, or an image or overlay
// link beside a plain headline, in three or more like siblings).
func (x *extractor) teaserGrid(n *html.Node) bool {
	c := x.findCards(n)
	return c.cards >= cardMin && 2*c.text >= x.st(n).text
}
