package extract_test

import (
	"strings"
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
// that is not UTF-8 comes back with its stray bytes percent-encoded, so
// Article.URL is text like every other field.
func FuzzFromHTMLURL(f *testing.F) {
	for _, u := range []string{
		"", fuzzPageURL, "http://", "https://", "//host/path", "relative/path", "?q=1", "#frag",
		"javascript:alert(1)", "mailto:desk@example.org", "file:///etc/passwd", "data:text/html,<p>x</p>",
		"https://user:pass@example.org:8080/a/b/../c?x=1#y", "https://[::1]:80/x", "https://[fe80::1%25eth0]/",
		"https://例え.jp/パス/記事", "https://xn--r8jz45g.jp/a", "https://example.org/%zz%", "https://example.org/a b",
		"https://example.org:99999999/", "HTTPS://EXAMPLE.ORG/UPPER", "https:///triple",
		"https://example.org/" + string(make([]byte, 300)), "https://example.org/caf\xe9?q=\xff",
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
		checkArticle(t, in, a)
	})
}

// TestFromHTMLURLNotUTF8: a page URL with bytes that are not UTF-8 (a
// Latin-1 path, a raw byte in the query) comes back in Article.URL with
// those bytes percent-encoded, as the archive stores URLs, and its valid
// text (non-ASCII included) as given.
func TestFromHTMLURLNotUTF8(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://example.org/caf\xe9/menu?q=\xfe", "https://example.org/caf%E9/menu?q=%FE"},
		{"https://example.org/né/\xc3", "https://example.org/né/%C3"},
		{"https://example.org/%E9t\xe9", "https://example.org/%E9t%E9"},
		{"https://example.org/été/", "https://example.org/été/"},
	} {
		a, err := extract.FromHTML([]byte(fuzzURLPage), tc.in, nil)
		if err != nil {
			t.Fatalf("%q: %v", tc.in, err)
		}
		if a.URL != tc.want {
			t.Errorf("URL for %q = %q, want %q", tc.in, a.URL, tc.want)
		}
		if !utf8.ValidString(a.Markdown) || strings.Contains(a.Markdown, "\ufffd") {
			t.Errorf("%q: markdown links are not clean text: %q", tc.in, a.Markdown)
		}
	}
}
