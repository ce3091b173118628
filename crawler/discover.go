package crawler

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"html"

	"github.com/mmcdole/gofeed"
)

// pageLinks is what one HTML page points to.
type pageLinks struct {
	Links     []string // absolute hrefs of <a>/<area>
	Feeds     []string // <link rel=alternate type=rss/atom>
	Canonical string   // <link rel=canonical>
	NoFollow  bool     // <meta name=robots content=nofollow>
}

// extractLinks scans the page for <a>, <area>, <link>, <base> and <meta>
// tags. It is a byte scanner, not a tokenizer: it jumps between '<' with
// IndexByte and skips script, style and comment bodies whole, which keeps it
// a small fraction of extraction's cost on script-heavy pages. base is the
// URL the body came from.
func extractLinks(body []byte, base *url.URL) pageLinks {
	var pl pageLinks
	seen := map[string]bool{}
	rawSeen := map[string]bool{}
	resolve := func(href string) string {
		href = strings.TrimSpace(href)
		lh := strings.ToLower(href)
		if href == "" || strings.HasPrefix(href, "#") || strings.HasPrefix(lh, "javascript:") || strings.HasPrefix(lh, "mailto:") || strings.HasPrefix(lh, "data:") {
			return ""
		}
		r, err := base.Parse(href)
		if err != nil {
			return ""
		}
		r.Fragment, r.RawFragment = "", ""
		return r.String()
	}
	attrs := map[string]string{}
	for i := 0; i < len(body); {
		j := bytes.IndexByte(body[i:], '<')
		if j < 0 {
			break
		}
		i += j + 1
		if bytes.HasPrefix(body[i:], []byte("!--")) {
			k := bytes.Index(body[i+3:], []byte("-->"))
			if k < 0 {
				break
			}
			i += 3 + k + 3
			continue
		}
		n := 0
		for i+n < len(body) && isNameByte(body[i+n]) {
			n++
		}
		if n == 0 || n > 8 {
			continue
		}
		name := strings.ToLower(string(body[i : i+n]))
		i += n
		switch name {
		case "script", "style", "textarea", "template":
			i = skipRaw(body, i, name)
			continue
		case "a", "area", "link", "base", "meta":
		default:
			continue
		}
		clear(attrs)
		i = readAttrs(body, i, attrs)
		switch name {
		case "base":
			if h := attrs["href"]; h != "" {
				if nb, err := base.Parse(h); err == nil {
					base = nb
				}
			}
		case "a", "area":
			if strings.Contains(strings.ToLower(attrs["rel"]), "nofollow") {
				continue
			}
			href := attrs["href"]
			if rawSeen[href] {
				continue // menus repeat the same hrefs many times
			}
			rawSeen[href] = true
			if r := resolve(href); r != "" && !seen[r] {
				seen[r] = true
				pl.Links = append(pl.Links, r)
			}
		case "link":
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
		case "meta":
			if strings.EqualFold(attrs["name"], "robots") && strings.Contains(strings.ToLower(attrs["content"]), "nofollow") {
				pl.NoFollow = true
			}
		}
	}
	return pl
}

func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// skipRaw returns the index after the closing tag of a raw-text element
// (case-insensitive), or len(body) when it is not closed.
func skipRaw(body []byte, i int, name string) int {
	for {
		j := bytes.IndexByte(body[i:], '<')
		if j < 0 {
			return len(body)
		}
		i += j + 1
		if i+1+len(name) <= len(body) && body[i] == '/' && strings.EqualFold(string(body[i+1:i+1+len(name)]), name) {
			return i + 1 + len(name)
		}
	}
}

// readAttrs parses attributes up to the tag's '>' into attrs (names
// lower-cased, values entity-decoded) and returns the index after it.
func readAttrs(body []byte, i int, attrs map[string]string) int {
	for i < len(body) {
		for i < len(body) && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r' || body[i] == '\f' || body[i] == '/') {
			i++
		}
		if i >= len(body) {
			return i
		}
		if body[i] == '>' {
			return i + 1
		}
		k := i
		for i < len(body) && body[i] != '=' && body[i] != '>' && body[i] != ' ' && body[i] != '\t' && body[i] != '\n' && body[i] != '\r' && body[i] != '/' {
			i++
		}
		key := strings.ToLower(string(body[k:i]))
		for i < len(body) && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r') {
			i++
		}
		if i >= len(body) || body[i] != '=' {
			if key != "" {
				attrs[key] = ""
			}
			if i == k {
				i++ // stray byte: never loop without progress
			}
			continue
		}
		i++
		for i < len(body) && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r') {
			i++
		}
		var val []byte
		if i < len(body) && (body[i] == '"' || body[i] == '\'') {
			q := body[i]
			e := bytes.IndexByte(body[i+1:], q)
			if e < 0 {
				return len(body)
			}
			val = body[i+1 : i+1+e]
			i += e + 2
		} else {
			v := i
			for i < len(body) && body[i] != '>' && body[i] != ' ' && body[i] != '\t' && body[i] != '\n' && body[i] != '\r' {
				i++
			}
			val = body[v:i]
		}
		if _, dup := attrs[key]; !dup && key != "" {
			s := string(val)
			if strings.IndexByte(s, '&') >= 0 {
				s = html.UnescapeString(s)
			}
			attrs[key] = s
		}
	}
	return i
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

