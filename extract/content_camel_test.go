package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestSplitCamel(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ParkFooter ParkFooter-contact", "park-footer park-footer-contact"}, // the head word
		{"js-visitorMenuBody", "js-visitor-menu-body"},                       // a region word anywhere
		{"sideBarWidget", "sidebar-widget"},                                  // a pair makes the word
		{"mainNavBar", "main-navbar"},
		{"imgCaption", "img-caption"},
		{"CtaButton variant--Button", "ctabutton variant--button"}, // chrome words that only qualify
		{"sellerLegalText legalShipping", "sellerlegaltext legalshipping"},
		{"AdvertisingDisclosure", "advertisingdisclosure"},
		{"PriceTag TagList", "pricetag taglist"},                         // a single tag is an item's label
		{"jpUnAp Card_navBar x2SideBar", "jpunap card_navbar x2sidebar"}, // generated names
		{"post-footer Entry", "post-footer entry"},                       // no case change
		{"", ""},
	} {
		if got := splitCamel(c.in); got != c.want {
			t.Errorf("splitCamel(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// camelThemePage is a blog post in a theme of a React/Next.js page builder
// that names its blocks in camelCase, as such themes do.
func camelThemePage() string {
	return `<!doctype html><html lang="en"><head><title>Trail Notes</title></head><body>
<div class="siteWrapper">
<div class="js-visitorMenuBody"><ul>
  <li><a href="/visit">Plan your visit</a></li><li><a href="/maps">Maps and brochures</a></li>
  <li><a href="/alerts">Current conditions</a></li><li><a href="/fees">Fees and passes</a></li>
</ul></div>
<div class="pageColumns">
<div class="mainColumn"><div class="postBody">
  <h1>Winter on the Ridge Trail</h1>
  <p>` + prose("winter trail upkeep") + `</p>
  <p>` + prose("snow surveys") + `</p>
  <p>` + prose("volunteer crews") + `</p>
  <div class="CtaButton">Volunteer crews meet at the ranger station at eight every Saturday.</div>
  <div class="sellerLegalText">Rangers close the upper ridge when the avalanche danger is rated considerable or higher.</div>
  <div class="salesBanner">Annual passes are half price until the end of the month, for every park in the state.</div>
  <p>` + prose("the spring thaw") + `</p>
  <figure><img src="/ridge.jpg" alt=""><div class="imgCaption">The ridge after the first storm of the season, seen from the lower lot.</div></figure>
  <div class="articleFooter"><div class="relatedTopics">More on winter hiking, trail safety and avalanche forecasts in our guides</div></div>
</div></div>
<div class="sideBarWidget"><h3>Popular now</h3><ul>
  <li><a href="/a">Ten quiet campsites</a></li><li><a href="/b">Bears and you</a></li>
  <li><a href="/c">Night sky programs</a></li>
</ul></div>
</div>
<div class="ParkFooter"><div class="ParkFooter-contact">Contact Info <a href="tel:1">Phone: 209/372-0200</a>
  <a href="/contact">Contact Us</a></div></div>
</div></body></html>`
}

func TestBodyCamelCaseChrome(t *testing.T) {
	a, err := FromHTML([]byte(camelThemePage()), "https://park.example/blog/winter-on-the-ridge-trail", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{prose("winter trail upkeep"), prose("the spring thaw"),
		"Volunteer crews meet", "Rangers close the upper ridge"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	for _, junk := range []string{"Plan your visit", "Fees and passes", "Popular now", "Ten quiet campsites",
		"Contact Info", "Phone: 209",
		"Annual passes", "The ridge after", "More on winter hiking"} {
		if strings.Contains(a.Text, junk) {
			t.Errorf("text keeps %q:\n%s", junk, a.Text)
		}
	}
}

// forumThreadPage is a thread in a forum whose template names its page
// body in camelCase ("p-body-pageContent", as XenForo's does): the opening
// post, then the replies, each a short post of its own.
func forumThreadPage() string {
	post := func(user, text string) string {
		return `<article class="message message--post"><div class="message-inner">
  <div class="message-cell message-cell--user"><h4 class="message-name"><a href="/members/` + user + `">` + user + `</a></h4></div>
  <div class="message-cell message-cell--main"><div class="message-content"><div class="message-userContent"><div class="bbWrapper">` + text + `</div></div></div></div>
</div></article>`
	}
	return `<!doctype html><html lang="en"><head><title>Sourdough starter gone flat | Baking Forum</title></head><body>
<div class="p-pageWrapper">
<nav class="p-nav"><ul><li><a href="/forums">Forums</a></li><li><a href="/whats-new">What's new</a></li><li><a href="/members">Members</a></li></ul></nav>
<div class="p-body"><div class="p-body-inner"><div class="p-body-main"><div class="p-body-content">
<div class="p-body-pageContent">
<h1 class="p-title-value">Sourdough starter gone flat</h1>
<div class="block-container">
` + post("breadhead", `<p>`+prose("a starter that stopped rising")+`</p><p>`+prose("feeding schedules")+`</p><p>`+prose("flour brands")+`</p>`) + `
` + post("ryeguy", `Try feeding it twice a day with whole rye for a week; the bran wakes the yeast up again, in my experience every time.`) + `
` + post("crumbshot", `Check your kitchen temperature too. Below twenty degrees mine sulked for a month until I moved it onto the fridge.`) + `
` + post("breadhead", `Thanks both, the rye did it: it doubled in six hours this morning, and the loaf I baked tonight has an open crumb.`) + `
</div>
</div>
</div></div></div></div>
<footer class="p-footer"><a href="/help">Help</a> <a href="/terms">Terms and rules</a></footer>
</div></body></html>`
}

func TestForumThreadKeepsReplies(t *testing.T) {
	a, err := FromHTML([]byte(forumThreadPage()), "https://bakers.example/threads/sourdough-starter-gone-flat.4412/", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{prose("a starter that stopped rising"), prose("flour brands"),
		"feeding it twice a day with whole rye", "Check your kitchen temperature", "the rye did it"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	for _, junk := range []string{"What's new", "Terms and rules"} {
		if strings.Contains(a.Text, junk) {
			t.Errorf("text keeps %q:\n%s", junk, a.Text)
		}
	}
}

func TestHyphenCamel(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"p-body-pageContent", "p-body-page-content"},
		{"postBody newPostBody", "post-body new-post-body"},
		{"PostBody_portableText__Fbo7V entry-content", "postbody_portabletext__fbo7v entry-content"}, // generated
		{"article-body", "article-body"},
		{"", ""},
	} {
		if got := hyphenCamel(c.in); got != c.want {
			t.Errorf("hyphenCamel(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// cartDrawerPage is a shop's product page whose basket drawer, rendered
// into the page before the product, names itself "sliderCartContent".
func cartDrawerPage() string {
	return `<!doctype html><html lang="en"><head><title>Linen Apron | Loom and Field</title></head><body>
<div class="sliderCartContentContainer"><h3>Your basket</h3>
  <p>Your basket is empty. Orders over fifty pounds ship free within the mainland, and returns are free for thirty days from delivery.</p>
  <p>Gift wrapping can be added at checkout for any order, with a handwritten card in recycled paper and a ribbon in natural linen.</p>
</div>
<main><div class="product-main"><h1>Linen Apron</h1>
<div class="entry-content">
  <p>Woven from stonewashed Lithuanian linen, the apron ties at the back and has two deep pockets for tools and a towel loop at the side.</p>
  <p>Each apron is cut and sewn in our workshop in Devon; the linen softens with every wash and is pre-shrunk, so the fit stays true for years.</p>
  <p>Machine wash at forty degrees with similar colours, line dry in the shade and iron while damp for a crisp finish, or leave it rumpled.</p>
</div></div></main>
</body></html>`
}

func TestBodyMarkStartsAWord(t *testing.T) {
	root, err := html.Parse(strings.NewReader(cartDrawerPage()))
	if err != nil {
		t.Fatal(err)
	}
	x := newExtractor(nil, nil, &Article{})
	x.measure(findBody(root))
	if k := x.knownBody(); k == nil {
		t.Error("knownBody = nil, want the product's entry-content")
	} else if nattr(k, "class") != "entry-content" {
		t.Errorf("knownBody = %q, want the product's entry-content, not the basket drawer", rawClassID(k))
	}
}
