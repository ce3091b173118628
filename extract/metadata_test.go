package extract

import (
	"bytes"
	"maps"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

func extractMeta(t *testing.T, page, pageURL string) *Article {
	t.Helper()
	a, err := FromHTML([]byte(page), pageURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestJSONLDGraph(t *testing.T) {
	page := `<html lang="en"><head>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","@id":"https://think.example/#site","name":"Think Example"},
 {"@type":"Person","@id":"https://think.example/#jane","name":"Jane Doe"},
 {"@type":["NewsArticle"],"headline":"Water Wars in the Sahel","datePublished":"2024-03-05T10:07:00+01:00",
  "dateModified":"2024-03-06","author":[{"@id":"https://think.example/#jane"},{"@type":"Person","name":"John Smith"}],
  "keywords":["Sahel","Water"],"articleSection":"Analysis","image":{"@type":"ImageObject","url":"/img/w.jpg"},
  "publisher":{"@type":"Organization","name":"Think Example"}}]}
</script></head><body><article><h1>Water Wars in the Sahel</h1><p>Body text.</p></article></body></html>`
	a := extractMeta(t, page, "https://think.example/analysis/water-wars")
	if a.Title != "Water Wars in the Sahel" {
		t.Errorf("title %q", a.Title)
	}
	if !slices.Equal(a.Authors, []string{"Jane Doe", "John Smith"}) {
		t.Errorf("authors %q", a.Authors)
	}
	if a.Published != "2024-03-05T10:07:00+01:00" || a.DateSource != DateSourceJSONLD || a.Modified != "2024-03-06" {
		t.Errorf("dates %q (%s) %q", a.Published, a.DateSource, a.Modified)
	}
	if a.SiteName != "Think Example" || a.Language != "en" {
		t.Errorf("site %q lang %q", a.SiteName, a.Language)
	}
	if a.Image != "https://think.example/img/w.jpg" {
		t.Errorf("image %q", a.Image)
	}
	if !slices.Equal(a.Topics, []string{"Sahel", "Water", "Analysis"}) {
		t.Errorf("topics %q", a.Topics)
	}
}

func TestHeadSources(t *testing.T) {
	page := `<html><head>
<meta property="og:locale" content="fr_FR"><meta property="og:site_name" content="Institut Exemple">
<meta name="citation_title" content="La sécurité au Sahel"><meta name="citation_author" content="Dupont, Jean">
<meta name="citation_publication_date" content="2023/11/20"><meta name="description" content="Une analyse.">
<meta property="article:tag" content="Sahel"><meta name="keywords" content="sécurité, Sahel, Mali">
<link rel="canonical" href="/fr/securite-sahel">
<link rel="alternate" hreflang="fr" href="https://institut.example/fr/securite-sahel">
<link rel="alternate" hreflang="en" href="https://institut.example/en/sahel-security">
<link rel="alternate" hreflang="x-default" href="https://institut.example/en/sahel-security">
</head><body><p>Texte.</p><div>More on: <a href="/t/mali">Mali</a> <a href="/t/niger">Niger</a></div></body></html>`
	a := extractMeta(t, page, "https://institut.example/fr/securite-sahel")
	if a.Title != "La sécurité au Sahel" || a.Language != "fr-FR" || a.Description != "Une analyse." {
		t.Errorf("title %q lang %q desc %q", a.Title, a.Language, a.Description)
	}
	// "Dupont, Jean" is one citation_author in "Last, First" form; the
	// comma split yields two parts, which is the documented limitation.
	if len(a.Authors) == 0 {
		t.Errorf("no authors")
	}
	if a.Published != "2023-11-20" || a.DateSource != DateSourceMeta {
		t.Errorf("published %q (%s)", a.Published, a.DateSource)
	}
	if a.CanonicalURL != "https://institut.example/fr/securite-sahel" || a.SourceURL != "" {
		t.Errorf("canonical %q source %q", a.CanonicalURL, a.SourceURL)
	}
	if want := map[string]string{"en": "https://institut.example/en/sahel-security"}; !maps.Equal(a.Translations, want) {
		t.Errorf("translations %v", a.Translations)
	}
	for _, topic := range []string{"Sahel", "sécurité", "Mali", "Niger"} {
		if !slices.Contains(a.Topics, topic) {
			t.Errorf("topics %q lack %q", a.Topics, topic)
		}
	}
}

func TestVisibleBylineAndDate(t *testing.T) {
	page := `<html lang="de"><head><title>Wasser im Sahel – Beispiel</title></head><body>
<nav><span class="author">Menu Person</span></nav>
<main><h1>Wasser im Sahel</h1><p class="byline">Von Erika Musterfrau und Max Muster | 5. März 2024</p>
<p>Text.</p></main><aside class="comments"><span class="comment-author">Troll</span> 1. April 2024</aside></body></html>`
	a := extractMeta(t, page, "https://beispiel.example/wasser")
	if !slices.Equal(a.Authors, []string{"Erika Musterfrau", "Max Muster"}) {
		t.Errorf("authors %q", a.Authors)
	}
	if a.Published != "2024-03-05" || a.DateSource != DateSourceByline {
		t.Errorf("published %q (%s)", a.Published, a.DateSource)
	}
	if a.Title != "Wasser im Sahel" {
		t.Errorf("title %q", a.Title)
	}
}

// TestBylineBoxAroundMetaAuthor: a byline box names the meta author among
// its other words ("Get in touch", a department); the meta's name is the
// author. A byline naming others besides stays the byline.
func TestBylineBoxAroundMetaAuthor(t *testing.T) {
	tests := []struct {
		name, page string
		want       []string
	}{
		{"box words around the meta author",
			`<html><head><meta name="author" content="Jane Doe"></head><body><h1>Skiplagging explained</h1>
<div class="author-box"><span class="author-cta">Get in touch</span> <span class="author-name">Jane Doe</span></div><p>Text.</p></body></html>`, []string{"Jane Doe"}},
		{"a labelled byline listing the meta author and another",
			`<html><head><meta name="author" content="Jane Doe"></head><body><h1>Skiplagging explained</h1>
<p class="byline">By Jane Doe and John Smith</p><p>Text.</p></body></html>`, []string{"Jane Doe", "John Smith"}},
		{"a byline naming another author than the meta",
			`<html><head><meta name="author" content="Site Desk"></head><body><h1>Skiplagging explained</h1>
<p class="byline">By Jane Doe and John Smith</p><p>Text.</p></body></html>`, []string{"Jane Doe", "John Smith"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a := extractMeta(t, tt.page, "https://a.example/story"); !slices.Equal(a.Authors, tt.want) {
				t.Errorf("authors %q, want %q", a.Authors, tt.want)
			}
		})
	}
}

func TestDateSources(t *testing.T) {
	tests := []struct{ name, page, url, want, src string }{
		{"time element", `<html><body><article><h1>A headline here</h1><time datetime="2022-01-28">28. Januar 2022</time><p>x</p></article></body></html>`,
			"https://a.example/x", "2022-01-28", DateSourceTime},
		{"microdata", `<html><body><h1>A headline here</h1><meta itemprop="datePublished" content="2021-06-01"><p>x</p></body></html>`,
			"https://a.example/x", "2021-06-01", DateSourceMicro},
		{"url", `<html><body><h1>A headline here</h1><p>x</p></body></html>`,
			"https://a.example/2019/10/21/story/", "2019-10-21", DateSourceURL},
		{"none", `<html><body><h1>A headline here</h1><p>Founded in 1990.</p></body></html>`,
			"https://a.example/story", "", ""},
		{"a meta of the CMS's own name", `<html><head><meta name="w-published-time" content="2026-03-09T08:45:32Z">
<meta name="w-published-date" content="2021-02-16"><meta name="publisher-date" content="2020-01-01"></head><body><h1>A headline here</h1><p>x</p></body></html>`,
			"https://a.example/story", "2021-02-16", DateSourceMeta},
		{"a script's data as a last resort", `<html><head><script>window.__STATE__={"page":{"publishDate":"2025-05-27","title":"x"}}</script></head><body><h1>A headline here</h1><p>x</p></body></html>`,
			"https://a.example/story", "2025-05-27", DateSourceDocument},
		{"escaped script data", `<html><head><script>var s = "{\"published_at\":\"2019-03-02T06:22:28+01:00\"}";</script></head><body><h1>A headline here</h1><p>x</p></body></html>`,
			"https://a.example/story", "2019-03-02T06:22:28+01:00", DateSourceDocument},
		{"script data loses to the url", `<html><head><script>x={"datePublished":"2025-05-27"}</script></head><body><h1>A headline here</h1><p>x</p></body></html>`,
			"https://a.example/2019/10/21/story/", "2019-10-21", DateSourceURL},
		{"the last modification when nothing else", `<html><head><meta property="article:modified_time" content="2023-06-12"></head><body><h1>A headline here</h1><p>x</p></body></html>`,
			"https://a.example/story", "2023-06-12", DateSourceMeta},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := extractMeta(t, tt.page, tt.url)
			if a.Published != tt.want || a.DateSource != tt.src {
				t.Errorf("published %q (%s), want %q (%s)", a.Published, a.DateSource, tt.want, tt.src)
			}
		})
	}
}

func TestSourceURL(t *testing.T) {
	tests := []struct{ name, page, want string }{
		{"original", `<html><head><link rel="canonical" href="https://agg.example/news/1"></head><body><h1>Story title here</h1><p>Text.</p></body></html>`, ""},
		{"canonical elsewhere", `<html><head><link rel="canonical" href="https://lakesidecenter.example/spotlight/coups/"></head><body><p>Text.</p></body></html>`,
			"https://lakesidecenter.example/spotlight/coups/"},
		{"og:url elsewhere", `<html><head><meta property="og:url" content="https://think.example/a/b"></head><body><p>Text.</p></body></html>`,
			"https://think.example/a/b"},
		{"source line", `<html><body><p>Text.</p><p><em>Source:</em> <a href="https://lakesidecenter.example/spotlight/coups/">Lakeside Center</a></p></body></html>`,
			"https://lakesidecenter.example/spotlight/coups/"},
		{"originally published", `<html><body><p>Text.</p><p>This article was originally published at <a href="https://think.example/2024/03/water">Think</a>.</p></body></html>`,
			"https://think.example/2024/03/water"},
		{"french", `<html><body><p>Texte.</p><p>Cet article a été publié initialement sur <a href="https://institut.example/fr/x">le site</a>.</p></body></html>`,
			"https://institut.example/fr/x"},
		{"source home page only", `<html><body><p>Text.</p><p>Source: <a href="https://reuters.example/">Reuters</a></p></body></html>`, ""},
		{"share links ignored", `<html><body><p>Text.</p><p>Source: <a href="https://twitter.com/intent/tweet?u=x">Tweet</a></p></body></html>`, ""},
		{"same site", `<html><body><p>Text.</p><p>Originally published at <a href="/2020/older-post">our blog</a>.</p></body></html>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := extractMeta(t, tt.page, "https://agg.example/news/1")
			if a.SourceURL != tt.want {
				t.Errorf("source_url %q, want %q", a.SourceURL, tt.want)
			}
		})
	}
}

// An aggregator's head names itself; the copy's visible byline wins.
func TestCrossCheckAggregator(t *testing.T) {
	page := `<html><head><meta name="author" content="Agg News"><meta property="og:site_name" content="Agg News">
<link rel="canonical" href="https://agg.example/news/1"></head><body>
<h1>Why Harbour Strikes Persist</h1><p class="byline">By the Lakeside Center for Maritime Studies</p>
<p>Text of the article.</p>
<p>Source: <a href="https://lakesidecenter.example/spotlight/why-harbour-strikes-persist/">Lakeside Center</a></p></body></html>`
	a := extractMeta(t, page, "https://agg.example/news/1")
	if !slices.Equal(a.Authors, []string{"Lakeside Center for Maritime Studies"}) {
		t.Errorf("authors %q", a.Authors)
	}
	if a.SourceURL != "https://lakesidecenter.example/spotlight/why-harbour-strikes-persist/" {
		t.Errorf("source_url %q", a.SourceURL)
	}
}

func TestHubScore(t *testing.T) {
	hub := readMetadataFrom(t, `<html><head><meta property="og:type" content="website">
<script type="application/ld+json">{"@type":"CollectionPage","name":"Sahel"}</script></head><body></body></html>`, "https://a.example/topics/sahel/")
	art := readMetadataFrom(t, `<html><head><meta property="og:type" content="article"></head><body></body></html>`, "https://a.example/2024/03/05/story")
	if hub.HubScore <= 0 || art.HubScore >= 0 {
		t.Errorf("hub score %d, article score %d", hub.HubScore, art.HubScore)
	}
}

func readMetadataFrom(t *testing.T, page, pageURL string) *metadata {
	t.Helper()
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		t.Fatal(err)
	}
	return readMetadata(goquery.NewDocumentFromNode(root), base)
}

// readMetadata must leave the tree as it found it: the body extraction
// runs on it next.
func TestReadMetadataLeavesDocument(t *testing.T) {
	page := `<html><head><title>T – S</title><script type="application/ld+json">{"@type":"Article","headline":"T"}</script></head>
<body><nav>n</nav><article><h1>T</h1><p class="byline">By <a rel="author" href="/a">Jane Doe</a></p><time datetime="2024-01-02">2 Jan</time>
<p>Text. Source: <a href="https://x.example/a">x</a></p><div>More on: <a href="/t">T</a></div></article></body></html>`
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var before bytes.Buffer
	html.Render(&before, root)
	base, _ := url.Parse("https://s.example/p")
	readMetadata(goquery.NewDocumentFromNode(root), base)
	var after bytes.Buffer
	html.Render(&after, root)
	if before.String() != after.String() {
		t.Error("readMetadata modified the document")
	}
}

func TestReadMetadataNilSafe(t *testing.T) {
	if m := readMetadata(nil, nil); m == nil {
		t.Fatal("nil metadata")
	}
	for _, page := range []string{"", "<", "<html><head><script type=application/ld+json>{{{</script>", "<html><body><time datetime='9999-99-99'>x</time>"} {
		root, _ := html.Parse(strings.NewReader(page))
		readMetadata(goquery.NewDocumentFromNode(root), nil)
	}
}