// parseFeed reads RSS/Atom/JSON Feed items. An RSS or Atom feed cut short
// returns the items before the cut with an error wrapping errFeedCut.
func parseFeed(body []byte, base *url.URL) ([]entry, error) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		if out := feedItemsBeforeCut(body, base); len(out) > 0 {
			return out, fmt.Errorf("%w after %d entries: %v", errFeedCut, len(out), err)
		}
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

// errFeedCut: the feed ends before its last item (see parseFeed).
var errFeedCut = errors.New("feed cut short")

// feedLink is an RSS <link>URL</link> or an Atom <link href="URL"/>.
type feedLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Text string `xml:",chardata"`
}

// feedItemsBeforeCut reads the whole <item>s (RSS) and <entry>s (Atom) of
// a feed the feed parser refused, up to where it breaks: a feed whose
// generator died mid-way still lists its newest items first.
func feedItemsBeforeCut(body []byte, base *url.URL) []entry {
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var out []entry
	for {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		se, ok := tok.(xml.StartElement)
		if !ok || (se.Name.Local != "item" && se.Name.Local != "entry") {
			continue
		}
		var it struct {
			Links     []feedLink `xml:"link"`
			PubDate   string     `xml:"pubDate"`
			Updated   string     `xml:"updated"`
			Published string     `xml:"published"`
		}
		if dec.DecodeElement(&it, &se) != nil {
			return out
		}
		link := ""
		for _, l := range it.Links {
			if t := strings.TrimSpace(l.Text); t != "" {
				link = t
			} else if l.Href != "" && (l.Rel == "" || l.Rel == "alternate") {
				link = strings.TrimSpace(l.Href)
			}
			if link != "" {
				break
			}
		}
		r, err := base.Parse(link)
		if link == "" || err != nil {
			continue
		}
		e := entry{URL: r.String(), Date: parseW3CDate(cmp.Or(it.Updated, it.Published))}
		if t, err := http.ParseTime(strings.TrimSpace(it.PubDate)); err == nil && e.Date.IsZero() {
			e.Date = t
		}
		out = append(out, e)
	}
}

// sitemap XML: <urlset> (with optional news:news) or <sitemapindex>.
type smURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
	News    struct {
		Date string `xml:"publication_date"`
	} `xml:"news"`
}

const maxSitemapBytes = 64 << 20 // uncompressed; the protocol caps at 50 MB

// parseSitemap is parseSitemapLimit with the default bound.
func parseSitemap(body []byte) (pages, children []entry, err error) {
	return parseSitemapLimit(body, 0)
}

// parseSitemapLimit returns page entries and child sitemaps. Gzip bodies are
// accepted whatever the headers said and inflated up to limit bytes
// (<= 0: maxSitemapBytes); a larger sitemap is an error. A sitemap cut short
// (a generator that died mid-way, a gzip stream that ends early) returns
// the entries read before the cut with an error wrapping errSitemapCut.
func parseSitemapLimit(body []byte, limit int) (pages, children []entry, err error) {
	if limit <= 0 || limit > maxSitemapBytes {
		limit = maxSitemapBytes
	}
	var cut error
	if len(body) > 2 && body[0] == 0x1f && body[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, nil, err
		}
		body, err = io.ReadAll(io.LimitReader(zr, int64(limit)+1))
		if err != nil {
			if len(body) == 0 {
				return nil, nil, err
			}
			cut = err
		}
		if len(body) > limit {
			return nil, nil, fmt.Errorf("%w: sitemap inflates beyond %d bytes", ErrBodyTooLarge, limit)
		}
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	// Entry by entry, so that a cut keeps what came before it.
	root := ""
	for {
		tok, err := dec.Token()
		if err != nil {
			if err != io.EOF || root == "" {
				cut = cmp.Or(cut, err)
			}
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root == "" {
			root = se.Name.Local
			if root != "urlset" && root != "sitemapindex" {
				return nil, nil, errors.New("not a sitemap: <" + root + ">")
			}
			continue
		}
		// A child of the root (DecodeElement reads it whole).
		var u smURL
		if err := dec.DecodeElement(&u, &se); err != nil {
			cut = cmp.Or(cut, err)
			break
		}
		l := strings.TrimSpace(u.Loc)
		switch {
		case l == "":
		case se.Name.Local == "url":
			d := parseW3CDate(u.News.Date)
			if d.IsZero() {
				d = parseW3CDate(u.LastMod)
			}
			pages = append(pages, entry{URL: l, Date: d})
		case se.Name.Local == "sitemap":
			children = append(children, entry{URL: l, Date: parseW3CDate(u.LastMod)})
		}
	}
	if root == "" {
		// A plain-text sitemap: one URL per line.
		if bytes.HasPrefix(bytes.TrimSpace(body), []byte("http")) {
			for _, l := range strings.Split(string(body), "\n") {
				if l = strings.TrimSpace(l); strings.HasPrefix(l, "http") {
					pages = append(pages, entry{URL: l})
				}
			}
			return pages, nil, nil
		}
		return nil, nil, cmp.Or(cut, error(io.EOF))
	}
	if cut != nil {
		if len(pages)+len(children) == 0 {
			return nil, nil, cut
		}
		return pages, children, fmt.Errorf("%w after %d entries: %v", errSitemapCut, len(pages)+len(children), cut)
	}
	return pages, children, nil
}

// errSitemapCut: the sitemap ends before its last entry (see
// parseSitemapLimit).
var errSitemapCut = errors.New("sitemap cut short")

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
