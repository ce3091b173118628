package extract

import (
	"fmt"
	"strings"
	"testing"
)

// drupalView is a Drupal views listing of a taxonomy term: menu, the
// term's heading and description, a "views-row" per node (linked title,
// date, teaser, "Read more"), the pager, a sidebar block, footer.
func drupalView(posts int) string {
	var b strings.Builder
	b.WriteString(`<html><head><title>Gardening – Green Thumb</title></head><body class="archive category">
<header id="site-header"><nav class="primary-menu"><ul><li><a href="/">Home</a></li><li><a href="/about/">About</a></li><li><a href="/contact/">Contact</a></li></ul></nav></header>
<main id="site-content"><header class="archive-header"><h1 class="archive-title">Category: Gardening</h1>
<div class="archive-description"><p>Seasonal advice for small gardens, balconies and allotments, tested by our editors.</p></div></header>`)
	for i := range posts {
		fmt.Fprintf(&b, `<article class="views-row node-%d node--type-article"><header class="entry-header"><h2 class="entry-title"><a href="/2024/05/post-%d/">Growing tomatoes on a balcony, part %d</a></h2>
<div class="entry-meta"><time datetime="2024-05-%02d">May %d, 2024</time></div></header>
<div class="entry-content"><p>Cherry tomatoes need six hours of sun, a deep pot and steady watering; here is how we kept plant %d cropping until October.</p>
<p><a class="more-link" href="/2024/05/post-%d/">Read more</a></p></div></article>`, i, i, i, i+1, i+1, i, i)
	}
	b.WriteString(`<nav class="navigation pagination"><a class="page-numbers" href="/category/gardening/page/2/">2</a><a class="next page-numbers" href="/category/gardening/page/2/">Next</a></nav></main>
<aside class="widget-area"><section class="widget"><h2>Recent posts</h2><ul><li><a href="/a/">Composting in winter</a></li><li><a href="/b/">Pruning roses</a></li><li><a href="/c/">Seed swaps near you</a></li></ul></section></aside>
<footer id="site-footer"><p>© 2024 Green Thumb. Powered by Drupal.</p></footer></body></html>`)
	return b.String()
}

func TestHubTextIsItsItems(t *testing.T) {
	a, err := FromHTML([]byte(drupalView(8)), "https://greenthumb.example/category/gardening/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Kind != KindHub {
		t.Fatalf("kind %q, want hub", a.Kind)
	}
	for _, want := range []string{"Category: Gardening", "Seasonal advice for small gardens",
		"Growing tomatoes on a balcony, part 0", "Growing tomatoes on a balcony, part 7", "kept plant 7 cropping"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("hub text lacks %q:\n%s", want, a.Text)
		}
	}
	for _, chrome := range []string{"About", "Next", "Recent posts", "Composting in winter", "Powered by Drupal", "Read more"} {
		if strings.Contains(a.Text, chrome) {
			t.Errorf("hub text keeps chrome %q:\n%s", chrome, a.Text)
		}
	}
	if !strings.Contains(a.Markdown, "\n- [Growing tomatoes on a balcony, part 3](https://greenthumb.example/2024/05/post-3/)\n\n  Cherry tomatoes") {
		t.Errorf("hub markdown lacks the item as a list entry, its linked title over its teaser:\n%s", a.Markdown)
	}
}

// A shop's category page (Shopify-style): filters, the product grid
// (linked name, price, an "Add to cart" button), pagination, then a buying guide
// the article rules keep. The guide stays, after the products.
func TestHubKeepsGuideBelowGrid(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><body><nav class="main-menu"><a href="/">Shop</a><a href="/cart/">Cart</a></nav><main>
<h1 class="page-title">Trail running shoes</h1><form class="filters"><select><option>Sort by price</option></select></form><ul class="products columns-4">`)
	for i := range 9 {
		fmt.Fprintf(&b, `<li class="product type-product"><a href="/product/trail-%d/"><img src="/i/%d.jpg" alt=""><h2 class="product-title">Ridge runner trail shoe model %d</h2></a><span class="price">$%d.00</span><form action="/cart/add"><button type="submit">Add to cart</button></form></li>`, i, i, i, 90+i)
	}
	b.WriteString(`</ul><nav class="woocommerce-pagination"><a href="/page/2/">2</a></nav><div class="term-description"><h2>How to choose trail shoes</h2>`)
	for _, topic := range []string{"grip", "cushioning", "fit"} {
		b.WriteString(longProse(topic))
	}
	b.WriteString(`</div></main><footer class="site-footer"><p>Free returns within 30 days.</p></footer></body></html>`)
	a, err := FromHTML([]byte(b.String()), "https://shop.example/product-category/trail-running/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Kind != KindHub {
		t.Fatalf("kind %q, want hub", a.Kind)
	}
	grid := strings.Index(a.Text, "Ridge runner trail shoe model 8")
	guide := strings.Index(a.Text, "The cushioning report")
	if !strings.Contains(a.Text, "Trail running shoes") || !strings.Contains(a.Text, "$90.00") || grid < 0 || guide < grid {
		t.Errorf("want the heading, then the products with prices, then the guide:\n%s", a.Text)
	}
	for _, chrome := range []string{"Add to cart", "Cart", "Sort by price", "Free returns"} {
		if strings.Contains(a.Text, chrome) {
			t.Errorf("hub text keeps chrome %q:\n%s", chrome, a.Text)
		}
	}
}

// Drupal's teaser link says "Read more" to the eye and "Read more about
// <title>" to a screen reader, through a span its CSS draws off-screen;
// Bootstrap (sr-only) and WordPress (screen-reader-text) do the same.
// That span is no text of the page, and without it the link is chrome.
func TestHubDropsScreenReaderText(t *testing.T) {
	for _, class := range []string{"element-invisible", "sr-only", "screen-reader-text", "visually-hidden"} {
		page := strings.ReplaceAll(drupalView(8), `>Read more</a>`,
			`>Read more<span class="`+class+`"> about Growing tomatoes on a balcony</span></a>`)
		a, err := FromHTML([]byte(page), "https://greenthumb.example/category/gardening/", nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Kind != KindHub || !strings.Contains(a.Text, "kept plant 7 cropping") {
			t.Fatalf("%s: kind %q, want hub with its items:\n%s", class, a.Kind, a.Text)
		}
		if strings.Contains(a.Text, "Read more") {
			t.Errorf("%s: hub text keeps the hidden link text:\n%s", class, a.Text)
		}
	}
}

// Text only a screen reader is meant to hear (a link's "(opens in a new
// tab)", the label of an icon) is not read out of an article either:
// pruning drops it by its class, inline or not.
func TestArticleDropsScreenReaderText(t *testing.T) {
	page := `<html><body><main><article><h1>Winter pruning</h1>` + longProse("pruning") +
		`<p>The society's <a href="/guide.pdf">pruning guide<span class="sr-only"> (opens in a new tab)</span></a> has drawings of each cut; ` +
		`<a href="/roses/">roses<span class="visually-hidden">, our page on roses</span></a> are pruned later, in March.</p>` +
		longProse("roses") + `</article></main></body></html>`
	a, err := FromHTML([]byte(page), "https://blog.example/winter-pruning/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "The society's pruning guide has drawings of each cut; roses are pruned later") {
		t.Errorf("want the sentence as the page shows it:\n%s", a.Text)
	}
	for _, hidden := range []string{"opens in a new tab", "our page on roses"} {
		if strings.Contains(a.Text, hidden) {
			t.Errorf("article keeps screen-reader text %q:\n%s", hidden, a.Text)
		}
	}
}
