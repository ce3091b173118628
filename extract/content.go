package extract

import (
	"net/url"

	"github.com/PuerkitoBio/goquery"
)

// body is the extracted content. Owned by the content rules (content*.go).
type body struct {
	Text, Markdown string
	Kind           string
}

func (b *body) apply(a *Article) {
	a.Text, a.Markdown, a.Kind = b.Text, b.Markdown, b.Kind
}

// extractBody may modify doc. art holds the metadata read so far (title,
// authors...) so the body can drop a repeated title or byline.
func extractBody(doc *goquery.Document, base *url.URL, o *Options, art *Article) *body {
	return &body{Text: doc.Find("body").Text(), Kind: KindArticle}
}

// finish normalises the result: word count, nil slices to empty.
func finish(a *Article) {
	a.WordCount = countWords(a.Text)
	if a.Authors == nil {
		a.Authors = []string{}
	}
	if a.Topics == nil {
		a.Topics = []string{}
	}
	if a.Translations == nil {
		a.Translations = map[string]string{}
	}
}

func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		sp := r == ' ' || r == '\n' || r == '\t' || r == '\r'
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}
