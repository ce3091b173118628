package extract

import (
	"cmp"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cardsCase is a page under testdata/cards18 with what its text must hold
// and must not.
type cardsCase struct {
	file, url  string
	want, junk []string
	once       []string // in the text exactly once
	kind       string   // KindArticle when empty
}

var (
	tariffText = []string{"The regional water authority approved a new tariff", "while cities take on the cost of the new treatment plants"}
	tilesText  = []string{"Wells run deeper as aquifers fall", "Hydrologists measured a steady fall", "Open data on river flows goes online"}
)

var cardsCases = []cardsCase{
	{
		// A short article beside a grid of twenty related posts drawn as
		// tiles (an empty link over the image, a plain headline, a dated
		// blurb): the blurbs are paragraphs with no link text, so the
		// grid scored as a sibling holding more of the article (rule
		// teasergrid).
		file: "related-tiles.html", url: "https://riverweekly.example/news/basin-authority-agrees-new-water-tariff",
		want: tariffText,
		junk: tilesText,
	},
	{
		// The same grid one wrapper down: widening from the article to
		// the page's wrapper looked like finding the article's missing
		// paragraphs, and the wrapper right after the article looked
		// like the article going on (teasergrid in widen and nextprose).
		file: "related-tiles-nested.html", url: "https://riverweekly.example/news/basin-authority-agrees-new-water-tariff",
		want: tariffText,
		junk: tilesText,
	},
	{
		// The CMS sends a second, hidden copy of the article right after
		// it (a mobile or gated variant), its paragraphs deep in
		// wrappers: the article going on, to the rule nextprose, whose
		// paragraphs dedupe then drops, leaving the copy's headings and
		// short lines twice.
		file: "hidden-copy.html", url: "https://blog.example/best-social-media-agencies",
		want: []string{"Choosing an agency starts with knowing what you need"},
		once: []string{"Pricing at a glance", "Starter: $5,000 per month", "How to choose"},
	},
	{
		// Course cards inside the article's body under a heading of their
		// own (a category label, a linked headline, a blurb, an image):
		// the site's promotion, not the article (rule teaserrun). The
		// modules above them, each a link to a page under the article's
		// own path and a line on it, are its table of contents; the
		// numbered steps, each a link and a line, its advice.
		file: "course-cards.html", url: "https://marketing.example/what-is-digital-marketing/",
		want: []string{"Most small firms start with search and email", "A plan that works sets a goal for each channel",
			"Plan your first campaign", "This module walks you through a first campaign",
			"Choose two channels", "Start with the two channels your customers already use"},
		junk: []string{"Navigating Google Analytics", "This course gives a basic overview", "Understand how search engines rank pages"},
	},
	{
		// The same cards on a page whose title counts them ("4 marketing
		// courses worth taking"): the list is the article.
		file: "counted-cards.html", url: "https://marketing.example/4-marketing-courses/",
		want: []string{"Navigating Google Analytics", "This course gives a basic overview", "Understand how search engines rank pages"},
	},
	{
		// A page made of the same cards under a short introduction (a
		// course catalogue typed article): they are its content. Cut,
		// the page lost its text to the hub's list and read as a hub.
		file: "course-listing.html", url: "https://marketing.example/courses/",
		want: []string{"Navigating Google Analytics", "Plan a year of posts around your customers' questions"},
	},
}

func TestCardsCases(t *testing.T) {
	for _, c := range cardsCases {
		t.Run(c.file, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", "cards18", c.file))
			if err != nil {
				t.Fatal(err)
			}
			a, err := FromHTML(src, c.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			if want := cmp.Or(c.kind, KindArticle); a.Kind != want {
				t.Errorf("kind = %s, want %s", a.Kind, want)
			}
			for _, w := range c.want {
				if !strings.Contains(a.Text, w) {
					t.Errorf("text lacks %q", w)
				}
			}
			for _, j := range c.junk {
				if strings.Contains(a.Text, j) {
					t.Errorf("text keeps %q", j)
				}
			}
			for _, o := range c.once {
				if n := strings.Count(a.Text, o); n != 1 {
					t.Errorf("%q appears %d times, want once", o, n)
				}
			}
			if t.Failed() {
				t.Logf("text:\n%s", a.Text)
			}
		})
	}
}
