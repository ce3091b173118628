// Package demosite serves the bundled demo websites for `archivist demo` on
// loopback: a think tank (sections, RSS feed, sitemap listed in robots.txt)
// and a news aggregator on a second host republishing some of its articles
// with syndication chrome (share rows, view counters, broken bylines). One
// article changes between pass 1 and pass 2. Everything is embedded; no
// network is used.
package demosite

import (
	"crypto/sha1"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

//go:embed site
var files embed.FS

// Article is one think-tank article as configured in site/articles.json.
type Article struct {
	Slug        string   `json:"slug"`
	Title       string   `json:"title"`
	Author      string   `json:"author"`
	Date        string   `json:"date"`
	Section     string   `json:"section"`
	Summary     string   `json:"summary"`
	Topics      []string `json:"topics"`
	Syndicated  string   `json:"syndicated"`  // aggregator path of its copy, "" if none
	Changes     bool     `json:"changes"`     // differs in pass 2
	SitemapOnly bool     `json:"sitemapOnly"` // linked from nowhere; found via the sitemap
}

// Site is the running demo.
type Site struct {
	ThinkTank  string // base URL, e.g. http://127.0.0.2:41234
	Aggregator string
	Articles   []Article

	pass    atomic.Int32
	servers []*http.Server
}

const (
	ttName  = "Sahel Policy Institute"
	aggName = "Africa Daily Wire"
)

// Start serves both sites on loopback (127.0.0.2 and 127.0.0.3 where the
// system allows, else two ports of 127.0.0.1). Pass starts at 1.
func Start() (*Site, error) {
	var arts []Article
	b, err := files.ReadFile("site/articles.json")
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &arts); err != nil {
		return nil, err
	}
	s := &Site{Articles: arts}
	s.pass.Store(1)
	var lns []net.Listener
	for i := 0; i < 2; i++ {
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.%d:0", i+2))
		if err != nil {
			ln, err = net.Listen("tcp", "127.0.0.1:0")
		}
		if err != nil {
			for _, l := range lns {
				l.Close()
			}
			return nil, err
		}
		lns = append(lns, ln)
	}
	s.ThinkTank = "http://" + lns[0].Addr().String()
	s.Aggregator = "http://" + lns[1].Addr().String()
	for i, h := range []http.Handler{http.HandlerFunc(s.thinkTank), http.HandlerFunc(s.aggregator)} {
		srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
		s.servers = append(s.servers, srv)
		go srv.Serve(lns[i])
	}
	return s, nil
}

// SetPass switches the content (1 or 2).
func (s *Site) SetPass(n int) { s.pass.Store(int32(n)) }

// Close stops both servers.
func (s *Site) Close() {
	for _, srv := range s.servers {
		srv.Close()
	}
}

// URL of an article on the think tank.
func (s *Site) URL(a Article) string { return s.ThinkTank + "/" + a.Slug }

// CopyURL of an article's aggregator copy ("" if none).
func (s *Site) CopyURL(a Article) string {
	if a.Syndicated == "" {
		return ""
	}
	return s.Aggregator + "/" + a.Syndicated
}

func (s *Site) body(a Article, pass int32) string {
	name := "site/bodies/" + strings.ReplaceAll(a.Slug, "/", "-")
	if a.Changes && pass >= 2 {
		if b, err := files.ReadFile(name + ".v2.html"); err == nil {
			return string(b)
		}
	}
	b, _ := files.ReadFile(name + ".html")
	return string(b)
}

func (s *Site) modified(a Article) string {
	if a.Changes && s.pass.Load() >= 2 {
		return "2025-03-20"
	}
	return a.Date
}

// write serves content with validators, answering conditional GETs.
func write(w http.ResponseWriter, r *http.Request, ctype, body string) {
	sum := sha1.Sum([]byte(body))
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", ctype)
	fmt.Fprint(w, body)
}

const htmlType = "text/html; charset=utf-8"

func (s *Site) thinkTank(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimPrefix(r.URL.Path, "/")
	switch p {
	case "robots.txt":
		write(w, r, "text/plain", "User-agent: *\nDisallow: /search\n\nSitemap: "+s.ThinkTank+"/sitemap.xml\n")
		return
	case "feed.xml":
		write(w, r, "application/rss+xml; charset=utf-8", s.feed())
		return
	case "sitemap.xml":
		write(w, r, "application/xml; charset=utf-8", s.sitemap())
		return
	case "":
		write(w, r, htmlType, s.ttHub("Analysis for a safer Sahel", "", true))
		return
	case "research/", "commentary/":
		sec := strings.TrimSuffix(p, "/")
		write(w, r, htmlType, s.ttHub(strings.ToUpper(sec[:1])+sec[1:], strings.ToUpper(sec[:1])+sec[1:], false))
		return
	}
	for _, a := range s.Articles {
		if p == a.Slug {
			write(w, r, htmlType, s.ttArticle(a))
			return
		}
	}
	http.NotFound(w, r)
}

