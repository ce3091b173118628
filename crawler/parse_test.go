package crawler

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		v    string
		want time.Duration
		ok   bool
	}{{"3", 3 * time.Second, true}, {now.Add(time.Minute).Format(http.TimeFormat), time.Minute, true}, {"soon", 0, false}, {"", 0, false}, {"-1", 0, false}} {
		h := http.Header{}
		h.Set("Retry-After", c.v)
		got, ok := retryAfter(h, now)
		if got != c.want || ok != c.ok {
			t.Errorf("%q: %v %v", c.v, got, ok)
		}
	}
}

func TestParseSitemapRejectsJunk(t *testing.T) {
	for _, in := range []string{"", "<html></html>", "\x1f\x8b garbage", "<urlset><url><loc>"} {
		if _, _, err := parseSitemap([]byte(in)); err == nil && in != "<urlset><url><loc>" {
			t.Errorf("%q: no error", in)
		}
	}
}

func TestExtractLinks(t *testing.T) {
	base, _ := url.Parse("https://x.org/a/b")
	pl := extractLinks([]byte(`<html><head><base href="/c/"><link rel="canonical" href="https://x.org/can"><link rel="alternate" type="application/atom+xml" href="feed.xml"></head>
<body><a href="d">d</a><a href="#top">t</a><a href="javascript:x()">j</a><a rel="nofollow" href="/n">n</a><a href="https://y.org/e#f">e</a><a href="d">dup</a></body></html>`), base)
	if len(pl.Links) != 2 || pl.Links[0] != "https://x.org/c/d" || pl.Links[1] != "https://y.org/e" {
		t.Errorf("links %v", pl.Links)
	}
	if pl.Canonical != "https://x.org/can" || len(pl.Feeds) != 1 || pl.Feeds[0] != "https://x.org/c/feed.xml" {
		t.Errorf("%+v", pl)
	}
}

func FuzzParsers(f *testing.F) {
	f.Add([]byte(`<urlset><url><loc>http://x/</loc></url></urlset>`))
	f.Add([]byte(`<rss><channel><item><link>http://x/</link></item></channel></rss>`))
	f.Add([]byte(`<a href="x">`))
	base, _ := url.Parse("http://x.org/")
	f.Fuzz(func(t *testing.T, b []byte) {
		parseSitemap(b)
		parseFeed(b, base)
		extractLinks(b, base)
	})
}

func TestExtractLinksSkipsScriptsAndDecodesEntities(t *testing.T) {
	base, _ := url.Parse("https://x.org/")
	pl := extractLinks([]byte(`<SCRIPT>var s = "<a href='/inscript'>";</script><!-- <a href="/comment"> --><A HREF="/p?a=1&amp;b=2">x</A><a href=/bare>y</a><meta name="robots" content="noindex, nofollow">`), base)
	if len(pl.Links) != 2 || pl.Links[0] != "https://x.org/p?a=1&b=2" || pl.Links[1] != "https://x.org/bare" || !pl.NoFollow {
		t.Errorf("%+v", pl)
	}
}
