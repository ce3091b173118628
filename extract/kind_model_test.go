package extract

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestReadURLShape(t *testing.T) {
	for _, c := range []struct {
		path, query string
		want        urlShape
	}{
		{"/", "", urlShape{}},
		{"/2024/05/trade-rules-and-investment-in-small-economies/", "",
			urlShape{depth: 3, slugWords: 7, lastLen: 45, datePath: true}},
		{"/news/category/politics", "", urlShape{depth: 3, slugWords: 1, lastLen: 8, listAny: true}},
		{"/blog/page/3", "", urlShape{depth: 3, slugWords: 1, lastLen: 1, lastNum: true, listAny: true, listLast: true}},
		{"/topics", "", urlShape{depth: 1, slugWords: 1, lastLen: 6, listAny: true, listLast: true}},
		{"/story/1234567.html", "", urlShape{depth: 2, slugWords: 1, lastLen: 12, longNum: true, ext: true}},
		{"/shop/shoes", "sort=price&page=2", urlShape{depth: 2, slugWords: 1, lastLen: 5, listAny: true, query: true, listQuery: true}},
		{"/article", "utm_source=x", urlShape{depth: 1, slugWords: 1, lastLen: 7, query: true}},
	} {
		if got := readURLShape(c.path, c.query); got != c.want {
			t.Errorf("%s?%s:\n got %+v\nwant %+v", c.path, c.query, got, c.want)
		}
	}
}