func (s *Site) ttHead(title, ogType, canonical, extra string) string {
	return fmt.Sprintf(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>%s | %s</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:site_name" content="%s"><meta property="og:type" content="%s">
<link rel="canonical" href="%s">
<link rel="alternate" type="application/rss+xml" title="%s" href="/feed.xml">
%s</head>
<body>
<header class="site-header"><a class="logo" href="/">%s</a>
<nav><ul><li><a href="/research/">Research</a></li><li><a href="/commentary/">Commentary</a></li><li><a href="/search?q=">Search</a></li></ul></nav></header>
`, html.EscapeString(title), ttName, ttName, ogType, canonical, ttName, extra, ttName)
}

const ttFooter = `<footer class="site-footer"><p>© 2025 Sahel Policy Institute. Independent research on security, governance and development.</p>
<ul><li><a href="/research/">Research</a></li><li><a href="/commentary/">Commentary</a></li><li><a href="/feed.xml">RSS</a></li></ul></footer>
</body></html>
`

func (s *Site) ttHub(title, section string, home bool) string {
	var b strings.Builder
	canon := s.ThinkTank + "/"
	if section != "" {
		canon += strings.ToLower(section) + "/"
	}
	b.WriteString(s.ttHead(title, "website", canon, ""))
	fmt.Fprintf(&b, "<main><h1>%s</h1>\n", html.EscapeString(title))
	for _, a := range s.Articles {
		if a.SitemapOnly || (section != "" && a.Section != section) {
			continue
		}
		fmt.Fprintf(&b, `<article class="teaser"><h2><a href="/%s">%s</a></h2><p class="meta">%s · %s</p><p>%s</p></article>`+"\n",
			a.Slug, html.EscapeString(a.Title), html.EscapeString(a.Author), a.Date, html.EscapeString(a.Summary))
	}
	if home {
		b.WriteString(`<section class="more"><h2>More</h2><ul><li><a href="/research/">All research</a></li><li><a href="/commentary/">All commentary</a></li></ul></section>`)
	}
	b.WriteString("</main>\n")
	b.WriteString(ttFooter)
	return b.String()
}

func (s *Site) ttArticle(a Article) string {
	ld, _ := json.Marshal(map[string]any{
		"@context": "https://schema.org", "@type": "Article", "headline": a.Title,
		"datePublished": a.Date, "dateModified": s.modified(a),
		"author":    map[string]string{"@type": "Person", "name": a.Author},
		"publisher": map[string]string{"@type": "Organization", "name": ttName},
		"keywords":  strings.Join(a.Topics, ", "),
	})
	var b strings.Builder
	b.WriteString(s.ttHead(a.Title, "article", s.URL(a), fmt.Sprintf(`<meta name="description" content="%s">
<meta property="article:published_time" content="%s">
<script type="application/ld+json">%s</script>
`, html.EscapeString(a.Summary), a.Date, ld)))
	fmt.Fprintf(&b, `<main><article class="post">
<p class="kicker"><a href="/%s/">%s</a></p>
<h1>%s</h1>
<p class="byline">By <span class="author">%s</span> · <time datetime="%s">%s</time></p>
<div class="entry-content">
%s</div>
<p class="tags">Topics: `, strings.ToLower(a.Section), a.Section, html.EscapeString(a.Title), html.EscapeString(a.Author), a.Date, a.Date, s.body(a, s.pass.Load()))
	for i, t := range a.Topics {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(html.EscapeString(t))
	}
	b.WriteString("</p></article>\n<aside class=\"related\"><h2>Related</h2><ul>")
	for _, o := range s.Articles {
		if o.Slug != a.Slug && !o.SitemapOnly && o.Section == a.Section {
			fmt.Fprintf(&b, `<li><a href="/%s">%s</a></li>`, o.Slug, html.EscapeString(o.Title))
		}
	}
	b.WriteString("</ul></aside></main>\n")
	b.WriteString(ttFooter)
	return b.String()
}

func (s *Site) feed() string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>%s</title><link>%s/</link><description>Latest analysis</description>
`, ttName, s.ThinkTank)
	for _, a := range s.Articles {
		if a.SitemapOnly {
			continue
		}
		d, _ := time.Parse("2006-01-02", a.Date)
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate><description>%s</description></item>\n",
			html.EscapeString(a.Title), s.URL(a), s.URL(a), d.Add(9*time.Hour).Format(time.RFC1123Z), html.EscapeString(a.Summary))
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}

