package extract

import (
	"fmt"
	"strings"
	"testing"
)

func TestKindTranscriptOnTypedCourse(t *testing.T) {
	// A lesson typed as a schema.org Course whose text is a video's
	// transcript: one long list item, no paragraphs. The running text
	// makes it an article, whatever the type says.
	transcript := strings.Repeat("In this video we look at what a smartphone is and what you can do with one, "+
		"from making a call to reading the news, and how it differs from a tablet. ", 8)
	page := `<html><head><title>What is a smartphone?</title><meta property="og:type" content="website">` +
		`<script type="application/ld+json">{"@context":"https://schema.org","@type":"Course","name":"What is a smartphone?"}</script></head><body>` + kindNav +
		`<main><h1>What is a smartphone?</h1><p>This course teaches what a smartphone is.</p><h2>Transcript</h2><ul><li>` + transcript + `</li></ul>` +
		`<h2>Activities</h2><h3>Get to know your smartphone</h3><p>6 min</p></main>` + kindFoot + `</body></html>`
	if k, ev := kindOf(t, page, "https://learn.example/topic-library/basics/what-is-a-smartphone"); k != KindArticle {
		t.Errorf("kind %q, want article\n%+v", k, *ev)
	}
	// The same block on a page that sells (priced tiles with carts) is a
	// product's description: the page stays a page.
	var b strings.Builder
	b.WriteString(strings.Replace(page, `"@type":"Course"`, `"@type":"Product"`, 1))
	tiles := `<ul class="grid">`
	for i := range 6 {
		tiles += fmt.Sprintf(`<li class="product-tile"><a href="/p/phone-%d"><img src="/i/%d.jpg" alt=""><h3>Phone case %d</h3></a><div class="price"><span>$%d.99</span></div><button class="btn add-to-cart">Add to cart</button></li>`, i, i, i, 10+i)
	}
	sold := strings.Replace(b.String(), `</main>`, tiles+`</ul></main>`, 1)
	if k, ev := kindOf(t, sold, "https://shop.example/p/smartphone-guide"); k != KindPage {
		t.Errorf("product with a long description: kind %q, want page\n%+v", k, *ev)
	}
}

func TestKindProseAmongLinkedHeadings(t *testing.T) {
	// A topic page whose content is prose (a few paragraphs, one of them
	// long), under a menu of a dozen linked headings and a hundred links that no
	// navigation element marks: the linked headings are the site's, not the content's,
	// and the page stays an article.
	var b strings.Builder
	b.WriteString(`<html><head><title>How to take care of your oral health</title></head><body><div class="mega">`)
	for i := range 14 {
		fmt.Fprintf(&b, `<div class="col"><h3><a href="/topic-%d">Health topic %d</a></h3>`, i, i)
		for j := range 9 {
			fmt.Fprintf(&b, `<a href="/topic-%d/%d">Subtopic %d</a> `, i, j, j)
		}
		b.WriteString(`</div>`)
	}
	b.WriteString(`</div><main><h1>How to take care of your oral health</h1>` + longProse("oral health") +
		`<p>Small steps, like seeing a dentist regularly, help you protect your teeth at any age.</p>` +
		`<p>Our campaign offers materials to help your family take good care of your teeth.</p>` +
		`<p>Gum disease is the most common cause of tooth loss among adults, and it can be prevented.</p>` +
		`<p>Between 2015 and 2018, one child in eight had untreated cavities in their teeth.</p>` +
		`<p>Brushing twice a day with a fluoride toothpaste and cleaning between the teeth once a day keep most of it away.</p></main>` + kindFoot + `</body></html>`)
	if k, ev := kindOf(t, b.String(), "https://health.example/oral-health"); k != KindArticle {
		t.Errorf("kind %q, want article\n%+v", k, *ev)
	}
}
