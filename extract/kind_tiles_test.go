package extract

import (
	"os"
	"path/filepath"
	"testing"
)

// kindFixture judges the kind of the page in testdata/kind18/name as served
// at pageURL.
func kindFixture(t *testing.T, name, pageURL string) (string, *kindEvidence) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "kind18", name))
	if err != nil {
		t.Fatal(err)
	}
	return kindOf(t, string(b), pageURL)
}

// An importer's brand page: a paragraph on the brewery over a grid of its
// products, each tile an image link, the name, a price and a "Shop Now"
// button, under an SEO plugin's og:type article. The buttons' words are
// the only linked text: the tiles are a shop's grid all the same.
func TestKindShopTilesWithButtons(t *testing.T) {
	k, ev := kindFixture(t, "brand-grid.html", "https://sake.example/premier-imports/kamikawa/")
	if k != KindHub || ev.CardPriced < 8 || ev.CardProduct < 8 {
		t.Errorf("brand page with a grid of priced tiles: kind %q (priced %d, product %d), want hub\n%+v", k, ev.CardPriced, ev.CardProduct, *ev)
	}
	// A service's pricing plans have a price and a button each too, but
	// list the plan's features: no shop's grid.
	if k, ev := kindFixture(t, "pricing-plans.html", "https://planwise.example/pricing/"); k != KindArticle || ev.CardPriced != 0 {
		t.Errorf("pricing plans: kind %q (priced %d), want article\n%+v", k, ev.CardPriced, *ev)
	}
}

// A podcast directory's category, one page of many: tiles of an image
// link, the show's name as a heading, a "More" button that reveals a
// description in place and a "Show" button to the show's page, over a
// pager. The tiles' only linked text is the button's, and their
// descriptions read as prose: the tiles, whose links all lead to one
// show each, and the pager under them make it a listing.
func TestKindDirectoryTilesOverPager(t *testing.T) {
	k, ev := kindFixture(t, "directory-page.html", "https://podcasts.example/categories/inspect/id/7")
	if k != KindHub || ev.ContentCardGroup < 12 || !ev.PagerBlock {
		t.Errorf("directory page: kind %q (content cards %d, pager %v), want hub\n%+v", k, ev.ContentCardGroup, ev.PagerBlock, *ev)
	}
}