func (s *Site) sitemap() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
`)
	for _, a := range s.Articles {
		fmt.Fprintf(&b, "<url><loc>%s</loc><lastmod>%s</lastmod></url>\n", s.URL(a), s.modified(a))
	}
	b.WriteString("</urlset>\n")
	return b.String()
}

func (s *Site) aggregator(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimPrefix(r.URL.Path, "/")
	switch p {
	case "robots.txt":
		write(w, r, "text/plain", "User-agent: *\nDisallow: /wp-admin/\n")
		return
	case "", "category/africa/", "category/politics/", "category/business/", "author/admin/":
		write(w, r, htmlType, s.aggHub())
		return
	}
	for _, a := range s.Articles {
		if a.Syndicated != "" && p == a.Syndicated {
			write(w, r, htmlType, s.aggArticle(a))
			return
		}
	}
	http.NotFound(w, r)
}

func aggHead(title, ogType, canonical string) string {
	return fmt.Sprintf(`<!doctype html>
<html lang="en-US"><head><meta charset="UTF-8">
<title>%s - %s</title>
<meta property="og:type" content="%s"><meta property="og:site_name" content="%s">
<link rel="canonical" href="%s">
</head>
<body class="wp-theme-newsline">
<div class="top-bar"><span class="date">Thursday, March 20, 2025</span> <a href="/">Home</a> <a href="/category/africa/">Africa</a> <a href="/category/politics/">Politics</a> <a href="/category/business/">Business</a></div>
<header><div class="site-title"><a href="/">%s</a></div><p class="tagline">All the news from across the continent</p></header>
`, html.EscapeString(title), aggName, ogType, aggName, canonical, aggName)
}

const aggFooter = `<div class="widget popular"><h3>Popular Posts</h3><ul><li><a href="/">Markets rally as central bank holds rates</a></li><li><a href="/">Five things to know this week</a></li></ul></div>
<footer><p>Copyright © 2025 Africa Daily Wire | Powered by Newsline theme</p></footer>
</body></html>
`

func (s *Site) aggHub() string {
	var b strings.Builder
	b.WriteString(aggHead("Latest News", "website", s.Aggregator+"/"))
	b.WriteString("<main><h1>Latest News</h1>\n")
	for _, a := range s.Articles {
		if a.Syndicated == "" {
			continue
		}
		fmt.Fprintf(&b, `<article class="post-teaser"><h2 class="entry-title"><a href="/%s">%s</a></h2><div class="entry-meta">Posted by admin</div><p>%s [&hellip;]</p></article>`+"\n",
			a.Syndicated, html.EscapeString(a.Title), html.EscapeString(a.Summary))
	}
	b.WriteString("</main>\n")
	b.WriteString(aggFooter)
	return b.String()
}

func (s *Site) aggArticle(a Article) string {
	// The copy keeps the first version of the text even after the original
	// changes: aggregators rarely update what they republished.
	body := s.body(a, 1)
	var b strings.Builder
	b.WriteString(aggHead(a.Title, "article", s.CopyURL(a)))
	fmt.Fprintf(&b, `<main><article class="post">
<h1 class="entry-title">%s</h1>
<div class="entry-meta">By <a href="/author/admin/">admin</a> |  | <span class="posted-on">%s</span> | <span class="views">Views: 1</span></div>
<div class="share-row"><span>Click to share the News</span> <a href="#" class="share-facebook">Facebook</a> <a href="#" class="share-twitter">Twitter</a> <a href="#" class="share-whatsapp">WhatsApp</a></div>
<div class="entry-content">
<p><strong>By %s</strong></p>
%s
<p>The post <a href="%s">%s</a> appeared first on <a href="%s/">%s</a>.</p>
<p class="post-views">(Visited 1 times, 1 visits today)</p>
</div>
<div class="share-row"><span>Click to share the News</span> <a href="#">Facebook</a> <a href="#">Twitter</a></div>
</article>
<nav class="post-navigation"><a href="/">&larr; Previous post</a> <a href="/">Next post &rarr;</a></nav>
</main>
`, html.EscapeString(a.Title), a.Date, html.EscapeString(a.Author), body, s.URL(a), html.EscapeString(a.Title), s.ThinkTank, ttName)
	b.WriteString(aggFooter)
	return b.String()
}