// sampleOf is KindSampleOf's features by name.
func sampleOf(t *testing.T, page, pageURL string) (KindSample, map[string]float64) {
	t.Helper()
	s, err := KindSampleOf([]byte(page), pageURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	names := KindFeatureNames()
	if len(s.Features) != len(names) {
		t.Fatalf("%d features, %d names", len(s.Features), len(names))
	}
	f := map[string]float64{}
	for i, n := range names {
		if math.IsNaN(s.Features[i]) || math.IsInf(s.Features[i], 0) {
			t.Errorf("feature %s = %v", n, s.Features[i])
		}
		f[n] = s.Features[i]
	}
	return s, f
}

func TestKindSampleListingAndArticle(t *testing.T) {
	// A section front of linked teasers with a pager, and an article with
	// long paragraphs: the features read each as it is.
	var b strings.Builder
	b.WriteString(`<html><head><title>Commentary</title><meta property="og:type" content="website"></head><body>` + kindNav + `<main><h1>Commentary</h1>`)
	for i := range 10 {
		fmt.Fprintf(&b, `<div class="teaser"><h3><a href="/commentary/trade-%d">Trade rules, part %d</a></h3><p><time datetime="2025-03-%02d">%d March 2025</time></p><p>%s</p></div>`,
			i, i, i+1, i+1, excerpt(i))
	}
	b.WriteString(`<nav class="pagination"><a rel="next" href="/commentary/page/2">Next page</a></nav></main>` + kindFoot + `</body></html>`)
	hub, hf := sampleOf(t, b.String(), "https://policy.example/category/commentary/")

	b.Reset()
	b.WriteString(`<html><head><title>Trade after the pandemic</title><meta property="og:type" content="article"></head><body>` + kindNav)
	b.WriteString(`<main><div class="story"><h1>Trade after the pandemic</h1>`)
	for _, s := range []string{"trade", "tariff", "supply", "shipping", "policy", "outlook"} {
		b.WriteString(strings.Replace(longProse(s), "</p>", " Officials who spoke to us expect the "+s+
			" question to return at the summit, where ministers will weigh it against the cost of doing nothing.</p>", 1))
	}
	b.WriteString(`</div></main>` + kindFoot + `</body></html>`)
	art, af := sampleOf(t, b.String(), "https://policy.example/2025/03/trade-after-the-pandemic-what-comes-next")

	if hub.RuleKind != KindHub || art.RuleKind != KindArticle {
		t.Errorf("rules: listing %s, article %s", hub.RuleKind, art.RuleKind)
	}
	if hub.Kind != hub.RuleKind || art.Kind != art.RuleKind {
		t.Errorf("the model (off) changed a verdict: %s -> %s, %s -> %s", hub.RuleKind, hub.Kind, art.RuleKind, art.Kind)
	}
	for _, c := range []struct {
		name    string
		hub, ar float64
	}{
		{"hubpath", 1, 0}, {"artpath", 0, 1}, {"datepath", 0, 1}, {"listany", 1, 0},
		{"ogwebsite", 1, 0}, {"ogarticle", 0, 1}, {"pagination", 1, 0},
	} {
		if hf[c.name] != c.hub || af[c.name] != c.ar {
			t.Errorf("%s: listing %v (want %v), article %v (want %v)", c.name, hf[c.name], c.hub, af[c.name], c.ar)
		}
	}
	for _, n := range []string{"cards", "cardgroup", "carddated", "mainteasers", "linkedheads"} {
		if !(hf[n] > af[n]) {
			t.Errorf("%s: listing %v, article %v: want more on the listing", n, hf[n], af[n])
		}
	}
	if af["long"] < math.Log1p(4) || !(af["slugwords"] > hf["slugwords"]) {
		t.Errorf("article: long %v (want 5+ long paragraphs), slug words %v (listing %v)", af["long"], af["slugwords"], hf["slugwords"])
	}
	if hf["rulescore"] != float64(min(12, max(-8, hub.RuleScore))) {
		t.Errorf("rulescore %v, rules scored %d", hf["rulescore"], hub.RuleScore)
	}
}

func TestKindSampleNotHTML(t *testing.T) {
	// No evidence, no panic: an empty page and one of binary junk.
	for _, p := range []string{"", "\x00\x01\x02%PDF-1.4"} {
		if _, err := KindSampleOf([]byte(p), "https://x.example/a", nil); err != nil {
			t.Logf("%q: %v", p, err)
		}
	}
}

func TestOverturn(t *testing.T) {
	page := func() bool { return true }
	notPage := func() bool { return false }
	for _, c := range []struct {
		rule  string
		z     float64
		page  func() bool
		want  string
		about string
	}{
		{KindArticle, 2.9, notPage, KindArticle, "under the hub threshold"},
		{KindArticle, 3, notPage, KindHub, "at the hub threshold"},
		{KindPage, 5, notPage, KindHub, "a page the model is sure is a hub"},
		{KindHub, -1, notPage, KindHub, "at the article threshold"},
		{KindHub, -1.1, notPage, KindArticle, "under the article threshold"},
		{KindHub, -1.1, page, KindPage, "a hub overturned that says it is a page"},
	} {
		if got := overturn(c.rule, c.z, 3, -1, c.page); got != c.want {
			t.Errorf("%s: %s at %v -> %s, want %s", c.about, c.rule, c.z, got, c.want)
		}
	}
	// The thresholds the trainer writes when the model is off are never
	// reached.
	if got := overturn(KindArticle, 1e6, kindModelOff, -kindModelOff, notPage); got != KindArticle {
		t.Errorf("off: %s", got)
	}
}

func TestHubLogitWhy(t *testing.T) {
	// The explanation names the inputs that weigh most, largest first.
	e := kindEvidence{Path: "/category/news/", HubPath: true, OGType: "website", MainTeasers: 20, Cards: 12, CardGroup: 12}
	var why []string
	z := hubLogit(&e, &why)
	if math.IsNaN(z) || len(why) == 0 || len(why) > 5 {
		t.Fatalf("z %v, why %v", z, why)
	}
	abs := func(s string) float64 {
		i := strings.LastIndexAny(s, "+-")
		var v float64
		fmt.Sscan(s[i+1:], &v)
		return v
	}
	if !slices.IsSortedFunc(why, func(a, b string) int {
		switch {
		case abs(a) > abs(b):
			return -1
		case abs(a) < abs(b):
			return 1
		}
		return 0
	}) {
		t.Errorf("why not by weight: %v", why)
	}
}
