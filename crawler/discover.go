package crawler

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageLinks is what one HTML page points to.
type pageLinks struct {
	Links     []string // absolute hrefs of <a>/<area>
	Feeds     []string // <link rel=alternate type=rss/atom>
	Canonical string   // <link rel=canonical>
	NoFollow  bool     // <meta name=robots content=nofollow>
}

// extractLinks tokenises (does not parse) the page: cheaper than a DOM and
// enough for hrefs. base is the URL the body came from.
func extractLinks(body []byte, base *url.URL) pageLinks {
	var pl pageLinks
	z := html.NewTokenizer(bytes.NewReader(body))
	seen := map[string]bool{}
	resolve := func(href string) string {
		href = strings.TrimSpace(href)
		if href == "" || strings.HasPrefix(href, "#") || strings.HasPrefix(strings.ToLower(href), "javascript:") || strings.HasPrefix(strings.ToLower(href), "mailto:") {
			return ""
		}
		r, err := base.Parse(href)
		if err != nil {
			return ""
		}
		r.Fragment = ""
		return r.String()
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return pl
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		if !hasAttr || (a != atom.A && a != atom.Area && a != atom.Link && a != atom.Base && a != atom.Meta) {
			continue
		}
		attrs := map[string]string{}
		for {
			k, v, more := z.TagAttr()
			attrs[string(k)] = string(v)
			if !more {
				break
			}
		}
		switch a {
		case atom.Base:
			if h := attrs["href"]; h != "" {
				if nb, err := base.Parse(h); err == nil {
					base = nb
				}
			}
		case atom.A, atom.Area:
			if strings.Contains(strings.ToLower(attrs["rel"]), "nofollow") {
				continue
			}
			if r := resolve(attrs["href"]); r != "" && !seen[r] {
				seen[r] = true
				pl.Links = append(pl.Links, r)
			}
		case atom.Link:
			rel := strings.ToLower(attrs["rel"])
			switch {
			case hasToken(rel, "canonical"):
				pl.Canonical = resolve(attrs["href"])
			case hasToken(rel, "alternate"):
				t := strings.ToLower(attrs["type"])
				if strings.Contains(t, "rss") || strings.Contains(t, "atom") {
					if r := resolve(attrs["href"]); r != "" {
						pl.Feeds = append(pl.Feeds, r)
					}
				}
			}
		case atom.Meta:
			if strings.EqualFold(attrs["name"], "robots") && strings.Contains(strings.ToLower(attrs["content"]), "nofollow") {
				pl.NoFollow = true
			}
		}
	}
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if f == tok {
			return true
		}
	}
	return false
}

// entry is a URL found in a feed or sitemap, with its date when given.
type entry struct {
	URL  string
	Date time.Time
}

// parseFeed reads RSS/Atom/JSON Feed items.
func parseFeed(body []byte, base *url.URL) ([]entry, error) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	var out []entry
	for _, it := range f.Items {
		if it == nil || it.Link == "" {
			continue
		}
		r, err := base.Parse(strings.TrimSpace(it.Link))
		if err != nil {
			continue
		}
		e := entry{URL: r.String()}
		if it.UpdatedParsed != nil {
			e.Date = *it.UpdatedParsed
		} else if it.PublishedParsed != nil {
			e.Date = *it.PublishedParsed
		}
		out = append(out, e)
	}
	return out, nil
}

// sitemap XML: <urlset> (with optional news:news) or <sitemapindex>.
type smURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
	News    struct {
		Date string `xml:"publication_date"`
	} `xml:"news"`
}

type smDoc struct {
	XMLName  xml.Name
	URLs     []smURL `xml:"url"`
	Sitemaps []smURL `xml:"sitemap"`
}

const maxSitemapBytes = 64 << 20 // uncompressed; the protocol caps at 50 MB

// parseSitemap returns page entries and child sitemaps. Gzip bodies are
// accepted whatever the headers said.
func parseSitemap(body []byte) (pages, children []entry, err error) {
	if len(body) > 2 && body[0] == 0x1f && body[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, nil, err
		}
		body, err = io.ReadAll(io.LimitReader(zr, maxSitemapBytes))
		if err != nil {
			return nil, nil, err
		}
	}
	var doc smDoc
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	if err := dec.Decode(&doc); err != nil {
		// A plain-text sitemap: one URL per line.
		if bytes.HasPrefix(bytes.TrimSpace(body), []byte("http")) {
			for _, l := range strings.Split(string(body), "\n") {
				if l = strings.TrimSpace(l); strings.HasPrefix(l, "http") {
					pages = append(pages, entry{URL: l})
				}
			}
			return pages, nil, nil
		}
		return nil, nil, err
	}
	switch doc.XMLName.Local {
	case "urlset", "sitemapindex":
	default:
		return nil, nil, errors.New("not a sitemap: <" + doc.XMLName.Local + ">")
	}
	for _, u := range doc.URLs {
		if l := strings.TrimSpace(u.Loc); l != "" {
			d := parseW3CDate(u.News.Date)
			if d.IsZero() {
				d = parseW3CDate(u.LastMod)
			}
			pages = append(pages, entry{URL: l, Date: d})
		}
	}
	for _, s := range doc.Sitemaps {
		if l := strings.TrimSpace(s.Loc); l != "" {
			children = append(children, entry{URL: l, Date: parseW3CDate(s.LastMod)})
		}
	}
	return pages, children, nil
}

func parseW3CDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, l := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// looksLikeFeed sniffs feed bodies served with a generic type.
func looksLikeFeed(ct string, body []byte) bool {
	ct = strings.ToLower(ct)
	if strings.Contains(ct, "rss") || strings.Contains(ct, "atom") {
		return true
	}
	head := body
	if len(head) > 512 {
		head = head[:512]
	}
	return bytes.Contains(head, []byte("<rss")) || bytes.Contains(head, []byte("<feed"))
}
