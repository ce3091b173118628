package extract_test

import (
	"testing"
	"unicode/utf8"

	"github.com/archivist-org/archivist/extract"
)

// fuzzURLPage is a WordPress-like article whose links, canonical link,
// og:url, JSON-LD and <base> are all resolved against the page URL.
const fuzzURLPage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<base href="../">
<title>Water and the Sahel – Policy Digest</title>
<link rel="canonical" href="/2024/03/water-sahel/">
<meta property="og:url" content="//cdn.example.net/water">
<script type="application/ld+json">{"@type":"NewsArticle","url":"water-sahel","isBasedOn":"https://origin.example/a b","author":{"name":"Amina Diallo","url":"/author/amina"}}</script>
</head><body><header><nav><a href="/">Home</a> <a href="?page=2">Next</a></nav></header>
<article><h1 class="entry-title">Water and the Sahel</h1>
<p>The rains came late again this year, and the wells in the north ran dry before the herds could move south to the river.</p>
<p>This analysis was originally published by <a href="https://origin.example/analysis/water/">the Origin Centre</a>. <img src="img/map.png" alt="Map"></p>
<p><a href="#fn1">1</a> <a href="javascript:void(0)">share</a> <a href="mailto:desk@example.org">mail</a></p>
</article></body></html>`

// FuzzFromHTMLURL: any page URL (relative, opaque, with a user, an IPv6
// host, bad escapes, another scheme), with any page, gives an article
// meeting checkArticle's invariants or an error, never a panic. A URL
// that is not UTF-8 comes back as given in Article.URL: callers escape
// it first (archive.NormalizeURL does), so only its other fields count.
func FuzzFromHTMLURL(f *testing.F) {
	for _, u := range []string{
		"", fuzzPageURL, "http://", "https://", "//host/path", "relative/path", "?q=1", "#frag",
		"javascript:alert(1)", "mailto:desk@example.org", "file:///etc/passwd", "data:text/html,<p>x</p>",
		"https://user:pass@example.org:8080/a/b/../c?x=1#y", "https://[::1]:80/x", "https://[fe80::1%25eth0]/",
		"https://例え.jp/パス/記事", "https://xn--r8jz45g.jp/a", "https://example.org/%zz%", "https://example.org/a b",
		"https://example.org:99999999/", "HTTPS://EXAMPLE.ORG/UPPER", "https:///triple",
		"https://example.org/" + string(make([]byte, 300)),
	} {
		f.Add([]byte(fuzzURLPage), u)
	}
	f.Fuzz(func(t *testing.T, in []byte, pageURL string) {
		a, err := extract.FromHTML(in, pageURL, nil)
		if err != nil {
			if a != nil {
				t.Fatalf("error %v with a non-nil article", err)
			}
			return
		}
		if !utf8.ValidString(pageURL) {
			a.URL = ""
		}
		checkArticle(t, in, a)
	})
}
